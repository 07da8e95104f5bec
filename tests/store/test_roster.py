"""The roster on the demo store: add, move and retire members with their history kept;
reviews and weights of the evaluation; bad input refused with nothing written."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import func, select

from store import schema as s
from store.db import make_engine
from store.errors import StoreError
from store.evaluation import records, reviews, save_review, save_weights, weights
from store.roster import add_member, history, move_member, retire_member

DAY1 = datetime(2026, 11, 2, 2)  # 10:00 CST, 2 November
DAY2 = datetime(2026, 11, 16, 2)


@pytest.fixture
def engine(demo_db):
    return make_engine(demo_db)


def count(engine, table):
    with engine.connect() as conn:
        return conn.scalar(select(func.count()).select_from(table))


def test_every_member_starts_with_one_open_history_row(engine):
    with engine.connect() as conn:
        members = conn.scalar(select(func.count()).select_from(s.members))
        open_rows = conn.scalar(select(func.count()).where(s.member_history.c.end_day.is_(None)))
    assert open_rows == members


def test_add_move_retire_keep_the_history(engine):
    mid = add_member(
        engine,
        name="李四",
        kind="staff",
        role="staff",
        grid="G01",
        specialty="repair",
        phone="13812345678",
        by="manager",
        now=DAY1,
    )
    move_member(engine, mid, "G02", by="manager", now=DAY2)
    rows = history(engine, mid)
    assert list(rows["grid_id"]) == ["G01", "G02"]
    assert list(rows["start_day"]) == ["2026-11-02", "2026-11-16"]
    assert rows["end_day"].iloc[0] == "2026-11-16"
    assert rows["end_day"].iloc[1] is None
    retire_member(engine, mid, reason="transferred", by="manager", now=DAY2)
    assert history(engine, mid)["end_day"].iloc[-1] == "2026-11-16"
    with engine.connect() as conn:
        assert conn.scalar(select(s.members.c.active).where(s.members.c.id == mid)) is False
        audited = conn.scalars(
            select(s.audit.c.action).where(s.audit.c.entity_id == mid).order_by(s.audit.c.id)
        ).all()
        shown = conn.scalar(select(s.audit.c.after).where(s.audit.c.entity_id == mid))
    assert audited == ["add", "move", "retire"]
    assert "13812345678" not in shown  # the phone is masked in the audit trail too
    with pytest.raises(StoreError, match="is retired"):
        move_member(engine, mid, "G01", by="manager")


def test_a_member_added_is_on_the_board_at_once(engine):
    """Issue 16, finding 15: a member added through the roster had no status row, so they
    never appeared on the board or in any plan."""
    from store.snapshot import snapshot

    mid = add_member(engine, name="王五", kind="staff", role="staff", grid="G01",
                     specialty="repair", by="manager", now=DAY1)  # fmt: skip
    member = next(m for m in snapshot(engine).members if m.id == mid)
    assert member.status == "available"
    with engine.connect() as conn:
        office = conn.execute(
            select(s.stations.c.office_lon, s.stations.c.office_lat).where(
                s.stations.c.id == member.station_id
            )
        ).one()
    assert (member.lon, member.lat) == tuple(office)


def test_a_community_member_cannot_join_another_grids_community(engine):
    """Issue 16, finding 8: a roster row could attach a member to another grid's community."""
    with engine.connect() as conn:
        elsewhere = conn.scalar(select(s.communities.c.id).where(s.communities.c.grid_id == "G02"))
    before = count(engine, s.members)
    with pytest.raises(StoreError, match=f"community: {elsewhere} is in grid G02, not G01"):
        add_member(engine, name="赵六", kind="community", role="community", grid="G01",
                   community=elsewhere, by="manager")  # fmt: skip
    assert count(engine, s.members) == before


def test_a_new_leader_takes_over_and_the_old_one_stays_as_staff(engine):
    with engine.connect() as conn:
        old = conn.scalar(select(s.grids.c.leader_id).where(s.grids.c.id == "G03"))
    mid = add_member(
        engine,
        name="王五",
        kind="staff",
        role="leader",
        grid="G03",
        specialty="account",
        by="manager",
        now=DAY1,
    )
    with engine.connect() as conn:
        assert conn.scalar(select(s.grids.c.leader_id).where(s.grids.c.id == "G03")) == mid
        assert conn.scalar(select(s.members.c.role).where(s.members.c.id == old)) == "staff"


@pytest.mark.parametrize(
    ("details", "message"),
    [
        ({"name": " "}, "name: 1–64 characters"),
        ({"kind": "boss"}, "kind: staff or community"),
        ({"role": "community"}, "role: for staff, one of leader, staff"),
        ({"specialty": "magic"}, "specialty: for staff, one of"),
        ({"phone": "1381234567"}, "phone: a mobile number is 11 digits"),
        ({"phone": "１３８１２３４５６７８"}, "phone: full-width digits"),
        ({"grid": "G99"}, "unknown grid 'G99'"),
    ],
)
def test_bad_member_details_are_refused_and_nothing_is_written(engine, details, message):
    before = count(engine, s.members), count(engine, s.member_history), count(engine, s.audit)
    args = {
        "name": "赵六",
        "kind": "staff",
        "role": "staff",
        "grid": "G01",
        "specialty": "repair",
        "phone": None,
    } | details
    with pytest.raises(StoreError, match=message):
        add_member(engine, by="manager", **args)
    assert (count(engine, s.members), count(engine, s.member_history), count(engine, s.audit)) == (
        before
    )


def test_moves_stay_inside_the_station_and_busy_members_do_not_retire(engine):
    with engine.connect() as conn:
        cc_staff = conn.scalar(
            select(s.members.c.id).where(s.members.c.grid_id == "G01", s.members.c.kind == "staff")
        )
        busy = conn.scalar(select(s.jobs.c.member_id).where(s.jobs.c.status == "on_site"))
    with pytest.raises(StoreError, match="belongs to station S01"):
        move_member(engine, cc_staff, "G07", by="manager")
    with pytest.raises(StoreError, match="open job"):
        retire_member(engine, busy, reason="leaves", by="manager")
    with pytest.raises(StoreError, match="say why"):
        retire_member(engine, cc_staff, reason=" ", by="manager")


def test_a_write_from_a_stale_view_of_the_grid_is_refused(engine):
    """The screen showed M in G01; another manager has since moved M to G02: moving or
    retiring "M of G01" is refused by name and nothing is written."""
    with engine.connect() as conn:
        member = conn.scalar(
            select(s.members.c.id).where(
                s.members.c.grid_id == "G01",
                s.members.c.kind == "staff",
                s.members.c.role != "leader",
            )
        )
    move_member(engine, member, "G02", by="other manager", in_grid="G01")
    before = count(engine, s.audit)
    with pytest.raises(StoreError, match=f"{member} is no longer in G01 \\(now in G02\\)"):
        move_member(engine, member, "G03", by="manager", in_grid="G01")
    with pytest.raises(StoreError, match="no longer in G01"):
        retire_member(engine, member, reason="leaves", by="manager", in_grid="G01")
    assert count(engine, s.audit) == before
    with engine.connect() as conn:
        assert conn.scalar(select(s.members.c.grid_id).where(s.members.c.id == member)) == "G02"


def test_reviews_and_weights(engine):
    save_review(engine, "M002", "2026-10", rating=4, note="<b>good</b> work", by="leader")
    save_review(engine, "M002", "2026-10", rating=5, note="better", by="leader")
    month = reviews(engine, "2026-10")
    assert month.set_index("member_id").loc["M002", "rating"] == 5
    for bad, message in (({"rating": 6}, "1 to 5"), ({"note": "x" * 2001}, "at most 2000")):
        with pytest.raises(StoreError, match=message):
            save_review(engine, "M002", "2026-10", **({"rating": None, "note": ""} | bad), by="l")
    with pytest.raises(StoreError, match="unknown member"):
        save_review(engine, "NOPE", "2026-10", rating=None, note="", by="l")
    assert weights(engine)["attendance"] == 15
    save_weights(engine, weights(engine) | {"attendance": 40}, by="manager")
    assert weights(engine)["attendance"] == 40
    for bad, message in (
        ({"speed": 1}, "unknown indicator"),
        ({"attendance": -1}, "0 to 100"),
        (dict.fromkeys(weights(engine), 0), "at least one"),
    ):
        with pytest.raises(StoreError, match=message):
            save_weights(engine, bad, by="manager")
    assert weights(engine)["attendance"] == 40


def test_records_of_the_demo_year_show_the_record_drive(engine):
    r = records(engine, "2025-12", "2026-10")
    assert len(r.grids) == 25
    verified = r.customers["phone_verified_at"]
    before = (verified < datetime(2025, 11, 30)).mean()
    after = (verified < datetime(2026, 10, 31)).mean()
    assert 0.33 < before < 0.41
    assert 0.70 < after < 0.80
    assert r.billing["month"].nunique() == 11
    assert (r.billing["collected"] <= r.billing["billed"]).all()


def test_a_roster_file_adds_and_moves_in_one_go_or_not_at_all(engine):
    from dispatch.roster_io import RosterError, read_roster
    from store.roster import import_roster, roster_file

    exported = roster_file(engine)
    assert exported["phone"].dropna().str.contains(r"\*").all()
    staff = exported[(exported["grid"] == "G01") & (exported["kind"] == "staff")].iloc[1]
    good = (
        "id,name,kind,role,grid,specialty,community_id,phone\n"
        ",新人,staff,staff,G01,metering,,13900001111\n"
        f"{staff['id']},{staff['name']},staff,staff,G02,{staff['specialty']},,{staff['phone']}\n"
    )
    before = count(engine, s.members)
    assert import_roster(engine, read_roster(good.encode(), "r.csv"), by="manager") == (1, 1)
    assert count(engine, s.members) == before + 1
    bad = good.replace("G01,metering", "G01,repair").replace(f"{staff['id']},", "NOPE,", 1)
    bad += ",另一个,staff,staff,G99,repair,,\n"
    snapshot = count(engine, s.members), count(engine, s.member_history), count(engine, s.audit)
    with pytest.raises(RosterError) as caught:
        import_roster(engine, read_roster(bad.encode(), "r.csv"), by="manager")
    assert "row 3: id: unknown member 'NOPE'" in caught.value.problems
    assert "row 4: unknown grid 'G99'" in caught.value.problems
    assert (
        count(engine, s.members),
        count(engine, s.member_history),
        count(engine, s.audit),
    ) == snapshot
