"""Shared fixtures: the built demo county and a private copy of a store holding it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from dispatch.demo.build import build_demo, is_built, manifest_digest, read_demo_tables
from store.db import DEFAULT_SQLITE, make_engine
from store.demo import load_demo, loaded_demo

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "data" / "demo"


@pytest.fixture(scope="session")
def demo_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo build `make` wrote (data/demo), or a fresh one when it is missing."""
    if is_built(DEMO):
        return DEMO
    out = tmp_path_factory.mktemp("demo")
    build_demo(out, log=lambda _: None)
    return out


@pytest.fixture(scope="session")
def demo_db_template(demo_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite file holding the demo: a copy of make's store when it holds this build,
    else loaded here."""
    target = tmp_path_factory.mktemp("store") / "template.db"
    digest = manifest_digest(demo_dir)
    if DEFAULT_SQLITE.exists() and loaded_demo(make_engine(f"sqlite:///{DEFAULT_SQLITE}")) == (
        digest
    ):
        with make_engine(f"sqlite:///{DEFAULT_SQLITE}").connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        shutil.copyfile(DEFAULT_SQLITE, target)
    else:
        load_demo(make_engine(f"sqlite:///{target}"), read_demo_tables(demo_dir), digest)
    return target


@pytest.fixture
def demo_db(demo_db_template: Path, tmp_path: Path) -> str:
    """A private, writable store holding the demo; returns its URL."""
    path = tmp_path / "dualgrid.db"
    shutil.copyfile(demo_db_template, path)
    return f"sqlite:///{path}"
