"""The app's frame shared by every page: navigation and the sidebar."""

from __future__ import annotations

import streamlit as st

from dispatch.errors import DualGridError
from ui import data

PAGES = {
    "Operations": [
        ("pages/county_map.py", "County map", "🗺️"),
        ("pages/board.py", "Dispatch board", "📋"),
        ("pages/flood.py", "Flood emergency", "🌊"),
    ],
    "Planning and evaluation": [
        ("pages/planning.py", "Grid planning", "✏️"),
        ("pages/roster.py", "Roster 1 + n + x", "👥"),
        ("pages/evaluation.py", "Monthly evaluation", "📊"),
    ],
    "Data": [("pages/county_data.py", "County in figures", "📑")],
}


def navigation() -> st.navigation:
    """The multipage navigation (pages listed by section)."""
    sections = {
        section: [
            st.Page(path, title=title, icon=icon, default=(path == "pages/county_map.py"))
            for path, title, icon in pages
        ]
        for section, pages in PAGES.items()
    }
    return st.navigation(sections)


def run(page: st.Page) -> None:
    """Run a page; a problem the user can act on is shown as a message, never a traceback."""
    try:
        page.run()
    except DualGridError as exc:
        st.error(str(exc), icon="⚠️")


def sidebar() -> None:
    """Which county and store the app runs on, and the demo notice."""
    with st.sidebar:
        st.markdown("### ⚡ DualGrid")
        st.caption("Dispatch and planning for dual-grid (1 + n + x) power service")
        try:
            meta = data.store_meta()
            counts = data.counts()
        except DualGridError as exc:
            st.error(str(exc))
            return
        except Exception as exc:
            st.error(
                f"The store cannot be read ({type(exc).__name__}). Run `make run`, "
                "which builds and loads the demo, or set DUALGRID_DB."
            )
            return
        if not counts.get("members"):
            st.warning("The store is empty. `make run` loads the demo county into it.")
            return
        st.caption(f"Store: `{data.store_label()}`")
        if meta.get("demo_notice"):
            st.info(
                "Demo county: synthetic data shaped on public facts about Qiyang. "
                "No real person or customer is in it.",
                icon="ℹ️",
            )
