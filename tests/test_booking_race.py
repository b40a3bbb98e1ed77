"""Two Confirms racing in two processes: ``leave-bot bot`` twice over one database (and a
``leave-bot worker``), round after round, never book a half-day twice.

Each round a person asks twice for overlapping days (the real Slack path: message, parser,
prompt), then both Confirms run at the same moment in the two bot processes. The test holds
a lock on ``leave_days`` so that each Confirm, once its request is confirmed, waits at its
booking: the first click goes through the sandbox Slack, and once a bot process's tracker
is waiting with it that process is stopped (SIGSTOP) while the second click is queued to
the tracker inbox (the message the listener would store), so the other process must take
it. With both waiting, the stopped process goes on, a lock on ``mailbox`` is taken (so
neither Confirm can commit: its next write is its sync messages) and the lock on
``leave_days`` is released: the two bookings take their snapshots before either commits,
and only the slot indexes of migration 0008 stand between them (where they overlap, the
second insert waits for the first transaction). Once both are there, the mailbox lock goes
too. Then Calendar, Harvest and the database must hold each half-day once, and each prompt
say what it skipped.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import signal
import subprocess
import sys
import time
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import anyio
import asyncpg
import pytest

from leavebot import slots
from leavebot.channels import Channels
from leavebot.db import Database
from leavebot.messages import ButtonClicked
from leavebot.prompts import CONFIRM
from leavebot.sandbox.composite import Sandboxes
from leavebot.sandbox.wiring import environment_for, seed
from leavebot.types import RequestId
from tests.conftest import ROOT
from tests.harness import prompt_in
from tests.test_conversation import ASHA, workday

pytestmark = pytest.mark.anyio
LEAVE_BOT = str(Path(sys.executable).parent / "leave-bot")

# (first message, second message) of a round; X and Y are two working days.
SHAPES = [
    ("leave on {X}", "sick leave {X}"),  # the same slots
    ("leave on {X}", "sick leave {X} afternoon"),  # full and half
    ("half day leave on {X} morning", "leave on {X} and {Y}"),  # half and full (+ a free day)
    ("half day leave on {X} morning", "sick leave {X} afternoon"),  # AM + PM: both booked
    ("sick leave {X} afternoon", "half day leave on {X} afternoon"),  # the same half
]


async def until(check: Any, timeout: float = 60.0, what: str = "") -> Any:  # noqa: ASYNC109
    """Wait for ``check`` to be true; the minute is for a loaded machine (a CI run beside
    other work once took over 20 s for the second Confirm to reach its booking)."""
    deadline = time.monotonic() + timeout
    while True:
        value = await check()
        if value:
            return value
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        await anyio.sleep(0.01)


@contextlib.contextmanager
def stopped(pid: int) -> Iterator[None]:
    os.kill(pid, signal.SIGSTOP)
    try:
        yield
    finally:
        os.kill(pid, signal.SIGCONT)


class Race:
    def __init__(self, db: Database, url: str, sandboxes: Sandboxes, bots: list[int]) -> None:
        self.db = db
        self.url = url
        self.sandboxes = sandboxes
        self.bots = bots
        self.channels = Channels(db)
        self.cross_process = 0

    async def ask(self, text: str) -> tuple[int, str]:
        slack = self.sandboxes.slack
        ts = slack.post_user_message(ASHA, text)

        async def prompted() -> Any:
            return await self.db.fetchrow(
                "SELECT id, prompt_ts FROM leave_requests WHERE message_ts = $1"
                " AND prompt_ts IS NOT NULL",
                ts,
            )

        row = await until(prompted, what=f"the prompt of {text!r}")
        assert prompt_in([slack.message(row["prompt_ts"]) or {}])
        return int(row["id"]), str(row["prompt_ts"])

    async def claimer(self, rid: int) -> int | None:
        """The pid of the process whose tracker holds the click of request ``rid``."""
        claimed = await self.db.fetchval(
            "SELECT claimed_by FROM mailbox WHERE kind = 'button_clicked'"
            " AND payload->>'request_id' = $1 AND status = 'claimed'",
            str(rid),
        )
        return None if claimed is None else int(str(claimed).split(":")[1])

    async def waiting(self) -> list[int]:
        """The backends waiting to write leave_days (behind the test's lock)."""
        rows = await self.db.fetch(
            "SELECT pid FROM pg_locks WHERE NOT granted AND locktype = 'relation'"
            " AND relation = 'leave_days'::regclass"
        )
        return [int(r["pid"]) for r in rows]

    async def held_back(self, backends: list[int]) -> bool:
        """Whether both bookings are through or blocked, and neither has committed: each
        backend waits for the mailbox (its sync messages) or for the other's transaction."""
        count = await self.db.fetchval(
            "SELECT count(DISTINCT pid) FROM pg_locks WHERE NOT granted AND pid = ANY($1)"
            " AND ((locktype = 'relation' AND relation = 'mailbox'::regclass)"
            "      OR locktype = 'transactionid')",
            backends,
        )
        return bool(count == len(backends))

    async def confirm_both(self, a: tuple[int, str], b: tuple[int, str]) -> None:
        gate = await asyncpg.connect(self.url)
        hold = await asyncpg.connect(self.url)
        try:
            await gate.execute("BEGIN; LOCK TABLE leave_days IN SHARE MODE")
            self.sandboxes.slack.click(ASHA, a[1], f"{CONFIRM}:{a[0]}")

            async def first_waiting() -> int | None:
                pid = await self.claimer(a[0])
                return pid if pid is not None and len(await self.waiting()) == 1 else None

            first = await until(first_waiting, what="the first Confirm at its booking")
            assert first in self.bots
            with stopped(first):
                click = ButtonClicked(
                    action_id=f"{CONFIRM}:{b[0]}",
                    user=ASHA,
                    channel=self.sandboxes.slack.channel_id,
                    message_ts=b[1],
                    request_id=RequestId(b[0]),
                    action_ts=f"{time.time():.6f}",
                )
                await self.channels.send_now("tracker", click)

                async def second_waiting() -> int | None:
                    pid = await self.claimer(b[0])
                    return pid if pid is not None and len(await self.waiting()) == 2 else None

                second = await until(second_waiting, what="the second Confirm at its booking")
            assert second in self.bots
            assert second != first
            self.cross_process += 1
            backends = await self.waiting()
            await hold.execute("BEGIN; LOCK TABLE mailbox IN SHARE MODE")
            await gate.execute("COMMIT")  # both bookings go on together

            async def held() -> bool:
                return await self.held_back(backends)

            await until(held, what="both bookings through or blocked, none committed")
            await hold.execute("COMMIT")
        finally:
            await gate.close()
            await hold.close()

    async def settle(self, *rids: int) -> None:
        async def done() -> bool:
            n = await self.db.fetchval(
                "SELECT count(*) FROM leave_requests WHERE id = ANY($1) AND status = 'completed'",
                list(rids),
            )
            busy = await self.db.fetchval(
                "SELECT count(*) FROM mailbox WHERE status IN ('ready', 'claimed')"
            )
            return n == len(rids) and busy == 0

        await until(done, timeout=30, what="both requests to complete")


def check_outside(sandboxes: Sandboxes) -> None:
    slots_held: dict[tuple[str, str], list[str]] = defaultdict(list)
    for event in sandboxes.calendar.live_events():
        if "date" in event["start"]:
            day = dt.date.fromisoformat(event["start"]["date"])
            while day < dt.date.fromisoformat(event["end"]["date"]):
                slots_held[(day.isoformat(), "am")].append(event["id"])
                slots_held[(day.isoformat(), "pm")].append(event["id"])
                day += dt.timedelta(days=1)
        else:
            half = "am" if event["summary"].endswith("(AM)") else "pm"
            slots_held[(event["start"]["dateTime"][:10], half)].append(event["id"])
    assert all(len(ids) == 1 for ids in slots_held.values()), slots_held
    hours: dict[str, float] = defaultdict(float)
    for entry in sandboxes.harvest.entries():
        hours[entry["spent_date"]] += float(entry["hours"])
    assert all(h <= 8.0 for h in hours.values()), hours


@pytest.mark.timeout(300)
async def test_two_bot_processes_never_book_a_half_day_twice(
    db: Database, db_url: str, tmp_path: Path
) -> None:
    sandboxes = Sandboxes()
    await sandboxes.start()
    procs: list[subprocess.Popen[str]] = []
    logs: list[Path] = []
    try:
        await seed(db, sandboxes)
        env = environment_for(
            sandboxes, DATABASE_URL=db_url, ADMIN_TOKEN="r" * 40, LOG_FORMAT="json"
        )
        for role in ("bot", "bot", "worker"):
            log = tmp_path / f"{len(procs)}-{role}.log"
            logs.append(log)
            with log.open("w") as out:
                procs.append(
                    subprocess.Popen(
                        [LEAVE_BOT, role], cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT
                    )
                )
        await sandboxes.slack.wait_for_connections(2, timeout=60)
        race = Race(db, db_url, sandboxes, [procs[0].pid, procs[1].pid])
        rounds = 0
        for repeat in range(2):
            for i, (first_text, second_text) in enumerate(SHAPES):
                n = 2 * (repeat * len(SHAPES) + i)
                x, y = workday(n + 2), workday(n + 3)
                a = await race.ask(first_text.format(X=x, Y=y))
                b = await race.ask(second_text.format(X=x, Y=y))
                await race.confirm_both(a, b)
                await race.settle(a[0], b[0])
                rounds += 1

                live = await db.fetch(
                    "SELECT day, portion, request_id FROM leave_days"
                    " WHERE status <> 'cancelled' AND request_id = ANY($1)",
                    [a[0], b[0]],
                )
                held: dict[tuple[dt.date, str], int] = {}
                for row in live:
                    for slot in slots.slots_of(row["portion"]):
                        key = (row["day"], slot)
                        assert key not in held, f"round {rounds}: {key} booked twice"
                        held[key] = int(row["request_id"])
                asked = await db.fetch(
                    "SELECT id, days, slots_taken FROM leave_requests WHERE id = ANY($1)",
                    [a[0], b[0]],
                )
                for request in asked:
                    wanted = {
                        (dt.date.fromisoformat(d["date"]), s)
                        for d in request["days"]
                        for s in slots.slots_of(d["portion"])
                    }
                    taken = {
                        (t.date, t.slot) for t in slots.taken_from_json(request["slots_taken"])
                    }
                    mine = {k for k, rid in held.items() if rid == request["id"]}
                    # Every half-day asked for was booked by it or found taken by the other.
                    assert mine | taken == wanted, (rounds, request["id"], mine, taken)
                    assert not mine & taken
                    for t in slots.taken_from_json(request["slots_taken"]):
                        assert held[(t.date, t.slot)] == t.request_id != request["id"]
                    prompt = sandboxes.slack.message(
                        await db.fetchval(
                            "SELECT prompt_ts FROM leave_requests WHERE id = $1", request["id"]
                        )
                    )
                    text = json.dumps(prompt)
                    if taken:
                        assert "already booked" in text, text
                check_outside(sandboxes)
        assert race.cross_process == rounds == 2 * len(SHAPES)
    finally:
        for proc in procs:
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
        for proc in procs:
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        await sandboxes.stop()
    assert [p.returncode for p in procs] == [0, 0, 0]
    collided = 0
    for log in logs:
        for line in log.read_text().splitlines():
            if line.startswith("{"):
                record = json.loads(line)
                assert record.get("level") not in ("error", "critical"), record
                collided += record.get("event") == "leave.booking_collided"
    # The overlapping rounds met at the index: one booking waited for the other's and
    # looked again (AM + PM share nothing, so those rounds need not).
    assert collided >= 2 * (len(SHAPES) - 1)
