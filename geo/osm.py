"""Road networks from OpenStreetMap: a local .osm extract (offline) or a place name
(online, cached). All network and file access for OSM lives here.
"""

from __future__ import annotations

import hashlib
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Final

import networkx as nx
import osmnx as ox

from geo.errors import DataError, NetworkUnavailableError
from geo.settings import FALLBACK_SPEED_KPH, HIGHWAY_SPEEDS_KPH, offline

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


def _is_drivable(tags: dict[str, str]) -> bool:
    return (
        tags.get("highway") in DRIVABLE
        and tags.get("area") != "yes"
        and tags.get("access") not in _NO_ACCESS
        and tags.get("motor_vehicle") not in _NO_ACCESS
        and tags.get("motorcar") not in _NO_ACCESS
    )


def filter_drivable(source: Path, target: Path) -> tuple[int, int]:
    """Copy only the drivable ways of an .osm file, and the nodes they use.

    osmnx's XML reader keeps every way (footpaths, buildings, rivers) in memory;
    filtering first, in two streaming passes, keeps memory flat and the graph
    clean. Returns the numbers of ways and nodes kept.
    """
    try:
        wanted: set[str] = set()
        ways: list[bytes] = []
        for _, element in ET.iterparse(source, events=("end",)):
            if element.tag == "way":
                tags = {t.get("k"): t.get("v") for t in element.iter("tag")}
                if _is_drivable(tags):
                    wanted.update(nd.get("ref") for nd in element.iter("nd"))
                    ways.append(ET.tostring(element))
                element.clear()
            elif element.tag in ("node", "relation"):
                element.clear()
        nodes: list[bytes] = []
        for _, element in ET.iterparse(source, events=("end",)):
            if element.tag == "node":
                if element.get("id") in wanted:
                    nodes.append(ET.tostring(element))
                element.clear()
    except ET.ParseError as exc:
        msg = f"{source.name} is not a readable OSM XML file: {exc}"
        raise DataError(msg) from exc
    if not ways:
        msg = f"{source.name} holds no drivable roads (ways tagged highway=primary, residential…)"
        raise DataError(msg)
    with target.open("wb") as out:
        out.write(
            b"<?xml version='1.0' encoding='UTF-8'?>\n"
            b'<osm version="0.6" generator="dualgrid">\n'
        )
        out.writelines(nodes)
        out.writelines(ways)
        out.write(b"</osm>\n")
    return len(ways), len(nodes)


def with_speeds(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """Fill speeds (km/h) and travel times (s) from highway classes where missing.

    osmnx's own functions: ``maxspeed`` where the data has it, else the class
    defaults of `geo.settings.HIGHWAY_SPEEDS_KPH`, else the fallback.
    """
    missing = any("travel_time" not in d for _, _, d in graph.edges(data=True))
    if missing:
        graph = ox.routing.add_edge_speeds(
            graph, hwy_speeds=HIGHWAY_SPEEDS_KPH, fallback=FALLBACK_SPEED_KPH
        )
        graph = ox.routing.add_edge_travel_times(graph)
    return graph


def graph_from_osm_xml(path: Path, work_dir: Path) -> nx.MultiDiGraph:
    """The drivable, simplified network of a local .osm extract (no internet)."""
    if not path.exists():
        msg = f"no such OSM file: {path}"
        raise DataError(msg)
    work_dir.mkdir(parents=True, exist_ok=True)
    filtered = work_dir / f"{path.stem}.drive.osm"
    filter_drivable(path, filtered)
    try:
        graph = ox.graph_from_xml(filtered, bidirectional=False, simplify=True)
        if graph.number_of_nodes() == 0:  # a lone ring has no junction to keep: keep its nodes
            graph = ox.graph_from_xml(filtered, bidirectional=False, simplify=False)
    except ValueError as exc:  # osmnx: "Found no graph nodes within the requested polygon"...
        msg = f"{path.name}: no usable road network ({exc})"
        raise DataError(msg) from exc
    finally:
        filtered.unlink(missing_ok=True)
    return with_speeds(graph)


def place_slug(name: str) -> str:
    """A file-safe name for a place query, with a short hash to keep it unique."""
    base = re.sub(r"[^0-9A-Za-z]+", "-", name).strip("-").lower()[:40] or "place"
    return f"{base}-{hashlib.sha1(name.encode()).hexdigest()[:8]}"


def graph_from_place(name: str, cache_dir: Path) -> tuple[nx.MultiDiGraph, Path]:
    """The drivable network of a named place from OpenStreetMap, downloaded once and
    cached as GraphML; offline, a cached copy is used or a clear error raised."""
    cached = cache_dir / f"{place_slug(name)}.graphml"
    if cached.exists():
        return ox.load_graphml(cached), cached
    if offline():
        msg = (
            f"no cached road network for {name!r} and DUALGRID_OFFLINE is set; use a local "
            ".osm extract (RoadNetwork.from_osm_xml) instead"
        )
        raise NetworkUnavailableError(msg)
    try:
        graph = ox.graph_from_place(name, network_type="drive")
    except Exception as exc:
        msg = (
            f"could not download the road network for {name!r} from OpenStreetMap "
            f"({type(exc).__name__}: {exc}). Working offline? Use a local .osm extract "
            "with RoadNetwork.from_osm_xml, or a saved GraphML file."
        )
        raise NetworkUnavailableError(msg) from exc
    graph = with_speeds(graph)
    cache_dir.mkdir(parents=True, exist_ok=True)
    ox.save_graphml(graph, cached)
    return graph, cached
