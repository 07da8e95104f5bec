"""A member's report from the grid (community members above all) and the customer
records they help keep, on the phone: one thing per screen, little typing. A report
goes through the intake as a dispatcher's request would (channel "grid"); the member
follows what became of it below the form."""

from __future__ import annotations

import secrets
from datetime import datetime

import folium
import streamlit as st
from streamlit.delta_generator import DeltaGenerator
from streamlit_folium import st_folium

from actions import field as actions_field
from dispatch.clock import CHINA_OFFSET
from dispatch.domain import JOB_TYPES, REQUEST_TYPES
from dispatch.errors import DualGridError
from dispatch.intake import IntakeError
from dispatch.lifecycle import status_label
from dispatch.privacy import scrub
from dispatch.readable import DASH, clock_time
from geo import display
from i18n import _
from store import board as store_board
from store import customers as store_customers
from store import field as store_field
from store import reports as store_reports
from store.users import User
from ui import auth, data, keys, layers, state
from ui.assets import localize
from ui.format import md
from ui.geo_button import geo_button


def _part(name: str) -> str:
    return keys.field_report(name, int(st.session_state.get(keys.FIELD_REPORT_GENERATION, 0)))


def _report_key() -> str:
    """The report being written: one key until it is taken (a resend adds nothing)."""
    return str(st.session_state.setdefault(keys.FIELD_REPORT_KEY, secrets.token_hex(8)))


def report_form(user: User) -> None:
    """What, where and a photo; "Report here" takes the phone's position, "Report for
    this account" the customer's place."""
    member = user.member_id
    if member is None:
        st.error(_("Your user is not tied to a roster member; your grid leader gives access."))
        return
    state.shown_at(keys.FIELD_REPORT)
    st.selectbox(_("What is it"), list(REQUEST_TYPES), key=keys.FIELD_REPORT_TYPE,
                 format_func=lambda t: JOB_TYPES[t].label)  # fmt: skip
    st.text_area(_("What you see"), max_chars=500, key=_part("text"), height=90)
    st.text_input(_("Customer account number, if you know it"), max_chars=16,
                  key=_part("account"))  # fmt: skip
    st.file_uploader(_("Photo (JPEG or PNG, at most 5 MB)"), type=["jpg", "jpeg", "png"],
                     key=_part("photo"))  # fmt: skip
    where = st.empty()
    account = str(st.session_state.get(_part("account")) or "").strip()
    if account:
        if st.button(_("Report for this account"), type="primary", width="stretch",
                     disabled=not auth.can("field work")):  # fmt: skip
            _send(member, where, account_no=account)
        return
    tap = geo_button(_("Report here"), _("Finding where you are…"), key=keys.FIELD_REPORT_HERE)
    if tap is not None:
        if "error" in tap:
            where.error(
                _("The phone did not share your position: pick the place on the map below, "
                  "or give the account number.")
            )  # fmt: skip
        else:
            _send(member, where, lon=tap.get("lon"), lat=tap.get("lat"))
    _pick_on_map(member, where)


def _pick_on_map(member: str, where: DeltaGenerator) -> None:
    """The fall-back: a tap on a small map of the member's grid is the place."""
    with st.expander(_("Or pick the place on the map")):
        lay = data.layers(str(data.data_folder()))
        grid = store_field.member_grid(data.engine(), member)
        table = data.district_grids()
        mine = lay.districts[lay.districts["id"].isin(table.loc[table["grid_id"] == grid, "id"])]
        m = layers.base_map(display.bounds_latlon(mine) if len(mine) else lay.bounds)
        base = lay.base
        layers.context_layers(m, base["mask"], base["water"], base["roads"], base["outline"])
        if len(mine):
            folium.GeoJson(
                display.feature_collection(mine, ["id"]), name=_("Your grid"),
                style_function=lambda _f: {"color": "#0b6e4f", "weight": 2, "fillOpacity": 0.05},
            ).add_to(m)  # fmt: skip
        out = st_folium(localize(m), key=keys.FIELD_REPORT_MAP, height=320,
                        use_container_width=True, returned_objects=["last_clicked"])  # fmt: skip
        click = (out or {}).get("last_clicked")
        if not click:
            st.caption(_("Tap the map where it is."))
            return
        lon, lat = float(click["lng"]), float(click["lat"])
        st.caption(_("Picked: {lat:.5f}, {lon:.5f}").format(lat=lat, lon=lon))
        if st.button(_("Report at the picked place"), type="primary", width="stretch",
                     disabled=not auth.can("field work")):  # fmt: skip
            _send(member, where, lon=lon, lat=lat)


def _send(member: str, where: DeltaGenerator, **place: object) -> None:
    if not auth.allowed("field work"):
        return
    upload = st.session_state.get(_part("photo"))
    text = str(st.session_state.get(_part("text")) or "").strip() or None
    folder = str(data.data_folder())
    lon, lat = place.get("lon"), place.get("lat")
    try:
        reported = actions_field.report(
            data.engine(), data.locator(folder), member,
            kind=str(st.session_state.get(keys.FIELD_REPORT_TYPE) or "repair"),
            key=_report_key(), by=auth.username(), network=data.network(folder),
            lon=float(lon) if isinstance(lon, int | float) else None,
            lat=float(lat) if isinstance(lat, int | float) else None,
            account_no=str(place["account_no"]) if place.get("account_no") else None,
            description=text, photo=None if upload is None else upload.getvalue(),
        )  # fmt: skip
    except IntakeError as exc:
        where.error("; ".join(p.what for p in exc.problems))
        return
    except DualGridError as exc:
        where.error(str(exc))
        return
    st.session_state.pop(keys.FIELD_REPORT_KEY, None)
    generation = int(st.session_state.get(keys.FIELD_REPORT_GENERATION, 0))
    st.session_state[keys.FIELD_REPORT_GENERATION] = generation + 1  # an empty form
    said = (
        _("Reported: {job} joins the open outage.")
        if reported.joined
        else _("Reported: it is {job} on the dispatch board.")
    )
    state.flash(keys.FIELD_REPORT, "success", said.format(job=reported.job_id or DASH))
    st.rerun()


def my_reports(user: User) -> None:
    """The member's reports and what became of them."""
    if user.member_id is None:
        return
    mine = store_reports.my_reports(data.engine(), user.member_id)
    st.markdown(_("#### My reports"))
    if not mine:
        st.caption(_("None yet."))
        return
    now = store_board.clock(data.engine()).now() + CHINA_OFFSET
    for r in mine:
        when = clock_time(r.received_at + CHINA_OFFSET, now)
        status = status_label(r.status) if r.status else DASH
        text = md(scrub(r.description or ""))[:80]
        st.markdown(f"**{when}** · {md(JOB_TYPES[r.type].label if r.type in JOB_TYPES else r.type)}"
                    f" · {md(r.job_id or DASH)} · **{md(status)}**  \n{text}")  # fmt: skip


def customer_help(user: User) -> None:
    """On a visit: look a customer of the grid up, confirm or correct their phone, record
    a contract helped (the record-quality and contribution indicators count these)."""
    member = user.member_id
    if member is None:
        return
    state.shown_at(keys.FIELD_CUSTOMER)
    account = st.text_input(_("Customer account number"), max_chars=16,
                            key=keys.FIELD_CUSTOMER).strip()  # fmt: skip
    if not account:
        st.caption(_("Type the account number on the customer's bill or meter box."))
        return
    grid = store_field.member_grid(data.engine(), member)
    try:
        c = store_customers.customer(data.engine(), account, grids=[grid] if grid else [])
    except DualGridError:
        st.error(_("No customer {account} in your grid.").format(account=account))
        return
    now = store_board.clock(data.engine()).now()
    with st.container(border=True):
        st.markdown(f"**{md(c.name)}** · {md(c.address)}")
        checked = _day(c.phone_verified_at, now)
        st.markdown(_("Phone {phone} · checked {when}").format(phone=c.phone or DASH, when=checked))
        signed = _day(c.contract_signed_at, now)
        contract = _("signed {when}").format(when=signed) if c.contract_signed_at else None
        st.markdown(_("Supply contract: {state}").format(state=contract or _("not signed")))
    if st.button(
        _("The phone number is right"), width="stretch", disabled=not auth.can("field work")
    ):
        _help(lambda: store_reports.verify_phone(data.engine(), member, account,
                                                 by=auth.username(), now=now),
              _("Phone confirmed."))  # fmt: skip
    with st.form(keys.FIELD_CUSTOMER_PHONE_FORM):
        phone = st.text_input(
            _("The right phone number"), max_chars=20, key=keys.FIELD_CUSTOMER_PHONE
        )
        if st.form_submit_button(_("Correct the phone number"), width="stretch"):
            _help(lambda: store_reports.verify_phone(data.engine(), member, account,
                                                     by=auth.username(), now=now, phone=phone),
                  _("Phone corrected."))  # fmt: skip
    if c.contract_signed_at is None and st.button(
        _("Contract signed with my help"), width="stretch", disabled=not auth.can("field work")
    ):
        _help(lambda: store_reports.help_contract(data.engine(), member, account,
                                                  by=auth.username(), now=now),
              _("Contract recorded."))  # fmt: skip


def _day(at: datetime | None, now: datetime) -> str:
    return DASH if at is None else clock_time(at + CHINA_OFFSET, now + CHINA_OFFSET)


def _help(write: object, said: str) -> None:
    if not auth.allowed("field work") or not callable(write):
        return
    try:
        write()
    except DualGridError as exc:
        st.error(str(exc))
        return
    state.flash(keys.FIELD_CUSTOMER, "success", said)
    st.rerun()
