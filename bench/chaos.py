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
Among the actions, overlapping requests (a person asks again for a day, or
half of one, they already booked or asked for) and racing Confirms (two of a
person's pending requests confirmed back to back). The sandbox Slack retries
an event on Slack's schedule shortened (``SLACK_RETRIES``: at once, after
1 s, after 2 s) and then gives up, as Slack does; the sandbox Calendar misses
every other repeated event id (Google does not promise to detect one). Once,
every app process is down for an **outage** longer than that retry window
while ``--outage-messages`` people post: Slack gives up on all of them, and
the app must answer each once when it is back (its catch-up reads the
channel).

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
- one booking per half-day: no two live days of a person share a slot in the
  database; for every person and date leavebot's Harvest entries add up to at
  most ``hours_full_day``, and the calendar holds at most one leavebot event
  per half-day (an all-day event holds both halves of each of its dates);
- a request that found half-days taken says so in its prompt;
- every request is final or legitimately pending (buttons shown, not past
  its expiry); no mailbox message is left ready, claimed or dead;
- every prompt shows its request's true state;
- every app process exited 0 on SIGTERM and none is left running; no
  ``error``/``critical`` log line but the expected ones (``EXPECTED_ERRORS``).

What happens when is planned from the seed before the run starts
(``bench/_chaos_plan.py``): the first line printed gives the seed and the
plan's fingerprint, and ``--seed`` replays the plan. Each run leaves a folder
under ``--out`` (``.leavebot/chaos``): ``report.json`` with every violation in
full and, when there is one, the app's logs and the database's and sandboxes'
state; ``runs.jsonl`` there gets a line per run. Prints the counts and every
violation; the last line is ``{"bench": "chaos", "results": {"requests",
"kills", "pg_restarts", "faults", "outage_messages", "caught_up",
"violations"}}`` (``caught_up``: messages the app read back after Slack gave
up on them). Exits 1 on any violation.

The workload, the faults, the settling and every check are in this one file,
so a check reads next to what it checks; hence its length.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import logging
import os
import random
import shutil
import signal
import subprocess
import sys
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
from bench._chaos_plan import Plan, Step
from bench._people import people, working_days
from bench._pg import ROOT, fresh_database, with_database
from leavebot.calendar_sync import PRIVATE_KEY
from leavebot.config import load_config
from leavebot.db import DB_UNAVAILABLE, Database
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


def hold_pgdata(pgdata: Path) -> Any:
    """Lock ``pgdata`` for this run: a run restarts and stops its Postgres, so two runs
    on one server would disturb each other. Held until the process exits."""
    import fcntl

    pgdata.parent.mkdir(parents=True, exist_ok=True)
    lock = (pgdata.parent / f"{pgdata.name}.lock").open("w")
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        raise SystemExit(
            f"another chaos run uses {pgdata}: wait for it, or pass --pgdata DIR"
        ) from None
    return lock


async def database(pgdata: Path) -> tuple[str, Any]:
    """A fresh migrated database; and the embedded server (None for DATABASE_URL)."""
    url = await fresh_database(f"bench_chaos_{os.getpid()}", pgdata)
    server: Any = None
    if not os.environ.get("DATABASE_URL"):
        from pgserver.postgres_server import get_server

        server = get_server(pgdata, cleanup_mode="stop")
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
        self.stats = Stats()
        self.slack_people, harvest_people = people(args.users)
        self.sandboxes = Sandboxes(
            slack=SlackSandbox(self.slack_people, ack_timeout=2.0, retry_delays=SLACK_RETRIES),
            harvest=SandboxHarvest(harvest_people, rate_limit=10_000_000, rate_window_s=15.0),
            calendar=SandboxCalendar(duplicate_miss_rate=0.5),
        )
        self.days = working_days(25, after_days=7)
        self.plan = Plan.make(
            args,
            apps=1 if args.mode == "all" else 2,
            people=len(self.slack_people),
            days=len(self.days),
        )
        self.started = 0.0
        self.apps: list[App] = []
        self.run_id = uuid.uuid4().hex
        self.db: Database | None = None
        self.server: Any = None
        self.url = ""
        self.injecting = True
        self.event_ids: list[str] = []
        self.forced_expiry: set[int] = set()
        self.rundir = Path(args.out) / (
            f"{dt.datetime.now(dt.UTC):%Y%m%dT%H%M%SZ}-{args.mode}-seed{args.seed}"
        )
        self.in_outage = False
        self.outage_ts: list[str] = []

    # ------------------------------------------------------------ running

    async def run(self) -> Stats:
        self.url, self.server = await database(Path(self.args.pgdata))
        logdir = self.rundir / "logs"
        logdir.mkdir(parents=True, exist_ok=True)
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
            self.started = time.monotonic()
            async with anyio.create_task_group() as tg:
                tg.start_soon(self.killer)
                tg.start_soon(self.pg_restarter)
                tg.start_soon(self.disconnector)
                tg.start_soon(self.faulter)
                tg.start_soon(self.outage)
                await self.workload()
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
            if self.stats.violations:
                await self.dump_state()
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

    async def dump_state(self) -> None:
        """Everything a violation may need to be understood, beside the run's report and
        logs: the database's leave tables and mailbox, and what the sandboxes hold."""
        assert self.db is not None
        state: dict[str, Any] = {}
        for table in ("users", "leave_requests", "leave_days", "sync_attempts", "mailbox"):
            rows = await self.db.fetch(f"SELECT * FROM {table} ORDER BY id")
            state[table] = [dict(r) for r in rows]
        state["slack_messages"] = self.sandboxes.slack.messages()
        state["slack_deliveries"] = [d.to_json() for d in self.sandboxes.slack.deliveries]
        state["calendar_events"] = self.sandboxes.calendar.live_events()
        state["harvest_entries"] = self.sandboxes.harvest.entries()
        (self.rundir / "state.json").write_text(json.dumps(state, indent=1, default=str))

    async def until(self, at: float) -> None:
        """Sleep until ``at`` seconds after the workload started."""
        await anyio.sleep(max(0.0, self.started + at - time.monotonic()))

    async def killer(self) -> None:
        for at, which, down_s in self.plan.kills:
            await self.until(at)
            if self.in_outage:
                continue  # every process is down already
            app = self.apps[which]
            if app.alive():
                app.kill()
                self.stats.kills += 1
            await anyio.sleep(down_s)
            if not self.in_outage:
                app.start()

    async def outage(self) -> None:
        """Every process down for longer than Slack's retry window while people post."""
        if self.plan.outage is None:
            return
        at, posts = self.plan.outage
        await self.until(at)
        slack = self.sandboxes.slack
        self.in_outage = True
        try:
            for app in self.apps:
                if app.alive():
                    app.kill()
            with contextlib.suppress(TimeoutError):
                await slack.wait_for(lambda: slack.connection_count == 0, timeout=10)
            for user, day, pause in posts:
                person = self.slack_people[user].id
                text = f"leave on {self.days[day].isoformat()}"
                self.outage_ts.append(slack.post_user_message(person, text))
                self.stats.outage_messages += 1
                await anyio.sleep(pause)
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

    async def pg_restarter(self) -> None:
        if self.server is None or self.plan.pg_restart_at is None:
            return
        await self.until(self.plan.pg_restart_at)
        await anyio.to_thread.run_sync(restart_postgres, self.server)
        self.stats.pg_restarts += 1
        # Our own pool reconnects by itself; give it a moment.
        await anyio.sleep(0.5)

    async def disconnector(self) -> None:
        slack = self.sandboxes.slack
        for at, abrupt in self.plan.drops:
            await self.until(at)
            if abrupt:
                await slack.drop_connections()
            else:
                await slack.send_disconnect()
            self.stats.disconnects += 1

    async def faulter(self) -> None:
        calendar, harvest, slack = (
            self.sandboxes.calendar,
            self.sandboxes.harvest,
            self.sandboxes.slack,
        )
        inject = {
            "calendar_500": lambda: calendar.fail("insert", 500),
            "calendar_429": lambda: calendar.fail("insert", 429, retry_after_s=0.5),
            "calendar_slow": lambda: calendar.slow("*", delay_s=1.5),
            "calendar_delete_500": lambda: calendar.fail("delete", 500),
            "calendar_lost_answer": lambda: calendar.drop("insert"),
            "harvest_500": lambda: harvest.fail("time_entries.create", 500),
            "harvest_429": lambda: harvest.fail("*", 429, retry_after_s=0.5),
            "harvest_slow": lambda: harvest.slow("*", delay_s=1.5),
            "slack_429_post": lambda: slack.inject_ratelimit("chat.postMessage", 1, 1),
            "slack_429_update": lambda: slack.inject_ratelimit("chat.update", 1, 1),
        }
        for at, name in self.plan.faults:
            await self.until(at)
            inject[name]()
            self.stats.faults[name] += 1

    # ------------------------------------------------------------ workload

    async def rows(self, query: str, *args: Any) -> list[Any]:
        assert self.db is not None
        try:
            return list(await self.db.fetch(query, *args))
        except (*DB_UNAVAILABLE, asyncpg.PostgresError):
            return []  # Postgres is restarting (a pooled connection may be mid-operation)

    async def workload(self) -> None:
        slack = self.sandboxes.slack
        for step in self.plan.steps:
            await self.until(step.at)
            try:
                done = await self.act(step)
            except ControlError:
                done = False  # e.g. the buttons were taken off meanwhile
            self.stats.actions[step.action if done else f"{step.action}_skipped"] += 1
        # Remember every event delivered, for the redelivery counts.
        self.event_ids = [d.event_id for d in slack.event_deliveries() if d.event_id]

    async def pending(self) -> list[Any]:
        return await self.rows(
            "SELECT r.id, r.prompt_ts, r.thread_ts, r.intent, u.slack_user_id FROM leave_requests r"
            " JOIN users u ON u.id = r.user_id WHERE r.status = 'pending'"
            " AND r.prompt_ts IS NOT NULL AND r.expires_at > now() ORDER BY r.id"
        )

    async def act(self, step: Step) -> bool:
        slack = self.sandboxes.slack
        action = step.action
        user = self.slack_people[step.user].id
        day = self.days[step.day].isoformat()
        if action == "request":
            slack.post_user_message(user, f"leave on {day}")
            return True
        if action == "half_day":
            slack.post_user_message(user, f"half day leave on {day} {step.side}")
            return True
        if action == "redeliver":
            delivered = [d.event_id for d in slack.event_deliveries() if d.event_id]
            if not delivered:
                return False
            slack.redeliver_event(step.among(delivered[-50:]))
            return True
        if action == "overlap":
            return await self.overlap(step)
        if action == "race_confirm":
            return await self.race_confirm(step)
        if action == "cancel_leave":
            booked = await self.rows(
                "SELECT u.slack_user_id, d.day FROM leave_days d JOIN users u ON u.id = d.user_id"
                " WHERE d.status = 'completed' ORDER BY d.id"
            )
            if not booked:
                return False
            chosen = step.among(booked)
            slack.post_user_message(
                chosen["slack_user_id"], f"cancel my leave on {chosen['day'].isoformat()}"
            )
            return True
        pending = await self.pending()
        if action == "cancel_leave_confirm" or not pending:
            return False
        # Cancel requests are confirmed first, so booked leave really gets cancelled.
        cancels = [r for r in pending if r["intent"] == "cancel"]
        row = step.among(cancels if cancels and action == "confirm" else pending)
        rid, author, prompt = int(row["id"]), row["slack_user_id"], row["prompt_ts"]
        if action == "confirm":
            slack.click(author, prompt, f"{CONFIRM}:{rid}")
        elif action == "double_click":
            slack.click(author, prompt, f"{CONFIRM}:{rid}")
            slack.click(author, prompt, f"{CONFIRM}:{rid}")
        elif action == "stranger_click":
            strangers = [p.id for p in self.slack_people if p.id != author]
            stranger = strangers[int(step.other * len(strangers))]
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

    async def overlap(self, step: Step) -> bool:
        """A person asks again for a day (or half of one) they booked or asked for already."""
        taken = await self.rows(
            "SELECT u.slack_user_id, d.day FROM leave_days d JOIN users u ON u.id = d.user_id"
            " WHERE d.status <> 'cancelled' AND d.day >= current_date"
            " UNION ALL SELECT u.slack_user_id, (x ->> 'date')::date FROM leave_requests r"
            " JOIN users u ON u.id = r.user_id CROSS JOIN LATERAL jsonb_array_elements(r.days) x"
            " WHERE r.status = 'pending' AND r.intent = 'leave'"
        )
        if not taken:
            return False
        row = step.among(taken)
        day: dt.date = row["day"]
        later = [d for d in self.days if d > day]
        texts = [
            f"leave on {day.isoformat()}",
            f"half day leave on {day.isoformat()} morning",
            f"sick leave {day.isoformat()} afternoon",
        ]
        if later:
            texts.append(f"leave on {day.isoformat()} and {later[0].isoformat()}")
        self.sandboxes.slack.post_user_message(
            row["slack_user_id"], texts[int(step.other * len(texts))]
        )
        return True

    async def race_confirm(self, step: Step) -> bool:
        """Two pending requests of one person confirmed back to back (their bookings race)."""
        by_author: dict[str, list[Any]] = {}
        for row in await self.pending():
            if row["intent"] == "leave":
                by_author.setdefault(row["slack_user_id"], []).append(row)
        pairs = [rows for rows in by_author.values() if len(rows) >= 2]
        if not pairs:
            return False
        rows = step.among(pairs)
        first = int(step.other * len(rows))
        for row in (rows[first], rows[first - 1]):
            self.sandboxes.slack.click(
                row["slack_user_id"], row["prompt_ts"], f"{CONFIRM}:{int(row['id'])}"
            )
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
        await self.check_slots(days, events, entries)
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
                from leavebot.prompts import outcome_status, taken_lines
                from leavebot.slots import taken_from_json

                expected = outcome_status(outcome)
                if expected.split(".")[0] not in text:
                    self.violation(f"{where}: the prompt does not show {expected!r}")
                for line in taken_lines(taken_from_json(r["slots_taken"])):
                    if line not in text:
                        self.violation(f"{where}: the prompt does not say it skipped {line!r}")
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

    async def check_slots(
        self, days: dict[int, Any], events: list[dict[str, Any]], entries: list[dict[str, Any]]
    ) -> None:
        """One booking per half-day, in the database and outside it."""
        from leavebot.slots import slots_of

        assert self.db is not None
        held: dict[tuple[int, dt.date, str], int] = {}
        for did, d in sorted(days.items()):
            if d["status"] == "cancelled":
                continue
            for slot in slots_of(d["portion"]):
                key = (int(d["user_id"]), d["day"], slot)
                if key in held and not d["legacy_overlap"]:
                    self.violation(f"days {held[key]} and {did} both hold {key[1]} {slot}")
                held.setdefault(key, did)
        hours_full_day = float(
            await self.db.fetchval("SELECT value FROM config WHERE key = 'hours_full_day'")
        )
        hours: Counter[tuple[int, str]] = Counter()
        for x in entries:
            if (x.get("external_reference") or {}).get("id") is not None:
                hours[(int(x["user"]["id"]), str(x["spent_date"]))] += float(x["hours"])
        for (user, spent), total in sorted(hours.items()):
            if total > hours_full_day:
                self.violation(
                    f"Harvest user {user} has {total:g} h of leavebot entries on {spent}"
                    f" (a full day is {hours_full_day:g})"
                )
        per_slot: dict[tuple[int, dt.date, str], list[str]] = {}
        for e in events:
            marked = str(e["extendedProperties"]["private"][PRIVATE_KEY]).split(",")
            owners = {int(days[int(i)]["user_id"]) for i in marked if int(i) in days}
            if len(owners) != 1:
                continue  # an event naming unknown days is a violation of its own
            (owner,) = owners
            if "date" in e["start"]:
                day = dt.date.fromisoformat(e["start"]["date"])
                end = dt.date.fromisoformat(e["end"]["date"])
                covered = []
                while day < end:
                    covered += [(day, "am"), (day, "pm")]
                    day += dt.timedelta(days=1)
            else:
                half = "am" if str(e["summary"]).endswith("(AM)") else "pm"
                covered = [(dt.date.fromisoformat(e["start"]["dateTime"][:10]), half)]
            for day, slot in covered:
                per_slot.setdefault((owner, day, slot), []).append(e["id"])
        for (owner, day, slot), ids in sorted(per_slot.items()):
            if len(ids) > 1:
                self.violation(f"user {owner}: {len(ids)} calendar events on {day} {slot}: {ids}")
        self.stats.actions["slots_taken"] = int(
            await self.db.fetchval(
                "SELECT count(*) FROM leave_requests WHERE slots_taken IS NOT NULL"
            )
        )

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
                            self.violation(f"{path.name}: on stderr: {record!r}")
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


def load() -> list[float]:
    with contextlib.suppress(OSError):
        return [round(x, 2) for x in os.getloadavg()]
    return []


def record(chaos: Chaos, stats: Stats, elapsed: float, load_at_start: list[float]) -> Path:
    """Write the run's report (every violation in full) in its folder and add one line
    for the run to ``runs.jsonl`` beside it; a clean run's app logs are removed unless
    ``--keep-logs``. Returns the report's path."""
    args = chaos.args
    starts = sum(app.runs for app in chaos.apps)
    summary = {
        "at": chaos.rundir.name[:16],
        "seed": args.seed,
        "mode": args.mode,
        "plan": chaos.plan.digest(),
        "duration_s": args.duration,
        "elapsed_s": round(elapsed),
        "requests": getattr(chaos, "requests", 0),
        "kills": stats.kills,
        "app_restarts": max(0, starts - len(chaos.apps)),
        "pg_restarts": stats.pg_restarts,
        "faults": sum(stats.faults.values()),
        "disconnects": stats.disconnects,
        "outage_messages": stats.outage_messages,
        "caught_up": stats.caught_up,
        "violations": len(stats.violations),
        "load_at_start": load_at_start,
        "load_at_end": load(),
        "report": str(chaos.rundir / "report.json"),
    }
    chaos.rundir.mkdir(parents=True, exist_ok=True)
    report = {
        **summary,
        "args": vars(args),
        "by_status": dict(getattr(chaos, "by_status", {})),
        "day_status": dict(getattr(chaos, "day_status", {})),
        "actions": dict(stats.actions),
        "fault_counts": dict(stats.faults),
        "violation_texts": stats.violations,
    }
    path = chaos.rundir / "report.json"
    path.write_text(json.dumps(report, indent=1, default=str) + "\n")
    with (Path(args.out) / "runs.jsonl").open("a") as runs:
        runs.write(json.dumps(summary) + "\n")
    if not stats.violations and not args.keep_logs:
        shutil.rmtree(chaos.rundir / "logs", ignore_errors=True)
    return path


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
        "--out",
        default=str(ROOT / ".leavebot" / "chaos"),
        help="folder of the runs: one folder per run (report.json with every violation in"
        " full, the app logs when a violation was found) and runs.jsonl, a line per run",
    )
    parser.add_argument("--keep-logs", action="store_true", help="keep a clean run's logs too")
    parser.add_argument(
        "--pgdata",
        default=str(PG_DATA),
        help="data folder of the embedded Postgres (one run at a time on each)",
    )
    parser.add_argument(
        "--outage-messages",
        type=int,
        default=5,
        help="messages posted while every process is down (0: no outage)",
    )
    args = parser.parse_args()
    args.pgdata = str(Path(args.pgdata).resolve())
    if not os.environ.get("DATABASE_URL"):
        lock = hold_pgdata(Path(args.pgdata))  # noqa: F841 - held until exit
    if args.seed is None:
        args.seed = random.randrange(1_000_000)
    structlog.configure(wrapper_class=structlog.make_filtering_bound_logger(logging.WARNING))
    chaos = Chaos(args)
    plan = chaos.plan
    print(
        f"chaos: seed {args.seed}, mode {args.mode}, plan {plan.digest()} ({len(plan.steps)}"
        f" actions, {len(plan.kills)} kills, {len(plan.faults)} faults, {len(plan.drops)}"
        f" drops; replay: --seed {args.seed})",
        flush=True,
    )
    started = time.monotonic()
    load_at_start = load()
    stats = chaos.stats
    try:
        anyio.run(chaos.run)
    except BaseException as exc:
        chaos.violation(f"the bench itself failed: {exc!r}")
        raise
    finally:
        stop_postgres(getattr(chaos, "server", None))
        report = record(chaos, stats, time.monotonic() - started, load_at_start)
        print(f"report: {report}", flush=True)
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
