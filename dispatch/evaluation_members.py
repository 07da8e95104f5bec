"""Member scores for the month and the quality of customer records, per grid.

Inputs as in ``dispatch.evaluation``. A member who moved grids in the month is scored
once, over the whole month, with every grid they were in listed; their attendance and
tasks count in each grid for the days they were there.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from dispatch.clock import CHINA_OFFSET
from dispatch.domain import JobStatus
from dispatch.evaluation import _in, contributions
from dispatch.membership import days_in_grid, month_bounds


def member_scores(
    *,
    jobs: pd.DataFrame,
    attendance: pd.DataFrame,
    history: pd.DataFrame,
    requests: pd.DataFrame,
    customers: pd.DataFrame,
    month: str,
    mates: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """One row per member on the roster during the month. A job a crew of two did counts
    for each of them (``mates``: job id, the second member's id).

    - attendance rate = attended ÷ scheduled hours (staff);
    - tasks done = jobs they closed as done in the month;
    - on time = of those, reached on site by the deadline ÷ those reached;
    - quality = done ÷ (done + could not finish) among jobs they closed in the month;
    - points = community contribution (``dispatch.evaluation.CONTRIBUTION``).
    """
    stay = days_in_grid(history, month)
    if stay.empty:
        return pd.DataFrame(
            columns=[
                "member_id",
                "kind",
                "grids",
                "days",
                "scheduled_hours",
                "attended_hours",
                "attendance_rate",
                "tasks_done",
                "on_time",
                "quality",
                "points",
            ]
        )
    who = stay.groupby("member_id").agg(
        kind=("kind", "first"),
        grids=("grid_id", lambda g: ", ".join(sorted(set(g)))),
        days=("days", "sum"),
    )
    start, end = month_bounds(month)
    first, stop = (
        (start + CHINA_OFFSET).strftime("%Y-%m-%d"),
        (end + CHINA_OFFSET).strftime("%Y-%m-%d"),
    )
    days = attendance[(attendance["day"] >= first) & (attendance["day"] < stop)]
    hours = days.groupby("member_id")[["scheduled_hours", "attended_hours"]].sum()
    who = who.join(hours).fillna({"scheduled_hours": 0.0, "attended_hours": 0.0})
    who["attendance_rate"] = who["attended_hours"] / who["scheduled_hours"].replace(0, np.nan)
    if mates is not None and not mates.empty:
        second = jobs.drop(columns="member_id").merge(
            mates.rename(columns={"job_id": "id"}), on="id"
        )
        jobs = pd.concat([jobs, second[jobs.columns]], ignore_index=True)
    closed = jobs[_in(jobs["closed_at"], month) & jobs["member_id"].notna()]
    done = closed[closed["status"] == JobStatus.DONE]
    who["tasks_done"] = done.groupby("member_id").size().reindex(who.index, fill_value=0)
    reached = done[done["arrived_at"].notna()]
    on_time = (reached["arrived_at"] <= reached["deadline"]).groupby(reached["member_id"]).mean()
    who["on_time"] = on_time.reindex(who.index)
    failed = closed[closed["status"] == "failed"].groupby("member_id").size()
    finished = who["tasks_done"] + failed.reindex(who.index, fill_value=0)
    who["quality"] = who["tasks_done"] / finished.replace(0, np.nan)
    points = contributions(requests, customers, month).set_index("member_id")["points"]
    who["points"] = points.reindex(who.index, fill_value=0).astype(int)
    return who.reset_index()


def record_quality(
    customers: pd.DataFrame, history: pd.DataFrame, grids: pd.Index, month: str
) -> pd.DataFrame:
    """Per grid at the month's end: customers, share with a verified phone, contracts
    signed in the month and in all, prepaid share, customers per staff member."""
    _, end = month_bounds(month)
    by = customers.groupby("grid_id")
    verified = (pd.to_datetime(customers["phone_verified_at"]) < end).groupby(customers["grid_id"])
    signed_at = pd.to_datetime(customers["contract_signed_at"])
    prepaid = (pd.to_datetime(customers["prepaid_since"]) < end).groupby(customers["grid_id"])
    last = (end + CHINA_OFFSET - pd.Timedelta(days=1)).strftime("%Y-%m-%d")
    at_end = history[
        (history["kind"] == "staff")
        & (history["start_day"] <= last)
        & (history["end_day"].isna() | (history["end_day"] > last))
    ]
    staff = at_end.groupby("grid_id").size()
    table = pd.DataFrame(
        {
            "customers": by.size(),
            "phone_verified_share": verified.mean(),
            "contracts_signed": (_in(signed_at, month)).groupby(customers["grid_id"]).sum(),
            "contracts_total": (signed_at < end).groupby(customers["grid_id"]).sum(),
            "prepaid_share": prepaid.mean(),
        }
    ).reindex(grids)
    table["staff"] = staff.reindex(grids, fill_value=0)
    table["customers_per_staff"] = table["customers"] / table["staff"].replace(0, np.nan)
    return table.rename_axis("grid_id")
