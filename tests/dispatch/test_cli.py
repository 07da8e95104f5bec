"""python -m dispatch solve / check: outputs and exit codes."""

from __future__ import annotations

import json

from dispatch import __main__ as cli

from .conftest import job, line, member


def write(tmp_path, name, data):
    path = tmp_path / name
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_solve_then_check(tmp_path, capsys):
    problem = line([0, 100, 200], [member("m", 0)], [job("a", 1), job("b", 2)])
    p = write(tmp_path, "problem.json", problem.to_json())
    assert cli.main(["solve", str(p), "-o", str(tmp_path / "plan.json"), "--time-limit", "1"]) == 0
    assert cli.main(["check", str(p), str(tmp_path / "plan.json")]) == 0
    out = capsys.readouterr().out
    assert "objective 200" in out
    assert "feasible" in out


def test_check_of_a_broken_plan_exits_1_and_lists_violations(tmp_path, capsys):
    problem = line([0, 100], [member("m", 0, skills=[])], [job("a", 1, skills=["repair"])])
    p = write(tmp_path, "problem.json", problem.to_json())
    plan = write(
        tmp_path,
        "plan.json",
        {
            "routes": [{"member": "m", "stops": [{"job": "a", "arrival": 100, "start": 100}]}],
            "unassigned": [],
            "objective": 100,
            "travel": 100,
        },
    )
    assert cli.main(["check", str(p), str(plan)]) == 1
    assert "violation: member 'm': lacks skill(s) ['repair']" in capsys.readouterr().out


def test_malformed_problem_exits_2_naming_the_field(tmp_path, capsys):
    bad = line([0, 100], [member("m", 0)], [job("a", 1)]).to_json()
    bad["jobs"][0]["window"] = [100, 5]
    p = write(tmp_path, "problem.json", bad)
    assert cli.main(["solve", str(p), "-o", str(tmp_path / "plan.json")]) == 2
    err = capsys.readouterr().err
    assert "job 'a': window" in err
    assert "Traceback" not in err
