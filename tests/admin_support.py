"""Helpers for the admin API tests: a live admin server, a client, and seeded rows."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass, field
from typing import Any

import aiohttp
from aiohttp import web

from leavebot.admin.app import AdminRunner, create_app
from leavebot.db import Database
from leavebot.queries import Q

TOKEN = "a" * 40
AUTH = {"Authorization": f"Bearer {TOKEN}"}


@dataclass
class Reply:
    status: int
    body: Any
    headers: Any
    text: str


@dataclass
class Api:
    """A client of one live admin server (``app``: that server's application)."""

    base: str
    http: aiohttp.ClientSession
    app: web.Application

    async def call(
        self,
        method: str,
        path: str,
        *,
        json_body: Any = None,
        data: bytes | None = None,
        params: dict[str, str] | None = None,
        headers: dict[str, str] | None = None,
        auth: bool = True,
    ) -> Reply:
        sent = {**(AUTH if auth else {}), **(headers or {})}
        if json_body is not None:
            data = json.dumps(json_body).encode()
            sent.setdefault("Content-Type", "application/json")
        async with self.http.request(
            method, self.base + path, data=data, params=params, headers=sent
        ) as resp:
            text = await resp.text()
            body: Any = None
            if resp.content_type == "application/json":
                body = json.loads(text)
            return Reply(resp.status, body, resp.headers, text)

    async def get(self, path: str, **kw: Any) -> Reply:
        return await self.call("GET", path, **kw)


@contextlib.asynccontextmanager
async def serve_admin(db: Database, **options: Any) -> AsyncIterator[Api]:
    """The admin app on a free port, with a client; both closed after."""
    app = create_app(db, TOKEN, **options)
    runner = AdminRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    try:
        async with aiohttp.ClientSession() as http:
            yield Api(f"http://127.0.0.1:{port}", http, app)
    finally:
        await runner.cleanup()


@dataclass
class Seed:
    """Rows written the way the tracker and syncers write them."""

    db: Database
    people: int = 0
    messages: int = 0
    made: list[int] = field(default_factory=list)

    async def person(
        self,
        name: str = "Asha Rao",
        *,
        email: str | None = None,
        harvest_user_id: int | None = None,
        active: bool = True,
        slack_user_id: str | None = None,
    ) -> int:
        self.people += 1
        user_id: int = await self.db.fetchval(
            Q.user_upsert,
            slack_user_id or f"U{self.people:08d}",
            name,
            email if email is not None else f"person{self.people}@example.com",
            harvest_user_id,
            "Asia/Kolkata",
            active,
        )
        return user_id

    async def request(
        self,
        user_id: int,
        days: Sequence[tuple[dt.date, str]],
        *,
        status: str = "completed",
        category: str | None = "vacation",
        intent: str = "leave",
        day_status: str = "completed",
        calendar: str = "done",
        harvest: str = "done",
        outcome: dict[str, Any] | None = None,
        created_at: dt.datetime | None = None,
        thread_ts: str | None = None,
    ) -> tuple[int, list[int]]:
        """A request and (unless ``day_status`` is None) its booked days."""
        self.messages += 1
        ts = f"1700000000.{self.messages:06d}"
        rid: int = await self.db.fetchval(
            """
            INSERT INTO leave_requests
                (user_id, intent, category, days, source_text, channel_id, thread_ts,
                 message_ts, status, outcome, expires_at, created_at)
            VALUES ($1, $2, $3, $4::jsonb, $5, 'C0LEAVE', $6, $7, $8, $9::jsonb,
                    now() + interval '1 hour', coalesce($10, now()))
            RETURNING id
            """,
            user_id,
            intent,
            category,
            [{"date": d.isoformat(), "portion": p} for d, p in days],
            f"off {len(days)} days",
            thread_ts or ts,
            ts,
            status,
            outcome,
            created_at,
        )
        day_ids: list[int] = []
        if intent == "leave" and day_status is not None:
            for day, portion in days:
                day_id: int = await self.db.fetchval(
                    """
                    INSERT INTO leave_days
                        (request_id, user_id, day, portion, category, status,
                         calendar_status, harvest_status)
                    VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id
                    """,
                    rid,
                    user_id,
                    day,
                    portion,
                    category,
                    day_status,
                    calendar,
                    harvest,
                )
                day_ids.append(day_id)
        self.made.append(rid)
        return rid, day_ids

    async def attempt(
        self,
        request_id: int,
        day_id: int,
        target: str,
        outcome: str = "ok",
        error: str | None = None,
        operation: str = "create",
    ) -> int:
        attempt_id: int = await self.db.fetchval(
            Q.attempt_insert,
            request_id,
            day_id,
            target,
            operation,
            outcome,
            None,
            error,
            dt.datetime.now(dt.UTC),
            12.5,
        )
        return attempt_id

    async def mailbox(self, recipient: str | None = None) -> list[dict[str, Any]]:
        rows = await self.db.fetch(
            "SELECT recipient, kind, payload, status FROM mailbox "
            "WHERE $1::text IS NULL OR recipient = $1 ORDER BY id",
            recipient,
        )
        return [dict(r) for r in rows]
