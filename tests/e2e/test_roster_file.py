"""A roster file in Chromium (issue 16, finding 10): choosing a file reads nothing; the
file is read when "Check the file" is clicked, an .xlsx that would inflate is refused by
name before it is parsed, and a good file adds exactly its member."""

from __future__ import annotations

import io
import os
import time
import zipfile
from pathlib import Path

import openpyxl
import pytest
from playwright.sync_api import expect

from .conftest import figure, idle, open_page, sign_in
from .storediff import Watch
from .ui import button

pytestmark = pytest.mark.e2e
SHOTS = Path(os.environ.get("DUALGRID_SCREENSHOTS", "/tmp/roster-shots"))
UPLOADER = '[data-testid="stFileUploaderDropzoneInput"]'


def _bomb() -> bytes:
    """A roster workbook whose shared strings inflate to 300 MB (0.3 MB on disk)."""
    book = openpyxl.Workbook()
    book.active.append(["name", "kind", "role", "grid"])
    plain = io.BytesIO()
    book.save(plain)
    out = io.BytesIO()
    with zipfile.ZipFile(plain) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            if info.filename != "xl/sharedStrings.xml":
                dst.writestr(info, src.read(info))
        with dst.open("xl/sharedStrings.xml", "w", force_zip64=True) as f:
            for _ in range(300):
                f.write(b"<si><t>" + b"A" * 1_000_000 + b"</t></si>")
    return out.getvalue()


def test_a_roster_file_is_read_on_the_click_and_a_bomb_is_refused(own_server, offline_page):
    engine, page = own_server.engine, offline_page
    page.goto(own_server.url)
    sign_in(page, "planner")
    open_page(page, "Roster 1 + n + x")
    uploader = page.locator(UPLOADER)
    expect(uploader).to_be_attached(timeout=60_000)  # (redrawn by key after an import)

    with Watch(engine) as bomb:
        uploader.set_input_files(
            files=[{"name": "名单.xlsx", "mimeType": "application/octet-stream", "buffer": _bomb()}]
        )
        expect(page.get_by_text("名单.xlsx: ", exact=False).first).to_contain_text("not read yet")
        started = time.perf_counter()
        button(page, "Check the file").click()
        refusal = page.get_by_text("unpacks to 300 MB")
        expect(refusal).to_be_visible(timeout=60_000)
        figure("roster bomb: click to refusal", time.perf_counter() - started)
        idle(page)
    assert bomb.changes.tables() == set(), bomb.changes
    SHOTS.mkdir(parents=True, exist_ok=True)
    refusal.scroll_into_view_if_needed()
    page.screenshot(path=str(SHOTS / "roster-bomb-refused.png"))

    good = "name,kind,role,grid,specialty\n周晓梅,staff,staff,G02,repair\n".encode()
    with Watch(engine) as imported:
        uploader.set_input_files(
            files=[{"name": "new.csv", "mimeType": "text/csv", "buffer": good}]
        )
        expect(page.get_by_text("new.csv: ", exact=False).first).to_contain_text("not read yet")
        button(page, "Check the file").click()
        expect(page.get_by_text("1 new member(s)")).to_be_visible(timeout=60_000)
        button(page, "Import").click()
        done = page.get_by_test_id("stAlertContentSuccess").get_by_text(
            "Imported: 1 added, 0 moved."
        )
        expect(done).to_be_visible(timeout=60_000)
        idle(page)
    expect(page.get_by_text("new.csv", exact=False)).to_have_count(0)  # not to import twice
    added = imported.changes.added_rows("members")
    assert [(m["name"], m["grid_id"]) for m in added] == [("周晓梅", "G02")]
    assert len(imported.changes.added_rows("member_status")) == 1
    page.screenshot(path=str(SHOTS / "roster-imported.png"))
