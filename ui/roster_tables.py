"""A grid's people as tables, shared by the roster page and the county map's panel:
members by name with their code, specialties and roles in words, phones as stored
(masked by the store)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Final, Literal

import pandas as pd
import streamlit as st

from dispatch.domain import SPECIALTY_LABELS, Specialty
from dispatch.readable import or_dash
from i18n import _

_SPECIALTIES: Final = frozenset(Specialty)


def people(table: pd.DataFrame) -> list[str]:
    """Each member by name with their code: "李德辉 (M016)"."""
    return [f"{n} ({i})" for n, i in zip(table["name"], table["id"], strict=True)]


def specialty(value: object) -> str:
    if isinstance(value, str) and value in _SPECIALTIES:
        return SPECIALTY_LABELS[Specialty(value)]
    return or_dash(value)


def staff_table(staff: pd.DataFrame, role: Callable[[str], str]) -> None:
    """The n: each staff member, their role (said by ``role``), specialty and phone."""
    st.dataframe(
        {
            _("Member"): people(staff),
            _("Role"): [role(r) for r in staff["role"]],
            _("Specialty"): [specialty(x) for x in staff["specialty"]],
            _("Phone"): [or_dash(p) for p in staff["phone"]],
        },
        hide_index=True,
        width="stretch",
    )


def community_table(community: pd.DataFrame, *, height: int | Literal["auto"] = "auto") -> None:
    """The x: each community grid member, their community and phone."""
    st.dataframe(
        {
            _("Member"): people(community),
            _("Community"): [or_dash(x) for x in community["community"]],
            _("Phone"): [or_dash(p) for p in community["phone"]],
        },
        hide_index=True,
        width="stretch",
        height=height,
    )
