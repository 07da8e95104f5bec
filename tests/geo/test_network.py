"""RoadNetwork on small hand-made networks whose answers are known."""

from __future__ import annotations

import networkx as nx
import numpy as np
import pytest
import shapely

from geo.errors import DataError
from geo.network import RoadNetwork
from geo.routing import CCHRouter, DijkstraRouter
from geo.settings import ACCESS_SPEED_KPH

STEP = 0.01  # degrees between nodes: about 1 km


def at(i: float, j: float) -> tuple[float, float]:
    return (111.80 + STEP * i, 26.50 + STEP * j)


def road(
    g: nx.MultiDiGraph,
    u: int,
    v: int,
    seconds: float,
    *,
    both: bool = True,
    highway: str = "residential",
    **extra: object,
) -> None:
    data = {"travel_time": seconds, "length": seconds * 10.0, "highway": highway, **extra}
    g.add_edge(u, v, **data)
    if both:
        g.add_edge(v, u, **data)


def square(*, one_way_top: bool = False) -> nx.MultiDiGraph:
    """1 (0,0) — 2 (1,0) — 3 (1,1) — 4 (0,1) — back to 1; each side 100 s.
    With ``one_way_top``, 1 → 2 is one-way (2 cannot drive straight back to 1)."""
    g = nx.MultiDiGraph(crs="EPSG:4326")
    for n, (i, j) in {1: (0, 0), 2: (1, 0), 3: (1, 1), 4: (0, 1)}.items():
        x, y = at(i, j)
        g.add_node(n, x=x, y=y)
    road(g, 1, 2, 100, both=not one_way_top)
    road(g, 2, 3, 100)
    road(g, 3, 4, 100)
    road(g, 4, 1, 100)
    return g


def river_town() -> nx.MultiDiGraph:
    """Two banks joined by a near bridge (2–3) and a far one (6–7):
    north bank 1 — 2 … 6, south bank 3 — 4 … 7; the far way round is slower."""
    g = nx.MultiDiGraph(crs="EPSG:4326")
    coords = {1: (0, 2), 2: (1, 2), 3: (1, 0), 4: (0, 0), 6: (5, 2), 7: (5, 0)}
    for n, (i, j) in coords.items():
        x, y = at(i, j)
        g.add_node(n, x=x, y=y)
    road(g, 1, 2, 60)
    road(g, 2, 3, 120, bridge="yes")  # near bridge
    road(g, 3, 4, 60)
    road(g, 2, 6, 400)
    road(g, 6, 7, 120, bridge="yes")  # far bridge
    road(g, 7, 3, 400)
    return g


@pytest.fixture(params=["cch", "dijkstra"])
def router_kind(request, monkeypatch):
    if request.param == "dijkstra":
        monkeypatch.setenv("DUALGRID_ROUTER", "dijkstra")
    else:
        monkeypatch.delenv("DUALGRID_ROUTER", raising=False)
    return request.param


def test_router_choice_follows_the_setting(router_kind):
    net = RoadNetwork.from_graph(square())
    expected = CCHRouter if router_kind == "cch" else DijkstraRouter
    assert isinstance(net.router, expected)


def test_one_way_street_forces_the_long_way_back(router_kind):
    """1 → 2 takes 100 s; 2 → 1 must go round 2-3-4-1: 300 s."""
    net = RoadNetwork.from_graph(square(one_way_top=True))
    t = net.travel_times([at(0, 0), at(1, 0)], [at(0, 0), at(1, 0)])
    assert t[0, 1] == pytest.approx(100)
    assert t[1, 0] == pytest.approx(300)
    assert t[0, 0] == 0


def test_unconnected_part_is_infinitely_far(router_kind):
    g = square()
    for n, (i, j) in {8: (5, 5), 9: (6, 5)}.items():
        x, y = at(i, j)
        g.add_node(n, x=x, y=y)
    road(g, 8, 9, 50)
    net = RoadNetwork.from_graph(g)
    t = net.travel_times([at(0, 0)], [at(5, 5), at(1, 1)])
    assert np.isinf(t[0, 0])
    assert t[0, 1] == pytest.approx(200)
    assert net.reachable_from([at(0, 0), at(5, 5)]).tolist() == [True, False]


def test_parallel_roads_use_the_faster_one(router_kind):
    """Two roads from 1 to 2 (100 s and 30 s): the matrix takes 30 s, not their sum."""
    g = square()
    road(g, 1, 2, 30)
    net = RoadNetwork.from_graph(g)
    assert net.travel_times([at(0, 0)], [at(1, 0)])[0, 0] == pytest.approx(30)


def test_closed_bridge_forces_a_detour_and_two_closed_cut_the_town(router_kind):
    net = RoadNetwork.from_graph(river_town())
    north, south = at(0, 2), at(0, 0)
    assert net.travel_times([north], [south])[0, 0] == pytest.approx(240)
    near_bridge = shapely.Point(*at(1, 1)).buffer(STEP / 4)
    detour = net.without(near_bridge)
    assert len(detour.closed_edges) == 2  # both directions of the near bridge
    assert detour.travel_times([north], [south])[0, 0] == pytest.approx(60 + 400 + 120 + 400 + 60)
    assert net.travel_times([north], [south])[0, 0] == pytest.approx(240)  # view, not a copy
    cut = detour.without(shapely.Point(*at(5, 1)).buffer(STEP / 4))
    assert np.isinf(cut.travel_times([north], [south])[0, 0])
    assert not cut.reaches([north], [south])[0]
    assert cut.route(north, south).seconds == float("inf")


def test_points_inside_a_closed_area_are_cut_off(router_kind):
    net = RoadNetwork.from_graph(square())
    flood = shapely.box(*at(-0.2, -0.2), *at(0.2, 0.2))  # around node 1
    view = net.without(flood)
    assert view.reachable_from([at(0, 0), at(1, 1)]).tolist() == [False, True]
    assert np.isinf(view.travel_times([at(0.05, 0.05)], [at(1, 1)])[0, 0])


def test_the_leg_to_the_nearest_node_is_driven_slowly(router_kind):
    """A point 0.001° north of node 1 (111 m) adds 111 m at the access speed."""
    net = RoadNetwork.from_graph(square())
    offset = (at(0, 0)[0], at(0, 0)[1] + 0.001)
    _, metres = net.snap([offset])
    t = net.travel_times([offset], [at(1, 0)])[0, 0]
    assert metres[0] == pytest.approx(110.8, abs=1.0)
    assert t == pytest.approx(100 + metres[0] / (ACCESS_SPEED_KPH / 3.6))


def test_route_follows_the_roads_and_matches_the_matrix(router_kind):
    net = RoadNetwork.from_graph(square(one_way_top=True))
    route = net.route(at(1, 0), at(0, 0))
    assert route.seconds == pytest.approx(300)
    assert [tuple(round(c, 6) for c in p) for p in route.geometry.coords] == [
        at(1, 0),
        at(1, 1),
        at(0, 1),
        at(0, 0),
    ]
    assert route.length_m == pytest.approx(3000)


def test_invalid_closure_polygon_is_refused():
    bowtie = shapely.Polygon([at(0, 0), at(1, 1), at(1, 0), at(0, 1)])
    with pytest.raises(DataError, match="not a valid polygon"):
        RoadNetwork.from_graph(square()).without(bowtie)


def test_bad_points_are_named():
    net = RoadNetwork.from_graph(square())
    with pytest.raises(DataError, match="origins"):
        net.travel_times([(111.8, float("nan"))], [at(0, 0)])
    with pytest.raises(DataError, match="destinations"):
        net.travel_times([at(0, 0)], [[1.0, 2.0, 3.0]])


def test_closed_segments_can_be_drawn_where_the_closure_is():
    """The lines of the closed edges are the bridge, inside the closed area."""
    net = RoadNetwork.from_graph(river_town())
    area = shapely.Point(*at(1, 1)).buffer(STEP / 4)
    view = net.without(area)
    lines = view.data.edge_lines(view.closed_edges)
    assert len(lines) == 2
    assert all(line.intersects(area) for line in lines)
