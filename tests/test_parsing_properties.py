"""Properties of the rules parser that hold for any input, checked with Hypothesis."""

from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from leavebot.domain import WEEKDAY_NAMES, WorkCalendar, check_limits
from leavebot.parsing.markup import slack_to_text
from leavebot.parsing.outcome import Parsed
from leavebot.parsing.rules import parse_rules

BOUNDED = settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])

MONTH_NAMES = [dt.date(2026, m, 1).strftime("%B") for m in range(1, 13)]
VOCAB = [
    "leave", "off", "ooo", "PTO", "sick", "half day", "HD", "first half", "second half",
    "morning", "afternoon", "cancel", "not", "anymore", "today", "tomorrow", "tmrw",
    "yesterday", "day after tomorrow", "next", "this", "coming", "week", "weekend", "rest of the",
    "Monday", "tue", "Wed", "thurs", "Friday", "sat", "sunday", "from", "to", "till", "-", "–",
    "between", "and", ",", "for", "days", "3", "2", "the", "5th", "28th", "2nd", "of", "March",
    "Dec", "Jan", "31", "5/3", "12/31", "2026-03-05", "2027-02-30", "in", "weeks", "?",
    "Ravi is", "I'm", "WFH", "<@U1>", "*", "_", "~", "&amp;", "🤒", "\n", "was", "last",
    "first", "Tuesday of", "next month", "2026", "onwards", "until", "instead",
]  # fmt: skip

moments = st.datetimes(min_value=dt.datetime(2020, 1, 1), max_value=dt.datetime(2035, 12, 31)).map(
    lambda d: d.replace(tzinfo=dt.UTC)
)

calendars = st.builds(
    lambda tz, days, order, holidays: WorkCalendar.from_config(
        {"timezone": tz, "working_days": days, "date_order": order, "holidays": holidays}
    ),
    st.sampled_from(["Asia/Kolkata", "UTC", "America/New_York", "Pacific/Kiritimati"]),
    st.lists(st.sampled_from(WEEKDAY_NAMES), min_size=1, max_size=7, unique=True),
    st.sampled_from(["DMY", "MDY"]),
    st.lists(st.dates(dt.date(2020, 1, 1), dt.date(2036, 12, 31)), max_size=5),
)
any_text = st.text(alphabet=st.characters(codec=None, exclude_categories=()), max_size=300)
dateish_text = st.lists(st.sampled_from(VOCAB), max_size=14).map(" ".join)


def _check_shape(parsed: Parsed, now: dt.datetime, calendar: WorkCalendar) -> None:
    assert isinstance(parsed, Parsed)
    assert parsed.source == "rules"
    assert not any(r.startswith("internal_error") for r in parsed.reasons), parsed.reasons
    request = parsed.request
    dates = [d.date for d in request.days]
    assert dates == sorted(set(dates))
    for day in dates:
        assert calendar.is_working_day(day), day
    if request.intent == "none":
        assert request.days == ()
        assert request.category is None
    if parsed.sure:
        assert check_limits(request.days, calendar.local_date(now)) is None


@BOUNDED
@given(text=any_text, now=moments)
def test_any_unicode_text_never_crashes(text: str, now: dt.datetime) -> None:
    _check_shape(parse_rules(text, now, WorkCalendar()), now, WorkCalendar())


@BOUNDED
@given(text=dateish_text, now=moments, calendar=calendars)
def test_dateish_text_gives_working_days_sorted_unique_within_limits(
    text: str, now: dt.datetime, calendar: WorkCalendar
) -> None:
    _check_shape(parse_rules(text, now, calendar), now, calendar)


@BOUNDED
@given(text=dateish_text, now=moments, calendar=calendars)
def test_same_text_and_moment_give_the_same_answer(
    text: str, now: dt.datetime, calendar: WorkCalendar
) -> None:
    assert parse_rules(text, now, calendar) == parse_rules(text, now, calendar)


@BOUNDED
@given(text=any_text)
def test_slack_to_text_never_crashes(text: str) -> None:
    assert isinstance(slack_to_text(text), str)
    assert isinstance(slack_to_text(text, keep_struck=False), str)


def _written(day: dt.date, style: int) -> str:
    if style == 0:
        return day.isoformat()
    if style == 1:
        return f"{day.day} {MONTH_NAMES[day.month - 1]} {day.year}"
    if style == 2:
        return f"{MONTH_NAMES[day.month - 1][:3]} {day.day}, {day.year}"
    return f"{day.day:02d}/{day.month:02d}/{day.year}"


@BOUNDED
@given(
    now=moments,
    offset=st.integers(-25, 300),
    length=st.integers(0, 40),
    styles=st.tuples(st.integers(0, 3), st.integers(0, 3)),
    calendar=calendars,
    joiner=st.sampled_from(["from {} to {}", "{} - {}", "{} till {}", "between {} and {}"]),
)
def test_written_range_days_lie_inside_the_range(
    now: dt.datetime,
    offset: int,
    length: int,
    styles: tuple[int, int],
    calendar: WorkCalendar,
    joiner: str,
) -> None:
    if calendar.date_order == "MDY" and 3 in styles:
        calendar = WorkCalendar.from_config({"date_order": "DMY"}, base=calendar)
    today = calendar.local_date(now)
    first = today + dt.timedelta(days=offset)
    last = first + dt.timedelta(days=length)
    text = "on leave " + joiner.format(_written(first, styles[0]), _written(last, styles[1]))
    parsed = parse_rules(text, now, calendar)
    _check_shape(parsed, now, calendar)
    assert parsed.request.intent == "leave"
    days = [d.date for d in parsed.request.days]
    assert all(first <= d <= last for d in days)
    assert days == calendar.working_days_between(first, last)


@BOUNDED
@given(now=moments, count=st.integers(1, 20), calendar=calendars)
def test_counts_give_that_many_working_days(
    now: dt.datetime, count: int, calendar: WorkCalendar
) -> None:
    parsed = parse_rules(f"on leave for the next {count} days", now, calendar)
    _check_shape(parsed, now, calendar)
    days = [d.date for d in parsed.request.days]
    tomorrow = calendar.local_date(now) + dt.timedelta(days=1)
    assert days == calendar.next_working_days(tomorrow, count)
    assert len(days) <= count
