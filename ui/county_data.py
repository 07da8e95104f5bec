"""The county in figures: its stations and service grids with their households and
rosters, and how many rows the store holds of each kind."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from i18n import N_, Words, _
from ui import data

#: A station's kind: a rural power supply station or the seat's urban customer centre.
STATION_KINDS = Words({"rural": N_("power supply station"), "urban": N_("customer service centre")})
#: What the store holds, by table.
TABLES = Words(
    {
        "stations": N_("stations"),
        "grids": N_("service grids"),
        "districts": N_("transformer districts"),
        "members": N_("grid members"),
        "service_windows": N_("service windows"),
        "customers": N_("customer accounts"),
        "requests": N_("requests"),
        "jobs": N_("work orders"),
        "attendance": N_("attendance records"),
        "audit": N_("audit trail entries"),
    }
)


def _named(table: pd.DataFrame) -> list[str]:
    """Each row's code and name: "G04 下马渡第一网格"."""
    return [f"{i} {n}" for i, n in zip(table["id"], table["name"], strict=True)]


def figures() -> None:
    st.subheader(_("Power supply stations"))
    stations = data.stations()
    st.dataframe(
        {
            _("Station"): [
                f"{i} {n}" for i, n in zip(stations["id"], stations["name"], strict=True)
            ],
            _("Kind"): [STATION_KINDS.get(k, k) for k in stations["kind"]],
            _("Households"): stations["households"].astype(int).tolist(),
            _("Grids"): stations["grids"].astype(int).tolist(),
        },
        hide_index=True,
        width="stretch",
    )

    st.subheader(_("Service grids"))
    grids = data.grids()
    st.dataframe(
        {
            _("Grid"): _named(grids),
            _("Station"): grids["station"].tolist(),
            _("Households"): grids["households"].astype(int).tolist(),
            _("Transformer districts"): grids["districts"].astype(int).tolist(),
            _("Grid leader"): grids["leader"].fillna("—").tolist(),
            _("Staff (n)"): grids["n_staff"].astype(int).tolist(),
            _("Community grid members (x)"): grids["x_members"].astype(int).tolist(),
        },
        hide_index=True,
        width="stretch",
    )
    lo, hi = int(grids["households"].min()), int(grids["households"].max())
    st.caption(
        _("Households per grid: {lo} to {hi} (target 12,000–15,000).").format(
            lo=f"{lo:,}", hi=f"{hi:,}"
        )
    )

    st.subheader(_("What the store holds"))
    counts = data.counts()
    st.dataframe(
        {
            _("Records"): [TABLES.get(t, t) for t in counts],
            _("Rows"): list(counts.values()),
        },
        hide_index=True,
    )
