"""Road classes, pruning and the final MultiDiGraph of the demo county."""

from __future__ import annotations

import math
from collections.abc import Sequence
from itertools import pairwise

import networkx as nx
import numpy as np
import osmnx as ox
import pandas as pd
from numpy.typing import NDArray
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import minimum_spanning_tree

from demo.roads import CLASS_RANK
from demo.settlements import Township
from geo.projection import to_lonlat
from geo.settings import FALLBACK_SPEED_KPH, HIGHWAY_SPEEDS_KPH, WGS84
from geo.terrain import Terrain

Route = tuple[str, str, list[int]]  # highway class, name, anchor path


def classify(
    table: pd.DataFrame,
    edges: pd.DataFrame,
    towns: Sequence[Township],
    village_centres: Sequence[tuple[int, int]],
    rng: np.random.Generator,
    *,
    keep_share: float = 0.4,
) -> pd.DataFrame:
    """Give every kept segment a highway class, a name and a way id; drop the rest.

    ``village_centres`` pairs each community's centre anchor with its township index.
    """
    graph = nx.Graph()
    graph.add_weighted_edges_from(zip(edges["u"], edges["v"], edges["length"], strict=True))
    biggest = max(nx.connected_components(graph), key=len)
    graph = graph.subgraph(biggest).copy()
    edges = edges[edges["u"].isin(biggest) & edges["v"].isin(biggest)].reset_index(drop=True)
    xy = table[["x", "y"]].to_numpy()
    nodes = np.array(sorted(biggest))
    tree_xy = xy[nodes]

    def nearest(point: NDArray[np.float64] | tuple[float, float]) -> int:
        d = np.hypot(*(tree_xy - np.asarray(point)).T)
        return int(nodes[np.argmin(d)])

    def path(points: Sequence[int]) -> list[int]:
        out: list[int] = [points[0]]
        for a, b in pairwise(points):
            out += nx.shortest_path(graph, a, b, weight="weight")[1:]
        return out

    exits = {row.exit: int(i) for i, row in table[table["kind"] == "exit"].iterrows()}
    bridge_ends = table.index[table["kind"] == "bridge"].to_numpy().reshape(-1, 2)
    dam_north, dam_south = sorted(bridge_ends[0], key=lambda i: -xy[i, 1])
    seat = nearest(np.mean([t.seat for t in towns if t.urban], axis=0))
    seat_of = {t.place.name_en: nearest(t.seat) for t in towns}
    routes: list[Route] = [
        (
            "trunk",
            "G322 祁阳大道",
            path([exits["g322_north"], dam_north, dam_south, exits["g322_south"]]),
        ),
        (
            "primary",
            "祁冷一级公路",
            path([exits["to_lengshuitan"], seat_of["Gongjiaping"], seat_of["Baishui"], seat]),
        ),
        (
            "primary",
            "祁阳—潘市—下马渡公路",
            path([seat, seat_of["Panshi"], seat_of["Xiamadu"], exits["to_qidong"]]),
        ),
    ]
    rural_seats = [seat] + [seat_of[t.place.name_en] for t in towns if not t.urban]
    seat_xy = xy[rural_seats]
    dist = np.hypot(*(seat_xy[:, None, :] - seat_xy[None, :, :]).transpose(2, 0, 1))
    mst = minimum_spanning_tree(dist).tocoo()
    links = {(min(a, b), max(a, b)) for a, b in zip(mst.row, mst.col, strict=True)}
    for a in range(len(rural_seats)):  # a few loops: each seat also to its second neighbour
        second = int(np.argsort(dist[a])[2])
        if dist[a, second] < 14_000 and rng.random() < 0.5:
            links.add((min(a, second), max(a, second)))
    for n, (a, b) in enumerate(sorted(links), start=1):
        routes.append(("secondary", f"X{n:03d} 县道", path([rural_seats[a], rural_seats[b]])))
    by_town: dict[int, list[int]] = {}
    for anchor, town in village_centres:
        if anchor in biggest:
            by_town.setdefault(town, []).append(anchor)
    n = 0
    for town, centres in sorted(by_town.items()):
        source = seat if towns[town].urban else seat_of[towns[town].place.name_en]
        paths = nx.single_source_dijkstra_path(graph, source, weight="weight")
        for centre in centres:
            n += 1
            routes.append(("tertiary", f"Y{n:03d} 乡道", paths[centre]))
    return _keep_and_label(edges, table, routes, rng, keep_share)


def _keep_and_label(
    edges: pd.DataFrame,
    table: pd.DataFrame,
    routes: list[Route],
    rng: np.random.Generator,
    keep_share: float,
) -> pd.DataFrame:
    label: dict[tuple[int, int], tuple[int, str, str, int]] = {}
    for way, (highway, name, nodes) in enumerate(routes, start=1):
        rank = CLASS_RANK[highway]
        for a, b in pairwise(nodes):
            key = (min(a, b), max(a, b))
            if key not in label or label[key][0] > rank:
                label[key] = (rank, highway, name, way)
    keys = list(
        zip(edges["u"].clip(upper=edges["v"]), edges["u"].clip(lower=edges["v"]), strict=True)
    )
    kind = table["kind"].to_numpy()
    street = (kind[edges["u"]] == "street") & (kind[edges["v"]] == "street")
    size = len(table)
    span = minimum_spanning_tree(
        coo_matrix((edges["length"] + 1e-6, (edges["u"], edges["v"])), shape=(size, size))
    ).tocoo()
    in_tree = {(min(a, b), max(a, b)) for a, b in zip(span.row, span.col, strict=True)}
    lucky = rng.random(len(edges)) < keep_share
    rows = []
    next_way = len(routes) + 1
    for i, key in enumerate(keys):
        bridge = edges["bridge"].iat[i]
        if key in label:
            _, highway, name, way = label[key]
        elif street[i] or bridge or key in in_tree or lucky[i]:
            highway = "residential" if street[i] else "unclassified"
            name, way = "", next_way
            next_way += 1
        else:
            continue
        rows.append((key[0], key[1], highway, name, way, bridge))
    return pd.DataFrame(rows, columns=["u", "v", "highway", "name", "way", "bridge"])


def bend(
    edges: pd.DataFrame, xy: NDArray[np.float64], rng: np.random.Generator, step_m: float = 160.0
) -> tuple[NDArray[np.float64], pd.DataFrame]:
    """Split segments longer than ``step_m`` through bent intermediate nodes."""
    points = [xy]
    next_id = len(xy)
    rows = []
    for row in edges.itertuples(index=False):
        a, b = xy[row.u], xy[row.v]
        length = float(np.hypot(*(b - a)))
        parts = 1 if row.bridge or length <= 1.5 * step_m else math.ceil(length / step_m)
        if parts == 1:
            rows.append(row)
            continue
        t = np.arange(1, parts) / parts
        normal = np.array([a[1] - b[1], b[0] - a[0]]) / length
        rank = CLASS_RANK[row.highway]
        amplitude = rng.normal(0, 0.02 if rank <= 3 else 0.06) * length
        wiggle = amplitude * np.sin(math.pi * t) + rng.normal(0, 4.0, len(t))
        inner = a + np.outer(t, b - a) + np.outer(wiggle, normal)
        ids = list(range(next_id, next_id + len(inner)))
        next_id += len(inner)
        points.append(inner)
        chain = [row.u, *ids, row.v]
        rows.extend(row._replace(u=p, v=q) for p, q in pairwise(chain))
    return np.vstack(points), pd.DataFrame(rows, columns=edges.columns)


def one_way_streets(edges: pd.DataFrame, table: pd.DataFrame) -> pd.Series:
    """Every sixth street of the seat's core grid is one-way (eastward or northward)."""
    oneway = pd.Series(False, index=edges.index)
    if "core" not in table:
        return oneway
    core = table["core"].fillna(False).astype(bool).to_numpy()
    i = table["i"].fillna(0).to_numpy().astype(int)
    j = table["j"].fillna(0).to_numpy().astype(int)
    u, v = edges["u"].to_numpy(), edges["v"].to_numpy()
    known = (u < len(table)) & (v < len(table))
    uu, vv = np.where(known, u, 0), np.where(known, v, 0)
    both = known & core[uu] & core[vv] & (edges["highway"] == "residential").to_numpy()
    along_row = both & (j[uu] == j[vv]) & (j[uu] % 6 == 3) & (np.abs(i[uu] - i[vv]) == 1)
    along_col = both & (i[uu] == i[vv]) & (i[uu] % 6 == 3) & (np.abs(j[uu] - j[vv]) == 1)
    oneway[along_row | along_col] = True
    return oneway


def to_multidigraph(
    xy: NDArray[np.float64],
    edges: pd.DataFrame,
    table: pd.DataFrame,
    terrain: Terrain,
    normal_level_m: float,
) -> nx.MultiDiGraph:
    """The osmnx-compatible graph: lon/lat nodes, both directions of two-way roads,
    lengths in metres, speeds and travel times from the highway classes."""
    oneway = one_way_streets(edges, table)
    used = np.unique(np.concatenate((edges["u"], edges["v"])))
    lon, lat = to_lonlat(xy[used, 0], xy[used, 1])
    elevation = normal_level_m + terrain.height_at(xy[used, 0], xy[used, 1])
    graph = nx.MultiDiGraph(
        crs=WGS84, created_with="DualGrid demo generator", synthetic=True, simplified=False
    )
    for k, node in enumerate(used):
        graph.add_node(
            int(node) + 1,
            x=round(float(lon[k]), 7),
            y=round(float(lat[k]), 7),
            elevation=round(float(elevation[k]), 1),
        )
    for given, one in zip(edges.itertuples(index=False), oneway, strict=True):
        row = given
        a, b = xy[row.u], xy[row.v]
        if one and ((a[0] > b[0]) if abs(b[0] - a[0]) > abs(b[1] - a[1]) else (a[1] > b[1])):
            row = row._replace(u=row.v, v=row.u)
            a, b = b, a
        data = {
            "osmid": int(row.way),
            "highway": row.highway,
            "oneway": bool(one),
            "length": round(float(np.hypot(*(b - a))), 3),
        }
        if row.name:
            data["name"] = row.name
        if row.bridge:
            data["bridge"] = "yes"
            data["bridge_name"] = row.bridge
        graph.add_edge(int(row.u) + 1, int(row.v) + 1, reversed=False, **data)
        if not one:
            graph.add_edge(int(row.v) + 1, int(row.u) + 1, reversed=True, **data)
    streets = ox.stats.count_streets_per_node(graph)
    nx.set_node_attributes(graph, streets, name="street_count")
    graph = ox.routing.add_edge_speeds(
        graph, hwy_speeds=HIGHWAY_SPEEDS_KPH, fallback=FALLBACK_SPEED_KPH
    )
    return ox.routing.add_edge_travel_times(graph)
