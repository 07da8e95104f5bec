"""The arrays behind a `RoadNetwork`: nodes, directed edges, their shapes; and the
on-disk cache that lets a network load without parsing GraphML again."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import networkx as nx
import numpy as np
import shapely
from numpy.typing import NDArray

from geo.errors import DataError
from geo.projection import metric_crs_for, to_metric_xy

CACHE_VERSION = "2"  # 2: the metric CRS from the data; OSM files cut at their edge
_NPZ = "network.npz"


@dataclass(frozen=True, eq=False)
class NetworkData:
    """Nodes and directed edges as arrays; edge shapes flattened with offsets."""

    node_id: NDArray[np.int64]
    lon: NDArray[np.float64]
    lat: NDArray[np.float64]
    tail: NDArray[np.int64]
    head: NDArray[np.int64]
    seconds: NDArray[np.float64]
    length_m: NDArray[np.float64]
    highway: NDArray[np.str_]
    shape_offsets: NDArray[np.int64]  # edge k's shape is shape_lonlat[offsets[k]:offsets[k+1]]
    shape_lonlat: NDArray[np.float64]

    @property
    def node_count(self) -> int:
        return len(self.node_id)

    @property
    def edge_count(self) -> int:
        return len(self.tail)

    @cached_property
    def crs(self) -> str:
        """The metric CRS its snaps, closures and straight legs are measured in: the UTM
        zone of the network's centre (or ``$DUALGRID_METRIC_CRS``)."""
        return metric_crs_for(self.lon, self.lat)

    @cached_property
    def _metric_xy(self) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
        return to_metric_xy(self.lon, self.lat, self.crs)

    @property
    def x(self) -> NDArray[np.float64]:
        return self._metric_xy[0]

    @property
    def y(self) -> NDArray[np.float64]:
        return self._metric_xy[1]

    @classmethod
    def from_graph(cls, graph: nx.MultiDiGraph) -> NetworkData:
        """Arrays from an osmnx graph whose edges carry ``travel_time`` and ``length``."""
        if graph.number_of_nodes() == 0:
            msg = "the road network has no nodes"
            raise DataError(msg)
        node_id = np.fromiter(graph.nodes, dtype=np.int64, count=graph.number_of_nodes())
        index = {n: i for i, n in enumerate(node_id.tolist())}
        lon = np.array([graph.nodes[n]["x"] for n in node_id.tolist()], dtype=float)
        lat = np.array([graph.nodes[n]["y"] for n in node_id.tolist()], dtype=float)
        tail, head, seconds, length, highway, shapes = [], [], [], [], [], []
        for u, v, data in graph.edges(data=True):
            if "travel_time" not in data:
                msg = f"edge {u}->{v} has no travel_time"
                raise DataError(msg)
            tail.append(index[u])
            head.append(index[v])
            seconds.append(float(data["travel_time"]))
            length.append(float(data.get("length", 0.0)))
            kind = data.get("highway", "")
            highway.append(kind[0] if isinstance(kind, list) else str(kind))
            geometry = data.get("geometry")
            if isinstance(geometry, shapely.LineString):
                shapes.append(np.asarray(geometry.coords)[:, :2])
            else:
                shapes.append(
                    np.array([[lon[index[u]], lat[index[u]]], [lon[index[v]], lat[index[v]]]])
                )
        sizes = np.array([len(s) for s in shapes], dtype=np.int64)
        return cls(
            node_id=node_id,
            lon=lon,
            lat=lat,
            tail=np.array(tail, dtype=np.int64),
            head=np.array(head, dtype=np.int64),
            seconds=np.array(seconds),
            length_m=np.array(length),
            highway=np.array(highway, dtype=str),
            shape_offsets=np.concatenate(([0], np.cumsum(sizes))),
            shape_lonlat=np.vstack(shapes),
        )

    def edge_coordinates(self, edge: int) -> NDArray[np.float64]:
        return self.shape_lonlat[self.shape_offsets[edge] : self.shape_offsets[edge + 1]]

    def path_coordinates(self, edges: list[int], *, start_node: int) -> NDArray[np.float64]:
        """(lon, lat) along a chain of edges, joints not repeated."""
        if not edges:
            return np.array([[self.lon[start_node], self.lat[start_node]]])
        parts = [self.edge_coordinates(edges[0])]
        parts.extend(self.edge_coordinates(e)[1:] for e in edges[1:])
        return np.vstack(parts)

    def edge_lines(self, edges: NDArray[np.int64] | None = None) -> NDArray[np.object_]:
        """Edge shapes as WGS-84 LineStrings (all edges, or the given ones)."""
        chosen = np.arange(self.edge_count) if edges is None else np.asarray(edges)
        return np.array(
            [shapely.LineString(self.edge_coordinates(int(e))) for e in chosen], dtype=object
        )

    @cached_property
    def _edge_tree(self) -> tuple[shapely.STRtree, NDArray[np.object_]]:
        x, y = to_metric_xy(self.shape_lonlat[:, 0], self.shape_lonlat[:, 1], self.crs)
        index = np.repeat(np.arange(self.edge_count), np.diff(self.shape_offsets))
        lines = shapely.linestrings(np.column_stack((x, y)), indices=index)
        return shapely.STRtree(lines), lines

    def edges_intersecting(self, area_metric: shapely.Geometry) -> NDArray[np.int64]:
        """Edges whose shape touches the area (in `crs`)."""
        tree, _ = self._edge_tree
        if area_metric.is_empty:
            return np.empty(0, dtype=np.int64)
        shapely.prepare(area_metric)
        return np.sort(tree.query(area_metric, predicate="intersects")).astype(np.int64)

    def save(self, path: Path) -> None:
        np.savez(path, **{name: getattr(self, name) for name in self.__dataclass_fields__})

    @classmethod
    def load(cls, path: Path) -> NetworkData:
        with np.load(path, allow_pickle=False) as npz:
            return cls(**{name: npz[name] for name in cls.__dataclass_fields__})


def cache_dir_for(source: Path, cache_dir: Path | None, *, variant: str = "") -> Path | None:
    """Where the cache of a source file lives: keyed by its path, size and modification
    time (and the settings it was read with, ``variant``), so an edited file is parsed
    again. None when no writable place exists."""
    stat = source.stat()
    key = hashlib.sha1(
        f"{source.resolve()}|{stat.st_size}|{stat.st_mtime_ns}|{CACHE_VERSION}|{variant}".encode()
    ).hexdigest()[:12]
    root = cache_dir or source.parent / ".dualgrid-cache"
    folder = root / f"{source.name.split('.')[0]}-{key}"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return folder


def load_cached(cache: Path | None) -> NetworkData | None:
    if cache is None or not (cache / _NPZ).exists():
        return None
    try:
        return NetworkData.load(cache / _NPZ)
    except (OSError, ValueError, KeyError):
        return None  # a damaged or older cache is simply rebuilt


def save_cache(cache: Path | None, data: NetworkData) -> None:
    if cache is None:
        return
    temporary = cache / f"{_NPZ}.tmp.npz"
    data.save(temporary)
    temporary.replace(cache / _NPZ)
