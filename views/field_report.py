"""A field member's report from the grid, and what became of their reports."""

import streamlit as st

from i18n import _
from ui import auth, field_report

user = auth.require("views/field_report.py")
st.title(_("Report"))
field_report.report_form(user)
field_report.my_reports(user)
