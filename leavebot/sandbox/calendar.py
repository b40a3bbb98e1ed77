"""A sandbox Google Calendar API v3: the events subset leavebot uses, plus an OAuth token endpoint.

The real ``googleapiclient`` (static discovery) and ``google-auth`` service
account flow talk to it over real sockets::

    sandbox = SandboxCalendar()
    await sandbox.start()
    creds = service_account.Credentials.from_service_account_info(
        sandbox.service_account_info(), scopes=[CALENDAR_SCOPE]
    )
    service = build("calendar", "v3", credentials=creds, static_discovery=True,
                    client_options={"api_endpoint": sandbox.api_endpoint})

``api_endpoint`` replaces the discovery document's ``rootUrl`` +
``servicePath`` (``https://www.googleapis.com/calendar/v3/``) as a whole, and
method paths are joined to it with ``urljoin``; so it is
``http://host:port/calendar/v3/`` **with** the trailing slash, and the
sandbox serves ``/calendar/v3/calendars/{calendarId}/events[/{eventId}]``.

Token endpoint (``POST /token``, the ``token_uri`` of
:meth:`SandboxCalendar.service_account_info`): takes the JWT-bearer grant
google-auth sends, checks ``grant_type``, and verifies the assertion's RS256
signature against the keys this sandbox generated (an unknown key or a bad
signature is ``400 invalid_grant``). It answers ``{"access_token",
"expires_in", "token_type"}``. The API accepts those tokens (while not
expired or revoked) and the fixed :data:`STATIC_ACCESS_TOKEN`; no
``Authorization`` -> 401 ``required``, an unknown token -> 401 ``authError``
(google-auth then refreshes and retries once), a token without a calendar
scope -> 403 ``insufficientPermissions``.

Events, as Google keeps them: a client-chosen ``id`` must be 5-1024
characters of base32hex (``a-v``, ``0-9``), else 400 ``invalid``; an id in
use -> 409 ``duplicate``, **also when its event was deleted** -- usually:
Google's Event ``id`` reference says "due to the globally distributed nature
of the system, we cannot guarantee that ID collisions will be detected at
event creation time" (https://developers.google.com/workspace/calendar/api/v3/reference/events).
:meth:`SandboxCalendar.miss_duplicates` makes the next repeated ids be
accepted (200, a second event with the same id, which ``list`` and
:meth:`SandboxCalendar.events` show and ``get`` does not); or every
``duplicate_miss_rate`` of them, at random. Otherwise: a deleted
event stays, with ``status: "cancelled"``; ``get`` returns it, ``list``
shows it only with ``showDeleted=true``, deleting it again -> 410
``deleted``. ``start``/``end`` take ``date`` (all-day; ``end`` is exclusive)
or ``dateTime`` (+ ``timeZone`` when it has no UTC offset), both of the same
kind, end after start (else 400 ``timeRangeEmpty``). All-day dates are read
in the calendar's time zone. ``patch`` merges top-level fields, ``update``
replaces them; both bump ``sequence`` and the ``etag`` and may restore a
cancelled event by setting ``status: "confirmed"``. Errors are Google's
shape: ``{"error": {"code", "message", "errors": [{"domain", "reason",
"message"}], "status"}}``.

Faults (see :mod:`leavebot.sandbox.common`) per operation: ``insert``,
``get``, ``list``, ``delete``, ``patch``, ``update`` (or ``*``: any of these), and
``token`` (only faults queued for ``token`` itself apply to the token endpoint).
An ``error`` fault answers 500/503 ``backendError``, 403/429
``rateLimitExceeded`` (domain ``usageLimits``), or another status with a
generic reason. Note for clients: ``httplib2`` (under googleapiclient) sends
a request again by itself when the server closes the connection without an
answer, so a single ``drop`` of an insert reaches the client as 409
``duplicate`` from the repeat, and two ``drop`` faults as
``http.client.RemoteDisconnected``; the event exists either way.
(leavebot's own client sends an insert on a connection of its own that is
never sent again, and looks an unanswered insert up instead.)

Control routes (JSON): ``GET /sandbox/calendar/events`` (every event,
cancelled ones too, each with ``calendarId``; ``?calendar_id=`` filters),
``DELETE /sandbox/calendar/events/{calendarId}/{eventId}`` (a person deletes
an event by hand), ``GET|POST|DELETE /sandbox/calendar/faults``,
``GET /sandbox/calendar/calls``, ``POST /sandbox/calendar/service_account``
(a new service-account JSON), ``POST /sandbox/calendar/revoke_tokens``,
``POST /sandbox/calendar/reset``, ``GET /sandbox/calendar`` (``info()``).

The module is over 800 lines because it is one API (routes, validation,
storage, list queries) and the OAuth token endpoint its clients need to
reach it, which change together.
"""

from __future__ import annotations

import base64
import contextlib
import json
import random
import re
import secrets
import time
from collections.abc import AsyncIterator, Callable, Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from aiohttp import web
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa

from leavebot.sandbox.common import (
    JSON,
    ConnectionDropped,
    HttpSandbox,
    drop_connection,
    dropping,
)

CALENDAR_ID = "leave@sandbox.calendar"
CALENDAR_SCOPE = "https://www.googleapis.com/auth/calendar"
EVENTS_SCOPE = "https://www.googleapis.com/auth/calendar.events"
ACCEPTED_SCOPES = frozenset({CALENDAR_SCOPE, EVENTS_SCOPE})
STATIC_ACCESS_TOKEN = "ya29.sandbox-calendar-static-token"  # noqa: S105 (a sandbox token)
JWT_BEARER = "urn:ietf:params:oauth:grant-type:jwt-bearer"
PROJECT_ID = "leavebot-sandbox"
SERVICE_ACCOUNT_EMAIL = f"leavebot@{PROJECT_ID}.iam.gserviceaccount.com"

ID_PATTERN = re.compile(r"[a-v0-9]{5,1024}")
WRITABLE = (
    "summary",
    "description",
    "location",
    "start",
    "end",
    "status",
    "transparency",
    "visibility",
    "colorId",
    "attendees",
    "extendedProperties",
    "reminders",
    "source",
)
ENUMS: dict[str, tuple[str, ...]] = {
    "status": ("confirmed", "tentative", "cancelled"),
    "transparency": ("opaque", "transparent"),
    "visibility": ("default", "public", "private", "confidential"),
}
STATUS_NAMES = {
    400: "INVALID_ARGUMENT",
    401: "UNAUTHENTICATED",
    403: "PERMISSION_DENIED",
    404: "NOT_FOUND",
    409: "ALREADY_EXISTS",
    412: "FAILED_PRECONDITION",
    429: "RESOURCE_EXHAUSTED",
    500: "INTERNAL",
    501: "NOT_IMPLEMENTED",
    503: "UNAVAILABLE",
    504: "DEADLINE_EXCEEDED",
}
MAX_RESULTS = 2500
DEFAULT_MAX_RESULTS = 250


class CalendarApiError(Exception):
    """An API error answer in Google's shape."""

    def __init__(
        self,
        code: int,
        reason: str,
        message: str,
        *,
        domain: str = "global",
        location: str | None = None,
    ) -> None:
        super().__init__(message)
        self.code = code
        self.reason = reason
        self.message = message
        self.domain = domain
        self.location = location

    def response(self) -> web.Response:
        item: JSON = {"domain": self.domain, "reason": self.reason, "message": self.message}
        if self.location is not None:
            item["location"] = self.location
            item["locationType"] = "header" if self.location == "Authorization" else "parameter"
        error: JSON = {"code": self.code, "message": self.message, "errors": [item]}
        if self.code in STATUS_NAMES:
            error["status"] = STATUS_NAMES[self.code]
        return web.json_response({"error": error}, status=self.code)


def fault_error(status: int) -> CalendarApiError:
    """What Google answers with HTTP ``status`` when it is not the request's fault."""
    if status in (403, 429):
        return CalendarApiError(
            status, "rateLimitExceeded", "Rate Limit Exceeded", domain="usageLimits"
        )
    if status >= 500:
        return CalendarApiError(status, "backendError", "Backend Error")
    reasons = {400: "badRequest", 401: "authError", 404: "notFound", 409: "conflict"}
    return CalendarApiError(status, reasons.get(status, "error"), f"Sandbox fault {status}")


def _bad(message: str, reason: str = "invalid") -> CalendarApiError:
    return CalendarApiError(400, reason, message)


NOT_FOUND = (404, "notFound", "Not Found")


@dataclass
class _Event:
    calendar_id: str
    resource: JSON
    start: datetime
    end: datetime

    @property
    def cancelled(self) -> bool:
        return self.resource.get("status") == "cancelled"


@dataclass(frozen=True)
class _Token:
    client_email: str
    scopes: frozenset[str]
    expires_at: float


@dataclass(frozen=True)
class CalendarCall:
    """One request to the API or the token endpoint, as the sandbox answered it.

    ``status`` is the answer the sandbox made, also when a ``drop`` fault then
    kept it from the client; 0 for ``drop_before`` (nothing was done).
    """

    op: str
    method: str
    path: str
    calendar_id: str | None
    event_id: str | None
    status: int
    fault: str | None


class SandboxCalendar(HttpSandbox):
    """The sandbox Calendar: state, the Python control API and the aiohttp routes."""

    control_prefix = "/sandbox/calendar"

    def __init__(
        self,
        calendar_ids: Sequence[str] = (CALENDAR_ID,),
        *,
        time_zone: str = "UTC",
        summary: str = "Leave",
        token_ttl: int = 3600,
        static_token: str | None = STATIC_ACCESS_TOKEN,
        duplicate_miss_rate: float = 0.0,
    ) -> None:
        """``calendar_ids[0]`` is also served as ``primary``; ``static_token`` None disables it;
        ``duplicate_miss_rate``: how often a repeated id is not detected (0 to 1)."""
        super().__init__()
        if not 0.0 <= duplicate_miss_rate <= 1.0:
            raise ValueError("duplicate_miss_rate is a fraction, 0 to 1")
        self.duplicate_miss_rate = duplicate_miss_rate
        self._missed_duplicates = 0
        self._copies: list[_Event] = []  # events made with an id already taken
        self._random = random.Random(0)
        if not calendar_ids:
            raise ValueError("at least one calendar id is needed")
        self.calendar_ids = list(calendar_ids)
        self.time_zone = time_zone
        self._tz = ZoneInfo(time_zone)
        self.summary = summary
        self.token_ttl = token_ttl
        self.static_token = static_token
        self.calls: list[CalendarCall] = []
        self._events: dict[tuple[str, str], _Event] = {}
        self._tokens: dict[str, _Token] = {}
        self._keys: dict[str, tuple[str, rsa.RSAPublicKey]] = {}  # kid -> (email, key)
        self._clock = 0

    # -- addresses ---------------------------------------------------------

    @property
    def api_endpoint(self) -> str:
        """``client_options={"api_endpoint": ...}`` for ``googleapiclient.discovery.build``."""
        return f"{self.base_url}/calendar/v3/"

    @property
    def token_uri(self) -> str:
        return f"{self.base_url}/token"

    @property
    def calendar_id(self) -> str:
        """The default calendar (also reachable as ``primary``)."""
        return self.calendar_ids[0]

    def info(self) -> JSON:
        return {
            "api_endpoint": self.api_endpoint,
            "token_uri": self.token_uri,
            "calendar_ids": list(self.calendar_ids),
            "time_zone": self.time_zone,
            "static_token": self.static_token,
            "events": len(self._events),
        }

    # -- service accounts --------------------------------------------------

    def service_account_info(self, client_email: str = SERVICE_ACCOUNT_EMAIL) -> JSON:
        """A new service-account key file's content whose ``token_uri`` is this sandbox.

        For ``service_account.Credentials.from_service_account_info``; the
        sandbox keeps the public key to verify the client's signed assertions.
        """
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        kid = secrets.token_hex(20)
        self._keys[kid] = (client_email, key.public_key())
        pem = key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        ).decode()
        return {
            "type": "service_account",
            "project_id": PROJECT_ID,
            "private_key_id": kid,
            "private_key": pem,
            "client_email": client_email,
            "client_id": str(100000000000000000000 + secrets.randbelow(10**20)),
            "auth_uri": f"{self.base_url}/o/oauth2/auth",
            "token_uri": self.token_uri,
            "auth_provider_x509_cert_url": f"{self.base_url}/oauth2/v1/certs",
            "client_x509_cert_url": f"{self.base_url}/robot/v1/metadata/x509/{client_email}",
            "universe_domain": "googleapis.com",
        }

    def write_service_account(
        self, path: str | Path, client_email: str = SERVICE_ACCOUNT_EMAIL
    ) -> Path:
        """Write :meth:`service_account_info` to ``path`` (mode 0600); returns the path."""
        target = Path(path)
        target.write_text(json.dumps(self.service_account_info(client_email), indent=2))
        target.chmod(0o600)
        return target

    def revoke_tokens(self) -> int:
        """Forget every issued access token (not the static one); returns how many."""
        count = len(self._tokens)
        self._tokens.clear()
        return count

    # -- Python control API ------------------------------------------------

    def miss_duplicates(self, times: int = 1) -> None:
        """The next ``times`` inserts of an id already taken are accepted, not 409: Google
        does not promise to detect a repeated id at creation."""
        self._missed_duplicates += times

    def events(self, calendar_id: str | None = None) -> list[JSON]:
        """Every event (cancelled ones too, copies with a repeated id too), each with
        ``calendarId``, by start."""
        chosen = [
            e
            for e in [*self._events.values(), *self._copies]
            if calendar_id is None or e.calendar_id == self._calendar(calendar_id)
        ]
        chosen.sort(key=lambda e: (e.start, e.resource["id"]))
        return [{"calendarId": e.calendar_id, **e.resource} for e in chosen]

    def event(self, event_id: str, calendar_id: str | None = None) -> JSON | None:
        """One event's resource (cancelled ones too), or None."""
        found = self._events.get((self._calendar(calendar_id or self.calendar_id), event_id))
        return None if found is None else dict(found.resource)

    def live_events(self, calendar_id: str | None = None) -> list[JSON]:
        """The events that are not cancelled."""
        return [e for e in self.events(calendar_id) if e["status"] != "cancelled"]

    def delete_event(self, event_id: str, calendar_id: str | None = None) -> bool:
        """Cancel an event as a person would in the Calendar UI; False if none or cancelled."""
        found = self._events.get((self._calendar(calendar_id or self.calendar_id), event_id))
        if found is None or found.cancelled:
            return False
        self._touch(found, {"status": "cancelled"})
        return True

    def reset(self) -> None:
        """Forget events, calls and faults (keys and tokens stay)."""
        self._events.clear()
        self._copies.clear()
        self._missed_duplicates = 0
        self.calls.clear()
        self.faults.clear()

    # -- routes ------------------------------------------------------------

    def add_routes(self, app: web.Application) -> None:
        base = "/calendar/v3/calendars/{calendarId}/events"
        api: list[tuple[str, str, str, Callable[[web.Request, str], Any]]] = [
            ("POST", base, "insert", self._insert),
            ("GET", base, "list", self._list),
            ("GET", base + "/{eventId}", "get", self._get),
            ("DELETE", base + "/{eventId}", "delete", self._delete),
            ("PATCH", base + "/{eventId}", "patch", self._patch),
            ("PUT", base + "/{eventId}", "update", self._update),
        ]
        for verb, path, op, handler in api:
            app.router.add_route(verb, path, dropping(self._api_route(op, handler)))
        app.router.add_post("/token", dropping(self._token))
        prefix = self.control_prefix
        app.router.add_get(prefix, self._c_info)
        app.router.add_get(f"{prefix}/events", self._c_events)
        app.router.add_delete(f"{prefix}/events/{{calendarId}}/{{eventId}}", self._c_delete)
        app.router.add_get(f"{prefix}/calls", self._c_calls)
        app.router.add_post(f"{prefix}/service_account", self._c_service_account)
        app.router.add_post(f"{prefix}/revoke_tokens", self._c_revoke)
        app.router.add_post(f"{prefix}/reset", self._c_reset)
        self.add_fault_routes(app)

    def _api_route(
        self, op: str, handler: Callable[[web.Request, str], Any]
    ) -> Callable[[web.Request], Any]:
        async def route(request: web.Request) -> web.StreamResponse:
            fault_kind: str | None = None
            status = 500
            try:
                await request.read()  # the whole request arrived, whatever happens next
                self._authorize(request)
                calendar_id = self._calendar(request.match_info["calendarId"])
                fault = self.faults.take(op)
                if fault is not None:
                    fault_kind = fault.kind
                    if fault.kind == "error":
                        raise fault_error(fault.status)
                    if fault.kind == "drop_before":
                        raise drop_connection(request)
                    if fault.kind == "slow":
                        await self.sleep(fault.delay_s)
                try:
                    response: web.StreamResponse = await handler(request, calendar_id)
                except CalendarApiError as error:
                    response = error.response()
                status = response.status
                if fault is not None and fault.kind == "drop":
                    raise drop_connection(request)
                return response
            except CalendarApiError as error:
                status = error.code
                return error.response()
            except ConnectionDropped:
                if fault_kind == "drop_before":
                    status = 0
                raise
            finally:
                self.calls.append(
                    CalendarCall(
                        op,
                        request.method,
                        request.path,
                        request.match_info.get("calendarId"),
                        request.match_info.get("eventId"),
                        status,
                        fault_kind,
                    )
                )

        return route

    def _authorize(self, request: web.Request) -> None:
        header = request.headers.get("Authorization", "")
        if not header.lower().startswith("bearer ") or not header[7:].strip():
            raise CalendarApiError(
                401,
                "required",
                "Login Required.",
                location="Authorization",
            )
        token = header[7:].strip()
        if self.static_token is not None and token == self.static_token:
            return
        issued = self._tokens.get(token)
        if issued is None or issued.expires_at <= time.time():
            raise CalendarApiError(
                401, "authError", "Invalid Credentials", location="Authorization"
            )
        if not issued.scopes & ACCEPTED_SCOPES:
            raise CalendarApiError(
                403, "insufficientPermissions", "Request had insufficient authentication scopes."
            )

    def _calendar(self, calendar_id: str) -> str:
        if calendar_id == "primary":
            return self.calendar_ids[0]
        if calendar_id not in self.calendar_ids:
            raise CalendarApiError(*NOT_FOUND)
        return calendar_id

    def _find(self, calendar_id: str, request: web.Request) -> _Event:
        found = self._events.get((calendar_id, request.match_info["eventId"]))
        if found is None:
            raise CalendarApiError(*NOT_FOUND)
        return found

    # -- API operations ----------------------------------------------------

    async def _insert(self, request: web.Request, calendar_id: str) -> web.Response:
        body = await _json_object(request)
        event_id = body.get("id")
        if event_id is None:
            event_id = _new_id()
        elif not isinstance(event_id, str) or not ID_PATTERN.fullmatch(event_id):
            raise _bad("Invalid resource id value.")
        fields = self._validated(body, full=True)
        copy = False
        if (calendar_id, event_id) in self._events:
            copy = self._miss_this_duplicate()
            if not copy:
                raise CalendarApiError(409, "duplicate", "The requested identifier already exists.")
        now = self._now()
        resource: JSON = {
            "kind": "calendar#event",
            "etag": "",
            "id": event_id,
            "status": "confirmed",
            "htmlLink": _html_link(event_id, calendar_id),
            "created": now,
            "updated": now,
            "creator": {"email": self._creator(request)},
            "organizer": {"email": calendar_id, "displayName": self.summary, "self": True},
            "iCalUID": f"{event_id}@google.com",
            "sequence": 0,
            "reminders": {"useDefault": True},
            "eventType": "default",
        }
        resource.update(fields)
        event = _Event(calendar_id, resource, *self._bounds(resource))
        resource["etag"] = self._etag()
        if copy:
            self._copies.append(event)
        else:
            self._events[(calendar_id, event_id)] = event
        return web.json_response(resource)

    def _miss_this_duplicate(self) -> bool:
        if self._missed_duplicates > 0:
            self._missed_duplicates -= 1
            return True
        return self.duplicate_miss_rate > 0 and self._random.random() < self.duplicate_miss_rate

    async def _get(self, request: web.Request, calendar_id: str) -> web.Response:
        return web.json_response(self._find(calendar_id, request).resource)

    async def _delete(self, request: web.Request, calendar_id: str) -> web.Response:
        event = self._find(calendar_id, request)
        if event.cancelled:
            raise CalendarApiError(410, "deleted", "Resource has been deleted")
        self._touch(event, {"status": "cancelled"})
        return web.Response(status=204)

    async def _patch(self, request: web.Request, calendar_id: str) -> web.Response:
        event = self._find(calendar_id, request)
        fields = self._validated(await _json_object(request), full=False)
        merged = {**event.resource, **fields}
        start, end = self._bounds(merged)
        event.start, event.end = start, end
        self._touch(event, {**fields, "start": merged["start"], "end": merged["end"]})
        return web.json_response(event.resource)

    async def _update(self, request: web.Request, calendar_id: str) -> web.Response:
        event = self._find(calendar_id, request)
        fields = self._validated(await _json_object(request), full=True)
        start, end = self._bounds(fields)
        for name in WRITABLE:
            if name not in fields and name != "status":
                event.resource.pop(name, None)
        event.start, event.end = start, end
        self._touch(event, fields)
        return web.json_response(event.resource)

    async def _list(self, request: web.Request, calendar_id: str) -> web.Response:
        query = request.query
        time_min = _query_time(query.get("timeMin"), "timeMin")
        time_max = _query_time(query.get("timeMax"), "timeMax")
        if time_min is not None and time_max is not None and time_max <= time_min:
            raise _bad("The specified time range is empty.", "timeRangeEmpty")
        updated_min = _query_time(query.get("updatedMin"), "updatedMin")
        show_deleted = _query_bool(query, "showDeleted")
        single_events = _query_bool(query, "singleEvents")
        order_by = query.get("orderBy")
        if order_by not in (None, "startTime", "updated"):
            raise _bad(f"Invalid value for: {order_by}")
        if order_by == "startTime" and not single_events:
            raise _bad(
                "The requested ordering is not available for the particular query.", "badRequest"
            )
        max_results = _query_int(query, "maxResults", DEFAULT_MAX_RESULTS, 1)
        max_results = min(max_results, MAX_RESULTS)
        words = (query.get("q") or "").lower().split()
        ical_uid = query.get("iCalUID")
        private_props = [p.partition("=") for p in query.getall("privateExtendedProperty", [])]
        offset = _read_page_token(query.get("pageToken"))

        def keep(event: _Event) -> bool:
            res = event.resource
            if event.cancelled and not show_deleted:
                return False
            if time_min is not None and event.end <= time_min:
                return False
            if time_max is not None and event.start >= time_max:
                return False
            if updated_min is not None and _parse_rfc3339(res["updated"]) < updated_min:
                return False
            if ical_uid is not None and res.get("iCalUID") != ical_uid:
                return False
            private = (res.get("extendedProperties") or {}).get("private") or {}
            if any(private.get(k) != v for k, _, v in private_props):
                return False
            if words:
                text = " ".join(
                    [str(res.get(n, "")) for n in ("summary", "description", "location")]
                    + [str(a.get("email", "")) for a in res.get("attendees", [])]
                ).lower()
                if not all(word in text for word in words):
                    return False
            return True

        chosen = [
            e
            for e in [*self._events.values(), *self._copies]
            if e.calendar_id == calendar_id and keep(e)
        ]
        if order_by == "updated":
            chosen.sort(key=lambda e: (e.resource["updated"], e.resource["id"]))
        else:
            chosen.sort(key=lambda e: (e.start, e.resource["id"]))
        page = chosen[offset : offset + max_results]
        body: JSON = {
            "kind": "calendar#events",
            "etag": self._etag(),
            "summary": self.summary,
            "description": "",
            "updated": self._now(),
            "timeZone": self.time_zone,
            "accessRole": "owner",
            "defaultReminders": [],
            "items": [e.resource for e in page],
        }
        if offset + max_results < len(chosen):
            body["nextPageToken"] = _page_token(offset + max_results)
        else:
            body["nextSyncToken"] = _page_token(len(self._events))
        return web.json_response(body)

    # -- token endpoint ----------------------------------------------------

    async def _token(self, request: web.Request) -> web.StreamResponse:
        fault_kind: str | None = None
        status = 200
        try:
            form = await request.post()
            fault = self.faults.take("token", wildcard=False)
            if fault is not None:
                fault_kind = fault.kind
                if fault.kind == "error":
                    status = fault.status
                    return _oauth_error(fault.status, "internal_failure", "Backend Error")
                if fault.kind == "drop_before":
                    status = 0
                    raise drop_connection(request)
                if fault.kind == "slow":
                    await self.sleep(fault.delay_s)
            grant = form.get("grant_type")
            grant_type = grant if isinstance(grant, str) else ""
            if grant_type != JWT_BEARER:
                status = 400
                return _oauth_error(
                    400, "unsupported_grant_type", f"Invalid grant_type: {grant_type}"
                )
            assertion = form.get("assertion")
            if not isinstance(assertion, str) or not assertion:
                status = 400
                return _oauth_error(400, "invalid_request", "Missing required parameter: assertion")
            try:
                client_email, scopes = self._verify_assertion(assertion)
            except ValueError as exc:
                status = 400
                return _oauth_error(400, "invalid_grant", str(exc))
            token = f"ya29.sandbox-{secrets.token_urlsafe(32)}"
            self._tokens[token] = _Token(client_email, scopes, time.time() + self.token_ttl)
            response = web.json_response(
                {"access_token": token, "expires_in": self.token_ttl, "token_type": "Bearer"}
            )
            if fault is not None and fault.kind == "drop":
                raise drop_connection(request)
            return response
        finally:
            self.calls.append(
                CalendarCall("token", request.method, request.path, None, None, status, fault_kind)
            )

    def _verify_assertion(self, assertion: str) -> tuple[str, frozenset[str]]:
        """The issuer and scopes of a valid RS256 assertion signed by a known key."""
        parts = assertion.split(".")
        if len(parts) != 3:
            raise ValueError("Invalid JWT: malformed assertion.")
        try:
            header = json.loads(_b64decode(parts[0]))
            claims = json.loads(_b64decode(parts[1]))
            signature = _b64decode(parts[2])
        except ValueError:
            raise ValueError("Invalid JWT: malformed assertion.") from None
        if not isinstance(header, dict) or not isinstance(claims, dict):
            raise ValueError("Invalid JWT: malformed assertion.")
        if header.get("alg") != "RS256":
            raise ValueError("Invalid JWT Signature.")
        known = self._keys.get(str(header.get("kid")))
        if known is None:
            raise ValueError("Invalid JWT Signature.")
        email, public_key = known
        try:
            public_key.verify(
                signature,
                f"{parts[0]}.{parts[1]}".encode(),
                padding.PKCS1v15(),
                hashes.SHA256(),
            )
        except InvalidSignature:
            raise ValueError("Invalid JWT Signature.") from None
        if claims.get("iss") != email:
            raise ValueError("Invalid JWT: the issuer is not the key's service account.")
        if not str(claims.get("aud", "")).endswith("/token"):
            raise ValueError("Invalid JWT: the audience is not the token endpoint.")
        now = time.time()
        exp, iat = claims.get("exp"), claims.get("iat")
        if not isinstance(exp, int | float) or not isinstance(iat, int | float):
            raise ValueError("Invalid JWT: exp and iat are required.")
        if exp <= now - 60 or iat > now + 300 or exp - iat > 3600:
            raise ValueError(
                "Invalid JWT: Token must be a short-lived token (60 minutes) and in a "
                "reasonable timeframe. Check your iat and exp values in the JWT claim."
            )
        return email, frozenset(str(claims.get("scope", "")).split())

    # -- control routes ----------------------------------------------------

    async def _c_info(self, request: web.Request) -> web.Response:
        return web.json_response(self.info())

    async def _c_events(self, request: web.Request) -> web.Response:
        try:
            return web.json_response(self.events(request.query.get("calendar_id")))
        except CalendarApiError:
            return web.json_response({"error": "unknown calendar"}, status=404)

    async def _c_delete(self, request: web.Request) -> web.Response:
        try:
            deleted = self.delete_event(
                request.match_info["eventId"], request.match_info["calendarId"]
            )
        except CalendarApiError:
            return web.json_response({"error": "unknown calendar"}, status=404)
        return web.json_response({"deleted": deleted})

    async def _c_calls(self, request: web.Request) -> web.Response:
        return web.json_response([asdict(c) for c in self.calls])

    async def _c_service_account(self, request: web.Request) -> web.Response:
        return web.json_response(self.service_account_info())

    async def _c_revoke(self, request: web.Request) -> web.Response:
        return web.json_response({"revoked": self.revoke_tokens()})

    async def _c_reset(self, request: web.Request) -> web.Response:
        self.reset()
        return web.json_response({"reset": True})

    # -- helpers -----------------------------------------------------------

    def _validated(self, body: Mapping[str, Any], *, full: bool) -> JSON:
        """The writable fields of ``body``, checked; ``full``: start and end are required."""
        fields: JSON = {name: body[name] for name in WRITABLE if name in body}
        for name, allowed in ENUMS.items():
            if name in fields and fields[name] not in allowed:
                raise _bad(f"Invalid value for: {name}")
        for name in ("summary", "description", "location"):
            if name in fields and not isinstance(fields[name], str):
                raise _bad(f"Invalid value for: {name}")
        for which in ("start", "end"):
            if which in fields:
                if not isinstance(fields[which], dict):
                    raise _bad(f"Invalid value for: {which}")
                fields[which] = {
                    k: v for k, v in fields[which].items() if k in ("date", "dateTime", "timeZone")
                }
            elif full:
                raise CalendarApiError(400, "required", f"Missing {which} time.")
        if "attendees" in fields:
            attendees = fields["attendees"]
            if not isinstance(attendees, list) or not all(
                isinstance(a, dict) and isinstance(a.get("email"), str) for a in attendees
            ):
                raise _bad("Invalid attendee email.")
            fields["attendees"] = [{"responseStatus": "needsAction", **a} for a in attendees]
        return fields

    def _bounds(self, resource: JSON) -> tuple[datetime, datetime]:
        """Check start/end; a ``dateTime`` is stored as Google shows it: with its offset
        in the event's ``timeZone`` (else the calendar's)."""
        start, start_kind = self._instant(resource.get("start"), "start")
        end, end_kind = self._instant(resource.get("end"), "end")
        if start_kind != end_kind:
            raise _bad("Start and end times must either both be date or both be dateTime.")
        if end <= start:
            raise _bad("The specified time range is empty.", "timeRangeEmpty")
        if start_kind == "dateTime":
            for which, moment in (("start", start), ("end", end)):
                value = dict(resource[which])
                zone = ZoneInfo(value["timeZone"]) if value.get("timeZone") else self._tz
                value["dateTime"] = moment.astimezone(zone).isoformat()
                resource[which] = value
        return start, end

    def _instant(self, value: Any, which: str) -> tuple[datetime, str]:
        if not isinstance(value, dict) or not (value.get("date") or value.get("dateTime")):
            raise CalendarApiError(400, "required", f"Missing {which} time.")
        if value.get("date") and value.get("dateTime"):
            raise _bad(f"Invalid {which} time.")
        zone = value.get("timeZone")
        tz = self._tz
        if zone is not None:
            try:
                tz = ZoneInfo(str(zone))
            except (ZoneInfoNotFoundError, ValueError):
                raise _bad(f"Invalid time zone definition for {which} time.") from None
        if value.get("date"):
            try:
                day = date.fromisoformat(str(value["date"]))
            except ValueError:
                raise _bad(f"Invalid {which} time.") from None
            if len(str(value["date"])) != 10:
                raise _bad(f"Invalid {which} time.")
            return datetime(day.year, day.month, day.day, tzinfo=self._tz), "date"
        try:
            moment = datetime.fromisoformat(str(value["dateTime"]))
        except ValueError:
            raise _bad(f"Invalid {which} time.") from None
        if moment.tzinfo is None:
            if zone is None:
                raise CalendarApiError(
                    400, "required", f"Missing time zone definition for {which} time."
                )
            moment = moment.replace(tzinfo=tz)
        return moment.astimezone(UTC), "dateTime"

    def _touch(self, event: _Event, fields: Mapping[str, Any]) -> None:
        event.resource.update(fields)
        event.resource["updated"] = self._now()
        event.resource["sequence"] = int(event.resource.get("sequence", 0)) + 1
        event.resource["etag"] = self._etag()

    def _etag(self) -> str:
        self._clock = max(self._clock + 1, time.time_ns() // 1000)
        return f'"{self._clock}"'

    def _now(self) -> str:
        return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")

    def _creator(self, request: web.Request) -> str:
        token = request.headers.get("Authorization", "")[7:].strip()
        issued = self._tokens.get(token)
        return issued.client_email if issued is not None else SERVICE_ACCOUNT_EMAIL


@contextlib.asynccontextmanager
async def serve_calendar(
    calendar_ids: Sequence[str] = (CALENDAR_ID,), **options: Any
) -> AsyncIterator[SandboxCalendar]:
    """``async with serve_calendar() as sandbox:`` -- started on a free port, stopped after."""
    sandbox = SandboxCalendar(calendar_ids, **options)
    await sandbox.start()
    try:
        yield sandbox
    finally:
        await sandbox.stop()


# -- module helpers ---------------------------------------------------------

_BASE32HEX = "0123456789abcdefghijklmnopqrstuv"


def _new_id() -> str:
    """A random event id as Google generates them (26 base32hex characters)."""
    return "".join(secrets.choice(_BASE32HEX) for _ in range(26))


def _html_link(event_id: str, calendar_id: str) -> str:
    eid = base64.urlsafe_b64encode(f"{event_id} {calendar_id}".encode()).decode().rstrip("=")
    return f"https://www.google.com/calendar/event?eid={eid}"


def _b64decode(part: str) -> bytes:
    try:
        return base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))
    except (ValueError, TypeError) as exc:
        raise ValueError(str(exc)) from None


def _oauth_error(status: int, error: str, description: str) -> web.Response:
    return web.json_response({"error": error, "error_description": description}, status=status)


async def _json_object(request: web.Request) -> JSON:
    try:
        body = await request.json()
    except ValueError:
        raise CalendarApiError(400, "parseError", "Parse Error") from None
    if not isinstance(body, dict):
        raise CalendarApiError(400, "parseError", "Parse Error")
    return body


def _parse_rfc3339(value: str) -> datetime:
    return datetime.fromisoformat(value)


def _query_time(value: str | None, name: str) -> datetime | None:
    """An RFC 3339 timestamp with a mandatory offset, as Google requires for list bounds."""
    if value is None:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise CalendarApiError(400, "badRequest", "Bad Request") from None
    if moment.tzinfo is None or "T" not in value:
        raise CalendarApiError(400, "badRequest", "Bad Request")
    return moment.astimezone(UTC)


def _query_bool(query: Mapping[str, str], name: str) -> bool:
    value = query.get(name)
    if value in (None, "false"):
        return False
    if value == "true":
        return True
    raise _bad(f"Invalid value for: {name}")


def _query_int(query: Mapping[str, str], name: str, default: int, minimum: int) -> int:
    value = query.get(name)
    if value is None:
        return default
    try:
        number = int(value)
    except ValueError:
        raise _bad(
            f"Invalid value '{value}'. Values must match the following regular expression: '-?\\d+'"
        ) from None
    if number < minimum:
        raise _bad(f"Invalid value '{value}'. Values must be at least {minimum}.")
    return number


def _page_token(offset: int) -> str:
    return base64.urlsafe_b64encode(f"sandbox:{offset}".encode()).decode()


def _read_page_token(token: str | None) -> int:
    if token is None:
        return 0
    try:
        prefix, _, number = base64.urlsafe_b64decode(token.encode()).decode().partition(":")
        if prefix == "sandbox":
            return max(0, int(number))
    except (ValueError, UnicodeDecodeError):
        pass
    raise _bad("Invalid page token value.")


def main(argv: Iterable[str] | None = None) -> None:
    """``python -m leavebot.sandbox.calendar [--port N]``: serve until interrupted."""
    import argparse
    import asyncio

    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--service-account", help="write a service-account JSON here")
    args = parser.parse_args(list(argv) if argv is not None else None)

    async def serve() -> None:
        sandbox = SandboxCalendar()
        await sandbox.start(args.host, args.port)
        print(f"api_endpoint  {sandbox.api_endpoint}")
        print(f"token_uri     {sandbox.token_uri}")
        print(f"calendar id   {sandbox.calendar_id}")
        if args.service_account:
            print(f"service acct  {sandbox.write_service_account(args.service_account)}")
        print(f"static token  {sandbox.static_token}", flush=True)
        try:
            await asyncio.Event().wait()
        finally:
            await sandbox.stop()

    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(serve())


if __name__ == "__main__":
    main()
