"""The language switch in a real browser: Chinese one click away on the sign-in page,
the choice remembered for the user in the store, found again at their next sign-in in a
new browser, and English back on the same switch."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from store import schema as s
from store.demo_users import demo_password

from .conftest import LOCAL, idle

pytestmark = pytest.mark.e2e
SHOTS = Path("/tmp/lang-shots")


def stored_language(engine, username: str) -> str | None:
    with engine.connect() as conn:
        return conn.scalar(select(s.users.c.language).where(s.users.c.username == username))


def fresh_page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    context.route("**/*", lambda r: r.continue_() if r.request.url.startswith(LOCAL) else r.abort())
    return context, context.new_page()


def test_chinese_is_chosen_once_and_remembered_for_the_user(own_server, browser):
    assert stored_language(own_server.engine, "dispatcher") is None
    context, page = fresh_page(browser)
    page.goto(own_server.url)
    expect(page.get_by_label("Username")).to_be_editable(timeout=120_000)
    page.get_by_role("radio", name="中文").click()
    idle(page)
    expect(page.get_by_role("heading", name="DualGrid — 登录")).to_be_visible(timeout=30_000)
    page.get_by_label("用户名").fill("dispatcher")
    page.get_by_label("密码", exact=True).fill(demo_password("dispatcher"))
    page.get_by_role("button", name="登录", exact=True).click()
    expect(page.get_by_text("已登录：")).to_be_visible(timeout=60_000)
    nav = page.get_by_test_id("stSidebarNav")
    expect(nav.get_by_text("调度台", exact=True)).to_be_visible()
    assert stored_language(own_server.engine, "dispatcher") == "zh_CN"
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / "signed-in-zh.png"))
    context.close()

    context, page = fresh_page(browser)  # another browser: no session, no cookie
    page.goto(own_server.url)
    expect(page.get_by_label("Username")).to_be_editable(timeout=120_000)
    page.get_by_label("Username").fill("dispatcher")
    page.get_by_label("Password", exact=True).fill(demo_password("dispatcher"))
    page.get_by_role("button", name="Sign in", exact=True).click()
    expect(page.get_by_text("已登录：")).to_be_visible(timeout=60_000)  # their language
    page.get_by_role("radio", name="English").click()
    idle(page)
    expect(page.get_by_text("Signed in:")).to_be_visible(timeout=30_000)
    expect(page.get_by_test_id("stSidebarNav").get_by_text("Dispatch board")).to_be_visible()
    assert stored_language(own_server.engine, "dispatcher") == "en"
    assert page.get_by_test_id("stException").count() == 0
    context.close()
