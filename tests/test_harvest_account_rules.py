"""Harvest's account rules, modelled by the sandbox and handled by the bot: the company's
time form (duration or start/end times), who may log time for whom, project assignments,
approved periods, and our own namespaced reference -- through the real HarvestClient."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from typing import Any

import pytest
import structlog
from structlog.testing import capture_logs

from actors import harvest_syncer
from leavebot.channels import Channels
from leavebot.db import Database
from leavebot.harvest import HarvestClient, HarvestError, RateLimiter
from leavebot.preflight import check_and_record, check_harvest
from leavebot.queries import Q
from leavebot.runtime import Runtime
from leavebot.sandbox.harvest import (
    DEFAULT_USERS,
    SICK_TASK_ID,
    TIME_OFF_PROJECT_ID,
    VACATION_TASK_ID,
    Company,
    HarvestUser,
    SandboxHarvest,
)
from leavebot.settings import Settings
from tests.test_harvest_syncer import ASHA, FRI, MON, THU, Bench

pytestmark = pytest.mark.anyio

RAVI = 4100003
MANAGER = 4100009
MEMBER = 4100008
PEOPLE = (
    *DEFAULT_USERS,
    HarvestUser(MEMBER, "Mem", "Ber", "member@example.com"),
    HarvestUser(
        MANAGER,
        "Man",
        "Ager",
        "manager@example.com",
        access_roles=("manager", "time_and_expenses_manager"),
        teammates=(ASHA,),
    ),
)


@contextlib.asynccontextmanager
async def harvest_bench(db: Database, **options: Any) -> AsyncIterator[Bench]:
    async with SandboxHarvest(PEOPLE, rate_limit=10_000, **options) as sandbox:
        settings = Settings(  # type: ignore[call-arg]
            _env_file=None,
            harvest_api_url=sandbox.api_url,
            harvest_token=sandbox.token,
            harvest_account_id=sandbox.account_id,
        )
        runtime = Runtime(settings=settings, db=db, channels=Channels(db), process="test")
        client = HarvestClient(
            sandbox.api_url, sandbox.token, sandbox.account_id, limiter=RateLimiter(1000, 1.0)
        )
        async with client:
            bench = Bench(db, sandbox, runtime, client)
            await bench.configure()
            yield bench


def entry_body(**extra: Any) -> dict[str, Any]:
    return {
        "user_id": ASHA,
        "project_id": TIME_OFF_PROJECT_ID,
        "task_id": VACATION_TASK_ID,
        "spent_date": THU.isoformat(),
        **extra,
    }


# -- the sandbox, through our client --------------------------------------------------


async def test_a_timestamp_account_runs_a_timer_for_an_entry_without_an_end(
    db: Database,
) -> None:
    company = Company(wants_timestamp_timers=True)
    async with harvest_bench(db, company=company) as bench:
        settings = await bench.client.company()
        assert settings["wants_timestamp_timers"] is True
        assert settings["clock"] == "12h"
        timed = await bench.client.create_time_entry(
            user_id=ASHA,
            project_id=TIME_OFF_PROJECT_ID,
            task_id=VACATION_TASK_ID,
            spent_date=THU,
            times=("9:00am", "5:00pm"),
        )
        assert (timed["started_time"], timed["ended_time"]) == ("9:00am", "5:00pm")
        assert timed["hours"] == 8.0
        assert timed["is_running"] is False
        # the duration form on a timestamp account: no end, so a running timer
        running = bench.sandbox.add_entry(entry_body(hours=8))
        assert running["is_running"] is True
        assert running["ended_time"] is None
        stopped = await bench.client.stop_timer(int(running["id"]))
        assert stopped["is_running"] is False
        with pytest.raises(ValueError, match=r"hours .* or times"):
            await bench.client.create_time_entry(
                user_id=ASHA,
                project_id=TIME_OFF_PROJECT_ID,
                task_id=VACATION_TASK_ID,
                spent_date=THU,
            )
        bench.sandbox.set_company(clock="24h")
        assert (await bench.client.time_entry(int(timed["id"])) or {})["ended_time"] == "17:00"


async def test_who_may_log_time_for_whom_and_assignments(db: Database) -> None:
    async with harvest_bench(db, token_user_id=MEMBER) as bench:
        with pytest.raises(HarvestError) as member:
            await bench.client.create_time_entry(
                user_id=ASHA,
                project_id=TIME_OFF_PROJECT_ID,
                task_id=VACATION_TASK_ID,
                spent_date=THU,
                hours=8,
            )
        assert member.value.status == 403
        own = bench.sandbox.add_entry(entry_body(user_id=MEMBER, hours=8))
        assert own["user"]["id"] == MEMBER
    async with harvest_bench(db, token_user_id=MANAGER) as bench:
        teammate = bench.sandbox.add_entry(entry_body(hours=8))  # Asha is managed
        assert teammate["user"]["id"] == ASHA
        with pytest.raises(ValueError, match="permission"):
            bench.sandbox.add_entry(entry_body(user_id=RAVI, hours=8))
    async with harvest_bench(db) as bench:
        bench.sandbox.assign(ASHA, TIME_OFF_PROJECT_ID, assigned=False)
        with pytest.raises(HarvestError) as unassigned:
            await bench.client.create_time_entry(
                user_id=ASHA,
                project_id=TIME_OFF_PROJECT_ID,
                task_id=VACATION_TASK_ID,
                spent_date=THU,
                hours=8,
            )
        assert unassigned.value.status == 422
        assigned = await bench.client.user_assignments(TIME_OFF_PROJECT_ID)
        assert ASHA not in {a["user"]["id"] for a in assigned}
        assert RAVI in {a["user"]["id"] for a in assigned}


async def test_an_approved_period_is_changed_or_deleted_by_an_administrator_only(
    db: Database,
) -> None:
    async with harvest_bench(db, token_user_id=MANAGER) as bench:
        entry = bench.sandbox.add_entry(entry_body(hours=8))
        bench.sandbox.approve(ASHA, THU, FRI)
        found = await bench.client.time_entry(int(entry["id"]))
        assert found is not None
        assert found["is_closed"] is True
        assert found["is_locked"] is True
        assert found["locked_reason"] == "Item Approved and Locked for this Time Period"
        with pytest.raises(HarvestError) as refused:
            await bench.client.delete_time_entry(int(entry["id"]))
        assert refused.value.status == 403
        bench.sandbox.token_user_id = 4100001  # an administrator's token
        assert await bench.client.delete_time_entry(int(entry["id"])) is True


# -- the bot -------------------------------------------------------------------------


async def test_the_bot_logs_start_and_end_times_on_a_timestamp_account(db: Database) -> None:
    async with harvest_bench(db, company=Company(wants_timestamp_timers=True)) as bench:
        asha = await bench.person()
        rid, day_ids = await bench.request(asha, [(THU, "full"), (FRI, "am"), (MON, "pm")])
        done = await bench.sync(rid, day_ids)
        assert done.ok == 3
        entries = {e["spent_date"]: e for e in bench.sandbox.entries()}
        times = [
            (entries[d.isoformat()]["started_time"], entries[d.isoformat()]["ended_time"])
            for d in (THU, FRI, MON)
        ]
        assert times == [("9:00am", "5:00pm"), ("9:00am", "1:00pm"), ("1:00pm", "5:00pm")]
        assert [entries[d.isoformat()]["hours"] for d in (THU, FRI, MON)] == [8.0, 4.0, 4.0]
        assert not any(e["is_running"] for e in entries.values())
        creates = [c for c in bench.sandbox.calls if c.op == "company.get"]
        assert len(creates) == 1  # read once


async def test_a_running_entry_is_stopped_and_the_settings_read_again(db: Database) -> None:
    async with harvest_bench(db) as bench:
        asha = await bench.person()
        syncer = harvest_syncer.HarvestSyncer(bench.runtime, bench.client)
        assert (await syncer.company())["wants_timestamp_timers"] is False  # read at start
        # the account switches to timestamps while the actor runs: its hours make a timer
        bench.sandbox.set_company(wants_timestamp_timers=True)
        rid, day_ids = await bench.request(asha, [(THU, "full")])
        rows = await db.fetch(Q.days_for_sync, list(day_ids))
        with capture_logs() as logs:
            outcome = await syncer.create(rid, rows, structlog.get_logger())
        assert outcome.ok == 1
        (thursday,) = bench.sandbox.entries()
        assert thursday["is_running"] is False  # stopped at once
        assert [e["event"] for e in logs if e["event"].startswith("harvest.timer")] == [
            "harvest.timer_stopped"
        ]
        # the next entry is made in the account's form, read again
        rid2, day_ids2 = await bench.request(asha, [(FRI, "full")])
        rows2 = await db.fetch(Q.days_for_sync, list(day_ids2))
        await syncer.create(rid2, rows2, structlog.get_logger())
        friday = next(e for e in bench.sandbox.entries() if e["spent_date"] == FRI.isoformat())
        assert (friday["started_time"], friday["ended_time"]) == ("9:00am", "5:00pm")
        assert friday["is_running"] is False
        assert len([c for c in bench.sandbox.calls if c.op == "company.get"]) == 2


async def test_a_token_that_cannot_log_for_others_is_a_clear_failure(db: Database) -> None:
    async with harvest_bench(db, token_user_id=MEMBER) as bench:
        asha = await bench.person()
        rid, day_ids = await bench.request(asha, [(THU, "full")])
        done = await bench.sync(rid, day_ids)
        assert done.ok == 0
        (line,) = done.failures
        assert line.startswith("Thu 5 Mar: Harvest refused: the Harvest token's user may not")
        assert "HTTP 403" in line
        (day,) = await bench.days(rid)
        assert day["harvest_status"] == "failed"
        assert "administrator" in day["last_error"]


async def test_a_person_not_assigned_to_the_project_is_a_clear_failure(db: Database) -> None:
    async with harvest_bench(db) as bench:
        bench.sandbox.assign(ASHA, TIME_OFF_PROJECT_ID, assigned=False)
        asha = await bench.person()
        rid, day_ids = await bench.request(asha, [(THU, "full")])
        done = await bench.sync(rid, day_ids)
        (line,) = done.failures
        assert "Asha Rao is not assigned to the leave project" in line
        assert "HTTP 422" in line


async def test_deleting_an_approved_entry_needs_an_administrator(db: Database) -> None:
    async with harvest_bench(db, token_user_id=MANAGER) as bench:
        asha = await bench.person()
        rid, day_ids = await bench.request(asha, [(THU, "full")])
        assert (await bench.sync(rid, day_ids)).ok == 1
        bench.sandbox.approve(ASHA, THU, THU)
        cancel, _ = await bench.request(asha, [(THU, "full")], intent="cancel")
        await db.execute("UPDATE leave_days SET status = 'cancelled' WHERE id = $1", day_ids[0])
        done = await bench.sync(cancel, day_ids, "delete")
        (line,) = done.failures
        assert "approved or locked timesheet" in line
        assert "only a Harvest administrator can delete it" in line
        assert len(bench.sandbox.entries()) == 1


# -- our own reference -----------------------------------------------------------------


async def test_our_reference_with_another_project_or_task_is_not_ours(db: Database) -> None:
    async with harvest_bench(db) as bench:
        asha = await bench.person()
        rid, day_ids = await bench.request(asha, [(THU, "full")])
        # another integration happens to use the same reference, on another task
        bench.sandbox.add_entry(
            entry_body(
                hours=8, task_id=SICK_TASK_ID, external_reference={"id": f"leavebot:{day_ids[0]}"}
            )
        )
        done = await bench.sync(rid, day_ids)
        assert done.ok == 1
        assert len(bench.creates()) == 1  # ours was made; the other entry is left alone
        (day,) = await bench.days(rid)
        ours = bench.sandbox.entry(int(day["harvest_entry_id"]))
        assert ours is not None
        assert ours["task"]["id"] == VACATION_TASK_ID


async def test_an_upgrade_takes_an_entry_with_the_old_reference(db: Database) -> None:
    async with harvest_bench(db) as bench:
        asha = await bench.person()
        rid, day_ids = await bench.request(asha, [(THU, "full"), (FRI, "full")])
        # made before migration 0009: days below the mark may carry the bare day id
        await db.execute("UPDATE harvest_legacy_references SET day_id_below = $1", day_ids[-1] + 1)
        old = bench.sandbox.add_entry(
            entry_body(hours=8, external_reference={"id": str(day_ids[0])})
        )
        bench.sandbox.add_entry(  # the old reference, but not our task: not ours
            entry_body(
                hours=8,
                spent_date=FRI.isoformat(),
                task_id=SICK_TASK_ID,
                external_reference={"id": str(day_ids[1])},
            )
        )
        done = await bench.sync(rid, day_ids)
        assert done.ok == 2
        assert len(bench.creates()) == 1  # Friday's; Thursday's old entry is ours
        days = await bench.days(rid)
        assert days[0]["harvest_entry_id"] == old["id"]
        # a new day (above the mark) is looked up by the new reference alone
        rid2, day_ids2 = await bench.request(asha, [(MON, "full")])
        await bench.sync(rid2, day_ids2)
        lookups = [
            c.query.get("external_reference_id")
            for c in bench.sandbox.calls
            if c.op == "time_entries.list"
        ]
        assert lookups[-1] == f"leavebot:{day_ids2[0]}"
        assert str(day_ids2[0]) not in lookups


# -- the start-up check ------------------------------------------------------------------


async def test_the_start_check_warns_about_rights_project_tasks_and_people(
    db: Database,
) -> None:
    async with harvest_bench(db, token_user_id=MEMBER) as bench:
        await bench.person()  # Asha, with her Harvest user
        bench.sandbox.assign(ASHA, TIME_OFF_PROJECT_ID, assigned=False)
        await bench.configure(harvest_task_sick=99)
        config = await bench.runtime.config.get()
        findings = await check_harvest(bench.runtime.settings, config, [("Asha Rao", ASHA)])
        codes = {f.code: f for f in findings}
        assert codes["harvest_time_form"].level == "info"
        assert codes["harvest_token_cannot_log_for_others"].level == "warning"
        assert "Mem Ber" in codes["harvest_token_cannot_log_for_others"].text
        assert codes["harvest_task_not_in_project"].level == "warning"
        assert "Asha Rao" in codes["harvest_people_not_assigned"].text
        with capture_logs() as logs:
            status = await check_and_record("harvest", bench.runtime.settings, db, "worker")
        assert status == "warning"
        warned = {e["code"] for e in logs if e["event"] == "service_check.warning"}
        assert "harvest_token_cannot_log_for_others" in warned
        row = await db.fetchrow("SELECT status, findings FROM service_checks")
        assert row is not None
        assert row["status"] == "warning"

        await bench.configure(harvest_project_id=12345)
        config = await bench.runtime.config.get()
        missing = await check_harvest(bench.runtime.settings, config, [])
        assert "harvest_project_missing" in {f.code for f in missing}

    async with harvest_bench(db) as bench:  # an administrator, everyone assigned
        config = await bench.runtime.config.get()
        clean = await check_harvest(bench.runtime.settings, config, [("Asha Rao", ASHA)])
        assert [f.level for f in clean] == ["info"]
