"""Pointing leavebot at the sandboxes: the settings, people and config the demo and tests use.

``settings_for`` gives the process settings that reach every sandbox of a
``Sandboxes`` (a fresh service-account key for the sandbox Calendar, the
sandbox Harvest's token and account); ``seed`` registers the sandbox Slack's
registered people, with their Harvest user ids matched by e-mail, and sets
the Harvest project and task ids in the runtime config.
"""

from __future__ import annotations

import base64
import json
from typing import Any

from pydantic import SecretStr

from leavebot.db import Database
from leavebot.queries import Q
from leavebot.sandbox.composite import Sandboxes
from leavebot.settings import Settings


def settings_for(sandboxes: Sandboxes, **extra: Any) -> Settings:
    key = json.dumps(sandboxes.calendar.service_account_info()).encode()
    values: dict[str, Any] = {
        "slack_bot_token": sandboxes.slack.bot_token,
        "slack_app_token": sandboxes.slack.app_token,
        "slack_api_url": sandboxes.slack.api_url,
        "slack_channel_id": sandboxes.slack.channel_id,
        "google_service_account_json_b64": base64.b64encode(key).decode(),
        "google_calendar_id": sandboxes.calendar.calendar_id,
        "google_api_url": sandboxes.calendar.api_endpoint,
        "harvest_account_id": str(sandboxes.harvest.account_id),
        "harvest_token": sandboxes.harvest.token,
        "harvest_api_url": sandboxes.harvest.api_url,
    }
    values.update(extra)
    return Settings.model_validate(values)


def environment_for(sandboxes: Sandboxes, **overrides: str) -> dict[str, str]:
    """``settings_for`` as environment variables, for a ``leave-bot`` subprocess.

    The current environment is the base, less any ``OPENAI_*`` and
    ``DATABASE_URL``; ``overrides`` (e.g. ``DATABASE_URL``) are applied last.
    """
    import os

    settings = settings_for(sandboxes)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "DATABASE_URL"))}
    for name in settings.model_fields_set:
        value: Any = getattr(settings, name)
        env[name.upper()] = value.get_secret_value() if isinstance(value, SecretStr) else str(value)
    env.update(overrides)
    return env


async def seed(db: Database, sandboxes: Sandboxes) -> int:
    """Register the sandbox's registered people and configure Harvest; return how many people."""
    count = 0
    for user in sandboxes.slack.users:
        if not user.registered or user.is_bot:
            continue
        match = sandboxes.harvest.user_by_email(user.email)
        harvest_id = match.id if match is not None and match.is_active else None
        await db.execute(
            Q.user_upsert, user.id, user.real_name, user.email, harvest_id, user.tz, True
        )
        count += 1
    for key, value in (
        ("harvest_project_id", sandboxes.harvest.project_id),
        ("harvest_task_vacation", sandboxes.harvest.vacation_task_id),
        ("harvest_task_sick", sandboxes.harvest.sick_task_id),
    ):
        await db.execute(Q.config_put, key, value, "sandbox")
    return count
