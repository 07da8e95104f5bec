"""Intake: work-order rows (../shared/formats/requests.md) checked whole, then grouped
into jobs.

`read_rows` parses CSV or JSON Lines; `validate` checks every row against the
format and the county (a `Locator` answers "where is this account / point") and
either returns every record or raises `IntakeError` naming every bad row — so a
caller can import all or nothing. `dispatch.grouping` then turns records into jobs.

Rows are numbered from 1 for the first record (the CSV header is not counted;
for JSON Lines, the line number).
"""

from __future__ import annotations

import csv
import io
import json
import math
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import PurePosixPath
from typing import Any, Final, Protocol

from dispatch.domain import REQUEST_TYPES, Channel
from dispatch.errors import DataError
from dispatch.privacy import phone_problem
from i18n import N_, Words, _

REQUIRED: Final = ("order_no", "channel", "received_at", "type")
FIELDS: Final = (*REQUIRED, "account_no", "lon", "lat", "description", "reporter", "phone")
MAX_TEXT: Final = 2000
MAX_FILE_BYTES: Final = 5 * 2**20
MAX_ROWS: Final = 50_000
EARLIEST_YEAR: Final = 2000  # a request's time before this is a typo
LATEST_YEAR: Final = 2100


@dataclass(frozen=True, slots=True)
class Place:
    """Where a request is: its transformer district and the point to go to."""

    district_id: str
    grid_id: str
    area_class: str
    lon: float
    lat: float
    transformer: tuple[float, float]  # the district's transformer (where outages are fixed)
    station_id: str = ""
    community_id: str = ""


class Locator(Protocol):
    """Answers where an account or a point is, from the utility's records."""

    def account(self, account_no: str) -> Place | None: ...

    def point(self, lon: float, lat: float) -> Place | None: ...


@dataclass(frozen=True, slots=True)
class Record:
    """One checked request."""

    row: int
    order_no: str
    channel: Channel
    received_at: datetime  # naive UTC
    type: str
    place: Place
    account_no: str | None = None
    description: str | None = None
    reporter: str | None = None
    phone: str | None = None
    member: str | None = None  # the grid member who reported it from their phone


#: A work order's fields as a person names them (the format's names stay the keys).
FIELD_LABELS: Final = Words(
    {
        "order_no": N_("order number"),
        "channel": N_("channel"),
        "received_at": N_("received at"),
        "type": N_("type"),
        "account_no": N_("account number"),
        "lon": N_("longitude"),
        "lat": N_("latitude"),
        "description": N_("description"),
        "reporter": N_("reporter"),
        "phone": N_("contact phone"),
        "line": N_("line"),
        "row": N_("row"),
        "header": N_("header"),
        "file": N_("file"),
    }
)


@dataclass(frozen=True, slots=True)
class RowProblem:
    row: int
    field: str
    what: str

    def __str__(self) -> str:
        return _("row {row}: {field}: {what}").format(
            row=self.row, field=FIELD_LABELS.get(self.field, self.field), what=self.what
        )


class IntakeError(DataError):
    """The file is refused whole; ``problems`` names every bad row."""

    def __init__(self, problems: Sequence[RowProblem], *, source: str = "") -> None:
        self.problems = tuple(problems)
        where = f"{source}: " if source else ""
        shown = "; ".join(str(p) for p in self.problems[:5])
        left = len(self.problems) - 5
        more = _(" (and {n} more)").format(n=left) if left > 0 else ""
        super().__init__(
            where
            + _("refused, nothing imported — {n} problem(s): {shown}").format(
                n=len(self.problems), shown=shown
            )
            + more
        )


# ---- reading ----------------------------------------------------------------------


def read_rows(content: bytes | str, name: str = "") -> list[dict[str, Any]]:
    """Rows of a CSV (with a header) or JSON Lines file; the format is told by the name
    (``.jsonl``/``.json``) or, failing that, by the first character. The name is only
    ever shown, never used as a path (a path-like name is cut to its last part)."""
    name = PurePosixPath(name.replace("\\", "/")).name[:120]
    size = len(content.encode("utf-8") if isinstance(content, str) else content)
    if size > MAX_FILE_BYTES:
        msg = _("{file}: {size} bytes, more than {most}; split it").format(
            file=name or _("file"), size=f"{size:,}", most=f"{MAX_FILE_BYTES:,}"
        )
        raise DataError(msg)
    if isinstance(content, bytes):
        try:
            content = content.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            msg = _("{file}: not UTF-8 text (byte {byte}); save it as UTF-8").format(
                file=name or _("file"), byte=exc.start
            )
            raise DataError(msg) from exc
    text = content.lstrip("\ufeff")
    if not text.strip():
        msg = _("{file}: empty — no work orders in it").format(file=name or _("file"))
        raise DataError(msg)
    lower = name.lower()
    if lower.endswith((".jsonl", ".json", ".ndjson")) or (
        not lower.endswith(".csv") and text.lstrip().startswith("{")
    ):
        return _json_lines(text, name)
    return _csv_rows(text, name)


def _json_lines(text: str, name: str) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    problems = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except json.JSONDecodeError as exc:
            what = _("not valid JSON ({reason})").format(reason=exc.msg)
            problems.append(RowProblem(number, "line", what))
            continue
        except RecursionError:
            problems.append(RowProblem(number, "line", _("nested deeper than any work order")))
            continue
        if not isinstance(value, dict):
            problems.append(RowProblem(number, "line", _("must be a JSON object")))
            continue
        rows.append({"_row": number, **value})
    if problems:
        raise IntakeError(problems, source=name)
    return rows


def _csv_rows(text: str, name: str) -> list[dict[str, Any]]:
    reader = csv.DictReader(io.StringIO(text))
    try:
        return _csv_records(reader, name)
    except csv.Error as exc:
        if "field larger than field limit" in str(exc):
            what = _(
                "a value longer than {n} characters: a quote left open, or the whole file "
                "on one line?"
            ).format(n=f"{csv.field_size_limit():,}")
        else:
            what = _("not readable as CSV ({reason})").format(reason=exc)
        raise IntakeError([RowProblem(reader.line_num, "row", what)], source=name) from exc


def _csv_records(reader: csv.DictReader[str], name: str) -> list[dict[str, Any]]:
    header = [h.strip() for h in reader.fieldnames or []]
    missing = [f for f in REQUIRED if f not in header]
    if "account_no" not in header and not {"lon", "lat"} <= set(header):
        missing.append("account_no (or lon and lat)")
    if missing:
        what = _("missing column(s) {columns}").format(columns=", ".join(missing))
        raise IntakeError([RowProblem(0, "header", what)], source=name)
    rows = []
    for number, raw in enumerate(reader, start=1):
        if None in raw:
            raise IntakeError(
                [RowProblem(number, "row", _("more values than header columns"))], source=name
            )
        rows.append({"_row": number, **{k.strip(): v for k, v in raw.items() if k is not None}})
    return rows


# ---- checking ---------------------------------------------------------------------


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    text = str(value).strip()
    return text or None


def _time(value: str) -> datetime:
    """ISO 8601 with an offset → naive UTC; ValueError names what is wrong. A time before
    ``EARLIEST_YEAR`` is a typo, not a request (and years 1 or 9999 would overflow)."""
    try:
        when = datetime.fromisoformat(value)
    except ValueError:
        msg = _("{value} is not an ISO 8601 time like 2017-07-03T04:12:00+08:00").format(
            value=repr(value)
        )
        raise ValueError(msg) from None
    if when.tzinfo is None:
        msg = _("{value} has no UTC offset; write it like 2017-07-03T04:12:00+08:00").format(
            value=repr(value)
        )
        raise ValueError(msg)
    if not EARLIEST_YEAR <= when.year <= LATEST_YEAR:
        msg = _("{value} is in {year}: a request's time is in {first}–{last}").format(
            value=repr(value), year=when.year, first=EARLIEST_YEAR, last=LATEST_YEAR
        )
        raise ValueError(msg)
    return when.astimezone(UTC).replace(tzinfo=None)


_DASHES = re.compile(r"[\u2010-\u2015\u2212\ufe58\ufe63\uff0d]")


def order_number(text: str) -> str:
    """A channel's order number in the one form duplicates are found by: compatibility
    characters folded (full-width letters and digits, NFD accents; NFKC), invisible
    characters dropped (zero-width spaces, joiners, marks), any dash as ``-``, and
    upper case (order numbers are case-free: ``grid-1`` is ``GRID-1``)."""
    folded = unicodedata.normalize("NFKC", text)
    visible = "".join(c for c in folded if unicodedata.category(c) != "Cf")
    return _DASHES.sub("-", visible).strip().upper()


def _number(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def _where(
    row: Mapping[str, Any], locator: Locator, problems: list[RowProblem], n: int
) -> tuple[Place | None, str | None]:
    account = _text(row.get("account_no"))
    if account is not None:
        place = locator.account(account)
        if place is None:
            what = _("unknown account {account}").format(account=repr(account))
            problems.append(RowProblem(n, "account_no", what))
        return place, account
    lon_text, lat_text = _text(row.get("lon")), _text(row.get("lat"))
    if lon_text is None and lat_text is None:
        what = _("required: an account number, or lon and lat")
        problems.append(RowProblem(n, "account_no", what))
        return None, None
    lon, lat = _number(lon_text), _number(lat_text)
    for name, value, text in (("lon", lon, lon_text), ("lat", lat, lat_text)):
        if value is None:
            what = _("must be a number, got {text}").format(text=repr(text))
            problems.append(RowProblem(n, name, what))
    if lon is None or lat is None:
        return None, None
    place = locator.point(lon, lat)
    if place is None:
        hint = _("; lon and lat look swapped") if locator.point(lat, lon) is not None else ""
        what = _("the point ({lon}, {lat}) is outside the county").format(lon=lon, lat=lat)
        problems.append(RowProblem(n, "lon", what + hint))
    return place, None


def validate(
    rows: Iterable[Mapping[str, Any]],
    locator: Locator,
    *,
    now: datetime | None = None,
    source: str = "",
) -> list[Record]:
    """Every row checked; all records, or `IntakeError` naming every bad row."""
    records: list[Record] = []
    problems: list[RowProblem] = []
    seen: dict[tuple[str, str], int] = {}
    latest = (now or datetime.now(UTC).replace(tzinfo=None)) + timedelta(minutes=10)
    rows = list(rows)
    if not rows:
        raise IntakeError([RowProblem(0, "file", _("no work orders in it"))], source=source)
    if len(rows) > MAX_ROWS:
        raise IntakeError(
            [
                RowProblem(
                    0,
                    "file",
                    _("{n} rows; at most {most} per file").format(
                        n=f"{len(rows):,}", most=f"{MAX_ROWS:,}"
                    ),
                )
            ],
            source=source,
        )
    for k, row in enumerate(rows, start=1):
        n = int(row.get("_row", k))
        before = len(problems)
        values = {f: _text(row.get(f)) for f in FIELDS if f not in {"lon", "lat"}}
        if values["order_no"] is not None:
            values["order_no"] = order_number(values["order_no"]) or None
        for f in REQUIRED:
            if values[f] is None:
                problems.append(RowProblem(n, f, _("required")))
        channel = values["channel"]
        if channel is not None and channel not in {c.value for c in Channel}:
            problems.append(
                RowProblem(
                    n,
                    "channel",
                    _("unknown channel {value}; one of {known}").format(
                        value=repr(channel), known=", ".join(c.value for c in Channel)
                    ),
                )
            )
        kind = values["type"]
        if kind is not None and kind not in REQUEST_TYPES:
            problems.append(
                RowProblem(
                    n,
                    "type",
                    _("unknown type {value}; one of {known}").format(
                        value=repr(kind), known=", ".join(REQUEST_TYPES)
                    ),
                )
            )
        received = None
        if values["received_at"] is not None:
            try:
                received = _time(values["received_at"])
            except ValueError as exc:
                problems.append(RowProblem(n, "received_at", str(exc)))
            else:
                if received > latest:
                    problems.append(RowProblem(n, "received_at", _("is in the future")))
        for f in ("description", "reporter", "order_no"):
            text = values[f]
            if text is not None and len(text) > MAX_TEXT:
                what = _("longer than {n} characters").format(n=MAX_TEXT)
                problems.append(RowProblem(n, f, what))
        phone = values["phone"]
        wrong = None if phone is None else phone_problem(phone)
        if wrong:
            problems.append(RowProblem(n, "phone", wrong))
        place, account = _where(row, locator, problems, n)
        key = (channel or "", values["order_no"] or "")
        if all(key) and key in seen:
            problems.append(
                RowProblem(
                    n,
                    "order_no",
                    _("{order} appears twice in the file (row {row})").format(
                        order=repr(key[1]), row=seen[key]
                    ),
                )
            )
        elif all(key):
            seen[key] = n
        # a missing channel is a problem already (it is required); said again for the type
        if len(problems) > before or place is None or received is None or channel is None:
            continue
        records.append(
            Record(
                row=n,
                order_no=str(values["order_no"]),
                channel=Channel(channel),
                received_at=received,
                type=str(kind),
                place=place,
                account_no=account,
                description=values["description"],
                reporter=values["reporter"],
                phone=phone,
            )
        )
    if problems:
        raise IntakeError(problems, source=source)
    return records
