"""Durable channels: delivery after commit only, redelivery, exclusivity, order, crashes."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import anyio
import asyncpg
import pytest
from structlog.testing import capture_logs

from leavebot.channels import Channels, ClaimLostError, Delivery, Inbox
from leavebot.db import Database
from leavebot.messages import Ping
from leavebot.queries import Q
from leavebot.roundtrips import COUNTS, CountingConnection
from tests.conftest import ROOT

pytestmark = pytest.mark.anyio


def ping(seq: int) -> Ping:
    return Ping(seq=seq, sent_at=time.time())


async def collect(
    channels: Channels, n: int, *, limit_s: float = 10.0, **inbox_kw: float
) -> list[int]:
    """Serve the probe inbox until ``n`` pings were handled; return their seqs in order."""
    got: list[int] = []
    inbox = channels.inbox("probe", **inbox_kw)  # type: ignore[arg-type]

    async def handle(delivery: Delivery) -> None:
        assert isinstance(delivery.message, Ping)
        async with delivery.complete():
            got.append(delivery.message.seq)
        if len(got) >= n:
            tg.cancel_scope.cancel()

    with anyio.fail_after(limit_s):
        async with anyio.create_task_group() as tg:
            tg.start_soon(inbox.serve, handle)
    return got


async def test_send_is_delivered_in_send_order(db: Database) -> None:
    channels = Channels(db)
    for seq in range(50):
        await channels.send_now("probe", ping(seq))
    assert await collect(channels, 50, batch=7) == list(range(50))
    done = await db.fetchval("SELECT count(*) FROM mailbox WHERE status = 'done'")
    assert done == 50


async def test_rolled_back_send_is_never_delivered(db: Database) -> None:
    channels = Channels(db)

    class Boom(Exception):
        pass

    with pytest.raises(Boom):
        async with db.transaction() as tx:
            await channels.send(tx, "probe", ping(1))
            raise Boom
    await channels.send_now("probe", ping(2))
    assert await collect(channels, 1) == [2]
    with anyio.move_on_after(0.3):
        assert await collect(channels, 1, limit_s=0.3) == []
    assert await db.fetchval("SELECT count(*) FROM mailbox") == 1


async def test_receiver_is_woken_after_commit_not_by_poll(db: Database) -> None:
    channels = Channels(db)
    got: list[float] = []
    inbox = channels.inbox("probe", poll_interval_s=30.0)

    async def handle(delivery: Delivery) -> None:
        got.append(time.monotonic())
        tg.cancel_scope.cancel()

    with anyio.fail_after(5):
        async with anyio.create_task_group() as tg:
            tg.start_soon(inbox.serve, handle)
            await anyio.sleep(0.2)  # the inbox is now waiting on its 30 s poll
            sent = time.monotonic()
            await channels.send_now("probe", ping(1))
    assert got[0] - sent < 1.0


async def test_handler_that_raises_gets_the_message_again(db: Database) -> None:
    channels = Channels(db)
    await channels.send_now("probe", ping(1))
    await channels.send_now("probe", ping(2))
    seen: list[tuple[int, int]] = []
    inbox = channels.inbox("probe", retry_backoff_s=0.01)

    async def handle(delivery: Delivery) -> None:
        assert isinstance(delivery.message, Ping)
        seen.append((delivery.message.seq, delivery.attempts))
        if delivery.message.seq == 1 and delivery.attempts < 3:
            raise RuntimeError("transient")
        if len(seen) >= 4:
            tg.cancel_scope.cancel()

    with capture_logs() as logs, anyio.fail_after(5):
        async with anyio.create_task_group() as tg:
            tg.start_soon(inbox.serve, handle)
    # Message 1 is retried until it succeeds, and 2 never overtakes it.
    assert seen == [(1, 1), (1, 2), (1, 3), (2, 1)]
    failures = [e for e in logs if e["event"] == "channel.handler_failed"]
    assert len(failures) == 2
    assert failures[0]["actor"] == "probe"
    assert "transient" in failures[0]["error"]


async def test_message_that_always_fails_is_buried(db: Database) -> None:
    channels = Channels(db)
    await channels.send_now("probe", ping(1))
    await channels.send_now("probe", ping(2))
    inbox = channels.inbox("probe", max_attempts=3, retry_backoff_s=0.01)
    handled: list[int] = []

    async def handle(delivery: Delivery) -> None:
        assert isinstance(delivery.message, Ping)
        if delivery.message.seq == 1:
            raise ValueError("poison")
        handled.append(delivery.message.seq)
        tg.cancel_scope.cancel()

    with capture_logs() as logs, anyio.fail_after(5):
        async with anyio.create_task_group() as tg:
            tg.start_soon(inbox.serve, handle)
    assert handled == [2]
    row = await db.fetchrow("SELECT status, attempts, last_error FROM mailbox ORDER BY id LIMIT 1")
    assert row is not None
    assert (row["status"], row["attempts"]) == ("dead", 3)
    assert "poison" in row["last_error"]
    assert any(e["event"] == "channel.message_dead" for e in logs)


async def test_state_change_and_ack_commit_together(db: Database) -> None:
    channels = Channels(db)
    await db.execute("CREATE TABLE handled (seq int)")
    await channels.send_now("probe", ping(7))
    inbox = channels.inbox("probe")
    (delivery,) = await inbox.claim()
    with pytest.raises(RuntimeError):
        async with delivery.complete() as tx:
            await tx.conn.execute("INSERT INTO handled VALUES (7)")
            raise RuntimeError("crash mid-handler")
    assert await db.fetchval("SELECT count(*) FROM handled") == 0
    assert await db.fetchval("SELECT status FROM mailbox") == "claimed"
    async with delivery.complete() as tx:
        await tx.conn.execute("INSERT INTO handled VALUES (7)")
    assert await db.fetchval("SELECT count(*) FROM handled") == 1
    assert await db.fetchval("SELECT status FROM mailbox") == "done"


async def test_expired_claim_comes_back_and_late_ack_rolls_back(db: Database) -> None:
    channels = Channels(db)
    await db.execute("CREATE TABLE handled (seq int)")
    await channels.send_now("probe", ping(1))
    slow = channels.inbox("probe", claim_timeout_s=0.2)
    fast = channels.inbox("probe", claim_timeout_s=30)
    (first,) = await slow.claim()
    assert await fast.claim() == []
    await anyio.sleep(0.3)
    (second,) = await fast.claim()
    assert second.id == first.id
    assert second.attempts == 2
    with pytest.raises(ClaimLostError):
        async with first.complete() as tx:
            await tx.conn.execute("INSERT INTO handled VALUES (1)")
    async with second.complete() as tx:
        await tx.conn.execute("INSERT INTO handled VALUES (1)")
    assert await db.fetchval("SELECT count(*) FROM handled") == 1


async def test_two_receivers_never_both_take_one_message(db: Database) -> None:
    channels = Channels(db)
    for seq in range(300):
        await channels.send_now("probe", ping(seq))
    taken: list[list[int]] = [[], []]

    async def drain(i: int) -> None:
        inbox = channels.inbox("probe", batch=5)
        try:
            while True:
                batch = await inbox.claim()
                if not batch:
                    return
                for delivery in batch:
                    assert isinstance(delivery.message, Ping)
                    taken[i].append(delivery.message.seq)
                    async with delivery.complete():
                        pass
        finally:
            inbox.close()

    async with anyio.create_task_group() as tg:
        tg.start_soon(drain, 0)
        tg.start_soon(drain, 1)
    assert taken[0]
    assert taken[1]
    assert sorted(taken[0] + taken[1]) == list(range(300))
    assert not set(taken[0]) & set(taken[1])


async def test_dedupe_key_drops_a_second_send(db: Database) -> None:
    channels = Channels(db)
    first = await channels.send_now("probe", ping(1), dedupe_key="event-1")
    second = await channels.send_now("probe", ping(1), dedupe_key="event-1")
    assert first is not None
    assert second is None
    assert await db.fetchval("SELECT count(*) FROM mailbox") == 1


async def test_unreadable_payload_is_buried_not_crashing(db: Database) -> None:
    channels = Channels(db)
    await db.execute(
        "INSERT INTO mailbox (recipient, kind, payload) VALUES ('probe', 'martian', '{}'::jsonb)"
    )
    await channels.send_now("probe", ping(3))
    with capture_logs() as logs:
        assert await collect(channels, 1) == [3]
    assert await db.fetchval("SELECT status FROM mailbox WHERE kind = 'martian'") == "dead"
    assert any(e["event"] == "channel.message_unreadable" for e in logs)


async def test_notify_wakes_a_receiver_in_another_hub(db: Database, db_url: str) -> None:
    """A second Channels on its own pool stands for another process."""
    other_db = await Database.open(db_url)
    try:
        receiver = Channels(other_db)
        got: list[int] = []
        inbox = receiver.inbox("probe", poll_interval_s=30.0)

        async def handle(delivery: Delivery) -> None:
            assert isinstance(delivery.message, Ping)
            got.append(delivery.message.seq)
            tg.cancel_scope.cancel()

        with anyio.fail_after(5):
            async with anyio.create_task_group() as tg:
                await tg.start(receiver.listen)
                tg.start_soon(inbox.serve, handle)
                await anyio.sleep(0.2)
                await Channels(db).send_now("probe", ping(9))
        assert got == [9]
    finally:
        await other_db.close()


async def test_cancelled_receiver_releases_its_claims(db: Database) -> None:
    channels = Channels(db)
    for seq in range(5):
        await channels.send_now("probe", ping(seq))
    inbox = channels.inbox("probe", batch=5)
    started = anyio.Event()

    async def handle(delivery: Delivery) -> None:
        started.set()
        await anyio.sleep_forever()

    async with anyio.create_task_group() as tg:
        tg.start_soon(inbox.serve, handle)
        await started.wait()
        tg.cancel_scope.cancel()
    statuses = [r["status"] for r in await db.fetch("SELECT status FROM mailbox ORDER BY id")]
    assert statuses == ["ready"] * 5


async def test_kill_9_of_a_receiving_process_loses_nothing(db: Database, db_url: str) -> None:
    await db.execute("CREATE TABLE handled (seq int NOT NULL, pid int)")
    channels = Channels(db)
    total = 150
    for seq in range(total):
        await channels.send_now("probe", ping(seq))

    def start() -> subprocess.Popen[bytes]:
        return subprocess.Popen(
            [sys.executable, "-m", "tests.channel_worker", db_url, "0.01"],
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )

    kills = 0
    for _ in range(3):
        proc = start()
        try:
            with anyio.fail_after(20):
                while (await db.fetchval("SELECT count(*) FROM handled")) < (kills + 1) * 30:
                    await anyio.sleep(0.02)
        finally:
            os.kill(proc.pid, signal.SIGKILL)
            proc.wait()
        kills += 1
    proc = start()
    try:
        with anyio.fail_after(30):
            while (await db.fetchval("SELECT count(*) FROM handled")) < total:
                await anyio.sleep(0.05)
        await anyio.sleep(1.5)  # a claim lease; any double handling would show now
    finally:
        proc.terminate()
        proc.wait()
    seqs = [r["seq"] for r in await db.fetch("SELECT seq FROM handled ORDER BY seq")]
    assert seqs == list(range(total))
    assert await db.fetchval("SELECT count(DISTINCT pid) FROM handled") >= 2
    left = await db.fetchval("SELECT count(*) FROM mailbox WHERE status <> 'done'")
    assert left == 0


async def test_claims_of_a_dead_process_come_back_at_once(db: Database) -> None:
    channels = Channels(db)
    await channels.send_now("probe", ping(1))
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    import socket

    claimer = f"{socket.gethostname()}:{dead.pid}:probe:deadbeef"
    await db.execute(
        "UPDATE mailbox SET status = 'claimed', claimed_by = $1, attempts = 1,"
        " claimed_until = now() + interval '1 hour'",
        claimer,
    )
    alive = f"{socket.gethostname()}:{os.getpid()}:probe:cafe"
    await db.execute(
        "INSERT INTO mailbox (recipient, kind, payload, status, claimed_by, claimed_until)"
        " VALUES ('probe', 'ping', $1::jsonb, 'claimed', $2, now() + interval '1 hour')",
        ping(2).model_dump(mode="json"),
        alive,
    )
    assert await collect(channels, 1, limit_s=3) == [1]
    # A live claimer (this very process) keeps its claim until the lease ends.
    assert await db.fetchval("SELECT status FROM mailbox WHERE claimed_by = $1", alive) == "claimed"


async def test_keyed_concurrency_keeps_order_per_key_and_runs_keys_side_by_side(
    db: Database,
) -> None:
    channels = Channels(db)
    for seq in range(24):
        await channels.send_now("probe", ping(seq))
    inbox = channels.inbox("probe", batch=24)
    running = 0
    most = 0
    order: dict[int, list[int]] = {0: [], 1: [], 2: []}

    async def handle(delivery: Delivery) -> None:
        nonlocal running, most
        assert isinstance(delivery.message, Ping)
        running += 1
        most = max(most, running)
        await anyio.sleep(0.02)
        order[delivery.message.seq % 3].append(delivery.message.seq)
        running -= 1
        if sum(len(v) for v in order.values()) == 24:
            tg.cancel_scope.cancel()

    def key(message: object) -> int:
        assert isinstance(message, Ping)
        return message.seq % 3

    with anyio.fail_after(5):
        async with anyio.create_task_group() as tg:
            tg.start_soon(lambda: inbox.serve(handle, concurrency=3, key=key))
    assert most == 3
    for k, seqs in order.items():
        assert seqs == list(range(k, 24, 3))
    assert await db.fetchval("SELECT count(*) FROM mailbox WHERE status = 'done'") == 24


async def test_a_failing_key_does_not_hold_back_the_others(db: Database) -> None:
    channels = Channels(db)
    for seq in range(6):
        await channels.send_now("probe", ping(seq))
    inbox = channels.inbox("probe", batch=6, retry_backoff_s=0.01)
    seen: list[tuple[int, int]] = []

    async def handle(delivery: Delivery) -> None:
        assert isinstance(delivery.message, Ping)
        seen.append((delivery.message.seq, delivery.attempts))
        if delivery.message.seq == 0 and delivery.attempts < 2:
            raise RuntimeError("first try of 0 fails")
        if len({s for s, _ in seen}) == 6 and (0, 2) in seen:
            tg.cancel_scope.cancel()

    with capture_logs(), anyio.fail_after(5):
        async with anyio.create_task_group() as tg:
            tg.start_soon(lambda: inbox.serve(handle, concurrency=2, key=lambda m: m.seq % 2))
    first_round = [s for s, a in seen if a == 1]
    # Key 1 (odd) ran in full while key 0 stopped at its failure and came back in order.
    assert {1, 3, 5} <= set(first_round)
    assert [s for s, _ in seen if s % 2 == 0] == [0, 0, 2, 4]
    # 2 and 4 were handed back untried: their attempt count did not grow.
    assert (2, 1) in seen
    assert (4, 1) in seen


async def test_a_slow_key_does_not_hold_back_later_claims(db: Database) -> None:
    """Claiming goes on while one key is slow: the other keys' later messages run."""
    channels = Channels(db)
    await channels.send_now("probe", ping(0))  # key 0: slow
    for seq in range(1, 13):
        await channels.send_now("probe", ping(seq * 2 - 1))  # odd: key 1, fast
    inbox = channels.inbox("probe", batch=4)
    release = anyio.Event()
    fast_done: list[int] = []

    async def handle(delivery: Delivery) -> None:
        assert isinstance(delivery.message, Ping)
        if delivery.message.seq == 0:
            await release.wait()
            return
        fast_done.append(delivery.message.seq)
        if len(fast_done) == 12:
            release.set()

    with anyio.fail_after(5):
        async with anyio.create_task_group() as tg:
            tg.start_soon(lambda: inbox.serve(handle, concurrency=2, key=lambda m: m.seq % 2))
            await release.wait()
            with anyio.fail_after(2):
                while await db.fetchval("SELECT count(*) FROM mailbox WHERE status = 'done'") < 13:
                    await anyio.sleep(0.02)
            tg.cancel_scope.cancel()
    # Twelve fast messages went through in three claims of four while 0 was still running.
    assert fast_done == [seq * 2 - 1 for seq in range(1, 13)]


async def test_coalesce_acks_a_message_a_later_claimed_one_repeats(db: Database) -> None:
    channels = Channels(db)
    for seq in range(5):
        await channels.send_now("probe", ping(seq))
    inbox = channels.inbox("probe", batch=8)
    handled: list[int] = []

    async def handle(delivery: Delivery) -> None:
        assert isinstance(delivery.message, Ping)
        handled.append(delivery.message.seq)

    def even(message: object) -> str | None:
        assert isinstance(message, Ping)
        return "even" if message.seq % 2 == 0 else None

    with anyio.fail_after(5):
        async with anyio.create_task_group() as tg:
            tg.start_soon(lambda: inbox.serve(handle, coalesce=even))
            while await db.fetchval("SELECT count(*) FROM mailbox WHERE status = 'done'") < 5:
                await anyio.sleep(0.02)
            tg.cancel_scope.cancel()
    # 0 and 2 were repeated by 4, claimed with them; the odd ones never coalesce.
    assert handled == [1, 3, 4]


async def test_a_failure_the_outage_kept_from_the_mailbox_is_handed_back_when_it_ends(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A handler fails because Postgres is restarting, and recording the failure fails
    too. The message (and its key's later ones) come back once the database answers,
    not when the claim's lease runs out (five minutes for a syncer; found by
    bench/chaos.py: a sync stuck in 'processing' after a Postgres restart)."""
    channels = Channels(db)
    await channels.send_now("probe", ping(1))
    await channels.send_now("probe", ping(2))
    seen: list[tuple[int, int]] = []
    inbox = channels.inbox("probe", claim_timeout_s=60, retry_backoff_s=0.01, poll_interval_s=0.05)
    real_execute = db.execute
    refused = []

    async def execute(query: str, *args: object) -> str:
        if query == Q.mailbox_release and not refused:
            refused.append(args)
            raise asyncpg.CannotConnectNowError("the database system is shutting down")
        return await real_execute(query, *args)

    monkeypatch.setattr(db, "execute", execute)

    async def handle(delivery: Delivery) -> None:
        assert isinstance(delivery.message, Ping)
        seen.append((delivery.message.seq, delivery.attempts))
        if delivery.attempts == 1 and delivery.message.seq == 1:
            raise OSError("the database system is shutting down")
        if len(seen) >= 3:
            tg.cancel_scope.cancel()

    with anyio.fail_after(10):
        async with anyio.create_task_group() as tg:
            tg.start_soon(inbox.serve, handle)
    assert refused  # the release failed once, as in the outage
    assert seen == [(1, 1), (1, 2), (2, 1)]


async def test_an_inbox_starts_while_postgres_restarts_and_recovers_after(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Postgres refuses the inbox's first query (it is restarting as the process starts):
    the actor starts all the same, instead of failing the whole process's start (found
    by a bench/chaos.py replay: 'failed to start: the database system is shutting down'),
    and serves once the database answers."""
    channels = Channels(db)
    await channels.send_now("probe", ping(1))
    real_fetch = db.fetch
    refused = []

    async def fetch(query: str, *args: object) -> list[asyncpg.Record]:
        if len(refused) < 2:
            refused.append(query)
            raise asyncpg.CannotConnectNowError("the database system is shutting down")
        return await real_fetch(query, *args)

    monkeypatch.setattr(db, "fetch", fetch)
    with capture_logs() as logs:
        got = await collect(channels, 1, limit_s=10, poll_interval_s=0.05)
    assert got == [1]
    assert refused[0] == Q.mailbox_claimers
    assert any(e["event"] == "channel.database_unavailable" for e in logs)


async def _serving(inbox: Inbox) -> None:
    """Until ``inbox`` runs its loop (ready for hand-offs: nothing left to claim)."""
    with anyio.fail_after(5):
        while not inbox.reserve():
            await anyio.sleep(0.005)
    inbox.unreserve()


async def test_a_send_to_a_serving_inbox_here_is_handed_over_without_a_claim(
    db_url: str,
) -> None:
    """The row is inserted claimed by the inbox (attempt 1): no claim statement, no
    NOTIFY; the handler's ack makes it done like any other."""
    db = await Database.open(db_url, connection_class=CountingConnection)
    try:
        channels = Channels(db)
        inbox = channels.inbox("probe", poll_interval_s=30.0)
        got: list[tuple[int, int]] = []

        async def handle(delivery: Delivery) -> None:
            assert isinstance(delivery.message, Ping)
            async with delivery.complete():
                got.append((delivery.message.seq, delivery.attempts))

        async with anyio.create_task_group() as tg:
            tg.start_soon(inbox.serve, handle)
            await _serving(inbox)
            claims = COUNTS.counts["mailbox_claim"]
            for seq in range(5):
                await channels.send_now("probe", ping(seq))
            async with db.transaction() as tx:
                await channels.send(tx, "probe", ping(5))
                await channels.send_many(tx, [("probe", ping(6), None), ("probe", ping(7), None)])
            with anyio.fail_after(5):
                while len(got) < 8:
                    await anyio.sleep(0.01)
            assert COUNTS.counts["mailbox_claim"] == claims
            tg.cancel_scope.cancel()
        assert got == [(seq, 1) for seq in range(8)]
        rows = await db.fetch("SELECT status, attempts, claimed_by FROM mailbox ORDER BY id")
        assert [(r["status"], r["attempts"], r["claimed_by"]) for r in rows] == [
            ("done", 1, inbox.claimer)
        ] * 8
    finally:
        await db.close()


async def test_hand_offs_wait_behind_messages_in_the_mailbox(db: Database) -> None:
    """A full inbox makes sends plain ones; later sends are not handed over before those
    are claimed, so one sender's messages keep their order."""
    channels = Channels(db)
    inbox = channels.inbox("probe", batch=2, poll_interval_s=30.0)
    release = anyio.Event()
    order: list[int] = []

    async def handle(delivery: Delivery) -> None:
        assert isinstance(delivery.message, Ping)
        await release.wait()
        order.append(delivery.message.seq)

    async with anyio.create_task_group() as tg:
        tg.start_soon(inbox.serve, handle)
        await _serving(inbox)
        for seq in range(10):
            await channels.send_now("probe", ping(seq))
        claimed = await db.fetch("SELECT status FROM mailbox ORDER BY id")
        assert [r["status"] for r in claimed][:2] == ["claimed", "claimed"]  # handed over
        assert {r["status"] for r in claimed[2:]} == {"ready"}  # no room: plain sends
        release.set()
        with anyio.fail_after(5):
            while len(order) < 10:
                await anyio.sleep(0.01)
        # Room again and the backlog claimed: the next send is handed over.
        await _serving(inbox)
        await channels.send_now("probe", ping(10))
        with anyio.fail_after(5):
            while len(order) < 11:
                await anyio.sleep(0.01)
        tg.cancel_scope.cancel()
    assert order == list(range(11))
    last = await db.fetchrow("SELECT status, attempts FROM mailbox ORDER BY id DESC LIMIT 1")
    assert last is not None
    assert last["attempts"] == 1


async def test_a_rolled_back_or_dropped_hand_off_gives_its_room_back(db: Database) -> None:
    channels = Channels(db)
    inbox = channels.inbox("probe", batch=1, poll_interval_s=30.0)  # room for two
    got: list[int] = []

    async def handle(delivery: Delivery) -> None:
        assert isinstance(delivery.message, Ping)
        got.append(delivery.message.seq)

    class Boom(Exception):
        pass

    async with anyio.create_task_group() as tg:
        tg.start_soon(inbox.serve, handle)
        await _serving(inbox)
        for _ in range(3):
            with pytest.raises(Boom):
                async with db.transaction() as tx:
                    await channels.send(tx, "probe", ping(99))
                    raise Boom
            await channels.send_now("probe", ping(98), dedupe_key="once")
        assert inbox._reserved == 0
        await channels.send_now("probe", ping(1))
        with anyio.fail_after(5):
            while len(got) < 2:
                await anyio.sleep(0.01)
        tg.cancel_scope.cancel()
    assert got == [98, 1]
    assert await db.fetchval("SELECT count(*) FROM mailbox WHERE status = 'claimed'") == 0


async def test_a_hand_off_to_an_inbox_that_stopped_comes_back_with_the_next(
    db: Database,
) -> None:
    """The sender's commit lands after the inbox stopped: the row stays claimed by it
    until the recipient's next inbox in this process hands it back at start."""
    channels = Channels(db)
    first = channels.inbox("probe", poll_interval_s=30.0)
    got: list[int] = []

    async def handle(delivery: Delivery) -> None:
        assert isinstance(delivery.message, Ping)
        got.append(delivery.message.seq)

    async with db.transaction() as tx, anyio.create_task_group() as tg:
        tg.start_soon(first.serve, handle)
        await _serving(first)
        await channels.send(tx, "probe", ping(7))  # handed to the first inbox
        tg.cancel_scope.cancel()
    row = await db.fetchrow("SELECT status, claimed_by FROM mailbox")
    assert row is not None
    assert (row["status"], row["claimed_by"]) == ("claimed", first.claimer)
    assert got == []
    second = channels.inbox("probe", poll_interval_s=30.0)
    with anyio.fail_after(5):
        async with anyio.create_task_group() as tg:
            tg.start_soon(second.serve, handle)
            while not got:
                await anyio.sleep(0.01)
            tg.cancel_scope.cancel()
    assert got == [7]


async def test_a_held_message_waits_aside_and_a_later_one_makes_it_moot(db: Database) -> None:
    """``hold``: an even ping waits up to the hold for a later even one; the other
    messages of its key go on meanwhile; with none, it is handled once the hold ends."""
    channels = Channels(db)
    inbox = channels.inbox("probe", poll_interval_s=30.0)
    handled: list[tuple[int, float]] = []
    started = time.monotonic()

    async def handle(delivery: Delivery) -> None:
        assert isinstance(delivery.message, Ping)
        handled.append((delivery.message.seq, time.monotonic() - started))

    def even(message: object) -> str | None:
        assert isinstance(message, Ping)
        return "even" if message.seq % 2 == 0 else None

    def hold(message: object) -> float:
        assert isinstance(message, Ping)
        return 0.5 if message.seq < 10 else 0.0

    async with anyio.create_task_group() as tg:
        tg.start_soon(lambda: inbox.serve(handle, key=lambda m: 0, coalesce=even, hold=hold))
        await _serving(inbox)
        await channels.send_now("probe", ping(0))  # held...
        await channels.send_now("probe", ping(1))  # ...while its key's next goes on
        with anyio.fail_after(5):
            while not handled:
                await anyio.sleep(0.01)
        await channels.send_now("probe", ping(12))  # makes 0 moot (no hold itself)
        await channels.send_now("probe", ping(4))  # held, and nothing comes after it
        with anyio.fail_after(5):
            while len(handled) < 3:
                await anyio.sleep(0.01)
        tg.cancel_scope.cancel()
    assert [seq for seq, _ in handled] == [1, 12, 4]
    assert handled[2][1] >= 0.5  # 4 waited its hold out
    done = await db.fetchval("SELECT count(*) FROM mailbox WHERE status = 'done'")
    assert done == 4  # 0 too: acked unhandled


async def test_sends_that_ack_in_the_handlers_transaction(db: Database) -> None:
    """``send_many(acking=)``: the sends ack the delivery, so ``complete()`` adds no ack;
    a lost claim rolls everything back; a send dropped by its dedupe key still acks."""
    channels = Channels(db)
    await db.execute("CREATE TABLE handled (seq int)")
    await channels.send_now("probe", ping(1))
    await channels.send_now("probe", ping(2))
    inbox = channels.inbox("probe")
    first, second = await inbox.claim()
    async with first.complete() as tx:
        await tx.conn.execute("INSERT INTO handled VALUES (1)")
        sent = await channels.send_many(
            tx, [("tracker", ping(10), "once"), ("tracker", ping(11), None)], acking=first
        )
        assert len(sent) == 2
    assert first.acked
    statuses = await db.fetch("SELECT recipient, status FROM mailbox ORDER BY id")
    assert [(r["recipient"], r["status"]) for r in statuses] == [
        ("probe", "done"),
        ("probe", "claimed"),
        ("tracker", "ready"),
        ("tracker", "ready"),
    ]
    # Another receiver took the second message meanwhile: nothing of this handler stays.
    await db.execute("UPDATE mailbox SET claimed_by = 'someone else' WHERE id = $1", second.id)
    with pytest.raises(ClaimLostError):
        async with second.complete() as tx:
            await tx.conn.execute("INSERT INTO handled VALUES (2)")
            await channels.send_many(tx, [("tracker", ping(12), None)], acking=second)
    assert await db.fetchval("SELECT count(*) FROM handled") == 1
    assert await db.fetchval("SELECT count(*) FROM mailbox WHERE recipient = 'tracker'") == 2
    # Every send dropped by its dedupe key: the delivery is acked all the same.
    await db.execute("UPDATE mailbox SET claimed_by = $1 WHERE id = $2", inbox.claimer, second.id)
    async with second.complete() as tx:
        assert await channels.send_many(tx, [("tracker", ping(13), "once")], acking=second) == []
    assert await db.fetchval("SELECT status FROM mailbox WHERE id = $1", second.id) == "done"


async def test_held_messages_take_no_room_from_the_others(db: Database) -> None:
    """However many wait aside, the inbox's room is left for the messages to handle now."""
    channels = Channels(db)
    inbox = channels.inbox("probe", batch=2, poll_interval_s=30.0)  # room for two
    handled: list[int] = []

    async def handle(delivery: Delivery) -> None:
        assert isinstance(delivery.message, Ping)
        handled.append(delivery.message.seq)

    def own(message: object) -> int | None:
        assert isinstance(message, Ping)
        return message.seq if message.seq < 100 else None

    async with anyio.create_task_group() as tg:
        tg.start_soon(lambda: inbox.serve(handle, coalesce=own, hold=lambda m: 30.0))
        await _serving(inbox)
        for seq in range(6):  # each waits aside for a later one of its own: none comes
            await channels.send_now("probe", ping(seq))
        with anyio.fail_after(5):
            while len(inbox._parked) < 6:
                await anyio.sleep(0.01)
        for seq in (100, 101, 102):
            await channels.send_now("probe", ping(seq))
        with anyio.fail_after(5):
            while len(handled) < 3:
                await anyio.sleep(0.01)
        tg.cancel_scope.cancel()
    assert handled == [100, 101, 102]
    # Stopped: those held aside go back to the mailbox untried.
    statuses = await db.fetch("SELECT status, attempts FROM mailbox ORDER BY id LIMIT 6")
    assert {(r["status"], r["attempts"]) for r in statuses} == {("ready", 0)}


async def test_a_claim_acks_the_handled_messages_in_the_same_statement(db: Database) -> None:
    channels = Channels(db)
    for seq in range(3):
        await channels.send_now("probe", ping(seq))
    inbox = channels.inbox("probe")
    (first,) = await inbox.claim(limit=1)
    lost = Delivery(first.id + 100, first.message, 1, inbox)  # never claimed by this inbox
    with capture_logs() as logs:
        rest = await inbox.claim(acking=[first, lost])
    assert [d.id for d in rest] == [first.id + 1, first.id + 2]
    assert first.acked
    assert not lost.acked
    assert [e["event"] for e in logs] == ["channel.claim_lost"]
    statuses = [r["status"] for r in await db.fetch("SELECT status FROM mailbox ORDER BY id")]
    assert statuses == ["done", "claimed", "claimed"]
