"""Shared fixtures: the built demo county and a private copy of a store holding it."""

from __future__ import annotations

import gc
import os
import shutil
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import URL, Engine, create_engine
from sqlalchemy.engine import make_url

from demo.build import build_demo
from demo.raw import RAW
from store.db import DEFAULT_SQLITE, make_engine
from store.folder import folder_as_of, is_built, manifest_digest, read_tables
from store.load import load_demo, loaded_demo

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "data" / "demo"


#: The tests written against the English words run the app in English (its servers and
#: AppTest inherit this); the tests of the Chinese pages choose zh_CN themselves.
os.environ["DUALGRID_LANGUAGE"] = "en"

SMALL = ROOT / "data" / "small"
#: `make check` sets this to "small": the tests that run on any county then run on the
#: fixture county of one station (tests/small_county.py); the rest are marked full_county.
COUNTY_ENV = "DUALGRID_TEST_COUNTY"


def _full_demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if is_built(DEMO) and (DEMO / RAW / "onboarding.json").exists():
        return DEMO
    out = tmp_path_factory.mktemp("demo")
    build_demo(out, log=lambda _: None)
    return out


@pytest.fixture(scope="session")
def full_demo_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The whole demo county's folder (with the utility's raw files in ``raw/``),
    whatever DUALGRID_TEST_COUNTY says."""
    return _full_demo(tmp_path_factory)


@pytest.fixture(scope="session")
def demo_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo build `make` wrote (data/demo), or a fresh one when it is missing; with
    DUALGRID_TEST_COUNTY=small, the fixture county cut from it (made once, in data/small,
    again when the demo or the cut changes)."""
    full = _full_demo(tmp_path_factory)
    if os.environ.get(COUNTY_ENV) != "small":
        return full
    from tests.small_county import small_county

    return small_county(full, SMALL)


@pytest.fixture(scope="session")
def demo_db_template(demo_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite file holding the demo: a copy of make's store when it holds this build,
    else loaded here."""
    target = tmp_path_factory.mktemp("store") / "template.db"
    digest = manifest_digest(demo_dir)
    if DEFAULT_SQLITE.exists() and _holds(DEFAULT_SQLITE) == digest:
        with make_engine(f"sqlite:///{DEFAULT_SQLITE}").connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        shutil.copyfile(DEFAULT_SQLITE, target)
    else:
        load_demo(make_engine(f"sqlite:///{target}"), read_tables(demo_dir), digest)
    return target


def _holds(path: Path) -> str | None:
    """The demo build make's store holds, read without changing it (a store behind the
    newest tables is not copied: `make` upgrades it, the tests do not)."""
    from store.errors import StoreError

    try:
        return loaded_demo(make_engine(f"sqlite:///{path}"))
    except StoreError:
        return None


@pytest.fixture
def demo_db(demo_db_template: Path, tmp_path: Path) -> str:
    """A private, writable store holding the demo; returns its URL."""
    path = tmp_path / "dualgrid.db"
    shutil.copyfile(demo_db_template, path)
    return f"sqlite:///{path}"


# ---- PostgreSQL: the store's tests run on it too when a server is given ---------------------

PG_ENV = "DUALGRID_TEST_PG"  # e.g. postgresql+psycopg://dualgrid:dualgrid@127.0.0.1/postgres
BACKENDS = ["sqlite", *(["postgresql"] if os.environ.get(PG_ENV) else [])]


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Tests that ask for ``backend`` run once per configured database."""
    if "backend" in metafunc.fixturenames:
        only_sqlite = metafunc.definition.get_closest_marker("sqlite_only") is not None
        metafunc.parametrize("backend", ["sqlite"] if only_sqlite else BACKENDS)


@pytest.fixture(scope="session")
def pg_template(demo_dir: Path) -> Iterator[tuple[Engine, str, URL]]:
    """A PostgreSQL database holding the demo, to copy per test (CREATE … TEMPLATE)."""
    base = make_url(os.environ[PG_ENV])
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    name = f"dualgrid_tpl_{os.getpid()}"
    with admin.connect() as conn:
        conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}"')
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    loader = make_engine(base.set(database=name).render_as_string(hide_password=False))
    load_demo(
        loader, read_tables(demo_dir), manifest_digest(demo_dir), as_of=folder_as_of(demo_dir)
    )
    loader.dispose()
    yield admin, name, base
    with admin.connect() as conn:
        conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin.dispose()


@pytest.fixture
def backend_db(backend: str, request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A private store holding the demo on ``backend``; returns its URL."""
    if backend == "sqlite":
        template = request.getfixturevalue("demo_db_template")
        path = tmp_path / "dualgrid.db"
        shutil.copyfile(template, path)
        yield f"sqlite:///{path}"
        return
    admin, template, base = request.getfixturevalue("pg_template")
    name = f"dualgrid_t_{os.getpid()}_{abs(hash(request.node.nodeid)) % 10**8}"
    with admin.connect() as conn:
        conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.exec_driver_sql(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
    yield base.set(database=name).render_as_string(hide_password=False)
    # the test's engines are gone with it: close their pooled connections before the drop
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ResourceWarning)
        gc.collect()
    with admin.connect() as conn:
        conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def store_env(demo_db, demo_dir, monkeypatch) -> str:
    """The app's store and layers point at a private demo copy (``demo_db``: each
    folder's own), caches start empty. Returns the store's URL."""
    monkeypatch.setenv("DUALGRID_DB", demo_db)
    monkeypatch.setenv("DUALGRID_DATA", str(demo_dir))
    import streamlit as st

    st.cache_data.clear()
    st.cache_resource.clear()
    return demo_db
