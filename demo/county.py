"""Build the demo county's geography from named parameters, deterministically."""

from __future__ import annotations

import zlib
from collections.abc import Callable
from dataclasses import dataclass

import geopandas as gpd
import networkx as nx
import numpy as np
import pandas as pd
import shapely

from demo import frames, places
from demo.districts import district_polygons
from demo.grids import grow_stations, split_into_grids
from demo.params import DemoParams
from demo.roadnet import bend, classify, to_multidigraph
from demo.roads import anchors, mesh
from demo.settlements import Township, apportion, communities, townships, transformer_sites
from demo.terrain import build_terrain, county_outline, lonlat_array, rivers
from geo.adjacency import adjacency, neighbour_pairs
from geo.coverage import clean_coverage
from geo.terrain import Terrain

URBAN_STATION = "CC"
FLOOD_LEVELS_M = (84.0, 86.0, 88.5, 90.0)


@dataclass
class County:
    """The demo county's geography; frames are in WGS-84, the terrain in the metric CRS."""

    params: DemoParams
    outline: gpd.GeoDataFrame
    townships: gpd.GeoDataFrame
    stations: gpd.GeoDataFrame
    grids: gpd.GeoDataFrame
    districts: gpd.GeoDataFrame
    communities: gpd.GeoDataFrame
    water: gpd.GeoDataFrame
    low_ground: gpd.GeoDataFrame
    roads: nx.MultiDiGraph
    terrain: Terrain


def stage_rng(params: DemoParams, stage: str) -> np.random.Generator:
    """An independent random stream per stage, so changing one stage leaves the others alone."""
    return np.random.default_rng([params.seed, zlib.crc32(stage.encode())])


def build_county(
    params: DemoParams | None = None, *, log: Callable[[str], None] = lambda _: None
) -> County:
    """Generate the whole geography: outline, rivers, terrain, townships, districts,
    stations, grids, communities and roads."""
    params = params or DemoParams()
    all_places = (*places.SUBDISTRICTS, *places.RURAL_PLACES)
    seats = lonlat_array([(p.lon, p.lat) for p in all_places])
    outline = county_outline(params, stage_rng(params, "outline"), seats)
    xiang, qi = rivers(stage_rng(params, "rivers"))
    pockets = [(p.lon, p.lat + 0.004) for p in all_places if p.on_river] + [places.SEAT_LONLAT]
    terrain = build_terrain(
        params, stage_rng(params, "terrain"), outline, xiang, all_places, pockets
    )
    log("outline, rivers and terrain")
    seat = tuple(lonlat_array([places.SEAT_LONLAT])[0])
    towns = townships(
        params,
        stage_rng(params, "townships"),
        outline,
        xiang,
        places.SUBDISTRICTS,
        places.RURAL_PLACES,
        seat,
    )
    sites = transformer_sites(params, stage_rng(params, "sites"), towns, terrain)
    districts = district_polygons(sites, towns, xiang)
    districts["polygon"] = clean_coverage(list(districts["polygon"]))
    log(f"{len(districts)} transformer districts")

    rng = stage_rng(params, "communities")
    districts["community"] = -1
    urban = districts["urban"].to_numpy()
    districts.loc[urban, "community"] = communities(districts[urban], rng, per=7.75)
    offset = int(districts["community"].max()) + 1
    districts.loc[~urban, "community"] = offset + communities(districts[~urban], rng, per=3.5)

    pairs = neighbour_pairs(list(districts["polygon"]))
    graph = adjacency(list(range(len(districts))), pairs)
    station_of_town = _stations(params, towns)
    districts["station"] = [station_of_town[t] for t in districts["township"]]
    districts["households"] = 0
    grid_of = _households_and_grids(params, districts, graph, towns)
    districts["grid"] = [grid_of[i] for i in range(len(districts))]
    log("stations, households and grids")

    road_rng = stage_rng(params, "roads")
    table, bridges = anchors(road_rng, outline, xiang, towns, districts)
    segments = mesh(table, outline, xiang, bridges)
    centres = _community_centres(districts, table)
    labelled = classify(table, segments, towns, centres, road_rng)
    xy, bent = bend(labelled, table[["x", "y"]].to_numpy(), road_rng)
    roads = to_multidigraph(xy, bent, table, terrain, places.GAUGE_NORMAL_M)
    log(f"road network: {roads.number_of_nodes()} nodes, {roads.number_of_edges()} edges")

    return _frames(params, outline, xiang, qi, terrain, towns, districts, roads)


def _stations(params: DemoParams, towns: list[Township]) -> dict[int, str]:
    """Station id per township index: the urban subdistricts form the customer centre."""
    rural = [i for i, t in enumerate(towns) if not t.urban]
    pairs = neighbour_pairs([towns[i].area for i in rural])
    graph = adjacency(list(range(len(rural))), pairs)
    weights = [towns[i].place.weight * np.sqrt(towns[i].area.area / 1e6) for i in rural]
    groups = grow_stations(weights, graph, params.rural_stations)
    # number stations by their heaviest town's position, north to south
    heads: dict[int, int] = {}  # station -> its heaviest town (local index)
    for local, s in enumerate(groups):
        if s not in heads or weights[local] > weights[heads[s]]:
            heads[s] = local
    order = sorted(heads, key=lambda s: -towns[rural[heads[s]]].seat[1])
    station_id = {s: f"S{n + 1:02d}" for n, s in enumerate(order)}
    result = {i: URBAN_STATION for i, t in enumerate(towns) if t.urban}
    result.update({rural[local]: station_id[s] for local, s in enumerate(groups)})
    return result


def _households_and_grids(
    params: DemoParams, districts: pd.DataFrame, graph: dict[int, set[int]], towns: list[Township]
) -> dict[int, str]:
    """Fill ``households`` per district and return the grid id of every district."""
    rng = stage_rng(params, "grids")
    bounds = (params.grid_min_households, params.grid_max_households)
    stations = sorted(set(districts["station"]) - {URBAN_STATION})
    weight = districts.groupby("station")["weight"].sum()
    k = dict.fromkeys(stations, 2)
    extra = params.rural_grid_count - 2 * len(stations)
    for s in sorted(stations, key=lambda s: -weight[s])[:extra]:
        k[s] = 3
    share = np.array([k[s] * rng.uniform(0.97, 1.03) for s in stations])
    station_households = dict(zip(stations, apportion(params.rural_households, share), strict=True))
    station_households[URBAN_STATION] = params.urban_households
    k[URBAN_STATION] = params.urban_grids
    xy = {i: (r.x, r.y) for i, r in districts.iterrows()}
    grid_of: dict[int, str] = {}
    number = 0
    for s in [URBAN_STATION, *stations]:
        members = districts.index[districts["station"] == s].to_numpy()
        counts = apportion(station_households[s], districts.loc[members, "weight"].to_numpy())
        districts.loc[members, "households"] = counts
        hh = dict(zip(members.tolist(), counts.tolist(), strict=True))
        grids = split_into_grids(members.tolist(), graph, hh, xy, k[s], bounds, rng)
        grids.sort(key=lambda g: (-np.mean([xy[i][1] for i in g]), np.mean([xy[i][0] for i in g])))
        for g in grids:
            number += 1
            for i in g:
                grid_of[i] = f"G{number:02d}"
    return grid_of


def _community_centres(districts: pd.DataFrame, table: pd.DataFrame) -> list[tuple[int, int]]:
    """Each community's largest district's anchor, with its township."""
    anchor_of_site = {int(s): int(i) for i, s in table["site"].dropna().items()}
    centres = []
    for _, group in districts.groupby("community", sort=True):
        best = int(group["households"].idxmax())
        if best in anchor_of_site:
            centres.append((anchor_of_site[best], int(group["township"].iloc[0])))
    return centres


def _frames(
    params: DemoParams,
    outline: shapely.Polygon,
    xiang: shapely.LineString,
    qi: shapely.LineString,
    terrain: Terrain,
    towns: list[Township],
    districts: pd.DataFrame,
    roads: nx.MultiDiGraph,
) -> County:
    """Turn the metric working data into named WGS-84 frames."""
    rng = stage_rng(params, "names")
    f = frames.Frames(towns, districts, rng)
    return County(
        params=params,
        outline=f.outline(outline),
        townships=f.townships(),
        stations=f.stations(),
        grids=f.grids(),
        districts=f.districts(),
        communities=f.communities(),
        water=f.water(outline, xiang, qi),
        low_ground=f.low_ground(outline, terrain, FLOOD_LEVELS_M),
        roads=roads,
        terrain=terrain,
    )
