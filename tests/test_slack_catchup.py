"""What real Slack sends the listener, and what it never sends: subtypes people write, a
private leave channel, and messages posted while no instance was connected (Slack gave up
on them), read back by the catch-up, each answered once."""

from __future__ import annotations

import contextlib
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import anyio
import pytest
from structlog.testing import capture_logs

from leavebot.db import Database
from leavebot.migrate import apply_migrations
from leavebot.queries import Q
from leavebot.sandbox.composite import Sandboxes
from leavebot.sandbox.slack import SlackSandbox
from leavebot.slack import SlackClient
from leavebot.slack_catchup import CatchUp, listening_since
from tests.harness import Stack, bot_stack
from tests.test_conversation import ASHA, RAVI, workday
from tests.test_db_outage import own_server, restart  # noqa: F401 (own_server: a fixture)

pytestmark = pytest.mark.anyio
MAYA = "U0MAYA003"


def short_retries(**options: Any) -> SlackSandbox:
    """A sandbox Slack whose deliveries give up after 0.3 s without a connection."""
    return SlackSandbox(ack_timeout=1.0, retry_delays=(0.0, 0.1, 0.2), **options)


@contextlib.asynccontextmanager
async def services(slack: SlackSandbox) -> AsyncIterator[Sandboxes]:
    """Every sandbox service, running while bots come and go."""
    sandboxes = Sandboxes(slack=slack)
    await sandboxes.start()
    try:
        yield sandboxes
    finally:
        await sandboxes.stop()


def prompts(stack: Stack, thread_ts: str) -> list[dict[str, Any]]:
    return [
        m
        for m in stack.bot_messages(thread_ts)
        if any(b.get("type") == "actions" for b in m.get("blocks") or [])
    ]


async def given_up(sandbox: SlackSandbox, ts: str) -> None:
    """Until Slack has given up delivering the message ``ts`` (never delivered)."""

    def lost() -> bool:
        for d in sandbox.event_deliveries():
            if d.payload["event"].get("ts") == ts:
                return d.gave_up and not d.acked
        return False

    await sandbox.wait_for(lost, timeout=5)


# -- subtypes people write ---------------------------------------------------------


async def test_a_file_share_and_a_thread_broadcast_are_read_as_messages(db: Database) -> None:
    async with bot_stack(db) as stack:
        sandbox = stack.sandbox
        sick = sandbox.post_user_message(
            ASHA, f"sick leave {workday(1)}, doctor's note attached", files=["note.pdf"]
        )
        assert sandbox.message(sick)["subtype"] == "file_share"  # type: ignore[index]
        await stack.prompt(sick)
        parent = sandbox.post_user_message(RAVI, "who is around next week?")
        also = sandbox.post_user_message(
            RAVI, f"I'm off {workday(2)}", thread_ts=parent, broadcast=True
        )
        assert sandbox.message(also)["subtype"] == "thread_broadcast"  # type: ignore[index]
        await stack.prompt(parent)
        request = await db.fetchrow(
            "SELECT thread_ts, message_ts FROM leave_requests WHERE message_ts = $1", also
        )
        assert request is not None
        assert request["thread_ts"] == parent


async def test_other_subtypes_are_still_not_people_writing(db: Database) -> None:
    async with bot_stack(db) as stack:
        sandbox = stack.sandbox
        sandbox.post_other_bot_message("leave reminder: book your leave by Friday")
        sandbox.join_channel(MAYA)
        sandbox.set_topic(MAYA, "leave requests only")
        marker = sandbox.post_user_message(MAYA, f"leave {workday(3)}")
        await stack.prompt(marker)
        # only the person's plain message was taken: one request, one stored message
        assert await db.fetchval("SELECT count(*) FROM leave_requests") == 1
        assert await db.fetchval("SELECT count(*) FROM slack_events") == 1
        ours = [m for m in stack.bot_messages() if m["bot_id"] == sandbox.bot_id]
        assert [m["thread_ts"] for m in ours] == [marker]  # its prompt, nothing else


# -- a private leave channel -------------------------------------------------------


async def test_a_private_leave_channel_works_with_the_scopes_and_events_we_ask_for(
    db: Database,
) -> None:
    sandbox = short_retries(private=True)
    async with services(sandbox) as running:
        async with bot_stack(db, sandboxes=running) as stack:
            ts = sandbox.post_user_message(ASHA, f"leave {workday(1)}")
            delivered = sandbox.event_deliveries()[-1]
            assert delivered.payload["event"]["channel_type"] == "group"
            await stack.prompt(ts)
        later = sandbox.post_user_message(RAVI, f"off {workday(2)}")
        await given_up(sandbox, later)
        async with bot_stack(db, sandboxes=running) as stack:
            await stack.prompt(later, timeout=15)  # read back with groups:history
            assert sandbox.calls_to("conversations.history")
            assert all(c.error is None for c in sandbox.calls_to("conversations.history"))


# -- the catch-up ----------------------------------------------------------------------


async def test_messages_posted_while_no_bot_was_connected_are_answered_once(
    db: Database,
) -> None:
    sandbox = short_retries()
    async with services(sandbox) as running:
        async with bot_stack(db, sandboxes=running) as stack:
            first = sandbox.post_user_message(ASHA, f"leave {workday(1)}")
            await stack.prompt(first)  # pending: its thread is read back too
        # every instance is down: Slack tries, then gives up on each of these
        lost = [
            sandbox.post_user_message(RAVI, f"sick leave {workday(2)}"),
            sandbox.post_user_message(MAYA, f"off {workday(3)}, note", files=["note.pdf"]),
        ]
        reply = sandbox.post_user_message(ASHA, f"make it {workday(4)} instead", thread_ts=first)
        for ts in (*lost, reply):
            await given_up(sandbox, ts)
        with capture_logs() as logs:
            async with bot_stack(db, sandboxes=running) as stack:
                for ts in lost:
                    await stack.prompt(ts, timeout=15)
                # the reply in the pending request's thread supersedes it: a new prompt
                query = "SELECT count(*) FROM leave_requests WHERE message_ts = $1"
                await stack.wait_db(query, reply, expect=1, timeout=15)
                await stack.wait_db(
                    "SELECT status FROM leave_requests WHERE message_ts = $1",
                    first,
                    expect="superseded",
                )
                await anyio.sleep(0.5)  # any second answer would show by now
                for ts in lost:
                    assert len(prompts(stack, ts)) == 1
                    assert await db.fetchval(query, ts) == 1
                rows = await db.fetch("SELECT event_id FROM slack_events")
                keys = {r["event_id"] for r in rows}
                assert {f"msg:{sandbox.channel_id}:{ts}" for ts in (first, *lost, reply)} <= keys
    done = [e for e in logs if e["event"] == "slack.catchup_done"]
    assert done
    assert sum(e["stored"] for e in done) == 3
    assert all(e["calls"] >= 1 for e in done)


async def test_a_live_retry_of_a_caught_up_message_is_dropped(db: Database) -> None:
    # Slack's second retry comes 3 s after the first two failed: the bot is back by then
    sandbox = SlackSandbox(ack_timeout=1.0, retry_delays=(0.0, 3.0, 30.0))
    async with services(sandbox) as running:
        async with bot_stack(db, sandboxes=running) as stack:
            await stack.prompt(sandbox.post_user_message(ASHA, f"leave {workday(1)}"))
        ts = sandbox.post_user_message(RAVI, f"sick leave {workday(2)}")
        delivery = sandbox.event_deliveries()[-1]
        async with bot_stack(db, sandboxes=running) as stack:
            await stack.prompt(ts, timeout=15)
            assert not delivery.acked  # read back by the catch-up, before Slack's retry
            await sandbox.wait_for_ack(delivery, timeout=10)
            assert delivery.retry_attempt == 2
            await anyio.sleep(0.5)
            assert len(prompts(stack, ts)) == 1
            query = "SELECT count(*) FROM leave_requests WHERE message_ts = $1"
            assert await db.fetchval(query, ts) == 1


async def test_nothing_older_than_the_window_nor_before_listening_is_read(db: Database) -> None:
    sandbox = short_retries()
    window = {"slack_catchup_window_s": 4.0}
    async with services(sandbox) as running:
        before = sandbox.post_user_message(RAVI, f"leave {workday(2)}")  # before the bot ran
        await given_up(sandbox, before)
        async with bot_stack(db, sandboxes=running, **window) as stack:
            await stack.prompt(sandbox.post_user_message(ASHA, f"leave {workday(1)}"))
            assert prompts(stack, before) == []
        old = sandbox.post_user_message(MAYA, f"leave {workday(3)}")
        await given_up(sandbox, old)
        await anyio.sleep(4.5)  # now older than the window
        fresh = sandbox.post_user_message(RAVI, f"sick leave {workday(3)}")
        await given_up(sandbox, fresh)
        async with bot_stack(db, sandboxes=running, **window) as stack:
            await stack.prompt(fresh, timeout=15)
            await anyio.sleep(0.5)
            assert prompts(stack, old) == []
            assert prompts(stack, before) == []


async def test_the_catch_up_is_paced_and_pages_through_history(db: Database) -> None:
    sandbox = short_retries()
    await sandbox.start()
    client = SlackClient(sandbox.bot_token, sandbox.api_url)
    fed: list[str] = []

    async def feed(event: dict[str, Any], body: dict[str, Any]) -> str:
        fed.append(str(event["ts"]))
        return "ignored"

    try:
        catchup = CatchUp(client.web, db, sandbox.channel_id, feed, calls_per_minute=120)
        await catchup.run("first")  # listening starts now: nothing before is read
        stamps = [sandbox.post_user_message(ASHA, f"message {i}") for i in range(450)]
        for ts in stamps[:3]:
            await db.execute(
                "INSERT INTO bot_threads (channel_id, thread_ts) VALUES ($1, $2)",
                sandbox.channel_id,
                ts,
            )
        started = time.monotonic()
        report = await catchup.run("test")
        elapsed = time.monotonic() - started
        assert fed == stamps  # oldest first, each once (the threads' parents are read once)
        assert report.read == 450
        assert report.threads == 3
        history = sandbox.calls_to("conversations.history")
        assert len(history) == 3  # 3 pages of 200 (the first run had nothing to read)
        assert all(c.args.get("limit") == "200" for c in history)
        assert len(sandbox.calls_to("conversations.replies")) == 3
        assert report.calls == 6
        assert elapsed >= 5 * 0.5 - 0.05  # 6 calls, at most one every 0.5 s
    finally:
        await client.close()
        await sandbox.stop()


def stop_postgres(server: Any) -> None:
    from pgserver._commands import pg_ctl

    pg_ctl(["-w", "-m", "fast", "stop"], pgdata=server.pgdata, user=server.system_user)


async def test_events_slack_gave_up_on_during_a_postgres_outage_are_read_back(
    own_server: Any,  # noqa: F811 (the fixture imported above)
) -> None:
    """The bot stays connected, but cannot store (so never acks) while Postgres is down;
    Slack gives up; once Postgres is back the listener's catch-up reads them."""
    url = own_server.get_uri()
    apply_migrations(url)
    db = await Database.open(url, min_size=1, max_size=8)
    sandbox = SlackSandbox(ack_timeout=0.5, retry_delays=(0.0, 0.2, 0.4))
    try:
        async with services(sandbox) as running, bot_stack(db, sandboxes=running) as stack:
            await stack.prompt(sandbox.post_user_message(ASHA, f"leave {workday(1)}"))
            await anyio.to_thread.run_sync(stop_postgres, own_server)
            ts = sandbox.post_user_message(RAVI, f"sick leave {workday(2)}")
            await given_up(sandbox, ts)
            lost = next(d for d in sandbox.event_deliveries() if d.payload["event"]["ts"] == ts)
            assert lost.failures == ["timeout"] * 4  # sent each time, never acknowledged
            await anyio.to_thread.run_sync(restart, own_server)  # starts it again
            await stack.prompt(ts, timeout=45)
            query = "SELECT count(*) FROM leave_requests WHERE message_ts = $1"
            assert await db.fetchval(query, ts) == 1
    finally:
        await db.close()


async def _with_first_instance_holding_its_row(
    db: Database, channel: str, first_ts: str, second: Callable[[], Awaitable[Any]]
) -> Any:
    """Runs ``second`` while another instance's insert of ``channel``'s listening row is
    made and not yet committed; commits it while ``second`` waits on it."""
    inserted, release = anyio.Event(), anyio.Event()
    results: list[Any] = []

    async def first_instance() -> None:
        async with db.transaction() as tx:
            assert await tx.conn.fetchval(Q.slack_listening_since, channel, first_ts) == first_ts
            inserted.set()
            await release.wait()

    async def second_instance() -> None:
        results.append(await second())

    async with anyio.create_task_group() as tg:
        tg.start_soon(first_instance)
        await inserted.wait()
        tg.start_soon(second_instance)
        await anyio.sleep(0.3)  # the second insert now waits on the first's row
        release.set()
    return results[0]


async def test_two_instances_starting_at_once_both_know_when_listening_began(db: Database) -> None:
    """Seen in a fresh-clone run of test_booking_race: the second instance's insert-or-read
    waited on the first's row, inserted nothing, and read no row (its snapshot predates
    the commit), so the catch-up failed on None. The read is asked once more."""
    first_ts = "1767225600.000000"
    raw = await _with_first_instance_holding_its_row(
        db,
        "C0RACE001",
        first_ts,
        lambda: db.fetchval(Q.slack_listening_since, "C0RACE001", "1767229200.000000"),
    )
    assert raw is None  # the race itself: one statement alone reads nothing
    since = await _with_first_instance_holding_its_row(
        db, "C0RACE002", first_ts, lambda: listening_since(db, "C0RACE002", 1767229200.0)
    )
    assert since == first_ts
