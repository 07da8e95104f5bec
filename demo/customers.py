"""Every customer account of the demo county (synthetic), with its record quality over time.

The record-quality history follows what the utility reported for the dual-grid
model: correct phone numbers rising from about 37% to about 76% in a year,
tens of thousands of supply contracts signed (20,000+ in a four-month drive), and
prepaid purchase reaching about 97%.
"""

from __future__ import annotations

from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from demo.people_names import id_numbers, person_names, phone_numbers
from geo.projection import to_lonlat, to_metric_xy
from geo.settings import METRIC_CRS

_ROADS = (
    "人民路",
    "建设路",
    "龙山路",
    "长虹路",
    "浯溪路",
    "滨江路",
    "文昌路",
    "祁阳大道",
    "解放路",
    "新华路",
    "和平路",
    "金盆路",
)


@dataclass(frozen=True, slots=True)
class RecordShares:
    """Shares of accounts before the year and at its end (named for the reported figures)."""

    phone_before: float = 0.37
    phone_after: float = 0.76
    contract_before: float = 0.22
    contract_in_year: int = 31_000
    contract_drive: int = 22_000  # of those, signed in the four-month drive
    prepaid_before: float = 0.81
    prepaid_after: float = 0.97


def customer_positions(
    districts: gpd.GeoDataFrame, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """One point per household, clustered around its district's transformer, inside the
    district. Returns the district index per customer and lon, lat arrays."""
    metric = districts.to_crs(METRIC_CRS)
    site_x, site_y = to_metric_xy(districts["lon"].to_numpy(), districts["lat"].to_numpy())
    owner, xs, ys = [], [], []
    for i, (polygon, sx, sy, households, area_class) in enumerate(
        zip(
            metric.geometry, site_x, site_y, metric["households"], metric["area_class"], strict=True
        )
    ):
        n = int(households)
        if n == 0:
            continue
        spread = 110.0 if area_class == "urban" else 320.0
        found = np.empty((0, 2))
        for attempt in range(6):
            cand = rng.normal((sx, sy), spread * (1 + attempt), size=(2 * n, 2))
            cand = cand[shapely.contains_xy(polygon, cand[:, 0], cand[:, 1])]
            found = np.vstack((found, cand))[:n]
            if len(found) == n:
                break
        if len(found) < n:
            rp = polygon.representative_point()
            found = np.vstack((found, np.tile((rp.x, rp.y), (n - len(found), 1))))
        owner.append(np.full(n, i))
        xs.append(found[:, 0])
        ys.append(found[:, 1])
    lon, lat = to_lonlat(np.concatenate(xs), np.concatenate(ys))
    return np.concatenate(owner), lon, lat


def _dates_in(
    start: pd.Timestamp,
    end: pd.Timestamp,
    count: int,
    rng: np.random.Generator,
    weight_by_month: np.ndarray | None = None,
) -> pd.DatetimeIndex:
    """Random times in [start, end), optionally weighted by month of the span."""
    span = (end - start).total_seconds()
    if weight_by_month is None:
        offsets = rng.uniform(0, span, count)
    else:
        months = len(weight_by_month)
        month = rng.choice(months, count, p=weight_by_month / weight_by_month.sum())
        offsets = (month + rng.random(count)) * span / months
    return pd.DatetimeIndex(start + pd.to_timedelta(np.sort(offsets), unit="s"))


def customers(
    districts: gpd.GeoDataFrame,
    communities: gpd.GeoDataFrame,
    townships: gpd.GeoDataFrame,
    members: pd.DataFrame,
    rng: np.random.Generator,
    year_start: pd.Timestamp,
    year_end: pd.Timestamp,
    shares: RecordShares = RecordShares(),
) -> pd.DataFrame:
    """All accounts, one per household, with masked-at-display personal fields."""
    owner, lon, lat = customer_positions(districts, rng)
    n = len(owner)
    d = districts.iloc[owner]
    community_name = communities.set_index("id")["name"]
    township_name = townships.set_index("id")["name"]
    serial = pd.Series(np.ones(n, dtype=int)).groupby(owner).cumsum().to_numpy()
    account = np.char.add(
        np.char.add("7", np.char.zfill((owner + 1).astype(str), 4)),
        np.char.zfill(serial.astype(str), 5),
    )
    urban = (d["area_class"] == "urban").to_numpy()
    house = rng.integers(1, 300, n).astype(str)
    group = rng.integers(1, 16, n).astype(str)
    road = rng.choice(_ROADS, n)
    place = d["township_id"].map(township_name).to_numpy().astype(str) + d["community_id"].map(
        community_name
    ).to_numpy().astype(str)
    address = np.where(
        urban,
        np.char.add(np.char.add(np.char.add(place, road), house), "号"),
        np.char.add(np.char.add(np.char.add(place, group), "组"), np.char.add(house, "号")),
    )
    frame = pd.DataFrame(
        {
            "account_no": account,
            "name": person_names(n, rng),
            "address": address,
            "phone": phone_numbers(n, rng),
            "id_number": id_numbers(n, rng),
            "district_id": d["id"].to_numpy(),
            "community_id": d["community_id"].to_numpy(),
            "grid_id": d["grid_id"].to_numpy(),
            "lon": np.round(lon, 6),
            "lat": np.round(lat, 6),
        }
    )
    _record_history(frame, members, rng, year_start, year_end, shares)
    return frame


def _pick_from_groups(keys: np.ndarray, groups: pd.Series, r: np.ndarray) -> np.ndarray:
    """For each key, the member of its group at random position ``r`` (None: no group)."""
    flat = np.concatenate([np.asarray(v, dtype=object) for v in groups.to_numpy()])
    sizes = groups.map(len).to_numpy()
    starts = np.concatenate(([0], np.cumsum(sizes)[:-1]))
    code = pd.Index(groups.index).get_indexer(keys)
    out = np.full(len(keys), None, dtype=object)
    ok = code >= 0
    out[ok] = flat[starts[code[ok]] + (r[ok] * sizes[code[ok]]).astype(int)]
    return out


def _helpers(
    frame: pd.DataFrame,
    members: pd.DataFrame,
    idx: np.ndarray,
    community_share: float,
    rng: np.random.Generator,
) -> np.ndarray:
    """Who helped with each record: a community member of the customer's community, or
    else an account manager or leader of the customer's grid."""
    by_community = members[members["kind"] == "community"].groupby("community_id")["id"].apply(list)
    staff = members[(members["kind"] == "staff") & members["skills"].str.contains("verification")]
    by_grid = staff.groupby("grid_id")["id"].apply(list)
    use_community = rng.random(len(idx)) < community_share
    r = rng.random(len(idx))
    helpers = _pick_from_groups(frame["grid_id"].to_numpy()[idx], by_grid, r)
    from_community = _pick_from_groups(frame["community_id"].to_numpy()[idx], by_community, r)
    chosen = use_community & (from_community != None)  # noqa: E711 - elementwise
    helpers[chosen] = from_community[chosen]
    return helpers


def _record_history(
    frame: pd.DataFrame,
    members: pd.DataFrame,
    rng: np.random.Generator,
    start: pd.Timestamp,
    end: pd.Timestamp,
    shares: RecordShares,
) -> None:
    n = len(frame)
    before = start - pd.Timedelta(days=3 * 365)
    ramp = np.array([1, 1, 2, 3, 4, 5, 5, 5, 4, 3, 3, 2], dtype=float)  # the verification drive
    for column, share_before, share_after, by_column, community_share in (
        ("phone_verified_at", shares.phone_before, shares.phone_after, "phone_verified_by", 0.65),
        ("prepaid_since", shares.prepaid_before, shares.prepaid_after, None, 0.0),
    ):
        order = rng.permutation(n)
        early = order[: round(share_before * n)]
        late = order[round(share_before * n) : round(share_after * n)]
        values = pd.Series(pd.NaT, index=frame.index, dtype="datetime64[ns]")
        values.iloc[early] = _dates_in(before, start, len(early), rng)
        values.iloc[late] = _dates_in(start, end, len(late), rng, ramp)
        frame[column] = values
        if by_column:
            helper = np.full(n, None, dtype=object)
            helper[late] = _helpers(frame, members, late, community_share, rng)
            frame[by_column] = helper
    order = rng.permutation(n)
    early = order[: round(shares.contract_before * n)]
    drive = order[len(early) : len(early) + shares.contract_drive]
    other = order[len(early) + len(drive) : len(early) + shares.contract_in_year]
    signed = pd.Series(pd.NaT, index=frame.index, dtype="datetime64[ns]")
    signed.iloc[early] = _dates_in(before, start, len(early), rng)
    drive_weights = np.array([0, 0, 0, 1, 1, 1, 1, 0, 0, 0, 0, 0], dtype=float)
    signed.iloc[drive] = _dates_in(start, end, len(drive), rng, drive_weights)
    signed.iloc[other] = _dates_in(start, end, len(other), rng, 1 - drive_weights + 0.01)
    frame["contract_signed_at"] = signed
    helper = np.full(n, None, dtype=object)
    helped = np.concatenate((drive, other))
    helper[helped] = _helpers(frame, members, helped, 0.55, rng)
    frame["contract_helped_by"] = helper
