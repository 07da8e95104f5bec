"""The planning figures as a planner reads them: each figure of a plan (`geo.plan_metrics`
names them by English keys, which the exports and tests read) with its header in the
user's language, where a grid's service window was taken from in words, and a dash
where a plan has no figure (a grid only one of two compared plans has, no window)."""

from __future__ import annotations

import math

import pandas as pd

from dispatch.readable import DASH
from i18n import N_, Words, _

#: The figures of `geo.plan_metrics.grid_table` and `summary`, and the tables built of
#: them, by their keys.
FIGURES = Words(
    {
        "grid": N_("grid"),
        "station": N_("station"),
        "districts": N_("districts"),
        "households": N_("households"),
        "area (km²)": N_("area (km²)"),
        "compactness (m)": N_("compactness (m)"),
        "farthest from window (min)": N_("farthest from window (min)"),
        "window": N_("window"),
        "requests last year": N_("requests last year"),
        "households moved in": N_("households moved in"),
        "within bounds": N_("within bounds"),
        "grids": N_("grids"),
        "compactness (m, household-weighted)": N_("compactness (m, household-weighted)"),
        "farthest from window (min, worst)": N_("farthest from window (min, worst)"),
        "requests per grid (max / min)": N_("requests per grid (max / min)"),
        "grids within bounds": N_("grids within bounds"),
        "households moved": N_("households moved"),
        "plan": N_("plan"),
        "district": N_("district"),
        "name": N_("district name"),
        "grid in A": N_("grid in A"),
        "grid in B": N_("grid in B"),
    }
)
#: Where a grid's "farthest from window" is measured from (`geo.plan_metrics`).
WINDOWS = Words(
    {
        "own window": N_("own window"),
        "station's nearest window": N_("station's nearest window"),
        "no service window": N_("no service window"),
    }
)


def header(key: str) -> str:
    """A figure's header; one of two plans compared side by side ("households A")."""
    if key in FIGURES:
        return FIGURES[key]
    figure, _space, side = key.rpartition(" ")
    if figure in FIGURES and side in {"A", "B"}:
        return _("{figure} {side}").format(figure=FIGURES[figure], side=side)
    return key


def _missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def _number(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return f"{int(value):,}"
    return f"{value:,}" if isinstance(value, int | float) else str(value)


def shown(table: pd.DataFrame) -> pd.DataFrame:
    """A table of figures with its headers in the user's language, windows in words and
    a dash for a figure that is not there (a column with one shows its values as text)."""
    out = table.copy()
    if "window" in out:
        out["window"] = [WINDOWS.get(w, w) for w in out["window"]]
    for column in out.columns:
        values = out[column]
        if values.dtype.kind in "fO" and any(_missing(v) for v in values):
            out[column] = [DASH if _missing(v) else _number(v) for v in values]
    return out.rename(columns=header)
