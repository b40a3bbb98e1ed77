"""The morning who's-out post: its settings, its recent dates, and a preview.

``GET /api/digest`` shows the settings (the runtime config keys
``digest_enabled``, ``digest_time``, ``digest_channel``,
``digest_show_category``, ``digest_when_empty``), when the next one is due
and what happened on the latest dates (``digest_runs``: posted with its
Slack ts, empty, skipped with why). ``PUT /api/digest`` changes any of the
settings at once (each checked by its config key's own model; recorded with
who changed it, live within a second). ``GET /api/digest/preview?date=``
shows the post a date would get, without posting it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import structlog

from leavebot import digest
from leavebot.admin.models import (
    DigestPreview,
    DigestPreviewQuery,
    DigestRun,
    DigestSettings,
    DigestSettingsPut,
    DigestState,
)
from leavebot.admin.routing import Answer, ApiError, Call, Route
from leavebot.admin.state import admin_name, ctx
from leavebot.calendars import author_calendar
from leavebot.config import RuntimeConfig, validate_value
from leavebot.errors import ConfigError
from leavebot.queries import Q

log = structlog.get_logger(__name__)
TAG = "digest"
RUNS_SHOWN = 14
FIELDS = {
    "enabled": "digest_enabled",
    "time": "digest_time",
    "channel": "digest_channel",
    "show_category": "digest_show_category",
    "when_empty": "digest_when_empty",
}


def settings_of(config: RuntimeConfig) -> DigestSettings:
    return DigestSettings(
        enabled=config.digest_enabled,
        time=config.digest_time,
        channel=config.digest_channel,
        show_category=config.digest_show_category,
        when_empty=config.digest_when_empty,
    )


def next_due(
    config: RuntimeConfig, now: dt.datetime, done: frozenset[dt.date] = frozenset()
) -> dt.datetime | None:
    """When the next digest is due after ``now``, on a date not ``done`` yet (None: off)."""
    if not config.digest_enabled:
        return None
    calendar = author_calendar(config, None)
    local = now.astimezone(calendar.zone)
    day = local.date()
    for _ in range(400):
        if calendar.is_working_day(day) and day not in done:
            due = digest.due_at(day, config.digest_time, calendar)
            if due > local:
                return due
        day += dt.timedelta(days=1)
    return None


async def state_of(call: Call) -> DigestState:
    state = ctx(call.request)
    config = await state.config.get()
    rows = await state.db.fetch(Q.digest_runs_recent, RUNS_SHOWN)
    runs = [
        DigestRun(
            day=r["day"],
            status=r["status"],
            channel_id=r["channel_id"],
            message_ts=r["message_ts"],
            people_today=r["people_today"],
            people_later=r["people_later"],
            reason=r["reason"],
            attempts=r["attempts"],
            updated_at=r["updated_at"],
        )
        for r in rows
    ]
    return DigestState(
        settings=settings_of(config),
        timezone=config.timezone,
        next_at=next_due(
            config,
            dt.datetime.now(dt.UTC),
            frozenset(r.day for r in runs if r.status != "claimed"),
        ),
        runs=runs,
    )


async def get_digest(call: Call) -> DigestState:
    return await state_of(call)


async def put_digest(call: Call) -> DigestState:
    body = call.body_as(DigestSettingsPut)
    state = ctx(call.request)
    values: dict[str, Any] = {}
    for field in sorted(body.model_fields_set):
        key = FIELDS[field]
        try:
            values[key] = validate_value(key, getattr(body, field))
        except ConfigError as exc:
            raise ApiError(400, "invalid_config_value", str(exc), {"key": key}) from None
    who = admin_name(call.request)
    async with state.db.transaction() as tx:
        for key, value in values.items():
            await tx.conn.fetchrow(Q.admin_config_put, key, value, who)
    state.config.invalidate()
    for key in values:
        log.info("config.changed", key=key, by=who)
    return await state_of(call)


async def preview(call: Call) -> DigestPreview:
    q = call.query_as(DigestPreviewQuery)
    state = ctx(call.request)
    config = await state.config.get()
    calendar = author_calendar(config, None)
    day = q.date or calendar.local_date(dt.datetime.now(dt.UTC))
    rows = await state.db.fetch(Q.digest_days, day, digest.week_end(day))
    made = digest.build(day, rows, show_category=config.digest_show_category)
    working = calendar.is_working_day(day)
    skipped_empty = made.empty and config.digest_when_empty == "skip"
    would_post = working and config.digest_enabled and not skipped_empty
    return DigestPreview(
        date=day,
        working_day=working,
        would_post=would_post,
        text=made.text,
        blocks=made.blocks,
        people_today=made.people_today,
        people_later=made.people_later,
    )


ROUTES = [
    Route(
        "GET",
        "/api/digest",
        "getDigest",
        "The who's-out post: its settings, when it is next due, its latest dates",
        get_digest,
        TAG,
        (Answer(200, "settings and recent dates", DigestState),),
    ),
    Route(
        "PUT",
        "/api/digest",
        "putDigest",
        "Change the who's-out post's settings (any of them; effective without restart)",
        put_digest,
        TAG,
        (Answer(200, "settings as stored, and recent dates", DigestState),),
        body_model=DigestSettingsPut,
        errors=(400, 413, 422),
    ),
    Route(
        "GET",
        "/api/digest/preview",
        "previewDigest",
        "The post a date would get (default today), without posting it",
        preview,
        TAG,
        (Answer(200, "the post as it would be", DigestPreview),),
        query_model=DigestPreviewQuery,
    ),
]
