"""The author's calendar: every date of a request is read where its author is.

People on each side of the date line (Pacific/Kiritimati, UTC+14, and Pacific/Pago_Pago,
UTC-11, whose dates always differ) write "off tomorrow" at the same moment and get
their own tomorrow: in the parser, the limits, the prompt (and its deadline), the
calendar events, Harvest's spent_date, the expirer's note and the admin views. The zone
is Slack's (users.info ``tz``), else the admin's, else the company's.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

import aiohttp
import pytest

from leavebot.calendars import author_calendar, author_zone, zone_and_source
from leavebot.config import RuntimeConfig
from leavebot.db import Database
from leavebot.domain import check_limits
from leavebot.parsing.rules import parse_rules
from leavebot.sandbox.slack import DEFAULT_USERS, SlackSandbox
from tests.harness import ADMIN_TOKEN, Stack, bot_stack
from tests.test_edits import text_of

pytestmark = pytest.mark.anyio

KIRITIMATI = "Pacific/Kiritimati"  # UTC+14: the first to see a new date
PAGO_PAGO = "Pacific/Pago_Pago"  # UTC-11: the last
ASHA, RAVI, MAYA = (u.id for u in DEFAULT_USERS[:3])
EVERY_DAY = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]


def test_the_zone_is_slacks_else_the_admins_else_the_companys() -> None:
    config = RuntimeConfig(timezone="Europe/Berlin")
    both = {"slack_timezone": KIRITIMATI, "timezone": PAGO_PAGO}
    assert zone_and_source(config, both) == (KIRITIMATI, "slack")
    assert zone_and_source(config, {"slack_timezone": None, "timezone": PAGO_PAGO}) == (
        PAGO_PAGO,
        "admin",
    )
    assert zone_and_source(config, {"slack_timezone": None, "timezone": None}) == (
        "Europe/Berlin",
        "company",
    )
    assert author_zone(config, None) == "Europe/Berlin"
    assert author_zone(config, {"slack_timezone": "Mars/Olympus", "timezone": None}) == (
        "Europe/Berlin"
    )
    calendar = author_calendar(config, both)
    assert calendar.timezone == KIRITIMATI
    assert calendar.working_days == config.calendar().working_days


def test_a_thursday_afternoon_in_los_angeles_is_not_friday_night_in_kolkata() -> None:
    """The issue's case: with the company's zone, "tomorrow" was a Saturday and vanished."""
    config = RuntimeConfig()  # the company is in Asia/Kolkata
    maya = {"slack_timezone": "America/Los_Angeles", "timezone": None}
    now = dt.datetime(2026, 12, 3, 15, 0, tzinfo=ZoneInfo("America/Los_Angeles"))  # Thursday
    text = "off tomorrow and half day on 9 Dec afternoon"
    theirs = parse_rules(text, now, author_calendar(config, maya))
    assert [(d.date.isoformat(), d.portion) for d in theirs.request.days] == [
        ("2026-12-04", "full"),
        ("2026-12-09", "pm"),
    ]
    assert theirs.dropped == ()
    company = parse_rules(text, now, config.calendar())
    assert [d.date.isoformat() for d in company.request.days] == ["2026-12-09"]
    assert [(d.date.isoformat(), d.reason) for d in company.dropped] == [
        ("2026-12-05", "not a working day")
    ]


def test_each_side_of_the_date_line_has_its_own_today_and_limits() -> None:
    config = RuntimeConfig(working_days=("mon", "tue", "wed", "thu", "fri", "sat", "sun"))
    moment = dt.datetime(2026, 12, 3, 20, 30, tzinfo=dt.UTC)
    east = author_calendar(config, {"slack_timezone": KIRITIMATI, "timezone": None})
    west = author_calendar(config, {"slack_timezone": PAGO_PAGO, "timezone": None})
    assert east.local_date(moment) == dt.date(2026, 12, 4)
    assert west.local_date(moment) == dt.date(2026, 12, 3)
    (east_day,) = parse_rules("off tomorrow", moment, east).request.days
    (west_day,) = parse_rules("off tomorrow", moment, west).request.days
    assert (east_day.date, west_day.date) == (dt.date(2026, 12, 5), dt.date(2026, 12, 4))
    # The -31 days limit is counted from each one's own today: 2 November is 31 days
    # back in Pago Pago, and 32 in Kiritimati.
    edge = [west_day.model_copy(update={"date": dt.date(2026, 11, 2)})]
    assert check_limits(edge, west.local_date(moment)) is None
    assert check_limits(edge, east.local_date(moment)) is not None


def people() -> list[Any]:
    """Asha at the east end of the date line, Ravi at the west end, Maya in Los Angeles."""
    users = list(DEFAULT_USERS)
    users[0] = dataclasses.replace(users[0], tz=KIRITIMATI)
    users[1] = dataclasses.replace(users[1], tz=PAGO_PAGO)
    return users


def local_date(ts: str, zone: str) -> dt.date:
    return dt.datetime.fromtimestamp(float(ts), ZoneInfo(zone)).date()


async def admin_get(stack: Stack, path: str) -> Any:
    url = f"http://127.0.0.1:{stack.runtime.admin_port}{path}"
    headers = {"Authorization": f"Bearer {ADMIN_TOKEN}"}
    async with aiohttp.ClientSession() as http, http.get(url, headers=headers) as resp:
        assert resp.status == 200, await resp.text()
        return await resp.json()


async def test_people_on_each_side_of_the_date_line_book_their_own_tomorrow(
    db: Database,
) -> None:
    await db.execute("UPDATE config SET value = $1::jsonb WHERE key = 'working_days'", EVERY_DAY)
    sandbox = SlackSandbox(people(), ack_timeout=1.0)
    async with bot_stack(db, sandbox=sandbox) as stack:
        # An admin set Asha's zone to Kolkata; Slack's wins while Slack gives one.
        await db.execute(
            "UPDATE users SET timezone = 'Asia/Kolkata' WHERE slack_user_id = $1", ASHA
        )
        east_ts = sandbox.post_user_message(ASHA, "off tomorrow")
        west_ts = sandbox.post_user_message(RAVI, "half day tomorrow afternoon")
        east_prompt = await stack.prompt(east_ts)
        west_prompt = await stack.prompt(west_ts)
        east_day = local_date(east_ts, KIRITIMATI) + dt.timedelta(days=1)
        west_day = local_date(west_ts, PAGO_PAGO) + dt.timedelta(days=1)
        assert east_day - west_day in (dt.timedelta(days=1), dt.timedelta(days=2))
        assert f"{east_day:%a} {east_day.day} {east_day:%b %Y}" in text_of(east_prompt)
        assert f"({KIRITIMATI})" in text_of(east_prompt)  # "confirm by 16:05 (...)"
        assert f"({PAGO_PAGO})" in text_of(west_prompt)
        zones = {
            r["slack_user_id"]: (r["slack_timezone"], r["timezone"])
            for r in await db.fetch("SELECT slack_user_id, slack_timezone, timezone FROM users")
        }
        assert zones[ASHA] == (KIRITIMATI, "Asia/Kolkata")
        assert zones[RAVI] == (PAGO_PAGO, PAGO_PAGO)
        for user, prompt in ((ASHA, east_prompt), (RAVI, west_prompt)):
            sandbox.click(user, prompt["ts"], stack.button(prompt, "leave_confirm"))
        await stack.wait_db(
            "SELECT count(*) FROM leave_requests WHERE status = 'completed'", expect=2
        )
        days = {
            r["slack_user_id"]: (r["day"], r["portion"])
            for r in await db.fetch(
                "SELECT u.slack_user_id, d.day, d.portion FROM leave_days d"
                " JOIN users u ON u.id = d.user_id"
            )
        }
        assert days == {ASHA: (east_day, "full"), RAVI: (west_day, "pm")}
        spent = {e["user"]["name"]: e["spent_date"] for e in stack.sandboxes.harvest.entries()}
        assert spent == {"Asha Rao": east_day.isoformat(), "Ravi Kumar": west_day.isoformat()}
        events = {e["summary"]: e for e in stack.sandboxes.calendar.live_events()}
        assert events["Leave - Asha Rao"]["start"] == {"date": east_day.isoformat()}
        half = events["Leave - Ravi Kumar (PM)"]["start"]
        assert half["timeZone"] == PAGO_PAGO
        assert half["dateTime"].startswith(f"{west_day.isoformat()}T15:00:00")
        # The admin views say whose zone it is.
        users = {u["slack_user_id"]: u for u in (await admin_get(stack, "/api/users"))["items"]}
        assert (users[ASHA]["zone"], users[ASHA]["zone_source"]) == (KIRITIMATI, "slack")
        assert users[ASHA]["timezone"] == "Asia/Kolkata"
        leaves = (await admin_get(stack, "/api/leaves"))["items"]
        assert {x["user"]["slack_user_id"]: x["user"]["zone"] for x in leaves} == {
            ASHA: KIRITIMATI,
            RAVI: PAGO_PAGO,
        }


async def test_without_slack_the_admins_zone_then_the_companys(db: Database) -> None:
    await db.execute("UPDATE config SET value = $1::jsonb WHERE key = 'working_days'", EVERY_DAY)
    await db.execute("UPDATE config SET value = $1::jsonb WHERE key = 'timezone'", "UTC")
    sandbox = SlackSandbox(people(), ack_timeout=1.0)
    async with bot_stack(db, sandbox=sandbox) as stack:
        await db.execute(
            "UPDATE users SET timezone = NULL, slack_timezone = NULL WHERE slack_user_id = $1",
            RAVI,
        )
        await db.execute(
            "UPDATE users SET timezone = $2, slack_timezone = NULL WHERE slack_user_id = $1",
            ASHA,
            KIRITIMATI,
        )
        sandbox.inject_error("users.info", "ratelimited", count=50, status=200)
        east_ts = sandbox.post_user_message(ASHA, "off tomorrow")
        utc_ts = sandbox.post_user_message(RAVI, "off tomorrow")
        await stack.prompt(east_ts)
        await stack.prompt(utc_ts)
        rows = {
            r["slack_user_id"]: r["days"][0]["date"]
            for r in await db.fetch(
                "SELECT u.slack_user_id, r.days FROM leave_requests r JOIN users u"
                " ON u.id = r.user_id"
            )
        }
        assert rows[ASHA] == (local_date(east_ts, KIRITIMATI) + dt.timedelta(days=1)).isoformat()
        assert rows[RAVI] == (local_date(utc_ts, "UTC") + dt.timedelta(days=1)).isoformat()


async def test_the_expired_prompt_says_when_in_the_authors_time(db: Database) -> None:
    sandbox = SlackSandbox(people(), ack_timeout=1.0)
    async with bot_stack(db, sandbox=sandbox) as stack:
        ts = sandbox.post_user_message(RAVI, "leave next Tuesday")
        prompt = await stack.prompt(ts)
        moment = dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1)
        await db.execute("UPDATE leave_requests SET expires_at = $1", moment)
        local = moment.astimezone(ZoneInfo(PAGO_PAGO))
        await stack.wait(lambda: "expired" in text_of(sandbox.message(prompt["ts"])))
        expected = f"expired before it was confirmed, at {local:%H:%M} ({PAGO_PAGO})"
        assert expected in text_of(sandbox.message(prompt["ts"]))
