"""Roles in a real browser, on each configured database: a dispatcher signs in and is
refused the planner's page."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from .conftest import sign_in

pytestmark = pytest.mark.e2e


def test_a_dispatcher_is_refused_the_planners_page(served, offline_page):
    page = offline_page
    page.goto(f"{served}/planning")  # straight to the planner's page, signed out
    expect(page.get_by_role("button", name="Sign in")).to_be_visible(timeout=120_000)
    dialog = page.get_by_role("dialog")  # Streamlit: "page not found" for a signed-out user
    expect(dialog).to_be_visible(timeout=30_000)
    expect(dialog).to_contain_text("Page not found")
    page.keyboard.press("Escape")
    assert page.get_by_role("heading", name="Grid planning").count() == 0
    sign_in(page, "dispatcher")
    nav = page.get_by_test_id("stSidebarNav")
    expect(nav.get_by_text("Dispatch board")).to_be_visible(timeout=30_000)
    assert nav.get_by_text("Grid planning").count() == 0
    page.wait_for_timeout(3000)
    assert page.get_by_role("heading", name="Grid planning").count() == 0
    assert page.get_by_test_id("stException").count() == 0
    assert page.blocked == []


def test_a_reload_keeps_the_dispatcher_signed_in_until_sign_out(served, offline_page):
    page = offline_page
    page.goto(served)
    sign_in(page, "dispatcher")
    nav = page.get_by_test_id("stSidebarNav")
    expect(nav.get_by_text("Dispatch board")).to_be_visible(timeout=30_000)
    page.wait_for_timeout(1500)  # the sidebar has handed the browser its session cookie
    cookies = {c["name"]: c for c in page.context.cookies()}
    assert cookies["dualgrid_session"]["sameSite"] == "Strict"
    page.reload()
    expect(page.get_by_text("Signed in:")).to_be_visible(timeout=120_000)
    expect(nav.get_by_text("Dispatch board")).to_be_visible(timeout=30_000)
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("button", name="Sign in")).to_be_visible(timeout=60_000)
    page.wait_for_timeout(1500)
    assert "dualgrid_session" not in {c["name"] for c in page.context.cookies()}
    page.reload()  # the token was ended in the store, whatever the browser still holds
    expect(page.get_by_role("button", name="Sign in")).to_be_visible(timeout=120_000)
    assert page.get_by_text("Signed in:").count() == 0
    assert page.get_by_test_id("stException").count() == 0
    assert page.blocked == []
