"""Durable typed channels between actors, backed by the ``mailbox`` table.

``send`` inserts a row inside the caller's transaction; the receiver is woken
only after that transaction commits (an in-memory wake in this process, a
``NOTIFY`` for other processes, and a slow poll as a safety net). A receiver
claims rows oldest first with ``FOR UPDATE SKIP LOCKED`` under a lease
(``claimed_until``); its handler's state change and the ack commit in one
transaction (``Delivery.complete``). A handler that raises hands the message
back; a crashed process's claims come back when their lease runs out; a
message that keeps failing is buried (status ``dead``) with its last error.
Handlers must therefore be idempotent: a message can be delivered again.
"""

from __future__ import annotations

import contextlib
import os
import socket
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Hashable
from dataclasses import dataclass, field

import anyio
import anyio.abc
import asyncpg
import structlog
from pydantic import ValidationError

from leavebot.db import DB_UNAVAILABLE, Database, Tx, connect
from leavebot.errors import ChannelError, UnknownMessageError
from leavebot.messages import MESSAGE_ADAPTER, ActorName, Message
from leavebot.queries import Q
from leavebot.types import MessageId

log = structlog.get_logger(__name__)

NOTIFY_CHANNEL = "leavebot_mailbox"
OUTAGE_WAIT_S = 0.5
OUTAGE_WAIT_MAX_S = 5.0
Handler = Callable[["Delivery"], Awaitable[None]]
KeyFn = Callable[[Message], Hashable]


class ClaimLostError(ChannelError):
    """The lease ran out and another receiver took the message: the work is rolled back."""


def _claimer_id(recipient: str) -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{recipient}:{uuid.uuid4().hex[:8]}"


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def claimer_is_dead(claimer: str) -> bool:
    """Whether ``claimer`` names a process of this host that no longer runs."""
    host, _, rest = claimer.partition(":")
    pid_text = rest.partition(":")[0]
    if host != socket.gethostname() or not pid_text.isdigit():
        return False
    pid = int(pid_text)
    return pid != os.getpid() and not _pid_alive(pid)


class _Wake:
    """A level-triggered in-memory wake-up: many signals before a wait count as one.

    The event is renewed after each wait and before the next claim, so a signal
    that lands in between is either seen by that claim or wakes the next wait.
    """

    def __init__(self) -> None:
        self._event = anyio.Event()

    def signal(self) -> None:
        self._event.set()

    async def wait(self, limit_s: float) -> None:
        with anyio.move_on_after(limit_s):
            await self._event.wait()
        self._event = anyio.Event()


class Channels:
    """One process's end of the mailbox: sending, inboxes, and the LISTEN connection."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self._wakes: dict[str, list[_Wake]] = {}

    async def send(
        self, tx: Tx, recipient: ActorName, message: Message, *, dedupe_key: str | None = None
    ) -> MessageId | None:
        """Queue ``message`` for ``recipient`` inside ``tx``; wake it after commit.

        With a ``dedupe_key`` a second send of the same key to the same recipient
        is dropped and ``None`` is returned.
        """
        row = await tx.conn.fetchrow(
            Q.mailbox_send, recipient, message.kind, message.model_dump(mode="json"), dedupe_key
        )
        if row is None:
            return None
        tx.after_commit(lambda: self.wake(recipient))
        return MessageId(row["id"])

    async def send_now(
        self, recipient: ActorName, message: Message, *, dedupe_key: str | None = None
    ) -> MessageId | None:
        """``send`` on its own: one autocommitted statement, then the wake."""
        row = await self.db.fetchrow(
            Q.mailbox_send, recipient, message.kind, message.model_dump(mode="json"), dedupe_key
        )
        if row is None:
            return None
        self.wake(recipient)
        return MessageId(row["id"])

    def wake(self, recipient: str) -> None:
        for wake in self._wakes.get(recipient, ()):
            wake.signal()

    def inbox(
        self,
        recipient: ActorName,
        *,
        batch: int = 32,
        claim_timeout_s: float = 60.0,
        poll_interval_s: float = 1.0,
        max_attempts: int = 10,
        retry_backoff_s: float = 0.2,
    ) -> Inbox:
        wake = _Wake()
        self._wakes.setdefault(recipient, []).append(wake)
        return Inbox(
            self,
            recipient,
            wake,
            batch=batch,
            claim_timeout_s=claim_timeout_s,
            poll_interval_s=poll_interval_s,
            max_attempts=max_attempts,
            retry_backoff_s=retry_backoff_s,
        )

    def _forget(self, inbox: Inbox) -> None:
        wakes = self._wakes.get(inbox.recipient, [])
        if inbox._wake in wakes:
            wakes.remove(inbox._wake)

    def _on_notify(self, _conn: object, _pid: int, _channel: str, payload: object) -> None:
        self.wake(str(payload))

    async def listen(
        self,
        *,
        reconnect_backoff_s: float = 0.5,
        task_status: anyio.abc.TaskStatus[None] = anyio.TASK_STATUS_IGNORED,
    ) -> None:
        """Hold a LISTEN connection so sends from other processes wake our inboxes.

        Reconnects after a drop (the poll covers the gap) and wakes every inbox
        once reconnected, since notifications sent meanwhile were lost.
        """
        started = False
        while True:
            conn: asyncpg.Connection | None = None
            try:
                conn = await connect(self.db.url)
                lost = anyio.Event()
                conn.add_termination_listener(lambda _conn, lost=lost: lost.set())
                await conn.add_listener(NOTIFY_CHANNEL, self._on_notify)
                for recipient in list(self._wakes):
                    self.wake(recipient)
                if not started:
                    task_status.started()
                    started = True
                log.info("channels.listening")
                await lost.wait()
                log.warning("channels.listen_lost")
            except (OSError, asyncpg.PostgresError, asyncpg.InterfaceError) as exc:
                log.warning("channels.listen_failed", error=str(exc))
            finally:
                if conn is not None and not conn.is_closed():
                    with anyio.CancelScope(shield=True):
                        with contextlib.suppress(Exception):
                            await conn.close(timeout=2)
            await anyio.sleep(reconnect_backoff_s)


@dataclass
class Delivery:
    """One claimed message, to be handled and acknowledged exactly once."""

    id: MessageId
    message: Message
    attempts: int
    inbox: Inbox
    acked: bool = field(default=False)

    @contextlib.asynccontextmanager
    async def complete(self) -> AsyncIterator[Tx]:
        """A transaction in which the handler writes its state; the ack commits with it.

        If the claim was lost (lease expired and another receiver took the
        message), ``ClaimLostError`` is raised and everything rolls back.
        """
        async with self.inbox.channels.db.transaction() as tx:
            yield tx
            acked = await tx.conn.fetchval(Q.mailbox_ack, self.id, self.inbox.claimer)
            if acked is None:
                raise ClaimLostError(f"message {self.id} is no longer claimed by this receiver")
        self.acked = True


class Inbox:
    """The receiving end of one actor's channel."""

    def __init__(
        self,
        channels: Channels,
        recipient: ActorName,
        wake: _Wake,
        *,
        batch: int,
        claim_timeout_s: float,
        poll_interval_s: float,
        max_attempts: int,
        retry_backoff_s: float,
    ) -> None:
        self.channels = channels
        self.recipient = recipient
        self.claimer = _claimer_id(recipient)
        self._wake = wake
        self.batch = batch
        self.claim_timeout_s = claim_timeout_s
        self.poll_interval_s = poll_interval_s
        self.max_attempts = max_attempts
        self.retry_backoff_s = retry_backoff_s

    async def recover(self) -> int:
        """Hand back the claims of dead processes of this host at once.

        Without this a killed process's messages would wait for their lease to
        run out; on another host the lease is what brings them back.
        """
        released = 0
        for row in await self.channels.db.fetch(Q.mailbox_claimers, self.recipient):
            claimer = str(row["claimed_by"])
            if claimer_is_dead(claimer):
                status = await self.channels.db.execute(Q.mailbox_release_all, claimer)
                count = int(status.split()[-1]) if status.startswith("UPDATE") else 0
                released += count
                log.info("channel.claims_recovered", actor=self.recipient, count=count)
        return released

    async def claim(self) -> list[Delivery]:
        """Claim the next deliverable messages, oldest first (an empty list when none)."""
        async with self.channels.db.lazy.acquire() as conn:
            rows = await conn.fetch(
                Q.mailbox_claim, self.recipient, self.claimer, self.batch, self.claim_timeout_s
            )
        out: list[Delivery] = []
        for row in sorted(rows, key=lambda r: int(r["id"])):
            mid = MessageId(row["id"])
            try:
                message = MESSAGE_ADAPTER.validate_python(row["payload"])
            except ValidationError as exc:
                error = UnknownMessageError(f"message {mid} ({row['kind']}) is unreadable: {exc}")
                log.error("channel.message_unreadable", message_id=mid, kind=row["kind"])
                await self.channels.db.execute(Q.mailbox_bury, mid, self.claimer, str(error))
                continue
            out.append(Delivery(mid, message, int(row["attempts"]), self))
        return out

    async def unclaim(self, deliveries: list[Delivery]) -> None:
        """Hand back claimed messages that were never attempted, attempts unchanged."""
        ids = [d.id for d in deliveries if not d.acked]
        if ids:
            async with self.channels.db.lazy.acquire() as conn:
                await conn.execute(Q.mailbox_unclaim, ids, self.claimer)

    async def ack(self, deliveries: list[Delivery]) -> None:
        """Acknowledge handled messages whose handlers wrote no state, in one statement."""
        ids = [d.id for d in deliveries if not d.acked]
        if not ids:
            return
        async with self.channels.db.lazy.acquire() as conn:
            rows = await conn.fetch(Q.mailbox_ack_many, ids, self.claimer)
        acked = {int(r["id"]) for r in rows}
        for d in deliveries:
            if d.id in acked:
                d.acked = True
            elif not d.acked:
                log.warning("channel.claim_lost", actor=self.recipient, message_id=d.id)

    async def wait(self) -> None:
        """Until woken (a send committed) or the poll interval passes."""
        await self._wake.wait(self.poll_interval_s)

    def close(self) -> None:
        self.channels._forget(self)

    async def serve(
        self,
        handler: Handler,
        *,
        concurrency: int = 1,
        key: KeyFn | None = None,
        task_status: anyio.abc.TaskStatus[None] = anyio.TASK_STATUS_IGNORED,
    ) -> None:
        """Claim and handle messages until cancelled.

        With ``concurrency`` 1 (the default) messages are handled one by one in
        send order. With more, and a ``key`` function, messages of different
        keys are handled side by side (at most ``concurrency`` at once) while
        messages of one key keep their send order. A handler that wrote its
        state through ``Delivery.complete`` has acked already; the others are
        acked together once their batch is through. A failed message holds back
        only the later messages of its own key.
        """
        await self.recover()
        task_status.started()
        batch: list[Delivery] = []
        state: dict[int, str] = {}
        limiter = anyio.CapacityLimiter(max(1, concurrency))
        failed = False

        async def run_group(group: list[Delivery]) -> None:
            nonlocal failed
            async with limiter:
                for delivery in group:
                    state[delivery.id] = "running"
                    if await self._handle(handler, delivery):
                        state[delivery.id] = "done"
                        continue
                    state[delivery.id] = "failed"
                    failed = True
                    rest = [d for d in group if state[d.id] == "pending"]
                    for d in rest:
                        state[d.id] = "unclaimed"
                    with contextlib.suppress(*DB_UNAVAILABLE):
                        await self.unclaim(rest)
                    return

        outage_wait = OUTAGE_WAIT_S
        try:
            while True:
                try:
                    batch = await self.claim()
                    if not batch:
                        await self.wait()
                        continue
                    state = {d.id: "pending" for d in batch}
                    failed = False
                    groups = self._groups(batch, key if concurrency > 1 else None)
                    if len(groups) == 1:
                        await run_group(groups[0])
                    else:
                        async with anyio.create_task_group() as tg:
                            for group in groups:
                                tg.start_soon(run_group, group)
                    await self.ack([d for d in batch if state[d.id] == "done"])
                    batch = []
                    outage_wait = OUTAGE_WAIT_S
                    if failed:
                        await anyio.sleep(self.retry_backoff_s)
                except DB_UNAVAILABLE as exc:
                    # Postgres is restarting or unreachable: wait, never crash the actor.
                    # What was claimed comes back by its lease (or is handed back below).
                    log.warning(
                        "channel.database_unavailable",
                        actor=self.recipient,
                        error=str(exc),
                        retry_in_s=outage_wait,
                    )
                    await anyio.sleep(outage_wait)
                    outage_wait = min(outage_wait * 2, OUTAGE_WAIT_MAX_S)
                    with contextlib.suppress(*DB_UNAVAILABLE):
                        await self.unclaim([d for d in batch if state.get(d.id) == "pending"])
                    batch = []
        finally:
            with (
                anyio.CancelScope(shield=True),
                anyio.move_on_after(5),
                contextlib.suppress(Exception),
            ):
                await self.ack([d for d in batch if state.get(d.id) == "done"])
                # Those being handled were attempted; the rest were not.
                for d in batch:
                    if state.get(d.id) == "running":
                        await self.channels.db.execute(
                            Q.mailbox_release, d.id, self.claimer, "receiver stopped"
                        )
                await self.unclaim([d for d in batch if state.get(d.id) == "pending"])
            self.close()

    @staticmethod
    def _groups(batch: list[Delivery], key: KeyFn | None) -> list[list[Delivery]]:
        """The batch split by key, each group in send order (one group without a key)."""
        if key is None:
            return [batch]
        groups: dict[Hashable, list[Delivery]] = {}
        for delivery in batch:
            groups.setdefault(key(delivery.message), []).append(delivery)
        return list(groups.values())

    async def _handle(self, handler: Handler, delivery: Delivery) -> bool:
        context = {
            "actor": self.recipient,
            "message_id": delivery.id,
            "message_kind": delivery.message.kind,
        }
        dlog = log.bind(**context)
        with structlog.contextvars.bound_contextvars(**context):
            try:
                await handler(delivery)
            except Exception as exc:
                error = f"{type(exc).__name__}: {exc}"[:500]
                try:
                    if delivery.attempts >= self.max_attempts:
                        dlog.error("channel.message_dead", attempts=delivery.attempts, error=error)
                        await self.channels.db.execute(
                            Q.mailbox_bury, delivery.id, self.claimer, error
                        )
                    else:
                        dlog.warning(
                            "channel.handler_failed", attempts=delivery.attempts, error=error
                        )
                        await self.channels.db.execute(
                            Q.mailbox_release, delivery.id, self.claimer, error
                        )
                except DB_UNAVAILABLE as db_exc:
                    # The claim's lease brings the message back once the database is.
                    dlog.warning("channel.database_unavailable", error=str(db_exc))
                return False
            return True
