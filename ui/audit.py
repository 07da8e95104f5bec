"""The audit trail as people read it: each write's action and what it touched in words,
times in China Standard Time, the before and after as stored (JSON)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Final

import pandas as pd

from dispatch.clock import CHINA_OFFSET
from dispatch.lifecycle import status_label
from i18n import N_, Words, _
from ui.format import local_time

#: What each audit row's ``action`` code did, in words.
ACTIONS: Final = Words(
    {
        "activate": N_("activated"), "retire": N_("retired"), "add": N_("added"),
        "add_area": N_("flood area added"), "assign": N_("assigned"),
        "change user": N_("user changed"), "clear_areas": N_("flood areas cleared"),
        "commit refused": N_("commit refused"), "commit_plan": N_("plan committed"),
        "create": N_("created"), "delete": N_("deleted"), "isolate": N_("isolated"),
        "energise": N_("energised"), "join_calls": N_("calls joined"),
        "language": N_("language chosen"), "load_demo": N_("demo loaded"),
        "login": N_("signed in"), "login refused": N_("sign-in refused"),
        "make live": N_("plan made live"), "move": N_("moved"),
        "pin_priority": N_("priority pinned"), "regrid": N_("district moved to a grid"),
        "review": N_("reviewed"), "role": N_("role changed"), "save": N_("saved"),
        "set": N_("set"), "sign out": N_("signed out"), "step refused": N_("step refused"),
        "unassign": N_("taken off a route"), "unmask": N_("shown in full"),
        "search by phone": N_("searched by phone"),
    }
)  # fmt: skip
#: What an audit row touched (its ``entity``), in words.
ENTITIES: Final = Words(
    {
        "customer": N_("customer"), "district": N_("transformer district"),
        "evaluation weights": N_("evaluation weights"), "flood_area": N_("flood area"),
        "job": N_("job"), "member": N_("member"), "plan": N_("plan"), "store": N_("store"),
        "user": N_("user"),
    }
)  # fmt: skip
COLUMNS: Final = (N_("at"), N_("by"), N_("action"), N_("what"), N_("id"), N_("before"),
                  N_("after"))  # fmt: skip


def action_label(code: str) -> str:
    """An action in words; a job's step ("job_on_site") by its state."""
    if code.startswith("job_"):
        return _("job step: {status}").format(status=status_label(code.removeprefix("job_")))
    return ACTIONS.get(code, code)


def span(first: date | None, last: date | None) -> tuple[datetime | None, datetime | None]:
    """Days picked in China Standard Time as the store's naive-UTC span [since, until)."""
    since = datetime.combine(first, time()) - CHINA_OFFSET if first else None
    until = datetime.combine(last, time()) + timedelta(days=1) - CHINA_OFFSET if last else None
    return since, until


def readable(rows: pd.DataFrame) -> pd.DataFrame:
    """The audit rows with their headers, actions and entities in the user's language."""
    values = [
        local_time(rows["at"]),
        rows["user"],
        rows["action"].map(action_label),
        rows["entity"].map(lambda e: ENTITIES.get(e, e)),
        rows["entity_id"].fillna("—"),
        rows["before"].fillna(""),
        rows["after"].fillna(""),
    ]
    return pd.DataFrame({_(c): list(v) for c, v in zip(COLUMNS, values, strict=True)})
