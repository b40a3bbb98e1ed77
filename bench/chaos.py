"""Chaos soak: a mixed workload while processes die, Postgres restarts, Socket Mode
drops and the outside services misbehave; then every invariant is checked.

This process runs every sandbox (Slack, OpenAI, Calendar, Harvest) on one
loopback port and ``leave-bot all`` as a subprocess (``--mode split``: a
``bot`` and a ``worker`` process) on one Postgres: an embedded server of its
own (``.leavebot/chaos-pgdata``, so restarting it disturbs nobody) or
``DATABASE_URL`` (then no Postgres restart is done). For ``--duration``
seconds it drives many people through the sandbox Slack's Python control API
(requests, half days, confirms, double clicks, stranger clicks, cancels by
button, supersedes in threads, expiries forced by SQL, "cancel my leave on
<date>" then confirm, duplicate deliveries with ``redeliver_event``) and
meanwhile: kills an app process with SIGKILL ``--kills`` times at random
moments and starts it again, restarts Postgres once (``pg_ctl restart``),
drops or refreshes the Socket Mode connections, and injects faults at set
rates (Calendar 500/429/slow/lost answers, Harvest 500/429/slow, Slack 429).
The sandbox Slack retries an event on Slack's schedule shortened
(``SLACK_RETRIES``: at once, after 1 s, after 2 s) and then gives up, as Slack
does; the sandbox Calendar misses every other repeated event id (Google does
not promise to detect one). Once, every app process is down for an
**outage** longer than that retry window while ``--outage-messages`` people
post: Slack gives up on all of them, and the app must answer each once when
it is back (its catch-up reads the channel).

Then faults stop and the app runs on until everything settles (at most
``--settle`` seconds), the processes get SIGTERM, and the invariants are
checked against the sandbox Calendar, the sandbox Harvest, the sandbox
channel and the database:

- a confirmed day has exactly one live calendar event (counted by our
  ``leavebot_days`` property, not by id: a repeated id may make a second
  event) and exactly one Harvest entry (ours: ``leavebot:<day id>``), or is
  recorded as failed with its reason;
- every message posted during the outage was given up by Slack and is
  answered once (one request); every event Slack gave up on that a person
  wrote was read back;
- every live event and entry is explained by a booked day (our id marker);
- a cancelled day has neither left;
- every request is final or legitimately pending (buttons shown, not past
  its expiry); no mailbox message is left ready, claimed or dead;
- every prompt shows its request's true state;
- every app process exited 0 on SIGTERM and none is left running; no
  ``error``/``critical`` log line but the expected ones (``EXPECTED_ERRORS``).

Prints the counts and every violation; the last line is
``{"bench": "chaos", "results": {"requests", "kills", "pg_restarts",
"faults", "outage_messages", "caught_up", "violations"}}`` (``caught_up``:
messages the app read back after Slack gave up on them). Exits 1 on any
violation.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import logging
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import anyio
import asyncpg
import structlog

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from actors.slack_listener import has_keyword
from bench._people import people, working_days
from bench._pg import ROOT, fresh_database, with_database
from leavebot.calendar_sync import PRIVATE_KEY
from leavebot.config import load_config
from leavebot.db import Database
from leavebot.prompts import CANCEL, CONFIRM
from leavebot.queries import Q
from leavebot.sandbox.calendar import SandboxCalendar
from leavebot.sandbox.composite import Sandboxes
from leavebot.sandbox.harvest import SandboxHarvest
from leavebot.sandbox.slack import ControlError, SlackSandbox
from leavebot.sandbox.wiring import environment_for, seed

LEAVE_BOT = str(Path(sys.executable).parent / "leave-bot")
PG_DATA = ROOT / ".leavebot" / "chaos-pgdata"
MARKER = "LEAVEBOT_CHAOS_RUN"
FINAL = {"completed", "cancelled", "expired", "superseded"}
# Error lines that the injected faults legitimately cause: a sync that got a
# 500 is recorded as failed with its reason (no automatic retry, by design).
EXPECTED_ERRORS = {"calendar.sync_failed", "harvest.sync_failed"}
# Slack's retry schedule (at once, after 1 min, after 5 min, then it gives up), shortened.
SLACK_RETRIES = (0.0, 1.0, 2.0)
PERSON_SUBTYPES = {None, "thread_broadcast", "file_share"}


@dataclass
class App:
    """One ``leave-bot`` role, started again after each kill."""

    role: str
    env: dict[str, str]
    logdir: Path
    proc: subprocess.Popen[bytes] | None = None
    runs: int = 0
    logs: list[Path] = field(default_factory=list)

    def start(self) -> None:
        self.runs += 1
        out = self.logdir / f"{self.role}-{self.runs}.out"
        err = self.logdir / f"{self.role}-{self.runs}.err"
        self.logs += [out, err]
        with out.open("wb") as stdout, err.open("wb") as stderr:
            self.proc = subprocess.Popen(
                [LEAVE_BOT, self.role], cwd=ROOT, env=self.env, stdout=stdout, stderr=stderr
            )

    def kill(self) -> None:
        assert self.proc is not None
        self.proc.kill()
        self.proc.wait(timeout=10)

    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def terminate(self, timeout: float = 12.0) -> int | None:
        """SIGTERM and wait; the exit code (None: it had to be killed)."""
        if self.proc is None:
            return 0
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                return self.proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)
                return None
        return self.proc.returncode


@dataclass
class Stats:
    actions: Counter[str] = field(default_factory=Counter)
    kills: int = 0
    pg_restarts: int = 0
    outage_messages: int = 0
    caught_up: int = 0
    faults: Counter[str] = field(default_factory=Counter)
    disconnects: int = 0
    violations: list[str] = field(default_factory=list)


async def database() -> tuple[str, Any]:
    """A fresh migrated database; and the embedded server (None for DATABASE_URL)."""
    url = await fresh_database(f"bench_chaos_{os.getpid()}", PG_DATA)
    server: Any = None
    if not os.environ.get("DATABASE_URL"):
        from pgserver.postgres_server import get_server

        server = get_server(PG_DATA.resolve(), cleanup_mode="stop")
    return url, server


async def drop_database(url: str) -> None:
    from urllib.parse import urlsplit

    name = urlsplit(url).path.lstrip("/")
    conn = await asyncpg.connect(with_database(url, "postgres"))
    try:
        await conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    finally:
        await conn.close()


def stop_postgres(server: Any) -> None:
    """Stop our embedded server: after a restart its postmaster is not the one
    pgserver started, so pgserver's own exit hook would leave it running."""
    if server is None:
        return
    from pgserver._commands import pg_ctl

    with contextlib.suppress(Exception):
        pg_ctl(["-w", "-m", "fast", "stop"], pgdata=server.pgdata, user=server.system_user)


def restart_postgres(server: Any) -> None:
    from pgserver._commands import pg_ctl

    pg_ctl(
        ["-w", "-m", "fast", "restart"], pgdata=server.pgdata, user=server.system_user, timeout=60
    )


# Library records on stderr (stdlib logging) that are not failures: asyncpg's pool
# retries its connections while Postgres restarts (a warning with a traceback).
EXPECTED_STDERR = (
    "WARNING:asyncpg.pool:Failed to restore the pool connection floor",
    "WARNING:slack_bolt.AsyncApp:As you gave `client` as well",
    # An ack written to a Socket Mode connection the sandbox is dropping: the
    # envelope is not acknowledged and Slack (the sandbox) delivers it again.
    "ERROR:slack_bolt.AsyncApp:Failed to run a request listener: Cannot write to closing transport",
)


def stderr_records(text: str) -> list[str]:
    """Stderr split into records, each starting at a ``LEVEL:logger:`` line (what
    comes before the first such line is a record of its own)."""
    records: list[str] = []
    for line in text.splitlines():
        starts = line.split(":", 1)[0] in ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
        if starts or not records:
            records.append(line)
        else:
            records[-1] += "\n" + line
    return records


class Chaos:
    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.rng = random.Random(args.seed)
        self.stats = Stats()
        self.slack_people, harvest_people = people(args.users)
        self.sandboxes = Sandboxes(
            slack=SlackSandbox(self.slack_people, ack_timeout=2.0, retry_delays=SLACK_RETRIES),
            harvest=SandboxHarvest(harvest_people, rate_limit=10_000_000, rate_window_s=15.0),
            calendar=SandboxCalendar(duplicate_miss_rate=0.5),
        )
        self.days = working_days(25, after_days=7)
        self.apps: list[App] = []
        self.run_id = uuid.uuid4().hex
        self.db: Database | None = None
        self.server: Any = None
        self.url = ""
        self.injecting = True
        self.event_ids: list[str] = []
        self.forced_expiry: set[int] = set()
        self.in_outage = False
        self.outage_ts: list[str] = []

    # ------------------------------------------------------------ running

    async def run(self) -> Stats:
        self.url, self.server = await database()
        logdir = Path(tempfile.mkdtemp(prefix="leavebot-chaos-"))
        await self.sandboxes.start()
        self.db = await Database.open(self.url, min_size=1, max_size=4)
        try:
            await seed(self.db, self.sandboxes)
            env = environment_for(
                self.sandboxes,
                DATABASE_URL=self.url,
                ADMIN_TOKEN="c" * 40,
                ADMIN_PORT="0",
                LOG_FORMAT="json",
                LOG_LEVEL="INFO",
                SLACK_RATE_PER_S="200",
                SLACK_BURST="200",
                HARVEST_RATE_LIMIT="100000",
                EXPIRY_CHECK_S="1",
                HEARTBEAT_INTERVAL_S="1",
                DB_POOL_MAX="10",
                LLM_MAX_RETRIES="0",
                # The sandbox has no history rate limit, and this workload makes far more
                # threads than a leave channel: a catch-up paced to Slack's Tier 3 would
                # still be reading them when the next kill comes.
                SLACK_HISTORY_CALLS_PER_MINUTE="6000",
                PYTHONASYNCIODEBUG=os.environ.get("CHAOS_ASYNCIO_DEBUG", ""),
            )
            env[MARKER] = self.run_id
            roles = ["all"] if self.args.mode == "all" else ["bot", "worker"]
            self.apps = [App(role, env, logdir) for role in roles]
            for app in self.apps:
                app.start()
            await self.sandboxes.slack.wait_for_connections(1, timeout=60)
            deadline = time.monotonic() + self.args.duration
            async with anyio.create_task_group() as tg:
                tg.start_soon(self.killer, deadline)
                tg.start_soon(self.pg_restarter, deadline)
                tg.start_soon(self.disconnector, deadline)
                tg.start_soon(self.faulter, deadline)
                tg.start_soon(self.outage, deadline)
                await self.workload(deadline)
            await self.settle()
            for app in self.apps:
                code = app.terminate()
                if code != 0:
                    self.violation(f"process {app.role} exited {code} on SIGTERM (want 0)")
            with contextlib.suppress(TimeoutError):
                await self.sandboxes.slack.wait_for(
                    lambda: self.sandboxes.slack.connection_count == 0, timeout=5
                )
            if self.sandboxes.slack.connection_count:
                self.violation(
                    f"Socket Mode: {self.sandboxes.slack.connection_count} connection(s) still"
                    " open 5 s after every process stopped"
                )
            await self.check()
            self.check_logs()
            self.check_leaks()
        finally:
            for app in self.apps:
                if app.alive():
                    app.terminate(5)
            await self.db.close()
            await self.sandboxes.stop()
            await drop_database(self.url)
        return self.stats

    def violation(self, text: str) -> None:
        self.stats.violations.append(text)

    async def killer(self, deadline: float) -> None:
        n = self.args.kills
        span = max(1.0, deadline - time.monotonic() - 3)
        times = sorted(self.rng.uniform(2, span) for _ in range(n))
        start = time.monotonic()
        for at in times:
            await anyio.sleep(max(0.0, start + at - time.monotonic()))
            if self.in_outage:
                continue  # every process is down already
            app = self.rng.choice(self.apps)
            if app.alive():
                app.kill()
                self.stats.kills += 1
            await anyio.sleep(self.rng.uniform(0.0, 1.0))
            if not self.in_outage:
                app.start()

    async def outage(self, deadline: float) -> None:
        """Every process down for longer than Slack's retry window while people post."""
        if self.args.outage_messages == 0:
            return
        await anyio.sleep((deadline - time.monotonic()) * self.rng.uniform(0.15, 0.3))
        slack = self.sandboxes.slack
        self.in_outage = True
        try:
            for app in self.apps:
                if app.alive():
                    app.kill()
            with contextlib.suppress(TimeoutError):
                await slack.wait_for(lambda: slack.connection_count == 0, timeout=10)
            for _ in range(self.args.outage_messages):
                user = self.rng.choice(self.slack_people).id
                day = self.rng.choice(self.days).isoformat()
                self.outage_ts.append(slack.post_user_message(user, f"leave on {day}"))
                self.stats.outage_messages += 1
                await anyio.sleep(self.rng.uniform(0.0, 0.5))
            lost = [
                d
                for d in slack.event_deliveries()
                if d.payload["event"].get("ts") in self.outage_ts
            ]
            with contextlib.suppress(TimeoutError):
                await slack.wait_for(lambda: all(d.gave_up for d in lost), timeout=30)
            if not all(d.gave_up for d in lost):
                self.violation("the outage did not outlast Slack's retries (the sandbox's)")
        finally:
            for app in self.apps:
                if not app.alive():
                    app.start()
            self.in_outage = False

    async def pg_restarter(self, deadline: float) -> None:
        if self.server is None or self.args.pg_restarts == 0:
            return
        await anyio.sleep((deadline - time.monotonic()) * self.rng.uniform(0.4, 0.6))
        assert self.db is not None
        await anyio.to_thread.run_sync(restart_postgres, self.server)
        self.stats.pg_restarts += 1
        # Our own pool reconnects by itself; give it a moment.
        await anyio.sleep(0.5)

    async def disconnector(self, deadline: float) -> None:
        slack = self.sandboxes.slack
        while time.monotonic() < deadline - 5:
            await anyio.sleep(self.rng.uniform(8, 16))
            if self.rng.random() < 0.5:
                await slack.drop_connections()
            else:
                await slack.send_disconnect()
            self.stats.disconnects += 1

    async def faulter(self, deadline: float) -> None:
        calendar, harvest, slack = (
            self.sandboxes.calendar,
            self.sandboxes.harvest,
            self.sandboxes.slack,
        )
        choices = [
            ("calendar_500", lambda: calendar.fail("insert", 500)),
            ("calendar_429", lambda: calendar.fail("insert", 429, retry_after_s=0.5)),
            ("calendar_slow", lambda: calendar.slow("*", delay_s=1.5)),
            ("calendar_delete_500", lambda: calendar.fail("delete", 500)),
            ("calendar_lost_answer", lambda: calendar.drop("insert")),
            ("harvest_500", lambda: harvest.fail("time_entries.create", 500)),
            ("harvest_429", lambda: harvest.fail("*", 429, retry_after_s=0.5)),
            ("harvest_slow", lambda: harvest.slow("*", delay_s=1.5)),
            ("slack_429_post", lambda: slack.inject_ratelimit("chat.postMessage", 1, 1)),
            ("slack_429_update", lambda: slack.inject_ratelimit("chat.update", 1, 1)),
        ]
        while time.monotonic() < deadline - 3:
            await anyio.sleep(self.rng.expovariate(1 / self.args.fault_every))
            name, inject = self.rng.choice(choices)
            inject()
            self.stats.faults[name] += 1

    # ------------------------------------------------------------ workload

    async def rows(self, query: str, *args: Any) -> list[Any]:
        assert self.db is not None
        try:
            return list(await self.db.fetch(query, *args))
        except (OSError, asyncpg.PostgresError, asyncpg.InterfaceError):
            return []  # Postgres is restarting

    async def workload(self, deadline: float) -> None:
        slack = self.sandboxes.slack
        actions = [
            ("request", 6),
            ("half_day", 2),
            ("confirm", 6),
            ("double_click", 1),
            ("stranger_click", 1),
            ("cancel_button", 1),
            ("supersede", 1),
            ("expire", 1),
            ("cancel_leave", 2),
            ("redeliver", 1),
        ]
        names = [a for a, _ in actions]
        weights = [w for _, w in actions]
        while time.monotonic() < deadline:
            await anyio.sleep(self.rng.uniform(0.05, 2 * self.args.action_every))
            action = self.rng.choices(names, weights)[0]
            try:
                done = await self.act(action)
            except ControlError:
                done = False  # e.g. the buttons were taken off meanwhile
            self.stats.actions[action if done else f"{action}_skipped"] += 1
        # Remember every event delivered, for the redelivery counts.
        self.event_ids = [d.event_id for d in slack.event_deliveries() if d.event_id]

    async def pending(self) -> list[Any]:
        return await self.rows(
            "SELECT r.id, r.prompt_ts, r.thread_ts, r.intent, u.slack_user_id FROM leave_requests r"
            " JOIN users u ON u.id = r.user_id WHERE r.status = 'pending'"
            " AND r.prompt_ts IS NOT NULL AND r.expires_at > now()"
        )

    async def act(self, action: str) -> bool:
        slack = self.sandboxes.slack
        user = self.rng.choice(self.slack_people).id
        day = self.rng.choice(self.days).isoformat()
        if action == "request":
            slack.post_user_message(user, f"leave on {day}")
            return True
        if action == "half_day":
            side = self.rng.choice(["morning", "afternoon"])
            slack.post_user_message(user, f"half day leave on {day} {side}")
            return True
        if action == "redeliver":
            delivered = [d.event_id for d in slack.event_deliveries() if d.event_id]
            if not delivered:
                return False
            slack.redeliver_event(self.rng.choice(delivered[-50:]))
            return True
        if action == "cancel_leave":
            booked = await self.rows(
                "SELECT u.slack_user_id, d.day FROM leave_days d JOIN users u ON u.id = d.user_id"
                " WHERE d.status = 'completed' ORDER BY random() LIMIT 1"
            )
            if not booked:
                return False
            slack.post_user_message(
                booked[0]["slack_user_id"], f"cancel my leave on {booked[0]['day'].isoformat()}"
            )
            return True
        pending = await self.pending()
        if action == "cancel_leave_confirm" or not pending:
            return False
        # Cancel requests are confirmed first, so booked leave really gets cancelled.
        cancels = [r for r in pending if r["intent"] == "cancel"]
        row = self.rng.choice(cancels if cancels and action == "confirm" else pending)
        rid, author, prompt = int(row["id"]), row["slack_user_id"], row["prompt_ts"]
        if action == "confirm":
            slack.click(author, prompt, f"{CONFIRM}:{rid}")
        elif action == "double_click":
            slack.click(author, prompt, f"{CONFIRM}:{rid}")
            slack.click(author, prompt, f"{CONFIRM}:{rid}")
        elif action == "stranger_click":
            stranger = self.rng.choice([p.id for p in self.slack_people if p.id != author])
            slack.click(stranger, prompt, f"{CONFIRM}:{rid}")
        elif action == "cancel_button":
            slack.click(author, prompt, f"{CANCEL}:{rid}")
        elif action == "supersede":
            slack.post_user_message(author, f"actually {day} instead", thread_ts=row["thread_ts"])
        elif action == "expire":
            await self.rows(
                "UPDATE leave_requests SET expires_at = now() - interval '1 minute'"
                " WHERE id = $1 AND status = 'pending' RETURNING id",
                rid,
            )
            self.forced_expiry.add(rid)
        return True

    # ------------------------------------------------------------- settling

    async def settle(self) -> None:
        """Faults off, every process up and connected, then until nothing moves."""
        self.sandboxes.calendar.clear_faults()
        self.sandboxes.harvest.clear_faults()
        self.sandboxes.slack.clear_faults()
        for app in self.apps:
            if not app.alive():
                self.violation(
                    f"process {app.role} died by itself (exit {app.proc and app.proc.returncode})"
                )
                app.start()
        await self.sandboxes.slack.wait_for_connections(1, timeout=60)
        deadline = time.monotonic() + self.args.settle
        quiet_since: float | None = None
        while time.monotonic() < deadline:
            busy = await self.rows(
                "SELECT (SELECT count(*) FROM mailbox WHERE status IN ('ready', 'claimed'))"
                " + (SELECT count(*) FROM leave_requests"
                "    WHERE status IN ('confirmed', 'processing'))"
                " + (SELECT count(*) FROM leave_requests WHERE status = 'pending'"
                "    AND expires_at <= now())"
                " + (SELECT count(*) FROM leave_requests WHERE status = 'pending'"
                "    AND prompt_ts IS NULL) AS n"
            )
            # A delivery the sandbox gave up on will never be acknowledged: a click
            # refused during an outage (Slack shows its author an error; clicks are
            # not redelivered). An event given up is checked as a violation below.
            unacked = [d for d in self.sandboxes.slack.deliveries if not d.acked and not d.gave_up]
            if busy and busy[0]["n"] == 0 and not unacked:
                quiet_since = quiet_since or time.monotonic()
                if time.monotonic() - quiet_since > 3:
                    return
            else:
                quiet_since = None
            await anyio.sleep(0.5)
        self.violation(f"the app did not settle within {self.args.settle:g}s after the chaos ended")

    # --------------------------------------------------------------- checks

    async def check(self) -> None:
        assert self.db is not None
        db = self.db
        slack_channel = self.sandboxes.slack.channel_id
        taken = {str(r["event_id"]) for r in await db.fetch("SELECT event_id FROM slack_events")}
        keywords = (await load_config(db)).trigger_keywords
        for delivery in self.sandboxes.slack.deliveries:
            if delivery.kind != "events_api" or not delivery.gave_up or delivery.acked:
                continue
            # Slack gave up: a person's message must have been read back by the catch-up
            # and taken, unless the listener would not take it anyway (no trigger word
            # outside the bot's threads, or a thread whose request is completed). The
            # bot's own messages and edits are never taken.
            event = delivery.payload["event"]
            person = (
                event.get("user")
                and not event.get("bot_id")
                and event.get("subtype") in PERSON_SUBTYPES
            )
            if not person or f"msg:{slack_channel}:{event['ts']}" in taken:
                continue
            thread = event.get("thread_ts")
            if thread and await db.fetchval(Q.thread_completed, slack_channel, thread):
                continue
            in_bot_thread = thread and await db.fetchval(Q.bot_thread_exists, slack_channel, thread)
            if not in_bot_thread and not has_keyword(str(event.get("text") or ""), keywords):
                continue
            self.violation(
                f"event {delivery.event_id} ({event['ts']}, {event.get('text')!r},"
                f" thread {thread}) was never acknowledged"
                f" ({delivery.sent_count} attempts, {delivery.failures}) nor read back"
            )
        for ts in self.outage_ts:
            answered = await db.fetchval(
                "SELECT count(*) FROM leave_requests WHERE channel_id = $1 AND message_ts = $2",
                slack_channel,
                ts,
            )
            if answered != 1:
                self.violation(f"message {ts} posted during the outage has {answered} requests")
        days = {int(r["id"]): r for r in await db.fetch("SELECT * FROM leave_days")}
        requests = {int(r["id"]): r for r in await db.fetch("SELECT * FROM leave_requests")}
        events = [
            e
            for e in self.sandboxes.calendar.live_events()
            if (e.get("extendedProperties") or {}).get("private", {}).get(PRIVATE_KEY)
        ]
        entries = self.sandboxes.harvest.entries()
        # Which live events and entries name each day.
        event_days: dict[int, list[str]] = {}
        for e in events:
            for part in str(e["extendedProperties"]["private"][PRIVATE_KEY]).split(","):
                event_days.setdefault(int(part), []).append(e["id"])
        entry_days: dict[int, list[int]] = {}
        for x in entries:
            ref = str((x.get("external_reference") or {}).get("id") or "")
            if not ref.startswith("leavebot:") or not ref[len("leavebot:") :].isdigit():
                self.violation(f"Harvest entry {x['id']} has no reference of ours ({ref!r})")
                continue
            entry_days.setdefault(int(ref[len("leavebot:") :]), []).append(int(x["id"]))
        for did, d in days.items():
            where = f"day {did} ({d['day']} {d['portion']}, request {d['request_id']})"
            evs, ens = event_days.get(did, []), entry_days.get(did, [])
            if d["status"] == "cancelled":
                if evs:
                    self.violation(f"{where} is cancelled but has live calendar events {evs}")
                if ens:
                    self.violation(f"{where} is cancelled but has Harvest entries {ens}")
                continue
            if d["status"] == "confirmed":
                self.violation(f"{where} is still 'confirmed' (never synced)")
            for target, found in (("calendar", evs), ("harvest", ens)):
                status = d[f"{target}_status"]
                if status == "done" and len(found) != 1:
                    self.violation(f"{where}: {target} done but {len(found)} live copies {found}")
                if status == "failed":
                    if not d["last_error"]:
                        self.violation(f"{where}: {target} failed without a reason")
                    if found:
                        self.violation(f"{where}: {target} failed yet it exists {found}")
                if status in ("pending", "deleted") and found:
                    self.violation(f"{where}: {target} {status} yet it exists {found}")
                if status == "pending" and d["status"] != "confirmed":
                    self.violation(f"{where}: {target} still pending on a {d['status']} day")
            if d["status"] == "completed" and (d["calendar_status"], d["harvest_status"]) != (
                "done",
                "done",
            ):
                self.violation(
                    f"{where}: completed with calendar {d['calendar_status']}, "
                    f"harvest {d['harvest_status']}"
                )
        for did in set(event_days) - set(days):
            self.violation(f"calendar events {event_days[did]} name day {did}, which is unknown")
        for did in set(entry_days) - set(days):
            self.violation(f"Harvest entries {entry_days[did]} name day {did}, which is unknown")
        # Requests and their prompts.
        slack = self.sandboxes.slack
        for rid, r in requests.items():
            status = r["status"]
            where = f"request {rid} ({r['intent']}, {status})"
            if status not in FINAL and status != "pending":
                self.violation(f"{where} is not final")
            if status == "pending" and r["expires_at"] <= dt.datetime.now(dt.UTC):
                self.violation(f"{where} is past its expiry and still pending")
            prompts = [
                m
                for m in slack.messages()
                if m.get("bot_id")
                and f'"prompt:{rid}"' in json.dumps(m.get("blocks") or [])
                and not m.get("ephemeral_to")
            ]
            if r["prompt_ts"] is None:
                if status in ("pending", "confirmed", "processing", "completed") and (
                    r["intent"] == "leave" or status != "completed"
                ):
                    self.violation(f"{where} has no prompt")
                if prompts:
                    self.violation(f"{where} has no prompt_ts but {len(prompts)} prompts")
                continue
            if len(prompts) != 1:
                self.violation(f"{where} has {len(prompts)} prompts in the channel")
            shown = slack.message(r["prompt_ts"])
            if shown is None:
                self.violation(f"{where}: its prompt {r['prompt_ts']} is gone")
                continue
            text = json.dumps(shown.get("blocks")) + str(shown.get("text"))
            buttons = '"actions"' in text
            want = {
                "pending": None,
                "completed": "Google Calendar and Harvest" if r["outcome"] else None,
                "cancelled": "Cancelled by",
                "expired": "expired before it was confirmed",
                "superseded": "Replaced by a newer message",
            }.get(status)
            if status == "pending" and not buttons:
                self.violation(f"{where}: the prompt has no buttons")
            if status != "pending" and buttons:
                self.violation(f"{where}: the prompt still has buttons")
            if status == "completed":
                outcome = r["outcome"] or {}
                from leavebot.prompts import outcome_status

                expected = outcome_status(outcome)
                if expected.split(".")[0] not in text:
                    self.violation(f"{where}: the prompt does not show {expected!r}")
            elif want and want not in text:
                self.violation(f"{where}: the prompt does not say {want!r}")
        # The mailbox.
        for row in await db.fetch(
            "SELECT recipient, status, count(*) AS n FROM mailbox"
            " WHERE status <> 'done' GROUP BY 1, 2"
        ):
            self.violation(f"mailbox: {row['n']} message(s) to {row['recipient']} {row['status']}")
        self.stats.actions["requests_final"] = sum(
            1 for r in requests.values() if r["status"] in FINAL
        )
        self.requests = len(requests)
        self.by_status = Counter(r["status"] for r in requests.values())
        self.day_status = Counter(d["status"] for d in days.values())

    def check_logs(self) -> None:
        for app in self.apps:
            for path in app.logs:
                text = path.read_text(errors="replace")
                if path.suffix == ".err":
                    for record in stderr_records(text):
                        head = record.splitlines()[0]
                        if head.startswith(EXPECTED_STDERR):
                            continue
                        if head.startswith(("ERROR", "CRITICAL", "Traceback")):
                            self.violation(f"{path.name}: on stderr: {record[:600]!r}")
                    continue
                for line in text.splitlines():
                    if not line.startswith("{"):
                        continue
                    try:
                        record = json.loads(line)
                    except ValueError:
                        continue  # the last line of a killed process may be cut
                    if record.get("event") == "slack.message_stored" and record.get("caught_up"):
                        self.stats.caught_up += 1
                    level = record.get("level")
                    if (
                        level in ("error", "critical")
                        and record.get("event") not in EXPECTED_ERRORS
                    ):
                        brief = {k: record.get(k) for k in ("event", "actor", "error")}
                        self.violation(f"{path.name}: unexpected {level} log line {brief}")

    def check_leaks(self) -> None:
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                environ = (entry / "environ").read_bytes()
            except OSError:
                continue
            if f"{MARKER}={self.run_id}".encode() in environ:
                self.violation(f"process {entry.name} of this run is still running")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--duration", type=float, default=300.0)
    parser.add_argument("--mode", choices=("all", "split"), default="all")
    parser.add_argument("--seed", type=int, default=None)
    parser.add_argument("--kills", type=int, default=20)
    parser.add_argument("--users", type=int, default=12)
    parser.add_argument(
        "--pg-restarts", type=int, choices=(0, 1), default=1, help="restart Postgres once (1)"
    )
    parser.add_argument("--action-every", type=float, default=0.25, help="mean seconds")
    parser.add_argument("--fault-every", type=float, default=2.0, help="mean seconds")
    parser.add_argument("--settle", type=float, default=90.0, help="seconds at most")
    parser.add_argument(
        "--outage-messages",
        type=int,
        default=5,
        help="messages posted while every process is down (0: no outage)",
    )
    args = parser.parse_args()
    if args.seed is None:
        args.seed = random.randrange(1_000_000)
    structlog.configure(wrapper_class=structlog.make_filtering_bound_logger(logging.WARNING))
    chaos = Chaos(args)
    started = time.monotonic()
    try:
        stats = anyio.run(chaos.run)
    finally:
        stop_postgres(getattr(chaos, "server", None))
    requests = getattr(chaos, "requests", 0)
    print(f"seed {args.seed}, mode {args.mode}, {time.monotonic() - started:.0f}s")
    print(f"requests {requests}: {dict(getattr(chaos, 'by_status', {}))}")
    print(f"days: {dict(getattr(chaos, 'day_status', {}))}")
    print(f"actions: {dict(stats.actions)}")
    print(f"faults: {dict(stats.faults)}; disconnects {stats.disconnects}")
    print(f"kills {stats.kills}, pg restarts {stats.pg_restarts}")
    print(
        f"outage messages {stats.outage_messages}; caught up after Slack gave up {stats.caught_up}"
    )
    print(f"violations: {len(stats.violations)}")
    for text in stats.violations:
        print(f"  VIOLATION {text}")
    results = {
        "requests": requests,
        "kills": stats.kills,
        "pg_restarts": stats.pg_restarts,
        "faults": sum(stats.faults.values()),
        "outage_messages": stats.outage_messages,
        "caught_up": stats.caught_up,
        "violations": len(stats.violations),
    }
    print(json.dumps({"bench": "chaos", "results": results}))
    sys.exit(1 if stats.violations else 0)


if __name__ == "__main__":
    main()
