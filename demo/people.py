"""The people of the demo county's service grids: staff (n), community members (x),
service windows with their responsible person, and critical customers."""

from __future__ import annotations

from datetime import date

import geopandas as gpd
import numpy as np
import pandas as pd

from demo.people_names import person_names, phone_numbers
from dispatch.domain import COMMUNITY_SKILLS, SPECIALTY_SKILLS, Specialty

URBAN_STATION = "CC"

#: Staff placed in each grid, by specialty; the first listed role of the leader.
URBAN_TEAM = (Specialty.ACCOUNT, Specialty.REPAIR, Specialty.METERING, Specialty.BILLING)
RURAL_TEAM = (Specialty.ACCOUNT, Specialty.REPAIR, Specialty.METERING)
EXTRA_CONNECTION_GRIDS = 3  # urban grids that also have a connection specialist


def district_of(points: gpd.GeoDataFrame, districts: gpd.GeoDataFrame) -> np.ndarray:
    """The id of the district holding each point (the nearest one for a point on an edge)."""
    metric = districts[["id", "geometry"]].to_crs("EPSG:32649")
    joined = gpd.sjoin_nearest(points[["geometry"]].to_crs("EPSG:32649"), metric, how="left")
    ids: np.ndarray = joined[~joined.index.duplicated()]["id"].to_numpy()
    return ids


def staff(grids: gpd.GeoDataFrame, rng: np.random.Generator) -> pd.DataFrame:
    """About 80 staff: each grid's team, its grid leader first."""
    rows = []
    urban_seen = 0
    for grid in grids.sort_values("id").itertuples():
        urban = grid.station_id == URBAN_STATION
        team = list(URBAN_TEAM if urban else RURAL_TEAM)
        if urban:
            urban_seen += 1
            if urban_seen <= EXTRA_CONNECTION_GRIDS:
                team.append(Specialty.CONNECTION)
        for k, specialty in enumerate(team):
            skills = set(SPECIALTY_SKILLS[specialty])
            if k == 0:
                skills.add("verification")
            rows.append(
                {
                    "role": "leader" if k == 0 else "staff",
                    "specialty": str(specialty),
                    "skills": ",".join(sorted(skills)),
                    "station_id": grid.station_id,
                    "grid_id": grid.id,
                    "community_id": None,
                }
            )
    frame = pd.DataFrame(rows)
    frame.insert(0, "id", [f"M{i + 1:03d}" for i in range(len(frame))])
    frame.insert(1, "kind", "staff")
    frame.insert(2, "name", person_names(len(frame), rng))
    frame["phone"] = phone_numbers(len(frame), rng)
    frame["joined_on"] = [
        date(2019 + int(y), 1 + int(m), 1).isoformat()
        for y, m in zip(
            rng.integers(0, 6, len(frame)), rng.integers(0, 12, len(frame)), strict=True
        )
    ]
    frame["active"] = True
    return frame


def community_members(
    communities: gpd.GeoDataFrame, grids: gpd.GeoDataFrame, rng: np.random.Generator
) -> pd.DataFrame:
    """One to three government grid members per community, in the service grid covering it."""
    station = grids.set_index("id")["station_id"]
    counts = np.clip(rng.poisson(1.0, len(communities)) + 1, 1, 3)
    rows = []
    for community, n in zip(communities.itertuples(), counts, strict=True):
        for _ in range(int(n)):
            rows.append(
                {
                    "role": "community",
                    "specialty": None,
                    "skills": ",".join(sorted(COMMUNITY_SKILLS)),
                    "station_id": station[community.grid_id],
                    "grid_id": community.grid_id,
                    "community_id": community.id,
                }
            )
    frame = pd.DataFrame(rows)
    frame.insert(0, "id", [f"X{i + 1:04d}" for i in range(len(frame))])
    frame.insert(1, "kind", "community")
    frame.insert(2, "name", person_names(len(frame), rng))
    frame["phone"] = phone_numbers(len(frame), rng)
    frame["joined_on"] = "2024-03-01"
    frame["active"] = True
    return frame


def service_windows(
    communities: gpd.GeoDataFrame,
    townships: gpd.GeoDataFrame,
    districts: gpd.GeoDataFrame,
    members: pd.DataFrame,
    *,
    urban_windows: int = 16,
) -> gpd.GeoDataFrame:
    """About 40 windows: in the largest urban communities and at every township seat
    (two in the largest town), each with a responsible staff member of its grid."""
    urban = communities[communities["kind"] == "community"].nlargest(urban_windows, "households")
    rows = [
        {
            "name": f"{c.name}供电服务窗口",
            "kind": "community",
            "lon": c.geometry.x,
            "lat": c.geometry.y,
        }
        for c in urban.itertuples()
    ]
    rural = townships[townships["kind"] != "subdistrict"]
    for t in rural.itertuples():
        rows.append(
            {
                "name": f"{t.name}供电服务站",
                "kind": "township",
                "lon": t.seat_lon,
                "lat": t.seat_lat,
            }
        )
    biggest = communities[communities["kind"] == "village"].nlargest(1, "households").iloc[0]
    rows.append(
        {
            "name": f"{biggest['name']}供电服务窗口",
            "kind": "village",
            "lon": biggest.geometry.x,
            "lat": biggest.geometry.y,
        }
    )
    frame = gpd.GeoDataFrame(
        rows,
        geometry=gpd.points_from_xy([r["lon"] for r in rows], [r["lat"] for r in rows]),
        crs="EPSG:4326",
    )
    frame["district_id"] = district_of(frame, districts)
    frame["grid_id"] = frame["district_id"].map(districts.set_index("id")["grid_id"])
    missing = sorted(set(districts["grid_id"]) - set(frame["grid_id"]))
    if missing:  # every grid gets a window: its largest community holds one
        extra = [
            communities[communities["grid_id"] == gid].nlargest(1, "households").iloc[0]
            for gid in missing
        ]
        more = gpd.GeoDataFrame(
            [
                {
                    "name": f"{c['name']}供电服务窗口",
                    "kind": c["kind"],
                    "lon": c.geometry.x,
                    "lat": c.geometry.y,
                }
                for c in extra
            ],
            geometry=[c.geometry for c in extra],
            crs="EPSG:4326",
        )
        more["district_id"] = district_of(more, districts)
        more["grid_id"] = missing
        frame = pd.concat([frame, more], ignore_index=True)
    staff_by_grid = members[members["kind"] == "staff"].groupby("grid_id")
    used: dict[str, int] = {}
    responsible = []
    for gid in frame["grid_id"]:
        team = staff_by_grid.get_group(gid)
        ordered = pd.concat(
            [team[team["specialty"] == "account"], team[team["role"] == "leader"], team]
        ).drop_duplicates("id")
        k = used.get(gid, 0)
        responsible.append(ordered["id"].iloc[k % len(ordered)])
        used[gid] = k + 1
    frame["responsible_id"] = responsible
    frame.insert(0, "id", [f"W{i + 1:02d}" for i in range(len(frame))])
    frame["lon"] = frame["lon"].round(6)
    frame["lat"] = frame["lat"].round(6)
    return frame


def critical_customers(
    townships: gpd.GeoDataFrame,
    districts: gpd.GeoDataFrame,
    water: gpd.GeoDataFrame,
    heights: np.ndarray,
    rng: np.random.Generator,
) -> gpd.GeoDataFrame:
    """Hospitals, water works and flood shelters; ``heights`` is each district's terrain
    height above the normal river level (for shelters on high ground)."""
    seat = townships[townships["name"] == "龙山街道"].iloc[0]
    rows = [
        ("祁阳市人民医院", "hospital", seat.seat_lon + 0.004, seat.seat_lat + 0.003),
        ("祁阳市中医医院", "hospital", seat.seat_lon + 0.018, seat.seat_lat + 0.006),
        ("祁阳市妇幼保健院", "hospital", seat.seat_lon - 0.006, seat.seat_lat + 0.008),
    ]
    for t in townships[townships["kind"] != "subdistrict"].itertuples():
        rows.append((f"{t.name}卫生院", "hospital", t.seat_lon + 0.002, t.seat_lat - 0.001))
    xiang = water[water["name"].str.startswith("湘江")].to_crs("EPSG:32649").geometry.iloc[0]
    for name, ref in (
        ("祁阳城区自来水厂", (111.840, 26.5835)),
        ("浯溪水厂", (111.872, 26.578)),
        ("白水镇水厂", (111.752, 26.547)),
        ("潘市镇水厂", (111.990, 26.589)),
    ):
        point = gpd.GeoSeries(gpd.points_from_xy([ref[0]], [ref[1]]), crs="EPSG:4326")
        metric = point.to_crs("EPSG:32649").iloc[0]
        bank = xiang.exterior.interpolate(xiang.exterior.project(metric))
        step = np.array([metric.x - bank.x, metric.y - bank.y])
        spot = np.array([bank.x, bank.y]) + 150.0 * step / max(float(np.linalg.norm(step)), 1.0)
        lonlat = gpd.GeoSeries(gpd.points_from_xy([spot[0]], [spot[1]]), crs="EPSG:32649")
        p = lonlat.to_crs("EPSG:4326").iloc[0]
        rows.append((name, "water_works", p.x, p.y))
    towns = districts.assign(height=heights)
    high = towns[towns["area_class"] != "remote"].nlargest(400, "households")
    picks = high.nlargest(10, "height").sample(8, random_state=int(rng.integers(1 << 31)))
    for k, d in enumerate(picks.sort_values("id").itertuples(), start=1):
        rows.append((f"防汛安置点{k}号 ({d.name})", "shelter", d.lon, d.lat))
    frame = gpd.GeoDataFrame(
        pd.DataFrame(rows, columns=["name", "kind", "lon", "lat"]),
        geometry=gpd.points_from_xy([r[2] for r in rows], [r[3] for r in rows]),
        crs="EPSG:4326",
    )
    frame["district_id"] = district_of(frame, districts)
    frame.insert(0, "id", [f"K{i + 1:03d}" for i in range(len(frame))])
    frame["account_no"] = [f"9{431181000 + i:09d}" for i in range(len(frame))]
    frame["lon"] = frame["lon"].round(6)
    frame["lat"] = frame["lat"].round(6)
    return frame
