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

* ``GET /v2/company`` [``company.get``] -- the account's settings (see
  :mod:`leavebot.sandbox.harvest_rules`: ``wants_timestamp_timers``, ``clock``).
* ``GET /v2/users/me`` [``users.me``] -- the token's user (an administrator by
  default; ``access_roles`` say what it may do).
* ``GET /v2/users`` [``users.list``] -- ``is_active``, ``page``, ``per_page``.
* ``GET /v2/time_entries`` [``time_entries.list``] -- filters ``user_id``,
  ``project_id``, ``task_id``, ``external_reference_id``, ``is_running``,
  ``from`` / ``to`` (``spent_date``, inclusive), ``updated_since``; newest
  ``spent_date`` first.
* ``POST /v2/time_entries`` [``time_entries.create``] -- JSON or form body:
  ``user_id`` (default: the token's user), ``project_id``, ``task_id``,
  ``spent_date``, ``hours`` (a duration account) or ``started_time`` /
  ``ended_time`` (a timestamp account), ``notes``, ``external_reference``
  ``{id, group_id, account_id, permalink}``. Without ``hours`` (duration) or
  ``ended_time`` (timestamps) Harvest starts a timer: ``is_running`` true
  (and stops that user's other running timer). Another person's time needs
  the rights to log it (403); the person must be assigned to the project,
  the task to the project (422). Invalid input -> 422 ``{"message": ...}``.
  Harvest does not deduplicate by ``external_reference``; neither does the
  sandbox.
* ``GET|PATCH|DELETE /v2/time_entries/{id}`` [``time_entries.get`` /
  ``time_entries.update`` / ``time_entries.delete``] -- a delete answers 200
  with an empty body; an unknown id -> 404 ``{"status": 404, "error": "Not
  Found"}``; an entry in an approved period is changed or deleted by an
  administrator only (403).
* ``PATCH /v2/time_entries/{id}/stop`` [``time_entries.stop``].
* ``GET /v2/projects`` [``projects.list``], ``GET /v2/projects/{id}``
  [``projects.get``], ``GET /v2/task_assignments`` and
  ``GET /v2/projects/{id}/task_assignments`` [``task_assignments.list``],
  ``GET /v2/user_assignments`` and ``GET /v2/projects/{id}/user_assignments``
  [``user_assignments.list``].

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
``POST /sandbox/harvest/company`` (change settings, e.g.
``{"wants_timestamp_timers": true}``), ``POST /sandbox/harvest/approvals``
``{user_id, from, to}`` (a manager approves a period), ``POST
/sandbox/harvest/assignments`` ``{user_id, project_id, assigned}``,
``GET|POST|DELETE /sandbox/harvest/faults``, ``GET /sandbox/harvest/calls``,
``POST /sandbox/harvest/reset``.

The module is over 800 lines because it is one API's routes, state and JSON
shapes, which change together; the account's rules live in
:mod:`leavebot.sandbox.harvest_rules`.
"""

from __future__ import annotations

import contextlib
import itertools
import math
import time
from collections.abc import AsyncIterator, Callable, Iterable, Mapping, Sequence
from dataclasses import asdict
from datetime import UTC, date, datetime
from typing import Any
from urllib.parse import urlencode

from aiohttp import web

from leavebot.sandbox.common import (
    JSON,
    ConnectionDropped,
    Fault,
    HttpSandbox,
    drop_connection,
    dropping,
)
from leavebot.sandbox.harvest_data import (
    CLIENT,
    DEFAULT_ACCOUNT_ID,
    DEFAULT_TOKEN,
    DEFAULT_USERS,
    DEVELOPMENT_TASK_ID,
    INVALID_TOKEN,
    MAX_PER_PAGE,
    OTHER_PROJECT_ID,
    PROJECTS,
    REASONS,
    SICK_TASK_ID,
    TIME_OFF_PROJECT_ID,
    VACATION_TASK_ID,
    Entry,
    HarvestApiError,
    HarvestCall,
    HarvestUser,
    Limiter,
    Project,
    bool_param,
    date_param,
    datetime_param,
    external_reference_of,
    fault_error,
    hours_value,
    int_field,
    int_param,
    int_value,
    invalid,
    iso,
    now_text,
    read_body,
)
from leavebot.sandbox.harvest_rules import (
    ADMINISTRATOR,
    Approval,
    Company,
    RuleBroken,
    Rules,
    format_clock,
    parse_clock,
)

__all__ = [
    "DEFAULT_ACCOUNT_ID",
    "DEFAULT_TOKEN",
    "DEFAULT_USERS",
    "DEVELOPMENT_TASK_ID",
    "OTHER_PROJECT_ID",
    "PROJECTS",
    "REASONS",
    "SICK_TASK_ID",
    "TIME_OFF_PROJECT_ID",
    "VACATION_TASK_ID",
    "Company",
    "HarvestApiError",
    "HarvestCall",
    "HarvestUser",
    "SandboxHarvest",
    "fault_error",
    "serve_harvest",
]


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
        company: Company | None = None,
        assignments: Mapping[int, Iterable[int]] | None = None,
    ) -> None:
        """``token_user_id``: whose token it is (default: the first administrator);
        ``assignments``: the people assigned to each project (default: everyone to all)."""
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
            raise ValueError("the token's user must be one of the users")
        self.token_user_id = owner
        self.rules = Rules(company=company or Company())
        self._assigned: dict[int, set[int]] = {
            p.id: set(ids if assignments is None else assignments.get(p.id, ())) for p in PROJECTS
        }
        self.calls: list[HarvestCall] = []
        self._limiter = Limiter(rate_limit, rate_window_s)
        self._entries: dict[int, Entry] = {}
        self._ids = itertools.count(7100001)
        self._started = now_text()

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
        self._limiter = Limiter(limit, window_s)

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
            "company": self.rules.company.to_json(),
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
        except RuleBroken as broken:
            raise ValueError(broken.message) from None

    def delete_entry(self, entry_id: int) -> bool:
        """A person deletes an entry by hand; False if there is none."""
        return self._entries.pop(entry_id, None) is not None

    @property
    def company(self) -> Company:
        """The account's settings (``GET /v2/company``)."""
        return self.rules.company

    def set_company(self, **changes: Any) -> Company:
        """Change company settings, e.g. ``set_company(wants_timestamp_timers=True)``."""
        for name, value in changes.items():
            if not hasattr(self.rules.company, name):
                raise ValueError(f"no company setting {name!r}")
            setattr(self.rules.company, name, value)
        return self.rules.company

    def assign(self, user_id: int, project_id: int, assigned: bool = True) -> None:
        """Assign a person to a project (or take them off it)."""
        self._user(user_id)
        members = self._assigned[project_id]
        if assigned:
            members.add(user_id)
        else:
            members.discard(user_id)

    def assigned(self, user_id: int, project_id: int) -> bool:
        return user_id in self._assigned.get(project_id, set())

    def approve(self, user_id: int, first: date, last: date) -> None:
        """A manager approves ``user_id``'s timesheet from ``first`` to ``last``: its
        entries are closed and locked."""
        self._user(user_id)
        self.rules.approvals.append(Approval(user_id, first, last))

    def reset(self) -> None:
        """Forget entries, approvals, calls, faults and the rate-limit window."""
        self._entries.clear()
        self.rules.approvals.clear()
        self.calls.clear()
        self.faults.clear()
        self._limiter.times.clear()

    # -- routes --------------------------------------------------------------

    def add_routes(self, app: web.Application) -> None:
        api: list[tuple[str, str, str, Callable[[web.Request], Any]]] = [
            ("GET", "/v2/company", "company.get", self._company),
            ("GET", "/v2/users/me", "users.me", self._users_me),
            ("GET", "/v2/users", "users.list", self._users_list),
            ("GET", "/v2/time_entries", "time_entries.list", self._entries_list),
            ("POST", "/v2/time_entries", "time_entries.create", self._entries_create),
            ("GET", "/v2/time_entries/{id}", "time_entries.get", self._entries_get),
            ("PATCH", "/v2/time_entries/{id}", "time_entries.update", self._entries_update),
            ("DELETE", "/v2/time_entries/{id}", "time_entries.delete", self._entries_delete),
            ("PATCH", "/v2/time_entries/{id}/stop", "time_entries.stop", self._entries_stop),
            ("GET", "/v2/projects", "projects.list", self._projects_list),
            ("GET", "/v2/projects/{project_id}", "projects.get", self._project_get),
            ("GET", "/v2/user_assignments", "user_assignments.list", self._user_assignments),
            (
                "GET",
                "/v2/projects/{project_id}/user_assignments",
                "user_assignments.list",
                self._user_assignments,
            ),
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
        app.router.add_post(f"{prefix}/company", self._c_company)
        app.router.add_post(f"{prefix}/approvals", self._c_approvals)
        app.router.add_post(f"{prefix}/assignments", self._c_assignments)
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
                except RuleBroken as broken:
                    response = HarvestApiError(
                        broken.status, {"message": broken.message}
                    ).response()
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

    async def _company(self, request: web.Request) -> web.Response:
        return web.json_response(self.rules.company.to_json())

    async def _users_me(self, request: web.Request) -> web.Response:
        return web.json_response(self._user_json(self._user(self.token_user_id)))

    async def _users_list(self, request: web.Request) -> web.Response:
        users = list(self.users)
        active = bool_param(request.query, "is_active")
        if active is not None:
            users = [u for u in users if u.is_active == active]
        users.sort(key=lambda u: (u.last_name, u.first_name, u.id))
        return self._page(request, "users", [self._user_json(u) for u in users])

    async def _entries_list(self, request: web.Request) -> web.Response:
        q = request.query
        user_id = int_param(q, "user_id")
        project_id = int_param(q, "project_id")
        task_id = int_param(q, "task_id")
        ref = q.get("external_reference_id")
        running = bool_param(q, "is_running")
        first = date_param(q, "from")
        last = date_param(q, "to")
        since = datetime_param(q, "updated_since")

        def keep(e: Entry) -> bool:
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
        body = await read_body(request)
        return web.json_response(self._create(body), status=201)

    async def _entries_get(self, request: web.Request) -> web.Response:
        return web.json_response(self._entry_json(self._find(request)))

    async def _entries_delete(self, request: web.Request) -> web.Response:
        entry = self._find(request)
        token_user = self._user(self.token_user_id)
        self.rules.check_unlocked(token_user.roles, entry.user_id, entry.spent_date, "delete")
        if not self.rules.may_log_for(
            token_user.roles, token_user.teammates, entry.user_id, token_user.id
        ):
            raise RuleBroken(403, "You cannot delete time entries of other people")
        del self._entries[entry.id]
        return web.Response(status=200)

    async def _entries_update(self, request: web.Request) -> web.Response:
        entry = self._find(request)
        body = await read_body(request)
        token_user = self._user(self.token_user_id)
        self.rules.check_unlocked(token_user.roles, entry.user_id, entry.spent_date, "change")
        if not self.rules.may_log_for(
            token_user.roles, token_user.teammates, entry.user_id, token_user.id
        ):
            raise RuleBroken(403, "You cannot change time entries of other people")
        if "notes" in body:
            notes = body["notes"]
            if notes is not None and not isinstance(notes, str):
                raise invalid("Notes is invalid")
            entry.notes = notes
        if "hours" in body and not self.rules.company.wants_timestamp_timers:
            entry.hours = hours_value(body["hours"])
        entry.updated_at = now_text()
        return web.json_response(self._entry_json(entry))

    async def _entries_stop(self, request: web.Request) -> web.Response:
        entry = self._find(request)
        if entry.timer_started_at is None:
            raise invalid("Time entry is not running")
        self._stop(entry)
        return web.json_response(self._entry_json(entry))

    async def _projects_list(self, request: web.Request) -> web.Response:
        return self._page(request, "projects", [self._project_json(p) for p in PROJECTS])

    async def _project_get(self, request: web.Request) -> web.Response:
        wanted = int_value(request.match_info["project_id"])
        found = next((p for p in PROJECTS if p.id == wanted), None)
        if found is None:
            raise HarvestApiError(404)
        return web.json_response(self._project_json(found))

    async def _user_assignments(self, request: web.Request) -> web.Response:
        chosen = list(PROJECTS)
        if "project_id" in request.match_info:
            wanted = int_value(request.match_info["project_id"])
            chosen = [p for p in PROJECTS if p.id == wanted]
            if not chosen:
                raise HarvestApiError(404)
        user_id = int_param(request.query, "user_id")
        items = [
            {
                "id": 8000000 + p.id % 1000 * 1000 + u.id % 1000,
                "is_project_manager": ADMINISTRATOR in u.roles,
                "is_active": True,
                "use_default_rates": True,
                "budget": None,
                "created_at": self._started,
                "updated_at": self._started,
                "hourly_rate": None,
                "project": {"id": p.id, "name": p.name, "code": p.code},
                "user": {"id": u.id, "name": u.name},
            }
            for p in chosen
            for u in self.users
            if u.id in self._assigned[p.id] and (user_id is None or u.id == user_id)
        ]
        return self._page(request, "user_assignments", items)

    async def _assignments(self, request: web.Request) -> web.Response:
        chosen = list(PROJECTS)
        if "project_id" in request.match_info:
            wanted = int_value(request.match_info["project_id"])
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
            else int_field(body, "user_id", "User")
        )
        user = next((u for u in self.users if u.id == user_id), None)
        if user is None:
            raise invalid("User can't be blank")
        actor = self._user(self.token_user_id)
        if not self.rules.may_log_for(actor.roles, actor.teammates, user.id, actor.id):
            raise RuleBroken(
                403, "You do not have permission to create time entries for other people"
            )
        if not user.is_active:
            raise invalid("Cannot track time for an archived user")
        if body.get("project_id") in (None, ""):
            raise invalid("Project can't be blank")
        project = next(
            (p for p in PROJECTS if p.id == int_field(body, "project_id", "Project")), None
        )
        if project is None:
            raise invalid("Project can't be blank")
        if body.get("task_id") in (None, ""):
            raise invalid("Task can't be blank")
        task_id = int_field(body, "task_id", "Task")
        if task_id not in [t for _, t, _ in project.tasks]:
            raise invalid("Task must be assigned to the project")
        if user.id not in self._assigned[project.id]:
            raise invalid(f"{user.name} is not assigned to the project {project.name}")
        spent = body.get("spent_date")
        if spent in (None, ""):
            raise invalid("Spent date can't be blank")
        try:
            spent_date = date.fromisoformat(str(spent)).isoformat()
        except ValueError:
            raise invalid("Spent date is not a valid date") from None
        hours: float | None = None
        started: int | None = None
        ended: int | None = None
        if self.rules.company.wants_timestamp_timers:
            # Start and end times; no end: a running timer (hours are not read).
            now = datetime.now(UTC)
            started = (
                now.hour * 60 + now.minute
                if body.get("started_time") in (None, "")
                else parse_clock(body["started_time"], "Started time")
            )
            if body.get("ended_time") not in (None, ""):
                ended = parse_clock(body["ended_time"], "Ended time")
                if ended < started:
                    raise invalid("Ended time must be after the started time")
                hours = round((ended - started) / 60, 2)
        elif body.get("hours") not in (None, ""):
            hours = hours_value(body["hours"])
        notes = body.get("notes")
        if notes is not None and not isinstance(notes, str):
            raise invalid("Notes is invalid")
        reference = external_reference_of(body.get("external_reference"))
        created = now_text()
        entry = Entry(
            id=next(self._ids),
            user_id=user.id,
            project_id=project.id,
            task_id=task_id,
            spent_date=spent_date,
            hours=round(hours, 2) if hours is not None else 0.0,
            notes=notes,
            external_reference=reference,
            created_at=created,
            updated_at=created,
            started_minutes=started,
            ended_minutes=ended,
        )
        if hours is None:  # Harvest starts a timer, stopping the user's running one
            for other in self._entries.values():
                if other.user_id == user.id and other.timer_started_at is not None:
                    self._stop(other)
            entry.timer_started_at = time.time()
        self._entries[entry.id] = entry
        return self._entry_json(entry)

    def _stop(self, entry: Entry) -> None:
        entry.hours = self._hours(entry)
        entry.timer_started_at = None
        if entry.started_minutes is not None:
            entry.ended_minutes = entry.started_minutes + round(entry.hours * 60)
        entry.updated_at = now_text()

    def _hours(self, entry: Entry) -> float:
        if entry.timer_started_at is None:
            return entry.hours
        return round(entry.hours + (time.time() - entry.timer_started_at) / 3600, 2)

    def _find(self, request: web.Request) -> Entry:
        found = self._entries.get(int_value(request.match_info["id"]))
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
            "can_create_projects": ADMINISTRATOR in user.roles,
            "default_hourly_rate": None,
            "cost_rate": None,
            "roles": [],
            "access_roles": list(user.roles),
            "permissions_claims": ["billable_rates:read", "expenses:read:all"]
            if ADMINISTRATOR in user.roles
            else ["expenses:read:own", "timers:manage"],
            "avatar_url": "https://d3s3969qhosaug.cloudfront.net/v2/user.png",
            "created_at": self._started,
            "updated_at": self._started,
        }

    def _project_json(self, project: Project) -> JSON:
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

    def _entry_json(self, entry: Entry) -> JSON:
        user = self._user(entry.user_id)
        project = next(p for p in PROJECTS if p.id == entry.project_id)
        assignment_id, _, task_name = next(t for t in project.tasks if t[1] == entry.task_id)
        hours = self._hours(entry)
        running = entry.timer_started_at is not None
        locked = self.rules.locked_reason(entry.user_id, entry.spent_date)
        clock = self.rules.company.clock
        return {
            "id": entry.id,
            "spent_date": entry.spent_date,
            "hours": hours,
            "hours_without_timer": entry.hours,
            "rounded_hours": hours,
            "notes": entry.notes,
            "is_locked": locked is not None,
            "locked_reason": locked,
            "is_closed": locked is not None,
            "is_billed": False,
            "timer_started_at": iso(entry.timer_started_at) if running else None,
            "started_time": None
            if entry.started_minutes is None
            else format_clock(entry.started_minutes, clock),
            "ended_time": None
            if entry.ended_minutes is None
            else format_clock(entry.ended_minutes, clock),
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
        page = int_param(q, "page") or 1
        per_page = int_param(q, "per_page") or MAX_PER_PAGE
        if page < 1:
            raise invalid("page must be greater than 0")
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

    async def _c_company(self, request: web.Request) -> web.Response:
        try:
            body = await request.json()
            if not isinstance(body, dict):
                raise ValueError("the body must be a JSON object")
            company = self.set_company(**body)
        except (ValueError, TypeError) as exc:
            return web.json_response({"error": str(exc)}, status=400)
        return web.json_response(company.to_json())

    async def _c_approvals(self, request: web.Request) -> web.Response:
        try:
            body = await request.json()
            self.approve(
                int(body["user_id"]),
                date.fromisoformat(str(body["from"])),
                date.fromisoformat(str(body["to"])),
            )
        except (ValueError, TypeError, KeyError, StopIteration) as exc:
            return web.json_response({"error": f"bad approval: {exc!r}"}, status=400)
        return web.json_response({"approved": True})

    async def _c_assignments(self, request: web.Request) -> web.Response:
        try:
            body = await request.json()
            assigned = body.get("assigned", True)
            if not isinstance(assigned, bool):
                raise ValueError("assigned must be true or false")
            self.assign(int(body["user_id"]), int(body["project_id"]), assigned)
        except (ValueError, TypeError, KeyError, StopIteration) as exc:
            return web.json_response({"error": f"bad assignment: {exc!r}"}, status=400)
        return web.json_response({"assigned": assigned})

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
