"""The harvest_syncer actor through a real Inbox, against the sandbox Harvest and Postgres."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass
from typing import Any

import anyio
import pytest
import structlog
from structlog.testing import capture_logs

from actors import harvest_syncer
from leavebot.channels import Channels
from leavebot.db import Database
from leavebot.harvest import HarvestClient, RateLimiter
from leavebot.messages import MESSAGE_ADAPTER, SyncDays, SyncDone
from leavebot.queries import Q
from leavebot.roundtrips import COUNTS, CountingConnection
from leavebot.runtime import Runtime
from leavebot.sandbox.harvest import (
    SICK_TASK_ID,
    TIME_OFF_PROJECT_ID,
    VACATION_TASK_ID,
    SandboxHarvest,
)
from leavebot.settings import Settings
from leavebot.types import DayId, RequestId

pytestmark = pytest.mark.anyio

ASHA = 4100002
THU = dt.date(2026, 3, 5)
FRI = dt.date(2026, 3, 6)
MON = dt.date(2026, 3, 9)


@dataclass
class Bench:
    db: Database
    sandbox: SandboxHarvest
    runtime: Runtime
    client: HarvestClient
    users: int = 0
    requests: int = 0

    async def configure(self, **values: Any) -> None:
        defaults: dict[str, Any] = {
            "harvest_project_id": TIME_OFF_PROJECT_ID,
            "harvest_task_vacation": VACATION_TASK_ID,
            "harvest_task_sick": SICK_TASK_ID,
        }
        defaults.update(values)
        for key, value in defaults.items():
            if value is None:  # JSON null (asyncpg would send SQL NULL for None)
                await self.db.execute("UPDATE config SET value = 'null'::jsonb WHERE key = $1", key)
            else:
                await self.db.execute(Q.config_put, key, value, "test")
        self.runtime.config.invalidate()

    async def person(self, name: str = "Asha Rao", harvest_user_id: int | None = ASHA) -> int:
        self.users += 1
        user_id: int = await self.db.fetchval(
            Q.user_upsert,
            f"U{self.users:08d}",
            name,
            f"user{self.users}@example.com",
            harvest_user_id,
            "Asia/Kolkata",
            True,
        )
        return user_id

    async def request(
        self,
        user_id: int,
        days: Sequence[tuple[dt.date, str]],
        *,
        category: str = "vacation",
        intent: str = "leave",
    ) -> tuple[RequestId, list[DayId]]:
        """A confirmed request and (for a leave) its booked days, as the tracker writes them."""
        self.requests += 1
        rid = await self.db.fetchval(
            """
            INSERT INTO leave_requests
                (user_id, intent, category, days, channel_id, thread_ts, message_ts, status,
                 expires_at, confirmed_at)
            VALUES ($1, $2, $3, $4::jsonb, 'C0LEAVE', $5, $5, 'confirmed',
                    now() + interval '1 hour', now())
            RETURNING id
            """,
            user_id,
            intent,
            category if intent == "leave" else None,
            [{"date": d.isoformat(), "portion": p} for d, p in days],
            f"1700000000.{self.requests:06d}",
        )
        day_ids: list[DayId] = []
        if intent == "leave":
            for day, portion in days:
                day_id = await self.db.fetchval(Q.day_insert, rid, user_id, day, portion, category)
                day_ids.append(DayId(day_id))
        return RequestId(rid), day_ids

    async def sync(
        self,
        request_id: RequestId,
        day_ids: Sequence[DayId],
        operation: str = "create",
        *,
        timeout: float = 20.0,  # noqa: ASYNC109
    ) -> SyncDone:
        """Send SyncDays to the actor, run it until its SyncDone reaches the tracker's inbox."""
        before = await self.done_count()
        await self.runtime.channels.send_now(
            "harvest_syncer",
            SyncDays(request_id=request_id, day_ids=tuple(day_ids), operation=operation),  # type: ignore[arg-type]
        )
        return await self.run_until_done(before, timeout=timeout)

    async def done_count(self) -> int:
        count: int = await self.db.fetchval(
            "SELECT count(*) FROM mailbox WHERE recipient = 'tracker' AND kind = 'sync_done'"
        )
        return count

    async def run_until_done(self, before: int, *, timeout: float = 20.0) -> SyncDone:  # noqa: ASYNC109
        spec = harvest_syncer.child(self.runtime, client=self.client, claim_timeout_s=30.0)
        async with anyio.create_task_group() as tg:
            await tg.start(spec.start)
            with anyio.fail_after(timeout):
                while await self.done_count() <= before:
                    await anyio.sleep(0.02)
            tg.cancel_scope.cancel()
        payload = await self.db.fetchval(
            "SELECT payload FROM mailbox WHERE recipient = 'tracker' AND kind = 'sync_done' "
            "ORDER BY id DESC LIMIT 1"
        )
        message = MESSAGE_ADAPTER.validate_python(payload)
        assert isinstance(message, SyncDone)
        left = await self.db.fetchval(
            "SELECT count(*) FROM mailbox WHERE recipient = 'harvest_syncer' AND status <> 'done'"
        )
        assert left == 0
        return message

    async def days(self, request_id: RequestId | None = None) -> list[dict[str, Any]]:
        rows = await self.db.fetch(
            "SELECT id, day, portion, status, harvest_status, harvest_entry_id, last_error "
            "FROM leave_days WHERE $1::bigint IS NULL OR request_id = $1 ORDER BY day, portion",
            request_id,
        )
        return [dict(r) for r in rows]

    async def attempts(self, day_id: int) -> list[tuple[str, str, str | None]]:
        rows = await self.db.fetch(
            "SELECT operation, outcome, error, target, duration_ms FROM sync_attempts "
            "WHERE day_id = $1 ORDER BY id",
            day_id,
        )
        assert all(r["target"] == "harvest" and r["duration_ms"] >= 0 for r in rows)
        return [(r["operation"], r["outcome"], r["error"]) for r in rows]

    def creates(self) -> list[int]:
        return [c.status for c in self.sandbox.calls if c.op == "time_entries.create"]


@pytest.fixture
async def bench(db: Database) -> AsyncIterator[Bench]:
    async with SandboxHarvest(rate_limit=10_000) as sandbox:
        settings = Settings(  # type: ignore[call-arg]
            _env_file=None,
            harvest_api_url=sandbox.api_url,
            harvest_token=sandbox.token,
            harvest_account_id=sandbox.account_id,
        )
        runtime = Runtime(settings=settings, db=db, channels=Channels(db), process="test")
        client = HarvestClient(
            sandbox.api_url,
            sandbox.token,
            sandbox.account_id,
            limiter=RateLimiter(1000, 1.0),
            timeout_s=0.4,
            max_retry_after_s=2.0,
        )
        async with client:
            yield Bench(db, sandbox, runtime, client)


# ------------------------------------------------------------------ creating


async def test_one_entry_per_day_with_hours_task_date_and_reference(bench: Bench) -> None:
    await bench.configure()
    asha = await bench.person()
    rid, day_ids = await bench.request(asha, [(THU, "full"), (FRI, "am"), (MON, "pm")])
    with capture_logs() as logs:
        done = await bench.sync(rid, day_ids)
    assert done.target == "harvest"
    assert done.operation == "create"
    assert done.ok == 3
    assert done.failures == ()
    assert done.skipped is None
    entries = {e["spent_date"]: e for e in bench.sandbox.entries()}
    assert sorted(entries) == [THU.isoformat(), FRI.isoformat(), MON.isoformat()]
    for day_id, (day, hours) in zip(day_ids, [(THU, 8.0), (FRI, 4.0), (MON, 4.0)], strict=True):
        entry = entries[day.isoformat()]
        assert entry["hours"] == hours
        assert entry["is_running"] is False
        assert entry["user"]["id"] == ASHA
        assert entry["project"]["id"] == TIME_OFF_PROJECT_ID
        assert entry["task"]["id"] == VACATION_TASK_ID
        assert entry["external_reference"]["id"] == f"leavebot:{day_id}"
        assert entry["external_reference"]["group_id"] == f"leavebot:request:{rid}"
        assert "booked by leavebot" in entry["notes"]
        assert "vacation" in entry["notes"]
    days = await bench.days(rid)
    assert [d["harvest_status"] for d in days] == ["done"] * 3
    assert [d["harvest_entry_id"] for d in days] == [
        entries[d["day"].isoformat()]["id"] for d in days
    ]
    assert await bench.attempts(day_ids[0]) == [("lookup", "ok", None), ("create", "ok", None)]
    status = await bench.db.fetchval("SELECT status FROM leave_requests WHERE id = $1", rid)
    assert status == "processing"
    created = [e for e in logs if e["event"] == "harvest.entry_created"]
    assert len(created) == 3
    assert all(e["actor"] == "harvest_syncer" and e["request_id"] == rid for e in created)
    assert bench.sandbox.token not in str(logs)


async def test_sick_leave_goes_to_the_sick_task(bench: Bench) -> None:
    await bench.configure()
    asha = await bench.person()
    rid, day_ids = await bench.request(asha, [(THU, "full")], category="sick")
    done = await bench.sync(rid, day_ids)
    assert done.ok == 1
    [entry] = bench.sandbox.entries()
    assert entry["task"]["id"] == SICK_TASK_ID
    assert entry["hours"] == 8.0


async def test_hours_come_from_the_runtime_config(bench: Bench) -> None:
    await bench.configure(hours_full_day=7.5, hours_half_day=3.75)
    asha = await bench.person()
    rid, day_ids = await bench.request(asha, [(THU, "full"), (FRI, "pm")])
    await bench.sync(rid, day_ids)
    hours = {e["spent_date"]: e["hours"] for e in bench.sandbox.entries()}
    assert hours == {THU.isoformat(): 7.5, FRI.isoformat(): 3.75}


async def test_settled_days_complete_once_both_targets_are_done(bench: Bench) -> None:
    await bench.configure()
    asha = await bench.person()
    rid, day_ids = await bench.request(asha, [(THU, "full"), (FRI, "full")])
    await bench.db.execute(
        "UPDATE leave_days SET calendar_status = 'done' WHERE id = $1", day_ids[0]
    )
    await bench.sync(rid, day_ids)
    assert [d["status"] for d in await bench.days(rid)] == ["completed", "confirmed"]


async def test_a_redelivery_creates_no_duplicate(bench: Bench) -> None:
    await bench.configure()
    asha = await bench.person()
    rid, day_ids = await bench.request(asha, [(THU, "full"), (FRI, "full")])
    first = await bench.sync(rid, day_ids)
    assert first.ok == 2
    # The same message again (a redelivery after its ack was lost).
    before = await bench.done_count()
    await bench.db.execute(
        "UPDATE mailbox SET status = 'ready', done_at = NULL WHERE recipient = 'harvest_syncer'"
    )
    again = await bench.run_until_done(before)
    assert again.ok == 2
    assert again.failures == ()
    assert len(bench.sandbox.entries()) == 2
    assert bench.creates() == [201, 201]


async def test_a_crash_between_create_and_write_is_recovered_by_the_lookup(bench: Bench) -> None:
    await bench.configure()
    asha = await bench.person()
    rid, day_ids = await bench.request(asha, [(THU, "full"), (FRI, "full")])
    await bench.sync(rid, day_ids)
    entry_ids = sorted(e["id"] for e in bench.sandbox.entries())
    # As if the process died after Harvest answered and before our writes committed.
    await bench.db.execute(
        "UPDATE leave_days SET harvest_status = 'pending', harvest_entry_id = NULL, "
        "status = 'confirmed'"
    )
    await bench.db.execute("DELETE FROM sync_attempts")
    before = await bench.done_count()
    await bench.db.execute(
        "UPDATE mailbox SET status = 'ready', done_at = NULL WHERE recipient = 'harvest_syncer'"
    )
    with capture_logs() as logs:
        again = await bench.run_until_done(before)
    assert again.ok == 2
    assert sorted(e["id"] for e in bench.sandbox.entries()) == entry_ids
    assert bench.creates() == [201, 201]
    days = await bench.days(rid)
    assert sorted(d["harvest_entry_id"] for d in days) == entry_ids
    assert [d["harvest_status"] for d in days] == ["done", "done"]
    assert await bench.attempts(day_ids[0]) == [("lookup", "ok", None)]
    assert len([e for e in logs if e["event"] == "harvest.entry_exists"]) == 2


async def test_an_entry_with_our_reference_is_taken_as_done(bench: Bench) -> None:
    await bench.configure()
    asha = await bench.person()
    rid, day_ids = await bench.request(asha, [(THU, "full"), (FRI, "full")])
    existing = bench.sandbox.add_entry(
        {
            "user_id": ASHA,
            "project_id": TIME_OFF_PROJECT_ID,
            "task_id": VACATION_TASK_ID,
            "spent_date": THU.isoformat(),
            "hours": 8,
            "external_reference": {"id": f"leavebot:{day_ids[0]}"},
        }
    )
    # Same date, another reference: not ours, so not taken.
    bench.sandbox.add_entry(
        {
            "user_id": ASHA,
            "project_id": TIME_OFF_PROJECT_ID,
            "task_id": VACATION_TASK_ID,
            "spent_date": FRI.isoformat(),
            "hours": 8,
            "external_reference": {"id": "someone-else"},
        }
    )
    done = await bench.sync(rid, day_ids)
    assert done.ok == 2
    assert len(bench.creates()) == 1
    days = await bench.days(rid)
    assert days[0]["harvest_entry_id"] == existing["id"]
    assert days[1]["harvest_entry_id"] not in (None, existing["id"])
    assert len(bench.sandbox.entries()) == 3


# -------------------------------------------------------------------- faults


@pytest.mark.parametrize("status", [500, 502])
async def test_a_server_error_fails_that_day_only(bench: Bench, status: int) -> None:
    await bench.configure()
    asha = await bench.person()
    rid, day_ids = await bench.request(asha, [(THU, "full"), (FRI, "full"), (MON, "am")])
    bench.sandbox.fail("time_entries.create", status)  # the first create only
    with capture_logs() as logs:
        done = await bench.sync(rid, day_ids)
    assert done.ok == 2
    assert done.failures == (f"Thu 5 Mar: Harvest answered HTTP {status}",)
    days = await bench.days(rid)
    assert [d["harvest_status"] for d in days] == ["failed", "done", "done"]
    assert days[0]["last_error"] == f"HTTP {status}"
    assert days[0]["status"] == "failed"
    assert days[0]["harvest_entry_id"] is None
    assert await bench.attempts(day_ids[0]) == [
        ("lookup", "ok", None),
        ("create", "error", f"HTTP {status}"),
    ]
    assert len(bench.sandbox.entries()) == 2
    [failed] = [e for e in logs if e["event"] == "harvest.sync_failed"]
    assert failed["error"] == f"HTTP {status}"
    # No automatic re-sync: a redelivery reports the failure again, creates nothing.
    before = await bench.done_count()
    await bench.db.execute(
        "UPDATE mailbox SET status = 'ready', done_at = NULL WHERE recipient = 'harvest_syncer'"
    )
    again = await bench.run_until_done(before)
    assert again.ok == 2
    assert again.failures == done.failures
    assert len(bench.creates()) == 3


async def test_a_429_is_waited_out_not_failed(bench: Bench) -> None:
    await bench.configure()
    asha = await bench.person()
    rid, day_ids = await bench.request(asha, [(THU, "full")])
    bench.sandbox.fail("time_entries.create", 429, retry_after_s=1.0)
    started = time.monotonic()
    with capture_logs(processors=[structlog.contextvars.merge_contextvars]) as logs:
        done = await bench.sync(rid, day_ids)
    [limited] = [e for e in logs if e["event"] == "harvest.rate_limited"]
    assert limited["request_id"] == rid
    assert limited["actor"] == "harvest_syncer"
    assert time.monotonic() - started >= 0.95
    assert done.ok == 1
    assert bench.creates() == [429, 201]
    assert await bench.attempts(day_ids[0]) == [("lookup", "ok", None), ("create", "ok", None)]
    assert len(bench.sandbox.entries()) == 1


async def test_a_429_that_persists_fails_the_day(bench: Bench) -> None:
    await bench.configure()
    asha = await bench.person()
    rid, day_ids = await bench.request(asha, [(THU, "full")])
    bench.sandbox.fail("time_entries.create", 429, times=10, retry_after_s=0)
    done = await bench.sync(rid, day_ids)
    assert done.ok == 0
    assert done.failures == ("Thu 5 Mar: Harvest answered HTTP 429 (rate limited)",)
    [day] = await bench.days(rid)
    assert day["harvest_status"] == "failed"
    assert bench.sandbox.entries() == []


async def test_a_slow_create_past_the_timeout_fails_and_the_entry_can_be_found_later(
    bench: Bench,
) -> None:
    await bench.configure()
    asha = await bench.person()
    rid, day_ids = await bench.request(asha, [(THU, "full"), (FRI, "full")])
    bench.sandbox.slow("time_entries.create", delay_s=1.0)
    done = await bench.sync(rid, day_ids)
    assert done.ok == 1
    assert done.failures == ("Thu 5 Mar: Harvest timed out",)
    days = await bench.days(rid)
    assert [d["harvest_status"] for d in days] == ["failed", "done"]
    assert days[0]["last_error"] == "timed out"
    assert await bench.attempts(day_ids[0]) == [
        ("lookup", "ok", None),
        ("create", "error", "timed out"),
        ("lookup", "ok", None),
    ]
    # Harvest finished the slow create after we gave up: the entry carries our reference,
    # so an admin retry (which looks up first) takes it instead of making a second one.
    with anyio.fail_after(5):
        while len(bench.sandbox.entries()) < 2:
            await anyio.sleep(0.05)
    late = await bench.client.time_entries(external_reference_id=f"leavebot:{day_ids[0]}")
    assert len(late) == 1


async def test_a_dropped_create_that_happened_is_found_not_repeated(bench: Bench) -> None:
    await bench.configure()
    asha = await bench.person()
    rid, day_ids = await bench.request(asha, [(THU, "full")])
    bench.sandbox.drop("time_entries.create")
    done = await bench.sync(rid, day_ids)
    assert done.ok == 1
    assert done.failures == ()
    [entry] = bench.sandbox.entries()
    [day] = await bench.days(rid)
    assert day["harvest_status"] == "done"
    assert day["harvest_entry_id"] == entry["id"]
    assert await bench.attempts(day_ids[0]) == [
        ("lookup", "ok", None),
        ("create", "error", "dropped the connection"),
        ("lookup", "ok", None),
    ]
    assert len(bench.creates()) == 1


async def test_a_create_dropped_before_harvest_did_it_is_sent_once_more(bench: Bench) -> None:
    await bench.configure()
    asha = await bench.person()
    rid, day_ids = await bench.request(asha, [(THU, "full")])
    bench.sandbox.drop("time_entries.create", before=True)
    done = await bench.sync(rid, day_ids)
    assert done.ok == 1
    assert len(bench.sandbox.entries()) == 1
    assert bench.creates() == [0, 201]
    assert await bench.attempts(day_ids[0]) == [
        ("lookup", "ok", None),
        ("create", "error", "dropped the connection"),
        ("lookup", "ok", None),
        ("create", "ok", None),
    ]


async def test_a_create_dropped_twice_fails_the_day(bench: Bench) -> None:
    await bench.configure()
    asha = await bench.person()
    rid, day_ids = await bench.request(asha, [(THU, "full")])
    bench.sandbox.drop("time_entries.create", before=True, times=2)
    done = await bench.sync(rid, day_ids)
    assert done.failures == ("Thu 5 Mar: Harvest dropped the connection",)
    assert bench.sandbox.entries() == []
    assert bench.creates() == [0, 0]


async def test_a_failed_lookup_fails_the_day_without_a_create(bench: Bench) -> None:
    await bench.configure()
    asha = await bench.person()
    rid, day_ids = await bench.request(asha, [(THU, "full"), (FRI, "full")])
    bench.sandbox.fail("time_entries.list", 500)
    done = await bench.sync(rid, day_ids)
    assert done.ok == 1
    assert done.failures == ("Thu 5 Mar: Harvest answered HTTP 500",)
    assert await bench.attempts(day_ids[0]) == [("lookup", "error", "HTTP 500")]
    assert len(bench.creates()) == 1


# ------------------------------------------------------- skipped, not set up


async def test_an_author_without_a_harvest_user_is_skipped(bench: Bench) -> None:
    await bench.configure()
    maya = await bench.person("Maya Chen", harvest_user_id=None)
    rid, day_ids = await bench.request(maya, [(THU, "full"), (FRI, "full")])
    await bench.db.execute("UPDATE leave_days SET calendar_status = 'done'")
    done = await bench.sync(rid, day_ids)
    assert done.ok == 0
    assert done.failures == ()
    assert done.skipped == "no Harvest user for Maya Chen"
    days = await bench.days(rid)
    assert [d["harvest_status"] for d in days] == ["skipped", "skipped"]
    assert [d["status"] for d in days] == ["completed", "completed"]
    assert bench.sandbox.calls == []
    assert await bench.attempts(day_ids[0]) == [
        ("create", "skipped", "no Harvest user for Maya Chen")
    ]


async def test_missing_task_config_fails_with_a_reason(bench: Bench) -> None:
    await bench.configure(harvest_task_sick=None)
    asha = await bench.person()
    rid, day_ids = await bench.request(asha, [(THU, "full"), (FRI, "full")], category="sick")
    done = await bench.sync(rid, day_ids)
    assert done.ok == 0
    assert done.failures == ("Harvest is not set up: harvest_task_sick is not configured",)
    days = await bench.days(rid)
    assert [d["harvest_status"] for d in days] == ["failed", "failed"]
    assert days[0]["last_error"] == done.failures[0]
    assert bench.sandbox.calls == []
    before = await bench.done_count()
    await bench.db.execute(
        "UPDATE mailbox SET status = 'ready', done_at = NULL WHERE recipient = 'harvest_syncer'"
    )
    again = await bench.run_until_done(before)
    assert again.failures == done.failures


async def test_an_unconfigured_project_fails_every_day(bench: Bench) -> None:
    asha = await bench.person()  # nothing configured: the migration seeds nulls
    rid, day_ids = await bench.request(asha, [(THU, "full")])
    done = await bench.sync(rid, day_ids)
    assert done.failures == ("Harvest is not set up: harvest_project_id is not configured",)
    assert bench.sandbox.calls == []


# ------------------------------------------------------------------ deleting


async def test_a_cancel_deletes_the_entries(bench: Bench) -> None:
    await bench.configure()
    asha = await bench.person()
    rid, day_ids = await bench.request(asha, [(THU, "full"), (FRI, "full"), (MON, "am")])
    await bench.sync(rid, day_ids)
    entries = {e["spent_date"]: e["id"] for e in bench.sandbox.entries()}
    # A person deleted Friday's entry by hand; Monday's id was never written down.
    bench.sandbox.delete_entry(entries[FRI.isoformat()])
    await bench.db.execute(
        "UPDATE leave_days SET harvest_entry_id = NULL WHERE id = $1", day_ids[2]
    )
    await bench.db.execute("UPDATE leave_days SET calendar_status = 'deleted'")
    cancel, _ = await bench.request(
        asha, [(THU, "full"), (FRI, "full"), (MON, "am")], intent="cancel"
    )
    with capture_logs() as logs:
        done = await bench.sync(cancel, day_ids, "delete")
    assert done.operation == "delete"
    assert done.ok == 3
    assert done.failures == ()
    assert bench.sandbox.entries() == []
    days = await bench.days(rid)
    assert [d["harvest_status"] for d in days] == ["deleted"] * 3
    assert [d["status"] for d in days] == ["cancelled"] * 3
    assert await bench.attempts(day_ids[1]) == [
        ("lookup", "ok", None),
        ("create", "ok", None),
        ("delete", "ok", None),
    ]
    assert (await bench.attempts(day_ids[2]))[-2:] == [
        ("lookup", "ok", None),
        ("delete", "ok", None),
    ]
    gone = [e for e in logs if e["event"] == "harvest.entry_deleted"]
    assert sorted(e["already_gone"] for e in gone) == [False, False, True]
    status = await bench.db.fetchval("SELECT status FROM leave_requests WHERE id = $1", cancel)
    assert status == "processing"
    # A redelivered delete changes nothing and calls nothing.
    calls = len(bench.sandbox.calls)
    before = await bench.done_count()
    await bench.db.execute(
        "UPDATE mailbox SET status = 'ready', done_at = NULL WHERE recipient = 'harvest_syncer' "
        "AND payload->>'operation' = 'delete'"
    )
    again = await bench.run_until_done(before)
    assert again.ok == 3
    assert len(bench.sandbox.calls) == calls


async def test_a_failed_delete_keeps_the_day_and_says_why(bench: Bench) -> None:
    await bench.configure()
    asha = await bench.person()
    rid, day_ids = await bench.request(asha, [(THU, "full"), (FRI, "full")])
    await bench.sync(rid, day_ids)
    cancel, _ = await bench.request(asha, [(THU, "full"), (FRI, "full")], intent="cancel")
    bench.sandbox.fail("time_entries.delete", 500)
    done = await bench.sync(cancel, day_ids, "delete")
    assert done.ok == 1
    assert done.failures == ("Thu 5 Mar: Harvest answered HTTP 500",)
    days = await bench.days(rid)
    assert [d["harvest_status"] for d in days] == ["done", "deleted"]
    assert days[0]["last_error"] == "delete: HTTP 500"
    assert len(bench.sandbox.entries()) == 1


async def test_a_cancel_for_an_author_without_harvest_removes_nothing(bench: Bench) -> None:
    await bench.configure()
    maya = await bench.person("Maya Chen", harvest_user_id=None)
    rid, day_ids = await bench.request(maya, [(THU, "full")])
    await bench.sync(rid, day_ids)
    await bench.db.execute("UPDATE leave_days SET calendar_status = 'deleted'")
    cancel, _ = await bench.request(maya, [(THU, "full")], intent="cancel")
    done = await bench.sync(cancel, day_ids, "delete")
    assert done.ok == 0
    assert done.failures == ()
    assert done.skipped == "no Harvest entry to remove for Maya Chen"
    assert [d["status"] for d in await bench.days(rid)] == ["cancelled"]
    assert bench.sandbox.calls == []


async def test_missing_harvest_secrets_fail_the_days_naming_the_variable(db: Database) -> None:
    async with SandboxHarvest() as sandbox:
        settings = Settings(  # type: ignore[call-arg]
            _env_file=None, harvest_api_url=sandbox.api_url, harvest_account_id="1234567"
        )
        runtime = Runtime(settings=settings, db=db, channels=Channels(db), process="test")
        bench = Bench(db, sandbox, runtime, client=None)  # type: ignore[arg-type]
        await bench.configure()
        asha = await bench.person()
        rid, day_ids = await bench.request(asha, [(THU, "full")])
        done = await bench.sync(rid, day_ids)
        assert len(done.failures) == 1
        assert done.failures[0].startswith("Harvest is not set up: HARVEST_TOKEN is not set")
        [day] = await bench.days(rid)
        assert day["harvest_status"] == "failed"
        cancel, _ = await bench.request(asha, [(THU, "full")], intent="cancel")
        deleted = await bench.sync(cancel, day_ids, "delete")
        assert deleted.ok == 0
        assert deleted.failures == done.failures
        assert sandbox.calls == []


async def test_a_usual_create_is_one_read_and_one_statement(bench: Bench, db_url: str) -> None:
    """A one-day request: the days are read, Harvest asked (lookup, create), and one
    statement records both calls, the day (settled), the request under way, the SyncDone
    and the ack."""
    await bench.configure()
    asha = await bench.person()
    rid, day_ids = await bench.request(asha, [(THU, "full")])
    await bench.db.execute("UPDATE leave_days SET calendar_status = 'done'")
    db = await Database.open(db_url, connection_class=CountingConnection)
    try:
        runtime = Runtime(
            settings=bench.runtime.settings, db=db, channels=Channels(db), process="test"
        )
        syncer = harvest_syncer.HarvestSyncer(runtime, bench.client)
        message = SyncDays(request_id=rid, day_ids=tuple(day_ids), operation="create")
        await runtime.channels.send_now("harvest_syncer", message)
        [delivery] = await runtime.channels.inbox("harvest_syncer").claim()
        # Read once before, as the caches have them in a running bot.
        await runtime.config.get()
        await syncer.legacy_below()
        before = COUNTS.counts.copy()
        await syncer.handle(delivery)
        trips = COUNTS.counts - before
        for first_use in ("prepare", "introspect"):  # once per connection and statement
            trips.pop(first_use, None)
        assert trips == {"days_for_sync": 1, "harvest_finished_and_ack": 1}
    finally:
        await db.close()
    assert delivery.acked
    [day] = await bench.days(rid)
    assert (day["harvest_status"], day["status"]) == ("done", "completed")
    assert day["harvest_entry_id"] == bench.sandbox.entries()[0]["id"]
    assert await bench.attempts(day_ids[0]) == [("lookup", "ok", None), ("create", "ok", None)]
    status = await bench.db.fetchval("SELECT status FROM leave_requests WHERE id = $1", rid)
    assert status == "processing"
    payload = await bench.db.fetchval(
        "SELECT payload FROM mailbox WHERE recipient = 'tracker' AND kind = 'sync_done'"
    )
    assert (payload["ok"], payload["failures"]) == (1, [])


async def test_earlier_days_are_recorded_at_once_and_the_last_with_the_end(
    bench: Bench,
) -> None:
    """While the last day's create hangs, the days before it are recorded already; a
    redelivery after a crash there finds the last day's entry instead of making another."""
    await bench.configure()
    asha = await bench.person()
    rid, day_ids = await bench.request(asha, [(THU, "full"), (FRI, "full"), (MON, "full")])
    bench.sandbox.slow("time_entries.create", delay_s=0.0, times=2)
    bench.sandbox.slow("time_entries.create", delay_s=0.3)  # within the client's timeout
    await bench.runtime.channels.send_now(
        "harvest_syncer", SyncDays(request_id=rid, day_ids=tuple(day_ids), operation="create")
    )
    spec = harvest_syncer.child(bench.runtime, client=bench.client, claim_timeout_s=30.0)
    async with anyio.create_task_group() as tg:
        await tg.start(spec.start)
        with anyio.fail_after(10):
            while [d["harvest_status"] for d in await bench.days(rid)] != [
                "done",
                "done",
                "pending",
            ]:
                await anyio.sleep(0.02)
        tg.cancel_scope.cancel()  # gone while the last create is in Harvest's hands
    with anyio.fail_after(5):
        while len(bench.sandbox.entries()) < 3:  # it lands all the same
            await anyio.sleep(0.02)
    bench.sandbox.clear_faults()
    done = await bench.run_until_done(await bench.done_count())
    assert done.ok == 3
    assert len(bench.sandbox.entries()) == 3
    days = await bench.days(rid)
    assert [d["harvest_status"] for d in days] == ["done"] * 3
    assert [a[0] for a in await bench.attempts(day_ids[2])] == ["lookup"]
