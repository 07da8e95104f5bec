"""A county onboarded from files alone — a real OpenStreetMap extract (Monaco's streets,
moved to Qiyang), townships in Gauss-Kruger, transformers in GCJ-02, tables in Excel and
CSV with Chinese headers — then served: the county map draws its grids, a dispatcher
plans and commits work orders on the board, a planner runs the automatic partition."""

from __future__ import annotations

import json
import os
import re
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pandas as pd
import pytest
from playwright.sync_api import expect
from sqlalchemy import func, select

from store import schema as s
from store.db import make_engine
from store.demo_users import demo_password
from store.intake import StoreLocator, import_file
from store.onboard import onboard
from store.users import create_user
from tests.onboard_county import make_county

from .conftest import figure, idle, open_page, serve, sign_in
from .storediff import Watch
from .ui import button, pick, timed

pytestmark = pytest.mark.e2e
MAP = 'iframe[title="streamlit_folium.st_folium"]'
GRID_STROKE = 'path.leaflet-interactive[stroke="#37474f"]'
JOBS = 8


def _requests(county: Path) -> str:
    accounts = pd.read_parquet(county / "customers.parquet")["account_no"].tolist()
    now = datetime.now(UTC) - timedelta(minutes=20)
    lines = ["order_no,channel,received_at,type,account_no,description"]
    for k in range(JOBS):
        at = (now + timedelta(minutes=k)).astimezone().isoformat(timespec="seconds")
        kind = ("repair", "meter", "billing", "verification")[k % 4]
        lines.append(f"ON{k:04d},95598,{at},{kind},{accounts[k * 17]},第{k}号工单")
    return "\n".join(lines) + "\n"


@pytest.fixture(scope="module")
def onboarded(tmp_path_factory: pytest.TempPathFactory):
    root = tmp_path_factory.mktemp("onboarded")
    raw = make_county(root / "raw")
    declared = json.loads((raw / "onboarding.json").read_text("utf-8"))
    declared["grid_households"] = [1500, 3500]
    (raw / "onboarding.json").write_text(json.dumps(declared, ensure_ascii=False), "utf-8")
    db = root / "county.db"
    engine = make_engine(f"sqlite:///{db}")
    done = onboard(engine, raw, root / "county", cache_dir=root / "cache")
    assert done.checked.problems == []
    assert done.loaded
    figure(
        "onboarding: check, build, write and load a county from its files", done.seconds["total"]
    )
    for name, role in (("dispatcher", "dispatcher"), ("planner", "planner")):
        create_user(
            engine, name, display_name=name, role=role, password=demo_password(name), by="test"
        )
    folder = root / "county"
    result = import_file(
        engine, _requests(folder), "orders.csv", StoreLocator.from_folder(engine, folder)
    )
    assert "8 new" in result.summary()
    with serve(db, folder, root / "streamlit.log") as url:
        yield url, engine, done
    engine.dispose()


def test_the_onboarded_county_is_served_planned_and_partitioned(onboarded, offline_page, tmp_path):
    url, engine, done = onboarded
    page = offline_page
    shots = Path(os.environ.get("DUALGRID_SCREENSHOTS", tmp_path))
    grids = len(done.county.layers["grids"])
    assert grids >= 2

    page.goto(url)
    sign_in(page, "dispatcher")
    frame = page.frame_locator(MAP)
    expect(frame.locator(GRID_STROKE).first).to_be_attached(timeout=90_000)
    assert frame.locator(GRID_STROKE).count() == grids
    expect(page.get_by_text("Demo county: synthetic data")).to_have_count(0)
    page.screenshot(path=str(shots / "onboarded-county-map.png"), full_page=True)

    open_page(page, "Dispatch board")
    header = page.get_by_test_id("stMetric").filter(has_text="Open jobs")
    expect(header).to_contain_text(str(JOBS), timeout=60_000)
    expect(page.get_by_text("Demo day")).to_have_count(0)
    seconds = timed(
        lambda: button(page, "Plan").click(), page.get_by_text(re.compile(r"^Proposed plan: "))
    )
    figure("onboarded county: plan (5 s search): click to the proposal", seconds)
    tick = page.get_by_text(re.compile(r"^I have reviewed the \d+ job"))
    if tick.count():
        tick.click()
    commit = page.get_by_role("button", name=re.compile(r"^Commit \d+ accepted route"))
    expect(commit).to_be_enabled(timeout=60_000)
    with Watch(engine) as committed:
        commit.click()
        expect(page.get_by_text(re.compile(r"^Committed \d+ route")).first).to_be_visible(
            timeout=60_000
        )
        idle(page)
    assigned = committed.changes.added_rows("assignments")
    assert assigned, committed.changes
    with engine.connect() as conn:
        held = conn.scalar(
            select(func.count()).select_from(s.jobs).where(s.jobs.c.member_id.is_not(None))
        )
        staff = set(
            conn.execute(select(s.members.c.id).where(s.members.c.kind == "staff")).scalars()
        )
    assert held == len({r["job_id"] for r in assigned if r["active"]})
    assert {r["member_id"] for r in assigned} <= staff
    page.screenshot(path=str(shots / "onboarded-board.png"), full_page=True)
    assert page.get_by_test_id("stException").count() == 0

    page.get_by_role("button", name="Sign out").click()
    sign_in(page, "planner")
    open_page(page, "Grid planning")
    # the county's own bounds, as onboarding.json declared them
    expect(page.get_by_label("Min households per grid")).to_have_value("1500", timeout=60_000)
    expect(page.get_by_label("Max households per grid")).to_have_value("3500")
    page.get_by_test_id("stButtonGroup").get_by_text("Edit", exact=True).click()
    idle(page)
    page.get_by_text("Automatic plan", exact=True).click()
    pick(page, page.get_by_role("combobox", name="Plan for"), "CC ", exact=False)
    idle(page)
    with Watch(engine) as planning:
        started = time.perf_counter()
        page.get_by_role("button", name="Run the automatic plan").click()
        expect(page.get_by_text("Automatic plan ready in", exact=False).first).to_be_visible(
            timeout=120_000
        )
        figure("onboarded county: automatic plan for one station", time.perf_counter() - started)
    assert str(planning.changes) == "nothing"
    expect(page.get_by_text(re.compile(r"grids?, (\d+) of \1 within 1,500–3,500"))).to_be_visible()
    page.screenshot(path=str(shots / "onboarded-planning.png"), full_page=True)
    assert page.get_by_test_id("stException").count() == 0
    assert page.blocked == []
