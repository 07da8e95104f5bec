"""Text someone typed, made safe for where it lands (Markdown here; HTML and the maps'
JavaScript strings are escaped where they are written)."""

from __future__ import annotations

import re

_MARKDOWN = re.compile(r"([\\`*_{}\[\]()#+\-.!|~>])")


def markdown_text(text: object) -> str:
    """``text`` shown exactly as typed inside Markdown: markup characters escaped and
    angle brackets as entities, so it is never a link, heading, table cell or tag."""
    escaped = _MARKDOWN.sub(r"\\\1", str(text))
    return escaped.replace("<", "&lt;")
