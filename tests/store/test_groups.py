"""The grid work groups: the events a group is concerned with are posted in the same
transaction, never with a customer's number; a group's robots get each post through the
outbox — sent by the worker, retried after a refusal, waiting while the network is
down — and the write that made the post never waits for a robot."""

from __future__ import annotations

import json
import threading
import time
from datetime import datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from sqlalchemy import select

from actions.outbox import drain, http_send
from dispatch.clock import real_now
from store import groups, outbox
from store import schema as s
from store.board import step_job
from store.db import make_engine
from store.errors import StoreError
from store.intake import StoreLocator
from store.reports import report

NOON = datetime(2027, 1, 6, 4, 0)


class Robot(ThreadingHTTPServer):
    """A local WeCom-like robot: refuses the first ``refuse`` posts with HTTP 500, then
    answers errcode 0; keeps what it was sent."""

    def __init__(self, refuse: int = 0) -> None:
        self.refuse = refuse
        self.got: list[dict] = []
        self.gate = threading.Event()
        self.gate.set()
        super().__init__(("127.0.0.1", 0), _Handler)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/cgi-bin/webhook/send?key=SECRET"


class _Handler(BaseHTTPRequestHandler):
    server: Robot

    def do_POST(self) -> None:
        self.server.gate.wait(10)
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        if self.server.refuse > 0:
            self.server.refuse -= 1
            self.send_response(500)
            self.end_headers()
            return
        self.server.got.append(body)
        answer = json.dumps({"errcode": 0, "errmsg": "ok"}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)

    def log_message(self, *_args: object) -> None:
        pass


@pytest.fixture
def robot():
    server = Robot(refuse=1)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server
    server.gate.set()
    server.shutdown()
    server.server_close()


@pytest.fixture
def engine(backend_db):
    return make_engine(backend_db)


def _assigned_job(engine):
    with engine.connect() as conn:
        return conn.execute(
            select(s.jobs.c.id, s.jobs.c.grid_id, s.jobs.c.version, s.jobs.c.member_id).where(
                s.jobs.c.status == "assigned"
            )
        ).first()


def test_events_reach_their_group_and_its_robot_retried_and_never_waited_for(engine, robot):
    job = _assigned_job(engine)
    groups.set_robot(engine, job.grid_id, "wecom", robot.url, by="admin")
    robot.gate.clear()  # the robot hangs: the write must not notice
    started = time.perf_counter()
    step_job(engine, job.id, "en_route", by="m", version=job.version, now=NOON)
    step_job(engine, job.id, "on_site", by="m", version=job.version + 1, now=NOON)
    step_job(engine, job.id, "failed", by="m", version=job.version + 2, now=NOON,
             reason="客户不在家，留言 13812345678")  # fmt: skip
    wrote_s = time.perf_counter() - started
    robot.gate.set()
    assert robot.got == []
    (post,) = groups.posts(engine, job.grid_id, limit=1)
    assert post.kind == "failed"
    assert job.id in post.text
    assert "13812345678" not in post.text
    assert "138****5678" in post.text
    assert outbox.figures(engine) == outbox.Figures(sent=0, retried=0, pending=1)

    first = drain(engine)  # the robot refuses: put back with a wait
    assert (first.sent, first.failed) == (0, 1)
    assert drain(engine).sent == 0  # not yet due
    second = drain(engine, now=real_now() + outbox.backoff(1) + timedelta(seconds=1))
    assert (second.sent, second.failed) == (1, 0)
    assert outbox.figures(engine) == outbox.Figures(sent=1, retried=1, pending=0)
    (sent,) = robot.got
    assert sent["msgtype"] == "markdown"
    assert job.id in sent["markdown"]["content"]
    assert "13812345678" not in json.dumps(sent, ensure_ascii=False)
    print(f"FIGURE outbox: 1 sent, 1 retried, 0 pending; the event writes took {wrote_s:.3f} s "
          "with the robot hanging")  # fmt: skip


def test_with_the_network_down_the_outbox_waits_and_drains_when_it_returns(engine, robot):
    group = _assigned_job(engine).grid_id
    down = "http://127.0.0.1:9/cgi-bin/webhook/send?key=SECRET"  # nothing listens
    groups.set_robot(engine, group, "dingtalk", down, by="admin")
    groups.post_message(engine, group, "明早八点在供电所集合", by="leader", now=NOON)
    assert drain(engine, send=http_send).failed == 1
    assert outbox.figures(engine).pending == 1
    (waiting,) = outbox.waiting(engine)
    assert waiting[0] == group
    assert waiting[2] == 1
    assert "network" in (waiting[4] or "")
    with engine.begin() as conn:  # the network is back: the robot is reachable again
        conn.execute(s.outbox.update().values(url=robot.url))
    robot.refuse = 0
    assert drain(engine, now=real_now() + timedelta(minutes=31)).sent == 1
    assert robot.got[0]["markdown"]["title"].startswith(group)
    assert outbox.figures(engine).pending == 0


def test_new_work_and_plans_reach_the_right_group_and_bad_messages_are_refused(engine, demo_dir):
    locator = StoreLocator.from_folder(engine, demo_dir)
    with engine.connect() as conn:
        member, grid = conn.execute(
            select(s.members.c.id, s.members.c.grid_id).where(s.members.c.kind == "community")
        ).first()
        lon, lat = conn.execute(
            select(s.customers.c.lon, s.customers.c.lat).where(s.customers.c.grid_id == grid)
        ).first()
    taken = report(engine, locator, member, kind="repair", now=NOON, key="g1", lon=lon, lat=lat,
                   by="m", description="身份证 430426199001011234 的客户")  # fmt: skip
    (post,) = groups.posts(engine, grid, limit=1)
    assert post.kind == "new job"
    assert taken.job_id in post.text
    assert "430426199001011234" not in post.text
    assert groups.posts(engine, groups.MANAGEMENT) == [] or all(
        taken.job_id not in p.text for p in groups.posts(engine, groups.MANAGEMENT)
    )
    with pytest.raises(StoreError, match="write the message"):
        groups.post_message(engine, grid, "   ", by="x", now=NOON)
    with pytest.raises(StoreError, match="at most 500"):
        groups.post_message(engine, grid, "长" * 501, by="x", now=NOON)
    with pytest.raises(StoreError, match="https://"):
        groups.set_robot(engine, grid, "wecom", "ftp://x", by="admin")
