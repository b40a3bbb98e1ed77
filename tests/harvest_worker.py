"""A harvest_syncer process for the kill -9 recovery test.

Usage: ``python -m tests.harvest_worker``, with ``DATABASE_URL``,
``HARVEST_API_URL``, ``HARVEST_TOKEN`` and ``HARVEST_ACCOUNT_ID`` in the
environment (``CLAIM_TIMEOUT_S``: the claim lease, short so a lost claim
comes back quickly). It serves the ``harvest_syncer`` inbox with the real
actor and our Harvest client until it is killed.
"""

from __future__ import annotations

import os

import anyio

from actors import harvest_syncer
from leavebot.channels import Channels
from leavebot.db import Database
from leavebot.harvest import HarvestClient, RateLimiter
from leavebot.runtime import Runtime
from leavebot.settings import Settings


async def main() -> None:
    settings = Settings(_env_file=None)  # type: ignore[call-arg]
    url = settings.require("database_url", "the harvest worker")
    db = await Database.open(url, min_size=1, max_size=4)
    channels = Channels(db)
    runtime = Runtime(settings=settings, db=db, channels=channels, process="harvest-worker")
    # A long request timeout: the test holds an answer back and kills us meanwhile.
    client = HarvestClient.from_settings(settings, limiter=RateLimiter(1000, 1.0), timeout_s=60)
    spec = harvest_syncer.child(
        runtime, client=client, claim_timeout_s=float(os.environ.get("CLAIM_TIMEOUT_S", "2"))
    )
    try:
        async with anyio.create_task_group() as tg:
            await tg.start(channels.listen)
            await tg.start(spec.start)
            print("ready", flush=True)
    finally:
        with anyio.CancelScope(shield=True):
            await client.close()
            await db.close()


if __name__ == "__main__":
    anyio.run(main)
