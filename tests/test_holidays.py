"""Public holidays by region: the ``holidays`` package, a person's calendar, and two regions
in one company through the real bot and slack-bolt against the sandbox."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable

import pytest

from leavebot import public_holidays
from leavebot.calendars import author_calendar, person_region
from leavebot.config import RuntimeConfig, validate_value
from leavebot.db import Database
from leavebot.domain import WorkCalendar, dropped_days
from leavebot.errors import ConfigError
from leavebot.prompts import short_label
from leavebot.queries import Q
from tests.admin_support import serve_admin
from tests.harness import Stack, bot_stack
from tests.test_conversation import ASHA

pytestmark = pytest.mark.anyio
MAYA = "U0MAYA003"


def test_regions_are_checked_and_named() -> None:
    assert public_holidays.normalize_region("in-ka") == "IN-KA"
    assert public_holidays.region_name("IN-KA") == "India, Karnataka"
    assert public_holidays.region_name("US-CA") == "United States, California"
    assert public_holidays.region_name("GB-SCT") == "United Kingdom, Scotland"
    with pytest.raises(public_holidays.UnknownRegionError, match="no public holidays"):
        public_holidays.parse_region("ZZ")
    with pytest.raises(public_holidays.UnknownRegionError, match="no subdivision 'ZZ'"):
        public_holidays.parse_region("US-ZZ")
    with pytest.raises(public_holidays.UnknownRegionError, match="not a region"):
        public_holidays.parse_region("India")
    assert "IN" in public_holidays.countries()
    assert public_holidays.subdivision_names("IN")["KA"] == "Karnataka"


def test_a_regions_year_is_computed_once_and_kept() -> None:
    first = public_holidays.holidays_of("IN", 2027)
    assert public_holidays.holidays_of("IN", 2027) is first
    assert first[dt.date(2027, 1, 26)] == "Republic Day"
    us = public_holidays.holidays_of("US-CA", 2027)
    assert us[dt.date(2027, 7, 5)] == "Independence Day (observed)"
    assert dt.date(2027, 1, 26) not in us


def test_a_calendar_with_a_region_skips_its_holidays_and_names_them() -> None:
    calendar = WorkCalendar(region="IN", holidays=frozenset({dt.date(2027, 1, 27)}))
    republic = dt.date(2027, 1, 26)  # a Tuesday
    assert not calendar.is_working_day(republic)
    assert calendar.holiday_name(republic) == "Republic Day"
    assert calendar.holiday_name(dt.date(2027, 1, 27)) == "holiday"
    assert calendar.holiday_name(dt.date(2027, 1, 25)) is None
    assert calendar.working_days_between(dt.date(2027, 1, 25), dt.date(2027, 1, 28)) == [
        dt.date(2027, 1, 25),
        dt.date(2027, 1, 28),
    ]
    assert calendar.holidays_between(dt.date(2027, 1, 25), dt.date(2027, 1, 28)) == [
        (republic, "Republic Day"),
        (dt.date(2027, 1, 27), "holiday"),
    ]
    # What a reading leaves out names them so (the prompt's "Left out" lines).
    left_out = dropped_days([republic, dt.date(2027, 1, 27), dt.date(2027, 1, 30)], calendar)
    assert [(d.date, d.reason) for d in left_out] == [
        (republic, "holiday (Republic Day)"),
        (dt.date(2027, 1, 27), "holiday"),
        (dt.date(2027, 1, 30), "not a working day"),
    ]
    assert calendar.without_holidays().is_working_day(republic)


def test_a_persons_region_overrides_the_companys() -> None:
    config = RuntimeConfig(holiday_region="IN")
    assert person_region(config, None) == "IN"
    assert person_region(config, {"holiday_region": None}) == "IN"
    assert person_region(config, {"holiday_region": "US-CA"}) == "US-CA"
    assert author_calendar(config, {"holiday_region": "US-CA"}).region == "US-CA"
    assert author_calendar(config, None).region == "IN"
    assert author_calendar(RuntimeConfig(), None).region is None
    assert validate_value("holiday_region", "gb-sct") == "GB-SCT"
    with pytest.raises(ConfigError, match="holiday_region"):
        validate_value("holiday_region", "XX")


def first_date(
    start: dt.date, wanted: Callable[[dt.date], bool], *, within_days: int = 330
) -> dt.date:
    for n in range(within_days):
        day = start + dt.timedelta(days=n)
        if wanted(day):
            return day
    raise AssertionError("no such date within the year")


def holiday_of_only(region: str, other: str) -> Callable[[dt.date], bool]:
    """A Tuesday-Thursday holiday of ``region`` with working neighbours in both regions."""

    def wanted(day: dt.date) -> bool:
        ours = WorkCalendar(region=region)
        theirs = WorkCalendar(region=other)
        return (
            day.weekday() in (1, 2, 3)
            and not ours.is_working_day(day)
            and theirs.is_working_day(day)
            and all(
                c.is_working_day(day + dt.timedelta(days=k))
                for c in (ours, theirs)
                for k in (-1, 1)
            )
        )

    return wanted


def days_of(prompt: dict[str, object]) -> str:
    return json.dumps(prompt["blocks"], ensure_ascii=False)


async def ask(stack: Stack, user: str, text: str) -> dict[str, object]:
    ts = stack.sandbox.post_user_message(user, text)
    return await stack.prompt(ts)


def label(day: dt.date) -> str:
    return f"{day:%a} {day.day} {day:%b %Y}"


async def test_two_regions_in_one_company_and_a_region_change_keeps_bookings(
    db: Database,
) -> None:
    start = dt.date.today() + dt.timedelta(days=3)
    in_day = first_date(start, holiday_of_only("IN", "US-CA"))
    us_day = first_date(start, holiday_of_only("US-CA", "IN"))
    in_name = WorkCalendar(region="IN").holiday_name(in_day)
    us_name = WorkCalendar(region="US-CA").holiday_name(us_day)
    one = dt.timedelta(days=1)
    async with bot_stack(db) as stack:
        await db.execute(Q.config_put, "holiday_region", "IN", "test")
        await db.execute(Q.user_set_holiday_region, MAYA, "US-CA")
        stack.runtime.config.invalidate()

        asha = await ask(stack, ASHA, f"off {in_day - one} to {in_day + one}")
        shown = days_of(asha)
        assert label(in_day - one) in shown
        assert label(in_day + one) in shown
        assert f"• {label(in_day)} —" not in shown
        assert f"{short_label(in_day)}: holiday ({in_name})" in shown
        assert "Total: 2 days" in shown

        maya = await ask(stack, MAYA, f"off {in_day - one} to {in_day + one}")
        assert f"• {label(in_day)} —" in days_of(maya)
        assert "Total: 3 days" in days_of(maya)
        assert "holiday" not in days_of(maya)

        maya_us = await ask(stack, MAYA, f"off {us_day - one} to {us_day + one}")
        assert f"{short_label(us_day)}: holiday ({us_name})" in days_of(maya_us)
        assert "Total: 2 days" in days_of(maya_us)
        asha_us = await ask(stack, ASHA, f"off {us_day - one} to {us_day + one}")
        assert "Total: 3 days" in days_of(asha_us)

        # A single day that is a holiday: nothing to book, and the reply says which.
        ts = stack.sandbox.post_user_message(ASHA, f"off {in_day}")
        reply = await stack.wait(lambda: stack.bot_messages(ts))
        assert f"{short_label(in_day)}: holiday ({in_name})" in reply[0]["text"]

        # Maya books the range over India's holiday, then an admin moves her to India.
        stack.sandbox.click(MAYA, str(maya["ts"]), stack.button(maya, "leave_confirm"))
        await stack.wait(
            lambda: "Added to Google Calendar" in str(stack.sandbox.message(str(maya["ts"])))
        )
        maya_id = await db.fetchval("SELECT id FROM users WHERE slack_user_id = $1", MAYA)
        booked = (
            "SELECT day FROM leave_days WHERE user_id = $1 AND status <> 'cancelled' ORDER BY day"
        )
        before = [r["day"] for r in await db.fetch(booked, maya_id)]
        assert before == [in_day - one, in_day, in_day + one]
        events_before = len(stack.sandboxes.calendar.live_events())
        async with serve_admin(db) as api:
            answer = await api.call(
                "PATCH", f"/api/users/{maya_id}", json_body={"holiday_region": "in"}
            )
            assert answer.status == 200, answer.body
            assert answer.body["holiday_region"] == "IN"
            bad = await api.call(
                "PATCH", f"/api/users/{maya_id}", json_body={"holiday_region": "US-XX"}
            )
            assert bad.status == 422
            assert "no subdivision" in bad.body["error"]["message"]
        stack.runtime.config.invalidate()
        after = [r["day"] for r in await db.fetch(booked, maya_id)]
        assert after == before  # what was booked stays booked
        assert len(stack.sandboxes.calendar.live_events()) == events_before
        # Her next request reads with India's holidays.
        again = await ask(stack, MAYA, f"off {us_day - one} to {us_day + one}")
        assert "Total: 3 days" in days_of(again)
        # The prompt keeps naming the holidays once it is confirmed.
        stack.sandbox.click(ASHA, str(asha["ts"]), stack.button(asha, "leave_confirm"))
        await stack.wait(
            lambda: "Added to Google Calendar" in str(stack.sandbox.message(str(asha["ts"])))
        )
        assert f"{short_label(in_day)}: holiday ({in_name})" in days_of(
            stack.sandbox.message(str(asha["ts"])) or {"blocks": []}
        )


def test_the_llm_is_told_the_authors_holidays_and_its_context_keeps_the_region() -> None:
    from leavebot.parsing.llm import build_system_prompt, read_context

    calendar = WorkCalendar(region="IN")
    now = dt.datetime(2027, 1, 20, 10, tzinfo=dt.UTC)
    prompt = build_system_prompt(now, calendar)
    assert "2027-01-26 (Republic Day)" in prompt
    context = read_context(prompt)
    assert context is not None
    assert context[1].region == "IN"
    assert not context[1].is_working_day(dt.date(2027, 1, 26))
