"""Signing in through an identity provider (st.login, OpenID Connect), offline: a mock
provider on this machine; the user's role comes from DualGrid's user table by e-mail,
else from the provider's role claim."""

from __future__ import annotations

import shutil
import warnings

import pytest
from playwright.sync_api import expect

from store.db import make_engine
from store.users import create_user

from .conftest import _free_port, serve

pytestmark = pytest.mark.e2e
LOCAL = ("http://127.0.0.1", "http://localhost", "ws://127.0.0.1", "data:", "blob:", "about:")


@pytest.fixture
def provider():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from oidc_provider_mock import User, run_server_in_thread

        planner = User(sub="li.planner", claims={"email": "li@utility.test", "name": "Li"})
        # not in DualGrid's user table: the role comes from the provider's claim
        dispatcher = User(
            sub="zhao",
            claims={"email": "zhao@utility.test", "name": "Zhao", "dualgrid_role": "dispatcher"},
        )
        with run_server_in_thread(user_claims=[planner, dispatcher]) as server:
            yield f"http://localhost:{server.server_port}"


@pytest.fixture
def app_with_provider(provider, demo_db_template, demo_dir, tmp_path):
    db = tmp_path / "dualgrid.db"
    shutil.copyfile(demo_db_template, db)
    create_user(
        make_engine(f"sqlite:///{db}"),
        "li",
        display_name="Li (planner)",
        role="planner",
        email="li@utility.test",
        by="test",
    )
    port = _free_port()
    secrets = tmp_path / "secrets.toml"
    secrets.write_text(
        "[auth]\n"
        f'redirect_uri = "http://127.0.0.1:{port}/oauth2callback"\n'
        'cookie_secret = "a-test-only-cookie-secret-of-some-length"\n'
        'client_id = "dualgrid"\n'
        'client_secret = "test-secret"\n'
        f'server_metadata_url = "{provider}/.well-known/openid-configuration"\n',
        encoding="utf-8",
    )
    with serve(
        db, demo_dir, tmp_path / "streamlit.log", port=port, extra=["--secrets.files", str(secrets)]
    ) as url:
        yield url


def _offline_context(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    blocked: list[str] = []
    context.route(
        "**/*",
        lambda r: (
            r.continue_()
            if r.request.url.startswith(LOCAL)
            else (blocked.append(r.request.url), r.abort())
        ),
    )
    return context, blocked


def _sign_in_with_provider(context, url: str, sub: str):
    page = context.new_page()
    page.goto(url)
    button = page.get_by_role("button", name="Sign in with the utility's account")
    expect(button).to_be_visible(timeout=120_000)
    button.click()
    page.get_by_placeholder("sub").fill(sub)  # the mock provider's own page
    page.get_by_role("button", name="Authorize").click()
    expect(page.get_by_text("Signed in:")).to_be_visible(timeout=60_000)
    return page


def test_a_planner_signs_in_with_the_identity_provider(app_with_provider, browser):
    context, blocked = _offline_context(browser)
    page = _sign_in_with_provider(context, app_with_provider, "li.planner")
    expect(page.get_by_text("Li (planner)")).to_be_visible()
    nav = page.get_by_test_id("stSidebarNav")
    expect(nav.get_by_text("Grid planning")).to_be_visible()
    assert nav.get_by_text("Dispatch board").count() == 0  # not a planner's page
    assert all("cdn.jsdelivr.net" in u for u in blocked)  # only the mock's own stylesheet
    context.close()


def test_the_providers_role_claim_gives_a_role_the_table_does_not(app_with_provider, browser):
    context, blocked = _offline_context(browser)
    page = _sign_in_with_provider(context, app_with_provider, "zhao")
    expect(page.get_by_text("(dispatcher)")).to_be_visible()
    nav = page.get_by_test_id("stSidebarNav")
    expect(nav.get_by_text("Dispatch board")).to_be_visible()
    assert nav.get_by_text("Grid planning").count() == 0
    assert page.get_by_test_id("stException").count() == 0
    assert all("cdn.jsdelivr.net" in u for u in blocked)
    context.close()
