"""Road networks from real OpenStreetMap extracts nobody here made (../shared/data/real):
distances in the data's own UTM zone, extracts cut at their edge, PBF, service roads,
pieces left out, points far from every road."""

from __future__ import annotations

import gzip
import re
from pathlib import Path

import numpy as np
import osmium
import osmnx as ox
import pytest
from pyproj import Geod

from geo import __main__ as cli
from geo.network import RoadNetwork
from geo.projection import to_metric_xy, utm_crs

REAL = Path(__file__).resolve().parents[3] / "shared" / "data" / "real"
GEOD = Geod(ellps="WGS84")


def real(name: str) -> Path:
    path = REAL / name
    assert path.exists(), f"the real samples are missing: {path}"
    return path


@pytest.fixture(scope="module")
def networks(tmp_path_factory) -> dict[str, RoadNetwork]:
    cache = tmp_path_factory.mktemp("real-roads")
    return {
        name: RoadNetwork.from_osm_xml(real(f"{name}.osm.gz"), cache_dir=cache)
        for name in ("monaco", "krems")
    }


@pytest.mark.parametrize(("name", "zone"), [("monaco", "EPSG:32632"), ("krems", "EPSG:32633")])
def test_the_metric_crs_is_the_utm_zone_of_the_data(networks, name, zone):
    assert networks[name].data.crs == zone


@pytest.mark.parametrize("name", ["monaco", "krems"])
def test_distances_agree_with_geodesic_lengths_within_half_a_percent(networks, name):
    """Straight legs (snaps, the access walk) and routes, against WGS-84 geodesics."""
    net = networks[name]
    d = net.data
    rng = np.random.default_rng(7)
    a, b = rng.choice(d.node_count, size=(2, 200))
    x, y = d.x, d.y
    straight = np.hypot(x[a] - x[b], y[a] - y[b])
    _, _, geodesic = GEOD.inv(d.lon[a], d.lat[a], d.lon[b], d.lat[b])
    far = geodesic > 50
    ratio = straight[far] / geodesic[far]
    assert np.abs(ratio - 1).max() < 0.005, f"{name}: straight/geodesic {ratio.min()}–{ratio.max()}"
    # the old fixed zone (49N, for Qiyang) inflated these: the test would fail there
    x49, y49 = to_metric_xy(d.lon, d.lat)
    old = np.hypot(x49[a] - x49[b], y49[a] - y49[b])[far] / geodesic[far]
    assert np.median(old) > 1.3
    # a point 300 m east of a node snaps 300 m away (not ×1.3)
    lon, lat, _ = GEOD.fwd(d.lon[a[0]], d.lat[a[0]], 90, 300)
    _, gap = net.snap([(lon, lat)])
    assert gap[0] <= 300 * 1.005
    routes = 0
    for i, j in zip(a[:40], b[:40], strict=True):
        route = net.route((d.lon[i], d.lat[i]), (d.lon[j], d.lat[j]))
        if not np.isfinite(route.seconds) or route.length_m < 100:
            continue
        coords = np.asarray(route.geometry.coords)
        along = GEOD.line_length(coords[:, 0], coords[:, 1])
        assert route.length_m == pytest.approx(along, rel=0.005)
        routes += 1
    assert routes >= 20


def test_a_point_far_from_every_road_is_unreachable_and_its_distance_said(networks):
    net = networks["monaco"]
    d = net.data
    near = (float(d.lon[0]), float(d.lat[0]))
    lon, lat, _ = GEOD.fwd(near[0], near[1], 0, 150_000)  # 150 km north, in the Alps
    times = net.travel_times([near], [near, (lon, lat)])
    assert np.isfinite(times[0, 0])
    assert np.isinf(times[0, 1])
    assert net.reachable_from([near, (lon, lat)]).tolist() == [True, False]
    assert not np.isfinite(net.route(near, (lon, lat)).seconds)
    ((k, metres),) = net.far_points([near, (lon, lat)])
    assert k == 1
    assert metres == pytest.approx(150_000, rel=0.05)


def test_the_snap_limit_is_a_setting(networks, monkeypatch):
    net = networks["krems"]
    d = net.data
    lon, lat, _ = GEOD.fwd(d.lon[5], d.lat[5], 45, 1_500)
    _, gap = net.snap([(lon, lat)])
    assert gap[0] > 100
    monkeypatch.setenv("DUALGRID_MAX_SNAP_M", str(gap[0] + 1))
    assert net.far_points([(lon, lat)]) == []
    monkeypatch.setenv("DUALGRID_MAX_SNAP_M", str(gap[0] - 1))
    assert len(net.far_points([(lon, lat)])) == 1


def _clip(source: Path, target: Path, bounds: tuple[float, float, float, float]) -> int:
    """An extract cut by a bounding box as downloads are: nodes outside the box dropped,
    every way kept whole (naming the dropped nodes). Returns the nodes dropped."""
    west, south, east, north = bounds
    text = gzip.decompress(source.read_bytes()).decode("utf-8")
    dropped = 0

    def keep(match: re.Match[str]) -> str:
        nonlocal dropped
        lat, lon = float(match.group("lat")), float(match.group("lon"))
        if west <= lon <= east and south <= lat <= north:
            return match.group(0)
        dropped += 1
        return ""

    node = re.compile(
        r"<node [^>]*?lat=\"(?P<lat>[-\d.]+)\" lon=\"(?P<lon>[-\d.]+)\"[^>]*?(/>|>.*?</node>)",
        re.DOTALL,
    )
    target.write_text(node.sub(keep, text), encoding="utf-8")
    return dropped


def test_an_extract_cut_by_a_box_is_read_with_its_ways_trimmed_and_counted(tmp_path, networks):
    whole = networks["monaco"].data
    mid_lon = float(np.median(whole.lon))
    clipped = tmp_path / "monaco-west.osm"
    dropped = _clip(real("monaco.osm.gz"), clipped, (-180, -90, mid_lon, 90))
    assert dropped > 0
    with pytest.raises(ValueError, match="clipping"):  # what osmnx alone says
        ox.graph_from_xml(clipped)
    net = RoadNetwork.from_osm_xml(clipped, cache_dir=tmp_path / "c")
    assert net.report is not None
    assert net.report.clipped_ways > 0
    assert net.report.missing_nodes >= net.report.clipped_ways
    assert any("cut at the extract's edge" in line for line in net.report.lines())
    assert net.data.lon.max() <= mid_lon + 1e-9
    assert 0.2 * whole.node_count < net.data.node_count < whole.node_count
    inside = [(float(net.data.lon[k]), float(net.data.lat[k])) for k in (0, 1, 2)]
    assert np.isfinite(net.travel_times(inside, inside)).all()


def test_pbf_reads_as_the_xml_it_was_made_from(tmp_path, networks):
    pbf = tmp_path / "monaco.osm.pbf"
    with osmium.SimpleWriter(str(pbf)) as writer:
        for obj in osmium.FileProcessor(str(real("monaco.osm.gz"))):
            writer.add(obj)
    net = RoadNetwork.from_osm_xml(pbf, cache_dir=tmp_path / "c")
    xml = networks["monaco"]
    assert sorted(net.data.node_id.tolist()) == sorted(xml.data.node_id.tolist())
    assert net.data.length_m.sum() == pytest.approx(xml.data.length_m.sum(), rel=1e-6)


def test_pieces_off_the_main_network_are_reported_with_their_size(networks):
    report = networks["krems"].report
    assert report is not None
    assert report.pieces_left_out, "Krems has roads not joined to its main network"
    nodes = [n for n, _ in report.pieces_left_out]
    assert nodes == sorted(nodes, reverse=True)
    assert all(m >= 0 for _, m in report.pieces_left_out)
    assert any("not connected to the main network" in line for line in report.lines())


def test_service_roads_are_kept_unless_the_setting_says_no(tmp_path, monkeypatch):
    source = real("krems.osm.gz")
    with_service = RoadNetwork.from_osm_xml(source, cache_dir=tmp_path / "c")
    assert "service" in set(with_service.data.highway.tolist())
    monkeypatch.setenv("DUALGRID_SERVICE_ROADS", "0")
    without = RoadNetwork.from_osm_xml(source, cache_dir=tmp_path / "c")
    assert "service" not in set(without.data.highway.tolist())
    assert without.data.edge_count < with_service.data.edge_count


def test_matrix_command_reads_compressed_osm_and_names_far_points(tmp_path, capsys):
    oakland = real("west-oakland.osm.bz2")
    net = RoadNetwork.from_osm_xml(oakland, cache_dir=tmp_path / "c")
    lon, lat = float(net.data.lon[0]), float(net.data.lat[0])
    points = tmp_path / "points.csv"
    points.write_text(f"lon,lat\n{lon},{lat}\n{lon + 1.0},{lat}\n", encoding="utf-8")
    out = tmp_path / "m.npy"
    code = cli.main(["matrix", "--graph", str(oakland), "--points", str(points), "-o", str(out)])
    printed = capsys.readouterr().out
    assert code == 0
    matrix = np.load(out)
    assert np.isfinite(matrix[0, 0])
    assert np.isinf(matrix[0, 1])
    assert "point on line 3" in printed
    assert "km from the nearest road" in printed
    assert utm_crs(lon, lat) == "EPSG:32610"
