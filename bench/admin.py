"""Benchmark of the admin API over 100,000 leave days (issue 6).

Loads a fresh database (500 people, 100,000 days over two years grouped into
about 33,000 requests; some days failed, some cancelled) with COPY, then
serves the admin app in a second process (so the load generator does not
share its event loop) and measures from this one:

- p50/p99 of one filtered page of ``GET /api/leaves`` (by person, by status
  and category, by a month's date range, failed only: taken in turn);
- p50/p99 of ``GET /api/whos-out?date=`` (a working day, ~190 people out);
- p50/p99 of ``GET /api/stats`` for one month (~4,000 days, ~900 rows out);
  the whole-year figure (~47,000 days, ~9,300 rows, 840 KB of JSON) is
  printed on the line before the last, not a target;
- requests per second of the leaves list with 50 concurrent clients.

The server is the admin app as deployed, with its page cache: the list's
answers are kept until the data changes, so in this read-only run a query
asked before is served from memory (the person pages, 500 of them, are mostly
first asked during the run). The line before the last also gives the list's
requests per second from a second server without the cache
(``leaves_rps_uncached``), what a run of writes between the reads would see.

Prints one JSON object as its last line:
``{"bench": "admin", "results": {"leaves_p99_ms": x, "whos_out_p99_ms": x,
"stats_p99_ms": x, "leaves_rps": x}}`` (the p50s are on the line before).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import datetime as dt
import json
import logging
import os
import random
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import aiohttp
import asyncpg
import structlog

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._pg import fresh_database
from leavebot.db import connect

SELF = str(Path(__file__).resolve())
TOKEN = "bench-admin-token-" + "x" * 32
PEOPLE = 500
DAYS = 100_000
CLIENTS = 50
FIRST = dt.date(2025, 1, 1)
LAST = dt.date(2026, 12, 31)


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def working_days() -> list[dt.date]:
    out, day = [], FIRST
    while day <= LAST:
        if day.weekday() < 5:
            out.append(day)
        day += dt.timedelta(days=1)
    return out


async def load(url: str, seed: int = 6) -> list[dt.date]:
    """COPY people, requests and days into the fresh database; the working days used."""
    rng = random.Random(seed)
    workdays = working_days()
    per_person = DAYS // PEOPLE
    now = dt.datetime.now(dt.UTC)
    users, requests, days = [], [], []
    request_id = day_id = 0
    for uid in range(1, PEOPLE + 1):
        users.append(
            (uid, f"U{uid:08d}", f"Person {uid:03d}", f"p{uid}@example.com",
             4_000_000 + uid if uid % 10 else None, "Asia/Kolkata", True, now, now)
        )  # fmt: skip
        chosen = sorted(rng.sample(workdays, per_person))
        while chosen:
            size = rng.choice((1, 1, 2, 3, 5))
            group, chosen = chosen[:size], chosen[size:]
            request_id += 1
            category = "sick" if rng.random() < 0.2 else "vacation"
            portions = ["full" if rng.random() < 0.85 else rng.choice(("am", "pm")) for _ in group]
            created = dt.datetime.combine(group[0], dt.time(9), dt.UTC) - dt.timedelta(
                days=rng.randint(1, 20), seconds=rng.randint(0, 86_399)
            )
            fate = rng.random()
            day_status = "failed" if fate < 0.03 else "cancelled" if fate < 0.08 else "completed"
            outcome = {
                "state": "partial" if day_status == "failed" else "done",
                "operation": "create",
                "failures": ["Harvest: HTTP 500."] if day_status == "failed" else [],
            }
            requests.append(
                (request_id, uid, "leave", category,
                 json.dumps([{"date": d.isoformat(), "portion": p}
                             for d, p in zip(group, portions, strict=True)]),
                 "off for a few days", "C0LEAVE", f"{1_700_000_000 + request_id}.000100",
                 f"{1_700_000_000 + request_id}.000100", "completed", json.dumps(outcome),
                 created + dt.timedelta(hours=1), created, created, created, created)
            )  # fmt: skip
            for day, portion in zip(group, portions, strict=True):
                day_id += 1
                harvest = "failed" if day_status == "failed" else "done"
                if day_status == "cancelled":
                    harvest = "deleted"
                days.append(
                    (day_id, request_id, uid, day, portion, category, day_status,
                     "deleted" if day_status == "cancelled" else "done", harvest, created, created)
                )  # fmt: skip
    conn = await asyncpg.connect(url)
    try:
        await conn.copy_records_to_table(
            "users",
            records=users,
            columns=["id", "slack_user_id", "display_name", "email", "harvest_user_id",
                     "timezone", "active", "created_at", "updated_at"],
        )  # fmt: skip
        await conn.copy_records_to_table(
            "leave_requests",
            records=requests,
            columns=["id", "user_id", "intent", "category", "days", "source_text", "channel_id",
                     "thread_ts", "message_ts", "status", "outcome", "expires_at", "created_at",
                     "updated_at", "confirmed_at", "completed_at"],
        )  # fmt: skip
        await conn.copy_records_to_table(
            "leave_days",
            records=days,
            columns=["id", "request_id", "user_id", "day", "portion", "category", "status",
                     "calendar_status", "harvest_status", "created_at", "updated_at"],
        )  # fmt: skip
    finally:
        await conn.close()
    db = await connect(url)
    try:
        from leavebot.queries import Q

        await db.execute(Q.db_analyze)
    finally:
        await db.close()
    print(f"loaded {len(users)} people, {len(requests)} requests, {len(days)} days", flush=True)
    return workdays


# ------------------------------------------------------------------ server


async def serve(url: str, page_cache_entries: int) -> None:
    """The admin app on a free port (child process); prints the port, runs until stdin closes."""
    from aiohttp import web

    from leavebot.admin.app import create_app
    from leavebot.db import Database
    from leavebot.processes import settle_heap

    structlog.configure(wrapper_class=structlog.make_filtering_bound_logger(logging.WARNING))
    db = await Database.open(url, min_size=10, max_size=10)
    app = create_app(db, TOKEN, page_cache_entries=page_cache_entries)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    settle_heap()  # as `leave-bot web` does once it is up
    print(runner.addresses[0][1], flush=True)
    loop = asyncio.get_running_loop()
    await loop.run_in_executor(None, sys.stdin.read)
    await runner.cleanup()
    await db.close()


# ------------------------------------------------------------------ client


async def timed(http: aiohttp.ClientSession, url: str) -> float:
    start = time.perf_counter()
    async with http.get(url, headers={"Authorization": f"Bearer {TOKEN}"}) as resp:
        await resp.read()
        if resp.status != 200:
            raise RuntimeError(f"{url} answered {resp.status}")
    return (time.perf_counter() - start) * 1000


async def latencies(
    http: aiohttp.ClientSession, make: Callable[[int], str], n: int, warmup: int = 30
) -> list[float]:
    for i in range(warmup):
        await timed(http, make(i))
    return [await timed(http, make(i)) for i in range(n)]


async def rps(http: aiohttp.ClientSession, make: Callable[[int], str], total: int) -> float:
    counter = iter(range(total))

    async def client() -> None:
        for i in counter:
            await timed(http, make(i))

    start = time.perf_counter()
    await asyncio.gather(*(client() for _ in range(CLIENTS)))
    return total / (time.perf_counter() - start)


def month_range(year: int, month: int) -> str:
    last = (dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)).day
    return f"from={year}-{month:02d}-01&to={year}-{month:02d}-{last}"


def leaves_urls(base: str, workdays: list[dt.date], rng: random.Random) -> Callable[[int], str]:
    """The list queries in turn: by person, by status and category, by month, failed only."""
    months = sorted({(d.year, d.month) for d in workdays})

    def leaves(i: int) -> str:
        kind = i % 4
        if kind == 0:
            return f"{base}/api/leaves?user_id={rng.randint(1, PEOPLE)}&limit=50"
        if kind == 1:
            return f"{base}/api/leaves?status=completed&category=sick&limit=50"
        if kind == 2:
            return f"{base}/api/leaves?{month_range(*rng.choice(months))}&limit=50"
        return f"{base}/api/leaves?failed=true&limit=50"

    return leaves


async def measure(
    base: str, workdays: list[dt.date], n: int, total: int
) -> tuple[dict[str, float], dict[str, object]]:
    """The results, and the figures of the line before the last."""
    rng = random.Random(7)
    months = sorted({(d.year, d.month) for d in workdays})
    leaves = leaves_urls(base, workdays, rng)

    def whos_out(i: int) -> str:
        return f"{base}/api/whos-out?date={rng.choice(workdays).isoformat()}"

    def stats_month(i: int) -> str:
        return f"{base}/api/stats?{month_range(*months[i % len(months)])}"

    def stats_year(i: int) -> str:
        year = 2025 + i % 2
        return f"{base}/api/stats?from={year}-01-01&to={year}-12-31"

    connector = aiohttp.TCPConnector(limit=CLIENTS)
    async with aiohttp.ClientSession(connector=connector) as http:
        lv = await latencies(http, leaves, n)
        wo = await latencies(http, whos_out, n)
        st = await latencies(http, stats_month, n)
        sy = await latencies(http, stats_year, max(50, n // 10), warmup=5)
        await rps(http, leaves, 500)  # warm every connection
        per_s = await rps(http, leaves, total)
    extra: dict[str, object] = {
        "p50_ms": {"leaves": round(pct(lv, 0.5), 2), "whos_out": round(pct(wo, 0.5), 2),
                   "stats": round(pct(st, 0.5), 2), "stats_year": round(pct(sy, 0.5), 2)},
        "p99_ms": {"stats_year": round(pct(sy, 0.99), 2)},
    }  # fmt: skip
    results = {
        "leaves_p99_ms": round(pct(lv, 0.99), 2),
        "whos_out_p99_ms": round(pct(wo, 0.99), 2),
        "stats_p99_ms": round(pct(st, 0.99), 2),
        "leaves_rps": round(per_s, 1),
    }
    return results, extra


async def measure_uncached(base: str, workdays: list[dt.date], total: int) -> float:
    """Requests per second of the same list mix from a server without the page cache."""
    leaves = leaves_urls(base, workdays, random.Random(7))
    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=CLIENTS)) as http:
        await rps(http, leaves, 500)
        return round(await rps(http, leaves, total), 1)


@contextlib.asynccontextmanager
async def server(url: str, page_cache_entries: int) -> AsyncIterator[str]:
    """The admin app in a child process; its base URL."""
    child = await asyncio.create_subprocess_exec(
        sys.executable, SELF, "--serve", url, "--page-cache", str(page_cache_entries),
        stdin=subprocess.PIPE, stdout=subprocess.PIPE,
    )  # fmt: skip
    try:
        assert child.stdout is not None
        port = int(await child.stdout.readline())
        yield f"http://127.0.0.1:{port}"
    finally:
        assert child.stdin is not None
        child.stdin.close()
        await asyncio.wait_for(child.wait(), 30)


async def main(n: int, total: int) -> dict[str, float]:
    structlog.configure(wrapper_class=structlog.make_filtering_bound_logger(logging.WARNING))
    url = await fresh_database("bench_admin")
    workdays = await load(url)
    async with server(url, 512) as base:
        results, extra = await measure(base, workdays, n, total)
    async with server(url, 0) as base:
        extra["leaves_rps_uncached"] = await measure_uncached(base, workdays, total)
    print(json.dumps(extra), flush=True)
    return results


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--samples", type=int, default=1000, help="requests per latency figure")
    parser.add_argument("--requests", type=int, default=5000, help="requests of the rps run")
    parser.add_argument("--serve", metavar="URL", help=argparse.SUPPRESS)
    parser.add_argument("--page-cache", type=int, default=512, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        asyncio.run(serve(args.serve, args.page_cache))
    else:
        os.environ.setdefault("LOG_LEVEL", "WARNING")
        results = asyncio.run(main(args.samples, args.requests))
        print(json.dumps({"bench": "admin", "results": results}))
