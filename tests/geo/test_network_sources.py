"""Where networks come from: .osm extracts (offline), GraphML (cached), place names."""

from __future__ import annotations

import numpy as np
import osmnx as ox
import pytest

from geo import __main__ as cli
from geo.errors import DataError, NetworkUnavailableError
from geo.network import RoadNetwork
from geo.settings import HIGHWAY_SPEEDS_KPH

OSM = """<?xml version='1.0' encoding='UTF-8'?>
<osm version="0.6" generator="test">
  <node id="1" lat="26.500" lon="111.800"/>
  <node id="2" lat="26.500" lon="111.820"/>
  <node id="3" lat="26.520" lon="111.820"/>
  <node id="4" lat="26.520" lon="111.800"/>
  <node id="5" lat="26.510" lon="111.810"/>
  <node id="6" lat="26.505" lon="111.805"/>
  <node id="7" lat="26.506" lon="111.806"/>
  <node id="8" lat="26.507" lon="111.805"/>
  <node id="9" lat="26.530" lon="111.800"/>
  <way id="10"><nd ref="1"/><nd ref="5"/><nd ref="3"/><tag k="highway" v="primary"/></way>
  <way id="11"><nd ref="2"/><nd ref="5"/><tag k="highway" v="residential"/>
    <tag k="maxspeed" v="20"/></way>
  <way id="12"><nd ref="5"/><nd ref="4"/><tag k="highway" v="tertiary"/></way>
  <way id="13"><nd ref="4"/><nd ref="9"/><tag k="highway" v="footway"/></way>
  <way id="14"><nd ref="6"/><nd ref="7"/><nd ref="8"/><nd ref="6"/>
    <tag k="building" v="yes"/></way>
  <way id="15"><nd ref="2"/><nd ref="3"/><tag k="highway" v="service"/>
    <tag k="access" v="private"/></way>
</osm>
"""


@pytest.fixture
def osm_file(tmp_path):
    path = tmp_path / "town.osm"
    path.write_text(OSM, encoding="utf-8")
    return path


def test_osm_extract_keeps_drivable_roads_only(osm_file, tmp_path):
    """Footways, buildings and private service roads never enter the network."""
    net = RoadNetwork.from_osm_xml(osm_file, cache_dir=tmp_path / "cache")
    assert sorted(net.data.node_id.tolist()) == [1, 2, 3, 4, 5]
    assert set(net.data.highway) == {"primary", "residential", "tertiary"}


def test_osm_speeds_come_from_maxspeed_or_the_class_defaults(osm_file, tmp_path):
    net = RoadNetwork.from_osm_xml(osm_file, cache_dir=tmp_path / "cache")
    d = net.data
    kph = 3.6 * d.length_m / d.seconds
    by_class = dict(zip(d.highway.tolist(), kph.tolist(), strict=True))
    assert by_class["primary"] == pytest.approx(HIGHWAY_SPEEDS_KPH["primary"], rel=1e-3)
    assert by_class["residential"] == pytest.approx(20, rel=1e-3)  # its maxspeed
    assert by_class["tertiary"] == pytest.approx(HIGHWAY_SPEEDS_KPH["tertiary"], rel=1e-3)


def test_second_osm_load_comes_from_the_cache(osm_file, tmp_path, monkeypatch):
    first = RoadNetwork.from_osm_xml(osm_file, cache_dir=tmp_path / "cache")

    def no_parsing(*_a, **_k):
        raise AssertionError("the cache should have been used")

    monkeypatch.setattr(ox, "graph_from_xml", no_parsing)
    monkeypatch.setattr(ox, "load_graphml", no_parsing)
    second = RoadNetwork.from_osm_xml(osm_file, cache_dir=tmp_path / "cache")
    pts = [(111.80, 26.50), (111.82, 26.52)]
    assert np.array_equal(first.travel_times(pts, pts), second.travel_times(pts, pts))


def test_broken_and_empty_osm_files_get_clear_messages(tmp_path):
    broken = tmp_path / "broken.osm"
    broken.write_text("<osm><node id='1'", encoding="utf-8")
    with pytest.raises(DataError, match="not a readable OpenStreetMap file"):
        RoadNetwork.from_osm_xml(broken, cache_dir=tmp_path / "c")
    empty = tmp_path / "paths.osm"
    empty.write_text(
        OSM.replace('v="primary"', 'v="footway"')
        .replace('v="residential"', 'v="path"')
        .replace('v="tertiary"', 'v="steps"'),
        encoding="utf-8",
    )
    with pytest.raises(DataError, match="no drivable roads"):
        RoadNetwork.from_osm_xml(empty, cache_dir=tmp_path / "c")


def test_place_name_offline_says_how_to_work_offline(tmp_path, monkeypatch):
    def offline(*_a, **_k):
        raise ConnectionError("Name or service not known")

    monkeypatch.setattr(ox, "graph_from_place", offline)
    with pytest.raises(NetworkUnavailableError, match=r"\.osm extract"):
        RoadNetwork.from_place("Qiyang, Hunan, China", cache_dir=tmp_path)


def test_place_name_uses_its_cached_copy_without_the_internet(osm_file, tmp_path, monkeypatch):
    from geo.graphml import write_graphml
    from geo.osm import graph_from_osm_xml, place_slug

    write_graphml(
        graph_from_osm_xml(osm_file, tmp_path), tmp_path / f"{place_slug('Test Town')}.graphml"
    )

    def no_download(*_a, **_k):
        raise AssertionError("must not download")

    monkeypatch.setattr(ox, "graph_from_place", no_download)
    net = RoadNetwork.from_place("Test Town", cache_dir=tmp_path)
    assert net.data.node_count == 5


def test_matrix_command_writes_the_matrix(osm_file, tmp_path, capsys):
    points = tmp_path / "points.csv"
    points.write_text("lon,lat\n111.800,26.500\n111.820,26.520\n", encoding="utf-8")
    out = tmp_path / "m.npy"
    assert (
        cli.main(["matrix", "--graph", str(osm_file), "--points", str(points), "-o", str(out)]) == 0
    )
    matrix = np.load(out)
    assert matrix.shape == (2, 2)
    assert matrix[0, 0] == 0
    assert 0 < matrix[0, 1] < np.inf
    assert "2×2" in capsys.readouterr().out


def test_matrix_command_names_bad_rows(osm_file, tmp_path, capsys):
    points = tmp_path / "points.csv"
    points.write_text("lon,lat\n111.8,26.5\n111.8,north\n500,26.5\n", encoding="utf-8")
    code = cli.main(
        ["matrix", "--graph", str(osm_file), "--points", str(points), "-o", str(tmp_path / "m.npy")]
    )
    assert code == 2
    assert "line(s) 3, 4" in capsys.readouterr().err
    missing = tmp_path / "nocols.csv"
    missing.write_text("x,y\n1,2\n", encoding="utf-8")
    assert (
        cli.main(
            [
                "matrix",
                "--graph",
                str(osm_file),
                "--points",
                str(missing),
                "-o",
                str(tmp_path / "m.npy"),
            ]
        )
        == 2
    )
    assert "missing column(s) lon, lat" in capsys.readouterr().err


def test_a_lone_ring_road_keeps_its_nodes(tmp_path):
    """osmnx simplification leaves nothing of a ring with no junction; we keep it whole."""
    ring = tmp_path / "ring.osm"
    ring.write_text(
        """<?xml version='1.0' encoding='UTF-8'?>
<osm version="0.6">
  <node id="1" lat="26.50" lon="111.80"/><node id="2" lat="26.50" lon="111.81"/>
  <node id="3" lat="26.51" lon="111.81"/><node id="4" lat="26.51" lon="111.80"/>
  <way id="9"><nd ref="1"/><nd ref="2"/><nd ref="3"/><nd ref="4"/><nd ref="1"/>
    <tag k="highway" v="residential"/></way>
</osm>""",
        encoding="utf-8",
    )
    net = RoadNetwork.from_osm_xml(ring, cache_dir=tmp_path / "c")
    assert net.data.node_count == 4
    assert np.isfinite(net.travel_times([(111.80, 26.50)], [(111.81, 26.51)])).all()


def test_place_cache_defaults_to_the_dualgrid_cache_folder(osm_file, tmp_path, monkeypatch):
    from geo.graphml import write_graphml
    from geo.osm import graph_from_osm_xml, place_slug

    monkeypatch.setenv("DUALGRID_CACHE", str(tmp_path / "cache"))
    (tmp_path / "cache").mkdir()
    write_graphml(
        graph_from_osm_xml(osm_file, tmp_path),
        tmp_path / "cache" / f"{place_slug('Somewhere')}.graphml",
    )
    assert RoadNetwork.from_place("Somewhere").data.node_count == 5
