"""Words in the user's language: gettext message catalogs, made and compiled with Babel.

Every text a user sees is written in the code as an English message id and looked up in
the catalog of the language active for this piece of work::

    from i18n import _, _n
    st.button(_("Plan the open jobs"))
    st.caption(_n("{n} job", "{n} jobs", count).format(n=count))

Placeholders are named (``{n}``, ``{member}``) so a translation may move them. A text
defined before any language is active (a table of labels, a page title) is marked with
`N_` where it is written and looked up with `_` where it is shown.

The app activates the signed-in user's language at the top of every run (Simplified
Chinese unless they chose English, `APP_DEFAULT`); anything else — a command line, a test,
a worker thread — speaks English until it activates another. The language lives in a
context variable: each Streamlit session's script thread has its own.

The catalogs are `i18n/locale/<language>/LC_MESSAGES/dualgrid.po`; ``make setup`` compiles
them (``.mo`` files are never committed). A catalog that is missing its compiled file,
or whose compiled file is older than it, is compiled in memory instead, with a warning.
This package imports nothing of DualGrid's: every layer may use it.
"""

from __future__ import annotations

import gettext
import io
import logging
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from pathlib import Path
from typing import Final, TypeVar

LOG = logging.getLogger("dualgrid.i18n")

CHINESE: Final = "zh_CN"
ENGLISH: Final = "en"
#: The languages a user may choose, each named in itself.
LANGUAGES: Final = {CHINESE: "中文", ENGLISH: "English"}
#: The app's language for a user who has not chosen one.
APP_DEFAULT: Final = CHINESE
DOMAIN: Final = "dualgrid"
LOCALE_DIR: Final = Path(__file__).resolve().parent / "locale"

_active: ContextVar[str] = ContextVar("dualgrid_language", default=ENGLISH)


def language() -> str:
    """The language active here (`ENGLISH` until one is activated)."""
    return _active.get()


def activate(lang: str) -> str:
    """Make ``lang`` the active language here (an unknown one falls back to the app's
    default); returns the one activated."""
    chosen = lang if lang in LANGUAGES else APP_DEFAULT
    _active.set(chosen)
    return chosen


@contextmanager
def using(lang: str) -> Iterator[None]:
    """``lang`` active inside the block (an export in another language, a test)."""
    token = _active.set(lang if lang in LANGUAGES else APP_DEFAULT)
    try:
        yield
    finally:
        _active.reset(token)


def N_(message: str) -> str:  # noqa: N802  # gettext's own name for "mark, do not look up"
    """Mark ``message`` for the catalogs without looking it up (`_` does, where shown)."""
    return message


def _(message: str) -> str:
    """``message`` in the active language (itself when the catalog has no translation)."""
    if not message:
        return message
    return catalog(language()).gettext(message)


def _n(singular: str, plural: str, n: int) -> str:
    """The singular or plural of a message for ``n``, in the active language."""
    return catalog(language()).ngettext(singular, plural, n)


K = TypeVar("K")


class Words(Mapping[K, str]):
    """Labels by key, written as message ids (marked with `N_`) and said in the active
    language each time one is read: ``STATUS[s]`` is the word for now, not for import."""

    def __init__(self, labels: Mapping[K, str]) -> None:
        self._labels = dict(labels)

    def __getitem__(self, key: K) -> str:
        return _(self._labels[key])

    def __iter__(self) -> Iterator[K]:
        return iter(self._labels)

    def __len__(self) -> int:
        return len(self._labels)


@cache
def catalog(lang: str) -> gettext.NullTranslations:
    """The compiled catalog of ``lang``; English and a missing catalog translate nothing."""
    po = LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"
    mo = po.with_suffix(".mo")
    if not po.exists():
        return gettext.NullTranslations()
    if mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime:
        with mo.open("rb") as f:
            return gettext.GNUTranslations(f)
    LOG.warning("%s is not compiled (run make setup): compiling it in memory", po)
    return gettext.GNUTranslations(io.BytesIO(compile_po(po)))


def compile_po(po: Path) -> bytes:
    """A ``.po`` catalog compiled to ``.mo`` bytes (Babel's compiler; fuzzy entries left out)."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with po.open("rb") as f:
        messages = read_po(f, locale=po.parent.parent.name)
    out = io.BytesIO()
    write_mo(out, messages, use_fuzzy=False)
    return out.getvalue()
