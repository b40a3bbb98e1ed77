"""The admin dashboard at /admin: its headers and files, and the page in headless Chromium.

The browser tests seed a database the way the tracker, the syncers and the
supervisors write it, run the real admin app on a free port and drive
Debian's Chromium through Playwright: sign in with the token, read every
section, press Retry on a failed sync and see the page (and the database)
change; a wrong token shows an error and no data. No console error may
appear but the 401/409 answers the test provokes on purpose.
"""

from __future__ import annotations

import datetime as dt
import re
import struct
from pathlib import Path
from typing import Any

import anyio
import pytest
from playwright.async_api import Browser, ConsoleMessage, Page, expect

from leavebot import slots
from leavebot.admin.dashboard import CSP, STATIC_DIR
from leavebot.db import Database
from leavebot.heartbeats import HeartbeatWriter
from leavebot.messages import SyncDays
from leavebot.queries import Q
from leavebot.types import DayId, RequestId
from tests.admin_support import TOKEN, Seed, serve_admin
from tests.test_admin_seed import report

pytestmark = pytest.mark.anyio

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
XSS_NAME = "Meera <img src=x onerror=alert(1)>"
HARVEST_FAILURE = "Harvest answered HTTP 422: Task must be assigned"


class Console:
    """Every console error and uncaught exception of a page."""

    def __init__(self, page: Page) -> None:
        self.errors: list[str] = []
        page.on("console", self._on_console)
        page.on("pageerror", lambda exc: self.errors.append(f"pageerror: {exc}"))

    def _on_console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            self.errors.append(message.text)

    def take(self) -> list[str]:
        taken, self.errors = self.errors, []
        return taken


def only_status(errors: list[str], status: int) -> bool:
    """True when every error is the browser's note of an HTTP ``status`` answer."""
    return all(re.search(rf"status of {status}\b", e) for e in errors)


def this_week() -> list[dt.date]:
    """Monday to Sunday of the week of today (the page computes the same in the browser)."""
    today = dt.date.today()
    monday = today - dt.timedelta(days=today.weekday())
    return [monday + dt.timedelta(days=i) for i in range(7)]


async def assert_png(page: Page, path: Path) -> None:
    await page.screenshot(path=str(path), full_page=True)
    data = await anyio.Path(path).read_bytes()
    assert data.startswith(PNG_SIGNATURE)
    width, height = struct.unpack(">II", data[16:24])
    assert width >= 1280
    assert height >= 800


async def sign_in(page: Page, token: str) -> None:
    await expect(page.get_by_test_id("login")).to_be_visible()
    await page.get_by_test_id("token").fill(token)
    await page.get_by_test_id("sign-in").click()


def harvest_failed_outcome(failure: str) -> dict[str, Any]:
    return {
        "state": "partial",
        "operation": "create",
        "failures": [failure],
        "targets": {
            "calendar": {"ok": 1, "failures": []},
            "harvest": {"ok": 0, "failures": [failure]},
        },
    }


# ------------------------------------------------------------ without a browser


async def test_the_page_and_its_files_carry_the_security_headers(db: Database) -> None:
    async with serve_admin(db) as api:
        page = await api.get("/admin", auth=False)  # the page itself needs no token
        assert page.status == 200
        assert page.headers["Content-Type"] == "text/html; charset=utf-8"
        assert page.headers["Content-Security-Policy"] == CSP
        assert "frame-ancestors 'none'" in CSP
        assert page.headers["X-Frame-Options"] == "DENY"
        assert page.headers["Cache-Control"] == "no-store"
        assert page.headers["X-Content-Type-Options"] == "nosniff"
        # No inline script, style or event handler: the CSP holds as written.
        html = page.text
        scripts = re.findall(r"<script\b[^>]*>", html)
        assert scripts == ['<script src="/admin/static/dashboard.js" defer>']
        assert re.findall(r"<script\b[^>]*>(.*?)</script>", html, re.S) == [""]
        assert "<style" not in html
        assert re.search(r"\sstyle=", html) is None
        assert re.search(r"\son[a-z]+=", html) is None

        for name, kind in (("dashboard.js", "text/javascript"), ("dashboard.css", "text/css")):
            reply = await api.get(f"/admin/static/{name}", auth=False)
            assert reply.status == 200, name
            assert reply.headers["Content-Type"].startswith(kind)
            assert reply.headers["Content-Security-Policy"] == CSP
            assert reply.text == (STATIC_DIR / name).read_text()
        for path in (
            "/admin/static/index.html",
            "/admin/static/missing.js",
            "/admin/static/..%2Fdashboard.py",
            "/admin/static/../app.py",
        ):
            reply = await api.get(path, auth=False)
            assert reply.status == 404, path
        slash = await api.call("GET", "/admin/", auth=False, headers={})
        assert slash.status == 200  # followed to /admin
        assert slash.headers["Content-Security-Policy"] == CSP
        # The API the page reads stays behind the token.
        assert (await api.get("/api/health", auth=False)).status == 401


def test_the_script_builds_the_page_from_text_only() -> None:
    script = (STATIC_DIR / "dashboard.js").read_text()
    for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval("):
        assert sink not in script, sink
    assert "sessionStorage" in script
    assert "localStorage" not in script
    assert "Authorization: `Bearer ${token}`" in script


# ---------------------------------------------------------------- in Chromium


async def test_a_wrong_token_shows_an_error_and_no_data(db: Database, browser: Browser) -> None:
    seed = Seed(db)
    asha = await seed.person("Asha Rao", harvest_user_id=101)
    await seed.request(asha, [(this_week()[0], "full")])
    async with serve_admin(db) as api:
        context = await browser.new_context(viewport={"width": 1280, "height": 900})
        try:
            page = await context.new_page()
            console = Console(page)
            await page.goto(f"{api.base}/admin")
            await expect(page.get_by_test_id("dashboard")).to_be_hidden()
            await expect(page.get_by_test_id("login-error")).to_be_hidden()

            await sign_in(page, "b" * 40)
            error = page.get_by_test_id("login-error")
            await expect(error).to_be_visible()
            await expect(error).to_contain_text("not accepted")
            await expect(error).to_contain_text("wrong bearer token")
            await expect(page.get_by_test_id("dashboard")).to_be_hidden()
            await expect(page.get_by_test_id("login")).to_be_visible()
            assert await page.evaluate("sessionStorage.length") == 0
            assert "Asha" not in await page.locator("body").inner_text()
            for row in ("health-row", "request-row", "person-row", "out-row", "failed-row"):
                await expect(page.get_by_test_id(row)).to_have_count(0)
            errors = console.take()
            assert errors
            assert only_status(errors, 401), errors

            # A token no header can carry is refused before any call.
            await sign_in(page, "tökén with spaces")
            await expect(error).to_contain_text("printable ASCII")
            await expect(page.get_by_test_id("dashboard")).to_be_hidden()
            assert console.take() == []
        finally:
            await context.close()


async def test_sign_in_see_the_seeded_data_and_retry_a_failed_sync(
    db: Database, browser: Browser, tmp_path: Path
) -> None:
    week = this_week()
    mon, tue, wed, thu = week[:4]
    now = dt.datetime.now(dt.UTC)
    seed = Seed(db)
    asha = await seed.person("Asha Rao", harvest_user_id=101)
    ravi = await seed.person("Ravi Kumar", harvest_user_id=102)
    meera = await seed.person(XSS_NAME, email="meera@example.com")
    done, _ = await seed.request(
        asha,
        [(mon, "full"), (tue, "full")],
        outcome={"state": "done", "operation": "create", "failures": []},
        created_at=now - dt.timedelta(hours=4),
    )
    failure = f"{wed:%a %-d %b}: {HARVEST_FAILURE}"
    failed, (failed_day,) = await seed.request(
        ravi,
        [(wed, "full")],
        category="sick",
        day_status="failed",
        harvest="failed",
        outcome=harvest_failed_outcome(failure),
        created_at=now - dt.timedelta(hours=3),
    )
    await seed.attempt(failed, failed_day, "harvest", "error", f"HTTP 422: {HARVEST_FAILURE}")
    raced, _ = await seed.request(
        ravi,
        [(thu, "pm")],
        day_status="failed",
        calendar="failed",
        harvest="failed",
        outcome=harvest_failed_outcome(f"{thu:%a %-d %b}: Calendar answered HTTP 500"),
        created_at=now - dt.timedelta(hours=2),
    )
    pending, _ = await seed.request(
        meera,
        [(week[6] + dt.timedelta(days=7), "full")],
        status="pending",
        day_status=None,
        created_at=now - dt.timedelta(hours=1),
    )
    await HeartbeatWriter(db, "bot")(
        [report("slack_listener"), report("parser", "restarting", "ConnectionError: pool lost")]
    )
    await HeartbeatWriter(db, "worker")([report("harvest_syncer")])
    await db.execute(
        "UPDATE actor_heartbeats SET updated_at = now() - interval '10 minutes' "
        "WHERE actor = 'harvest_syncer'"
    )

    async with serve_admin(db, heartbeat_interval_s=60.0) as api:
        context = await browser.new_context(viewport={"width": 1280, "height": 900})
        try:
            page = await context.new_page()
            console = Console(page)
            await page.goto(f"{api.base}/admin")
            await sign_in(page, TOKEN)
            await expect(page.get_by_test_id("dashboard")).to_be_visible()
            await expect(page.get_by_test_id("login")).to_be_hidden()
            assert await page.evaluate("sessionStorage.getItem('leavebot.adminToken')") == TOKEN

            # health: one row per actor, sorted by process then actor
            health = page.get_by_test_id("health-row")
            await expect(health).to_have_count(3)
            await expect(page.get_by_test_id("health-summary")).to_contain_text("degraded")
            await expect(page.get_by_test_id("health-summary")).to_contain_text("connected")
            parser = health.nth(0)
            await expect(parser).to_contain_text("parser")
            await expect(parser).to_contain_text("restarting")
            await expect(parser.get_by_test_id("restarts")).to_have_text("1")
            await expect(parser.get_by_test_id("last-error")).to_have_text(
                "ConnectionError: pool lost"
            )
            await expect(parser.get_by_test_id("heartbeat")).not_to_contain_text("stale")
            listener = health.nth(1)
            await expect(listener).to_contain_text("slack_listener")
            await expect(listener).to_contain_text("running")
            await expect(listener.get_by_test_id("last-error")).to_have_text("—")
            syncer = health.nth(2)
            await expect(syncer).to_contain_text("worker")
            await expect(syncer).to_contain_text("harvest_syncer")
            await expect(syncer.get_by_test_id("heartbeat")).to_contain_text("10 min ago")
            await expect(syncer.get_by_test_id("heartbeat")).to_contain_text("stale")

            # who is out this week: Asha Mon-Tue, Ravi Wed (failed) and Thu afternoon
            out = page.get_by_test_id("out-row")
            await expect(out).to_have_count(2)
            await expect(out.nth(0)).to_contain_text("Asha Rao")
            await expect(out.nth(0).get_by_test_id("out-total")).to_have_text("2")
            await expect(out.nth(0).locator(f"td[data-date='{mon}']")).to_have_text("vacation")
            await expect(out.nth(0).locator(f"td[data-date='{wed}']")).to_have_text("")
            await expect(out.nth(1)).to_contain_text("Ravi Kumar")
            await expect(out.nth(1).get_by_test_id("out-total")).to_have_text("1.5")
            await expect(out.nth(1).locator(f"td[data-date='{wed}']")).to_have_text("sick · failed")
            await expect(out.nth(1).locator(f"td[data-date='{thu}']")).to_have_text(
                "vacation (pm) · failed"
            )
            await expect(page.get_by_test_id("whos-out-range")).to_contain_text(
                f"{mon:%a} {mon.day} {mon:%b}"
            )

            # recent requests, newest first, with their outcome
            recent = page.get_by_test_id("request-row")
            await expect(recent).to_have_count(4)
            ids = [await recent.nth(i).get_attribute("data-request-id") for i in range(4)]
            assert ids == [str(pending), str(raced), str(failed), str(done)]
            await expect(recent.nth(0).get_by_test_id("status")).to_have_text("pending")
            await expect(recent.nth(0)).to_contain_text(XSS_NAME)
            await expect(recent.nth(3).get_by_test_id("status")).to_have_text("completed")
            await expect(recent.nth(3).get_by_test_id("outcome")).to_have_text("done")
            await expect(recent.nth(2).get_by_test_id("outcome")).to_contain_text("partial")
            await expect(recent.nth(2).get_by_test_id("outcome")).to_contain_text(failure)

            # failed syncs, each with its Retry button
            failed_rows = page.get_by_test_id("failed-row")
            await expect(failed_rows).to_have_count(2)
            failed_row = page.locator(f"[data-testid=failed-row][data-request-id='{failed}']")
            await expect(failed_row).to_contain_text("Ravi Kumar")
            await expect(failed_row.get_by_test_id("failure")).to_contain_text("1 failed day")
            await expect(failed_row.get_by_test_id("failure")).to_contain_text(failure)
            await expect(failed_row.get_by_test_id("failure")).to_contain_text(
                f"last Harvest create: HTTP 422: {HARVEST_FAILURE}"
            )

            # people, the mapping gap first; the name with markup is shown as text
            people = page.get_by_test_id("person-row")
            await expect(people).to_have_count(3)
            await expect(people.nth(0)).to_contain_text(XSS_NAME)
            await expect(people.nth(0).get_by_test_id("gaps")).to_have_text("no Harvest id")
            asha_row = page.locator("[data-testid=person-row]", has_text="Asha Rao")
            await expect(asha_row.get_by_test_id("gaps")).to_have_text("—")
            await expect(page.get_by_test_id("people-summary")).to_contain_text(
                "1 with mapping gaps"
            )
            await expect(page.locator("main img")).to_have_count(0)

            await assert_png(page, tmp_path / "dashboard.png")
            # On a phone the page keeps to the screen (wide tables scroll in their card).
            await page.set_viewport_size({"width": 390, "height": 844})
            assert await page.evaluate("document.documentElement.scrollWidth") <= 390
            await page.screenshot(path=str(tmp_path / "dashboard-narrow.png"), full_page=True)
            await page.set_viewport_size({"width": 1280, "height": 900})
            assert console.take() == []

            # Retry the failed Harvest sync: the request goes back to processing.
            await failed_row.get_by_test_id("retry").click()
            notice = page.get_by_test_id("notice")
            await expect(notice).to_have_text(
                f"Request #{failed} is processing again: sync queued for Harvest (1 day)."
            )
            await expect(failed_row).to_have_count(0)
            await expect(failed_rows).to_have_count(1)
            done_row = page.locator(f"[data-testid=request-row][data-request-id='{failed}']")
            await expect(done_row.get_by_test_id("status")).to_have_text("processing")
            (day,) = await db.fetch(Q.days_of_request, failed)
            assert day["status"] == "confirmed"
            assert day["harvest_status"] == "pending"
            assert day["calendar_status"] == "done"
            assert day["last_error"] is None
            (sent,) = await seed.mailbox()
            assert sent["recipient"] == "harvest_syncer"
            assert SyncDays.model_validate(sent["payload"]) == SyncDays(
                request_id=RequestId(failed), day_ids=(DayId(failed_day),), operation="create"
            )
            assert console.take() == []

            # A retry the server refuses (the request moved on meanwhile) shows its message.
            await db.execute("UPDATE leave_requests SET status = 'processing' WHERE id = $1", raced)
            raced_row = page.locator(f"[data-testid=failed-row][data-request-id='{raced}']")
            await raced_row.get_by_test_id("retry").click()
            await expect(notice).to_contain_text(f"Retry of request #{raced} was refused")
            await expect(notice).to_contain_text(
                f"request {raced} is processing: only a completed request with failed days"
            )
            await expect(notice).to_have_class(re.compile(r"\berror\b"))
            await expect(raced_row.get_by_test_id("retry")).to_be_enabled()
            assert len(await seed.mailbox()) == 1
            errors = console.take()
            assert len(errors) == 1
            assert only_status(errors, 409), errors

            # The token stays for the tab: a reload shows the data without signing in.
            await page.reload()
            await expect(page.get_by_test_id("health-row")).to_have_count(3)
            await expect(page.get_by_test_id("login")).to_be_hidden()
            await page.get_by_test_id("sign-out").click()
            await expect(page.get_by_test_id("login")).to_be_visible()
            await expect(page.get_by_test_id("dashboard")).to_be_hidden()
            await expect(page.get_by_test_id("health-row")).to_have_count(0)
            assert await page.evaluate("sessionStorage.length") == 0
            assert console.take() == []
        finally:
            await context.close()


async def test_a_requests_half_days_booked_and_taken_in_its_detail(
    db: Database, browser: Browser, tmp_path: Path
) -> None:
    """The leave detail of the API in the page: per day asked for, the half-days booked and
    those found taken at Confirm, with the request that held them (one click away)."""
    week = this_week()
    tue, wed = week[1], week[2]
    seed = Seed(db)
    asha = await seed.person("Asha Rao", harvest_user_id=101)

    async def confirmed(days: list[tuple[dt.date, str]], category: str) -> int:
        rid, _ = await seed.request(
            asha, days, status="confirmed", category=category, day_status=None
        )
        async with db.transaction() as tx:
            booking = await slots.book(tx.conn, RequestId(rid), asha, days, category)
            if booking.taken:
                taken = [t.as_json() for t in booking.taken]
                await tx.conn.execute(Q.request_set_slots_taken, rid, taken)
        await db.execute("UPDATE leave_requests SET status = 'completed' WHERE id = $1", rid)
        return rid

    sick = await confirmed([(wed, "pm")], "sick")
    both = await confirmed([(tue, "full"), (wed, "full")], "vacation")
    async with serve_admin(db) as api:
        context = await browser.new_context(viewport={"width": 1280, "height": 900})
        try:
            page = await context.new_page()
            console = Console(page)
            await page.goto(f"{api.base}/admin")
            await sign_in(page, TOKEN)
            detail = page.get_by_test_id("detail")
            await expect(detail).to_be_hidden()
            row = page.locator(f"[data-testid=request-row][data-request-id='{both}']")
            await row.get_by_test_id("open-detail").click()
            await expect(detail).to_be_visible()
            await expect(page.get_by_test_id("detail-title")).to_have_text(
                f"Request #{both} · Asha Rao"
            )
            days = detail.get_by_test_id("slot-row")
            await expect(days).to_have_count(2)
            await expect(days.nth(0)).to_have_attribute("data-date", tue.isoformat())
            await expect(days.nth(0).get_by_test_id("asked")).to_have_text("full day")
            await expect(days.nth(0).get_by_test_id("slot-am")).to_contain_text("booked")
            await expect(days.nth(0).get_by_test_id("slot-pm")).to_contain_text("booked")
            wed_row = detail.locator(f"[data-testid=slot-row][data-date='{wed}']")
            await expect(wed_row.get_by_test_id("slot-am")).to_contain_text("booked")
            await expect(wed_row.get_by_test_id("slot-am")).to_contain_text("confirmed")
            taken = wed_row.get_by_test_id("slot-pm")
            await expect(taken).to_contain_text("skipped")
            await expect(taken).to_contain_text(f"already booked by #{sick} (sick leave)")
            await assert_png(page, tmp_path / "detail.png")

            # The request holding the afternoon is one click away.
            await taken.get_by_test_id("open-detail").click()
            await expect(page.get_by_test_id("detail-title")).to_have_text(
                f"Request #{sick} · Asha Rao"
            )
            await expect(days).to_have_count(1)
            await expect(days.nth(0).get_by_test_id("slot-am")).to_have_text("—")
            await expect(days.nth(0).get_by_test_id("slot-pm")).to_contain_text("booked")
            # It stays open through a refresh, and closes.
            await page.get_by_test_id("refresh").click()
            await expect(page.get_by_test_id("detail-title")).to_have_text(
                f"Request #{sick} · Asha Rao"
            )
            await page.get_by_test_id("detail-close").click()
            await expect(detail).to_be_hidden()
            assert console.take() == []
        finally:
            await context.close()


async def test_set_a_persons_holiday_region_and_see_the_digest_card(
    db: Database, browser: Browser
) -> None:
    seed = Seed(db)
    maya = await seed.person("Maya Chen", harvest_user_id=103)
    await db.execute(Q.config_put, "holiday_region", "IN", "test")
    await db.execute(
        "INSERT INTO digest_runs (day, status, reason)"
        " VALUES ($1, 'skipped', 'missed the morning')",
        dt.date(2027, 3, 2),
    )
    async with serve_admin(db) as api:
        context = await browser.new_context(viewport={"width": 1280, "height": 900})
        try:
            page = await context.new_page()
            console = Console(page)
            await page.goto(f"{api.base}/admin")
            await sign_in(page, TOKEN)
            row = page.locator("[data-testid=person-row]", has_text="Maya Chen")
            region = row.get_by_test_id("region-input")
            await expect(region).to_have_attribute("placeholder", "company's (IN)")
            await region.fill("us-ca")
            await row.get_by_test_id("region-save").click()
            notice = page.get_by_test_id("notice")
            await expect(notice).to_contain_text("Maya Chen now keeps the public holidays of US-CA")
            await expect(region).to_have_value("US-CA")
            assert await db.fetchval(Q.user_get, maya) is not None
            stored = await db.fetchrow(Q.user_get, maya)
            assert stored is not None
            assert stored["holiday_region"] == "US-CA"
            # A region the holidays package does not know is refused with the reason.
            await region.fill("Atlantis")
            await row.get_by_test_id("region-save").click()
            await expect(notice).to_contain_text("was refused")
            await expect(notice).to_contain_text("not a region")
            stored = await db.fetchrow(Q.user_get, maya)
            assert stored is not None
            assert stored["holiday_region"] == "US-CA"
            # Back to the company's.
            await region.fill("")
            await row.get_by_test_id("region-save").click()
            await expect(notice).to_contain_text("the company's region")
            # The digest card: settings and the latest dates.
            await expect(page.get_by_test_id("digest-summary")).to_contain_text("on, 09:30")
            await expect(page.get_by_test_id("digest-facts")).to_contain_text("the leave channel")
            await expect(page.get_by_test_id("digest-row")).to_contain_text("missed the morning")
            errors = console.take()
            assert only_status(errors, 422), errors
        finally:
            await context.close()
