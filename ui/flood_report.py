"""The flood page's situation report: the figures, who is stranded, which districts are
cut off and which critical customers are hit, and each district's first ETA from the
committed routes; as Markdown for the county's emergency headquarters."""

from __future__ import annotations

from datetime import timedelta

import pandas as pd
import streamlit as st

from actions.situation import Situation, report, report_markdown
from dispatch.clock import CHINA_OFFSET
from ui import data, keys


def report_view(sit: Situation) -> None:
    f = report(data.engine(), sit, sit.now - timedelta(hours=24))
    cols = st.columns(6)
    cols[0].metric("Households without power", f"{f['households_dark']:,}")
    cols[1].metric(
        "Restored (last 24 h)",
        f"{int(f['restored']['households'].sum()) if len(f['restored']) else 0:,}",
    )
    cols[2].metric("Critical customers hit", len(f["critical"]))
    cols[3].metric("Members stranded", len(f["stranded_members"]))
    cols[4].metric("Districts cut off", len(f["cut_off"]))
    cols[5].metric("Closed road segments", f"{f['closed_roads']:,}")
    if st.session_state.get(keys.FLOOD_PROPOSAL) is not None:
        st.info(
            "A surge plan is proposed but not committed: the first ETAs below are the "
            "committed routes'.",
            icon=":material/info:",
        )
    left, right = st.columns(2)
    with left:
        st.markdown("**Restoration over time** (households, last 24 h)")
        restored = f["restored"]
        if len(restored):
            curve = (
                restored.assign(at=pd.to_datetime(restored["closed_at"]) + CHINA_OFFSET)
                .set_index("at")["households"]
                .cumsum()
            )
            st.line_chart(curve)
        else:
            st.info("Nothing restored yet in the affected districts.")
        st.markdown(f"**Critical customers hit** ({len(f['critical'])})")
        st.dataframe(f["critical"], hide_index=True, width="stretch")
        st.markdown(f"**Members stranded** ({len(f['stranded_members'])})")
        st.dataframe(f["stranded_members"], hide_index=True, width="stretch")
    with right:
        st.markdown("**Progress per grid** (open jobs by state)")
        st.dataframe(f["by_grid"], width="stretch")
        cut = f["cut_off"]
        st.markdown(
            f"**Districts cut off** ({len(cut)}, {int(cut['households'].sum()):,} households)"
        )
        st.dataframe(cut, hide_index=True, width="stretch", height=260)
    districts = f["districts"]
    with_eta = int(districts["first ETA"].notna().sum()) if len(districts) else 0
    st.markdown(
        f"**Affected districts — first ETA** ({with_eta} of {len(districts)} with a crew "
        "on the way in the committed routes)"
    )
    st.dataframe(
        districts,
        hide_index=True,
        width="stretch",
        height=260,
        column_config={"first ETA": st.column_config.DatetimeColumn(format="MM-DD HH:mm")},
    )
    text = report_markdown(sit, f)
    st.download_button(
        "Situation report (Markdown)",
        text,
        file_name=f"flood-report-{sit.now + CHINA_OFFSET:%Y%m%d-%H%M}.md",
        mime="text/markdown",
    )
