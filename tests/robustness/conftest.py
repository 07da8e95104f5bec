"""The robustness suite: each test prints the figure it establishes, whatever -s says, and
runs on every configured database (SQLite, and PostgreSQL when DUALGRID_TEST_PG is set)."""

from __future__ import annotations

import pytest


@pytest.fixture
def figure(capsys, request):
    """``figure("…")`` prints a line into the test run's output, naming the database
    when the test runs on each."""
    params = getattr(request.node, "callspec", None)
    backend = params.params.get("backend") if params else None
    where = f"[{backend}] " if backend else ""

    def say(text: str) -> None:
        with capsys.disabled():
            print(f"\n    FIGURE {where}{text}")

    return say


@pytest.fixture
def demo_db(backend_db: str) -> str:
    return backend_db
