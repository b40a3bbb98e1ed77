"""Replies read against the leave they refine, the difference from booked days, the days
left out: pure functions, offline."""

from __future__ import annotations

import datetime as dt

import pytest

from leavebot import changes, prompts
from leavebot.changes import BookedDay, ChangeItem
from leavebot.domain import LeaveDay, WorkCalendar
from leavebot.parsing.refine import read_refinement, speaks_of_a_change
from leavebot.parsing.rules import parse_rules

CAL = WorkCalendar(timezone="America/Los_Angeles")
NOW = dt.datetime(2026, 12, 3, 15, 0, tzinfo=CAL.zone)  # Thursday afternoon


def d(day: int, portion: str = "full", month: int = 12) -> LeaveDay:
    return LeaveDay(date=dt.date(2026, month, day), portion=portion)  # type: ignore[arg-type]


def shown(days: tuple[LeaveDay, ...]) -> list[tuple[int, str]]:
    return [(x.date.day, x.portion) for x in days]


@pytest.mark.parametrize(
    ("reply", "current", "how", "wanted"),
    [
        ("make it a half day, afternoon", (d(4),), "portion", [(4, "pm")]),
        ("just the morning", (d(4),), "portion", [(4, "am")]),
        ("afternoon only", (d(4), d(9)), None, None),  # asks which day
        ("afternoon only", (d(4), d(9, "pm")), "portion", [(4, "pm"), (9, "pm")]),
        ("full day", (d(4), d(9, "pm")), "portion", [(4, "full"), (9, "full")]),
        ("make them both half days", (d(4), d(9, "pm")), "portion", [(4, "am"), (9, "am")]),
        (
            "make it a half day",
            (d(4), d(8, "am"), d(9, "pm")),
            "portion",
            [(4, "am"), (8, "am"), (9, "pm")],
        ),
        ("Wed 9 Dec morning", (d(4), d(9, "pm")), "portion", [(4, "full"), (9, "am")]),
        ("full day", (d(4, "am"),), "portion", [(4, "full")]),
        ("also Monday", (d(4),), "add", [(4, "full"), (7, "full")]),
        ("and Friday too", (d(3),), "add", [(3, "full"), (4, "full")]),
        ("plus half day Tuesday", (d(4),), "add", [(4, "full"), (8, "am")]),
        ("actually Tuesday instead", (d(4),), "replace", [(8, "full")]),
        ("no, Tuesday", (d(4, "am"),), "replace", [(8, "am")]),  # a half day stays a half
        ("not Friday, Monday", (d(4), d(8)), "replace", [(7, "full"), (8, "full")]),
        ("Monday instead of Friday", (d(4), d(8)), "replace", [(7, "full"), (8, "full")]),
        ("move Friday to Monday", (d(4, "pm"),), "replace", [(7, "pm")]),
        ("not Friday", (d(4), d(7)), "remove", [(7, "full")]),
        ("drop Monday", (d(4), d(7)), "remove", [(4, "full")]),
        ("cancel it", (d(4),), "cancel", []),
        ("Friday", (d(3),), "bare", [(4, "full")]),
        ("also Saturday", (d(4),), "add", [(4, "full")]),  # Saturday left out, said why
    ],
)
def test_replies_read_against_the_leave(
    reply: str,
    current: tuple[LeaveDay, ...],
    how: str | None,
    wanted: list[tuple[int, str]] | None,
) -> None:
    refined = read_refinement(reply, NOW, CAL, current, "vacation")
    assert refined is not None
    if how is None:
        assert refined.kind == "ask_which"
        assert refined.portion == "pm"
        assert refined.days == current
        return
    assert (refined.kind, refined.how) == ("wanted", how)
    assert shown(refined.days) == wanted


@pytest.mark.parametrize(
    "reply",
    [
        "thanks!",
        "ok",
        "is it a half day?",
        "sick leave tomorrow",
        "Thursday",
        "get well soon",
        "thanks, see you Monday",
    ],
)
def test_what_is_not_a_sure_refinement(reply: str) -> None:
    # "Thursday" is the day the leave already holds: only the answer to "which day?".
    assert read_refinement(reply, NOW, CAL, (d(3),), "vacation") is None


def test_the_answer_to_which_day_takes_the_part_asked_about() -> None:
    refined = read_refinement("Wednesday", NOW, CAL, (d(4), d(9)), "vacation", asked_portion="pm")
    assert refined is not None
    assert shown(refined.days) == [(4, "full"), (9, "pm")]


def test_a_reply_speaking_of_illness_makes_it_sick_leave() -> None:
    refined = read_refinement("and Monday too, fever", NOW, CAL, (d(4),), "vacation")
    assert refined is not None
    assert refined.category == "sick"


def test_what_speaks_of_a_change() -> None:
    assert speaks_of_a_change("can we push that back a bit", NOW, CAL)
    assert speaks_of_a_change("next week would be better", NOW, CAL)
    assert not speaks_of_a_change("thanks, see you Monday", NOW, CAL)
    assert not speaks_of_a_change("get well soon!", NOW, CAL)


def booked(*days: tuple[int, int, str]) -> list[BookedDay]:
    return [BookedDay(i, dt.date(2026, 12, day), p, "vacation") for i, day, p in days]  # type: ignore[arg-type]


def test_the_difference_is_the_smallest_in_half_days() -> None:
    have = booked((1, 4, "full"), (2, 7, "am"), (3, 8, "full"))
    want = (d(4, "am"), d(7), d(9))
    items = changes.diff(have, want)
    assert items == [
        ChangeItem("remove", dt.date(2026, 12, 4), "full", 1),
        ChangeItem("remove", dt.date(2026, 12, 8), "full", 3),
        ChangeItem("add", dt.date(2026, 12, 4), "am"),
        ChangeItem("add", dt.date(2026, 12, 7), "pm"),
        ChangeItem("add", dt.date(2026, 12, 9), "full"),
    ]
    assert changes.apply(have, items) == want
    assert changes.diff(have, changes.merged(have)) == []
    assert [ChangeItem.from_json(i.as_json()) for i in items] == items


def test_am_and_pm_booked_apart_read_as_a_full_day() -> None:
    have = booked((1, 4, "am"), (2, 4, "pm"))
    assert changes.merged(have) == (d(4),)
    assert changes.diff(have, (d(4),)) == []
    assert changes.diff(have, (d(4, "am"),)) == [
        ChangeItem("remove", dt.date(2026, 12, 4), "pm", 2)
    ]


def test_the_leave_wanted_as_it_stands() -> None:
    have = booked((1, 4, "full"))
    assert changes.current_wanted(None, []) is None
    assert changes.current_wanted(None, have) == (d(4),)
    pending_leave = {"intent": "leave", "days": [{"date": "2026-12-07", "portion": "pm"}]}
    assert changes.current_wanted(pending_leave, []) == (d(7, "pm"),)
    pending_change = {
        "intent": "change",
        "days": [{"op": "add", "date": "2026-12-08", "portion": "full"}],
    }
    assert changes.current_wanted(pending_change, have) == (d(4), d(8))


def test_named_days_left_out_and_why() -> None:
    calendar = WorkCalendar.from_config(
        {"holidays": [{"date": "2026-12-25", "name": "Christmas"}, "2026-12-31"]}
    )
    now = dt.datetime(2026, 12, 3, 10, tzinfo=calendar.zone)
    parsed = parse_rules("off Sat 5 Dec, 25 Dec and 28 Dec", now, calendar)
    assert [x.date.day for x in parsed.request.days] == [28]
    assert [(x.date.day, x.reason) for x in parsed.dropped] == [
        (5, "not a working day"),
        (25, "holiday (Christmas)"),
    ]
    # A range drops its weekends quietly but names its holidays.
    ranged = parse_rules("off 21 Dec to 1 Jan", now, calendar)
    assert [(x.date.day, x.reason) for x in ranged.dropped] == [
        (25, "holiday (Christmas)"),
        (31, "holiday"),
    ]
    text, blocks = prompts.request_prompt(1, "U1", parsed.request, dropped=parsed.dropped)
    left_out = str(blocks)
    assert "Sat 5 Dec: not a working day" in left_out
    assert "Fri 25 Dec: holiday (Christmas)" in left_out
    weekend = parse_rules("off this weekend", now, calendar)
    assert weekend.request.days == ()
    text, _ = prompts.non_working("e1", weekend.dropped)
    assert "Sat 5 Dec: not a working day" in text
    assert "Sun 6 Dec: not a working day" in text
