"""`RoadNetwork`: travel times, routes and closures over an osmnx road graph.

Points are (lon, lat) in WGS-84. Each point is **snapped to the nearest road
node** (a KD-tree over projected node coordinates); the short leg between the
point and its node is driven at `ACCESS_SPEED_KPH` and added to the time, and
two points on the same node are that leg apart. A point further than
`geo.settings.max_snap_m` from every road is unreachable (`far_points` says how far).
Distances are measured in the network's own metric CRS (`NetworkData.crs`).
Between nodes, times are the fastest path over the edges' ``travel_time``, by a
contraction hierarchy (`geo.routing`). ``inf`` means no road connects.

`without(areas)` is a view of the same network with every road segment that
touches the areas closed: it shares the arrays, only re-weights the router, and
treats points inside the areas as cut off.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from typing import Any, cast

import networkx as nx
import numpy as np
import shapely
from numpy.typing import NDArray
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import connected_components
from scipy.spatial import cKDTree

from geo.errors import DataError
from geo.network_data import NetworkData, cache_dir_for, load_cached, save_cache
from geo.osm_read import OsmReport
from geo.projection import geometry_to_metric, to_metric_xy
from geo.routing import CCHRouter, DijkstraRouter, Router, cch_available
from geo.settings import ACCESS_SPEED_KPH, max_snap_m, network_cache_dir

Points = Sequence[tuple[float, float]] | NDArray[np.float64]


@dataclass(frozen=True)
class Route:
    """The fastest path between two points, to draw on a map."""

    geometry: shapely.LineString  # WGS-84, from the origin's node to the destination's
    seconds: float
    length_m: float


def _points(points: Points, what: str) -> NDArray[np.float64]:
    array = np.asarray(points, dtype=float)
    if array.size == 0:
        return np.empty((0, 2))
    if array.ndim != 2 or array.shape[1] != 2:
        msg = f"{what}: expected (lon, lat) pairs, got an array of shape {array.shape}"
        raise DataError(msg)
    if not np.isfinite(array).all():
        msg = f"{what}: coordinates must be finite numbers"
        raise DataError(msg)
    return array


def _variant() -> str:
    """The settings an OSM file's cached read depends on."""
    from geo.settings import service_roads

    return "service" if service_roads() else "no-service"


@dataclass(frozen=True, eq=False)
class RoadNetwork:
    """One road network (or a view of it with roads closed)."""

    data: NetworkData
    router: Router
    closed: NDArray[np.bool_] = field(repr=False)
    areas: shapely.Geometry | None = None  # closed areas, in data.crs
    source: str = ""
    report: OsmReport | None = None  # what reading an OSM file cut or left out

    # ---- construction -------------------------------------------------------------

    @classmethod
    def from_graph(
        cls, graph: nx.MultiDiGraph, *, source: str = "", cache: Path | None = None
    ) -> RoadNetwork:
        """From an osmnx MultiDiGraph (speeds and travel times filled in if missing)."""
        from geo.osm import with_speeds

        data = NetworkData.from_graph(with_speeds(graph))
        return cls._with_router(data, source=source, cache=cache)

    @classmethod
    def _with_router(cls, data: NetworkData, *, source: str, cache: Path | None) -> RoadNetwork:
        if cch_available():
            router: Router = CCHRouter.build(
                data.tail, data.head, data.lon, data.lat, data.seconds, cache=cache
            )
        else:
            router = DijkstraRouter(data.tail, data.head, data.seconds, data.node_count)
        return cls(data, router, np.zeros(data.edge_count, dtype=bool), None, source)

    @classmethod
    def from_graphml(cls, path: str | Path, *, cache_dir: Path | None = None) -> RoadNetwork:
        """An osmnx GraphML file (the demo county's, or one a user saved). The parsed
        arrays and the hierarchy's node order are cached beside it, so the second load
        skips GraphML parsing (seconds) entirely."""
        path = Path(path)
        if not path.exists():
            msg = f"no such GraphML file: {path}"
            raise DataError(msg)
        cache = cache_dir_for(path, cache_dir)
        data = load_cached(cache)
        if data is None:
            import osmnx as ox

            try:
                graph = ox.load_graphml(path)
            except Exception as exc:
                msg = f"{path.name} is not a readable osmnx GraphML file: {exc}"
                raise DataError(msg) from exc
            from geo.osm import with_speeds

            data = NetworkData.from_graph(with_speeds(graph))
            save_cache(cache, data)
        return cls._with_router(data, source=str(path), cache=cache and cache / "cch")

    @classmethod
    def from_osm_xml(cls, path: str | Path, *, cache_dir: Path | None = None) -> RoadNetwork:
        """A local OSM file (``.osm.pbf``, ``.osm``, ``.osm.gz``, ``.osm.bz2``), fully
        offline: drivable ways only (cut at the extract's edge), the main connected
        network, simplified by osmnx, saved as GraphML next to the cache so the next load
        is fast. `report` says what was cut or left out."""
        from geo.graphml import write_graphml
        from geo.osm import read_osm

        path = Path(path)
        if not path.exists():
            msg = f"no such OSM file: {path}"
            raise DataError(msg)
        cache = cache_dir_for(path, cache_dir, variant=_variant())
        graphml = (cache or path.parent) / f"{path.name}.graphml"
        saved = (cache or path.parent) / f"{path.name}.report.json"
        if cache is not None and graphml.exists():
            loaded = cls.from_graphml(graphml, cache_dir=cache)
            return replace(loaded, source=str(path), report=OsmReport.load(saved))
        graph, report = read_osm(path, cache or path.parent)
        if cache is None:
            return replace(cls.from_graph(graph, source=str(path)), report=report)
        write_graphml(graph, graphml)
        report.save(saved)
        loaded = cls.from_graphml(graphml, cache_dir=cache)
        return replace(loaded, source=str(path), report=report)

    @staticmethod
    def graphml_of(path: str | Path, *, cache_dir: Path | None = None) -> Path | None:
        """The GraphML a road file was read into (`from_file`), or None when the read
        kept none (no writable cache): the file itself for GraphML."""
        from geo.osm_read import osm_format

        path = Path(path)
        if osm_format(path) is None or path.name.lower().endswith(".graphml"):
            return path
        cache = cache_dir_for(path, cache_dir, variant=_variant())
        saved = cache / f"{path.name}.graphml" if cache is not None else None
        return saved if saved is not None and saved.exists() else None

    @classmethod
    def from_file(cls, path: str | Path, *, cache_dir: Path | None = None) -> RoadNetwork:
        """Any road file DualGrid reads: an OSM file by its name (`geo.osm_read.SUFFIXES`),
        else osmnx GraphML."""
        from geo.osm_read import osm_format

        path = Path(path)
        if osm_format(path) is not None and not path.name.lower().endswith(".graphml"):
            return cls.from_osm_xml(path, cache_dir=cache_dir)
        return cls.from_graphml(path, cache_dir=cache_dir)

    @classmethod
    def from_place(cls, name: str, *, cache_dir: Path | None = None) -> RoadNetwork:
        """A named place from OpenStreetMap (online once, then cached as GraphML in
        ``cache_dir``, default ``$DUALGRID_CACHE`` or ``~/.cache/dualgrid``). Offline with
        no cached copy it raises `NetworkUnavailableError` saying so."""
        from geo.osm import graph_from_place

        cache_dir = cache_dir or network_cache_dir()
        _, graphml = graph_from_place(name, cache_dir)
        return cls.from_graphml(graphml, cache_dir=cache_dir)

    # ---- points -------------------------------------------------------------------

    @cached_property
    def _open_nodes(self) -> NDArray[np.int64]:
        if not self.closed.any():
            return np.arange(self.data.node_count)
        open_edges = ~self.closed
        used = np.zeros(self.data.node_count, dtype=bool)
        used[self.data.tail[open_edges]] = True
        used[self.data.head[open_edges]] = True
        return np.flatnonzero(used)

    @cached_property
    def _tree(self) -> cKDTree:
        nodes = self._open_nodes
        return cKDTree(np.column_stack((self.data.x[nodes], self.data.y[nodes])))

    def snap(self, points: Points) -> tuple[NDArray[np.int64], NDArray[np.float64]]:
        """Nearest usable road node of each point, and the straight distance to it (m)."""
        lonlat = _points(points, "points")
        if len(lonlat) == 0:
            return np.empty(0, dtype=np.int64), np.empty(0)
        x, y = to_metric_xy(lonlat[:, 0], lonlat[:, 1], self.data.crs)
        distance, k = self._tree.query(np.column_stack((x, y)))
        return self._open_nodes[k], distance

    def far_points(self, points: Points) -> list[tuple[int, float]]:
        """(index, metres to the nearest road) of each point beyond the snap limit
        (`geo.settings.max_snap_m`): these are unreachable."""
        _, distance = self.snap(points)
        limit = max_snap_m()
        return [(int(k), float(distance[k])) for k in np.flatnonzero(distance > limit)]

    def _inside_areas(self, lonlat: NDArray[np.float64]) -> NDArray[np.bool_]:
        if self.areas is None or len(lonlat) == 0:
            return np.zeros(len(lonlat), dtype=bool)
        x, y = to_metric_xy(lonlat[:, 0], lonlat[:, 1], self.data.crs)
        inside: NDArray[np.bool_] = shapely.contains_xy(self.areas, x, y)
        return inside

    # ---- travel times and routes --------------------------------------------------

    def travel_times(self, origins: Points, destinations: Points) -> NDArray[np.float64]:
        """Seconds from each origin to each destination; ``inf`` where no road connects."""
        a, b = _points(origins, "origins"), _points(destinations, "destinations")
        out = np.full((len(a), len(b)), np.inf)
        if len(a) == 0 or len(b) == 0:
            return out
        na, da = self.snap(a)
        nb, db = self.snap(b)
        access = ACCESS_SPEED_KPH / 3.6
        ua, ia = np.unique(na, return_inverse=True)
        ub, ib = np.unique(nb, return_inverse=True)
        core = self.router.matrix(ua, ub)[np.ix_(ia, ib)]
        out = core + (da / access)[:, None] + (db / access)[None, :]
        same = na[:, None] == nb[None, :]
        if same.any():
            ax, ay = to_metric_xy(a[:, 0], a[:, 1], self.data.crs)
            bx, by = to_metric_xy(b[:, 0], b[:, 1], self.data.crs)
            direct = np.hypot(ax[:, None] - bx[None, :], ay[:, None] - by[None, :]) / access
            out = np.where(same, np.minimum(out, direct), out)
        limit = max_snap_m()
        out[self._inside_areas(a) | (da > limit), :] = np.inf
        out[:, self._inside_areas(b) | (db > limit)] = np.inf
        return out

    def route(self, origin: tuple[float, float], destination: tuple[float, float]) -> Route:
        """The fastest path as a line (through the road shapes) with its seconds and
        metres; an empty line and ``inf`` seconds when no road connects."""
        ends = _points([origin, destination], "origin and destination")
        (n0, n1), (d0, d1) = self.snap(ends)
        if self._inside_areas(ends).any() or max(d0, d1) > max_snap_m():
            return Route(shapely.LineString(), float("inf"), float("inf"))
        seconds, edges = self.router.path(int(n0), int(n1))
        if not np.isfinite(seconds):
            return Route(shapely.LineString(), float("inf"), float("inf"))
        coords = self.data.path_coordinates(edges, start_node=int(n0))
        access = ACCESS_SPEED_KPH / 3.6
        length = float(self.data.length_m[edges].sum()) if edges else 0.0
        return Route(
            shapely.LineString(coords) if len(coords) > 1 else shapely.LineString(),
            seconds + (d0 + d1) / access,
            length,
        )

    # ---- closures -----------------------------------------------------------------

    def without(self, areas: shapely.Geometry | Sequence[shapely.Geometry]) -> RoadNetwork:
        """A view with every road segment that intersects the areas (WGS-84 polygons)
        closed, on top of what this view already closes. Shares the arrays; only the
        router's weights change."""
        parts = list(areas) if isinstance(areas, Sequence) else [areas]
        invalid = [k for k, g in enumerate(parts) if not shapely.is_valid(g)]
        if invalid:
            msg = f"closure area {invalid[0]} is not a valid polygon: repair it first"
            raise DataError(msg)
        metric = shapely.union_all([geometry_to_metric(g, self.data.crs) for g in parts])
        hit = self.data.edges_intersecting(metric)
        closed = self.closed.copy()
        closed[hit] = True
        seconds = np.where(closed, np.inf, self.data.seconds)
        union = metric if self.areas is None else shapely.union(self.areas, metric)
        return RoadNetwork(
            self.data, self.router.with_weights(seconds), closed, union, self.source, self.report
        )

    @property
    def closed_edges(self) -> NDArray[np.int64]:
        """Indices of the closed road segments (for drawing: `data.edge_lines`)."""
        return np.flatnonzero(self.closed)

    @cached_property
    def _labels(self) -> NDArray[np.int32]:
        """Each node's strongly connected part of the open roads (SciPy's int32 labels)."""
        open_ = ~self.closed
        n = self.data.node_count
        graph = csr_matrix(
            (np.ones(int(open_.sum())), (self.data.tail[open_], self.data.head[open_])),
            shape=(n, n),
        )
        labels: NDArray[np.int32]
        _, labels = connected_components(graph, directed=True, connection="strong")
        return labels

    @cached_property
    def _main_part(self) -> NDArray[np.bool_]:
        """Nodes in the largest strongly connected part of the open roads."""
        labels = self._labels
        main = np.bincount(labels[self._open_nodes]).argmax()
        in_main: NDArray[np.bool_] = labels == main
        return in_main

    def parts(self, points: Points) -> NDArray[np.signedinteger[Any]]:
        """For each point, the part of the open roads it can drive around in (points in
        the same part reach each other both ways); -1 inside a closed area or beyond the snap
        limit."""
        lonlat = _points(points, "points")
        if len(lonlat) == 0:
            return np.empty(0, dtype=np.int64)
        nodes, distance = self.snap(lonlat)
        cut = self._inside_areas(lonlat) | (distance > max_snap_m())
        return np.where(cut, -1, self._labels[nodes])

    def reachable_from(self, points: Points) -> NDArray[np.bool_]:
        """For each point: can it still drive to, and be reached from, the main part of
        the network? False means cut off (inside a closed area, on roads the closures have
        isolated, or further than the snap limit from every road)."""
        lonlat = _points(points, "points")
        nodes, distance = self.snap(lonlat)
        far = distance > max_snap_m()
        return self._main_part[nodes] & ~self._inside_areas(lonlat) & ~far

    def reaches(self, origins: Points, targets: Points) -> NDArray[np.bool_]:
        """For each target: can at least one origin drive to it?"""
        # numpy's stubs allow a scalar here; over axis 0 of a 2-D array it is an array
        return cast(NDArray[np.bool_], np.isfinite(self.travel_times(origins, targets)).any(axis=0))
