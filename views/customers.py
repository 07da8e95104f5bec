"""Customers: find one by account, name, address or the caller's number; numbers masked,
shown in full per record with a reason (audited) to a role that may."""

import streamlit as st

from i18n import _
from ui import auth, customers

auth.require("views/customers.py")
st.title(_("Customers"))
st.caption(
    _(
        "Phone and ID numbers are masked. A dispatcher, emergency coordinator or administrator "
        "may show one in full for one record, saying why; each time is in the audit trail."
    )
)
account = customers.search()
if account:
    st.divider()
    customers.record(account)
