"""The store's tests run on every configured database (SQLite, and PostgreSQL when
DUALGRID_TEST_PG names a server)."""

from __future__ import annotations

import pytest


@pytest.fixture
def demo_db(backend_db: str) -> str:
    return backend_db
