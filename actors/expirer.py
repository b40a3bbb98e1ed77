"""The expirer actor: a timer that expires pending requests past ``expires_at``.

It works from the database, not from timers in memory, so a restart loses
nothing: each tick expires a batch with a guarded UPDATE and, in the same
transaction, tells the tracker to take the buttons off those prompts.
"""

from __future__ import annotations

import anyio
import anyio.abc
import structlog

from leavebot.db import DB_UNAVAILABLE
from leavebot.messages import RequestExpired
from leavebot.queries import Q
from leavebot.runtime import Runtime
from leavebot.supervisor import ChildSpec
from leavebot.types import RequestId

log = structlog.get_logger(__name__)

BATCH = 100


async def expire_due(runtime: Runtime) -> int:
    """Expire every pending request past its time; return how many."""
    total = 0
    while True:
        async with runtime.db.transaction() as tx:
            rows = await tx.conn.fetch(Q.requests_expire_due, BATCH)
            for row in rows:
                await runtime.channels.send(
                    tx,
                    "tracker",
                    RequestExpired(request_id=RequestId(row["id"])),
                    dedupe_key=f"expired:{row['id']}",
                )
        total += len(rows)
        if len(rows) < BATCH:
            if total:
                log.info("leave.requests_expired", actor="expirer", count=total)
            return total


def child(runtime: Runtime, interval_s: float | None = None) -> ChildSpec:
    every = interval_s if interval_s is not None else runtime.settings.expiry_check_s

    async def run(*, task_status: anyio.abc.TaskStatus[None]) -> None:
        task_status.started()
        while True:
            try:
                await expire_due(runtime)
            except DB_UNAVAILABLE as exc:  # Postgres restarting: try again next tick
                log.warning("expirer.database_unavailable", actor="expirer", error=str(exc))
            await anyio.sleep(every)

    return ChildSpec(name="expirer", start=run, restart="permanent")
