"""The sandbox Slack's workspace state and how Slack shows it.

:class:`Workspace` owns what the workspace holds: its people, the app's bot
user, the leave channel and its messages (threads and ephemeral notes
included), the ``ts`` clock, and the change counter every view waits on
(:meth:`Workspace.notify`, :meth:`Workspace.wait_for`). It also renders that
state the way Slack does: a message as the Web API returns it
(:meth:`Workspace.api_message`), as a ``message`` event
(:meth:`Workspace.message_event`) and its ``message_changed`` /
``message_deleted`` events, a user as ``users.info`` returns one, and the
plainer control-API view the tests and the chat page read.

It sends nothing: whoever changes a message delivers the event this module
builds (see :mod:`leavebot.sandbox.slack.socket_mode`).
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import TypeVar
from zoneinfo import ZoneInfo

from leavebot.sandbox.slack.model import (
    APP_ID,
    BOT_ID,
    BOT_NAME,
    BOT_USER_ID,
    DEFAULT_BOT_EVENTS,
    DEFAULT_SCOPES,
    EVENT_SCOPES,
    JSON,
    SLACKBOT_ID,
    TEAM_ID,
    ControlError,
    SandboxMessage,
    SandboxUser,
    slackbot,
    ts_string,
)

T = TypeVar("T")


class Workspace:
    """People, the leave channel and its messages; the change counter."""

    def __init__(
        self,
        users: Sequence[SandboxUser],
        *,
        channel_id: str,
        channel_name: str,
        private: bool = False,
        scopes: Sequence[str] = DEFAULT_SCOPES,
        bot_events: Sequence[str] = DEFAULT_BOT_EVENTS,
        other_channels: Sequence[tuple[str, str]] = (),
    ) -> None:
        ids = [u.id for u in users]
        if len(set(ids)) != len(ids):
            raise ValueError("user ids must be unique")
        self.users: list[SandboxUser] = list(users)
        self.channel_id = channel_id
        self.channel_name = channel_name
        self.private = private
        self.scopes: tuple[str, ...] = tuple(scopes)
        self.bot_events: tuple[str, ...] = tuple(bot_events)
        # Every public channel, id -> name: the leave channel first, then the others
        # (the bot posts the digest in one of them when admins choose so).
        self.channels: dict[str, str] = {channel_id: channel_name, **dict(other_channels)}
        self.bot_user = SandboxUser(
            BOT_USER_ID, BOT_NAME, "Leave Bot", "", "America/Los_Angeles", is_bot=True
        )
        self.messages: dict[str, SandboxMessage] = {}
        self.version = 0
        self._last_ts_us = 0
        self._changed = asyncio.Event()
        self._listeners: list[Callable[[], None]] = []

    # -- the channel and the app's grants ----------------------------------

    @property
    def channel_type(self) -> str:
        """``channel_type`` of its events: ``"group"`` for a private channel."""
        return "group" if self.private else "channel"

    @property
    def history_scope(self) -> str:
        """The scope ``conversations.history`` / ``.replies`` need on this channel."""
        return "groups:history" if self.private else "channels:history"

    @property
    def subscription(self) -> str:
        """The event subscription that brings this channel's messages."""
        return "message.groups" if self.private else "message.channels"

    def subscribed(self, event: JSON) -> bool:
        """Whether Slack sends ``event`` to the app: subscribed, with the scope it needs."""
        kind = event.get("type")
        if kind == "app_home_opened":
            return kind in self.bot_events
        if kind != "message":
            return True
        name = "message.groups" if event.get("channel_type") == "group" else "message.channels"
        return name in self.bot_events and EVENT_SCOPES[name] in self.scopes

    # -- changes -----------------------------------------------------------

    def on_change(self, listener: Callable[[], None]) -> None:
        """Call ``listener()`` on every state change (after the counter moves)."""
        self._listeners.append(listener)

    def notify(self) -> None:
        """Count a state change and wake whoever waits for one."""
        self.version += 1
        self._changed.set()
        self._changed = asyncio.Event()
        for listener in self._listeners:
            listener()

    def change_signal(self) -> asyncio.Event:
        """An event set at the next state change (take it before reading the state)."""
        return self._changed

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

    # -- messages ----------------------------------------------------------

    def channel_of(self, msg: SandboxMessage) -> str:
        """The id of the channel ``msg`` is in."""
        return msg.channel or self.channel_id

    def channel_arg(self, given: str | None) -> str | None:
        """The id of a channel named by id, name or ``#name``; None when there is none."""
        for cid, name in self.channels.items():
            if given in (cid, name, f"#{name}"):
                return cid
        return None

    def next_ts(self) -> str:
        """A new message ``ts``: the wall clock, strictly increasing."""
        now_us = time.time_ns() // 1000
        self._last_ts_us = max(now_us, self._last_ts_us + 1)
        return ts_string(self._last_ts_us)

    def store(self, msg: SandboxMessage) -> None:
        self.messages[msg.ts] = msg
        self.notify()

    def remove(self, msg: SandboxMessage) -> JSON:
        """Delete ``msg``: its ``message_deleted`` event, or, for a thread's first message
        with replies, the ``message_changed`` to a tombstone that Slack sends instead."""
        previous = self.api_message(msg, thread_meta=False)
        has_replies = not msg.is_reply and any(
            m.thread_ts == msg.ts and m.ts != msg.ts for m in self.messages.values()
        )
        if has_replies:
            msg.subtype = "tombstone"
            msg.text = "This message was deleted."
            msg.blocks = []
            msg.user = SLACKBOT_ID
            msg.bot_id = None
            msg.edited = None
            msg.client_msg_id = None
            event_ts = self.next_ts()
            tombstone = self.api_message(msg, thread_meta=True)
            tombstone["hidden"] = True
            tombstone["parent_user_id"] = SLACKBOT_ID
            self.notify()
            return {
                "type": "message",
                "subtype": "message_changed",
                "message": tombstone,
                "previous_message": previous,
                "channel": self.channel_id,
                "hidden": True,
                "ts": event_ts,
                "event_ts": event_ts,
                "channel_type": "channel",
            }
        del self.messages[msg.ts]
        event: JSON = {
            "type": "message",
            "subtype": "message_deleted",
            "hidden": True,
            "deleted_ts": msg.ts,
            "channel": self.channel_of(msg),
            "previous_message": previous,
            "event_ts": self.next_ts(),
            "channel_type": self.channel_type,
        }
        event["ts"] = event["event_ts"]
        self.notify()
        return event

    def changed_event(self, msg: SandboxMessage, previous: JSON, editor: str) -> JSON:
        """Mark ``msg`` edited by ``editor`` now: its ``message_changed`` event
        (``previous``: the message before the edit).

        As Slack sends it: the event's ``ts`` is the edit's time, and ``message.edited``
        names the editor with that time in whole seconds (``"1665102362.000000"``).
        """
        event_ts = self.next_ts()
        msg.edited = {"user": editor, "ts": f"{event_ts.partition('.')[0]}.000000"}
        self.notify()
        return {
            "type": "message",
            "subtype": "message_changed",
            "message": self.api_message(msg, thread_meta=False),
            "previous_message": previous,
            "channel": self.channel_of(msg),
            "hidden": True,
            "ts": event_ts,
            "event_ts": event_ts,
            "channel_type": self.channel_type,
        }

    def message(self, ts: str) -> SandboxMessage:
        msg = self.messages.get(ts)
        if msg is None:
            raise ControlError(f"no message {ts}")
        return msg

    def thread_parent(self, ts: str) -> SandboxMessage:
        """The parent of the thread ``ts`` is in (``ts`` itself when it is a parent)."""
        msg = self.messages.get(ts)
        if msg is None or msg.ephemeral_to is not None:
            raise ControlError(f"no message {ts} to reply to")
        if msg.is_reply and msg.thread_ts is not None:
            return self.messages[msg.thread_ts]
        return msg

    # -- people ------------------------------------------------------------

    def user_or_none(self, user_id: str) -> SandboxUser | None:
        for u in [*self.users, self.bot_user, slackbot()]:
            if u.id == user_id:
                return u
        return None

    def person(self, user: str) -> SandboxUser:
        """A person who can write, by id or name (a :class:`ControlError` otherwise)."""
        for u in self.users:
            if u.id == user or u.name == user:
                if u.is_bot or u.deleted:
                    raise ControlError(f"user {user} cannot write")
                return u
        raise ControlError(f"no user {user}")

    # -- how Slack shows it ------------------------------------------------

    def api_message(self, msg: SandboxMessage, *, thread_meta: bool) -> JSON:
        """``msg`` as the Web API returns it (``thread_meta``: a parent's reply counts)."""
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
        if msg.files:
            d["files"] = [dict(f) for f in msg.files]
            d["upload"] = False
            d["display_as_bot"] = False
        if msg.edited:
            d["edited"] = dict(msg.edited)
        if msg.is_reply and msg.thread_ts is not None:
            d["thread_ts"] = msg.thread_ts
            parent = self.messages.get(msg.thread_ts)
            if parent is not None and parent.user:
                d["parent_user_id"] = parent.user
            if msg.subtype == "thread_broadcast" and parent is not None:
                d["root"] = self.api_message(parent, thread_meta=True)
        elif thread_meta:
            replies = [
                m
                for m in self.messages.values()
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

    def message_event(self, msg: SandboxMessage) -> JSON:
        """The ``message`` event of a new message."""
        event = self.api_message(msg, thread_meta=False)
        event["channel"] = self.channel_of(msg)
        event["event_ts"] = msg.ts
        event["channel_type"] = self.channel_type if msg.channel is None else "channel"
        return event

    def control_message(self, msg: SandboxMessage) -> JSON:
        """``msg`` as the control API and the chat page show it."""
        return {
            "ts": msg.ts,
            "channel": self.channel_of(msg),
            "user": None if msg.bot_id else msg.user,
            "bot_id": msg.bot_id,
            "username": msg.username,
            "subtype": msg.subtype,
            "text": msg.text,
            "blocks": msg.blocks,
            "thread_ts": msg.thread_ts if msg.is_reply else None,
            "edited": msg.edited,
            "ephemeral_to": msg.ephemeral_to,
            "files": [{"id": f["id"], "name": f["name"]} for f in msg.files],
        }

    def user_object(self, user: SandboxUser) -> JSON:
        """``user`` as ``users.info`` / ``users.list`` return it."""
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

    @staticmethod
    def user_summary(user: SandboxUser) -> JSON:
        """``user`` as the control API and ``GET /sandbox`` list it."""
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


def _tz_offset(tz: str) -> int:
    try:
        delta = datetime.now(UTC).astimezone(ZoneInfo(tz)).utcoffset()
    except (KeyError, ValueError):
        return 0
    return int(delta.total_seconds()) if delta is not None else 0
