"""Backups: `python -m store backup` writes a copy that `restore` brings back, row for row,
on SQLite and PostgreSQL; what a restore replaces is kept beside the backup."""

from __future__ import annotations

import pytest
from sqlalchemy import func, insert, make_url, select, text

from store import backup, migrate
from store import schema as s
from store.__main__ import main
from store.db import make_engine


def counts(engine) -> dict[str, int]:
    with engine.connect() as conn:
        return {
            name: conn.scalar(select(func.count()).select_from(table))
            for name, table in s.metadata.tables.items()
        }


def _as_app_role(url: str) -> str:
    """The database handed to an ordinary role (no superuser), as README's deployment has
    it: the role owns the database, its tables and the audit trigger; PostGIS stays the
    superuser's."""
    engine = make_engine(url)
    with engine.begin() as conn:
        if not conn.scalar(text("SELECT 1 FROM pg_roles WHERE rolname = 'dualgrid_app'")):
            conn.exec_driver_sql("CREATE ROLE dualgrid_app LOGIN PASSWORD 'app-pw' NOSUPERUSER")
        name = conn.scalar(text("SELECT current_database()"))
        conn.exec_driver_sql(f'ALTER DATABASE "{name}" OWNER TO dualgrid_app')
        conn.exec_driver_sql("ALTER SCHEMA public OWNER TO dualgrid_app")
        for kind, query in (
            ("TABLE", "SELECT tablename FROM pg_tables WHERE schemaname = 'public' "
                      "AND tablename <> 'spatial_ref_sys'"),
            ("SEQUENCE", "SELECT sequencename FROM pg_sequences WHERE schemaname = 'public'"),
        ):  # fmt: skip
            for (item,) in conn.execute(text(query)).all():
                conn.exec_driver_sql(f'ALTER {kind} "{item}" OWNER TO dualgrid_app')
        conn.exec_driver_sql("ALTER FUNCTION audit_append_only() OWNER TO dualgrid_app")
    engine.dispose()
    return str(
        make_url(url)
        .set(username="dualgrid_app", password="app-pw")
        .render_as_string(hide_password=False)
    )


def test_a_restored_backup_holds_every_row_it_was_made_with(backend_db, tmp_path, capsys):
    if backend_db.startswith("postgresql"):
        backend_db = _as_app_role(backend_db)
    engine = make_engine(backend_db)
    before = counts(engine)
    file = tmp_path / f"nightly{backup.suffix(engine)}"
    assert main(["backup", str(file), "--db", backend_db]) == 0
    assert file.stat().st_size > 1_000_000
    with engine.begin() as conn:  # work done after the backup: the restore takes it back
        conn.execute(insert(s.meta).values(key="after-the-backup", value="x"))
    assert counts(engine)["meta"] == before["meta"] + 1
    engine.dispose()
    assert main(["restore", str(file), "--db", backend_db]) == 0
    engine = make_engine(backend_db)
    assert counts(engine) == before
    assert migrate.current(engine) == migrate.head()
    kept = [p for p in tmp_path.iterdir() if p.name.startswith("dualgrid-before-restore-")]
    assert len(kept) == 1, "the store as it was is kept before the restore"
    said = capsys.readouterr().out
    print(f"FIGURE backup and restore ({engine.dialect.name}): {sum(before.values()):,} rows")
    assert "restored" in said


def test_a_backup_is_never_written_over_and_a_bad_file_is_named(demo_db, tmp_path, capsys):
    file = tmp_path / "one.db"
    assert main(["--db", demo_db, "backup", str(file)]) == 0
    assert main(["--db", demo_db, "backup", str(file)]) == 2
    assert "exists already" in capsys.readouterr().err
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"not a backup" * 1000)
    assert main(["--db", demo_db, "restore", str(junk)]) == 2
    err = capsys.readouterr().err
    assert "junk.db" in err
    assert not list(tmp_path.glob("dualgrid-before-restore-*")), "nothing replaced, nothing kept"
    assert counts(make_engine(demo_db))["jobs"] > 0  # the store is as it was


@pytest.mark.sqlite_only  # SQLite files; the same rules hold for PostgreSQL's dumps
def test_a_restore_keeps_a_store_that_holds_users_but_no_county(tmp_path, demo_db):
    """A store with no county may still hold users and the audit trail: kept first."""
    from store.users import create_user

    empty = make_engine(f"sqlite:///{tmp_path / 'users-only.db'}")
    s.create(empty)
    create_user(empty, "root", display_name="R", role="administrator", password="x" * 12, by="t")
    file = tmp_path / "demo.db"
    assert main(["--db", demo_db, "backup", str(file)]) == 0
    assert main(["--db", str(empty.url), "restore", str(file)]) == 0
    (kept,) = tmp_path.glob("dualgrid-before-restore-*")
    with make_engine(f"sqlite:///{kept}").connect() as conn:
        assert conn.scalar(select(s.users.c.username)) == "root"


@pytest.mark.sqlite_only
def test_a_backup_of_a_newer_version_is_refused_before_anything_is_replaced(
    tmp_path, demo_db, capsys
):
    newer = tmp_path / "newer.db"
    assert main(["--db", demo_db, "backup", str(newer)]) == 0
    with make_engine(f"sqlite:///{newer}").begin() as conn:
        conn.exec_driver_sql(f"UPDATE {migrate.VERSION_TABLE} SET version_num = '0999'")
    before = counts(make_engine(demo_db))
    assert main(["--db", demo_db, "restore", str(newer)]) == 2
    assert "made by a newer DualGrid" in capsys.readouterr().err
    assert counts(make_engine(demo_db)) == before
    assert not list(tmp_path.glob("dualgrid-before-restore-*"))
