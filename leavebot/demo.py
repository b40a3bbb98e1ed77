"""``leave-bot demo``: the whole bot against the sandbox services, no secret needed.

It starts the embedded Postgres (``.leavebot/demo-pgdata``, or
``DATABASE_URL``), applies the migrations, starts every sandbox (Slack,
OpenAI, Google Calendar, Harvest) on one port (the chat page at ``/``),
registers the sandbox's registered people with their Harvest ids, and runs
the ``all`` tree pointed at the sandboxes until Ctrl-C.

The demo's clock is the bot's (``runtime.clock``): ``GET /sandbox/clock`` shows
it and ``POST /sandbox/clock`` ``{"to": "next_digest"}`` moves it to the next
working morning's digest time, so the digest actor posts it as it would at
that time (the chat page's "Next digest" button); ``{"advance_s": N}`` moves
it by N seconds and ``{"reset": true}`` back to the real time.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from pathlib import Path
from typing import Any

import anyio
import structlog
from aiohttp import web

from leavebot import digest
from leavebot.calendars import author_calendar
from leavebot.channels import Channels
from leavebot.db import Database, resolve_url
from leavebot.migrate import apply_migrations
from leavebot.processes import run_tree
from leavebot.queries import Q
from leavebot.runtime import Runtime
from leavebot.sandbox.composite import Sandboxes
from leavebot.sandbox.wiring import seed, settings_for
from leavebot.settings import Settings

log = structlog.get_logger(__name__)

DEMO_ADMIN_TOKEN = "demo-admin-token"  # noqa: S105 - the demo's published token
DEMO_DATA_DIR = Path(".leavebot/demo-pgdata")


async def next_digest_at(runtime: Runtime) -> tuple[dt.datetime, dt.date]:
    """The next moment a digest is due after the bot's now, and its date."""
    config = await runtime.config.get()
    calendar = author_calendar(config, None)
    now = runtime.clock.now().astimezone(calendar.zone)
    day = now.date()
    for _ in range(400):
        if calendar.is_working_day(day):
            due = digest.due_at(day, config.digest_time, calendar)
            if due > now:
                return due, day
        day += dt.timedelta(days=1)
    raise ValueError("no working day within a year")


async def clock_state(runtime: Runtime) -> dict[str, Any]:
    config = await runtime.config.get()
    calendar = author_calendar(config, None)
    now = runtime.clock.now().astimezone(calendar.zone)
    due, day = await next_digest_at(runtime)
    return {
        "now": now.isoformat(),
        "local": f"{now:%a} {now.day} {now:%b %H:%M}",
        "zone": calendar.timezone,
        "offset_s": round(runtime.clock.offset_s, 3),
        "digest_enabled": config.digest_enabled,
        "digest_time": config.digest_time,
        "next_digest": due.isoformat(),
        "next_digest_day": day.isoformat(),
    }


def add_clock_routes(app: web.Application, runtimes: dict[str, Runtime]) -> None:
    """``GET|POST /sandbox/clock`` on the sandboxes' app, for the demo's runtime."""

    def runtime_of() -> Runtime:
        found = runtimes.get("demo")
        if found is None:
            raise web.HTTPServiceUnavailable(text="the bot is starting")
        return found

    async def get_clock(request: web.Request) -> web.Response:
        return web.json_response(await clock_state(runtime_of()))

    async def post_clock(request: web.Request) -> web.Response:
        runtime = runtime_of()
        try:
            body = await request.json()
        except ValueError:
            body = None
        if not isinstance(body, dict):
            return web.json_response({"error": "the body must be a JSON object"}, status=400)
        before = runtime.clock.now()
        day = None
        if body.get("to") == "next_digest":
            due, day = await next_digest_at(runtime)
            runtime.clock.set(due)
        elif isinstance(body.get("advance_s"), int | float) and not isinstance(
            body.get("advance_s"), bool
        ):
            runtime.clock.advance(float(body["advance_s"]))
        elif body.get("reset") is True:
            runtime.clock.set(dt.datetime.now(dt.UTC))
        else:
            return web.json_response(
                {"error": 'give {"to": "next_digest"}, {"advance_s": N} or {"reset": true}'},
                status=400,
            )
        state = await clock_state(runtime)
        log.info("demo.clock_moved", now=before.isoformat(), to=state["now"])
        return web.json_response({**state, "day": day.isoformat() if day else None})

    app.router.add_get("/sandbox/clock", get_clock)
    app.router.add_post("/sandbox/clock", post_clock)


async def run_demo(url: str, port: int, admin_port: int, host: str = "127.0.0.1") -> None:
    sandboxes = Sandboxes(admin_token=DEMO_ADMIN_TOKEN)
    runtimes: dict[str, Runtime] = {}
    add_clock_routes(sandboxes.app, runtimes)
    base = await sandboxes.start(host, port)
    os.environ["OPENAI_API_KEY"] = sandboxes.openai.api_key or "demo"
    os.environ["OPENAI_BASE_URL"] = sandboxes.openai.base_url
    settings = settings_for(
        sandboxes,
        admin_token=DEMO_ADMIN_TOKEN,
        admin_host=host,
        admin_port=admin_port,
        slack_rate_per_s=20.0,
    )
    db = await Database.open(url, min_size=1, max_size=10)
    runtime = Runtime(settings=settings, db=db, channels=Channels(db), process="demo", demo=True)
    runtimes["demo"] = runtime
    try:
        people = await seed(db, sandboxes)
        # Two holiday regions in one company: India for all, California for Maya.
        await db.execute(Q.config_put, "holiday_region", "IN", "demo")
        await db.execute(Q.user_set_holiday_region, "U0MAYA003", "US-CA")
        sandboxes.admin_api = f"http://{host}:{admin_port}/api"
        async with anyio.create_task_group() as tg:
            await tg.start(run_tree, "all", runtime)
            print(
                f"\nleavebot demo is running.\n"
                f"  chat page:  {base}/\n"
                f"  sandboxes:  {base}/sandbox\n"
                f"  admin API:  {sandboxes.admin_api} (Bearer {DEMO_ADMIN_TOKEN})\n"
                f"  dashboard:  http://{host}:{admin_port}/admin\n"
                f"  {people} registered people; Ctrl-C stops everything.\n",
                file=sys.stderr,
                flush=True,
            )
    finally:
        with anyio.CancelScope(shield=True):
            await runtime.close()
            await db.close()
            await sandboxes.stop()
    log.info("demo.stopped")


def main(port: int, admin_port: int | None) -> int:
    settings = Settings()
    database_url = settings.database_url.get_secret_value() if settings.database_url else None
    url = resolve_url(database_url, DEMO_DATA_DIR)
    apply_migrations(url)
    anyio.run(run_demo, url, port, admin_port if admin_port is not None else port + 1)
    return 0
