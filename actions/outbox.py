"""The outbox worker: sends the group robots their posts, outside any transaction, and
puts back what did not go (`store.outbox.backoff`); with the network down the outbox
waits and drains when it returns. The app runs one worker thread (`start_worker`);
`python -m actions outbox` drains once from the command line."""

from __future__ import annotations

import json
import logging
import threading
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Engine

from dispatch.clock import CHINA_OFFSET, real_now
from dispatch.robots import accepted, payload
from store import outbox

LOG = logging.getLogger("dualgrid.outbox")
#: How long the worker gives a robot to answer.
TIMEOUT_S = 5.0

Sender = Callable[[str, dict[str, object]], tuple[bool, str]]


def http_send(url: str, body: dict[str, object]) -> tuple[bool, str]:
    """POST the robot's JSON; (taken, its answer or the error in one line)."""
    data = json.dumps(body, ensure_ascii=False).encode("utf-8")
    request = urllib.request.Request(
        url, data=data, headers={"Content-Type": "application/json"}, method="POST"
    )
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_S) as answer:
            return accepted(answer.status, answer.read(4096))
    except urllib.error.HTTPError as exc:
        exc.close()
        return False, f"HTTP {exc.code}"
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        return False, f"network: {type(reason).__name__}"[:200]


@dataclass(frozen=True, slots=True)
class Drained:
    sent: int
    failed: int


def drain(engine: Engine, *, send: Sender = http_send, now: datetime | None = None) -> Drained:
    """Send every post whose time has come; one attempt each."""
    now = now or real_now()
    sent = failed = 0
    for post in outbox.due(engine, now, limit=100):
        local = (post.at + CHINA_OFFSET).strftime("%m-%d %H:%M")
        ok, answer = send(post.url, payload(post.kind, f"{post.group_id} · {local}", post.text))
        if ok:
            outbox.sent(engine, post.id, real_now(), answer)
            sent += 1
        else:
            outbox.failed(engine, post.id, post.attempts, real_now(), answer)
            failed += 1
            LOG.info("outbox: post %s not taken (%s)", post.id, answer)  # never the URL
    return Drained(sent, failed)


def start_worker(engine: Engine, *, every_s: float = 10.0) -> threading.Event:
    """A daemon thread draining the outbox every ``every_s``; set the event to stop it."""
    stop = threading.Event()

    def run() -> None:
        while not stop.wait(every_s):
            try:
                drain(engine)
            except Exception as exc:  # the worker never dies of one bad turn
                LOG.warning("outbox: %s", type(exc).__name__)

    threading.Thread(target=run, name="dualgrid-outbox", daemon=True).start()
    return stop
