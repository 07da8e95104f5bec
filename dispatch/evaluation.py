"""The monthly evaluation of grids: service, production, marketing and the two fusion
indicators, computed from records, and the weighted ranking.

Every indicator is a plain function of the month's records, one row per grid; a grid
with nothing to measure gets a missing value (not zero), and the ranking leaves it
out of that indicator instead of punishing or rewarding it. The formulas are in
``INDICATORS`` (shown on the page) and in each function's docstring.

Inputs are frames with these columns (times naive UTC):

- jobs: id, grid_id, type, created_at, deadline, status, member_id, closed_at,
  arrived_at (first "on site"), assigned_at (first assignment)
- requests: grid_id, type, received_at, account_no, reported_by_member
- customers: grid_id, phone_verified_at, phone_verified_by, contract_signed_at,
  contract_helped_by, prepaid_since
- billing: grid_id, month, billed, collected
- attendance: member_id, day, scheduled_hours, attended_hours
- history: member_id, grid_id, kind, role, start_day, end_day (the roster history)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

import numpy as np
import pandas as pd

from dispatch.clock import CHINA_OFFSET
from dispatch.domain import JobStatus
from dispatch.membership import cst_day, days_in_grid, grid_on, month_bounds
from i18n import N_, Words, _

EMERGENCY: Final = ("repair", "outage")
REPEAT_WINDOW: Final = pd.Timedelta(days=30)

#: Points for a community member's contribution (DualGrid default; set with the utility).
CONTRIBUTION: Final[dict[str, int]] = {
    "report": 1,  # a request they passed on (not an outage)
    "outage liaison": 2,  # an outage they reported from their community
    "phone verified": 1,  # a customer's phone number they verified
    "contract helped": 3,  # a supply contract they helped sign
}
#: The contributions in words.
CONTRIBUTION_LABELS: Final = Words(
    {
        "report": N_("report"),
        "outage liaison": N_("outage liaison"),
        "phone verified": N_("phone verified"),
        "contract helped": N_("contract helped"),
    }
)
#: The indicators' groups, in the order the page lists them, in words.
GROUPS: Final = Words(
    {
        "service": N_("service"),
        "production": N_("production"),
        "marketing": N_("marketing"),
        "fusion": N_("fusion"),
    }
)


@dataclass(frozen=True)
class Indicator:
    key: str
    words: str  # the label as a message id (`label` says it in the active language)
    group: str  # service, production, marketing, fusion
    higher_is_better: bool
    weight: float  # default weight in the ranking
    how: str  # the formula as a message id (`formula` says it in the active language)

    @property
    def label(self) -> str:
        return _(self.words)

    @property
    def formula(self) -> str:
        return _(self.how)


INDICATORS: Final[tuple[Indicator, ...]] = (
    Indicator(
        "on_time",
        N_("Arrived within the norm"),
        "service",
        True,
        15,
        N_("jobs created in the month and reached on site by their deadline ÷ those reached"),
    ),
    Indicator(
        "arrival_min",
        N_("Emergency arrival (median min)"),
        "service",
        False,
        10,
        N_("median minutes from report to on site, repair and outage jobs created in the month"),
    ),
    Indicator(
        "response_min",
        N_("Response (median min)"),
        "service",
        False,
        5,
        N_("median minutes from report to first assignment, jobs created in the month"),
    ),
    Indicator(
        "solved_in_grid",
        N_("Solved inside the grid"),
        "service",
        True,
        10,
        N_("jobs done in the month by a member of the job's grid that day ÷ jobs done"),
    ),
    Indicator(
        "repeat_complaints",
        N_("Repeat complaints per 10,000 customers"),
        "service",
        False,
        5,
        N_(
            "complaints in the month from an account that complained in the 30 days before, "
            "× 10,000 ÷ customers"
        ),
    ),
    Indicator(
        "outage_hours",
        N_("Outage hours per 1,000 customers"),
        "production",
        False,
        10,
        N_("hours from report to done of outage jobs created in the month × 1,000 ÷ customers"),
    ),
    Indicator(
        "fee_recovery",
        N_("Fee recovery"),
        "marketing",
        True,
        10,
        N_("collected ÷ billed for the month"),
    ),
    Indicator(
        "prepaid_share",
        N_("Prepaid share"),
        "marketing",
        True,
        5,
        N_("customers on prepaid purchase at the month's end ÷ customers"),
    ),
    Indicator(
        "attendance",
        N_("Staff attendance in grid work"),
        "fusion",
        True,
        15,
        N_("attended ÷ scheduled hours of staff on the days they were in the grid"),
    ),
    Indicator(
        "contribution",
        N_("Community contribution per x member"),
        "fusion",
        True,
        15,
        N_(
            "contribution points of the grid's community members ÷ their number "
            "(report 1, outage liaison 2, phone verified 1, contract helped 3)"
        ),
    ),
)
BY_KEY: Final = {i.key: i for i in INDICATORS}


def _in(times: pd.Series, month: str) -> pd.Series:
    start, end = month_bounds(month)
    t = pd.to_datetime(times)
    return (t >= start) & (t < end)


def _per_grid(values: pd.Series, grids: pd.Index) -> pd.Series:
    return values.reindex(grids).astype(float)


def _minutes(later: pd.Series, earlier: pd.Series) -> pd.Series:
    return (pd.to_datetime(later) - pd.to_datetime(earlier)).dt.total_seconds() / 60.0


def service(
    jobs: pd.DataFrame,
    requests: pd.DataFrame,
    history: pd.DataFrame,
    customers_per_grid: pd.Series,
    month: str,
) -> pd.DataFrame:
    """On time, emergency arrival, response, solved inside the grid, repeat complaints."""
    grids = customers_per_grid.index
    made = jobs[_in(jobs["created_at"], month)]
    reached = made[made["arrived_at"].notna()]
    on_time = (reached["arrived_at"] <= reached["deadline"]).groupby(reached["grid_id"]).mean()
    urgent = reached[reached["type"].isin(EMERGENCY)]
    arrival = _minutes(urgent["arrived_at"], urgent["created_at"]).groupby(urgent["grid_id"])
    given = made[made["assigned_at"].notna()]
    response = _minutes(given["assigned_at"], given["created_at"]).groupby(given["grid_id"])
    done = jobs[(jobs["status"] == JobStatus.DONE) & _in(jobs["closed_at"], month)]
    member_grid = grid_on(history, done["member_id"], cst_day(done["closed_at"]))
    inside = (member_grid == done["grid_id"]).groupby(done["grid_id"]).mean()
    return pd.DataFrame(
        {
            "on_time": _per_grid(on_time, grids),
            "arrival_min": _per_grid(arrival.median(), grids),
            "response_min": _per_grid(response.median(), grids),
            "solved_in_grid": _per_grid(inside, grids),
            "repeat_complaints": repeat_complaints(requests, customers_per_grid, month),
        },
        index=grids,
    )


def repeat_complaints(
    requests: pd.DataFrame, customers_per_grid: pd.Series, month: str
) -> pd.Series:
    """Complaints in the month whose account complained in the 30 days before, per
    10,000 customers of the grid."""
    start, _ = month_bounds(month)
    c = requests[(requests["type"] == "complaint") & requests["account_no"].notna()]
    c = c[pd.to_datetime(c["received_at"]) >= start - REPEAT_WINDOW].sort_values("received_at")
    gap = c.groupby("account_no")["received_at"].diff()
    repeat = c[_in(c["received_at"], month) & (gap <= REPEAT_WINDOW)]
    count = repeat.groupby("grid_id").size().reindex(customers_per_grid.index, fill_value=0)
    per = count * 10_000 / customers_per_grid.replace(0, np.nan)
    return per.astype(float)


def production(jobs: pd.DataFrame, customers_per_grid: pd.Series, month: str) -> pd.Series:
    """Outage hours (report to done) of outage jobs created in the month, per 1,000
    customers; missing for a grid with no customers."""
    out = jobs[(jobs["type"] == "outage") & _in(jobs["created_at"], month)]
    out = out[out["closed_at"].notna()]
    hours = (_minutes(out["closed_at"], out["created_at"]) / 60.0).groupby(out["grid_id"]).sum()
    hours = hours.reindex(customers_per_grid.index, fill_value=0.0)
    return (hours * 1000 / customers_per_grid.replace(0, np.nan)).astype(float)


def marketing(
    billing: pd.DataFrame, customers: pd.DataFrame, grids: pd.Index, month: str
) -> pd.DataFrame:
    """Fee recovery (collected ÷ billed) and prepaid share at the month's end."""
    _, end = month_bounds(month)
    bills = billing[billing["month"] == month].groupby("grid_id")[["billed", "collected"]].sum()
    recovery = bills["collected"] / bills["billed"].replace(0, np.nan)
    prepaid = pd.to_datetime(customers["prepaid_since"]) < end
    share = prepaid.groupby(customers["grid_id"]).mean()
    return pd.DataFrame(
        {"fee_recovery": _per_grid(recovery, grids), "prepaid_share": _per_grid(share, grids)},
        index=grids,
    )


def attendance_rate(
    attendance: pd.DataFrame, history: pd.DataFrame, grids: pd.Index, month: str
) -> pd.Series:
    """Attended ÷ scheduled hours, each day counted in the grid the member was in."""
    start, end = month_bounds(month)
    first, stop = (
        (start + CHINA_OFFSET).strftime("%Y-%m-%d"),
        (end + CHINA_OFFSET).strftime("%Y-%m-%d"),
    )
    rows = attendance[(attendance["day"] >= first) & (attendance["day"] < stop)]
    grid = grid_on(history, rows["member_id"], rows["day"])
    sums = rows.assign(grid_id=grid).groupby("grid_id")[["attended_hours", "scheduled_hours"]]
    totals = sums.sum()
    rate = totals["attended_hours"] / totals["scheduled_hours"].replace(0, np.nan)
    return _per_grid(rate, grids)


def contributions(requests: pd.DataFrame, customers: pd.DataFrame, month: str) -> pd.DataFrame:
    """Per community member: the month's counted tasks and points (member_id, report,
    outage liaison, phone verified, contract helped, points)."""
    by = requests[_in(requests["received_at"], month) & requests["reported_by_member"].notna()]
    outage = by["type"] == "outage"
    parts = {
        "report": by.loc[~outage, "reported_by_member"].value_counts(),
        "outage liaison": by.loc[outage, "reported_by_member"].value_counts(),
        "phone verified": customers.loc[
            _in(customers["phone_verified_at"], month), "phone_verified_by"
        ].value_counts(),
        "contract helped": customers.loc[
            _in(customers["contract_signed_at"], month), "contract_helped_by"
        ].value_counts(),
    }
    table = pd.DataFrame(parts).fillna(0).astype(int)
    table["points"] = sum(table[k] * CONTRIBUTION[k] for k in CONTRIBUTION)
    return table.rename_axis("member_id").reset_index()


def contribution_per_member(
    requests: pd.DataFrame,
    customers: pd.DataFrame,
    history: pd.DataFrame,
    grids: pd.Index,
    month: str,
) -> pd.Series:
    """Points of each grid's community members ÷ the number of them (a member who moved
    counts in each grid in proportion to the days spent there)."""
    stay = days_in_grid(history[history["kind"] == "community"], month)
    if stay.empty:
        return _per_grid(pd.Series(dtype=float), grids)
    stay["share"] = stay["days"] / stay.groupby("member_id")["days"].transform("sum")
    points = contributions(requests, customers, month).set_index("member_id")["points"]
    stay["points"] = stay["member_id"].map(points).fillna(0) * stay["share"]
    per = stay.groupby("grid_id").agg(points=("points", "sum"), members=("share", "sum"))
    return _per_grid(per["points"] / per["members"], grids)


def grid_indicators(
    *,
    jobs: pd.DataFrame,
    requests: pd.DataFrame,
    customers: pd.DataFrame,
    billing: pd.DataFrame,
    attendance: pd.DataFrame,
    history: pd.DataFrame,
    grids: pd.Index,
    month: str,
) -> pd.DataFrame:
    """Every indicator of ``INDICATORS`` for every grid, in that column order."""
    per_grid = customers.groupby("grid_id").size().reindex(grids, fill_value=0)
    table = service(jobs, requests, history, per_grid, month)
    table["outage_hours"] = production(jobs, per_grid, month)
    table = table.join(marketing(billing, customers, grids, month))
    table["attendance"] = attendance_rate(attendance, history, grids, month)
    table["contribution"] = contribution_per_member(requests, customers, history, grids, month)
    return table[[i.key for i in INDICATORS]].rename_axis("grid_id")


def rank(table: pd.DataFrame, weights: dict[str, float] | None = None) -> pd.DataFrame:
    """Score each grid 0–100 per indicator (best grid 100, worst 0; all equal: 100), then
    the weighted mean over the indicators it has values for; rank by that score."""
    weights = {i.key: i.weight for i in INDICATORS} | (weights or {})
    scores = pd.DataFrame(index=table.index)
    for ind in INDICATORS:
        v = table[ind.key].astype(float)
        low, high = v.min(), v.max()
        if pd.isna(low):
            scores[ind.key] = np.nan
            continue
        span = high - low
        if span == 0:  # every grid alike: none is behind
            scores[ind.key] = v.where(v.isna(), 100.0)
            continue
        s = (v - low) / span
        scores[ind.key] = 100 * (s if ind.higher_is_better else 1 - s)
    w = pd.Series({k: float(weights.get(k, 0.0)) for k in scores.columns})
    present = scores.notna()
    weight_sum = present.mul(w, axis=1).sum(axis=1)
    total = scores.fillna(0).mul(w, axis=1).sum(axis=1) / weight_sum.replace(0, np.nan)
    out = scores.add_suffix(" score")
    out.insert(0, "score", total.round(1))
    out.insert(0, "rank", total.rank(ascending=False, method="min").astype("Int64"))
    return out.sort_values(["rank", "score"], na_position="last")
