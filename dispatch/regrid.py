"""The roster follows a grid plan made live: which grid each community goes to, which
grid takes a retired grid's staff, and how each member moves (a leader leads the grid
they join if it has no leader, else joins it as staff). Pure: the store applies it.

``districts`` is one row per district with its grid today (``grid``), the plan's
(``new``), its ``households`` and its ``community``."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import pandas as pd

from i18n import _


def community_grids(districts: pd.DataFrame) -> dict[str, str]:
    """Each community's grid under the plan: the grid holding most of its households
    (ties to the grid id first in order)."""
    by_community = (
        districts.groupby(["community", "new"])["households"]
        .sum()
        .reset_index()
        .sort_values(["community", "households", "new"], ascending=[True, False, True])
        .drop_duplicates("community")
    )
    return dict(zip(by_community["community"], by_community["new"], strict=True))


def successors(districts: pd.DataFrame, retired: Iterable[str]) -> dict[str, str]:
    """For each retired grid, the plan's grid that takes most of its households."""
    return {
        g: str(districts[districts["grid"] == g].groupby("new")["households"].sum().idxmax())
        for g in retired
    }


@dataclass(frozen=True, slots=True)
class Person:
    id: str
    name: str
    kind: str  # staff | community
    role: str  # leader | staff | community
    grid: str
    community: str | None


@dataclass(frozen=True, slots=True)
class Move:
    member: str
    kind: str
    grid: str  # from
    role: str
    to_grid: str
    to_role: str
    leads: bool  # becomes the leader of ``to_grid``


def member_moves(
    people: list[Person],
    community_grid: Mapping[str, str],
    successor: Mapping[str, str],
    leaders: dict[str, str | None],
) -> tuple[list[Move], list[str]]:
    """How the active members move: community members with their community, staff of a
    retired grid to its successor. ``leaders`` (grid → leader) is updated as leaders
    take grids. Returns the moves, in the order of ``people``, and notes for the planner."""
    moves, notes = [], []
    everyone = {p.id for p in people}
    for p in people:
        target, role, leads = p.grid, p.role, False
        if p.kind == "community" and p.community is not None and p.community in community_grid:
            target = community_grid[p.community]
        elif p.grid in successor:
            target = successor[p.grid]
        if target == p.grid:
            continue
        if p.role == "leader":
            if leaders.get(target) is None or leaders.get(target) not in everyone:
                leaders[target] = p.id
                leads = True
                notes.append(
                    _("{member} now leads {grid}, formerly leader of {old}").format(
                        member=f"{p.name} ({p.id})", grid=target, old=p.grid
                    )
                )
            else:
                role = "staff"
                notes.append(
                    _("{member}, leader of {old}, joins {grid} as staff").format(
                        member=f"{p.name} ({p.id})", old=p.grid, grid=target
                    )
                )
        moves.append(Move(p.id, p.kind, p.grid, p.role, target, role, leads))
    return moves, notes


def gaps(grids: Iterable[str], leaders: Mapping[str, str | None], staffed: set[str]) -> list[str]:
    """Notes for the plan's grids left without a leader, then without staff."""
    alive = sorted(set(grids))
    return [
        *(
            _("{grid} has no grid leader: name one in the roster").format(grid=g)
            for g in alive
            if leaders.get(g) is None
        ),
        *(
            _("{grid} has no staff: assign them in the roster").format(grid=g)
            for g in alive
            if g not in staffed
        ),
    ]
