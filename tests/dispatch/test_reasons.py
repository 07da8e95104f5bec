"""Issue 17: a job left out carries a reason as a code and its figures (not text parsed
back); it is put into words where it is shown — the plan format's sentence (unchanged),
the board's words — and the plan JSON gains the code and figures beside the sentence."""

from __future__ import annotations

import pytest

from dispatch.live import humanize
from dispatch.model import Problem
from dispatch.plan import Plan, Reason, ReasonCode, Unassigned
from dispatch.solver import solve

from .test_solver import job, line, member


def test_the_solvers_reasons_are_codes_with_figures_and_read_as_before():
    p = line(
        [0, 10, 20, 30],
        [member("m", 0, shift=(0, 1_000))],
        [job("skill", 1, skills=["metering"]), job("late", 2, window=[0, 5])],
    )
    plan = solve(Problem.from_json(p.to_json()))
    why = {u.job: u.reason for u in plan.unassigned}
    assert why["skill"] == Reason(ReasonCode.NO_SKILL, {"missing": ["metering"]})
    assert why["late"].code == ReasonCode.WINDOW_CLOSED
    assert why["late"].figures["closes_s"] == 5.0
    assert plan.reason_for("skill") == "no member has the skill(s) metering"
    assert plan.reason_for("late") == (
        "no qualified member can reach it before its window closes at 0:00 (soonest arrival 0:00)"
    )


def test_the_plan_json_keeps_the_sentence_and_adds_code_and_figures(tmp_path):
    reason = Reason(ReasonCode.COSTLY, {"added_travel_s": 420, "penalty": 300})
    plan = Plan.from_json(
        {"routes": [], "unassigned": [{"job": "j", "reason": "anything"}], "objective": 0}
    )
    assert plan.unassigned[0].reason == Reason.of_text("anything")  # a plan from elsewhere
    data = Plan((), (Unassigned("k", reason),), 0, 0).to_json()
    entry = data["unassigned"][0]
    assert entry == {
        "job": "k",
        "reason": "left out: serving it would add 420 s of travel, more than its penalty (300)",
        "code": "costly",
        "figures": {"added_travel_s": 420, "penalty": 300},
    }
    assert Plan.from_json(data).unassigned[0].reason == reason
    for broken in (
        {**entry, "figures": {"penalty": 300}},  # figures that do not fit: the text
        {**entry, "code": ["costly"]},
        {**entry, "code": "no_skill", "figures": {"missing": "metering"}},
    ):
        read = Plan.from_json({"routes": [], "unassigned": [broken]})
        assert read.unassigned[0].reason == Reason.of_text(entry["reason"])


@pytest.mark.parametrize(
    ("reason", "board"),
    [
        (Reason(ReasonCode.NO_SKILL, {"missing": ["@S02", "metering"]}),
         "no on-duty member in S02 with metering"),
        (Reason(ReasonCode.CUT_OFF, {"member": "M065"}),
         "under way by M065, but no open road joins them now: call the crew"),
        (Reason.of_text("no member has the skill(s) @G11"), "no on-duty member in G11"),
        ("no member has the skill(s) @G11", "no on-duty member in G11"),
    ],
)  # fmt: skip
def test_the_board_words_come_from_the_code(reason, board):
    assert humanize(reason) == board


def test_the_plan_format_keeps_english_while_the_board_speaks_chinese():
    from i18n import CHINESE, using

    reason = Reason(ReasonCode.CUT_OFF, {"member": "M016"})
    with using(CHINESE):
        assert reason.words() == (
            "under way by M016, but no open road joins them now: call the crew"
        )
        assert humanize(reason) == "M016 正在处理，但目前没有通行道路可达：请联系班组"
        assert humanize(Reason(ReasonCode.NO_SKILL, {"missing": ["@S02", "metering"]})) == (
            "S02 没有具备装表接电技能的在岗人员"
        )
    assert humanize(Reason(ReasonCode.NO_SKILL, {"missing": ["@S02", "metering"]})) == (
        "no on-duty member in S02 with metering"
    )
