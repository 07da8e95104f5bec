"""The flood page's situation report: the figures, who is stranded, which districts are
cut off and which critical customers are hit, and each district's first ETA from the
committed routes; as Markdown for the county's emergency headquarters."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any, Final

import pandas as pd
import streamlit as st

from actions.situation import DISTRICT_COLUMNS, Situation, back_text, report, report_markdown
from dispatch.clock import CHINA_OFFSET
from dispatch.domain import member_label
from dispatch.lifecycle import status_label
from dispatch.readable import clock_time
from geo.flood import CRITICAL_KINDS, DISTRICT_STATES
from i18n import N_, _, _n
from ui import data, keys

#: The columns of the districts cut off (the affected districts' are the report's).
CUT_OFF_COLUMNS: Final = (N_("district"), N_("district name"), N_("grid"), N_("households"))


def _said(state: object) -> str:
    return DISTRICT_STATES.get(str(state), str(state))


def _critical(critical: pd.DataFrame) -> pd.DataFrame:
    """The critical customers hit, each by name with its code, kind and state in words."""
    return pd.DataFrame(
        [
            [f"{r.name} ({r.id})", CRITICAL_KINDS.get(r.kind, r.kind), _said(r.state)]
            for r in critical.itertuples()
        ],
        columns=[_("customer"), _("kind"), _("state")],
    )


def _stranded(stranded: pd.DataFrame) -> pd.DataFrame:
    """The members stranded, each by name with their code, grid and status in words."""
    return pd.DataFrame(
        [[f"{r.name} ({r.member})", r.grid, member_label(r.status)] for r in stranded.itertuples()],
        columns=[_("member"), _("grid"), _("status")],
    )


def _by_grid(by_grid: pd.DataFrame) -> pd.DataFrame:
    """Open jobs per grid by state, the states in words."""
    said = by_grid.rename(columns=lambda s: status_label(str(s)))
    said.index.name = _("grid")
    said.columns.name = _("status")
    return said


def _districts(districts: pd.DataFrame, now: datetime) -> pd.DataFrame:
    """The affected districts with their first ETA and when their power should be back
    (dated when not today), each by name with its code."""
    rows = [
        [
            f"{r['name']} ({r['district']})",
            r["grid"],
            _said(r["state"]),
            r["households"],
            r["open jobs"],
            clock_time(None if pd.isna(r["first ETA"]) else r["first ETA"], now),
            back_text(r["power back"], int(r["no crew yet"]), now),
        ]
        for r in districts.to_dict("records")
    ]
    return pd.DataFrame(rows, columns=[_(c) for c in DISTRICT_COLUMNS])


def _figures(f: dict[str, Any]) -> None:
    cols = st.columns(6)
    cols[0].metric(_("Households without power"), f"{f['households_dark']:,}")
    cols[1].metric(
        _("Restored (last 24 h)"),
        f"{int(f['restored']['households'].sum()) if len(f['restored']) else 0:,}",
    )
    cols[2].metric(_("Critical customers hit"), len(f["critical"]))
    cols[3].metric(_("Members stranded"), len(f["stranded_members"]))
    cols[4].metric(_("Districts cut off"), len(f["cut_off"]))
    cols[5].metric(_("Closed road segments"), f"{f['closed_roads']:,}")


def report_view(sit: Situation) -> None:
    f = report(data.engine(), sit, sit.now - timedelta(hours=24), on_site=data.on_site_model())
    _figures(f)
    if st.session_state.get(keys.FLOOD_PROPOSAL) is not None:
        st.info(
            _(
                "A surge plan is proposed but not committed: the first ETAs below are the "
                "committed routes'."
            ),
            icon=":material/info:",
        )
    left, right = st.columns(2)
    with left:
        st.markdown(_("**Restoration over time** (households, last 24 h)"))
        restored = f["restored"]
        if len(restored):
            curve = (
                restored.assign(at=pd.to_datetime(restored["closed_at"]) + CHINA_OFFSET)
                .set_index("at")["households"]
                .cumsum()
                .rename(_("households restored"))
                .rename_axis(_("time"))
            )
            st.line_chart(curve)
        else:
            st.info(_("Nothing restored yet in the affected districts."))
        st.markdown(_("**Critical customers hit** ({n})").format(n=len(f["critical"])))
        st.dataframe(_critical(f["critical"]), hide_index=True, width="stretch")
        st.markdown(_("**Members stranded** ({n})").format(n=len(f["stranded_members"])))
        st.dataframe(_stranded(f["stranded_members"]), hide_index=True, width="stretch")
    with right:
        st.markdown(_("**Progress per grid** (open jobs by state)"))
        st.dataframe(_by_grid(f["by_grid"]), width="stretch")
        cut = f["cut_off"]
        households = int(cut["households"].sum())
        st.markdown(
            _n(
                "**Districts cut off** ({n}, {households} household)",
                "**Districts cut off** ({n}, {households} households)",
                households,
            ).format(n=len(cut), households=f"{households:,}")
        )
        st.dataframe(
            cut.set_axis([_(c) for c in CUT_OFF_COLUMNS], axis="columns"),
            hide_index=True,
            width="stretch",
            height=260,
        )
    districts = f["districts"]
    with_eta = int(districts["first ETA"].notna().sum()) if len(districts) else 0
    st.markdown(
        _(
            "**Affected districts — first ETA** ({with_eta} of {n} with a crew on the way "
            "in the committed routes)"
        ).format(with_eta=with_eta, n=len(districts))
    )
    st.dataframe(
        _districts(districts, sit.now + CHINA_OFFSET),
        hide_index=True,
        width="stretch",
        height=260,
    )
    st.download_button(
        _("Situation report (Markdown)"),
        report_markdown(sit, f),
        file_name=f"flood-report-{sit.now + CHINA_OFFSET:%Y%m%d-%H%M}.md",
        mime="text/markdown",
    )
