"""Alembic's entry: migrations run on the connection `store.migrate` hands over (the
store's own engine, SQLite or PostgreSQL), against the tables of `store.schema`."""

from __future__ import annotations

from alembic import context

from store import migrate, schema

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=schema.metadata,
    render_as_batch=connection.dialect.name == "sqlite",  # SQLite alters by copying a table
    compare_type=migrate.compare_type,
    include_object=migrate.include_object,
    version_table=migrate.VERSION_TABLE,
)
with context.begin_transaction():
    context.run_migrations()
