"""Calendar grouping and event shapes: unit tests and hypothesis properties (pure logic)."""

from __future__ import annotations

import datetime as dt
import itertools
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from leavebot.calendar_sync import (
    Author,
    EventGroup,
    SyncDay,
    event_body,
    event_id,
    generation_of,
    group_days,
    same_event,
)
from leavebot.config import HalfDay, RuntimeConfig
from leavebot.domain import WEEKDAY_NAMES, WorkCalendar

MON = dt.date(2030, 3, 4)
CAL = WorkCalendar()
BASE32HEX = re.compile(r"^[a-v0-9]{5,1024}$")


def d(offset: int) -> dt.date:
    return MON + dt.timedelta(days=offset)


def days(*items: tuple[int, str], category: str = "vacation") -> list[SyncDay]:
    return [
        SyncDay(id=100 + n, day=d(offset), portion=portion, category=category)  # type: ignore[arg-type]
        for n, (offset, portion) in enumerate(items)
    ]


def spans(groups: list[EventGroup]) -> list[tuple[str, dt.date, dt.date]]:
    return [(g.kind, g.first, g.end_exclusive) for g in groups]


def test_mon_weekday_anchor() -> None:
    assert MON.weekday() == 0


def test_friday_and_monday_are_one_event_over_the_weekend() -> None:
    groups = group_days(days((4, "full"), (7, "full")), CAL)
    assert spans(groups) == [("all_day", d(4), d(8))]
    assert groups[0].day_ids == (100, 101)


def test_monday_and_wednesday_are_two_events() -> None:
    groups = group_days(days((0, "full"), (2, "full")), CAL)
    assert spans(groups) == [("all_day", d(0), d(1)), ("all_day", d(2), d(3))]


def test_a_run_of_a_week_is_one_event_with_exclusive_end() -> None:
    groups = group_days(days(*((i, "full") for i in range(5))), CAL)
    assert spans(groups) == [("all_day", d(0), d(5))]
    assert groups[0].end_exclusive == d(4) + dt.timedelta(days=1)


def test_a_holiday_inside_a_run_does_not_split_it() -> None:
    calendar = WorkCalendar(holidays=frozenset({d(1)}))
    groups = group_days(days((0, "full"), (2, "full")), calendar)
    assert spans(groups) == [("all_day", d(0), d(3))]


def test_half_days_never_merge() -> None:
    groups = group_days(days((0, "am"), (0, "pm"), (1, "am"), (2, "pm")), CAL)
    assert [(g.kind, g.first) for g in groups] == [
        ("am", d(0)),
        ("pm", d(0)),
        ("am", d(1)),
        ("pm", d(2)),
    ]
    assert all(len(g.days) == 1 for g in groups)


def test_a_half_day_between_full_days_breaks_the_run() -> None:
    groups = group_days(days((0, "full"), (1, "am"), (2, "full")), CAL)
    assert spans(groups) == [
        ("all_day", d(0), d(1)),
        ("am", d(1), d(2)),
        ("all_day", d(2), d(3)),
    ]


def test_generation_is_the_highest_of_the_days_unless_given() -> None:
    items = [
        SyncDay(id=7, day=d(0), portion="full", category="sick", generation=0),
        SyncDay(id=8, day=d(1), portion="full", category="sick", generation=2),
    ]
    assert group_days(items, CAL)[0].event_id == "leave7g2"
    assert group_days(items, CAL, generation=5)[0].event_id == "leave7g5"


def test_event_ids_are_base32hex_and_carry_their_generation() -> None:
    for first, generation in [(1, 0), (123456789, 17), (2**62, 3)]:
        value = event_id(first, generation)
        assert BASE32HEX.match(value)
        assert generation_of(value) == generation
    assert generation_of("someoneelses") is None
    with pytest.raises(ValueError, match="negative"):
        event_id(-1, 0)


def test_labels_name_the_days() -> None:
    groups = group_days(days((3, "full"), (4, "full"), (7, "am")), CAL)
    assert [g.label for g in groups] == ["Thu 7 Mar - Fri 8 Mar", "Mon 11 Mar (AM)"]


def test_all_day_body() -> None:
    group = group_days(days((4, "full"), (7, "full"), category="sick"), CAL)[0]
    body = event_body(group, Author("Asha Rao", "Asia/Kolkata"), RuntimeConfig())
    assert body == {
        "id": "leave100g0",
        "summary": "Leave - Asha Rao",
        "description": "Sick leave. Booked by leavebot.",
        "transparency": "transparent",
        "start": {"date": "2030-03-08"},
        "end": {"date": "2030-03-12"},
        "extendedProperties": {"private": {"leavebot_days": "100,101"}},
    }
    assert "attendees" not in body


def test_half_day_bodies_use_the_author_zone_and_configured_hours() -> None:
    config = RuntimeConfig(half_day_pm=HalfDay(start="14:00", end="18:30"))
    am, pm = group_days(days((1, "am"), (2, "pm")), CAL)
    author = Author("Ravi", "America/New_York")
    am_body = event_body(am, author, config)
    assert am_body["summary"] == "Leave - Ravi (AM)"
    assert am_body["description"] == "Vacation. Booked by leavebot."
    assert am_body["start"] == {"dateTime": "2030-03-05T11:00:00", "timeZone": "America/New_York"}
    assert am_body["end"] == {"dateTime": "2030-03-05T15:00:00", "timeZone": "America/New_York"}
    pm_body = event_body(pm, author, config)
    assert pm_body["summary"] == "Leave - Ravi (PM)"
    assert pm_body["start"]["dateTime"] == "2030-03-06T14:00:00"
    assert pm_body["end"]["dateTime"] == "2030-03-06T18:30:00"


def test_same_event_compares_instants_and_marker() -> None:
    (group,) = group_days(days((1, "am")), CAL)
    body = event_body(group, Author("Ravi", "Asia/Kolkata"), RuntimeConfig())
    shown = {
        **body,
        "start": {"dateTime": "2030-03-05T11:00:00+05:30", "timeZone": "Asia/Kolkata"},
        "end": {"dateTime": "2030-03-05T15:00:00+05:30", "timeZone": "Asia/Kolkata"},
    }
    assert same_event(shown, body)
    assert not same_event({**shown, "summary": "Leave - Ravi (PM)"}, body)
    assert not same_event({**shown, "extendedProperties": {}}, body)
    later = {**shown, "end": {"dateTime": "2030-03-05T16:00:00+05:30", "timeZone": "Asia/Kolkata"}}
    assert not same_event(later, body)


# -- properties ----------------------------------------------------------------------------

day_sets = st.dictionaries(
    st.integers(min_value=0, max_value=41),
    st.sampled_from(["full", "full", "am", "pm", "both"]),
    max_size=25,
)
calendars = st.builds(
    lambda working, holidays: WorkCalendar(
        working_days=tuple(working), holidays=frozenset(d(h) for h in holidays)
    ),
    st.sets(st.sampled_from(WEEKDAY_NAMES), min_size=1),
    st.sets(st.integers(min_value=0, max_value=41), max_size=6),
)


def as_days(chosen: dict[int, str]) -> list[SyncDay]:
    out: list[SyncDay] = []
    for offset, portion in sorted(chosen.items()):
        for part in ("am", "pm") if portion == "both" else (portion,):
            out.append(SyncDay(id=len(out) + 1, day=d(offset), portion=part, category="vacation"))  # type: ignore[arg-type]
    return out


@settings(max_examples=300, deadline=None)
@given(day_sets, calendars)
def test_grouping_properties(chosen: dict[int, str], calendar: WorkCalendar) -> None:
    items = as_days(chosen)
    groups = group_days(items, calendar)
    # every day is in exactly one event
    covered = [day_id for g in groups for day_id in g.day_ids]
    assert sorted(covered) == sorted(i.id for i in items)
    full_dates = {i.day for i in items if i.portion == "full"}
    ids = [g.event_id for g in groups]
    assert len(set(ids)) == len(ids)
    assert all(BASE32HEX.match(i) for i in ids)
    for group in groups:
        assert group.end_exclusive == group.last + dt.timedelta(days=1)
        if group.kind != "all_day":
            # half days never merge, and are never inside an all-day event
            assert len(group.days) == 1
            assert group.days[0].portion == group.kind
            continue
        assert all(day.portion == "full" for day in group.days)
        # no event covers a working day that is not taken in full
        day = group.first
        while day <= group.last:
            assert day in full_dates or not calendar.is_working_day(day)
            day += dt.timedelta(days=1)
    # runs are as long as they can be: two all-day events in a row have a working
    # day between them that is not taken in full
    runs = [g for g in groups if g.kind == "all_day"]
    for left, right in itertools.pairwise(runs):
        gap = [left.last + dt.timedelta(days=n) for n in range(1, (right.first - left.last).days)]
        assert any(calendar.is_working_day(g) for g in gap)
