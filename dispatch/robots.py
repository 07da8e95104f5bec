"""What a WeCom or DingTalk group robot is sent for a post (../shared/facts/
group-robots.md): markdown with the group and the time, cut to the robot's limit, and
whether its answer is a yes. Pure: the outbox worker sends it (`actions.outbox`)."""

from __future__ import annotations

import json
from typing import Any, Final

#: The robots' longest markdown content, in bytes (WeCom 4,096; DingTalk's is larger).
LIMIT: Final = {"wecom": 4096, "dingtalk": 4096}


def _cut(text: str, limit: int) -> str:
    data = text.encode("utf-8")
    if len(data) <= limit:
        return text
    return data[: limit - 3].decode("utf-8", errors="ignore") + "…"


#: Markdown's and the robots' markup in a post's text, as the full-width look-alikes a
#: Chinese chat reads the same: a message cannot restyle, link or tag a group's post.
_INERT: Final = str.maketrans({
    "<": "＜", ">": "＞", "[": "［", "]": "］", "(": "（", ")": "）", "*": "＊", "_": "＿",
    "`": "｀", "#": "＃", "\\": "＼", "!": "！", "~": "～", "|": "｜",
})  # fmt: skip


def inert(text: str) -> str:
    """The text with no markup left in it (`_INERT`)."""
    return text.translate(_INERT)


def payload(kind: str, title: str, text: str) -> dict[str, Any]:
    """The robot's JSON for a post: ``title`` a heading, ``text`` quoted below it, its
    markup made inert."""
    body = f"**{inert(title)}**\n" + "\n".join(f"> {inert(line)}" for line in text.splitlines())
    body = _cut(body, LIMIT.get(kind, 2048))
    if kind == "dingtalk":
        return {"msgtype": "markdown", "markdown": {"title": title[:64], "text": body}}
    return {"msgtype": "markdown", "markdown": {"content": body}}


def accepted(status: int, answer: bytes) -> tuple[bool, str]:
    """Whether the robot took the post, and its answer in one short line."""
    try:
        said = json.loads(answer.decode("utf-8", errors="replace") or "{}")
    except ValueError:
        said = {}
    code = said.get("errcode") if isinstance(said, dict) else None
    message = said.get("errmsg", "") if isinstance(said, dict) else ""
    ok = status == 200 and code == 0
    return ok, f"HTTP {status} errcode {code} {message}"[:200]
