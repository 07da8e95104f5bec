"""The administrator's onboarding: the files uploaded on the page checked as a folder
(every problem named, nothing written to the store), then — only when nothing is wrong
and the store holds no county — the county written and loaded in one transaction."""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path, PurePath

from sqlalchemy import Engine

from dispatch.onboard import DECLARED, Checked, check_folder
from store.db import DATA_ENV, ROOT
from store.onboard import Onboarded, onboard


def county_destination() -> Path:
    """Where an onboarded county's folder is written: ``$DUALGRID_DATA`` when set, else
    ``data/county`` beside the demo."""
    return Path(os.environ.get(DATA_ENV) or ROOT / "data" / "county")


def stage(files: Iterable[tuple[str, bytes]], declared: dict[str, object]) -> Path:
    """The uploaded files (by their base name only) and what the page declared, as a
    folder of their own to check."""
    raw = Path(tempfile.mkdtemp(prefix="dualgrid-onboard-")) / "raw"
    raw.mkdir()
    for name, content in files:
        safe = PurePath(name).name
        if safe and not safe.startswith(".") and safe != DECLARED:
            (raw / safe).write_bytes(content)
    (raw / DECLARED).write_text(json.dumps(declared, ensure_ascii=False), encoding="utf-8")
    return raw


def check(raw: Path) -> Checked:
    """Every file of the staged folder read and checked; nothing written."""
    return check_folder(raw)


def load(engine: Engine, raw: Path) -> Onboarded:
    """Check again and, when nothing is wrong, write the county folder and load it into
    the store (refused with `store.load.StoreOccupiedError` when it holds a county)."""
    return onboard(engine, raw, county_destination())
