"""The demo's users, one per role, with known passwords (README lists them): made by
``python -m store demo-users`` on the demo store, never on a real county's."""

from __future__ import annotations

from sqlalchemy import Engine, update

from store import schema as s
from store.db import transaction
from store.users import create_user, users

#: (username, name shown, role, grid): names a Chinese control room would read.
DEMO_USERS = (
    ("admin", "演示管理员", "administrator", None),
    ("dispatcher", "演示调度员", "dispatcher", None),
    ("coordinator", "演示应急指挥", "emergency coordinator", None),
    ("planner", "演示网格规划员", "planner", None),
    ("leader", "演示网格长（G01）", "grid leader", "G01"),
    ("viewer", "演示访客", "viewer", None),
)
#: The names the demo users were first made with (a store made before is renamed).
_OLD_NAMES = {
    "admin": "Demo administrator",
    "dispatcher": "Demo dispatcher",
    "coordinator": "Demo emergency coordinator",
    "planner": "Demo planner",
    "leader": "Demo grid leader (G01)",
    "viewer": "Demo viewer",
}


def demo_password(username: str) -> str:
    return f"{username}-demo-2026"


def demo_users(engine: Engine) -> list[str]:
    """Add the demo users that are missing; returns their names. A demo user still
    called by their first English name gets the Chinese one."""
    table = users(engine)
    have = dict(zip(table["username"], table["display_name"], strict=True))
    made = []
    for username, display, role, grid in DEMO_USERS:
        if username not in have:
            create_user(
                engine,
                username,
                display_name=display,
                role=role,
                password=demo_password(username),
                grid_id=grid,
                by="demo",
            )
            made.append(username)
        elif have[username] == _OLD_NAMES[username]:
            with transaction(engine) as conn:
                conn.execute(
                    update(s.users)
                    .where(s.users.c.username == username)
                    .values(display_name=display)
                )
    return made
