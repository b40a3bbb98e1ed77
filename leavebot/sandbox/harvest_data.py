"""The sandbox Harvest's data: people, projects, entries, errors, and request parsing.

The records :class:`~leavebot.sandbox.harvest.SandboxHarvest` keeps
(:class:`HarvestUser`, the projects and their tasks, time entries, the call
log, the rate-limit window), the error answers in Harvest's shapes
(:class:`HarvestApiError`: JSON ``{"message": ...}`` for a 422, Harvest's
``invalid_token`` for a 401, an HTML page for a 502/503/504 as the proxy in
front of Harvest answers), and the parsing of request bodies and query
parameters as Harvest reads them.
"""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any
from urllib.parse import urlsplit

from aiohttp import web

from leavebot.sandbox.common import JSON
from leavebot.sandbox.harvest_rules import ADMINISTRATOR, MEMBER

DEFAULT_TOKEN = "sandbox-harvest-token"  # noqa: S105 (a sandbox token)
DEFAULT_ACCOUNT_ID = "1234567"
MAX_PER_PAGE = 2000
INVALID_TOKEN = {
    "error": "invalid_token",
    "error_description": (
        "The access token provided is expired, revoked, malformed or invalid for other reasons."
    ),
}
REASONS = {
    400: "Bad Request",
    403: "Forbidden",
    404: "Not Found",
    409: "Conflict",
    422: "Unprocessable Entity",
    429: "Too Many Requests",
    500: "Internal Server Error",
    502: "Bad Gateway",
    503: "Service Unavailable",
    504: "Gateway Timeout",
}


@dataclass(frozen=True)
class HarvestUser:
    """A person in the sandbox Harvest account (``timezone`` uses Harvest's names)."""

    id: int
    first_name: str
    last_name: str
    email: str
    timezone: str = "Mumbai"
    is_active: bool = True
    is_admin: bool = False
    weekly_capacity: int = 144000
    access_roles: tuple[str, ...] = ()
    teammates: tuple[int, ...] = ()

    @property
    def name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def roles(self) -> tuple[str, ...]:
        """``access_roles`` (default: administrator or member, from ``is_admin``)."""
        if self.access_roles:
            return self.access_roles
        return (ADMINISTRATOR,) if self.is_admin else (MEMBER,)


DEFAULT_USERS: tuple[HarvestUser, ...] = (
    HarvestUser(4100001, "Leave", "Bot", "leavebot@example.com", is_admin=True),
    HarvestUser(4100002, "Asha", "Rao", "asha@example.com", "Mumbai"),
    HarvestUser(4100003, "Ravi", "Kumar", "ravi@example.com", "Mumbai"),
    HarvestUser(4100004, "Maya", "Chen", "maya@example.com", "Pacific Time (US & Canada)"),
    HarvestUser(4100005, "Jack", "Miller", "jack@example.com", "Eastern Time (US & Canada)"),
    HarvestUser(4100006, "Old", "Timer", "old.timer@example.com", is_active=False),
)

CLIENT = {"id": 2100001, "name": "Internal", "currency": "INR"}
TIME_OFF_PROJECT_ID = 3100001
OTHER_PROJECT_ID = 3100002
VACATION_TASK_ID = 5100001
SICK_TASK_ID = 5100002
DEVELOPMENT_TASK_ID = 5100003


@dataclass(frozen=True)
class Project:
    id: int
    name: str
    code: str
    tasks: tuple[tuple[int, int, str], ...]  # (task assignment id, task id, task name)


PROJECTS: tuple[Project, ...] = (
    Project(
        TIME_OFF_PROJECT_ID,
        "Time Off",
        "TO",
        ((6100001, VACATION_TASK_ID, "Vacation"), (6100002, SICK_TASK_ID, "Sick leave")),
    ),
    Project(
        OTHER_PROJECT_ID, "Internal Work", "IW", ((6100003, DEVELOPMENT_TASK_ID, "Development"),)
    ),
)


class HarvestApiError(Exception):
    """An API error answer: ``body`` as JSON (or ``text`` as HTML) with ``status``."""

    def __init__(
        self,
        status: int,
        body: JSON | None = None,
        *,
        text: str | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(status)
        self.status = status
        self.body = (
            body if body is not None else {"status": status, "error": REASONS.get(status, "Error")}
        )
        self.text = text
        self.headers = dict(headers or {})

    def response(self) -> web.Response:
        if self.text is not None:
            return web.Response(
                status=self.status, text=self.text, content_type="text/html", headers=self.headers
            )
        return web.json_response(self.body, status=self.status, headers=self.headers)


def invalid(message: str) -> HarvestApiError:
    return HarvestApiError(422, {"message": message})


def fault_error(status: int, retry_after_s: float) -> HarvestApiError:
    """What Harvest (or the proxy in front of it) answers with ``status``."""
    if status in (502, 503, 504):
        reason = REASONS[status]
        title = f"{status} {reason}"
        page = f"<html><head><title>{title}</title></head><body><h1>{title}</h1></body></html>"
        return HarvestApiError(status, text=page)
    if status == 429:
        return HarvestApiError(429, headers={"Retry-After": str(math.ceil(retry_after_s))})
    return HarvestApiError(status)


@dataclass
class Entry:
    id: int
    user_id: int
    project_id: int
    task_id: int
    spent_date: str
    hours: float
    notes: str | None
    external_reference: JSON | None
    created_at: str
    updated_at: str
    timer_started_at: float | None = None  # epoch seconds while running
    started_minutes: int | None = None  # a timestamp account's start and end, in minutes
    ended_minutes: int | None = None


@dataclass(frozen=True)
class HarvestCall:
    """One ``/v2`` request as the sandbox answered it (status 0: dropped before)."""

    op: str
    method: str
    path: str
    query: dict[str, str]
    status: int
    fault: str | None
    user_agent: str | None


@dataclass
class Limiter:
    limit: int
    window_s: float
    times: deque[float] = field(default_factory=deque)

    def admit(self, now: float) -> float | None:
        """None when the request may go; else seconds until a slot frees."""
        while self.times and self.times[0] <= now - self.window_s:
            self.times.popleft()
        if len(self.times) >= self.limit:
            return self.times[0] + self.window_s - now
        self.times.append(now)
        return None


def now_text() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def iso(epoch: float | None) -> str | None:
    if epoch is None:
        return None
    return datetime.fromtimestamp(epoch, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


async def read_body(request: web.Request) -> JSON:
    """A JSON object body, or form fields (``external_reference[id]`` nests)."""
    if request.content_type == "application/json":
        try:
            body = await request.json()
        except ValueError:
            raise HarvestApiError(400) from None
        if not isinstance(body, dict):
            raise HarvestApiError(400)
        return body
    form = await request.post()
    result: JSON = {}
    for key, value in form.items():
        if not isinstance(value, str):
            continue
        outer, bracket, rest = key.partition("[")
        if bracket and rest.endswith("]"):
            result.setdefault(outer, {})[rest[:-1]] = value
        else:
            result[key] = value
    return result


def external_reference_of(value: Any) -> JSON | None:
    if value is None:
        return None
    if not isinstance(value, dict):
        raise invalid("External reference is invalid")
    reference: JSON = {}
    for name in ("id", "group_id", "account_id", "permalink"):
        item = value.get(name)
        if item is not None and not isinstance(item, str | int):
            raise invalid(f"External reference {name} is invalid")
        reference[name] = None if item is None else str(item)
    if not reference["id"]:
        raise invalid("External reference id can't be blank")
    permalink = reference["permalink"]
    reference["service"] = urlsplit(permalink).hostname if permalink else None
    reference["service_icon_url"] = None
    return reference


def hours_value(value: Any) -> float:
    """A duration in hours, 0 to 24 (422 otherwise)."""
    try:
        hours = float(value)
    except (TypeError, ValueError):
        raise invalid("Hours is not a number") from None
    if isinstance(value, bool) or not math.isfinite(hours) or hours < 0:
        raise invalid("Hours must be greater than or equal to 0")
    if hours > 24:
        raise invalid("Hours must be less than or equal to 24")
    return hours


def int_value(value: str) -> int:
    try:
        return int(value)
    except ValueError:
        raise HarvestApiError(404) from None


def int_field(body: Mapping[str, Any], name: str, label: str) -> int:
    value = body.get(name)
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise invalid(f"{label} is invalid")
    try:
        return int(value)
    except (TypeError, ValueError):
        raise invalid(f"{label} is invalid") from None


def int_param(query: Mapping[str, str], name: str) -> int | None:
    value = query.get(name)
    if value is None or value == "":
        return None
    try:
        return int(value)
    except ValueError:
        raise invalid(f"{name} must be an integer") from None


def bool_param(query: Mapping[str, str], name: str) -> bool | None:
    value = query.get(name)
    if value is None or value == "":
        return None
    if value in ("true", "false"):
        return value == "true"
    raise invalid(f"{name} must be true or false")


def date_param(query: Mapping[str, str], name: str) -> str | None:
    value = query.get(name)
    if value is None or value == "":
        return None
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        raise invalid(f"{name} is not a valid date") from None


def datetime_param(query: Mapping[str, str], name: str) -> datetime | None:
    value = query.get(name)
    if value is None or value == "":
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise invalid(f"{name} is not a valid date and time") from None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
