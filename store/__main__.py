"""python -m store load-demo [FOLDER] | add-user NAME --role ROLE [--grid G] [--email E]
| info   (all with [--db URL]); add-user reads the password from $DUALGRID_PASSWORD or asks."""

from __future__ import annotations

import argparse
import getpass
import os
import sys
import time
from pathlib import Path

from dispatch.demo.build import SYNTHETIC_NOTICE, demo_as_of, manifest_digest, read_demo_tables
from store.db import describe, make_engine
from store.demo import load_demo
from store.errors import StoreError
from store.queries import counts
from store.users import create_user, demo_users


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m store", description=__doc__)
    parser.add_argument("--db", help="database URL (default: $DUALGRID_DB or data/dualgrid.db)")
    sub = parser.add_subparsers(dest="command", required=True)
    load = sub.add_parser("load-demo", help="load a built demo into an empty store")
    load.add_argument("folder", nargs="?", default="data/demo", type=Path)
    sub.add_parser("info", help="what the store holds")
    add = sub.add_parser("add-user", help="add a user (the first administrator, say)")
    add.add_argument("username")
    add.add_argument("--role", required=True)
    add.add_argument("--name", default="")
    add.add_argument("--grid")
    add.add_argument("--email")
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
            made = demo_users(engine)
            if made:
                print(f"demo users added: {', '.join(made)} (passwords in README)")
        elif args.command == "add-user":
            password = os.environ.get("DUALGRID_PASSWORD") or (
                None if args.email else getpass.getpass("password: ")
            )
            create_user(
                engine,
                args.username,
                display_name=args.name or args.username,
                role=args.role,
                password=password,
                email=args.email,
                grid_id=args.grid,
                by="command line",
            )
            print(f"user {args.username} added as {args.role}")
        else:
            for table, n in counts(engine).items():
                print(f"{table:>16} {n:>9,}")
    except (StoreError, FileNotFoundError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
