"""Socket Mode as the sandbox Slack serves it: connections, deliveries, acks, retries.

:class:`SocketModeServer` owns the WebSocket side of the sandbox: the tickets
``apps.connections.open`` hands out, the connections (``/socket?ticket=...``;
``hello`` on connect), and every delivery to the app. Envelopes go to the
newest live connection that was not asked to refresh (one that was, while it
is still open, when there is no other). Each delivery (an event or an
interactive payload) is recorded with its envelope ids, acks and failures.

Retries, as Slack's Events API documents them (https://docs.slack.dev/apis/events-api/,
"Error handling" / retries; the same for Socket Mode envelopes): an attempt
fails when the app does not acknowledge it within ``ack_timeout`` seconds
(Slack's 3 s; ``retry_reason`` ``"timeout"``) or when no connection is open to
take it (``"connection_failed"``). Slack then retries up to 3 times --
nearly immediately, after 1 minute, after 5 minutes -- each as a new envelope
with ``retry_attempt`` + 1, to whichever connection is live by then, and
after the last failed retry it **gives up**: the event is never delivered.
``retry_delays`` is that schedule (the waits after each failure, the last
one repeating when ``max_retries`` asks for more); tests make it short.
Interactive payloads are never retried: a click reaches the app if it is
acknowledged within ``ack_timeout`` of the click, else the person sees an
error in Slack and the payload is gone.

``send_disconnect`` sends Slack's ``disconnect`` frame (``refresh_requested``)
and closes the connection after a grace period; ``drop_connections`` drops
them without a close frame, like a network failure.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import secrets
import time
import uuid
from collections.abc import Coroutine, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from aiohttp import WSMsgType, web

from leavebot.sandbox.slack.model import (
    APP_ID,
    JSON,
    SLACK_RETRY_DELAYS,
    TEAM_ID,
    VERIFICATION_TOKEN,
    Ack,
    ControlError,
    Delivery,
)
from leavebot.sandbox.slack.state import Workspace


@dataclass
class _Connection:
    id: int
    ws: web.WebSocketResponse
    request: web.Request
    refreshing: bool = False

    @property
    def live(self) -> bool:
        return not self.ws.closed and not self.refreshing


class SocketModeServer:
    """The Socket Mode endpoint and the queue of deliveries to the app."""

    def __init__(
        self,
        workspace: Workspace,
        *,
        ack_timeout: float = 3.0,
        retry_delays: Sequence[float] = SLACK_RETRY_DELAYS,
        max_retries: int | None = None,
        disconnect_grace: float = 10.0,
    ) -> None:
        if any(delay < 0 for delay in retry_delays):
            raise ValueError("retry delays must be >= 0")
        self.workspace = workspace
        self.ack_timeout = ack_timeout
        self.retry_delays: tuple[float, ...] = tuple(retry_delays)
        self._max_retries = max_retries
        self.disconnect_grace = disconnect_grace
        self.deliveries: list[Delivery] = []
        # The deliveries still owed an ack (neither acked nor given up), in order:
        # the dispatch loop looks only at these, not at every delivery ever made.
        self._open: dict[int, Delivery] = {}
        self.acks: list[Ack] = []
        self._by_envelope: dict[str, Delivery] = {}
        self._tickets: set[str] = set()
        self._connections: list[_Connection] = []
        self._conn_ids = itertools.count(1)
        self._connections_seen = 0
        self._wake = asyncio.Event()
        self._closing = False
        self._dispatcher: asyncio.Task[None] | None = None
        self._tasks: set[asyncio.Task[None]] = set()
        workspace.on_change(self._wake.set)

    @property
    def max_retries(self) -> int:
        """How many retries after the first attempt (default: one per retry delay)."""
        return len(self.retry_delays) if self._max_retries is None else self._max_retries

    @max_retries.setter
    def max_retries(self, value: int | None) -> None:
        self._max_retries = value

    # -- lifecycle ---------------------------------------------------------

    async def open(self) -> None:
        """Start the dispatcher (idempotent)."""
        self._closing = False
        if self._dispatcher is None or self._dispatcher.done():
            self._dispatcher = asyncio.create_task(self._dispatch_loop())

    async def close(self) -> None:
        """Stop the dispatcher and close every connection."""
        self._closing = True
        self._wake.set()
        if self._dispatcher is not None:
            self._dispatcher.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._dispatcher
            self._dispatcher = None
        for task in list(self._tasks):
            task.cancel()
        for task in list(self._tasks):
            with contextlib.suppress(asyncio.CancelledError):
                await task
        for conn in list(self._connections):
            await self._close_ws(conn, abrupt=False)

    def reset(self) -> None:
        """Forget deliveries and acks (connections stay)."""
        self.deliveries.clear()
        self._open.clear()
        self._by_envelope.clear()
        self.acks.clear()

    # -- connections -------------------------------------------------------

    def issue_ticket(self) -> str:
        """A ticket for one ``/socket`` connection (``apps.connections.open``)."""
        ticket = str(uuid.uuid4())
        self._tickets.add(ticket)
        return ticket

    @property
    def connection_count(self) -> int:
        return sum(1 for c in self._connections if not c.ws.closed)

    @property
    def live_count(self) -> int:
        return sum(1 for c in self._connections if c.live)

    @property
    def connections_seen(self) -> int:
        """How many Socket Mode connections were ever opened."""
        return self._connections_seen

    async def send_disconnect(self, reason: str = "refresh_requested") -> int:
        """Ask every connection to reconnect; closed after ``disconnect_grace`` seconds."""
        sent = 0
        for conn in list(self._connections):
            if conn.ws.closed:
                continue
            frame = {
                "type": "disconnect",
                "reason": reason,
                "debug_info": {"host": "applink-sandbox"},
            }
            with contextlib.suppress(ConnectionError, RuntimeError):
                await conn.ws.send_str(json.dumps(frame))
                sent += 1
            conn.refreshing = True
            self._spawn(self._close_later(conn, self.disconnect_grace))
        self.workspace.notify()
        return sent

    async def drop_connections(self) -> int:
        """Drop every connection abruptly (no close frame), like a network failure."""
        dropped = 0
        for conn in list(self._connections):
            if not conn.ws.closed:
                await self._close_ws(conn, abrupt=True)
                dropped += 1
        self.workspace.notify()
        return dropped

    async def handle_socket(self, request: web.Request) -> web.StreamResponse:
        """``GET /socket?ticket=...``: one Socket Mode connection."""
        ticket = request.query.get("ticket", "")
        if ticket not in self._tickets:
            return web.json_response({"ok": False, "error": "invalid_ticket"}, status=401)
        ws = web.WebSocketResponse(timeout=2.0, autoping=True)
        await ws.prepare(request)
        conn = _Connection(next(self._conn_ids), ws, request)
        self._connections.append(conn)
        self._connections_seen += 1
        hello = {
            "type": "hello",
            "num_connections": sum(1 for c in self._connections if not c.ws.closed),
            "debug_info": {
                "host": "applink-sandbox",
                "build_number": 1,
                "approximate_connection_time": 18060,
            },
            "connection_info": {"app_id": APP_ID},
        }
        try:
            await ws.send_str(json.dumps(hello))
            self.workspace.notify()
            async for frame in ws:
                if frame.type == WSMsgType.TEXT:
                    self._on_frame(frame.data)
        except (ConnectionError, RuntimeError):
            pass
        finally:
            if conn in self._connections:
                self._connections.remove(conn)
            self.workspace.notify()
        return ws

    def _on_frame(self, data: str) -> None:
        try:
            frame = json.loads(data)
        except ValueError:
            return
        if not isinstance(frame, dict) or not isinstance(frame.get("envelope_id"), str):
            return
        envelope_id = frame["envelope_id"]
        payload = frame.get("payload")
        delivery = self._by_envelope.get(envelope_id)
        self.acks.append(
            Ack(
                envelope_id,
                payload if isinstance(payload, dict) else None,
                delivery is not None,
                time.time(),
            )
        )
        if delivery is not None and not delivery.acked:
            self._open.pop(id(delivery), None)
            delivery.acked_envelope_id = envelope_id
            delivery.ack_payload = payload if isinstance(payload, dict) else None
        self.workspace.notify()

    # -- deliveries --------------------------------------------------------

    def enqueue(
        self, kind: Literal["events_api", "interactive"], payload: JSON, event_id: str | None = None
    ) -> Delivery:
        """Queue ``payload`` for the app; the dispatcher sends it at once (see retries)."""
        delivery = Delivery(
            kind,
            payload,
            [str(uuid.uuid4())],
            event_id=event_id,
            created_at=asyncio.get_running_loop().time(),
        )
        self._by_envelope[delivery.envelope_id] = delivery
        self.deliveries.append(delivery)
        self._open[id(delivery)] = delivery
        self.workspace.notify()
        return delivery

    def deliver_event(self, event: JSON) -> Delivery | None:
        """Wrap ``event`` in an ``event_callback`` with a new ``event_id`` and queue it.

        ``None``: the app is not subscribed to it (or lacks the scope), so Slack
        sends nothing.
        """
        if not self.workspace.subscribed(event):
            self.workspace.notify()
            return None
        event_id = "Ev" + secrets.token_hex(5).upper()
        payload: JSON = {
            "token": VERIFICATION_TOKEN,
            "team_id": TEAM_ID,
            "context_team_id": TEAM_ID,
            "context_enterprise_id": None,
            "api_app_id": APP_ID,
            "event": event,
            "type": "event_callback",
            "event_id": event_id,
            "event_time": int(float(event.get("event_ts", time.time()))),
            "authorizations": [
                {
                    "enterprise_id": None,
                    "team_id": TEAM_ID,
                    "user_id": self.workspace.bot_user.id,
                    "is_bot": True,
                    "is_enterprise_install": False,
                }
            ],
            "is_ext_shared_channel": False,
            "event_context": "4-" + secrets.token_urlsafe(24),
        }
        return self.enqueue("events_api", payload, event_id=event_id)

    def redeliver_event(self, event_id: str) -> Delivery:
        """Deliver an already delivered event again, same ``event_id`` (dedupe tests)."""
        for d in self.deliveries:
            if d.kind == "events_api" and d.event_id == event_id:
                return self.enqueue("events_api", d.payload, event_id=event_id)
        raise ControlError(f"no event {event_id}")

    def delivery_for(self, envelope_id: str) -> Delivery | None:
        return self._by_envelope.get(envelope_id)

    def _target(self) -> _Connection | None:
        """The newest live connection; else one asked to refresh that is still open."""
        for conn in reversed(self._connections):
            if conn.live:
                return conn
        for conn in reversed(self._connections):
            if not conn.ws.closed:
                return conn
        return None

    def _retry_delay(self, retry: int) -> float:
        """The wait before retry number ``retry`` (1-based) after a failed attempt."""
        if not self.retry_delays:
            return 0.0
        return self.retry_delays[min(retry, len(self.retry_delays)) - 1]

    def _failed(self, d: Delivery, reason: str, now: float) -> None:
        """The current attempt of ``d`` failed: schedule the next one, or give up."""
        d.failures.append(reason)
        d.sent_at = None
        if d.kind != "events_api" or d.retry_attempt >= self.max_retries:
            d.gave_up = True
            self._open.pop(id(d), None)
            self.workspace.notify()
            return
        d.retry_attempt += 1
        d.retry_reason = reason
        d.envelope_ids.append(str(uuid.uuid4()))
        self._by_envelope[d.envelope_id] = d
        d.due_at = now + self._retry_delay(d.retry_attempt)
        self.workspace.notify()

    def _next_deadline(self) -> float | None:
        deadlines: list[float] = []
        for d in self._open.values():
            if d.sent_at is not None:
                deadlines.append(d.sent_at + self.ack_timeout)
            elif d.kind == "interactive":
                deadlines.append(d.created_at + self.ack_timeout)
            elif d.due_at is not None:
                deadlines.append(d.due_at)
        return min(deadlines) if deadlines else None

    async def _dispatch_loop(self) -> None:
        loop = asyncio.get_running_loop()
        while not self._closing:
            self._wake.clear()
            await self._dispatch_once(loop.time())
            deadline = self._next_deadline()
            timeout = None if deadline is None else max(0.0, deadline - loop.time())
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), timeout)

    async def _dispatch_once(self, now: float) -> None:
        for d in list(self._open.values()):
            while not (d.acked or d.gave_up):
                if d.sent_at is not None:
                    if now - d.sent_at < self.ack_timeout:
                        break
                    self._failed(d, "timeout", now)
                    continue
                if d.due_at is not None and now < d.due_at:
                    break
                conn = self._target()
                if conn is None:
                    if d.kind == "interactive":
                        if now - d.created_at >= self.ack_timeout:
                            self._failed(d, "connection_failed", now)
                        break
                    self._failed(d, "connection_failed", now)
                    continue
                frame: JSON = {
                    "envelope_id": d.envelope_id,
                    "payload": d.payload,
                    "type": d.kind,
                    "accepts_response_payload": False,
                }
                if d.kind == "events_api":
                    frame["retry_attempt"] = d.retry_attempt
                    frame["retry_reason"] = d.retry_reason
                try:
                    await conn.ws.send_str(json.dumps(frame))
                except (ConnectionError, RuntimeError):
                    self._failed(d, "connection_failed", now)
                    continue
                d.sent_at = now
                d.sent_count += 1
                self.workspace.notify()
                break
            if d.acked or d.gave_up:
                self._open.pop(id(d), None)

    async def _close_later(self, conn: _Connection, delay: float) -> None:
        await asyncio.sleep(delay)
        await self._close_ws(conn, abrupt=False)

    async def _close_ws(self, conn: _Connection, *, abrupt: bool) -> None:
        if abrupt:
            transport = conn.request.transport
            if transport is not None:
                transport.abort()
        elif not conn.ws.closed:
            with contextlib.suppress(ConnectionError, RuntimeError, asyncio.TimeoutError):
                await conn.ws.close(code=1001, message=b"going away")

    def _spawn(self, coro: Coroutine[Any, Any, None]) -> None:
        task: asyncio.Task[None] = asyncio.create_task(coro)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
