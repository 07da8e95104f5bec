"""What a browser action wrote: every row of the store's working tables before and
after, compared by primary key. A walk asserts the exact set of rows that changed."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import Engine, Table, select

from store import schema as s

#: Tables a day's work writes to. The customers' table (334,000 rows, written by no
#: control-room action) is left out to keep a snapshot under a second.
WATCHED: tuple[Table, ...] = (
    s.jobs,
    s.requests,
    s.job_events,
    s.assignments,
    s.member_status,
    s.members,
    s.member_history,
    s.member_reviews,
    s.flood_areas,
    s.plans,
    s.plan_districts,
    s.grids,
    s.districts,
    s.service_windows,
    s.users,
    s.meta,
    s.audit,
)


def _key(table: Table, row: dict) -> tuple:
    return tuple(row[c.name] for c in table.primary_key.columns)


def snapshot(engine: Engine, tables: Iterable[Table] = WATCHED) -> dict[str, dict[tuple, dict]]:
    """Every row of each table, by primary key."""
    out: dict[str, dict[tuple, dict]] = {}
    with engine.connect() as conn:
        for table in tables:
            rows = conn.execute(select(table)).mappings().all()
            out[table.name] = {_key(table, dict(r)): dict(r) for r in rows}
    return out


@dataclass
class Changes:
    """Rows added, removed and changed (with the columns that changed), per table."""

    added: dict[str, list[dict]] = field(default_factory=dict)
    removed: dict[str, list[tuple]] = field(default_factory=dict)
    changed: dict[str, dict[tuple, dict[str, tuple]]] = field(default_factory=dict)

    def tables(self) -> set[str]:
        return set(self.added) | set(self.removed) | set(self.changed)

    def changed_ids(self, table: str) -> set:
        """Primary keys (first column) of the rows of ``table`` changed in place."""
        return {k[0] for k in self.changed.get(table, {})}

    def added_rows(self, table: str) -> list[dict]:
        return self.added.get(table, [])

    def __str__(self) -> str:
        parts = [f"+{len(v)} {t}" for t, v in self.added.items()]
        parts += [f"-{len(v)} {t}" for t, v in self.removed.items()]
        parts += [f"~{len(v)} {t}" for t, v in self.changed.items()]
        return ", ".join(parts) or "nothing"


def diff(before: dict, after: dict) -> Changes:
    changes = Changes()
    for table, new in after.items():
        old = before.get(table, {})
        added = [new[k] for k in new.keys() - old.keys()]
        removed = sorted(old.keys() - new.keys())
        changed = {
            k: {c: (old[k][c], new[k][c]) for c in new[k] if old[k].get(c) != new[k][c]}
            for k in new.keys() & old.keys()
            if old[k] != new[k]
        }
        if added:
            changes.added[table] = added
        if removed:
            changes.removed[table] = removed
        if changed:
            changes.changed[table] = changed
    return changes


class Watch:
    """``with Watch(engine) as w: ...`` then ``w.changes``: what the block wrote."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.changes = Changes()

    def __enter__(self) -> Watch:
        self._before = snapshot(self.engine)
        return self

    def __exit__(self, *exc: object) -> None:
        self.changes = diff(self._before, snapshot(self.engine))

    def settle(self) -> Changes:
        """The changes so far, without leaving the block."""
        return diff(self._before, snapshot(self.engine))
