"""The admin_server actor: runs the aiohttp admin app on the configured host and port.

It hands the app the runtime's database, channels and config cache, and the
Slack and Harvest clients of the user import as providers: the Slack client
is the runtime's own; a Harvest client is made from the ``HARVEST_*``
settings on the first import and closed when the actor stops. Permalinks
point at the web host of ``SLACK_API_URL`` (``https://slack.com`` in
production, the sandbox in the demo).
"""

from __future__ import annotations

from urllib.parse import urlsplit

import anyio
import anyio.abc
import structlog
from aiohttp import web

from leavebot.admin.app import AdminRunner, create_app
from leavebot.harvest import HarvestClient
from leavebot.runtime import Runtime
from leavebot.supervisor import ChildSpec

log = structlog.get_logger(__name__)


def slack_web_url(api_url: str) -> str:
    """``https://slack.com/api/`` -> ``https://slack.com``."""
    parts = urlsplit(api_url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else api_url


def child(runtime: Runtime) -> ChildSpec:
    async def run(*, task_status: anyio.abc.TaskStatus[None]) -> None:
        made: list[HarvestClient] = []

        def harvest() -> HarvestClient:
            if not made:
                made.append(HarvestClient.from_settings(runtime.settings))
            return made[0]

        app = create_app(
            runtime.db,
            runtime.admin_token(),
            heartbeat_interval_s=runtime.settings.heartbeat_interval_s,
            channels=runtime.channels,
            config=runtime.config,
            slack=runtime.slack,
            harvest=harvest,
            slack_web_url=slack_web_url(runtime.settings.slack_api_url),
        )
        runner = AdminRunner(app, access_log=None, handle_signals=False)
        await runner.setup()
        try:
            site = web.TCPSite(runner, runtime.settings.admin_host, runtime.settings.admin_port)
            await site.start()
            port = runner.addresses[0][1] if runner.addresses else runtime.settings.admin_port
            runtime.admin_port = int(port)
            log.info("admin.listening", host=runtime.settings.admin_host, port=port)
            task_status.started()
            await anyio.sleep_forever()
        finally:
            with anyio.CancelScope(shield=True):
                await runner.cleanup()
                for client in made:
                    await client.close()

    return ChildSpec(name="admin_server", start=run, restart="permanent", shutdown_timeout_s=5.0)
