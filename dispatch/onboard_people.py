"""Onboarding's people and places of service: staff given their grid (one leader per
grid), community members their community's grid, service windows their district and a
responsible person, customers their district's community and grid — every decision a
file did not state written to ``notes``."""

from __future__ import annotations

from datetime import date, datetime
from typing import Final

import geopandas as gpd
import pandas as pd

from dispatch.domain import COMMUNITY_SKILLS, SPECIALTY_SKILLS, Specialty
from dispatch.onboard import Checked
from geo.layers import holding
from i18n import _

WGS84: Final = "EPSG:4326"


def members(
    checked: Checked,
    notes: list[str],
    districts: gpd.GeoDataFrame,
    communities: gpd.GeoDataFrame,
    today: date,
) -> pd.DataFrame:
    staff = checked.tables["staff"].copy()
    staff["grid_id"] = _staff_grids(notes, staff, districts)
    staff["kind"] = "staff"
    staff["skills"] = [",".join(sorted(SPECIALTY_SKILLS[Specialty(s)])) for s in staff["specialty"]]
    staff["community_id"] = None
    frames = [staff]
    if "members" in checked.tables:
        people = checked.tables["members"].copy()
        by_name = dict(zip(communities["name"], communities["id"], strict=True))
        towns = checked.layers["townships"]
        town_of = dict(zip(towns["name"].astype(str), towns["id"].astype(str), strict=True))
        community_ids = []
        for row in people.itertuples():
            found = by_name.get(row.community) or (
                "C" + town_of[row.township]
                if row.township in town_of
                else communities["id"].iloc[0]
            )
            community_ids.append(found)
        people["community_id"] = community_ids
        grid_of = dict(zip(communities["id"], communities["grid_id"], strict=True))
        grids = set(districts["grid_id"])
        given = people["grid_id"] if "grid_id" in people else pd.Series("", index=people.index)
        people["grid_id"] = [
            g if g in grids else grid_of[c] for g, c in zip(given, community_ids, strict=True)
        ]
        placed = int((~given.isin(grids)).sum())
        if placed:
            notes.append(
                _("{n} community members without a known grid given their community's").format(
                    n=placed
                )
            )
        station_of = dict(zip(districts["grid_id"], districts["station_id"], strict=True))
        people["station_id"] = [station_of[g] for g in people["grid_id"]]
        people["kind"] = "community"
        people["role"] = "community"
        people["specialty"] = None
        people["skills"] = ",".join(sorted(COMMUNITY_SKILLS))
        frames.append(people)
    members = pd.concat(frames, ignore_index=True)
    members["joined_on"] = today.isoformat()
    members["active"] = True
    members["phone"] = members["phone"].replace("", None)
    return members[
        [
            "id",
            "kind",
            "name",
            "role",
            "specialty",
            "skills",
            "station_id",
            "grid_id",
            "community_id",
            "phone",
            "joined_on",
            "active",
        ]
    ]


def _staff_grids(notes: list[str], staff: pd.DataFrame, districts: gpd.GeoDataFrame) -> list[str]:
    """Each staff member's grid: as given, else leaders to their station's grids without
    one and the others in turn; then one leader per grid (the first kept, the first
    staff member promoted where there is none), every change noted."""
    grids = sorted(set(districts["grid_id"]))
    of_station = {s: sorted(g.unique()) for s, g in districts.groupby("station_id")["grid_id"]}
    out = [g if g in grids else "" for g in staff["grid_id"]]
    placed = 0
    led = {g for g, r in zip(out, staff["role"], strict=True) if g and r == "leader"}
    turn: dict[str, int] = {}
    for k, (station, role) in enumerate(zip(staff["station_id"], staff["role"], strict=True)):
        if out[k]:
            continue
        mine = of_station.get(station, grids)
        free = [g for g in mine if g not in led]
        if role == "leader" and free:
            out[k] = free[0]
            led.add(free[0])
        else:
            out[k] = mine[turn.get(station, 0) % len(mine)]
            turn[station] = turn.get(station, 0) + 1
        placed += 1
    if placed:
        notes.append(_("{n} staff without a grid placed in their station's grids").format(n=placed))
    roles = list(staff["role"])
    for grid in grids:
        mine = [k for k, g in enumerate(out) if g == grid]
        leaders = [k for k in mine if roles[k] == "leader"]
        for k in leaders[1:]:
            roles[k] = "staff"
            notes.append(
                _("grid {grid}: {name} is a second grid leader, kept as staff").format(
                    grid=grid, name=staff["name"].iloc[k]
                )
            )
        if not leaders and mine:
            roles[mine[0]] = "leader"
            notes.append(
                _("grid {grid}: no grid leader, {name} made leader").format(
                    grid=grid, name=staff["name"].iloc[mine[0]]
                )
            )
    staff["role"] = roles
    return out


def windows(checked: Checked, districts: gpd.GeoDataFrame, members: pd.DataFrame) -> pd.DataFrame:
    if "windows" not in checked.tables:
        return pd.DataFrame(
            columns=["id", "name", "kind", "lon", "lat", "district_id", "grid_id", "responsible_id"]
        )
    rows = checked.tables["windows"].copy()
    points = gpd.GeoDataFrame(
        rows, geometry=gpd.points_from_xy(rows["lon"], rows["lat"]), crs=WGS84
    )
    rows["district_id"] = holding(points, districts, "id")
    grid = dict(zip(districts["id"], districts["grid_id"], strict=True))
    rows["grid_id"] = [grid[d] for d in rows["district_id"]]
    staff = members[members["kind"] == "staff"].sort_values("role")  # leaders first
    first = staff.groupby("grid_id")["id"].first()
    rows["responsible_id"] = [first.get(g, staff["id"].iloc[0]) for g in rows["grid_id"]]
    return rows[["id", "name", "kind", "lon", "lat", "district_id", "grid_id", "responsible_id"]]


def customers(checked: Checked, districts: gpd.GeoDataFrame) -> pd.DataFrame:
    columns = [
        "account_no",
        "name",
        "address",
        "phone",
        "id_number",
        "district_id",
        "community_id",
        "grid_id",
        "lon",
        "lat",
    ]
    if "customers" not in checked.tables:
        return pd.DataFrame(columns=columns)
    rows = checked.tables["customers"].copy()
    place = districts.set_index("id")
    rows["community_id"] = place.loc[rows["district_id"], "community_id"].to_numpy()
    rows["grid_id"] = place.loc[rows["district_id"], "grid_id"].to_numpy()
    rows["lon"] = rows["lon"].fillna(
        pd.Series(place.loc[rows["district_id"], "lon"].to_numpy(), index=rows.index)
    )
    rows["lat"] = rows["lat"].fillna(
        pd.Series(place.loc[rows["district_id"], "lat"].to_numpy(), index=rows.index)
    )
    for column in ("phone", "id_number"):
        rows[column] = rows[column].replace("", None)
    for column in (
        "phone_verified_at",
        "phone_verified_by",
        "prepaid_since",
        "contract_signed_at",
        "contract_helped_by",
    ):
        rows[column] = None
    return rows


def starting_positions(
    people: pd.DataFrame,
    stations: gpd.GeoDataFrame,
    communities: gpd.GeoDataFrame,
    now: datetime,
) -> pd.DataFrame:
    """Where each member is first seen, until their phone shares a position: staff at
    their station's office, community members at their community; all available."""
    office = stations.set_index("id")[["office_lon", "office_lat"]]
    place = communities.set_index("id")[["lon", "lat"]]
    lon, lat = [], []
    for row in people.itertuples():
        if row.kind == "staff":
            lon.append(float(office.at[row.station_id, "office_lon"]))
            lat.append(float(office.at[row.station_id, "office_lat"]))
        else:
            lon.append(float(place.at[row.community_id, "lon"]))
            lat.append(float(place.at[row.community_id, "lat"]))
    return pd.DataFrame(
        {
            "member_id": people["id"],
            "status": "available",
            "lon": lon,
            "lat": lat,
            "updated_at": pd.Timestamp(now),
        }
    )
