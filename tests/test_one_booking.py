"""One booking per half-day, end to end: the real bot against the sandbox Slack, Calendar
and Harvest.

Each case is the conversation a person has: what the prompt warns about before Confirm,
what Confirm books and what it skips (said day by day in the prompt), what reaches
Calendar and Harvest (never two events on a half-day, never more than a full day's hours
on a date), cancels that cover the bookings of two requests, an admin cancel of one of
them, and an admin retry of a failed day another request tried to book meanwhile.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

import pytest

from leavebot.db import Database
from leavebot.prompts import short_day
from tests.admin_support import serve_admin
from tests.harness import Stack, bot_stack, prompt_in
from tests.test_conversation import ASHA, workday

pytestmark = pytest.mark.anyio

JSON = dict[str, Any]


def label(iso: str) -> str:
    return short_day(dt.date.fromisoformat(iso))


def long_label(iso: str) -> str:
    day = dt.date.fromisoformat(iso)
    return f"{day:%a} {day.day} {day:%b %Y}"


def shown(stack: Stack, ts: str) -> str:
    message = stack.sandbox.message(ts)
    assert message is not None
    return str(message.get("text")) + str(message.get("blocks"))


async def ask(stack: Stack, text: str, user: str = ASHA) -> tuple[JSON, int]:
    """Post ``text``; the bot's prompt and the request's id."""
    ts = stack.sandbox.post_user_message(user, text)
    prompt = await stack.prompt(ts)
    await stack.wait_db(
        "SELECT count(*) FROM leave_requests WHERE message_ts = $1 AND prompt_ts IS NOT NULL",
        ts,
        expect=1,
    )
    rid: int = await stack.db.fetchval("SELECT id FROM leave_requests WHERE message_ts = $1", ts)
    return prompt, rid


async def confirm(stack: Stack, prompt: JSON, rid: int, user: str = ASHA) -> str:
    """Press Confirm and wait for the request to complete; the prompt as it ends."""
    stack.sandbox.click(user, prompt["ts"], stack.button(prompt, "leave_confirm"))
    await stack.wait_db(
        "SELECT status FROM leave_requests WHERE id = $1", rid, expect="completed", timeout=20
    )
    await stack.wait(
        lambda: (
            "Confirmed by" not in shown(stack, prompt["ts"])
            and not prompt_in([stack.sandbox.message(prompt["ts"]) or {}])
        ),
        timeout=10,
    )
    return shown(stack, prompt["ts"])


async def booked(stack: Stack, rid: int) -> list[tuple[str, str, str]]:
    rows = await stack.db.fetch(
        "SELECT day, portion, status FROM leave_days WHERE request_id = $1 ORDER BY day", rid
    )
    return [(r["day"].isoformat(), r["portion"], r["status"]) for r in rows]


def outside(stack: Stack) -> tuple[dict[str, list[str]], dict[str, float]]:
    """The live leavebot events per date and half-day, and the Harvest hours per date."""
    events: dict[str, list[str]] = defaultdict(list)
    for event in stack.sandboxes.calendar.live_events():
        if "date" in event["start"]:
            day = dt.date.fromisoformat(event["start"]["date"])
            while day < dt.date.fromisoformat(event["end"]["date"]):
                events[f"{day} am"].append(event["id"])
                events[f"{day} pm"].append(event["id"])
                day += dt.timedelta(days=1)
        else:
            half = "am" if event["summary"].endswith("(AM)") else "pm"
            events[f"{event['start']['dateTime'][:10]} {half}"].append(event["id"])
    hours: dict[str, float] = defaultdict(float)
    for entry in stack.sandboxes.harvest.entries():
        hours[entry["spent_date"]] += float(entry["hours"])
    return dict(events), dict(hours)


def one_per_slot(stack: Stack) -> dict[str, float]:
    """Check the outside invariants; the hours per date."""
    events, hours = outside(stack)
    assert all(len(ids) == 1 for ids in events.values()), events
    assert all(h <= 8 for h in hours.values()), hours
    return hours


async def test_the_same_slot_twice_completes_with_nothing_to_sync(db: Database) -> None:
    async with bot_stack(db) as stack:
        day = workday(2)
        first, a = await ask(stack, f"leave on {day}")
        assert "overlap" not in shown(stack, first["ts"])
        await confirm(stack, first, a)
        second, b = await ask(stack, f"sick leave {day}, fever")
        warning = shown(stack, second["ts"])
        assert f"{long_label(day)} — already booked (vacation, request #{a})" in warning
        assert "Confirm books only the half-days still free" in warning
        end = await confirm(stack, second, b)
        assert "Nothing to add: every half-day asked for was already booked" in end
        assert f"{label(day)}: already booked (vacation, request #{a})" in end
        assert "Added to" not in end
        assert await booked(stack, b) == []
        assert await db.fetchval(
            "SELECT count(*) FROM mailbox WHERE kind = 'sync_days' AND payload->>'request_id' = $1",
            str(b),
        ) == 0  # fmt: skip
        assert one_per_slot(stack) == {day: 8.0}
        assert len(stack.sandboxes.calendar.live_events()) == 1


async def test_a_full_day_over_a_booked_half_books_the_free_half(db: Database) -> None:
    async with bot_stack(db) as stack:
        wed, thu = workday(3), workday(4)
        pm, a = await ask(stack, f"sick leave {wed} afternoon")
        await confirm(stack, pm, a)
        both, b = await ask(stack, f"leave from {wed} to {thu}")
        assert f"{long_label(wed)} PM — already booked (sick leave, request #{a})" in shown(
            stack, both["ts"]
        )
        end = await confirm(stack, both, b)
        assert "Added to Google Calendar and Harvest" in end
        assert f"{label(wed)} PM: already booked (sick leave, request #{a})" in end
        assert await booked(stack, b) == [(wed, "am", "completed"), (thu, "full", "completed")]
        assert one_per_slot(stack) == {wed: 8.0, thu: 8.0}
        entries = sorted(
            (e["spent_date"], e["hours"], e["external_reference"]["group_id"])
            for e in stack.sandboxes.harvest.entries()
        )
        ref = "leavebot:request:{}".format
        assert entries == [(wed, 4.0, ref(a)), (wed, 4.0, ref(b)), (thu, 8.0, ref(b))]
        summaries = sorted(e["summary"] for e in stack.sandboxes.calendar.live_events())
        assert summaries == ["Leave - Asha Rao", "Leave - Asha Rao (AM)", "Leave - Asha Rao (PM)"]


async def test_a_half_over_a_booked_full_day_books_nothing(db: Database) -> None:
    async with bot_stack(db) as stack:
        day = workday(2)
        full, a = await ask(stack, f"leave on {day}")
        await confirm(stack, full, a)
        half, b = await ask(stack, f"half day leave on {day} morning, sick")
        end = await confirm(stack, half, b)
        assert f"{label(day)} AM: already booked (vacation, request #{a})" in end
        assert "Nothing to add" in end
        assert await booked(stack, b) == []
        assert one_per_slot(stack) == {day: 8.0}


async def test_am_and_pm_from_two_requests_then_a_cancel_of_the_date_removes_both(
    db: Database,
) -> None:
    async with bot_stack(db) as stack:
        day = workday(2)
        morning, a = await ask(stack, f"half day leave on {day} morning")
        await confirm(stack, morning, a)
        afternoon, b = await ask(stack, f"sick leave {day} afternoon")
        assert "overlap" not in shown(stack, afternoon["ts"])  # AM + PM share nothing
        end = await confirm(stack, afternoon, b)
        assert "already booked" not in end
        assert one_per_slot(stack) == {day: 8.0}
        assert len(stack.sandboxes.calendar.live_events()) == 2

        cancel, c = await ask(stack, f"cancel my leave on {day}")
        assert "full day" in shown(stack, cancel["ts"])  # both halves, of two requests
        end = await confirm(stack, cancel, c)
        assert "Removed from Google Calendar and Harvest" in end
        assert await booked(stack, a) == [(day, "am", "cancelled")]
        assert await booked(stack, b) == [(day, "pm", "cancelled")]
        assert stack.sandboxes.calendar.live_events() == []
        assert stack.sandboxes.harvest.entries() == []
        # The date is free again: a full day books both halves.
        again, d = await ask(stack, f"leave on {day}")
        assert "overlap" not in shown(stack, again["ts"])
        await confirm(stack, again, d)
        assert await booked(stack, d) == [(day, "full", "completed")]
        assert one_per_slot(stack) == {day: 8.0}


async def test_an_admin_cancel_of_one_request_leaves_the_others_slots(db: Database) -> None:
    async with bot_stack(db) as stack, serve_admin(db, channels=stack.runtime.channels) as api:
        day, next_day = workday(2), workday(3)
        morning, a = await ask(stack, f"leave on {day} morning and {next_day}")
        await confirm(stack, morning, a)
        afternoon, b = await ask(stack, f"sick leave {day} afternoon")
        await confirm(stack, afternoon, b)
        assert (await api.call("DELETE", f"/api/leaves/{a}")).status == 202
        await stack.wait_db(
            "SELECT count(*) FROM leave_days WHERE request_id = $1 AND status = 'cancelled'",
            a,
            expect=2,
        )
        assert await booked(stack, b) == [(day, "pm", "completed")]
        (event,) = stack.sandboxes.calendar.live_events()
        assert event["summary"] == "Leave - Asha Rao (PM)"
        assert [(e["spent_date"], e["hours"]) for e in stack.sandboxes.harvest.entries()] == [
            (day, 4.0)
        ]
        # The morning is free again, the afternoon still taken.
        full, c = await ask(stack, f"leave on {day}")
        end = await confirm(stack, full, c)
        assert f"{label(day)} PM: already booked (sick leave, request #{b})" in end
        assert await booked(stack, c) == [(day, "am", "completed")]
        assert one_per_slot(stack) == {day: 8.0}


async def test_a_pending_overlap_is_named_on_both_prompts_and_confirming_one_updates_the_other(
    db: Database,
) -> None:
    async with bot_stack(db) as stack:
        day, other = workday(2), workday(5)
        first, a = await ask(stack, f"leave on {day} and {other}")
        second, b = await ask(stack, f"sick leave {day} afternoon")
        note_b = f"{long_label(day)} PM — also in your pending request #{a} above"
        note_a = f"{long_label(day)} PM — also in your pending request #{b} below"
        assert note_b in shown(stack, second["ts"])
        await stack.wait(lambda: note_a in shown(stack, first["ts"]))
        assert prompt_in([stack.sandbox.message(first["ts"]) or {}])  # still has its buttons

        await confirm(stack, first, a)
        booked_note = f"{long_label(day)} PM — already booked (vacation, request #{a})"
        await stack.wait(lambda: booked_note in shown(stack, second["ts"]))
        assert "pending request" not in shown(stack, second["ts"])
        assert prompt_in([stack.sandbox.message(second["ts"]) or {}])
        end = await confirm(stack, second, b)
        assert f"{label(day)} PM: already booked (vacation, request #{a})" in end
        assert one_per_slot(stack) == {day: 8.0, other: 8.0}


async def test_a_cancelled_pending_request_drops_out_of_the_others_warning(db: Database) -> None:
    async with bot_stack(db) as stack:
        day = workday(3)
        first, a = await ask(stack, f"leave on {day}")
        second, _ = await ask(stack, f"half day leave on {day} morning")
        assert f"also in your pending request #{a} above" in shown(stack, second["ts"])
        stack.sandbox.click(ASHA, first["ts"], stack.button(first, "leave_cancel"))
        await stack.wait(lambda: "overlap" not in shown(stack, second["ts"]))
        assert prompt_in([stack.sandbox.message(second["ts"]) or {}])


async def test_a_failed_day_keeps_its_slots_and_its_retry_books_it_once(db: Database) -> None:
    async with bot_stack(db) as stack, serve_admin(db, channels=stack.runtime.channels) as api:
        day = workday(2)
        stack.sandboxes.harvest.fail("time_entries.create", 500)
        first, a = await ask(stack, f"leave on {day}")
        end = await confirm(stack, first, a)
        assert "Partly done" in end
        assert await booked(stack, a) == [(day, "full", "failed")]
        # Meanwhile the person asks for the afternoon again: the failed day holds it (its
        # calendar event is there), so nothing more is booked and the prompt says why.
        second, b = await ask(stack, f"sick leave {day} afternoon")
        assert "its sync failed, an admin can retry it" in shown(stack, second["ts"])
        end = await confirm(stack, second, b)
        assert f"{label(day)} PM: already booked (vacation, request #{a})" in end
        assert await booked(stack, b) == []
        retry = await api.call("POST", f"/api/leaves/{a}/retry")
        assert retry.status == 202, retry.body
        assert retry.body["skipped"] == []
        await stack.wait_db(
            "SELECT status FROM leave_requests WHERE id = $1", a, expect="completed", timeout=20
        )
        assert await booked(stack, a) == [(day, "full", "completed")]
        assert one_per_slot(stack) == {day: 8.0}
        assert len(stack.sandboxes.calendar.live_events()) == 1
