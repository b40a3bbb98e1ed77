"""The sandbox Slack delivers what Slack delivers: subtypes people write, private channels,
and an event that nobody acknowledges is retried on Slack's schedule, then given up."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest
from slack_sdk.errors import SlackApiError
from slack_sdk.socket_mode.aiohttp import SocketModeClient
from slack_sdk.socket_mode.request import SocketModeRequest
from slack_sdk.socket_mode.response import SocketModeResponse
from slack_sdk.web.async_client import AsyncWebClient

from leavebot.sandbox.slack import CHANNEL_ID, SlackSandbox

pytestmark = pytest.mark.anyio


class Inbox:
    """A Socket Mode listener that keeps every request and acks it."""

    def __init__(self) -> None:
        self.requests: list[SocketModeRequest] = []

    async def on_request(self, client: SocketModeClient, req: SocketModeRequest) -> None:
        self.requests.append(req)
        await client.send_socket_mode_response(SocketModeResponse(envelope_id=req.envelope_id))

    def event(self, ts: str) -> dict[str, Any] | None:
        for req in self.requests:
            event = req.payload.get("event") or {}
            if event.get("ts") == ts:
                return dict(event)
        return None


async def connect(sandbox: SlackSandbox, inbox: Inbox) -> SocketModeClient:
    client = SocketModeClient(
        app_token=sandbox.app_token,
        web_client=AsyncWebClient(base_url=sandbox.api_url),
        ping_interval=0.3,
    )
    client.socket_mode_request_listeners.append(inbox.on_request)  # type: ignore[arg-type]
    await client.connect()
    await sandbox.wait_for_connections(1)
    return client


@pytest.fixture
async def sandbox(anyio_backend: str) -> AsyncIterator[SlackSandbox]:
    sb = SlackSandbox(ack_timeout=0.5, retry_delays=(0.0, 0.6, 1.2))
    await sb.start()
    try:
        yield sb
    finally:
        await sb.stop()


# -- subtypes a person writes ----------------------------------------------------


async def test_file_share_and_thread_broadcast_arrive_as_slack_sends_them(
    sandbox: SlackSandbox,
) -> None:
    inbox = Inbox()
    client = await connect(sandbox, inbox)
    web = AsyncWebClient(token=sandbox.bot_token, base_url=sandbox.api_url)
    try:
        async with aiohttp.ClientSession() as http:
            post = f"{sandbox.base_url}/sandbox/slack/post"
            body = {"user": "asha", "text": "sick today, note attached"}
            async with http.post(post, json={**body, "files": [{"name": "note.pdf"}]}) as resp:
                assert resp.status == 200
                shared = await resp.json()
            async with http.post(
                post,
                json={"user": "asha", "text": "also Fri", "thread_ts": shared["ts"],
                      "broadcast": True},
            ) as resp:  # fmt: skip
                broadcast = await resp.json()
            async with http.post(post, json={"user": "asha", "text": "x", "broadcast": True}) as r:
                assert r.status == 400
                assert "thread_ts" in (await r.json())["error"]
            async with http.post(post, json={"user": "asha", "files": "note.pdf"}) as r:
                assert r.status == 400
        assert shared["event_id"].startswith("Ev")
        await sandbox.wait_for(lambda: inbox.event(broadcast["ts"]))
        file_event = inbox.event(shared["ts"])
        assert file_event is not None
        assert file_event["subtype"] == "file_share"
        assert file_event["user"] == "U0ASHA001"
        assert file_event["text"] == "sick today, note attached"
        assert file_event["upload"] is False
        [attached] = file_event["files"]
        assert attached["name"] == "note.pdf"
        assert attached["mimetype"] == "application/pdf"
        assert attached["id"].startswith("F")
        reply = inbox.event(broadcast["ts"])
        assert reply is not None
        assert reply["subtype"] == "thread_broadcast"
        assert reply["thread_ts"] == shared["ts"]
        assert reply["user"] == "U0ASHA001"
        assert reply["root"]["ts"] == shared["ts"]

        # history shows the broadcast among the channel's messages; the thread has it too
        history = await web.conversations_history(channel=CHANNEL_ID)
        assert [m["ts"] for m in history["messages"]] == [broadcast["ts"], shared["ts"]]
        replies = await web.conversations_replies(channel=CHANNEL_ID, ts=shared["ts"])
        assert [m.get("subtype") for m in replies["messages"]] == ["file_share", "thread_broadcast"]
        assert replies["messages"][0]["reply_count"] == 1
    finally:
        await client.close()


# -- a private leave channel -------------------------------------------------------


async def test_a_private_channel_is_what_slack_makes_of_it(sandbox: SlackSandbox) -> None:
    inbox = Inbox()
    client = await connect(sandbox, inbox)
    web = AsyncWebClient(token=sandbox.bot_token, base_url=sandbox.api_url)
    try:
        public_ts = sandbox.post_user_message("ravi", "off tomorrow")
        await sandbox.wait_for(lambda: inbox.event(public_ts))
        assert (inbox.event(public_ts) or {})["channel_type"] == "channel"
        async with (
            aiohttp.ClientSession() as http,
            http.post(f"{sandbox.base_url}/sandbox/slack/channel", json={"private": True}) as resp,
        ):
            assert await resp.json() == {"private": True}
        private_ts = sandbox.post_user_message("ravi", "off Friday too")
        await sandbox.wait_for(lambda: inbox.event(private_ts))
        event = inbox.event(private_ts) or {}
        assert event["channel_type"] == "group"
        assert event["channel"] == CHANNEL_ID  # Slack converts a channel in place
        history = await web.conversations_history(channel=CHANNEL_ID)
        assert [m["ts"] for m in history["messages"]] == [private_ts, public_ts]
    finally:
        await client.close()


async def test_without_message_groups_a_private_channel_sends_nothing(
    anyio_backend: str,
) -> None:
    scopes = ("channels:history", "chat:write", "users:read", "users:read.email")
    sandbox = SlackSandbox(private=True, bot_events=("message.channels",), scopes=scopes)
    await sandbox.start()
    inbox = Inbox()
    client = await connect(sandbox, inbox)
    web = AsyncWebClient(token=sandbox.bot_token, base_url=sandbox.api_url)
    try:
        ts, delivery = sandbox.post("asha", "sick today")
        assert delivery is None  # not subscribed to message.groups: Slack sends nothing
        async with (
            aiohttp.ClientSession() as http,
            http.post(
                f"{sandbox.base_url}/sandbox/slack/post", json={"user": "asha", "text": "hi"}
            ) as resp,
        ):
            assert (await resp.json())["event_id"] is None
        assert inbox.requests == []
        with pytest.raises(SlackApiError) as missing:
            await web.conversations_history(channel=CHANNEL_ID)
        assert missing.value.response["error"] == "missing_scope"
        assert missing.value.response["needed"] == "groups:history"
        assert missing.value.response["provided"] == ",".join(scopes)
        with pytest.raises(SlackApiError) as replies:
            await web.conversations_replies(channel=CHANNEL_ID, ts=ts)
        assert replies.value.response["error"] == "missing_scope"
        # the public channel reads with channels:history alone
        sandbox.make_private(False)
        assert (await web.conversations_history(channel=CHANNEL_ID))["ok"] is True
        public_ts = sandbox.post_user_message("asha", "off Monday")
        await sandbox.wait_for(lambda: inbox.event(public_ts))
    finally:
        await client.close()
        await sandbox.stop()


# -- retries, then giving up -------------------------------------------------------


async def test_slack_schedule_is_the_default() -> None:
    sandbox = SlackSandbox()
    assert sandbox.retry_delays == (0.0, 60.0, 300.0)
    assert sandbox.max_retries == 3
    assert sandbox.ack_timeout == 3.0


async def test_an_event_nobody_is_connected_for_is_retried_then_given_up(
    sandbox: SlackSandbox,
) -> None:
    started = time.monotonic()
    ts = sandbox.post_user_message("maya", "pto friday")
    delivery = sandbox.event_deliveries()[-1]
    # no connection: the attempt and the immediate retry fail at once
    await sandbox.wait_for(lambda: len(delivery.failures) == 2)
    assert delivery.sent_count == 0
    inbox = Inbox()
    client = await connect(sandbox, inbox)
    try:
        # the second retry comes 0.6 s after, to the connection opened meanwhile
        await sandbox.wait_for(lambda: inbox.event(ts))
        assert time.monotonic() - started >= 0.55
        [req] = inbox.requests
        assert req.retry_attempt == 2
        assert req.retry_reason == "connection_failed"
        await sandbox.wait_for_ack(delivery)
        assert delivery.failures == ["connection_failed", "connection_failed"]
    finally:
        await client.close()
    await sandbox.wait_for(lambda: sandbox.connection_count == 0)

    lost_at = time.monotonic()
    lost_ts = sandbox.post_user_message("maya", "and monday")
    lost = sandbox.event_deliveries()[-1]
    await sandbox.wait_for(lambda: lost.gave_up, timeout=5)
    assert 1.7 <= time.monotonic() - lost_at < 4  # 0 + 0.6 + 1.2 s, then Slack gives up
    assert lost.failures == ["connection_failed"] * 4
    assert lost.sent_count == 0
    assert not lost.acked
    # a connection made later gets nothing: the event is gone
    inbox = Inbox()
    client = await connect(sandbox, inbox)
    try:
        assert inbox.event(lost_ts) is None
        assert sandbox.message(lost_ts) is not None  # the message itself is in the channel
    finally:
        await client.close()
