"""The demo road network: osmnx-compatible, realistic size, bridges over the Xiang."""

from __future__ import annotations

import networkx as nx
import osmnx as ox
import pytest

from demo.places import BRIDGES
from geo.settings import HIGHWAY_SPEEDS_KPH


@pytest.fixture(scope="module")
def roads(demo_dir):
    return ox.load_graphml(demo_dir / "roads.graphml")


def test_size_and_attributes(roads):
    assert 20_000 <= roads.number_of_nodes() <= 80_000
    assert roads.graph["crs"] == "EPSG:4326"
    classes = {d["highway"] for _, _, d in roads.edges(data=True)}
    assert {"trunk", "primary", "secondary", "tertiary", "unclassified", "residential"} <= classes
    for _, _, d in list(roads.edges(data=True))[:2_000]:
        assert d["length"] > 0
        assert d["speed_kph"] == HIGHWAY_SPEEDS_KPH[d["highway"]]
        assert d["travel_time"] == pytest.approx(d["length"] / (d["speed_kph"] / 3.6), rel=1e-3)


def test_every_place_reaches_every_other(roads):
    """One strongly connected network: one-way streets never trap a vehicle."""
    assert nx.is_strongly_connected(roads)
    assert any(d["oneway"] for _, _, d in roads.edges(data=True))


def test_the_river_is_crossed_only_on_the_bridges(roads):
    """Closing every bridge cuts the county in two; each bridge alone reconnects it."""
    bridges = [
        (u, v, k) for u, v, k, d in roads.edges(keys=True, data=True) if d.get("bridge") == "yes"
    ]
    named = {d["bridge_name"] for _, _, d in roads.edges(data=True) if d.get("bridge") == "yes"}
    assert named == {b.name for b in BRIDGES}
    cut = roads.copy()
    cut.remove_edges_from(bridges)
    assert nx.number_weakly_connected_components(cut) == 2
    first = [e for e in bridges if roads.edges[e]["bridge_name"] == BRIDGES[0].name]
    cut.add_edges_from((u, v, k, roads.edges[u, v, k]) for u, v, k in first)
    assert nx.is_strongly_connected(cut)
