"""The admin API's pydantic models: what each route accepts and answers.

Handlers validate their path, query and body with these models (through the
route registry), and the OpenAPI document is generated from them: there is
no second copy of any schema. Input models forbid unknown fields; ids are
positive 64-bit integers; dates lie between 1970 and 2999; time zones are
IANA names known to ``zoneinfo``.
"""

from __future__ import annotations

import datetime as dt
import functools
import zoneinfo
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    JsonValue,
    StringConstraints,
    model_validator,
)

from leavebot import public_holidays
from leavebot.types import Category, DayStatus, Portion, RequestStatus

MAX_ID = 2**63 - 1
MIN_DATE = dt.date(1970, 1, 1)
MAX_DATE = dt.date(2999, 12, 31)
MAX_WHOS_OUT_DAYS = 92
MAX_STATS_DAYS = 3 * 366

Id = Annotated[int, Field(ge=1, le=MAX_ID)]
Day = Annotated[dt.date, Field(ge=MIN_DATE, le=MAX_DATE)]
Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
Email = Annotated[
    str,
    StringConstraints(strip_whitespace=True, max_length=254, pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$"),
]
SlackUserIdText = Annotated[str, StringConstraints(pattern=r"^[UW][A-Z0-9]{2,20}$")]
SyncTargetName = Literal["calendar", "harvest"]


@functools.cache
def _zones() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


def check_zone(value: str) -> str:
    if value not in _zones():
        raise ValueError(f"{value!r} is not an IANA time zone name (like 'Asia/Kolkata')")
    return value


TimeZoneName = Annotated[
    str, StringConstraints(min_length=1, max_length=64), AfterValidator(check_zone)
]


def check_region(value: str) -> str:
    try:
        return public_holidays.normalize_region(value)
    except public_holidays.UnknownRegionError as exc:
        raise ValueError(str(exc)) from None


RegionCode = Annotated[
    str,
    StringConstraints(min_length=2, max_length=12),
    AfterValidator(check_region),
    Field(description="a country code, optionally with a subdivision: IN, IN-KA, US-CA, GB-SCT"),
]


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class _Out(BaseModel):
    model_config = ConfigDict(frozen=True)


# ------------------------------------------------------------------ errors


class ErrorDetail(_Out):
    code: str = Field(description="machine-readable: not_found, bad_query, conflict...")
    message: str = Field(description="what is wrong, for a person")
    details: dict[str, Any] = Field(default_factory=dict)


class ErrorBody(_Out):
    """Every error the API gives."""

    error: ErrorDetail


# ------------------------------------------------------------------- users


class UserPath(_In):
    id: Id


class UsersQuery(_In):
    q: Annotated[str, StringConstraints(max_length=200)] | None = Field(
        default=None, description="part of the name or email, any case"
    )
    active: bool | None = None
    gaps: bool | None = Field(
        default=None, description="true: only active people missing a Harvest id or an email"
    )
    limit: int = Field(default=50, ge=1, le=200)
    offset: int = Field(default=0, ge=0, le=1_000_000)


class UserCreate(_In):
    slack_user_id: SlackUserIdText
    display_name: Name
    email: Email | None = None
    harvest_user_id: Id | None = None
    timezone: TimeZoneName | None = Field(
        default=None, description="IANA name; unset: the company time zone"
    )
    active: bool = True
    holiday_region: RegionCode | None = Field(
        default=None, description="their public holidays' region; unset: the company's"
    )


_NOT_NULL = ("display_name", "active")


class UserUpdate(_In):
    """Only the fields given change; ``email``, ``harvest_user_id``, ``timezone`` and
    ``holiday_region`` may be set to null (a null time zone: the company's, unless Slack
    gives the person one; a null region: the company's). A new holiday region changes
    how the person's next requests read; what is booked stays as it is."""

    display_name: Name | None = None
    email: Email | None = None
    harvest_user_id: Id | None = None
    timezone: TimeZoneName | None = None
    active: bool | None = None
    holiday_region: RegionCode | None = None

    @model_validator(mode="after")
    def _something_and_no_bad_null(self) -> UserUpdate:
        if not self.model_fields_set:
            raise ValueError("give at least one field to change")
        for name in _NOT_NULL:
            if name in self.model_fields_set and getattr(self, name) is None:
                raise ValueError(f"{name} cannot be null")
        return self


ZoneSource = Literal["slack", "admin", "company"]


class UserOut(_Out):
    id: int
    slack_user_id: str
    display_name: str
    email: str | None
    harvest_user_id: int | None
    timezone: str | None = Field(description="the zone an admin set (null: none set)")
    slack_timezone: str | None = Field(description="the zone Slack gives for the person")
    zone: str = Field(
        description="the zone the bot reads the person's dates in: Slack's, else the "
        "admin's, else the company's"
    )
    zone_source: ZoneSource
    active: bool
    holiday_region: str | None = Field(description="their own region; null: the company's")
    gaps: list[Literal["harvest_user_id", "email"]] = Field(
        description="what the person lacks for every sync to work"
    )
    created_at: dt.datetime
    updated_at: dt.datetime


class UserList(_Out):
    items: list[UserOut]
    total: int
    limit: int
    offset: int


class ImportQuery(_In):
    dry_run: bool = Field(default=True, description="false: apply the changes")


ImportAction = Literal["create", "update", "unchanged", "unmatched"]


class ImportItem(_Out):
    slack_user_id: str
    display_name: str
    email: str | None
    timezone: str
    action: ImportAction
    user_id: int | None = Field(description="our user id (null for a person to create)")
    harvest_user_id: int | None = Field(description="the Harvest user matched by email")
    previous_harvest_user_id: int | None
    note: str | None = None


class ImportSkip(_Out):
    slack_user_id: str
    reason: Literal["bot", "deleted", "slackbot"]


class HarvestOnly(_Out):
    harvest_user_id: int
    name: str
    email: str | None


class ImportCounts(_Out):
    create: int = 0
    update: int = 0
    unchanged: int = 0
    unmatched: int = 0


class ImportResult(_Out):
    dry_run: bool
    applied: bool
    counts: ImportCounts
    items: list[ImportItem]
    skipped: list[ImportSkip]
    harvest_unmatched: list[HarvestOnly] = Field(
        description="active Harvest users whose email no Slack member has"
    )


# ------------------------------------------------------------------ leaves


class LeavePath(_In):
    id: Id


class LeavesQuery(_In):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    user_id: Id | None = None
    status: RequestStatus | None = None
    category: Category | None = None
    from_: Day | None = Field(default=None, alias="from", description="booked days on or after")
    to: Day | None = Field(default=None, description="booked days on or before")
    failed: bool | None = Field(default=None, description="true: only requests with a failed day")
    limit: int = Field(default=50, ge=1, le=200)
    cursor: Annotated[str, StringConstraints(max_length=200)] | None = Field(
        default=None, description="next_cursor of the page before"
    )

    @model_validator(mode="after")
    def _range(self) -> LeavesQuery:
        if self.from_ and self.to and self.from_ > self.to:
            raise ValueError("from is after to")
        return self


class UserRef(_Out):
    id: int
    slack_user_id: str
    display_name: str
    zone: str = Field(description="the person's time zone (their dates and times are in it)")


class OutcomeOut(_Out):
    state: Literal["done", "partial", "failed"] | None
    failures: list[str]


class LeaveSummary(_Out):
    id: int
    user: UserRef
    intent: Literal["leave", "cancel", "change"] = Field(
        description="change: a change to booked leave (days added and removed) after an edit "
        "or a reply; its days are the ones it adds"
    )
    category: Category | None
    status: RequestStatus
    source_text: str
    first_day: dt.date | None
    last_day: dt.date | None
    day_count: float = Field(description="days asked for (a half day counts 0.5)")
    failed_days: int
    outcome: OutcomeOut | None
    created_at: dt.datetime
    confirmed_at: dt.datetime | None
    completed_at: dt.datetime | None


class LeavePage(_Out):
    items: list[LeaveSummary]
    next_cursor: str | None = Field(description="pass as cursor for the next page; null: last")


class LeaveDayOut(_Out):
    id: int
    date: dt.date
    portion: Portion
    category: Category
    status: DayStatus
    calendar_status: str
    harvest_status: str
    calendar_event_id: str | None
    harvest_entry_id: int | None
    generation: int
    last_error: str | None
    legacy_overlap: bool = Field(
        description="booked before the one-booking rule (migration 0008) over a half-day "
        "another live day holds too"
    )


class SlotOut(_Out):
    """One half-day a request asked for, and what became of it."""

    slot: Literal["am", "pm"]
    state: Literal["booked", "taken", "not_booked"] = Field(
        description="booked: this request's day holds it; taken: another request's live day "
        "held it when this one was confirmed, so it was skipped; not_booked: neither (the "
        "request was never confirmed)"
    )
    day_id: int | None = Field(description="booked: the day of this request that holds it")
    day_status: DayStatus | None = Field(description="booked: that day's status")
    by_request_id: int | None = Field(description="taken: the request whose day held it")
    by_day_id: int | None = Field(description="taken: that day")
    by_category: Category | None = Field(description="taken: that day's category")
    also_booked_by: list[int] = Field(
        description="booked: other requests with a live day on this half-day too (only days "
        "booked before the one-booking rule, migration 0008, can share one)"
    )


class DaySlotsOut(_Out):
    """A day a request asked for, half-day by half-day."""

    date: dt.date
    asked: Portion
    slots: list[SlotOut]


class SyncAttemptOut(_Out):
    id: int
    day_id: int | None
    target: str
    operation: str
    outcome: str
    external_id: str | None
    error: str | None
    started_at: dt.datetime
    duration_ms: float


class LeaveDetail(LeaveSummary):
    channel_id: str
    thread_ts: str
    message_ts: str
    prompt_ts: str | None
    permalink: str = Field(description="the person's Slack message")
    expires_at: dt.datetime
    days: list[LeaveDayOut]
    slots: list[DaySlotsOut] = Field(
        description="leave requests: per day asked for, which half-days this request booked "
        "and which it found taken when confirmed (and by which request); empty for a cancel"
    )
    attempts: list[SyncAttemptOut]


class QueuedSync(_Out):
    target: SyncTargetName
    operation: Literal["create", "delete"]
    day_ids: list[int]


class RetrySkipped(_Out):
    """A failed day a retry left alone: another live day holds one of its half-days."""

    day_id: int
    date: dt.date
    portion: Portion
    by_request_id: int
    by_day_id: int


class RetryResult(_Out):
    request_id: int
    status: Literal["processing"]
    queued: list[QueuedSync]
    skipped: list[RetrySkipped] = Field(
        description="failed days not retried because another request's live day holds one "
        "of their half-days (only days booked before migration 0008 can be so)"
    )


class CancelResult(_Out):
    request_id: int
    queued: list[QueuedSync]


# --------------------------------------------------------------- who's out


class WhosOutQuery(_In):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    date: Day | None = Field(default=None, description="one day (default: today)")
    from_: Day | None = Field(default=None, alias="from")
    to: Day | None = None

    @model_validator(mode="after")
    def _one_way(self) -> WhosOutQuery:
        if self.date is not None and (self.from_ is not None or self.to is not None):
            raise ValueError("give either date or from/to, not both")
        if (self.from_ is None) != (self.to is None):
            raise ValueError("from and to go together")
        if self.from_ is not None and self.to is not None:
            if self.from_ > self.to:
                raise ValueError("from is after to")
            if (self.to - self.from_).days >= MAX_WHOS_OUT_DAYS:
                raise ValueError(f"a range covers at most {MAX_WHOS_OUT_DAYS} days")
        return self


class OutDay(_Out):
    date: dt.date
    portion: Portion
    category: Category
    status: DayStatus
    request_id: int
    day_id: int


class OutPerson(_Out):
    user_id: int
    slack_user_id: str
    display_name: str
    days: list[OutDay]
    total_days: float


class WhosOut(_Out):
    from_: dt.date = Field(serialization_alias="from")
    to: dt.date
    people: list[OutPerson]


# ------------------------------------------------------------------- stats


class StatsQuery(_In):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    from_: Day | None = Field(default=None, alias="from", description="default: 1 January")
    to: Day | None = Field(default=None, description="default: 31 December")
    format: Literal["json", "csv"] | None = Field(
        default=None, description="csv: text/csv (as does Accept: text/csv)"
    )

    @model_validator(mode="after")
    def _range(self) -> StatsQuery:
        if self.from_ and self.to:
            if self.from_ > self.to:
                raise ValueError("from is after to")
            if (self.to - self.from_).days >= MAX_STATS_DAYS:
                raise ValueError(f"a range covers at most {MAX_STATS_DAYS} days")
        return self


class StatRow(_Out):
    user_id: int
    display_name: str
    month: str = Field(description="YYYY-MM")
    category: Category
    days: float


class Stats(_Out):
    from_: dt.date = Field(serialization_alias="from")
    to: dt.date
    rows: list[StatRow]
    total_days: float


# ------------------------------------------------------------------ config


class ConfigPath(_In):
    key: Annotated[str, StringConstraints(min_length=1, max_length=100)]


class ConfigPut(_In):
    value: JsonValue = Field(description="checked by the key's own model")


class ConfigItem(_Out):
    key: str
    value: JsonValue
    default: JsonValue
    updated_by: str | None
    updated_at: dt.datetime | None


class ConfigList(_Out):
    items: list[ConfigItem]


# ------------------------------------------------------------------ health


class ActorHealth(_Out):
    process: str
    actor: str
    state: str
    restarts: int
    last_error: str | None
    pid: int
    hostname: str
    updated_at: dt.datetime
    age_s: float
    stale: bool


class SlackHealth(_Out):
    state: Literal["connected", "disconnected", "unknown"]
    detail: str | None


class SyncErrorOut(_Out):
    id: int
    request_id: int | None
    day_id: int | None
    target: str
    operation: str
    error: str | None
    started_at: dt.datetime


class Health(_Out):
    status: Literal["ok", "degraded"]
    database: Literal["ok"]
    actors: list[ActorHealth]
    slack: SlackHealth
    last_sync_errors: list[SyncErrorOut]


# ---------------------------------------------------------------- holidays

MAX_HOLIDAY_DAYS = 3 * 366


class HolidaysQuery(_In):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    from_: Day | None = Field(default=None, alias="from", description="default: 1 January")
    to: Day | None = Field(default=None, description="default: 31 December of from's year")
    region: RegionCode | None = Field(
        default=None,
        description="a country code, optionally with a subdivision (IN, IN-KA, US-CA, GB-SCT);"
        " default: the company's",
    )

    @model_validator(mode="after")
    def _range(self) -> HolidaysQuery:
        if self.from_ and self.to:
            if self.from_ > self.to:
                raise ValueError("from is after to")
            if (self.to - self.from_).days >= MAX_HOLIDAY_DAYS:
                raise ValueError(f"a range covers at most {MAX_HOLIDAY_DAYS} days")
        return self


class HolidayOut(_Out):
    date: dt.date
    name: str
    source: Literal["public", "company"] = Field(
        description="public: the region's (the holidays package); company: added by admins"
    )


class Holidays(_Out):
    from_: dt.date = Field(serialization_alias="from")
    to: dt.date
    region: str | None = Field(description="the region asked for, else the company's")
    region_name: str | None
    holidays: list[HolidayOut]


class Subdivision(_Out):
    code: str
    name: str


class RegionOut(_Out):
    code: str = Field(description="ISO 3166-1 alpha-2")
    name: str
    subdivisions: list[Subdivision]


class RegionList(_Out):
    items: list[RegionOut]


# ------------------------------------------------------------------ digest

HHMM = Annotated[str, StringConstraints(pattern=r"^([01]\d|2[0-3]):[0-5]\d$")]
ChannelIdText = Annotated[str, StringConstraints(pattern=r"^[CG][A-Z0-9]{2,20}$")]


class DigestSettings(_Out):
    enabled: bool
    time: str = Field(description="HH:MM in the company time zone")
    channel: str | None = Field(description="a channel id; null: the leave channel")
    show_category: bool = Field(description="false: sick leave and vacation look alike")
    when_empty: Literal["post", "skip"] = Field(
        description="nobody out today or later this week: a short line, or no post"
    )


class DigestSettingsPut(_In):
    """Only the settings given change; ``channel`` null means the leave channel."""

    enabled: bool | None = None
    time: HHMM | None = None
    channel: ChannelIdText | None = None
    show_category: bool | None = None
    when_empty: Literal["post", "skip"] | None = None

    @model_validator(mode="after")
    def _something(self) -> DigestSettingsPut:
        if not self.model_fields_set:
            raise ValueError("give at least one setting to change")
        for name in ("enabled", "time", "show_category", "when_empty"):
            if name in self.model_fields_set and getattr(self, name) is None:
                raise ValueError(f"{name} cannot be null")
        return self


class DigestRun(_Out):
    day: dt.date
    status: Literal["claimed", "posted", "empty", "skipped"]
    channel_id: str | None
    message_ts: str | None
    people_today: int | None
    people_later: int | None
    reason: str | None
    attempts: int
    updated_at: dt.datetime


class DigestState(_Out):
    settings: DigestSettings
    timezone: str
    next_at: dt.datetime | None = Field(description="when the next digest is due (null: off)")
    runs: list[DigestRun] = Field(description="the latest dates, newest first")


class DigestPreviewQuery(_In):
    date: Day | None = Field(default=None, description="default: today (company time zone)")


class DigestPreview(_Out):
    date: dt.date
    working_day: bool = Field(description="false: no digest is posted on this date")
    would_post: bool
    text: str
    blocks: list[dict[str, Any]]
    people_today: int
    people_later: int
