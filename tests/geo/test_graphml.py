"""Our GraphML writer produces what osmnx reads back unchanged."""

import networkx as nx
import osmnx as ox

from geo.graphml import write_graphml


def test_round_trip_through_osmnx(tmp_path):
    g = nx.MultiDiGraph(crs="EPSG:4326", created_with="test")
    g.add_node(1, x=111.8, y=26.5, street_count=1)
    g.add_node(2, x=111.81, y=26.5, street_count=1)
    g.add_edge(
        1,
        2,
        osmid=7,
        highway="primary",
        oneway=False,
        reversed=False,
        length=995.5,
        name="祁阳 <大道> & co",
        speed_kph=60.0,
        travel_time=59.73,
    )
    g.add_edge(
        2,
        1,
        osmid=7,
        highway="primary",
        oneway=False,
        reversed=True,
        length=995.5,
        name="祁阳 <大道> & co",
        speed_kph=60.0,
        travel_time=59.73,
    )
    path = tmp_path / "g.graphml"
    write_graphml(g, path)
    back = ox.load_graphml(path)
    assert dict(back.nodes(data=True)) == dict(g.nodes(data=True))
    assert sorted(back.edges(keys=True, data=True)) == sorted(g.edges(keys=True, data=True))
    assert back.graph["crs"] == "EPSG:4326"
