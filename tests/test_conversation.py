"""The Slack conversation end to end: real slack-bolt over real sockets to the sandbox."""

from __future__ import annotations

import datetime as dt
from typing import Any

import anyio
import pytest
from structlog.testing import capture_logs

from leavebot.db import Database
from leavebot.domain import WorkCalendar
from leavebot.queries import Q
from leavebot.sandbox.slack import SlackSandbox
from tests.harness import Stack, bot_stack

pytestmark = pytest.mark.anyio


def workday(n: int) -> str:
    """The ``n``th Monday-to-Friday day after today, as ISO (dates resolve the same any day)."""
    start = dt.date.today() + dt.timedelta(days=1)
    return WorkCalendar().next_working_days(start, n)[-1].isoformat()


ASHA = "U0ASHA001"
RAVI = "U0RAVI002"
JACK = "U0JACK004"  # in Slack, not registered with leavebot


async def handled(stack: Stack, recipient: str, count: int) -> None:
    """Until ``count`` messages to ``recipient`` are done (nothing left in flight)."""
    await stack.wait_db(
        "SELECT count(*) FROM mailbox WHERE recipient = $1 AND status = 'done'",
        recipient,
        expect=count,
    )


async def test_happy_path_to_calendar_and_harvest(db: Database) -> None:
    async with bot_stack(db) as stack:
        first, second = workday(2), workday(3)
        text = f"On leave {first} and half day {second} morning"
        ts = stack.sandbox.post_user_message(ASHA, text)
        prompt = await stack.prompt(ts)
        assert prompt["thread_ts"] == ts
        shown = str(prompt["blocks"])
        assert "Leave request" in shown
        assert "first half (AM)" in shown
        assert "Total: 1.5 days" in shown
        stack.sandbox.click(ASHA, prompt["ts"], stack.button(prompt, "leave_confirm"))
        await stack.wait(
            lambda: (
                "Added to Google Calendar and Harvest" in str(stack.sandbox.message(prompt["ts"]))
            )
        )
        edited = stack.sandbox.message(prompt["ts"])
        assert edited is not None
        assert not any(b.get("type") == "actions" for b in edited["blocks"])
        assert await db.fetchval("SELECT status FROM leave_requests") == "completed"
        days = await db.fetch("SELECT day, portion, status FROM leave_days ORDER BY day")
        assert [(d["day"].isoformat(), d["portion"], d["status"]) for d in days] == [
            (first, "full", "completed"),
            (second, "am", "completed"),
        ]
        events = stack.sandboxes.calendar.live_events()
        assert sorted(e["summary"] for e in events) == ["Leave - Asha Rao", "Leave - Asha Rao (AM)"]
        entries = stack.sandboxes.harvest.entries()
        assert sorted((e["spent_date"], e["hours"]) for e in entries) == [
            (first, 8.0),
            (second, 4.0),
        ]


async def test_same_event_twice_gives_one_prompt(db: Database) -> None:
    async with bot_stack(db) as stack:
        ts = stack.sandbox.post_user_message(ASHA, f"sick leave {workday(1)}, fever")
        await stack.prompt(ts)
        event_id = stack.sandbox.event_deliveries()[0].event_id
        stack.sandbox.redeliver_event(event_id)
        stack.sandbox.redeliver_event(event_id)
        await anyio.sleep(0.5)
        assert len(stack.bot_messages(ts)) == 1
        assert await db.fetchval("SELECT count(*) FROM leave_requests") == 1


async def test_unacknowledged_envelope_is_redelivered_and_handled_once(db: Database) -> None:
    sandbox = SlackSandbox(ack_timeout=0.05)
    async with bot_stack(db, sandbox=sandbox) as stack:
        gate = anyio.Event()
        original = stack.runtime.slack().user_timezone

        async def slow_timezone(user: str) -> str | None:
            await gate.wait()  # holds the ack past the sandbox's timeout
            return await original(user)

        stack.runtime.slack().user_timezone = slow_timezone  # type: ignore[method-assign]
        ts = sandbox.post_user_message(ASHA, f"leave on {workday(2)}")
        await stack.wait(lambda: any(d.retry_attempt >= 1 for d in sandbox.event_deliveries()))
        gate.set()
        await stack.prompt(ts)
        await anyio.sleep(0.5)
        assert len(stack.bot_messages(ts)) == 1
        assert await db.fetchval("SELECT count(*) FROM leave_requests") == 1


async def test_stranger_click_changes_nothing_and_gets_a_note(db: Database) -> None:
    async with bot_stack(db) as stack:
        ts = stack.sandbox.post_user_message(ASHA, f"PTO {workday(3)}")
        prompt = await stack.prompt(ts)
        stack.sandbox.click(RAVI, prompt["ts"], stack.button(prompt, "leave_confirm"))
        note = await stack.wait(lambda: stack.ephemerals(RAVI))
        assert f"Only <@{ASHA}>" in note[0]["text"]
        assert await db.fetchval("SELECT status FROM leave_requests") == "pending"
        assert await db.fetchval("SELECT count(*) FROM leave_days") == 0


async def test_double_click_confirms_once(db: Database) -> None:
    async with bot_stack(db) as stack:
        ts = stack.sandbox.post_user_message(ASHA, f"off for 3 days from {workday(5)}")
        prompt = await stack.prompt(ts)
        confirm = stack.button(prompt, "leave_confirm")
        stack.sandbox.click(ASHA, prompt["ts"], confirm)
        stack.sandbox.click(ASHA, prompt["ts"], confirm)
        await stack.wait_db("SELECT count(*) FROM leave_days", expect=3)
        await anyio.sleep(0.3)
        assert await db.fetchval("SELECT count(*) FROM leave_days") == 3
        assert await db.fetchval("SELECT count(*) FROM mailbox WHERE kind = 'sync_days'") == 2
        note = await stack.wait(lambda: stack.ephemerals(ASHA))
        assert "no longer waiting" in note[0]["text"]


async def test_cancel_button_cancels(db: Database) -> None:
    async with bot_stack(db) as stack:
        ts = stack.sandbox.post_user_message(ASHA, f"leave {workday(1)}")
        prompt = await stack.prompt(ts)
        stack.sandbox.click(ASHA, prompt["ts"], stack.button(prompt, "leave_cancel"))
        await stack.wait(lambda: "Cancelled by" in str(stack.sandbox.message(prompt["ts"])))
        assert await db.fetchval("SELECT status FROM leave_requests") == "cancelled"
        assert await db.fetchval("SELECT count(*) FROM leave_days") == 0


async def test_newer_message_supersedes(db: Database) -> None:
    async with bot_stack(db) as stack:
        ts = stack.sandbox.post_user_message(ASHA, f"leave {workday(1)}")
        first = await stack.prompt(ts)
        stack.sandbox.post_user_message(
            ASHA, f"actually make it {workday(4)} instead", thread_ts=ts
        )
        await stack.wait(lambda: "Replaced by a newer" in str(stack.sandbox.message(first["ts"])))
        await stack.wait(lambda: any("actions" in str(m["blocks"]) for m in stack.bot_messages(ts)))
        statuses = [
            r["status"] for r in await db.fetch("SELECT status FROM leave_requests ORDER BY id")
        ]
        assert statuses == ["superseded", "pending"]
        prompts = [m for m in stack.bot_messages(ts) if "actions" in str(m["blocks"])]
        assert len(prompts) == 1
        # The old prompt's buttons are gone: pressing them now changes nothing.
        assert "leave_confirm" not in str(stack.sandbox.message(first["ts"]))


async def test_expiry_removes_the_buttons(db: Database) -> None:
    async with bot_stack(db) as stack:
        ts = stack.sandbox.post_user_message(ASHA, f"leave on {workday(3)}")
        prompt = await stack.prompt(ts)
        await db.execute("UPDATE leave_requests SET expires_at = now() - interval '1 second'")
        await stack.wait(lambda: "expired" in str(stack.sandbox.message(prompt["ts"])))
        assert await db.fetchval("SELECT status FROM leave_requests") == "expired"
        message = stack.sandbox.message(prompt["ts"])
        assert message is not None
        assert not any(b.get("type") == "actions" for b in message["blocks"])


async def test_a_prompt_deleted_in_slack_is_not_edited_again_and_again(db: Database) -> None:
    async with bot_stack(db) as stack:
        ts = stack.sandbox.post_user_message(ASHA, f"leave on {workday(3)}")
        prompt = await stack.prompt(ts)
        stack.sandbox.delete_bot_message(prompt["ts"])
        with capture_logs() as logs:
            await db.execute("UPDATE leave_requests SET expires_at = now() - interval '1 second'")
            await stack.wait_db(
                "SELECT status FROM mailbox WHERE kind = 'request_expired'", expect="done"
            )
        rid, status = await db.fetchrow("SELECT id, status FROM leave_requests")
        assert status == "expired"
        assert [e["request_id"] for e in logs if e["event"] == "slack.prompt_gone"] == [rid]
        assert not [e for e in logs if e["event"] == "channel.handler_failed"]
        assert (
            await db.fetchval(
                "SELECT attempts FROM mailbox WHERE kind = 'request_expired' AND status = 'done'"
            )
            == 1
        )


async def test_expiry_survives_a_restart(db: Database) -> None:
    sandbox = SlackSandbox(ack_timeout=1.0)
    async with bot_stack(db, sandbox=sandbox) as stack:
        ts = sandbox.post_user_message(ASHA, f"leave on {workday(3)}")
        prompt = await stack.prompt(ts)
    # The bot is down when the request runs out.
    await db.execute("UPDATE leave_requests SET expires_at = now() - interval '1 second'")
    async with bot_stack(db, sandbox=sandbox) as stack:
        await stack.wait(lambda: "expired" in str(sandbox.message(prompt["ts"])))
    assert await db.fetchval("SELECT status FROM leave_requests") == "expired"


async def test_late_click_on_an_expired_request_is_refused(db: Database) -> None:
    async with bot_stack(db, expiry_check_s=60.0) as stack:
        ts = stack.sandbox.post_user_message(ASHA, f"leave on {workday(3)}")
        prompt = await stack.prompt(ts)
        await db.execute("UPDATE leave_requests SET expires_at = now() - interval '1 second'")
        stack.sandbox.click(ASHA, prompt["ts"], stack.button(prompt, "leave_confirm"))
        note = await stack.wait(lambda: stack.ephemerals(ASHA))
        assert "expired" in note[0]["text"]
        assert await db.fetchval("SELECT count(*) FROM leave_days") == 0


async def test_unregistered_author_gets_a_note(db: Database) -> None:
    async with bot_stack(db) as stack:
        stack.sandbox.post_user_message(JACK, f"on leave {workday(1)}")
        note = await stack.wait(lambda: stack.ephemerals(JACK))
        assert "not registered" in note[0]["text"]
        assert await db.fetchval("SELECT count(*) FROM leave_requests") == 0
        assert stack.bot_messages() == []


async def test_not_a_leave_stays_silent(db: Database) -> None:
    async with bot_stack(db) as stack:
        stack.sandbox.post_user_message(ASHA, "who is on leave tomorrow?")
        stack.sandbox.post_user_message(ASHA, "I'll leave the keys at the desk")
        await handled(stack, "parser", 2)
        await anyio.sleep(0.2)
        assert stack.bot_messages() == []
        assert await db.fetchval("SELECT count(*) FROM leave_requests") == 0


async def test_no_dates_asks_in_thread(db: Database) -> None:
    async with bot_stack(db) as stack:
        ts = stack.sandbox.post_user_message(ASHA, "I need leave")
        reply = await stack.wait(lambda: stack.bot_messages(ts))
        assert "Could you reply here with the dates" in reply[0]["text"]
        assert "tomorrow" in reply[0]["text"]
        # The answer in the thread needs no trigger word: the bot is in the thread now.
        stack.sandbox.post_user_message(ASHA, f"{workday(2)} and {workday(4)}", thread_ts=ts)
        prompt = await stack.prompt(ts)
        assert "Total: 2 days" in str(prompt["blocks"])


async def test_chatter_in_a_booked_thread_changes_nothing(db: Database) -> None:
    async with bot_stack(db) as stack:
        ts = stack.sandbox.post_user_message(ASHA, f"leave {workday(1)}")
        prompt = await stack.prompt(ts)
        stack.sandbox.click(ASHA, prompt["ts"], stack.button(prompt, "leave_confirm"))
        await stack.wait_db("SELECT status FROM leave_requests", expect="completed")
        before = len(stack.bot_messages(ts))
        stack.sandbox.post_user_message(ASHA, "thanks!", thread_ts=ts)
        stack.sandbox.post_user_message(RAVI, "get well soon", thread_ts=ts)
        await handled(stack, "parser", 3)
        await anyio.sleep(0.3)
        assert await db.fetchval("SELECT count(*) FROM leave_requests") == 1
        assert len(stack.bot_messages(ts)) == before


async def test_bots_joins_and_edits_of_unrelated_messages_are_ignored(db: Database) -> None:
    async with bot_stack(db) as stack:
        ts = stack.sandbox.post_user_message(ASHA, f"leave {workday(1)}")
        await stack.prompt(ts)
        stack.sandbox.post_other_bot_message("leave tomorrow for everyone")
        chat = stack.sandbox.post_user_message(RAVI, "lunch at noon?")
        stack.sandbox.edit_user_message(chat, "lunch at one?")  # no request, no keyword
        stack.sandbox.delete_user_message(chat)
        stack.sandbox.join_channel(RAVI)
        await stack.wait(lambda: len(stack.sandbox.event_deliveries()) >= 7)
        await stack.wait(lambda: all(d.acked for d in stack.sandbox.event_deliveries()))
        # The bot's own prompt comes back as an event too: none of these reaches an actor.
        assert await db.fetchval("SELECT count(*) FROM mailbox WHERE recipient = 'parser'") == 1
        kinds = await db.fetch("SELECT kind FROM mailbox WHERE recipient = 'tracker'")
        assert [r["kind"] for r in kinds] == ["parsed_leave"]
        assert await db.fetchval("SELECT count(*) FROM leave_requests") == 1


async def test_conflicts_are_shown(db: Database) -> None:
    async with bot_stack(db) as stack:
        ts = stack.sandbox.post_user_message(ASHA, f"leave {workday(1)}")
        prompt = await stack.prompt(ts)
        stack.sandbox.click(ASHA, prompt["ts"], stack.button(prompt, "leave_confirm"))
        await stack.wait_db("SELECT count(*) FROM leave_days", expect=1)
        again = stack.sandbox.post_user_message(ASHA, f"sick leave {workday(1)}")
        second = await stack.prompt(again)
        shown = str(second["blocks"])
        assert "These days overlap your other leave" in shown
        assert "already booked (vacation, request #1)" in shown
        # Confirmed anyway: nothing new is booked, and the request completes at once.
        stack.sandbox.click(ASHA, second["ts"], stack.button(second, "leave_confirm"))
        await stack.wait_db(
            "SELECT status FROM leave_requests ORDER BY id DESC LIMIT 1", expect="completed"
        )
        assert await db.fetchval("SELECT count(*) FROM leave_days") == 1
        work = await db.fetchval("SELECT count(*) FROM mailbox WHERE kind = 'sync_days'")
        assert work == 2  # the first request's only


async def test_socket_drop_and_reconnect_loses_nothing(db: Database) -> None:
    async with bot_stack(db) as stack:
        seen = stack.sandbox.connections_seen
        await stack.sandbox.drop_connections()
        ts = stack.sandbox.post_user_message(ASHA, f"leave {workday(1)}")
        prompt = await stack.prompt(ts, timeout=20)
        assert stack.sandbox.connections_seen > seen
        assert prompt["thread_ts"] == ts


async def confirm_in_thread(stack: Stack, user: str, text: str) -> dict[str, object]:
    ts = stack.sandbox.post_user_message(user, text)
    prompt = await stack.prompt(ts)
    stack.sandbox.click(user, prompt["ts"], stack.button(prompt, "leave_confirm"))
    return prompt


async def test_cancel_removes_the_event_and_the_entry(db: Database) -> None:
    async with bot_stack(db) as stack:
        day = workday(2)
        first = await confirm_in_thread(stack, ASHA, f"leave on {day}")
        await stack.wait(lambda: "Added to" in str(stack.sandbox.message(str(first["ts"]))))
        cancel = await confirm_in_thread(stack, ASHA, f"cancel my leave on {day}")
        assert "Cancel leave" in str(cancel["blocks"])
        await stack.wait(lambda: "Removed from" in str(stack.sandbox.message(str(cancel["ts"]))))
        assert stack.sandboxes.calendar.live_events() == []
        assert stack.sandboxes.harvest.entries() == []
        assert await db.fetchval("SELECT status FROM leave_days") == "cancelled"


async def test_a_cancel_that_reaches_only_one_target_leaves_the_day_failed(db: Database) -> None:
    async with bot_stack(db) as stack:
        day = workday(2)
        first = await confirm_in_thread(stack, ASHA, f"leave on {day}")
        await stack.wait(lambda: "Added to" in str(stack.sandbox.message(str(first["ts"]))))
        stack.sandboxes.calendar.fail("delete", 500)
        cancel = await confirm_in_thread(stack, ASHA, f"cancel my leave on {day}")
        await stack.wait(lambda: "Partly done" in str(stack.sandbox.message(str(cancel["ts"]))))
        row = await db.fetchrow(
            "SELECT status, calendar_status, harvest_status, last_error FROM leave_days"
        )
        assert row is not None
        assert (row["status"], row["harvest_status"]) == ("failed", "deleted")
        assert row["last_error"].startswith("cancel incomplete: Calendar")
        assert len(stack.sandboxes.calendar.live_events()) == 1
        assert stack.sandboxes.harvest.entries() == []


async def test_only_new_messages_of_people_pass_the_socket_mode_filter() -> None:
    """What the listener acks before bolt: every message event no person wrote anew."""
    from actors.slack_listener import ignored_message

    person = {"type": "message", "user": ASHA, "text": "leave tomorrow", "ts": "1.2"}
    bot = {**person, "user": "U0LEAVEBOT", "bot_id": "B0LEAVEBOT"}
    assert not ignored_message(person)
    assert not ignored_message({**person, "thread_ts": "1.1"})
    assert ignored_message(bot)  # the bot's own prompt
    changed = {"type": "message", "subtype": "message_changed"}
    earlier = {**person, "text": "leave today"}
    assert not ignored_message({**changed, "message": person, "previous_message": earlier})
    assert ignored_message({**changed, "message": bot, "previous_message": bot})  # chat.update
    # An unfurl or a language detection changes no text: not an edit.
    assert ignored_message({**changed, "message": person, "previous_message": person})
    tombstone = {"subtype": "tombstone", "user": "USLACKBOT", "text": "This message was deleted."}
    assert not ignored_message({**changed, "message": tombstone, "previous_message": person})
    assert ignored_message({**changed, "message": tombstone, "previous_message": bot})
    deleted = {"type": "message", "subtype": "message_deleted", "deleted_ts": "1.2"}
    assert not ignored_message({**deleted, "previous_message": person})
    assert ignored_message({**deleted, "previous_message": bot})
    assert ignored_message({**person, "subtype": "channel_join"})
    assert ignored_message({"type": "message", "text": "no author"})
    assert ignored_message("not an event")


async def test_a_burst_makes_one_auth_test_over_one_keep_alive_session(db: Database) -> None:
    async with bot_stack(db) as stack:
        for i in range(12):
            stack.sandbox.post_user_message(ASHA, f"good morning {i}")
        await stack.wait(
            lambda: (
                len(stack.sandbox.event_deliveries()) >= 12
                and all(d.acked for d in stack.sandbox.event_deliveries())
            )
        )
        # Bolt's authorization was answered before the first event, not once per event.
        assert len(stack.sandbox.calls_to("auth.test")) == 1
        # The Web API calls share one keep-alive session, made inside the event loop.
        session = stack.runtime.slack().web.session
        assert session is not None
        assert not session.closed


async def test_a_click_that_beats_the_prompts_record_is_handled_once_it_is_stored(
    db: Database,
) -> None:
    """The prompt is in Slack before its ts is in the database: a click in between
    comes again after the inbox's backoff instead of being refused as unknown."""
    async with bot_stack(db) as stack:
        ts = stack.sandbox.post_user_message(ASHA, f"PTO {workday(3)}")
        prompt = await stack.prompt(ts)
        await stack.wait_db(
            "SELECT count(*) FROM leave_requests WHERE prompt_ts IS NOT NULL", expect=1
        )
        await db.execute("UPDATE leave_requests SET prompt_ts = NULL")  # the record not yet made
        stack.sandbox.click(ASHA, prompt["ts"], stack.button(prompt, "leave_confirm"))
        await stack.wait_db(
            "SELECT count(*) FROM mailbox WHERE kind = 'button_clicked' AND attempts >= 2",
            expect=1,
        )
        assert await db.fetchval("SELECT status FROM leave_requests") == "pending"
        await db.execute("UPDATE leave_requests SET prompt_ts = $1", prompt["ts"])
        await stack.wait_db(
            "SELECT count(*) FROM leave_requests WHERE status = 'completed'", expect=1
        )
        assert stack.ephemerals(ASHA) == []


async def test_the_thread_is_the_bots_before_the_bot_speaks_in_it(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A reply written the moment the bot's question shows needs no trigger word, so the
    thread is recorded as the bot's before the question is posted (a fresh clone's make
    test once saw the answer come before the record and be ignored)."""
    async with bot_stack(db) as stack:
        slack = stack.runtime.slack()
        recorded_first: list[bool] = []
        real_post = slack.post

        async def post(
            channel: str, text: str, blocks: Any = None, *, thread_ts: Any = None
        ) -> str:
            recorded_first.append(bool(await db.fetchval(Q.bot_thread_exists, channel, thread_ts)))
            return await real_post(channel, text, blocks, thread_ts=thread_ts)

        monkeypatch.setattr(slack, "post", post)
        asked = stack.sandbox.post_user_message(ASHA, "I need leave")  # the parser asks
        await stack.wait(lambda: stack.bot_messages(asked))
        nothing = stack.sandbox.post_user_message(ASHA, f"cancel my leave on {workday(3)}")
        await stack.wait(lambda: stack.bot_messages(nothing))  # the tracker: nothing booked
        assert recorded_first == [True, True]


async def test_quick_syncs_edit_the_prompt_once(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The Confirm's "processing" edit waits for the outcome's, which makes it moot."""
    from actors import tracker

    monkeypatch.setattr(tracker, "INTERIM_HOLD_S", 30.0)  # however slow this machine is
    async with bot_stack(db) as stack:
        ts = stack.sandbox.post_user_message(ASHA, f"On leave {workday(2)}")
        prompt = await stack.prompt(ts)
        stack.sandbox.click(ASHA, prompt["ts"], stack.button(prompt, "leave_confirm"))
        await stack.wait(
            lambda: (
                "Added to Google Calendar and Harvest" in str(stack.sandbox.message(prompt["ts"]))
            )
        )
        await stack.wait_db(
            "SELECT count(*) FROM mailbox WHERE status <> 'done'", expect=0, timeout=10
        )
        assert len(stack.sandbox.calls_to("chat.update")) == 1
        refreshes = await db.fetchval("SELECT count(*) FROM mailbox WHERE kind = 'refresh_prompt'")
        assert refreshes == 2  # both sent, durably; the first was acked unhandled


async def test_slow_syncs_show_processing_first(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    from actors import tracker

    monkeypatch.setattr(tracker, "INTERIM_HOLD_S", 0.2)
    async with bot_stack(db) as stack:
        stack.sandboxes.calendar.slow("insert", delay_s=2.0)
        ts = stack.sandbox.post_user_message(ASHA, f"On leave {workday(2)}")
        prompt = await stack.prompt(ts)
        stack.sandbox.click(ASHA, prompt["ts"], stack.button(prompt, "leave_confirm"))
        await stack.wait(
            lambda: "Adding it to Google Calendar" in str(stack.sandbox.message(prompt["ts"]))
        )
        assert await db.fetchval("SELECT status FROM leave_requests") != "completed"
        await stack.wait(
            lambda: (
                "Added to Google Calendar and Harvest" in str(stack.sandbox.message(prompt["ts"]))
            )
        )
        assert len(stack.sandbox.calls_to("chat.update")) == 2
