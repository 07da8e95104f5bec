"""An administrator onboards a county on the page, in Chromium: a store set up with its
users and no county; the utility's files uploaded, the transformers' datum chosen as
GCJ-02, a bad staff file named by file, row and field with nothing written, then the
good files checked, summarised and loaded in one click — and the county map serves it."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pandas as pd
import pytest
from playwright.sync_api import expect
from sqlalchemy import func, select

from store import schema as s
from store.db import make_engine
from store.demo_users import demo_password
from store.users import create_user
from tests.onboard_county import copy_county, make_county

from .conftest import figure, idle, serve, sign_in
from .storediff import Watch
from .ui import choose, timed

pytestmark = pytest.mark.e2e
UPLOADER = "[data-testid=stFileUploaderDropzoneInput]"
MAP = 'iframe[title="streamlit_folium.st_folium"]'
GRID_STROKE = 'path.leaflet-interactive[stroke="#37474f"]'


def _files(folder: Path) -> list[dict[str, object]]:
    return [
        {"name": p.name, "mimeType": "application/octet-stream", "buffer": p.read_bytes()}
        for p in sorted(folder.glob("*.*"))
        if p.name != "onboarding.json"
    ]


def _gcj02_for_transformers(page) -> None:
    """Open the datum list (shut while every file is WGS-84) and choose GCJ-02."""
    box = page.get_by_test_id("stSelectbox").filter(has_text="transformers.xlsx")
    if not box.is_visible():
        page.get_by_text("Coordinates: the datum of each file").click()
    choose(page, "transformers.xlsx", "GCJ-02", exact=False)
    idle(page)


def test_an_administrator_onboards_a_county_on_the_page(offline_page, tmp_path: Path) -> None:
    raw = make_county(tmp_path / "raw")
    bad = copy_county(raw, tmp_path / "bad")
    staff = pd.read_excel(bad / "staff.xlsx", dtype=str)
    staff.loc[4, "专业"] = "开车"
    staff.to_excel(bad / "staff.xlsx", index=False)

    db = tmp_path / "store.db"
    engine = make_engine(f"sqlite:///{db}")
    s.create(engine)
    create_user(engine, "admin", display_name="admin", role="administrator",
                password=demo_password("admin"), by="test")  # fmt: skip
    page = offline_page
    shots = Path(os.environ.get("DUALGRID_SCREENSHOTS", tmp_path))
    with serve(db, tmp_path / "county", tmp_path / "streamlit.log") as url:
        page.goto(url)
        expect(page.get_by_text("No county is loaded in this store yet")).to_be_visible(
            timeout=90_000
        )
        sign_in(page, "admin")
        expect(page.get_by_role("heading", name="Onboard a county")).to_be_visible(timeout=60_000)
        uploader = page.locator(UPLOADER)
        with Watch(engine) as refused:
            uploader.set_input_files(files=_files(bad))
            idle(page)
            _gcj02_for_transformers(page)
            page.get_by_label("County", exact=True).fill("测试县")
            for label, value in (
                ("Min households per grid", "1500"),
                ("Max households per grid", "3500"),
            ):
                field = page.get_by_label(label)
                field.fill(value)
                field.press("Enter")
                idle(page)
            page.get_by_role("button", name="Check the files").click()
            expect(page.get_by_text("problem(s): nothing can be loaded")).to_be_visible(
                timeout=120_000
            )
            idle(page)
        assert str(refused.changes) == "nothing"
        expect(
            page.get_by_text("staff.xlsx, row 6, specialty: “开车” is not one of")
        ).to_be_visible()
        expect(page.get_by_role("button", name="Load the county into the store")).to_be_disabled()
        page.screenshot(path=str(shots / "onboarding-problems.png"), full_page=True)

        # the good files: every file of the folder again (the bad staff file replaced)
        remove = page.get_by_role("button", name=re.compile(r"^Remove "))
        while remove.count():
            remove.first.click()
            idle(page)
        uploader.set_input_files(files=_files(raw))
        idle(page)
        _gcj02_for_transformers(page)
        seconds = timed(
            lambda: page.get_by_role("button", name="Check the files").click(),
            page.get_by_text("Every file reads and they agree with each other."),
        )
        figure("onboarding page: check the files", seconds)
        idle(page)
        expect(
            page.get_by_test_id("stMetric").filter(has_text="Transformer districts")
        ).to_contain_text("40")
        page.locator(MAP).scroll_into_view_if_needed(timeout=60_000)
        expect(page.frame_locator(MAP).locator(".leaflet-container")).to_be_visible(timeout=60_000)
        page.wait_for_timeout(1_000)
        page.screenshot(path=str(shots / "onboarding-summary.png"))
        seconds = timed(
            lambda: page.get_by_role("button", name="Load the county into the store").click(),
            page.get_by_text("Loaded 测试县 in"),
        )
        figure("onboarding page: load the county", seconds)
        with engine.connect() as conn:
            districts = conn.scalar(select(func.count()).select_from(s.districts))
            meta = dict(conn.execute(select(s.meta.c.key, s.meta.c.value)).all())
        assert districts == 40
        assert meta["onboarded"] == "测试县"
        assert meta["grid_households_min"] == "1500"
        assert (tmp_path / "county" / "districts.geojson").exists()

        page.goto(url)  # the app, now on the county
        frame = page.frame_locator(MAP)
        expect(frame.locator(GRID_STROKE).first).to_be_attached(timeout=90_000)
        assert page.get_by_test_id("stException").count() == 0
        page.screenshot(path=str(shots / "onboarding-county-map.png"), full_page=True)
        assert page.blocked == []
