"""DualGrid: the Streamlit entry point (navigation and the shared sidebar)."""

import streamlit as st

from ui import shell

st.set_page_config(page_title="DualGrid", page_icon="⚡", layout="wide")
page = shell.navigation()
shell.sidebar()
shell.run(page)
