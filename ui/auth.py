"""Who is using the app: the built-in login (store users, argon2) or the utility's
identity provider through ``st.login`` (users matched by e-mail); the role checks every
page and every write makes again, whatever the navigation showed."""

from __future__ import annotations

import dataclasses
from typing import TypedDict

import streamlit as st

from dispatch.errors import DualGridError
from dispatch.roles import LEADER, PAGES, label, may, may_open, write_label
from i18n import _
from store import field_access, sessions
from store import users as store_users
from store.errors import StoreError
from store.users import LoginError, User
from ui import data, keys
from ui.format import md


def provider_configured() -> bool:
    """True when .streamlit/secrets.toml names an identity provider for st.login."""
    try:
        return "auth" in st.secrets
    except (FileNotFoundError, KeyError):
        return False
    except Exception:
        return False


def current() -> User | None:
    """The signed-in user: this session's login, else the built-in session the
    browser's cookie names (a reload, a new tab), else st.login's identity."""
    user = st.session_state.get(keys.AUTH_USER)
    if isinstance(user, User):
        return user
    token = _cookie()
    if token:
        found = sessions.session_user(data.engine(), token)
        if found is not None:
            st.session_state[keys.AUTH_TOKEN] = token
            _remember(found)
            return found
    try:
        logged_in = bool(st.user.is_logged_in)
    except (AttributeError, KeyError):
        logged_in = False
    if logged_in:
        claims = _claims()
        found = store_users.provider_user(
            data.engine(),
            st.user.to_dict(),
            role_claim=claims["role_claim"],
            grid_claim=claims["grid_claim"],
        )
        if found is not None:
            _remember(found)
            return found
    return None


def revalidate() -> User | None:
    """Check this session's user against the store (once per page run, before anything is
    drawn): signed out elsewhere, retired, a password reset (their sessions end) → signed
    out here too, so the action just asked for is not made and the sign-in page shows; a
    changed role or grid applies at once."""
    user = st.session_state.get(keys.AUTH_USER)
    if not isinstance(user, User):
        return None
    token = st.session_state.get(keys.AUTH_TOKEN)
    if token:  # a built-in sign-in: its session must still be open
        fresh = sessions.session_user(data.engine(), token)
    else:  # the identity provider: the user table's word, where it has an entry
        known, fresh = store_users.table_user(data.engine(), user.username)
        if not known:
            fresh = user  # a role from the provider's claim
    if fresh is None:
        for key in (keys.AUTH_USER, keys.AUTH_TOKEN):
            st.session_state.pop(key, None)
        st.session_state[keys.AUTH_ENDED] = True
        return None
    if fresh != user:
        _remember(fresh)
    return fresh


def _claims() -> dict[str, str]:
    """The identity provider's claims naming a user's role and grid: ``[dualgrid]
    role_claim`` and ``grid_claim`` in the secrets, else DualGrid's defaults."""
    try:
        settings = dict(st.secrets.get("dualgrid", {}))
    except Exception:
        settings = {}
    return {
        "role_claim": str(settings.get("role_claim", store_users.ROLE_CLAIM)),
        "grid_claim": str(settings.get("grid_claim", store_users.GRID_CLAIM)),
    }


def _remember(user: User) -> None:
    st.session_state[keys.AUTH_USER] = user


def remember_language(language: str) -> None:
    """The signed-in user's language as the store now holds it (`store.users.set_language`)."""
    user = st.session_state.get(keys.AUTH_USER)
    if isinstance(user, User):
        _remember(dataclasses.replace(user, language=language))


class NotSignedInError(DualGridError):
    """A write asked for with nobody signed in (a session ended mid-page): refused."""


def signed_in() -> User:
    """The signed-in user; refuses (`NotSignedInError`, shown on the page) when nobody is, so
    no write is ever made, and no audit row written, under a made-up name."""
    user = current()
    if user is None:
        msg = "Nobody is signed in (the session has ended): sign in again. Nothing was written."
        raise NotSignedInError(msg)
    return user


def username() -> str:
    """Who writes, for the store's audit rows: the signed-in user's name (`signed_in`)."""
    return signed_in().username


def login_page() -> None:
    st.title(_("DualGrid — sign in"))
    if st.session_state.pop(keys.AUTH_ENDED, False):
        st.warning(
            _(
                "Your session has ended (signed out elsewhere, retired, or a new password "
                "was set): sign in again. Nothing was changed by the last click."
            ),
            icon=":material/lock_clock:",
        )
    try:
        logged_in = bool(st.user.is_logged_in)
    except (AttributeError, KeyError):
        logged_in = False
    if logged_in:
        email = st.user.get("email")
        st.error(
            _("{account} has no DualGrid role yet; an administrator adds it under Users.").format(
                account=md(email) if email else _("This account")
            )
        )
        st.button(_("Sign out"), on_click=st.logout)
        return
    if provider_configured():
        st.button(_("Sign in with the utility's account"), type="primary", on_click=st.login)
        st.caption(_("or with a DualGrid user of this control room:"))
    with st.form(keys.AUTH_LOGIN):
        username = st.text_input(_("Username"), max_chars=64, key=keys.AUTH_USERNAME)
        password = st.text_input(
            _("Password"), type="password", max_chars=256, key=keys.AUTH_PASSWORD
        )
        if st.form_submit_button(_("Sign in"), type="primary"):
            try:
                user = store_users.login(data.engine(), username, password)
            except LoginError as exc:
                st.error(str(exc))
            except StoreError as exc:
                st.error(_("The store cannot check the login: {error}").format(error=md(exc)))
            else:
                st.session_state[keys.AUTH_TOKEN] = sessions.open_session(
                    data.engine(), user.username
                )
                _remember(user)
                st.rerun()
    _first_sign_in()


def _first_sign_in() -> None:
    """A field member's first sign-in: the one-time code from their grid leader and the
    password they choose (typed twice)."""
    with (
        st.expander(_("First time on your phone? Sign in with your access code")),
        st.form(keys.AUTH_FIRST),
    ):
        username = st.text_input(
            _("Your member code"), max_chars=64, key=keys.AUTH_FIRST_USERNAME,
            help=_("As your grid leader gave it with the code, e.g. m0016"),
        )  # fmt: skip
        code = st.text_input(_("Access code"), max_chars=16, key=keys.AUTH_FIRST_CODE)
        password = st.text_input(
            _("Choose a password"), type="password", max_chars=256, key=keys.AUTH_FIRST_PASSWORD
        )
        again = st.text_input(
            _("The password again"), type="password", max_chars=256, key=keys.AUTH_FIRST_AGAIN
        )
        if not st.form_submit_button(_("Sign in and keep this password"), type="primary"):
            return
        if password != again:
            st.error(_("The two passwords differ: type the same one twice."))
            return
        try:
            user = field_access.redeem(data.engine(), username, code, password)
        except StoreError as exc:  # a refused code is a LoginError, a short password too
            st.error(str(exc))
            return
    st.session_state[keys.AUTH_TOKEN] = sessions.open_session(data.engine(), user.username)
    _remember(user)
    st.rerun()


def sign_out() -> None:
    token = st.session_state.get(keys.AUTH_TOKEN)
    sessions.end_session(data.engine(), token)
    st.session_state[keys.AUTH_SIGNED_OUT] = token or _cookie()
    for key in (keys.AUTH_USER, keys.AUTH_TOKEN):
        st.session_state.pop(key, None)
    try:
        if st.user.is_logged_in:
            st.logout()
    except (AttributeError, KeyError):
        pass


def require(page: str) -> User:
    """Stop the page unless the signed-in user's role may open it."""
    user = current()
    if user is None or not may_open(user.role, page):
        role = label(user.role if user else None)
        st.error(
            _("Refused: this page is not open to your role ({role}).").format(role=role),
            icon=":material/block:",
        )
        st.stop()
    return user


def allowed(write: str) -> bool:
    """May the signed-in user make this write? Says why not when not."""
    user = current()
    if user is not None and may(user.role, write):
        return True
    role = label(user.role if user else None)
    st.error(
        _("Refused: your role ({role}) may not {write}.").format(
            role=role, write=write_label(write)
        ),
        icon=":material/block:",
    )
    return False


def can(write: str) -> bool:
    """May the signed-in user make this write? (Silent: for drawing a control.)"""
    user = current()
    return user is not None and may(user.role, write)


class Control(TypedDict):
    """A control's ``disabled`` and ``help`` for a write (``**`` into the widget)."""

    disabled: bool
    help: str | None


def why_not(write: str) -> str | None:
    """The reason a control for this write is disabled for the signed-in user, or None
    when it is not: the help text of a greyed-out button."""
    if can(write):
        return None
    user = current()
    role = label(user.role if user else None)
    return _("Not for your role ({role}): it may not {write}.").format(
        role=role, write=write_label(write)
    )


def pages_for(user: User | None) -> set[str]:
    return {p for p in PAGES if user is not None and may_open(user.role, p)}


def own_grids(all_grids: list[str]) -> list[str]:
    """The grids the signed-in user may see and change: a grid leader their own, the
    other roles every grid."""
    user = current()
    if user is not None and user.role == LEADER:
        return [g for g in all_grids if g == user.grid_id]
    return list(all_grids)


def _cookie() -> str | None:
    """The session token the browser sent when this page was loaded, unless this page
    has since signed out."""
    try:
        token = st.context.cookies.get(sessions.COOKIE)
    except Exception:  # no browser (a script run, a test)
        return None
    if (
        not isinstance(token, str)
        or not token
        or token == st.session_state.get(keys.AUTH_SIGNED_OUT)
    ):
        return None
    return token


def keep_cookie() -> None:
    """Hand the browser this session's token (so a reload stays signed in), or take it
    back after signing out. The token is letters, digits, - and _ (token_urlsafe)."""
    token = st.session_state.get(keys.AUTH_TOKEN)
    try:
        sent = st.context.cookies.get(sessions.COOKIE)
    except Exception:
        return
    sent = sent if isinstance(sent, str) else None
    if token and token != sent:
        seconds = int(sessions.SHIFT.total_seconds())
        value = f"{token}; max-age={seconds}"
    elif not token and sent:
        value = "; max-age=0"
    else:
        return
    st.html(
        "<script>document.cookie = '"
        + f"{sessions.COOKIE}={value}; path=/; SameSite=Strict'"
        + " + (location.protocol === 'https:' ? '; Secure' : '');</script>",
        unsafe_allow_javascript=True,
    )
