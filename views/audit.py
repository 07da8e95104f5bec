"""The audit trail: every write, who, when, before and after; search and export."""

import streamlit as st

from i18n import _, _n
from ui import audit, auth, data
from ui.workbook import csv_bytes

auth.require("views/audit.py")
st.title(_("Audit trail"))
st.caption(_("Append-only: every write to the store, login attempts and every unmasking."))
a, b, c, d = st.columns([2, 1, 1, 1])
about = a.text_input(_("Job, member, user, district or plan (id or any text in the change)"))
user = b.text_input(_("By user"))
first = c.date_input(_("From"), value=None, format="YYYY-MM-DD")
last = d.date_input(_("To (inclusive)"), value=None, format="YYYY-MM-DD")
since, until = audit.span(first, last)
rows = audit.readable(data.audit_rows(about=about, user=user, since=since, until=until))
st.caption(
    _n(
        "{n:,} row, newest first (at most 5,000); times in China Standard Time",
        "{n:,} rows, newest first (at most 5,000); times in China Standard Time",
        len(rows),
    ).format(n=len(rows))
)
st.dataframe(rows, hide_index=True, width="stretch")
st.download_button(
    _("Export as CSV"),
    csv_bytes(rows),
    "audit.csv",
    mime="text/csv",
    disabled=rows.empty,
)
