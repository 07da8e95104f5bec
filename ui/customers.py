"""The customers page: find a customer, see the record masked, and — for a role that
may — one number in full, with a reason that goes into the audit trail."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dispatch.errors import DualGridError
from dispatch.roles import LEADER, may
from store import customers
from ui import auth, data, keys
from ui.format import local_time, md


def _scope() -> list[str] | None:
    """The grids the user may look into: a grid leader their own, others all (None)."""
    user = auth.current()
    if user is not None and user.role == LEADER:
        return [user.grid_id] if user.grid_id else []
    return None


def search() -> str | None:
    """The search box and its matches; the account picked, if any."""
    text = st.text_input(
        "Account number, name, address or the caller's phone number",
        key=keys.CUSTOMERS_TEXT,
        max_chars=64,
        placeholder="e.g. 7000100002 · 张志明 · 浯溪路190号 · 13812345678",
    )
    if len(text.strip()) < 2:
        st.caption("Type at least two characters.")
        return None
    try:
        found = customers.find(data.engine(), text, by=auth.username(), grids=_scope())
    except DualGridError as exc:
        st.error(str(exc), icon=":material/block:")
        return None
    if found.empty:
        st.info(f"No customer matches “{md(text.strip())}”.")
        return None
    more = " (the first 50: type more to narrow)" if len(found) == customers.LIMIT else ""
    st.caption(f"{len(found)} customer(s){more}")
    shown = found.rename(
        columns={
            "account_no": "Account",
            "name": "Name",
            "address": "Address",
            "phone": "Phone",
            "id_number": "ID number",
            "grid_id": "Grid",
            "district_id": "District",
        }
    )
    picked = st.dataframe(
        shown,
        hide_index=True,
        width="stretch",
        on_select="rerun",
        selection_mode="single-row",
        # a row picked in one search's matches never carries to another search's
        key=keys.customers_matches(text),
    )
    rows = picked.selection.rows if picked else []
    if rows:
        return str(found.iloc[rows[0]]["account_no"])
    if len(found) == 1:
        return str(found.iloc[0]["account_no"])
    st.caption("Pick a row to see the record.")
    return None


def record(account_no: str) -> None:
    """One customer's record with their latest requests, numbers masked."""
    try:
        c = customers.customer(data.engine(), account_no, grids=_scope())
    except DualGridError as exc:
        st.error(str(exc))
        return
    st.subheader(f"{md(c.name)} · {c.account_no}")
    left, right = st.columns(2)
    left.markdown(
        f"**Address** {md(c.address)}  \n**Phone** {md(c.phone or '—')}  \n"
        f"**ID number** {md(c.id_number or '—')}"
    )
    right.markdown(
        f"**Grid** {c.grid_id} · {md(c.grid)}  \n**District** {md(c.district)}  \n"
        f"**Community** {md(c.community)}"
    )
    facts = [
        ("Phone verified", c.phone_verified_at),
        ("Contract signed", c.contract_signed_at),
        ("Prepaid since", c.prepaid_since),
    ]
    st.caption(" · ".join(f"{label}: {_day(at) if at else 'no'}" for label, at in facts))
    if c.requests.empty:
        st.caption("No requests from this account on record.")
    else:
        latest = c.requests.assign(received_at=local_time(c.requests["received_at"])).rename(
            columns={
                "id": "Request",
                "received_at": "Received",
                "channel": "Channel",
                "type": "Type",
                "description": "Description",
                "job_id": "Job",
            }
        )
        st.markdown("**Latest requests** (China Standard Time)")
        st.dataframe(latest, hide_index=True, width="stretch")
    _unmask(c)


def _day(at: object) -> str:
    return str(local_time(pd.Series([at])).iloc[0])[:10]


def _unmask(c: customers.Customer) -> None:
    user = auth.current()
    if user is None or not may(user.role, "unmask") or not (c.phone or c.id_number):
        return
    # the form belongs to the customer shown: its submit can only unmask this record
    with st.form(keys.customers_unmask(c.account_no)):
        a, b, cc = st.columns([1, 2, 1])
        fields = [f for f, value in (("phone", c.phone), ("id_number", c.id_number)) if value]
        field = a.selectbox(
            "Show in full", fields, format_func=customers.UNMASKABLE.__getitem__,
            key=keys.customers_field(c.account_no),
        )  # fmt: skip
        why = b.text_input("Why it is needed", max_chars=200, key=keys.customers_why(c.account_no))
        cc.write("")
        # the box offers the fields this record has, one always chosen (never None)
        if cc.form_submit_button("Show") and field is not None and auth.allowed("unmask"):
            try:
                full = customers.unmask(
                    data.engine(), c.account_no, field, by=auth.username(), why=why
                )
            except DualGridError as exc:
                st.error(str(exc))
            else:
                label = customers.UNMASKABLE[field]
                st.info(f"{c.account_no} {label}: {full} (shown to {user.username}; recorded)")
