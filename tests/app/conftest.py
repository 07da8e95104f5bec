"""Shared for the page tests: the app on a private copy of the demo store."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from store.users import User

APP = str(Path(__file__).resolve().parents[2] / "app.py")


@pytest.fixture
def demo_db(backend_db: str) -> str:
    """The pages run on every configured database (SQLite, and PostgreSQL when
    DUALGRID_TEST_PG names a server)."""
    return backend_db


ADMIN = User("test-admin", "Test administrator", "administrator")


def open_page(path: str, timeout: float = 300, user: User | None = ADMIN) -> AppTest:
    """A fresh session of the app signed in as ``user`` (an administrator unless said),
    switched to one page, which ran without an exception."""
    at = AppTest.from_file(APP, default_timeout=timeout)
    if user is not None:
        at.session_state["auth.user"] = user
    at.run()
    at.switch_page(path).run()
    assert not at.exception, at.exception
    return at
