"""Our Harvest API v2 client: aiohttp, paced, retried only where that is safe.

There is no maintained Harvest SDK, so this is ours. Every request carries
``Authorization: Bearer <token>``, ``Harvest-Account-Id`` and a
``User-Agent`` naming us and a contact, as Harvest asks.

* **Pacing.** Harvest allows 100 requests per 15 s per token. A
  :class:`RateLimiter` shared by every client of the process for one account
  (:func:`shared_limiter`) admits at most 90 in any 15 s. A request's slot
  counts from when it is sent until 15 s after its answer came back, so the
  server, which counts arrivals, can never see more than the limit.
* **429.** The answer's ``Retry-After`` is waited out and the request sent
  again, a few times: a transport-level wait, not a re-sync.
* **Dropped connections.** A connection closed before any answer is retried
  once for reads and deletes (both are safe to repeat). A create is never
  repeated here: the server may have done it (:class:`HarvestDropped`), and
  only the caller can look it up by its external reference first.
* **Errors.** Everything that goes wrong is a :class:`HarvestError` (a
  :class:`~leavebot.errors.SyncError`) with a short human ``reason``:
  ``"HTTP 500"``, ``"HTTP 422: Task must be assigned to the project"``,
  ``"timed out"``, ``"dropped the connection"``, ``"could not be reached"``.

The token never appears in a log line or an error.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import email.utils
import json
import time
from collections import deque
from collections.abc import AsyncIterator, Mapping
from typing import Any, Literal, Self

import aiohttp
import anyio
import structlog

from leavebot import __version__ as _version
from leavebot.errors import SyncError
from leavebot.settings import Settings

log = structlog.get_logger(__name__)

JSON = dict[str, Any]
DEFAULT_CONTACT = "https://github.com/leavebot/leavebot"
DEFAULT_LIMIT = 90
DEFAULT_WINDOW_S = 15.0
MAX_PAGES = 1000
# The server closed the connection before a whole answer came back.
_DROPPED = (aiohttp.ServerDisconnectedError, aiohttp.ClientOSError, aiohttp.ClientPayloadError)


# --------------------------------------------------------------------- errors


class HarvestError(SyncError):
    """Harvest answered with an error, or gave no usable answer.

    ``reason`` is short and human ("HTTP 500", "timed out"); ``status`` is the
    HTTP status when there was an answer.
    """

    def __init__(
        self,
        reason: str,
        *,
        status: int | None = None,
        retry_after: float | None = None,
    ) -> None:
        super().__init__("harvest", reason, retry_after=retry_after)
        self.reason = reason
        self.status = status

    @property
    def sentence(self) -> str:
        """What Harvest did, to follow "Harvest ": "answered HTTP 500", "timed out"."""
        return sentence(self.reason)

    @property
    def maybe_done(self) -> bool:
        """Whether the server may have carried the request out despite the error."""
        return False


class HarvestTimeout(HarvestError):
    """No answer within the timeout: the server may still do (or have done) the work."""

    def __init__(self) -> None:
        super().__init__("timed out")

    @property
    def maybe_done(self) -> bool:
        return True


class HarvestDropped(HarvestError):
    """The connection closed before any answer: the server may have done the work."""

    def __init__(self) -> None:
        super().__init__("dropped the connection")

    @property
    def maybe_done(self) -> bool:
        return True


class HarvestUnreachable(HarvestError):
    """No connection could be made: nothing was sent."""

    def __init__(self, detail: str) -> None:
        super().__init__(f"could not be reached ({detail})" if detail else "could not be reached")


def sentence(reason: str) -> str:
    """A stored reason as what Harvest did: "HTTP 500" -> "answered HTTP 500"."""
    return f"answered {reason}" if reason.startswith("HTTP ") else reason


def _error_detail(status: int, content_type: str, text: str) -> str | None:
    """Harvest's own words for a client error (422 ``message``, 401 description)."""
    if status >= 500 or "json" not in content_type:
        return None
    try:
        body = json.loads(text)
    except ValueError:
        return None
    if not isinstance(body, dict):
        return None
    for key in ("message", "error_description"):
        value = body.get(key)
        if isinstance(value, str) and value:
            return value[:200]
    return None


def _retry_after_s(value: str | None, default: float) -> float:
    """``Retry-After`` as seconds: a number, or an HTTP date."""
    if not value:
        return default
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return default
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return max(0.0, (when - dt.datetime.now(dt.UTC)).total_seconds())


# ------------------------------------------------------------------- pacing


class RateLimiter:
    """At most ``limit`` requests in any ``window_s`` seconds, counted conservatively.

    A slot is taken when a request is sent and stays taken until ``window_s``
    after its answer arrived (an answer is never earlier than the server's
    count of the request). It keeps no event-loop objects, so one limiter can
    serve the whole process.
    """

    def __init__(self, limit: int = DEFAULT_LIMIT, window_s: float = DEFAULT_WINDOW_S) -> None:
        if limit < 1 or window_s <= 0:
            raise ValueError("a rate limit needs limit >= 1 and window_s > 0")
        self.limit = limit
        self.window_s = window_s
        self._done: deque[float] = deque()
        self._in_flight = 0
        self.waited_s = 0.0

    def _used(self, now: float) -> int:
        while self._done and self._done[0] <= now - self.window_s:
            self._done.popleft()
        return len(self._done) + self._in_flight

    async def acquire(self) -> None:
        started = time.monotonic()
        while True:
            now = time.monotonic()
            if self._used(now) < self.limit:
                self._in_flight += 1
                self.waited_s += now - started
                return
            # Full: wait for the oldest finished slot to leave the window, or
            # poll briefly when every slot is a request still in flight.
            wait = self._done[0] + self.window_s - now if self._done else 0.01
            await anyio.sleep(min(max(wait, 0.001), 0.25))

    def release(self) -> None:
        self._in_flight -= 1
        self._done.append(time.monotonic())

    @contextlib.asynccontextmanager
    async def slot(self) -> AsyncIterator[None]:
        await self.acquire()
        try:
            yield
        finally:
            self.release()


_SHARED: dict[tuple[str, str], RateLimiter] = {}


def shared_limiter(api_url: str, account_id: str, limit: int = DEFAULT_LIMIT) -> RateLimiter:
    """The process's one limiter for a Harvest account (created on first use)."""
    key = (api_url.rstrip("/"), account_id)
    limiter = _SHARED.get(key)
    if limiter is None:
        limiter = _SHARED[key] = RateLimiter(limit)
    return limiter


# ------------------------------------------------------------------- client


class HarvestClient:
    """Harvest API v2 calls leavebot makes, over one aiohttp session."""

    def __init__(
        self,
        api_url: str,
        token: str,
        account_id: str,
        *,
        contact: str = DEFAULT_CONTACT,
        limiter: RateLimiter | None = None,
        timeout_s: float = 20.0,
        max_rate_limit_retries: int = 4,
        max_retry_after_s: float = 60.0,
        per_page: int = 2000,
    ) -> None:
        if not token:
            raise ValueError("a Harvest token is required")
        if not account_id:
            raise ValueError("a Harvest account id is required")
        self.base_url = api_url.rstrip("/") + "/"
        self.account_id = account_id
        self._headers = {
            "Authorization": f"Bearer {token}",
            "Harvest-Account-Id": account_id,
            "User-Agent": f"leavebot/{_version} ({contact})",
            "Accept": "application/json",
        }
        self.limiter = limiter if limiter is not None else shared_limiter(api_url, account_id)
        self.timeout = aiohttp.ClientTimeout(total=timeout_s)
        self.max_rate_limit_retries = max_rate_limit_retries
        self.max_retry_after_s = max_retry_after_s
        self.per_page = per_page
        self._session: aiohttp.ClientSession | None = None

    @classmethod
    def from_settings(cls, settings: Settings, **options: Any) -> HarvestClient:
        """A client from ``HARVEST_*`` settings; ``MissingSecretError`` names what is unset."""
        token = settings.require("harvest_token", "logging leave in Harvest")
        account_id = settings.require("harvest_account_id", "logging leave in Harvest")
        options.setdefault(
            "limiter",
            shared_limiter(settings.harvest_api_url, account_id, settings.harvest_rate_limit),
        )
        return cls(settings.harvest_api_url, token, account_id, **options)

    def __repr__(self) -> str:  # never the token
        return f"HarvestClient({self.base_url!r}, account_id={self.account_id!r})"

    # -- lifecycle ---------------------------------------------------------

    def _get_session(self) -> aiohttp.ClientSession:
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(headers=self._headers)
        return self._session

    async def close(self) -> None:
        if self._session is not None:
            session, self._session = self._session, None
            await session.close()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    # -- transport ---------------------------------------------------------

    def _url(self, path_or_url: str) -> str:
        if path_or_url.startswith(("http://", "https://")):
            return path_or_url
        return self.base_url + path_or_url.lstrip("/")

    async def _request(
        self,
        method: Literal["GET", "POST", "DELETE", "PATCH"],
        path_or_url: str,
        *,
        params: Mapping[str, str] | None = None,
        body: JSON | None = None,
        parse: bool = True,
    ) -> Any:
        """One API call, paced; 429s waited out, a drop retried once when safe."""
        url = self._url(path_or_url)
        repeatable = method in ("GET", "DELETE")
        limited = 0
        dropped = 0
        session = self._get_session()
        while True:
            try:
                async with (
                    self.limiter.slot(),
                    session.request(
                        method, url, params=params, json=body, timeout=self.timeout
                    ) as resp,
                ):
                    status = resp.status
                    text = await resp.text()
                    retry_after = resp.headers.get("Retry-After")
                    content_type = resp.content_type
            except TimeoutError:
                raise HarvestTimeout() from None
            except aiohttp.ClientConnectorError as exc:
                raise HarvestUnreachable(type(exc).__name__) from None
            except (
                aiohttp.ServerDisconnectedError,
                aiohttp.ClientOSError,
                aiohttp.ClientPayloadError,
            ):
                if repeatable and dropped == 0:
                    dropped += 1
                    log.warning("harvest.connection_dropped", method=method, retrying=True)
                    continue
                log.warning("harvest.connection_dropped", method=method, retrying=False)
                raise HarvestDropped() from None
            except aiohttp.ClientError as exc:
                raise HarvestError(f"request failed ({type(exc).__name__})") from None
            if status == 429:
                wait = min(_retry_after_s(retry_after, 1.0), self.max_retry_after_s)
                if limited >= self.max_rate_limit_retries:
                    raise HarvestError("HTTP 429 (rate limited)", status=429, retry_after=wait)
                limited += 1
                log.warning(
                    "harvest.rate_limited", method=method, retry_after_s=wait, retry=limited
                )
                await anyio.sleep(wait)
                continue
            if status >= 400:
                detail = _error_detail(status, content_type, text)
                reason = f"HTTP {status}: {detail}" if detail else f"HTTP {status}"
                raise HarvestError(reason, status=status)
            if not parse or not text.strip():
                return None
            try:
                return json.loads(text)
            except ValueError:
                raise HarvestError(
                    f"HTTP {status} with an unreadable body", status=status
                ) from None

    async def _pages(self, path: str, key: str, params: Mapping[str, str]) -> list[JSON]:
        """Every item of a paginated list, following ``links.next`` (or ``next_page``)."""
        items: list[JSON] = []
        first = {**params, "per_page": str(self.per_page)}
        url: str = path
        query: dict[str, str] | None = first
        for _ in range(MAX_PAGES):
            page = await self._request("GET", url, params=query)
            if not isinstance(page, dict) or not isinstance(page.get(key), list):
                raise HarvestError(f"a page of {key} came back without {key!r}")
            items.extend(page[key])
            next_link = (page.get("links") or {}).get("next")
            if next_link:
                url, query = str(next_link), None  # the link keeps the query
            elif page.get("next_page"):
                url, query = path, {**first, "page": str(page["next_page"])}
            else:
                return items
        raise HarvestError(f"more than {MAX_PAGES} pages of {key}")

    # -- API ---------------------------------------------------------------

    async def company(self) -> JSON:
        """The account's settings (``GET /company``): ``wants_timestamp_timers``, ``clock``..."""
        found: JSON = await self._request("GET", "company")
        if not isinstance(found, dict):
            raise HarvestError("the company settings came back unreadable")
        return found

    async def me(self) -> JSON:
        """The token's user (``GET /users/me``)."""
        found: JSON = await self._request("GET", "users/me")
        return found

    async def project(self, project_id: int) -> JSON | None:
        """One project, or None when there is none the token can see (404)."""
        try:
            found: JSON = await self._request("GET", f"projects/{int(project_id)}")
        except HarvestError as exc:
            if exc.status == 404:
                return None
            raise
        return found

    async def task_assignments(self, project_id: int) -> list[JSON]:
        """The tasks assigned to a project (all pages)."""
        return await self._pages(
            f"projects/{int(project_id)}/task_assignments", "task_assignments", {}
        )

    async def user_assignments(self, project_id: int, *, user_id: int | None = None) -> list[JSON]:
        """The people assigned to a project (all pages; one person's with ``user_id``)."""
        params = {} if user_id is None else {"user_id": str(user_id)}
        return await self._pages(
            f"projects/{int(project_id)}/user_assignments", "user_assignments", params
        )

    async def stop_timer(self, entry_id: int) -> JSON:
        """Stop a running timer (``PATCH /time_entries/{id}/stop``)."""
        found: JSON = await self._request("PATCH", f"time_entries/{int(entry_id)}/stop")
        return found

    async def users(self, *, is_active: bool | None = None) -> list[JSON]:
        """Every user of the account, all pages."""
        params: dict[str, str] = {}
        if is_active is not None:
            params["is_active"] = "true" if is_active else "false"
        return await self._pages("users", "users", params)

    async def time_entries(
        self,
        *,
        user_id: int | None = None,
        from_: dt.date | None = None,
        to: dt.date | None = None,
        external_reference_id: str | None = None,
        project_id: int | None = None,
    ) -> list[JSON]:
        """Time entries matching every filter given, all pages (newest ``spent_date`` first)."""
        params: dict[str, str] = {}
        if user_id is not None:
            params["user_id"] = str(user_id)
        if from_ is not None:
            params["from"] = from_.isoformat()
        if to is not None:
            params["to"] = to.isoformat()
        if external_reference_id is not None:
            params["external_reference_id"] = external_reference_id
        if project_id is not None:
            params["project_id"] = str(project_id)
        return await self._pages("time_entries", "time_entries", params)

    async def create_time_entry(
        self,
        *,
        user_id: int,
        project_id: int,
        task_id: int,
        spent_date: dt.date,
        hours: float | None = None,
        times: tuple[str, str] | None = None,
        notes: str | None = None,
        external_reference: Mapping[str, str] | None = None,
    ) -> JSON:
        """Log time on ``spent_date``, never a running timer.

        ``hours`` on an account that tracks time by duration; ``times``
        (``started_time``, ``ended_time``, e.g. ``("9:00am", "5:00pm")``) on one
        with timestamp timers (``company()["wants_timestamp_timers"]``). Exactly
        one is given: without it Harvest would start a timer.
        """
        if (hours is None) == (times is None):
            raise ValueError("give hours (a duration account) or times (a timestamp account)")
        body: JSON = {
            "user_id": user_id,
            "project_id": project_id,
            "task_id": task_id,
            "spent_date": spent_date.isoformat(),
        }
        if hours is not None:
            if not hours >= 0:  # a duration entry, never a timer (NaN fails too)
                raise ValueError("hours must be a number >= 0")
            body["hours"] = hours
        elif times is not None:
            started, ended = times
            if not started or not ended:
                raise ValueError("a timestamp entry needs a start and an end (else a timer)")
            body["started_time"], body["ended_time"] = started, ended
        if notes is not None:
            body["notes"] = notes
        if external_reference is not None:
            body["external_reference"] = dict(external_reference)
        created: JSON = await self._request("POST", "time_entries", body=body)
        if not isinstance(created, dict) or "id" not in created:
            raise HarvestError("the created entry came back without an id")
        return created

    async def time_entry(self, entry_id: int) -> JSON | None:
        """One entry, or None when there is none (404)."""
        try:
            found: JSON = await self._request("GET", f"time_entries/{int(entry_id)}")
        except HarvestError as exc:
            if exc.status == 404:
                return None
            raise
        return found

    async def delete_time_entry(self, entry_id: int) -> bool:
        """Delete an entry: True if deleted now, False if it was gone already (404)."""
        try:
            await self._request("DELETE", f"time_entries/{int(entry_id)}", parse=False)
        except HarvestError as exc:
            if exc.status == 404:
                return False
            raise
        return True
