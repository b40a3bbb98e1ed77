"""Buttons in the sandbox Slack: the ``block_actions`` payload and its ``response_url``.

:class:`Interactivity` builds what Slack sends when a person clicks a button
of one of the app's messages (:meth:`Interactivity.click`: a
``block_actions`` payload delivered over Socket Mode, never retried) and
serves the ``response_url`` it names (``POST /sandbox/slack/actions/{id}``:
``replace_original``, ``delete_original``, an ephemeral or ``in_channel``
reply).
"""

from __future__ import annotations

import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from aiohttp import web

from leavebot.sandbox.slack.blocks import find_button
from leavebot.sandbox.slack.model import (
    APP_ID,
    BOT_ID,
    JSON,
    TEAM_DOMAIN,
    TEAM_ID,
    VERIFICATION_TOKEN,
    ControlError,
    Delivery,
    SandboxMessage,
    SandboxUser,
    SlackApiFailure,
    ts_string,
)
from leavebot.sandbox.slack.socket_mode import SocketModeServer
from leavebot.sandbox.slack.state import Workspace
from leavebot.sandbox.slack.web_api import arg_str, content_args


@dataclass(frozen=True)
class _ResponseUrl:
    message_ts: str
    user: str
    thread_ts: str | None


class Interactivity:
    """Clicks on the app's buttons and the ``response_url`` of each."""

    def __init__(
        self, workspace: Workspace, socket: SocketModeServer, base_url: Callable[[], str | None]
    ) -> None:
        self.workspace = workspace
        self.socket = socket
        self._base_url = base_url
        self._response_urls: dict[str, _ResponseUrl] = {}

    def reset(self) -> None:
        self._response_urls.clear()

    def click(
        self, user: str, message_ts: str, action_id: str, *, forged: bool = False
    ) -> Delivery:
        """A person clicks a button of a bot message: a ``block_actions`` delivery.

        ``forged``: the payload names ``action_id`` whether or not the message has
        such a button (a hand-made payload, or a stale client showing old buttons).
        """
        ws = self.workspace
        person = ws.person(user)
        msg = ws.messages.get(message_ts)
        if msg is None:
            raise ControlError(f"no message {message_ts}")
        if msg.bot_id != BOT_ID:
            raise ControlError(f"message {message_ts} is not the app's message")
        if msg.ephemeral_to is not None and msg.ephemeral_to != person.id:
            raise ControlError(f"message {message_ts} is not visible to {person.id}")
        found = find_button(msg.blocks, action_id)
        if found is None and forged:
            text = {"type": "plain_text", "text": "?"}
            found = ("forged", {"type": "button", "action_id": action_id, "text": text})
        if found is None:
            raise ControlError(f"message {message_ts} has no button {action_id}")
        block_id, element = found
        response_id = secrets.token_hex(12)
        self._response_urls[response_id] = _ResponseUrl(msg.ts, person.id, msg.thread_ts)
        container: JSON = {
            "type": "message",
            "message_ts": msg.ts,
            "channel_id": ws.channel_id,
            "is_ephemeral": msg.ephemeral_to is not None,
        }
        if msg.thread_ts is not None:
            container["thread_ts"] = msg.thread_ts
        base = self._base_url() or "http://sandbox.invalid"
        payload = block_actions(
            person,
            block_id,
            element,
            container,
            channel={"id": ws.channel_id, "name": ws.channel_name},
            response_url=f"{base}/sandbox/slack/actions/{response_id}",
        )
        if msg.ephemeral_to is None:
            payload["message"] = ws.api_message(msg, thread_meta=True)
        return self.socket.enqueue("interactive", payload)

    async def handle_response_url(self, request: web.Request) -> web.Response:
        """``POST /sandbox/slack/actions/{response_id}``: what the app answers a click."""
        ws = self.workspace
        target = self._response_urls.get(request.match_info["response_id"])
        if target is None:
            return web.json_response({"ok": False, "error": "expired_url"}, status=404)
        try:
            body = await request.json()
        except ValueError:
            return web.json_response({"ok": False, "error": "invalid_json"}, status=400)
        if not isinstance(body, dict):
            return web.json_response({"ok": False, "error": "invalid_json"}, status=400)
        msg = ws.messages.get(target.message_ts)
        try:
            if body.get("delete_original"):
                if msg is not None:
                    self.socket.deliver_event(ws.remove(msg))
                return web.json_response({"ok": True})
            text, blocks = content_args(body, required=False)
            if body.get("replace_original") and msg is not None:
                previous = ws.api_message(msg, thread_meta=False)
                msg.text = text if text is not None else msg.text
                msg.blocks = blocks if blocks is not None else []
                if msg.ephemeral_to is None:
                    self.socket.deliver_event(ws.changed_event(msg, previous, ws.bot_user.id))
                else:
                    ws.notify()
                return web.json_response({"ok": True})
            if not text and not blocks:
                raise SlackApiFailure("no_text")
            in_channel = body.get("response_type") == "in_channel"
            new = SandboxMessage(
                ts=ws.next_ts(),
                text=text or "",
                blocks=blocks or [],
                user=ws.bot_user.id,
                bot_id=BOT_ID,
                thread_ts=arg_str(body, "thread_ts") or target.thread_ts,
                ephemeral_to=None if in_channel else target.user,
            )
            ws.store(new)
            if in_channel:
                self.socket.deliver_event(ws.message_event(new))
        except SlackApiFailure as failure:
            return web.json_response({"ok": False, "error": failure.error}, status=400)
        return web.json_response({"ok": True})


def block_actions(
    person: SandboxUser, block_id: str, element: JSON, container: JSON, **where: Any
) -> JSON:
    """The ``block_actions`` payload of ``person`` pressing button ``element`` of block
    ``block_id``, as Slack sends it (https://docs.slack.dev/reference/interaction-payloads/
    block_actions-payload); ``where`` adds what says where it was pressed (``channel``
    and ``response_url`` for a message, ``view`` for a Home tab)."""
    action: JSON = {
        "action_id": element.get("action_id"),
        "block_id": block_id,
        "text": element.get("text"),
        "type": "button",
        "action_ts": ts_string(time.time_ns() // 1000),
    }
    for key in ("value", "style"):
        if key in element:
            action[key] = element[key]
    return {
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
        "state": {"values": {}},
        **where,
        "actions": [action],
    }
