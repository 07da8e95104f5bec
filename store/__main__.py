"""python -m store load-demo [FOLDER] [--db URL] | info [--db URL]"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from dispatch.demo.build import SYNTHETIC_NOTICE, demo_as_of, manifest_digest, read_demo_tables
from store.db import describe, make_engine
from store.demo import load_demo
from store.errors import StoreError
from store.queries import counts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m store", description=__doc__)
    parser.add_argument("--db", help="database URL (default: $DUALGRID_DB or data/dualgrid.db)")
    sub = parser.add_subparsers(dest="command", required=True)
    load = sub.add_parser("load-demo", help="load a built demo into an empty store")
    load.add_argument("folder", nargs="?", default="data/demo", type=Path)
    sub.add_parser("info", help="what the store holds")
    args = parser.parse_args(argv)
    engine = make_engine(args.db)
    try:
        if args.command == "load-demo":
            started = time.perf_counter()
            tables = read_demo_tables(args.folder)
            loaded = load_demo(
                engine,
                tables,
                manifest_digest(args.folder),
                notice=SYNTHETIC_NOTICE,
                as_of=demo_as_of(args.folder),
            )
            took = time.perf_counter() - started
            what = f"loaded in {took:.1f} s" if loaded else "already loaded, nothing changed"
            print(f"demo {args.folder} → {describe(engine)}: {what}")
        else:
            for table, n in counts(engine).items():
                print(f"{table:>16} {n:>9,}")
    except (StoreError, FileNotFoundError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
