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
    assert page.get_by_text("Grid planning 网格规划").count() == 0
    sign_in(page, "dispatcher")
    nav = page.get_by_test_id("stSidebarNav")
    expect(nav.get_by_text("Dispatch board")).to_be_visible(timeout=30_000)
    assert nav.get_by_text("Grid planning").count() == 0
    page.wait_for_timeout(3000)
    assert page.get_by_text("Grid planning 网格规划").count() == 0
    assert page.get_by_test_id("stException").count() == 0
    assert page.blocked == []
