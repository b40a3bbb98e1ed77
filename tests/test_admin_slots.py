"""What admins see of the one-booking-per-half-day rule: the leave detail's ``slots`` (which
half-days a request booked, which it found taken and by which request), its OpenAPI schema,
and a retry that leaves alone a failed day another request's live day shares a half-day
with (days booked before migration 0008)."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator
from typing import Any

import pytest

from leavebot import slots
from leavebot.db import Database
from leavebot.messages import SyncDays
from leavebot.queries import Q
from leavebot.types import DayId, RequestId
from tests.admin_support import Api, Seed, serve_admin

pytestmark = pytest.mark.anyio

MON = dt.date(2026, 12, 7)
TUE = dt.date(2026, 12, 8)
WED = dt.date(2026, 12, 9)


@pytest.fixture
async def api(db: Database) -> AsyncIterator[Api]:
    async with serve_admin(db) as client:
        yield client


async def confirmed(
    db: Database, seed: Seed, user: int, days: list[tuple[dt.date, str]], category: str
) -> tuple[int, slots.Booking]:
    """A request confirmed the way the tracker does it: booked by ``slots.book``."""
    rid, _ = await seed.request(user, days, status="confirmed", category=category, day_status=None)
    async with db.transaction() as tx:
        booking = await slots.book(tx.conn, RequestId(rid), user, days, category)
        if booking.taken:
            await tx.conn.execute(
                Q.request_set_slots_taken, rid, [t.as_json() for t in booking.taken]
            )
    await db.execute("UPDATE leave_requests SET status = 'completed' WHERE id = $1", rid)
    return rid, booking


def slot(state: str, which: str, **fields: Any) -> dict[str, Any]:
    empty = {
        "day_id": None,
        "day_status": None,
        "by_request_id": None,
        "by_day_id": None,
        "by_category": None,
        "also_booked_by": [],
    }
    return {"slot": which, "state": state, **empty, **fields}


async def test_the_detail_shows_per_day_the_half_days_booked_and_taken(
    api: Api, db: Database
) -> None:
    seed = Seed(db)
    asha = await seed.person()
    sick, held = await confirmed(db, seed, asha, [(WED, "pm")], "sick")
    rid, booking = await confirmed(db, seed, asha, [(TUE, "full"), (WED, "full")], "vacation")
    tue_day, wed_day = booking.day_ids

    detail = (await api.get(f"/api/leaves/{rid}")).body
    assert detail["slots"] == [
        {
            "date": TUE.isoformat(),
            "asked": "full",
            "slots": [
                slot("booked", "am", day_id=tue_day, day_status="confirmed"),
                slot("booked", "pm", day_id=tue_day, day_status="confirmed"),
            ],
        },
        {
            "date": WED.isoformat(),
            "asked": "full",
            "slots": [
                slot("booked", "am", day_id=wed_day, day_status="confirmed"),
                slot(
                    "taken",
                    "pm",
                    by_request_id=sick,
                    by_day_id=held.day_ids[0],
                    by_category="sick",
                ),
            ],
        },
    ]
    assert [(d["date"], d["portion"], d["legacy_overlap"]) for d in detail["days"]] == [
        (TUE.isoformat(), "full", False),
        (WED.isoformat(), "am", False),
    ]
    held_detail = (await api.get(f"/api/leaves/{sick}")).body
    assert held_detail["slots"] == [
        {
            "date": WED.isoformat(),
            "asked": "pm",
            "slots": [slot("booked", "pm", day_id=held.day_ids[0], day_status="confirmed")],
        }
    ]
    # Nothing booked yet: not_booked; a cancel request books nothing of its own.
    pending, _ = await seed.request(asha, [(MON, "am")], status="pending", day_status=None)
    assert (await api.get(f"/api/leaves/{pending}")).body["slots"] == [
        {"date": MON.isoformat(), "asked": "am", "slots": [slot("not_booked", "am")]}
    ]
    cancel, _ = await seed.request(asha, [(WED, "full")], intent="cancel", category=None)
    assert (await api.get(f"/api/leaves/{cancel}")).body["slots"] == []


async def test_the_openapi_document_describes_the_slots(api: Api) -> None:
    schemas = (await api.get("/api/openapi.json")).body["components"]["schemas"]
    detail = schemas["LeaveDetail"]
    assert "slots" in detail["required"]
    assert "booked" in detail["properties"]["slots"]["description"]
    slot_schema = schemas["SlotOut"]
    assert set(slot_schema["properties"]) == {
        "slot",
        "state",
        "day_id",
        "day_status",
        "by_request_id",
        "by_day_id",
        "by_category",
        "also_booked_by",
    }
    assert slot_schema["properties"]["state"]["enum"] == ["booked", "taken", "not_booked"]
    assert "skipped" in schemas["RetryResult"]["properties"]


async def test_a_retry_leaves_alone_a_failed_day_sharing_a_half_day_with_another(
    api: Api, db: Database
) -> None:
    """Days booked before migration 0008 may overlap (the newer marked legacy_overlap): a
    retry of such a failed day would put a second booking on the half-day outside."""
    seed = Seed(db)
    asha = await seed.person()
    older, (mon_full,) = await seed.request(asha, [(MON, "full")])
    rid, _ = await seed.request(asha, [(MON, "pm"), (TUE, "full")], day_status=None)
    insert = (
        "INSERT INTO leave_days (request_id, user_id, day, portion, category, status,"
        " calendar_status, harvest_status, legacy_overlap)"
        " VALUES ($1, $2, $3, $4, 'vacation', 'failed', 'done', 'failed', $5) RETURNING id"
    )
    mon_pm = await db.fetchval(insert, rid, asha, MON, "pm", True)
    tue = await db.fetchval(insert, rid, asha, TUE, "full", False)

    detail = (await api.get(f"/api/leaves/{rid}")).body
    assert detail["slots"][0]["slots"] == [
        slot("booked", "pm", day_id=mon_pm, day_status="failed", also_booked_by=[older])
    ]
    assert [d["legacy_overlap"] for d in detail["days"]] == [True, False]

    reply = await api.call("POST", f"/api/leaves/{rid}/retry")
    assert reply.status == 202, reply.body
    assert reply.body["queued"] == [{"target": "harvest", "operation": "create", "day_ids": [tue]}]
    assert reply.body["skipped"] == [
        {
            "day_id": mon_pm,
            "date": MON.isoformat(),
            "portion": "pm",
            "by_request_id": older,
            "by_day_id": mon_full,
        }
    ]
    (sent,) = await seed.mailbox()
    assert SyncDays.model_validate(sent["payload"]).day_ids == (DayId(tue),)
    assert await db.fetchval("SELECT status FROM leave_days WHERE id = $1", mon_pm) == "failed"

    # Once the rest is done, the day left alone is all there is: 409, naming the holder.
    await db.execute("UPDATE leave_days SET status = 'completed' WHERE id = $1", tue)
    await db.execute("UPDATE leave_requests SET status = 'completed' WHERE id = $1", rid)
    again = await api.call("POST", f"/api/leaves/{rid}/retry")
    assert again.status == 409
    assert f"{MON.isoformat()} (pm) by request {older}" in again.body["error"]["message"]
    assert again.body["error"]["details"]["skipped"][0]["by_request_id"] == older
    # With the older booking cancelled, the day is retried.
    await db.execute("UPDATE leave_days SET status = 'cancelled' WHERE id = $1", mon_full)
    third = await api.call("POST", f"/api/leaves/{rid}/retry")
    assert third.status == 202
    assert third.body["skipped"] == []
    assert third.body["queued"][0]["day_ids"] == [mon_pm]
