"""The error family: pages catch `DualGridError` and show its message."""

from __future__ import annotations


class DualGridError(Exception):
    """Something the user can act on went wrong; the message says what."""


class ProblemError(DualGridError, ValueError):
    """A dispatch problem or plan is malformed; the message names the field."""


class DataError(DualGridError, ValueError):
    """Input data (a file, a row, an id) is not what it must be."""
