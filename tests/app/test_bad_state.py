"""Bad state named in the app: a store or layers it cannot run on get one line saying
what to run, before the sign-in page, and nothing else is drawn."""

from __future__ import annotations

import shutil

import streamlit as st
from streamlit.testing.v1 import AppTest

from .conftest import APP


def _first_screen(monkeypatch, db: str, folder: str) -> AppTest:
    monkeypatch.setenv("DUALGRID_DB", db)
    monkeypatch.setenv("DUALGRID_DATA", folder)
    st.cache_data.clear()
    st.cache_resource.clear()
    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    assert not at.exception
    return at


def test_an_empty_store_says_to_load_a_county(tmp_path, demo_dir, monkeypatch):
    at = _first_screen(monkeypatch, f"sqlite:///{tmp_path / 'empty.db'}", str(demo_dir))
    assert [e.value for e in at.error] == [
        "No county is loaded in the store set in DUALGRID_DB: run `make run` for the demo "
        "county, or `python -m store onboard FILES --out FOLDER` for a county's own files. "
        "(Details in the server log.)"
    ]
    assert not at.text_input  # no sign-in form on a store with no county
    assert str(tmp_path) not in at.error[0].value  # no server path before sign-in


def test_missing_layers_say_which_and_what_to_run(demo_db, tmp_path, monkeypatch):
    at = _first_screen(monkeypatch, demo_db, str(tmp_path / "nowhere"))
    assert len(at.error) == 1
    assert "map layers are missing" in at.error[0].value
    assert "outline, districts, townships, water" in at.error[0].value
    assert "make demo" in at.error[0].value


def test_another_countys_layers_are_named(demo_db, demo_dir, tmp_path, monkeypatch):
    other = tmp_path / "other"
    shutil.copytree(demo_dir, other, ignore=shutil.ignore_patterns("*.parquet", "*.graphml"))
    text = (other / "districts.geojson").read_text(encoding="utf-8")
    (other / "districts.geojson").write_text(text.replace('"D0', '"X0'), encoding="utf-8")
    at = _first_screen(monkeypatch, demo_db, str(other))
    assert len(at.error) == 1
    assert "another county's" in at.error[0].value


def test_an_unreachable_postgresql_is_named_without_its_address(demo_dir, monkeypatch):
    at = _first_screen(
        monkeypatch, "postgresql+psycopg://dbuser:secret@10.9.8.7:9/county", str(demo_dir)
    )
    assert len(at.error) == 1
    said = at.error[0].value
    assert said.startswith("Cannot reach the store set in DUALGRID_DB: start the database")
    for detail in ("secret", "dbuser", "10.9.8.7", "county"):
        assert detail not in said


def test_a_malformed_store_address_is_named_not_a_traceback(demo_dir, monkeypatch):
    at = _first_screen(monkeypatch, "postgresql+psycopg://u@host:notaport/x", str(demo_dir))
    assert len(at.error) == 1
    assert "is not a database address DualGrid can use" in at.error[0].value
