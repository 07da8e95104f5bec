"""The county in figures: stations, grids and what the store holds."""

import streamlit as st

from i18n import _
from ui import auth, county_data

auth.require("views/county_data.py")

st.title(_("County in figures"))
county_data.figures()
