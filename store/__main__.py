"""python -m store COMMAND [--db URL]

  load-demo [FOLDER]        load a built demo into an empty store
  onboard RAW --out FOLDER  a county from its utility's own files (formats/onboarding.md):
                            every file checked (every problem listed, exit status 2,
                            nothing written), the county folder written, the store loaded
  import FILE               work orders into the store, all or nothing (every bad row
                            listed as ``row N: FIELD: what``, exit status 2)
  upgrade                   bring the store's tables to this version, in place
  backup [FILE]             a consistent copy of the store (default backups/dualgrid-….db)
  restore FILE              replace the store's content with a backup's (the store as it
                            was is backed up beside FILE first)
  add-user NAME --role R    add a user; the password from $DUALGRID_PASSWORD or asked
  info                      what the store holds
  revision "MESSAGE"        a new migration's first draft (for developers)

--db (before or after the command) names the store; default $DUALGRID_DB or
data/dualgrid.db."""

from __future__ import annotations

import argparse
import getpass
import os
import sys
import time
from pathlib import Path

from sqlalchemy import Engine

from dispatch.privacy import one_line
from store import backup, migrate
from store.db import describe, make_engine
from store.errors import StoreError

DB_HELP = "database URL (default: $DUALGRID_DB or data/dualgrid.db)"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m store", description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )  # fmt: skip
    parser.add_argument("--db", help=DB_HELP)
    sub = parser.add_subparsers(dest="command", required=True)

    def command(name: str, text: str) -> argparse.ArgumentParser:
        made = sub.add_parser(name, help=text)
        made.add_argument("--db", help=DB_HELP, default=argparse.SUPPRESS)
        return made

    load = command("load-demo", "load a built demo into an empty store")
    load.add_argument("folder", nargs="?", default="data/demo", type=Path)
    load.add_argument(
        "--keep-other", action="store_true",
        help="a store holding something else is kept as it is, with a note (make's use)",
    )  # fmt: skip
    onboard = command("onboard", "a county from its utility's own files")
    onboard.add_argument("raw", type=Path, help="the folder of the county's files")
    onboard.add_argument("--out", type=Path, help="the county folder to write (not with --check)")
    onboard.add_argument(
        "--check", action="store_true", help="check and summarise only: nothing written"
    )
    intake = command("import", "import a work-order file into the store")
    intake.add_argument("file", type=Path)
    intake.add_argument(
        "--data", type=Path, help="the county's layers (default: $DUALGRID_DATA or data/demo)"
    )
    intake.add_argument("--user", default="intake", help="who imports (for the audit trail)")
    command("upgrade", "bring the store's tables to this version, in place")
    saved = command("backup", "a consistent copy of the store")
    saved.add_argument("file", nargs="?", type=Path)
    back = command("restore", "replace the store's content with a backup's")
    back.add_argument("file", type=Path)
    command("info", "what the store holds")
    add = command("add-user", "add a user (the first administrator, say)")
    add.add_argument("username")
    add.add_argument("--role", required=True)
    add.add_argument("--name", default="")
    add.add_argument("--grid")
    add.add_argument("--email")
    draft = command("revision", "a new migration's first draft")
    draft.add_argument("message")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        engine = make_engine(args.db)
        return COMMANDS[args.command](engine, args)
    except (StoreError, FileNotFoundError) as exc:
        print(f"error: {exc}", file=sys.stderr)
    except Exception as exc:  # never a traceback: what failed, in one line
        print(f"error: {one_line(exc)}", file=sys.stderr)
    return 2


def _load_demo(engine: Engine, args: argparse.Namespace) -> int:
    from store.demo_users import demo_users
    from store.folder import folder_as_of, manifest_digest, notice, read_tables
    from store.load import StoreOccupiedError, load_demo

    started = time.perf_counter()
    try:
        loaded = load_demo(
            engine, read_tables(args.folder), manifest_digest(args.folder),
            notice=notice(args.folder), as_of=folder_as_of(args.folder),
        )  # fmt: skip
    except StoreOccupiedError as exc:
        if not args.keep_other:
            raise
        print(
            f"note: {describe(engine)} kept as it is ({exc}). To start it afresh: "
            "python -m store backup, then make reset-store.",
            file=sys.stderr,
        )
        return 0
    took = time.perf_counter() - started
    what = f"loaded in {took:.1f} s" if loaded else "already loaded, nothing changed"
    print(f"demo {args.folder} → {describe(engine)}: {what}")
    made = demo_users(engine)
    if made:
        print(f"demo users added: {', '.join(made)} (passwords in README)")
    return 0


def _onboard(engine: Engine, args: argparse.Namespace) -> int:
    from store.onboard import onboard

    if not args.raw.is_dir():
        print(f"error: {args.raw}: no such folder", file=sys.stderr)
        return 2
    if args.out is None and not args.check:
        print("error: --out FOLDER: where to write the county (or --check)", file=sys.stderr)
        return 2
    out = args.out or args.raw
    done = onboard(engine, args.raw, out, load=not args.check, write=not args.check)
    counts = ", ".join(f"{k} {v:,}" for k, v in done.checked.counts().items())
    print(f"{args.raw}: {counts}")
    for note in done.checked.notes + (done.county.notes if done.county else []):
        print(f"note: {note}")
    if done.checked.problems:
        for problem in done.checked.problems:
            print(problem, file=sys.stderr)
        print(
            f"{args.raw}: {len(done.checked.problems)} problem(s), nothing written", file=sys.stderr
        )
        return 2
    took = ", ".join(f"{k} {v:.1f} s" for k, v in done.seconds.items())
    if args.check:
        print(f"checked, nothing written ({took})")
    else:
        what = "loaded" if done.loaded else "already loaded, nothing changed"
        print(f"{args.raw} → {args.out} → {describe(engine)}: {what} ({took})")
    return 0


def _import(engine: Engine, args: argparse.Namespace) -> int:
    from dispatch.intake import IntakeError
    from store.db import data_folder
    from store.health import problem
    from store.intake import StoreLocator, import_file, require_schema

    require_schema(engine)
    trouble = problem(engine, args.data or data_folder())
    if trouble:  # an empty store would blame every row ("outside the county")
        print(f"error: {trouble}", file=sys.stderr)
        return 2
    try:
        content = args.file.read_bytes()
    except OSError as exc:
        print(f"error: {args.file}: cannot read ({exc.strerror})", file=sys.stderr)
        return 2
    locator = StoreLocator.from_folder(engine, args.data or data_folder())
    try:
        result = import_file(engine, content, args.file.name, locator, by=args.user)
    except IntakeError as exc:
        for row_problem in exc.problems:
            print(row_problem, file=sys.stderr)
        print(f"{args.file}: refused, nothing imported", file=sys.stderr)
        return 2
    print(result.summary())
    return 0


def _upgrade(engine: Engine, _args: argparse.Namespace) -> int:
    migrate.reachable(engine)
    before = migrate.current(engine) if migrate.has_tables(engine) else None
    if migrate.has_tables(engine) and before != migrate.head():  # a copy before it changes
        print(f"backed up first: {backup.backup(engine, backup.default_path(engine))}")
    migrate.upgrade(engine)
    after = migrate.current(engine)
    what = "up to date" if before == after else f"upgraded from {before or 'no mark'}"
    print(f"{describe(engine)}: tables at {after} ({what})")
    return 0


def _backup(engine: Engine, args: argparse.Namespace) -> int:
    started = time.perf_counter()
    target = backup.backup(engine, args.file or backup.default_path(engine))
    took = time.perf_counter() - started
    print(f"{describe(engine)} → {target} ({target.stat().st_size / 1e6:.1f} MB, {took:.1f} s)")
    return 0


def _restore(engine: Engine, args: argparse.Namespace) -> int:
    kept = backup.restore(engine, args.file)
    if kept is not None:
        print(f"the store as it was: {kept}")
    print(f"{args.file} → {describe(engine)}: restored, tables at {migrate.current(engine)}")
    return 0


def _info(engine: Engine, _args: argparse.Namespace) -> int:
    from store.health import problem
    from store.queries import counts

    trouble = problem(engine)
    if trouble:
        print(trouble)
        return 1
    for table, n in counts(engine).items():
        print(f"{table:>16} {n:>9,}")
    return 0


def _add_user(engine: Engine, args: argparse.Namespace) -> int:
    from store.users import create_user

    password = os.environ.get("DUALGRID_PASSWORD") or (
        None if args.email else getpass.getpass("password: ")
    )
    create_user(
        engine, args.username, display_name=args.name or args.username, role=args.role,
        password=password, email=args.email, grid_id=args.grid, by="command line",
    )  # fmt: skip
    print(f"user {args.username} added as {args.role}")
    return 0


def _revision(_engine: Engine, args: argparse.Namespace) -> int:
    print(f"draft written: {migrate.revision(args.message)} (review it before committing)")
    return 0


COMMANDS = {
    "load-demo": _load_demo, "onboard": _onboard, "import": _import, "upgrade": _upgrade,
    "backup": _backup, "restore": _restore, "info": _info, "add-user": _add_user,
    "revision": _revision,
}  # fmt: skip


if __name__ == "__main__":
    sys.exit(main())
