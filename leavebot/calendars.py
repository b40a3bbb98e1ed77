"""A person's working calendar: the one place it is built, for every reader of dates.

The working calendar of a request is its author's: the company's working days,
date order and the holidays admins add by hand, with the public holidays of the
author's region (``users.holiday_region``, set by an admin) or, when they have
none, the company's (runtime config ``holiday_region``). The parser, the
prompt's holiday notes and the Home tab read dates through it; the company's
own calendar (the digest's working mornings, "today" of the admin reports) is
``author_calendar(config, None)``.

The time zone is the company's here; the author's own zone is the
conversation work's (issue 15), which completes this same function.
Calendars are kept per (config, region): a person's costs a dictionary read
once built.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from leavebot.domain import WorkCalendar

if TYPE_CHECKING:
    from leavebot.config import RuntimeConfig


def person_region(config: RuntimeConfig, person: Mapping[str, Any] | None) -> str | None:
    """The region whose public holidays a person keeps: their own, else the company's."""
    own = person.get("holiday_region") if person is not None else None
    return str(own) if own else config.holiday_region


@functools.lru_cache(maxsize=256)
def _calendar(config: RuntimeConfig, region: str | None) -> WorkCalendar:
    return config.calendar().model_copy(update={"region": region})


def author_calendar(config: RuntimeConfig, person: Mapping[str, Any] | None) -> WorkCalendar:
    """The working calendar of ``person`` (a ``users`` row; None: the company's)."""
    return _calendar(config, person_region(config, person))


def holidays_skipped(calendar: WorkCalendar, asked: Iterable[dt.date]) -> list[tuple[dt.date, str]]:
    """The holidays on working weekdays from the first to the last of the dates ``asked``:
    the days a range of them skipped because they are holidays, with their names."""
    dates = list(asked)
    if not dates:
        return []
    weekdays = calendar.working_weekdays
    return [
        (day, name)
        for day, name in calendar.holidays_between(min(dates), max(dates))
        if day.weekday() in weekdays
    ]
