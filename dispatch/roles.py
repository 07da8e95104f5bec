"""Who may do what: the roles, the pages each may open and the writes each may make.

One table for the navigation, the pages and the writes, so that the three never
disagree. A grid leader's writes are limited to their own grid by the caller.
"""

from __future__ import annotations

from typing import Final

from i18n import N_, _

# the stored names, in English; `label` says them in the user's language
ADMIN, DISPATCHER, COORDINATOR, PLANNER, LEADER, VIEWER = (
    N_("administrator"),
    N_("dispatcher"),
    N_("emergency coordinator"),
    N_("planner"),
    N_("grid leader"),
    N_("viewer"),
)
#: The control room's roles: what an administrator gives on the users page, what an
#: identity provider may claim, and who opens the control room's pages.
ROLES: Final = (ADMIN, DISPATCHER, COORDINATOR, PLANNER, LEADER, VIEWER)
EVERYONE: Final = frozenset(ROLES)
#: A staff or community member on their phone, tied to their roster row: given by a grid
#: leader or an administrator from the roster (`store.field_access`), never on the
#: users page; they open the field pages only.
FIELD: Final = N_("field member")

#: Page file → the roles that may open it.
PAGES: Final[dict[str, frozenset[str]]] = {
    "views/county_map.py": EVERYONE,
    "views/board.py": frozenset({ADMIN, DISPATCHER, COORDINATOR, VIEWER}),
    "views/flood.py": frozenset({ADMIN, COORDINATOR, DISPATCHER, VIEWER}),
    # customers' personal data: not for viewers or planners; a grid leader their grid's
    "views/customers.py": frozenset({ADMIN, DISPATCHER, COORDINATOR, LEADER}),
    "views/planning.py": frozenset({ADMIN, PLANNER}),
    "views/roster.py": frozenset({ADMIN, PLANNER, LEADER, VIEWER}),
    "views/evaluation.py": frozenset({ADMIN, PLANNER, LEADER, VIEWER}),
    "views/county_data.py": EVERYONE,
    "views/audit.py": frozenset({ADMIN}),
    "views/users.py": frozenset({ADMIN}),
    "views/onboarding.py": frozenset({ADMIN}),
    "views/field.py": frozenset({FIELD}),
    "views/field_report.py": frozenset({FIELD}),
    "views/field_customer.py": frozenset({FIELD}),
    "views/groups.py": frozenset({ADMIN, DISPATCHER, COORDINATOR, LEADER, FIELD}),
}

#: Write → the roles that may make it.
WRITES: Final[dict[str, frozenset[str]]] = {
    "dispatch": frozenset({ADMIN, DISPATCHER, COORDINATOR}),  # intake, plan, commit, steps
    "flood": frozenset({ADMIN, COORDINATOR}),  # flood areas, isolation, triage pins
    "plan grids": frozenset({ADMIN, PLANNER}),  # save plans, make one live
    "roster": frozenset({ADMIN, PLANNER, LEADER}),
    "review": frozenset({ADMIN, LEADER}),
    "weights": frozenset({ADMIN}),
    "unmask": frozenset({ADMIN, DISPATCHER, COORDINATOR}),
    "users": frozenset({ADMIN}),
    "field access": frozenset({ADMIN, LEADER}),  # a grid leader: their own grid's members
    "field work": frozenset({FIELD}),  # their own steps, check-ins, positions and reports
    "onboard": frozenset({ADMIN}),  # load a county from its files into an empty store
}
#: A write as the end of "your role may not …".
WRITE_LABELS: Final = {
    "dispatch": N_("dispatch work"),
    "flood": N_("change the flood situation"),
    "plan grids": N_("plan or change grids"),
    "roster": N_("change the roster"),
    "review": N_("review grids"),
    "weights": N_("change the evaluation's weights"),
    "unmask": N_("show customers' numbers in full"),
    "onboard": N_("onboard a county"),
    "users": N_("manage users"),
    "field access": N_("give members access from their phones"),
    "field work": N_("record field work"),
}


def label(role: str | None) -> str:
    """A role in the user's language ("not signed in" for none)."""
    return _(role) if role else _("not signed in")


def write_label(write: str) -> str:
    """A write in the user's language, as in "may not …"."""
    return _(WRITE_LABELS[write])


def may_open(role: str | None, page: str) -> bool:
    return role in PAGES.get(page, frozenset())


def may(role: str | None, write: str) -> bool:
    if write not in WRITES:
        msg = f"unknown write {write!r}"
        raise KeyError(msg)
    return role in WRITES[write]
