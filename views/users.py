"""Users and roles: built-in accounts (argon2 passwords) and identity-provider accounts
matched by e-mail; change a role or password; retire or reactivate (which also lifts a
lock). The parts live in ui/users.py."""

import streamlit as st

from i18n import _
from ui import auth, data, users

auth.require("views/users.py")
st.title(_("Users"))
table = data.users()
st.dataframe(users.table_view(table), hide_index=True, width="stretch")
users.add_form()
users.change_forms(table)
