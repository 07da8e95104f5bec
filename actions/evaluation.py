"""Evaluate a month: the grids' indicators, the members' scores and the customer
records' quality, from the records the store reads (`store.evaluation.records`)."""

from __future__ import annotations

import pandas as pd

from dispatch.evaluation import grid_indicators
from dispatch.evaluation_members import member_scores, record_quality
from store.evaluation import Records


def evaluate_month(r: Records, month: str) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """A month's grid indicators, member scores and record quality from the records."""
    indicators = grid_indicators(
        jobs=r.jobs,
        requests=r.requests,
        customers=r.customers,
        billing=r.billing,
        attendance=r.attendance,
        history=r.history,
        grids=r.grids,
        month=month,
    )
    scores = member_scores(
        jobs=r.jobs,
        attendance=r.attendance,
        history=r.history,
        requests=r.requests,
        customers=r.customers,
        month=month,
        mates=r.mates,
    )
    return indicators, scores, record_quality(r.customers, r.history, r.grids, month)
