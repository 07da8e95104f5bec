"""Road networks from OpenStreetMap: a local .osm extract (offline) or a place name
(online, cached). All network and file access for OSM lives here.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import networkx as nx
import osmnx as ox

from geo.errors import DataError, NetworkUnavailableError
from geo.osm_read import OsmReport, read_drivable
from geo.settings import FALLBACK_SPEED_KPH, HIGHWAY_SPEEDS_KPH, offline


def main_part(graph: nx.MultiDiGraph) -> tuple[nx.MultiDiGraph, list[tuple[int, float]]]:
    """The largest connected piece of a road graph, and the (nodes, metres) of each other
    piece, largest first."""
    pieces = sorted(nx.weakly_connected_components(graph), key=len, reverse=True)
    if len(pieces) <= 1:
        return graph, []
    left = []
    for piece in pieces[1:]:
        metres = sum(
            float(d.get("length", 0.0)) for _, _, d in graph.subgraph(piece).edges(data=True)
        )
        left.append((len(piece), metres))
    return graph.subgraph(pieces[0]).copy(), left


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


def read_osm(path: Path, work_dir: Path) -> tuple[nx.MultiDiGraph, OsmReport]:
    """The drivable, simplified main network of a local OSM file (no internet), and
    what was cut or left out on the way."""
    work_dir.mkdir(parents=True, exist_ok=True)
    filtered = work_dir / f"{path.name}.drive.osm"
    try:
        read = read_drivable(path, filtered)
        graph = ox.graph_from_xml(filtered, bidirectional=False, simplify=True, retain_all=True)
        if graph.number_of_nodes() == 0:  # a lone ring has no junction to keep: keep its nodes
            graph = ox.graph_from_xml(
                filtered, bidirectional=False, simplify=False, retain_all=True
            )
    except ValueError as exc:  # osmnx: "Found no graph nodes within the requested polygon"...
        msg = f"{path.name}: no usable road network ({exc})"
        raise DataError(msg) from exc
    finally:
        filtered.unlink(missing_ok=True)
    graph, left = main_part(graph)
    report = OsmReport(read.ways, read.nodes, read.clipped_ways, read.missing_nodes, left)
    return with_speeds(graph), report


def graph_from_osm_xml(path: Path, work_dir: Path) -> nx.MultiDiGraph:
    """The drivable, simplified main network of a local OSM file (no internet)."""
    return read_osm(path, work_dir)[0]


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
