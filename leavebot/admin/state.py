"""What the admin routes share: the database, channels, config and outside clients.

``create_app`` builds one :class:`AdminContext` and stores it on the app;
handlers reach it with :func:`ctx`. The Slack and Harvest clients are
providers (called on first use), so a ``web`` process without those secrets
still serves everything but the user import, which then answers 503 naming
the missing variable.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from aiohttp import web

from leavebot.channels import Channels
from leavebot.config import ConfigCache
from leavebot.db import Database

if TYPE_CHECKING:
    from leavebot.harvest import HarvestClient
    from leavebot.slack import SlackClient

SlackProvider = Callable[[], "SlackClient"]
HarvestProvider = Callable[[], "HarvestClient"]


@dataclass
class AdminContext:
    db: Database
    channels: Channels
    config: ConfigCache
    heartbeat_interval_s: float
    slack_web_url: str
    slack: SlackProvider | None = None
    harvest: HarvestProvider | None = None


CTX_KEY: web.AppKey[AdminContext] = web.AppKey("admin_ctx", AdminContext)


def ctx(request: web.Request) -> AdminContext:
    return request.app[CTX_KEY]


def admin_name(request: web.Request) -> str:
    """Who did it: ``admin``, or ``admin:<X-Admin-User>`` (cleaned, at most 64 characters)."""
    given = request.headers.get("X-Admin-User", "")
    cleaned = "".join(ch for ch in given if ch.isprintable()).strip()[:64]
    return f"admin:{cleaned}" if cleaned else "admin"
