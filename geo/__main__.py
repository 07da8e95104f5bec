"""python -m geo matrix --graph FILE --points POINTS.csv -o OUT.npy

Travel-time matrix (seconds, ``inf`` where no road connects) between every pair of
points of a CSV with ``lon`` and ``lat`` columns, over a road network read from
an osmnx GraphML file or a local ``.osm`` extract. Exit 0 on success, 2 with a
message on bad input.
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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m geo",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sub = parser.add_subparsers(dest="command", required=True)
    matrix = sub.add_parser("matrix", help="travel-time matrix between points")
    matrix.add_argument("--graph", required=True, type=Path, help="GraphML or .osm file")
    matrix.add_argument("--points", required=True, type=Path, help="CSV with lon,lat columns")
    matrix.add_argument("-o", "--out", required=True, type=Path, help="output .npy file")
    args = parser.parse_args(argv)

    from geo.network import RoadNetwork

    try:
        points = read_points(args.points)
        started = time.perf_counter()
        if args.graph.suffix.lower() == ".osm":
            network = RoadNetwork.from_osm_xml(args.graph)
        else:
            network = RoadNetwork.from_graphml(args.graph)
        loaded = time.perf_counter() - started
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
