"""Replies that refine a request in its thread, end to end (real slack-bolt, the sandboxes).

Without an LLM the rules read "make it a half day", "also Monday", "actually Tuesday
instead", "not Friday, Thursday" against the author's leave in the thread; with one, a
reply the rules are unsure of goes to it with the thread. Each ends in the usual prompt;
nothing is booked without a click.
"""

from __future__ import annotations

import datetime as dt

import pytest

from leavebot.db import Database
from leavebot.sandbox.openai import DEFAULT_API_KEY
from tests.harness import bot_stack
from tests.test_conversation import ASHA, RAVI, handled, workday
from tests.test_edits import booked, confirmed, label, new_prompt, requests, text_of

pytestmark = pytest.mark.anyio


async def asked(db: Database) -> list[list[tuple[str, str]]]:
    """Each request's days as (date, portion), oldest first."""
    out = []
    for row in await db.fetch("SELECT days FROM leave_requests ORDER BY id"):
        out.append([(d["date"], d["portion"]) for d in row["days"]])
    return out


async def test_a_half_day_without_a_date_applies_to_the_requests_day(db: Database) -> None:
    async with bot_stack(db) as stack:
        day = workday(3)
        ts = stack.sandbox.post_user_message(ASHA, f"leave on {day}")
        first = await stack.prompt(ts)
        stack.sandbox.post_user_message(ASHA, "make it a half day, afternoon", thread_ts=ts)
        second = await new_prompt(stack, ts, {first["ts"]})
        assert "second half (PM)" in text_of(second)
        assert await asked(db) == [[(day, "full")], [(day, "pm")]]
        assert await requests(db) == [("leave", "superseded", "reply"), ("leave", "pending", None)]
        # The old prompt's edit is a message of its own, handled beside the new prompt's post.
        await stack.wait(
            lambda: "Replaced by a newer message" in text_of(stack.sandbox.message(first["ts"]))
        )
        assert await booked(db) == []  # nothing without a click


async def test_a_part_of_a_day_for_several_days_asks_which_one(db: Database) -> None:
    async with bot_stack(db) as stack:
        d1, d2 = workday(2), workday(3)
        ts = stack.sandbox.post_user_message(ASHA, f"leave on {d1} and {d2}")
        first = await stack.prompt(ts)
        stack.sandbox.post_user_message(ASHA, "afternoon only", thread_ts=ts)
        question = await stack.wait(
            lambda: next((m for m in stack.bot_messages(ts) if "Which day" in m["text"]), None)
        )
        assert "a half day (afternoon)" in question["text"]
        # The answer names only the day: the part asked about goes with it.
        stack.sandbox.post_user_message(ASHA, d2, thread_ts=ts)
        second = await new_prompt(stack, ts, {first["ts"]})
        assert label(d1) in text_of(second)
        assert await asked(db) == [[(d1, "full"), (d2, "full")], [(d1, "full"), (d2, "pm")]]


async def test_also_and_too_add_days(db: Database) -> None:
    async with bot_stack(db) as stack:
        d1, d2, d3 = workday(2), workday(4), workday(6)
        ts = stack.sandbox.post_user_message(ASHA, f"off {d1}")
        first = await stack.prompt(ts)
        stack.sandbox.post_user_message(ASHA, f"also {d2}", thread_ts=ts)
        second = await new_prompt(stack, ts, {first["ts"]})
        stack.sandbox.post_user_message(ASHA, f"and {d3} too", thread_ts=ts)
        third = await new_prompt(stack, ts, {first["ts"], second["ts"]})
        assert "Total: 3 days" in text_of(third)
        assert await asked(db) == [
            [(d1, "full")],
            [(d1, "full"), (d2, "full")],
            [(d1, "full"), (d2, "full"), (d3, "full")],
        ]


async def test_instead_and_not_replace_the_named_day(db: Database) -> None:
    async with bot_stack(db) as stack:
        d1, d2, d3, d4 = workday(2), workday(3), workday(5), workday(7)
        ts = stack.sandbox.post_user_message(ASHA, f"leave on {d1}")
        first = await stack.prompt(ts)
        stack.sandbox.post_user_message(ASHA, f"actually {d2} instead", thread_ts=ts)
        second = await new_prompt(stack, ts, {first["ts"]})
        stack.sandbox.post_user_message(ASHA, f"also {d3}", thread_ts=ts)
        third = await new_prompt(stack, ts, {first["ts"], second["ts"]})
        stack.sandbox.post_user_message(ASHA, f"not {d3}, {d4}", thread_ts=ts)
        fourth = await new_prompt(stack, ts, {first["ts"], second["ts"], third["ts"]})
        assert label(d4) in text_of(fourth)
        assert await asked(db) == [
            [(d1, "full")],
            [(d2, "full")],
            [(d2, "full"), (d3, "full")],
            [(d2, "full"), (d4, "full")],
        ]


async def test_a_new_full_request_in_the_thread_supersedes_the_pending_one(db: Database) -> None:
    async with bot_stack(db) as stack:
        d1, d2, d3 = workday(2), workday(5), workday(6)
        ts = stack.sandbox.post_user_message(ASHA, f"leave on {d1}")
        first = await stack.prompt(ts)
        stack.sandbox.post_user_message(ASHA, f"sick leave {d2} and {d3}, fever", thread_ts=ts)
        second = await new_prompt(stack, ts, {first["ts"]})
        assert "sick leave" in text_of(second)
        assert await asked(db) == [[(d1, "full")], [(d2, "full"), (d3, "full")]]
        await confirmed(stack, second)
        assert await booked(db) == [(d2, "full"), (d3, "full")]


async def test_a_reply_to_booked_leave_becomes_a_change(db: Database) -> None:
    async with bot_stack(db) as stack:
        d1, d2 = workday(2), workday(4)
        ts = stack.sandbox.post_user_message(ASHA, f"leave on {d1}")
        first = await stack.prompt(ts)
        await confirmed(stack, first)
        stack.sandbox.post_user_message(ASHA, f"and {d2} too", thread_ts=ts)
        change = await new_prompt(stack, ts, {first["ts"]})
        assert "*Add:*" in text_of(change)
        assert "*Remove:*" not in text_of(change)
        await confirmed(stack, change, "Changed in")
        assert await booked(db) == [(d1, "full"), (d2, "full")]
        assert sorted(e["spent_date"] for e in stack.sandboxes.harvest.entries()) == [d1, d2]


async def test_someone_elses_reply_does_not_touch_the_authors_request(db: Database) -> None:
    async with bot_stack(db) as stack:
        ts = stack.sandbox.post_user_message(ASHA, f"leave on {workday(2)}")
        await stack.prompt(ts)
        stack.sandbox.post_user_message(RAVI, "make it a half day, afternoon", thread_ts=ts)
        note = await stack.wait(lambda: stack.ephemerals(RAVI))
        assert f"Only <@{ASHA}> can change their leave" in note[0]["text"]
        await handled(stack, "parser", 2)
        await handled(stack, "tracker", 1)
        assert await requests(db) == [("leave", "pending", None)]
        # Ravi's own leave, said in Asha's thread, is his own request.
        stack.sandbox.post_user_message(RAVI, f"I'm off on {workday(5)} too", thread_ts=ts)
        await handled(stack, "tracker", 2)
        assert await requests(db) == [("leave", "pending", None), ("leave", "pending", None)]


async def test_with_an_llm_the_rules_first_then_the_model_with_the_thread(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with bot_stack(db) as stack:
        openai = stack.sandboxes.openai
        monkeypatch.setenv("OPENAI_API_KEY", DEFAULT_API_KEY)
        monkeypatch.setenv("OPENAI_BASE_URL", openai.base_url)
        d1, d2 = workday(3), workday(8)
        ts = stack.sandbox.post_user_message(ASHA, f"leave on {d1}")
        first = await stack.prompt(ts)
        # Sure by the rules: no model call.
        stack.sandbox.post_user_message(ASHA, "just the morning", thread_ts=ts)
        second = await new_prompt(stack, ts, {first["ts"]})
        assert "first half (AM)" in text_of(second)
        assert openai.requests == []
        # Not something the rules can read: the model gets the thread, and its answer is
        # the whole leave after the reply.
        openai.script(
            {
                "intent": "leave",
                "category": "vacation",
                "days": [{"date": d2, "portion": "am"}],
            }
        )
        stack.sandbox.post_user_message(ASHA, "hmm, can we push that back a week", thread_ts=ts)
        third = await new_prompt(stack, ts, {first["ts"], second["ts"]})
        assert label(d2) in text_of(third)
        (call,) = openai.requests
        assert any("Earlier messages in this thread" in m for m in call.user_messages)
        assert await asked(db) == [[(d1, "full")], [(d1, "am")], [(d2, "am")]]


async def test_without_an_llm_an_unreadable_change_is_asked_about(db: Database) -> None:
    async with bot_stack(db) as stack:
        ts = stack.sandbox.post_user_message(ASHA, f"leave on {workday(3)}")
        await stack.prompt(ts)
        stack.sandbox.post_user_message(ASHA, "thanks, see you Monday", thread_ts=ts)
        stack.sandbox.post_user_message(ASHA, "hmm, can we push that back a bit", thread_ts=ts)
        note = await stack.wait(
            lambda: next((m for m in stack.bot_messages(ts) if "how to change" in m["text"]), None)
        )
        assert "`also Monday`" in note["text"]
        await handled(stack, "parser", 3)
        assert await requests(db) == [("leave", "pending", None)]
        assert len(stack.bot_messages(ts)) == 2  # the prompt and the question, no more


def test_dates_named_in_the_test_are_working_days() -> None:
    assert all(dt.date.fromisoformat(workday(n)).weekday() < 5 for n in range(1, 9))
