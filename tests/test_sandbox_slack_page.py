"""The sandbox Slack chat page in headless Chromium (Playwright) against a live sandbox."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from playwright.async_api import Browser, expect
from slack_sdk.socket_mode.aiohttp import SocketModeClient
from slack_sdk.socket_mode.request import SocketModeRequest
from slack_sdk.socket_mode.response import SocketModeResponse
from slack_sdk.web.async_client import AsyncWebClient

from leavebot.sandbox.slack import CHANNEL_ID, SlackSandbox

pytestmark = pytest.mark.anyio

PROMPT_BLOCKS = [
    {"type": "header", "text": {"type": "plain_text", "text": "Leave request"}},
    {
        "type": "section",
        "text": {"type": "mrkdwn", "text": "*Fri 13 Sep*: full day, _personal_"},
    },
    {"type": "divider"},
    {"type": "context", "elements": [{"type": "mrkdwn", "text": "Expires in 60 min"}]},
    {
        "type": "actions",
        "block_id": "prompt",
        "elements": [
            {
                "type": "button",
                "action_id": "confirm",
                "style": "primary",
                "value": "r1",
                "text": {"type": "plain_text", "text": "Confirm"},
            },
            {
                "type": "button",
                "action_id": "cancel",
                "style": "danger",
                "value": "r1",
                "text": {"type": "plain_text", "text": "Cancel"},
            },
        ],
    },
]


@pytest.fixture
async def sandbox(anyio_backend: str) -> AsyncIterator[SlackSandbox]:
    sb = SlackSandbox(ack_timeout=1.0)
    await sb.start()
    try:
        yield sb
    finally:
        await sb.stop()


async def test_chat_page(sandbox: SlackSandbox, browser: Browser) -> None:
    received: list[SocketModeRequest] = []

    async def on_request(client: SocketModeClient, req: SocketModeRequest) -> None:
        received.append(req)
        await client.send_socket_mode_response(SocketModeResponse(envelope_id=req.envelope_id))

    socket = SocketModeClient(
        app_token=sandbox.app_token,
        web_client=AsyncWebClient(base_url=sandbox.api_url),
        ping_interval=1,
    )
    socket.socket_mode_request_listeners.append(on_request)  # type: ignore[arg-type]
    web = AsyncWebClient(token=sandbox.bot_token, base_url=sandbox.api_url)
    page = await browser.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    try:
        await socket.connect()
        await page.goto(sandbox.page_url)
        await expect(page.locator("#channel-name")).to_have_text("leave")
        await expect(page.locator("#user-picker option")).to_have_count(4)
        await expect(page.locator("#user-picker option").nth(3)).to_have_text(
            "Jack Miller (not registered)"
        )
        await page.select_option("#user-picker", "U0RAVI002")

        # write a message: it is stored, shown and delivered to the app
        composer = page.get_by_test_id("composer")
        await composer.fill("off on Friday, family event")
        await composer.press("Enter")
        mine = page.get_by_test_id("message").filter(has_text="off on Friday, family event")
        await expect(mine).to_be_visible()
        await expect(mine.locator(".author")).to_have_text("Ravi Kumar")
        await expect(composer).to_have_value("")
        stored = await sandbox.wait_for_message(lambda m: m["text"].startswith("off on Friday"))
        assert stored["user"] == "U0RAVI002"
        assert stored["thread_ts"] is None
        await sandbox.wait_for(
            lambda: any(
                r.type == "events_api" and r.payload["event"].get("ts") == stored["ts"]
                for r in received
            )
        )

        # the bot answers in the thread with buttons, through the real Web API client
        prompt = await web.chat_postMessage(
            channel=CHANNEL_ID, text="Confirm?", blocks=PROMPT_BLOCKS, thread_ts=stored["ts"]
        )
        await expect(mine.get_by_test_id("open-thread")).to_have_text("1 reply")
        await mine.get_by_test_id("open-thread").click()
        thread = page.get_by_test_id("thread-messages")
        await expect(thread.locator(".block-header")).to_have_text("Leave request")
        await expect(thread.locator(".block-section strong")).to_have_text("Fri 13 Sep")
        await expect(thread.locator(".block-section em")).to_have_text("personal")
        await expect(thread.locator(".block-context")).to_have_text("Expires in 60 min")
        await expect(thread.locator("hr.block-divider")).to_have_count(1)
        confirm = thread.locator("[data-action-id=confirm]")
        await expect(confirm).to_have_text("Confirm")
        await expect(confirm).to_have_class("sk-button primary")
        await expect(thread.locator("[data-action-id=cancel]")).to_have_class("sk-button danger")

        await confirm.click()
        clicked = await sandbox.wait_for(
            lambda: next((r for r in received if r.type == "interactive"), None)
        )
        payload = clicked.payload
        assert payload["type"] == "block_actions"
        assert payload["user"]["id"] == "U0RAVI002"
        assert payload["actions"][0]["action_id"] == "confirm"
        assert payload["container"]["message_ts"] == prompt["ts"]
        delivery = sandbox.delivery_for(clicked.envelope_id)
        assert delivery is not None
        await sandbox.wait_for_ack(delivery)

        # the bot edits its prompt: the page follows live
        await web.chat_update(
            channel=CHANNEL_ID, ts=prompt["ts"], text="Booked :white_check_mark:", blocks=[]
        )
        await expect(thread.get_by_test_id("message").nth(1)).to_contain_text("Booked")
        await expect(thread.locator("[data-action-id=confirm]")).to_have_count(0)
        await expect(thread.locator(".edited")).to_have_count(1)

        # reply in the open thread with Enter
        reply_box = page.get_by_test_id("thread-composer")
        await reply_box.fill("thanks!")
        await reply_box.press("Enter")
        reply = await sandbox.wait_for_message(lambda m: m["text"] == "thanks!")
        assert reply["thread_ts"] == stored["ts"]
        await expect(thread.get_by_test_id("message").filter(has_text="thanks!")).to_be_visible()

        # ephemeral notes show only to their reader
        await web.chat_postEphemeral(channel=CHANNEL_ID, user="U0ASHA001", text="Just for Asha")
        await sandbox.wait_for_message(lambda m: m["ephemeral_to"] == "U0ASHA001")
        await page.wait_for_timeout(300)
        await expect(page.get_by_text("Just for Asha")).to_have_count(0)
        await page.select_option("#user-picker", "U0ASHA001")
        note = page.get_by_test_id("message").filter(has_text="Just for Asha")
        await expect(note).to_be_visible()
        await expect(note.locator(".only-you")).to_have_text("Only visible to you")

        # text is escaped, never markup; messages from elsewhere arrive live
        sandbox.post_user_message("maya", "<img src=x onerror=alert(1)> &lt;b&gt;hi&lt;/b&gt;")
        await web.chat_postMessage(
            channel=CHANNEL_ID,
            text="x",
            blocks=[{"type": "section", "text": {"type": "plain_text", "text": "<b>plain</b>"}}],
        )
        plain = page.get_by_test_id("message").filter(has_text="plain</b>")
        await expect(plain.locator(".text")).to_have_text("<b>plain</b>")
        hostile = page.get_by_test_id("message").filter(has_text="onerror")
        await expect(hostile).to_be_visible()
        typed = "<img src=x onerror=alert(1)> &lt;b&gt;hi&lt;/b&gt;"
        await expect(hostile.locator(".text")).to_have_text(typed)
        assert await page.locator("#messages img").count() == 0
        assert await page.locator("#messages b").count() == 0
        assert errors == []
    finally:
        await page.close()
        await socket.close()


async def test_chat_page_attaches_a_file_and_broadcasts_a_reply(
    sandbox: SlackSandbox, browser: Browser, tmp_path: Path
) -> None:
    """The page sends what Slack's client would: ``file_share`` and ``thread_broadcast``."""
    note = tmp_path / "doctor-note.pdf"
    note.write_bytes(b"%PDF-1.4 sandbox")
    page = await browser.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    try:
        await page.goto(sandbox.page_url)
        await page.select_option("#user-picker", "U0ASHA001")
        await page.get_by_test_id("composer-file").set_input_files(str(note))
        await expect(page.get_by_test_id("composer-files")).to_have_text("📄 doctor-note.pdf")
        composer = page.get_by_test_id("composer")
        await composer.fill("sick today, note attached")
        await composer.press("Enter")
        shared = await sandbox.wait_for_message(lambda m: m["subtype"] == "file_share")
        assert shared["text"] == "sick today, note attached"
        assert [f["name"] for f in shared["files"]] == ["doctor-note.pdf"]
        row = page.get_by_test_id("message").filter(has_text="sick today, note attached")
        await expect(row.get_by_test_id("file")).to_have_text("📄 doctor-note.pdf")
        await expect(page.get_by_test_id("composer-files")).to_have_text("")

        # a reply "also sent to #leave" shows in the thread and in the channel
        await row.get_by_test_id("open-thread").click()
        await page.get_by_test_id("thread-broadcast").check()
        reply_box = page.get_by_test_id("thread-composer")
        await reply_box.fill("back on Monday")
        await reply_box.press("Enter")
        reply = await sandbox.wait_for_message(lambda m: m["text"] == "back on Monday")
        assert reply["subtype"] == "thread_broadcast"
        assert reply["thread_ts"] == shared["ts"]
        channel = page.get_by_test_id("messages")
        in_channel = channel.get_by_test_id("message").filter(has_text="back on Monday")
        await expect(in_channel.get_by_test_id("broadcast-note")).to_have_text(
            "replied to a thread"
        )
        thread = page.get_by_test_id("thread-messages")
        await expect(thread.get_by_text("back on Monday")).to_be_visible()
        await expect(page.get_by_test_id("thread-broadcast")).not_to_be_checked()
        event = sandbox.event_deliveries()[-1].payload["event"]
        assert event["subtype"] == "thread_broadcast"
        assert event["root"]["ts"] == shared["ts"]
        assert errors == []
    finally:
        await page.close()
