"""The sandbox Slack's Home tab and second channel against the real slack_sdk and Socket Mode
client: ``views.publish`` checked as Slack checks a Home view, ``app_home_opened``, clicks
in a Home view, and ``chat.postMessage`` to another channel than the leave channel."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest
from slack_sdk.errors import SlackApiError
from slack_sdk.socket_mode.aiohttp import SocketModeClient
from slack_sdk.socket_mode.request import SocketModeRequest
from slack_sdk.socket_mode.response import SocketModeResponse
from slack_sdk.web.async_client import AsyncWebClient

from leavebot.sandbox.slack import CHANNEL_ID, ControlError, SlackSandbox

pytestmark = pytest.mark.anyio
ASHA = "U0ASHA001"
GENERAL = "C0GENERAL1"


def section(text: str, **extra: Any) -> dict[str, Any]:
    return {"type": "section", "text": {"type": "mrkdwn", "text": text}, **extra}


@pytest.fixture
async def sandbox(anyio_backend: str) -> AsyncIterator[SlackSandbox]:
    sb = SlackSandbox(ack_timeout=0.4)
    await sb.start()
    try:
        yield sb
    finally:
        await sb.stop()


@pytest.fixture
def web(sandbox: SlackSandbox) -> AsyncWebClient:
    return AsyncWebClient(token=sandbox.bot_token, base_url=sandbox.api_url)


async def refused(call: Any) -> dict[str, Any]:
    with pytest.raises(SlackApiError) as caught:
        await call
    data: dict[str, Any] = caught.value.response.data
    return data


async def test_views_publish_stores_a_home_view_and_answers_it(
    sandbox: SlackSandbox, web: AsyncWebClient
) -> None:
    view = {"type": "home", "blocks": [section("Hello", block_id="one")]}
    answer = await web.views_publish(user_id=ASHA, view=view)
    stored = answer["view"]
    assert stored["type"] == "home"
    assert stored["id"].startswith("V")
    assert stored["blocks"][0]["block_id"] == "one"
    assert stored["hash"]
    assert sandbox.home_view(ASHA) == stored
    # The same view id on a republish; a stale hash is refused, the current one accepted.
    again = await web.views_publish(user_id=ASHA, view=view, hash=stored["hash"])
    assert again["view"]["id"] == stored["id"]
    stale = await refused(web.views_publish(user_id=ASHA, view=view, hash=stored["hash"]))
    assert stale["error"] == "hash_conflict"
    # A view sent as its JSON string, as Slack's docs describe the argument.
    text = await web.api_call("views.publish", json={"user_id": ASHA, "view": json.dumps(view)})
    assert text["view"]["blocks"][0]["text"]["text"] == "Hello"


@pytest.mark.parametrize(
    ("view", "error", "pointer"),
    [
        ({"type": "modal", "blocks": []}, "invalid_arguments", "/view/type"),
        ({"type": "home"}, "invalid_arguments", "/view/blocks"),
        (
            {"type": "home", "blocks": [section(f"line {i}") for i in range(101)]},
            "invalid_arguments",
            "/view/blocks",
        ),
        ({"type": "home", "blocks": [section("x" * 3001)]}, "invalid_arguments", "/view/blocks/0"),
        (
            {
                "type": "home",
                "blocks": [{"type": "header", "text": {"type": "mrkdwn", "text": "h"}}],
            },
            "invalid_arguments",
            "/view/blocks/0/text/type",
        ),
        (
            {"type": "home", "blocks": [section("a", block_id="x"), section("b", block_id="x")]},
            "invalid_arguments",
            "/view/blocks/1/block_id",
        ),
        (
            {"type": "home", "blocks": [section("a")], "private_metadata": "m" * 3001},
            "invalid_arguments",
            "/view/private_metadata",
        ),
        (
            {"type": "home", "blocks": [section("a")], "callback_id": "c" * 256},
            "invalid_arguments",
            "/view/callback_id",
        ),
        ({"type": "home", "blocks": [section("x" * 2900)] * 99}, "view_too_large", ""),
    ],
)
async def test_views_publish_refuses_what_slack_refuses(
    web: AsyncWebClient, view: dict[str, Any], error: str, pointer: str
) -> None:
    data = await refused(web.views_publish(user_id=ASHA, view=view))
    assert data["error"] == error
    if pointer:
        messages = data["response_metadata"]["messages"]
        assert any(f"[json-pointer:{pointer}" in m for m in messages), messages


async def test_a_home_view_of_exactly_100_blocks_is_fine_and_people_are_checked(
    web: AsyncWebClient,
) -> None:
    blocks = [section(f"line {i}") for i in range(100)]
    answer = await web.views_publish(user_id=ASHA, view={"type": "home", "blocks": blocks})
    assert len(answer["view"]["blocks"]) == 100
    for user in ("U0NOBODY1", "U0LEAVEBOT"):
        data = await refused(
            web.views_publish(user_id=user, view={"type": "home", "blocks": blocks[:1]})
        )
        assert data["error"] == "user_not_found"
    data = await refused(web.api_call("views.publish", json={"user_id": ASHA}))
    assert data["error"] == "invalid_arguments"


async def test_app_home_opened_and_a_click_in_the_home_view_reach_the_app(
    sandbox: SlackSandbox, web: AsyncWebClient
) -> None:
    received: list[SocketModeRequest] = []
    got = asyncio.Event()

    async def on_request(client: SocketModeClient, req: SocketModeRequest) -> None:
        await client.send_socket_mode_response(SocketModeResponse(envelope_id=req.envelope_id))
        received.append(req)
        got.set()

    app_client = AsyncWebClient(token=sandbox.app_token, base_url=sandbox.api_url)
    socket = SocketModeClient(app_token=sandbox.app_token, web_client=app_client)
    socket.socket_mode_request_listeners.append(on_request)
    await socket.connect()
    try:
        sandbox.open_home(ASHA)
        await asyncio.wait_for(got.wait(), 5)
        event = received[0].payload["event"]
        assert event["type"] == "app_home_opened"
        assert event["user"] == ASHA
        assert event["tab"] == "home"
        assert event["channel"].startswith("D")
        assert "view" not in event  # nothing was published yet
        button = {
            "type": "button",
            "action_id": "home_cancel:7",
            "text": {"type": "plain_text", "text": "Cancel"},
            "value": "7",
        }
        await web.views_publish(
            user_id=ASHA, view={"type": "home", "blocks": [section("Leave", accessory=button)]}
        )
        got.clear()
        sandbox.open_home(ASHA)
        await asyncio.wait_for(got.wait(), 5)
        assert received[-1].payload["event"]["view"]["blocks"][0]["text"]["text"] == "Leave"
        got.clear()
        sandbox.click_home(ASHA, "home_cancel:7")
        await asyncio.wait_for(got.wait(), 5)
        click = received[-1]
        assert click.type == "interactive"
        assert click.payload["type"] == "block_actions"
        assert click.payload["container"]["type"] == "view"
        assert click.payload["container"]["view_id"] == sandbox.home_view(ASHA)["id"]
        assert "channel" not in click.payload
        assert click.payload["actions"][0]["action_id"] == "home_cancel:7"
        with pytest.raises(ControlError):
            sandbox.click_home(ASHA, "no_such_button")
        with pytest.raises(ControlError):
            sandbox.click_home("U0RAVI002", "home_cancel:7")  # Ravi has no Home view
    finally:
        await socket.close()


async def test_the_home_control_routes(sandbox: SlackSandbox, web: AsyncWebClient) -> None:
    base = sandbox.base_url
    async with aiohttp.ClientSession() as http:
        async with http.get(f"{base}/sandbox/slack/home", params={"user": ASHA}) as resp:
            assert (await resp.json()) == {"user": ASHA, "view": None}
        await web.views_publish(user_id=ASHA, view={"type": "home", "blocks": [section("Hi")]})
        async with http.get(f"{base}/sandbox/slack/home", params={"user": "asha"}) as resp:
            assert (await resp.json())["view"]["blocks"][0]["text"]["text"] == "Hi"
        async with http.post(f"{base}/sandbox/slack/home/open", json={"user": ASHA}) as resp:
            assert resp.status == 200
            assert (await resp.json())["event_id"].startswith("Ev")
        async with http.post(f"{base}/sandbox/slack/home/open", json={"user": "nobody"}) as resp:
            assert resp.status == 400
        async with http.get(f"{base}/sandbox/slack/home") as resp:
            assert resp.status == 400


async def test_chat_post_message_to_the_other_channel_stays_in_it(
    sandbox: SlackSandbox, web: AsyncWebClient
) -> None:
    posted = await web.chat_postMessage(channel=GENERAL, text="Who's out today")
    assert posted["channel"] == GENERAL
    also = await web.chat_postMessage(channel="#general", text="again")
    assert also["channel"] == GENERAL
    await web.chat_postMessage(channel=CHANNEL_ID, text="in #leave")
    general = await web.conversations_history(channel=GENERAL)
    assert [m["text"] for m in general["messages"]] == ["again", "Who's out today"]
    leave = await web.conversations_history(channel=CHANNEL_ID)
    assert [m["text"] for m in leave["messages"]] == ["in #leave"]
    assert sandbox.message(posted["ts"])["channel"] == GENERAL
    event = sandbox.event_deliveries()[0].payload["event"]
    assert event["channel"] == GENERAL
    nowhere = await refused(web.chat_postMessage(channel="C0NOWHERE", text="x"))
    assert nowhere["error"] == "channel_not_found"
    wrong_thread = await refused(
        web.chat_postMessage(channel=CHANNEL_ID, text="x", thread_ts=posted["ts"])
    )
    assert wrong_thread["error"] == "thread_not_found"
    moved = await refused(web.chat_update(channel=CHANNEL_ID, ts=posted["ts"], text="y"))
    assert moved["error"] == "message_not_found"
    await web.chat_update(channel=GENERAL, ts=posted["ts"], text="edited")
    assert sandbox.message(posted["ts"])["text"] == "edited"
