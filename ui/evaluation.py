"""The evaluation page's data: the records of the year (read once, shared), each month's
indicators, member scores and record quality (cached per month), and the weights."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Final

import pandas as pd
import streamlit as st
from pandas.io.formats.style import Styler

from actions.evaluation import evaluate_month
from dispatch.domain import SPECIALTY_LABELS, Specialty, roster_role_label
from dispatch.evaluation import BY_KEY, INDICATORS, rank
from dispatch.readable import DASH, missing
from i18n import N_, _
from store import evaluation as store_eval
from store import roster as store_roster
from store.evaluation import Records
from ui import data
from ui.spinner import spinning

TTL = 600
PERCENT = {"on_time", "solved_in_grid", "fee_recovery", "prepaid_share", "attendance"}


@dataclass(frozen=True)
class Month:
    month: str
    indicators: pd.DataFrame  # per grid, raw values
    members: pd.DataFrame  # per member, with names
    quality: pd.DataFrame  # per grid


@st.cache_data(ttl=TTL, show_spinner=False)
def months(_label: str) -> list[str]:
    return store_eval.months_with_data(data.engine())


@spinning(N_("Reading the year's records…"))
@st.cache_resource(ttl=TTL, show_spinner=False)
def year(_label: str, first: str, last: str) -> Records:
    return store_eval.records(data.engine(), first, last)


def _records() -> Records | None:
    span = months(data.store_label())
    return year(data.store_label(), span[-1], span[0]) if span else None


@st.cache_data(ttl=TTL, show_spinner=False)
def _names(_label: str) -> pd.DataFrame:
    return store_roster.members(data.engine(), active_only=False)


def month(name: str) -> Month:
    """The month's figures (computed once per month and store, for ten minutes)."""
    return _month(data.store_label(), name)


@spinning(N_("Computing the month's indicators…"))
@st.cache_data(ttl=TTL, show_spinner=False)
def _month(_label: str, name: str) -> Month:
    records = _records()
    if records is None:  # the page offers no month when the store holds none
        msg = f"no records to compute {name} from: the store holds no requests"
        raise LookupError(msg)
    indicators, scores, quality = evaluate_month(records, name)
    names = _names(data.store_label())[["id", "name", "role", "specialty"]]
    scores = scores.merge(names, left_on="member_id", right_on="id", how="left").drop(columns="id")
    return Month(name, indicators, scores, quality)


def weights() -> dict[str, float]:
    return store_eval.weights(data.engine())


def ranked(m: Month, w: dict[str, float]) -> pd.DataFrame:
    """The ranking (grid_id, rank, score) with each indicator's shown value beside the
    scores, by indicator key (`ranking_table` puts it under the user's headings)."""
    scores = rank(m.indicators, w)
    return scores[["rank", "score"]].join(values(m.indicators)).reset_index()


def values(indicators: pd.DataFrame) -> pd.DataFrame:
    """Indicator values as shown, by key: shares in % and everything to one decimal."""
    out = pd.DataFrame(index=indicators.index)
    for ind in INDICATORS:
        v = indicators[ind.key].astype(float)
        out[ind.key] = (100 * v if ind.key in PERCENT else v).round(1)
    return out


def header(key: str) -> str:
    """An indicator's heading in the user's language, "(%)" after a share."""
    label = BY_KEY[key].label
    return _("{indicator} (%)").format(indicator=label) if key in PERCENT else label


def display(indicators: pd.DataFrame) -> pd.DataFrame:
    """Indicator values under their headings: shares as %, others to one decimal."""
    return values(indicators).rename(columns=header)


def ranking_table(table: pd.DataFrame, grid: str) -> pd.DataFrame:
    """`ranked` under the user's headings, the grid column headed ``grid``."""
    heads = {"grid_id": grid, "rank": _("rank"), "score": _("score")}
    return table.rename(columns=heads | {k: header(k) for k in BY_KEY})


#: The members' table: its fields and their headings.
MEMBER_COLUMNS: Final = {
    "member": N_("member"),
    "kind": N_("kind"),
    "role": N_("role"),
    "specialty": N_("specialty"),
    "grids": N_("grids"),
    "days": N_("days in the grids"),
    "attended_hours": N_("attended (h)"),
    "scheduled_hours": N_("scheduled (h)"),
    "attendance_rate": N_("attendance (%)"),
    "tasks_done": N_("tasks_done"),  # the page's tests read this heading back
    "on_time": N_("on time (%)"),
    "quality": N_("quality (%)"),
    "points": N_("points"),
}
#: Headings the workbook's members sheet says otherwise than the page.
MEMBER_FILE_COLUMNS: Final = {"tasks_done": N_("tasks done")}
#: The record-quality table: its fields and their headings.
QUALITY_COLUMNS: Final = {
    "grid_id": N_("grid"),
    "customers": N_("customers"),
    "phone_verified_share": N_("verified phone (%)"),
    "contracts_signed": N_("contracts signed in {month}"),
    "contracts_total": N_("contracts in all"),
    "prepaid_share": N_("prepaid (%)"),
    "staff": N_("staff on the roster"),
    "customers_per_staff": N_("customers per staff member"),
}


def person(member_id: str, name: object) -> str:
    """A member by name with their code: "李德辉 (M016)" (the code alone without a name)."""
    return member_id if missing(name) else f"{name} ({member_id})"


def _word(say: Callable[[str], str]) -> Callable[[object], str]:
    return lambda v: DASH if missing(v) else say(str(v))


def _specialty(value: str) -> str:
    return SPECIALTY_LABELS[Specialty(value)] if value in set(Specialty) else value


def member_rows(people: pd.DataFrame) -> pd.DataFrame:
    """Members' scores as shown, by field and indexed by member id: each by name and code,
    roles and specialties in words, shares in %, hours to one decimal."""
    p = people.set_index("member_id")
    out = pd.DataFrame(index=p.index)
    out["member"] = [person(i, n) for i, n in zip(p.index, p["name"], strict=True)]
    out["kind"] = p["kind"].map(_word(roster_role_label))
    out["role"] = p["role"].map(_word(roster_role_label))
    out["specialty"] = p["specialty"].map(_word(_specialty))
    out["grids"] = p["grids"]
    out["days"] = p["days"].astype("Int64")
    for column in ("attended_hours", "scheduled_hours"):
        out[column] = p[column].astype(float).round(1)
    for column in ("attendance_rate", "on_time", "quality"):
        out[column] = (100 * p[column].astype(float)).round(1)
    out["tasks_done"] = p["tasks_done"].astype("Int64")
    out["points"] = p["points"].astype("Int64")
    return out[list(MEMBER_COLUMNS)]


def member_table(rows: pd.DataFrame, *, file: bool = False) -> pd.DataFrame:
    """`member_rows` under the user's headings (the workbook's where ``file``)."""
    heads = MEMBER_COLUMNS | (MEMBER_FILE_COLUMNS if file else {})
    return rows.reset_index(drop=True).rename(columns={k: _(v) for k, v in heads.items()})


def quality_table(quality: pd.DataFrame, month: str) -> pd.DataFrame:
    """The month's record quality per grid under the user's headings: shares in %,
    counts whole."""
    q = quality.reset_index()
    for column in ("phone_verified_share", "prepaid_share"):
        q[column] = (100 * q[column].astype(float)).round(1)
    for column in ("customers", "contracts_signed", "contracts_total", "staff"):
        q[column] = q[column].astype(float).round().astype("Int64")
    q["customers_per_staff"] = q["customers_per_staff"].astype(float).round().astype("Int64")
    heads = {k: _(v).format(month=month) for k, v in QUALITY_COLUMNS.items()}
    return q[list(QUALITY_COLUMNS)].rename(columns=heads)


def shown(frame: pd.DataFrame) -> Styler:
    """A table for `st.dataframe`: the numbers as they are (to sort and chart), shown to
    one decimal, a dash where there is none."""
    return frame.style.format(na_rep=DASH, precision=1)


def forget() -> None:
    """After a write the month's figures and names are read again."""
    _names.clear()
    year.clear()  # the roster history is part of the records
    _month.clear()
