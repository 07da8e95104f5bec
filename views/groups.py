"""The work groups: the grid's and the management group's posts, and a message."""

import streamlit as st

from i18n import _
from ui import auth, groups

user = auth.require("views/groups.py")
st.title(_("Work groups"))
groups.group_page(user)
