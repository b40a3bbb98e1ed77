"""A worker process serving the ``calendar_syncer`` inbox, for the kill -9 recovery tests.

Usage: ``python -m tests.calendar_worker CLAIM_TIMEOUT_S`` with ``DATABASE_URL`` and the
``GOOGLE_*`` settings in the environment (the test points them at its sandbox). It runs
the real actor handler behind a real inbox with a short claim lease, so a message whose
receiver was killed comes back quickly.
"""

from __future__ import annotations

import sys

import anyio

from actors.calendar_syncer import CalendarSyncer
from leavebot.calendar_sync import CalendarClient
from leavebot.channels import Channels
from leavebot.db import Database
from leavebot.runtime import Runtime
from leavebot.settings import Settings


async def main(claim_timeout_s: float) -> None:
    settings = Settings(_env_file=None)
    url = settings.require("database_url", "the calendar worker")
    db = await Database.open(url, min_size=1, max_size=4)
    channels = Channels(db)
    runtime = Runtime(settings=settings, db=db, channels=channels, process="worker")
    syncer = CalendarSyncer(
        runtime, lambda: CalendarClient.from_settings(settings, timeout_s=60.0, backoff_s=0.05)
    )
    inbox = channels.inbox(
        "calendar_syncer", batch=1, claim_timeout_s=claim_timeout_s, poll_interval_s=0.1
    )
    async with anyio.create_task_group() as tg:
        await tg.start(channels.listen)
        print("ready", flush=True)
        await inbox.serve(syncer.handle)


if __name__ == "__main__":
    anyio.run(main, float(sys.argv[1]))
