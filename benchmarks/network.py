"""Road network figures on the demo county, each against a plain baseline run here.

- load: `RoadNetwork.from_graphml` with its cache against `osmnx.load_graphml`;
- matrices 200², 1,000², 2,000²: `travel_times` (contraction hierarchy) against
  SciPy csgraph Dijkstra from each source, in chunks of 250;
- snapping 10,000 points: `snap` against osmnx `nearest_nodes` (projected graph);
- a flood polygon closing about 5% of the road segments, then a 1,000² matrix:
  `without` + `travel_times` against finding the segments with an STRtree,
  rebuilding the sparse matrix and running Dijkstra.

    .venv/bin/python benchmarks/network.py [--repeat 3]

Targets (issue #3): 2,000² under 2 s; 10,000 snaps under 0.1 s; flood + 1,000² under
1 s; loading the cached demo network under 2 s.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402
import osmnx as ox  # noqa: E402
import pandas as pd  # noqa: E402
import shapely  # noqa: E402
from scipy.sparse import csr_matrix  # noqa: E402
from scipy.sparse.csgraph import dijkstra  # noqa: E402

from geo.network import RoadNetwork  # noqa: E402
from geo.projection import geometry_to_metric, to_metric_xy  # noqa: E402
from geo.terrain import Terrain  # noqa: E402

DEMO = ROOT / "data" / "demo"


def timed(fn: Callable[[], object], repeat: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def report(name: str, ours: float, baseline: float, label: str, target: float | None) -> None:
    mark = "" if target is None else ("  meets target" if ours < target else "  MISSES target")
    print(
        f"{name:<38} ours {ours:8.3f} s   {label} {baseline:8.3f} s   "
        f"ratio {ours / baseline:6.3f}{mark}",
        flush=True,
    )


def scipy_matrix(graph: csr_matrix, sources: np.ndarray, targets: np.ndarray) -> np.ndarray:
    rows = [
        dijkstra(graph, indices=sources[k : k + 250])[:, targets]
        for k in range(0, len(sources), 250)
    ]
    return np.vstack(rows)


def baseline_graph(net: RoadNetwork, closed: np.ndarray | None = None) -> csr_matrix:
    d = net.data
    keep = np.ones(d.edge_count, dtype=bool) if closed is None else ~closed
    frame = pd.DataFrame({"u": d.tail[keep], "v": d.head[keep], "w": d.seconds[keep]})
    frame = frame.groupby(["u", "v"], as_index=False)["w"].min()  # parallel edges: fastest
    n = d.node_count
    return csr_matrix((frame["w"], (frame["u"], frame["v"])), shape=(n, n))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    graphml = DEMO / "roads.graphml"

    with tempfile.TemporaryDirectory() as folder:
        cache = Path(folder)
        cold = time.perf_counter()
        RoadNetwork.from_graphml(graphml, cache_dir=cache)
        cold = time.perf_counter() - cold
        ours, net = timed(lambda: RoadNetwork.from_graphml(graphml, cache_dir=cache), args.repeat)
        base, graph = timed(lambda: ox.load_graphml(graphml), 1)
        print(f"first load (parse GraphML, build the cache): {cold:.2f} s")
        report("load the demo network (cached)", ours, base, "ox.load_graphml", 2.0)

    customers = pd.read_parquet(DEMO / "customers.parquet", columns=["lon", "lat"])
    baseline = baseline_graph(net)
    for n, target in ((200, None), (1000, None), (2000, 2.0)):
        points = customers.sample(n, random_state=n).to_numpy()
        ours, matrix = timed(lambda p=points: net.travel_times(p, p), args.repeat)
        nodes, _ = net.snap(points)
        base, reference = timed(
            lambda s=nodes: scipy_matrix(baseline, s, s), 1 if n == 2000 else args.repeat
        )
        core = matrix - 0  # includes access legs; compare the node-to-node part
        _, metres = net.snap(points)
        access = metres / (15 / 3.6)
        same = nodes[:, None] == nodes[None, :]
        diff = np.abs((core - access[:, None] - access[None, :])[~same] - reference[~same])
        report(
            f"{n}×{n} matrix (max diff {diff.max():.3f} s)", ours, base, "scipy Dijkstra", target
        )

    points = customers.sample(10_000, random_state=7).to_numpy()
    ours, _ = timed(lambda: net.snap(points), args.repeat)
    projected = ox.project_graph(graph, to_crs="EPSG:32649")
    x, y = to_metric_xy(points[:, 0], points[:, 1])
    base, _ = timed(lambda: ox.distance.nearest_nodes(projected, x, y), args.repeat)
    report("snap 10,000 points", ours, base, "ox.nearest_nodes", 0.1)

    terrain = Terrain.load(DEMO / "terrain.npz")
    flood = terrain.low_ground(88.5)
    widen = 0.0
    while True:
        area = shapely.buffer(flood, widen)
        share = len(net.data.edges_intersecting(area)) / net.data.edge_count
        if share >= 0.05:
            break
        widen += 100.0
    from geo.projection import geometry_to_lonlat

    polygon = geometry_to_lonlat(area)
    points = customers.sample(1000, random_state=3).to_numpy()
    ours, _ = timed(lambda: net.without(polygon).travel_times(points, points), args.repeat)

    def scipy_flood() -> np.ndarray:
        metric = geometry_to_metric(polygon)
        closed = np.zeros(net.data.edge_count, dtype=bool)
        closed[net.data.edges_intersecting(metric)] = True
        nodes, _ = net.snap(points)
        return scipy_matrix(baseline_graph(net, closed), nodes, nodes)

    base, _ = timed(scipy_flood, 1)
    report(f"flood closing {share:.1%} of roads + 1000²", ours, base, "scipy Dijkstra", 1.0)
    return 0


if __name__ == "__main__":
    sys.exit(main())
