"""A flood district's power back (issue 21): the last of its open repairs' and outages'
estimated finish, from the committed ETAs and the county's on-site history."""

from __future__ import annotations

from datetime import timedelta

import pandas as pd

from actions.situation import power_back
from dispatch.board import BoardJob
from dispatch.restoration import OnSite
from tests.dispatch.test_restoration import T0, _history


def test_a_districts_power_is_back_when_its_last_repair_is_done() -> None:
    history = _history([("repair", "rural", T0 + timedelta(days=k), 40) for k in range(30)])
    history = pd.concat(
        [history, _history([("outage", "rural", T0 + timedelta(days=k), 90) for k in range(30)])]
    )
    model = OnSite(history)

    def job(jid: str, kind: str, **kw: object) -> BoardJob:
        fields: dict[str, object] = {
            "priority": 1, "status": "assigned", "grid_id": "G01", "station_id": "S1",
            "community_id": "C1", "district_id": "D1", "lon": 0.0, "lat": 0.0,
            "created_at": T0, "deadline": T0, "area_class": "rural",
        }  # fmt: skip
        return BoardJob(id=jid, type=kind, **fields, **kw)  # type: ignore[arg-type]

    eta = {"A": T0 + timedelta(minutes=30), "B": T0 + timedelta(minutes=10)}
    here = [job("A", "repair"), job("B", "outage"), job("C", "metering")]
    # the outage reached at 10:10 takes 90 min: after the repair reached at 10:30 (40 min)
    assert power_back(here, eta, model) == T0 + timedelta(minutes=100)
    # once the repair's crew is on site, its recorded arrival counts, not the ETA
    late = [job("A", "repair", on_site_at=T0 + timedelta(minutes=120)), here[1]]
    assert power_back(late, eta, model) == T0 + timedelta(minutes=160)
    # a repair with no crew coming: nobody can say when the power is back
    assert power_back([*here, job("D", "repair")], eta, model) is None
    assert power_back([here[2]], eta, model) is None  # no outage or repair open
    assert power_back(here, eta, None) is None  # no history read
