"""The work groups on a page: the group's posts, newest first, and a short message to
it. A field member sees their grid's group; a grid leader theirs and the management
group; the control room every group. An administrator sets each group's robots and
sees what waits in the outbox."""

from __future__ import annotations

import streamlit as st

from dispatch.clock import CHINA_OFFSET
from dispatch.errors import DualGridError
from dispatch.readable import clock_time
from dispatch.roles import ADMIN, FIELD
from i18n import _
from store import board as store_board
from store import field as store_field
from store import groups as store_groups
from store import outbox as store_outbox
from store.users import User
from ui import auth, data, keys, state
from ui.format import md


def _groups(user: User) -> list[str]:
    if user.role == FIELD:
        grid = store_field.member_grid(data.engine(), user.member_id or "")
        return [grid] if grid else []
    grids = auth.own_grids(sorted(data.grids()["id"]))
    return [store_groups.MANAGEMENT, *grids]


def _label(group: str) -> str:
    return _("Management group") if group == store_groups.MANAGEMENT else data.grid_label(group)


def group_page(user: User) -> None:
    groups = _groups(user)
    if not groups:
        st.info(_("You are in no work group yet."))
        return
    group = (
        groups[0]
        if len(groups) == 1
        else st.selectbox(_("Group"), groups, key=keys.GROUP, format_func=_label)
    )
    st.subheader(_label(group))
    state.shown_at(keys.GROUP)
    with st.form(keys.GROUP_MESSAGE_FORM, clear_on_submit=True):
        text = st.text_input(_("Message"), max_chars=store_groups.MESSAGE_MAX,
                             key=keys.GROUP_MESSAGE)  # fmt: skip
        if st.form_submit_button(_("Send"), width="stretch"):
            _send(group, text)
    now = store_board.clock(data.engine()).now() + CHINA_OFFSET
    for post in store_groups.posts(data.engine(), group):
        when = clock_time(post.at + CHINA_OFFSET, now)
        who = _("system") if post.kind != "message" else post.by
        lines = "  \n".join(md(line) for line in post.text.splitlines())
        st.markdown(f"**{md(when)}** · {md(who)}  \n{lines}")
    if user.role == ADMIN:
        _robots(group)
    if user.role != FIELD:  # what the robots have not taken yet
        figures = store_outbox.figures(data.engine())
        st.caption(
            _("Outbox: {sent} sent, {retried} retried, {pending} waiting").format(
                sent=figures.sent, retried=figures.retried, pending=figures.pending
            )
        )


def _send(group: str, text: str) -> None:
    try:
        store_groups.post_message(
            data.engine(), group, text, by=auth.username(),
            now=store_board.clock(data.engine()).now(),
        )  # fmt: skip
    except DualGridError as exc:
        st.error(str(exc))
        return
    state.flash(keys.GROUP, "success", _("Sent."), toast=False)
    st.rerun()


def _robots(group: str) -> None:
    """The group's WeCom and DingTalk robots, and the outbox's figures."""
    with st.expander(_("Group robots (WeCom, DingTalk)")):
        have = store_groups.robots(data.engine()).get(group, set())
        st.caption(_("Robots of this group: {kinds}").format(kinds=", ".join(sorted(have)) or "—"))
        with st.form(keys.GROUP_ROBOT_FORM):
            kind = st.selectbox(_("Robot"), list(store_groups.ROBOTS), key=keys.GROUP_ROBOT_KIND,
                                format_func=lambda k: {"wecom": _("WeCom"),
                                                       "dingtalk": _("DingTalk")}[k])  # fmt: skip
            url = st.text_input(_("Webhook address (empty: remove the robot)"), type="password",
                                key=keys.GROUP_ROBOT_URL)  # fmt: skip
            if st.form_submit_button(_("Save")) and auth.allowed("users"):
                try:
                    store_groups.set_robot(data.engine(), group, kind, url, by=auth.username())
                except DualGridError as exc:
                    st.error(str(exc))
                else:
                    state.flash(keys.GROUP, "success", _("Robot saved."), toast=False)
                    st.rerun()
