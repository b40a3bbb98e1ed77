"""The leave domain: what a parsed request is, and the calendar rules that shape it.

``LeaveRequest`` is the one shape every parser produces (``docs/parsing.md``)
and that the tracker, the syncers and the admin API use later. ``WorkCalendar``
holds everything that decides which dates count (time zone, working days,
holidays and their names, numeric date order); ``normalize_days`` and
``limit_breach`` are the validation every parser's answer goes through,
whichever parser answered, and ``DroppedDay`` is a named date that validation
left out, with why (the prompt lists them). A calendar's holidays are the
ones admins add by hand and, with a ``region``, that region's public holidays
(``leavebot.public_holidays``). Which calendar is a person's is decided in one
place, ``leavebot.calendars.author_calendar``.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable, Mapping
from typing import Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from leavebot import public_holidays
from leavebot.types import Category, Intent, Portion

WEEKDAY_NAMES: tuple[str, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
DateOrder = Literal["DMY", "MDY"]

MAX_WORKING_DAYS = 31
MAX_DAYS_BACK = 31
MAX_DAYS_AHEAD = 366


class LeaveDay(BaseModel):
    """One working day of a request and the part of it that is taken."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    date: dt.date
    portion: Portion = "full"


class LeaveRequest(BaseModel):
    """What a message asks for: the contract's output (``docs/parsing.md``)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    intent: Intent
    category: Category | None = None
    days: tuple[LeaveDay, ...] = ()

    @model_validator(mode="after")
    def _consistent(self) -> LeaveRequest:
        if self.intent == "leave" and self.category is None:
            raise ValueError("a leave request needs a category")
        if self.intent != "leave" and self.category is not None:
            raise ValueError("only a leave request has a category")
        if self.intent == "none" and self.days:
            raise ValueError("a request that is not a leave has no days")
        dates = [d.date for d in self.days]
        if dates != sorted(set(dates)):
            raise ValueError("days must be ascending with no date twice")
        return self

    @classmethod
    def none(cls) -> LeaveRequest:
        return cls(intent="none")

    def contract_json(self) -> dict[str, Any]:
        """The exact JSON object of the contract (dates as ISO strings)."""
        return {
            "intent": self.intent,
            "category": self.category,
            "days": [{"date": d.date.isoformat(), "portion": d.portion} for d in self.days],
        }

    @property
    def total_days(self) -> float:
        return sum(1.0 if d.portion == "full" else 0.5 for d in self.days)


class DroppedDay(BaseModel):
    """A date a message named that holds no working day, and why (for the prompt)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    date: dt.date
    reason: str = Field(description='"not a working day", "holiday" or "holiday (Christmas)"')


@functools.lru_cache(maxsize=256)
def _zone(name: str) -> ZoneInfo:
    """One ``ZoneInfo`` per zone name (a calendar's zone is asked for on every message)."""
    return ZoneInfo(name)


class WorkCalendar(BaseModel):
    """Everything that decides how dates resolve and which ones count.

    Built from runtime config (or a corpus line's ``config``); the defaults are
    the contract's: Asia/Kolkata, Monday to Friday, no holidays, day first.
    ``holidays`` are the dates admins add by hand, ``holiday_names`` names some
    of them (for the prompt's "holiday (Christmas)"; one without a name is just
    "holiday"); ``region`` (``IN-KA``, say) adds that region's public holidays,
    computed per year by the ``holidays`` package. A person's calendar is built
    by ``leavebot.calendars``.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    timezone: str = "Asia/Kolkata"
    working_days: tuple[str, ...] = ("mon", "tue", "wed", "thu", "fri")
    holidays: frozenset[dt.date] = Field(default_factory=frozenset)
    date_order: DateOrder = "DMY"
    holiday_names: dict[dt.date, str] = Field(default_factory=dict)
    region: str | None = None

    @field_validator("holidays", mode="before")
    @classmethod
    def _holiday_dates(cls, value: Any) -> Any:
        """Dates, or ``{"date", "name"}`` objects whose names go to ``holiday_names``."""
        if isinstance(value, (list, tuple, set, frozenset)):
            return frozenset(
                item["date"] if isinstance(item, Mapping) and "date" in item else item
                for item in value
            )
        return value

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown time zone {value!r}") from exc
        return value

    @field_validator("region")
    @classmethod
    def _known_region(cls, value: str | None) -> str | None:
        return None if value is None else public_holidays.normalize_region(value)

    @field_validator("working_days", mode="before")
    @classmethod
    def _weekday_names(cls, value: Iterable[str]) -> tuple[str, ...]:
        names = tuple(str(v).strip().lower()[:3] for v in value)
        for name in names:
            if name not in WEEKDAY_NAMES:
                raise ValueError(f"unknown weekday {name!r}; use mon..sun")
        if not names:
            raise ValueError("at least one working day is needed")
        return tuple(sorted(set(names), key=WEEKDAY_NAMES.index))

    @classmethod
    def from_config(
        cls, config: Mapping[str, Any] | None, base: WorkCalendar | None = None
    ) -> WorkCalendar:
        """``base`` (or the defaults) overridden by the keys ``config`` gives."""
        start = (base or cls()).model_dump()
        for key in (
            "timezone",
            "working_days",
            "holidays",
            "date_order",
            "holiday_names",
            "region",
        ):
            if config and key in config:
                start[key] = config[key]
        if config and "holidays" in config and "holiday_names" not in config:
            start["holiday_names"] = holiday_names_of(config["holidays"])
        return cls.model_validate(start)

    @property
    def zone(self) -> ZoneInfo:
        return _zone(self.timezone)

    @functools.cached_property
    def working_weekdays(self) -> frozenset[int]:
        return frozenset(WEEKDAY_NAMES.index(n) for n in self.working_days)

    def local_date(self, moment: dt.datetime) -> dt.date:
        """The company-local date of an aware moment (naive means UTC)."""
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=dt.UTC)
        return moment.astimezone(self.zone).date()

    def is_working_day(self, day: dt.date) -> bool:
        return (
            day.weekday() in self.working_weekdays
            and day not in self.holidays
            and (
                self.region is None or day not in public_holidays.holidays_of(self.region, day.year)
            )
        )

    def holiday_name(self, day: dt.date) -> str | None:
        """Why ``day`` is a holiday here: its public holiday's name, ``"holiday"`` for one
        added by hand; None when it is none (a weekend is not a holiday)."""
        name = public_holidays.holiday_name(self.region, day)
        if name is not None:
            return name
        if day in self.holidays:
            return self.holiday_names.get(day) or "holiday"
        return None

    def holidays_between(self, first: dt.date, last: dt.date) -> list[tuple[dt.date, str]]:
        """Every holiday from ``first`` to ``last`` (both included) with its name, by date."""
        found = dict(
            public_holidays.holidays_between(self.region, first, last) if self.region else ()
        )
        for day in self.holidays:
            if first <= day <= last:
                found.setdefault(day, self.holiday_names.get(day) or "holiday")
        return sorted(found.items())

    def without_holidays(self) -> WorkCalendar:
        """This calendar with no holiday at all (weekdays, zone and date order kept)."""
        return self.model_copy(
            update={"holidays": frozenset(), "holiday_names": {}, "region": None}
        )

    def why_not_working(self, day: dt.date) -> str | None:
        """Why ``day`` holds no working day ("holiday (Christmas)"), None when it does."""
        name = self.holiday_name(day)
        if name is not None:
            return "holiday" if name == "holiday" else f"holiday ({name})"
        if day.weekday() not in self.working_weekdays:
            return "not a working day"
        return None

    def working_days_between(self, first: dt.date, last: dt.date) -> list[dt.date]:
        """Working days from ``first`` to ``last``, both included."""
        out: list[dt.date] = []
        day = first
        while day <= last:
            if self.is_working_day(day):
                out.append(day)
            day += dt.timedelta(days=1)
        return out

    def next_working_days(self, start: dt.date, count: int) -> list[dt.date]:
        """``count`` working days starting at ``start`` (inclusive)."""
        out: list[dt.date] = []
        day = start
        # A calendar with one working day a week still finds `count` within count*7+7 days.
        limit = start + dt.timedelta(days=count * 7 + 7)
        while len(out) < count and day <= limit:
            if self.is_working_day(day):
                out.append(day)
            day += dt.timedelta(days=1)
        return out


def holiday_names_of(items: Iterable[Any]) -> dict[dt.date, str]:
    """The names of the ``{"date", "name"}`` items of a holidays list (plain dates have none)."""
    names: dict[dt.date, str] = {}
    for item in items:
        if isinstance(item, Mapping) and item.get("name"):
            day = item["date"]
            names[day if isinstance(day, dt.date) else dt.date.fromisoformat(str(day))] = str(
                item["name"]
            )
    return names


def dropped_days(dates: Iterable[dt.date], calendar: WorkCalendar) -> tuple[DroppedDay, ...]:
    """The non-working dates among ``dates``, each once, ascending, with why."""
    out = []
    for day in sorted(set(dates)):
        reason = calendar.why_not_working(day)
        if reason is not None:
            out.append(DroppedDay(date=day, reason=reason))
    return tuple(out)


def normalize_days(
    days: Iterable[tuple[dt.date, Portion]] | Iterable[LeaveDay], calendar: WorkCalendar
) -> tuple[LeaveDay, ...]:
    """Merge, filter and sort days by the contract's rules.

    Non-working days are dropped; the same date twice keeps ``full`` over a
    half, and ``am`` + ``pm`` make ``full``; the result is ascending.
    """
    merged: dict[dt.date, set[str]] = {}
    for item in days:
        day, portion = (item.date, item.portion) if isinstance(item, LeaveDay) else item
        if calendar.is_working_day(day):
            merged.setdefault(day, set()).add(portion)
    out: list[LeaveDay] = []
    for day in sorted(merged):
        portions = merged[day]
        if "full" in portions or {"am", "pm"} <= portions:
            out.append(LeaveDay(date=day, portion="full"))
        else:
            (only,) = portions
            out.append(LeaveDay(date=day, portion="am" if only == "am" else "pm"))
    return tuple(out)


class LimitBreach(BaseModel):
    """A request beyond the hard limits: which limit, and what the person can do."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    kind: Literal["too_many_days", "too_far_ahead", "too_far_back"]
    message: str
    """What is wrong, naming the limit: ``40 working days is more than the 31 ...``."""
    advice: str
    """What to do instead."""


def limit_breach(days: Iterable[LeaveDay], today: dt.date) -> LimitBreach | None:
    """Which hard limit ``days`` break, or ``None`` when they are fine.

    At most 31 working days at once, every date within -31/+366 days of
    today, whatever any parser (or model) said.
    """
    listed = list(days)
    if len(listed) > MAX_WORKING_DAYS:
        return LimitBreach(
            kind="too_many_days",
            message=f"{len(listed)} working days is more than the {MAX_WORKING_DAYS} "
            "allowed at once",
            advice=f"Please post it as separate requests of at most {MAX_WORKING_DAYS} "
            "working days each.",
        )
    earliest = today - dt.timedelta(days=MAX_DAYS_BACK)
    latest = today + dt.timedelta(days=MAX_DAYS_AHEAD)
    for day in listed:
        if day.date < earliest:
            return LimitBreach(
                kind="too_far_back",
                message=f"{day.date.isoformat()} is more than {MAX_DAYS_BACK} days ago",
                advice=f"Leave can be logged up to {MAX_DAYS_BACK} days back; "
                "an admin can add older days.",
            )
        if day.date > latest:
            return LimitBreach(
                kind="too_far_ahead",
                message=f"{day.date.isoformat()} is more than {MAX_DAYS_AHEAD} days ahead",
                advice=f"Leave can be booked up to {MAX_DAYS_AHEAD} days ahead; "
                "please post it again nearer the time.",
            )
    return None


def check_limits(days: Iterable[LeaveDay], today: dt.date) -> str | None:
    """Why ``days`` break the hard limits (``limit_breach``'s message), or ``None``."""
    breach = limit_breach(days, today)
    return breach.message if breach else None
