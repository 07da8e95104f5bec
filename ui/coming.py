"""Pages whose features come with a later issue say so plainly and show nothing fake."""

from __future__ import annotations

import streamlit as st


def coming(title: str, what: str, issue: int) -> None:
    st.title(title)
    st.info(
        f"{what}\n\nThis page is being built (issue #{issue}). Nothing here is a mock-up: "
        "until it lands, the page shows only real data from the store, if any.",
        icon=":material/construction:",
    )
