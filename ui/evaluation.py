"""The evaluation page's data: the records of the year (read once, shared), each month's
indicators, member scores and record quality (cached per month), and the weights."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import streamlit as st

from actions.evaluation import evaluate_month
from dispatch.evaluation import INDICATORS, rank
from store import evaluation as store_eval
from store import roster as store_roster
from store.evaluation import Records
from ui import data

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


@st.cache_resource(ttl=TTL, show_spinner="Reading the year's records…")
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


@st.cache_data(ttl=TTL, show_spinner="Computing the month's indicators…")
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
    """The ranking with the raw values beside the scores, for display."""
    scores = rank(m.indicators, w)
    shown = display(m.indicators)
    return scores[["rank", "score"]].join(shown).reset_index()


def display(indicators: pd.DataFrame) -> pd.DataFrame:
    """Indicator values under their labels: shares as %, others rounded."""
    out = pd.DataFrame(index=indicators.index)
    for ind in INDICATORS:
        v = indicators[ind.key]
        out[ind.label + (" (%)" if ind.key in PERCENT else "")] = (
            (100 * v).round(1) if ind.key in PERCENT else v.round(1)
        )
    return out


def forget() -> None:
    """After a write the month's figures and names are read again."""
    _names.clear()
    year.clear()  # the roster history is part of the records
    _month.clear()
