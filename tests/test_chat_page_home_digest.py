"""The chat page in headless Chromium: the morning digest in the channel, and a person's
Home tab (the app in the sidebar) with its Cancel flow, against the real bot."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from playwright.async_api import Browser, expect

from leavebot.db import Database
from tests.harness import bot_stack
from tests.test_chat_page_flow import assert_png, workday
from tests.test_digest import MONDAY, at, book_week, offset_to

pytestmark = pytest.mark.anyio
ASHA = "U0ASHA001"
JACK = "U0JACK004"


async def test_the_digest_shows_in_the_channel_at_its_time(
    db: Database, browser: Browser, tmp_path: Path
) -> None:
    await book_week(db)
    async with bot_stack(
        db, digest=True, clock_offset_s=offset_to(at(MONDAY, "09:29:57")), digest_check_s=0.3
    ) as stack:
        page = await browser.new_page(viewport={"width": 1280, "height": 800})
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        await page.goto(stack.sandbox.page_url)
        await expect(page.get_by_test_id("status")).to_have_text("live")
        post = page.get_by_test_id("message").filter(has_text="Who's out · Mon 1 Mar 2027")
        await expect(post).to_be_visible(timeout=15000)
        await expect(post).to_contain_text("Out today (3)")
        await expect(post).to_contain_text("Asha Rao — full day")
        await expect(post).to_contain_text("Ravi Kumar — morning")
        await expect(post).to_contain_text("Later this week (2)")
        await expect(post).not_to_contain_text("sick")
        await expect(post.locator(".author")).to_have_text("Leave Bot")
        # #general holds nothing of it: the digest goes to the leave channel by default.
        await page.get_by_test_id("channel-link").filter(has_text="general").click()
        await expect(page.get_by_test_id("messages")).to_contain_text("No messages yet")
        await page.get_by_test_id("channel-link").filter(has_text="leave").click()
        await expect(post).to_be_visible()
        await assert_png(page, tmp_path / "digest.png")
        assert errors == []


async def test_the_home_tab_shows_leave_and_cancels_it_through_the_thread(
    db: Database, browser: Browser, tmp_path: Path
) -> None:
    day = workday(3)
    async with bot_stack(db) as stack:
        ts = stack.sandbox.post_user_message(ASHA, f"off {day.isoformat()}")
        prompt = await stack.prompt(ts)
        stack.sandbox.click(ASHA, prompt["ts"], stack.button(prompt, "leave_confirm"))
        await stack.wait(
            lambda: "Added to Google Calendar" in json.dumps(stack.sandbox.message(prompt["ts"]))
        )
        page = await browser.new_page(viewport={"width": 1280, "height": 800})
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        await page.goto(stack.sandbox.page_url)
        await expect(page.get_by_test_id("status")).to_have_text("live")
        await page.select_option("#user-picker", ASHA)
        await page.get_by_test_id("app-home-link").click()
        home = page.get_by_test_id("app-home-body")
        label = f"{day:%a} {day.day} {day:%b %Y}"
        await expect(home).to_contain_text("Your leave")
        await expect(home).to_contain_text(label)
        await expect(home).to_contain_text("Booked")
        await expect(home).to_contain_text("How to ask for leave")
        await assert_png(page, tmp_path / "home.png")
        await home.get_by_test_id("block-button").filter(has_text="Cancel").click()
        await expect(home).to_contain_text("cancel waiting for your confirmation")
        # The confirmation waits in the leave's thread in #leave.
        await page.get_by_test_id("channel-link").filter(has_text="leave").click()
        mine = page.get_by_test_id("message").filter(has_text=f"off {day.isoformat()}")
        await mine.get_by_test_id("open-thread").click()
        thread = page.get_by_test_id("thread-messages")
        cancel_prompt = thread.get_by_test_id("message").filter(has_text="Cancel leave")
        await expect(cancel_prompt).to_be_visible()
        await cancel_prompt.get_by_test_id("block-button").filter(has_text="Confirm").click()
        await expect(cancel_prompt).to_contain_text("Removed from Google Calendar and Harvest")
        await page.get_by_test_id("app-home-link").click()
        await expect(home).to_contain_text("No upcoming leave.")
        await expect(home).to_contain_text("Cancelled")
        # Someone the bot does not know sees how to get registered.
        await page.select_option("#user-picker", JACK)
        await expect(home).to_contain_text("not registered")
        assert errors == []
