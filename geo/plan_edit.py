"""Editing a grid plan by hand, and checking a whole plan before it goes live.

A plan is one grid id per unit, in the order of ``Units.ids``. Painting a unit into
another grid is allowed only when both grids stay contiguous, the stations are not
mixed, the unit is not locked, and neither grid leaves the household bounds; a
refusal says which rule and with what figures.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from geo.partition import Units
from geo.partition_starts import connected_without
from i18n import _


@dataclass(frozen=True)
class MoveCheck:
    ok: bool
    reason: str = ""


def members(grid: Sequence[str], name: str) -> set[int]:
    return {i for i, g in enumerate(grid) if g == name}


def households(units: Units, grid: Sequence[str], name: str) -> int:
    return int(units.households[np.asarray(grid) == name].sum())


def targets(units: Units, grid: Sequence[str], unit: int) -> list[str]:
    """The grids a unit may be painted into: its neighbours' grids of the same station."""
    own = grid[unit]
    found = {grid[j] for j in units.neighbours[unit] if units.station[j] == units.station[unit]} - {
        own
    }
    return sorted(found)


def check_move(  # noqa: PLR0911 — one return per rule, in the order they are checked
    units: Units,
    grid: Sequence[str],
    unit: int,
    target: str,
    lo: int,
    hi: int,
    *,
    locked: Sequence[bool] | None = None,
) -> MoveCheck:
    """Whether unit ``unit`` may move from its grid to ``target``, and why not."""
    uid, source = units.ids[unit], grid[unit]
    held = units.locked if locked is None else locked
    if target == source:
        return MoveCheck(
            False, _("{district} is already in {grid}").format(district=uid, grid=target)
        )
    if held[unit]:
        return MoveCheck(
            False,
            _("{district} is locked in {grid}; unlock it first").format(district=uid, grid=source),
        )
    inside = members(grid, target)
    if not inside:
        return MoveCheck(False, _("there is no grid {grid} in this plan").format(grid=target))
    stations = {units.station[i] for i in inside}
    if units.station[unit] not in stations:
        return MoveCheck(
            False,
            _(
                "{grid} belongs to station {stations}; {district} belongs to {station} and "
                "grids never mix stations"
            ).format(
                grid=target,
                stations=_(", ").join(sorted(stations)),
                district=uid,
                station=units.station[unit],
            ),
        )
    if not any(j in inside for j in units.neighbours[unit]):
        return MoveCheck(
            False,
            _("{district} does not share a boundary with {grid}").format(district=uid, grid=target),
        )
    own = members(grid, source)
    if len(own) == 1:
        return MoveCheck(
            False,
            _("{district} is the last district of {grid}; the grid would vanish").format(
                district=uid, grid=source
            ),
        )
    if not connected_without(own, unit, units.neighbours):
        return MoveCheck(
            False,
            _("moving {district} would split {grid} in two").format(district=uid, grid=source),
        )
    hh = int(units.households[unit])
    left = households(units, grid, source) - hh
    gained = households(units, grid, target) + hh
    if left < lo:
        return MoveCheck(
            False,
            _("{grid} would fall to {households} households, below the minimum {lo}").format(
                grid=source, households=f"{left:,}", lo=f"{lo:,}"
            ),
        )
    if gained > hi:
        return MoveCheck(
            False,
            _("{grid} would reach {households} households, above the maximum {hi}").format(
                grid=target, households=f"{gained:,}", hi=f"{hi:,}"
            ),
        )
    return MoveCheck(True)


def moved(grid: list[str], unit: int, target: str) -> list[str]:
    out = list(grid)
    out[unit] = target
    return out


def differing(a: Sequence[str], b: Sequence[str]) -> list[int]:
    """The units two plans put in different grids (in ``Units.ids`` order)."""
    if len(a) != len(b):
        msg = f"the plans name {len(a)} and {len(b)} districts; compare plans of one county"
        raise ValueError(msg)
    return [i for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y]


@dataclass(frozen=True)
class PlanCheck:
    blocking: list[str]  # the plan cannot go live: a district without a grid, a grid in
    # pieces or mixing stations
    warnings: list[str]  # it may, but a planner should know: grids outside the bounds


def check_plan(units: Units, grid: Sequence[str], lo: int, hi: int) -> PlanCheck:
    """What is wrong with a whole plan, blocking first."""
    if len(grid) != len(units.ids):
        msg = _("the plan names {n} districts; the county has {county}").format(
            n=len(grid), county=len(units.ids)
        )
        return PlanCheck([msg], [])
    blocking, warnings = [], []
    missing = [units.ids[i] for i, g in enumerate(grid) if not g]
    if missing:
        blocking.append(
            _("{n} district(s) without a grid, e.g. {district}").format(
                n=len(missing), district=missing[0]
            )
        )
    for name in sorted({g for g in grid if g}):
        inside = members(grid, name)
        stations = sorted({units.station[i] for i in inside})
        if len(stations) > 1:
            blocking.append(
                _("{grid} mixes stations {stations}").format(
                    grid=name, stations=_(", ").join(stations)
                )
            )
        if not _connected(inside, units.neighbours):
            blocking.append(_("{grid} is not contiguous").format(grid=name))
        hh = households(units, grid, name)
        if not lo <= hh <= hi:
            warnings.append(
                _("{grid} holds {households} households, outside {lo}–{hi}").format(
                    grid=name, households=f"{hh:,}", lo=f"{lo:,}", hi=f"{hi:,}"
                )
            )
    return PlanCheck(blocking, warnings)


def _connected(inside: set[int], neighbours: list[list[int]]) -> bool:
    start = next(iter(inside))
    seen, stack = {start}, [start]
    while stack:
        for j in neighbours[stack.pop()]:
            if j in inside and j not in seen:
                seen.add(j)
                stack.append(j)
    return seen == inside
