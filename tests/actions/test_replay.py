"""The demo day: due requests come in once, through the ordinary intake; crews move."""

from __future__ import annotations

from datetime import datetime, timedelta

from actions.replay import replay_state, replay_step, start_replay, stop_replay
from dispatch.clock import Clock, real_now
from store.board import clock, set_clock
from store.db import data_folder, make_engine
from store.folder import folder_as_of
from store.intake import StoreLocator
from store.queries import counts


def test_replay_imports_what_is_due_once_and_stops(demo_db, demo_dir):
    engine = make_engine(demo_db)
    locator = StoreLocator.from_folder(engine, demo_dir or data_folder())
    # from the demo's morning, however long ago the store was loaded (its clock runs)
    set_clock(engine, Clock(folder_as_of(demo_dir), real_now(), 1.0))
    state = start_replay(engine, 600)
    assert clock(engine).speed == 600
    start = datetime.fromisoformat(state["start"])
    set_clock(engine, Clock(start + timedelta(hours=3), real_now(), 1.0))
    before = counts(engine)
    result, _ = replay_step(engine, locator)
    assert result.new > 5  # a few hours of a county's requests
    after = counts(engine)
    assert after["requests"] == before["requests"] + result.new
    again, _ = replay_step(engine, locator)
    assert again.new == 0
    assert counts(engine)["requests"] == after["requests"]
    stop_replay(engine)
    assert replay_state(engine) is None
    assert replay_step(engine, locator) is None
    assert clock(engine).speed == 1.0
