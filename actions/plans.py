"""The planner's action that changes the county: a saved grid plan made live, the roster
following it (`dispatch.regrid`), all of it or nothing."""

from __future__ import annotations

from sqlalchemy import Engine

from store import plans
from store.plans import LiveResult


def make_live(engine: Engine, plan_id: int, *, by: str, saved_at: object | None) -> LiveResult:
    """Make the saved plan the screen showed (``saved_at``) the live grids: districts,
    customers, windows, open jobs and communities take their new grids, members follow
    their community or their retired grid's successor; refused whole when the plan
    changed since it was shown or does not fit the county."""
    return plans.make_live(engine, plan_id, by=by, saved_at=saved_at)
