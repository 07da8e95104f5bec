"""python -m geo matrix --graph FILE --points POINTS.csv -o OUT.npy
python -m geo partition UNITS.geojson -o PLAN.geojson --min-households N --max-households M
    [--keep-current] [--time-limit S]

Travel-time matrix (seconds, ``inf`` where no road connects) between every pair of
points of a CSV with ``lon`` and ``lat`` columns, over a road network read from
an osmnx GraphML file or a local OSM file (``.osm.pbf``, ``.osm``, ``.osm.gz``,
``.osm.bz2``); points further than the snap limit from every road are named.
Exit 0 on success, 2 with a message on bad input.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

from geo.errors import DualGridError


def read_points(path: Path) -> np.ndarray:
    """(lon, lat) pairs from a CSV; every bad row is named."""
    try:
        frame = pd.read_csv(path)
    except (OSError, pd.errors.ParserError, UnicodeDecodeError) as exc:
        msg = f"{path}: cannot read as CSV ({exc})"
        raise DualGridError(msg) from exc
    missing = [c for c in ("lon", "lat") if c not in frame.columns]
    if missing:
        msg = f"{path}: missing column(s) {', '.join(missing)} (need lon and lat)"
        raise DualGridError(msg)
    lon = pd.to_numeric(frame["lon"], errors="coerce")
    lat = pd.to_numeric(frame["lat"], errors="coerce")
    bad = frame.index[lon.isna() | lat.isna() | ~lon.between(-180, 180) | ~lat.between(-90, 90)]
    if len(bad):
        rows = ", ".join(str(i + 2) for i in bad[:10])  # header is line 1
        msg = f"{path}: bad lon/lat on line(s) {rows}" + (" …" if len(bad) > 10 else "")
        raise DualGridError(msg)
    if frame.empty:
        msg = f"{path}: no points"
        raise DualGridError(msg)
    return np.column_stack((lon.to_numpy(), lat.to_numpy()))


def _partition(args: argparse.Namespace) -> int:
    from geo.partition import compactness, partition
    from geo.partition_io import read_units, write_plan

    if not 0 < args.min_households <= args.max_households:
        print("error: need 0 < --min-households <= --max-households", file=sys.stderr)
        return 2
    units, features = read_units(args.units)
    plan = partition(
        units,
        args.min_households,
        args.max_households,
        keep_current=args.keep_current,
        time_limit=args.time_limit,
    )
    write_plan(args.out, features, plan.grid)
    spread = compactness(units, plan.grid)
    labels = np.asarray(plan.grid)
    for g in sorted(spread):
        m = labels == g
        print(
            f"{g}\t{int(m.sum())} units\t{int(units.households[m].sum()):,} households"
            f"\t{spread[g]:,.0f} m"
        )
    offending = plan.offending(units, args.min_households, args.max_households)
    moved = sum(
        int(h)
        for h, c, g in zip(units.households, units.current, plan.grid, strict=True)
        if c and c != g
    )
    total = int(units.households.sum())
    print(
        f"{args.out}: {len(spread)} grids from {len(units.ids)} units in {plan.seconds:.1f} s; "
        f"{len(spread) - len(offending)} within {args.min_households:,}–{args.max_households:,}; "
        f"households moved {moved:,} ({100 * moved / max(total, 1):.1f}%)"
    )
    for result in plan.stations:
        for said in ([result.problem] if result.problem else []) + result.notes:
            print(f"station {result.station or '(none)'}: {said}")
    if offending:
        print(f"grids outside the bounds: {', '.join(offending)}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m geo",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sub = parser.add_subparsers(dest="command", required=True)
    matrix = sub.add_parser("matrix", help="travel-time matrix between points")
    matrix.add_argument(
        "--graph", required=True, type=Path, help="GraphML, .osm.pbf, .osm, .osm.gz or .osm.bz2"
    )
    matrix.add_argument("--points", required=True, type=Path, help="CSV with lon,lat columns")
    matrix.add_argument("-o", "--out", required=True, type=Path, help="output .npy file")
    part = sub.add_parser("partition", help="group units into grids")
    part.add_argument("units", type=Path, help="GeoJSON FeatureCollection of units")
    part.add_argument("-o", "--out", required=True, type=Path, help="plan GeoJSON")
    part.add_argument("--min-households", required=True, type=int)
    part.add_argument("--max-households", required=True, type=int)
    part.add_argument("--keep-current", action="store_true", help="move few households")
    part.add_argument("--time-limit", type=float, default=10.0, help="seconds (default 10)")
    args = parser.parse_args(argv)
    if args.command == "partition":
        try:
            return _partition(args)
        except DualGridError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2

    from geo.network import RoadNetwork

    try:
        points = read_points(args.points)
        started = time.perf_counter()
        network = RoadNetwork.from_file(args.graph)
        loaded = time.perf_counter() - started
        for line in network.report.lines() if network.report else []:
            print(f"{args.graph.name}: {line}")
        for k, metres in network.far_points(points):
            print(
                f"point on line {k + 2}: {metres / 1000:,.1f} km from the nearest road, unreachable"
            )
        times = network.travel_times(points, points)
        np.save(args.out, times)
    except DualGridError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    took = time.perf_counter() - started - loaded
    unreachable = int(np.isinf(times).sum())
    print(
        f"{args.out}: {times.shape[0]}×{times.shape[1]} seconds, {unreachable} pairs with no "
        f"road; network loaded in {loaded:.2f} s, matrix in {took:.2f} s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
