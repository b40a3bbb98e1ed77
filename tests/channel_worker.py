"""A receiving process for the kill -9 channel test.

Usage: ``python -m tests.channel_worker DATABASE_URL DELAY_S``. It serves the
``probe`` inbox, and for each ping writes the sequence number into the
``handled`` table in the same transaction as the ack, sleeping ``DELAY_S``
inside the transaction so a kill can land mid-handler.
"""

from __future__ import annotations

import sys

import anyio

from leavebot.channels import Channels, Delivery
from leavebot.db import Database
from leavebot.messages import Ping


async def main(url: str, delay_s: float) -> None:
    db = await Database.open(url, min_size=1, max_size=4)
    channels = Channels(db)
    inbox = channels.inbox("probe", batch=8, claim_timeout_s=1.0, poll_interval_s=0.1)

    async def handle(delivery: Delivery) -> None:
        message = delivery.message
        assert isinstance(message, Ping)
        async with delivery.complete() as tx:
            await tx.conn.execute(
                "INSERT INTO handled (seq, pid) VALUES ($1, pg_backend_pid())", message.seq
            )
            await anyio.sleep(delay_s)

    async with anyio.create_task_group() as tg:
        await tg.start(channels.listen)
        print("ready", flush=True)
        await inbox.serve(handle)


if __name__ == "__main__":
    anyio.run(main, sys.argv[1], float(sys.argv[2]))
