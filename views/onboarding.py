"""Onboard a county from the utility's own files (administrators)."""

import streamlit as st

from i18n import _
from ui import auth, onboarding

auth.require("views/onboarding.py")

st.title(_("Onboard a county"))
onboarding.page()
