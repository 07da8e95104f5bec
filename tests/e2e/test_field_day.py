"""A field member's first morning on a phone (390 × 844, touch, a position), on a
private copy of the demo store: the one-time code from their grid leader becomes their
password, their route is there in order, a tap steps a job — recorded in the store as
theirs — and the dispatcher's board, in a second browser, shows the new status. The
control room's pages are not theirs to open. Checking in to grid work takes the phone's
position, which the board then holds as the member's."""

from __future__ import annotations

import re
import time

import pytest
from PIL import Image
from playwright.sync_api import expect
from sqlalchemy import select

from dispatch.board import held_in_order
from store import schema as s
from store.field_access import give_access
from store.snapshot import snapshot

from .conftest import LOCAL, figure, idle, open_page, sign_in
from .test_maps import shots
from .ui import open_list, selectbox, view

pytestmark = pytest.mark.e2e
PHONE = {
    "viewport": {"width": 390, "height": 844},
    "is_mobile": True,
    "has_touch": True,
    "device_scale_factor": 2,
    "geolocation": {"latitude": 26.586, "longitude": 111.857},
    "permissions": ["geolocation"],
}
PASSWORD = "my phone 2026"


def _offline(context) -> list[str]:
    blocked: list[str] = []

    def route(r):
        if r.request.url.startswith(LOCAL):
            r.continue_()
        else:
            blocked.append(r.request.url)
            r.abort()

    context.route("**/*", route)
    return blocked


def _holder(engine) -> tuple[str, list[str]]:
    """A member holding assigned work, and that work."""
    with engine.connect() as conn:
        member = conn.scalar(
            select(s.jobs.c.member_id)
            .where(s.jobs.c.status == "assigned", s.jobs.c.member_id.is_not(None))
            .order_by(s.jobs.c.member_id)
        )
        held = conn.scalars(
            select(s.jobs.c.id).where(
                s.jobs.c.member_id == member,
                s.jobs.c.status.in_(("assigned", "en_route", "on_site")),
            )
        ).all()
    return member, list(held)


def _first_sign_in(page, url: str, access) -> None:
    page.goto(url)
    page.get_by_text("First time on your phone?").click()
    first = page.get_by_test_id("stForm").filter(has_text="Access code")
    expect(first.get_by_role("textbox", name="Your member code")).to_be_editable(timeout=120_000)
    first.get_by_role("textbox", name="Your member code").fill(access.username)
    first.get_by_label("Access code").fill(access.code)
    first.get_by_label("Choose a password").fill(PASSWORD)
    first.get_by_label("The password again").fill(PASSWORD)
    first.get_by_role("button", name="Sign in and keep this password").click()
    expect(page.get_by_role("heading", name="My tasks")).to_be_visible(timeout=60_000)


def test_a_member_signs_in_with_a_code_steps_a_job_and_the_board_shows_it(own_server, browser):
    engine = own_server.engine
    member, held = _holder(engine)
    access = give_access(engine, member, by="test")
    phone = browser.new_context(**PHONE)
    blocked = _offline(phone)
    page = phone.new_page()
    _first_sign_in(page, own_server.url, access)
    idle(page)
    page.screenshot(path=str(shots() / "phone-my-tasks.png"))

    page.get_by_role("button", name="Check in here").tap()  # the phone says where it is
    expect(page.get_by_text("Checked in.").first).to_be_visible(timeout=60_000)
    expect(page.get_by_text("checked in since")).to_be_visible()
    with engine.connect() as conn:
        where = conn.execute(
            select(s.member_status.c.lon, s.member_status.c.lat).where(
                s.member_status.c.member_id == member
            )
        ).one()
        opened = conn.scalar(
            select(s.field_fixes.c.kind).where(s.field_fixes.c.member_id == member)
        )
    assert opened == "in"
    assert tuple(where) == pytest.approx((PHONE["geolocation"]["longitude"],
                                          PHONE["geolocation"]["latitude"]))  # fmt: skip
    expect(page.get_by_text("Sharing your position with the dispatcher")).to_be_visible()
    shared, waited = [], time.perf_counter()
    while not shared and time.perf_counter() - waited < 30:  # the phone shares on its own
        with engine.connect() as conn:
            shared = conn.execute(
                select(s.field_fixes.c.lon, s.field_fixes.c.accuracy_m).where(
                    s.field_fixes.c.member_id == member, s.field_fixes.c.kind == "fix"
                )
            ).all()
        page.wait_for_timeout(500)
    assert shared
    assert shared[0].lon == pytest.approx(PHONE["geolocation"]["longitude"])
    assert shared[0].accuracy_m is not None  # each fix with its accuracy
    idle(page)
    page.screenshot(path=str(shots() / "phone-checked-in.png"))

    cards = page.get_by_role("heading", name=re.compile(r"^\d+ · "))  # "1 · repair · assigned"
    expect(cards.first).to_be_visible()
    assert cards.count() == len(held)  # every stop of theirs, one card each
    route = held_in_order(snapshot(engine).jobs)[member]
    first = next(j.id for j in route if j.status == "assigned")  # the first "On my way"

    desk = browser.new_context(viewport={"width": 1600, "height": 1000})
    desk_blocked = _offline(desk)
    board = desk.new_page()
    board.goto(own_server.url)
    sign_in(board, "dispatcher")
    open_page(board, "Dispatch board")
    view(board, "Job")
    box = selectbox(board, "Job")
    open_list(board, box, typed=first).filter(has_text=first).first.click()  # the list is long
    expect(board.get_by_role("radiogroup", name=f"Next step for {first}")).to_be_visible(
        timeout=60_000
    )
    assert board.get_by_role("radio", name="on site").count() == 0  # assigned: not yet

    step = page.get_by_role("button", name="On my way").first
    expect(step).to_be_visible()
    tapped = time.perf_counter()
    step.tap()
    said = page.get_by_text(re.compile(r"J\d+: en route\."))
    expect(said.first).to_be_visible(timeout=60_000)
    job = said.first.inner_text().split(":")[0]
    figure("field step to its confirmation on the phone", time.perf_counter() - tapped)
    # the dispatcher's board, open and untouched, redraws itself with the new status
    expect(board.get_by_role("radio", name="on site")).to_be_visible(timeout=30_000)
    figure("field step to the dispatcher's open board showing it", time.perf_counter() - tapped)
    with engine.connect() as conn:
        status = conn.scalar(select(s.jobs.c.status).where(s.jobs.c.id == job))
        by = conn.scalar(
            select(s.job_events.c.by)
            .where(s.job_events.c.job_id == job)
            .order_by(s.job_events.c.id.desc())
            .limit(1)
        )
    assert job == first
    assert status == "en_route"
    assert by == access.username  # the member's own step, as a dispatcher's would be
    page.screenshot(path=str(shots() / "phone-stepped.png"))
    board.screenshot(path=str(shots() / "board-after-field-step.png"))

    nav = page.get_by_test_id("stSidebarNav")
    assert nav.count() == 0 or nav.get_by_text("Dispatch board").count() == 0
    page.goto(f"{own_server.url}/board")  # typed by hand: not theirs
    page.wait_for_timeout(3000)
    assert page.get_by_role("heading", name="Dispatch board").count() == 0
    assert page.get_by_test_id("stException").count() == 0
    assert board.get_by_test_id("stException").count() == 0
    assert blocked == []
    assert desk_blocked == []
    phone.close()
    desk.close()


def test_a_community_members_report_with_a_photo_is_a_grid_request_and_its_group_hears(
    own_server, browser, tmp_path
):
    engine = own_server.engine
    with engine.connect() as conn:
        member, grid = conn.execute(
            select(s.members.c.id, s.members.c.grid_id)
            .where(s.members.c.kind == "community", s.members.c.active.is_(True))
            .order_by(s.members.c.id)
        ).first()
        lon, lat = conn.execute(  # a place in the member's own grid
            select(s.customers.c.lon, s.customers.c.lat)
            .where(s.customers.c.grid_id == grid)
            .order_by(s.customers.c.account_no)
        ).first()
    access = give_access(engine, member, by="test")
    photo = tmp_path / "pole.jpg"
    Image.new("RGB", (320, 240), (90, 140, 200)).save(photo, "JPEG")
    phone = browser.new_context(**(PHONE | {"geolocation": {"latitude": lat, "longitude": lon}}))
    blocked = _offline(phone)
    page = phone.new_page()
    _first_sign_in(page, own_server.url, access)
    page.goto(f"{own_server.url}/field_report")  # the sidebar is folded on a phone
    expect(page.get_by_role("heading", name="Report", exact=True)).to_be_visible(timeout=60_000)
    page.get_by_label("What you see").fill("电杆倾斜，客户电话 13812345678")
    page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(str(photo))
    expect(page.get_by_text("pole.jpg")).to_be_visible(timeout=30_000)
    idle(page)
    page.screenshot(path=str(shots() / "phone-report.png"))
    page.get_by_role("button", name="Report here").tap()
    said = page.get_by_text(re.compile(r"Reported: it is J\d+ on the dispatch board"))
    expect(said.first).to_be_visible(timeout=60_000)
    job = re.search(r"J\d+", said.first.inner_text()).group()
    with engine.connect() as conn:
        request = conn.execute(select(s.requests).where(s.requests.c.job_id == job)).one()
        kept = conn.execute(select(s.photos.c.request_id, s.photos.c.mime)).all()
    assert (request.channel, request.reported_by_member) == ("grid", member)
    assert (request.lon, request.lat, request.grid_id) == (
        pytest.approx(lon),
        pytest.approx(lat),
        grid,
    )
    assert kept == [(request.id, "image/jpeg")]
    expect(page.get_by_text(job).first).to_be_visible()  # "My reports" follows it
    page.screenshot(path=str(shots() / "phone-reported.png"))

    page.goto(f"{own_server.url}/groups")
    expect(page.get_by_text(f"New job {job}").first).to_be_visible(timeout=60_000)
    assert page.get_by_text("13812345678").count() == 0
    page.get_by_label("Message").fill("电杆已拍照上报")
    page.get_by_role("button", name="Send").tap()
    expect(page.get_by_text("Sent.").first).to_be_visible(timeout=60_000)
    with engine.connect() as conn:
        posts = conn.execute(
            select(s.group_posts.c.kind, s.group_posts.c.text).where(
                s.group_posts.c.group_id == grid
            )
        ).all()
    assert ("message", "电杆已拍照上报") in [tuple(p) for p in posts]
    assert all("13812345678" not in p.text for p in posts)
    page.screenshot(path=str(shots() / "phone-group.png"))

    page.goto(f"{own_server.url}/field_customer")
    expect(page.get_by_role("heading", name="Customer records")).to_be_visible(timeout=60_000)
    page.screenshot(path=str(shots() / "phone-customer.png"))
    assert page.get_by_test_id("stException").count() == 0
    assert blocked == []
    phone.close()
