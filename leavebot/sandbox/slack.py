"""A sandbox Slack: Web API, Socket Mode server and a chat page, in one aiohttp app.

The real ``slack_sdk`` / ``slack_bolt`` clients talk to it over real sockets and
cannot tell it from Slack for what leavebot uses. Tests and ``leave-bot demo``
run the production client code unchanged; only the base URL and the tokens
differ.

Design
------
One workspace (team ``T0SANDBOX``), one public channel (``#leave``,
``C0LEAVE01``), a list of people (:class:`SandboxUser`), the app's bot user
(``U0LEAVEBOT`` / bot ``B0LEAVEBOT`` / app ``A0LEAVEBOT``) and Slackbot
(``USLACKBOT``, which Slack lists as a member with ``is_bot`` false). All state
lives in one :class:`SlackSandbox` object, in memory, on one event loop.

Routes (``add_routes`` registers them on any ``web.Application``):

* ``/api/{method}`` -- the Web API (``AsyncWebClient(base_url=.../api/)``).
  Arguments come from the query string, a form body or a JSON body, as Slack
  accepts them; the token from ``Authorization: Bearer`` (or a ``token``
  query/form argument). Missing token -> ``not_authed``, unknown ->
  ``invalid_auth``, the other app's token kind -> ``not_allowed_token_type``.
  Methods: ``auth.test``, ``apps.connections.open`` (app-level ``xapp-``
  token), ``chat.postMessage``, ``chat.update``, ``chat.postEphemeral``,
  ``chat.delete``, ``chat.getPermalink``, ``users.info``, ``users.list``,
  ``conversations.history``, ``conversations.replies``. Errors are Slack's:
  HTTP 200 with ``{"ok": false, "error": ...}``; an injected rate limit is
  HTTP 429 with ``Retry-After`` and ``error: ratelimited``. Block Kit is
  checked like Slack does for the blocks leavebot uses (``invalid_blocks``
  with ``errors``), and missing ``block_id`` / ``action_id`` are filled in.
* ``/socket?ticket=...`` -- Socket Mode. ``hello`` on connect; envelopes go
  to the newest live connection that was not asked to refresh. Each delivery
  (an event or an interactive payload) is recorded with its envelope ids and
  acks. An ``events_api`` delivery not acknowledged within ``ack_timeout``
  seconds is sent again as a new envelope with ``retry_attempt`` + 1 and
  ``retry_reason`` ``"timeout"``, up to ``max_retries`` times, whichever
  connection is live by then (so also after a reconnect). Like Slack,
  interactive payloads are not retried (Slack shows the clicker an error).
  Deliveries wait while no app is connected.
* ``/sandbox/slack/...`` -- the control API for tests, the chat page and
  scripts (see the README or :meth:`SlackSandbox.add_routes`), including
  ``/sandbox/slack/events`` (server-sent events: one ``change`` event per
  state change) and ``/sandbox/slack/actions/{id}`` (interactive
  ``response_url`` targets).
* ``/`` -- the chat page (``static/``), ``/archives/{channel}/p{ts}`` --
  permalinks, redirected to the page.

Events, as Slack sends them to an app subscribed to ``message.channels``:
a person's message (``user``, ``client_msg_id``, ``blocks`` with
``rich_text``); the app's own messages (``bot_id``, ``app_id``, ``user`` =
the bot user, ``bot_profile``, no subtype -- a modern app's messages carry no
``bot_message`` subtype); ``message_changed`` for every edit (the bot's
``chat.update`` too), ``message_deleted`` for deletions, ``channel_join``,
and a legacy integration's message (``subtype: bot_message``,
``bot_id: B0OTHERBOT``). Ephemeral messages are never events.

Lifecycle: standalone, ``await sandbox.start()`` binds its own app on
``127.0.0.1`` and a free port, ``await sandbox.stop()`` closes it (or
``async with SlackSandbox() as sandbox``). A composite sandbox calls
``sandbox.attach(app)`` (routes + startup/shutdown hooks) and, once bound,
``sandbox.set_base_url("http://host:port")``; ``info()`` describes the
sandbox for a ``GET /sandbox`` page.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import itertools
import json
import re
import secrets
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal, TypeVar
from zoneinfo import ZoneInfo

from aiohttp import WSMsgType, web

from leavebot.sandbox.common import serve_app

JSON = dict[str, Any]
T = TypeVar("T")
Handler = Callable[[web.Request], Awaitable[web.Response]]

STATIC_DIR = Path(__file__).resolve().parent / "static"

TEAM_ID = "T0SANDBOX"
TEAM_DOMAIN = "sandbox"
CHANNEL_ID = "C0LEAVE01"
CHANNEL_NAME = "leave"
BOT_USER_ID = "U0LEAVEBOT"
BOT_ID = "B0LEAVEBOT"
APP_ID = "A0LEAVEBOT"
BOT_NAME = "leavebot"
OTHER_BOT_ID = "B0OTHERBOT"
OTHER_BOT_NAME = "Standup Bot"
SLACKBOT_ID = "USLACKBOT"
DEFAULT_BOT_TOKEN = "xoxb-0000000001-0000000002-sandboxbottoken"  # noqa: S105 (a sandbox token)
DEFAULT_APP_TOKEN = "xapp-1-A0LEAVEBOT-0000000003-sandboxapptoken"  # noqa: S105 (a sandbox token)
VERIFICATION_TOKEN = "sandboxverificationtoken"  # noqa: S105 (a sandbox token)
SCOPES = (
    "channels:history,channels:read,chat:write,groups:history,users:read,users:read.email,"
    "connections:write"
)
MAX_BLOCKS = 50


@dataclass(frozen=True)
class SandboxUser:
    """A person in the sandbox workspace.

    ``registered`` is demo metadata (whether leavebot's own user table knows
    the person); Slack itself does not know it and never sends it.
    """

    id: str
    name: str
    real_name: str
    email: str
    tz: str = "Asia/Kolkata"
    is_bot: bool = False
    registered: bool = True
    display_name: str = ""
    deleted: bool = False


DEFAULT_USERS: tuple[SandboxUser, ...] = (
    SandboxUser("U0ASHA001", "asha", "Asha Rao", "asha@example.com", "Asia/Kolkata"),
    SandboxUser("U0RAVI002", "ravi", "Ravi Kumar", "ravi@example.com", "Asia/Kolkata"),
    SandboxUser("U0MAYA003", "maya", "Maya Chen", "maya@example.com", "America/Los_Angeles"),
    SandboxUser(
        "U0JACK004",
        "jack",
        "Jack Miller",
        "jack@example.com",
        "America/New_York",
        registered=False,
    ),
)


class SlackApiFailure(Exception):
    """A Web API error answer: ``{"ok": false, "error": error, **extra}``."""

    def __init__(self, error: str, status: int = 200, **extra: Any) -> None:
        super().__init__(error)
        self.error = error
        self.status = status
        self.extra = extra


class ControlError(Exception):
    """A control API request that cannot be done (HTTP 400 with a JSON error)."""


@dataclass
class SandboxMessage:
    """A stored message of the channel (ephemeral notes included)."""

    ts: str
    text: str
    blocks: list[JSON] = field(default_factory=list)
    user: str | None = None
    bot_id: str | None = None
    username: str | None = None
    subtype: str | None = None
    thread_ts: str | None = None
    edited: JSON | None = None
    ephemeral_to: str | None = None
    client_msg_id: str | None = None

    @property
    def is_reply(self) -> bool:
        return self.thread_ts is not None and self.thread_ts != self.ts


@dataclass
class Delivery:
    """One thing sent to the app over Socket Mode, retried until acknowledged."""

    kind: Literal["events_api", "interactive"]
    payload: JSON
    envelope_ids: list[str]
    event_id: str | None = None
    retry_attempt: int = 0
    retry_reason: str = ""
    sent_at: float | None = None
    sent_count: int = 0
    acked_envelope_id: str | None = None
    ack_payload: JSON | None = None
    gave_up: bool = False

    @property
    def envelope_id(self) -> str:
        """The envelope id of the latest attempt."""
        return self.envelope_ids[-1]

    @property
    def acked(self) -> bool:
        return self.acked_envelope_id is not None

    def to_json(self) -> JSON:
        return {
            "kind": self.kind,
            "envelope_ids": list(self.envelope_ids),
            "event_id": self.event_id,
            "retry_attempt": self.retry_attempt,
            "retry_reason": self.retry_reason,
            "sent_count": self.sent_count,
            "acked": self.acked,
            "acked_envelope_id": self.acked_envelope_id,
            "ack_payload": self.ack_payload,
            "gave_up": self.gave_up,
            "payload": self.payload,
        }


@dataclass(frozen=True)
class Ack:
    """A frame the app sent back over Socket Mode with an ``envelope_id``."""

    envelope_id: str
    payload: JSON | None
    known: bool
    at: float


@dataclass(frozen=True)
class ApiCall:
    """One Web API call as the sandbox received it."""

    method: str
    args: JSON
    error: str | None
    status: int


@dataclass
class _Fault:
    kind: Literal["ratelimit", "error"]
    method: str
    count: int
    retry_after: int = 1
    error: str = "internal_error"
    status: int = 200

    def to_json(self) -> JSON:
        return {
            "kind": self.kind,
            "method": self.method,
            "count": self.count,
            "retry_after": self.retry_after,
            "error": self.error,
            "status": self.status,
        }


@dataclass
class _Connection:
    id: int
    ws: web.WebSocketResponse
    request: web.Request
    refreshing: bool = False

    @property
    def live(self) -> bool:
        return not self.ws.closed and not self.refreshing


@dataclass(frozen=True)
class _ResponseUrl:
    message_ts: str
    user: str
    thread_ts: str | None


class SlackSandbox:
    """The sandbox Slack: state, the Python control API and the aiohttp routes."""

    def __init__(
        self,
        users: Sequence[SandboxUser] = DEFAULT_USERS,
        *,
        bot_token: str = DEFAULT_BOT_TOKEN,
        app_token: str = DEFAULT_APP_TOKEN,
        channel_id: str = CHANNEL_ID,
        channel_name: str = CHANNEL_NAME,
        ack_timeout: float = 3.0,
        max_retries: int = 3,
        disconnect_grace: float = 10.0,
    ) -> None:
        ids = [u.id for u in users]
        if len(set(ids)) != len(ids):
            raise ValueError("user ids must be unique")
        self.users: list[SandboxUser] = list(users)
        self.bot_token = bot_token
        self.app_token = app_token
        self.channel_id = channel_id
        self.channel_name = channel_name
        self.ack_timeout = ack_timeout
        self.max_retries = max_retries
        self.disconnect_grace = disconnect_grace
        self.bot_user = SandboxUser(
            BOT_USER_ID, BOT_NAME, "Leave Bot", "", "America/Los_Angeles", is_bot=True
        )
        self.calls: list[ApiCall] = []
        self.deliveries: list[Delivery] = []
        # The deliveries still owed an ack (neither acked nor given up), in order:
        # the dispatch loop looks only at these, not at every delivery ever made.
        self._open: dict[int, Delivery] = {}
        self.acks: list[Ack] = []
        self._messages: dict[str, SandboxMessage] = {}
        self._last_ts_us = 0
        self._faults: list[_Fault] = []
        self._tickets: set[str] = set()
        self._connections: list[_Connection] = []
        self._conn_ids = itertools.count(1)
        self._connections_seen = 0
        self._by_envelope: dict[str, Delivery] = {}
        self._response_urls: dict[str, _ResponseUrl] = {}
        self._version = 0
        self._changed = asyncio.Event()
        self._wake = asyncio.Event()
        self._closing = False
        self._dispatcher: asyncio.Task[None] | None = None
        self._tasks: set[asyncio.Task[None]] = set()
        self._runner: web.AppRunner | None = None
        self._base_url: str | None = None

    # -- lifecycle ---------------------------------------------------------

    async def start(self, host: str = "127.0.0.1", port: int = 0) -> str:
        """Serve on ``host:port`` (0: a free port); returns the Web API URL."""
        app = web.Application()
        self.attach(app)
        self._runner, url = await serve_app(app, host, port)
        self.set_base_url(url)
        return self.api_url

    async def stop(self) -> None:
        """Close sockets and event streams and stop serving."""
        if self._runner is not None:
            runner, self._runner = self._runner, None
            await runner.cleanup()  # runs the shutdown hook: close()
        else:
            await self.close()

    async def __aenter__(self) -> SlackSandbox:
        await self.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    def attach(self, app: web.Application) -> None:
        """Mount on ``app``: routes, plus ``open``/``close`` as its startup/shutdown hooks."""
        self.add_routes(app)

        async def on_startup(_: web.Application) -> None:
            await self.open()

        async def on_shutdown(_: web.Application) -> None:
            await self.close()

        app.on_startup.append(on_startup)
        app.on_shutdown.append(on_shutdown)

    async def open(self) -> None:
        """Start the Socket Mode dispatcher (idempotent)."""
        self._closing = False
        if self._dispatcher is None or self._dispatcher.done():
            self._dispatcher = asyncio.create_task(self._dispatch_loop())

    async def close(self) -> None:
        """End event streams, close Socket Mode connections, stop the dispatcher."""
        self._closing = True
        self._notify()
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

    def set_base_url(self, base_url: str) -> None:
        """Where clients reach this sandbox, e.g. ``http://127.0.0.1:8000`` (no slash)."""
        self._base_url = base_url.rstrip("/")

    @property
    def base_url(self) -> str:
        if self._base_url is None:
            raise RuntimeError("the sandbox is not started (or set_base_url was not called)")
        return self._base_url

    @property
    def api_url(self) -> str:
        """The Web API base URL for ``AsyncWebClient(base_url=...)``."""
        return f"{self.base_url}/api/"

    @property
    def page_url(self) -> str:
        return f"{self.base_url}/"

    @property
    def bot_user_id(self) -> str:
        return self.bot_user.id

    @property
    def bot_id(self) -> str:
        return BOT_ID

    @property
    def team_id(self) -> str:
        return TEAM_ID

    @property
    def app_id(self) -> str:
        return APP_ID

    def info(self) -> JSON:
        """A description for a ``GET /sandbox`` page."""
        return {
            "api_url": self.api_url,
            "page_url": self.page_url,
            "bot_token": self.bot_token,
            "app_token": self.app_token,
            "team_id": TEAM_ID,
            "channel": {"id": self.channel_id, "name": self.channel_name},
            "bot": {"user_id": self.bot_user_id, "bot_id": BOT_ID, "app_id": APP_ID},
            "users": [self._user_summary(u) for u in self.users],
            "connections": self.connection_count,
        }

    # -- Python control API ------------------------------------------------

    def post_user_message(self, user: str, text: str, thread_ts: str | None = None) -> str:
        """A person writes in the channel (or a thread of it); returns the message ts.

        ``text`` is what the person typed; it is stored and sent the way Slack
        does (see :func:`slack_escape`).
        """
        person = self._person(user)
        if not text:
            raise ControlError("text is required")
        parent = self._thread_parent(thread_ts) if thread_ts else None
        msg = SandboxMessage(
            ts=self._next_ts(),
            text=slack_escape(text),
            blocks=[_rich_text_block(text)],
            user=person.id,
            thread_ts=parent.ts if parent else None,
            client_msg_id=str(uuid.uuid4()),
        )
        self._store(msg)
        self._deliver_event(self._message_event(msg))
        return msg.ts

    def edit_user_message(self, ts: str, text: str) -> str:
        """The author edits a message: ``message_changed``; returns the event id."""
        msg = self._message(ts)
        if msg.user is None or msg.bot_id is not None or msg.ephemeral_to is not None:
            raise ControlError(f"message {ts} is not a person's message")
        previous = self._api_message(msg, thread_meta=False)
        msg.text = slack_escape(text)
        msg.blocks = [_rich_text_block(text)]
        msg.edited = {"user": msg.user, "ts": self._next_ts()}
        return self._deliver_changed(msg, previous)

    def delete_user_message(self, ts: str) -> str:
        """The author deletes a message: ``message_deleted``; returns the event id."""
        msg = self._message(ts)
        if msg.user is None or msg.bot_id is not None or msg.ephemeral_to is not None:
            raise ControlError(f"message {ts} is not a person's message")
        return self._remove(msg)

    def delete_bot_message(self, ts: str) -> str:
        """A workspace admin deletes one of the bot's messages: ``message_deleted``."""
        msg = self._message(ts)
        if msg.bot_id != BOT_ID or msg.ephemeral_to is not None:
            raise ControlError(f"message {ts} is not one of the bot's messages")
        return self._remove(msg)

    def join_channel(self, user: str) -> str:
        """A person joins the channel: a ``channel_join`` message; returns its ts."""
        person = self._person(user)
        msg = SandboxMessage(
            ts=self._next_ts(),
            text=f"<@{person.id}> has joined the channel",
            user=person.id,
            subtype="channel_join",
        )
        self._store(msg)
        self._deliver_event(self._message_event(msg))
        return msg.ts

    def post_other_bot_message(self, text: str, thread_ts: str | None = None) -> str:
        """Another integration posts (``subtype: bot_message``); returns the ts."""
        parent = self._thread_parent(thread_ts) if thread_ts else None
        msg = SandboxMessage(
            ts=self._next_ts(),
            text=text,
            bot_id=OTHER_BOT_ID,
            username=OTHER_BOT_NAME,
            subtype="bot_message",
            thread_ts=parent.ts if parent else None,
        )
        self._store(msg)
        self._deliver_event(self._message_event(msg))
        return msg.ts

    def redeliver_event(self, event_id: str) -> Delivery:
        """Deliver an already delivered event again, same ``event_id`` (dedupe tests)."""
        for d in self.deliveries:
            if d.kind == "events_api" and d.event_id == event_id:
                return self._enqueue("events_api", d.payload, event_id=event_id)
        raise ControlError(f"no event {event_id}")

    def click(
        self, user: str, message_ts: str, action_id: str, *, forged: bool = False
    ) -> Delivery:
        """A person clicks a button of a bot message: a ``block_actions`` delivery.

        ``forged``: the payload names ``action_id`` whether or not the message has
        such a button (a hand-made payload, or a stale client showing old buttons).
        """
        person = self._person(user)
        msg = self._messages.get(message_ts)
        if msg is None:
            raise ControlError(f"no message {message_ts}")
        if msg.bot_id != BOT_ID:
            raise ControlError(f"message {message_ts} is not the app's message")
        if msg.ephemeral_to is not None and msg.ephemeral_to != person.id:
            raise ControlError(f"message {message_ts} is not visible to {person.id}")
        found = _find_button(msg.blocks, action_id)
        if found is None and forged:
            found = ("forged", {"type": "button", "text": {"type": "plain_text", "text": "?"}})
        if found is None:
            raise ControlError(f"message {message_ts} has no button {action_id}")
        block_id, element = found
        action: JSON = {
            "action_id": action_id,
            "block_id": block_id,
            "text": element.get("text"),
            "type": "button",
            "action_ts": _ts_string(time.time_ns() // 1000),
        }
        if "value" in element:
            action["value"] = element["value"]
        if "style" in element:
            action["style"] = element["style"]
        response_id = secrets.token_hex(12)
        self._response_urls[response_id] = _ResponseUrl(msg.ts, person.id, msg.thread_ts)
        container: JSON = {
            "type": "message",
            "message_ts": msg.ts,
            "channel_id": self.channel_id,
            "is_ephemeral": msg.ephemeral_to is not None,
        }
        if msg.thread_ts is not None:
            container["thread_ts"] = msg.thread_ts
        base = self._base_url or "http://sandbox.invalid"
        payload: JSON = {
            "type": "block_actions",
            "user": {
                "id": person.id,
                "username": person.name,
                "name": person.name,
                "team_id": TEAM_ID,
            },
            "api_app_id": APP_ID,
            "token": VERIFICATION_TOKEN,
            "container": container,
            "trigger_id": f"{time.time_ns() // 1000}.{secrets.randbelow(10**9)}."
            f"{secrets.token_hex(16)}",
            "team": {"id": TEAM_ID, "domain": TEAM_DOMAIN},
            "enterprise": None,
            "is_enterprise_install": False,
            "channel": {"id": self.channel_id, "name": self.channel_name},
            "state": {"values": {}},
            "response_url": f"{base}/sandbox/slack/actions/{response_id}",
            "actions": [action],
        }
        if msg.ephemeral_to is None:
            payload["message"] = self._api_message(msg, thread_meta=True)
        return self._enqueue("interactive", payload)

    def messages(self) -> list[JSON]:
        """Every message of the channel, threads and ephemeral notes included, by ts."""
        return [self._control_message(m) for m in self._messages.values()]

    def message(self, ts: str) -> JSON | None:
        msg = self._messages.get(ts)
        return None if msg is None else self._control_message(msg)

    def thread(self, ts: str) -> list[JSON]:
        """The parent and the replies of the thread of ``ts``."""
        return [m for m in self.messages() if m["ts"] == ts or m["thread_ts"] == ts]

    def inject_ratelimit(self, method: str, count: int = 1, retry_after: int = 1) -> None:
        """The next ``count`` calls of ``method`` (``*``: any) answer 429."""
        self._faults.append(_Fault("ratelimit", method, count, retry_after=retry_after))

    def inject_error(
        self, method: str, error: str = "internal_error", count: int = 1, status: int = 200
    ) -> None:
        """The next ``count`` calls of ``method`` answer ``{"ok": false, "error": error}``."""
        self._faults.append(_Fault("error", method, count, error=error, status=status))

    def clear_faults(self) -> None:
        self._faults.clear()

    @property
    def faults(self) -> list[JSON]:
        return [f.to_json() for f in self._faults if f.count > 0]

    def reset(self) -> None:
        """Forget messages, deliveries, acks, calls and faults (connections stay)."""
        self._messages.clear()
        self.deliveries.clear()
        self._open.clear()
        self._by_envelope.clear()
        self.acks.clear()
        self.calls.clear()
        self._faults.clear()
        self._response_urls.clear()
        self._notify()

    @property
    def connection_count(self) -> int:
        return sum(1 for c in self._connections if not c.ws.closed)

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
        self._notify()
        return sent

    async def drop_connections(self) -> int:
        """Drop every connection abruptly (no close frame), like a network failure."""
        dropped = 0
        for conn in list(self._connections):
            if not conn.ws.closed:
                await self._close_ws(conn, abrupt=True)
                dropped += 1
        self._notify()
        return dropped

    async def wait_for(self, predicate: Callable[[], T | None], timeout: float = 5.0) -> T:  # noqa: ASYNC109
        """Wait until ``predicate()`` is truthy (checked on each state change)."""
        deadline = asyncio.get_running_loop().time() + timeout
        while True:
            result = predicate()
            if result:
                return result
            changed = self._changed
            remaining = deadline - asyncio.get_running_loop().time()
            if remaining <= 0:
                raise TimeoutError(f"condition not met within {timeout} s")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(changed.wait(), min(remaining, 0.25))

    async def wait_for_message(
        self,
        predicate: Callable[[JSON], bool],
        timeout: float = 5.0,  # noqa: ASYNC109
    ) -> JSON:
        """The first message (control view) matching ``predicate``, waiting for it."""
        return await self.wait_for(
            lambda: next((m for m in self.messages() if predicate(m)), None), timeout
        )

    async def wait_for_ack(self, delivery: Delivery, timeout: float = 5.0) -> Delivery:  # noqa: ASYNC109
        """Wait until ``delivery`` is acknowledged."""
        return await self.wait_for(lambda: delivery if delivery.acked else None, timeout)

    async def wait_for_connections(self, count: int = 1, timeout: float = 5.0) -> int:  # noqa: ASYNC109
        """Wait until ``count`` live Socket Mode connections are open."""

        def live() -> int | None:
            n = sum(1 for c in self._connections if c.live)
            return n if n >= count else None

        return await self.wait_for(live, timeout)

    def delivery_for(self, envelope_id: str) -> Delivery | None:
        return self._by_envelope.get(envelope_id)

    def event_deliveries(self) -> list[Delivery]:
        return [d for d in self.deliveries if d.kind == "events_api"]

    def interactive_deliveries(self) -> list[Delivery]:
        return [d for d in self.deliveries if d.kind == "interactive"]

    def calls_to(self, method: str) -> list[ApiCall]:
        return [c for c in self.calls if c.method == method]

    # -- routes ------------------------------------------------------------

    def add_routes(self, app: web.Application, *, page_path: str = "/") -> None:
        """Register the Web API, Socket Mode, control API and the chat page on ``app``.

        Control API (JSON bodies):

        * ``POST /sandbox/slack/post`` ``{user, text, thread_ts?}`` -> ``{ts, event_id}``
        * ``POST /sandbox/slack/click`` ``{user, message_ts, action_id, forged?}`` ->
          ``{envelope_id}``
        * ``POST /sandbox/slack/edit`` ``{ts, text}``, ``POST /sandbox/slack/delete``
          ``{ts}`` -> ``{event_id}``; ``POST /sandbox/slack/join`` ``{user}``,
          ``POST /sandbox/slack/other_bot`` ``{text, thread_ts?}`` -> ``{ts}``;
          ``POST /sandbox/slack/redeliver`` ``{event_id}`` -> ``{envelope_id}``
        * ``GET /sandbox/slack/messages``, ``GET /sandbox/slack/state``,
          ``GET /sandbox/slack/deliveries``, ``GET /sandbox/slack/calls``
        * ``GET|POST|DELETE /sandbox/slack/faults`` (``{"ratelimit": {method, count,
          retry_after}}`` or ``{"error": {method, error, count, status}}``)
        * ``POST /sandbox/slack/disconnect`` ``{"mode": "refresh"|"drop", "reason"?}``
        * ``POST /sandbox/slack/reset``, ``GET /sandbox/slack/events`` (SSE)
        """
        app.router.add_route("*", "/api/{method}", self._web_api)
        app.router.add_get("/socket", self._socket)
        control: list[tuple[str, str, Handler]] = [
            ("POST", "post", self._c_post),
            ("POST", "click", self._c_click),
            ("POST", "edit", self._c_edit),
            ("POST", "delete", self._c_delete),
            ("POST", "join", self._c_join),
            ("POST", "other_bot", self._c_other_bot),
            ("POST", "redeliver", self._c_redeliver),
            ("GET", "messages", self._c_messages),
            ("GET", "state", self._c_state),
            ("GET", "deliveries", self._c_deliveries),
            ("GET", "calls", self._c_calls),
            ("GET", "faults", self._c_faults_get),
            ("POST", "faults", self._c_faults_post),
            ("DELETE", "faults", self._c_faults_delete),
            ("POST", "disconnect", self._c_disconnect),
            ("POST", "reset", self._c_reset),
        ]
        for verb, name, handler in control:
            app.router.add_route(verb, f"/sandbox/slack/{name}", _control_errors(handler))
        app.router.add_get("/sandbox/slack/events", self._c_events)
        app.router.add_post("/sandbox/slack/actions/{response_id}", self._response_url)
        app.router.add_get("/archives/{channel}/{p}", self._permalink)
        app.router.add_get(page_path, self._page)
        app.router.add_static("/sandbox/slack/static/", STATIC_DIR)

    # -- Web API -----------------------------------------------------------

    async def _web_api(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        args: JSON = {}
        try:
            args, form_token = await _read_args(request)
            handler = self._methods().get(method)
            if handler is None:
                raise SlackApiFailure("unknown_method", status=404, req_method=method)
            needed = self.app_token if method == "apps.connections.open" else self.bot_token
            self._check_token(_bearer(request) or form_token, needed)
            self._check_faults(method)
            body = handler(args, request)
            status = 200
            error = None
            resp = web.json_response({"ok": True, **body})
        except SlackApiFailure as failure:
            status, error = failure.status, failure.error
            retry_after = failure.extra.pop("_retry_after", None)
            resp = web.json_response(
                {"ok": False, "error": failure.error, **failure.extra}, status=failure.status
            )
            if retry_after is not None:
                resp.headers["Retry-After"] = str(retry_after)
        resp.headers["X-OAuth-Scopes"] = SCOPES
        resp.headers["X-Slack-Req-Id"] = secrets.token_hex(16)
        self.calls.append(ApiCall(method, args, error, status))
        self._notify()
        return resp

    def _methods(self) -> dict[str, Callable[[JSON, web.Request], JSON]]:
        return {
            "auth.test": self._auth_test,
            "apps.connections.open": self._connections_open,
            "chat.postMessage": self._chat_post_message,
            "chat.update": self._chat_update,
            "chat.postEphemeral": self._chat_post_ephemeral,
            "chat.delete": self._chat_delete,
            "chat.getPermalink": self._chat_get_permalink,
            "users.info": self._users_info,
            "users.list": self._users_list,
            "conversations.history": self._conversations_history,
            "conversations.replies": self._conversations_replies,
        }

    def _check_token(self, token: str | None, needed: str) -> None:
        if not token:
            raise SlackApiFailure("not_authed")
        if token == needed:
            return
        if token in (self.bot_token, self.app_token):
            raise SlackApiFailure("not_allowed_token_type")
        raise SlackApiFailure("invalid_auth")

    def _check_faults(self, method: str) -> None:
        for fault in self._faults:
            if fault.count > 0 and fault.method in (method, "*"):
                fault.count -= 1
                if fault.kind == "ratelimit":
                    raise SlackApiFailure("ratelimited", status=429, _retry_after=fault.retry_after)
                raise SlackApiFailure(fault.error, status=fault.status)

    def _auth_test(self, args: JSON, request: web.Request) -> JSON:
        return {
            "url": f"{_origin(request)}/",
            "team": "Sandbox",
            "user": BOT_NAME,
            "team_id": TEAM_ID,
            "user_id": self.bot_user_id,
            "bot_id": BOT_ID,
            "is_enterprise_install": False,
        }

    def _connections_open(self, args: JSON, request: web.Request) -> JSON:
        ticket = str(uuid.uuid4())
        self._tickets.add(ticket)
        ws_origin = _origin(request).replace("http://", "ws://", 1).replace("https://", "wss://")
        return {"url": f"{ws_origin}/socket?ticket={ticket}&app_id={APP_ID}"}

    def _chat_post_message(self, args: JSON, request: web.Request) -> JSON:
        self._channel_arg(args)
        text, blocks = self._content_args(args, required=True)
        thread_ts = _str(args, "thread_ts")
        parent = None
        if thread_ts:
            parent = self._messages.get(thread_ts)
            if parent is None or parent.ephemeral_to is not None:
                raise SlackApiFailure("thread_not_found")
            if parent.is_reply and parent.thread_ts is not None:
                parent = self._messages[parent.thread_ts]
        msg = SandboxMessage(
            ts=self._next_ts(),
            text=text or "",
            blocks=blocks or [],
            user=self.bot_user_id,
            bot_id=BOT_ID,
            thread_ts=parent.ts if parent else None,
        )
        self._store(msg)
        self._deliver_event(self._message_event(msg))
        return {
            "channel": self.channel_id,
            "ts": msg.ts,
            "message": self._api_message(msg, thread_meta=False),
        }

    def _chat_update(self, args: JSON, request: web.Request) -> JSON:
        self._channel_arg(args)
        ts = _str(args, "ts")
        msg = self._messages.get(ts or "")
        if msg is None or msg.ephemeral_to is not None:
            raise SlackApiFailure("message_not_found")
        if msg.bot_id != BOT_ID:
            raise SlackApiFailure("cant_update_message")
        text, blocks = self._content_args(args, required=False)
        previous = self._api_message(msg, thread_meta=False)
        if text is not None:
            msg.text = text
        if blocks is not None:
            msg.blocks = blocks
        if not msg.text and not msg.blocks:
            raise SlackApiFailure("no_text")
        msg.edited = {"user": self.bot_user_id, "ts": self._next_ts()}
        self._deliver_changed(msg, previous)
        return {
            "channel": self.channel_id,
            "ts": msg.ts,
            "text": msg.text,
            "message": self._api_message(msg, thread_meta=False),
        }

    def _chat_post_ephemeral(self, args: JSON, request: web.Request) -> JSON:
        self._channel_arg(args)
        user_id = _str(args, "user")
        person = self._user_or_none(user_id or "")
        if person is None or person.deleted or person.is_bot:
            raise SlackApiFailure("user_not_in_channel")
        text, blocks = self._content_args(args, required=True)
        thread_ts = _str(args, "thread_ts")
        if thread_ts:
            parent = self._messages.get(thread_ts)
            if parent is not None and parent.is_reply:
                thread_ts = parent.thread_ts
        msg = SandboxMessage(
            ts=self._next_ts(),
            text=text or "",
            blocks=blocks or [],
            user=self.bot_user_id,
            bot_id=BOT_ID,
            thread_ts=thread_ts or None,
            ephemeral_to=person.id,
        )
        self._store(msg)
        return {"message_ts": msg.ts}

    def _chat_delete(self, args: JSON, request: web.Request) -> JSON:
        self._channel_arg(args)
        ts = _str(args, "ts") or ""
        msg = self._messages.get(ts)
        if msg is None or msg.ephemeral_to is not None:
            raise SlackApiFailure("message_not_found")
        if msg.bot_id != BOT_ID:
            raise SlackApiFailure("cant_delete_message")
        self._remove(msg)
        return {"channel": self.channel_id, "ts": ts}

    def _chat_get_permalink(self, args: JSON, request: web.Request) -> JSON:
        self._channel_arg(args)
        ts = _str(args, "message_ts") or ""
        msg = self._messages.get(ts)
        if msg is None or msg.ephemeral_to is not None:
            raise SlackApiFailure("message_not_found")
        link = f"{_origin(request)}/archives/{self.channel_id}/p{ts.replace('.', '')}"
        if msg.is_reply:
            link += f"?thread_ts={msg.thread_ts}&cid={self.channel_id}"
        return {"channel": self.channel_id, "permalink": link}

    def _users_info(self, args: JSON, request: web.Request) -> JSON:
        user_id = _str(args, "user")
        if not user_id:
            raise SlackApiFailure("user_not_found")
        user = self._user_or_none(user_id)
        if user is None:
            raise SlackApiFailure("user_not_found")
        obj = self._user_object(user)
        if _bool(args, "include_locale"):
            obj["locale"] = "en-US"
        return {"user": obj}

    def _users_list(self, args: JSON, request: web.Request) -> JSON:
        members = [*self.users, self.bot_user, _slackbot()]
        limit = _int(args, "limit", 0)
        start = 0
        cursor = _str(args, "cursor")
        if cursor:
            start = _decode_cursor(cursor, "user", [u.id for u in members])
        end = len(members) if limit <= 0 else min(len(members), start + limit)
        page = members[start:end]
        next_cursor = _encode_cursor("user", members[end].id) if end < len(members) else ""
        return {
            "members": [self._user_object(u) for u in page],
            "cache_ts": int(time.time()),
            "response_metadata": {"next_cursor": next_cursor},
        }

    def _conversations_history(self, args: JSON, request: web.Request) -> JSON:
        self._channel_arg(args)
        top = [
            m
            for m in reversed(self._messages.values())
            if m.ephemeral_to is None and not m.is_reply
        ]
        latest, oldest = _str(args, "latest"), _str(args, "oldest")
        inclusive = _bool(args, "inclusive")
        if latest:
            top = [
                m for m in top if _ts_key(m.ts) < _ts_key(latest) or (inclusive and m.ts == latest)
            ]
        if oldest:
            top = [
                m for m in top if _ts_key(m.ts) > _ts_key(oldest) or (inclusive and m.ts == oldest)
            ]
        return self._page_of(args, top, default_limit=100, key="history")

    def _conversations_replies(self, args: JSON, request: web.Request) -> JSON:
        self._channel_arg(args)
        ts = _str(args, "ts")
        if not ts:
            raise SlackApiFailure("invalid_arguments")
        msg = self._messages.get(ts)
        if msg is None or msg.ephemeral_to is not None:
            raise SlackApiFailure("thread_not_found")
        root_ts = msg.thread_ts if msg.is_reply and msg.thread_ts else msg.ts
        thread = [
            m
            for m in self._messages.values()
            if m.ephemeral_to is None and (m.ts == root_ts or m.thread_ts == root_ts)
        ]
        return self._page_of(args, thread, default_limit=1000, key="replies")

    def _page_of(
        self, args: JSON, items: list[SandboxMessage], *, default_limit: int, key: str
    ) -> JSON:
        limit = _int(args, "limit", default_limit)
        if limit <= 0:
            limit = default_limit
        start = 0
        cursor = _str(args, "cursor")
        if cursor:
            start = _decode_cursor(cursor, key, [m.ts for m in items])
        page = items[start : start + limit]
        has_more = start + limit < len(items)
        next_cursor = _encode_cursor(key, items[start + limit].ts) if has_more else ""
        return {
            "messages": [self._api_message(m, thread_meta=True) for m in page],
            "has_more": has_more,
            "pin_count": 0,
            "response_metadata": {"next_cursor": next_cursor},
        }

    def _channel_arg(self, args: JSON) -> None:
        channel = _str(args, "channel")
        if channel not in (self.channel_id, self.channel_name, f"#{self.channel_name}"):
            raise SlackApiFailure("channel_not_found")

    def _content_args(self, args: JSON, *, required: bool) -> tuple[str | None, list[JSON] | None]:
        text = _str(args, "text")
        raw_blocks = args.get("blocks")
        blocks: list[JSON] | None = None
        if raw_blocks is not None and raw_blocks != "":
            if isinstance(raw_blocks, str):
                try:
                    raw_blocks = json.loads(raw_blocks)
                except ValueError:
                    raise SlackApiFailure("invalid_blocks_format") from None
            if not isinstance(raw_blocks, list):
                raise SlackApiFailure("invalid_blocks_format")
            errors = _validate_blocks(raw_blocks)
            if errors:
                raise SlackApiFailure(
                    "invalid_blocks",
                    errors=errors,
                    response_metadata={"messages": [f"[ERROR] {e}" for e in errors]},
                )
            blocks = _fill_ids(raw_blocks)
        if required and not text and not blocks:
            raise SlackApiFailure("no_text")
        if text is not None and len(text) > 40000:
            raise SlackApiFailure("msg_too_long")
        return text, blocks

    # -- Socket Mode -------------------------------------------------------

    async def _socket(self, request: web.Request) -> web.StreamResponse:
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
            self._notify()
            async for frame in ws:
                if frame.type == WSMsgType.TEXT:
                    self._on_frame(frame.data)
        except (ConnectionError, RuntimeError):
            pass
        finally:
            if conn in self._connections:
                self._connections.remove(conn)
            self._notify()
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
        self._notify()

    def _enqueue(
        self, kind: Literal["events_api", "interactive"], payload: JSON, event_id: str | None = None
    ) -> Delivery:
        delivery = Delivery(kind, payload, [str(uuid.uuid4())], event_id=event_id)
        self._by_envelope[delivery.envelope_id] = delivery
        self.deliveries.append(delivery)
        self._open[id(delivery)] = delivery
        self._notify()
        return delivery

    def _deliver_event(self, event: JSON) -> Delivery:
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
                    "user_id": self.bot_user_id,
                    "is_bot": True,
                    "is_enterprise_install": False,
                }
            ],
            "is_ext_shared_channel": False,
            "event_context": "4-" + secrets.token_urlsafe(24),
        }
        return self._enqueue("events_api", payload, event_id=event_id)

    def _target(self) -> _Connection | None:
        for conn in reversed(self._connections):
            if conn.live:
                return conn
        return None

    async def _dispatch_loop(self) -> None:
        loop = asyncio.get_running_loop()
        while not self._closing:
            self._wake.clear()
            await self._dispatch_once(loop.time())
            deadlines = [
                d.sent_at + self.ack_timeout for d in self._open.values() if d.sent_at is not None
            ]
            timeout = max(0.0, min(deadlines) - loop.time()) if deadlines else None
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), timeout)

    async def _dispatch_once(self, now: float) -> None:
        for d in list(self._open.values()):
            if d.acked or d.gave_up:
                self._open.pop(id(d), None)
                continue
            if d.sent_at is not None:
                if now - d.sent_at < self.ack_timeout:
                    continue
                if d.kind != "events_api" or d.retry_attempt >= self.max_retries:
                    d.gave_up = True
                    self._open.pop(id(d), None)
                    self._notify()
                    continue
                d.retry_attempt += 1
                d.retry_reason = "timeout"
                d.envelope_ids.append(str(uuid.uuid4()))
                self._by_envelope[d.envelope_id] = d
                d.sent_at = None
            conn = self._target()
            if conn is None:
                return
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
                return
            d.sent_at = now
            d.sent_count += 1
            self._notify()

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

    def _spawn(self, coro: Any) -> None:
        task: asyncio.Task[None] = asyncio.create_task(coro)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    # -- control API over HTTP --------------------------------------------

    async def _c_post(self, request: web.Request) -> web.Response:
        body = await _json_body(request)
        ts = self.post_user_message(_req(body, "user"), _req(body, "text"), _opt(body, "thread_ts"))
        return web.json_response({"ts": ts, "event_id": self.deliveries[-1].event_id})

    async def _c_click(self, request: web.Request) -> web.Response:
        body = await _json_body(request)
        forged = body.get("forged", False)
        if not isinstance(forged, bool):
            raise ControlError("forged must be true or false")
        d = self.click(
            _req(body, "user"), _req(body, "message_ts"), _req(body, "action_id"), forged=forged
        )
        return web.json_response({"envelope_id": d.envelope_id})

    async def _c_edit(self, request: web.Request) -> web.Response:
        body = await _json_body(request)
        event_id = self.edit_user_message(_req(body, "ts"), _req(body, "text"))
        return web.json_response({"event_id": event_id})

    async def _c_delete(self, request: web.Request) -> web.Response:
        body = await _json_body(request)
        return web.json_response({"event_id": self.delete_user_message(_req(body, "ts"))})

    async def _c_join(self, request: web.Request) -> web.Response:
        body = await _json_body(request)
        return web.json_response({"ts": self.join_channel(_req(body, "user"))})

    async def _c_other_bot(self, request: web.Request) -> web.Response:
        body = await _json_body(request)
        ts = self.post_other_bot_message(_req(body, "text"), _opt(body, "thread_ts"))
        return web.json_response({"ts": ts})

    async def _c_redeliver(self, request: web.Request) -> web.Response:
        body = await _json_body(request)
        d = self.redeliver_event(_req(body, "event_id"))
        return web.json_response({"envelope_id": d.envelope_id})

    async def _c_messages(self, request: web.Request) -> web.Response:
        return web.json_response(self.messages())

    async def _c_state(self, request: web.Request) -> web.Response:
        return web.json_response(
            {
                "version": self._version,
                "team": {"id": TEAM_ID, "domain": TEAM_DOMAIN},
                "channel": {"id": self.channel_id, "name": self.channel_name},
                "bot": {
                    "user_id": self.bot_user_id,
                    "bot_id": BOT_ID,
                    "name": BOT_NAME,
                    "real_name": self.bot_user.real_name,
                },
                "users": [self._user_summary(u) for u in self.users],
                "connections": self.connection_count,
            }
        )

    async def _c_deliveries(self, request: web.Request) -> web.Response:
        return web.json_response(
            {
                "deliveries": [d.to_json() for d in self.deliveries],
                "acks": [
                    {"envelope_id": a.envelope_id, "payload": a.payload, "known": a.known}
                    for a in self.acks
                ],
            }
        )

    async def _c_calls(self, request: web.Request) -> web.Response:
        return web.json_response(
            [
                {"method": c.method, "args": c.args, "error": c.error, "status": c.status}
                for c in self.calls
            ]
        )

    async def _c_faults_get(self, request: web.Request) -> web.Response:
        return web.json_response(self.faults)

    async def _c_faults_post(self, request: web.Request) -> web.Response:
        body = await _json_body(request)
        known = False
        if isinstance(rl := body.get("ratelimit"), dict):
            self.inject_ratelimit(
                _req(rl, "method"), _int_field(rl, "count", 1), _int_field(rl, "retry_after", 1)
            )
            known = True
        if isinstance(err := body.get("error"), dict):
            self.inject_error(
                _req(err, "method"),
                _opt(err, "error") or "internal_error",
                _int_field(err, "count", 1),
                _int_field(err, "status", 200),
            )
            known = True
        if not known:
            raise ControlError('expected {"ratelimit": {...}} or {"error": {...}}')
        self._notify()
        return web.json_response(self.faults)

    async def _c_faults_delete(self, request: web.Request) -> web.Response:
        self.clear_faults()
        return web.json_response(self.faults)

    async def _c_disconnect(self, request: web.Request) -> web.Response:
        body = await _json_body(request, allow_empty=True)
        mode = body.get("mode", "refresh")
        if mode == "refresh":
            n = await self.send_disconnect(_opt(body, "reason") or "refresh_requested")
        elif mode == "drop":
            n = await self.drop_connections()
        else:
            raise ControlError('mode must be "refresh" or "drop"')
        return web.json_response({"connections": n})

    async def _c_reset(self, request: web.Request) -> web.Response:
        self.reset()
        return web.json_response({"ok": True})

    async def _c_events(self, request: web.Request) -> web.StreamResponse:
        resp = web.StreamResponse(
            headers={
                "Content-Type": "text/event-stream",
                "Cache-Control": "no-cache",
                "X-Accel-Buffering": "no",
            }
        )
        await resp.prepare(request)
        seen = -1
        try:
            while not self._closing:
                changed = self._changed
                if seen != self._version:
                    seen = self._version
                    data = json.dumps({"version": seen})
                    await resp.write(f"event: change\ndata: {data}\n\n".encode())
                try:
                    await asyncio.wait_for(changed.wait(), 15.0)
                except TimeoutError:
                    await resp.write(b": keepalive\n\n")
        except (ConnectionError, RuntimeError):
            pass
        return resp

    async def _response_url(self, request: web.Request) -> web.Response:
        target = self._response_urls.get(request.match_info["response_id"])
        if target is None:
            return web.json_response({"ok": False, "error": "expired_url"}, status=404)
        try:
            body = await request.json()
        except ValueError:
            return web.json_response({"ok": False, "error": "invalid_json"}, status=400)
        if not isinstance(body, dict):
            return web.json_response({"ok": False, "error": "invalid_json"}, status=400)
        msg = self._messages.get(target.message_ts)
        try:
            if body.get("delete_original"):
                if msg is not None:
                    self._remove(msg)
                return web.json_response({"ok": True})
            text, blocks = self._content_args(body, required=False)
            if body.get("replace_original") and msg is not None:
                previous = self._api_message(msg, thread_meta=False)
                msg.text = text if text is not None else msg.text
                msg.blocks = blocks if blocks is not None else []
                if msg.ephemeral_to is None:
                    msg.edited = {"user": self.bot_user_id, "ts": self._next_ts()}
                    self._deliver_changed(msg, previous)
                else:
                    self._notify()
                return web.json_response({"ok": True})
            if not text and not blocks:
                raise SlackApiFailure("no_text")
            in_channel = body.get("response_type") == "in_channel"
            new = SandboxMessage(
                ts=self._next_ts(),
                text=text or "",
                blocks=blocks or [],
                user=self.bot_user_id,
                bot_id=BOT_ID,
                thread_ts=_str(body, "thread_ts") or target.thread_ts,
                ephemeral_to=None if in_channel else target.user,
            )
            self._store(new)
            if in_channel:
                self._deliver_event(self._message_event(new))
        except SlackApiFailure as failure:
            return web.json_response({"ok": False, "error": failure.error}, status=400)
        return web.json_response({"ok": True})

    async def _permalink(self, request: web.Request) -> web.Response:
        p = request.match_info["p"]
        ts = f"{p[1:-6]}.{p[-6:]}" if p.startswith("p") and len(p) > 7 else ""
        raise web.HTTPFound(f"/#{ts}")

    async def _page(self, request: web.Request) -> web.FileResponse:
        return web.FileResponse(STATIC_DIR / "index.html")

    # -- helpers -----------------------------------------------------------

    def _notify(self) -> None:
        self._version += 1
        self._changed.set()
        self._changed = asyncio.Event()
        self._wake.set()

    def _next_ts(self) -> str:
        now_us = time.time_ns() // 1000
        self._last_ts_us = max(now_us, self._last_ts_us + 1)
        return _ts_string(self._last_ts_us)

    def _store(self, msg: SandboxMessage) -> None:
        self._messages[msg.ts] = msg
        self._notify()

    def _remove(self, msg: SandboxMessage) -> str:
        previous = self._api_message(msg, thread_meta=False)
        has_replies = not msg.is_reply and any(
            m.thread_ts == msg.ts and m.ts != msg.ts for m in self._messages.values()
        )
        if has_replies:
            msg.subtype = "tombstone"
            msg.text = "This message was deleted."
            msg.blocks = []
            msg.user = SLACKBOT_ID
            msg.bot_id = None
            msg.edited = None
        else:
            del self._messages[msg.ts]
        event: JSON = {
            "type": "message",
            "subtype": "message_deleted",
            "hidden": True,
            "deleted_ts": msg.ts,
            "channel": self.channel_id,
            "previous_message": previous,
            "event_ts": self._next_ts(),
            "channel_type": "channel",
        }
        event["ts"] = event["event_ts"]
        self._notify()
        return self._deliver_event(event).event_id or ""

    def _deliver_changed(self, msg: SandboxMessage, previous: JSON) -> str:
        self._notify()
        event_ts = self._next_ts()
        event: JSON = {
            "type": "message",
            "subtype": "message_changed",
            "message": self._api_message(msg, thread_meta=False),
            "previous_message": previous,
            "channel": self.channel_id,
            "hidden": True,
            "ts": event_ts,
            "event_ts": event_ts,
            "channel_type": "channel",
        }
        return self._deliver_event(event).event_id or ""

    def _message(self, ts: str) -> SandboxMessage:
        msg = self._messages.get(ts)
        if msg is None:
            raise ControlError(f"no message {ts}")
        return msg

    def _thread_parent(self, ts: str) -> SandboxMessage:
        msg = self._messages.get(ts)
        if msg is None or msg.ephemeral_to is not None:
            raise ControlError(f"no message {ts} to reply to")
        if msg.is_reply and msg.thread_ts is not None:
            return self._messages[msg.thread_ts]
        return msg

    def _user_or_none(self, user_id: str) -> SandboxUser | None:
        for u in [*self.users, self.bot_user, _slackbot()]:
            if u.id == user_id:
                return u
        return None

    def _person(self, user: str) -> SandboxUser:
        for u in self.users:
            if u.id == user or u.name == user:
                if u.is_bot or u.deleted:
                    raise ControlError(f"user {user} cannot write")
                return u
        raise ControlError(f"no user {user}")

    def _api_message(self, msg: SandboxMessage, *, thread_meta: bool) -> JSON:
        d: JSON = {"type": "message"}
        if msg.subtype:
            d["subtype"] = msg.subtype
        if msg.user:
            d["user"] = msg.user
        if msg.bot_id:
            d["bot_id"] = msg.bot_id
        if msg.bot_id == BOT_ID:
            d["app_id"] = APP_ID
        if msg.username:
            d["username"] = msg.username
        if msg.client_msg_id:
            d["client_msg_id"] = msg.client_msg_id
        d["text"] = msg.text
        d["ts"] = msg.ts
        if msg.subtype != "bot_message":
            d["team"] = TEAM_ID
        if msg.bot_id == BOT_ID:
            d["bot_profile"] = {
                "id": BOT_ID,
                "app_id": APP_ID,
                "name": BOT_NAME,
                "deleted": False,
                "team_id": TEAM_ID,
                "icons": {},
            }
        if msg.blocks:
            d["blocks"] = msg.blocks
        if msg.edited:
            d["edited"] = dict(msg.edited)
        if msg.is_reply and msg.thread_ts is not None:
            d["thread_ts"] = msg.thread_ts
            parent = self._messages.get(msg.thread_ts)
            if parent is not None and parent.user:
                d["parent_user_id"] = parent.user
        elif thread_meta:
            replies = [
                m
                for m in self._messages.values()
                if m.thread_ts == msg.ts and m.ts != msg.ts and m.ephemeral_to is None
            ]
            if replies:
                authors = list(dict.fromkeys(m.user or m.bot_id or "" for m in replies))
                d["thread_ts"] = msg.ts
                d["reply_count"] = len(replies)
                d["reply_users_count"] = len(authors)
                d["latest_reply"] = replies[-1].ts
                d["reply_users"] = authors[:5]
                d["is_locked"] = False
                d["subscribed"] = False
        return d

    def _message_event(self, msg: SandboxMessage) -> JSON:
        event = self._api_message(msg, thread_meta=False)
        event["channel"] = self.channel_id
        event["event_ts"] = msg.ts
        event["channel_type"] = "channel"
        return event

    def _control_message(self, msg: SandboxMessage) -> JSON:
        return {
            "ts": msg.ts,
            "user": None if msg.bot_id else msg.user,
            "bot_id": msg.bot_id,
            "username": msg.username,
            "subtype": msg.subtype,
            "text": msg.text,
            "blocks": msg.blocks,
            "thread_ts": msg.thread_ts if msg.is_reply else None,
            "edited": msg.edited,
            "ephemeral_to": msg.ephemeral_to,
        }

    def _user_object(self, user: SandboxUser) -> JSON:
        offset = _tz_offset(user.tz)
        display = user.display_name or (user.real_name.split(" ")[0] if not user.is_bot else "")
        profile: JSON = {
            "real_name": user.real_name,
            "real_name_normalized": user.real_name,
            "display_name": display,
            "display_name_normalized": display,
            "first_name": user.real_name.split(" ")[0],
            "last_name": " ".join(user.real_name.split(" ")[1:]),
            "team": TEAM_ID,
            "image_48": "",
        }
        if user.email:
            profile["email"] = user.email
        if user.is_bot:
            profile["bot_id"] = BOT_ID if user.id == BOT_USER_ID else None
            profile["api_app_id"] = APP_ID if user.id == BOT_USER_ID else ""
        return {
            "id": user.id,
            "team_id": TEAM_ID,
            "name": user.name,
            "deleted": user.deleted,
            "color": "9f69e7",
            "real_name": user.real_name,
            "tz": user.tz,
            "tz_label": user.tz,
            "tz_offset": offset,
            "profile": profile,
            "is_admin": False,
            "is_owner": False,
            "is_primary_owner": False,
            "is_restricted": False,
            "is_ultra_restricted": False,
            "is_bot": user.is_bot,
            "is_app_user": False,
            "updated": 1700000000,
        }

    def _user_summary(self, user: SandboxUser) -> JSON:
        return {
            "id": user.id,
            "name": user.name,
            "real_name": user.real_name,
            "email": user.email,
            "tz": user.tz,
            "is_bot": user.is_bot,
            "registered": user.registered,
            "deleted": user.deleted,
        }


@contextlib.asynccontextmanager
async def serve_slack(
    users: Sequence[SandboxUser] = DEFAULT_USERS, **options: Any
) -> AsyncIterator[SlackSandbox]:
    """``async with serve_slack() as sandbox:`` -- started on a free port, stopped after."""
    sandbox = SlackSandbox(users, **options)
    await sandbox.start()
    try:
        yield sandbox
    finally:
        await sandbox.stop()


# -- module helpers ---------------------------------------------------------


_SLACK_TOKEN = re.compile(r"<(?:[@#!]|https?://|mailto:)[^<>]*>")


def slack_escape(typed: str) -> str:
    """Text as Slack stores what a person typed: ``&``, ``<``, ``>`` escaped.

    Slack's own tokens are kept, so a test can write a mention (``<@U0ASHA001>``),
    a channel (``<#C0LEAVE01>``), ``<!here>`` or a link (``<https://x|label>``).
    """
    out: list[str] = []
    last = 0
    for match in _SLACK_TOKEN.finditer(typed):
        out.append(_escape_plain(typed[last : match.start()]))
        out.append(match.group(0))
        last = match.end()
    out.append(_escape_plain(typed[last:]))
    return "".join(out)


def _escape_plain(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _slackbot() -> SandboxUser:
    return SandboxUser(SLACKBOT_ID, "slackbot", "Slackbot", "", "America/Los_Angeles")


def _ts_string(us: int) -> str:
    return f"{us // 1_000_000}.{us % 1_000_000:06d}"


def _ts_key(ts: str) -> tuple[int, int]:
    whole, _, frac = ts.partition(".")
    try:
        return int(whole), int((frac + "000000")[:6])
    except ValueError:
        raise SlackApiFailure("invalid_ts_latest") from None


def _tz_offset(tz: str) -> int:
    try:
        delta = datetime.now(UTC).astimezone(ZoneInfo(tz)).utcoffset()
    except (KeyError, ValueError):
        return 0
    return int(delta.total_seconds()) if delta is not None else 0


def _encode_cursor(kind: str, key: str) -> str:
    return base64.b64encode(f"{kind}:{key}".encode()).decode()


def _decode_cursor(cursor: str, kind: str, keys: list[str]) -> int:
    try:
        decoded = base64.b64decode(cursor.encode(), validate=True).decode()
    except ValueError:
        raise SlackApiFailure("invalid_cursor") from None
    prefix, _, key = decoded.partition(":")
    if prefix != kind or key not in keys:
        raise SlackApiFailure("invalid_cursor")
    return keys.index(key)


def _origin(request: web.Request) -> str:
    return f"{request.scheme}://{request.host}"


def _bearer(request: web.Request) -> str | None:
    header = request.headers.get("Authorization", "")
    if header.lower().startswith("bearer "):
        return header[7:].strip() or None
    return None


async def _read_args(request: web.Request) -> tuple[JSON, str | None]:
    """Arguments from the query string and the body; the token if one came in them."""
    args: JSON = dict(request.query)
    form_token = args.pop("token", None)
    if request.method == "POST" and request.body_exists:
        if request.content_type == "application/json":
            try:
                body = await request.json()
            except ValueError:
                raise SlackApiFailure("invalid_json") from None
            if not isinstance(body, dict):
                raise SlackApiFailure("invalid_json")
            body.pop("token", None)
            args.update(body)
        elif request.content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
            form = await request.post()
            for key, value in form.items():
                if isinstance(value, str):
                    if key == "token":
                        form_token = value
                    else:
                        args[key] = value
    return args, form_token


def _str(args: Mapping[str, Any], name: str) -> str | None:
    value = args.get(name)
    if value is None:
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    if not isinstance(value, str):
        raise SlackApiFailure("invalid_arguments")
    return value


def _int(args: Mapping[str, Any], name: str, default: int) -> int:
    value = args.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except (TypeError, ValueError):
        raise SlackApiFailure("invalid_arguments") from None


def _bool(args: Mapping[str, Any], name: str) -> bool:
    value = args.get(name)
    if isinstance(value, str):
        return value.lower() in ("1", "true")
    return bool(value)


async def _json_body(request: web.Request, *, allow_empty: bool = False) -> JSON:
    if allow_empty and not request.body_exists:
        return {}
    try:
        body = await request.json()
    except ValueError:
        raise ControlError("the body must be a JSON object") from None
    if not isinstance(body, dict):
        raise ControlError("the body must be a JSON object")
    return body


def _req(body: Mapping[str, Any], name: str) -> str:
    value = body.get(name)
    if not isinstance(value, str) or not value:
        raise ControlError(f"{name} is required (a string)")
    return value


def _opt(body: Mapping[str, Any], name: str) -> str | None:
    value = body.get(name)
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise ControlError(f"{name} must be a string")
    return value


def _int_field(body: Mapping[str, Any], name: str, default: int) -> int:
    value = body.get(name, default)
    if not isinstance(value, int) or isinstance(value, bool):
        raise ControlError(f"{name} must be an integer")
    return value


def _rich_text_block(text: str) -> JSON:
    return {
        "type": "rich_text",
        "block_id": secrets.token_urlsafe(4)[:5],
        "elements": [{"type": "rich_text_section", "elements": [{"type": "text", "text": text}]}],
    }


def _find_button(blocks: Iterable[JSON], action_id: str) -> tuple[str, JSON] | None:
    for block in blocks:
        candidates: list[Any] = []
        if block.get("type") == "actions":
            candidates = list(block.get("elements") or [])
        elif block.get("type") == "section" and isinstance(block.get("accessory"), dict):
            candidates = [block["accessory"]]
        for element in candidates:
            if (
                isinstance(element, dict)
                and element.get("type") == "button"
                and element.get("action_id") == action_id
            ):
                return str(block.get("block_id", "")), element
    return None


def _fill_ids(blocks: list[JSON]) -> list[JSON]:
    """Copy the blocks, adding a ``block_id`` / ``action_id`` where Slack would."""
    filled: list[JSON] = json.loads(json.dumps(blocks))
    for block in filled:
        block.setdefault("block_id", secrets.token_urlsafe(4)[:5])
        elements: list[Any] = []
        if block.get("type") == "actions":
            elements = block.get("elements") or []
        elif isinstance(block.get("accessory"), dict):
            elements = [block["accessory"]]
        for element in elements:
            if isinstance(element, dict) and element.get("type") != "image":
                element.setdefault("action_id", secrets.token_urlsafe(4)[:5])
    return filled


_BLOCK_TYPES = {"header", "section", "context", "divider", "actions", "image", "rich_text"}
_TEXT_TYPES = {"plain_text", "mrkdwn"}


def _validate_blocks(blocks: list[Any]) -> list[str]:
    """The Block Kit errors Slack would answer for ``blocks`` (what leavebot uses)."""
    errors: list[str] = []

    def err(message: str, pointer: str) -> None:
        errors.append(f"{message} [json-pointer:{pointer}]")

    def text_obj(value: Any, pointer: str, *, plain: bool, max_len: int) -> None:
        if not isinstance(value, dict):
            err("must provide an object", pointer)
            return
        kind = value.get("type")
        if kind not in _TEXT_TYPES or (plain and kind != "plain_text"):
            err("must be a valid enum value", f"{pointer}/type")
        text = value.get("text")
        if not isinstance(text, str) or not text:
            err("must be more than 0 characters", f"{pointer}/text")
        elif len(text) > max_len:
            err(f"must be less than {max_len + 1} characters", f"{pointer}/text")

    def element(value: Any, pointer: str, action_ids: set[str]) -> None:
        if not isinstance(value, dict):
            err("must provide an object", pointer)
            return
        kind = value.get("type")
        if kind == "button":
            text_obj(value.get("text"), f"{pointer}/text", plain=True, max_len=75)
            style = value.get("style")
            if style is not None and style not in ("primary", "danger"):
                err("must be a valid enum value", f"{pointer}/style")
            v = value.get("value")
            if v is not None and (not isinstance(v, str) or len(v) > 2000):
                err("must be a string of at most 2000 characters", f"{pointer}/value")
        elif kind == "image":
            if not value.get("image_url") and not value.get("slack_file"):
                err("must provide image_url", f"{pointer}/image_url")
            return
        elif kind not in ("overflow", "static_select", "datepicker", "users_select"):
            err("must be a valid enum value", f"{pointer}/type")
            return
        action_id = value.get("action_id")
        if action_id is not None:
            if not isinstance(action_id, str) or not action_id or len(action_id) > 255:
                err("must be between 1 and 255 characters", f"{pointer}/action_id")
            elif action_id in action_ids:
                err("action_id already exists", f"{pointer}/action_id")
            else:
                action_ids.add(action_id)

    if len(blocks) > MAX_BLOCKS:
        err(f"must be less than {MAX_BLOCKS + 1} items", "/blocks")
    block_ids: set[str] = set()
    action_ids: set[str] = set()
    for i, block in enumerate(blocks):
        p = f"/blocks/{i}"
        if not isinstance(block, dict):
            err("must provide an object", p)
            continue
        kind = block.get("type")
        if kind not in _BLOCK_TYPES:
            err("must be a valid enum value", f"{p}/type")
            continue
        block_id = block.get("block_id")
        if block_id is not None:
            if not isinstance(block_id, str) or not block_id or len(block_id) > 255:
                err("must be between 1 and 255 characters", f"{p}/block_id")
            elif block_id in block_ids:
                err("block_id already exists", f"{p}/block_id")
            else:
                block_ids.add(block_id)
        if kind == "header":
            text_obj(block.get("text"), f"{p}/text", plain=True, max_len=150)
        elif kind == "section":
            if "text" not in block and "fields" not in block:
                err("must provide text or fields", p)
            if "text" in block:
                text_obj(block["text"], f"{p}/text", plain=False, max_len=3000)
            if "fields" in block:
                fields = block["fields"]
                if not isinstance(fields, list) or not 1 <= len(fields) <= 10:
                    err("must provide 1 to 10 fields", f"{p}/fields")
                else:
                    for j, f in enumerate(fields):
                        text_obj(f, f"{p}/fields/{j}", plain=False, max_len=2000)
            if "accessory" in block:
                element(block["accessory"], f"{p}/accessory", action_ids)
        elif kind == "context":
            elements = block.get("elements")
            if not isinstance(elements, list) or not 1 <= len(elements) <= 10:
                err("must provide 1 to 10 elements", f"{p}/elements")
            else:
                for j, e in enumerate(elements):
                    if isinstance(e, dict) and e.get("type") == "image":
                        element(e, f"{p}/elements/{j}", action_ids)
                    else:
                        text_obj(e, f"{p}/elements/{j}", plain=False, max_len=3000)
        elif kind == "actions":
            elements = block.get("elements")
            if not isinstance(elements, list) or not 1 <= len(elements) <= 25:
                err("must provide 1 to 25 elements", f"{p}/elements")
            else:
                for j, e in enumerate(elements):
                    element(e, f"{p}/elements/{j}", action_ids)
        elif kind == "image":
            if not block.get("image_url") and not block.get("slack_file"):
                err("must provide image_url", f"{p}/image_url")
            if not isinstance(block.get("alt_text"), str):
                err("must provide alt_text", f"{p}/alt_text")
    return errors


def _control_errors(handler: Handler) -> Handler:
    """A control route: a :class:`ControlError` becomes HTTP 400 with a JSON error."""

    async def wrapped(request: web.Request) -> web.Response:
        try:
            return await handler(request)
        except ControlError as exc:
            return web.json_response({"ok": False, "error": str(exc)}, status=400)

    return wrapped


def main(argv: Sequence[str] | None = None) -> None:
    """``python -m leavebot.sandbox.slack [--port N]``: serve the sandbox until interrupted."""
    import argparse

    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0)
    args = parser.parse_args(argv)

    async def serve() -> None:
        sandbox = SlackSandbox()
        await sandbox.start(args.host, args.port)
        print(f"chat page   {sandbox.page_url}")
        print(f"Web API     {sandbox.api_url}")
        print(f"bot token   {sandbox.bot_token}")
        print(f"app token   {sandbox.app_token}", flush=True)
        try:
            await asyncio.Event().wait()
        finally:
            await sandbox.stop()

    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(serve())


if __name__ == "__main__":
    main()
