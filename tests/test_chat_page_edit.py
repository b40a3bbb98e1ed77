"""Editing and deleting a leave message on the sandbox chat page, in headless Chromium.

A person edits their message the way they would in Slack: the message shows
"(edited)", the old prompt says the edit replaced it, the new prompt shows the new
day and books it on Confirm. Deleting another message leaves Slack's tombstone and
cancels its prompt. The whole actor tree runs (real slack-bolt, the sandboxes).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.async_api import Browser, expect

from leavebot.db import Database
from leavebot.prompts import day_label
from tests.harness import bot_stack
from tests.test_chat_page_flow import ASHA, RAVI, assert_png, workday

pytestmark = pytest.mark.anyio


async def test_a_person_edits_and_deletes_their_message_on_the_chat_page(
    db: Database, browser: Browser, tmp_path: Path
) -> None:
    first, second, third = workday(2), workday(4), workday(6)
    typed = f"On leave {first.isoformat()}, family event"
    edited = f"On leave {second.isoformat()}, family event"
    async with bot_stack(db) as stack:
        page = await browser.new_page(viewport={"width": 1280, "height": 800})
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        try:
            await page.goto(stack.sandbox.page_url)
            await expect(page.get_by_test_id("status")).to_have_text("live")
            await page.select_option("#user-picker", ASHA)
            composer = page.get_by_test_id("composer")
            await composer.fill(typed)
            await composer.press("Enter")
            mine = page.locator("#messages").get_by_test_id("message").filter(has_text=typed)
            await expect(mine.get_by_test_id("open-thread")).to_have_text("1 reply")
            await mine.get_by_test_id("open-thread").click()
            thread = page.get_by_test_id("thread-messages")
            old_prompt = thread.get_by_test_id("message").filter(has_text=day_label(first))
            await expect(old_prompt.get_by_role("button", name="Confirm")).to_be_visible()

            # Only the author sees Edit on their message.
            await page.select_option("#user-picker", RAVI)
            await expect(mine.get_by_test_id("edit-message")).to_have_count(0)
            await page.select_option("#user-picker", ASHA)

            ts = await mine.get_attribute("data-ts")
            mine = page.locator(f"#messages [data-ts='{ts}']")
            await mine.get_by_test_id("edit-message").click()
            box = mine.get_by_test_id("edit-input")
            await expect(box).to_have_value(typed)
            await box.fill(edited)
            await box.press("Enter")
            await expect(mine.locator(".text")).to_have_text(edited)
            await expect(mine.locator(".edited")).to_have_text("(edited)")

            await expect(old_prompt).to_contain_text("the message was edited")
            await expect(old_prompt.get_by_role("button", name="Confirm")).to_have_count(0)
            new_prompt = thread.get_by_test_id("message").filter(has_text=day_label(second))
            await expect(new_prompt.get_by_role("button", name="Confirm")).to_be_visible()
            await new_prompt.get_by_role("button", name="Confirm").click()
            await expect(new_prompt).to_contain_text("Added to Google Calendar and Harvest")
            await assert_png(page, tmp_path / "edited.png")

            # A second request, deleted while its prompt waits.
            other = f"leave {third.isoformat()}"
            await composer.fill(other)
            await composer.press("Enter")
            doomed = page.locator("#messages").get_by_test_id("message").filter(has_text=other)
            await expect(doomed.get_by_test_id("open-thread")).to_have_text("1 reply")
            await doomed.get_by_test_id("open-thread").click()
            waiting = thread.get_by_test_id("message").filter(has_text=day_label(third))
            await expect(waiting.get_by_role("button", name="Confirm")).to_be_visible()
            await doomed.get_by_test_id("delete-message").click()
            await doomed.get_by_test_id("confirm-delete").click()
            tombstone = (
                page.locator("#messages")
                .get_by_test_id("message")
                .filter(has_text="This message was deleted.")
            )
            await expect(tombstone).to_be_visible()
            await expect(waiting).to_contain_text("the message was deleted")
            await expect(waiting.get_by_role("button", name="Confirm")).to_have_count(0)
        finally:
            await page.close()
        assert errors == []
    statuses = [
        (r["intent"], r["status"], r["close_reason"])
        for r in await db.fetch(
            "SELECT intent, status, close_reason FROM leave_requests ORDER BY id"
        )
    ]
    assert statuses == [
        ("leave", "superseded", "edited"),
        ("leave", "completed", None),
        ("leave", "cancelled", "deleted"),
    ]
