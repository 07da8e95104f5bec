"""The error family: pages catch `DualGridError` and show its message."""

from __future__ import annotations

from geo.errors import DataError, DualGridError, NetworkUnavailableError

__all__ = ["DataError", "DualGridError", "NetworkUnavailableError", "ProblemError"]


class ProblemError(DualGridError, ValueError):
    """A dispatch problem or plan is malformed; the message names the field."""
