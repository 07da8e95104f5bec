"""The roster file: members as CSV or Excel rows, read and checked field by field.

Columns: ``name``, ``kind`` (staff or community), ``role`` (leader or staff; community),
``grid``; optional ``id`` (an existing member: the row moves them to ``grid``),
``specialty`` (staff), ``community_id`` (community members), ``phone``. A phone shown
masked (as exports write it) is left as it is. Every problem is reported as
"row N: FIELD: what"; a file with any problem changes nothing.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

import pandas as pd

from dispatch.domain import Specialty
from dispatch.errors import DualGridError
from dispatch.privacy import mask_phone, phone_problem
from dispatch.readable import DASH
from i18n import _

KINDS = {"staff": ("leader", "staff"), "community": ("community",)}
SPECIALTIES = tuple(str(x) for x in Specialty)
NAME_MAX = 64
MAX_BYTES = 2_000_000
#: A county's roster is a few thousand rows; an .xlsx is a zip, and what it unpacks to is
#: bounded before any of it is parsed (a small file can inflate to gigabytes).
MAX_ROWS = 10_000
MAX_UNPACKED = 30_000_000
MAX_PARTS = 200
REQUIRED = ("name", "kind", "role", "grid")
COLUMNS = ("id", *REQUIRED, "specialty", "community_id", "phone")


class RosterError(DualGridError):
    """A roster file that cannot be taken; ``problems`` lists every bad row and field."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        left = len(problems) - 10
        more = _("; … {n} more").format(n=left) if left > 0 else ""
        shown = "; ".join(problems[:10]) + more
        super().__init__(shown)


@dataclass(frozen=True)
class RosterRow:
    row: int  # as a spreadsheet numbers it (the header is row 1)
    id: str | None
    name: str
    kind: str
    role: str
    grid: str
    specialty: str | None
    community_id: str | None
    phone: str | None  # None: none given, or masked (keep what the store has)


def check_member(
    name: str, kind: str, role: str, specialty: str | None, phone: str | None
) -> list[str]:
    """What is wrong with a member's details, each naming the field."""
    problems = []
    if not name.strip() or len(name.strip()) > NAME_MAX:
        problems.append(_("name: 1–{most} characters").format(most=NAME_MAX))
    if kind not in KINDS:
        problems.append(_("kind: staff or community, not {given}").format(given=repr(kind)))
    elif role not in KINDS[kind]:
        problems.append(
            _("role: for {kind}, one of {roles}; not {given}").format(
                kind=kind, roles=", ".join(KINDS[kind]), given=repr(role)
            )
        )
    if kind == "staff" and specialty not in SPECIALTIES:
        known = ", ".join(SPECIALTIES)
        if specialty:
            what = _("specialty: for staff, one of {specialties}; not {given}").format(
                specialties=known, given=repr(specialty)
            )
        else:
            what = _("specialty: for staff, one of {specialties}; missing").format(
                specialties=known
            )
        problems.append(what)
    wrong = phone_problem(phone, mobile=True) if phone else None
    if wrong:
        problems.append(
            _("phone: {what} ({phone})").format(what=wrong, phone=mask_phone(phone) or DASH)
        )
    return problems


def _cell(value: object) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    return str(value).strip()


def _check_xlsx(content: bytes) -> None:
    """An .xlsx whose parts unpack to a roster's size, told from the zip's directory alone."""
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        parts = archive.infolist()
    unpacked = sum(p.file_size for p in parts)
    if len(parts) > MAX_PARTS or unpacked > MAX_UNPACKED:
        msg = _(
            "file: unpacks to {size} MB in {parts} parts, more than a roster needs "
            "({most} MB): nothing was read"
        ).format(
            size=f"{unpacked / 1e6:,.0f}",
            parts=f"{len(parts):,}",
            most=f"{MAX_UNPACKED / 1e6:.0f}",
        )
        raise RosterError([msg])


def read_roster(content: bytes, filename: str) -> list[RosterRow]:
    """Rows of a .csv (UTF-8) or .xlsx roster file, or RosterError with every problem."""
    if len(content) > MAX_BYTES:
        raise RosterError(
            [
                _("file: {size} bytes, more than {most}").format(
                    size=f"{len(content):,}", most=f"{MAX_BYTES:,}"
                )
            ]
        )
    lower = filename.lower()
    try:
        if lower.endswith(".csv"):
            frame = pd.read_csv(
                io.BytesIO(content), dtype=str, keep_default_na=False, nrows=MAX_ROWS + 1
            )
        elif lower.endswith(".xlsx"):
            _check_xlsx(content)
            frame = pd.read_excel(
                io.BytesIO(content), dtype=str, engine="openpyxl", nrows=MAX_ROWS + 1
            )
        else:
            raise RosterError(
                [_("file: {name} is neither .csv nor .xlsx").format(name=repr(filename))]
            )
    except RosterError:
        raise
    except Exception as exc:  # the readers raise many kinds on a malformed file (XML, zip)
        what = f"{type(exc).__name__}: {str(exc)[:200]}"
        msg = _("file: cannot be read as {format} ({reason})").format(
            format=lower.rsplit(".", 1)[-1], reason=what
        )
        raise RosterError([msg]) from exc
    if len(frame) > MAX_ROWS:
        msg = _("file: more than {most} rows; a roster is split by station").format(
            most=f"{MAX_ROWS:,}"
        )
        raise RosterError([msg])
    frame.columns = [str(c).strip().lower() for c in frame.columns]
    missing = [c for c in REQUIRED if c not in frame.columns]
    if missing:
        msg = _("header: missing column(s) {columns}").format(columns=", ".join(missing))
        raise RosterError([msg])
    if frame.empty:
        raise RosterError([_("file: no rows")])
    rows: list[RosterRow] = []
    problems: list[str] = []
    for k, record in enumerate(frame.to_dict("records"), start=2):
        get = {c: _cell(record.get(c)) for c in COLUMNS}
        phone = get["phone"] or None
        masked = phone is not None and "*" in phone
        specialty = get["specialty"] or None
        found = check_member(
            get["name"], get["kind"], get["role"], specialty, None if masked else phone
        )
        if not get["grid"]:
            found.append(_("grid: missing"))
        if get["kind"] == "community" and not get["community_id"]:
            found.append(_("community_id: a community member needs their community"))
        problems.extend(_("row {row}: {what}").format(row=k, what=p) for p in found)
        rows.append(
            RosterRow(
                k,
                get["id"] or None,
                get["name"],
                get["kind"],
                get["role"],
                get["grid"],
                specialty if get["kind"] == "staff" else None,
                get["community_id"] or None,
                None if masked else phone,
            )
        )
    if problems:
        raise RosterError(problems)
    return rows
