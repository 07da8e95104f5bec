"""python -m demo [OUT] [--seed N] [--force]: build the demo county's files."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from demo.build import build_demo
from demo.params import DemoParams
from demo.raw import RAW
from store.folder import is_built


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m demo", description=__doc__)
    parser.add_argument(
        "out",
        nargs="?",
        default="data/demo",
        type=Path,
        help="folder to write (default: data/demo)",
    )
    parser.add_argument("--seed", type=int, default=DemoParams().seed)
    parser.add_argument("--force", action="store_true", help="rebuild even if present")
    args = parser.parse_args(argv)
    built = is_built(args.out) and (args.out / RAW / "onboarding.json").exists()
    if built and not args.force:
        print(f"demo county already built in {args.out} (use --force to rebuild)")
        return 0
    meta = build_demo(args.out, DemoParams(seed=args.seed))
    print(
        f"demo county written to {args.out}: {meta['districts']} districts, "
        f"{meta['grids']} grids, {meta['customers']} customers, "
        f"{meta['road_nodes']} road nodes"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
