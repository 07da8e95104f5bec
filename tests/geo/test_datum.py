"""GCJ-02 and BD-09 to WGS-84 at the edge, against the published point pairs of the
public formulas (wandergis/coordtransform's README) and by round trip."""

from __future__ import annotations

import numpy as np
import pytest
from pyproj import Geod

from geo.datum import (
    BD09,
    GCJ02,
    WGS84_DATUM,
    bd09_to_gcj02,
    datum_of,
    gcj02_to_bd09,
    gcj02_to_wgs84,
    to_wgs84,
    wgs84_to_gcj02,
)

GEOD = Geod(ellps="WGS84")
TIANANMEN = (116.404, 39.915)


def metres(a, b) -> float:
    return float(GEOD.inv(a[0], a[1], b[0], b[1])[2])


def test_the_published_pairs():
    assert wgs84_to_gcj02(*TIANANMEN) == pytest.approx((116.41024449916938, 39.91640428150164))
    assert gcj02_to_bd09(*TIANANMEN) == pytest.approx((116.41036949371029, 39.92133699351021))
    assert bd09_to_gcj02(*TIANANMEN) == pytest.approx((116.39762729119315, 39.90865673957631))
    # the README's GCJ-02→WGS-84 is the one-step estimate; ours iterates, so within ~2 m of it
    assert metres(gcj02_to_wgs84(*TIANANMEN), (116.39775550083061, 39.91359571849836)) < 3


def test_gcj02_inverts_to_a_millimetre_across_china():
    rng = np.random.default_rng(3)
    lon, lat = rng.uniform(75, 134, 500), rng.uniform(18, 53, 500)
    back = gcj02_to_wgs84(*wgs84_to_gcj02(lon, lat))
    _, _, error = GEOD.inv(lon, lat, back[0], back[1])
    assert error.max() < 1e-3
    # and the offset it removes is the few hundred metres people see on the map
    _, _, shift = GEOD.inv(lon, lat, *wgs84_to_gcj02(lon, lat))
    assert 50 < np.median(shift) < 1_000


def test_bd09_to_wgs84_goes_through_gcj02():
    qiyang = (111.86, 26.58)
    bd = gcj02_to_bd09(*wgs84_to_gcj02(*qiyang))
    assert metres(to_wgs84(*bd, BD09), qiyang) < 0.1  # Baidu's pair of formulas: cm apart
    assert metres(to_wgs84(*wgs84_to_gcj02(*qiyang), GCJ02), qiyang) < 0.01
    assert to_wgs84(*qiyang, WGS84_DATUM) == pytest.approx(qiyang)


def test_no_offset_outside_china():
    monaco = (7.42, 43.73)
    assert wgs84_to_gcj02(*monaco) == pytest.approx(monaco)
    assert to_wgs84(*monaco, GCJ02) == pytest.approx(monaco)


@pytest.mark.parametrize(
    ("label", "datum"),
    [
        ("gcj02", GCJ02),
        ("GCJ-02", GCJ02),
        ("火星坐标", GCJ02),
        ("高德", GCJ02),
        ("bd09", BD09),
        ("百度坐标", BD09),
        ("WGS84", WGS84_DATUM),
        ("EPSG:4326", WGS84_DATUM),
        ("cgcs2000x", None),
        ("", None),
    ],
)
def test_datum_labels(label, datum):
    assert datum_of(label) == datum
