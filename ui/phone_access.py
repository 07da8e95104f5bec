"""Phone access for roster members, on the roster page: the grid leader (their own
grid's members) or an administrator gives a member a one-time code and reads it to them
once; the member signs in with it on their phone and chooses a password."""

from __future__ import annotations

from typing import Final

import streamlit as st

from dispatch.clock import CHINA_OFFSET, real_now
from dispatch.readable import clock_time
from i18n import N_, Words, _
from store import field_access
from store.errors import StoreError
from ui import auth, data, keys
from ui.format import md

#: A member's access as the roster says it.
STATES: Final = Words(
    {
        "active": N_("signs in on their phone"),
        "code given": N_("code given, not used yet"),
        "retired": N_("ended"),
    }
)


def show(member: str, label: str, grid: str) -> None:
    """The member's phone access and the button giving a (new) one-time code."""
    state = field_access.has_access(data.engine(), [member]).get(member)
    said = STATES.get(state, "") if state else _("none yet")
    st.caption(_("Phone access for {member}: {state}").format(member=md(label), state=said))
    again = state in {"active", "code given"}
    pressed = st.button(
        _("Give {member} a new access code").format(member=member)
        if again
        else _("Give {member} phone access").format(member=member),
        key=keys.roster_access(member),
        disabled=not auth.can("field access"),
        help=auth.why_not("field access")
        or _("A one-time code, valid for a week; a new one ends the old code and password."),
    )
    if pressed and auth.allowed("field access"):
        try:
            access = field_access.give_access(
                data.engine(), member, by=auth.username(), in_grid=grid
            )
        except StoreError as exc:
            st.error(_("No access given: {problem}").format(problem=md(exc)))
            return
        until = clock_time(access.expires_at + CHINA_OFFSET, real_now() + CHINA_OFFSET)
        st.success(
            _(
                "Tell {member} in person: sign in on the phone as **{username}** with the "
                "code **{code}** (until {until}), then choose a password. The code is shown "
                "only now."
            ).format(
                member=md(label),
                username=access.username,
                code=access.code,
                until=until,
            ),
            icon=":material/smartphone:",
        )
