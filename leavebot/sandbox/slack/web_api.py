"""The sandbox Slack's Web API: ``/api/{method}`` as Slack answers it.

:class:`WebApi` serves the methods leavebot calls (``AsyncWebClient(base_url
=.../api/)``): ``auth.test``, ``apps.connections.open`` (app-level ``xapp-``
token), ``chat.postMessage``, ``chat.update``, ``chat.postEphemeral``,
``chat.delete``, ``chat.getPermalink``, ``users.info``, ``users.list``,
``conversations.history``, ``conversations.replies`` (and, registered by
:mod:`~leavebot.sandbox.slack.home`, ``views.publish``); ``channel`` is any
public channel of the workspace. Arguments come from the
query string, a form body or a JSON body, as Slack accepts them; the token
from ``Authorization: Bearer`` (or a ``token`` query/form argument). Missing
token -> ``not_authed``, unknown -> ``invalid_auth``, the other app's token
kind -> ``not_allowed_token_type``. Errors are Slack's: HTTP 200 with ``{"ok":
false, "error": ...}``; an injected rate limit is HTTP 429 with
``Retry-After`` and ``error: ratelimited``. Block Kit is checked like Slack
does (:mod:`leavebot.sandbox.slack.blocks`). Every call is recorded
(:class:`~leavebot.sandbox.slack.model.ApiCall`).

Faults are the sandbox's :class:`~leavebot.sandbox.common.FaultQueue`, by
method name: an ``error`` fault answers Slack's error shape (429 is
``ratelimited`` with ``Retry-After``), ``slow`` waits, ``drop`` /
``drop_before`` close the connection after / instead of the call.
"""

from __future__ import annotations

import base64
import json
import secrets
import time
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

from aiohttp import web

from leavebot.sandbox.common import FaultQueue, drop_connection
from leavebot.sandbox.slack.blocks import fill_ids, validate_blocks
from leavebot.sandbox.slack.model import (
    APP_ID,
    BOT_ID,
    BOT_NAME,
    JSON,
    TEAM_ID,
    ApiCall,
    SandboxMessage,
    SlackApiFailure,
    slackbot,
    ts_key,
)
from leavebot.sandbox.slack.socket_mode import SocketModeServer
from leavebot.sandbox.slack.state import Workspace

Method = Callable[[JSON, web.Request], JSON]


class WebApi:
    """The ``/api/{method}`` route: tokens, faults, the methods, the call log."""

    def __init__(
        self,
        workspace: Workspace,
        socket: SocketModeServer,
        faults: FaultQueue,
        *,
        bot_token: str,
        app_token: str,
        sleep: Callable[[float], Awaitable[None]],
    ) -> None:
        self.workspace = workspace
        self.socket = socket
        self.faults = faults
        self.bot_token = bot_token
        self.app_token = app_token
        self.calls: list[ApiCall] = []
        self._sleep = sleep
        # Methods served by other modules of the sandbox (views.publish: home.py).
        self.extra_methods: dict[str, Method] = {}

    def methods(self) -> dict[str, Method]:
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
            **self.extra_methods,
        }

    async def handle(self, request: web.Request) -> web.Response:
        """``/api/{method}`` (any HTTP verb, as Slack accepts GET and POST)."""
        method = request.match_info["method"]
        args: JSON = {}
        try:
            args, form_token = await read_args(request)
            handler = self.methods().get(method)
            if handler is None:
                raise SlackApiFailure("unknown_method", status=404, req_method=method)
            needed = self.app_token if method == "apps.connections.open" else self.bot_token
            self._check_token(_bearer(request) or form_token, needed)
            fault = self.faults.take(method)
            if fault is not None:
                if fault.kind == "drop_before":
                    raise drop_connection(request)
                if fault.kind == "slow":
                    await self._sleep(fault.delay_s)
                elif fault.kind == "error":
                    if fault.status == 429 and fault.error is None:
                        raise SlackApiFailure(
                            "ratelimited", status=429, _retry_after=int(fault.retry_after_s)
                        )
                    raise SlackApiFailure(fault.error or "internal_error", status=fault.status)
            body = handler(args, request)
            if fault is not None and fault.kind == "drop":
                self.calls.append(ApiCall(method, args, None, 200))
                self.workspace.notify()
                raise drop_connection(request)
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
        scopes = "connections:write" if method == "apps.connections.open" else self.workspace.scopes
        resp.headers["X-OAuth-Scopes"] = scopes if isinstance(scopes, str) else ",".join(scopes)
        resp.headers["X-Slack-Req-Id"] = secrets.token_hex(16)
        self.calls.append(ApiCall(method, args, error, status))
        self.workspace.notify()
        return resp

    def _check_token(self, token: str | None, needed: str) -> None:
        if not token:
            raise SlackApiFailure("not_authed")
        if token == needed:
            return
        if token in (self.bot_token, self.app_token):
            raise SlackApiFailure("not_allowed_token_type")
        raise SlackApiFailure("invalid_auth")

    # -- auth and connections ----------------------------------------------

    def _auth_test(self, args: JSON, request: web.Request) -> JSON:
        return {
            "url": f"{origin(request)}/",
            "team": "Sandbox",
            "user": BOT_NAME,
            "team_id": TEAM_ID,
            "user_id": self.workspace.bot_user.id,
            "bot_id": BOT_ID,
            "is_enterprise_install": False,
        }

    def _connections_open(self, args: JSON, request: web.Request) -> JSON:
        ticket = self.socket.issue_ticket()
        ws_origin = origin(request).replace("http://", "ws://", 1).replace("https://", "wss://")
        return {"url": f"{ws_origin}/socket?ticket={ticket}&app_id={APP_ID}"}

    # -- chat ----------------------------------------------------------------

    def _chat_post_message(self, args: JSON, request: web.Request) -> JSON:
        ws = self.workspace
        channel = self._channel_arg(args)
        text, blocks = content_args(args, required=True)
        thread_ts = arg_str(args, "thread_ts")
        parent = None
        if thread_ts:
            parent = ws.messages.get(thread_ts)
            if parent is None or parent.ephemeral_to is not None:
                raise SlackApiFailure("thread_not_found")
            if ws.channel_of(parent) != channel:
                raise SlackApiFailure("thread_not_found")
            if parent.is_reply and parent.thread_ts is not None:
                parent = ws.messages[parent.thread_ts]
        msg = SandboxMessage(
            ts=ws.next_ts(),
            text=text or "",
            blocks=blocks or [],
            user=ws.bot_user.id,
            bot_id=BOT_ID,
            thread_ts=parent.ts if parent else None,
            channel=None if channel == ws.channel_id else channel,
        )
        ws.store(msg)
        self.socket.deliver_event(ws.message_event(msg))
        return {
            "channel": channel,
            "ts": msg.ts,
            "message": ws.api_message(msg, thread_meta=False),
        }

    def _chat_update(self, args: JSON, request: web.Request) -> JSON:
        ws = self.workspace
        channel = self._channel_arg(args)
        ts = arg_str(args, "ts")
        msg = ws.messages.get(ts or "")
        if msg is None or msg.ephemeral_to is not None or ws.channel_of(msg) != channel:
            raise SlackApiFailure("message_not_found")
        if msg.bot_id != BOT_ID:
            raise SlackApiFailure("cant_update_message")
        text, blocks = content_args(args, required=False)
        previous = ws.api_message(msg, thread_meta=False)
        if text is not None:
            msg.text = text
        if blocks is not None:
            msg.blocks = blocks
        if not msg.text and not msg.blocks:
            raise SlackApiFailure("no_text")
        self.socket.deliver_event(ws.changed_event(msg, previous, ws.bot_user.id))
        return {
            "channel": channel,
            "ts": msg.ts,
            "text": msg.text,
            "message": ws.api_message(msg, thread_meta=False),
        }

    def _chat_post_ephemeral(self, args: JSON, request: web.Request) -> JSON:
        ws = self.workspace
        channel = self._channel_arg(args)
        user_id = arg_str(args, "user")
        person = ws.user_or_none(user_id or "")
        if person is None or person.deleted or person.is_bot:
            raise SlackApiFailure("user_not_in_channel")
        text, blocks = content_args(args, required=True)
        thread_ts = arg_str(args, "thread_ts")
        if thread_ts:
            parent = ws.messages.get(thread_ts)
            if parent is not None and parent.is_reply:
                thread_ts = parent.thread_ts
        msg = SandboxMessage(
            ts=ws.next_ts(),
            text=text or "",
            blocks=blocks or [],
            user=ws.bot_user.id,
            bot_id=BOT_ID,
            thread_ts=thread_ts or None,
            ephemeral_to=person.id,
            channel=None if channel == ws.channel_id else channel,
        )
        ws.store(msg)
        return {"message_ts": msg.ts}

    def _chat_delete(self, args: JSON, request: web.Request) -> JSON:
        ws = self.workspace
        channel = self._channel_arg(args)
        ts = arg_str(args, "ts") or ""
        msg = ws.messages.get(ts)
        if msg is None or msg.ephemeral_to is not None or ws.channel_of(msg) != channel:
            raise SlackApiFailure("message_not_found")
        if msg.bot_id != BOT_ID:
            raise SlackApiFailure("cant_delete_message")
        self.socket.deliver_event(ws.remove(msg))
        return {"channel": channel, "ts": ts}

    def _chat_get_permalink(self, args: JSON, request: web.Request) -> JSON:
        ws = self.workspace
        channel = self._channel_arg(args)
        ts = arg_str(args, "message_ts") or ""
        msg = ws.messages.get(ts)
        if msg is None or msg.ephemeral_to is not None or ws.channel_of(msg) != channel:
            raise SlackApiFailure("message_not_found")
        link = f"{origin(request)}/archives/{channel}/p{ts.replace('.', '')}"
        if msg.is_reply:
            link += f"?thread_ts={msg.thread_ts}&cid={channel}"
        return {"channel": channel, "permalink": link}

    # -- users -------------------------------------------------------------

    def _users_info(self, args: JSON, request: web.Request) -> JSON:
        user_id = arg_str(args, "user")
        if not user_id:
            raise SlackApiFailure("user_not_found")
        user = self.workspace.user_or_none(user_id)
        if user is None:
            raise SlackApiFailure("user_not_found")
        obj = self.workspace.user_object(user)
        if arg_bool(args, "include_locale"):
            obj["locale"] = "en-US"
        return {"user": obj}

    def _users_list(self, args: JSON, request: web.Request) -> JSON:
        ws = self.workspace
        members = [*ws.users, ws.bot_user, slackbot()]
        limit = arg_int(args, "limit", 0)
        start = 0
        cursor = arg_str(args, "cursor")
        if cursor:
            start = _decode_cursor(cursor, "user", [u.id for u in members])
        end = len(members) if limit <= 0 else min(len(members), start + limit)
        page = members[start:end]
        next_cursor = _encode_cursor("user", members[end].id) if end < len(members) else ""
        return {
            "members": [ws.user_object(u) for u in page],
            "cache_ts": int(time.time()),
            "response_metadata": {"next_cursor": next_cursor},
        }

    # -- conversations -----------------------------------------------------

    def _read_scope(self) -> None:
        """``missing_scope`` unless the token may read this channel's messages."""
        needed = self.workspace.history_scope
        if needed not in self.workspace.scopes:
            raise SlackApiFailure(
                "missing_scope", needed=needed, provided=",".join(self.workspace.scopes)
            )

    def _conversations_history(self, args: JSON, request: web.Request) -> JSON:
        channel = self._channel_arg(args)
        self._read_scope()
        ws = self.workspace
        top = [
            m
            for m in reversed(ws.messages.values())
            if m.ephemeral_to is None and m.in_channel and ws.channel_of(m) == channel
        ]
        latest, oldest = arg_str(args, "latest"), arg_str(args, "oldest")
        inclusive = arg_bool(args, "inclusive")
        if latest:
            top = [
                m for m in top if ts_key(m.ts) < ts_key(latest) or (inclusive and m.ts == latest)
            ]
        if oldest:
            top = [
                m for m in top if ts_key(m.ts) > ts_key(oldest) or (inclusive and m.ts == oldest)
            ]
        return self._page_of(args, top, default_limit=100, key="history")

    def _conversations_replies(self, args: JSON, request: web.Request) -> JSON:
        channel = self._channel_arg(args)
        self._read_scope()
        ts = arg_str(args, "ts")
        if not ts:
            raise SlackApiFailure("invalid_arguments")
        msg = self.workspace.messages.get(ts)
        if msg is None or msg.ephemeral_to is not None or self.workspace.channel_of(msg) != channel:
            raise SlackApiFailure("thread_not_found")
        root_ts = msg.thread_ts if msg.is_reply and msg.thread_ts else msg.ts
        thread = [
            m
            for m in self.workspace.messages.values()
            if m.ephemeral_to is None and (m.ts == root_ts or m.thread_ts == root_ts)
        ]
        return self._page_of(args, thread, default_limit=1000, key="replies")

    def _page_of(
        self, args: JSON, items: list[SandboxMessage], *, default_limit: int, key: str
    ) -> JSON:
        limit = arg_int(args, "limit", default_limit)
        if limit <= 0:
            limit = default_limit
        start = 0
        cursor = arg_str(args, "cursor")
        if cursor:
            start = _decode_cursor(cursor, key, [m.ts for m in items])
        page = items[start : start + limit]
        has_more = start + limit < len(items)
        next_cursor = _encode_cursor(key, items[start + limit].ts) if has_more else ""
        return {
            "messages": [self.workspace.api_message(m, thread_meta=True) for m in page],
            "has_more": has_more,
            "pin_count": 0,
            "response_metadata": {"next_cursor": next_cursor},
        }

    def _channel_arg(self, args: JSON) -> str:
        """The id of the channel the call names (by id, name or ``#name``)."""
        channel = self.workspace.channel_arg(arg_str(args, "channel"))
        if channel is None:
            raise SlackApiFailure("channel_not_found")
        return channel


# -- arguments ----------------------------------------------------------------


def content_args(args: JSON, *, required: bool) -> tuple[str | None, list[JSON] | None]:
    """``text`` and ``blocks`` of a message, checked as Slack does (blocks ids filled)."""
    text = arg_str(args, "text")
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
        errors = validate_blocks(raw_blocks)
        if errors:
            raise SlackApiFailure(
                "invalid_blocks",
                errors=errors,
                response_metadata={"messages": [f"[ERROR] {e}" for e in errors]},
            )
        blocks = fill_ids(raw_blocks)
    if required and not text and not blocks:
        raise SlackApiFailure("no_text")
    if text is not None and len(text) > 40000:
        raise SlackApiFailure("msg_too_long")
    return text, blocks


async def read_args(request: web.Request) -> tuple[JSON, str | None]:
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


def arg_str(args: Mapping[str, Any], name: str) -> str | None:
    value = args.get(name)
    if value is None:
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    if not isinstance(value, str):
        raise SlackApiFailure("invalid_arguments")
    return value


def arg_int(args: Mapping[str, Any], name: str, default: int) -> int:
    value = args.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except (TypeError, ValueError):
        raise SlackApiFailure("invalid_arguments") from None


def arg_bool(args: Mapping[str, Any], name: str) -> bool:
    value = args.get(name)
    if isinstance(value, str):
        return value.lower() in ("1", "true")
    return bool(value)


def origin(request: web.Request) -> str:
    return f"{request.scheme}://{request.host}"


def _bearer(request: web.Request) -> str | None:
    header = request.headers.get("Authorization", "")
    if header.lower().startswith("bearer "):
        return header[7:].strip() or None
    return None


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
