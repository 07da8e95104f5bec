"""Errors of the store."""

from __future__ import annotations

from collections.abc import Sequence

from dispatch.errors import DualGridError


class StoreError(DualGridError):
    """The database cannot do what was asked; the message says why and what to do."""


class ConflictError(StoreError):
    """Someone else changed these jobs since this view was taken; nothing was written."""

    def __init__(self, jobs: Sequence[str], detail: str = "") -> None:
        self.jobs = tuple(jobs)
        shown = ", ".join(self.jobs[:8]) + (" …" if len(self.jobs) > 8 else "")
        super().__init__(
            f"conflict: {shown} changed since your view was taken"
            f"{' (' + detail + ')' if detail else ''}; nothing was committed — "
            "the board has been refreshed, plan again"
        )
