"""Drivable roads out of any OpenStreetMap file pyosmium reads (``.osm.pbf``, ``.osm``,
``.osm.xml``, ``.osm.gz``, ``.osm.bz2``), into a clean OSM XML file osmnx can build a
graph from.

An extract cut by a bounding box (the usual download) has ways that name nodes outside
it. osmnx refuses those ("possibly due to input data clipping"); here each such way is
cut at its missing nodes and its pieces kept, and the number of ways cut is reported —
never joined across the gap, which would draw a road that is not there.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Final
from xml.sax.saxutils import quoteattr

import osmium

from geo.errors import DataError
from geo.settings import service_roads

#: OSM highway values a car may drive on (osmnx's "drive" network, in short).
DRIVABLE: Final = frozenset(
    {
        "motorway",
        "motorway_link",
        "trunk",
        "trunk_link",
        "primary",
        "primary_link",
        "secondary",
        "secondary_link",
        "tertiary",
        "tertiary_link",
        "unclassified",
        "residential",
        "living_street",
        "road",
    }
)
_NO_ACCESS: Final = frozenset({"no", "private"})
#: ``service=*`` values left out even when service roads are kept (osmnx's drive filter).
_NOT_A_ROAD: Final = frozenset(
    {"alley", "driveway", "emergency_access", "parking", "parking_aisle", "private"}
)

#: File names pyosmium reads, longest first, with the format libosmium calls them.
SUFFIXES: Final = (
    (".osm.pbf", "pbf"),
    (".osm.bz2", "osm.bz2"),
    (".osm.gz", "osm.gz"),
    (".osm.xml", "osm"),
    (".pbf", "pbf"),
    (".osm", "osm"),
    (".xml", "osm"),
)
#: Ids for the pieces of a cut way: above every OSM way id, so none is taken twice.
_PIECE_IDS: Final = 10**15


def osm_format(path: Path) -> str | None:
    """The format libosmium reads a file name as, or None when it is no OSM file."""
    name = path.name.lower()
    for suffix, fmt in SUFFIXES:
        if name.endswith(suffix):
            return fmt
    return None


def is_drivable(tags: dict[str, str]) -> bool:
    highway = tags.get("highway")
    if highway == "service":
        keep = service_roads() and tags.get("service") not in _NOT_A_ROAD
    else:
        keep = highway in DRIVABLE
    return (
        keep
        and tags.get("area") != "yes"
        and tags.get("access") not in _NO_ACCESS
        and tags.get("motor_vehicle") not in _NO_ACCESS
        and tags.get("motorcar") not in _NO_ACCESS
    )


@dataclass(frozen=True)
class RoadsRead:
    """What was read: the drivable ways and nodes kept, and the ways cut at the edge."""

    ways: int
    nodes: int
    clipped_ways: int  # drivable ways that named nodes the file does not hold
    missing_nodes: int  # how many such node references


def _objects(path: Path, fmt: str, entity: osmium.osm.osm_entity_bits) -> Iterator[object]:
    try:
        yield from osmium.FileProcessor(osmium.io.File(str(path), fmt), entity)
    except RuntimeError as exc:  # libosmium: open failed, XML/PBF parsing error
        msg = f"{path.name} is not a readable OpenStreetMap file: {exc}"
        raise DataError(msg) from exc


def _pieces(refs: list[int], found: dict[int, tuple[float, float]]) -> list[list[int]]:
    """The runs of a way's nodes that the file holds, each of two nodes or more."""
    runs: list[list[int]] = [[]]
    for ref in refs:
        if ref in found:
            runs[-1].append(ref)
        elif runs[-1]:
            runs.append([])
    return [run for run in runs if len(run) >= 2]


def read_drivable(source: Path, target: Path) -> RoadsRead:
    """Write the drivable ways of an OSM file, and the nodes they use, to ``target``
    (OSM XML); ways cut by the extract's edge are kept in pieces. Two streaming passes
    (ways, then their nodes) keep memory to the roads."""
    if not source.exists():
        msg = f"no such OSM file: {source}"
        raise DataError(msg)
    fmt = osm_format(source)
    if fmt is None:
        msg = f"{source.name}: not an OSM file name (.osm.pbf, .osm, .osm.gz, .osm.bz2)"
        raise DataError(msg)
    ways: list[tuple[int, list[int], dict[str, str]]] = []
    wanted: set[int] = set()
    for way in _objects(source, fmt, osmium.osm.WAY):
        tags = {t.k: t.v for t in way.tags}  # type: ignore[attr-defined]
        if is_drivable(tags):
            refs = [n.ref for n in way.nodes]  # type: ignore[attr-defined]
            ways.append((way.id, refs, tags))  # type: ignore[attr-defined]
            wanted.update(refs)
    if not ways:
        msg = f"{source.name} holds no drivable roads (ways tagged highway=primary, residential…)"
        raise DataError(msg)
    found: dict[int, tuple[float, float]] = {}
    for node in _objects(source, fmt, osmium.osm.NODE):
        if node.id in wanted and node.location.valid():  # type: ignore[attr-defined]
            found[node.id] = (node.location.lon, node.location.lat)  # type: ignore[attr-defined]
    clipped = missing = 0
    pieces: list[tuple[int, list[int], dict[str, str]]] = []
    next_id = _PIECE_IDS
    for way_id, refs, tags in ways:
        absent = sum(1 for r in refs if r not in found)
        if absent == 0:
            pieces.append((way_id, refs, tags))
            continue
        clipped += 1
        missing += absent
        for k, run in enumerate(_pieces(refs, found)):
            if k == 0:
                pieces.append((way_id, run, tags))
            else:
                next_id += 1
                pieces.append((next_id, run, tags))
    used = sorted({r for _, run, _ in pieces for r in run})
    if not pieces:
        msg = f"{source.name}: none of its roads' nodes are in the file"
        raise DataError(msg)
    with target.open("w", encoding="utf-8") as out:
        out.write("<?xml version='1.0' encoding='UTF-8'?>\n")
        out.write('<osm version="0.6" generator="dualgrid">\n')
        for ref in used:
            lon, lat = found[ref]
            out.write(f'<node id="{ref}" lat="{lat:.7f}" lon="{lon:.7f}"/>\n')
        for way_id, run, tags in pieces:
            out.write(f'<way id="{way_id}">')
            out.writelines(f'<nd ref="{r}"/>' for r in run)
            out.writelines(f"<tag k={quoteattr(k)} v={quoteattr(v)}/>" for k, v in tags.items())
            out.write("</way>\n")
        out.write("</osm>\n")
    return RoadsRead(len(pieces), len(used), clipped, missing)


@dataclass(frozen=True)
class OsmReport:
    """What reading an OSM file kept and left out, to say to whoever loaded it."""

    ways: int
    nodes: int
    clipped_ways: int = 0  # ways cut at nodes outside the extract
    missing_nodes: int = 0
    #: pieces of road not connected to the main network, left out: (nodes, metres)
    pieces_left_out: list[tuple[int, float]] = field(default_factory=list)

    def lines(self) -> list[str]:
        """The report in words (English: it is for the log and the command line)."""
        out = [f"{self.ways:,} drivable ways, {self.nodes:,} nodes read"]
        if self.clipped_ways:
            out.append(
                f"{self.clipped_ways:,} ways cut at the extract's edge "
                f"({self.missing_nodes:,} nodes outside it); their pieces inside are kept"
            )
        if self.pieces_left_out:
            sizes = ", ".join(f"{n} nodes / {m / 1000:.1f} km" for n, m in self.pieces_left_out)
            out.append(
                f"{len(self.pieces_left_out)} piece(s) not connected to the main network "
                f"left out: {sizes}"
            )
        return out

    def save(self, path: Path) -> None:
        path.write_text(json.dumps(asdict(self)), encoding="utf-8")

    @classmethod
    def load(cls, path: Path) -> OsmReport | None:
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
            raw["pieces_left_out"] = [(int(n), float(m)) for n, m in raw["pieces_left_out"]]
            return cls(**raw)
        except (OSError, ValueError, KeyError, TypeError):
            return None
