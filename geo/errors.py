"""The root of DualGrid's error family (geo is the lowest package, so it lives here).

Pages catch `DualGridError` and show its message; anything else is a bug.
"""

from __future__ import annotations


class DualGridError(Exception):
    """Something the user can act on went wrong; the message says what."""


class DataError(DualGridError, ValueError):
    """Input data (a file, a row, an id, a geometry) is not what it must be."""


class NetworkUnavailableError(DualGridError, ConnectionError):
    """An online source was asked for and cannot be reached; the message offers the
    offline way."""
