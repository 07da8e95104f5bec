"""Bad state named in Chromium (issue 16): the app on an empty store shows one line saying
what to run instead of a sign-in that would fail on every page; once a county is loaded
the same running app signs in, with no restart."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from store.db import make_engine
from store.demo_users import demo_users
from store.folder import folder_as_of, manifest_digest, read_tables
from store.load import load_demo

from .conftest import serve, sign_in

pytestmark = pytest.mark.e2e
SHOTS = Path(os.environ.get("DUALGRID_SCREENSHOTS", "/tmp/bad-state-shots"))


def test_an_empty_store_says_what_to_run_then_recovers(demo_dir, tmp_path, offline_page):
    page = offline_page
    db = tmp_path / "empty.db"
    with serve(db, demo_dir, tmp_path / "streamlit.log") as url:
        page.goto(url)
        message = page.get_by_text("No county is loaded in the store")
        expect(message).to_be_visible(timeout=120_000)
        expect(message).to_contain_text("make run")
        expect(page.get_by_label("Username")).to_have_count(0)
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / "empty-store.png"))

        engine = make_engine(f"sqlite:///{db}")
        load_demo(
            engine, read_tables(demo_dir), manifest_digest(demo_dir),
            as_of=folder_as_of(demo_dir),
        )  # fmt: skip
        demo_users(engine)
        page.reload()
        sign_in(page, "viewer")
        expect(page.get_by_text("No county is loaded")).to_have_count(0)
