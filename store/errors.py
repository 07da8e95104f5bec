"""Errors of the store."""

from __future__ import annotations

from dispatch.errors import DualGridError


class StoreError(DualGridError):
    """The database cannot do what was asked; the message says why and what to do."""
