"""The expirer's housekeeping: old handled messages and Slack event ids are forgotten."""

from __future__ import annotations

import pytest

from actors.expirer import housekeeping
from leavebot.channels import Channels
from leavebot.db import Database
from leavebot.runtime import Runtime
from leavebot.settings import Settings

pytestmark = pytest.mark.anyio


async def test_old_rows_go_recent_and_dead_ones_stay(db: Database) -> None:
    for age, status in (("2 days", "done"), ("1 hour", "done"), ("3 days", "dead")):
        await db.execute(
            "INSERT INTO mailbox (recipient, kind, payload, status, done_at)"
            " VALUES ('probe', 'ping', '{}'::jsonb, $1, now() - $2::text::interval)",
            status,
            age,
        )
    for event_id, age in (("Ev-old", "8 days"), ("Ev-new", "1 day")):
        await db.execute(
            "INSERT INTO slack_events (event_id, kind, received_at)"
            " VALUES ($1, 'message', now() - $2::text::interval)",
            event_id,
            age,
        )
    runtime = Runtime(
        settings=Settings.model_validate({}), db=db, channels=Channels(db), process="test"
    )
    assert await housekeeping(runtime) == (1, 1)
    left = [r["status"] for r in await db.fetch("SELECT status FROM mailbox ORDER BY id")]
    assert left == ["done", "dead"]
    assert await db.fetchval("SELECT array_agg(event_id) FROM slack_events") == ["Ev-new"]
    assert await housekeeping(runtime) == (0, 0)
