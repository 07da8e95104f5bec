"""A field member's phone: their tasks for today, in route order, with the next step."""

import streamlit as st

from i18n import _
from ui import auth, field

user = auth.require("views/field.py")
st.title(_("My tasks"))
field.grid_work(user)
field.tasks(user)
