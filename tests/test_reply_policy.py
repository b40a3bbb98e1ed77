"""The reply policy through real slack-bolt against the sandbox: ask, stay silent, name the limit.

With no LLM configured, a reading the rules are unsure of gets a reply asking
for dates only when it is clearly the author's own leave; anything else stays
silent (``parse.unsure_ignored``). With the LLM (the sandbox model, over the
real ``openai`` client), what the rules are unsure of goes to it. A request
beyond a hard limit gets a reply naming the limit and what to do. The
channel's gate reads the parser's own vocabulary, and admins can narrow or
widen it.
"""

from __future__ import annotations

import datetime as dt

import anyio
import pytest
from structlog.testing import capture_logs

from leavebot.db import Database
from leavebot.domain import WorkCalendar
from leavebot.queries import Q
from leavebot.sandbox.openai import DEFAULT_API_KEY
from tests.harness import Stack, bot_stack

pytestmark = pytest.mark.anyio

ASHA = "U0ASHA001"
JACK = "U0JACK004"  # in Slack, not registered with leavebot


def workday(n: int) -> dt.date:
    """The ``n``th Monday-to-Friday day after today."""
    return WorkCalendar().next_working_days(dt.date.today() + dt.timedelta(days=1), n)[-1]


async def parsed(stack: Stack, count: int) -> None:
    """Until the parser has handled ``count`` messages."""
    await stack.wait_db(
        "SELECT count(*) FROM mailbox WHERE recipient = 'parser' AND status = 'done'",
        expect=count,
    )


def events(logs: list[dict[str, object]], name: str) -> list[dict[str, object]]:
    return [e for e in logs if e["event"] == name]


async def test_without_llm_own_leave_it_cannot_read_gets_asked_for_dates(db: Database) -> None:
    async with bot_stack(db) as stack:
        with capture_logs() as logs:
            # An open range: clearly Asha's leave, but to when?
            ts = stack.sandbox.post_user_message(ASHA, f"off from {workday(3).isoformat()}")
            reply = await stack.wait(lambda: stack.bot_messages(ts))
        assert "Could you reply here with the dates" in reply[0]["text"]
        (asked,) = events(logs, "parse.asked_for_dates")
        assert "llm_not_configured" in asked["reasons"]  # type: ignore[operator]
        assert await db.fetchval("SELECT count(*) FROM leave_requests") == 0


async def test_without_llm_unsure_work_talk_stays_silent(db: Database) -> None:
    async with bot_stack(db) as stack:
        with capture_logs() as logs:
            stack.sandbox.post_user_message(ASHA, "I might take Friday off, not sure yet")
            stack.sandbox.post_user_message(ASHA, "can I take leave on the 31st of February?")
            await parsed(stack, 2)
            await anyio.sleep(0.2)
        assert stack.bot_messages() == []
        ignored = events(logs, "parse.unsure_ignored")
        assert len(ignored) == 2
        assert all(e["action"] == "none" for e in ignored)
        assert not events(logs, "parse.asked_for_dates")


async def test_ordinary_work_talk_with_leave_words_stays_silent(db: Database) -> None:
    async with bot_stack(db) as stack:
        for text in (
            "Please leave feedback on the RFC by Wednesday",
            "everyone take Monday off if you worked the weekend release!",
            "heading out for lunch, back at 2",
            "If you're OOO next week please set your Slack status",
        ):
            stack.sandbox.post_user_message(ASHA, text)
        await parsed(stack, 4)
        await anyio.sleep(0.2)
        assert stack.bot_messages() == []


async def test_too_many_days_names_the_limit(db: Database) -> None:
    async with bot_stack(db) as stack:
        first, last = workday(2), workday(2) + dt.timedelta(days=70)
        with capture_logs() as logs:
            ts = stack.sandbox.post_user_message(
                ASHA, f"on leave from {first.isoformat()} to {last.isoformat()}"
            )
            reply = await stack.wait(lambda: stack.bot_messages(ts))
        text = reply[0]["text"]
        assert "more than the 31 allowed at once" in text
        assert "separate requests of at most 31 working days" in text
        assert "couldn't tell which days" not in text
        assert [e["limit"] for e in events(logs, "parse.beyond_limits")] == ["too_many_days"]
        assert await db.fetchval("SELECT count(*) FROM leave_requests") == 0


async def test_too_far_ahead_names_the_limit(db: Database) -> None:
    async with bot_stack(db) as stack:
        far = WorkCalendar().next_working_days(dt.date.today() + dt.timedelta(days=400), 1)[0]
        ts = stack.sandbox.post_user_message(ASHA, f"PTO on {far.isoformat()}")
        reply = await stack.wait(lambda: stack.bot_messages(ts))
        assert "more than 366 days ahead" in reply[0]["text"]
        assert "nearer the time" in reply[0]["text"]


async def test_with_llm_unsure_goes_to_the_model(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with bot_stack(db) as stack:
        model = stack.sandboxes.openai
        monkeypatch.setenv("OPENAI_API_KEY", DEFAULT_API_KEY)
        monkeypatch.setenv("OPENAI_BASE_URL", model.base_url)
        monkeypatch.setenv("LLM_MAX_RETRIES", "0")
        day = workday(4)
        model.script(
            {
                "intent": "leave",
                "category": "vacation",
                "days": [{"date": day.isoformat(), "portion": "full"}],
            }
        )
        ts = stack.sandbox.post_user_message(ASHA, f"off from {day.isoformat()}")
        await stack.prompt(ts)
        row = await db.fetchrow("SELECT parser, days FROM leave_requests")
        assert row["parser"] == "llm"
        assert [d["date"] for d in row["days"]] == [day.isoformat()]
        assert len(model.completion_requests) == 1
        # The stand-in model, unscripted, answers no leave where the rules are unsure:
        # the bot stays quiet instead of asking.
        with capture_logs() as logs:
            stack.sandbox.post_user_message(ASHA, "I might take Friday off, not sure yet")
            await parsed(stack, 2)
        assert len(model.completion_requests) == 2
        assert events(logs, "parse.not_leave")
        assert len(stack.bot_messages()) == 1  # only the first prompt
        # What the rules are sure of never reaches the model.
        ts = stack.sandbox.post_user_message(ASHA, f"sick leave on {workday(1).isoformat()}")
        await stack.prompt(ts)
        assert len(model.completion_requests) == 2


async def test_unregistered_author_gets_no_note_for_work_talk(db: Database) -> None:
    async with bot_stack(db) as stack:
        stack.sandbox.post_user_message(JACK, "I'll leave the review comments in the doc")
        stack.sandbox.post_user_message(JACK, f"on leave {workday(1).isoformat()}")
        note = await stack.wait(lambda: stack.ephemerals(JACK))
        await anyio.sleep(0.3)
        assert len(stack.ephemerals(JACK)) == 1
        assert "not registered" in note[0]["text"]


async def test_default_gate_reads_leave_without_the_word_leave(db: Database) -> None:
    async with bot_stack(db) as stack:
        when = workday(2)
        ts = stack.sandbox.post_user_message(
            ASHA, f"dentist appointment on {when.isoformat()} morning"
        )
        prompt = await stack.prompt(ts)
        assert "first half (AM)" in str(prompt["blocks"])
        ts = stack.sandbox.post_user_message(ASHA, f"{when.isoformat()} for 2 days")
        await stack.prompt(ts)


async def test_admins_narrow_and_widen_the_trigger_words(db: Database) -> None:
    async with bot_stack(db) as stack:
        await db.execute(Q.config_put, "trigger_keywords", ["pto"], "test")
        stack.runtime.config.invalidate()
        stack.sandbox.post_user_message(ASHA, f"on leave {workday(1).isoformat()}")
        ts = stack.sandbox.post_user_message(ASHA, f"PTO {workday(2).isoformat()}")
        await stack.prompt(ts)
        # narrowed: the first message never reached the parser
        assert await db.fetchval("SELECT count(*) FROM mailbox WHERE recipient = 'parser'") == 1

        await db.execute(Q.config_put, "trigger_keywords", ["@vocabulary", "sangeet"], "test")
        stack.runtime.config.invalidate()
        with capture_logs() as logs:
            stack.sandbox.post_user_message(ASHA, f"sangeet on {workday(3).isoformat()}")
            await parsed(stack, 2)
        # widened: read, but the rules do not know the word and there is no LLM: silent
        (ignored,) = events(logs, "parse.unsure_ignored")
        assert "no_trigger" in ignored["reasons"]  # type: ignore[operator]
        assert len(stack.bot_messages()) == 1
