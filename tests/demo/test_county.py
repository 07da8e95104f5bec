"""Invariants of the built demo county: totals, tiling, grids, stations, rosters."""

from __future__ import annotations

import json
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
import shapely

from geo.adjacency import adjacency, is_contiguous, neighbour_pairs
from geo.layers import read_layer
from geo.settings import METRIC_CRS


@pytest.fixture(scope="module")
def layer(demo_dir: Path):
    cache: dict[str, gpd.GeoDataFrame] = {}

    def get(name: str) -> gpd.GeoDataFrame:
        if name not in cache:
            cache[name] = read_layer(demo_dir, name)
        return cache[name]

    return get


@pytest.fixture(scope="module")
def table(demo_dir: Path):
    return lambda name: pd.read_parquet(demo_dir / f"{name}.parquet")


@pytest.fixture(scope="module")
def district_graph(layer):
    districts = layer("districts").to_crs(METRIC_CRS)
    ids = list(districts["id"])
    return adjacency(ids, neighbour_pairs(list(districts.geometry)))


def test_households_total_urban_and_rural(layer):
    d = layer("districts")
    assert d["households"].sum() == 334_000
    assert d.loc[d["area_class"] == "urban", "households"].sum() == 78_000
    assert d.loc[d["area_class"] != "urban", "households"].sum() == 256_000
    assert (d["households"] > 0).all()


def test_about_two_thousand_districts_tile_the_county(layer):
    outline = layer("outline").to_crs(METRIC_CRS).geometry.iloc[0]
    districts = layer("districts").to_crs(METRIC_CRS)
    assert 1_800 <= len(districts) <= 2_200
    assert districts["id"].is_unique
    assert districts.is_valid.all()
    total = districts.area.sum()
    union = shapely.union_all(districts.geometry.values)
    assert abs(outline.area / 1e6 - 2_538) < 30  # about 2,500 km², as Qiyang
    assert abs(total - outline.area) / outline.area < 1e-4  # no overlaps
    assert abs(union.area - outline.area) / outline.area < 1e-4  # no gaps


def test_every_district_is_in_exactly_one_known_grid(layer):
    d, g = layer("districts"), layer("grids")
    assert d["grid_id"].notna().all()
    assert set(d["grid_id"]) == set(g["id"])


def test_grids_contiguous_within_bounds_and_one_station_each(layer, district_graph):
    d = layer("districts")
    for grid_id, group in d.groupby("grid_id"):
        assert is_contiguous(group["id"], district_graph), grid_id
        assert 12_000 <= group["households"].sum() <= 15_000, grid_id
        assert group["station_id"].nunique() == 1, grid_id


def test_six_urban_grids_and_two_or_three_per_rural_station(layer):
    g = layer("grids")
    per_station = g.groupby("station_id").size()
    assert per_station["CC"] == 6
    rural = per_station.drop("CC")
    assert 7 <= len(rural) <= 9
    assert rural.between(2, 3).all()


def test_stations_own_contiguous_districts(layer, district_graph):
    d = layer("districts")
    for station, group in d.groupby("station_id"):
        assert is_contiguous(group["id"], district_graph), station


def test_about_twenty_townships_with_approximate_seats(layer):
    t = layer("townships")
    assert (t["kind"] == "subdistrict").sum() == 3
    assert 20 <= (t["kind"] != "subdistrict").sum() <= 26
    assert t["approximate"].all()


def test_rosters_are_complete(layer, table):
    """Every grid has its leader, at least two staff including repair, community members,
    and a service window whose responsible person works in that grid."""
    members, windows = table("members"), layer("windows")
    staff = members[members["kind"] == "staff"]
    for grid_id in layer("grids")["id"]:
        own = staff[staff["grid_id"] == grid_id]
        assert (own["role"] == "leader").sum() == 1, grid_id
        assert len(own) >= 3, grid_id
        assert own["skills"].str.contains("repair").any(), grid_id
        assert ((members["kind"] == "community") & (members["grid_id"] == grid_id)).any()
        mine = windows[windows["grid_id"] == grid_id]
        assert len(mine) >= 1, grid_id
        assert set(mine["responsible_id"]) <= set(own["id"]), grid_id


def test_staff_windows_and_community_members_counts(layer, table):
    members = table("members")
    staff = members[members["kind"] == "staff"]
    assert 70 <= len(staff) <= 95
    assert set(staff["specialty"]) == {"repair", "metering", "billing", "connection", "account"}
    assert 35 <= len(layer("windows")) <= 45
    per_community = members[members["kind"] == "community"].groupby("community_id").size()
    assert per_community.between(1, 3).all()
    assert set(per_community.index) == set(layer("communities")["id"])


def test_communities_join_the_grid_covering_most_of_their_households(layer):
    d, c = layer("districts"), layer("communities").set_index("id")
    by = d.groupby(["community_id", "grid_id"])["households"].sum().reset_index()
    top = by.sort_values("households", ascending=False).drop_duplicates("community_id")
    assert (
        top.set_index("community_id")["grid_id"] == c.loc[top["community_id"], "grid_id"].to_numpy()
    ).all()


def test_critical_customers_and_low_ground(layer):
    critical = layer("critical")
    assert {"hospital", "water_works", "shelter"} <= set(critical["kind"])
    assert critical["district_id"].notna().all()
    low = layer("low_ground").set_index("gauge_level_m")["area_km2"]
    assert low.is_monotonic_increasing
    assert 10 < low[88.5] < 150  # the 2017-like flood covers real but limited low ground


def test_customers_one_per_household_in_their_district(layer, table):
    customers = table("customers")
    d = layer("districts")
    assert len(customers) == 334_000
    assert customers["account_no"].is_unique
    per_district = customers.groupby("district_id").size()
    assert (per_district == d.set_index("id")["households"].loc[per_district.index]).all()
    sample = customers.sample(2_000, random_state=1)
    points = gpd.GeoDataFrame(
        sample, geometry=gpd.points_from_xy(sample["lon"], sample["lat"]), crs="EPSG:4326"
    )
    joined = gpd.sjoin(points, d[["id", "geometry"]], predicate="intersects")
    inside = (joined["district_id"] == joined["id"]).groupby(level=0).any()
    assert inside.mean() > 0.999


def test_record_quality_history_matches_what_the_utility_reported(demo_dir, table):
    """Phones verified from about 37% to about 76% in the year; 20,000+ contracts; 97% prepaid."""
    customers = table("customers")
    as_of = pd.Timestamp(json.loads((demo_dir / "meta.json").read_text())["as_of_utc"])
    start = as_of - pd.Timedelta(days=365)
    verified = customers["phone_verified_at"]
    assert abs((verified < start).mean() - 0.37) < 0.01
    assert abs(verified.notna().mean() - 0.76) < 0.01
    signed = customers["contract_signed_at"]
    in_year = signed[(signed >= start) & (signed < as_of)]
    monthly = in_year.dt.to_period("M").value_counts().sort_index()
    assert len(in_year) >= 20_000
    assert monthly.rolling(4).sum().max() >= 20_000  # 20,000+ in four months
    assert abs(customers["prepaid_since"].notna().mean() - 0.97) < 0.005
    assert customers.loc[verified >= start, "phone_verified_by"].notna().all()
