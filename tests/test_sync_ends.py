"""The statements that end the two syncers' messages, run against each other.

Both settle the same days and move the same request along; two of them ending at
once for one request must wait for each other, never deadlock.
"""

from __future__ import annotations

import datetime as dt
import json

import anyio
import pytest

from leavebot.db import Database
from leavebot.queries import Q

pytestmark = pytest.mark.anyio

NOW = dt.datetime(2030, 3, 4, 9, tzinfo=dt.UTC)


async def _request(db: Database, user: int, n: int) -> tuple[int, list[int], list[int]]:
    """A confirmed request with two days, and a claimed SyncDays per syncer."""
    rid = await db.fetchval(
        "INSERT INTO leave_requests (user_id, intent, category, days, channel_id, thread_ts,"
        " message_ts, status, expires_at) VALUES ($1, 'leave', 'vacation', '[]', 'C1', $2, $2,"
        " 'confirmed', now() + interval '1 hour') RETURNING id",
        user,
        f"1.{n}",
    )
    days = [
        await db.fetchval(
            Q.day_insert, rid, user, dt.date(2030, 3, 4) + dt.timedelta(days=7 * n + i), "full",
            "vacation",
        )
        for i in range(2)
    ]  # fmt: skip
    messages = [
        await db.fetchval(
            "INSERT INTO mailbox (recipient, kind, payload, status, claimed_by, claimed_until,"
            " attempts) VALUES ($1, 'sync_days', '{}'::jsonb, 'claimed', 'test', now()"
            " + interval '1 hour', 1) RETURNING id",
            recipient,
        )
        for recipient in ("calendar_syncer", "harvest_syncer")
    ]
    return rid, days, messages


async def test_both_syncers_ending_at_once_never_deadlock(db: Database) -> None:
    user = await db.fetchval(Q.user_upsert, "U1", "Asha", None, 1, "UTC", True)
    requests = [await _request(db, user, n) for n in range(100)]
    done = json.dumps({"kind": "sync_done"})

    async def calendar(rid: int, days: list[int], message: int) -> None:
        await db.fetchrow(
            Q.calendar_created_and_ack,
            rid,
            days,
            ["create"] * 2,
            ["ok"] * 2,
            ["ev"] * 2,
            [None] * 2,
            [NOW] * 2,
            [1.0] * 2,
            days,
            ["done"] * 2,
            ["ev"] * 2,
            [None] * 2,
            days,
            "probe",
            "sync_done",
            done,
            None,
            None,
            None,
            message,
            "test",
        )

    async def harvest(rid: int, days: list[int], message: int) -> None:
        await db.fetchrow(
            Q.harvest_finished_and_ack,
            rid,
            days,
            ["create"] * 2,
            ["ok"] * 2,
            ["7", "8"],
            [None] * 2,
            [NOW] * 2,
            [1.0] * 2,
            days,
            ["done"] * 2,
            [7, 8],
            [None] * 2,
            days,
            "probe",
            "sync_done",
            done,
            None,
            None,
            None,
            message,
            "test",
        )

    with anyio.fail_after(30):
        async with anyio.create_task_group() as tg:
            for rid, days, (to_calendar, to_harvest) in requests:
                tg.start_soon(calendar, rid, days, to_calendar)
                tg.start_soon(harvest, rid, days, to_harvest)
    statuses = await db.fetch("SELECT DISTINCT status FROM leave_days")
    assert [r["status"] for r in statuses] == ["completed"]
    assert await db.fetchval("SELECT count(*) FROM mailbox WHERE kind = 'sync_done'") == 200
    processing = await db.fetchval(
        "SELECT count(*) FROM leave_requests WHERE status = 'processing'"
    )
    assert processing == 100
