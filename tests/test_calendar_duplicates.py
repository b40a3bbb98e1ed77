"""A 409 is not the only proof: Google may accept a repeated event id without detecting it
(the sandbox can too), so an insert whose outcome is unknown is looked up first."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator

import pytest

from leavebot.calendar_sync import PRIVATE_KEY, Author, CalendarClient, EventGroup, SyncDay
from leavebot.calendar_sync import event_body as body_of
from leavebot.config import RuntimeConfig
from leavebot.db import Database
from leavebot.sandbox.calendar import SandboxCalendar
from tests.calendar_support import add_request, add_user, day_rows, make_runtime, make_syncer, sync

pytestmark = pytest.mark.anyio

MON = dt.date(2030, 3, 4)


def d(offset: int) -> dt.date:
    return MON + dt.timedelta(days=offset)


@pytest.fixture
async def sandbox(anyio_backend: str) -> AsyncIterator[SandboxCalendar]:
    sb = SandboxCalendar(time_zone="UTC")
    await sb.start()
    try:
        yield sb
    finally:
        await sb.stop()


def copies(sandbox: SandboxCalendar) -> dict[str, int]:
    """Live events per day id, counted by our leavebot_days property (not by event id)."""
    found: dict[str, int] = {}
    for event in sandbox.live_events():
        for day in event["extendedProperties"]["private"][PRIVATE_KEY].split(","):
            found[day] = found.get(day, 0) + 1
    return found


async def test_the_sandbox_may_take_a_repeated_id_without_409(sandbox: SandboxCalendar) -> None:
    from tests.calendar_support import calendar_settings

    client = CalendarClient.from_settings(calendar_settings(sandbox))
    group = EventGroup("all_day", (SyncDay(7, d(0), "full", "vacation"),), 0)
    body = body_of(group, Author("Asha Rao", "UTC"), RuntimeConfig())
    assert (await client.insert(body)).ok
    assert (await client.insert(body)).status == 409  # usually detected
    sandbox.miss_duplicates()
    assert (await client.insert(body)).ok  # not this time: a second event, same id
    assert [e["id"] for e in sandbox.live_events()] == [group.event_id] * 2
    assert copies(sandbox) == {"7": 2}
    assert (await client.get(group.event_id)).ok  # get shows one of them
    assert (await client.insert(body)).status == 409
    client.close()


async def test_a_redelivery_after_a_crash_looks_first_and_makes_no_second_event(
    db: Database, sandbox: SandboxCalendar
) -> None:
    user = await add_user(db)
    rid, ids = await add_request(db, user, [(d(0), "full"), (d(1), "full"), (d(3), "pm")])
    runtime = make_runtime(db, sandbox)
    syncer = make_syncer(runtime)
    await sync(runtime, syncer, rid, ids)
    # A crash after the inserts, before our writes; and Google would not say 409.
    await db.execute(
        "UPDATE leave_days SET calendar_status = 'pending', calendar_event_id = NULL"
        " WHERE id = ANY($1)",
        ids,
    )
    sandbox.miss_duplicates(10)
    done = await sync(runtime, syncer, rid, ids)
    assert done["ok"] == 3
    assert copies(sandbox) == {str(i): 1 for i in ids}
    assert [c.op for c in sandbox.calls if c.op == "insert"] == ["insert", "insert"]
    assert [r["calendar_status"] for r in await day_rows(db, ids)] == ["done"] * 3


async def test_an_insert_whose_answer_is_lost_is_never_sent_again_blindly(
    db: Database, sandbox: SandboxCalendar
) -> None:
    user = await add_user(db)
    rid, ids = await add_request(db, user, [(d(0), "full"), (d(1), "full")])
    runtime = make_runtime(db, sandbox)
    sandbox.miss_duplicates(10)  # any repeat of the id would make a second event
    sandbox.drop("insert")  # the server makes it; the answer never comes back
    done = await sync(runtime, make_syncer(runtime), rid, ids)
    assert done["ok"] == 2
    assert copies(sandbox) == {str(i): 1 for i in ids}
    assert [(c.op, c.status, c.fault) for c in sandbox.calls if c.op != "token"] == [
        ("insert", 200, "drop"),
        ("get", 200, None),
    ]


async def test_an_admin_retry_after_a_timeout_looks_first(
    db: Database, sandbox: SandboxCalendar
) -> None:
    user = await add_user(db)
    rid, ids = await add_request(db, user, [(d(2), "full")])
    runtime = make_runtime(db, sandbox)
    sandbox.fail("get", 503)  # the lookup after the lost answer fails too: a failure
    sandbox.drop("insert")
    failed = await sync(runtime, make_syncer(runtime), rid, ids)
    assert failed["ok"] == 0
    (row,) = await day_rows(db, ids)
    assert row["calendar_status"] == "failed"
    # the admin retries (the day is pending again): it was made, so it is found, not made twice
    await db.execute("UPDATE leave_days SET calendar_status = 'pending' WHERE id = $1", ids[0])
    sandbox.miss_duplicates(10)
    again = await sync(runtime, make_syncer(runtime), rid, ids)
    assert again["ok"] == 1
    assert copies(sandbox) == {str(ids[0]): 1}
    assert [c.op for c in sandbox.calls if c.op in ("insert", "get")][-1] == "get"
