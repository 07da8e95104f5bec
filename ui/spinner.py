"""A cached loader's "please wait" in the reader's language.

`st.cache_data(show_spinner="…")` fixes its text when the module is imported, before
any language is active, so the loaders here cache with ``show_spinner=False`` and are
wrapped in `spinning`: the text is looked up at each call, and Streamlit shows it only
when the call takes longer than half a second (a cache hit shows nothing)."""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable
from typing import Any, TypeVar

import streamlit as st

from i18n import _

F = TypeVar("F", bound=Callable[..., Any])
_inside = threading.local()  # a loader that another one calls waits under its spinner


def spinning(message: str) -> Callable[[F], F]:
    """Wrap a cached loader so that ``message`` (a message id, marked with `N_`) is
    shown in the reader's language while it runs (a loader it calls shows no second one);
    the loader's ``clear`` still works."""

    def wrap(loader: F) -> F:
        @functools.wraps(loader)
        def call(*args: Any, **kwargs: Any) -> Any:
            if getattr(_inside, "loading", False):  # no Streamlit call inside a cached one
                return loader(*args, **kwargs)
            _inside.loading = True
            try:
                with st.spinner(_(message)):
                    return loader(*args, **kwargs)
            finally:
                _inside.loading = False

        clear = getattr(loader, "clear", None)
        if clear is not None:
            call.clear = clear  # type: ignore[attr-defined]
        return call  # type: ignore[return-value]

    return wrap
