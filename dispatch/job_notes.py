"""What the system writes on a job — its flag for the dispatcher, the note of a step in
its history — is kept as a code with its values and said in the reader's language when
it is shown: a dispatcher who switches to English reads yesterday's notes in English.

A note a person typed (a step's reason) is kept as typed and shown as typed.
"""

from __future__ import annotations

import json
from typing import Final

from i18n import N_, _

#: The system's notes, by code, as message ids with their values' placeholders.
NOTES: Final = {
    "assigned_to": N_("to {member}"),
    "taken_off": N_("taken off {member}'s route"),
    "household_check": N_("household check"),
    "placed_urgent": N_(
        "placed automatically in {member}'s route as stop {stop}, ETA {eta} — review"
    ),
}


def coded(code: str, **values: object) -> str:
    """A system note as stored: its code and values (`said` reads it back)."""
    if code not in NOTES:
        msg = f"unknown note {code!r}"
        raise KeyError(msg)
    return json.dumps({"note": code, **values}, ensure_ascii=False, sort_keys=True)


def said(stored: str | None) -> str:
    """A stored note in the reader's language: a system note by its code, anything
    else (a person's words, a note written before the codes) as it is."""
    if not stored:
        return ""
    if not stored.startswith("{"):
        return stored
    try:
        data = json.loads(stored)
    except ValueError:
        return stored
    if not isinstance(data, dict) or data.get("note") not in NOTES:
        return stored
    template = NOTES[data.pop("note")]
    try:
        return _(template).format(**data)
    except (KeyError, IndexError, ValueError):  # values the message does not name
        return stored
