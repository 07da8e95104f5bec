"""A field member's help with customer records on a visit."""

import streamlit as st

from i18n import _
from ui import auth, field_report

user = auth.require("views/field_customer.py")
st.title(_("Customer records"))
field_report.customer_help(user)
