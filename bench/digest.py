"""Benchmark of the morning who's-out post and of the Home tab, at 10,000 people.

One process runs the sandbox Slack (Web API over real local sockets), a fresh
database of the embedded Postgres (or ``DATABASE_URL``) and the bot's own
digest and home actors' code (``actors/digest.py``, ``actors/home.py``) with
the real slack_sdk client. The data: 10,000 people; on the bench's Monday 500
of them are out (full days, mornings, afternoons) and 1,000 later that week;
60,000 more days of leave spread over the year around it.

Measures:

- ``digest_ms_10k``: one date's digest from start to end, as the actor runs it
  at 09:30: the durable claim, the query of the week's days, building the
  post, ``chat.postMessage`` to the sandbox, and closing the claim. The
  median of 15 runs (each on a fresh claim of the date); the line before the
  last also gives the slowest run and where the time of one run goes.
- ``home_publish_p99_ms`` (and p50): publishing one person's Home tab as the
  home actor does on a change of their leave: read the person's requests and
  days, build the view, ``views.publish``, keep its hash. 300 people, each
  with the leave the data gives them.

Prints one JSON object as its last line:
``{"bench": "digest", "results": {"digest_ms_10k": ..., "home_publish_p50_ms": ...,
"home_publish_p99_ms": ...}}``.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import random
import statistics
import sys
import time
from pathlib import Path
from zoneinfo import ZoneInfo

import anyio
import asyncpg
import structlog

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from actors.digest import DigestActor
from actors.home import HomeActor
from bench._people import people
from bench._pg import fresh_database
from leavebot import digest
from leavebot.channels import Channels
from leavebot.db import Database
from leavebot.queries import Q
from leavebot.runtime import Runtime
from leavebot.sandbox.slack import SlackSandbox
from leavebot.settings import Settings

PEOPLE = 10_000
OUT_TODAY = 500
OUT_LATER = 1_000
BACKGROUND_DAYS = 60_000
DIGEST_RUNS = 15
HOME_PEOPLE = 300
KOLKATA = ZoneInfo("Asia/Kolkata")


def bench_monday() -> dt.date:
    """The Monday after next: the same weekday shape whatever day the bench runs."""
    today = dt.date.today()
    return today + dt.timedelta(days=14 - today.weekday())


async def load(url: str, monday: dt.date) -> None:
    rng = random.Random(18)
    now = dt.datetime.now(dt.UTC)
    users = [
        (uid, f"U{uid:08d}", f"Person {uid:05d}", f"p{uid}@example.com", "Asia/Kolkata", True)
        for uid in range(1, PEOPLE + 1)
    ]
    requests: list[tuple[object, ...]] = []
    days: list[tuple[object, ...]] = []
    taken: set[tuple[int, dt.date]] = set()

    def book(uid: int, day: dt.date, portion: str) -> None:
        if (uid, day) in taken or day.weekday() >= 5:
            return
        taken.add((uid, day))
        rid = len(requests) + 1
        category = "sick" if rng.random() < 0.2 else "vacation"
        asked = json.dumps([{"date": day.isoformat(), "portion": portion}])
        ts = f"{1_700_000_000 + rid}.000100"
        requests.append(
            (rid, uid, "leave", category, asked, "off", "C0LEAVE01", ts, ts, "completed",
             now, now - dt.timedelta(days=rng.randint(0, 40)))
        )  # fmt: skip
        days.append((len(days) + 1, rid, uid, day, portion, category, "completed", "done", "done"))

    portions = ("full", "full", "full", "am", "pm")
    for uid in range(1, OUT_TODAY + 1):
        book(uid, monday, rng.choice(portions))
    for uid in range(OUT_TODAY + 1, OUT_TODAY + OUT_LATER + 1):
        book(uid, monday + dt.timedelta(days=rng.randint(1, 4)), rng.choice(portions))
    while len(days) < OUT_TODAY + OUT_LATER + BACKGROUND_DAYS:
        uid = rng.randint(1, PEOPLE)
        day = monday + dt.timedelta(days=rng.randint(-200, 200))
        if monday <= day <= digest.week_end(monday):
            continue
        book(uid, day, rng.choice(portions))
    conn = await asyncpg.connect(url)
    try:
        await conn.copy_records_to_table(
            "users",
            records=users,
            columns=["id", "slack_user_id", "display_name", "email", "timezone", "active"],
        )
        await conn.copy_records_to_table(
            "leave_requests",
            records=requests,
            columns=["id", "user_id", "intent", "category", "days", "source_text", "channel_id",
                     "thread_ts", "message_ts", "status", "expires_at", "created_at"],
        )  # fmt: skip
        await conn.copy_records_to_table(
            "leave_days",
            records=days,
            columns=["id", "request_id", "user_id", "day", "portion", "category", "status",
                     "calendar_status", "harvest_status"],
        )  # fmt: skip
        await conn.execute(Q.db_analyze)
    finally:
        await conn.close()
    print(f"loaded {len(users)} people, {len(days)} days", flush=True)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


async def main() -> None:
    structlog.configure(wrapper_class=structlog.make_filtering_bound_logger(logging.WARNING))
    os.environ.pop("OPENAI_API_KEY", None)
    monday = bench_monday()
    url = await fresh_database("leavebot_bench_digest")
    await load(url, monday)
    slack = SlackSandbox(people(HOME_PEOPLE)[0])  # those whose Home tabs are published
    await slack.start()
    db = await Database.open(url, min_size=2, max_size=4)
    try:
        settings = Settings.model_validate(
            {
                "slack_bot_token": slack.bot_token,
                "slack_app_token": slack.app_token,
                "slack_api_url": slack.api_url,
                "slack_channel_id": slack.channel_id,
                "slack_rate_per_s": 1000.0,
                "slack_burst": 1000,
            }
        )
        runtime = Runtime(settings=settings, db=db, channels=Channels(db), process="bench")
        runtime.clock.set(dt.datetime.combine(monday, dt.time(9, 30), KOLKATA))
        config = await runtime.config.get()
        actor = DigestActor(runtime)
        await runtime.slack().web.auth_test()  # the keep-alive connection, as a running bot has

        runs: list[float] = []
        for _ in range(DIGEST_RUNS):
            await db.execute("DELETE FROM digest_runs")
            started = time.perf_counter()
            await actor.run(monday, config, late=False)
            runs.append((time.perf_counter() - started) * 1000)
        row = await db.fetchrow(Q.digest_run_get, monday)
        assert row is not None
        assert row["status"] == "posted", row
        assert (row["people_today"], row["people_later"]) == (OUT_TODAY, OUT_LATER), row
        posted = slack.message(row["message_ts"])
        assert posted is not None
        assert f"Out today ({OUT_TODAY})" in json.dumps(posted["blocks"])

        # Where one run's time goes.
        t0 = time.perf_counter()
        rows = await db.fetch(Q.digest_days, monday, digest.week_end(monday))
        t1 = time.perf_counter()
        made = digest.build(monday, rows, show_category=False)
        t2 = time.perf_counter()
        await runtime.slack().post(slack.channel_id, made.text, made.blocks)
        t3 = time.perf_counter()

        home = HomeActor(runtime)
        persons = [dict(r) for r in await db.fetch(
            "SELECT id, slack_user_id, display_name, active, holiday_region FROM users"
            " WHERE id <= $1 ORDER BY id", HOME_PEOPLE)]  # fmt: skip
        for person in persons[:20]:  # warm: the first views of a process build its caches
            await home.publish(person, None)
        times: list[float] = []
        for person in persons:
            started = time.perf_counter()
            await home.publish(person, None)
            times.append((time.perf_counter() - started) * 1000)
        views = [slack.home_view(str(p["slack_user_id"])) for p in persons]
        assert all(v is not None and v["type"] == "home" for v in views)
        blocks = statistics.mean(len(v["blocks"]) for v in views if v is not None)

        print(
            json.dumps(
                {
                    "digest_runs_ms": [round(r, 1) for r in runs],
                    "digest_max_ms": round(max(runs), 1),
                    "query_ms": round((t1 - t0) * 1000, 1),
                    "rows": len(rows),
                    "build_ms": round((t2 - t1) * 1000, 1),
                    "post_ms": round((t3 - t2) * 1000, 1),
                    "blocks": len(made.blocks),
                    "home_views": len(times),
                    "home_blocks_mean": round(blocks, 1),
                }
            )
        )
        print(
            json.dumps(
                {
                    "bench": "digest",
                    "results": {
                        "digest_ms_10k": round(statistics.median(runs), 1),
                        "home_publish_p50_ms": round(percentile(times, 0.5), 1),
                        "home_publish_p99_ms": round(percentile(times, 0.99), 1),
                    },
                }
            )
        )
    finally:
        await runtime.close()
        await db.close()
        await slack.stop()


if __name__ == "__main__":
    anyio.run(main)
