"""The admin server seed: /healthz, /api/health, bearer auth, JSON errors."""

from __future__ import annotations

from collections.abc import AsyncIterator

import aiohttp
import pytest
from aiohttp import web

from leavebot.admin.app import check_token, create_app
from leavebot.db import Database
from leavebot.errors import ConfigError
from leavebot.heartbeats import HeartbeatWriter
from leavebot.supervisor import ChildReport

pytestmark = pytest.mark.anyio
TOKEN = "t" * 40


@pytest.fixture
async def base_url(db: Database) -> AsyncIterator[str]:
    runner = web.AppRunner(create_app(db, TOKEN, heartbeat_interval_s=0.5))
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        await runner.cleanup()


def report(name: str, state: str = "running", error: str | None = None) -> ChildReport:
    import datetime as dt

    now = dt.datetime.now(dt.UTC)
    return ChildReport(
        supervisor="root",
        name=name,
        state=state,  # type: ignore[arg-type]
        restart="permanent",
        restarts=1 if error else 0,
        last_error=error,
        started_at=now,
        updated_at=now,
    )


async def test_healthz_is_open_and_checks_the_database(base_url: str) -> None:
    async with aiohttp.ClientSession() as http, http.get(f"{base_url}/healthz") as resp:
        assert resp.status == 200
        assert await resp.json() == {"status": "ok", "database": "ok"}
        assert resp.headers["X-Frame-Options"] == "DENY"


@pytest.mark.parametrize(
    ("headers", "message"),
    [
        ({}, "missing bearer token"),
        ({"Authorization": "Basic abc"}, "missing bearer token"),
        ({"Authorization": "Bearer " + "x" * 40}, "wrong bearer token"),
    ],
)
async def test_api_needs_the_bearer_token(
    base_url: str, headers: dict[str, str], message: str
) -> None:
    async with (
        aiohttp.ClientSession() as http,
        http.get(f"{base_url}/api/health", headers=headers) as resp,
    ):
        assert resp.status == 401
        body = await resp.json()
        assert body["error"]["code"] == "unauthorized"
        assert body["error"]["message"] == message
        assert TOKEN not in await resp.text()


async def test_api_health_reports_actors_and_flags_stale_ones(base_url: str, db: Database) -> None:
    writer = HeartbeatWriter(db, "bot")
    await writer([report("parser"), report("tracker", "restarting", "RuntimeError: boom")])
    await db.execute(
        "UPDATE actor_heartbeats SET updated_at = now() - interval '1 hour' WHERE actor = 'parser'"
    )
    auth = {"Authorization": f"Bearer {TOKEN}"}
    async with (
        aiohttp.ClientSession() as http,
        http.get(f"{base_url}/api/health", headers=auth) as resp,
    ):
        assert resp.status == 200
        body = await resp.json()
    assert body["status"] == "degraded"
    actors = {a["actor"]: a for a in body["actors"]}
    assert actors["parser"]["stale"] is True
    assert actors["parser"]["process"] == "bot"
    assert actors["tracker"]["stale"] is False
    assert actors["tracker"]["state"] == "restarting"
    assert actors["tracker"]["last_error"] == "RuntimeError: boom"


async def test_api_health_is_ok_when_every_actor_runs(base_url: str, db: Database) -> None:
    await HeartbeatWriter(db, "web")([report("admin_server")])
    auth = {"Authorization": f"Bearer {TOKEN}"}
    async with (
        aiohttp.ClientSession() as http,
        http.get(f"{base_url}/api/health", headers=auth) as resp,
    ):
        assert (await resp.json())["status"] == "ok"


async def test_unknown_route_is_a_json_404(base_url: str) -> None:
    auth = {"Authorization": f"Bearer {TOKEN}"}
    async with (
        aiohttp.ClientSession() as http,
        http.get(f"{base_url}/api/nope", headers=auth) as resp,
    ):
        assert resp.status == 404
        body = await resp.json()
        assert body["error"]["code"] == "not_found"


def test_token_rules() -> None:
    with pytest.raises(ConfigError, match="ADMIN_TOKEN is not set"):
        check_token(None)
    with pytest.raises(ConfigError, match="at least 32"):
        check_token("short")
    assert check_token("short", demo=True) == "short"
    assert check_token("k" * 32) == "k" * 32
