"""Importing work orders into the demo store: all or nothing, never twice, outages joined."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from store import __main__ as cli
from store import schema as s
from store.board import clock
from store.db import make_engine
from store.queries import counts

HEAD = "order_no,channel,received_at,type,account_no,lon,lat,description,reporter,phone\n"


def local_iso(when) -> str:
    return (when + timedelta(hours=8)).isoformat(timespec="seconds") + "+08:00"


@pytest.fixture
def store(demo_db, monkeypatch):
    monkeypatch.setenv("DUALGRID_DB", demo_db)
    engine = make_engine(demo_db)
    with engine.connect() as conn:
        accounts = conn.execute(
            select(s.customers.c.account_no, s.customers.c.district_id)
            .order_by(s.customers.c.account_no)
            .limit(3)
        ).all()
    return engine, accounts, clock(engine).now()


def write(tmp_path, name, lines):
    path = tmp_path / name
    path.write_text(HEAD + "\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_import_then_again_adds_nothing(store, tmp_path, capsys):
    engine, accounts, now = store
    when = local_iso(now - timedelta(minutes=5))
    path = write(
        tmp_path,
        "orders.csv",
        [
            f"T-1,95598,{when},outage,{accounts[0].account_no},,,停电,王五,13800001234",
            f"T-2,grid,{when},outage,{accounts[0].account_no},,,,,",
            f"T-3,hall,{when},meter,{accounts[1].account_no},,,<script>x</script>,,",
        ],
    )
    before = counts(engine)
    assert cli.main(["import", str(path)]) == 0
    assert capsys.readouterr().out.strip() == "imported: 3 new, 0 already present"
    after = counts(engine)
    assert after["requests"] == before["requests"] + 3
    assert after["jobs"] == before["jobs"] + 2  # the two outage calls are one job
    with engine.connect() as conn:
        outage = conn.execute(
            select(s.jobs)
            .join(s.requests, s.requests.c.job_id == s.jobs.c.id)
            .where(s.requests.c.order_no == "T-1")
        ).one()
        assert outage.calls == 2
        assert outage.status == "new"
        assert outage.priority == 1
        events = conn.scalar(
            select(func.count()).select_from(s.job_events).where(s.job_events.c.job_id == outage.id)
        )
        assert events == 1
    assert cli.main(["import", str(path)]) == 0
    assert capsys.readouterr().out.strip() == "imported: 0 new, 3 already present"
    assert counts(engine) == after


def test_a_bad_file_is_refused_whole_and_changes_nothing(store, tmp_path, capsys):
    engine, accounts, now = store
    when = local_iso(now - timedelta(minutes=5))
    path = write(
        tmp_path,
        "orders.csv",
        [
            f"B-1,95598,{when},repair,{accounts[0].account_no},,,,,",
            f"B-2,95598,{when},repair,0000000000,,,,,",
            f"B-3,grid,{when},repair,,113.5,26.5,,,",
            f"B-4,grid,not-a-time,repair,{accounts[1].account_no},,,,,",
        ],
    )
    before = counts(engine)
    assert cli.main(["import", str(path)]) == 2
    err = capsys.readouterr().err
    assert "row 2: account number: unknown account '0000000000'" in err
    assert "row 3: longitude: the point (113.5, 26.5) is outside the county" in err
    assert "row 4: received at:" in err
    assert "row 1:" not in err
    assert "Traceback" not in err
    assert counts(engine) == before


def test_an_outage_call_joins_the_open_outage_of_its_district(store, tmp_path, capsys):
    engine, _, _now = store
    with engine.connect() as conn:
        job = conn.execute(
            select(s.jobs)
            .where(s.jobs.c.type == "outage", s.jobs.c.status == "assigned")
            .order_by(s.jobs.c.created_at.desc())
        ).first()
        last = conn.scalar(
            select(func.max(s.requests.c.received_at)).where(s.requests.c.job_id == job.id)
        )
        account = conn.scalar(
            select(s.customers.c.account_no).where(s.customers.c.district_id == job.district_id)
        )
    when = local_iso(last + timedelta(minutes=20))
    path = write(tmp_path, "more.csv", [f"J-1,grid,{when},outage,{account},,,,,"])
    jobs_before = counts(engine)["jobs"]
    assert cli.main(["import", str(path)]) == 0
    capsys.readouterr()
    with engine.connect() as conn:
        after = conn.execute(select(s.jobs).where(s.jobs.c.id == job.id)).one()
    assert after.calls == job.calls + 1
    assert after.version == job.version + 1
    assert counts(engine)["jobs"] == jobs_before


def test_missing_file_and_jsonl(store, tmp_path, capsys):
    _engine, accounts, now = store
    assert cli.main(["import", str(tmp_path / "nope.csv")]) == 2
    assert "cannot read" in capsys.readouterr().err
    path = tmp_path / "orders.jsonl"
    when = local_iso(now - timedelta(minutes=1))
    path.write_text(
        f'{{"order_no": "L-1", "channel": "hotline", "received_at": "{when}", '
        f'"type": "complaint", "account_no": "{accounts[2].account_no}"}}\n',
        encoding="utf-8",
    )
    assert cli.main(["import", str(path)]) == 0
    assert "1 new" in capsys.readouterr().out
