"""Backups: `python -m store backup` writes a copy that `restore` brings back, row for row,
on SQLite and PostgreSQL; what a restore replaces is kept beside the backup."""

from __future__ import annotations

from sqlalchemy import func, insert, select

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


def test_a_restored_backup_holds_every_row_it_was_made_with(backend_db, tmp_path, capsys):
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
    assert "Traceback" not in err
    assert not list(tmp_path.glob("dualgrid-before-restore-*")), "nothing replaced, nothing kept"
    assert counts(make_engine(demo_db))["jobs"] > 0  # the store is as it was
