"""The language of this run: the user's choice, remembered for the signed-in user, and
the switch in the sidebar. Simplified Chinese unless someone chose English (or the
server's ``DUALGRID_LANGUAGE`` says otherwise for everyone who has not chosen)."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import ParamSpec, TypeVar

import streamlit as st

from geo import settings
from i18n import APP_DEFAULT, LANGUAGES, activate, language, using
from store import users as store_users
from store.users import User
from ui import auth, data, keys

P = ParamSpec("P")
R = TypeVar("R")


def chosen(user: User | None) -> str:
    """The language for this run: what was picked on the switch in this session, else the
    signed-in user's remembered choice, else the server's default."""
    picked = st.session_state.get(keys.LANGUAGE_PICKED)
    if picked in LANGUAGES:
        return str(picked)
    if user is not None and user.language in LANGUAGES:
        return str(user.language)
    return settings.app_language() or APP_DEFAULT


def activate_for_run() -> str:
    """Activate this run's language (the first thing a run does), keep the switch on it,
    and remember a language picked in this session for the signed-in user (picked before
    signing in counts too)."""
    user = None if data.problem() else auth.current()  # a store in trouble is named later
    lang = activate(chosen(user))
    st.session_state[keys.LANGUAGE] = lang
    if user is None or user.language == lang or st.session_state.get(keys.LANGUAGE_PICKED) != lang:
        return lang
    if store_users.set_language(data.engine(), user.username, lang):
        auth.remember_language(lang)
    return lang


def _picked() -> None:
    value = st.session_state.get(keys.LANGUAGE)
    if value in LANGUAGES:
        st.session_state[keys.LANGUAGE_PICKED] = value


def switch() -> None:
    """The sidebar's language switch, named in both languages so either reader finds it."""
    st.segmented_control(
        "语言 Language",
        list(LANGUAGES),
        format_func=LANGUAGES.__getitem__,
        key=keys.LANGUAGE,
        on_change=_picked,
        label_visibility="collapsed",
    )


def speaking(callback: Callable[P, R]) -> Callable[P, R]:
    """A widget's callback speaking the session's language: Streamlit runs callbacks on
    a fresh thread before the page activates its language (`activate_for_run`), so what
    they say (kept to show beside the button) would otherwise be English."""

    @functools.wraps(callback)
    def said(*args: P.args, **kwargs: P.kwargs) -> R:
        with using(str(st.session_state.get(keys.LANGUAGE) or language())):
            return callback(*args, **kwargs)

    return said


def carried(make: Callable[[], R]) -> Callable[[], R]:
    """``make`` in this run's language wherever it runs: a download made when it is
    clicked is made later, on another thread, where no language is active."""
    lang = language()

    def run() -> R:
        with using(lang):
            return make()

    return run
