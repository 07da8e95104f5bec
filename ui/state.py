"""The messages that confirm an action where the user is looking, after the rerun that
shows its result; what a view showed on the run before; a long action's request held
until it has run. The keys they keep these under, like every other key, are in `ui.keys`."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Final, Literal

import streamlit as st

from ui import keys

Kind = Literal["success", "error", "warning", "info"]
LOG = logging.getLogger("dualgrid")


def flash(where: str, kind: Kind, text: str, *, toast: bool = True) -> None:
    """Say ``text`` at the place named ``where`` on the next run (call `shown_at` there),
    and as a toast when ``toast``: the page reruns to show the action's result in its
    figures and tables, and the confirmation lands next to the button that was pressed."""
    st.session_state.setdefault(keys.flash(where), []).append((kind, text, toast))


def shown_at(where: str) -> None:
    """Draw the messages waiting for this place (once)."""
    for kind, text, toast in st.session_state.pop(keys.flash(where), []):
        getattr(st, kind)(text, icon=_ICONS[kind])
        if toast:
            st.toast(text, icon=_ICONS[kind])


_ICONS: Final = {
    "success": ":material/check_circle:",
    "error": ":material/error:",
    "warning": ":material/warning:",
    "info": ":material/info:",
}


def seen(key: str, value: object) -> object:
    """What this view showed under ``key`` on the run before (the user's view of it),
    remembering ``value`` for the next: a write takes its record's id and version from
    what was on the screen, not from a fresh read."""
    before = st.session_state.get(keys.seen(key))
    st.session_state[keys.seen(key)] = value
    return before


def asked(key: str, pressed: bool, params: object) -> object | None:
    """A long action's request, held until the action has finished: a run stopped
    half-way (a map reporting back, a widget touched meanwhile) starts it again on the
    next run instead of dropping the click. Call `done` when the work is in."""
    if pressed:
        st.session_state[keys.asked(key)] = params
    return st.session_state.get(keys.asked(key))


def ask_on_click(key: str, params: Callable[[], object]) -> Callable[[], None]:
    """An ``on_click`` for a long action's button: the request is held from the click on,
    in Streamlit's callbacks before the page runs, so a run stopped before it reaches the
    button (a map reporting back after it is drawn) cannot drop the click. ``params``
    reads the action's settings from the session state."""

    def record() -> None:
        st.session_state[keys.asked(key)] = params()

    return record


def pressed_without_callback(pressed: bool, key: str, params: Callable[[], object]) -> None:
    """The safety net of `ask_on_click`: a button that reports its press in a run where
    its callback did not record the request records it here and reruns, so the work is
    still done (and the log says so: it should not happen)."""
    if not pressed or st.session_state.get(keys.asked(key)) is not None:
        return
    LOG.warning("%s: the button was pressed but its callback did not run", key)
    st.session_state[keys.asked(key)] = params()
    st.rerun()


def done(key: str) -> None:
    st.session_state.pop(keys.asked(key), None)


@contextmanager
def attempt(key: str) -> Iterator[None]:
    """Run the asked-for work: an error ends the request (it is not tried again on every
    run); a run stopped by Streamlit (not an ``Exception``) keeps it for the next."""
    try:
        yield
    except Exception:
        done(key)
        raise
