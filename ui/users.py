"""The Users page's parts: add a user (a refused form keeps what was typed), and for the
user picked — by a stable username — change the role, grid or password, retire or
reactivate. Each form belongs to the user shown, so a write never lands on another."""

from __future__ import annotations

import functools
from typing import Final

import pandas as pd
import streamlit as st

from dispatch.roles import ROLES, label
from i18n import N_, _
from store import users as store_users
from store.errors import StoreError
from ui import auth, data, keys, state
from ui.format import local_time, md

COLUMNS: Final = {
    "username": N_("username"), "display_name": N_("name shown"), "role": N_("role"),
    "grid_id": N_("grid"), "email": N_("e-mail"), "active": N_("active"),
    "failed_logins": N_("failed sign-ins"), "locked_until": N_("locked until"),
    "created_at": N_("created"),
}  # fmt: skip


def table_view(table: pd.DataFrame) -> pd.DataFrame:
    """The users as the page lists them: roles in words, times in China Standard Time."""
    shown = table.assign(
        role=table["role"].map(label),
        grid_id=table["grid_id"].map(data.grid_label),
        email=table["email"].fillna("—"),
        locked_until=local_time(table["locked_until"]).replace("", "—"),
        created_at=local_time(table["created_at"]),
    )
    return shown.rename(columns={k: _(v) for k, v in COLUMNS.items()})


def add_form() -> None:
    gen = st.session_state.get(keys.USERS_ADD_GENERATION, 0)
    grids = [None, *data.grids()["id"]]
    with st.form(keys.users_add_form(gen)):
        st.markdown(_("**Add a user**"))
        a, b, c = st.columns(3)
        field = functools.partial(keys.users_add_field, generation=gen)
        username = a.text_input(_("Username"), max_chars=64, key=field("name"))
        display = b.text_input(_("Name shown"), max_chars=64, key=field("display"))
        role = c.selectbox(
            _("Role"), ROLES, format_func=label, key=keys.users_add_field("role", gen)
        )
        d, e, f = st.columns(3)
        password = d.text_input(
            _("Password (built-in login, 10+ characters)"), type="password",
            key=keys.users_add_field("pw", gen),
        )  # fmt: skip
        email = e.text_input(
            _("E-mail (identity-provider login)"),
            max_chars=128,
            key=keys.users_add_field("email", gen),
        )
        grid = f.selectbox(
            _("Grid (grid leaders)"), grids, format_func=data.grid_label, key=field("grid")
        )
        pressed = st.form_submit_button(_("Add user"), type="primary")
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
        below.error(_("Not added: {why}. What you typed is kept.").format(why=md(exc)))
        return
    st.session_state[keys.USERS_ADD_GENERATION] = gen + 1
    state.flash(
        keys.USERS_ADD, "success",
        _("{user} added as {role}.").format(user=md(username.strip()), role=label(role)),
    )  # fmt: skip
    st.rerun()


def change_forms(table: pd.DataFrame) -> None:
    """Pick a user; change them, or retire or reactivate them."""
    state.shown_at(keys.USERS_CHANGE)
    names = list(table["username"])
    if not names:
        return
    shown = dict(zip(table["username"], table["display_name"], strict=True))
    who = st.selectbox(
        _("User"), names, index=None, key=keys.USERS_WHO,
        placeholder=_("Choose a user to change…"),
        format_func=lambda u: f"{shown[u]} ({u})",
    )  # fmt: skip
    if who is None:
        return
    row = table.set_index("username").loc[who]
    grid_of = row["grid_id"] if isinstance(row["grid_id"], str) else None
    active = bool(row["active"])
    said = _("{name} ({user}): {role}").format(
        name=md(shown[who]), user=md(who), role=label(row["role"])
    )
    if grid_of:
        said += _(", grid {grid}").format(grid=data.grid_label(grid_of))
    st.caption(said + ("" if active else _(" — retired")))
    grids = [None, *data.grids()["id"]]
    with st.form(keys.users_change_form(who)):
        st.markdown(_("**Change {user}'s role, or set a new password**").format(user=md(who)))
        a, b, c = st.columns(3)
        role = a.selectbox(
            _("New role"), ROLES, index=ROLES.index(row["role"]) if row["role"] in ROLES else 0,
            format_func=label,
            key=keys.users_change_field("role", who),
        )  # fmt: skip
        grid = b.selectbox(
            _("Grid (grid leaders)"), grids, format_func=data.grid_label,
            index=grids.index(grid_of) if grid_of in grids else 0,
            key=keys.users_change_field("grid", who),
        )  # fmt: skip
        password = c.text_input(
            _("New password (optional; ends their sessions)"), type="password",
            key=keys.users_change_field("pw", who),
        )  # fmt: skip
        pressed = st.form_submit_button(_("Change {user}").format(user=who))
        below = st.container()
    if pressed and auth.allowed("users"):
        try:
            store_users.change_user(
                data.engine(), who, role=role, grid_id=grid,
                password=password or None, by=auth.username(),
            )  # fmt: skip
        except StoreError as exc:
            below.error(_("Not changed: {why}").format(why=md(exc)))
        else:
            state.flash(
                keys.USERS_CHANGE, "success",
                _("{user} is now {role}; it applies at their next page load.").format(
                    user=md(who), role=label(role)
                ),
            )  # fmt: skip
            st.rerun()
    a, b = st.columns(2)
    retire = _("Retire {user}").format(user=who)
    if a.button(retire, key=keys.users_retire(who), disabled=not active) and auth.allowed("users"):
        _set_active(who, False)
    reactivate = _("Reactivate / unlock {user}").format(user=who)
    if b.button(reactivate, key=keys.users_reactivate(who)) and auth.allowed("users"):
        _set_active(who, True)


def _set_active(who: str, active: bool) -> None:
    try:
        store_users.set_active(data.engine(), who, active, by=auth.username())
    except StoreError as exc:
        st.error(_("Not changed: {why}").format(why=md(exc)))
        return
    done = (
        _("{user} reactivated (and unlocked).")
        if active
        else _("{user} retired; their sessions are ended.")
    )
    state.flash(keys.USERS_CHANGE, "success", done.format(user=md(who)))
    st.rerun()
