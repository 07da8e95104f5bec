"""Onboarding, first half: a folder of the files a county's utility has
(`formats/onboarding.md`) read and checked whole — every file, every row, and how the
files agree with each other — into one `Checked` county with its summary and every
problem, before anything is written anywhere.

Files are found by name (English or Chinese, any accepted suffix); an optional
``onboarding.json`` declares per file the datum (``"GCJ-02"`` / ``"BD-09"``) or, for a
boundary file without one, the coordinate system."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

import geopandas as gpd
import numpy as np
import pandas as pd

from dispatch.onboard_tables import Problem, read_table
from geo.boundaries import SUFFIXES as AREA_SUFFIXES
from geo.boundaries import read_boundaries
from geo.datum import DATUMS, WGS84_DATUM, datum_of
from geo.districts import voronoi_districts
from geo.errors import DataError
from geo.network import RoadNetwork
from geo.osm_read import SUFFIXES as ROAD_SUFFIXES
from geo.projection import metric_crs_of_bounds
from geo.settings import network_cache_dir
from i18n import _

DECLARED: Final = "onboarding.json"
#: the files of a county folder by what they hold, and the names (stems) they may have
NAMES: Final[dict[str, tuple[str, ...]]] = {
    "roads": ("roads", "道路", "路网"),
    "county": ("county", "县界", "县域"),
    "townships": ("townships", "乡镇"),
    "communities": ("communities", "社区", "村社区"),
    "districts": ("districts", "台区"),
    "transformers": ("transformers", "变压器", "配变"),
    "stations": ("stations", "供电所"),
    "windows": ("windows", "服务窗口", "供电服务窗口"),
    "staff": ("staff", "人员", "员工", "网格员工"),
    "members": ("members", "社区网格员"),
    "customers": ("customers", "客户", "用户"),
}
REQUIRED: Final = ("roads", "county", "townships", "stations", "staff")
AREAS: Final = ("county", "townships", "communities", "districts")
TABLE_SUFFIXES: Final = (".xlsx", ".csv")
#: a point further than this outside the county boundary is a typing or datum mistake
OUTSIDE_M: Final = 1_000.0
_SUFFIXES: Final[dict[str, tuple[str, ...]]] = {
    "roads": (*(suffix for suffix, _fmt in ROAD_SUFFIXES), ".graphml"),
    **dict.fromkeys(AREAS, AREA_SUFFIXES),
}


@dataclass
class Checked:
    """A county folder read and checked: its layers (WGS-84), tables, roads, what was
    found wrong (``problems``: nothing may be written while there is one) and what was
    done or left out that the user should know (``notes``)."""

    folder: Path
    files: dict[str, Path] = field(default_factory=dict)
    layers: dict[str, gpd.GeoDataFrame] = field(default_factory=dict)
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    roads: RoadNetwork | None = None
    declared: dict[str, str] = field(default_factory=dict)  # file → datum or CRS
    cache_dir: Path | None = None  # where the roads' parsed copy was kept
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def counts(self) -> dict[str, int]:
        """How many of each thing were read (the summary shown before loading)."""
        out = {name: len(frame) for name, frame in {**self.layers, **self.tables}.items()}
        if "districts" in self.layers:
            out["households"] = int(self.layers["districts"]["households"].sum())
        if self.roads is not None:
            out["road_nodes"] = self.roads.data.node_count
            out["road_edges"] = self.roads.data.edge_count
        return out


def find_files(folder: Path) -> dict[str, Path]:
    """The county's files in ``folder``, by what they hold (the first of each kind)."""
    found: dict[str, Path] = {}
    for path in sorted(folder.iterdir()):
        name = path.name.lower()
        for kind, stems in NAMES.items():
            suffixes = _SUFFIXES.get(kind, TABLE_SUFFIXES)
            if kind not in found and any(name == s + x for s in stems for x in suffixes):
                found[kind] = path
    return found


def _declared(folder: Path) -> tuple[dict[str, Any], list[str]]:
    path = folder / DECLARED
    if not path.exists():
        return {}, []
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError) as exc:
        return {}, [f"{DECLARED}: " + _("cannot be read ({reason})").format(reason=exc)]
    if not isinstance(data, dict):
        return {}, [f"{DECLARED}: " + _("not a JSON object")]
    bounds = data.get("grid_households")
    if bounds is not None and not (
        isinstance(bounds, list)
        and len(bounds) == 2
        and all(isinstance(b, int) and not isinstance(b, bool) for b in bounds)
        and 0 < bounds[0] < bounds[1]
    ):
        said = _("grid_households: two whole numbers, the minimum below the maximum, e.g. {e}")
        return data, [f"{DECLARED}: " + said.format(e="[12000, 15000]")]
    return data, []


def check_folder(folder: Path, *, cache_dir: Path | None = None) -> Checked:
    """Read and check every file of a county folder; nothing is written there (the
    roads' parsed copy goes to ``cache_dir``, by default the network cache)."""
    checked = Checked(folder, find_files(folder), cache_dir=cache_dir or network_cache_dir())
    declared, checked.problems = _declared(folder)
    datums = declared.get("datum", {}) if isinstance(declared.get("datum"), dict) else {}
    crss = declared.get("crs", {}) if isinstance(declared.get("crs"), dict) else {}
    for kind in REQUIRED:
        if kind not in checked.files:
            names = " / ".join(f"{s}.*" for s in NAMES[kind])
            checked.problems.append(_("missing file: {names}").format(names=names))
    if "districts" not in checked.files and "transformers" not in checked.files:
        checked.problems.append(
            _("missing file: districts (polygons) or transformers (points with households)")
        )
    for kind, path in checked.files.items():
        label = datums.get(path.name, WGS84_DATUM)
        datum = datum_of(str(label))
        if datum is None:
            checked.problems.append(
                f"{DECLARED}: {path.name}: "
                + _("unknown datum {label}: one of {datums}").format(
                    label=label, datums=", ".join(DATUMS)
                )
            )
            continue
        if datum != WGS84_DATUM:
            checked.declared[path.name] = datum
        if kind == "roads":
            _roads(checked, path, checked.cache_dir)
        elif kind in AREAS:
            crs = crss.get(path.name)
            if crs:
                checked.declared[path.name] = str(crs)
            read = read_boundaries(path, crs=crs, datum=datum)
            checked.problems += read.problems
            if not read.problems:
                checked.layers[kind] = read.frame
        else:
            table = read_table(kind, path.read_bytes(), path.name, datum)
            checked.problems += [str(p) for p in table.problems]
            if not table.problems:
                checked.tables[kind] = table.rows
    if checked.ok:
        _agree(checked)
    return checked


def _roads(checked: Checked, path: Path, cache_dir: Path | None) -> None:
    try:
        roads = RoadNetwork.from_file(path, cache_dir=cache_dir)
    except DataError as exc:
        checked.problems.append(f"{path.name}: {exc}")
        return
    checked.roads = roads
    if roads.report is not None:
        checked.notes += [f"{path.name}: {line}" for line in roads.report.lines()]


def _agree(checked: Checked) -> None:
    """How the files agree: ids referred to exist, points lie in the county, districts
    exist (made from the transformers when there are no polygons)."""
    tables, problems = checked.tables, checked.problems
    townships = checked.layers["townships"]
    if "id" not in townships:
        named = "name" in townships
        townships["id"] = townships["name"] if named else [f"T{k + 1:02d}" for k in townships.index]
    if "name" not in townships:
        townships["name"] = townships["id"]
    stations = set(tables["stations"]["id"])
    for kind in ("transformers", "staff"):
        if kind in tables:
            problems += _refers(tables[kind], checked.files[kind].name, "station_id", stations)
    for kind in ("stations", "windows", "transformers"):
        if kind in tables:
            problems += _inside(tables[kind], checked.files[kind].name, checked.layers["county"])
    if "districts" not in checked.layers and not problems:
        _districts_from_points(checked)
    if "districts" in checked.layers and "customers" in tables:
        ids = set(checked.layers["districts"]["id"].astype(str))
        problems += _refers(
            tables["customers"], checked.files["customers"].name, "district_id", ids
        )


def _refers(frame: pd.DataFrame, file: str, key: str, known: set[str]) -> list[str]:
    return [
        str(Problem(file, k + 2, key, _("“{value}” is not in the county's list").format(value=v)))
        for k, v in enumerate(frame[key])
        if v and v not in known
    ]


def _inside(frame: pd.DataFrame, file: str, county: gpd.GeoDataFrame) -> list[str]:
    """Points further than `OUTSIDE_M` outside the county: a wrong datum or a typing slip."""
    known = frame["lon"].notna() & frame["lat"].notna()
    if not known.any():
        return []
    crs = metric_crs_of_bounds(tuple(county.total_bounds))
    shape = county.to_crs(crs).union_all()
    points = gpd.GeoSeries(
        gpd.points_from_xy(frame.loc[known, "lon"], frame.loc[known, "lat"]), crs=4326
    ).to_crs(crs)
    far = points.distance(shape).to_numpy()
    rows = np.asarray(frame.index[known])
    return [
        str(
            Problem(
                file,
                int(row) + 2,
                "lon",
                _("{km} km outside the county boundary: is the datum right?").format(
                    km=f"{metres / 1000:.1f}"
                ),
            )
        )
        for row, metres in zip(rows, far, strict=True)
        if metres > OUTSIDE_M
    ]


def _districts_from_points(checked: Checked) -> None:
    points = checked.tables["transformers"]
    frame = gpd.GeoDataFrame(
        points, geometry=gpd.points_from_xy(points["lon"], points["lat"]), crs=4326
    )
    made = voronoi_districts(frame, checked.layers["townships"])
    file = checked.files["transformers"].name
    checked.problems += [f"{file}: {p}" for p in made.problems]
    checked.notes += [f"{file}: {n}" for n in made.notes]
    if made.problems:
        return
    checked.layers["districts"] = made.frame
    checked.notes.append(
        _(
            "{n} transformer districts made from transformer points "
            "(Voronoi cells in their township)"
        ).format(n=f"{len(made.frame):,}")
    )
