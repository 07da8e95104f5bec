"""The Users page's parts: add a user (a refused form keeps what was typed), and for the
user picked — by a stable username — change the role, grid or password, retire or
reactivate. Each form belongs to the user shown, so a write never lands on another."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dispatch.roles import ROLES
from store import users as store_users
from store.errors import StoreError
from ui import auth, data, keys, state
from ui.format import md


def add_form() -> None:
    gen = st.session_state.get(keys.USERS_ADD_GENERATION, 0)
    grids = [None, *data.grids()["id"]]
    with st.form(keys.users_add_form(gen)):
        st.markdown("**Add a user**")
        a, b, c = st.columns(3)
        username = a.text_input("Username", max_chars=64, key=keys.users_add_field("name", gen))
        display = b.text_input("Name shown", max_chars=64, key=keys.users_add_field("display", gen))
        role = c.selectbox("Role", ROLES, key=keys.users_add_field("role", gen))
        d, e, f = st.columns(3)
        password = d.text_input(
            "Password (built-in login, 10+ characters)", type="password",
            key=keys.users_add_field("pw", gen),
        )  # fmt: skip
        email = e.text_input(
            "E-mail (identity-provider login)",
            max_chars=128,
            key=keys.users_add_field("email", gen),
        )
        grid = f.selectbox("Grid (grid leaders)", grids, key=keys.users_add_field("grid", gen))
        pressed = st.form_submit_button("Add user", type="primary")
        below = st.container()
    with below:
        state.shown_at(keys.USERS_ADD)
    if not pressed or not auth.allowed("users"):
        return
    try:
        store_users.create_user(
            data.engine(), username, display_name=display, role=role,
            password=password or None, email=email or None, grid_id=grid, by=auth.username(),
        )  # fmt: skip
    except StoreError as exc:
        below.error(f"Not added: {md(exc)}. What you typed is kept.")
        return
    st.session_state[keys.USERS_ADD_GENERATION] = gen + 1
    state.flash(keys.USERS_ADD, "success", f"{md(username.strip())} added as {role}.")
    st.rerun()


def change_forms(table: pd.DataFrame) -> None:
    """Pick a user; change them, or retire or reactivate them."""
    state.shown_at(keys.USERS_CHANGE)
    names = list(table["username"])
    if not names:
        return
    label = dict(zip(table["username"], table["display_name"], strict=True))
    who = st.selectbox(
        "User", names, index=None, key=keys.USERS_WHO, placeholder="Choose a user to change…",
        format_func=lambda u: f"{label[u]} ({u})",
    )  # fmt: skip
    if who is None:
        return
    row = table.set_index("username").loc[who]
    active = bool(row["active"])
    st.caption(
        f"{md(label[who])} ({md(who)}): {row['role']}"
        + (f", grid {row['grid_id']}" if row["grid_id"] else "")
        + ("" if active else " — retired")
    )
    grids = [None, *data.grids()["id"]]
    with st.form(keys.users_change_form(who)):
        st.markdown(f"**Change {md(who)}'s role, or set a new password**")
        a, b, c = st.columns(3)
        role = a.selectbox(
            "New role", ROLES, index=ROLES.index(row["role"]) if row["role"] in ROLES else 0,
            key=keys.users_change_field("role", who),
        )  # fmt: skip
        grid = b.selectbox(
            "Grid (grid leaders)", grids,
            index=grids.index(row["grid_id"]) if row["grid_id"] in grids else 0,
            key=keys.users_change_field("grid", who),
        )  # fmt: skip
        password = c.text_input(
            "New password (optional; ends their sessions)", type="password",
            key=keys.users_change_field("pw", who),
        )  # fmt: skip
        pressed = st.form_submit_button(f"Change {who}")
        below = st.container()
    if pressed and auth.allowed("users"):
        try:
            store_users.change_user(
                data.engine(), who, role=role, grid_id=grid,
                password=password or None, by=auth.username(),
            )  # fmt: skip
        except StoreError as exc:
            below.error(f"Not changed: {md(exc)}")
        else:
            state.flash(
                keys.USERS_CHANGE, "success",
                f"{md(who)} is now {role}; it applies at their next page load.",
            )  # fmt: skip
            st.rerun()
    a, b = st.columns(2)
    if a.button(f"Retire {who}", key=keys.users_retire(who), disabled=not active) and (
        auth.allowed("users")
    ):
        _set_active(who, False)
    if b.button(f"Reactivate / unlock {who}", key=keys.users_reactivate(who)) and (
        auth.allowed("users")
    ):
        _set_active(who, True)


def _set_active(who: str, active: bool) -> None:
    try:
        store_users.set_active(data.engine(), who, active, by=auth.username())
    except StoreError as exc:
        st.error(f"Not changed: {md(exc)}")
        return
    done = "reactivated (and unlocked)" if active else "retired; their sessions are ended"
    state.flash(keys.USERS_CHANGE, "success", f"{md(who)} {done}.")
    st.rerun()
