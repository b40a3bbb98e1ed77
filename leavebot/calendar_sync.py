r"""Google Calendar for leave: which events a request's days make, and the client that books them.

This module owns the calendar rules (docs/architecture.md, Guarantees) and the one
way leavebot talks to Google Calendar; the ``calendar_syncer`` actor owns
the order of calls and the database state around them.

Grouping (:func:`group_days`): a run of full days with no working day
missing between them is one all-day event (``date`` start, exclusive
``date`` end = the day after the last; Fri + Mon spans the weekend, a
holiday inside a run does not split it); each half day is its own timed
event in the author's time zone with the configured AM / PM hours. Half
days never merge.

Event ids (:func:`event_id`) are ``leave<first day id>g<generation>``:
base32hex (only ``a-v`` and digits), derived from our own row ids, so
the same group always gets the same id and a repeated insert answers 409
``duplicate`` instead of making a second event. The generation of a group
is the highest ``leave_days.generation`` of its days. A deleted event's id
stays taken at Google, so an event made again for days whose event was
deleted takes the deleted event's generation plus one (a split after a
partial cancel; see ``actors/calendar_syncer.py``), and that generation is
written back to the days. Along one day's history the generations of the
events holding it only grow, so an id is never used twice.

Client (:class:`CalendarClient`): the real googleapiclient (static
discovery) over service-account credentials. The library blocks, so each
call runs in a worker thread with its own ``httplib2.Http`` (which is not
thread safe) and a socket timeout. Transport-level waits only: a 429, or a
403 ``rateLimitExceeded``, is tried again a few times with backoff
(honouring ``Retry-After``), and a read, patch or delete whose connection
dropped before any answer is tried once more (httplib2 itself also repeats
a request once when the server closes the connection). Anything else is an
outcome with a human reason; there is no later automatic re-sync.

**A 409 is not the only proof.** Google's Event ``id`` documentation: "the
ID must be unique per calendar. Due to the globally distributed nature of
the system, we cannot guarantee that ID collisions will be detected at event
creation time" (https://developers.google.com/workspace/calendar/api/v3/reference/events,
``id``). So an insert is never sent twice blindly: it goes on a connection of
its own that is never re-sent by httplib2 (:class:`_SendOnceHttp`), and when
its outcome is unknown -- no answer (a timeout, a dropped connection), or a
crash before our write, which the syncer says with ``check_first`` --
:meth:`CalendarClient.ensure_event` first ``get``\ s the event by its id and
inserts only when it is absent.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import functools
import http.client
import json
import re
import threading
import time
import weakref
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import anyio
import anyio.to_thread
import structlog

from leavebot.config import RuntimeConfig
from leavebot.domain import WorkCalendar
from leavebot.errors import ConfigError
from leavebot.settings import Settings

log = structlog.get_logger(__name__)

CALENDAR_SCOPE = "https://www.googleapis.com/auth/calendar"
EVENT_ID_PREFIX = "leave"
_EVENT_ID = re.compile(r"^leave(\d+)g(\d+)$")
_BASE32HEX = re.compile(r"^[a-v0-9]{5,1024}$")
PRIVATE_KEY = "leavebot_days"

Kind = Literal["all_day", "am", "pm"]
AttemptOperation = Literal["create", "delete", "lookup", "update"]


# ------------------------------------------------------------------ grouping


@dataclass(frozen=True)
class SyncDay:
    """One leave day as the calendar sees it."""

    id: int
    day: dt.date
    portion: Literal["full", "am", "pm"]
    category: str
    generation: int = 0

    @classmethod
    def from_row(cls, row: Any) -> SyncDay:
        return cls(
            id=int(row["id"]),
            day=row["day"],
            portion=row["portion"],
            category=row["category"],
            generation=int(row["generation"]),
        )


@dataclass(frozen=True)
class EventGroup:
    """The days one calendar event holds."""

    kind: Kind
    days: tuple[SyncDay, ...]
    generation: int

    @property
    def first(self) -> dt.date:
        return self.days[0].day

    @property
    def last(self) -> dt.date:
        return self.days[-1].day

    @property
    def end_exclusive(self) -> dt.date:
        """Google's all-day end: the day after the last."""
        return self.last + dt.timedelta(days=1)

    @property
    def day_ids(self) -> tuple[int, ...]:
        return tuple(d.id for d in self.days)

    @property
    def category(self) -> str:
        return self.days[0].category

    @property
    def event_id(self) -> str:
        return event_id(self.days[0].id, self.generation)

    @property
    def label(self) -> str:
        """How a failure line names this group: "Thu 5 Mar", "Mon 2 Mar - Wed 4 Mar", "(AM)"."""
        return days_label([d.day for d in self.days], self.kind)


def event_id(first_day_id: int, generation: int) -> str:
    """The event id of a group: valid base32hex, the same for the same group."""
    if first_day_id < 0 or generation < 0:
        raise ValueError("day ids and generations are not negative")
    value = f"{EVENT_ID_PREFIX}{first_day_id}g{generation}"
    assert _BASE32HEX.match(value), value
    return value


def generation_of(event: str) -> int | None:
    """The generation an event id of ours carries (None: not one of ours)."""
    found = _EVENT_ID.match(event)
    return int(found.group(2)) if found else None


def day_label(day: dt.date) -> str:
    return f"{day:%a} {day.day} {day:%b}"


def days_label(days: Sequence[dt.date], kind: Kind | str = "all_day") -> str:
    first, last = min(days), max(days)
    text = day_label(first) if first == last else f"{day_label(first)} - {day_label(last)}"
    if kind in ("am", "pm"):
        text += f" ({kind.upper()})"
    return text


def _no_working_day_between(first: dt.date, second: dt.date, calendar: WorkCalendar) -> bool:
    day = first + dt.timedelta(days=1)
    while day < second:
        if calendar.is_working_day(day):
            return False
        day += dt.timedelta(days=1)
    return True


def group_days(
    days: Iterable[SyncDay], calendar: WorkCalendar, *, generation: int | None = None
) -> list[EventGroup]:
    """The events one person's days of one request make, ordered by date.

    ``generation`` overrides the groups' generation (re-created events after
    a split); by default a group takes the highest generation of its days.
    """
    ordered = sorted(days, key=lambda d: (d.day, d.portion, d.id))
    groups: list[tuple[Kind, list[SyncDay]]] = []
    run: list[SyncDay] = []
    for item in ordered:
        if item.portion != "full":
            groups.append((item.portion, [item]))
            continue
        if run and (
            item.day == run[-1].day
            or item.category != run[-1].category
            or not _no_working_day_between(run[-1].day, item.day, calendar)
        ):
            groups.append(("all_day", run))
            run = []
        run.append(item)
    if run:
        groups.append(("all_day", run))
    out = [
        EventGroup(
            kind=kind,
            days=tuple(members),
            generation=generation if generation is not None else max(d.generation for d in members),
        )
        for kind, members in groups
    ]
    out.sort(key=lambda g: (g.first, g.kind != "all_day", g.kind, g.days[0].id))
    return out


@dataclass(frozen=True)
class Author:
    """What an event says about the person on leave."""

    name: str
    timezone: str


def event_body(group: EventGroup, author: Author, config: RuntimeConfig) -> dict[str, Any]:
    """The Calendar API resource for ``group``: title, description, times, our marker."""
    category = "Sick leave" if group.category == "sick" else "Vacation"
    title = f"Leave - {author.name}"
    body: dict[str, Any] = {
        "id": group.event_id,
        "description": f"{category}. Booked by leavebot.",
        "transparency": "transparent",
        "extendedProperties": {"private": {PRIVATE_KEY: ",".join(str(i) for i in group.day_ids)}},
    }
    if group.kind == "all_day":
        body["summary"] = title
        body["start"] = {"date": group.first.isoformat()}
        body["end"] = {"date": group.end_exclusive.isoformat()}
    else:
        half = config.half_day_am if group.kind == "am" else config.half_day_pm
        start, end = half.times()
        day = group.first
        body["summary"] = f"{title} ({group.kind.upper()})"
        body["start"] = {
            "dateTime": dt.datetime.combine(day, start).isoformat(),
            "timeZone": author.timezone,
        }
        body["end"] = {
            "dateTime": dt.datetime.combine(day, end).isoformat(),
            "timeZone": author.timezone,
        }
    return body


def same_event(found: dict[str, Any], body: dict[str, Any]) -> bool:
    """Whether an existing event already says what ``body`` says (times, title, days)."""

    def when(value: Any) -> tuple[Any, ...]:
        value = value or {}
        if value.get("date"):
            return ("date", value["date"])
        moment = dt.datetime.fromisoformat(str(value.get("dateTime")))
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=_zone(value.get("timeZone")))
        return ("dateTime", moment.astimezone(dt.UTC), value.get("timeZone"))

    try:
        return (
            when(found.get("start")) == when(body["start"])
            and when(found.get("end")) == when(body["end"])
            and found.get("summary") == body["summary"]
            and _marker(found) == _marker(body)
        )
    except (ValueError, TypeError):
        return False


def _zone(name: Any) -> dt.tzinfo:
    from zoneinfo import ZoneInfo

    return ZoneInfo(str(name)) if name else dt.UTC


def _marker(resource: dict[str, Any]) -> str | None:
    private = (resource.get("extendedProperties") or {}).get("private") or {}
    value = private.get(PRIVATE_KEY)
    return str(value) if value is not None else None


def is_ours(resource: dict[str, Any]) -> bool:
    """An event leavebot made (it carries our private marker)."""
    return _marker(resource) is not None


# -------------------------------------------------------------------- client


@dataclass(frozen=True)
class CallRecord:
    """One request to Google, for ``sync_attempts``."""

    operation: AttemptOperation
    outcome: Literal["ok", "error"]
    external_id: str | None
    error: str | None
    started_at: dt.datetime
    duration_ms: float


@dataclass
class CallResult:
    """What one logical call came to, after transport-level waits."""

    ok: bool
    status: int | None = None
    reason: str | None = None
    resource: dict[str, Any] | None = None
    error: str | None = None
    records: list[CallRecord] = field(default_factory=list)


@dataclass
class Outcome:
    """The end of an event operation (create or delete), with every call it took."""

    ok: bool
    event_id: str
    how: Literal["created", "exists", "patched", "deleted", "gone", "failed"]
    error: str | None = None
    records: list[CallRecord] = field(default_factory=list)


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def load_credentials(settings: Settings) -> Any:
    """Service-account credentials with the calendar scope, from a file or base64 JSON."""
    from google.oauth2 import service_account

    if settings.google_service_account_file is not None:
        path = settings.google_service_account_file
        try:
            return service_account.Credentials.from_service_account_file(  # type: ignore[no-untyped-call]
                str(path), scopes=[CALENDAR_SCOPE]
            )
        except (OSError, ValueError, KeyError) as exc:
            raise ConfigError(
                f"GOOGLE_SERVICE_ACCOUNT_FILE ({path}) is not a readable service-account key: "
                f"{type(exc).__name__}"
            ) from None
    encoded = settings.require(
        "google_service_account_json_b64",
        "Google Calendar (a base64 service-account key; or set GOOGLE_SERVICE_ACCOUNT_FILE)",
    )
    try:
        info = json.loads(base64.b64decode(encoded, validate=True))
        return service_account.Credentials.from_service_account_info(  # type: ignore[no-untyped-call]
            info, scopes=[CALENDAR_SCOPE]
        )
    except (binascii.Error, ValueError, KeyError, TypeError) as exc:
        # Never echo the value: it is a private key.
        raise ConfigError(
            "GOOGLE_SERVICE_ACCOUNT_JSON_B64 is not a base64 service-account key: "
            f"{type(exc).__name__}"
        ) from None


def _send_once_http_class() -> Any:
    import httplib2

    class _SendOnceHttp(httplib2.Http):  # type: ignore[misc]
        """An ``httplib2.Http`` that sends a POST once: no resend when the connection closes.

        httplib2 sends a request again when the server closes the connection
        before answering -- also a POST, which the server may have carried out.
        For an event insert that could make a second event with the same id
        (Google may not detect it): ours goes once, and its unknown outcome is
        looked up instead (:meth:`CalendarClient.ensure_event`).
        """

        def _conn_request(  # httplib2's one-request hook
            self, conn: Any, request_uri: str, method: str, body: Any, headers: Any
        ) -> Any:
            if method != "POST":
                return super()._conn_request(conn, request_uri, method, body, headers)
            try:
                if conn.sock is None:
                    conn.connect()
                conn.request(method, request_uri, body, headers)
                raw = conn.getresponse()
                content = raw.read()
            except BaseException:
                conn.close()
                raise
            response = httplib2.Response(raw)
            return response, httplib2._decompressContent(response, content, self.limit_kwargs)

    return _SendOnceHttp


def _close_all(connections: list[Any]) -> None:
    while connections:
        connections.pop().close()


class CalendarClient:
    """Google Calendar events, one blocking googleapiclient call per worker thread.

    ``timeout_s`` is the socket timeout of each HTTP request; ``rate_retries``
    how many times a rate-limited call is tried again (waiting ``Retry-After``
    when Google gives one, else ``backoff_s`` doubling, at most ``max_wait_s``).
    """

    def __init__(
        self,
        credentials: Any,
        calendar_id: str,
        *,
        api_url: str | None = None,
        timeout_s: float = 10.0,
        rate_retries: int = 3,
        backoff_s: float = 1.0,
        max_wait_s: float = 30.0,
    ) -> None:
        self.credentials = credentials
        self.calendar_id = calendar_id
        self.api_url = api_url
        self.timeout_s = timeout_s
        self.rate_retries = rate_retries
        self.backoff_s = backoff_s
        self.max_wait_s = max_wait_s
        # The credentials (and their cached token) are shared between calls.
        self._lock = threading.Lock()
        self._local = threading.local()
        # Keep-alive connections between calls; closed with the client at the latest.
        self._idle: list[Any] = []
        weakref.finalize(self, _close_all, self._idle)

    @classmethod
    def from_settings(cls, settings: Settings, **options: Any) -> CalendarClient:
        """The client the settings describe; ``MissingSecretError`` names what is unset."""
        calendar_id = settings.require("google_calendar_id", "Google Calendar (the leave calendar)")
        return cls(
            load_credentials(settings), calendar_id, api_url=settings.google_api_url, **options
        )

    # -- one call ------------------------------------------------------------

    def _events(self) -> Any:
        """This worker thread's ``events`` resource of the Calendar service, built once.

        Building the service and its resources parses the discovery document,
        which costs more than a call; the resource holds no connection (each
        call brings its own ``http``), and each worker thread keeps its own
        since googleapiclient objects are not thread safe.
        """
        events = getattr(self._local, "events", None)
        if events is None:
            import httplib2
            from googleapiclient.discovery import build

            options = {"api_endpoint": self.api_url} if self.api_url else None
            service = build(
                "calendar",
                "v3",
                http=httplib2.Http(timeout=self.timeout_s),
                static_discovery=True,
                client_options=options,
            )
            events = self._local.events = service.events()
        return events

    def _take_http(self, *, send_once: bool = False) -> Any:
        """An idle keep-alive connection of the pool, or a new one (``send_once``: a new
        connection that never sends a POST twice, for inserts; not kept after)."""
        import google_auth_httplib2
        import httplib2

        if send_once:
            http = _send_once_http_class()(timeout=self.timeout_s)
            return google_auth_httplib2.AuthorizedHttp(self.credentials, http=http)
        with self._lock:
            if self._idle:
                return self._idle.pop()
        return google_auth_httplib2.AuthorizedHttp(
            self.credentials, http=httplib2.Http(timeout=self.timeout_s)
        )

    def _execute(self, make: Callable[[Any], Any], *, send_once: bool = False) -> Any:
        import google_auth_httplib2
        import httplib2
        from googleapiclient.errors import HttpError

        # The shared credentials refresh under the lock; the call itself runs
        # unlocked on a connection it alone uses (httplib2 is not thread safe),
        # so calls from several worker threads overlap.
        with self._lock:
            if not self.credentials.valid:
                token_http = httplib2.Http(timeout=self.timeout_s)
                try:
                    self.credentials.refresh(google_auth_httplib2.Request(token_http))
                finally:
                    token_http.close()
        http = self._take_http(send_once=send_once)
        try:
            return make(self._events()).execute(http=http, num_retries=0)
        except HttpError:
            raise  # a whole answer was read: the connection is fine
        except BaseException:
            http.close()  # a call cut short may leave its connection half used
            http = None
            raise
        finally:
            if http is not None:
                if send_once:
                    http.close()
                else:
                    with self._lock:
                        self._idle.append(http)

    def close(self) -> None:
        """Close the idle connections (a later call opens new ones)."""
        _close_all(self._idle)

    async def _call(
        self, operation: AttemptOperation, event: str, make: Callable[[Any], Any]
    ) -> CallResult:
        from google.auth.exceptions import GoogleAuthError
        from googleapiclient.errors import HttpError
        from httplib2 import HttpLib2Error

        result = CallResult(ok=False)
        rate_waits = 0
        reconnects = 0
        clog = log.bind(call=operation, event_id=event)
        while True:
            started = _now()
            t0 = time.monotonic()
            wait: float | None = None
            try:
                resource = await anyio.to_thread.run_sync(
                    functools.partial(self._execute, make, send_once=operation == "create")
                )
            except HttpError as exc:
                status = int(exc.status_code or exc.resp.status)
                reason, message = _error_reason(exc)
                result.status, result.reason = status, reason
                limited = status == 429 or (
                    status == 403 and reason in ("rateLimitExceeded", "userRateLimitExceeded")
                )
                if limited:
                    result.error = f"rate limited by Google (HTTP {status})"
                    if rate_waits < self.rate_retries:
                        wait = self._backoff(rate_waits, exc.resp.get("retry-after"))
                        rate_waits += 1
                elif status >= 500:
                    result.error = f"Google Calendar server error (HTTP {status} {reason})"
                else:
                    result.error = f"refused by Google Calendar (HTTP {status} {reason}: {message})"
            except TimeoutError:
                result.status = result.reason = None
                result.error = (
                    f"no answer from Google Calendar within {self.timeout_s:g} s (timeout)"
                )
            except (ConnectionError, http.client.HTTPException, HttpLib2Error, OSError) as exc:
                result.status = result.reason = None
                result.error = f"connection to Google Calendar failed ({type(exc).__name__})"
                # Once more, unless an insert: it may have been done (ensure_event looks).
                retry = operation != "create" and reconnects < 1
                if retry and isinstance(exc, ConnectionError | http.client.HTTPException):
                    reconnects += 1
                    wait = 0.0
            except GoogleAuthError as exc:
                result.status = result.reason = None
                result.error = f"Google sign-in failed ({type(exc).__name__}: {_short(exc)})"
            else:
                result.ok = True
                result.status, result.reason, result.error = 200, None, None
                result.resource = resource if isinstance(resource, dict) else None
            result.records.append(
                CallRecord(
                    operation,
                    "ok" if result.ok else "error",
                    event,
                    result.error,
                    started,
                    (time.monotonic() - t0) * 1000,
                )
            )
            if result.ok or wait is None:
                if result.status == 409:
                    clog.info("calendar.event_id_taken")
                elif not result.ok:
                    clog.info("calendar.call_failed", status=result.status, error=result.error)
                return result
            clog.warning("calendar.call_retry", error=result.error, wait_s=round(wait, 3))
            await anyio.sleep(wait)

    def _backoff(self, attempt: int, retry_after: str | None) -> float:
        if retry_after:
            try:
                return min(max(float(retry_after), 0.0), self.max_wait_s)
            except ValueError:
                pass
        return float(min(self.backoff_s * (2**attempt), self.max_wait_s))

    # -- operations ------------------------------------------------------------

    async def insert(self, body: dict[str, Any]) -> CallResult:
        return await self._call(
            "create",
            body["id"],
            lambda events: events.insert(calendarId=self.calendar_id, body=body),
        )

    async def get(self, event: str) -> CallResult:
        return await self._call(
            "lookup", event, lambda events: events.get(calendarId=self.calendar_id, eventId=event)
        )

    async def patch(self, event: str, fields: dict[str, Any]) -> CallResult:
        return await self._call(
            "update",
            event,
            lambda events: events.patch(calendarId=self.calendar_id, eventId=event, body=fields),
        )

    async def delete(self, event: str) -> CallResult:
        return await self._call(
            "delete",
            event,
            lambda events: events.delete(calendarId=self.calendar_id, eventId=event),
        )

    async def ensure_event(self, body: dict[str, Any], *, check_first: bool = False) -> Outcome:
        """Make the event ``body`` describes, exactly once.

        ``check_first``: an earlier insert's outcome is unknown (a crash before
        its result was written, an earlier timeout): the event is looked up by
        its id first, and inserted only when absent -- Google may not answer a
        repeated id with 409. A failed insert is looked up the same way before
        it counts: the event may exist all the same, made by this insert before
        an error or a timeout hid the answer, or by an earlier delivery of the
        same work that died before recording it (its repeat then meets an
        error, not the 409). An insert with no answer whose event is absent is
        made once more. A 409 ``duplicate`` means the id is taken: our own live
        event is done (patched first if it says something else); a cancelled
        one was deleted in Google Calendar after we made it, and is not brought
        back; someone else's is a failure.
        """
        event = str(body["id"])
        records: list[CallRecord] = []
        if check_first:
            found = await self.get(event)
            records += found.records
            if found.ok and found.resource is not None:
                return await self._existing(found.resource, body, records)
            if found.status != 404:
                error = found.error or "lookup gave nothing"
                return Outcome(False, event, "failed", error, records)
            records = _found_nothing(records)
        for attempt in (1, 2):
            made = await self.insert(body)
            records += made.records
            if made.ok:
                return Outcome(True, event, "created", records=records)
            found = await self.get(event)  # 409, an error or no answer: does it exist?
            if found.ok and found.resource is not None:
                return await self._existing(found.resource, body, records + found.records)
            lookup = _found_nothing(found.records) if found.status == 404 else found.records
            records += lookup
            if made.status is None and found.status == 404 and attempt == 1:
                log.warning("calendar.insert_resent", event_id=event, error=made.error)
                continue  # the insert was not done: send it once more
            if made.status != 409 and found.resource is None:
                return Outcome(False, event, "failed", made.error, records)
            return Outcome(False, event, "failed", found.error or "lookup gave nothing", records)
        raise AssertionError("unreachable")

    async def _existing(
        self, resource: dict[str, Any], body: dict[str, Any], records: list[CallRecord]
    ) -> Outcome:
        """The event with our id exists: ours and live is done (brought up to date)."""
        event = str(body["id"])
        if not is_ours(resource):
            error = f"event id {event} is taken by an event leavebot did not make"
            return Outcome(False, event, "failed", error, records)
        if resource.get("status") == "cancelled":
            error = "the event was deleted in Google Calendar; not re-created"
            return Outcome(False, event, "failed", error, records)
        if same_event(resource, body):
            return Outcome(True, event, "exists", records=records)
        fields = {k: v for k, v in body.items() if k != "id"}
        patched = await self.patch(event, fields)
        records += patched.records
        if patched.ok:
            return Outcome(True, event, "patched", records=records)
        return Outcome(False, event, "failed", patched.error, records)

    async def remove_event(self, event: str) -> Outcome:
        """Delete an event; one that is already gone (404, 410) counts as deleted.

        A delete that fails otherwise is looked up before it counts (see
        ``ensure_event``): an event found deleted was deleted by this call or by an
        earlier delivery of the same work, and counts as deleted too.
        """
        gone = await self.delete(event)
        if gone.ok:
            return Outcome(True, event, "deleted", records=gone.records)
        if gone.status in (404, 410):
            return Outcome(True, event, "gone", records=_found_nothing(gone.records))
        found = await self.get(event)
        lookup = _found_nothing(found.records) if found.status == 404 else found.records
        records = gone.records + lookup
        if found.status == 404 or (
            found.resource is not None and found.resource.get("status") == "cancelled"
        ):
            return Outcome(True, event, "deleted", records=records)
        return Outcome(False, event, "failed", gone.error, records)


def _found_nothing(records: list[CallRecord]) -> list[CallRecord]:
    """``records`` with the last call (a 404 or 410) counted as an answer, not an error."""
    return [
        CallRecord(r.operation, "ok", r.external_id, None, r.started_at, r.duration_ms)
        if r is records[-1]
        else r
        for r in records
    ]


def _error_reason(exc: Any) -> tuple[str, str]:
    """Google's error reason and message of an ``HttpError``."""
    details = getattr(exc, "error_details", None)
    if isinstance(details, list) and details and isinstance(details[0], dict):
        first = details[0]
        return str(first.get("reason") or "error"), _short(first.get("message") or "")
    return "error", _short(getattr(exc, "reason", "") or "")


def _short(value: object, limit: int = 200) -> str:
    text = " ".join(str(value).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
