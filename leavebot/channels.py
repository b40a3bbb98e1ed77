"""Durable typed channels between actors, backed by the ``mailbox`` table.

``send`` inserts a row inside the caller's transaction; the receiver is woken
only after that transaction commits (an in-memory wake in this process, a
``NOTIFY`` for other processes, and a slow poll as a safety net). A receiver
claims rows oldest first with ``FOR UPDATE SKIP LOCKED`` under a lease
(``claimed_until``); its handler's state change and the ack commit in one
transaction (``Delivery.complete``). A handler that raises hands the message
back (when Postgres is away at that moment, as soon as it answers again); a
crashed process's claims come back when their lease runs out (at once on the
same host); a message that keeps failing is buried (status ``dead``) with its
last error.
Handlers must therefore be idempotent: a message can be delivered again.

Round trips are what a message costs, so the common shapes need one
statement, not a transaction: ``Delivery.forward`` acks and sends on,
``Delivery.complete_with`` runs a named ``..._and_ack`` query that writes the
handler's state and acks together (sending too, if it says so),
``Channels.send_for_event`` stores a Slack event id with the message it leads
to, ``send_many(acking=)`` acks with a transaction's last sends, and handlers
that write nothing are acked in batches (with the next claim, or within
``ack_delay_s``). A send to an inbox of the same process that has room is
handed over already claimed (see ``Channels``): no claim, no NOTIFY. An
inbox claims only when something may have been sent, and ignores the NOTIFY
of its own process's sends.

The module is past 800 lines on purpose: the sending end (``Channels``,
``Delivery``'s sends) and the receiving end (``Inbox``) share the hand-off
(a send reserves room in an inbox, inserts the row claimed by it, and lands
in its queue on commit), and split apart they would import each other.
"""

from __future__ import annotations

import contextlib
import functools
import os
import socket
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Hashable, Sequence
from dataclasses import dataclass, field
from typing import Any

import anyio
import anyio.abc
import asyncpg
import structlog
from pydantic import ValidationError

from leavebot.db import DB_UNAVAILABLE, Database, Tx, hold_listen
from leavebot.errors import ChannelError, UnknownMessageError
from leavebot.messages import MESSAGE_ADAPTER, ActorName, Message
from leavebot.queries import Q
from leavebot.types import MessageId

log = structlog.get_logger(__name__)

NOTIFY_CHANNEL = "leavebot_mailbox"
OUTAGE_WAIT_S = 0.5
PARKED_ROOMS = 4
"""Messages held aside (``Inbox.serve(hold=)``), at most, in rooms of the inbox: beyond,
one is handled at once."""
OUTAGE_WAIT_MAX_S = 5.0
Handler = Callable[["Delivery"], Awaitable[None]]
KeyFn = Callable[[Message], Hashable]
CoalesceFn = Callable[[Message], Hashable | None]
HoldFn = Callable[[Message], float]


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
    ``sent`` also says that the mailbox may hold something new for the inbox:
    only then is claiming worth a round trip (a handler finishing only wakes
    the loop to start the next one). The inbox's poll (a wait that runs out
    with no wake at all) counts as sent, the safety net for a wake-up lost.
    """

    def __init__(self) -> None:
        self._event = anyio.Event()
        self.maybe_sent = True

    def signal(self) -> None:
        self._event.set()

    def sent(self) -> None:
        self.maybe_sent = True
        self._event.set()

    def take_sent(self) -> bool:
        """Whether something may have been sent since the last call (and forget it)."""
        maybe, self.maybe_sent = self.maybe_sent, False
        return maybe

    async def wait(self, limit_s: float) -> bool:
        """Until signalled (True) or ``limit_s`` passes (False)."""
        with anyio.move_on_after(limit_s) as scope:
            await self._event.wait()
        self._event = anyio.Event()
        return not scope.cancelled_caught


class Channels:
    """One process's end of the mailbox: sending, inboxes, and the LISTEN connection.

    A send to an actor whose inbox runs in this process and has room is handed
    to it directly: the row is inserted already claimed by that inbox (under
    its lease, attempt 1) and, once committed, put in its queue, so the
    receiver needs no claim round trip and nobody needs a NOTIFY. It is as
    durable as any send (the row commits with the sender's transaction) and
    comes back like any claim if this process dies (``recover``, or the
    lease). An inbox takes no hand-off while older messages may wait for it in
    the mailbox, so one sender's messages keep their order.
    """

    def __init__(self, db: Database) -> None:
        self.db = db
        self._inboxes: dict[str, list[Inbox]] = {}
        self._closed: dict[str, set[str]] = {}  # claimers of inboxes here that stopped

    def _taker(self, recipient: str) -> Inbox | None:
        """A local inbox of ``recipient`` that reserved room for one hand-off, if any."""
        for inbox in self._inboxes.get(recipient, ()):
            if inbox.reserve():
                return inbox
        return None

    def _landed(
        self, recipient: str, taker: Inbox | None, mid: MessageId, message: Message
    ) -> None:
        """A send committed: hand it to ``taker``, or wake the recipient's inboxes."""
        if taker is None:
            self.wake(recipient)
        else:
            taker.take(Delivery(mid, message, 1, taker))

    async def _insert(
        self,
        fetchrow: Callable[..., Awaitable[Any]],
        recipient: ActorName,
        message: Message,
        dedupe_key: str | None,
    ) -> tuple[Inbox | None, MessageId | None]:
        """One send's mailbox row (``mailbox_send`` through ``fetchrow``): the inbox here
        that takes it, if one has room (reserved), and its id (None: deduplicated, and
        the room given back)."""
        taker = self._taker(recipient)
        try:
            row = await fetchrow(
                Q.mailbox_send,
                recipient,
                message.kind,
                message.model_dump(mode="json"),
                dedupe_key,
                *_handoff(taker),
            )
        except BaseException:
            _unreserve(taker)
            raise
        if row is None:
            _unreserve(taker)
            return taker, None
        return taker, MessageId(row["id"])

    async def send(
        self, tx: Tx, recipient: ActorName, message: Message, *, dedupe_key: str | None = None
    ) -> MessageId | None:
        """Queue ``message`` for ``recipient`` inside ``tx``; wake it after commit.

        With a ``dedupe_key`` a second send of the same key to the same recipient
        is dropped and ``None`` is returned.
        """
        taker, mid = await self._insert(tx.conn.fetchrow, recipient, message, dedupe_key)
        if mid is None:
            return None
        tx.after_commit(functools.partial(self._landed, recipient, taker, mid, message))
        if taker is not None:
            tx.after_rollback(taker.unreserve)
        return mid

    async def send_many(
        self,
        tx: Tx,
        items: Sequence[tuple[ActorName, Message, str | None]],
        *,
        acking: Delivery | None = None,
    ) -> list[MessageId]:
        """``send`` of several ``(recipient, message, dedupe_key)`` in one statement.

        The ids of the messages queued (those a dedupe key dropped are left out).
        With ``acking`` (whose ``complete()`` transaction ``tx`` is) the same
        statement acks that delivery, and ``complete()`` needs no ack of its own;
        ``ClaimLostError`` when its claim was lost.
        """
        if not items:
            return []
        takers = [self._taker(recipient) for recipient, _, _ in items]
        args: list[Any] = [
            [recipient for recipient, _, _ in items],
            [message.kind for _, message, _ in items],
            [message.model_dump_json() for _, message, _ in items],
            [dedupe for _, _, dedupe in items],
            [_handoff(taker)[0] for taker in takers],
            [_handoff(taker)[1] for taker in takers],
        ]
        try:
            if acking is None:
                rows = await tx.conn.fetch(Q.mailbox_send_many, *args)
            else:
                inbox = acking.inbox
                rows = await tx.conn.fetch(
                    Q.mailbox_send_many_and_ack, *args, acking.id, inbox.claimer
                )
                if not rows:
                    raise ClaimLostError(f"message {acking.id} is no longer claimed by its inbox")
                acking.ack_in_tx = True
                rows = [r for r in rows if r["id"] is not None]
        except BaseException:
            for taker in takers:
                _unreserve(taker)
            raise
        # Rows come in the items' order (ids are drawn in it); a dropped item has none.
        found = iter(sorted(rows, key=lambda r: int(r["id"])))
        row = next(found, None)
        out: list[MessageId] = []
        for (recipient, message, dedupe), taker in zip(items, takers, strict=True):
            if row is None or row["recipient"] != recipient or row["dedupe_key"] != dedupe:
                _unreserve(taker)  # dropped by its dedupe key
                continue
            mid = MessageId(row["id"])
            out.append(mid)
            tx.after_commit(functools.partial(self._landed, recipient, taker, mid, message))
            if taker is not None:
                tx.after_rollback(taker.unreserve)
            row = next(found, None)
        return out

    async def send_now(
        self, recipient: ActorName, message: Message, *, dedupe_key: str | None = None
    ) -> MessageId | None:
        """``send`` on its own: one autocommitted statement, then the wake."""
        taker, mid = await self._insert(self.db.fetchrow, recipient, message, dedupe_key)
        if mid is None:
            return None
        self._landed(recipient, taker, mid, message)
        return mid

    async def send_for_event(
        self,
        event_id: str,
        event_kind: str,
        recipient: ActorName,
        message: Message,
        *,
        channel: str | None = None,
        message_ts: str | None = None,
        alias: str | None = None,
    ) -> MessageId | None:
        """Remember Slack event ``event_id`` and queue ``message``: both or neither.

        One autocommitted statement (the listener's store-before-ack); ``None``
        when the event was taken before, and then nothing is sent. A message
        names its ``channel`` and ``message_ts`` (the newest is where a catch-up
        starts); ``alias`` is another key it may have been taken under before
        (the Slack event id it came with).
        """
        taker = self._taker(recipient)
        try:
            row = await self.db.fetchrow(
                Q.event_store_and_send,
                event_id,
                event_kind,
                recipient,
                message.kind,
                message.model_dump(mode="json"),
                channel,
                message_ts,
                alias,
                *_handoff(taker),
            )
        except BaseException:
            _unreserve(taker)
            raise
        if row is None:
            _unreserve(taker)
            return None
        mid = MessageId(row["id"])
        self._landed(recipient, taker, mid, message)
        return mid

    def wake(self, recipient: str) -> None:
        """Something was sent to ``recipient``: its inboxes here claim again."""
        for inbox in self._inboxes.get(recipient, ()):
            inbox._wake.sent()

    def inbox(
        self,
        recipient: ActorName,
        *,
        batch: int = 32,
        claim_timeout_s: float = 60.0,
        poll_interval_s: float = 1.0,
        max_attempts: int = 10,
        retry_backoff_s: float = 0.2,
        ack_delay_s: float = 0.2,
    ) -> Inbox:
        inbox = Inbox(
            self,
            recipient,
            _Wake(),
            batch=batch,
            claim_timeout_s=claim_timeout_s,
            poll_interval_s=poll_interval_s,
            max_attempts=max_attempts,
            retry_backoff_s=retry_backoff_s,
            ack_delay_s=ack_delay_s,
        )
        self._inboxes.setdefault(recipient, []).append(inbox)
        return inbox

    def _forget(self, inbox: Inbox) -> None:
        inboxes = self._inboxes.get(inbox.recipient, [])
        if inbox in inboxes:
            inboxes.remove(inbox)
            self._closed.setdefault(inbox.recipient, set()).add(inbox.claimer)

    def _on_notify(self, _conn: object, _pid: int, _channel: str, payload: object) -> None:
        recipient, _, sender = str(payload).partition(" ")
        if sender and sender == self.db.tag:
            return  # our own send: its inbox here was woken after the commit
        self.wake(recipient)

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
        await hold_listen(
            self.db.url,
            NOTIFY_CHANNEL,
            self._on_notify,
            on_up=self._wake_all,
            reconnect_backoff_s=reconnect_backoff_s,
            task_status=task_status,
        )

    def _wake_all(self) -> None:
        for recipient in list(self._inboxes):
            self.wake(recipient)


def _handoff(taker: Inbox | None) -> tuple[str | None, float | None]:
    """A send's claimer and lease parameters: the taker's, or none (a plain send)."""
    if taker is None:
        return None, None
    return taker.claimer, taker.claim_timeout_s


def _unreserve(taker: Inbox | None) -> None:
    if taker is not None:
        taker.unreserve()


@dataclass
class Delivery:
    """One claimed message, to be handled and acknowledged exactly once."""

    id: MessageId
    message: Message
    attempts: int
    inbox: Inbox
    acked: bool = field(default=False)
    held: bool = field(default=False)  # waited already for a later one to make it moot
    ack_in_tx: bool = field(default=False)  # a statement of complete()'s transaction acked

    @contextlib.asynccontextmanager
    async def complete(self) -> AsyncIterator[Tx]:
        """A transaction in which the handler writes its state; the ack commits with it.

        If the claim was lost (lease expired and another receiver took the
        message), ``ClaimLostError`` is raised and everything rolls back.
        """
        self.ack_in_tx = False
        async with self.inbox.channels.db.transaction() as tx:
            yield tx
            if not self.ack_in_tx:  # else a send of the handler's acked already
                acked = await tx.conn.fetchval(Q.mailbox_ack, self.id, self.inbox.claimer)
                if acked is None:
                    raise ClaimLostError(f"message {self.id} is no longer claimed by this receiver")
        self.acked = True

    async def complete_with(
        self,
        query: str,
        *args: Any,
        send: tuple[ActorName, Message, str | None] | None = None,
        must_ack: bool = True,
    ) -> asyncpg.Record:
        """Run ``query``, which writes the handler's state and acks this message at once.

        Such a query (named ``..._and_ack``) takes the message id and claimer as
        its last two parameters and returns a row, with a non-null ``acked``, only
        when it acked; no row means the claim was lost and nothing was written
        (``ClaimLostError``). One statement instead of a transaction's four.

        A query that also queues a message takes ``send`` = (recipient, message,
        dedupe key): before the id and claimer it then gets the recipient, kind,
        payload and dedupe key, and the hand-off claimer and lease (see
        ``Channels``), and says with a non-null ``sent`` column that it queued it.

        With ``must_ack`` false the query may also decline to ack (its row then
        has a null ``acked``, and nothing was sent): the row comes back as it is,
        for a handler whose query acks only when what it found was as expected.
        """
        inbox = self.inbox
        channels = inbox.channels
        taker: Inbox | None = None
        tail: tuple[Any, ...] = ()
        if send is not None:
            recipient, message, dedupe = send
            taker = channels._taker(recipient)
            tail = (recipient, message.kind, message.model_dump(mode="json"), dedupe)
            tail += _handoff(taker)
        try:
            row: asyncpg.Record | None = await channels.db.fetchrow(
                query, *args, *tail, self.id, inbox.claimer
            )
        except BaseException:
            _unreserve(taker)
            raise
        if row is None or row["acked"] is None:
            _unreserve(taker)
            if row is not None and not must_ack:
                return row
            raise ClaimLostError(f"message {self.id} is no longer claimed by this receiver")
        self.acked = True
        if send is not None:
            if row["sent"] is None:
                _unreserve(taker)
            else:
                channels._landed(send[0], taker, MessageId(row["sent"]), send[1])
        return row

    async def forward(
        self, recipient: ActorName, message: Message, *, dedupe_key: str | None = None
    ) -> MessageId | None:
        """Acknowledge this message and send ``message`` on, in one statement.

        The same as a ``send`` inside ``complete()`` when the handler writes
        nothing else, without a transaction's extra round trips. ``None`` when
        a ``dedupe_key`` dropped the send; ``ClaimLostError`` (nothing sent)
        when the claim was lost.
        """
        row = await self.complete_with(
            Q.mailbox_send_and_ack, send=(recipient, message, dedupe_key)
        )
        return None if row["sent"] is None else MessageId(row["sent"])


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
        ack_delay_s: float = 0.2,
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
        # What a database outage kept us from handing back (a failed message with its
        # error; the later messages of its key, untried): handed back once it answers.
        self._failed_back: list[tuple[MessageId, str]] = []
        self._untried_back: list[Delivery] = []
        self.ack_delay_s = ack_delay_s
        # What serve() holds: claimed (or handed) and not begun, per key in id order;
        # keys with queued messages and no worker yet; keys a worker is on; the
        # messages being handled; those handled and waiting for a batched ack.
        self._serving = False
        self._claiming = False
        self._reserved = 0  # hand-offs promised by senders, not yet landed
        self._room = batch
        self._keyed: KeyFn | None = None
        self._queues: dict[Hashable, list[Delivery]] = {}
        self._waiting: list[Hashable] = []
        self._active: set[Hashable] = set()
        self._running: dict[MessageId, Delivery] = {}
        self._to_ack: list[Delivery] = []
        self._ack_due: float | None = None  # when the oldest of _to_ack is to be acked
        self._repeats: CoalesceFn = lambda _message: None
        # Coalescible messages waiting aside for a later one of the same value: when due.
        self._parked: dict[Hashable, tuple[Delivery, float]] = {}

    async def recover(self) -> int:
        """Hand back the claims of dead processes of this host at once.

        Without this a killed process's messages would wait for their lease to
        run out; on another host the lease is what brings them back. The claims
        of this recipient's inboxes that stopped in this process (a restarted
        actor) come back too.
        """
        released = 0
        stopped = self.channels._closed.pop(self.recipient, set())
        for row in await self.channels.db.fetch(Q.mailbox_claimers, self.recipient):
            claimer = str(row["claimed_by"])
            if claimer in stopped or claimer_is_dead(claimer):
                status = await self.channels.db.execute(Q.mailbox_release_all, claimer)
                count = int(status.split()[-1]) if status.startswith("UPDATE") else 0
                released += count
                log.info("channel.claims_recovered", actor=self.recipient, count=count)
        return released

    async def claim(
        self, limit: int | None = None, *, acking: Sequence[Delivery] = ()
    ) -> list[Delivery]:
        """Claim the next deliverable messages, oldest first (an empty list when none).

        At most ``limit`` of them, or the inbox's ``batch``. ``acking``: handled
        messages whose handlers wrote no state, acked in the same statement.
        """
        ids = [d.id for d in acking if not d.acked]
        async with self.channels.db.use(self.channels.db.lazy) as conn:
            if ids:
                rows = await conn.fetch(
                    Q.mailbox_claim_and_ack,
                    self.recipient,
                    self.claimer,
                    limit or self.batch,
                    self.claim_timeout_s,
                    ids,
                )
            else:
                rows = await conn.fetch(
                    Q.mailbox_claim,
                    self.recipient,
                    self.claimer,
                    limit or self.batch,
                    self.claim_timeout_s,
                )
        if ids:
            self._mark_acked(acking, {int(r["id"]) for r in rows if r["acked"]})
            rows = [r for r in rows if not r["acked"]]
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
            async with self.channels.db.use(self.channels.db.lazy) as conn:
                await conn.execute(Q.mailbox_unclaim, ids, self.claimer)

    async def ack(self, deliveries: list[Delivery]) -> None:
        """Acknowledge handled messages whose handlers wrote no state, in one statement."""
        ids = [d.id for d in deliveries if not d.acked]
        if not ids:
            return
        async with self.channels.db.use(self.channels.db.lazy) as conn:
            rows = await conn.fetch(Q.mailbox_ack_many, ids, self.claimer)
        self._mark_acked(deliveries, {int(r["id"]) for r in rows})

    def _mark_acked(self, deliveries: Sequence[Delivery], acked: set[int]) -> None:
        for d in deliveries:
            if d.id in acked:
                d.acked = True
            elif not d.acked:
                log.warning("channel.claim_lost", actor=self.recipient, message_id=d.id)

    async def _hand_back(self) -> None:
        """Hand back what an outage kept from the mailbox (see ``__init__``): raises while
        the database is still away, and the caller tries again after its wait."""
        while self._failed_back:
            mid, error = self._failed_back[0]
            await self.channels.db.execute(Q.mailbox_release, mid, self.claimer, error)
            self._failed_back.pop(0)
        if self._untried_back:
            untried = list(self._untried_back)
            await self.unclaim(untried)
            del self._untried_back[: len(untried)]

    async def wait(self) -> None:
        """Until woken (a send committed) or the poll interval passes."""
        if not await self._wake.wait(self.poll_interval_s):
            self._wake.maybe_sent = True

    def close(self) -> None:
        self.channels._forget(self)

    # ---------------------------------------------------------------- hand-offs

    def _busy(self) -> int:
        """Messages claimed or promised and not finished; those held aside are not counted
        (they take no worker; ``PARKED_ROOMS`` bounds them)."""
        queued = sum(len(q) for q in self._queues.values())
        return len(self._running) + queued + self._reserved

    def reserve(self) -> bool:
        """Promise room for one message a sender of this process hands over.

        Refused when the inbox is not serving, is claiming, may have older
        messages waiting in the mailbox (a hand-off would overtake them), or
        is full; the sender then sends the plain way.
        """
        if not self._serving or self._claiming or self._wake.maybe_sent:
            return False
        if self._busy() >= self._room:
            return False
        self._reserved += 1
        return True

    def unreserve(self) -> None:
        """A promised hand-off that will not come (the send rolled back or was dropped)."""
        self._reserved -= 1
        self._wake.signal()

    def take(self, delivery: Delivery) -> None:
        """A promised hand-off, committed: queue it as if claimed.

        An inbox that stopped meanwhile leaves the row claimed by its claimer;
        the next inbox of this recipient here hands it back (``recover``), or
        its lease runs out.
        """
        self._reserved -= 1
        if self._serving:
            self._enqueue(delivery)
            self._wake.signal()

    def _enqueue(self, delivery: Delivery, *, first: bool = False) -> None:
        same = self._repeats(delivery.message)
        if same is not None and same in self._parked and not first:
            moot, _ = self._parked.pop(same)
            self._later_ack(moot)  # this later one does the same work on fresher state
        group = self._keyed(delivery.message) if self._keyed is not None else None
        queue = self._queues.setdefault(group, [])
        if first:
            queue.insert(0, delivery)
        else:
            queue.append(delivery)
            if len(queue) > 1 and queue[-2].id > delivery.id:
                queue.sort(key=lambda d: d.id)  # a hand-off that landed before an older claim
        if group not in self._active and group not in self._waiting:
            self._waiting.append(group)

    def _later_ack(self, delivery: Delivery) -> None:
        """Ack ``delivery`` with the next batch (it wrote nothing, or it is moot)."""
        if not self._to_ack:
            self._ack_due = time.monotonic() + self.ack_delay_s
        self._to_ack.append(delivery)

    def _unpark(self, now: float) -> float | None:
        """Queue again the parked messages now due; when the next one is due, if any."""
        for same, (delivery, due) in list(self._parked.items()):
            if due <= now:
                del self._parked[same]
                self._enqueue(delivery, first=True)
        return min((due for _, due in self._parked.values()), default=None)

    # ------------------------------------------------------------------ serving

    async def serve(
        self,
        handler: Handler,
        *,
        concurrency: int = 1,
        key: KeyFn | None = None,
        coalesce: CoalesceFn | None = None,
        hold: HoldFn | None = None,
        task_status: anyio.abc.TaskStatus[None] = anyio.TASK_STATUS_IGNORED,
    ) -> None:
        """Claim and handle messages until cancelled.

        With ``concurrency`` 1 (the default) messages are handled one by one in
        send order. With more, and a ``key`` function, messages of different
        keys are handled side by side (at most ``concurrency`` keys at once)
        while messages of one key keep their send order. Claiming goes on while
        handlers run: a slow key holds back only its own later messages, never
        the next claim. A handler that wrote its state through
        ``Delivery.complete`` has acked already; the others are acked together
        in one statement. A failed message holds back only the later messages
        of its own key, which go back to the mailbox untried and come again
        after ``retry_backoff_s``. With ``coalesce``, a message is acked unhandled
        when a later one of its key, already claimed, has the same non-null
        ``coalesce`` value: the later one does the same work on fresher state
        (say, two edits of one prompt). With ``hold`` as well, such a message
        first waits aside up to ``hold(message)`` seconds for a later one with the
        same value, which makes it moot (acked unhandled); the later messages of
        its key go on meanwhile (it does the same work after them). Sends from
        this process arrive without a claim while there is room (see
        ``Channels``).
        """
        # Postgres may be restarting while the process starts: the actor starts all the
        # same (a failed start would stop the whole process) and recovers once it answers.
        recovered = False
        try:
            await self.recover()
            recovered = True
        except DB_UNAVAILABLE as exc:
            log.warning("channel.database_unavailable", actor=self.recipient, error=str(exc))
        workers = max(1, concurrency)
        self._keyed = key if key is not None and workers > 1 else None
        repeats = self._repeats = coalesce or (lambda _message: None)
        holds = hold or (lambda _message: 0.0)
        room = self._room = max(self.batch, 2 * workers)  # claimed, not finished, at most
        threshold = max(1, room // 4)
        queues, waiting, active = self._queues, self._waiting, self._active
        running, to_ack = self._running, self._to_ack
        changed = self._wake  # a send to this inbox, or a worker done: look again
        self._serving = True
        task_status.started()

        async def work(group: Hashable) -> None:
            queue = queues[group]
            try:
                while queue:
                    delivery = queue.pop(0)
                    same = repeats(delivery.message)
                    if same is not None and any(repeats(d.message) == same for d in queue):
                        self._later_ack(delivery)  # a later one claimed already does this
                        continue
                    wait_s = 0.0 if same is None or delivery.held else holds(delivery.message)
                    if wait_s > 0 and len(self._parked) < PARKED_ROOMS * room:
                        # Aside, for a later one that would make it moot.
                        delivery.held = True
                        self._parked[same] = (delivery, time.monotonic() + wait_s)
                        changed.signal()  # the loop sees when it is due
                        continue
                    running[delivery.id] = delivery
                    handled = await self._handle(handler, delivery)
                    del running[delivery.id]
                    if handled:
                        if not delivery.acked:
                            self._later_ack(delivery)
                        continue
                    rest, queue[:] = list(queue), []
                    try:
                        await self.unclaim(rest)
                    except DB_UNAVAILABLE:
                        self._untried_back += rest
                    # The key rests before its messages (claimed again) are retried.
                    await anyio.sleep(self.retry_backoff_s)
                    changed.sent()  # back in the mailbox: to be claimed again
            finally:
                active.discard(group)
                if not queue:
                    queues.pop(group, None)
                elif group not in waiting:
                    waiting.append(group)
                changed.signal()

        def start_workers(tg: anyio.abc.TaskGroup) -> None:
            while waiting and len(active) < workers:
                group = waiting.pop(0)
                active.add(group)
                tg.start_soon(work, group)

        outage_wait = OUTAGE_WAIT_S
        woken_at = time.monotonic()
        try:
            async with anyio.create_task_group() as tg:
                while True:
                    try:
                        if not recovered:
                            await self.recover()
                            recovered = True
                        await self._hand_back()
                        if time.monotonic() - woken_at >= self.poll_interval_s:
                            changed.maybe_sent = True  # the poll: nothing woke us for long
                            woken_at = time.monotonic()
                        next_due = self._unpark(time.monotonic())
                        start_workers(tg)  # hand-offs may have landed
                        busy = self._busy()
                        free = room - busy
                        # Claim when idle, or when a good part of the room is free
                        # (not one message at a time as each finishes), and only when
                        # something may have been sent since the last claim. Acks of
                        # handlers that wrote nothing go in batches: with a claim, when
                        # a good part of the room waits for them, or ``ack_delay_s``
                        # after the first (a message handled and not yet acked is only
                        # delivered again if this process dies meanwhile).
                        claim_now = free > 0 and (busy == 0 or free >= threshold)
                        claim_now = claim_now and changed.take_sent()
                        due = self._ack_due is not None and time.monotonic() >= self._ack_due
                        batch = list(to_ack)  # acked with the claim, or on their own
                        claimed: list[Delivery] = []
                        if claim_now:
                            self._claiming = True
                            try:
                                claimed = await self.claim(limit=free, acking=batch)
                            except BaseException:
                                changed.sent()  # not claimed: look again next time
                                raise
                            finally:
                                self._claiming = False
                        elif batch and (due or len(batch) >= threshold):
                            await self.ack(batch)
                        else:
                            batch = []
                        if batch:
                            del to_ack[: len(batch)]  # only once acked (a cancel may cut in)
                            if not to_ack:
                                self._ack_due = None
                        for delivery in claimed:
                            self._enqueue(delivery)
                        start_workers(tg)
                        outage_wait = OUTAGE_WAIT_S
                        if claimed and len(claimed) == free:
                            changed.sent()  # more may be waiting: claim again once there is room
                            continue
                        now = time.monotonic()
                        wait_s = max(0.0, woken_at + self.poll_interval_s - now)
                        if to_ack and self._ack_due is not None:
                            wait_s = min(wait_s, max(0.0, self._ack_due - now))
                        if next_due is not None:
                            wait_s = min(wait_s, max(0.0, next_due - now))
                        if await changed.wait(wait_s):
                            woken_at = time.monotonic()
                    except DB_UNAVAILABLE as exc:
                        # Postgres is restarting or unreachable: wait, never crash the
                        # actor. What was claimed comes back by its lease.
                        log.warning(
                            "channel.database_unavailable",
                            actor=self.recipient,
                            error=str(exc),
                            retry_in_s=outage_wait,
                        )
                        await anyio.sleep(outage_wait)
                        outage_wait = min(outage_wait * 2, OUTAGE_WAIT_MAX_S)
        finally:
            self._serving = False  # no hand-off lands here from now on
            with (
                anyio.CancelScope(shield=True),
                anyio.move_on_after(5),
                contextlib.suppress(Exception),
            ):
                await self.ack(to_ack)
                await self._hand_back()
                # Those being handled were attempted; the queued ones were not.
                for mid in running:
                    await self.channels.db.execute(
                        Q.mailbox_release, mid, self.claimer, "receiver stopped"
                    )
                untried = [d for queue in queues.values() for d in queue]
                await self.unclaim(untried + [d for d, _ in self._parked.values()])
            self.close()

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
                    # Handed back as soon as the database answers again (the claim's
                    # lease would, but only after it runs out: minutes for a syncer).
                    dlog.warning("channel.database_unavailable", error=str(db_exc))
                    self._failed_back.append((delivery.id, error))
                return False
            return True
