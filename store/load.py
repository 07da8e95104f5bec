"""Loading the demo county into an empty store: one call, and a second call changes nothing."""

from __future__ import annotations

from datetime import UTC, datetime

import pandas as pd
from sqlalchemy import Connection, Engine, Table, func, select

from dispatch.clock import Clock
from store import schema
from store.audit import audit_row, record
from store.db import transaction
from store.errors import StoreError

DEMO_KEY = "demo_manifest"
CLOCK_KEY = "clock"


def _column_values(series: pd.Series, *, sqlite: bool) -> list[object]:
    """Plain DBAPI values of a column; NaN and NaT become None. For SQLite, times are
    written as SQLAlchemy's own text format and booleans as 0/1, so that the rows can
    go straight to the driver."""
    missing = series.isna().to_numpy()
    values: list[object]
    if pd.api.types.is_datetime64_any_dtype(series):
        if sqlite:
            values = series.dt.strftime("%Y-%m-%d %H:%M:%S.000000").tolist()
        else:
            values = list(series.dt.floor("s").dt.to_pydatetime())
    elif pd.api.types.is_bool_dtype(series) and sqlite:
        values = series.astype(int).tolist()
    else:
        values = series.tolist()
    if missing.any():
        return [None if m else v for v, m in zip(values, missing, strict=True)]
    return values


def _insert(conn: Connection, table: Table, frame: pd.DataFrame) -> None:
    """Insert every row of the frame's matching columns, in batches."""
    columns = [c.name for c in table.columns if c.name in frame.columns]
    sqlite = conn.dialect.name == "sqlite"
    rows = list(zip(*(_column_values(frame[c], sqlite=sqlite) for c in columns), strict=True))
    batch = 50_000
    if sqlite:  # the driver directly: SQLAlchemy's per-row processing would triple the time
        names = ", ".join(f'"{c}"' for c in columns)
        marks = ", ".join("?" * len(columns))
        sql = f'INSERT INTO "{table.name}" ({names}) VALUES ({marks})'
        for start in range(0, len(rows), batch):
            conn.exec_driver_sql(sql, rows[start : start + batch])
        return
    for start in range(0, len(rows), batch):
        conn.execute(
            table.insert(),
            [dict(zip(columns, r, strict=True)) for r in rows[start : start + batch]],
        )


def loaded_demo(engine: Engine) -> str | None:
    """The digest of the demo build the store holds, or None."""
    schema.create(engine)
    with engine.connect() as conn:
        return conn.scalar(select(schema.meta.c.value).where(schema.meta.c.key == DEMO_KEY))


class StoreOccupiedError(StoreError):
    """The store holds something else than this demo build; it is left as it is."""


#: Households a row may hold: a transformer district above this is a typing error, not a
#: place (the demo's largest holds about 1,100); a station, grid or community up to the
#: largest county.
MAX_HOUSEHOLDS = {"districts": 20_000, "communities": 200_000, "grids": 2_000_000}
MAX_COUNTY_HOUSEHOLDS = 5_000_000


def check_tables(tables: dict[str, pd.DataFrame]) -> None:
    """Refuse tables no county has (negative or absurd household counts), naming each row
    (the first ten), before anything is written."""
    problems: list[str] = []
    for name, frame in tables.items():
        if "households" not in frame.columns:
            continue
        top = MAX_HOUSEHOLDS.get(name, MAX_COUNTY_HOUSEHOLDS)
        values = pd.to_numeric(frame["households"], errors="coerce")
        bad = values.isna() | (values < 0) | (values > top) | (values % 1 != 0)
        ids = frame["id"] if "id" in frame.columns else frame.index.to_series()
        problems += [
            f"{name} {row_id}: households {raw!r} (a whole number from 0 to {top:,})"
            for row_id, raw in zip(ids[bad], frame["households"][bad], strict=True)
        ]
    if problems:
        more = f" (and {len(problems) - 10} more)" if len(problems) > 10 else ""
        msg = "nothing loaded: " + "; ".join(problems[:10]) + more
        raise StoreError(msg)


def load_demo(
    engine: Engine,
    tables: dict[str, pd.DataFrame],
    digest: str,
    *,
    notice: str = "",
    as_of: datetime | None = None,
    settings: dict[str, str] | None = None,
) -> bool:
    """Fill an empty store with the demo in one transaction.

    Returns False (and changes nothing) when this same build is already loaded;
    refuses a store that holds anything else. With ``as_of`` (the demo's "now"), the
    store's clock starts there at load and runs at real speed. ``settings`` are kept in
    the store's notes (an onboarded county's grid bounds).
    """
    check_tables(tables)
    held = loaded_demo(engine)
    if held == digest:
        return False
    if held is not None:
        msg = (
            "the store holds another county (or another build of the demo); start from an "
            "empty database "
            "(make reset-store) to load this one"
        )
        raise StoreOccupiedError(msg)
    with engine.connect() as conn:
        used = conn.scalar(select(func.count()).select_from(schema.members))
    if used:
        msg = "the store is not empty: a county loads only into an empty database"
        raise StoreOccupiedError(msg)
    now = datetime.now(UTC).replace(tzinfo=None)
    with transaction(engine) as conn:
        for table in schema.LOAD_ORDER:
            _insert(conn, table, tables[table.name])
        conn.execute(
            schema.meta.insert(),
            [
                {"key": DEMO_KEY, "value": digest},
                {"key": "demo_notice", "value": notice},
                {"key": "demo_loaded_at", "value": now.isoformat()},
                *(
                    [{"key": CLOCK_KEY, "value": Clock(as_of, now, 1.0).to_text()}]
                    if as_of is not None
                    else []
                ),
                *({"key": k, "value": v} for k, v in (settings or {}).items()),
            ],
        )
        counts = {t: len(f) for t, f in tables.items()}
        record(conn, audit_row(now, "system", "load_demo", "store", digest[:12], None, counts))
    return True
