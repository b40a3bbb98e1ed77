"""Benchmark of the whole pipeline: Slack message -> prompt -> Confirm -> Calendar + Harvest.

This process runs every sandbox (Slack, Calendar, Harvest, answering at once:
no faults, rate limits lifted) on one port, and ``leave-bot all`` runs as a
separate process on a fresh database of the embedded Postgres (or
``DATABASE_URL``), so its peak RSS is its own. Requests come from ``--users``
people (default 100), each for its own working day; the driver presses
Confirm on every prompt as it appears and waits until every request is
completed. Two ways to send them:

- a burst (the default): ``--requests`` (default 500) posted all at once;
- ``--rate R``: a Poisson stream of R requests a second for ``--duration``
  seconds (default 60), the load of a steady day rather than a queue.

Measures (the last line):

- ``pg_round_trips_per_request``: the Postgres round trips of the bot per
  completed request (every statement, a transaction's BEGIN and COMMIT, and
  the prepares of statements a connection runs for the first time), counted
  by the bot itself (``ROUND_TRIPS_FILE``, ``leavebot.roundtrips``) from
  before the first post until the pipeline is quiet again: the last prompt
  edited, every mailbox message done. Idle polls in that time count too.
- ``http_calls_per_request``: the Slack Web API, Calendar and Harvest calls
  per request, as the sandboxes recorded them over the same time;
- burst: ``requests_per_s`` (requests completed per second, from the first
  post to the last completion) and ``confirm_to_synced_p50_ms`` / ``p99``
  (from pressing Confirm to the request being completed, both syncs done);
- ``--rate``: ``steady_confirm_to_synced_p50_ms`` / ``p99`` and the
  ``requests_per_s`` completed over the run;
- ``peak_rss_mb``: the peak resident memory (VmHWM) of the ``leave-bot all``
  process.

The lines before it give the counts by name, per request (round trips by
query name; calls by service and method; Socket Mode deliveries by kind),
then, on the line before the last, the CPU time per request of the bot, of
the Postgres backends of the bench's database (the bot's and the driver's,
read from ``/proc``; null when Postgres runs elsewhere) and of this process
(the sandboxes and the driver), over the same time: figures that say how much
work a request costs, whatever else the machine is doing. The driver asks the
database only for what changed (new prompts, new completions), so it stays
light.

``BENCH_BOT_LOG=FILE`` keeps the bot's log lines (warnings and up) in that file.

Prints one JSON object as its last line:
``{"bench": "pipeline", "results": {...}}``.
"""

from __future__ import annotations

import argparse
import json
import logging
import math
import os
import random
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import anyio
import structlog

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._people import people, working_days
from bench._pg import ROOT, fresh_database
from leavebot.db import Database
from leavebot.prompts import CONFIRM
from leavebot.sandbox.composite import Sandboxes
from leavebot.sandbox.harvest import SandboxHarvest
from leavebot.sandbox.slack import SlackSandbox
from leavebot.sandbox.wiring import environment_for, seed

LEAVE_BOT = str(Path(sys.executable).parent / "leave-bot")
PROMPTED = (
    "SELECT id, message_ts, prompt_ts FROM leave_requests"
    " WHERE status = 'pending' AND prompt_ts IS NOT NULL AND NOT (id = ANY($1::bigint[]))"
)
COMPLETED = (
    "SELECT id, extract(epoch FROM completed_at)::float8 AS completed FROM leave_requests"
    " WHERE status = 'completed' AND NOT (id = ANY($1::bigint[]))"
)
IN_FLIGHT = "SELECT count(*) FROM mailbox WHERE status IN ('ready', 'claimed')"
BACKENDS = "SELECT pid FROM pg_stat_activity WHERE datname = current_database()"


def environment(sandboxes: Sandboxes, url: str, admin_port: int, trips: Path) -> dict[str, str]:
    return environment_for(
        sandboxes,
        DATABASE_URL=url,
        ADMIN_TOKEN="b" * 40,
        ADMIN_PORT=str(admin_port),
        LOG_FORMAT="json",
        LOG_LEVEL="WARNING",
        SLACK_RATE_PER_S="100000",
        SLACK_BURST="100000",
        HARVEST_RATE_LIMIT="1000000",
        DB_POOL_MAX="20",
        ROUND_TRIPS_FILE=str(trips),
    )


def cpu_seconds(pid: int) -> float:
    """CPU time (user + system) the process has used so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def postgres_cpu(pids: list[int]) -> dict[int, float] | None:
    """CPU time of each of these Postgres backends (None when they are not processes here)."""
    out: dict[int, float] = {}
    for pid in pids:
        try:
            if not Path(f"/proc/{pid}/cmdline").read_bytes().startswith(b"postgres"):
                return None
            out[pid] = cpu_seconds(pid)
        except OSError:
            continue  # ended meanwhile
    return out


def peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def http_calls(sandboxes: Sandboxes) -> Counter[str]:
    """Every call the sandboxes have recorded so far, by service and method."""
    calls: Counter[str] = Counter()
    calls.update(f"slack {c.method}" for c in sandboxes.slack.calls)
    calls.update(f"calendar {c.op}" for c in sandboxes.calendar.calls)
    calls.update(f"harvest {c.op}" for c in sandboxes.harvest.calls)
    return calls


def socket_mode_events(sandboxes: Sandboxes) -> Counter[str]:
    """Socket Mode deliveries so far: a person's message, the bot's own post or edit, a click."""
    seen: Counter[str] = Counter()
    for d in sandboxes.slack.deliveries:
        if d.kind == "interactive":
            seen["click"] += 1
            continue
        event = d.payload.get("event") or {}
        if event.get("bot_id") or (event.get("message") or {}).get("bot_id"):
            seen["bot's own " + str(event.get("subtype") or "post")] += 1
        else:
            seen["person's " + str(event.get("subtype") or "message")] += 1
    return seen


@dataclass
class Snapshot:
    """What the bot, Postgres and this process had done at one moment."""

    trips: Counter[str]
    calls: Counter[str]
    events: Counter[str]
    bot_cpu_s: float
    postgres_cpu_s: dict[int, float] | None
    bench_cpu_s: float
    at: float = field(default_factory=time.time)


class Bot:
    """The ``leave-bot all`` process under test, and its round-trip counts."""

    def __init__(self, proc: subprocess.Popen[bytes], trips: Path) -> None:
        self.proc = proc
        self.trips = trips
        self.writes = 0

    async def round_trips(self) -> Counter[str]:
        """Ask the bot for its counts (SIGUSR1) and wait for the file it writes."""
        self.proc.send_signal(signal.SIGUSR1)
        with anyio.fail_after(10):
            while True:
                try:
                    data = json.loads(self.trips.read_text())
                except (OSError, ValueError):
                    data = {"writes": 0}
                if data["writes"] > self.writes:
                    self.writes = int(data["writes"])
                    return Counter(data["counts"])
                await anyio.sleep(0.01)


async def snapshot(bot: Bot, db: Database, sandboxes: Sandboxes) -> Snapshot:
    backends = [int(row["pid"]) for row in await db.fetch(BACKENDS)]
    return Snapshot(
        trips=await bot.round_trips(),
        calls=http_calls(sandboxes),
        events=socket_mode_events(sandboxes),
        bot_cpu_s=cpu_seconds(bot.proc.pid),
        postgres_cpu_s=postgres_cpu(backends),
        bench_cpu_s=time.process_time(),
    )


def per_request(before: Counter[str], after: Counter[str], n: int) -> dict[str, float]:
    diff = after - before
    return {k: round(v / n, 2) for k, v in sorted(diff.items(), key=lambda kv: -kv[1])}


def percentile(ordered: list[float], q: float) -> float:
    return round(ordered[int(q * (len(ordered) - 1))], 1)


@dataclass
class Driver:
    """Posts requests, presses Confirm on each prompt, and notes each completion."""

    db: Database
    sandboxes: Sandboxes
    posted: dict[str, str] = field(default_factory=dict)  # message ts -> user
    clicked: dict[int, float] = field(default_factory=dict)  # request id -> time pressed
    done: dict[int, float] = field(default_factory=dict)  # request id -> completed_at

    def post(self, user: str, text: str) -> None:
        self.posted[self.sandboxes.slack.post_user_message(user, text)] = user

    async def look(self) -> None:
        """Press Confirm on the new prompts; note the new completions."""
        slack = self.sandboxes.slack
        # Only what changed since the last look, so the driver stays light.
        for row in await self.db.fetch(PROMPTED, list(self.clicked)):
            self.clicked[int(row["id"])] = time.time()
            slack.click(self.posted[row["message_ts"]], row["prompt_ts"], f"{CONFIRM}:{row['id']}")
        for row in await self.db.fetch(COMPLETED, list(self.done)):
            self.done[int(row["id"])] = float(row["completed"])

    async def until_done(self, n: int, interval_s: float) -> None:
        while len(self.done) < n:
            await self.look()
            await anyio.sleep(interval_s)

    def latencies(self) -> list[float]:
        return sorted(
            (self.done[rid] - self.clicked[rid]) * 1000 for rid in self.done if rid in self.clicked
        )


def poisson_arrivals(rate: float, duration_s: float, seed: int) -> list[float]:
    """Arrival times (seconds from the start) of a Poisson stream of ``rate`` a second."""
    rng = random.Random(seed)
    times: list[float] = []
    t = rng.expovariate(rate)
    while t < duration_s:
        times.append(t)
        t += rng.expovariate(rate)
    return times


async def quiet(db: Database) -> None:
    """Until no mailbox message is waiting or being handled (the last edit made)."""
    with anyio.fail_after(60):
        while await db.fetchval(IN_FLIGHT):  # noqa: ASYNC110 - another process's state
            await anyio.sleep(0.05)


async def run(args: argparse.Namespace) -> dict[str, float]:
    url = await fresh_database("bench_pipeline")
    slack_people, harvest_people = people(args.users)
    harvest = SandboxHarvest(harvest_people, rate_limit=10_000_000, rate_window_s=15.0)
    sandboxes = Sandboxes(slack=SlackSandbox(slack_people), harvest=harvest)
    await sandboxes.start()
    db = await Database.open(url, min_size=2, max_size=6)
    proc: subprocess.Popen[bytes] | None = None
    tmp = tempfile.TemporaryDirectory(prefix="bench-pipeline-")
    trips = Path(tmp.name) / "round_trips.json"
    try:
        await seed(db, sandboxes)
        command = [LEAVE_BOT, "all"]
        if os.environ.get("BENCH_PROFILE"):  # cProfile the bot process into that file
            command = [sys.executable, "-m", "cProfile", "-o", os.environ["BENCH_PROFILE"]]
            command += ["-m", "leavebot.cli", "all"]
        log_file = open(os.environ.get("BENCH_BOT_LOG", os.devnull), "wb")  # noqa: SIM115, ASYNC230
        proc = subprocess.Popen(  # noqa: ASYNC220 - started once, before the measurement
            command,
            cwd=ROOT,
            env=environment(sandboxes, url, 18_000 + os.getpid() % 1000, trips),
            stdout=log_file,
            stderr=subprocess.STDOUT,
        )
        bot = Bot(proc, trips)
        await sandboxes.slack.wait_for_connections(1, timeout=60)
        await anyio.sleep(1.0)  # the actors' first claims and heartbeats are not the run's
        driver = Driver(db, sandboxes)
        if args.rate:
            arrivals = poisson_arrivals(args.rate, args.duration, args.seed)
            n = len(arrivals)
        else:
            arrivals = []
            n = args.requests
        days = working_days(-(-n // args.users))
        texts = [
            (slack_people[i % args.users].id, f"leave on {days[i // args.users].isoformat()}")
            for i in range(n)
        ]
        before = await snapshot(bot, db, sandboxes)
        started = time.time()
        with anyio.fail_after(args.limit_s):
            if args.rate:
                async with anyio.create_task_group() as tg:
                    tg.start_soon(driver.until_done, n, args.look_s)
                    start = time.monotonic()
                    for at, (user, text) in zip(arrivals, texts, strict=True):
                        await anyio.sleep(max(0.0, start + at - time.monotonic()))
                        driver.post(user, text)
            else:
                for user, text in texts:
                    driver.post(user, text)
                await driver.until_done(n, 0.01)
        finished = max(driver.done.values())
        await quiet(db)
        after = await snapshot(bot, db, sandboxes)
        failed = await db.fetchval("SELECT count(*) FROM leave_days WHERE status <> 'completed'")
        if failed:
            print(f"warning: {failed} days did not complete", file=sys.stderr)
        trips_by_name = per_request(before.trips, after.trips, n)
        calls_by_name = per_request(before.calls, after.calls, n)
        print(json.dumps({"pg_round_trips_by_name": trips_by_name}), flush=True)
        print(
            json.dumps(
                {
                    "http_calls_by_name": calls_by_name,
                    "socket_mode_events_by_kind": per_request(before.events, after.events, n),
                }
            ),
            flush=True,
        )
        postgres_ms = None
        if before.postgres_cpu_s is not None and after.postgres_cpu_s is not None:
            spent = sum(
                cpu - before.postgres_cpu_s.get(pid, 0.0)
                for pid, cpu in after.postgres_cpu_s.items()
            )
            postgres_ms = round(spent * 1000 / n, 1)
        bot_s = after.bot_cpu_s - before.bot_cpu_s
        print(
            json.dumps(
                {"bot_cpu_ms_per_request": round(bot_s * 1000 / n, 1),
                 "bot_cpu_share": round(bot_s / (after.at - before.at), 2),
                 "postgres_cpu_ms_per_request": postgres_ms,
                 "bench_cpu_ms_per_request":
                     round((after.bench_cpu_s - before.bench_cpu_s) * 1000 / n, 1)}
            ),
            flush=True,
        )  # fmt: skip
        ordered = driver.latencies()
        prefix = "steady_" if args.rate else ""
        return {
            "pg_round_trips_per_request": round(sum((after.trips - before.trips).values()) / n, 1),
            "http_calls_per_request": round(sum((after.calls - before.calls).values()) / n, 2),
            "requests_per_s": round(n / (finished - started), 1),
            f"{prefix}confirm_to_synced_p50_ms": round(statistics.median(ordered), 1),
            f"{prefix}confirm_to_synced_p99_ms": percentile(ordered, 0.99),
            "peak_rss_mb": round(peak_rss_mb(proc.pid), 1),
        }
    finally:
        if proc is not None:
            proc.terminate()
            proc.wait(timeout=20)
        await db.close()
        await sandboxes.stop()
        tmp.cleanup()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=500, help="the burst's size")
    parser.add_argument("--users", type=int, default=100)
    parser.add_argument("--rate", type=float, default=0.0, help="a steady Poisson stream instead")
    parser.add_argument("--duration", type=float, default=60.0, help="seconds of --rate")
    parser.add_argument("--seed", type=int, default=19, help="of the --rate arrival times")
    parser.add_argument("--look-s", type=float, default=0.01, help="the driver's polling")
    parser.add_argument("--limit-s", type=float, default=300.0)
    args = parser.parse_args()
    if args.rate < 0 or args.duration <= 0 or (args.rate and math.isinf(args.rate)):
        parser.error("--rate must be positive and finite, --duration positive")
    structlog.configure(wrapper_class=structlog.make_filtering_bound_logger(logging.WARNING))
    results = anyio.run(run, args)
    print(json.dumps({"bench": "pipeline", "results": results}))


if __name__ == "__main__":
    main()
