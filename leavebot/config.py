"""Runtime config: the settings admins change while the bot runs, stored in ``config``.

Each key has its own pydantic model, so a bad value is refused with a reason
naming the key; ``RuntimeConfig`` gathers them all, with the seeded defaults.
Actors read it through ``ConfigCache`` (a short TTL), so a change takes effect
without a restart.
"""

from __future__ import annotations

import datetime as dt
import re
import time
from collections.abc import Awaitable, Callable
from typing import Any, Literal

import anyio
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from leavebot import public_holidays
from leavebot.db import Database
from leavebot.domain import WorkCalendar
from leavebot.errors import ConfigError
from leavebot.parsing.vocabulary import VOCABULARY, expand_keywords
from leavebot.queries import Q

_HHMM = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")


class HalfDay(BaseModel):
    """The hours a half day covers in the calendar, local time of the person."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    start: str
    end: str

    @field_validator("start", "end")
    @classmethod
    def _hhmm(cls, value: str) -> str:
        if not _HHMM.match(value):
            raise ValueError(f"{value!r} is not a HH:MM time")
        return value

    def times(self) -> tuple[dt.time, dt.time]:
        start, end = dt.time.fromisoformat(self.start), dt.time.fromisoformat(self.end)
        if end <= start:
            raise ValueError("a half day must end after it starts")
        return start, end


class NamedHoliday(BaseModel):
    """A company holiday with its name, for the prompt ("Fri 25 Dec: holiday (Christmas)")."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    date: dt.date
    name: str = Field(min_length=1, max_length=100)


class RuntimeConfig(BaseModel):
    """Every runtime setting, with the defaults the first migration seeds."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    trigger_keywords: tuple[str, ...] = Field(
        default=(VOCABULARY,),
        min_length=1,
        description="words a message needs to be read at all; "
        f"{VOCABULARY!r} stands for every word of the parser's vocabulary",
    )
    expiry_minutes: int = Field(default=60, ge=1, le=7 * 24 * 60)
    half_day_am: HalfDay = HalfDay(start="11:00", end="15:00")
    half_day_pm: HalfDay = HalfDay(start="15:00", end="19:00")
    hours_full_day: float = Field(default=8, gt=0, le=24)
    hours_half_day: float = Field(default=4, gt=0, le=24)
    working_days: tuple[str, ...] = ("mon", "tue", "wed", "thu", "fri")
    holidays: tuple[dt.date | NamedHoliday, ...] = Field(
        default=(),
        description='dates ("2026-12-25") or {"date": "2026-12-25", "name": "Christmas"}',
    )
    date_order: str = Field(default="DMY", pattern="^(DMY|MDY)$")
    timezone: str = "Asia/Kolkata"
    harvest_project_id: int | None = Field(default=None, ge=1)
    harvest_task_vacation: int | None = Field(default=None, ge=1)
    harvest_task_sick: int | None = Field(default=None, ge=1)
    holiday_region: str | None = Field(
        default=None, description="public holidays of this region for everyone without their own"
    )
    digest_enabled: bool = True
    digest_time: str = Field(default="09:30", description="HH:MM in the company time zone")
    digest_channel: str | None = Field(
        default=None, pattern=r"^[CG][A-Z0-9]{2,20}$", description="unset: the leave channel"
    )
    digest_show_category: bool = False
    digest_when_empty: Literal["post", "skip"] = "post"

    @field_validator("trigger_keywords")
    @classmethod
    def _keywords(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        cleaned = tuple(k.strip().lower() for k in value if k.strip())
        if not cleaned:
            raise ValueError("at least one trigger keyword is needed")
        return cleaned

    @field_validator("holiday_region")
    @classmethod
    def _region(cls, value: str | None) -> str | None:
        return None if value is None else public_holidays.normalize_region(value)

    @field_validator("digest_time")
    @classmethod
    def _digest_hhmm(cls, value: str) -> str:
        if not _HHMM.match(value):
            raise ValueError(f"{value!r} is not a HH:MM time")
        return value

    def triggers(self) -> tuple[str, ...]:
        """The trigger words, with ``@vocabulary`` spelt out (``leavebot.parsing.vocabulary``)."""
        return expand_keywords(self.trigger_keywords)

    def calendar(self) -> WorkCalendar:
        """The company's work calendar these settings describe (validates zone and weekdays).

        A person's own calendar is ``leavebot.calendars.author_calendar``, built on it.
        """
        return WorkCalendar.from_config(
            {
                "timezone": self.timezone,
                "working_days": list(self.working_days),
                "holidays": [h.date if isinstance(h, NamedHoliday) else h for h in self.holidays],
                "holiday_names": {
                    h.date: h.name for h in self.holidays if isinstance(h, NamedHoliday)
                },
                "date_order": self.date_order,
                "region": self.holiday_region,
            }
        )


CONFIG_KEYS: tuple[str, ...] = tuple(RuntimeConfig.model_fields)


def validate_value(key: str, value: Any) -> Any:
    """The JSON value for ``key`` after validation; ``ConfigError`` says what is wrong."""
    if key not in RuntimeConfig.model_fields:
        raise ConfigError(f"unknown config key {key!r}; known keys: {', '.join(CONFIG_KEYS)}")
    try:
        checked = RuntimeConfig.model_validate({key: value})
        if key in ("timezone", "working_days", "holidays", "date_order", "holiday_region"):
            checked.calendar()
    except (ValidationError, ValueError) as exc:
        raise ConfigError(f"bad value for {key!r}: {exc}") from exc
    return checked.model_dump(mode="json")[key]


async def load_config(db: Database) -> RuntimeConfig:
    rows = await db.fetch(Q.config_all)
    values = {r["key"]: r["value"] for r in rows if r["key"] in RuntimeConfig.model_fields}
    try:
        return RuntimeConfig.model_validate(values)
    except ValidationError as exc:
        raise ConfigError(f"stored config is invalid: {exc}") from exc


class ConfigCache:
    """The runtime config, re-read from the database at most every ``ttl_s`` seconds.

    One read at a time: callers arriving while it runs wait for its answer
    instead of each reading the table again.
    """

    def __init__(
        self,
        db: Database,
        ttl_s: float = 1.0,
        loader: Callable[[Database], Awaitable[RuntimeConfig]] = load_config,
    ) -> None:
        self.db = db
        self.ttl_s = ttl_s
        self._loader = loader
        self._value: RuntimeConfig | None = None
        self._read_at = 0.0
        self._lock = anyio.Lock()

    def _fresh(self) -> RuntimeConfig | None:
        if self._value is not None and time.monotonic() - self._read_at <= self.ttl_s:
            return self._value
        return None

    async def get(self) -> RuntimeConfig:
        value = self._fresh()
        if value is not None:
            return value
        async with self._lock:
            value = self._fresh()
            if value is None:
                started = time.monotonic()
                value = self._value = await self._loader(self.db)
                self._read_at = started
            return value

    def invalidate(self) -> None:
        self._value = None
