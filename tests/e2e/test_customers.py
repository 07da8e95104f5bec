"""A customer's record in a real browser, on each configured database: a dispatcher finds
a caller by their number, sees it masked, and shows it in full only with a reason."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from store import schema as s
from store.db import make_engine

from .conftest import sign_in

pytestmark = pytest.mark.e2e


def test_a_dispatcher_shows_a_callers_number_with_a_reason(served, offline_page, demo_db_template):
    with make_engine(f"sqlite:///{demo_db_template}").connect() as conn:
        someone = conn.execute(select(s.customers).order_by(s.customers.c.account_no)).first()
    page = offline_page
    page.goto(served)
    sign_in(page, "dispatcher")
    page.get_by_test_id("stSidebarNav").get_by_text("Customers").click()
    search = page.get_by_label("Account number, name, address or the caller's phone number")
    expect(search).to_be_editable(timeout=60_000)
    search.fill(someone.phone)
    search.press("Enter")
    masked = someone.phone[:3] + "****" + someone.phone[-4:]
    expect(page.get_by_text(f"{someone.name} · {someone.account_no}")).to_be_visible(timeout=60_000)
    expect(page.get_by_text(masked).first).to_be_visible()
    assert page.get_by_text(someone.phone, exact=False).count() == 0
    page.get_by_label("Why it is needed").fill("caller asked to be called back")
    page.get_by_role("button", name="Show", exact=True).click()
    expect(page.get_by_text(f"{someone.account_no} phone: {someone.phone}")).to_be_visible(
        timeout=30_000
    )
    assert page.get_by_test_id("stException").count() == 0
    assert page.blocked == []
