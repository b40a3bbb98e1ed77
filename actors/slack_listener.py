"""The slack_listener actor: Socket Mode in; stores what people say, then acknowledges.

It runs slack-bolt's ``AsyncApp`` with ``process_before_response=True`` over
an ``AsyncSocketModeHandler`` (``connect_async`` here, ``close_async`` in
``finally``; the client reconnects by itself after a drop). For a message it
keeps only the leave channel's messages that people write -- plain ones, a
reply also sent to the channel (``thread_broadcast``) and one with a file
(``file_share``); no bots, joins or topic changes -- drops a message it has
taken before (by channel and ``ts``), needs a trigger keyword unless the bot
already speaks in the thread, and then, in one statement with the message's
key, sends the message on: to the parser for a registered person, to the
tracker (for a private note) for anyone else whose message reads as a leave.
The trigger words are the runtime ``trigger_keywords``, by default the
parser's own vocabulary (``leavebot.parsing.vocabulary``), matched as the
parser reads.

A person's edit (``message_changed`` whose ``message`` is theirs and whose
text changed: Slack also sends it for link unfurls and language detection,
and for every ``chat.update`` of the bot's own messages) goes to the parser
as a ``SlackEdit`` when the message made a request, is in a thread the bot
speaks in, or now has a trigger keyword. A deletion of a message that made a
request (``message_deleted``, or the ``message_changed`` to a ``tombstone``
that Slack sends instead when the message has replies, as a request's first
message always has) goes to the tracker as a ``SlackDeletion``. A button
click is acknowledged at once and its effect stored for the tracker. Opening
the app's Home tab (``app_home_opened``) is stored for the home actor, and a
Cancel pressed in the Home tab for the tracker, which starts the cancel flow.

On every (re)connect (Slack's ``hello``) and after an event could not be
stored, it catches up on what Slack never delivered
(:mod:`leavebot.slack_catchup`), through the same path.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any

import anyio
import anyio.abc
import structlog
from aiohttp import WSMessage
from slack_bolt.adapter.socket_mode.aiohttp import AsyncSocketModeHandler
from slack_bolt.async_app import AsyncAck, AsyncApp
from slack_bolt.middleware.authorization.async_single_team_authorization import (
    AsyncSingleTeamAuthorization,
)
from slack_sdk.socket_mode.aiohttp import SocketModeClient
from slack_sdk.socket_mode.request import SocketModeRequest
from slack_sdk.socket_mode.response import SocketModeResponse

from leavebot import home
from leavebot.db import DB_UNAVAILABLE
from leavebot.messages import (
    ButtonClicked,
    HomeCancelClicked,
    HomeOpened,
    NotRegistered,
    SlackDeletion,
    SlackEdit,
    SlackMessage,
)
from leavebot.parsing.auto import reads_as_leave
from leavebot.parsing.markup import slack_to_text
from leavebot.parsing.vocabulary import mentions
from leavebot.prompts import parse_action_id
from leavebot.queries import Q
from leavebot.runtime import Runtime
from leavebot.slack_catchup import CatchUp
from leavebot.supervisor import ChildSpec
from leavebot.types import RequestId

log = structlog.get_logger(__name__)

ACTION_PATTERN = re.compile(r"^leave_(confirm|cancel)")
HOME_ACTION_PATTERN = re.compile(rf"^{home.HOME_CANCEL}:")


def has_keyword(text: str, keywords: tuple[str, ...]) -> bool:
    """Whether the text holds a trigger word, read as the parser reads it."""
    return mentions(text, keywords)


PERSON_SUBTYPES = frozenset({"thread_broadcast", "file_share"})
"""Message subtypes a person writes: a reply also sent to the channel, a message with a
file (https://docs.slack.dev/reference/events/message/thread_broadcast, .../file_share)."""


CHANGES = ("message_changed", "message_deleted")


def ignored_message(event: Any) -> bool:
    """A message event that can never matter: the bot's own posts and edits (Slack sends
    them back), other bots, joins, and changes that are not a person's edit or deletion."""
    if not isinstance(event, dict):
        return True
    if event.get("subtype") in CHANGES:
        return not person_change(event)
    subtype = event.get("subtype")
    return (
        (bool(subtype) and subtype not in PERSON_SUBTYPES)
        or bool(event.get("bot_id"))
        or not event.get("user")
    )


def _persons(message: Any) -> bool:
    return isinstance(message, dict) and bool(message.get("user")) and not message.get("bot_id")


def person_change(event: dict[str, Any]) -> bool:
    """Whether a ``message_changed`` / ``message_deleted`` is a person's edit or deletion.

    An edit's ``message`` is the person's and its text changed (an unfurl or a
    language detection changes no text; a ``chat.update`` of the bot's message has
    ``bot_id``). A ``tombstone`` is the deletion of a message that has replies.
    A deletion without ``previous_message`` is looked up by its ts.
    """
    message = event.get("message")
    previous = event.get("previous_message")
    if event.get("subtype") == "message_deleted":
        return previous is None or _persons(previous)
    if not isinstance(message, dict):
        return False
    if message.get("subtype") == "tombstone":
        return _persons(previous)
    return (
        _persons(message)
        and (not message.get("subtype") or message.get("subtype") in PERSON_SUBTYPES)
        and (not isinstance(previous, dict) or previous.get("text") != message.get("text"))
    )


def message_key(channel: str, ts: str) -> str:
    """The key a message is taken under, live or caught up: one per channel and ts."""
    return f"msg:{channel}:{ts}"


class EchoSkippingHandler(AsyncSocketModeHandler):
    """Socket Mode into bolt, except message events that can never matter.

    Every prompt the bot posts and every edit of it comes back as a message
    event; ``Listener.on_message`` would drop each one, but only after bolt's
    whole middleware chain. Those are acknowledged here at once instead.
    """

    async def handle(self, client: SocketModeClient, req: SocketModeRequest) -> None:  # type: ignore[override]
        payload = req.payload if isinstance(req.payload, dict) else {}
        event = payload.get("event")
        message = isinstance(event, dict) and event.get("type") == "message"
        if req.type == "events_api" and message and ignored_message(event):
            response = SocketModeResponse(envelope_id=req.envelope_id)
            await client.send_socket_mode_response(response)
            return
        await super().handle(client, req)


class Listener:
    """The handlers bolt calls; each stores its effect before Slack gets the ack."""

    def __init__(self, runtime: Runtime, channel: str) -> None:
        self.runtime = runtime
        self.channel = channel
        self.log = log.bind(actor="slack_listener")
        self.catchup: CatchUp | None = None

    async def on_message(self, event: dict[str, Any], body: dict[str, Any]) -> None:
        try:
            await self.take(event, body)
        except DB_UNAVAILABLE:
            if self.catchup is not None:  # what Slack gives up on meanwhile is read back
                self.catchup.request("store_failed")
            raise

    async def take(self, event: dict[str, Any], body: dict[str, Any]) -> str:
        """Handle one message event (live, or read back by the catch-up): ``"stored"``,
        ``"duplicate"`` (taken before) or ``"ignored"``."""
        if event.get("channel") != self.channel:
            return "ignored"
        if ignored_message(event):
            return "ignored"
        if event.get("subtype") in CHANGES:
            return await self.on_change(event, body)
        key = message_key(self.channel, str(event["ts"]))
        slack_event_id = str(body["event_id"]) if body.get("event_id") else None
        event_id = slack_event_id or key
        user = str(event["user"])
        ts = str(event["ts"])
        thread_ts = str(event["thread_ts"]) if event.get("thread_ts") else None
        text = slack_to_text(str(event.get("text") or ""))
        config = await self.runtime.config.get()
        db = self.runtime.db
        # Decide from reads first; then the message's key and the message it leads to
        # are stored by one statement (both or neither) before Slack gets the ack.
        in_thread = thread_ts is not None and thread_ts != ts
        bot_thread = in_thread and await db.fetchval(Q.bot_thread_exists, self.channel, thread_ts)
        if not bot_thread and not has_keyword(text, config.triggers()):
            return "ignored"
        person = await db.fetchrow(Q.user_by_slack_id, user)
        channels = self.runtime.channels
        stored = {"channel": self.channel, "message_ts": ts, "alias": slack_event_id}
        if person is None or not person["active"]:
            moment = dt.datetime.fromtimestamp(float(ts), dt.UTC)
            if not bot_thread and not reads_as_leave(text, moment, config.calendar()):
                return "ignored"  # no "you're not registered" note for ordinary talk
            note = NotRegistered(user=user, channel=self.channel, ts=ts, thread_ts=thread_ts)
            if await channels.send_for_event(key, "message", "tracker", note, **stored) is None:
                self.log.info("slack.event_duplicate", event_id=event_id)
                return "duplicate"
            self.log.info("slack.author_not_registered", event_id=event_id, user=user)
            return "stored"
        message = SlackMessage(
            event_id=event_id,
            user=user,
            channel=self.channel,
            ts=ts,
            thread_ts=thread_ts,
            text=text,
            timezone=await self._timezone(user),
        )
        if await channels.send_for_event(key, "message", "parser", message, **stored) is None:
            self.log.info("slack.event_duplicate", event_id=event_id)
            return "duplicate"
        self.log.info(
            "slack.message_stored",
            event_id=event_id,
            user=user,
            subtype=event.get("subtype"),
            caught_up=slack_event_id is None,
        )
        return "stored"

    async def on_change(self, event: dict[str, Any], body: dict[str, Any]) -> str:
        """A person's edit or deletion of a message (``person_change`` said so):
        ``"stored"``, ``"duplicate"`` or ``"ignored"``, as ``take``."""
        message = event.get("message") or {}
        previous = event.get("previous_message") or {}
        if event.get("subtype") == "message_deleted" or message.get("subtype") == "tombstone":
            ts = str(event.get("deleted_ts") or message.get("ts") or previous.get("ts") or "")
            return await self._deleted(ts, body, str(event.get("ts") or ""))
        user = str(message["user"])
        ts = str(message["ts"])
        thread_ts = str(message["thread_ts"]) if message.get("thread_ts") else None
        edit_ts = str((message.get("edited") or {}).get("ts") or event.get("ts") or "")
        event_id = str(body.get("event_id") or f"edit:{self.channel}:{ts}:{edit_ts}")
        text = slack_to_text(str(message.get("text") or ""))
        db = self.runtime.db
        config = await self.runtime.config.get()
        made_request = await db.fetchval(Q.message_has_request, self.channel, ts)
        bot_thread = await db.fetchval(Q.bot_thread_exists, self.channel, thread_ts or ts)
        if not made_request and not bot_thread and not has_keyword(text, config.triggers()):
            return "ignored"
        person = await db.fetchrow(Q.user_by_slack_id, user)
        channels = self.runtime.channels
        if person is None or not person["active"]:
            note = NotRegistered(user=user, channel=self.channel, ts=ts, thread_ts=thread_ts)
            if await channels.send_for_event(event_id, "message_changed", "tracker", note) is None:
                return "duplicate"
            self.log.info("slack.author_not_registered", event_id=event_id, user=user)
            return "stored"
        edit = SlackEdit(
            event_id=event_id,
            user=user,
            channel=self.channel,
            ts=ts,
            thread_ts=thread_ts,
            text=text,
            previous_text=slack_to_text(str(previous.get("text") or "")),
            edit_ts=edit_ts,
            timezone=await self._timezone(user),
        )
        if await channels.send_for_event(event_id, "message_changed", "parser", edit) is None:
            self.log.info("slack.event_duplicate", event_id=event_id)
            return "duplicate"
        self.log.info("slack.edit_stored", event_id=event_id, user=user, ts=ts)
        return "stored"

    async def _deleted(self, ts: str, body: dict[str, Any], event_ts: str) -> str:
        """A deleted message: the tracker is told when it made a request."""
        row = await self.runtime.db.fetchrow(Q.message_request_author, self.channel, ts)
        if row is None:
            return "ignored"
        event_id = str(body.get("event_id") or f"delete:{self.channel}:{ts}:{event_ts}")
        deletion = SlackDeletion(
            event_id=event_id,
            user=row["slack_user_id"],
            channel=self.channel,
            ts=ts,
            thread_ts=row["thread_ts"],
        )
        channels = self.runtime.channels
        if await channels.send_for_event(event_id, "message_deleted", "tracker", deletion) is None:
            self.log.info("slack.event_duplicate", event_id=event_id)
            return "duplicate"
        self.log.info("slack.deletion_stored", event_id=event_id, ts=ts)
        return "stored"

    async def _timezone(self, user: str) -> str | None:
        try:
            return await self.runtime.slack().user_timezone(user)
        except Exception as exc:  # a profile lookup never blocks a leave message
            self.log.warning("slack.timezone_lookup_failed", user=user, error=str(exc))
            return None

    async def on_action(self, ack: AsyncAck, body: dict[str, Any]) -> None:
        """A button click: stored for the tracker, which does the work.

        ``ack()`` only sets the answer: with ``process_before_response=True`` bolt
        sends it when this handler returns, after the click's one statement has
        stored it, so Slack never hears "ok" for a click that is not kept.
        """
        await ack()
        actions = body.get("actions") or []
        user = str((body.get("user") or {}).get("id") or "")
        channel = str((body.get("channel") or {}).get("id") or "")
        message_ts = str((body.get("container") or {}).get("message_ts") or "")
        if not actions or not user or not channel or not message_ts:
            return
        action = actions[0]
        parsed = parse_action_id(str(action.get("action_id") or ""))
        action_ts = str(action.get("action_ts") or "")
        if parsed is None:
            self.log.warning("slack.action_malformed", user=user)
            await self._note(
                channel, user, "I can't read that button; it may be from an old message."
            )
            return
        kind, request_id = parsed
        key = f"action:{channel}:{message_ts}:{user}:{action_ts}"
        click = ButtonClicked(
            action_id=kind,
            user=user,
            channel=channel,
            message_ts=message_ts,
            request_id=RequestId(request_id),
            action_ts=action_ts,
        )
        channels = self.runtime.channels
        if await channels.send_for_event(key, "block_actions", "tracker", click) is None:
            return
        self.log.info("slack.click_stored", user=user, request_id=request_id, action=kind)

    async def on_home_opened(self, event: dict[str, Any], body: dict[str, Any]) -> None:
        """``app_home_opened``: the Home tab (not the Messages tab) was opened."""
        if event.get("tab") != "home" or not event.get("user"):
            return
        user = str(event["user"])
        event_id = str(body.get("event_id") or f"home:{user}:{event.get('event_ts')}")
        opened = HomeOpened(user=user)
        if await self.runtime.channels.send_for_event(event_id, "app_home", "home", opened):
            self.log.info("slack.home_opened_stored", event_id=event_id, user=user)
        else:
            self.log.info("slack.event_duplicate", event_id=event_id)

    async def on_home_action(self, ack: AsyncAck, body: dict[str, Any]) -> None:
        """Cancel pressed on a request in the Home tab: stored for the tracker."""
        await ack()
        actions = body.get("actions") or []
        user = str((body.get("user") or {}).get("id") or "")
        if not actions or not user:
            return
        action = actions[0]
        request_id = home.parse_action_id(str(action.get("action_id") or ""))
        action_ts = str(action.get("action_ts") or "")
        if request_id is None or not action_ts:
            self.log.warning("slack.action_malformed", user=user)
            return
        click = HomeCancelClicked(user=user, request_id=RequestId(request_id), action_ts=action_ts)
        key = f"home_action:{user}:{action_ts}"
        if await self.runtime.channels.send_for_event(key, "block_actions", "tracker", click):
            self.log.info(
                "slack.click_stored", user=user, request_id=request_id, action="home_cancel"
            )

    async def _note(self, channel: str, user: str, text: str) -> None:
        try:
            await self.runtime.slack().ephemeral(channel, user, text)
        except Exception as exc:
            self.log.warning("slack.note_failed", error=str(exc))


def build_listener(runtime: Runtime, channel: str) -> tuple[AsyncApp, Listener]:
    """The bolt app and its handlers, with the handlers' catch-up."""
    app = AsyncApp(
        client=runtime.slack().web,
        process_before_response=True,
    )
    listener = Listener(runtime, channel)
    settings = runtime.settings
    listener.catchup = CatchUp(
        runtime.slack().web,
        runtime.db,
        channel,
        listener.take,
        window_s=settings.slack_catchup_window_s,
        overlap_s=settings.slack_catchup_overlap_s,
        calls_per_minute=settings.slack_history_calls_per_minute,
    )
    app.event("message")(listener.on_message)
    app.action(ACTION_PATTERN)(listener.on_action)
    app.event("app_home_opened")(listener.on_home_opened)
    app.action(HOME_ACTION_PATTERN)(listener.on_home_action)
    app.error(on_error)
    return app, listener


def on_hello(catchup: CatchUp) -> Any:
    """A Socket Mode frame listener: each ``hello`` (a new connection) asks for a catch-up."""

    async def listen(message: WSMessage) -> None:
        try:
            frame = json.loads(message.data)
        except (TypeError, ValueError):
            return
        if isinstance(frame, dict) and frame.get("type") == "hello":
            catchup.request("connected")

    return listen


async def prime_authorization(app: AsyncApp) -> None:
    """Make bolt's one ``auth.test`` before events arrive, not once per event of a burst.

    Bolt's single-workspace authorization caches the ``auth.test`` answer only
    once the first call returns; a burst delivered on connect (a backlog after
    a restart) would otherwise send one call per event until then.
    """
    result = await app.client.auth_test()
    for middleware in app._async_middleware_list:
        if isinstance(middleware, AsyncSingleTeamAuthorization):
            middleware.auth_test_result = result


async def on_error(error: Exception) -> None:
    """A handler failed before its effect was stored: Slack is not acknowledged.

    Bolt answers 500, so the envelope is not acknowledged and Slack delivers
    the event again (a click is not redelivered: Slack shows its author an
    error and they press again). While Postgres restarts this is expected.
    """
    if isinstance(error, DB_UNAVAILABLE):
        log.warning("slack.store_failed", actor="slack_listener", error=str(error))
    else:
        log.error("slack.listener_failed", actor="slack_listener", error=repr(error)[:500])


def child(runtime: Runtime) -> ChildSpec:
    async def run(*, task_status: anyio.abc.TaskStatus[None]) -> None:
        channel = runtime.channel_id()
        app_token = runtime.settings.require("slack_app_token", "Socket Mode")
        app, listener = build_listener(runtime, channel)
        assert listener.catchup is not None
        handler = EchoSkippingHandler(app, app_token, web_client=runtime.slack().web)
        handler.client.on_message_listeners.append(on_hello(listener.catchup))
        try:
            async with anyio.create_task_group() as tg:
                await tg.start(listener.catchup.serve)
                await prime_authorization(app)
                await handler.connect_async()  # type: ignore[no-untyped-call]
                log.info("slack.connected", actor="slack_listener", channel=channel)
                task_status.started()
                await anyio.sleep_forever()
        finally:
            with anyio.CancelScope(shield=True):
                try:
                    with anyio.move_on_after(5):
                        await handler.close_async()  # type: ignore[no-untyped-call]
                finally:
                    # close_async skips the client's own aiohttp session when its
                    # disconnect fails or runs out of time: close it here.
                    session = handler.client.aiohttp_client_session
                    if session is not None and not session.closed:
                        await session.close()
            log.info("slack.disconnected", actor="slack_listener")

    return ChildSpec(name="slack_listener", start=run, restart="permanent", shutdown_timeout_s=6)
