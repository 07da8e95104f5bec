"""The customers page: find a customer, see the record masked, and — for a role that
may — one number in full, with a reason that goes into the audit trail."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dispatch.domain import CHANNEL_LABELS, Channel, type_label
from dispatch.errors import DualGridError
from dispatch.roles import LEADER, may
from i18n import _, _n
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
        _("Account number, name, address or the caller's phone number"),
        key=keys.CUSTOMERS_TEXT,
        max_chars=64,
        placeholder=_("e.g. 7000100002 · 张志明 · 浯溪路190号 · 13812345678"),
    )
    if len(text.strip()) < 2:
        st.caption(_("Type at least two characters."))
        return None
    try:
        found = customers.find(data.engine(), text, by=auth.username(), grids=_scope())
    except DualGridError as exc:
        st.error(str(exc), icon=":material/block:")
        return None
    if found.empty:
        st.info(_("No customer matches “{text}”.").format(text=md(text.strip())))
        return None
    said = _n("{n} customer", "{n} customers", len(found)).format(n=len(found))
    if len(found) == customers.LIMIT:
        said += _(" (the first 50: type more to narrow)")
    st.caption(said)
    shown = found.fillna("—").rename(
        columns={
            "account_no": _("Account"),
            "name": _("Account name"),
            "address": _("Address"),
            "phone": _("Phone"),
            "id_number": _("ID number"),
            "grid_id": _("Grid"),
            "district_id": _("Transformer district"),
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
    st.caption(_("Pick a row to see the record."))
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
        _lines((_("Address"), c.address), (_("Phone"), c.phone), (_("ID number"), c.id_number))
    )
    right.markdown(
        _lines(
            (_("Grid"), f"{c.grid_id} · {c.grid}"),
            (_("Transformer district"), c.district),
            (_("Community"), c.community),
        )
    )
    facts = [
        (_("Phone verified"), c.phone_verified_at),
        (_("Contract signed"), c.contract_signed_at),
        (_("Prepaid since"), c.prepaid_since),
    ]
    never = _("no")
    st.caption(" · ".join(f"{label}: {_day(at) if at else never}" for label, at in facts))
    if c.requests.empty:
        st.caption(_("No requests from this account on record."))
    else:
        requests = c.requests
        latest = requests.assign(
            received_at=local_time(requests["received_at"]),
            channel=requests["channel"].map(_channel),
            type=requests["type"].map(type_label),
            description=requests["description"].fillna("—"),
            job_id=requests["job_id"].fillna("—"),
        ).rename(
            columns={
                "id": _("Request"),
                "received_at": _("Received"),
                "channel": _("Channel"),
                "type": _("Type"),
                "description": _("Description"),
                "job_id": _("Job"),
            }
        )
        st.markdown(_("**Latest requests** (China Standard Time)"))
        st.dataframe(latest, hide_index=True, width="stretch")
    _unmask(c)


def _lines(*pairs: tuple[str, object]) -> str:
    """Markdown lines "**label** value", the value escaped (a dash for none)."""
    return "  \n".join(f"**{label}** {md(value) if value else '—'}" for label, value in pairs)


def _channel(value: str) -> str:
    return CHANNEL_LABELS[Channel(value)] if value in set(Channel) else value


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
            _("Show in full"), fields, format_func=customers.UNMASKABLE.__getitem__,
            key=keys.customers_field(c.account_no),
        )  # fmt: skip
        why = b.text_input(
            _("Why it is needed"), max_chars=200, key=keys.customers_why(c.account_no)
        )
        cc.write("")
        # the box offers the fields this record has, one always chosen (never None)
        if cc.form_submit_button(_("Show")) and field is not None and auth.allowed("unmask"):
            try:
                full = customers.unmask(
                    data.engine(), c.account_no, field, by=auth.username(), why=why
                )
            except DualGridError as exc:
                st.error(str(exc))
            else:
                label = customers.UNMASKABLE[field]
                st.info(
                    _("{account} {field}: {number} (shown to {user}; recorded)").format(
                        account=c.account_no, field=label, number=full, user=user.username
                    )
                )
