"""Edits and deletions of a request's message, end to end: real slack-bolt, the sandbox Slack.

An edit while the request is pending replaces its prompt (the old one says the edit
replaced it); after Confirm an edit becomes a change to confirm (days added, days
removed), booked through the normal flows; an edit that no longer reads as leave
withdraws a pending request; a deletion cancels a pending request and leaves booked
leave alone, saying how to cancel it. An edit racing a Confirm ends one way or the other.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import anyio
import pytest

from leavebot.db import Database
from tests.harness import Stack, bot_stack, prompt_in
from tests.test_conversation import ASHA, handled, workday

pytestmark = pytest.mark.anyio
JSON = dict[str, Any]


def label(iso: str) -> str:
    day = dt.date.fromisoformat(iso)
    return f"{day:%a} {day.day} {day:%b %Y}"


def text_of(message: JSON | None) -> str:
    return str(message["blocks"]) if message else ""


async def requests(db: Database) -> list[tuple[str, str, str | None]]:
    rows = await db.fetch("SELECT intent, status, close_reason FROM leave_requests ORDER BY id")
    return [(r["intent"], r["status"], r["close_reason"]) for r in rows]


async def booked(db: Database) -> list[tuple[str, str]]:
    rows = await db.fetch(
        "SELECT day, portion FROM leave_days WHERE status <> 'cancelled' ORDER BY day, portion"
    )
    return [(r["day"].isoformat(), r["portion"]) for r in rows]


async def new_prompt(stack: Stack, thread_ts: str, after: set[str], timeout: float = 10) -> JSON:  # noqa: ASYNC109
    """A prompt in the thread other than those in ``after``."""

    def find() -> JSON | None:
        fresh = [m for m in stack.bot_messages(thread_ts) if m["ts"] not in after]
        return prompt_in(fresh)

    found: JSON = await stack.wait(find, timeout)
    return found


async def confirmed(stack: Stack, prompt: JSON, done_text: str = "Added to") -> None:
    stack.sandbox.click(ASHA, prompt["ts"], stack.button(prompt, "leave_confirm"))
    await stack.wait(lambda: done_text in text_of(stack.sandbox.message(prompt["ts"])))


async def test_an_edit_while_pending_replaces_the_prompt(db: Database) -> None:
    async with bot_stack(db) as stack:
        first, second = workday(2), workday(4)
        ts = stack.sandbox.post_user_message(ASHA, f"leave on {first}")
        old = await stack.prompt(ts)
        stack.sandbox.edit_user_message(ts, f"leave on {second}")
        new = await new_prompt(stack, ts, {old["ts"]})
        assert label(second) in text_of(new)
        assert label(first) not in text_of(new)
        await stack.wait(
            lambda: "the message was edited" in text_of(stack.sandbox.message(old["ts"]))
        )
        assert "leave_confirm" not in text_of(stack.sandbox.message(old["ts"]))
        assert await requests(db) == [
            ("leave", "superseded", "edited"),
            ("leave", "pending", None),
        ]
        # The old prompt's button, pressed from a stale screen, books nothing.
        stack.sandbox.click(ASHA, old["ts"], stack.button(old, "leave_confirm"), forged=True)
        note = await stack.wait(lambda: stack.ephemerals(ASHA))
        assert "superseded" in note[0]["text"]
        await confirmed(stack, new)
        assert await booked(db) == [(second, "full")]


async def test_a_redelivered_edit_is_handled_once(db: Database) -> None:
    async with bot_stack(db) as stack:
        ts = stack.sandbox.post_user_message(ASHA, f"leave on {workday(2)}")
        old = await stack.prompt(ts)
        event_id = stack.sandbox.edit_user_message(ts, f"leave on {workday(3)}")
        await new_prompt(stack, ts, {old["ts"]})
        stack.sandbox.redeliver_event(event_id)
        stack.sandbox.redeliver_event(event_id)
        await stack.wait(lambda: sum(d.event_id == event_id for d in stack.sandbox.deliveries) == 3)
        await stack.wait(lambda: all(d.acked for d in stack.sandbox.event_deliveries()))
        await anyio.sleep(0.3)
        prompts = [m for m in stack.bot_messages(ts) if "actions" in str(m["blocks"])]
        assert len(prompts) == 1
        assert await db.fetchval("SELECT count(*) FROM leave_requests") == 2
        assert await db.fetchval("SELECT count(*) FROM mailbox WHERE kind = 'slack_edit'") == 1


async def test_a_typo_fixed_by_an_edit_keeps_the_prompt(db: Database) -> None:
    async with bot_stack(db) as stack:
        day = workday(2)
        ts = stack.sandbox.post_user_message(ASHA, f"leave on {day}, famly trip")
        await stack.prompt(ts)
        stack.sandbox.edit_user_message(ts, f"leave on {day}, family trip")
        await handled(stack, "parser", 2)
        await handled(stack, "tracker", 2)
        assert await requests(db) == [("leave", "pending", None)]
        assert len(stack.bot_messages(ts)) == 1


async def test_an_edit_that_is_no_longer_leave_cancels_the_pending_prompt(db: Database) -> None:
    async with bot_stack(db) as stack:
        ts = stack.sandbox.post_user_message(ASHA, f"leave on {workday(2)}")
        prompt = await stack.prompt(ts)
        stack.sandbox.edit_user_message(ts, "who is bringing cake on Friday?")
        await stack.wait(
            lambda: "no longer asks for leave" in text_of(stack.sandbox.message(prompt["ts"]))
        )
        assert await requests(db) == [("leave", "cancelled", "not_leave")]
        assert "leave_confirm" not in text_of(stack.sandbox.message(prompt["ts"]))


async def test_an_edit_after_confirm_is_a_change_to_confirm(db: Database) -> None:
    async with bot_stack(db) as stack:
        d1, d2, d3 = workday(2), workday(3), workday(5)
        ts = stack.sandbox.post_user_message(ASHA, f"leave on {d1} and {d2}")
        first = await stack.prompt(ts)
        await confirmed(stack, first)
        stack.sandbox.edit_user_message(ts, f"leave on {d2} and {d3}")
        change = await new_prompt(stack, ts, {first["ts"]})
        shown = text_of(change)
        assert "Change leave" in shown
        add, remove = shown.split("*Add:*")[1].split("*Remove:*")
        assert label(d3) in add
        assert label(d1) in remove
        # Nothing changes before the click.
        assert await booked(db) == [(d1, "full"), (d2, "full")]
        assert len(stack.sandboxes.harvest.entries()) == 2
        await confirmed(stack, change, "Changed in Google Calendar and Harvest")
        assert await booked(db) == [(d2, "full"), (d3, "full")]
        spent = sorted(e["spent_date"] for e in stack.sandboxes.harvest.entries())
        assert spent == [d2, d3]
        covered = sorted(e["start"]["date"] for e in stack.sandboxes.calendar.live_events())
        assert d1 not in covered
        assert d3 in covered
        statuses = await requests(db)
        assert statuses == [("leave", "completed", None), ("change", "completed", None)]


async def test_a_full_day_edited_to_a_half_day_after_confirm(db: Database) -> None:
    async with bot_stack(db) as stack:
        day = workday(3)
        ts = stack.sandbox.post_user_message(ASHA, f"leave on {day}")
        first = await stack.prompt(ts)
        await confirmed(stack, first)
        stack.sandbox.edit_user_message(ts, f"half day leave on {day} afternoon")
        change = await new_prompt(stack, ts, {first["ts"]})
        assert "second half (PM)" in text_of(change)
        await confirmed(stack, change, "Changed in")
        assert await booked(db) == [(day, "pm")]
        (entry,) = stack.sandboxes.harvest.entries()
        assert (entry["spent_date"], entry["hours"]) == (day, 4.0)
        (event,) = stack.sandboxes.calendar.live_events()
        assert event["summary"].endswith("(PM)")


async def test_deleting_the_message_while_pending_cancels_the_prompt(db: Database) -> None:
    async with bot_stack(db) as stack:
        ts = stack.sandbox.post_user_message(ASHA, f"leave on {workday(2)}")
        prompt = await stack.prompt(ts)
        stack.sandbox.delete_user_message(ts)
        # The message has the prompt as a reply: Slack leaves a tombstone, and says so
        # with a message_changed, not a message_deleted.
        tombstone = stack.sandbox.message(ts)
        assert tombstone is not None
        assert tombstone["subtype"] == "tombstone"
        await stack.wait(
            lambda: "the message was deleted" in text_of(stack.sandbox.message(prompt["ts"]))
        )
        assert await requests(db) == [("leave", "cancelled", "deleted")]


async def test_deleting_after_confirm_keeps_the_leave_and_says_how_to_cancel(
    db: Database,
) -> None:
    async with bot_stack(db) as stack:
        day = workday(2)
        ts = stack.sandbox.post_user_message(ASHA, f"leave on {day}")
        prompt = await stack.prompt(ts)
        await confirmed(stack, prompt)
        stack.sandbox.delete_user_message(ts)
        note = await stack.wait(
            lambda: next((m for m in stack.bot_messages(ts) if "stays" in m["text"]), None)
        )
        assert "reply here with `cancel`" in note["text"]
        assert await booked(db) == [(day, "full")]
        assert len(stack.sandboxes.harvest.entries()) == 1
        # As the note says: a reply "cancel" in the thread offers to remove it.
        stack.sandbox.post_user_message(ASHA, "cancel", thread_ts=ts)
        change = await new_prompt(stack, ts, {prompt["ts"]})
        assert "*Remove:*" in text_of(change)
        await confirmed(stack, change, "Changed in")
        assert await booked(db) == []
        assert stack.sandboxes.harvest.entries() == []
        assert stack.sandboxes.calendar.live_events() == []


async def test_deleting_a_reply_that_made_the_pending_request_cancels_it(db: Database) -> None:
    async with bot_stack(db) as stack:
        ts = stack.sandbox.post_user_message(ASHA, f"leave on {workday(2)}")
        first = await stack.prompt(ts)
        reply = stack.sandbox.post_user_message(ASHA, f"also {workday(4)}", thread_ts=ts)
        second = await new_prompt(stack, ts, {first["ts"]})
        stack.sandbox.delete_user_message(reply)
        await stack.wait(
            lambda: "the message was deleted" in text_of(stack.sandbox.message(second["ts"]))
        )
        assert await requests(db) == [
            ("leave", "superseded", "reply"),
            ("leave", "cancelled", "deleted"),
        ]


async def test_an_edit_answering_the_question_for_dates_makes_the_request(db: Database) -> None:
    async with bot_stack(db) as stack:
        ts = stack.sandbox.post_user_message(ASHA, "I need leave")
        await stack.wait(lambda: stack.bot_messages(ts))
        day = workday(3)
        stack.sandbox.edit_user_message(ts, f"I need leave on {day}")
        prompt = await stack.prompt(ts)
        assert label(day) in text_of(prompt)


async def test_an_edited_reply_is_read_again_as_that_reply(db: Database) -> None:
    async with bot_stack(db) as stack:
        d1, d2, d3 = workday(2), workday(4), workday(6)
        ts = stack.sandbox.post_user_message(ASHA, f"leave on {d1}")
        first = await stack.prompt(ts)
        reply = stack.sandbox.post_user_message(ASHA, f"also {d2}", thread_ts=ts)
        second = await new_prompt(stack, ts, {first["ts"]})
        assert label(d2) in text_of(second)
        stack.sandbox.edit_user_message(reply, f"also {d3}")
        third = await new_prompt(stack, ts, {first["ts"], second["ts"]})
        assert label(d1) in text_of(third)
        assert label(d3) in text_of(third)
        assert label(d2) not in text_of(third)


async def _blocked(db: Database, waiting: int) -> None:
    """Until ``waiting`` statements of this database wait for a lock."""
    query = (
        "SELECT count(*) FROM pg_stat_activity"
        " WHERE datname = current_database() AND wait_event_type = 'Lock'"
    )
    with anyio.fail_after(10):
        while await db.fetchval(query) < waiting:
            await anyio.sleep(0.02)


@pytest.mark.parametrize("first", ["edit", "confirm"])
async def test_an_edit_racing_a_confirm_ends_in_one_consistent_state(
    db: Database, first: str
) -> None:
    """Both wait on the request's row, held here; the one queued first wins, and the other
    sees what it did: the edit replaced the request (the Confirm is refused), or the
    Confirm booked it (the edit becomes a change to confirm)."""
    async with bot_stack(db) as stack:
        d1, d2 = workday(2), workday(4)
        ts = stack.sandbox.post_user_message(ASHA, f"leave on {d1}")
        prompt = await stack.prompt(ts)
        await stack.wait_db(
            "SELECT count(*) FROM leave_requests WHERE prompt_ts IS NOT NULL", expect=1
        )
        async with db.transaction() as tx:
            await tx.conn.execute("SELECT id FROM leave_requests FOR UPDATE")

            def edit() -> None:
                stack.sandbox.edit_user_message(ts, f"leave on {d2}")

            def click() -> None:
                stack.sandbox.click(ASHA, prompt["ts"], stack.button(prompt, "leave_confirm"))

            steps = [edit, click] if first == "edit" else [click, edit]
            for waiting, step in enumerate(steps, 1):
                step()
                await _blocked(db, waiting)
        if first == "edit":
            note = await stack.wait(lambda: stack.ephemerals(ASHA))
            assert "superseded" in note[0]["text"]
            await new_prompt(stack, ts, {prompt["ts"]})
            assert await requests(db) == [
                ("leave", "superseded", "edited"),
                ("leave", "pending", None),
            ]
            assert await booked(db) == []
        else:
            change = await new_prompt(stack, ts, {prompt["ts"]})
            assert "Change leave" in text_of(change)
            await stack.wait(lambda: "Added to" in text_of(stack.sandbox.message(prompt["ts"])))
            assert await requests(db) == [
                ("leave", "completed", None),
                ("change", "pending", None),
            ]
            assert await booked(db) == [(d1, "full")]
            assert stack.ephemerals(ASHA) == []


async def test_an_edit_changes_only_what_it_changed_in_the_message(db: Database) -> None:
    """The issue's conversation: a reply made a day a half day; an edit of the first
    message that moves its other day keeps that half day as it is."""
    async with bot_stack(db) as stack:
        d1, d2, d3 = workday(2), workday(4), workday(5)
        ts = stack.sandbox.post_user_message(ASHA, f"off {d1} and half day on {d2} afternoon")
        first = await stack.prompt(ts)
        stack.sandbox.post_user_message(ASHA, "make it a half day, afternoon", thread_ts=ts)
        second = await new_prompt(stack, ts, {first["ts"]})
        await confirmed(stack, second)
        assert await booked(db) == [(d1, "pm"), (d2, "pm")]
        stack.sandbox.edit_user_message(ts, f"off {d1} and half day on {d3} afternoon")
        change = await new_prompt(stack, ts, {first["ts"], second["ts"]})
        add, remove = text_of(change).split("*Add:*")[1].split("*Remove:*")
        assert label(d3) in add
        assert label(d1) not in add
        assert label(d2) in remove
        await confirmed(stack, change, "Changed in")
        assert await booked(db) == [(d1, "pm"), (d3, "pm")]


async def test_an_edited_cancel_replaces_its_pending_prompt(db: Database) -> None:
    async with bot_stack(db) as stack:
        d1, d2 = workday(2), workday(3)
        ts = stack.sandbox.post_user_message(ASHA, f"leave on {d1} and {d2}")
        await confirmed(stack, await stack.prompt(ts))
        cancel_ts = stack.sandbox.post_user_message(ASHA, f"cancel my leave on {d1}")
        old = await stack.prompt(cancel_ts)
        stack.sandbox.edit_user_message(cancel_ts, f"cancel my leave on {d2}")
        new = await new_prompt(stack, cancel_ts, {old["ts"]})
        assert label(d2) in text_of(new)
        await stack.wait(
            lambda: "the message was edited" in text_of(stack.sandbox.message(old["ts"]))
        )
        statuses = await requests(db)
        assert statuses[1:] == [("cancel", "superseded", "edited"), ("cancel", "pending", None)]
