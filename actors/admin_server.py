"""The admin_server actor: runs the aiohttp admin app on the configured host and port."""

from __future__ import annotations

import anyio
import anyio.abc
import structlog
from aiohttp import web

from leavebot.admin.app import create_app
from leavebot.runtime import Runtime
from leavebot.supervisor import ChildSpec

log = structlog.get_logger(__name__)


def child(runtime: Runtime) -> ChildSpec:
    async def run(*, task_status: anyio.abc.TaskStatus[None]) -> None:
        app = create_app(
            runtime.db,
            runtime.admin_token(),
            heartbeat_interval_s=runtime.settings.heartbeat_interval_s,
        )
        runner = web.AppRunner(app, access_log=None, handle_signals=False)
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

    return ChildSpec(name="admin_server", start=run, restart="permanent", shutdown_timeout_s=5.0)
