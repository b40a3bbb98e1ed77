"""The calendar_syncer against the sandbox Calendar: the real googleapiclient + google-auth
over real sockets, a real Postgres, and the actor's handler behind a real Inbox."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator

import anyio
import pytest
from structlog.testing import capture_logs

from actors.calendar_syncer import child
from leavebot.calendar_sync import Author, CalendarClient, SyncDay, event_body, group_days
from leavebot.config import RuntimeConfig
from leavebot.db import Database
from leavebot.domain import WorkCalendar
from leavebot.messages import SyncDays
from leavebot.roundtrips import COUNTS, CountingConnection
from leavebot.sandbox.calendar import SandboxCalendar
from tests.calendar_support import (
    add_cancel,
    add_request,
    add_user,
    day_rows,
    last_sync_done,
    live,
    make_runtime,
    make_syncer,
    sync,
)

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


def inserts(sandbox: SandboxCalendar) -> list[tuple[int, str | None]]:
    return [(c.status, c.fault) for c in sandbox.calls if c.op == "insert"]


async def attempts(db: Database) -> list[tuple[str, str, str | None]]:
    rows = await db.fetch(
        "SELECT operation, outcome, error FROM sync_attempts WHERE target = 'calendar' ORDER BY id"
    )
    return [(r["operation"], r["outcome"], r["error"]) for r in rows]


# -- create --------------------------------------------------------------------------------


async def test_creates_events_with_the_right_shapes(db: Database, sandbox: SandboxCalendar) -> None:
    user = await add_user(db, name="Asha Rao", tz="America/New_York")
    rid, ids = await add_request(
        db,
        user,
        [(d(4), "full"), (d(7), "full"), (d(9), "full"), (d(10), "am"), (d(11), "pm")],
    )
    runtime = make_runtime(db, sandbox)
    done = await sync(runtime, make_syncer(runtime), rid, ids)

    events = sandbox.live_events()
    assert [e["id"] for e in events] == [
        f"leave{ids[0]}g0",
        f"leave{ids[2]}g0",
        f"leave{ids[3]}g0",
        f"leave{ids[4]}g0",
    ]
    fri_mon, wed, thu_am, fri_pm = events
    assert fri_mon["start"] == {"date": "2030-03-08"}
    assert fri_mon["end"] == {"date": "2030-03-12"}  # Fri + Mon over the weekend, end exclusive
    assert wed["start"] == {"date": "2030-03-13"}
    assert wed["end"] == {"date": "2030-03-14"}  # Tue is a working day: its own event
    for event in (fri_mon, wed):
        assert event["summary"] == "Leave - Asha Rao"
        assert event["description"] == "Vacation. Booked by leavebot."
        assert event["transparency"] == "transparent"
        assert "attendees" not in event
    assert thu_am["summary"] == "Leave - Asha Rao (AM)"
    assert thu_am["start"] == {
        "dateTime": "2030-03-14T11:00:00-04:00",
        "timeZone": "America/New_York",
    }
    assert thu_am["end"]["dateTime"] == "2030-03-14T15:00:00-04:00"
    assert fri_pm["summary"] == "Leave - Asha Rao (PM)"
    assert fri_pm["start"]["dateTime"] == "2030-03-15T15:00:00-04:00"
    assert fri_pm["end"]["dateTime"] == "2030-03-15T19:00:00-04:00"

    rows = await day_rows(db, ids)
    assert [r["calendar_status"] for r in rows] == ["done"] * 5
    assert [r["calendar_event_id"] for r in rows] == [
        f"leave{ids[0]}g0",
        f"leave{ids[0]}g0",
        f"leave{ids[2]}g0",
        f"leave{ids[3]}g0",
        f"leave{ids[4]}g0",
    ]
    assert [r["status"] for r in rows] == ["confirmed"] * 5  # Harvest is still pending
    assert await db.fetchval("SELECT status FROM leave_requests WHERE id = $1", rid) == (
        "processing"
    )
    assert done["target"] == "calendar"
    assert done["operation"] == "create"
    assert done["request_id"] == rid
    assert done["ok"] == 5
    assert done["failures"] == []
    assert done["skipped"] is None
    # one attempt per call and day
    assert await attempts(db) == [("create", "ok", None)] * 5


async def test_sick_half_day_uses_configured_hours(db: Database, sandbox: SandboxCalendar) -> None:
    await db.execute(
        'UPDATE config SET value = \'{"start": "09:30", "end": "13:00"}\''
        " WHERE key = 'half_day_am'"
    )
    user = await add_user(db, name="Ravi", tz="Asia/Kolkata")
    rid, ids = await add_request(db, user, [(d(1), "am")], category="sick")
    runtime = make_runtime(db, sandbox)
    await sync(runtime, make_syncer(runtime), rid, ids)
    (event,) = sandbox.live_events()
    assert event["description"] == "Sick leave. Booked by leavebot."
    assert event["start"]["dateTime"] == "2030-03-05T09:30:00+05:30"
    assert event["end"]["dateTime"] == "2030-03-05T13:00:00+05:30"


async def test_redelivery_makes_no_duplicate(db: Database, sandbox: SandboxCalendar) -> None:
    user = await add_user(db)
    rid, ids = await add_request(db, user, [(d(0), "full"), (d(1), "full"), (d(3), "pm")])
    runtime = make_runtime(db, sandbox)
    syncer = make_syncer(runtime)
    await sync(runtime, syncer, rid, ids)
    assert len(sandbox.events()) == 2

    # The same message again with every day done: no call at all.
    calls = len(sandbox.calls)
    again = await sync(runtime, syncer, rid, ids)
    assert len(sandbox.calls) == calls
    assert again["ok"] == 3
    assert again["failures"] == []

    # A crash after the inserts but before our writes: the days are still pending.
    # Their inserts' outcome is unknown: each event is looked up first, not inserted
    # again (Google may not answer a repeated id with 409).
    await db.execute(
        "UPDATE leave_days SET calendar_status = 'pending', calendar_event_id = NULL"
        " WHERE id = ANY($1)",
        ids,
    )
    recovered = await sync(runtime, syncer, rid, ids)
    assert recovered["ok"] == 3
    assert len(sandbox.events()) == 2
    assert inserts(sandbox) == [(200, None), (200, None)]  # the first sync's only
    assert [c.op for c in sandbox.calls if c.op == "get"] == ["get", "get"]
    rows = await day_rows(db, ids)
    assert [r["calendar_status"] for r in rows] == ["done"] * 3


async def test_an_id_already_inserted_is_taken_as_done(
    db: Database, sandbox: SandboxCalendar
) -> None:
    user = await add_user(db, name="Asha Rao")
    rid, ids = await add_request(db, user, [(d(0), "full"), (d(2), "full")])
    runtime = make_runtime(db, sandbox)
    config = RuntimeConfig()
    days = [
        SyncDay(id=i, day=day, portion="full", category="vacation")
        for i, day in zip(ids, [d(0), d(2)], strict=True)
    ]
    first, second = group_days(days, WorkCalendar())
    author = Author("Asha Rao", "Asia/Kolkata")
    client = CalendarClient.from_settings(runtime.settings)
    # The first group exactly as we would make it; the second one ours but stale.
    assert (await client.insert(event_body(first, author, config))).ok
    stale = event_body(second, author, config)
    stale["end"] = {"date": d(5).isoformat()}
    assert (await client.insert(stale)).ok

    done = await sync(runtime, make_syncer(runtime), rid, ids)
    assert done["ok"] == 2
    assert len(sandbox.events()) == 2
    assert [(c.op, c.status) for c in sandbox.calls if c.op in ("get", "patch")] == [
        ("get", 200),
        ("get", 200),
        ("patch", 200),
    ]
    fixed = sandbox.event(second.event_id)
    assert fixed is not None
    assert fixed["end"] == {"date": d(3).isoformat()}
    assert [r["calendar_status"] for r in await day_rows(db, ids)] == ["done", "done"]


async def test_an_id_taken_by_a_deleted_event_is_not_brought_back(
    db: Database, sandbox: SandboxCalendar
) -> None:
    user = await add_user(db)
    rid, ids = await add_request(db, user, [(d(3), "full")])
    runtime = make_runtime(db, sandbox)
    syncer = make_syncer(runtime)
    await sync(runtime, syncer, rid, ids)
    # We made it, the write was lost, and a person deleted the event meanwhile.
    sandbox.delete_event(f"leave{ids[0]}g0")
    await db.execute("UPDATE leave_days SET calendar_status = 'pending' WHERE id = $1", ids[0])
    done = await sync(runtime, syncer, rid, ids)
    assert sandbox.live_events() == []
    assert done["ok"] == 0
    assert done["failures"] == [
        "Thu 7 Mar: the event was deleted in Google Calendar; not re-created"
    ]


async def test_server_error_fails_the_day_with_its_reason(
    db: Database, sandbox: SandboxCalendar
) -> None:
    user = await add_user(db)
    rid, ids = await add_request(db, user, [(d(3), "full")])
    await db.execute("UPDATE leave_days SET harvest_status = 'done' WHERE id = $1", ids[0])
    runtime = make_runtime(db, sandbox)
    sandbox.fail("insert", 500)
    done = await sync(runtime, make_syncer(runtime), rid, ids)
    assert done["ok"] == 0
    assert done["failures"] == ["Thu 7 Mar: Google Calendar server error (HTTP 500 backendError)"]
    assert inserts(sandbox) == [(500, "error")]  # no retry of a server error
    assert sandbox.events() == []
    (row,) = await day_rows(db, ids)
    assert row["calendar_status"] == "failed"
    assert row["status"] == "failed"
    assert row["last_error"] == "calendar: Google Calendar server error (HTTP 500 backendError)"
    # Looked up before it counts as failed: the event is not there.
    assert await attempts(db) == [
        ("create", "error", "Google Calendar server error (HTTP 500 backendError)"),
        ("lookup", "ok", None),
    ]


@pytest.mark.parametrize("status", [429, 403])
async def test_rate_limits_are_waited_out(
    db: Database, sandbox: SandboxCalendar, status: int
) -> None:
    user = await add_user(db)
    rid, ids = await add_request(db, user, [(d(3), "full")])
    runtime = make_runtime(db, sandbox)
    sandbox.fail("insert", status, times=2)
    done = await sync(runtime, make_syncer(runtime), rid, ids)
    assert done["ok"] == 1
    assert done["failures"] == []
    assert inserts(sandbox) == [(status, "error"), (status, "error"), (200, None)]
    assert len(sandbox.live_events()) == 1
    limited = f"rate limited by Google (HTTP {status})"
    assert await attempts(db) == [
        ("create", "error", limited),
        ("create", "error", limited),
        ("create", "ok", None),
    ]


async def test_rate_limit_that_does_not_end_is_a_failure(
    db: Database, sandbox: SandboxCalendar
) -> None:
    user = await add_user(db)
    rid, ids = await add_request(db, user, [(d(3), "full")])
    runtime = make_runtime(db, sandbox)
    sandbox.fail("insert", 429, times=10)
    done = await sync(runtime, make_syncer(runtime, rate_retries=2), rid, ids)
    assert done["failures"] == ["Thu 7 Mar: rate limited by Google (HTTP 429)"]
    assert len(inserts(sandbox)) == 3


async def test_an_insert_with_no_answer_is_looked_up_then_sent_once_more(
    db: Database, sandbox: SandboxCalendar
) -> None:
    user = await add_user(db)
    rid, ids = await add_request(db, user, [(d(3), "full")])
    runtime = make_runtime(db, sandbox)
    syncer = make_syncer(runtime, timeout_s=0.4)
    sandbox.slow("insert", delay_s=1.0)
    with capture_logs() as logs:
        done = await sync(runtime, syncer, rid, ids)
    # no answer within 0.4 s; not there yet: sent once more, and made
    assert done["ok"] == 1
    assert done["failures"] == []
    assert [c.op for c in sandbox.calls if c.op in ("insert", "get")][-2:] == ["get", "insert"]
    assert [e["event"] for e in logs if e["event"] == "calendar.insert_resent"] == [
        "calendar.insert_resent"
    ]
    # the slow first insert arrives after it: a duplicate id, refused; one event
    with anyio.fail_after(5):
        while len(inserts(sandbox)) < 2 or 409 not in [s for s, _ in inserts(sandbox)]:
            await anyio.sleep(0.05)
    assert len(sandbox.live_events()) == 1
    (row,) = await day_rows(db, ids)
    assert row["calendar_status"] == "done"


@pytest.mark.parametrize("times", [1, 2])
async def test_a_dropped_answer_ends_with_one_event(
    db: Database, sandbox: SandboxCalendar, times: int
) -> None:
    user = await add_user(db)
    rid, ids = await add_request(db, user, [(d(0), "full"), (d(1), "full")])
    runtime = make_runtime(db, sandbox)
    sandbox.drop("insert", times=times)
    done = await sync(runtime, make_syncer(runtime), rid, ids)
    assert done["ok"] == 2
    assert done["failures"] == []
    assert len(sandbox.events()) == 1
    assert [r["calendar_status"] for r in await day_rows(db, ids)] == ["done", "done"]
    # the server made it on the first send; never sent again: a get found it
    assert inserts(sandbox) == [(200, "drop")]
    assert [c.op for c in sandbox.calls][-1] == "get"


async def test_partial_success_keeps_what_worked(db: Database, sandbox: SandboxCalendar) -> None:
    user = await add_user(db)
    rid, ids = await add_request(db, user, [(d(0), "full"), (d(2), "full"), (d(3), "full")])
    runtime = make_runtime(db, sandbox)
    sandbox.fail("insert", 503)  # the first group (Mon) fails, Wed-Thu works
    done = await sync(runtime, make_syncer(runtime), rid, ids)
    assert done["ok"] == 2
    assert done["failures"] == ["Mon 4 Mar: Google Calendar server error (HTTP 503 backendError)"]
    assert [e["id"] for e in sandbox.live_events()] == [f"leave{ids[1]}g0"]
    rows = await day_rows(db, ids)
    assert [r["calendar_status"] for r in rows] == ["failed", "done", "done"]


async def test_missing_credentials_name_the_variable(
    db: Database, sandbox: SandboxCalendar
) -> None:
    user = await add_user(db)
    rid, ids = await add_request(db, user, [(d(3), "full")])
    runtime = make_runtime(db, sandbox, google_service_account_json_b64=None)
    done = await sync(runtime, make_syncer(runtime), rid, ids)
    (line,) = done["failures"]
    assert line.startswith("Thu 7 Mar: GOOGLE_SERVICE_ACCOUNT_JSON_B64 is not set")
    assert sandbox.calls == []


# -- delete --------------------------------------------------------------------------------


async def test_cancel_of_part_of_a_multi_day_event_splits_it(
    db: Database, sandbox: SandboxCalendar
) -> None:
    user = await add_user(db)
    rid, ids = await add_request(db, user, [(d(n), "full") for n in range(5)])
    runtime = make_runtime(db, sandbox)
    syncer = make_syncer(runtime)
    await sync(runtime, syncer, rid, ids)
    mon, tue, wed, thu, fri = ids
    assert live(sandbox) == [(f"leave{mon}g0", {"date": "2030-03-04"}, {"date": "2030-03-09"})]
    await db.execute(
        "UPDATE leave_days SET harvest_status = 'deleted' WHERE id = ANY($1)", [wed, mon]
    )

    cancel, _ = await add_cancel(db, user, [wed])
    done = await sync(runtime, syncer, cancel, [wed], "delete")
    assert done["operation"] == "delete"
    assert done["ok"] == 1
    assert done["failures"] == []
    assert live(sandbox) == [
        (f"leave{mon}g1", {"date": "2030-03-04"}, {"date": "2030-03-06"}),
        (f"leave{thu}g1", {"date": "2030-03-07"}, {"date": "2030-03-09"}),
    ]
    old = sandbox.event(f"leave{mon}g0")
    assert old is not None
    assert old["status"] == "cancelled"
    rows = {r["id"]: r for r in await day_rows(db, ids)}
    assert rows[wed]["calendar_status"] == "deleted"
    assert rows[wed]["status"] == "cancelled"  # Harvest was deleted too
    assert [rows[i]["calendar_event_id"] for i in (mon, tue, thu, fri)] == [
        f"leave{mon}g1",
        f"leave{mon}g1",
        f"leave{thu}g1",
        f"leave{thu}g1",
    ]
    assert [rows[i]["generation"] for i in (mon, tue, thu, fri)] == [1, 1, 1, 1]

    # Cancel the head of a split event: the id of the rest is bumped again.
    cancel2, _ = await add_cancel(db, user, [mon])
    done2 = await sync(runtime, syncer, cancel2, [mon], "delete")
    assert done2["ok"] == 1
    assert live(sandbox) == [
        (f"leave{tue}g2", {"date": "2030-03-05"}, {"date": "2030-03-06"}),
        (f"leave{thu}g1", {"date": "2030-03-07"}, {"date": "2030-03-09"}),
    ]
    # Redelivering the first cancel changes nothing.
    calls = len(sandbox.calls)
    again = await sync(runtime, syncer, cancel, [wed], "delete")
    assert again["ok"] == 1
    assert len(sandbox.calls) == calls


async def test_split_interrupted_after_the_delete_is_repaired(
    db: Database, sandbox: SandboxCalendar
) -> None:
    user = await add_user(db)
    rid, ids = await add_request(db, user, [(d(n), "full") for n in range(3)])
    runtime = make_runtime(db, sandbox)
    syncer = make_syncer(runtime)
    await sync(runtime, syncer, rid, ids)
    mon, tue, wed = ids
    # A first try deleted the event, recorded the cancelled day, made the new event
    # for Tue-Wed, and died before moving those days to it.
    client = CalendarClient.from_settings(runtime.settings)
    assert (await client.remove_event(f"leave{mon}g0")).ok
    await db.execute("UPDATE leave_days SET calendar_status = 'deleted' WHERE id = $1", mon)
    rest = [
        SyncDay(id=i, day=day, portion="full", category="vacation")
        for i, day in ((tue, d(1)), (wed, d(2)))
    ]
    (group,) = group_days(rest, WorkCalendar(), generation=1)
    body = event_body(group, Author("Asha Rao", "Asia/Kolkata"), RuntimeConfig())
    assert (await client.insert(body)).ok

    cancel, _ = await add_cancel(db, user, [mon])
    done = await sync(runtime, syncer, cancel, [mon], "delete")
    assert done["ok"] == 1
    assert live(sandbox) == [(f"leave{tue}g1", {"date": "2030-03-05"}, {"date": "2030-03-07"})]
    rows = {r["id"]: r for r in await day_rows(db, ids)}
    assert [rows[i]["calendar_event_id"] for i in (tue, wed)] == [f"leave{tue}g1"] * 2
    assert [(c.op, c.status) for c in sandbox.calls[-2:]] == [("insert", 409), ("get", 200)]


async def test_split_whose_new_event_fails_reports_the_days_left_off(
    db: Database, sandbox: SandboxCalendar
) -> None:
    user = await add_user(db)
    rid, ids = await add_request(db, user, [(d(n), "full") for n in range(3)])
    runtime = make_runtime(db, sandbox)
    syncer = make_syncer(runtime)
    await sync(runtime, syncer, rid, ids)
    mon, tue, wed = ids
    cancel, _ = await add_cancel(db, user, [wed])
    sandbox.fail("insert", 500)
    done = await sync(runtime, syncer, cancel, [wed], "delete")
    assert done["ok"] == 1
    assert done["failures"] == [
        "Mon 4 Mar - Tue 5 Mar: not put back after the cancel "
        "(Google Calendar server error (HTTP 500 backendError))"
    ]
    assert sandbox.live_events() == []
    rows = {r["id"]: r for r in await day_rows(db, ids)}
    assert [rows[i]["calendar_status"] for i in (mon, tue, wed)] == ["failed", "failed", "deleted"]
    assert [rows[i]["status"] for i in (mon, tue)] == ["failed", "failed"]
    assert rows[mon]["calendar_event_id"] == f"leave{mon}g1"


async def test_deleting_an_event_a_person_already_deleted_counts_as_done(
    db: Database, sandbox: SandboxCalendar
) -> None:
    user = await add_user(db)
    rid, ids = await add_request(db, user, [(d(0), "am"), (d(1), "full")])
    runtime = make_runtime(db, sandbox)
    syncer = make_syncer(runtime)
    await sync(runtime, syncer, rid, ids)
    assert sandbox.delete_event(f"leave{ids[0]}g0")
    cancel, _ = await add_cancel(db, user, ids)
    done = await sync(runtime, syncer, cancel, ids, "delete")
    assert done["ok"] == 2
    assert done["failures"] == []
    assert sandbox.live_events() == []
    deletes = [(c.event_id, c.status) for c in sandbox.calls if c.op == "delete"]
    assert deletes == [(f"leave{ids[0]}g0", 410), (f"leave{ids[1]}g0", 204)]
    assert [r["calendar_status"] for r in await day_rows(db, ids)] == ["deleted", "deleted"]


async def test_a_delete_that_fails_leaves_the_event_and_says_so(
    db: Database, sandbox: SandboxCalendar
) -> None:
    user = await add_user(db)
    rid, ids = await add_request(db, user, [(d(0), "full"), (d(1), "full")])
    runtime = make_runtime(db, sandbox)
    syncer = make_syncer(runtime)
    await sync(runtime, syncer, rid, ids)
    cancel, _ = await add_cancel(db, user, [ids[1]])
    sandbox.fail("delete", 500)
    done = await sync(runtime, syncer, cancel, [ids[1]], "delete")
    assert done["ok"] == 0
    assert done["failures"] == [
        "Tue 5 Mar: not removed: Google Calendar server error (HTTP 500 backendError)"
    ]
    assert [e["id"] for e in sandbox.live_events()] == [f"leave{ids[0]}g0"]
    assert [r["calendar_status"] for r in await day_rows(db, ids)] == ["done", "done"]


async def test_the_child_serves_its_inbox(db: Database, sandbox: SandboxCalendar) -> None:
    user = await add_user(db)
    rid, ids = await add_request(db, user, [(d(2), "pm")])
    runtime = make_runtime(db, sandbox)
    spec = child(runtime, client_factory=make_syncer(runtime).client)
    assert spec.name == "calendar_syncer"
    async with anyio.create_task_group() as tg:
        await tg.start(spec.start)
        await runtime.channels.send_now(
            "calendar_syncer",
            SyncDays(request_id=rid, day_ids=tuple(ids), operation="create"),
        )
        with anyio.fail_after(10):
            while not sandbox.live_events() or await db.fetchval(
                "SELECT count(*) FROM mailbox WHERE recipient = 'calendar_syncer'"
                " AND status <> 'done'"
            ):
                await anyio.sleep(0.02)
        tg.cancel_scope.cancel()
    assert [e["id"] for e in sandbox.live_events()] == [f"leave{ids[0]}g0"]
    done = await last_sync_done(db)
    assert (done["ok"], done["failures"]) == (1, [])


async def test_an_event_whose_days_were_cancelled_meanwhile_is_removed(
    db: Database, sandbox: SandboxCalendar
) -> None:
    user = await add_user(db)
    rid, ids = await add_request(db, user, [(d(3), "full")])
    runtime = make_runtime(db, sandbox)
    sandbox.slow("insert", delay_s=1.0)

    async def cancel_meanwhile() -> None:
        # The token is fetched just before the insert; the insert then takes a second.
        with anyio.fail_after(10):
            while not any(c.op == "token" for c in sandbox.calls):
                await anyio.sleep(0.01)
        await db.execute(
            "UPDATE leave_days SET calendar_status = 'deleted' WHERE id = ANY($1)", ids
        )

    async with anyio.create_task_group() as tg:
        tg.start_soon(cancel_meanwhile)
        done = await sync(runtime, make_syncer(runtime), rid, ids)
    assert [(c.op, c.status) for c in sandbox.calls if c.op != "token"] == [
        ("insert", 200),
        ("delete", 204),
    ]
    assert sandbox.live_events() == []
    assert (done["ok"], done["failures"]) == (0, [])


async def test_rest_of_an_event_a_person_deleted_is_not_brought_back(
    db: Database, sandbox: SandboxCalendar
) -> None:
    user = await add_user(db)
    rid, ids = await add_request(db, user, [(d(n), "full") for n in range(3)])
    runtime = make_runtime(db, sandbox)
    syncer = make_syncer(runtime)
    await sync(runtime, syncer, rid, ids)
    assert sandbox.delete_event(f"leave{ids[0]}g0")
    cancel, _ = await add_cancel(db, user, [ids[2]])
    done = await sync(runtime, syncer, cancel, [ids[2]], "delete")
    assert done["ok"] == 1
    assert done["failures"] == [
        "Mon 4 Mar - Tue 5 Mar: the event was deleted in Google Calendar; not re-created"
    ]
    assert sandbox.live_events() == []
    assert len(inserts(sandbox)) == 1  # the first create only
    rows = await day_rows(db, ids)
    assert [r["calendar_status"] for r in rows] == ["failed", "failed", "deleted"]


async def test_calls_reuse_a_kept_alive_connection_but_not_one_cut_short(
    db: Database, sandbox: SandboxCalendar
) -> None:
    user = await add_user(db)
    _rid, ids = await add_request(db, user, [(d(0), "full"), (d(2), "full"), (d(4), "full")])
    runtime = make_runtime(db, sandbox)
    client = CalendarClient.from_settings(runtime.settings, timeout_s=0.5)
    author = Author("Asha Rao", "Asia/Kolkata")
    days = [
        SyncDay(id=i, day=day, portion="full", category="vacation")
        for i, day in zip(ids, [d(0), d(2), d(4)], strict=True)
    ]
    first, second, third = group_days(days, WorkCalendar())
    assert (await client.insert(event_body(first, author, RuntimeConfig()))).ok
    assert (await client.insert(event_body(second, author, RuntimeConfig()))).ok
    assert client._idle == []  # an insert has a connection of its own, never sent twice
    assert (await client.get(first.event_id)).ok
    assert (await client.get(second.event_id)).ok
    assert len(client._idle) == 1  # one connection served both calls, one after the other
    sandbox.slow(op="get", delay_s=2.0)
    # A call cut short by its timeout may leave its connection mid-answer: it is closed.
    assert not (await client.get(third.event_id)).ok
    assert client._idle == []
    assert (await client.get(first.event_id)).ok
    assert len(client._idle) == 1
    client.close()
    assert client._idle == []


async def test_a_usual_create_is_one_read_and_one_statement(
    db_url: str, sandbox: SandboxCalendar
) -> None:
    """One event: the days are read, the event made, and one statement records the call,
    the days (settled), the request under way, the SyncDone and the ack."""
    db = await Database.open(db_url, connection_class=CountingConnection)
    try:
        user = await add_user(db)
        rid, ids = await add_request(db, user, [(d(0), "full"), (d(1), "full")])
        await db.execute(
            "UPDATE leave_days SET harvest_status = 'done' WHERE id = ANY($1)", list(ids)
        )
        runtime = make_runtime(db, sandbox)
        syncer = make_syncer(runtime)
        message = SyncDays(request_id=rid, day_ids=tuple(ids), operation="create")
        await runtime.channels.send_now("calendar_syncer", message)
        inbox = runtime.channels.inbox("calendar_syncer")
        [delivery] = await inbox.claim()
        await runtime.config.get()  # read once before, as the cache has it in a running bot
        before = COUNTS.counts.copy()
        await syncer.handle(delivery)
        trips = COUNTS.counts - before
        for first_use in ("prepare", "introspect"):  # once per connection and statement
            trips.pop(first_use, None)
        assert trips == {"days_for_sync": 1, "calendar_created_and_ack": 1}
        assert delivery.acked
        rows = await day_rows(db, ids)
        assert [(r["calendar_status"], r["status"]) for r in rows] == [("done", "completed")] * 2
        status = await db.fetchval("SELECT status FROM leave_requests WHERE id = $1", rid)
        assert status == "processing"
        done = await last_sync_done(db)
        assert (done["ok"], done["failures"]) == (2, [])
        assert await attempts(db) == [("create", "ok", None)] * 2
        assert await db.fetchval("SELECT status FROM mailbox WHERE id = $1", delivery.id) == "done"
    finally:
        await db.close()


async def test_a_failed_create_is_foreseen_as_the_database_then_says(
    db: Database, sandbox: SandboxCalendar
) -> None:
    """A failure's SyncDone, foreseen before its record, reads as the one made from the
    records would (the same reason, per event)."""
    user = await add_user(db)
    rid, ids = await add_request(db, user, [(d(0), "full"), (d(3), "am")])
    runtime = make_runtime(db, sandbox)
    sandbox.fail("insert", 500, times=2)
    done = await sync(runtime, make_syncer(runtime), rid, ids)
    rows = await day_rows(db, ids)
    assert [r["calendar_status"] for r in rows] == ["failed", "failed"]
    assert [r["status"] for r in rows] == ["failed", "failed"]
    assert done["ok"] == 0
    errors = await db.fetch(
        "SELECT DISTINCT ON (day_id) day_id, error FROM sync_attempts WHERE outcome = 'error'"
        " ORDER BY day_id, started_at DESC, id DESC"
    )
    assert len(errors) == 2
    labels = ("Mon 4 Mar", "Thu 7 Mar (AM)")
    expected = [f"{label}: {row['error']}" for label, row in zip(labels, errors, strict=True)]
    assert done["failures"] == expected
