"""Issue 16, "also": a command run on an empty store blamed every row ("the point … is
outside the county"); a change to the tables made `make` delete the store. Bad state is
now named in one line saying what to run, in the CLI as in the app (tests/app/
test_bad_state.py), and no command prints a traceback."""

from __future__ import annotations

import pytest

from store.__main__ import main as store_main

ORDER = (
    "order_no,channel,received_at,type,lon,lat\n"
    "A1,95598,2026-12-01T08:00:00+08:00,outage,111.86,26.59\n"
)


@pytest.mark.parametrize(
    ("case", "db", "said"),
    [
        ("an empty store", "sqlite:///{tmp}/empty.db", "No county is loaded in the store"),
        ("an unreachable PostgreSQL", "postgresql+psycopg://u:pw@127.0.0.1:9/x",
         "cannot reach the store postgresql+psycopg://u:***@127.0.0.1:9/x"),
        ("a file that is no database", "sqlite:///{tmp}/junk.db", "cannot open the store"),
    ],
)  # fmt: skip
def test_commands_on_a_bad_store_say_what_to_run(tmp_path, capsys, figure, case, db, said):
    (tmp_path / "junk.db").write_bytes(b"not a database at all " * 200)
    orders = tmp_path / "orders.csv"
    orders.write_text(ORDER, encoding="utf-8")
    url = db.format(tmp=tmp_path)
    assert store_main(["import", str(orders), "--db", url]) == 2
    err = capsys.readouterr().err
    assert said in err, err
    assert "outside the county" not in err
    assert "pw" not in err
    assert err.count("\n") == 1, "one line"
    assert store_main(["info", "--db", url]) in {1, 2}
    figure(f"import on {case}: {err.strip()[:150]}")


def test_readmes_load_demo_folder_db_url_form_is_taken(demo_db, demo_dir, capsys, figure):
    """Finding 8: README's ``load-demo FOLDER --db URL`` was refused (``--db`` only before
    the command); both orders now work."""
    assert store_main(["load-demo", str(demo_dir), "--db", demo_db]) == 0
    assert store_main(["--db", demo_db, "load-demo", str(demo_dir)]) == 0
    said = capsys.readouterr().out
    assert said.count("already loaded, nothing changed") == 2
    figure("load-demo FOLDER --db URL and --db URL load-demo FOLDER: both taken")
