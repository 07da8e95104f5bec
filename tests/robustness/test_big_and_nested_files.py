"""Issue 16, findings 8–10: a 5 MB CSV of one line, deeply nested JSON and GeoJSON got
only "Something went wrong"; an .xlsx inflating to a million rows or 1.4 GB of text tied
up the page for minutes and gigabytes; loading a store took negative or absurd household
counts; a duplicate e-mail printed a traceback. Each is now refused by name, before
anything is parsed or written, and the figures say how fast and in how little memory."""

from __future__ import annotations

import io
import json
import time
import tracemalloc
import zipfile

import openpyxl
import pytest
from sqlalchemy import func, select

from dispatch.intake import read_rows
from dispatch.roster_io import MAX_ROWS, RosterError, read_roster
from geo.flood import FloodAreaError, areas_from_geojson
from store import schema as s
from store.db import make_engine
from store.errors import StoreError
from store.folder import manifest_digest, read_tables
from store.load import load_demo
from store.users import create_user

from .test_bad_input import refused, store  # noqa: F401 (the fixture)

HEADER = "order_no,channel,received_at,type,account_no,description\n"


def _measured(action) -> tuple[Exception, float, float]:
    """The error an action raised, the seconds and the peak MB of Python memory to it."""
    tracemalloc.start()
    started = time.perf_counter()
    try:
        action()
    except Exception as exc:
        took = time.perf_counter() - started
        peak = tracemalloc.get_traced_memory()[1] / 1e6
        tracemalloc.stop()
        return exc, took, peak
    tracemalloc.stop()
    pytest.fail("the file was taken")


@pytest.mark.parametrize(
    ("case", "content", "name", "message"),
    [
        ("a 5 MB CSV of one line", (HEADER + "x" * (5 * 2**20 - 200)).encode(), "o.csv",
         "a value longer than 131,072 characters"),
        ("a 4 MB description", (HEADER + "A1,95598,2026-12-01 08:00,outage,1," + "x" * 2**22
                                + "\n").encode(), "o.csv", "a quote left open"),
        ("JSON nested 100,000 deep", ('{"a":' + "[" * 100_000 + "]" * 100_000 + "}").encode(),
         "o.jsonl", "nested deeper than any work order"),
    ],
)  # fmt: skip
def test_big_and_nested_work_order_files_are_named(store, figure, case, content, name, message):  # noqa: F811
    said = refused(store, content, name, message)
    error, took, peak = _measured(lambda: read_rows(content, name))
    assert message in str(error)
    figure(
        f"work orders, {case}: refused in {took * 1000:.0f} ms, peak Python memory "
        f"{peak:.0f} MB, with “{said[-80:]}”"
    )


@pytest.mark.parametrize("deep", [900, 100_000])
def test_deeply_nested_geojson_is_named(figure, deep):
    text = '{"type":"Feature","geometry":{"type":"Polygon","coordinates":'
    text += "[" * deep + "]" * deep + "}}"
    with pytest.raises(FloodAreaError, match="nested deeper than") as caught:
        areas_from_geojson(text)
    figure(f"flood GeoJSON nested {deep:,} deep: {caught.value}")


def _xlsx_with(part: str, write) -> bytes:
    """A real roster workbook whose ``part`` is replaced by what ``write`` streams."""
    book = openpyxl.Workbook()
    book.active.append(["name", "kind", "role", "grid"])
    book.active.append(["张三", "staff", "staff", "G01"])
    plain = io.BytesIO()
    book.save(plain)
    out = io.BytesIO()
    with (
        zipfile.ZipFile(plain) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as bomb,
    ):
        for info in source.infolist():
            if info.filename != part:
                bomb.writestr(info, source.read(info))
        with bomb.open(part, "w", force_zip64=True) as f:
            write(f)
    return out.getvalue()


@pytest.fixture(scope="module")
def bombs() -> dict[str, bytes]:
    def million_rows(f) -> None:
        f.write(b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">')
        f.write(b"<sheetData>")
        row = b'<row><c t="inlineStr"><is><t>x</t></is></c></row>'
        for _ in range(1000):
            f.write(row * 1000)
        f.write(b"</sheetData></worksheet>")

    def text_1400_mb(f) -> None:
        f.write(b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">')
        chunk = b"<si><t>" + b"A" * 1_000_000 + b"</t></si>"
        for _ in range(1400):
            f.write(chunk)
        f.write(b"</sst>")

    return {
        "a million rows": _xlsx_with("xl/worksheets/sheet1.xml", million_rows),
        "1.4 GB of text": _xlsx_with("xl/sharedStrings.xml", text_1400_mb),
    }


@pytest.mark.parametrize("case", ["a million rows", "1.4 GB of text"])
def test_an_xlsx_that_inflates_is_refused_before_parsing(bombs, figure, case):
    content = bombs[case]
    error, took, peak = _measured(lambda: read_roster(content, "roster.xlsx"))
    assert isinstance(error, RosterError)
    assert "unpacks to" in error.problems[0], error.problems
    assert took < 5, took  # not minutes
    assert peak < 50, peak  # nor gigabytes
    figure(
        f"roster .xlsx with {case} ({len(content) / 1e6:.1f} MB on disk): refused in "
        f"{took * 1000:.0f} ms, peak Python memory {peak:.1f} MB — {error.problems[0]}"
    )


def test_a_roster_of_too_many_rows_is_refused(figure):
    content = ("name,kind,role,grid\n" + "张三,staff,staff,G01\n" * (MAX_ROWS + 5)).encode()
    with pytest.raises(RosterError, match="more than 10,000 rows") as caught:
        read_roster(content, "roster.csv")
    figure(f"roster CSV of {MAX_ROWS + 5:,} rows: {caught.value.problems[0]}")


@pytest.mark.parametrize(("table", "value"), [("districts", -5), ("communities", 9_999_999)])
def test_absurd_household_counts_are_refused_on_load(tmp_path, demo_dir, figure, table, value):
    tables = read_tables(demo_dir)
    tables[table] = tables[table].copy()
    tables[table].loc[tables[table].index[3], "households"] = value
    engine = make_engine(f"sqlite:///{tmp_path / 'new.db'}")
    with pytest.raises(StoreError, match=f"{table} .*: households {value!r}") as caught:
        load_demo(engine, tables, manifest_digest(demo_dir))
    s.create(engine)
    with engine.connect() as conn:
        assert conn.scalar(select(func.count()).select_from(s.districts)) == 0
    figure(f"load with {table} households {value:,}: {str(caught.value)[:120]}")


def test_a_duplicate_email_is_named_not_a_traceback(demo_db, figure):
    engine = make_engine(demo_db)
    create_user(engine, "a1", display_name="A", role="viewer", email="x@example.cn", by="t")
    with pytest.raises(StoreError, match="another user's") as caught:
        create_user(engine, "a2", display_name="B", role="viewer", email="X@example.cn ", by="t")
    figure(f"duplicate e-mail: {caught.value}")


def test_a_flood_file_of_too_many_areas_is_refused_before_any_is_cleaned(figure):
    square = {"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 0]]]}
    many = {
        "type": "FeatureCollection",
        "features": [{"type": "Feature", "geometry": square}] * 50_000,
    }
    started = time.perf_counter()
    with pytest.raises(FloodAreaError, match="50,000 features, more than the 2,000"):
        areas_from_geojson(json.dumps(many))
    figure(f"flood GeoJSON of 50,000 areas: refused in {time.perf_counter() - started:.2f} s")
