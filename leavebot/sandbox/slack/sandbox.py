"""The sandbox Slack as one service: its parts, its lifecycle and its Python control API.

:class:`SlackSandbox` puts together the workspace state
(:mod:`~leavebot.sandbox.slack.state`), Socket Mode
(:mod:`~leavebot.sandbox.slack.socket_mode`), the Web API
(:mod:`~leavebot.sandbox.slack.web_api`), buttons
(:mod:`~leavebot.sandbox.slack.interactivity`) and the control routes and
chat page (:mod:`~leavebot.sandbox.slack.control`) on the one
:class:`~leavebot.sandbox.common.HttpSandbox` lifecycle, and offers what
tests do to Slack in Python: people write, edit, delete, join, click; the
bot's messages get deleted; connections drop; faults are injected; people
open the app's Home tab and press its buttons (:mod:`~leavebot.sandbox.slack.home`);
and the waits on all of it.
"""

from __future__ import annotations

import contextlib
import secrets
import uuid
from collections.abc import AsyncIterator, Callable, Sequence
from typing import Any, TypeVar

from aiohttp import web

from leavebot.sandbox.common import HttpSandbox, dropping
from leavebot.sandbox.slack.blocks import rich_text_block
from leavebot.sandbox.slack.control import ControlRoutes
from leavebot.sandbox.slack.home import HomeTabs
from leavebot.sandbox.slack.interactivity import Interactivity
from leavebot.sandbox.slack.model import (
    APP_ID,
    BOT_ID,
    CHANNEL_ID,
    CHANNEL_NAME,
    DEFAULT_APP_TOKEN,
    DEFAULT_BOT_EVENTS,
    DEFAULT_BOT_TOKEN,
    DEFAULT_SCOPES,
    DEFAULT_USERS,
    JSON,
    OTHER_BOT_ID,
    OTHER_BOT_NAME,
    OTHER_CHANNELS,
    SLACK_RETRY_DELAYS,
    TEAM_ID,
    Ack,
    ApiCall,
    ControlError,
    Delivery,
    SandboxMessage,
    SandboxUser,
    file_object,
    slack_escape,
)
from leavebot.sandbox.slack.socket_mode import SocketModeServer
from leavebot.sandbox.slack.state import Workspace
from leavebot.sandbox.slack.web_api import WebApi

T = TypeVar("T")


class SlackSandbox(HttpSandbox):
    """The sandbox Slack: state, the Python control API and the aiohttp routes."""

    control_prefix = "/sandbox/slack"

    def __init__(
        self,
        users: Sequence[SandboxUser] = DEFAULT_USERS,
        *,
        bot_token: str = DEFAULT_BOT_TOKEN,
        app_token: str = DEFAULT_APP_TOKEN,
        channel_id: str = CHANNEL_ID,
        channel_name: str = CHANNEL_NAME,
        private: bool = False,
        scopes: Sequence[str] = DEFAULT_SCOPES,
        bot_events: Sequence[str] = DEFAULT_BOT_EVENTS,
        other_channels: Sequence[tuple[str, str]] = OTHER_CHANNELS,
        ack_timeout: float = 3.0,
        retry_delays: Sequence[float] = SLACK_RETRY_DELAYS,
        max_retries: int | None = None,
        disconnect_grace: float = 10.0,
    ) -> None:
        """``private``: the leave channel is a private channel; ``scopes`` / ``bot_events``:
        what the app was granted and subscribed to; ``retry_delays``: Slack's retry
        schedule of a failed event delivery (see :mod:`~leavebot.sandbox.slack.socket_mode`)."""
        super().__init__()
        self.workspace = Workspace(
            users,
            channel_id=channel_id,
            channel_name=channel_name,
            private=private,
            scopes=scopes,
            bot_events=bot_events,
            other_channels=other_channels,
        )
        self.socket = SocketModeServer(
            self.workspace,
            ack_timeout=ack_timeout,
            retry_delays=retry_delays,
            max_retries=max_retries,
            disconnect_grace=disconnect_grace,
        )
        self.web_api = WebApi(
            self.workspace,
            self.socket,
            self.faults,
            bot_token=bot_token,
            app_token=app_token,
            sleep=self.sleep,
        )
        self.interactivity = Interactivity(self.workspace, self.socket, lambda: self._base_url)
        self.home = HomeTabs(self.workspace, self.socket)
        self.web_api.extra_methods["views.publish"] = self.home.views_publish
        self.control = ControlRoutes(self)

    # -- lifecycle ---------------------------------------------------------

    async def start(self, host: str = "127.0.0.1", port: int = 0) -> str:
        """Serve on ``host:port`` (0: a free port); returns the Web API URL."""
        await super().start(host, port)
        return self.api_url

    async def open(self) -> None:
        """Start the Socket Mode dispatcher (idempotent)."""
        await super().open()
        await self.socket.open()

    async def close(self) -> None:
        """End event streams, close Socket Mode connections, stop the dispatcher."""
        await super().close()
        self.workspace.notify()
        await self.socket.close()

    def add_routes(self, app: web.Application, *, page_path: str = "/") -> None:
        """Register the Web API, Socket Mode, control API and the chat page on ``app``.

        The control routes are listed in :mod:`leavebot.sandbox.slack.control`.
        """
        app.router.add_route("*", "/api/{method}", dropping(self.web_api.handle))
        app.router.add_get("/socket", self.socket.handle_socket)
        app.router.add_post(
            "/sandbox/slack/actions/{response_id}", self.interactivity.handle_response_url
        )
        self.control.add_routes(app, page_path=page_path)

    @property
    def closing(self) -> bool:
        return self._closing.is_set()

    @property
    def api_url(self) -> str:
        """The Web API base URL for ``AsyncWebClient(base_url=...)``."""
        return f"{self.base_url}/api/"

    @property
    def page_url(self) -> str:
        return f"{self.base_url}/"

    # -- who is who --------------------------------------------------------

    @property
    def users(self) -> list[SandboxUser]:
        return self.workspace.users

    @property
    def bot_user(self) -> SandboxUser:
        return self.workspace.bot_user

    @property
    def channel_id(self) -> str:
        return self.workspace.channel_id

    @property
    def channel_name(self) -> str:
        return self.workspace.channel_name

    @property
    def private(self) -> bool:
        """Whether the leave channel is a private channel."""
        return self.workspace.private

    def make_private(self, private: bool = True) -> None:
        """Make the leave channel private (or public again): its events become
        ``channel_type: "group"`` and need ``message.groups``; its history needs
        ``groups:history`` (Slack converts a channel in place, keeping its id)."""
        self.workspace.private = private
        self.workspace.notify()

    @property
    def bot_token(self) -> str:
        return self.web_api.bot_token

    @property
    def app_token(self) -> str:
        return self.web_api.app_token

    @property
    def bot_user_id(self) -> str:
        return self.workspace.bot_user.id

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
            "channels": [{"id": c, "name": n} for c, n in self.workspace.channels.items()],
            "bot": {"user_id": self.bot_user_id, "bot_id": BOT_ID, "app_id": APP_ID},
            "users": [self.workspace.user_summary(u) for u in self.users],
            "connections": self.connection_count,
        }

    # -- Socket Mode settings and records ----------------------------------

    @property
    def ack_timeout(self) -> float:
        return self.socket.ack_timeout

    @ack_timeout.setter
    def ack_timeout(self, value: float) -> None:
        self.socket.ack_timeout = value

    @property
    def max_retries(self) -> int:
        return self.socket.max_retries

    @max_retries.setter
    def max_retries(self, value: int | None) -> None:
        self.socket.max_retries = value

    @property
    def retry_delays(self) -> tuple[float, ...]:
        return self.socket.retry_delays

    @retry_delays.setter
    def retry_delays(self, value: Sequence[float]) -> None:
        self.socket.retry_delays = tuple(value)

    @property
    def disconnect_grace(self) -> float:
        return self.socket.disconnect_grace

    @disconnect_grace.setter
    def disconnect_grace(self, value: float) -> None:
        self.socket.disconnect_grace = value

    @property
    def deliveries(self) -> list[Delivery]:
        return self.socket.deliveries

    @property
    def acks(self) -> list[Ack]:
        return self.socket.acks

    @property
    def calls(self) -> list[ApiCall]:
        return self.web_api.calls

    @property
    def connection_count(self) -> int:
        return self.socket.connection_count

    @property
    def connections_seen(self) -> int:
        """How many Socket Mode connections were ever opened."""
        return self.socket.connections_seen

    def delivery_for(self, envelope_id: str) -> Delivery | None:
        return self.socket.delivery_for(envelope_id)

    def event_deliveries(self) -> list[Delivery]:
        return [d for d in self.deliveries if d.kind == "events_api"]

    def interactive_deliveries(self) -> list[Delivery]:
        return [d for d in self.deliveries if d.kind == "interactive"]

    def calls_to(self, method: str) -> list[ApiCall]:
        return [c for c in self.calls if c.method == method]

    async def send_disconnect(self, reason: str = "refresh_requested") -> int:
        """Ask every connection to reconnect; closed after ``disconnect_grace`` seconds."""
        return await self.socket.send_disconnect(reason)

    async def drop_connections(self) -> int:
        """Drop every connection abruptly (no close frame), like a network failure."""
        return await self.socket.drop_connections()

    # -- Python control API ------------------------------------------------

    def post_user_message(
        self,
        user: str,
        text: str,
        thread_ts: str | None = None,
        channel: str | None = None,
        *,
        files: Sequence[str] = (),
        broadcast: bool = False,
    ) -> str:
        """A person writes in the channel (or a thread of it); returns the message ts.

        ``text`` is what the person typed; it is stored and sent the way Slack
        does (see :func:`~leavebot.sandbox.slack.model.slack_escape`). ``files``
        (names) attach files: a ``file_share`` message. ``broadcast`` with a
        ``thread_ts``: the reply is also sent to the channel, a ``thread_broadcast``.
        ``channel``: another public channel than the leave channel.
        """
        return self.post(user, text, thread_ts, channel, files=files, broadcast=broadcast)[0]

    def post(
        self,
        user: str,
        text: str,
        thread_ts: str | None = None,
        channel: str | None = None,
        *,
        files: Sequence[str] = (),
        broadcast: bool = False,
    ) -> tuple[str, Delivery | None]:
        """:meth:`post_user_message`, with the delivery of its event (``None``: not sent)."""
        ws = self.workspace
        person = ws.person(user)
        if not text and not files:
            raise ControlError("text is required (or a file)")
        if broadcast and not thread_ts:
            raise ControlError("broadcast needs thread_ts: a reply also sent to the channel")
        names = [name.strip() for name in files]
        if any(not name or "/" in name or len(name) > 255 for name in names):
            raise ControlError("a file needs a name (no slash, at most 255 characters)")
        where = ws.channel_arg(channel) if channel else ws.channel_id
        if where is None:
            raise ControlError(f"no channel {channel}")
        parent = ws.thread_parent(thread_ts) if thread_ts else None
        if parent is not None and ws.channel_of(parent) != where:
            raise ControlError(f"message {thread_ts} is not in {where}")
        ts = ws.next_ts()
        subtype = "thread_broadcast" if broadcast else "file_share" if names else None
        msg = SandboxMessage(
            ts=ts,
            text=slack_escape(text),
            blocks=[rich_text_block(text)] if text else [],
            user=person.id,
            subtype=subtype,
            thread_ts=parent.ts if parent else None,
            client_msg_id=str(uuid.uuid4()),
            files=[
                file_object("F" + secrets.token_hex(5).upper(), name, person.id, ts)
                for name in names
            ],
            channel=None if where == ws.channel_id else where,
        )
        ws.store(msg)
        return msg.ts, self.socket.deliver_event(ws.message_event(msg))

    def edit_user_message(self, ts: str, text: str, user: str | None = None) -> str:
        """The author edits a message: ``message_changed``; returns the event id.

        ``user`` (when given) must be the author: Slack lets only them edit it.
        """
        ws = self.workspace
        msg = self._own_message(ts, user)
        if not text:
            raise ControlError("text is required")
        previous = ws.api_message(msg, thread_meta=False)
        msg.text = slack_escape(text)
        msg.blocks = [rich_text_block(text)]
        assert msg.user is not None
        return _event_id(self.socket.deliver_event(ws.changed_event(msg, previous, msg.user)))

    def delete_user_message(self, ts: str, user: str | None = None) -> str:
        """The author deletes a message; returns the event id: ``message_deleted``, or for
        a thread's first message with replies, ``message_changed`` to a tombstone."""
        msg = self._own_message(ts, user)
        return _event_id(self.socket.deliver_event(self.workspace.remove(msg)))

    def _own_message(self, ts: str, user: str | None) -> SandboxMessage:
        msg = self.workspace.message(ts)
        if (
            msg.user is None
            or msg.bot_id is not None
            or msg.ephemeral_to is not None
            or msg.subtype not in (None, "thread_broadcast", "file_share")
        ):
            raise ControlError(f"message {ts} is not a person's message")
        if user is not None and self.workspace.person(user).id != msg.user:
            raise ControlError(f"only the author of message {ts} can change it")
        return msg

    def delete_bot_message(self, ts: str) -> str:
        """A workspace admin deletes one of the bot's messages: ``message_deleted``."""
        msg = self.workspace.message(ts)
        if msg.bot_id != BOT_ID or msg.ephemeral_to is not None:
            raise ControlError(f"message {ts} is not one of the bot's messages")
        return _event_id(self.socket.deliver_event(self.workspace.remove(msg)))

    def join_channel(self, user: str) -> str:
        """A person joins the channel: a ``channel_join`` message; returns its ts."""
        ws = self.workspace
        person = ws.person(user)
        msg = SandboxMessage(
            ts=ws.next_ts(),
            text=f"<@{person.id}> has joined the channel",
            user=person.id,
            subtype="channel_join",
        )
        ws.store(msg)
        self.socket.deliver_event(ws.message_event(msg))
        return msg.ts

    def set_topic(self, user: str, topic: str) -> str:
        """A person sets the channel topic: a ``channel_topic`` message; returns its ts."""
        ws = self.workspace
        person = ws.person(user)
        msg = SandboxMessage(
            ts=ws.next_ts(),
            text=f"<@{person.id}> set the channel topic: {slack_escape(topic)}",
            user=person.id,
            subtype="channel_topic",
        )
        ws.store(msg)
        event = ws.message_event(msg)
        event["topic"] = topic
        self.socket.deliver_event(event)
        return msg.ts

    def post_other_bot_message(self, text: str, thread_ts: str | None = None) -> str:
        """Another integration posts (``subtype: bot_message``); returns the ts."""
        ws = self.workspace
        parent = ws.thread_parent(thread_ts) if thread_ts else None
        msg = SandboxMessage(
            ts=ws.next_ts(),
            text=text,
            bot_id=OTHER_BOT_ID,
            username=OTHER_BOT_NAME,
            subtype="bot_message",
            thread_ts=parent.ts if parent else None,
        )
        ws.store(msg)
        self.socket.deliver_event(ws.message_event(msg))
        return msg.ts

    def redeliver_event(self, event_id: str) -> Delivery:
        """Deliver an already delivered event again, same ``event_id`` (dedupe tests)."""
        return self.socket.redeliver_event(event_id)

    def click(
        self, user: str, message_ts: str, action_id: str, *, forged: bool = False
    ) -> Delivery:
        """A person clicks a button of a bot message: a ``block_actions`` delivery.

        ``forged``: the payload names ``action_id`` whether or not the message has
        such a button (a hand-made payload, or a stale client showing old buttons).
        """
        return self.interactivity.click(user, message_ts, action_id, forged=forged)

    def open_home(self, user: str, tab: str = "home") -> Delivery:
        """A person opens the app's Home tab: an ``app_home_opened`` event."""
        return self.home.open(user, tab)

    def click_home(self, user: str, action_id: str) -> Delivery:
        """A person presses a button of their Home view: a ``block_actions`` delivery."""
        return self.home.click(user, action_id)

    def home_view(self, user: str) -> JSON | None:
        """The Home view a person sees (None before the app published one)."""
        return self.home.view(user)

    def messages(self) -> list[JSON]:
        """Every message of the channel, threads and ephemeral notes included, by ts."""
        return [self.workspace.control_message(m) for m in self.workspace.messages.values()]

    def message(self, ts: str) -> JSON | None:
        msg = self.workspace.messages.get(ts)
        return None if msg is None else self.workspace.control_message(msg)

    def thread(self, ts: str) -> list[JSON]:
        """The parent and the replies of the thread of ``ts``."""
        return [m for m in self.messages() if m["ts"] == ts or m["thread_ts"] == ts]

    # -- faults ------------------------------------------------------------

    def inject_ratelimit(self, method: str, count: int = 1, retry_after: int = 1) -> None:
        """The next ``count`` calls of ``method`` (``*``: any) answer 429."""
        self.inject("error", op=method, times=count, status=429, retry_after_s=retry_after)

    def inject_error(
        self, method: str, error: str = "internal_error", count: int = 1, status: int = 200
    ) -> None:
        """The next ``count`` calls of ``method`` answer ``{"ok": false, "error": error}``."""
        self.inject("error", op=method, times=count, status=status, error=error)

    def fault_list(self) -> list[JSON]:
        """The queued faults as the Slack control API lists them."""
        listed: list[JSON] = []
        for fault, remaining in self.faults.entries():
            ratelimit = fault.kind == "error" and fault.status == 429 and fault.error is None
            listed.append(
                {
                    "kind": "ratelimit" if ratelimit else fault.kind,
                    "method": fault.op,
                    "count": remaining,
                    "retry_after": int(fault.retry_after_s),
                    "error": fault.error or "internal_error",
                    "status": fault.status,
                }
            )
        return listed

    def reset(self) -> None:
        """Forget messages, deliveries, acks, calls and faults (connections stay)."""
        self.workspace.messages.clear()
        self.socket.reset()
        self.web_api.calls.clear()
        self.faults.clear()
        self.interactivity.reset()
        self.home.reset()
        self.workspace.notify()

    # -- waits -------------------------------------------------------------

    async def wait_for(self, predicate: Callable[[], T | None], timeout: float = 5.0) -> T:  # noqa: ASYNC109
        """Wait until ``predicate()`` is truthy (checked on each state change)."""
        return await self.workspace.wait_for(predicate, timeout)

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
            n = self.socket.live_count
            return n if n >= count else None

        return await self.wait_for(live, timeout)


def _event_id(delivery: Delivery | None) -> str:
    """The event id of a delivery ("" when Slack sent nothing)."""
    return "" if delivery is None or delivery.event_id is None else delivery.event_id


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
