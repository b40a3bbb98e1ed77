"""Admin actions: retry of failed days, cancel with external deletes, and the user import.

Retry and cancel are checked at the database level (what is reset, what is
queued for which syncer, what a second call says) and, for retry, end to end:
a Harvest failure through the real harvest_syncer and tracker against the
sandbox Harvest, retried through the API until the request is done. The
import runs against the sandbox Slack and sandbox Harvest.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import AsyncIterator

import anyio
import pytest

from actors import harvest_syncer, tracker
from leavebot.channels import Channels
from leavebot.db import Database
from leavebot.harvest import HarvestClient, RateLimiter
from leavebot.messages import SyncDays, SyncDone
from leavebot.queries import Q
from leavebot.runtime import Runtime
from leavebot.sandbox.harvest import (
    SICK_TASK_ID,
    TIME_OFF_PROJECT_ID,
    VACATION_TASK_ID,
    SandboxHarvest,
)
from leavebot.sandbox.slack import SandboxUser, serve_slack
from leavebot.settings import Settings
from leavebot.slack import SlackClient
from leavebot.types import DayId, RequestId
from tests.admin_support import Api, Seed, serve_admin

pytestmark = pytest.mark.anyio

MON = dt.date(2026, 3, 2)
TUE = dt.date(2026, 3, 3)
WED = dt.date(2026, 3, 4)
ASHA_HARVEST = 4100002


@pytest.fixture
async def api(db: Database) -> AsyncIterator[Api]:
    async with serve_admin(db) as client:
        yield client


def targets_of(results: dict[str, object]) -> dict[str, object]:
    """A completed outcome as the tracker's ``summarize`` writes it."""
    return {"state": "partial", "operation": "create", "failures": [], "targets": results}


# --------------------------------------------------------------------- retry


async def test_retry_resets_only_failed_targets_and_queues_only_them(
    api: Api, db: Database
) -> None:
    seed = Seed(db)
    asha = await seed.person()
    results = {
        "calendar": {"ok": 1, "failures": ["Tue 3 Mar: Calendar answered HTTP 500"]},
        "harvest": {"ok": 2, "failures": [], "skipped": None},
    }
    rid, (mon, tue) = await seed.request(
        asha, [(MON, "full"), (TUE, "full")], outcome=targets_of(results)
    )
    await db.execute(
        "UPDATE leave_days SET status = 'failed', calendar_status = 'failed', "
        "last_error = 'HTTP 500' WHERE id = $1",
        tue,
    )
    reply = await api.call("POST", f"/api/leaves/{rid}/retry")
    assert reply.status == 202, reply.body
    assert reply.body == {
        "request_id": rid,
        "status": "processing",
        "queued": [{"target": "calendar", "operation": "create", "day_ids": [tue]}],
        "skipped": [],
    }
    days = {r["id"]: r for r in await db.fetch(Q.days_of_request, rid)}
    assert days[tue]["status"] == "confirmed"
    assert days[tue]["calendar_status"] == "pending"
    assert days[tue]["harvest_status"] == "done"
    assert days[tue]["last_error"] is None
    assert days[mon]["status"] == "completed"
    request = await db.fetchrow(Q.request_get, rid)
    assert request is not None
    assert request["status"] == "processing"
    # The tracker waits for calendar again: only harvest's result is kept.
    assert request["outcome"] == {"harvest": results["harvest"]}
    (sent,) = await seed.mailbox()
    assert sent["recipient"] == "calendar_syncer"
    assert SyncDays.model_validate(sent["payload"]) == SyncDays(
        request_id=RequestId(rid), day_ids=(DayId(tue),), operation="create"
    )

    again = await api.call("POST", f"/api/leaves/{rid}/retry")
    assert again.status == 409
    assert "processing" in again.body["error"]["message"]
    assert len(await seed.mailbox()) == 1

    # Back to completed with nothing failed: still nothing to retry.
    await db.execute("UPDATE leave_days SET status = 'completed', calendar_status = 'done'")
    await db.execute("UPDATE leave_requests SET status = 'completed' WHERE id = $1", rid)
    nothing = await api.call("POST", f"/api/leaves/{rid}/retry")
    assert nothing.status == 409
    assert "no failed day" in nothing.body["error"]["message"]
    assert (await api.call("POST", "/api/leaves/424242/retry")).status == 404


async def test_raced_retries_queue_the_work_once(api: Api, db: Database) -> None:
    seed = Seed(db)
    asha = await seed.person()
    rid, (day,) = await seed.request(
        asha,
        [(WED, "am")],
        day_status="failed",
        calendar="failed",
        harvest="failed",
        outcome=targets_of({"calendar": {"ok": 0}, "harvest": {"ok": 0}}),
    )
    statuses: list[int] = []

    async def retry() -> None:
        statuses.append((await api.call("POST", f"/api/leaves/{rid}/retry")).status)

    async with anyio.create_task_group() as tg:
        for _ in range(5):
            tg.start_soon(retry)
    assert sorted(statuses) == [202, 409, 409, 409, 409]
    sent = await seed.mailbox()
    assert sorted(m["recipient"] for m in sent) == ["calendar_syncer", "harvest_syncer"]
    assert all(m["payload"]["day_ids"] == [day] for m in sent)
    request = await db.fetchrow(Q.request_get, rid)
    assert request is not None
    assert request["outcome"] == {}


async def test_retry_end_to_end_through_the_sandbox_harvest(db: Database) -> None:
    async with SandboxHarvest(rate_limit=10_000) as sandbox:
        settings = Settings(  # type: ignore[call-arg]
            _env_file=None,
            harvest_api_url=sandbox.api_url,
            harvest_token=sandbox.token,
            harvest_account_id=sandbox.account_id,
        )
        runtime = Runtime(settings=settings, db=db, channels=Channels(db), process="test")
        for key, value in (
            ("harvest_project_id", TIME_OFF_PROJECT_ID),
            ("harvest_task_vacation", VACATION_TASK_ID),
            ("harvest_task_sick", SICK_TASK_ID),
        ):
            await db.execute(Q.config_put, key, value, "test")
        seed = Seed(db)
        asha = await seed.person(harvest_user_id=ASHA_HARVEST)
        rid, (day,) = await seed.request(
            asha, [(MON, "full")], status="confirmed", day_status="confirmed", harvest="pending"
        )
        # The calendar is not part of this test: its side is done already.
        await db.execute("UPDATE leave_days SET calendar_status = 'done' WHERE id = $1", day)
        client = HarvestClient(
            sandbox.api_url,
            sandbox.token,
            sandbox.account_id,
            limiter=RateLimiter(1000, 1.0),
            timeout_s=2.0,
        )

        async def run_until(status: str) -> None:
            """Run the harvest syncer and the tracker until the request has ``status``."""
            specs = [
                harvest_syncer.child(runtime, client=client, claim_timeout_s=30.0),
                tracker.child(runtime),
            ]
            async with anyio.create_task_group() as tg:
                for spec in specs:
                    await tg.start(spec.start)
                with anyio.fail_after(15):
                    while True:
                        row = await db.fetchrow(Q.request_get, rid)
                        if row is not None and row["status"] == status:
                            break
                        await anyio.sleep(0.05)
                tg.cancel_scope.cancel()

        async with client, serve_admin(db, channels=runtime.channels) as api:
            sandbox.fail("time_entries.create", 500)
            calendar_done = SyncDone(
                request_id=RequestId(rid),
                target="calendar",
                operation="create",
                ok=1,
                finished_at=dt.datetime.now(dt.UTC),
            )
            await runtime.channels.send_now("tracker", calendar_done)
            await runtime.channels.send_now(
                "harvest_syncer",
                SyncDays(request_id=RequestId(rid), day_ids=(DayId(day),), operation="create"),
            )
            await run_until("completed")
            failed = (await api.get(f"/api/leaves/{rid}")).body
            assert failed["outcome"]["state"] == "partial"
            assert failed["days"][0]["status"] == "failed"
            assert failed["days"][0]["harvest_status"] == "failed"
            assert sandbox.entries() == []

            retry = await api.call("POST", f"/api/leaves/{rid}/retry")
            assert retry.status == 202
            assert [q["target"] for q in retry.body["queued"]] == ["harvest"]
            await run_until("completed")
            done = (await api.get(f"/api/leaves/{rid}")).body
            assert done["outcome"] == {"state": "done", "failures": []}
            assert done["days"][0]["status"] == "completed"
            assert done["days"][0]["harvest_status"] == "done"
            assert done["failed_days"] == 0
            (entry,) = sandbox.entries()
            assert entry["external_reference"]["id"] == f"leavebot:{day}"
            assert [(a["target"], a["operation"], a["outcome"]) for a in done["attempts"]][-1] == (
                "harvest",
                "create",
                "ok",
            )
            assert (await api.call("POST", f"/api/leaves/{rid}/retry")).status == 409


# -------------------------------------------------------------------- cancel


async def test_cancel_queues_deletes_of_live_days_to_both_syncers(api: Api, db: Database) -> None:
    seed = Seed(db)
    asha = await seed.person()
    rid, (mon, tue) = await seed.request(asha, [(MON, "full"), (TUE, "pm")])
    await db.execute(
        "UPDATE leave_days SET status = 'failed', harvest_status = 'failed' WHERE id = $1", tue
    )
    await seed.request(asha, [(WED, "full")], day_status="cancelled")
    reply = await api.call("DELETE", f"/api/leaves/{rid}", headers={"X-Admin-User": "bob"})
    assert reply.status == 202, reply.body
    assert reply.body["queued"] == [
        {"target": "calendar", "operation": "delete", "day_ids": [mon, tue]},
        {"target": "harvest", "operation": "delete", "day_ids": [mon, tue]},
    ]
    sent = await seed.mailbox()
    assert [m["recipient"] for m in sent] == ["calendar_syncer", "harvest_syncer"]
    for message in sent:
        work = SyncDays.model_validate(message["payload"])
        assert work.operation == "delete"
        assert work.day_ids == (mon, tue)
        assert work.request_id == rid

    busy = await api.call("DELETE", f"/api/leaves/{rid}")
    assert busy.status == 409
    assert "under way" in busy.body["error"]["message"]
    assert len(await seed.mailbox()) == 2

    # Once the syncers have cancelled the days, nothing is live.
    await db.execute("UPDATE mailbox SET status = 'done'")
    await db.execute("UPDATE leave_days SET status = 'cancelled' WHERE request_id = $1", rid)
    gone = await api.call("DELETE", f"/api/leaves/{rid}")
    assert gone.status == 409
    assert "no live day" in gone.body["error"]["message"]

    syncing, _ = await seed.request(
        asha, [(dt.date(2026, 5, 4), "full")], status="processing", day_status="confirmed"
    )
    assert (await api.call("DELETE", f"/api/leaves/{syncing}")).status == 409
    pending, _ = await seed.request(asha, [(MON, "am")], status="pending", day_status=None)
    assert (await api.call("DELETE", f"/api/leaves/{pending}")).status == 409
    assert (await api.call("DELETE", "/api/leaves/31337")).status == 404


# -------------------------------------------------------------------- import


@contextlib.asynccontextmanager
async def closing_slack(client: SlackClient) -> AsyncIterator[SlackClient]:
    try:
        yield client
    finally:
        await client.close()


SLACK_PEOPLE = (
    SandboxUser("U0ASHA001", "asha", "Asha Rao", "asha@example.com"),
    SandboxUser("U0RAVI002", "ravi", "Ravi Kumar", "ravi@example.com"),
    SandboxUser("U0MAYA003", "maya", "Maya Chen", "Maya@Example.COM", "America/Los_Angeles"),
    SandboxUser("U0ZOE0004", "zoe", "Zoe Park", "zoe@example.com"),
    SandboxUser("U0NEW0005", "newt", "Newt Scamander", "newt@example.com", "Europe/London"),
    SandboxUser("U0GONE006", "gone", "Gone Person", "asha@example.com", deleted=True),
)


async def test_import_dry_run_then_apply(db: Database) -> None:
    seed = Seed(db)
    await seed.person("Asha Rao", slack_user_id="U0ASHA001", email="asha@example.com")
    await seed.person(
        "Ravi Kumar", slack_user_id="U0RAVI002", email="ravi@example.com", harvest_user_id=4100003
    )
    await seed.person("Zoe Park", slack_user_id="U0ZOE0004", email="zoe@example.com")
    before = [dict(r) for r in await db.fetch("SELECT * FROM users ORDER BY id")]
    async with (
        serve_slack(SLACK_PEOPLE) as slack_box,
        SandboxHarvest() as harvest_box,
        closing_slack(SlackClient(slack_box.bot_token, slack_box.api_url)) as slack,
        HarvestClient(
            harvest_box.api_url,
            harvest_box.token,
            harvest_box.account_id,
            limiter=RateLimiter(1000, 1.0),
        ) as harvest,
        serve_admin(db, slack=lambda: slack, harvest=lambda: harvest) as api,
    ):
        dry = await api.call("POST", "/api/users/import")
        assert dry.status == 200, dry.body
        plan = dry.body
        assert plan["dry_run"] is True
        assert plan["applied"] is False
        actions = {i["slack_user_id"]: (i["action"], i["harvest_user_id"]) for i in plan["items"]}
        assert actions == {
            "U0ASHA001": ("update", 4100002),
            "U0RAVI002": ("unchanged", 4100003),
            "U0MAYA003": ("create", 4100004),
            "U0ZOE0004": ("unmatched", None),
            "U0NEW0005": ("create", None),
        }
        assert plan["counts"] == {"create": 2, "update": 1, "unchanged": 1, "unmatched": 1}
        skipped = {s["slack_user_id"]: s["reason"] for s in plan["skipped"]}
        assert skipped["U0GONE006"] == "deleted"
        assert skipped["USLACKBOT"] == "slackbot"
        assert "bot" in skipped.values()
        assert {h["email"] for h in plan["harvest_unmatched"]} == {
            "leavebot@example.com",
            "jack@example.com",
        }
        newt = next(i for i in plan["items"] if i["slack_user_id"] == "U0NEW0005")
        assert newt["note"] == "no Harvest user has this email"
        assert newt["timezone"] == "Europe/London"
        assert [dict(r) for r in await db.fetch("SELECT * FROM users ORDER BY id")] == before

        applied = await api.call("POST", "/api/users/import", params={"dry_run": "false"})
        assert applied.status == 200
        assert applied.body["applied"] is True
        rows = {
            r["slack_user_id"]: r
            for r in await db.fetch("SELECT slack_user_id, harvest_user_id, timezone FROM users")
        }
        assert rows["U0ASHA001"]["harvest_user_id"] == 4100002
        assert rows["U0MAYA003"]["harvest_user_id"] == 4100004
        assert rows["U0MAYA003"]["timezone"] == "America/Los_Angeles"
        assert rows["U0NEW0005"]["harvest_user_id"] is None
        assert "U0GONE006" not in rows
        created = next(i for i in applied.body["items"] if i["slack_user_id"] == "U0MAYA003")
        assert created["user_id"] == (
            await db.fetchval("SELECT id FROM users WHERE slack_user_id = 'U0MAYA003'")
        )

        again = await api.call("POST", "/api/users/import", params={"dry_run": "true"})
        # Newt is known now, still without a Harvest user: unmatched.
        assert again.body["counts"] == {"create": 0, "update": 0, "unchanged": 3, "unmatched": 2}

        slack_box.inject_error("users.list", "invalid_auth")
        broken = await api.call("POST", "/api/users/import")
        assert broken.status == 502
        assert broken.body["error"]["message"] == "Slack answered invalid_auth"
        assert slack_box.bot_token not in broken.text
        assert (await api.call("POST", "/api/users/import?dry_run=nah")).status == 400


async def test_import_without_clients_is_503(api: Api) -> None:
    reply = await api.call("POST", "/api/users/import")
    assert reply.status == 503
    assert reply.body["error"]["code"] == "not_configured"
