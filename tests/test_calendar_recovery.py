"""kill -9 of a calendar worker at the worst moments: nothing is lost, nothing doubled.

The worker (``tests/calendar_worker.py``) is a separate process serving the
``calendar_syncer`` inbox against a sandbox Calendar this test runs. Faults hold
the worker at chosen points: a ``drop`` makes the server do an insert while the
worker never hears back, and a long ``slow`` fault on the following call keeps
the worker waiting there (the event exists, our database does not know yet)
until it is killed. It is then started again, and must end with exactly one
event per group and every day recorded.
"""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path
from typing import Any

import anyio
import pytest

from leavebot.calendar_sync import Author, CalendarClient, SyncDay, event_body, group_days
from leavebot.config import RuntimeConfig
from leavebot.db import Database
from leavebot.domain import WorkCalendar
from leavebot.messages import SyncDays
from leavebot.sandbox.calendar import SandboxCalendar
from leavebot.types import DayId, RequestId
from tests.calendar_support import (
    add_cancel,
    add_request,
    add_user,
    calendar_settings,
    day_rows,
    live,
    make_runtime,
    make_syncer,
    sync,
)

pytestmark = pytest.mark.anyio

ROOT = Path(__file__).resolve().parent.parent
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


@pytest.fixture
def worker(
    db_url: str, sandbox: SandboxCalendar, tmp_path: Path
) -> Iterator[Callable[[], subprocess.Popen[bytes]]]:
    settings = calendar_settings(sandbox)
    assert settings.google_service_account_json_b64 is not None
    env = {
        **os.environ,
        "DATABASE_URL": db_url,
        "GOOGLE_CALENDAR_ID": sandbox.calendar_id,
        "GOOGLE_API_URL": sandbox.api_endpoint,
        "GOOGLE_SERVICE_ACCOUNT_JSON_B64": (
            settings.google_service_account_json_b64.get_secret_value()
        ),
    }
    env.pop("GOOGLE_SERVICE_ACCOUNT_FILE", None)
    started: list[subprocess.Popen[bytes]] = []
    log = tmp_path / "worker.log"

    def start() -> subprocess.Popen[bytes]:
        with log.open("ab") as out:
            proc = subprocess.Popen(
                [sys.executable, "-m", "tests.calendar_worker", "1.0"],
                cwd=ROOT,
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        started.append(proc)
        return proc

    try:
        yield start
    finally:
        for proc in started:
            if proc.poll() is None:
                proc.kill()
            proc.wait()


def kill(proc: subprocess.Popen[bytes]) -> None:
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert proc.returncode == -signal.SIGKILL


async def until(predicate: Callable[[], Any], timeout: float = 20.0) -> None:  # noqa: ASYNC109
    with anyio.fail_after(timeout):
        while not predicate():
            await anyio.sleep(0.02)


async def until_db(db: Database, query: str, *args: Any, timeout: float = 20.0) -> None:  # noqa: ASYNC109
    with anyio.fail_after(timeout):
        while not await db.fetchval(query, *args):
            await anyio.sleep(0.05)


def insert_statuses(sandbox: SandboxCalendar) -> list[int]:
    return [c.status for c in sandbox.calls if c.op == "insert"]


SYNC_DONE = "SELECT count(*) FROM mailbox WHERE recipient = 'tracker' AND kind = 'sync_done'"


async def test_kill_9_between_the_insert_and_our_write(
    db: Database, sandbox: SandboxCalendar, worker: Callable[[], subprocess.Popen[bytes]]
) -> None:
    user = await add_user(db)
    rid, ids = await add_request(
        db, user, [(d(0), "full"), (d(1), "full"), (d(3), "am"), (d(7), "full")]
    )
    group_a, group_b, group_c = f"leave{ids[0]}g0", f"leave{ids[2]}g0", f"leave{ids[3]}g0"
    runtime = make_runtime(db, sandbox)
    await runtime.channels.send_now(
        "calendar_syncer", SyncDays(request_id=rid, day_ids=tuple(ids), operation="create")
    )

    # Life 1: the server makes A, the answer is lost (the insert is never sent twice),
    # and the worker hangs in the get that would find it: killed there.
    sandbox.drop("insert")
    sandbox.slow("get", delay_s=60)
    proc = worker()
    await until(lambda: insert_statuses(sandbox) == [200])
    await anyio.sleep(0.3)
    kill(proc)
    assert [e["id"] for e in sandbox.live_events()] == [group_a]
    assert [r["calendar_status"] for r in await day_rows(db, ids)] == ["pending"] * 4

    # Life 2 (a redelivery: A's outcome is unknown): A is looked up first, found and
    # recorded, not inserted again; B's insert hangs before the server acts on it:
    # killed there.
    sandbox.clear_faults()
    sandbox.slow("insert", delay_s=60)
    proc = worker()
    await until_db(
        db,
        "SELECT count(*) = 2 FROM leave_days WHERE id = ANY($1) AND calendar_status = 'done'",
        ids,
    )
    await anyio.sleep(0.3)
    kill(proc)
    assert [r["calendar_status"] for r in await day_rows(db, ids)] == [
        "done",
        "done",
        "pending",
        "pending",
    ]
    assert await db.fetchval(SYNC_DONE) == 0

    # Life 3: no faults; it finishes.
    sandbox.clear_faults()
    proc = worker()
    await until_db(db, SYNC_DONE)
    rows = await day_rows(db, ids)
    assert [r["calendar_status"] for r in rows] == ["done"] * 4
    assert [r["calendar_event_id"] for r in rows] == [group_a, group_a, group_b, group_c]
    assert sorted(e["id"] for e in sandbox.events()) == sorted([group_a, group_b, group_c])
    assert all(e["status"] == "confirmed" for e in sandbox.events())
    assert await db.fetchval(SYNC_DONE) == 1
    payload = await db.fetchval(
        "SELECT payload FROM mailbox WHERE recipient = 'tracker' AND kind = 'sync_done'"
    )
    assert payload["ok"] == 4
    assert payload["failures"] == []
    left = await db.fetchval(
        "SELECT count(*) FROM mailbox WHERE recipient = 'calendar_syncer' AND status <> 'done'"
    )
    assert left == 0
    kill(proc)


async def test_kill_9_in_the_middle_of_a_split(
    db: Database, sandbox: SandboxCalendar, worker: Callable[[], subprocess.Popen[bytes]]
) -> None:
    user = await add_user(db)
    rid, ids = await add_request(db, user, [(d(n), "full") for n in range(5)])
    runtime = make_runtime(db, sandbox)
    await sync(runtime, make_syncer(runtime), rid, ids)  # one event, Mon-Fri
    mon, _tue, wed, thu, _fri = ids
    await db.execute("DELETE FROM mailbox")
    cancel, _ = await add_cancel(db, user, [wed])
    await runtime.channels.send_now(
        "calendar_syncer",
        SyncDays(request_id=RequestId(cancel), day_ids=(DayId(wed),), operation="delete"),
    )

    # The old event is deleted and Wed recorded; the new Mon-Tue event is made but
    # its answer lost, and the worker hangs looking for it: killed there.
    sandbox.drop("insert")
    sandbox.slow("get", delay_s=60)
    proc = worker()
    await until(lambda: len(insert_statuses(sandbox)) == 2)
    await anyio.sleep(0.3)
    kill(proc)
    rows = {r["id"]: r for r in await day_rows(db, ids)}
    assert rows[wed]["calendar_status"] == "deleted"
    assert rows[mon]["calendar_event_id"] == f"leave{mon}g0"  # not moved yet
    assert [e["id"] for e in sandbox.live_events()] == [f"leave{mon}g1"]

    sandbox.clear_faults()
    proc = worker()
    await until_db(db, SYNC_DONE)
    assert live(sandbox) == [
        (f"leave{mon}g1", {"date": "2030-03-04"}, {"date": "2030-03-06"}),
        (f"leave{thu}g1", {"date": "2030-03-07"}, {"date": "2030-03-09"}),
    ]
    assert len(sandbox.events()) == 3  # the old one, cancelled, and the two new ones
    rows = {r["id"]: r for r in await day_rows(db, ids)}
    assert [rows[i]["calendar_event_id"] for i in ids if i != wed] == [
        f"leave{mon}g1",
        f"leave{mon}g1",
        f"leave{thu}g1",
        f"leave{thu}g1",
    ]
    assert all(rows[i]["calendar_status"] == "done" for i in ids if i != wed)
    payload = await db.fetchval(
        "SELECT payload FROM mailbox WHERE recipient = 'tracker' AND kind = 'sync_done'"
    )
    assert payload["operation"] == "delete"
    assert payload["ok"] == 1
    assert payload["failures"] == []
    kill(proc)


# -- a repeat that meets an error (found by bench/chaos.py) -----------------------------------


async def test_a_repeated_create_that_meets_a_server_error_finds_the_event_made_before(
    db: Database, sandbox: SandboxCalendar
) -> None:
    """A first delivery made the event and died before recording it; the repeat of the
    insert answers 500 (not the 409 a repeat usually gets). The event exists: the day
    is done, not failed with an event on the calendar."""
    user = await add_user(db)
    rid, ids = await add_request(db, user, [(d(3), "full")])
    await db.execute("UPDATE leave_days SET harvest_status = 'done' WHERE id = $1", ids[0])
    runtime = make_runtime(db, sandbox)
    (group,) = group_days(
        [SyncDay(id=ids[0], day=d(3), portion="full", category="vacation")], WorkCalendar()
    )
    body = event_body(group, Author("Asha Rao", "Asia/Kolkata"), RuntimeConfig())
    first = CalendarClient.from_settings(runtime.settings)
    assert (await first.insert(body)).ok  # the call of the delivery that died
    sandbox.fail("insert", 500)
    done = await sync(runtime, make_syncer(runtime), rid, ids)
    assert done["ok"] == 1
    assert done["failures"] == []
    (row,) = await day_rows(db, ids)
    assert (row["status"], row["calendar_status"]) == ("completed", "done")
    assert [e[0] for e in live(sandbox)] == [f"leave{ids[0]}g0"]


async def test_a_repeated_delete_that_meets_a_server_error_counts_the_event_deleted(
    db: Database, sandbox: SandboxCalendar
) -> None:
    """A first delivery of a cancel deleted the event and died before recording it; the
    repeat of the delete answers 500. The event is gone: the day is cancelled, not left
    'done' with nothing on the calendar."""
    user = await add_user(db)
    rid, ids = await add_request(db, user, [(d(3), "full")])
    runtime = make_runtime(db, sandbox)
    syncer = make_syncer(runtime)
    assert (await sync(runtime, syncer, rid, ids))["ok"] == 1
    cancel, _ = await add_cancel(db, user, ids)
    first = CalendarClient.from_settings(runtime.settings)
    assert (await first.delete(f"leave{ids[0]}g0")).ok  # the call of the delivery that died
    sandbox.fail("delete", 500)
    removed = await sync(runtime, syncer, cancel, ids, "delete")
    assert removed["ok"] == 1
    assert removed["failures"] == []
    (row,) = await day_rows(db, ids)
    assert row["calendar_status"] == "deleted"
    assert live(sandbox) == []
