"""A person's calendar: the one place that decides their zone, working days and holidays.

Every date of a request is the author's: "tomorrow" is tomorrow where they are.
``author_calendar`` builds the calendar of one person (a ``users`` row, or
None for nobody known) from the runtime config, and everything that turns a
moment into a date or a date into times uses it: the parser (dates and the
-31/+366 day limits), the prompt (its "confirm by" time and the days left
out), the calendar syncer (run grouping and half-day event times), Harvest's
``spent_date`` (the day as the person's calendar dates it), the expirer's
note and the admin views.

The zone, first found wins:

1. ``slack_timezone``: the zone Slack's ``users.info`` gives (``tz``), kept on
   the person's row by the parser whenever a message of theirs arrives (the
   Slack client caches the lookup for an hour), so it stays known while Slack
   cannot be asked;
2. ``timezone``: the zone an admin set for the person (the admin API);
3. the company zone (runtime config ``timezone``).

Working days, the date order and the holidays admins add by hand are the
company's (runtime config); the public holidays are those of the person's
region (``users.holiday_region``, set by an admin) or, when they have none,
the company's (runtime config ``holiday_region``), so that a range skips the
author's holidays and the prompt names them. The company's own calendar (the
digest's working mornings, "today" of the admin reports) is
``author_calendar(config, None)``. Calendars are kept per (config, zone,
region): a person's costs a dictionary read once built.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from typing import Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import asyncpg

from leavebot.config import RuntimeConfig
from leavebot.domain import WorkCalendar

Person = Mapping[str, Any] | asyncpg.Record
"""A ``users`` row (or a mapping with its ``timezone``, ``slack_timezone`` and
``holiday_region``)."""


ZoneSource = Literal["slack", "admin", "company"]


def zone_and_source(config: RuntimeConfig, person: Person | None) -> tuple[str, ZoneSource]:
    """The IANA zone of ``person`` and where it comes from (Slack, an admin, the company)."""
    if person is not None:
        for key, source in (("slack_timezone", "slack"), ("timezone", "admin")):
            zone = person.get(key)
            if isinstance(zone, str) and _known(zone):
                return zone, source  # type: ignore[return-value]
    return config.timezone, "company"


def author_zone(config: RuntimeConfig, person: Person | None) -> str:
    """The IANA zone of ``person``: their Slack zone, else an admin's, else the company's."""
    return zone_and_source(config, person)[0]


def person_region(config: RuntimeConfig, person: Person | None) -> str | None:
    """The region whose public holidays a person keeps: their own, else the company's."""
    own = person.get("holiday_region") if person is not None else None
    return str(own) if own else config.holiday_region


def author_calendar(config: RuntimeConfig, person: Person | None) -> WorkCalendar:
    """The work calendar of ``person`` (a ``users`` row; None: the company's)."""
    return _calendar(config, author_zone(config, person), person_region(config, person))


@functools.lru_cache(maxsize=256)
def _calendar(config: RuntimeConfig, zone: str, region: str | None) -> WorkCalendar:
    company = config.calendar()
    if zone == company.timezone and region == company.region:
        return company
    return company.model_copy(update={"timezone": zone, "region": region})


def _known(zone: str) -> bool:
    try:
        ZoneInfo(zone)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True
