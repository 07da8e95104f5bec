"""python -m actions replay [--speed X] [--db URL]: play yesterday's requests into the
store as today's, with the crews stepping through their work (`actions.replay`).
python -m actions outbox [--db URL]: send the group robots what waits in the outbox."""

from __future__ import annotations

import argparse
import sys

from dispatch.privacy import one_line
from store.errors import StoreError


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m actions", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    replay = sub.add_parser("replay", help="play the demo day's requests into the store")
    replay.add_argument("--db", help="database URL (default: $DUALGRID_DB or data/dualgrid.db)")
    replay.add_argument(
        "--speed", type=float, default=60.0, help="simulated seconds per real second (default 60)"
    )
    drain = sub.add_parser("outbox", help="send the group robots the posts waiting for them")
    drain.add_argument("--db", help="database URL (default: $DUALGRID_DB or data/dualgrid.db)")
    args = parser.parse_args(argv)
    try:
        if args.command == "outbox":
            return _drain(args.db)
        from actions.replay import run_replay

        return run_replay(args.db, speed=args.speed, until_done=True, log=print)
    except StoreError as exc:
        print(f"error: {exc}", file=sys.stderr)
    except Exception as exc:  # never a traceback: what failed, in one line
        print(f"error: {one_line(exc)}", file=sys.stderr)
    return 2


def _drain(url: str | None) -> int:
    from actions.outbox import drain
    from store import outbox
    from store.db import database_url, make_engine

    engine = make_engine(database_url(url))
    done = drain(engine)
    left = outbox.figures(engine).pending
    print(f"outbox: {done.sent} sent, {done.failed} not taken (tried again later), {left} pending")
    return 0 if done.failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
