"""The sandbox chat page in headless Chromium against the real bot (the whole actor tree).

A person writes a leave message on the page; the bot's prompt appears in the
thread with Confirm / Cancel; a colleague's click gets the private "Only ..."
note; the author's Confirm turns the prompt into the "processing" text, and
the database holds the confirmed request and its days. The stack runs the
``bot`` role (listener, parser, tracker) without the syncers, so the request
stays at "processing" for the page to show; the path on to Calendar and
Harvest is ``tests/test_conversation.py``'s happy path.
"""

from __future__ import annotations

import datetime as dt
import re
import struct
from pathlib import Path

import anyio
import pytest
from playwright.async_api import Browser, Page, expect

from leavebot.db import Database
from leavebot.prompts import day_label
from tests.harness import bot_stack

pytestmark = pytest.mark.anyio

ASHA = "U0ASHA001"
RAVI = "U0RAVI002"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def workday(n: int) -> dt.date:
    """The ``n``th Monday-to-Friday day after today (the test reads the same any day)."""
    day = dt.date.today()
    while n:
        day += dt.timedelta(days=1)
        if day.weekday() < 5:
            n -= 1
    return day


async def assert_png(page: Page, path: Path) -> None:
    """A full-page screenshot saved at ``path``: a PNG at least the viewport's size."""
    await page.screenshot(path=str(path), full_page=True)
    data = await anyio.Path(path).read_bytes()
    assert data.startswith(PNG_SIGNATURE)
    assert data[12:16] == b"IHDR"
    width, height = struct.unpack(">II", data[16:24])
    assert width >= 1280
    assert height >= 800


async def test_leave_confirmed_on_the_chat_page(
    db: Database, browser: Browser, tmp_path: Path
) -> None:
    day = workday(3)
    typed = f"On leave {day.isoformat()}, family event"
    async with bot_stack(db, "bot") as stack:
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
            mine = page.get_by_test_id("message").filter(has_text=typed)
            await expect(mine).to_be_visible()
            await expect(mine.locator(".author")).to_have_text("Asha Rao")

            # The bot answers in the thread: header, the day, Confirm / Cancel.
            await expect(mine.get_by_test_id("open-thread")).to_have_text("1 reply")
            await mine.get_by_test_id("open-thread").click()
            thread = page.get_by_test_id("thread-messages")
            prompt = thread.get_by_test_id("message").nth(1)
            await expect(prompt.locator(".author")).to_have_text("Leave Bot")
            await expect(prompt.locator(".block-header")).to_have_text("Leave request")
            await expect(prompt.locator(".block-section")).to_contain_text(
                f"{day_label(day)} — full day, vacation"
            )
            await expect(prompt.locator(".block-section strong")).to_have_count(0)
            await expect(prompt.locator(".block-section .mention")).to_have_text("@asha")
            # The deadline is in the author's own time (Asha's Slack zone), with its weekday
            # when it falls on another day there (late in the Kolkata evening).
            await expect(prompt.locator(".block-context")).to_have_text(
                re.compile(
                    r"^Total: 1 day · confirm by (?:(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) )?"
                    r"\d\d:\d\d \(Asia/Kolkata\)$"
                )
            )
            confirm = prompt.locator("[data-action-id^='leave_confirm:']")
            cancel = prompt.locator("[data-action-id^='leave_cancel:']")
            await expect(confirm).to_have_text("Confirm")
            await expect(confirm).to_have_class("sk-button primary")
            await expect(cancel).to_have_text("Cancel")
            await expect(cancel).to_have_class("sk-button danger")

            # A colleague presses Confirm: only they see the note; nothing changes.
            await page.select_option("#user-picker", RAVI)
            await confirm.click()
            note = thread.get_by_test_id("message").filter(has_text="can confirm")
            await expect(note.locator(".text")).to_have_text(
                "Only @asha can confirm or cancel this request."
            )
            await expect(note.locator(".only-you")).to_have_text("Only visible to you")
            await assert_png(page, tmp_path / "prompt-and-note.png")
            assert await db.fetchval("SELECT status FROM leave_requests") == "pending"
            assert await db.fetchval("SELECT count(*) FROM leave_days") == 0
            await page.select_option("#user-picker", ASHA)
            await expect(note).to_have_count(0)
            await expect(confirm).to_be_visible()

            # The author confirms: the prompt becomes the "processing" text.
            await expect(confirm).to_be_enabled()
            await confirm.click()
            status = prompt.locator(".block-context").nth(1)
            await expect(status).to_have_text(
                ":hourglass_flowing_sand: Confirmed by @asha. "
                "Adding it to Google Calendar and Harvest…"
            )
            await expect(status.locator("em")).to_have_count(0)  # no italics inside :emoji:
            await expect(prompt.locator(".sk-button")).to_have_count(0)
            await expect(prompt.locator(".edited")).to_have_text("(edited)")
            await expect(prompt.locator(".block-header")).to_have_text("Leave request")

            request = await db.fetchrow(
                "SELECT r.id, u.slack_user_id, r.status, r.source_text FROM leave_requests r"
                " JOIN users u ON u.id = r.user_id"
            )
            assert request is not None
            assert (request["slack_user_id"], request["status"]) == (ASHA, "confirmed")
            assert request["source_text"] == typed
            days = await db.fetch(
                "SELECT day, portion, category, status FROM leave_days WHERE request_id = $1",
                request["id"],
            )
            assert [tuple(d.values()) for d in days] == [(day, "full", "vacation", "confirmed")]
            work = await db.fetch("SELECT recipient FROM mailbox WHERE kind = 'sync_days'")
            assert sorted(r["recipient"] for r in work) == ["calendar_syncer", "harvest_syncer"]

            await assert_png(page, tmp_path / "processing.png")
            assert errors == []
        finally:
            await page.close()
