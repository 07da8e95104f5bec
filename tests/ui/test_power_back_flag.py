"""The board's power-back cell (issue 21): the estimate with its range, flagged once even
the range's end has passed, so the dispatcher asks the crew."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from dispatch.board import BoardJob
from dispatch.restoration import OnSite
from tests.dispatch.test_restoration import T0, _history
from ui.board import power_back


def test_an_estimate_past_its_range_is_flagged() -> None:
    model = OnSite(
        _history([("repair", "rural", T0 + timedelta(days=k), 30 + k) for k in range(30)])
    )
    job = BoardJob(id="J1", type="repair", priority=1, lon=0.0, lat=0.0, grid_id="G01",
                   station_id="S1", community_id="C1", created_at=T0, deadline=T0,
                   status="on_site", area_class="rural", on_site_at=T0)  # fmt: skip
    plain = power_back(job, model)
    assert plain.count(":") == 3  # "10:44 (10:32–10:57)"
    assert power_back(job, model, T0 + timedelta(minutes=40)) == plain  # inside its range
    late = power_back(job, model, T0 + timedelta(hours=2))
    assert late.startswith("⚠")
    assert plain in late
    metering = replace(job, type="metering")
    assert power_back(metering, model, T0 + timedelta(hours=2)) == ""  # no power to restore
