"""Graceful shutdown of ``leave-bot all`` with a sync call in flight.

SIGTERM while the calendar syncer waits on a slow sandbox Calendar insert:
the process exits 0 within 10 s, Socket Mode is closed, no mailbox row stays
claimed by it, and once restarted the work completes exactly once.
"""

from __future__ import annotations

import json
import signal
import subprocess
import time
from typing import Any

import anyio
import pytest

from leavebot.db import Database
from leavebot.sandbox.composite import Sandboxes
from leavebot.sandbox.wiring import seed
from tests.conftest import ROOT
from tests.harness import button, prompt_in
from tests.test_conversation import ASHA, workday
from tests.test_end_to_end import LEAVE_BOT, environment, wait_for
from tests.test_processes import free_port

pytestmark = pytest.mark.anyio


def start(sandboxes: Sandboxes, db_url: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [LEAVE_BOT, "all"],
        cwd=ROOT,
        env=environment(sandboxes, db_url, free_port()),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


async def wait_db(db: Database, query: str, expect: Any, timeout: float = 20.0) -> None:  # noqa: ASYNC109
    deadline = time.monotonic() + timeout
    while (value := await db.fetchval(query)) != expect:
        assert time.monotonic() < deadline, f"{query!r} gave {value!r}, not {expect!r}"
        await anyio.sleep(0.05)


async def stop(proc: subprocess.Popen[str]) -> tuple[float, str, str]:
    """SIGTERM; the seconds to exit and the output."""
    sent = time.monotonic()
    proc.send_signal(signal.SIGTERM)
    while proc.poll() is None and time.monotonic() - sent < 15:
        await anyio.sleep(0.05)
    elapsed = time.monotonic() - sent
    out, err = proc.communicate(timeout=5)
    return elapsed, out, err


def log_lines(out: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in out.splitlines() if line.startswith("{")]


async def test_sigterm_mid_sync_exits_0_releases_claims_and_restart_completes_once(
    db: Database, db_url: str
) -> None:
    sandboxes = Sandboxes()
    await sandboxes.start()
    procs: list[subprocess.Popen[str]] = []
    try:
        await seed(db, sandboxes)
        slack, calendar, harvest = sandboxes.slack, sandboxes.calendar, sandboxes.harvest
        proc = start(sandboxes, db_url)
        procs.append(proc)
        await slack.wait_for_connections(1, timeout=30)
        day1, day2 = workday(3), workday(4)
        ts = slack.post_user_message(ASHA, f"leave {day1} to {day2}")

        shown = await wait_for(lambda: prompt_in(slack.thread(ts)))
        # The insert (and Harvest's create) answer only after 4 s.
        calendar.slow("insert", delay_s=4.0, times=5)
        harvest.slow("time_entries.create", delay_s=4.0, times=5)
        confirm = button(shown, "leave_confirm")
        slack.click(ASHA, shown["ts"], confirm)
        await wait_db(
            db,
            "SELECT count(*) FROM mailbox WHERE recipient = 'calendar_syncer' "
            "AND status = 'claimed'",
            1,
        )
        await anyio.sleep(0.5)  # the insert is on the wire, its answer 3.5 s away
        assert not calendar.live_events()
        elapsed, out, err = await stop(proc)
        assert proc.returncode == 0, err[-3000:]
        assert elapsed < 10, elapsed
        assert slack.connection_count == 0
        pid_claims = await db.fetchval(
            "SELECT count(*) FROM mailbox WHERE status = 'claimed' AND claimed_by LIKE $1",
            f"%:{proc.pid}:%",
        )
        assert pid_claims == 0
        lines = log_lines(out)
        events = [x["event"] for x in lines]
        # The calendar call in flight was finished (bounded by the syncer's shutdown
        # timeout) before the tree stopped; its work is acked or handed back.
        assert events.index("calendar.event_created") < events.index("process.stopped")
        assert lines[-1]["event"] == "process.stopped"
        assert not [x for x in lines if x.get("level") in ("error", "critical")], out[-3000:]

        # Restarted, the work completes once: one event (a run of days), one entry per day.
        calendar.clear_faults()
        harvest.clear_faults()
        proc = start(sandboxes, db_url)
        procs.append(proc)
        await slack.wait_for_connections(1, timeout=30)
        await wait_db(db, "SELECT status FROM leave_requests", "completed", timeout=30)
        await wait_for(
            lambda: "Added to Google Calendar and Harvest" in str(slack.message(shown["ts"]))
        )
        events = calendar.live_events()
        assert len(events) == 1, events
        assert events[0]["start"]["date"] == day1
        entries = sorted(e["spent_date"] for e in harvest.entries())
        assert entries == [day1, day2]
        # The prompt's last edit is acked just after it is made: nothing stays behind.
        await wait_db(db, "SELECT count(*) FROM mailbox WHERE status <> 'done'", 0, timeout=10)
        elapsed, out, err = await stop(proc)
        assert proc.returncode == 0, err[-3000:]
        assert elapsed < 10, elapsed
        assert slack.connection_count == 0
    finally:
        for p in procs:
            if p.poll() is None:
                p.kill()
                p.communicate()
        await sandboxes.stop()
