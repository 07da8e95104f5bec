"""Fair loads across the members of a scope (issue 21): each member's working day in a
plan, its spread, and what balancing costs in travel.

Balancing is a search option (`dispatch.solver.SolveParams.balance`): a cost per second
of the longest working day among the plan's members, so the search trades travel for a
shorter longest day. `price` compares a balanced plan with the plan made without it."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from dispatch.model import Problem
from dispatch.plan import Plan
from dispatch.schedule import timing


def working_days(problem: Problem, plan: Plan, t: NDArray[np.float64]) -> dict[str, float]:
    """Seconds from each member's shift start to their last job done (back at their end
    place for a closed route); members without work count 0."""
    days = dict.fromkeys((m.id for m in problem.members), 0.0)
    for route in plan.routes:
        member = problem.member[route.member]
        timed = timing(member, [problem.job[j] for j in route.jobs], t)
        days[member.id] = float(timed.finish - member.shift_s[0])
    return days


@dataclass(frozen=True)
class Loads:
    """A plan's working days: the longest, the shortest and their spread (seconds)."""

    longest_s: float
    shortest_s: float
    travel_s: int

    @property
    def spread_s(self) -> float:
        return self.longest_s - self.shortest_s


def loads(problem: Problem, plan: Plan, t: NDArray[np.float64]) -> Loads:
    days = list(working_days(problem, plan, t).values()) or [0.0]
    return Loads(max(days), min(days), plan.travel)


@dataclass(frozen=True)
class Price:
    """What balancing bought and what it cost, against the plan made without it."""

    before: Loads
    after: Loads

    @property
    def travel_added_s(self) -> int:
        return self.after.travel_s - self.before.travel_s

    @property
    def spread_cut_s(self) -> float:
        return self.before.spread_s - self.after.spread_s


def price(problem: Problem, balanced: Plan, plain: Plan, t: NDArray[np.float64]) -> Price:
    return Price(loads(problem, plain, t), loads(problem, balanced, t))
