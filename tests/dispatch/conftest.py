"""Tiny named dispatch instances: places on a line, travel = distance (seconds)."""

from __future__ import annotations

from typing import Any

import pytest

from dispatch.model import Problem


def line(
    positions: list[int], members: list[dict[str, Any]], jobs: list[dict[str, Any]], **options: Any
) -> Problem:
    """Locations at the given positions on a line; travel time = |a - b| seconds."""
    data = {
        "name": "tiny",
        "locations": [[111.8 + p / 1e5, 26.5] for p in positions],
        "durations": [[abs(a - b) for b in positions] for a in positions],
        "members": members,
        "jobs": jobs,
        "options": {"time_limit": 2, "solution_limit": 2_000, **options},
    }
    return Problem.from_json(data)


def member(id: str, start: int, *, shift: tuple[int, int] = (0, 10_000), **extra: Any) -> dict:
    return {"id": id, "start": start, "shift": list(shift), **extra}


def job(id: str, location: int, **extra: Any) -> dict:
    return {"id": id, "location": location, **extra}


@pytest.fixture
def tiny():
    return line
