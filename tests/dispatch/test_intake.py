"""Intake: rows checked whole, every bad row named; outage calls grouped by district."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import ClassVar

import pytest

from dispatch.domain import JOB_TYPES
from dispatch.grouping import OpenOutage, group_into_jobs
from dispatch.intake import IntakeError, Place, read_rows, validate
from dispatch.norms import NORMS, deadline, table

NOW = datetime(2026, 11, 26, 12, 0)


class FakeLocator:
    """Two districts side by side: D1 for lon in [0, 1), D2 for lon in [1, 2); lat in [0, 1)."""

    accounts: ClassVar = {"A1": ("D1", 0.5, 0.5), "A2": ("D2", 1.5, 0.5)}

    def _place(self, district, lon, lat):
        transformer = (0.2, 0.2) if district == "D1" else (1.2, 0.2)
        area = "urban" if district == "D1" else "remote"
        return Place(district, f"G{district[-1]}", area, lon, lat, transformer)

    def account(self, account_no):
        hit = self.accounts.get(account_no)
        return None if hit is None else self._place(*hit)

    def point(self, lon, lat):
        if not (0 <= lon < 2 and 0 <= lat < 1):
            return None
        return self._place("D1" if lon < 1 else "D2", lon, lat)


CSV_HEAD = "order_no,channel,received_at,type,account_no,lon,lat,description,reporter,phone\n"


def rows(*lines: str) -> list[dict]:
    return read_rows(CSV_HEAD + "\n".join(lines), "orders.csv")


def test_good_rows_become_records_in_utc():
    records = validate(
        rows(
            "1,95598,2026-11-26T09:12:00+08:00,repair,A1,,,wire down,张三,138 0000 1234",
            "2,grid,2026-11-26T01:15:00Z,meter,,1.5,0.5,,,",
        ),
        FakeLocator(),
        now=NOW,
    )
    assert [r.order_no for r in records] == ["1", "2"]
    assert records[0].received_at == datetime(2026, 11, 26, 1, 12)
    assert records[0].place.district_id == "D1"
    assert records[1].place.district_id == "D2"
    assert records[1].account_no is None


def test_every_bad_row_is_named_with_its_field():
    bad = [
        "1,95598,2026-11-26T09:12:00+08:00,repair,A1,,,,,",  # good
        ",95598,2026-11-26T09:12:00+08:00,repair,A1,,,,,",  # no order_no
        "3,fax,2026-11-26T09:12:00+08:00,repair,A1,,,,,",  # unknown channel
        "4,grid,2026-11-26 09:12,repair,A1,,,,,",  # no offset
        "5,grid,2026-11-26T09:12:00+08:00,teleport,A1,,,,,",  # unknown type
        "6,grid,2026-11-26T09:12:00+08:00,repair,NOPE,,,,,",  # unknown account
        "7,grid,2026-11-26T09:12:00+08:00,repair,,5,5,,,",  # outside
        "8,grid,2026-11-26T09:12:00+08:00,repair,,0.5,1.5,,,",  # lat/lon swapped
        "1,95598,2026-11-26T09:12:00+08:00,repair,A1,,,,,",  # duplicate of row 1
        "10,grid,2026-11-26T09:12:00+08:00,repair,,,,,,",  # no place at all
        "11,grid,2026-11-26T09:12:00+08:00,repair,A1,,,,,call me maybe",  # bad phone
        "12,grid,2027-11-26T09:12:00+08:00,repair,A1,,,,,",  # future
    ]
    with pytest.raises(IntakeError) as caught:
        validate(rows(*bad), FakeLocator(), now=NOW)
    named = {(p.row, p.field) for p in caught.value.problems}
    assert named == {
        (2, "order_no"),
        (3, "channel"),
        (4, "received_at"),
        (5, "type"),
        (6, "account_no"),
        (7, "lon"),
        (8, "lon"),
        (9, "order_no"),
        (10, "account_no"),
        (11, "phone"),
        (12, "received_at"),
    }
    text = {str(p) for p in caught.value.problems}
    assert "row 9: order number: '1' appears twice in the file (row 1)" in text
    assert any("swapped" in t for t in text if t.startswith("row 8"))
    assert "nothing imported" in str(caught.value)


def test_missing_columns_and_empty_files_are_refused():
    with pytest.raises(IntakeError, match="missing column"):
        read_rows("order_no,channel,type\n1,grid,repair\n", "x.csv")
    with pytest.raises(IntakeError, match="no work orders"):
        validate(read_rows(CSV_HEAD, "x.csv"), FakeLocator(), now=NOW)
    with pytest.raises(Exception, match="empty"):
        read_rows(b"", "x.csv")
    with pytest.raises(Exception, match="UTF-8"):
        read_rows("order_no\n\xff".encode("latin-1"), "x.csv")


def test_json_lines_with_the_same_fields():
    text = (
        '{"order_no": "9", "channel": "hall", "received_at": "2026-11-26T08:00:00+08:00",'
        ' "type": "billing", "lon": 0.3, "lat": 0.3}\n'
        "not json\n"
    )
    with pytest.raises(IntakeError) as caught:
        read_rows(text, "orders.jsonl")
    assert next(str(p) for p in caught.value.problems).startswith("row 2: line: not valid JSON")
    records = validate(read_rows(text.splitlines()[0], "orders.jsonl"), FakeLocator(), now=NOW)
    assert records[0].channel == "hall"
    assert records[0].place.district_id == "D1"


def outage(order, minute, account="A1", kind="outage"):
    when = (datetime(2026, 11, 26, 8, 0) + timedelta(minutes=minute)).isoformat() + "+08:00"
    return f"{order},95598,{when},{kind},{account},,,,,"


def test_outage_calls_of_one_district_within_the_hour_are_one_job():
    records = validate(
        rows(
            outage(1, 0),
            outage(2, 20),
            outage(3, 70),  # 50 min after the latest call: still the same outage
            outage(4, 200),  # over an hour later: a new outage
            outage(5, 10, account="A2"),  # another district
            outage(6, 15, kind="repair"),  # a repair is its own job
        ),
        FakeLocator(),
        now=NOW,
    )
    grouping = group_into_jobs(records)
    made = grouping.calls
    calls = sorted((d.district_id, d.type, [r.order_no for r in made[d.id]]) for d in grouping.new)
    assert calls == [
        ("D1", "outage", ["1", "2", "3"]),
        ("D1", "outage", ["4"]),
        ("D1", "repair", ["6"]),
        ("D2", "outage", ["5"]),
    ]
    first = next(d for d in grouping.new if made[d.id][0].order_no == "1")
    assert first.calls == 3
    assert (first.lon, first.lat) == (0.2, 0.2)  # the transformer, not the caller
    assert first.deadline - first.created_at == timedelta(minutes=45)  # urban
    remote = next(d for d in grouping.new if d.district_id == "D2")
    assert remote.deadline - remote.created_at == timedelta(minutes=120)


def test_outage_calls_join_an_open_outage_job():
    records = validate(rows(outage(1, 30), outage(2, 30, account="A2")), FakeLocator(), now=NOW)
    open_job = OpenOutage("J9", "D1", datetime(2026, 11, 26, 0, 0))  # 08:00 local, 30 min ago
    grouping = group_into_jobs(records, [open_job])
    assert list(grouping.joins) == ["J9"]
    assert [r.order_no for r in grouping.joins["J9"]] == ["1"]
    assert [d.district_id for d in grouping.new] == ["D2"]


def test_norms_cover_every_type_and_agree_with_the_domain():
    assert set(NORMS) == set(JOB_TYPES)
    for key, norm in NORMS.items():
        assert norm.priority == JOB_TYPES[key].priority
        assert norm.source
    received = datetime(2026, 1, 1)
    assert deadline("repair", "rural", received) == received + timedelta(minutes=90)
    assert deadline("repair", "remote", received) == received + timedelta(minutes=120)
    assert len(table()) == len(JOB_TYPES)
