"""The sandbox Slack's control API and chat page: what tests, scripts and people drive.

:class:`ControlRoutes` serves, over HTTP, the Python control API of
:class:`~leavebot.sandbox.slack.sandbox.SlackSandbox` (JSON bodies; a bad
request is HTTP 400 with ``{"ok": false, "error": ...}``):

* ``POST /sandbox/slack/post`` ``{user, text, thread_ts?, files?, broadcast?}`` ->
  ``{ts, event_id}``: ``"files": [{"name": "note.pdf"}]`` attaches files (a
  ``file_share`` message), ``"broadcast": true`` with ``thread_ts`` also sends the
  reply to the channel (a ``thread_broadcast``); ``event_id`` is null when Slack
  sends the app no event for it (not subscribed)
* ``POST /sandbox/slack/click`` ``{user, message_ts, action_id, forged?}`` ->
  ``{envelope_id}``
* ``POST /sandbox/slack/edit`` ``{ts, text, user?}``, ``POST /sandbox/slack/delete``
  ``{ts, user?}`` -> ``{event_id}`` (``user``: who edits or deletes, who must be the
  author); ``POST /sandbox/slack/join`` ``{user}``,
  ``POST /sandbox/slack/other_bot`` ``{text, thread_ts?}`` -> ``{ts}``;
  ``POST /sandbox/slack/redeliver`` ``{event_id}`` -> ``{envelope_id}``
* ``GET /sandbox/slack/messages``, ``GET /sandbox/slack/state``,
  ``GET /sandbox/slack/deliveries``, ``GET /sandbox/slack/calls``
* ``GET|POST|DELETE /sandbox/slack/faults`` (``{"ratelimit": {method, count,
  retry_after}}`` or ``{"error": {method, error, count, status}}``)
* ``POST /sandbox/slack/channel`` ``{"private": true|false}``: the leave channel
  becomes private (or public)
* ``POST /sandbox/slack/disconnect`` ``{"mode": "refresh"|"drop", "reason"?}``
* ``POST /sandbox/slack/reset``, ``GET /sandbox/slack/events`` (server-sent
  events: one ``change`` event per state change, for the chat page)
* the app's Home tab: ``POST /sandbox/slack/home/open`` ``{user, tab?}`` ->
  ``{envelope_id, event_id}`` (``app_home_opened``), ``GET
  /sandbox/slack/home?user=`` -> ``{user, view}`` (null before any publish),
  ``POST /sandbox/slack/home/click`` ``{user, action_id}`` -> ``{envelope_id}``

and the chat page itself: ``/`` (``static/``) and the permalinks
``/archives/{channel}/p{ts}``, redirected to the page.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from aiohttp import web

from leavebot.sandbox.common import Fault
from leavebot.sandbox.slack.model import BOT_ID, BOT_NAME, JSON, TEAM_DOMAIN, TEAM_ID, ControlError

if TYPE_CHECKING:
    from leavebot.sandbox.slack.sandbox import SlackSandbox

Handler = Callable[[web.Request], Awaitable[web.Response]]

STATIC_DIR = Path(__file__).resolve().parent.parent / "static"


class ControlRoutes:
    """The ``/sandbox/slack/*`` routes and the chat page of one sandbox."""

    def __init__(self, sandbox: SlackSandbox) -> None:
        self.sandbox = sandbox

    def add_routes(self, app: web.Application, *, page_path: str = "/") -> None:
        control: list[tuple[str, str, Handler]] = [
            ("POST", "post", self._post),
            ("POST", "click", self._click),
            ("POST", "edit", self._edit),
            ("POST", "delete", self._delete),
            ("POST", "join", self._join),
            ("POST", "other_bot", self._other_bot),
            ("POST", "redeliver", self._redeliver),
            ("POST", "channel", self._channel),
            ("GET", "messages", self._messages),
            ("GET", "state", self._state),
            ("GET", "deliveries", self._deliveries),
            ("GET", "calls", self._calls),
            ("GET", "faults", self._faults_get),
            ("POST", "faults", self._faults_post),
            ("DELETE", "faults", self._faults_delete),
            ("POST", "disconnect", self._disconnect),
            ("POST", "reset", self._reset),
            ("POST", "home/open", self._home_open),
            ("GET", "home", self._home_view),
            ("POST", "home/click", self._home_click),
        ]
        for verb, name, handler in control:
            app.router.add_route(verb, f"/sandbox/slack/{name}", control_errors(handler))
        app.router.add_get("/sandbox/slack/events", self._events)
        app.router.add_get("/archives/{channel}/{p}", self._permalink)
        app.router.add_get(page_path, self._page)
        app.router.add_static("/sandbox/slack/static/", STATIC_DIR)

    async def _post(self, request: web.Request) -> web.Response:
        body = await json_body(request)
        files = body.get("files", [])
        if not isinstance(files, list) or not all(
            isinstance(f, dict) and isinstance(f.get("name"), str) for f in files
        ):
            raise ControlError('files must be a list of {"name": "..."}')
        broadcast = body.get("broadcast", False)
        if not isinstance(broadcast, bool):
            raise ControlError("broadcast must be true or false")
        text = body.get("text", "")
        if not isinstance(text, str):
            raise ControlError("text must be a string")
        ts, delivery = self.sandbox.post(
            _req(body, "user"),
            text,
            _opt(body, "thread_ts"),
            _opt(body, "channel"),
            files=[f["name"] for f in files],
            broadcast=broadcast,
        )
        return web.json_response(
            {"ts": ts, "event_id": delivery.event_id if delivery is not None else None}
        )

    async def _channel(self, request: web.Request) -> web.Response:
        body = await json_body(request)
        private = body.get("private")
        if not isinstance(private, bool):
            raise ControlError("private must be true or false")
        self.sandbox.make_private(private)
        return web.json_response({"private": private})

    async def _click(self, request: web.Request) -> web.Response:
        body = await json_body(request)
        forged = body.get("forged", False)
        if not isinstance(forged, bool):
            raise ControlError("forged must be true or false")
        d = self.sandbox.click(
            _req(body, "user"), _req(body, "message_ts"), _req(body, "action_id"), forged=forged
        )
        return web.json_response({"envelope_id": d.envelope_id})

    async def _edit(self, request: web.Request) -> web.Response:
        body = await json_body(request)
        event_id = self.sandbox.edit_user_message(
            _req(body, "ts"), _req(body, "text"), _opt(body, "user")
        )
        return web.json_response({"event_id": event_id})

    async def _delete(self, request: web.Request) -> web.Response:
        body = await json_body(request)
        event_id = self.sandbox.delete_user_message(_req(body, "ts"), _opt(body, "user"))
        return web.json_response({"event_id": event_id})

    async def _join(self, request: web.Request) -> web.Response:
        body = await json_body(request)
        return web.json_response({"ts": self.sandbox.join_channel(_req(body, "user"))})

    async def _other_bot(self, request: web.Request) -> web.Response:
        body = await json_body(request)
        ts = self.sandbox.post_other_bot_message(_req(body, "text"), _opt(body, "thread_ts"))
        return web.json_response({"ts": ts})

    async def _redeliver(self, request: web.Request) -> web.Response:
        body = await json_body(request)
        d = self.sandbox.redeliver_event(_req(body, "event_id"))
        return web.json_response({"envelope_id": d.envelope_id})

    async def _messages(self, request: web.Request) -> web.Response:
        return web.json_response(self.sandbox.messages())

    async def _state(self, request: web.Request) -> web.Response:
        sb = self.sandbox
        return web.json_response(
            {
                "version": sb.workspace.version,
                "team": {"id": TEAM_ID, "domain": TEAM_DOMAIN},
                "channel": {
                    "id": sb.channel_id,
                    "name": sb.channel_name,
                    "private": sb.private,
                },
                "channels": [{"id": c, "name": n} for c, n in sb.workspace.channels.items()],
                "bot": {
                    "user_id": sb.bot_user_id,
                    "bot_id": BOT_ID,
                    "name": BOT_NAME,
                    "real_name": sb.bot_user.real_name,
                },
                "users": [sb.workspace.user_summary(u) for u in sb.users],
                "connections": sb.connection_count,
            }
        )

    async def _deliveries(self, request: web.Request) -> web.Response:
        return web.json_response(
            {
                "deliveries": [d.to_json() for d in self.sandbox.deliveries],
                "acks": [
                    {"envelope_id": a.envelope_id, "payload": a.payload, "known": a.known}
                    for a in self.sandbox.acks
                ],
            }
        )

    async def _calls(self, request: web.Request) -> web.Response:
        return web.json_response(
            [
                {"method": c.method, "args": c.args, "error": c.error, "status": c.status}
                for c in self.sandbox.calls
            ]
        )

    async def _faults_get(self, request: web.Request) -> web.Response:
        return web.json_response(self.sandbox.fault_list())

    async def _faults_post(self, request: web.Request) -> web.Response:
        """``{"ratelimit": {...}}`` and/or ``{"error": {...}}``, or a common fault object."""
        sb = self.sandbox
        body = await json_body(request)
        known = False
        if isinstance(rl := body.get("ratelimit"), dict):
            sb.inject_ratelimit(
                _req(rl, "method"), _int_field(rl, "count", 1), _int_field(rl, "retry_after", 1)
            )
            known = True
        if isinstance(err := body.get("error"), dict):
            sb.inject_error(
                _req(err, "method"),
                _opt(err, "error") or "internal_error",
                _int_field(err, "count", 1),
                _int_field(err, "status", 200),
            )
            known = True
        if not known and "kind" in body:
            try:
                sb.inject(Fault.model_validate(body))
            except ValueError as exc:
                raise ControlError(f"invalid fault: {exc}") from None
            known = True
        if not known:
            raise ControlError('expected {"ratelimit": {...}} or {"error": {...}}')
        sb.workspace.notify()
        return web.json_response(sb.fault_list())

    async def _faults_delete(self, request: web.Request) -> web.Response:
        self.sandbox.clear_faults()
        return web.json_response(self.sandbox.fault_list())

    async def _disconnect(self, request: web.Request) -> web.Response:
        body = await json_body(request, allow_empty=True)
        mode = body.get("mode", "refresh")
        if mode == "refresh":
            n = await self.sandbox.send_disconnect(_opt(body, "reason") or "refresh_requested")
        elif mode == "drop":
            n = await self.sandbox.drop_connections()
        else:
            raise ControlError('mode must be "refresh" or "drop"')
        return web.json_response({"connections": n})

    async def _reset(self, request: web.Request) -> web.Response:
        self.sandbox.reset()
        return web.json_response({"ok": True})

    async def _home_open(self, request: web.Request) -> web.Response:
        body = await json_body(request)
        d = self.sandbox.open_home(_req(body, "user"), _opt(body, "tab") or "home")
        return web.json_response({"envelope_id": d.envelope_id, "event_id": d.event_id})

    async def _home_view(self, request: web.Request) -> web.Response:
        user = request.query.get("user", "")
        if not user:
            raise ControlError("user is required")
        person = self.sandbox.workspace.person(user)
        return web.json_response({"user": person.id, "view": self.sandbox.home_view(person.id)})

    async def _home_click(self, request: web.Request) -> web.Response:
        body = await json_body(request)
        d = self.sandbox.click_home(_req(body, "user"), _req(body, "action_id"))
        return web.json_response({"envelope_id": d.envelope_id})

    async def _events(self, request: web.Request) -> web.StreamResponse:
        workspace = self.sandbox.workspace
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
            while not self.sandbox.closing:
                changed = workspace.change_signal()
                if seen != workspace.version:
                    seen = workspace.version
                    data = json.dumps({"version": seen})
                    await resp.write(f"event: change\ndata: {data}\n\n".encode())
                try:
                    await asyncio.wait_for(changed.wait(), 15.0)
                except TimeoutError:
                    await resp.write(b": keepalive\n\n")
        except (ConnectionError, RuntimeError):
            pass
        return resp

    async def _permalink(self, request: web.Request) -> web.Response:
        p = request.match_info["p"]
        ts = f"{p[1:-6]}.{p[-6:]}" if p.startswith("p") and len(p) > 7 else ""
        raise web.HTTPFound(f"/#{ts}")

    async def _page(self, request: web.Request) -> web.FileResponse:
        return web.FileResponse(STATIC_DIR / "index.html")


def control_errors(handler: Handler) -> Handler:
    """A control route: a :class:`ControlError` becomes HTTP 400 with a JSON error."""

    async def wrapped(request: web.Request) -> web.Response:
        try:
            return await handler(request)
        except ControlError as exc:
            return web.json_response({"ok": False, "error": str(exc)}, status=400)

    return wrapped


async def json_body(request: web.Request, *, allow_empty: bool = False) -> JSON:
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
