"""A sandbox Harvest API v2: users, time entries, projects and task assignments.

leavebot's own aiohttp Harvest client talks to it over a real socket; only
the base URL differs from ``https://api.harvestapp.com/v2`` (use
:attr:`SandboxHarvest.api_url`).

Every ``/v2`` request is checked like Harvest does: no ``User-Agent`` ->
400; no or a wrong ``Authorization: Bearer`` token or ``Harvest-Account-Id``
-> 401 ``{"error": "invalid_token", "error_description": ...}``. Then the
rate limit: more than ``rate_limit`` requests (default 100) within
``rate_window_s`` seconds (default 15, a sliding window; rejected requests
do not count) -> 429 with ``Retry-After`` (whole seconds until a slot
frees). Then the queued faults, then the operation.

Routes (operation names for faults in brackets):

* ``GET /v2/users/me`` [``users.me``] -- the token's user (an administrator).
* ``GET /v2/users`` [``users.list``] -- ``is_active``, ``page``, ``per_page``.
* ``GET /v2/time_entries`` [``time_entries.list``] -- filters ``user_id``,
  ``project_id``, ``task_id``, ``external_reference_id``, ``is_running``,
  ``from`` / ``to`` (``spent_date``, inclusive), ``updated_since``; newest
  ``spent_date`` first.
* ``POST /v2/time_entries`` [``time_entries.create``] -- JSON or form body:
  ``user_id`` (default: the token's user), ``project_id``, ``task_id``,
  ``spent_date``, ``hours``, ``notes``, ``external_reference`` ``{id,
  group_id, account_id, permalink}``. Without ``hours`` Harvest starts a
  timer: ``hours`` 0, ``is_running`` true (and stops that user's other
  running timer). Invalid input -> 422 ``{"message": ...}``. Harvest does
  not deduplicate by ``external_reference``; neither does the sandbox.
* ``GET|DELETE /v2/time_entries/{id}`` [``time_entries.get`` /
  ``time_entries.delete``] -- a delete answers 200 with an empty body; an
  unknown id -> 404 ``{"status": 404, "error": "Not Found"}``.
* ``PATCH /v2/time_entries/{id}/stop`` [``time_entries.stop``].
* ``GET /v2/projects`` [``projects.list``], ``GET /v2/task_assignments`` and
  ``GET /v2/projects/{id}/task_assignments`` [``task_assignments.list``].

Lists are paginated like Harvest's: ``{<key>: [...], "per_page",
"total_pages", "total_entries", "next_page", "previous_page", "page",
"links": {"first", "next", "previous", "last"}}`` (``per_page`` 1-2000,
default 2000; links keep the other query parameters).

Faults (see :mod:`leavebot.sandbox.common`), per operation or ``*``: an
``error`` fault answers 500 (JSON), 502/503/504 (an HTML page, as a proxy
in front of Harvest would), 429 (with ``Retry-After``) or another status;
``slow``, ``drop`` (the entry is created/deleted, no answer) and
``drop_before``.

Control routes (JSON): ``GET /sandbox/harvest`` (``info()``),
``GET /sandbox/harvest/entries`` (every entry), ``DELETE
/sandbox/harvest/entries/{id}`` (a person deletes an entry by hand),
``GET|POST|DELETE /sandbox/harvest/faults``, ``GET /sandbox/harvest/calls``,
``POST /sandbox/harvest/reset``.
"""

from __future__ import annotations

import contextlib
import itertools
import math
import time
from collections import deque
from collections.abc import AsyncIterator, Callable, Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime
from typing import Any
from urllib.parse import urlencode, urlsplit

from aiohttp import web

from leavebot.sandbox.common import (
    JSON,
    ConnectionDropped,
    Fault,
    HttpSandbox,
    drop_connection,
    dropping,
)

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

    @property
    def name(self) -> str:
        return f"{self.first_name} {self.last_name}"


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
class _Project:
    id: int
    name: str
    code: str
    tasks: tuple[tuple[int, int, str], ...]  # (task assignment id, task id, task name)


PROJECTS: tuple[_Project, ...] = (
    _Project(
        TIME_OFF_PROJECT_ID,
        "Time Off",
        "TO",
        ((6100001, VACATION_TASK_ID, "Vacation"), (6100002, SICK_TASK_ID, "Sick leave")),
    ),
    _Project(
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


def _invalid(message: str) -> HarvestApiError:
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
class _Entry:
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
class _Limiter:
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


class SandboxHarvest(HttpSandbox):
    """The sandbox Harvest: state, the Python control API and the aiohttp routes."""

    control_prefix = "/sandbox/harvest"

    def __init__(
        self,
        users: Sequence[HarvestUser] = DEFAULT_USERS,
        *,
        token: str = DEFAULT_TOKEN,
        account_id: str = DEFAULT_ACCOUNT_ID,
        token_user_id: int | None = None,
        rate_limit: int = 100,
        rate_window_s: float = 15.0,
    ) -> None:
        """``token_user_id``: whose token it is (default: the first administrator)."""
        super().__init__()
        ids = [u.id for u in users]
        if len(set(ids)) != len(ids):
            raise ValueError("user ids must be unique")
        self.users = list(users)
        self.token = token
        self.account_id = account_id
        owner = token_user_id
        if owner is None:
            owner = next((u.id for u in self.users if u.is_admin), None)
        if owner is None or owner not in ids:
            raise ValueError("the token's user must be one of the users (an administrator)")
        self.token_user_id = owner
        self.calls: list[HarvestCall] = []
        self._limiter = _Limiter(rate_limit, rate_window_s)
        self._entries: dict[int, _Entry] = {}
        self._ids = itertools.count(7100001)
        self._started = _now()

    # -- addresses and config ------------------------------------------------

    @property
    def api_url(self) -> str:
        """The API base URL, ``.../v2`` (no slash), like ``https://api.harvestapp.com/v2``."""
        return f"{self.base_url}/v2"

    @property
    def rate_limit(self) -> int:
        return self._limiter.limit

    @property
    def rate_window_s(self) -> float:
        return self._limiter.window_s

    def set_rate_limit(self, limit: int, window_s: float) -> None:
        """Change the limit (the window's history is forgotten)."""
        self._limiter = _Limiter(limit, window_s)

    @property
    def project_id(self) -> int:
        """The "Time Off" project leave is logged to."""
        return TIME_OFF_PROJECT_ID

    @property
    def vacation_task_id(self) -> int:
        return VACATION_TASK_ID

    @property
    def sick_task_id(self) -> int:
        return SICK_TASK_ID

    def user_by_email(self, email: str) -> HarvestUser | None:
        return next((u for u in self.users if u.email.lower() == email.lower()), None)

    def info(self) -> JSON:
        return {
            "api_url": self.api_url,
            "token": self.token,
            "account_id": self.account_id,
            "token_user_id": self.token_user_id,
            "project_id": self.project_id,
            "tasks": {"vacation": self.vacation_task_id, "sick": self.sick_task_id},
            "rate_limit": {"requests": self.rate_limit, "window_s": self.rate_window_s},
            "users": [self._user_json(u) for u in self.users],
            "entries": len(self._entries),
        }

    # -- Python control API --------------------------------------------------

    def entries(self, user_id: int | None = None) -> list[JSON]:
        """Every time entry (optionally one user's), oldest first."""
        return [
            self._entry_json(e)
            for e in sorted(self._entries.values(), key=lambda e: e.id)
            if user_id is None or e.user_id == user_id
        ]

    def entry(self, entry_id: int) -> JSON | None:
        found = self._entries.get(entry_id)
        return None if found is None else self._entry_json(found)

    def add_entry(self, body: Mapping[str, Any]) -> JSON:
        """Create an entry as ``POST /v2/time_entries`` would (ValueError if invalid)."""
        try:
            return self._create(body)
        except HarvestApiError as error:
            raise ValueError(error.body.get("message", error.status)) from None

    def delete_entry(self, entry_id: int) -> bool:
        """A person deletes an entry by hand; False if there is none."""
        return self._entries.pop(entry_id, None) is not None

    def reset(self) -> None:
        """Forget entries, calls, faults and the rate-limit window."""
        self._entries.clear()
        self.calls.clear()
        self.faults.clear()
        self._limiter.times.clear()

    # -- routes --------------------------------------------------------------

    def add_routes(self, app: web.Application) -> None:
        api: list[tuple[str, str, str, Callable[[web.Request], Any]]] = [
            ("GET", "/v2/users/me", "users.me", self._users_me),
            ("GET", "/v2/users", "users.list", self._users_list),
            ("GET", "/v2/time_entries", "time_entries.list", self._entries_list),
            ("POST", "/v2/time_entries", "time_entries.create", self._entries_create),
            ("GET", "/v2/time_entries/{id}", "time_entries.get", self._entries_get),
            ("DELETE", "/v2/time_entries/{id}", "time_entries.delete", self._entries_delete),
            ("PATCH", "/v2/time_entries/{id}/stop", "time_entries.stop", self._entries_stop),
            ("GET", "/v2/projects", "projects.list", self._projects_list),
            ("GET", "/v2/task_assignments", "task_assignments.list", self._assignments),
            (
                "GET",
                "/v2/projects/{project_id}/task_assignments",
                "task_assignments.list",
                self._assignments,
            ),
        ]
        for verb, path, op, handler in api:
            app.router.add_route(verb, path, dropping(self._api_route(op, handler)))
        prefix = self.control_prefix
        app.router.add_get(prefix, self._c_info)
        app.router.add_get(f"{prefix}/entries", self._c_entries)
        app.router.add_delete(f"{prefix}/entries/{{id}}", self._c_delete)
        app.router.add_get(f"{prefix}/calls", self._c_calls)
        app.router.add_post(f"{prefix}/reset", self._c_reset)
        self.add_fault_routes(app)

    def _api_route(
        self, op: str, handler: Callable[[web.Request], Any]
    ) -> Callable[[web.Request], Any]:
        async def route(request: web.Request) -> web.StreamResponse:
            fault: Fault | None = None
            status = 500
            try:
                await request.read()  # the whole request arrived, whatever happens next
                self._check_headers(request)
                wait = self._limiter.admit(time.monotonic())
                if wait is not None:
                    raise HarvestApiError(
                        429, headers={"Retry-After": str(max(1, math.ceil(wait)))}
                    )
                fault = self.faults.take(op)
                if fault is not None:
                    if fault.kind == "error":
                        raise fault_error(fault.status, fault.retry_after_s)
                    if fault.kind == "drop_before":
                        raise drop_connection(request)
                    if fault.kind == "slow":
                        await self.sleep(fault.delay_s)
                try:
                    response: web.StreamResponse = await handler(request)
                except HarvestApiError as error:
                    response = error.response()
                status = response.status
                if fault is not None and fault.kind == "drop":
                    raise drop_connection(request)
                return response
            except HarvestApiError as error:
                status = error.status
                return error.response()
            except ConnectionDropped:
                if fault is not None and fault.kind == "drop_before":
                    status = 0
                raise
            finally:
                self.calls.append(
                    HarvestCall(
                        op,
                        request.method,
                        request.path,
                        dict(request.query),
                        status,
                        fault.kind if fault is not None else None,
                        request.headers.get("User-Agent"),
                    )
                )

        return route

    def _check_headers(self, request: web.Request) -> None:
        if not request.headers.get("User-Agent", "").strip():
            raise HarvestApiError(
                400, {"status": 400, "error": "Bad Request: a User-Agent header is required"}
            )
        header = request.headers.get("Authorization", "")
        token = header[7:].strip() if header.lower().startswith("bearer ") else ""
        if token != self.token or request.headers.get("Harvest-Account-Id") != self.account_id:
            raise HarvestApiError(401, dict(INVALID_TOKEN))

    # -- API operations ------------------------------------------------------

    async def _users_me(self, request: web.Request) -> web.Response:
        return web.json_response(self._user_json(self._user(self.token_user_id)))

    async def _users_list(self, request: web.Request) -> web.Response:
        users = list(self.users)
        active = _bool_param(request.query, "is_active")
        if active is not None:
            users = [u for u in users if u.is_active == active]
        users.sort(key=lambda u: (u.last_name, u.first_name, u.id))
        return self._page(request, "users", [self._user_json(u) for u in users])

    async def _entries_list(self, request: web.Request) -> web.Response:
        q = request.query
        user_id = _int_param(q, "user_id")
        project_id = _int_param(q, "project_id")
        task_id = _int_param(q, "task_id")
        ref = q.get("external_reference_id")
        running = _bool_param(q, "is_running")
        first = _date_param(q, "from")
        last = _date_param(q, "to")
        since = _datetime_param(q, "updated_since")

        def keep(e: _Entry) -> bool:
            return (
                (user_id is None or e.user_id == user_id)
                and (project_id is None or e.project_id == project_id)
                and (task_id is None or e.task_id == task_id)
                and (ref is None or (e.external_reference or {}).get("id") == ref)
                and (running is None or (e.timer_started_at is not None) == running)
                and (first is None or e.spent_date >= first)
                and (last is None or e.spent_date <= last)
                and (since is None or datetime.fromisoformat(e.updated_at) >= since)
            )

        chosen = [e for e in self._entries.values() if keep(e)]
        chosen.sort(key=lambda e: (e.spent_date, e.id), reverse=True)
        return self._page(request, "time_entries", [self._entry_json(e) for e in chosen])

    async def _entries_create(self, request: web.Request) -> web.Response:
        body = await _body(request)
        return web.json_response(self._create(body), status=201)

    async def _entries_get(self, request: web.Request) -> web.Response:
        return web.json_response(self._entry_json(self._find(request)))

    async def _entries_delete(self, request: web.Request) -> web.Response:
        entry = self._find(request)
        del self._entries[entry.id]
        return web.Response(status=200)

    async def _entries_stop(self, request: web.Request) -> web.Response:
        entry = self._find(request)
        if entry.timer_started_at is None:
            raise _invalid("Time entry is not running")
        self._stop(entry)
        return web.json_response(self._entry_json(entry))

    async def _projects_list(self, request: web.Request) -> web.Response:
        return self._page(request, "projects", [self._project_json(p) for p in PROJECTS])

    async def _assignments(self, request: web.Request) -> web.Response:
        chosen = list(PROJECTS)
        if "project_id" in request.match_info:
            wanted = _int_value(request.match_info["project_id"])
            chosen = [p for p in PROJECTS if p.id == wanted]
            if not chosen:
                raise HarvestApiError(404)
        items = [
            {
                "id": assignment_id,
                "billable": False,
                "is_active": True,
                "created_at": self._started,
                "updated_at": self._started,
                "hourly_rate": None,
                "budget": None,
                "project": {"id": p.id, "name": p.name, "code": p.code},
                "task": {"id": task_id, "name": name},
            }
            for p in chosen
            for assignment_id, task_id, name in p.tasks
        ]
        return self._page(request, "task_assignments", items)

    # -- state ---------------------------------------------------------------

    def _create(self, body: Mapping[str, Any]) -> JSON:
        user_id = (
            self.token_user_id
            if body.get("user_id") in (None, "")
            else _int_field(body, "user_id", "User")
        )
        user = next((u for u in self.users if u.id == user_id), None)
        if user is None:
            raise _invalid("User can't be blank")
        if not user.is_active:
            raise _invalid("Cannot track time for an archived user")
        if body.get("project_id") in (None, ""):
            raise _invalid("Project can't be blank")
        project = next(
            (p for p in PROJECTS if p.id == _int_field(body, "project_id", "Project")), None
        )
        if project is None:
            raise _invalid("Project can't be blank")
        if body.get("task_id") in (None, ""):
            raise _invalid("Task can't be blank")
        task_id = _int_field(body, "task_id", "Task")
        if task_id not in [t for _, t, _ in project.tasks]:
            raise _invalid("Task must be assigned to the project")
        spent = body.get("spent_date")
        if spent in (None, ""):
            raise _invalid("Spent date can't be blank")
        try:
            spent_date = date.fromisoformat(str(spent)).isoformat()
        except ValueError:
            raise _invalid("Spent date is not a valid date") from None
        hours_in = body.get("hours")
        hours: float | None = None
        if hours_in not in (None, ""):
            try:
                hours = float(hours_in)
            except (TypeError, ValueError):
                raise _invalid("Hours is not a number") from None
            if isinstance(hours_in, bool) or not math.isfinite(hours) or hours < 0:
                raise _invalid("Hours must be greater than or equal to 0")
            if hours > 24:
                raise _invalid("Hours must be less than or equal to 24")
        notes = body.get("notes")
        if notes is not None and not isinstance(notes, str):
            raise _invalid("Notes is invalid")
        reference = _external_reference(body.get("external_reference"))
        now = _now()
        entry = _Entry(
            id=next(self._ids),
            user_id=user.id,
            project_id=project.id,
            task_id=task_id,
            spent_date=spent_date,
            hours=round(hours, 2) if hours is not None else 0.0,
            notes=notes,
            external_reference=reference,
            created_at=now,
            updated_at=now,
        )
        if hours is None:  # Harvest starts a timer, stopping the user's running one
            for other in self._entries.values():
                if other.user_id == user.id and other.timer_started_at is not None:
                    self._stop(other)
            entry.timer_started_at = time.time()
        self._entries[entry.id] = entry
        return self._entry_json(entry)

    def _stop(self, entry: _Entry) -> None:
        entry.hours = self._hours(entry)
        entry.timer_started_at = None
        entry.updated_at = _now()

    def _hours(self, entry: _Entry) -> float:
        if entry.timer_started_at is None:
            return entry.hours
        return round(entry.hours + (time.time() - entry.timer_started_at) / 3600, 2)

    def _find(self, request: web.Request) -> _Entry:
        found = self._entries.get(_int_value(request.match_info["id"]))
        if found is None:
            raise HarvestApiError(404)
        return found

    def _user(self, user_id: int) -> HarvestUser:
        return next(u for u in self.users if u.id == user_id)

    # -- JSON ----------------------------------------------------------------

    def _user_json(self, user: HarvestUser) -> JSON:
        return {
            "id": user.id,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "email": user.email,
            "telephone": "",
            "timezone": user.timezone,
            "weekly_capacity": user.weekly_capacity,
            "has_access_to_all_future_projects": False,
            "is_contractor": False,
            "is_active": user.is_active,
            "calendar_integration_enabled": False,
            "calendar_integration_source": None,
            "can_create_projects": user.is_admin,
            "default_hourly_rate": None,
            "cost_rate": None,
            "roles": [],
            "access_roles": ["administrator"] if user.is_admin else ["member"],
            "permissions_claims": ["billable_rates:read", "expenses:read:all"]
            if user.is_admin
            else ["expenses:read:own", "timers:manage"],
            "avatar_url": "https://d3s3969qhosaug.cloudfront.net/v2/user.png",
            "created_at": self._started,
            "updated_at": self._started,
        }

    def _project_json(self, project: _Project) -> JSON:
        return {
            "id": project.id,
            "name": project.name,
            "code": project.code,
            "is_active": True,
            "is_billable": False,
            "is_fixed_fee": False,
            "bill_by": "none",
            "budget": None,
            "budget_by": "none",
            "notes": "",
            "starts_on": None,
            "ends_on": None,
            "created_at": self._started,
            "updated_at": self._started,
            "client": dict(CLIENT),
        }

    def _entry_json(self, entry: _Entry) -> JSON:
        user = self._user(entry.user_id)
        project = next(p for p in PROJECTS if p.id == entry.project_id)
        assignment_id, _, task_name = next(t for t in project.tasks if t[1] == entry.task_id)
        hours = self._hours(entry)
        running = entry.timer_started_at is not None
        return {
            "id": entry.id,
            "spent_date": entry.spent_date,
            "hours": hours,
            "hours_without_timer": entry.hours,
            "rounded_hours": hours,
            "notes": entry.notes,
            "is_locked": False,
            "locked_reason": None,
            "is_closed": False,
            "is_billed": False,
            "timer_started_at": _iso(entry.timer_started_at) if running else None,
            "started_time": None,
            "ended_time": None,
            "is_running": running,
            "billable": False,
            "budgeted": False,
            "billable_rate": None,
            "cost_rate": None,
            "created_at": entry.created_at,
            "updated_at": entry.updated_at,
            "user": {"id": user.id, "name": user.name},
            "client": {"id": CLIENT["id"], "name": CLIENT["name"], "currency": CLIENT["currency"]},
            "project": {"id": project.id, "name": project.name, "code": project.code},
            "task": {"id": entry.task_id, "name": task_name},
            "user_assignment": {"id": 8000000 + user.id % 100000, "is_project_manager": False},
            "task_assignment": {"id": assignment_id, "billable": False, "is_active": True},
            "invoice": None,
            "external_reference": dict(entry.external_reference)
            if entry.external_reference is not None
            else None,
        }

    def _page(self, request: web.Request, key: str, items: list[JSON]) -> web.Response:
        q = request.query
        page = _int_param(q, "page") or 1
        per_page = _int_param(q, "per_page") or MAX_PER_PAGE
        if page < 1:
            raise _invalid("page must be greater than 0")
        per_page = max(1, min(per_page, MAX_PER_PAGE))
        total = len(items)
        total_pages = math.ceil(total / per_page)
        chunk = items[(page - 1) * per_page : page * per_page]
        next_page = page + 1 if page < total_pages else None
        previous_page = page - 1 if page > 1 else None
        others = [(k, v) for k, v in q.items() if k not in ("page", "per_page")]

        def link(number: int | None) -> str | None:
            if number is None:
                return None
            query = urlencode([*others, ("page", str(number)), ("per_page", str(per_page))])
            return f"{self.base_url}{request.path}?{query}"

        return web.json_response(
            {
                key: chunk,
                "per_page": per_page,
                "total_pages": total_pages,
                "total_entries": total,
                "next_page": next_page,
                "previous_page": previous_page,
                "page": page,
                "links": {
                    "first": link(1),
                    "next": link(next_page),
                    "previous": link(previous_page),
                    "last": link(max(1, total_pages)),
                },
            }
        )

    # -- control routes ------------------------------------------------------

    async def _c_info(self, request: web.Request) -> web.Response:
        return web.json_response(self.info())

    async def _c_entries(self, request: web.Request) -> web.Response:
        return web.json_response(self.entries())

    async def _c_delete(self, request: web.Request) -> web.Response:
        try:
            entry_id = int(request.match_info["id"])
        except ValueError:
            return web.json_response({"error": "id must be an integer"}, status=400)
        return web.json_response({"deleted": self.delete_entry(entry_id)})

    async def _c_calls(self, request: web.Request) -> web.Response:
        return web.json_response([asdict(c) for c in self.calls])

    async def _c_reset(self, request: web.Request) -> web.Response:
        self.reset()
        return web.json_response({"reset": True})


@contextlib.asynccontextmanager
async def serve_harvest(
    users: Sequence[HarvestUser] = DEFAULT_USERS, **options: Any
) -> AsyncIterator[SandboxHarvest]:
    """``async with serve_harvest() as sandbox:`` -- started on a free port, stopped after."""
    sandbox = SandboxHarvest(users, **options)
    await sandbox.start()
    try:
        yield sandbox
    finally:
        await sandbox.stop()


# -- module helpers -----------------------------------------------------------


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _iso(epoch: float | None) -> str | None:
    if epoch is None:
        return None
    return datetime.fromtimestamp(epoch, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


async def _body(request: web.Request) -> JSON:
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


def _external_reference(value: Any) -> JSON | None:
    if value is None:
        return None
    if not isinstance(value, dict):
        raise _invalid("External reference is invalid")
    reference: JSON = {}
    for name in ("id", "group_id", "account_id", "permalink"):
        item = value.get(name)
        if item is not None and not isinstance(item, str | int):
            raise _invalid(f"External reference {name} is invalid")
        reference[name] = None if item is None else str(item)
    if not reference["id"]:
        raise _invalid("External reference id can't be blank")
    permalink = reference["permalink"]
    reference["service"] = urlsplit(permalink).hostname if permalink else None
    reference["service_icon_url"] = None
    return reference


def _int_value(value: str) -> int:
    try:
        return int(value)
    except ValueError:
        raise HarvestApiError(404) from None


def _int_field(body: Mapping[str, Any], name: str, label: str) -> int:
    value = body.get(name)
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise _invalid(f"{label} is invalid")
    try:
        return int(value)
    except (TypeError, ValueError):
        raise _invalid(f"{label} is invalid") from None


def _int_param(query: Mapping[str, str], name: str) -> int | None:
    value = query.get(name)
    if value is None or value == "":
        return None
    try:
        return int(value)
    except ValueError:
        raise _invalid(f"{name} must be an integer") from None


def _bool_param(query: Mapping[str, str], name: str) -> bool | None:
    value = query.get(name)
    if value is None or value == "":
        return None
    if value in ("true", "false"):
        return value == "true"
    raise _invalid(f"{name} must be true or false")


def _date_param(query: Mapping[str, str], name: str) -> str | None:
    value = query.get(name)
    if value is None or value == "":
        return None
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        raise _invalid(f"{name} is not a valid date") from None


def _datetime_param(query: Mapping[str, str], name: str) -> datetime | None:
    value = query.get(name)
    if value is None or value == "":
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise _invalid(f"{name} is not a valid date and time") from None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def main(argv: Iterable[str] | None = None) -> None:
    """``python -m leavebot.sandbox.harvest [--port N]``: serve until interrupted."""
    import argparse
    import asyncio

    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0)
    args = parser.parse_args(list(argv) if argv is not None else None)

    async def serve() -> None:
        sandbox = SandboxHarvest()
        await sandbox.start(args.host, args.port)
        print(f"api_url     {sandbox.api_url}")
        print(f"token       {sandbox.token}")
        print(f"account id  {sandbox.account_id}")
        print(
            f"project     {sandbox.project_id} (vacation task {sandbox.vacation_task_id}, "
            f"sick task {sandbox.sick_task_id})",
            flush=True,
        )
        try:
            await asyncio.Event().wait()
        finally:
            await sandbox.stop()

    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(serve())


if __name__ == "__main__":
    main()
