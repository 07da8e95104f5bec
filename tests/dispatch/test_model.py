"""Problems are validated field by field; the bad field is named."""

from __future__ import annotations

import json

import pytest

from dispatch.errors import ProblemError
from dispatch.model import Problem

from .conftest import job, line, member


def base() -> dict:
    return {
        "locations": [[111.8, 26.5], [111.9, 26.6]],
        "members": [member("m1", 0)],
        "jobs": [job("j1", 1)],
    }


@pytest.mark.parametrize(
    ("change", "named"),
    [
        (lambda d: d.pop("locations"), "locations"),
        (lambda d: d["jobs"][0].update(location=7), "job 'j1': location"),
        (lambda d: d["jobs"][0].update(window=[50, 10]), "job 'j1': window"),
        (lambda d: d["jobs"][0].update(priority=9), "job 'j1': priority"),
        (lambda d: d["jobs"][0].update(service=-5), "job 'j1': service"),
        (lambda d: d["members"][0].pop("shift"), "member 'm1': shift"),
        (lambda d: d["members"][0].update(end=3), "member 'm1': end"),
        (lambda d: d.update(durations=[[0, 1]]), "durations"),
        (lambda d: d.update(durations=[[0, "x"], [1, 0]]), "durations[0][1]"),
        (lambda d: d["jobs"].append(job("j1", 0)), "jobs: 'j1'"),
        (lambda d: d.update(options={"time_limit": 0}), "options.time_limit"),
        (lambda d: d["members"][0].update(skills="repair"), "member 'm1': skills"),
    ],
)
def test_bad_field_is_named(change, named):
    data = base()
    change(data)
    with pytest.raises(ProblemError, match=named.replace("[", r"\[").replace("]", r"\]")):
        Problem.from_json(data)


def test_round_trip_keeps_fields_and_unknown_extras():
    data = base()
    data["jobs"][0].update(window=[0, 900], priority=1, skills=["repair"], note="gate code 12")
    data["members"][0].update(skills=["repair"], max_jobs=3, radio="ch 4")
    data["source"] = "95598 export"
    problem = Problem.from_json(data)
    again = Problem.from_json(json.loads(json.dumps(problem.to_json())))
    assert again == problem
    assert again.to_json()["jobs"][0]["note"] == "gate code 12"
    assert again.to_json()["source"] == "95598 export"


def test_default_penalties_follow_priority():
    p = line([0, 10], [member("m", 0)], [job(f"j{k}", 1, priority=k) for k in (1, 2, 3, 4)])
    assert [j.drop_cost for j in p.jobs] == [1_000_000, 100_000, 20_000, 5_000]


def test_malformed_json_file(tmp_path):
    path = tmp_path / "p.json"
    path.write_text("{ nope", encoding="utf-8")
    with pytest.raises(ProblemError, match="not valid JSON"):
        Problem.load(path)
