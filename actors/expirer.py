"""The expirer actor: a timer that expires pending requests past ``expires_at``.

Every few minutes it also does the housekeeping: handled mailbox rows are
forgotten after a day and Slack event ids after a week.

It works from the database, not from timers in memory, so a restart loses
nothing: each tick expires a batch with a guarded UPDATE and, in the same
transaction, tells the tracker to take the buttons off those prompts.
"""

from __future__ import annotations

import time

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


KEEP_DONE_S = 24 * 3600.0
KEEP_EVENT_IDS_S = 7 * 24 * 3600.0
HOUSEKEEPING_EVERY_S = 600.0


async def housekeeping(runtime: Runtime) -> tuple[int, int]:
    """Forget handled mailbox rows after a day and Slack event ids after a week."""
    done = await runtime.db.execute(Q.mailbox_prune_done, KEEP_DONE_S)
    events = await runtime.db.execute(Q.slack_events_prune, KEEP_EVENT_IDS_S)
    counts = (int(done.split()[-1]), int(events.split()[-1]))
    if any(counts):
        log.info("expirer.pruned", actor="expirer", messages=counts[0], event_ids=counts[1])
    return counts


def child(runtime: Runtime, interval_s: float | None = None) -> ChildSpec:
    every = interval_s if interval_s is not None else runtime.settings.expiry_check_s

    async def run(*, task_status: anyio.abc.TaskStatus[None]) -> None:
        task_status.started()
        next_housekeeping = 0.0
        while True:
            try:
                await expire_due(runtime)
                if time.monotonic() >= next_housekeeping:
                    await housekeeping(runtime)
                    next_housekeeping = time.monotonic() + HOUSEKEEPING_EVERY_S
            except DB_UNAVAILABLE as exc:  # Postgres restarting: try again next tick
                log.warning("expirer.database_unavailable", actor="expirer", error=str(exc))
            await anyio.sleep(every)

    return ChildSpec(name="expirer", start=run, restart="permanent")
