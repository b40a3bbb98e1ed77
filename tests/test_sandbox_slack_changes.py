"""The sandbox Slack's edits and deletions, as real slack-bolt receives them over Socket Mode.

The shapes Slack documents and delivers (see the package docstring of
``leavebot.sandbox.slack``): ``message_changed`` with ``hidden``, ``message`` (with
``edited``, its ts in whole seconds), ``previous_message``; the app's own
``chat.update`` arriving the same way with its bot fields inside ``message``;
``message_deleted`` with ``deleted_ts`` and ``previous_message``, and a thread's
first message with replies becoming a tombstone announced by ``message_changed``.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest
from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler
from slack_bolt.async_app import AsyncApp
from slack_sdk.web.async_client import AsyncWebClient

from leavebot.sandbox.slack import BOT_ID, BOT_USER_ID, CHANNEL_ID, SlackSandbox

pytestmark = pytest.mark.anyio
JSON = dict[str, Any]


@pytest.fixture
async def sandbox(anyio_backend: str) -> AsyncIterator[SlackSandbox]:
    sb = SlackSandbox(ack_timeout=0.5)
    await sb.start()
    try:
        yield sb
    finally:
        await sb.stop()


@pytest.fixture
async def received(sandbox: SlackSandbox) -> AsyncIterator[list[JSON]]:
    """Every message event bolt hands to the app's listener, in order (the app's own
    included: bolt drops those by default, which the next test relies on)."""
    app = AsyncApp(
        client=AsyncWebClient(token=sandbox.bot_token, base_url=sandbox.api_url),
        process_before_response=True,
        ignoring_self_events_enabled=False,
    )
    events: list[JSON] = []

    async def on_message(event: JSON) -> None:
        events.append(event)

    app.event("message")(on_message)
    handler = AsyncSocketModeHandler(app, sandbox.app_token, ping_interval=0.3)
    await handler.connect_async()  # type: ignore[no-untyped-call]
    try:
        yield events
    finally:
        await handler.close_async()  # type: ignore[no-untyped-call]


async def until(sandbox: SlackSandbox, events: list[JSON], count: int) -> list[JSON]:
    await sandbox.wait_for(lambda: len(events) >= count or None)
    return events


async def test_an_edit_arrives_as_slack_sends_it(
    sandbox: SlackSandbox, received: list[JSON]
) -> None:
    ts = sandbox.post_user_message("asha", "off tomorrow")
    reply = sandbox.post_user_message("asha", "fever", thread_ts=ts)
    sandbox.edit_user_message(ts, "off Friday", user="asha")
    sandbox.edit_user_message(reply, "high fever")
    _, _, edit, reply_edit = await until(sandbox, received, 4)
    assert edit["subtype"] == "message_changed"
    assert edit["hidden"] is True
    assert edit["channel"] == CHANNEL_ID
    assert edit["ts"] == edit["event_ts"]
    assert "user" not in edit
    assert edit["message"]["ts"] == ts
    assert edit["message"]["text"] == "off Friday"
    assert edit["message"]["user"] == "U0ASHA001"
    assert edit["previous_message"]["text"] == "off tomorrow"
    assert "edited" not in edit["previous_message"]
    # The edit's time, in whole seconds, as Slack gives it.
    seconds = edit["ts"].partition(".")[0]
    assert edit["message"]["edited"] == {"user": "U0ASHA001", "ts": f"{seconds}.000000"}
    assert reply_edit["message"]["thread_ts"] == ts
    assert reply_edit["message"]["parent_user_id"] == "U0ASHA001"
    assert sandbox.message(ts)["edited"] is not None  # type: ignore[index]


async def test_the_apps_own_edit_carries_its_bot_fields_inside_the_message(
    sandbox: SlackSandbox, received: list[JSON]
) -> None:
    web = AsyncWebClient(token=sandbox.bot_token, base_url=sandbox.api_url)
    posted = await web.chat_postMessage(channel=CHANNEL_ID, text="Prompt")
    await web.chat_update(channel=CHANNEL_ID, ts=posted["ts"], text="Prompt, confirmed")
    _, update = await until(sandbox, received, 2)
    assert update["subtype"] == "message_changed"
    assert "bot_id" not in update
    assert update["message"]["bot_id"] == BOT_ID
    assert update["message"]["user"] == BOT_USER_ID
    assert update["message"]["bot_profile"]["id"] == BOT_ID
    assert update["message"]["edited"]["user"] == BOT_USER_ID
    assert update["previous_message"]["text"] == "Prompt"


async def test_bolt_knows_the_apps_own_edit_as_its_own(sandbox: SlackSandbox) -> None:
    """With its default self-event filter, bolt drops the app's own post and edit: the
    sandbox's shape is the one bolt recognises (the bot's ids inside ``message``)."""
    app = AsyncApp(
        client=AsyncWebClient(token=sandbox.bot_token, base_url=sandbox.api_url),
        process_before_response=True,
    )
    events: list[JSON] = []

    async def on_message(event: JSON) -> None:
        events.append(event)

    app.event("message")(on_message)
    handler = AsyncSocketModeHandler(app, sandbox.app_token, ping_interval=0.3)
    await handler.connect_async()  # type: ignore[no-untyped-call]
    try:
        web = AsyncWebClient(token=sandbox.bot_token, base_url=sandbox.api_url)
        posted = await web.chat_postMessage(channel=CHANNEL_ID, text="Prompt")
        await web.chat_update(channel=CHANNEL_ID, ts=posted["ts"], text="Prompt, confirmed")
        sandbox.post_user_message("asha", "off tomorrow")
        await until(sandbox, events, 1)
        for delivery in sandbox.event_deliveries():
            await sandbox.wait_for_ack(delivery)
        assert [e.get("user") for e in events] == ["U0ASHA001"]
    finally:
        await handler.close_async()  # type: ignore[no-untyped-call]


async def test_deletions_and_the_tombstone_of_a_thread_s_first_message(
    sandbox: SlackSandbox, received: list[JSON]
) -> None:
    lone = sandbox.post_user_message("ravi", "off today")
    parent = sandbox.post_user_message("asha", "off Monday")
    sandbox.post_user_message("ravi", "get well soon", thread_ts=parent)
    sandbox.delete_user_message(lone)
    sandbox.delete_user_message(parent, user="asha")
    *_, deleted, tombstone = await until(sandbox, received, 5)
    assert deleted["subtype"] == "message_deleted"
    assert deleted["hidden"] is True
    assert deleted["deleted_ts"] == lone
    assert deleted["previous_message"]["user"] == "U0RAVI002"
    assert deleted["previous_message"]["text"] == "off today"
    assert tombstone["subtype"] == "message_changed"
    assert tombstone["hidden"] is True
    message = tombstone["message"]
    assert message["subtype"] == "tombstone"
    assert message["user"] == "USLACKBOT"
    assert message["text"] == "This message was deleted."
    assert message["hidden"] is True
    assert (message["ts"], message["thread_ts"], message["reply_count"]) == (parent, parent, 1)
    assert tombstone["previous_message"]["user"] == "U0ASHA001"
    assert sandbox.message(lone) is None
    web = AsyncWebClient(token=sandbox.bot_token, base_url=sandbox.api_url)
    replies = await web.conversations_replies(channel=CHANNEL_ID, ts=parent)
    assert [m.get("subtype") for m in replies["messages"]] == ["tombstone", None]


async def test_only_the_author_edits_or_deletes_over_the_control_api(
    sandbox: SlackSandbox,
) -> None:
    ts = sandbox.post_user_message("asha", "off tomorrow")
    base = f"{sandbox.base_url}/sandbox/slack"
    async with aiohttp.ClientSession() as http:
        for path, body in (
            ("edit", {"ts": ts, "text": "mine now", "user": "ravi"}),
            ("delete", {"ts": ts, "user": "ravi"}),
            ("edit", {"ts": ts, "text": "", "user": "asha"}),
        ):
            async with http.post(f"{base}/{path}", json=body) as resp:
                assert resp.status == 400
                assert (await resp.json())["ok"] is False
        async with http.post(
            f"{base}/edit", json={"ts": ts, "text": "off Friday", "user": "asha"}
        ) as resp:
            assert resp.status == 200
            assert (await resp.json())["event_id"].startswith("Ev")
    assert sandbox.message(ts)["text"] == "off Friday"  # type: ignore[index]
