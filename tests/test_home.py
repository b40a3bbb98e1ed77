"""The app's Home tab through the real bot and slack-bolt against the sandbox Slack."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest

from leavebot.db import Database
from leavebot.home import action_id
from leavebot.messages import MESSAGE_ADAPTER, RefreshHome
from tests.harness import Stack, bot_stack, prompt_in
from tests.test_conversation import ASHA, JACK, RAVI, workday

pytestmark = pytest.mark.anyio


def view_text(stack: Stack, user: str) -> str:
    view = stack.sandbox.home_view(user)
    return json.dumps(view["blocks"], ensure_ascii=False) if view else ""


def buttons(stack: Stack, user: str) -> list[str]:
    view = stack.sandbox.home_view(user) or {}
    return [
        b["accessory"]["action_id"]
        for b in view.get("blocks") or []
        if isinstance(b.get("accessory"), dict)
    ]


def label(iso: str) -> str:
    day = dt.date.fromisoformat(iso)
    return f"{day:%a} {day.day} {day:%b %Y}"


async def book(stack: Stack, user: str, text: str) -> tuple[str, dict[str, Any]]:
    """``user`` asks for leave and confirms; returns the message ts and the prompt."""
    ts = stack.sandbox.post_user_message(user, text)
    prompt = await stack.prompt(ts)
    stack.sandbox.click(user, prompt["ts"], stack.button(prompt, "leave_confirm"))
    await stack.wait(
        lambda: "Added to Google Calendar and Harvest" in str(stack.sandbox.message(prompt["ts"]))
    )
    return ts, prompt


async def test_home_shows_upcoming_leave_and_refreshes_when_it_changes(db: Database) -> None:
    async with bot_stack(db) as stack:
        first, second = workday(2), workday(4)
        await book(stack, ASHA, f"off {first}")
        stack.sandbox.open_home(ASHA)
        await stack.wait(lambda: label(first) in view_text(stack, ASHA))
        text = view_text(stack, ASHA)
        assert "Your leave" in text
        assert "Upcoming" in text
        assert "Vacation" in text
        assert "full day" in text
        assert "Booked" in text
        assert "How to ask for leave" in text
        rid = await db.fetchval("SELECT id FROM leave_requests WHERE status = 'completed'")
        assert buttons(stack, ASHA) == [action_id(rid)]
        # A new booking refreshes the Home tab without it being opened again.
        opened = len(stack.sandbox.event_deliveries())
        await book(stack, ASHA, f"sick leave {second} morning")
        await stack.wait(lambda: label(second) in view_text(stack, ASHA))
        assert "Sick leave" in view_text(stack, ASHA)
        assert "first half (AM)" in view_text(stack, ASHA)
        assert not [
            d
            for d in stack.sandbox.event_deliveries()[opened:]
            if d.payload["event"]["type"] == "app_home_opened"
        ]
        # Ravi never opened his Home tab: his leave publishes nothing for him.
        await book(stack, RAVI, f"off {first}")
        assert stack.sandbox.home_view(RAVI) is None
        stack.sandbox.open_home(RAVI)
        await stack.wait(lambda: label(first) in view_text(stack, RAVI))
        assert label(second) not in view_text(stack, RAVI)  # Asha's leave is hers


async def test_cancel_in_home_starts_the_cancel_flow_in_the_leave_thread(db: Database) -> None:
    async with bot_stack(db) as stack:
        day1, day2 = workday(3), workday(4)
        ts, _ = await book(stack, ASHA, f"off {day1} to {day2}")
        stack.sandbox.open_home(ASHA)
        await stack.wait(lambda: buttons(stack, ASHA))
        (cancel,) = buttons(stack, ASHA)
        stack.sandbox.click_home(ASHA, cancel)
        # The normal cancel flow: a prompt to confirm, in the leave's own thread.
        cancel_prompt = await stack.wait(
            lambda: next(
                (
                    m
                    for m in stack.bot_messages(ts)
                    if "Cancel leave" in json.dumps(m["blocks"]) and prompt_in([m])
                ),
                None,
            )
        )
        assert "wants to cancel" in json.dumps(cancel_prompt["blocks"])
        await stack.wait(lambda: "cancel waiting for your confirmation" in view_text(stack, ASHA))
        assert buttons(stack, ASHA) == []  # no second cancel while one waits
        # Only the author may confirm it; then the days are cancelled everywhere.
        stack.sandbox.click(RAVI, cancel_prompt["ts"], stack.button(cancel_prompt, "leave_confirm"))
        stack.sandbox.click(ASHA, cancel_prompt["ts"], stack.button(cancel_prompt, "leave_confirm"))
        await stack.wait(
            lambda: (
                "Removed from Google Calendar and Harvest"
                in str(stack.sandbox.message(cancel_prompt["ts"]))
            )
        )
        await stack.wait_db("SELECT count(*) FROM leave_days WHERE status <> 'cancelled'", expect=0)
        assert stack.sandbox is not None
        assert not stack.sandboxes.calendar.live_events()
        await stack.wait(lambda: "Upcoming" in view_text(stack, ASHA) and not buttons(stack, ASHA))
        await stack.wait(lambda: "Cancelled" in view_text(stack, ASHA))
        assert "No upcoming leave." in view_text(stack, ASHA)


async def test_someone_not_registered_sees_how_to_get_registered(db: Database) -> None:
    async with bot_stack(db) as stack:
        stack.sandbox.open_home(JACK)
        await stack.wait(lambda: view_text(stack, JACK))
        text = view_text(stack, JACK)
        assert "not registered" in text
        assert "Ask an admin" in text
        assert "Your leave" not in text
        assert await db.fetchval("SELECT count(*) FROM home_views") == 0


async def test_the_messages_tab_and_a_redelivered_open_publish_nothing_more(db: Database) -> None:
    async with bot_stack(db) as stack:
        stack.sandbox.open_home(ASHA, tab="messages")
        opened = stack.sandbox.open_home(ASHA)
        await stack.wait(lambda: view_text(stack, ASHA))
        assert opened.event_id is not None
        stack.sandbox.redeliver_event(opened.event_id)
        stack.sandbox.open_home(ASHA)  # a second open of an unchanged view: not sent again
        await stack.wait_db(
            "SELECT count(*) FROM mailbox WHERE recipient = 'home' AND status = 'done'", expect=2
        )
        assert len(stack.sandbox.calls_to("views.publish")) == 1


async def test_the_refresh_trigger_queues_a_typed_message_only_for_people_who_opened_home(
    db: Database,
) -> None:
    from tests.admin_support import Seed

    rows = Seed(db)
    asha = await rows.person("Asha Rao", slack_user_id=ASHA)
    ravi = await rows.person("Ravi Kumar", slack_user_id=RAVI)
    await db.execute("INSERT INTO home_views (user_id) VALUES ($1)", asha)
    today = dt.date.today()
    await rows.request(asha, [(today, "full"), (today + dt.timedelta(days=1), "am")])
    await rows.request(ravi, [(today, "full")])
    queued = await db.fetch("SELECT kind, payload FROM mailbox WHERE recipient = 'home'")
    assert queued, "a change of Asha's leave queues a refresh"
    messages = [MESSAGE_ADAPTER.validate_python(r["payload"]) for r in queued]
    assert {m.user_id for m in messages if isinstance(m, RefreshHome)} == {asha}
    assert all(isinstance(m, RefreshHome) and m.slack_user_id == ASHA for m in messages)
    before = len(queued)
    await db.execute("UPDATE leave_days SET calendar_status = 'done' WHERE user_id = $1", asha)
    assert await db.fetchval("SELECT count(*) FROM mailbox WHERE recipient = 'home'") == before
    await db.execute("UPDATE leave_days SET status = 'failed' WHERE user_id = $1", asha)
    assert await db.fetchval("SELECT count(*) FROM mailbox WHERE recipient = 'home'") == before + 1


def test_a_busy_persons_home_view_stays_a_valid_home_view() -> None:
    """80 requests of every kind: at most 100 blocks, each as Slack allows, lists cut."""
    from leavebot.home import build_view
    from leavebot.sandbox.slack.home import check_home_view

    today = dt.date(2027, 3, 1)
    now = dt.datetime(2027, 3, 1, 9, tzinfo=dt.UTC)
    rows: list[dict[str, Any]] = []
    for i in range(80):
        day = today + dt.timedelta(days=i - 20)
        status = "completed" if i % 5 < 3 else ("pending", "expired", "superseded")[i % 3]
        booked = (
            [{"id": i, "date": day.isoformat(), "portion": "full", "status": "completed"}]
            if status == "completed"
            else []
        )
        rows.append(
            {
                "id": i + 1,
                "intent": "leave",
                "category": "sick" if i % 2 else "vacation",
                "status": status,
                "outcome": {"state": "done"},
                "created_at": now - dt.timedelta(days=80 - i),
                "asked": [{"date": day.isoformat(), "portion": "full"}] * 1,
                "booked": booked,
            }
        )
    rows.append(  # a cancel of request 21's day, waiting for its Confirm
        {
            "id": 100,
            "intent": "cancel",
            "category": None,
            "status": "pending",
            "outcome": None,
            "created_at": now,
            "asked": [{"date": today.isoformat(), "portion": "full", "day_id": 20}],
            "booked": [],
        }
    )
    view = build_view(rows, today, "C0LEAVE01", holiday_region="India")
    assert check_home_view(view) == []
    assert len(view["blocks"]) <= 100
    text = json.dumps(view["blocks"], ensure_ascii=False)
    assert "…and" in text  # the upcoming list was cut, and says so
    assert "Replaced by a newer message" not in text
    assert "cancel waiting for your confirmation" in text
    cancel_buttons = [
        b["accessory"]["action_id"] for b in view["blocks"] if isinstance(b.get("accessory"), dict)
    ]
    assert action_id(21) not in cancel_buttons  # a cancel of it waits already
    assert action_id(26) in cancel_buttons
