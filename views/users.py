"""Users and roles: built-in accounts (argon2 passwords) and identity-provider accounts
matched by e-mail; retire or reactivate (which also lifts a lock)."""

import streamlit as st

from dispatch.roles import ROLES
from store import users as store_users
from store.errors import StoreError
from ui import auth, data

auth.require("views/users.py")
st.title("Users 用户")
st.dataframe(store_users.users(data.engine()), hide_index=True, width="stretch")
with st.form("users.add", clear_on_submit=True):
    st.markdown("**Add a user**")
    a, b, c = st.columns(3)
    username = a.text_input("Username", max_chars=64)
    display = b.text_input("Name shown", max_chars=64)
    role = c.selectbox("Role", ROLES)
    d, e, f = st.columns(3)
    password = d.text_input("Password (built-in login, 10+ characters)", type="password")
    email = e.text_input("E-mail (identity-provider login)", max_chars=128)
    grid = f.selectbox("Grid (grid leaders)", [None, *data.grids()["id"]])
    if st.form_submit_button("Add user", type="primary") and auth.allowed("users"):
        try:
            store_users.create_user(
                data.engine(),
                username,
                display_name=display,
                role=role,
                password=password or None,
                email=email or None,
                grid_id=grid,
                by=auth.name(),
            )
        except StoreError as exc:
            st.error(f"Not added: {exc}")
        else:
            st.success(f"{username} added as {role}.")
            st.rerun()
names = list(store_users.users(data.engine())["username"])
if names:
    with st.form("users.change", clear_on_submit=True):
        st.markdown("**Change a user's role, or set a new password**")
        a, b, c, d = st.columns(4)
        who = a.selectbox("User", names, key="users.change.who")
        role = b.selectbox("New role", ROLES, key="users.change.role")
        grid = c.selectbox("Grid (grid leaders)", [None, *data.grids()["id"]], key="users.grid")
        password = d.text_input(
            "New password (optional; ends their sessions)", type="password", key="users.pw"
        )
        if st.form_submit_button("Change user") and auth.allowed("users"):
            try:
                store_users.change_user(
                    data.engine(),
                    who,
                    role=role,
                    grid_id=grid,
                    password=password or None,
                    by=auth.name(),
                )
            except StoreError as exc:
                st.error(f"Not changed: {exc}")
            else:
                st.success(f"{who} is now {role}; it applies at their next page load.")
    a, b, c = st.columns([2, 1, 1])
    who = a.selectbox("User", names)
    if b.button("Retire") and auth.allowed("users"):
        store_users.set_active(data.engine(), who, False, by=auth.name())
        st.rerun()
    if c.button("Reactivate / unlock") and auth.allowed("users"):
        store_users.set_active(data.engine(), who, True, by=auth.name())
        st.rerun()
