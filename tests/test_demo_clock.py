"""The demo's clock control: ``GET|POST /sandbox/clock`` moves the bot's clock."""

from __future__ import annotations

import datetime as dt

import aiohttp
import pytest
from aiohttp import web

from leavebot.channels import Channels
from leavebot.db import Database
from leavebot.demo import add_clock_routes
from leavebot.runtime import Runtime
from leavebot.sandbox.common import serve_app
from leavebot.settings import Settings

pytestmark = pytest.mark.anyio


async def test_the_demo_clock_jumps_to_the_next_digest_and_back(db: Database) -> None:
    app = web.Application()
    runtimes: dict[str, Runtime] = {}
    add_clock_routes(app, runtimes)
    runner, base = await serve_app(app, "127.0.0.1", 0)
    try:
        async with aiohttp.ClientSession() as http:
            async with http.get(f"{base}/sandbox/clock") as resp:
                assert resp.status == 503  # the bot is not up yet
            runtime = Runtime(
                settings=Settings(), db=db, channels=Channels(db), process="demo", demo=True
            )
            runtimes["demo"] = runtime
            async with http.get(f"{base}/sandbox/clock") as resp:
                state = await resp.json()
            assert state["zone"] == "Asia/Kolkata"
            assert state["digest_time"] == "09:30"
            due = dt.datetime.fromisoformat(state["next_digest"])
            async with http.post(f"{base}/sandbox/clock", json={"to": "next_digest"}) as resp:
                moved = await resp.json()
            assert resp.status == 200
            assert moved["day"] == due.date().isoformat()
            assert abs((runtime.clock.now() - due).total_seconds()) < 5
            assert dt.date.fromisoformat(moved["next_digest_day"]) > due.date()
            async with http.post(f"{base}/sandbox/clock", json={"advance_s": 60}) as resp:
                assert resp.status == 200
            assert abs((runtime.clock.now() - due).total_seconds() - 60) < 5
            async with http.post(f"{base}/sandbox/clock", json={"reset": True}) as resp:
                assert resp.status == 200
            assert abs(runtime.clock.offset_s) < 5
            for bad in ({"to": "yesterday"}, {"advance_s": True}, [1]):
                async with http.post(f"{base}/sandbox/clock", json=bad) as resp:
                    assert resp.status == 400
                    assert "error" in await resp.json()
    finally:
        await runner.cleanup()
