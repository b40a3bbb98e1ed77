"""Runtime config: every key, one key, and changing one key.

A new value is checked by that key's own model (``leavebot.config.validate_value``):
an unknown key or a bad value is a 400 that names the key and what is wrong.
The value is stored with who changed it (``admin``, or ``admin:<X-Admin-User>``)
and logged as ``config.changed``. Actors read config through a ``ConfigCache``
with a short TTL, so the change reaches them without a restart.
"""

from __future__ import annotations

from typing import Any

import asyncpg
import structlog

from leavebot.admin.models import ConfigItem, ConfigList, ConfigPath, ConfigPut
from leavebot.admin.routing import Answer, ApiError, Call, Route
from leavebot.admin.state import admin_name, ctx
from leavebot.config import CONFIG_KEYS, RuntimeConfig, validate_value
from leavebot.errors import ConfigError
from leavebot.queries import Q

log = structlog.get_logger(__name__)
TAG = "config"
DEFAULTS: dict[str, Any] = RuntimeConfig().model_dump(mode="json")


def item(key: str, row: asyncpg.Record | None) -> ConfigItem:
    return ConfigItem(
        key=key,
        value=row["value"] if row is not None else DEFAULTS[key],
        default=DEFAULTS[key],
        updated_by=row["updated_by"] if row is not None else None,
        updated_at=row["updated_at"] if row is not None else None,
    )


async def list_config(call: Call) -> ConfigList:
    rows = {r["key"]: r for r in await ctx(call.request).db.fetch(Q.config_all)}
    return ConfigList(items=[item(key, rows.get(key)) for key in CONFIG_KEYS])


async def get_config(call: Call) -> ConfigItem:
    key = call.path_as(ConfigPath).key
    if key not in CONFIG_KEYS:
        raise ApiError(404, "not_found", f"no config key {key!r}", {"known": list(CONFIG_KEYS)})
    return item(key, await ctx(call.request).db.fetchrow(Q.config_get, key))


async def put_config(call: Call) -> ConfigItem:
    key = call.path_as(ConfigPath).key
    body = call.body_as(ConfigPut)
    if key not in CONFIG_KEYS:
        raise ApiError(
            400,
            "unknown_config_key",
            f"unknown config key {key!r}",
            {"key": key, "known": list(CONFIG_KEYS)},
        )
    try:
        value = validate_value(key, body.value)
    except ConfigError as exc:
        raise ApiError(400, "invalid_config_value", str(exc), {"key": key}) from None
    state = ctx(call.request)
    who = admin_name(call.request)
    row = await state.db.fetchrow(Q.admin_config_put, key, value, who)
    state.config.invalidate()
    log.info("config.changed", key=key, by=who)
    return item(key, row)


ROUTES = [
    Route(
        "GET",
        "/api/config",
        "listConfig",
        "Every runtime setting with its value, default and who changed it last",
        list_config,
        TAG,
        (Answer(200, "every setting", ConfigList),),
    ),
    Route(
        "GET",
        "/api/config/{key}",
        "getConfig",
        "One runtime setting",
        get_config,
        TAG,
        (Answer(200, "the setting", ConfigItem),),
        path_model=ConfigPath,
        errors=(400, 404),
    ),
    Route(
        "PUT",
        "/api/config/{key}",
        "putConfig",
        "Change one runtime setting (checked by its own model; effective without restart)",
        put_config,
        TAG,
        (Answer(200, "the setting as stored", ConfigItem),),
        path_model=ConfigPath,
        body_model=ConfigPut,
        errors=(400, 413, 422),
    ),
]
