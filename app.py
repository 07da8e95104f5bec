"""DualGrid: the Streamlit entry point (navigation and the shared sidebar)."""

import streamlit as st

from ui import data, lang, shell

st.set_page_config(page_title="DualGrid", page_icon="⚡", layout="wide")
lang.activate_for_run()  # before any word is looked up
shell.styles()
page = shell.navigation()
shell.sidebar()
data.outbox_worker()  # started once per process
shell.run(page)
