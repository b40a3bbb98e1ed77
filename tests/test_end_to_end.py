"""The whole path through ``leave-bot all`` as a real process: a sandbox Slack message
becomes sandbox Calendar events and Harvest entries, and SIGTERM stops it cleanly."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import anyio
import pytest

from leavebot.db import Database
from leavebot.sandbox.composite import Sandboxes
from leavebot.sandbox.wiring import environment_for, seed
from tests.conftest import ROOT
from tests.harness import button, prompt_in
from tests.test_conversation import ASHA, workday
from tests.test_processes import free_port

pytestmark = pytest.mark.anyio
LEAVE_BOT = str(Path(sys.executable).parent / "leave-bot")


def environment(sandboxes: Sandboxes, db_url: str, admin_port: int) -> dict[str, str]:
    return environment_for(
        sandboxes,
        DATABASE_URL=db_url,
        ADMIN_TOKEN="e" * 40,
        ADMIN_PORT=str(admin_port),
        LOG_FORMAT="json",
        SLACK_RATE_PER_S="50",
    )


async def wait_for(predicate: Any, timeout: float = 30.0) -> Any:  # noqa: ASYNC109
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        assert time.monotonic() < deadline, "timed out"
        await anyio.sleep(0.05)


async def test_slack_message_to_calendar_and_harvest_through_leave_bot_all(
    db: Database, db_url: str
) -> None:
    sandboxes = Sandboxes()
    await sandboxes.start()
    proc = None
    try:
        await seed(db, sandboxes)
        proc = subprocess.Popen(
            [LEAVE_BOT, "all"],
            cwd=ROOT,
            env=environment(sandboxes, db_url, free_port()),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        slack = sandboxes.slack
        await slack.wait_for_connections(1, timeout=30)
        day1, day2, day3 = workday(3), workday(4), workday(5)
        ts = slack.post_user_message(ASHA, f"sick leave {day1} to {day2} and half day {day3} pm")

        shown = await wait_for(lambda: prompt_in(slack.thread(ts)))
        confirm = button(shown, "leave_confirm")
        slack.click(ASHA, shown["ts"], confirm)
        await wait_for(
            lambda: "Added to Google Calendar and Harvest" in str(slack.message(shown["ts"]))
        )
        events = sandboxes.calendar.live_events()
        summaries = sorted(e["summary"] for e in events)
        full_days = [e for e in events if "date" in e["start"]]
        assert len(events) == 2, summaries
        assert summaries == ["Leave - Asha Rao", "Leave - Asha Rao (PM)"]
        assert full_days[0]["start"]["date"] == day1
        assert "sick" in full_days[0]["description"].lower()
        entries = sorted((e["spent_date"], e["hours"]) for e in sandboxes.harvest.entries())
        assert entries == [(day1, 8.0), (day2, 8.0), (day3, 4.0)]
        assert await db.fetchval("SELECT status FROM leave_requests") == "completed"
        proc.send_signal(signal.SIGTERM)
        out, err = proc.communicate(timeout=15)
        assert proc.returncode == 0, err[-2000:]
        events_logged = [
            json.loads(line)["event"] for line in out.splitlines() if line.startswith("{")
        ]
        assert "leave.completed" in events_logged
        assert events_logged[-1] == "process.stopped"
        assert not [line for line in out.splitlines() if '"level": "error"' in line]
    finally:
        if proc is not None and proc.poll() is None:
            proc.kill()
            proc.communicate()
        await sandboxes.stop()
