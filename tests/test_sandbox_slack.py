"""The sandbox Slack against the real slack_sdk / slack_bolt clients over real sockets."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest
from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler
from slack_bolt.async_app import AsyncApp, AsyncSay
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_async_handlers import AsyncRateLimitErrorRetryHandler
from slack_sdk.socket_mode.aiohttp import SocketModeClient
from slack_sdk.socket_mode.request import SocketModeRequest
from slack_sdk.socket_mode.response import SocketModeResponse
from slack_sdk.web.async_client import AsyncWebClient

from leavebot.sandbox.slack import (
    BOT_ID,
    BOT_USER_ID,
    CHANNEL_ID,
    ControlError,
    SandboxUser,
    SlackSandbox,
)

pytestmark = pytest.mark.anyio

BUTTONS = [
    {"type": "section", "text": {"type": "mrkdwn", "text": "*Leave* for Thu 12 Sep"}},
    {
        "type": "actions",
        "block_id": "prompt",
        "elements": [
            {
                "type": "button",
                "action_id": "confirm",
                "text": {"type": "plain_text", "text": "Confirm"},
                "style": "primary",
                "value": "req-1",
            },
            {
                "type": "button",
                "action_id": "cancel",
                "text": {"type": "plain_text", "text": "Cancel"},
                "value": "req-1",
            },
        ],
    },
]


@pytest.fixture
async def sandbox(anyio_backend: str) -> AsyncIterator[SlackSandbox]:
    sb = SlackSandbox(ack_timeout=0.4, retry_delays=(0.0, 0.4, 0.8))
    await sb.start()
    try:
        yield sb
    finally:
        await sb.stop()


@pytest.fixture
def web(sandbox: SlackSandbox) -> AsyncWebClient:
    return AsyncWebClient(token=sandbox.bot_token, base_url=sandbox.api_url)


class Recorder:
    """A SocketModeClient listener that keeps every request and acks when told to."""

    def __init__(self, ack: bool = True) -> None:
        self.ack = ack
        self.requests: list[SocketModeRequest] = []
        self.raw: list[dict[str, Any]] = []
        self.frames: list[dict[str, Any]] = []

    async def on_request(self, client: SocketModeClient, req: SocketModeRequest) -> None:
        self.requests.append(req)
        if self.ack:
            await client.send_socket_mode_response(SocketModeResponse(envelope_id=req.envelope_id))

    async def on_message(
        self, client: SocketModeClient, message: dict[str, Any], raw: str | None
    ) -> None:
        self.raw.append(message)

    async def on_frame(self, frame: aiohttp.WSMessage) -> None:
        self.frames.append(json.loads(frame.data))

    async def wait(
        self,
        predicate: Any,
        timeout: float = 5.0,  # noqa: ASYNC109
    ) -> SocketModeRequest:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for req in self.requests:
                if predicate(req):
                    return req
            await asyncio.sleep(0.02)
        raise AssertionError(f"no matching request among {[r.payload for r in self.requests]}")


@pytest.fixture
async def socket_client(
    sandbox: SlackSandbox,
) -> AsyncIterator[tuple[SocketModeClient, Recorder]]:
    recorder = Recorder()
    client = SocketModeClient(
        app_token=sandbox.app_token,
        web_client=AsyncWebClient(base_url=sandbox.api_url),
        ping_interval=0.3,
    )
    client.socket_mode_request_listeners.append(recorder.on_request)  # type: ignore[arg-type]
    client.message_listeners.append(recorder.on_message)  # type: ignore[arg-type]
    client.on_message_listeners.append(recorder.on_frame)
    await client.connect()
    try:
        yield client, recorder
    finally:
        await client.close()


def events_of(recorder: Recorder) -> list[dict[str, Any]]:
    return [r.payload["event"] for r in recorder.requests if r.type == "events_api"]


# -- Web API -------------------------------------------------------------------


async def test_auth_test_and_token_errors(sandbox: SlackSandbox, web: AsyncWebClient) -> None:
    auth = await web.auth_test()
    assert auth["user_id"] == BOT_USER_ID
    assert auth["bot_id"] == BOT_ID
    assert auth["team_id"] == "T0SANDBOX"
    assert "chat:write" in auth.headers["x-oauth-scopes"]

    with pytest.raises(SlackApiError) as missing:
        await AsyncWebClient(base_url=sandbox.api_url).auth_test()
    assert missing.value.response["error"] == "not_authed"

    with pytest.raises(SlackApiError) as wrong:
        await AsyncWebClient(token="xoxb-nope", base_url=sandbox.api_url).auth_test()
    assert wrong.value.response["error"] == "invalid_auth"

    app_token_client = AsyncWebClient(token=sandbox.app_token, base_url=sandbox.api_url)
    with pytest.raises(SlackApiError) as kind:
        await app_token_client.chat_postMessage(channel=CHANNEL_ID, text="hi")
    assert kind.value.response["error"] == "not_allowed_token_type"

    with pytest.raises(SlackApiError) as bot_for_socket:
        await web.apps_connections_open(app_token=sandbox.bot_token)
    assert bot_for_socket.value.response["error"] == "not_allowed_token_type"

    opened = await web.apps_connections_open(app_token=sandbox.app_token)
    assert opened["url"].startswith(f"ws://{sandbox.base_url.removeprefix('http://')}/socket?")

    with pytest.raises(SlackApiError) as unknown:
        await web.api_call("chat.fly")
    assert unknown.value.response.status_code == 404
    assert unknown.value.response["error"] == "unknown_method"


async def test_post_update_delete(sandbox: SlackSandbox, web: AsyncWebClient) -> None:
    posted = await web.chat_postMessage(channel=CHANNEL_ID, text="Leave?", blocks=BUTTONS)
    ts = posted["ts"]
    assert posted["channel"] == CHANNEL_ID
    assert posted["message"]["bot_id"] == BOT_ID
    assert posted["message"]["user"] == BOT_USER_ID
    blocks = posted["message"]["blocks"]
    assert blocks[0]["block_id"]  # filled in like Slack does
    assert blocks[1]["block_id"] == "prompt"
    assert [e["action_id"] for e in blocks[1]["elements"]] == ["confirm", "cancel"]

    second = await web.chat_postMessage(channel="#leave", text="again", thread_ts=ts)
    assert float(second["ts"]) > float(ts)
    assert second["message"]["thread_ts"] == ts

    updated = await web.chat_update(channel=CHANNEL_ID, ts=ts, text="Done", blocks=[])
    assert updated["message"]["text"] == "Done"
    stored = sandbox.message(ts)
    assert stored is not None
    assert stored["text"] == "Done"
    assert stored["blocks"] == []
    assert stored["edited"]["user"] == BOT_USER_ID

    kept = await web.chat_update(channel=CHANNEL_ID, ts=second["ts"], text="text only")
    assert kept["message"]["text"] == "text only"

    user_ts = sandbox.post_user_message("U0ASHA001", "off tomorrow")
    for call, error in [
        (web.chat_update(channel=CHANNEL_ID, ts="1.000001", text="x"), "message_not_found"),
        (web.chat_update(channel=CHANNEL_ID, ts=user_ts, text="x"), "cant_update_message"),
        (web.chat_postMessage(channel="C0NOPE", text="x"), "channel_not_found"),
        (web.api_call("chat.postMessage", json={"channel": CHANNEL_ID}), "no_text"),
        (web.chat_delete(channel=CHANNEL_ID, ts=user_ts), "cant_delete_message"),
        (web.chat_postMessage(channel=CHANNEL_ID, text="x", thread_ts="9.9"), "thread_not_found"),
    ]:
        with pytest.raises(SlackApiError) as exc:
            await call
        assert exc.value.response["error"] == error

    await web.chat_delete(channel=CHANNEL_ID, ts=second["ts"])
    assert sandbox.message(second["ts"]) is None
    with pytest.raises(SlackApiError) as gone:
        await web.chat_delete(channel=CHANNEL_ID, ts=second["ts"])
    assert gone.value.response["error"] == "message_not_found"


async def test_invalid_blocks_are_refused(web: AsyncWebClient) -> None:
    bad = [
        {"type": "header", "text": {"type": "mrkdwn", "text": "no"}},
        {
            "type": "actions",
            "elements": [
                {"type": "button", "action_id": "a", "text": {"type": "plain_text", "text": "x"}},
                {"type": "button", "action_id": "a", "text": {"type": "plain_text", "text": ""}},
            ],
        },
        {"type": "carousel"},
    ]
    with pytest.raises(SlackApiError) as exc:
        await web.chat_postMessage(channel=CHANNEL_ID, text="x", blocks=bad)
    response = exc.value.response
    assert response["error"] == "invalid_blocks"
    joined = " ".join(response["errors"])
    assert "/blocks/0/text/type" in joined
    assert "action_id already exists [json-pointer:/blocks/1/elements/1/action_id]" in joined
    assert "/blocks/1/elements/1/text/text" in joined
    assert "/blocks/2/type" in joined


async def test_ephemeral(sandbox: SlackSandbox, web: AsyncWebClient) -> None:
    parent = sandbox.post_user_message("asha", "leave friday")
    sent = await web.chat_postEphemeral(
        channel=CHANNEL_ID, user="U0JACK004", text="You are not registered", thread_ts=parent
    )
    note = sandbox.message(sent["message_ts"])
    assert note is not None
    assert note["ephemeral_to"] == "U0JACK004"
    assert note["thread_ts"] == parent
    history = await web.conversations_history(channel=CHANNEL_ID)
    assert [m["ts"] for m in history["messages"]] == [parent]
    replies = await web.conversations_replies(channel=CHANNEL_ID, ts=parent)
    assert [m["ts"] for m in replies["messages"]] == [parent]
    with pytest.raises(SlackApiError) as exc:
        await web.chat_postEphemeral(channel=CHANNEL_ID, user="U0NOBODY", text="x")
    assert exc.value.response["error"] == "user_not_in_channel"
    with pytest.raises(SlackApiError) as upd:
        await web.chat_update(channel=CHANNEL_ID, ts=sent["message_ts"], text="x")
    assert upd.value.response["error"] == "message_not_found"


async def test_users_info_and_paginated_list(web: AsyncWebClient) -> None:
    info = await web.users_info(user="U0MAYA003", include_locale=True)
    user = info["user"]
    assert user["name"] == "maya"
    assert user["real_name"] == "Maya Chen"
    assert user["profile"]["email"] == "maya@example.com"
    assert user["profile"]["display_name"] == "Maya"
    assert user["tz"] == "America/Los_Angeles"
    assert user["tz_offset"] in (-7 * 3600, -8 * 3600)
    assert user["is_bot"] is False
    assert user["deleted"] is False
    assert user["locale"] == "en-US"
    asha = (await web.users_info(user="U0ASHA001"))["user"]
    assert asha["tz_offset"] == 19800

    with pytest.raises(SlackApiError) as exc:
        await web.users_info(user="U0NOBODY")
    assert exc.value.response["error"] == "user_not_found"

    pages: list[list[str]] = []
    async for page in await web.users_list(limit=2):
        pages.append([m["id"] for m in page["members"]])
    assert [len(p) for p in pages] == [2, 2, 2]
    ids = [i for p in pages for i in p]
    assert ids[:4] == ["U0ASHA001", "U0RAVI002", "U0MAYA003", "U0JACK004"]
    assert ids[4:] == [BOT_USER_ID, "USLACKBOT"]
    first = await web.users_list(limit=2)
    assert first["response_metadata"]["next_cursor"]
    everyone = await web.users_list()
    assert everyone["response_metadata"]["next_cursor"] == ""
    assert len(everyone["members"]) == 6

    with pytest.raises(SlackApiError) as bad:
        await web.users_list(cursor="bm9wZTpub3Bl")
    assert bad.value.response["error"] == "invalid_cursor"


async def test_history_replies_permalink(sandbox: SlackSandbox, web: AsyncWebClient) -> None:
    a = sandbox.post_user_message("asha", "off monday")
    reply = sandbox.post_user_message("ravi", "feel better", thread_ts=a)
    bot_reply = (await web.chat_postMessage(channel=CHANNEL_ID, text="ok", thread_ts=reply))["ts"]
    b = sandbox.post_user_message("maya", "wfh today")
    c = sandbox.post_user_message("jack", "vacation next week")

    history = await web.conversations_history(channel=CHANNEL_ID)
    assert [m["ts"] for m in history["messages"]] == [c, b, a]
    parent = history["messages"][2]
    assert parent["reply_count"] == 2
    assert parent["reply_users"] == ["U0RAVI002", BOT_USER_ID]
    assert parent["latest_reply"] == bot_reply
    assert parent["thread_ts"] == a

    seen: list[str] = []
    cursor = None
    while True:
        page = await web.conversations_history(channel=CHANNEL_ID, limit=2, cursor=cursor)
        seen += [m["ts"] for m in page["messages"]]
        cursor = page["response_metadata"]["next_cursor"]
        if not page["has_more"]:
            assert cursor == ""
            break
    assert seen == [c, b, a]

    thread = await web.conversations_replies(channel=CHANNEL_ID, ts=a)
    assert [m["ts"] for m in thread["messages"]] == [a, reply, bot_reply]
    assert thread["messages"][1]["thread_ts"] == a
    assert thread["messages"][1]["parent_user_id"] == "U0ASHA001"
    from_reply = await web.conversations_replies(channel=CHANNEL_ID, ts=reply)
    assert [m["ts"] for m in from_reply["messages"]] == [a, reply, bot_reply]
    with pytest.raises(SlackApiError) as exc:
        await web.conversations_replies(channel=CHANNEL_ID, ts="1.2")
    assert exc.value.response["error"] == "thread_not_found"
    with pytest.raises(SlackApiError) as chan:
        await web.conversations_history(channel="C0OTHER")
    assert chan.value.response["error"] == "channel_not_found"

    link = await web.chat_getPermalink(channel=CHANNEL_ID, message_ts=reply)
    assert link["permalink"] == (
        f"{sandbox.base_url}/archives/{CHANNEL_ID}/p{reply.replace('.', '')}"
        f"?thread_ts={a}&cid={CHANNEL_ID}"
    )
    async with (
        aiohttp.ClientSession() as http,
        http.get(link["permalink"], allow_redirects=False) as resp,
    ):
        assert resp.status == 302
        assert resp.headers["Location"] == f"/#{reply}"
    with pytest.raises(SlackApiError) as missing:
        await web.chat_getPermalink(channel=CHANNEL_ID, message_ts="1.5")
    assert missing.value.response["error"] == "message_not_found"


async def test_form_encoded_and_token_in_form(sandbox: SlackSandbox) -> None:
    async with aiohttp.ClientSession() as http:
        form = {
            "token": sandbox.bot_token,
            "channel": CHANNEL_ID,
            "text": "from a form",
            "blocks": json.dumps(BUTTONS),
        }
        async with http.post(f"{sandbox.api_url}chat.postMessage", data=form) as resp:
            body = await resp.json()
        assert body["ok"] is True
        assert body["message"]["blocks"][1]["elements"][0]["action_id"] == "confirm"
        headers = {"Authorization": f"Bearer {sandbox.bot_token}"}
        async with http.post(
            f"{sandbox.api_url}chat.postMessage",
            data="{not json",
            headers={**headers, "Content-Type": "application/json"},
        ) as resp:
            assert (await resp.json())["error"] == "invalid_json"
        async with http.post(
            f"{sandbox.api_url}chat.postMessage",
            data={"channel": CHANNEL_ID, "text": "x", "blocks": "[oops"},
            headers=headers,
        ) as resp:
            assert (await resp.json())["error"] == "invalid_blocks_format"
    assert [c.method for c in sandbox.calls] == ["chat.postMessage"] * 3
    assert sandbox.calls[0].error is None


async def test_rate_limit_answers_429_and_the_sdk_retries(sandbox: SlackSandbox) -> None:
    async with aiohttp.ClientSession() as http:
        fault = {"ratelimit": {"method": "chat.postMessage", "count": 2, "retry_after": 1}}
        async with http.post(f"{sandbox.base_url}/sandbox/slack/faults", json=fault) as resp:
            assert resp.status == 200
            assert (await resp.json())[0]["count"] == 2

    plain = AsyncWebClient(token=sandbox.bot_token, base_url=sandbox.api_url)
    plain.retry_handlers.clear()  # the default handlers do not retry 429, be explicit
    with pytest.raises(SlackApiError) as exc:
        await plain.chat_postMessage(channel=CHANNEL_ID, text="x")
    assert exc.value.response.status_code == 429
    assert exc.value.response["error"] == "ratelimited"
    assert exc.value.response.headers["Retry-After"] == "1"
    assert set(exc.value.response.data) == {"ok", "error"}

    retrying = AsyncWebClient(
        token=sandbox.bot_token,
        base_url=sandbox.api_url,
        retry_handlers=[AsyncRateLimitErrorRetryHandler(max_retry_count=2)],
    )
    started = time.monotonic()
    ok = await retrying.chat_postMessage(channel=CHANNEL_ID, text="after the wait")
    assert ok["ok"] is True
    assert time.monotonic() - started >= 1.0
    statuses = [c.status for c in sandbox.calls_to("chat.postMessage")]
    assert statuses == [429, 429, 200]
    assert sandbox.fault_list() == []

    sandbox.inject_error("users.info", error="fatal_error", status=500)
    with pytest.raises(SlackApiError) as err:
        await plain.users_info(user="U0ASHA001")
    assert err.value.response.status_code == 500
    assert err.value.response["error"] == "fatal_error"
    assert (await plain.users_info(user="U0ASHA001"))["ok"] is True


# -- Socket Mode -----------------------------------------------------------------


async def test_socket_mode_hello_event_and_ack(
    sandbox: SlackSandbox, socket_client: tuple[SocketModeClient, Recorder]
) -> None:
    _, recorder = socket_client
    await sandbox.wait_for_connections(1)
    deadline = time.monotonic() + 5
    while not any(m.get("type") == "hello" for m in recorder.raw):
        assert time.monotonic() < deadline, "no hello"
        await asyncio.sleep(0.02)
    hello = next(m for m in recorder.raw if m.get("type") == "hello")
    assert hello["connection_info"]["app_id"] == "A0LEAVEBOT"

    async with aiohttp.ClientSession() as http:
        body = {"user": "U0ASHA001", "text": "off on Thursday, fever"}
        async with http.post(f"{sandbox.base_url}/sandbox/slack/post", json=body) as resp:
            assert resp.status == 200
            posted = await resp.json()

    req = await recorder.wait(lambda r: r.type == "events_api")
    assert req.retry_attempt == 0
    assert req.retry_reason == ""
    assert req.accepts_response_payload is False
    payload = req.payload
    assert payload["type"] == "event_callback"
    assert payload["event_id"] == posted["event_id"]
    assert payload["team_id"] == "T0SANDBOX"
    assert payload["api_app_id"] == "A0LEAVEBOT"
    event = payload["event"]
    assert event["type"] == "message"
    assert event["user"] == "U0ASHA001"
    assert event["text"] == "off on Thursday, fever"
    assert event["ts"] == posted["ts"]
    assert event["event_ts"] == posted["ts"]
    assert event["channel"] == CHANNEL_ID
    assert event["channel_type"] == "channel"
    assert "thread_ts" not in event
    assert "subtype" not in event

    delivery = sandbox.delivery_for(req.envelope_id)
    assert delivery is not None
    await sandbox.wait_for_ack(delivery)
    assert sandbox.acks[-1].envelope_id == req.envelope_id
    assert sandbox.acks[-1].known is True

    reply_ts = sandbox.post_user_message("ravi", "get well", thread_ts=posted["ts"])
    reply = await recorder.wait(lambda r: r.payload["event"].get("ts") == reply_ts)
    assert reply.payload["event"]["thread_ts"] == posted["ts"]
    assert reply.payload["event"]["parent_user_id"] == "U0ASHA001"


async def test_unacked_event_is_redelivered_then_given_up(sandbox: SlackSandbox) -> None:
    sandbox.retry_delays = (0.0, 0.3)
    recorder = Recorder(ack=False)
    client = SocketModeClient(
        app_token=sandbox.app_token,
        web_client=AsyncWebClient(base_url=sandbox.api_url),
        ping_interval=0.3,
    )
    client.socket_mode_request_listeners.append(recorder.on_request)  # type: ignore[arg-type]
    try:
        await client.connect()
        ts = sandbox.post_user_message("maya", "pto friday")
        delivery = sandbox.deliveries[-1]
        retry = await recorder.wait(lambda r: r.retry_attempt == 1)
        first = recorder.requests[0]
        assert first.retry_attempt == 0
        assert retry.retry_reason == "timeout"
        assert retry.payload["event_id"] == first.payload["event_id"]
        assert retry.payload["event"]["ts"] == ts
        assert retry.envelope_id != first.envelope_id
        await recorder.wait(lambda r: r.retry_attempt == 2)
        await sandbox.wait_for(lambda: delivery.gave_up)
        assert delivery.sent_count == 3
        assert delivery.failures == ["timeout", "timeout", "timeout"]
        assert [r.retry_attempt for r in recorder.requests] == [0, 1, 2]

        # an ack of the latest envelope stops the retries
        recorder.ack = True
        sandbox.post_user_message("maya", "and monday")
        second = sandbox.deliveries[-1]
        await sandbox.wait_for_ack(second)
        assert second.sent_count == 1
        # a late ack of an old envelope is recorded too
        await client.send_socket_mode_response(SocketModeResponse(envelope_id=first.envelope_id))
        await sandbox.wait_for(lambda: sandbox.acks[-1].envelope_id == first.envelope_id)
    finally:
        await client.close()


async def test_disconnect_frame_makes_the_client_reconnect(
    sandbox: SlackSandbox, socket_client: tuple[SocketModeClient, Recorder]
) -> None:
    _, recorder = socket_client
    await sandbox.wait_for_connections(1)
    async with (
        aiohttp.ClientSession() as http,
        http.post(f"{sandbox.base_url}/sandbox/slack/disconnect", json={"mode": "refresh"}) as resp,
    ):
        assert (await resp.json()) == {"connections": 1}
    await sandbox.wait_for(lambda: sandbox.connections_seen == 2)
    await sandbox.wait_for_connections(1)
    disconnect = next(f for f in recorder.frames if f.get("type") == "disconnect")
    assert disconnect["reason"] == "refresh_requested"
    # the client closed the old socket itself; events go to the new one
    await sandbox.wait_for(lambda: sandbox.connection_count == 1)
    ts = sandbox.post_user_message("asha", "leave tomorrow")
    req = await recorder.wait(lambda r: r.payload.get("event", {}).get("ts") == ts)
    delivery = sandbox.delivery_for(req.envelope_id)
    assert delivery is not None
    await sandbox.wait_for_ack(delivery)


async def test_dropped_connection_then_redelivery_on_the_new_one(
    sandbox: SlackSandbox,
) -> None:
    recorder = Recorder(ack=False)
    client = SocketModeClient(
        app_token=sandbox.app_token,
        web_client=AsyncWebClient(base_url=sandbox.api_url),
        ping_interval=0.2,
    )
    client.socket_mode_request_listeners.append(recorder.on_request)  # type: ignore[arg-type]
    sandbox.retry_delays = (0.0, 2.0, 5.0)  # room for the client to reconnect
    try:
        await client.connect()
        await sandbox.wait_for_connections(1)
        sandbox.post_user_message("ravi", "sick today")
        await recorder.wait(lambda r: r.retry_attempt == 0)
        recorder.ack = True
        assert await sandbox.drop_connections() == 1
        await sandbox.wait_for(lambda: sandbox.connections_seen >= 2, timeout=10)
        retry = await recorder.wait(lambda r: r.retry_attempt >= 1, timeout=10)
        # timed out on the dropped socket; maybe no connection yet for the first retry
        assert retry.retry_reason in ("timeout", "connection_failed")
        delivery = sandbox.delivery_for(retry.envelope_id)
        assert delivery is not None
        await sandbox.wait_for_ack(delivery)
    finally:
        await client.close()


async def test_click_delivers_block_actions(
    sandbox: SlackSandbox,
    web: AsyncWebClient,
    socket_client: tuple[SocketModeClient, Recorder],
) -> None:
    _, recorder = socket_client
    parent = sandbox.post_user_message("asha", "off thursday")
    prompt = await web.chat_postMessage(
        channel=CHANNEL_ID, text="Confirm?", blocks=BUTTONS, thread_ts=parent
    )
    async with aiohttp.ClientSession() as http:
        click = {"user": "U0ASHA001", "message_ts": prompt["ts"], "action_id": "confirm"}
        async with http.post(f"{sandbox.base_url}/sandbox/slack/click", json=click) as resp:
            assert resp.status == 200
            envelope_id = (await resp.json())["envelope_id"]
        for bad, message in [
            ({**click, "action_id": "nope"}, "has no button nope"),
            ({**click, "message_ts": "1.000001"}, "no message 1.000001"),
            ({**click, "message_ts": parent}, "is not the app's message"),
            ({**click, "user": "U0NOBODY"}, "no user U0NOBODY"),
            ({"user": "U0ASHA001"}, "message_ts is required"),
        ]:
            async with http.post(f"{sandbox.base_url}/sandbox/slack/click", json=bad) as resp:
                assert resp.status == 400
                assert message in (await resp.json())["error"]

    req = await recorder.wait(lambda r: r.envelope_id == envelope_id)
    assert req.type == "interactive"
    payload = req.payload
    assert payload["type"] == "block_actions"
    assert payload["user"]["id"] == "U0ASHA001"
    assert payload["user"]["name"] == "asha"
    assert payload["channel"]["id"] == CHANNEL_ID
    assert payload["container"] == {
        "type": "message",
        "message_ts": prompt["ts"],
        "channel_id": CHANNEL_ID,
        "is_ephemeral": False,
        "thread_ts": parent,
    }
    assert payload["message"]["ts"] == prompt["ts"]
    assert payload["message"]["thread_ts"] == parent
    assert payload["message"]["blocks"][1]["block_id"] == "prompt"
    action = payload["actions"][0]
    assert action["action_id"] == "confirm"
    assert action["block_id"] == "prompt"
    assert action["value"] == "req-1"
    assert action["type"] == "button"
    assert action["action_ts"]
    assert payload["trigger_id"]
    assert payload["response_url"].startswith(f"{sandbox.base_url}/sandbox/slack/actions/")
    delivery = sandbox.delivery_for(envelope_id)
    assert delivery is not None
    await sandbox.wait_for_ack(delivery)

    # response_url: replace the original, then an ephemeral answer
    async with aiohttp.ClientSession() as http:
        async with http.post(
            payload["response_url"], json={"replace_original": True, "text": "Confirmed"}
        ) as resp:
            assert resp.status == 200
        async with http.post(payload["response_url"], json={"text": "Only you"}) as resp:
            assert resp.status == 200
        async with http.post(
            f"{sandbox.base_url}/sandbox/slack/actions/unknown", json={"text": "x"}
        ) as resp:
            assert resp.status == 404
    replaced = sandbox.message(prompt["ts"])
    assert replaced is not None
    assert replaced["text"] == "Confirmed"
    assert replaced["blocks"] == []
    note = sandbox.messages()[-1]
    assert note["ephemeral_to"] == "U0ASHA001"
    assert note["thread_ts"] == parent


async def test_ephemeral_buttons_can_be_clicked_by_their_reader_only(
    sandbox: SlackSandbox, web: AsyncWebClient
) -> None:
    sent = await web.chat_postEphemeral(
        channel=CHANNEL_ID, user="U0RAVI002", text="Undo?", blocks=BUTTONS
    )
    with pytest.raises(ControlError):
        sandbox.click("U0ASHA001", sent["message_ts"], "cancel")
    delivery = sandbox.click("U0RAVI002", sent["message_ts"], "cancel")
    assert delivery.payload["container"]["is_ephemeral"] is True
    assert "message" not in delivery.payload


async def test_the_events_the_listener_must_ignore(
    sandbox: SlackSandbox,
    web: AsyncWebClient,
    socket_client: tuple[SocketModeClient, Recorder],
) -> None:
    _, recorder = socket_client
    bot_ts = (await web.chat_postMessage(channel=CHANNEL_ID, text="Hello from the bot"))["ts"]
    await web.chat_update(channel=CHANNEL_ID, ts=bot_ts, text="Edited by the bot")
    user_ts = sandbox.post_user_message("ravi", "off today")
    sandbox.edit_user_message(user_ts, "off tomorrow")
    sandbox.delete_user_message(user_ts)
    join_ts = sandbox.join_channel("jack")
    other_ts = sandbox.post_other_bot_message("Standup in 5")
    first_event_id = sandbox.event_deliveries()[0].event_id
    assert first_event_id is not None
    again = sandbox.redeliver_event(first_event_id)

    await recorder.wait(lambda r: r.envelope_id == again.envelope_id)
    events = events_of(recorder)
    bot, bot_edit, user, user_edit, deleted, join, other, dup = events
    assert bot["bot_id"] == BOT_ID
    assert bot["user"] == BOT_USER_ID
    assert bot["app_id"] == "A0LEAVEBOT"
    assert "subtype" not in bot
    assert bot_edit["subtype"] == "message_changed"
    assert bot_edit["message"]["text"] == "Edited by the bot"
    assert bot_edit["previous_message"]["text"] == "Hello from the bot"
    assert user["user"] == "U0RAVI002"
    assert user_edit["subtype"] == "message_changed"
    assert user_edit["message"]["edited"]["user"] == "U0RAVI002"
    assert deleted["subtype"] == "message_deleted"
    assert deleted["deleted_ts"] == user_ts
    assert join["subtype"] == "channel_join"
    assert join["ts"] == join_ts
    assert other["subtype"] == "bot_message"
    assert other["bot_id"] == "B0OTHERBOT"
    assert other["ts"] == other_ts
    assert dup == bot
    ids = [r.payload["event_id"] for r in recorder.requests]
    assert ids[-1] == ids[0]
    assert len(set(ids)) == 7
    assert sandbox.message(user_ts) is None

    with pytest.raises(ControlError):
        sandbox.edit_user_message(bot_ts, "not mine")


async def test_control_http_api_and_event_stream(sandbox: SlackSandbox) -> None:
    base = f"{sandbox.base_url}/sandbox/slack"
    async with aiohttp.ClientSession() as http:
        async with http.get(f"{base}/state") as resp:
            state = await resp.json()
        assert state["channel"] == {"id": CHANNEL_ID, "name": "leave", "private": False}
        assert [u["registered"] for u in state["users"]] == [True, True, True, False]

        async with http.get(f"{base}/events") as stream:
            assert stream.headers["Content-Type"].startswith("text/event-stream")
            first = await stream.content.readuntil(b"\n\n")
            assert first.startswith(b"event: change\ndata: ")
            async with http.post(f"{base}/post", json={"user": "maya", "text": "hi"}) as resp:
                ts = (await resp.json())["ts"]
            second = await asyncio.wait_for(stream.content.readuntil(b"\n\n"), 5)
            assert second.startswith(b"event: change\n")
            v1 = json.loads(first.split(b"data: ")[1])["version"]
            v2 = json.loads(second.split(b"data: ")[1])["version"]
            assert v2 > v1

        async with http.post(f"{base}/post", json={"user": "asha", "text": "re", "thread_ts": ts}):
            pass
        async with http.post(f"{base}/other_bot", json={"text": "beep"}) as resp:
            other = (await resp.json())["ts"]
        async with http.post(f"{base}/join", json={"user": "ravi"}) as resp:
            assert resp.status == 200
        async with http.get(f"{base}/messages") as resp:
            messages = await resp.json()
        assert [m["text"] for m in messages][:2] == ["hi", "re"]
        assert messages[0]["user"] == "U0MAYA003"
        assert messages[0]["bot_id"] is None
        assert messages[1]["thread_ts"] == ts
        assert messages[2]["ts"] == other
        assert messages[2]["bot_id"] == "B0OTHERBOT"
        assert messages[3]["subtype"] == "channel_join"

        async with http.post(f"{base}/edit", json={"ts": ts, "text": "hello"}) as resp:
            assert (await resp.json())["event_id"].startswith("Ev")
        async with http.get(f"{base}/messages") as resp:
            assert (await resp.json())[0]["edited"]["user"] == "U0MAYA003"
        async with http.post(f"{base}/post", json={"user": "nobody", "text": "x"}) as resp:
            assert resp.status == 400
        async with http.post(f"{base}/post", data="nope") as resp:
            assert resp.status == 400
        async with http.post(f"{base}/faults", json={"bogus": 1}) as resp:
            assert resp.status == 400
        async with http.post(f"{base}/disconnect", json={"mode": "explode"}) as resp:
            assert resp.status == 400
        async with http.get(f"{base}/deliveries") as resp:
            deliveries = (await resp.json())["deliveries"]
        assert len(deliveries) == 5
        assert all(not d["acked"] for d in deliveries)
        async with http.post(f"{base}/reset") as resp:
            assert resp.status == 200
        async with http.get(f"{base}/messages") as resp:
            assert await resp.json() == []


async def test_ts_values_strictly_increase(sandbox: SlackSandbox) -> None:
    stamps = [sandbox.post_user_message("asha", f"m{i}") for i in range(200)]
    assert all(len(t.split(".")[1]) == 6 for t in stamps)
    keys = [tuple(int(p) for p in t.split(".")) for t in stamps]
    assert keys == sorted(keys)
    assert len(set(stamps)) == len(stamps)


async def test_custom_users_and_an_attached_app(anyio_backend: str) -> None:
    from aiohttp import web as aioweb

    people = [SandboxUser("U1", "one", "One Person", "one@example.com", "Europe/Paris")]
    sandbox = SlackSandbox(people, bot_token="xoxb-custom")
    app = aioweb.Application()
    sandbox.attach(app)
    runner = aioweb.AppRunner(app)
    await runner.setup()
    site = aioweb.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    host, port = runner.addresses[0][:2]
    sandbox.set_base_url(f"http://{host}:{port}")
    try:
        web = AsyncWebClient(token="xoxb-custom", base_url=sandbox.api_url)
        listed = await web.users_list()
        assert [m["id"] for m in listed["members"]] == ["U1", BOT_USER_ID, "USLACKBOT"]
        assert sandbox.info()["users"][0]["tz"] == "Europe/Paris"
    finally:
        await runner.cleanup()


async def test_a_bolt_app_runs_against_the_sandbox(sandbox: SlackSandbox) -> None:
    app = AsyncApp(
        client=AsyncWebClient(token=sandbox.bot_token, base_url=sandbox.api_url),
        process_before_response=True,
    )
    clicks: list[str] = []

    @app.message("leave")
    async def on_leave(message: dict[str, Any], say: AsyncSay) -> None:
        await say(text="Confirm?", blocks=BUTTONS, thread_ts=message["ts"])

    @app.action("confirm")
    async def on_confirm(ack: Any, body: dict[str, Any]) -> None:
        await ack()
        clicks.append(body["user"]["id"])

    handler = AsyncSocketModeHandler(app, sandbox.app_token, ping_interval=0.3)
    await handler.connect_async()
    try:
        ts = sandbox.post_user_message("asha", "leave on friday")
        prompt = await sandbox.wait_for_message(lambda m: m["thread_ts"] == ts and m["bot_id"])
        assert prompt["text"] == "Confirm?"
        # the app's own message came back as an event and bolt acked it, ignoring it
        await sandbox.wait_for(lambda: len(sandbox.event_deliveries()) == 2)
        for d in sandbox.event_deliveries():
            await sandbox.wait_for_ack(d)
        click = sandbox.click("asha", prompt["ts"], "confirm")
        await sandbox.wait_for_ack(click)
        assert clicks == ["U0ASHA001"]
        assert len(sandbox.calls_to("chat.postMessage")) == 1
    finally:
        await handler.close_async()


async def test_typed_text_is_escaped_like_slack(sandbox: SlackSandbox, web: AsyncWebClient) -> None:
    typed = "off Mon & Tue <3, cc <@U0RAVI002> <https://x.io|the doc> <!here>"
    ts = sandbox.post_user_message("asha", typed)
    stored = (await web.conversations_history(channel=CHANNEL_ID))["messages"][0]
    assert stored["ts"] == ts
    assert stored["text"] == (
        "off Mon &amp; Tue &lt;3, cc <@U0RAVI002> <https://x.io|the doc> <!here>"
    )
    section = stored["blocks"][0]["elements"][0]["elements"][0]
    assert section["text"] == typed
