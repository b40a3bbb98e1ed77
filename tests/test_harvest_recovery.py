"""kill -9 of a harvest_syncer process, at several points: still one entry per day.

The sandbox Harvest runs in this process behind a middleware that can hold a
create's answer back after the entry was made: the worker (a real process,
``tests.harvest_worker``) is killed while it waits, so Harvest has the entry
and our database does not. A restarted worker gets the message again (its
inbox takes back a dead process's claims) and must find the entry by its
external reference instead of making a second one.
"""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import Any

import anyio
import pytest
from aiohttp import web

from leavebot.channels import Channels
from leavebot.db import Database
from leavebot.messages import MESSAGE_ADAPTER, SyncDays, SyncDone
from leavebot.queries import Q
from leavebot.sandbox.harvest import TIME_OFF_PROJECT_ID, VACATION_TASK_ID, SandboxHarvest
from leavebot.types import DayId, RequestId
from tests.conftest import ROOT

pytestmark = pytest.mark.anyio

ASHA = 4100002
DAYS = [dt.date(2026, 3, 5), dt.date(2026, 3, 6), dt.date(2026, 3, 9), dt.date(2026, 3, 10)]


class HoldCreates:
    """A middleware that, when armed, holds a create's answer after the entry is made."""

    def __init__(self) -> None:
        self.armed = 0
        self.held = 0
        self._release = anyio.Event()

    def arm(self) -> None:
        self.armed += 1
        self._release = anyio.Event()

    def release(self) -> None:
        self._release.set()

    @web.middleware
    async def middleware(
        self, request: web.Request, handler: Callable[[web.Request], Awaitable[web.StreamResponse]]
    ) -> web.StreamResponse:
        response = await handler(request)
        if request.method == "POST" and request.path == "/v2/time_entries" and self.armed:
            self.armed -= 1
            self.held += 1
            release = self._release
            with anyio.move_on_after(30):
                await release.wait()
        return response


@pytest.fixture
async def harvest(anyio_backend: str) -> AsyncIterator[tuple[SandboxHarvest, HoldCreates]]:
    sandbox = SandboxHarvest(rate_limit=10_000)
    hold = HoldCreates()
    app = web.Application(middlewares=[hold.middleware])
    sandbox.attach(app)
    runner = web.AppRunner(app, access_log=None, shutdown_timeout=1.0)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    host, port = runner.addresses[0][:2]
    sandbox.set_base_url(f"http://{host}:{port}")
    try:
        yield sandbox, hold
    finally:
        hold.release()
        await sandbox.stop()
        await runner.cleanup()


async def _setup(db: Database) -> tuple[RequestId, list[DayId]]:
    for key, value in (
        ("harvest_project_id", TIME_OFF_PROJECT_ID),
        ("harvest_task_vacation", VACATION_TASK_ID),
        ("harvest_task_sick", VACATION_TASK_ID + 1),
    ):
        await db.execute(Q.config_put, key, value, "test")
    user_id = await db.fetchval(
        Q.user_upsert, "U0ASHA001", "Asha Rao", "asha@example.com", ASHA, "Asia/Kolkata", True
    )
    rid = await db.fetchval(
        """
        INSERT INTO leave_requests
            (user_id, intent, category, days, channel_id, thread_ts, message_ts, status,
             expires_at)
        VALUES ($1, 'leave', 'vacation', $2::jsonb, 'C0LEAVE', '1.1', '1.1', 'confirmed',
                now() + interval '1 hour')
        RETURNING id
        """,
        user_id,
        [{"date": d.isoformat(), "portion": "full"} for d in DAYS],
    )
    day_ids = [
        DayId(await db.fetchval(Q.day_insert, rid, user_id, d, "full", "vacation")) for d in DAYS
    ]
    return RequestId(rid), day_ids


async def test_kill_9_at_several_points_leaves_one_entry_per_day(
    db: Database, db_url: str, harvest: tuple[SandboxHarvest, HoldCreates], tmp_path: Path
) -> None:
    sandbox, hold = harvest
    rid, day_ids = await _setup(db)
    await Channels(db).send_now(
        "harvest_syncer", SyncDays(request_id=rid, day_ids=tuple(day_ids), operation="create")
    )
    env = {
        **os.environ,
        "DATABASE_URL": db_url,
        "HARVEST_API_URL": sandbox.api_url,
        "HARVEST_TOKEN": sandbox.token,
        "HARVEST_ACCOUNT_ID": sandbox.account_id,
        "CLAIM_TIMEOUT_S": "2",
        "LOG_FORMAT": "json",
    }
    logs: list[Path] = []

    def start() -> subprocess.Popen[bytes]:
        log_file = tmp_path / f"worker{len(logs)}.log"
        logs.append(log_file)
        with log_file.open("wb") as out:
            return subprocess.Popen(
                [sys.executable, "-m", "tests.harvest_worker"],
                cwd=ROOT,
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
            )

    def kill(proc: subprocess.Popen[bytes]) -> None:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()  # reaped: its pid is dead to the next worker's recovery

    async def until(predicate: Callable[[], Awaitable[bool]], what: str) -> None:
        try:
            with anyio.fail_after(20):
                while not await predicate():
                    await anyio.sleep(0.02)
        except TimeoutError:
            tail = logs[-1].read_text(errors="replace")[-3000:]
            raise AssertionError(f"{what} did not happen; worker log:\n{tail}") from None

    async def held(n: int) -> bool:
        return hold.held >= n

    async def days() -> list[Any]:
        return await db.fetch(
            "SELECT id, harvest_status, harvest_entry_id FROM leave_days ORDER BY day"
        )

    # 1. Killed while Harvest's answer to the first create is held back: the entry
    #    exists, our database does not know it.
    hold.arm()
    proc = start()
    try:
        await until(lambda: held(1), "the first create")
        assert len(sandbox.entries()) == 1
        assert [d["harvest_status"] for d in await days()] == ["pending"] * 4
    finally:
        kill(proc)
    hold.release()

    # 2. Restarted: the first day is found by its reference; killed again while
    #    the second day's answer is held.
    hold.arm()
    proc = start()
    try:
        await until(lambda: held(2), "the second create")
        assert len(sandbox.entries()) == 2
        states = [d["harvest_status"] for d in await days()]
        assert states == ["done", "pending", "pending", "pending"]
    finally:
        kill(proc)
    hold.release()

    # 3. Restarted and killed as soon as the third day has an attempt row: wherever
    #    that lands (before or after the write), the lookup makes it safe.
    proc = start()
    try:

        async def third_attempted() -> bool:
            n = await db.fetchval(
                "SELECT count(*) FROM sync_attempts WHERE day_id = $1 AND operation = 'create'",
                day_ids[2],
            )
            return bool(n)

        await until(third_attempted, "the third create")
    finally:
        kill(proc)

    # 4. Restarted to the end.
    proc = start()
    try:

        async def reported() -> bool:
            n = await db.fetchval(
                "SELECT count(*) FROM mailbox WHERE recipient = 'tracker' AND kind = 'sync_done'"
            )
            return bool(n)

        await until(reported, "the SyncDone")
        await anyio.sleep(0.3)
    finally:
        kill(proc)

    entries = sandbox.entries()
    references = sorted(e["external_reference"]["id"] for e in entries)
    assert references == sorted(f"leavebot:{d}" for d in day_ids), "one entry per day, no duplicate"
    creates = [c.status for c in sandbox.calls if c.op == "time_entries.create"]
    assert creates == [201] * 4
    rows = await days()
    assert [d["harvest_status"] for d in rows] == ["done"] * 4
    by_ref = {e["external_reference"]["id"]: e["id"] for e in entries}
    assert [d["harvest_entry_id"] for d in rows] == [by_ref[f"leavebot:{d['id']}"] for d in rows]
    payloads = await db.fetch(
        "SELECT payload FROM mailbox WHERE recipient = 'tracker' AND kind = 'sync_done'"
    )
    assert len(payloads) == 1
    done = MESSAGE_ADAPTER.validate_python(payloads[0]["payload"])
    assert isinstance(done, SyncDone)
    assert done.ok == 4
    assert done.failures == ()
    left = await db.fetchval(
        "SELECT count(*) FROM mailbox WHERE recipient = 'harvest_syncer' AND status <> 'done'"
    )
    assert left == 0
    attempts = await db.fetchval(
        "SELECT max(attempts) FROM mailbox WHERE recipient = 'harvest_syncer'"
    )
    assert attempts >= 3  # delivered again after each kill (the last may land after the end)
