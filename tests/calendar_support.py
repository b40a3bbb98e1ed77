"""Helpers for the calendar syncer tests: seeding leave rows and running the actor.

Rows are written with SQL as the tracker would have left them after a
Confirm: a user, a confirmed request, and its ``leave_days``.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
from collections.abc import Sequence
from typing import Any

import anyio

from actors.calendar_syncer import CalendarSyncer
from leavebot.calendar_sync import CalendarClient
from leavebot.channels import Channels
from leavebot.db import Database
from leavebot.messages import SyncDays
from leavebot.queries import Q
from leavebot.runtime import Runtime
from leavebot.sandbox.calendar import SandboxCalendar
from leavebot.settings import Settings
from leavebot.types import DayId, RequestId

JSON = dict[str, Any]


def calendar_settings(sandbox: SandboxCalendar, **extra: Any) -> Settings:
    info = json.dumps(sandbox.service_account_info()).encode()
    values: dict[str, Any] = {
        "google_calendar_id": sandbox.calendar_id,
        "google_service_account_json_b64": base64.b64encode(info).decode(),
        "google_api_url": sandbox.api_endpoint,
    }
    values.update(extra)
    return Settings(_env_file=None, **values)


async def add_user(
    db: Database, slack_id: str = "U0ASHA001", name: str = "Asha Rao", tz: str = "Asia/Kolkata"
) -> int:
    user_id: int = await db.fetchval(Q.user_upsert, slack_id, name, None, None, tz, True)
    return user_id


async def add_request(
    db: Database,
    user_id: int,
    days: Sequence[tuple[dt.date, str]],
    *,
    category: str = "vacation",
) -> tuple[RequestId, list[DayId]]:
    """A confirmed leave request and its booked days (ids in the order given)."""
    ts = f"{dt.datetime.now().timestamp():.6f}"
    days_json = [{"date": day.isoformat(), "portion": portion} for day, portion in days]
    rid = await db.fetchval(
        "INSERT INTO leave_requests (user_id, intent, category, days, channel_id, thread_ts,"
        " message_ts, status, expires_at) VALUES ($1, 'leave', $2, $3::jsonb, 'C1', $4, $4,"
        " 'confirmed', now() + interval '1 hour') RETURNING id",
        user_id,
        category,
        days_json,
        ts,
    )
    ids = []
    for day, portion in days:
        day_id = await db.fetchval(Q.day_insert, rid, user_id, day, portion, category)
        assert day_id is not None
        ids.append(DayId(day_id))
    return RequestId(rid), ids


async def add_cancel(
    db: Database, user_id: int, day_ids: Sequence[int]
) -> tuple[RequestId, list[DayId]]:
    """A confirmed cancel request naming booked days."""
    rows = await db.fetch("SELECT id, day, portion FROM leave_days WHERE id = ANY($1)", day_ids)
    days_json = [
        {"date": r["day"].isoformat(), "portion": r["portion"], "day_id": r["id"]} for r in rows
    ]
    ts = f"{dt.datetime.now().timestamp():.6f}"
    rid = await db.fetchval(
        "INSERT INTO leave_requests (user_id, intent, days, channel_id, thread_ts, message_ts,"
        " status, expires_at) VALUES ($1, 'cancel', $2::jsonb, 'C1', $3, $3, 'confirmed',"
        " now() + interval '1 hour') RETURNING id",
        user_id,
        days_json,
        ts,
    )
    return RequestId(rid), [DayId(i) for i in day_ids]


def make_runtime(db: Database, sandbox: SandboxCalendar, **extra: Any) -> Runtime:
    return Runtime(
        settings=calendar_settings(sandbox, **extra), db=db, channels=Channels(db), process="test"
    )


def make_syncer(runtime: Runtime, **client_options: Any) -> CalendarSyncer:
    options: dict[str, Any] = {"timeout_s": 2.0, "backoff_s": 0.02}
    options.update(client_options)
    return CalendarSyncer(
        runtime, lambda: CalendarClient.from_settings(runtime.settings, **options)
    )


async def in_flight(db: Database) -> int:
    count: int = await db.fetchval(
        "SELECT count(*) FROM mailbox WHERE recipient = 'calendar_syncer'"
        " AND status IN ('ready', 'claimed')"
    )
    return count


async def sync(
    runtime: Runtime,
    syncer: CalendarSyncer,
    request_id: RequestId,
    day_ids: Sequence[int],
    operation: str = "create",
    timeout: float = 20.0,  # noqa: ASYNC109
) -> JSON:
    """Send a SyncDays, serve the real inbox until it is handled, return the SyncDone."""
    message = SyncDays(
        request_id=request_id,
        day_ids=tuple(DayId(i) for i in day_ids),
        operation=operation,  # type: ignore[arg-type]
    )
    await runtime.channels.send_now("calendar_syncer", message)
    inbox = runtime.channels.inbox(
        "calendar_syncer", poll_interval_s=0.05, claim_timeout_s=30, max_attempts=2
    )
    async with anyio.create_task_group() as tg:
        await tg.start(inbox.serve, syncer.handle)
        with anyio.fail_after(timeout):
            while await in_flight(runtime.db):
                await anyio.sleep(0.02)
        tg.cancel_scope.cancel()
    dead = await runtime.db.fetchval("SELECT count(*) FROM mailbox WHERE status = 'dead'")
    assert dead == 0, await runtime.db.fetch("SELECT last_error FROM mailbox")
    return await last_sync_done(runtime.db)


async def last_sync_done(db: Database) -> JSON:
    payload: JSON | None = await db.fetchval(
        "SELECT payload FROM mailbox WHERE recipient = 'tracker' AND kind = 'sync_done'"
        " ORDER BY id DESC LIMIT 1"
    )
    assert payload is not None, "no SyncDone was sent"
    return payload


async def day_rows(db: Database, day_ids: Sequence[int]) -> list[Any]:
    return await db.fetch(
        "SELECT id, day, status, calendar_status, calendar_event_id, generation, last_error"
        " FROM leave_days WHERE id = ANY($1) ORDER BY day, portion",
        list(day_ids),
    )


def live(sandbox: SandboxCalendar) -> list[tuple[str, Any, Any]]:
    """(id, start, end) of every live event, by start."""
    return [(e["id"], e["start"], e["end"]) for e in sandbox.live_events()]
