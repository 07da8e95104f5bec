"""Travel times on the demo county agree with networkx, for both routers."""

from __future__ import annotations

import networkx as nx
import numpy as np
import osmnx as ox
import pytest

from geo.network import RoadNetwork


@pytest.fixture(scope="module")
def graph(demo_dir):
    return ox.load_graphml(demo_dir / "roads.graphml")


@pytest.fixture(scope="module", params=["cch", "dijkstra"])
def network(request, demo_dir, tmp_path_factory):
    mp = pytest.MonkeyPatch()
    if request.param == "dijkstra":
        mp.setenv("DUALGRID_ROUTER", "dijkstra")
    net = RoadNetwork.from_graphml(
        demo_dir / "roads.graphml", cache_dir=tmp_path_factory.mktemp("netcache")
    )
    mp.undo()
    return net


def test_matrix_equals_networkx_on_random_pairs(graph, network):
    """Between road nodes (no access leg), times equal networkx's Dijkstra to the
    millisecond rounding of the hierarchy."""
    rng = np.random.default_rng(11)
    nodes = rng.choice(np.array(list(graph.nodes)), 12, replace=False)
    points = [(graph.nodes[n]["x"], graph.nodes[n]["y"]) for n in nodes]
    matrix = network.travel_times(points, points)
    for i, source in enumerate(nodes):
        lengths = nx.single_source_dijkstra_path_length(graph, source, weight="travel_time")
        for j, target in enumerate(nodes):
            assert matrix[i, j] == pytest.approx(lengths[target], abs=0.5, rel=1e-4)


def test_route_time_equals_the_matrix(graph, network):
    a, b = (111.70, 26.45), (111.95, 26.70)
    route = network.route(a, b)
    assert route.seconds == pytest.approx(network.travel_times([a], [b])[0, 0], rel=1e-6)
    assert route.length_m > 20_000
    assert route.geometry.distance(__import__("shapely").Point(a)) < 0.01


def test_cached_load_skips_graphml(demo_dir, tmp_path, monkeypatch):
    cache = tmp_path / "c"
    first = RoadNetwork.from_graphml(demo_dir / "roads.graphml", cache_dir=cache)

    def no_parsing(*_a, **_k):
        raise AssertionError("the cache should have been used")

    monkeypatch.setattr(ox, "load_graphml", no_parsing)
    second = RoadNetwork.from_graphml(demo_dir / "roads.graphml", cache_dir=cache)
    assert np.array_equal(first.data.seconds, second.data.seconds)
    assert second.data.node_count == graph_nodes(demo_dir)


def graph_nodes(demo_dir) -> int:
    import json

    return json.loads((demo_dir / "meta.json").read_text())["road_nodes"]
