"""The slack_listener actor: Socket Mode in; stores what people say, then acknowledges.

It runs slack-bolt's ``AsyncApp`` with ``process_before_response=True`` over
an ``AsyncSocketModeHandler`` (``connect_async`` here, ``close_async`` in
``finally``; the client reconnects by itself after a drop). For a message it
keeps only the leave channel's plain messages from people (no bots, edits,
deletions or joins), drops an event id it has taken before, ignores threads
whose request is completed, needs a trigger keyword unless the bot already
speaks in the thread, and then, in one transaction with the event id, sends
the message on: to the parser for a registered person, to the tracker (for a
private note) for anyone else. A button click is acknowledged at once and
its effect stored for the tracker. Opening the app's Home tab
(``app_home_opened``) is stored for the home actor, and a Cancel pressed in
the Home tab for the tracker, which starts the cancel flow.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

import anyio
import anyio.abc
import structlog
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
    SlackMessage,
)
from leavebot.parsing.markup import slack_to_text
from leavebot.prompts import parse_action_id
from leavebot.queries import Q
from leavebot.runtime import Runtime
from leavebot.supervisor import ChildSpec
from leavebot.types import RequestId

log = structlog.get_logger(__name__)

ACTION_PATTERN = re.compile(r"^leave_(confirm|cancel)")
HOME_ACTION_PATTERN = re.compile(rf"^{home.HOME_CANCEL}:")


@lru_cache(maxsize=32)
def keyword_pattern(keywords: tuple[str, ...]) -> re.Pattern[str]:
    """A regex matching any keyword as whole words (phrases allowed), any case."""
    alternatives = "|".join(
        r"\s+".join(re.escape(part) for part in k.split()) for k in sorted(keywords, key=len)[::-1]
    )
    return re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])", re.IGNORECASE)


def has_keyword(text: str, keywords: tuple[str, ...]) -> bool:
    return bool(keyword_pattern(keywords).search(text))


def ignored_message(event: Any) -> bool:
    """A message event no person wrote as a new message: the bot's own posts and
    edits (Slack sends them back), other bots, edits, deletions, joins."""
    return (
        not isinstance(event, dict)
        or bool(event.get("subtype") or event.get("bot_id"))
        or not event.get("user")
    )


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

    async def on_message(self, event: dict[str, Any], body: dict[str, Any]) -> None:
        if event.get("channel") != self.channel:
            return
        if ignored_message(event):
            return
        event_id = str(body.get("event_id") or f"msg:{event['channel']}:{event['ts']}")
        user = str(event["user"])
        ts = str(event["ts"])
        thread_ts = str(event["thread_ts"]) if event.get("thread_ts") else None
        text = slack_to_text(str(event.get("text") or ""))
        config = await self.runtime.config.get()
        db = self.runtime.db
        # Decide from reads first; then the event id and the message it leads to
        # are stored by one statement (both or neither) before Slack gets the ack.
        in_thread = thread_ts is not None and thread_ts != ts
        if in_thread and await db.fetchval(Q.thread_completed, self.channel, thread_ts):
            self.log.info("slack.thread_completed_ignored", event_id=event_id)
            return
        bot_thread = in_thread and await db.fetchval(Q.bot_thread_exists, self.channel, thread_ts)
        if not bot_thread and not has_keyword(text, config.trigger_keywords):
            return
        person = await db.fetchrow(Q.user_by_slack_id, user)
        channels = self.runtime.channels
        if person is None or not person["active"]:
            note = NotRegistered(user=user, channel=self.channel, ts=ts, thread_ts=thread_ts)
            if await channels.send_for_event(event_id, "message", "tracker", note) is None:
                self.log.info("slack.event_duplicate", event_id=event_id)
                return
            self.log.info("slack.author_not_registered", event_id=event_id, user=user)
            return
        message = SlackMessage(
            event_id=event_id,
            user=user,
            channel=self.channel,
            ts=ts,
            thread_ts=thread_ts,
            text=text,
            timezone=await self._timezone(user),
        )
        if await channels.send_for_event(event_id, "message", "parser", message) is None:
            self.log.info("slack.event_duplicate", event_id=event_id)
            return
        self.log.info("slack.message_stored", event_id=event_id, user=user)

    async def _timezone(self, user: str) -> str | None:
        try:
            return await self.runtime.slack().user_timezone(user)
        except Exception as exc:  # a profile lookup never blocks a leave message
            self.log.warning("slack.timezone_lookup_failed", user=user, error=str(exc))
            return None

    async def on_action(self, ack: AsyncAck, body: dict[str, Any]) -> None:
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


def build_app(runtime: Runtime, channel: str) -> AsyncApp:
    app = AsyncApp(
        client=runtime.slack().web,
        process_before_response=True,
    )
    listener = Listener(runtime, channel)
    app.event("message")(listener.on_message)
    app.action(ACTION_PATTERN)(listener.on_action)
    app.event("app_home_opened")(listener.on_home_opened)
    app.action(HOME_ACTION_PATTERN)(listener.on_home_action)
    app.error(on_error)
    return app


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
        app = build_app(runtime, channel)
        handler = EchoSkippingHandler(app, app_token, web_client=runtime.slack().web)
        try:
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
