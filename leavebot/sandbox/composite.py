"""All sandbox services behind one port, with ``GET /sandbox`` describing them.

``leave-bot demo`` and end-to-end tests use it: the chat page at ``/``, the
sandbox Slack (Web API, Socket Mode, control API), the sandbox OpenAI
endpoint under ``/v1``, the sandbox Google Calendar under ``/calendar/v3``
(and its token endpoint) and the sandbox Harvest under ``/v2``, in one
aiohttp app on one port. ``GET /sandbox`` answers the base URL of every
service, the leave channel, the demo's admin token and the people.
"""

from __future__ import annotations

from typing import Any

from aiohttp import web

from leavebot.sandbox.calendar import SandboxCalendar
from leavebot.sandbox.common import serve_app
from leavebot.sandbox.harvest import SandboxHarvest
from leavebot.sandbox.openai import OpenAISandbox
from leavebot.sandbox.slack import SlackSandbox

JSON = dict[str, Any]


def copy_routes(source: web.Application, target: web.Application) -> None:
    """Serve ``source``'s routes from ``target`` too (same paths, same handlers)."""
    for route in source.router.routes():
        info = route.resource.get_info() if route.resource is not None else {}
        path = info.get("path") or info.get("formatter")
        if path is None:
            continue
        target.router.add_route(route.method, str(path), route.handler)


class Sandboxes:
    """The sandbox services of the demo, started together on one port."""

    def __init__(
        self,
        *,
        slack: SlackSandbox | None = None,
        openai: OpenAISandbox | None = None,
        calendar: SandboxCalendar | None = None,
        harvest: SandboxHarvest | None = None,
        admin_token: str = "",
    ) -> None:
        self.slack = slack or SlackSandbox()
        self.openai = openai or OpenAISandbox()
        self.calendar = calendar or SandboxCalendar()
        self.harvest = harvest or SandboxHarvest()
        self.admin_token = admin_token
        self.admin_api = ""
        self.app = web.Application()
        self.app.router.add_get("/sandbox", self._info)
        copy_routes(self.openai.app, self.app)
        self.calendar.attach(self.app)
        self.harvest.attach(self.app)
        self.slack.attach(self.app)
        self._runner: web.AppRunner | None = None
        self.base_url = ""

    async def start(self, host: str = "127.0.0.1", port: int = 0) -> str:
        self._runner, self.base_url = await serve_app(self.app, host, port)
        self.slack.set_base_url(self.base_url)
        self.calendar.set_base_url(self.base_url)
        self.harvest.set_base_url(self.base_url)
        self.openai.base_url = f"{self.base_url}/v1"
        return self.base_url

    async def stop(self) -> None:
        if self._runner is not None:
            runner, self._runner = self._runner, None
            await runner.cleanup()

    def info(self) -> JSON:
        return {
            "slack_api": self.slack.api_url,
            "calendar_api": self.calendar.api_endpoint,
            "harvest_api": self.harvest.api_url,
            "openai_api": self.openai.base_url,
            "admin_api": self.admin_api,
            "channel": self.slack.channel_id,
            "admin_token": self.admin_token,
            "calendar_id": self.calendar.calendar_id,
            "harvest_account_id": self.harvest.account_id,
            "harvest_token": self.harvest.token,
            "users": [
                {"id": u.id, "name": u.real_name, "registered": u.registered}
                for u in self.slack.users
                if not u.is_bot
            ],
        }

    async def _info(self, request: web.Request) -> web.Response:
        return web.json_response(self.info())
