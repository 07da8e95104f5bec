"""The planning page's compare view: two plans (the live grids, the working plan, saved
plans) side by side on maps, in one summary line each and grid by grid, with the
districts they put in different grids hatched on both maps and listed."""

from __future__ import annotations

import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from geo.plan_edit import differing
from geo.plan_metrics import grid_table, summary
from i18n import N_, _
from store import plans as store_plans
from ui import data, keys, planning
from ui.assets import localize
from ui.format import md
from ui.planning_figures import shown
from ui.planning_map import plan_map

#: The plans to compare by their codes (the pickers' values); a saved plan's is
#: SAVED + its name. `said` gives each in the user's language.
LIVE, WORKING = N_("Live grids"), N_("Working plan")
SAVED = "Saved: "
FIGURES = [
    "households",
    "area (km²)",
    "compactness (m)",
    "farthest from window (min)",
    "requests last year",
    "households moved in",
]


@st.cache_data(ttl=60, show_spinner=False)
def saved(_engine_label: str) -> pd.DataFrame:
    return store_plans.saved_plans(data.engine())


@st.cache_data(ttl=300, show_spinner=False)
def saved_grid(plan_id: int, saved_at: str, ids: tuple[str, ...]) -> tuple[list[str], list[bool]]:
    """A saved plan's grids and locks. ``saved_at`` is part of the cache key: a deleted
    plan's id may be given to the next plan saved."""
    assignment, locked = store_plans.load_plan(data.engine(), plan_id)
    return [assignment.get(i, "") for i in ids], [i in locked for i in ids]


def stamp(created_at: object) -> str:
    """A saved plan's version: plans are never changed, only saved and deleted."""
    return str(created_at)


def choices(folder: str) -> dict[str, tuple[list[str], list[bool]]]:
    """Every plan the planner can look at, by label."""
    u = planning.base_units(folder)[0]
    work = planning.working(folder)
    out = {
        LIVE: (planning.live_grid(folder), [False] * len(u.ids)),
        WORKING: (work.grid, work.locked),
    }
    listed = saved(data.store_label())
    for pid, name, at in zip(listed["id"], listed["name"], listed["created_at"], strict=True):
        out[f"{SAVED}{name}"] = saved_grid(int(pid), stamp(at), tuple(u.ids))
    return out


def said(label: str) -> str:
    """A plan's code as the planner reads it (a saved plan's name as typed: escape it)."""
    if label.startswith(SAVED):
        return _("Saved: {name}").format(name=label.removeprefix(SAVED))
    return _(label) if label in (LIVE, WORKING) else label


def differences(folder: str, a: list[str], b: list[str]) -> pd.DataFrame:
    """The districts two plans put in different grids: id, name, households, both grids."""
    u = planning.base_units(folder)[0]
    names = planning.names(folder)
    rows = [
        {
            "district": u.ids[k],
            "name": names[k],
            "households": int(u.households[k]),
            "grid in A": a[k],
            "grid in B": b[k],
        }
        for k in differing(a, b)
    ]
    columns = ["district", "name", "households", "grid in A", "grid in B"]
    return pd.DataFrame(rows, columns=columns)


def show(folder: str, lo: int, hi: int) -> None:
    u = planning.base_units(folder)[0]
    plans = choices(folder)
    labels = list(plans)
    a, b = st.columns(2)
    left = a.selectbox(_("Plan A"), labels, index=0, key=keys.PLANNING_COMPARE_A, format_func=said)
    right = b.selectbox(_("Plan B"), labels, index=1, key=keys.PLANNING_COMPARE_B, format_func=said)
    live = plans[LIVE][0]
    ctx = planning.context(folder)
    tables, lines = {}, {}
    for label in (left, right):
        grid = plans[label][0]
        if any(not g for g in grid):
            st.error(
                _("{plan} leaves districts without a grid (saved before they existed).").format(
                    plan=md(said(label))
                )
            )
            return
        units = planning.units_for(folder, grid)
        tables[label] = grid_table(units, grid, ctx, reference=live, lo=lo, hi=hi)
        lines[label] = summary(tables[label], units)
    line = pd.DataFrame(lines).T
    line.index = pd.Index([said(label) for label in line.index], name="plan")
    st.dataframe(shown(line.reset_index()), hide_index=True, width="stretch")
    st.caption(
        _(
            "Compactness: household-weighted mean distance from a district to its grid's "
            "centre. Farthest from window: road minutes from the grid's nearest service "
            "window to its farthest district (the station's nearest window when the grid "
            "has none). Requests: the last 365 days before the store's clock. Households "
            "moved: against the live grids."
        )
    )
    apart = differences(folder, plans[left][0], plans[right][0])
    marked = set(apart["district"])
    _count(apart, left, right)
    for column, label in zip((a, b), (left, right), strict=True):
        grid, locked = plans[label]
        m = plan_map(
            folder, u.ids, grid, tables[label], locked=locked, marked=marked, name=said(label)
        )
        with column:
            st_folium(
                localize(m),
                key=keys.planning_compare_map("ab"[column is b]),
                height=440,
                use_container_width=True,
                returned_objects=[],
            )
    if not apart.empty:
        st.dataframe(shown(apart), hide_index=True, width="stretch")
    both = side_by_side(tables[left], tables[right])
    st.dataframe(shown(both), hide_index=True, width="stretch")


def _count(apart: pd.DataFrame, left: str, right: str) -> None:
    a, b = md(said(left)), md(said(right))
    if apart.empty:
        st.markdown(
            _("**No district differs:** {a} and {b} put every district in the same grid.").format(
                a=a, b=b
            )
        )
        return
    st.markdown(
        _(
            "**{n} district(s) differ** ({households} households): in another grid in {a} "
            "(A) than in {b} (B); hatched on both maps and listed below them."
        ).format(n=f"{len(apart):,}", households=f"{int(apart['households'].sum()):,}", a=a, b=b)
    )


def side_by_side(a: pd.DataFrame, b: pd.DataFrame) -> pd.DataFrame:
    """One row per grid id in either plan, A's and B's figures next to each other."""
    both = a.set_index("grid")[FIGURES].merge(
        b.set_index("grid")[FIGURES],
        left_index=True,
        right_index=True,
        how="outer",
        suffixes=(" A", " B"),
    )
    order = [f"{f} {side}" for f in FIGURES for side in ("A", "B")]
    return both[order].reset_index()
