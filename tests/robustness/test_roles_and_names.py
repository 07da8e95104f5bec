"""Issue 16, findings 5, 12, 14 and 15 under AppTest (the browser walks of each role's day
prove the same in Chromium): read-only roles start no solve; a grid leader's workbook and
drill-down hold their own grid only; a display name in Markdown image syntax is shown as
text; a member added through the roster gets a status row and so appears on the board."""

from __future__ import annotations

from sqlalchemy import select

import actions.board
import ui.flood
from store import schema as s
from store.db import make_engine
from store.roster import add_member
from store.users import User
from tests.app.conftest import open_page

VIEWER = User("robust-viewer", "Viewer", "viewer")


def test_read_only_roles_start_no_solve(store_env, monkeypatch, figure):
    """Finding 12: a viewer's Plan ran the solver for 9 s; the surge plan was unguarded."""
    solves = []
    monkeypatch.setattr(actions.board, "solve", lambda *a, **k: solves.append("board"))
    monkeypatch.setattr(ui.flood, "plan_surge", lambda *a, **k: solves.append("surge"))
    forged = {
        "views/board.py": ("Plan", "board.plan", ("grid", 5.0, frozenset())),
        "views/flood.py": (
            "Plan the surge",
            "flood.proposal",
            (True, 10.0, True, 10.0, frozenset()),
        ),
    }
    for path, (label, key, request) in forged.items():
        at = open_page(path, user=VIEWER)
        (plan,) = [b for b in at.button if b.label == label]
        assert plan.disabled
        assert plan.help
        at.session_state[f"asked.{key}"] = request  # a request forged past the button
        at.run()
        assert not at.exception
    assert solves == []
    figure(f"read-only roles: {len(forged)} plan buttons disabled with a reason; 0 solves")


def test_a_grid_leaders_evaluation_holds_their_grid_only(store_env, figure):
    """Finding 5: the leader's workbook held all 1,065 members of the county."""
    leader = User("robust-leader", "Leader", "grid leader", "G03")
    at = open_page("views/evaluation.py", user=leader)
    at.segmented_control(key="evaluation.view").set_value("Members").run()
    (only,) = at.selectbox(key="evaluation.members.grid").options
    assert only.startswith("G03 ")  # the grid by code and name
    shown = [f.value for f in at.dataframe]
    grids = {
        str(g) for frame in shown for col in ("grid", "grid_id") if col in frame for g in frame[col]
    }
    assert grids <= {"G03"}, grids
    figure(f"grid leader's evaluation: {len(shown)} tables, grids shown {sorted(grids) or ['G03']}")


def test_a_display_name_in_markdown_image_syntax_is_text(store_env, figure):
    """Finding 14: a display name ``![x](http://…)`` made every browser fetch that URL."""
    name = "![x](http://192.0.2.1/beacon.png)"
    at = open_page("views/county_map.py", user=User("robust-admin", name, "administrator"))
    (line,) = [m.value for m in at.sidebar.caption if m.value.startswith("Signed in:")]
    assert "![x](" not in line  # the image syntax is escaped, not live
    assert "beacon.png" in line.replace("\\", "")  # and shows as typed
    figure(f"display name in image syntax: sidebar Markdown {line[:60]!r}")


def test_a_member_added_through_the_roster_is_on_the_board(store_env, figure):
    """Finding 15: a member added through the roster had no status row, so never appeared
    on the board or in any plan."""
    engine = make_engine(store_env)
    mid = add_member(
        engine, name="周晓梅", kind="staff", role="staff", grid="G02", specialty="repair", by="t"
    )
    with engine.connect() as conn:
        status = conn.execute(select(s.member_status).where(s.member_status.c.member_id == mid))
        assert len(status.all()) == 1
    figure(f"roster add: {mid} has a status row")


def test_names_in_the_situation_report_are_text(figure):
    """Finding 14, second half: names passed raw into the flood report file."""
    from datetime import datetime
    from types import SimpleNamespace

    import pandas as pd
    import shapely

    from actions.situation import DISTRICT_COLUMNS, report_markdown
    from dispatch.surge import FloodArea

    hostile = "![x](http://192.0.2.1/b.png) | <script>alert(1)</script> **bold**"
    area = FloodArea("F1", hostile, shapely.box(0, 0, 1, 1), False, "flood")
    sit = SimpleNamespace(now=datetime(2026, 7, 1, 8), areas=[area])
    empty = pd.DataFrame(columns=["households"])
    figures = {
        "restored": empty, "counts": {}, "households_flooded": 0, "households_cut_off": 0,
        "households_dark": 0, "closed_roads": 0, "stranded": [],
        "critical": pd.DataFrame([{"name": hostile, "kind": "hospital", "state": "flooded"}]),
        "stranded_members": pd.DataFrame(
            [{"name": hostile, "member": "M1", "grid": "G01", "status": "en_route"}]
        ),
        "cut_off": pd.DataFrame(
            [{"name": hostile, "district": "D1", "grid": "G01", "households": 5}]
        ),
        "districts": pd.DataFrame(
            [{"name": hostile, "grid": "G01", "state": "flooded", "households": 5,
              "open jobs": 1, "first ETA": None}]
        ),
    }  # fmt: skip
    text = report_markdown(sit, figures)
    assert "![x](" not in text
    assert "<script>" not in text
    assert "**bold**" not in text
    table = [line for line in text.splitlines() if line.startswith("| ") and "G01" in line]
    assert len(table) == 1
    assert table[0].count("|") == len(DISTRICT_COLUMNS) + 1  # the name's "|" added none
    figure(f"situation report: a hostile name in 5 places stays text ({len(text):,} chars)")
