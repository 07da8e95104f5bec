"""A county's own tables, as its utility exports them: stations, service windows,
transformers, staff, community members and customers from Excel or CSV, with English or
Chinese headers (`formats/onboarding.md`). Every row and field is checked; every
problem is named with its file, row and field, and nothing is taken from a file with
one. Coordinates declared as GCJ-02 or BD-09 (Chinese web maps) become WGS-84 here, at
the edge."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import PurePath
from typing import Final

import numpy as np
import pandas as pd

from dispatch.domain import Specialty
from dispatch.privacy import id_number_problem, phone_problem
from geo.datum import DATUMS, WGS84_DATUM, in_china, to_wgs84
from i18n import _

MAX_BYTES: Final = 50 * 2**20
#: an .xlsx is a zip: what it unpacks to is bounded before any of it is parsed
MAX_UNPACKED: Final = 400 * 2**20
MAX_ROWS: Final = 2_000_000
TEXT_MAX: Final = 200
ROLES: Final = {"leader": ("leader", "网格长"), "staff": ("staff", "网格员", "供电网格员")}
SPECIALTIES: Final = {
    "repair": ("repair", "配电抢修", "抢修"),
    "metering": ("metering", "装表接电"),
    "billing": ("billing", "抄表催费"),
    "connection": ("connection", "业扩报装"),
    "account": ("account", "客户经理"),
}
WINDOW_KINDS: Final = {
    "township": ("township", "乡镇", "乡镇供电服务窗口"),
    "community": ("community", "社区", "社区供电服务窗口"),
    "village": ("village", "村", "行政村", "村级供电服务窗口"),
}
STATION_KINDS: Final = {
    "urban": ("urban", "城区", "客户服务中心"),
    "rural": ("rural", "农村", "供电所"),
}
assert set(SPECIALTIES) == {str(s) for s in Specialty}


@dataclass(frozen=True)
class Column:
    """A column of a table: its key, the headers it is known by, and what it holds
    (``text``, ``count``, ``lon``, ``lat``, ``phone``, ``mobile``, ``id_number``, or a
    choice)."""

    key: str
    names: tuple[str, ...]
    required: bool = True
    kind: str = "text"
    choices: Mapping[str, tuple[str, ...]] | None = None


def _c(key: str, *names: str, required: bool = True, kind: str = "text") -> Column:
    return Column(key, (key, *names), required, kind)


def _choice(key: str, choices: Mapping[str, tuple[str, ...]], *names: str) -> Column:
    return Column(key, (key, *names), True, "choice", choices)


LON = _c("lon", "longitude", "经度", "x", kind="lon")
LAT = _c("lat", "latitude", "纬度", "y", kind="lat")
PHONE = _c("phone", "电话", "联系电话", required=False, kind="phone")
MOBILE = _c("phone", "手机", "手机号", "电话", "联系电话", required=False, kind="mobile")

#: The tables onboarding reads, by name; `formats/onboarding.md` is their documentation.
TABLES: Final[dict[str, tuple[Column, ...]]] = {
    "stations": (
        _c("id", "编号", "供电所编号", "单位编码"),
        _c("name", "名称", "供电所名称", "单位名称"),
        _choice("kind", STATION_KINDS, "类型", "类别"),
        LON,
        LAT,
    ),
    "windows": (
        _c("id", "编号", "窗口编号"),
        _c("name", "名称", "窗口名称"),
        _choice("kind", WINDOW_KINDS, "类型", "级别"),
        LON,
        LAT,
    ),
    "transformers": (
        _c("id", "编号", "台区编号", "台区编码"),
        _c("name", "名称", "台区名称", required=False),
        _c("station_id", "station", "供电所编号", "所属供电所"),
        _c("households", "户数", "用户数", kind="count"),
        LON,
        LAT,
        _c("grid_id", "grid", "网格编号", "所属网格", required=False),
    ),
    "staff": (
        _c("id", "工号", "人员编号", "编号"),
        _c("name", "姓名"),
        _choice("role", ROLES, "角色", "岗位"),
        _choice("specialty", SPECIALTIES, "专业", "专业方向"),
        _c("station_id", "station", "供电所编号", "所属供电所"),
        _c("grid_id", "grid", "网格编号", "所属网格", required=False),
        MOBILE,
    ),
    "members": (
        _c("id", "编号", "人员编号"),
        _c("name", "姓名"),
        _c("community", "社区", "村", "社区（村）", "所属社区"),
        _c("township", "乡镇", "所属乡镇", required=False),
        _c("grid_id", "grid", "网格编号", "所属网格", required=False),
        MOBILE,
    ),
    "customers": (
        _c("account_no", "户号", "用户编号", "客户编号"),
        _c("name", "户名", "用户名称", "客户名称"),
        _c("district_id", "transformer", "台区编号", "所属台区"),
        _c("address", "地址", "用电地址", required=False),
        PHONE,
        _c("id_number", "身份证号", "证件号码", required=False, kind="id_number"),
        _c("lon", "longitude", "经度", required=False, kind="lon"),
        _c("lat", "latitude", "纬度", required=False, kind="lat"),
    ),
}


@dataclass(frozen=True)
class Problem:
    """What is wrong, and where: the file, the row as a spreadsheet numbers it (the
    header is row 1; None for the whole file) and the field (None for the whole row)."""

    file: str
    row: int | None
    field: str | None
    what: str

    def __str__(self) -> str:
        where = self.file
        if self.row is not None:
            where = _("{file}, row {row}").format(file=where, row=self.row)
        if self.field is not None:
            where = f"{where}, {self.field}"
        return f"{where}: {self.what}"


@dataclass
class Table:
    """A table read and checked: its rows under the format's keys (coordinates in
    WGS-84), and every problem found. ``rows`` is empty when there is any."""

    name: str
    file: str
    rows: pd.DataFrame
    problems: list[Problem]


def _header(text: object) -> str:
    return re.sub(r"[\s_（）()]+", "", str(text)).lower()


def _frame(content: bytes, file: str) -> pd.DataFrame:
    suffix = PurePath(file).suffix.lower()
    if suffix == ".csv":
        text = content.decode("utf-8-sig") if _utf8(content) else content.decode("gb18030")
        return pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    if suffix == ".xlsx":
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            unpacked = sum(p.file_size for p in archive.infolist())
        if unpacked > MAX_UNPACKED:
            raise ValueError(
                _("unpacks to {size} MB, more than a county's table needs").format(
                    size=f"{unpacked / 2**20:,.0f}"
                )
            )
        return pd.read_excel(io.BytesIO(content), dtype=str, engine="openpyxl").fillna("")
    raise ValueError(_("neither .csv nor .xlsx"))


def _utf8(content: bytes) -> bool:
    try:
        content.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def read_table(name: str, content: bytes, file: str, datum: str = WGS84_DATUM) -> Table:
    """Read the table ``name`` of `TABLES` from a .csv (UTF-8 or GB 18030) or .xlsx file;
    coordinates in ``datum`` (one of `geo.datum.DATUMS`) are converted to WGS-84."""
    columns = TABLES[name]
    empty = pd.DataFrame(columns=[c.key for c in columns])
    if datum not in DATUMS:
        return Table(name, file, empty, [Problem(file, None, None, _("unknown datum"))])
    if len(content) > MAX_BYTES:
        big = _("{size} MB, more than {most} MB").format(
            size=f"{len(content) / 2**20:,.0f}", most=f"{MAX_BYTES / 2**20:.0f}"
        )
        return Table(name, file, empty, [Problem(file, None, None, big)])
    try:
        frame = _frame(content, file)
    except Exception as exc:  # the readers raise many kinds on a malformed file
        what = _("cannot be read ({reason})").format(reason=f"{type(exc).__name__}: {exc}"[:200])
        return Table(name, file, empty, [Problem(file, None, None, what)])
    if len(frame) > MAX_ROWS:
        many = _("more than {most} rows").format(most=f"{MAX_ROWS:,}")
        return Table(name, file, empty, [Problem(file, None, None, many)])
    return check_frame(name, frame, file, datum)


def check_frame(name: str, frame: pd.DataFrame, file: str, datum: str) -> Table:
    """The rows of ``frame`` (cells as text) under `TABLES` ``name``, checked."""
    columns = TABLES[name]
    by_header = {_header(h): h for h in frame.columns}
    found: dict[str, str] = {}
    problems: list[Problem] = []
    for column in columns:
        header = next(
            (by_header[_header(n)] for n in column.names if _header(n) in by_header), None
        )
        if header is not None:
            found[column.key] = header
        elif column.required:
            heads = " / ".join(column.names)
            problems.append(
                Problem(file, 1, column.key, _("missing column ({names})").format(names=heads))
            )
    if problems:
        return Table(name, file, pd.DataFrame(columns=[c.key for c in columns]), problems)
    out = pd.DataFrame(
        {
            c.key: frame[found[c.key]].astype(str).str.strip() if c.key in found else ""
            for c in columns
        }
    )
    for column in columns:
        problems += _check_column(column, out, file)
    problems += _duplicates(out, columns[0].key, file)
    if not problems:
        problems += _convert(out, file, datum)
    problems.sort(key=lambda p: (p.row or 0, p.field or ""))
    if problems:
        out = out.iloc[0:0]
    return Table(name, file, out.reset_index(drop=True), problems)


def _check_column(column: Column, out: pd.DataFrame, file: str) -> list[Problem]:
    problems = []
    values = out[column.key]
    for k, value in enumerate(values):
        row = k + 2
        if not value:
            if column.required:
                problems.append(Problem(file, row, column.key, _("missing")))
            continue
        what = _cell_problem(column, value)
        if what is None and column.choices is not None:
            out.at[k, column.key] = _choose(column.choices, value)
        elif what is not None:
            problems.append(Problem(file, row, column.key, what))
    if column.kind in ("lon", "lat", "count"):
        numbers = pd.to_numeric(out[column.key].where(out[column.key] != ""), errors="coerce")
        out[column.key] = numbers if column.kind != "count" else numbers.astype("Int64")
    return problems


def _choose(choices: Mapping[str, tuple[str, ...]], value: str) -> str | None:
    text = value.strip().lower()
    return next((key for key, said in choices.items() if text in said), None)


def _cell_problem(column: Column, value: str) -> str | None:
    if column.choices is not None:
        return _choice_problem(column.choices, value)
    if column.kind in ("count", "lon", "lat"):
        return _number_problem(column.kind, value)
    masked = "*" in value  # as an export masks it: left as it is
    if column.kind in ("phone", "mobile") and not masked:
        return phone_problem(value, mobile=column.kind == "mobile")
    if column.kind == "id_number" and not masked:
        return id_number_problem(value)
    if len(value) > TEXT_MAX:
        return _("longer than {most} characters").format(most=TEXT_MAX)
    return None


def _choice_problem(choices: Mapping[str, tuple[str, ...]], value: str) -> str | None:
    if _choose(choices, value) is not None:
        return None
    said = "; ".join(" / ".join(v) for v in choices.values())
    return _("“{value}” is not one of: {choices}").format(value=value, choices=said)


def _number_problem(kind: str, value: str) -> str | None:
    try:
        number = float(value)
    except ValueError:
        return _("“{value}” is not a number").format(value=value)
    if kind == "count":
        whole = number >= 0 and number == int(number)
        return None if whole else _("not a whole number of 0 or more")
    most = 180 if kind == "lon" else 90
    return None if -most <= number <= most else _("outside -{most}…{most}").format(most=most)


def _duplicates(out: pd.DataFrame, key: str, file: str) -> list[Problem]:
    values = out[key]
    seen = values[(values != "") & values.duplicated(keep="first")]
    first = {v: int(k) + 2 for k, v in values[~values.duplicated(keep="first")].items()}
    return [
        Problem(
            file, int(k) + 2, key, _("“{value}” is also on row {row}").format(value=v, row=first[v])
        )
        for k, v in seen.items()
    ]


def _convert(out: pd.DataFrame, file: str, datum: str) -> list[Problem]:
    """Coordinates to WGS-84; a point given in an offset datum must lie in China."""
    if "lon" not in out or datum == WGS84_DATUM:
        return []
    known = out["lon"].notna() & out["lat"].notna()
    lon, lat = out.loc[known, "lon"].to_numpy(float), out.loc[known, "lat"].to_numpy(float)
    outside = ~in_china(lon, lat)
    if outside.any():
        rows: Sequence[int] = [int(k) + 2 for k in np.asarray(out.index[known])[outside]]
        what = _("outside China, where {datum} is not used").format(datum=datum)
        return [Problem(file, row, "lon", what) for row in rows]
    wlon, wlat = to_wgs84(lon, lat, datum)
    out.loc[known, "lon"], out.loc[known, "lat"] = np.round(wlon, 7), np.round(wlat, 7)
    return []
