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
from leavebot.sandbox.slack import SlackSandbox
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


async def test_messages_posted_while_the_bot_was_killed_are_answered_once(
    db: Database, db_url: str
) -> None:
    """kill -9 the only instance; messages posted meanwhile are given up by Slack (its
    retries are over before the bot is back) and answered, once each, after the restart."""
    slack = SlackSandbox(ack_timeout=1.0, retry_delays=(0.0, 0.2, 0.4))
    sandboxes = Sandboxes(slack=slack)
    await sandboxes.start()
    env = {**environment(sandboxes, db_url, free_port()), "SLACK_HISTORY_CALLS_PER_MINUTE": "600"}

    def start() -> subprocess.Popen[str]:
        return subprocess.Popen(
            [LEAVE_BOT, "all"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )

    def prompts(ts: str) -> list[dict[str, Any]]:
        return [
            m
            for m in slack.thread(ts)
            if m["bot_id"] and any(b.get("type") == "actions" for b in m["blocks"])
        ]

    proc = None
    try:
        await seed(db, sandboxes)
        proc = start()
        await slack.wait_for_connections(1, timeout=30)
        first = slack.post_user_message(ASHA, f"leave {workday(1)}")
        await wait_for(lambda: prompt_in(slack.thread(first)))
        proc.kill()
        proc.communicate(timeout=15)
        await slack.wait_for(lambda: slack.connection_count == 0, timeout=15)

        lost = [
            slack.post_user_message("U0RAVI002", f"sick leave {workday(2)}"),
            slack.post_user_message("U0MAYA003", f"off {workday(3)}", files=["ticket.pdf"]),
        ]
        deliveries = [d for d in slack.event_deliveries() if d.payload["event"]["ts"] in lost]
        await slack.wait_for(lambda: all(d.gave_up for d in deliveries), timeout=10)
        assert not any(d.acked for d in deliveries)

        proc = start()
        for ts in lost:
            await wait_for(lambda ts=ts: prompts(ts))  # type: ignore[misc]
        await anyio.sleep(1.0)  # a second answer would show by now
        assert [len(prompts(ts)) for ts in (first, *lost)] == [1, 1, 1]
        for ts in lost:
            count = "SELECT count(*) FROM leave_requests WHERE message_ts = $1"
            assert await db.fetchval(count, ts) == 1
        proc.send_signal(signal.SIGTERM)
        out, err = proc.communicate(timeout=15)
        assert proc.returncode == 0, err[-2000:]
        logged = [json.loads(line) for line in out.splitlines() if line.startswith("{")]
        caught = [e for e in logged if e["event"] == "slack.catchup_done"]
        assert sum(e["stored"] for e in caught) == 2
        stored = [e for e in logged if e["event"] == "slack.message_stored"]
        assert [e["caught_up"] for e in stored] == [True, True]
    finally:
        if proc is not None and proc.poll() is None:
            proc.kill()
            proc.communicate()
        await sandboxes.stop()
