"""Benchmark of the whole pipeline: Slack message -> prompt -> Confirm -> Calendar + Harvest.

This process runs every sandbox (Slack, Calendar, Harvest, answering at once:
no faults, rate limits lifted) on one port, and ``leave-bot all`` runs as a
separate process on a fresh database of the embedded Postgres (or
``DATABASE_URL``), so its peak RSS is its own. ``--requests`` requests
(default 500) come from ``--users`` people (default 100), each for its own
working day; the driver posts them all at once, presses Confirm on every
prompt as it appears, and waits until every request is completed.

Measures:

- ``requests_per_s``: requests completed per second, from the first post to
  the last completion;
- ``confirm_to_synced_p50_ms`` / ``p99``: from pressing Confirm to the
  request being completed (both syncs done), per request;
- ``peak_rss_mb``: the peak resident memory (VmHWM) of the ``leave-bot all``
  process.

The line before the last gives the bot's CPU time per request and its share
of one core over the run: figures that say how much work a request costs,
whatever else the machine is doing. Beside them, the CPU per request of the
rest of the machine's work for it: the Postgres backends of the bench's
database (the bot's and the driver's, read from ``/proc``; null when
Postgres runs elsewhere) and this process (the sandboxes and the driver).
The driver asks the database only for what changed (new prompts, new
completions), so it stays light.

Prints one JSON object as its last line:
``{"bench": "pipeline", "results": {...}}``.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import statistics
import subprocess
import sys
import time
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


def environment(sandboxes: Sandboxes, url: str, admin_port: int) -> dict[str, str]:
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
    )


def cpu_seconds(pid: int) -> float:
    """CPU time (user + system) the process has used so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def postgres_cpu_seconds(pids: list[int]) -> float | None:
    """CPU time of these Postgres backends (None when they are not processes here)."""
    total = 0.0
    for pid in pids:
        try:
            if not Path(f"/proc/{pid}/cmdline").read_bytes().startswith(b"postgres"):
                return None
            total += cpu_seconds(pid)
        except OSError:
            return None
    return total


def peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


async def run(n_requests: int, n_users: int, limit_s: float) -> dict[str, float]:
    url = await fresh_database("bench_pipeline")
    slack_people, harvest_people = people(n_users)
    harvest = SandboxHarvest(harvest_people, rate_limit=10_000_000, rate_window_s=15.0)
    sandboxes = Sandboxes(slack=SlackSandbox(slack_people), harvest=harvest)
    await sandboxes.start()
    db = await Database.open(url, min_size=2, max_size=6)
    proc: subprocess.Popen[bytes] | None = None
    try:
        await seed(db, sandboxes)
        command = [LEAVE_BOT, "all"]
        if os.environ.get("BENCH_PROFILE"):  # cProfile the bot process into that file
            command = [sys.executable, "-m", "cProfile", "-o", os.environ["BENCH_PROFILE"]]
            command += ["-m", "leavebot.cli", "all"]
        proc = subprocess.Popen(  # noqa: ASYNC220 - started once, before the measurement
            command,
            cwd=ROOT,
            env=environment(sandboxes, url, 18_000 + os.getpid() % 1000),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        await sandboxes.slack.wait_for_connections(1, timeout=60)
        per_user = -(-n_requests // n_users)
        days = working_days(per_user)
        slack = sandboxes.slack
        started = time.time()
        bench_cpu_start = time.process_time()
        posted: dict[str, str] = {}  # message ts -> user
        for i in range(n_requests):
            user = slack_people[i % n_users]
            day = days[i // n_users]
            ts = slack.post_user_message(user.id, f"leave on {day.isoformat()}")
            posted[ts] = user.id
        clicked: dict[int, float] = {}
        done: dict[int, float] = {}
        with anyio.fail_after(limit_s):
            while len(done) < n_requests:
                # Only what changed since the last look, so the driver stays light.
                for row in await db.fetch(PROMPTED, list(clicked)):
                    clicked[int(row["id"])] = time.time()
                    slack.click(
                        posted[row["message_ts"]], row["prompt_ts"], f"{CONFIRM}:{row['id']}"
                    )
                for row in await db.fetch(COMPLETED, list(done)):
                    done[int(row["id"])] = float(row["completed"])
                await anyio.sleep(0.01)
        finished = max(done.values())
        latencies = [(done[rid] - clicked[rid]) * 1000 for rid in done if rid in clicked]
        failed = await db.fetchval("SELECT count(*) FROM leave_days WHERE status <> 'completed'")
        if failed:
            print(f"warning: {failed} days did not complete", file=sys.stderr)
        rss = peak_rss_mb(proc.pid)
        cpu_s = cpu_seconds(proc.pid)
        backends = await db.fetch(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database()"
        )
        postgres_s = postgres_cpu_seconds([int(row["pid"]) for row in backends])
        bench_s = time.process_time() - bench_cpu_start
        print(
            json.dumps(
                {"bot_cpu_ms_per_request": round(cpu_s * 1000 / n_requests, 1),
                 "bot_cpu_share": round(cpu_s / (finished - started), 2),
                 "postgres_cpu_ms_per_request":
                     None if postgres_s is None else round(postgres_s * 1000 / n_requests, 1),
                 "bench_cpu_ms_per_request": round(bench_s * 1000 / n_requests, 1)}
            ),
            flush=True,
        )  # fmt: skip
        ordered = sorted(latencies)
        return {
            "requests_per_s": round(n_requests / (finished - started), 1),
            "confirm_to_synced_p50_ms": round(statistics.median(ordered), 1),
            "confirm_to_synced_p99_ms": round(ordered[int(0.99 * (len(ordered) - 1))], 1),
            "peak_rss_mb": round(rss, 1),
        }
    finally:
        if proc is not None:
            proc.terminate()
            proc.wait(timeout=20)
        await db.close()
        await sandboxes.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=500)
    parser.add_argument("--users", type=int, default=100)
    parser.add_argument("--limit-s", type=float, default=300.0)
    args = parser.parse_args()
    structlog.configure(wrapper_class=structlog.make_filtering_bound_logger(logging.WARNING))
    results = anyio.run(run, args.requests, args.users, args.limit_s)
    print(json.dumps({"bench": "pipeline", "results": results}))


if __name__ == "__main__":
    main()
