"""``leave-bot demo``: the whole bot against the sandbox services, no secret needed.

It starts the embedded Postgres (``.leavebot/demo-pgdata``, or
``DATABASE_URL``), applies the migrations, starts every sandbox (Slack,
OpenAI, Google Calendar, Harvest) on one port (the chat page at ``/``),
registers the sandbox's registered people with their Harvest ids, and runs
the ``all`` tree pointed at the sandboxes until Ctrl-C.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import anyio
import structlog

from leavebot.channels import Channels
from leavebot.db import Database, resolve_url
from leavebot.migrate import apply_migrations
from leavebot.processes import run_tree
from leavebot.runtime import Runtime
from leavebot.sandbox.composite import Sandboxes
from leavebot.sandbox.wiring import seed, settings_for
from leavebot.settings import Settings

log = structlog.get_logger(__name__)

DEMO_ADMIN_TOKEN = "demo-admin-token"  # noqa: S105 - the demo's published token
DEMO_DATA_DIR = Path(".leavebot/demo-pgdata")


async def run_demo(url: str, port: int, admin_port: int, host: str = "127.0.0.1") -> None:
    sandboxes = Sandboxes(admin_token=DEMO_ADMIN_TOKEN)
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
    try:
        people = await seed(db, sandboxes)
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
