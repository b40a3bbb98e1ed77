"""The morning who's-out post through the real bot and slack-bolt against the sandbox.

The bot's clock is moved (``runtime.clock``) so a test starts a minute before
09:30 on a chosen Monday and watches the post appear at its time; the
exactly-once rule across processes is tested with two ``leave-bot bot``
processes sharing one clock offset, one of them killed mid-post.
"""

from __future__ import annotations

import datetime as dt
import json
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import anyio
import pytest
from structlog.testing import capture_logs

from leavebot import digest
from leavebot.db import Database
from leavebot.queries import Q
from leavebot.sandbox.composite import Sandboxes
from leavebot.sandbox.slack import SlackSandbox
from leavebot.sandbox.wiring import environment_for, seed
from tests.admin_support import Seed
from tests.conftest import ROOT
from tests.harness import Stack, bot_stack
from tests.test_conversation import ASHA, RAVI

pytestmark = pytest.mark.anyio
KOLKATA = ZoneInfo("Asia/Kolkata")
MONDAY = dt.date(2027, 3, 1)  # no hand-added holiday; the company has no region here
LEAVE_BOT = str(Path(sys.executable).parent / "leave-bot")
MAYA = "U0MAYA003"


def at(day: dt.date, hhmm: str) -> dt.datetime:
    return dt.datetime.combine(day, dt.time.fromisoformat(hhmm), KOLKATA)


def offset_to(moment: dt.datetime) -> float:
    return moment.timestamp() - time.time()


PEOPLE = {ASHA: "Asha Rao", RAVI: "Ravi Kumar", MAYA: "Maya Chen"}


async def user_id(db: Database, slack_id: str) -> int:
    """The person's id (registered as the sandbox's seed registers them, if not yet)."""
    found: int = await db.fetchval(
        Q.user_upsert, slack_id, PEOPLE[slack_id], None, None, "Asia/Kolkata", True
    )
    return found


async def book_week(db: Database) -> None:
    """Monday: Asha (sick) all day, Ravi the morning, Maya the afternoon; later: Ravi
    on Wednesday, Asha on Friday afternoon; next Monday (not this week): Maya."""
    rows = Seed(db)
    asha, ravi, maya = [await user_id(db, u) for u in (ASHA, RAVI, MAYA)]
    await rows.request(asha, [(MONDAY, "full")], category="sick")
    await rows.request(ravi, [(MONDAY, "am"), (MONDAY + dt.timedelta(days=2), "full")])
    await rows.request(maya, [(MONDAY, "pm")])
    await rows.request(asha, [(MONDAY + dt.timedelta(days=4), "pm")])
    await rows.request(maya, [(MONDAY + dt.timedelta(days=7), "full")])


def digests(stack_or_slack: Stack | SlackSandbox) -> list[dict[str, Any]]:
    slack = stack_or_slack.sandbox if isinstance(stack_or_slack, Stack) else stack_or_slack
    return [
        m
        for m in slack.messages()
        if m.get("bot_id") and "digest:" in json.dumps(m.get("blocks") or [])
    ]


def shown(message: dict[str, Any]) -> str:
    return json.dumps(message["blocks"], ensure_ascii=False)


async def test_the_digest_posts_at_its_time_once_with_today_and_later_this_week(
    db: Database,
) -> None:
    await book_week(db)
    start = at(MONDAY, "09:29:58")
    with capture_logs() as logs:
        async with bot_stack(
            db, digest=True, clock_offset_s=offset_to(start), digest_check_s=0.3
        ) as stack:
            await anyio.sleep(1.0)
            assert digests(stack) == [], "posted before 09:30"
            posted = await stack.wait(lambda: digests(stack), timeout=10)
            assert stack.runtime.clock.now() >= at(MONDAY, "09:30")
            text = shown(posted[0])
            assert "Who's out · Mon 1 Mar 2027" in text
            assert "Out today (3)" in text
            assert "Asha Rao — full day" in text
            assert "Ravi Kumar — morning" in text
            assert "Maya Chen — afternoon" in text
            assert "Later this week (2)" in text
            assert "Ravi Kumar — Wed 3 Mar" in text
            assert "Asha Rao — Fri 5 Mar (afternoon)" in text
            assert "Mon 8 Mar" not in text  # next week is not this week
            # Sick leave is private: no category at all unless admins turn it on.
            assert "sick" not in text.lower()
            assert "vacation" not in text.lower()
            assert posted[0]["channel"] == stack.sandbox.channel_id
            assert "<@" not in text  # names, not mentions: nobody on leave is pinged
            # The message reaches Slack before the row is marked posted (claim, post, mark):
            # wait for the mark rather than race it
            row = await db.fetchrow(Q.digest_run_get, MONDAY)
            for _ in range(500):
                if row is not None and row["status"] == "posted":
                    break
                await anyio.sleep(0.02)
                row = await db.fetchrow(Q.digest_run_get, MONDAY)
            assert row is not None
            assert row["status"] == "posted"
            assert row["message_ts"] == posted[0]["ts"]
            assert (row["people_today"], row["people_later"]) == (3, 2)
            # Later the same morning, and after a restart of the clock's day: still one.
            stack.runtime.clock.advance(3600)
            await anyio.sleep(1.0)
            assert len(digests(stack)) == 1
    assert [e["event"] for e in logs].count("digest.posted") == 1


async def test_categories_show_only_when_admins_turn_them_on_and_a_digest_channel(
    db: Database,
) -> None:
    await book_week(db)
    await db.execute(Q.config_put, "digest_show_category", True, "test")
    await db.execute(Q.config_put, "digest_channel", "C0GENERAL1", "test")
    async with bot_stack(
        db, digest=True, clock_offset_s=offset_to(at(MONDAY, "09:31")), digest_check_s=0.3
    ) as stack:
        posted = await stack.wait(lambda: digests(stack), timeout=10)
        text = shown(posted[0])
        assert "Asha Rao — full day, sick leave" in text
        assert "Ravi Kumar — morning, vacation" in text
        assert posted[0]["channel"] == "C0GENERAL1"
        assert not [m for m in digests(stack) if m["channel"] == stack.sandbox.channel_id]


async def test_nobody_out_is_a_short_line_or_no_post_as_admins_choose(db: Database) -> None:
    async with bot_stack(
        db, digest=True, clock_offset_s=offset_to(at(MONDAY, "09:30")), digest_check_s=0.3
    ) as stack:
        posted = await stack.wait(lambda: digests(stack), timeout=10)
        assert "Nobody is out today or later this week." in shown(posted[0])
        # Tuesday, with "skip": no post, and the date is closed as empty.
        await db.execute(Q.config_put, "digest_when_empty", "skip", "test")
        stack.runtime.config.invalidate()
        stack.runtime.clock.set(at(MONDAY + dt.timedelta(days=1), "09:30"))
        tuesday = MONDAY + dt.timedelta(days=1)
        await stack.wait_db(
            "SELECT status FROM digest_runs WHERE day = $1", tuesday, expect="empty"
        )
        assert len(digests(stack)) == 1


async def test_a_bot_down_at_the_time_posts_late_in_the_morning_and_skips_after(
    db: Database,
) -> None:
    await book_week(db)
    with capture_logs() as logs:
        async with bot_stack(
            db, digest=True, clock_offset_s=offset_to(at(MONDAY, "10:40")), digest_check_s=0.3
        ) as stack:
            await stack.wait(lambda: digests(stack), timeout=10)
            # Tuesday, started after noon: skipped, logged once, never posted.
            tuesday = MONDAY + dt.timedelta(days=1)
            stack.runtime.clock.set(at(tuesday, "13:05"))
            await stack.wait_db(
                "SELECT status FROM digest_runs WHERE day = $1", tuesday, expect="skipped"
            )
            await anyio.sleep(1.0)
            # Saturday is not a working day: nothing at all.
            saturday = MONDAY + dt.timedelta(days=5)
            stack.runtime.clock.set(at(saturday, "09:35"))
            await anyio.sleep(1.0)
            assert len(digests(stack)) == 1
            assert await db.fetchval(Q.digest_run_get, saturday) is None
    skipped = [e for e in logs if e["event"] == "digest.skipped"]
    assert len(skipped) == 1
    assert skipped[0]["day"] == tuesday.isoformat()
    assert "missed" in skipped[0]["reason"]


def test_the_late_window_is_noon_or_an_hour_after_a_late_time() -> None:
    from leavebot.domain import WorkCalendar

    calendar = WorkCalendar()
    assert digest.late_until(MONDAY, "09:30", calendar) == at(MONDAY, "12:00")
    assert digest.late_until(MONDAY, "11:30", calendar) == at(MONDAY, "12:30")
    assert digest.week_end(MONDAY) == MONDAY + dt.timedelta(days=6)


def test_a_long_digest_stays_within_slacks_limits() -> None:
    """5,000 people out: sections under 3,000 characters, under 50 blocks, the rest counted."""
    from leavebot.sandbox.slack.blocks import validate_blocks

    rows = [
        {
            "user_id": i,
            "display_name": f"Person {i:04d} with a rather long name",
            "day": MONDAY + dt.timedelta(days=i % 3),
            "portion": ("full", "am", "pm")[i % 3],
            "category": "vacation",
        }
        for i in range(5000)
    ]
    made = digest.build(MONDAY, rows, show_category=False)
    assert validate_blocks(made.blocks) == []
    assert made.people_today + made.people_later == 5000
    assert len(made.blocks) <= 50
    assert "more (the admin dashboard lists everyone)" in json.dumps(made.blocks)
    escaped = digest.build(
        MONDAY,
        [{"user_id": 1, "display_name": "<!channel> & co", "day": MONDAY, "portion": "full",
          "category": "sick"}],
        show_category=False,
    )  # fmt: skip
    assert "&lt;!channel&gt; &amp; co" in json.dumps(escaped.blocks)


# ----------------------------------------------------- two processes and a kill


def start_bot(sandboxes: Sandboxes, db_url: str, offset_s: float) -> subprocess.Popen[str]:
    env = environment_for(
        sandboxes,
        DATABASE_URL=db_url,
        LOG_FORMAT="json",
        SLACK_RATE_PER_S="50",
        CLOCK_OFFSET_S=str(offset_s),
        DIGEST_CHECK_S="0.2",
        DIGEST_POST_GRACE_S="4",
        HEARTBEAT_INTERVAL_S="0.5",
    )
    return subprocess.Popen(
        [LEAVE_BOT, "bot"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


async def test_exactly_one_digest_with_two_processes_and_a_kill_mid_post(
    db: Database, db_url: str
) -> None:
    """Both processes reach 09:30 together; the one holding the date is killed while its
    post is on the wire (Slack answers slowly and still stores it); the other takes the
    date over, waits until that post could have landed, finds it and posts nothing."""
    await book_week(db)
    sandboxes = Sandboxes()
    await sandboxes.start()
    procs: list[subprocess.Popen[str]] = []
    try:
        await seed(db, sandboxes)
        slack = sandboxes.slack
        slack.inject("slow", op="chat.postMessage", times=1, delay_s=2.5)
        offset = offset_to(at(MONDAY, "09:29:55"))
        procs = [start_bot(sandboxes, db_url, offset) for _ in range(2)]
        await slack.wait_for_connections(2, timeout=30)
        deadline = time.monotonic() + 30
        while True:
            row = await db.fetchrow(Q.digest_run_get, MONDAY)
            if row is not None and row["posting_since"] is not None:
                break
            assert time.monotonic() < deadline, "nobody started posting"
            await anyio.sleep(0.02)
        # "posting" is marked just before the post is sent: kill the holder only once the post
        # has reached Slack (the slow answer has taken its fault), so that it is on the wire
        while len(slack.faults):
            assert time.monotonic() < deadline, "the post never reached Slack"
            await anyio.sleep(0.01)
        holder_pid = int(row["claimed_by"].split(":")[1])
        holder = next(p for p in procs if p.pid == holder_pid)
        other = next(p for p in procs if p.pid != holder_pid)
        holder.send_signal(signal.SIGKILL)
        holder.communicate(timeout=10)
        with anyio.fail_after(30):
            while (await db.fetchval(Q.digest_run_get, MONDAY)) is None or (
                await db.fetchrow(Q.digest_run_get, MONDAY)
            )["status"] != "posted":
                await anyio.sleep(0.05)
        await anyio.sleep(1.0)
        assert len(digests(slack)) == 1, [m["ts"] for m in digests(slack)]
        final = await db.fetchrow(Q.digest_run_get, MONDAY)
        assert final is not None
        assert final["message_ts"] == digests(slack)[0]["ts"]
        assert final["claimed_by"].split(":")[1] == str(other.pid)
        assert len(slack.calls_to("chat.postMessage")) == 1
        # The digest and home actors run under the bot process's supervisor and report.
        beats = {
            r["actor"]: r["state"]
            for r in await db.fetch(Q.heartbeat_list)
            if r["process"] == "bot" and r["pid"] == other.pid
        }
        assert beats.get("digest") == "running", beats
        assert beats.get("home") == "running", beats
        other.send_signal(signal.SIGTERM)
        out, _ = other.communicate(timeout=15)
        events = [json.loads(x)["event"] for x in out.splitlines() if x.startswith("{")]
        assert "digest.found_posted" in events
        assert "digest.posted" not in events
    finally:
        for proc in procs:
            if proc.poll() is None:
                proc.kill()
                proc.communicate()
        await sandboxes.stop()
