"""All sandboxes on one port: GET /sandbox tells where each service is, and each answers there."""

from __future__ import annotations

import aiohttp
import pytest

from leavebot.sandbox.composite import Sandboxes

pytestmark = pytest.mark.anyio


async def test_sandbox_info_and_every_service_answers_on_one_port() -> None:
    sandboxes = Sandboxes(admin_token="demo-admin-token")
    base = await sandboxes.start()
    try:
        async with aiohttp.ClientSession() as http:
            async with http.get(f"{base}/sandbox") as resp:
                info = await resp.json()
            for key in ("slack_api", "calendar_api", "harvest_api", "openai_api"):
                assert info[key].startswith(base), key
            assert info["channel"] == "C0LEAVE01"
            assert info["admin_token"] == "demo-admin-token"
            assert info["calendar_id"]
            assert info["harvest_account_id"]
            assert {u["registered"] for u in info["users"]} == {True, False}
            auth = {"Authorization": f"Bearer {sandboxes.slack.bot_token}"}
            async with http.post(f"{info['slack_api']}auth.test", headers=auth) as resp:
                assert (await resp.json())["ok"] is True
            harvest_headers = {
                "Authorization": f"Bearer {info['harvest_token']}",
                "Harvest-Account-Id": str(info["harvest_account_id"]),
                "User-Agent": "leavebot tests",
            }
            async with http.get(f"{info['harvest_api']}/users/me", headers=harvest_headers) as resp:
                assert resp.status == 200
            async with http.get(f"{base}/") as resp:
                assert resp.status == 200
                assert "text/html" in resp.headers["Content-Type"]
    finally:
        await sandboxes.stop()
