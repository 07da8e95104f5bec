"""The audit trail: every write, who, when, before and after; search and export."""

from datetime import datetime, time, timedelta

import streamlit as st

from i18n import _
from ui import auth, data
from ui.workbook import csv_bytes

auth.require("views/audit.py")
st.title(_("Audit trail"))
st.caption("Append-only: every write to the store, login attempts and every unmasking.")
a, b, c, d = st.columns([2, 1, 1, 1])
about = a.text_input("Job, member, user, district or plan (id or any text in the change)")
user = b.text_input("By user")
first = c.date_input("From (UTC)", value=None)
last = d.date_input("To (UTC, inclusive)", value=None)
since = datetime.combine(first, time()) if first else None
until = datetime.combine(last, time()) + timedelta(days=1) if last else None
rows = data.audit_rows(about=about, user=user, since=since, until=until)
st.caption(f"{len(rows):,} row(s), newest first (at most 5,000)")
st.dataframe(rows, hide_index=True, width="stretch")
st.download_button(
    "Export as CSV",
    csv_bytes(rows),
    "audit.csv",
    mime="text/csv",
    disabled=rows.empty,
)
