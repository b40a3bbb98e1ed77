"""The sandbox Calendar against the real googleapiclient + google-auth, over real sockets.

googleapiclient is blocking: the sandbox runs on the test's event loop and each
API call runs in a worker thread (``anyio.to_thread.run_sync``).
"""

from __future__ import annotations

import http.client
import json
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import aiohttp
import anyio
import google_auth_httplib2
import httplib2
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from google.auth.exceptions import RefreshError
from google.oauth2 import credentials as user_credentials
from google.oauth2 import service_account
from googleapiclient.discovery import build
from googleapiclient.errors import HttpError

from leavebot.sandbox.calendar import (
    CALENDAR_ID,
    CALENDAR_SCOPE,
    SandboxCalendar,
)
from leavebot.sandbox.common import Fault

pytestmark = pytest.mark.anyio

TZ = "Asia/Kolkata"


@pytest.fixture
async def sandbox(anyio_backend: str) -> AsyncIterator[SandboxCalendar]:
    sb = SandboxCalendar(time_zone=TZ)
    await sb.start()
    try:
        yield sb
    finally:
        await sb.stop()


def sa_credentials(sandbox: SandboxCalendar, scope: str = CALENDAR_SCOPE) -> Any:
    return service_account.Credentials.from_service_account_info(  # type: ignore[no-untyped-call]
        sandbox.service_account_info(), scopes=[scope]
    )


def build_service(sandbox: SandboxCalendar, *, credentials: Any = None, http: Any = None) -> Any:
    options = {"api_endpoint": sandbox.api_endpoint}
    if http is not None:
        return build("calendar", "v3", http=http, static_discovery=True, client_options=options)
    return build(
        "calendar",
        "v3",
        credentials=credentials or sa_credentials(sandbox),
        static_discovery=True,
        client_options=options,
    )


@pytest.fixture
def service(sandbox: SandboxCalendar) -> Iterator[Any]:
    svc = build_service(sandbox)
    try:
        yield svc
    finally:
        svc.close()


async def run(request: Any) -> Any:
    """Execute a googleapiclient request in a worker thread."""
    return await anyio.to_thread.run_sync(request.execute)


async def http_error(request: Any) -> HttpError:
    with pytest.raises(HttpError) as caught:
        await run(request)
    return caught.value


def reason(error: HttpError) -> str:
    details = error.error_details
    assert isinstance(details, list), error.content
    return str(details[0]["reason"])


def all_day(event_id: str, first: str, end: str, **extra: Any) -> dict[str, Any]:
    return {
        "id": event_id,
        "summary": "Asha - vacation",
        "start": {"date": first},
        "end": {"date": end},
        "transparency": "transparent",
        **extra,
    }


def timed(event_id: str, day: str, start: str, end: str, **extra: Any) -> dict[str, Any]:
    return {
        "id": event_id,
        "summary": "Ravi - half day (AM)",
        "start": {"dateTime": f"{day}T{start}:00", "timeZone": TZ},
        "end": {"dateTime": f"{day}T{end}:00", "timeZone": TZ},
        **extra,
    }


def ins(service: Any, body: dict[str, Any], calendar_id: str = CALENDAR_ID) -> Any:
    return service.events().insert(calendarId=calendar_id, body=body)


# -- auth and the basic operations ---------------------------------------------------------


async def test_service_account_flow_insert_and_get(sandbox: SandboxCalendar, service: Any) -> None:
    created = await run(ins(service, all_day("lv00001g1", "2025-03-14", "2025-03-18")))
    assert created["kind"] == "calendar#event"
    assert created["id"] == "lv00001g1"
    assert created["status"] == "confirmed"
    assert created["start"] == {"date": "2025-03-14"}
    assert created["end"] == {"date": "2025-03-18"}
    assert created["transparency"] == "transparent"
    assert created["iCalUID"] == "lv00001g1@google.com"
    assert created["htmlLink"].startswith("https://www.google.com/calendar/event?eid=")
    assert created["creator"]["email"].endswith(".iam.gserviceaccount.com")
    assert created["etag"].startswith('"')
    assert created["created"].endswith("Z")

    got = await run(service.events().get(calendarId=CALENDAR_ID, eventId="lv00001g1"))
    assert got == created
    # "primary" is the default calendar
    assert (await run(service.events().get(calendarId="primary", eventId="lv00001g1")))[
        "id"
    ] == "lv00001g1"

    # one token exchange over a real socket, then the token is reused
    ops = [c.op for c in sandbox.calls]
    assert ops == ["token", "insert", "get", "get"]
    assert sandbox.calls[0].status == 200
    assert sandbox.event("lv00001g1") == created


async def test_timed_event_and_attendees_recorded(sandbox: SandboxCalendar, service: Any) -> None:
    body = timed(
        "lv00002g1", "2025-03-14", "11:00", "15:00", attendees=[{"email": "ravi@example.com"}]
    )
    created = await run(ins(service, body))
    assert created["start"] == {"dateTime": "2025-03-14T11:00:00+05:30", "timeZone": TZ}
    assert created["end"] == {"dateTime": "2025-03-14T15:00:00+05:30", "timeZone": TZ}
    assert created["attendees"] == [{"email": "ravi@example.com", "responseStatus": "needsAction"}]
    # an explicit offset needs no time zone
    offset = {
        "id": "lv00003g1",
        "start": {"dateTime": "2025-03-14T15:00:00+05:30"},
        "end": {"dateTime": "2025-03-14T19:00:00+05:30"},
    }
    shown = await run(ins(service, offset))
    assert shown["id"] == "lv00003g1"
    # shown in the calendar's zone when the event has none
    utc = {
        "id": "lv00003g2",
        "start": {"dateTime": "2025-03-14T09:30:00Z"},
        "end": {"dateTime": "2025-03-14T13:30:00Z"},
    }
    assert (await run(ins(service, utc)))["start"] == {"dateTime": "2025-03-14T15:00:00+05:30"}
    # without an id Google makes one (base32hex)
    made = await run(ins(service, {"start": {"date": "2025-04-01"}, "end": {"date": "2025-04-02"}}))
    assert len(made["id"]) == 26
    assert set(made["id"]) <= set("0123456789abcdefghijklmnopqrstuv")


async def test_list_time_bounds_query_and_pages(sandbox: SandboxCalendar, service: Any) -> None:
    await run(ins(service, all_day("ev000010", "2025-03-10", "2025-03-11", summary="Asha A")))
    await run(ins(service, all_day("ev000012", "2025-03-12", "2025-03-14", summary="Ravi B")))
    await run(ins(service, timed("hf000013", "2025-03-13", "15:00", "19:00", summary="Maya C")))
    await run(ins(service, all_day("ev000020", "2025-03-20", "2025-03-21", summary="Asha D")))

    def listing(**kwargs: Any) -> Any:
        return service.events().list(calendarId=CALENDAR_ID, singleEvents=True, **kwargs)

    everything = await run(listing())
    assert everything["kind"] == "calendar#events"
    assert everything["timeZone"] == TZ
    assert [e["id"] for e in everything["items"]] == [
        "ev000010",
        "ev000012",
        "hf000013",
        "ev000020",
    ]
    assert "nextPageToken" not in everything

    # all-day dates are days of the calendar's zone (IST): 12-14 Mar IST
    window = await run(
        listing(timeMin="2025-03-12T00:00:00+05:30", timeMax="2025-03-14T00:00:00+05:30")
    )
    assert [e["id"] for e in window["items"]] == ["ev000012", "hf000013"]
    # the timed event is 09:30-13:30 UTC; a window ending at 09:30 UTC misses it
    early = await run(
        listing(timeMin="2025-03-13T00:00:00Z", timeMax="2025-03-13T09:30:00Z", orderBy="startTime")
    )
    assert [e["id"] for e in early["items"]] == ["ev000012"]

    found = await run(listing(q="asha"))
    assert [e["id"] for e in found["items"]] == ["ev000010", "ev000020"]

    first = await run(listing(maxResults=3))
    assert [e["id"] for e in first["items"]] == ["ev000010", "ev000012", "hf000013"]
    second = await run(service.events().list_next(listing(maxResults=3), first))
    assert [e["id"] for e in second["items"]] == ["ev000020"]
    assert "nextPageToken" not in second

    empty = await http_error(
        listing(timeMin="2025-03-14T00:00:00Z", timeMax="2025-03-13T00:00:00Z")
    )
    assert empty.status_code == 400
    assert reason(empty) == "timeRangeEmpty"
    no_offset = await http_error(listing(timeMin="2025-03-14T00:00:00"))
    assert no_offset.status_code == 400
    order = await http_error(service.events().list(calendarId=CALENDAR_ID, orderBy="startTime"))
    assert order.status_code == 400


async def test_duplicate_deleted_ids_stay_taken_and_delete_twice_is_410(
    sandbox: SandboxCalendar, service: Any
) -> None:
    body = all_day("lv00004g1", "2025-05-05", "2025-05-06")
    await run(ins(service, body))
    duplicate = await http_error(ins(service, body))
    assert duplicate.status_code == 409
    assert reason(duplicate) == "duplicate"
    assert duplicate.reason == "The requested identifier already exists."

    assert await run(service.events().delete(calendarId=CALENDAR_ID, eventId="lv00004g1")) == ""
    got = await run(service.events().get(calendarId=CALENDAR_ID, eventId="lv00004g1"))
    assert got["status"] == "cancelled"
    assert got["sequence"] == 1

    again = await http_error(ins(service, body))
    assert again.status_code == 409
    assert reason(again) == "duplicate"

    gone = await http_error(service.events().delete(calendarId=CALENDAR_ID, eventId="lv00004g1"))
    assert gone.status_code == 410
    assert reason(gone) == "deleted"
    assert gone.reason == "Resource has been deleted"

    listed = await run(service.events().list(calendarId=CALENDAR_ID))
    assert listed["items"] == []
    with_deleted = await run(service.events().list(calendarId=CALENDAR_ID, showDeleted=True))
    assert [(e["id"], e["status"]) for e in with_deleted["items"]] == [("lv00004g1", "cancelled")]

    # a new generation of the same day is a new id and goes in
    assert (await run(ins(service, all_day("lv00004g2", "2025-05-05", "2025-05-06"))))[
        "status"
    ] == "confirmed"
    assert [(e["id"], e["status"]) for e in sandbox.events()] == [
        ("lv00004g1", "cancelled"),
        ("lv00004g2", "confirmed"),
    ]


async def test_not_found_invalid_ids_and_invalid_times(service: Any) -> None:
    missing = await http_error(service.events().get(calendarId=CALENDAR_ID, eventId="nosuch99"))
    assert missing.status_code == 404
    assert reason(missing) == "notFound"
    missing_delete = await http_error(
        service.events().delete(calendarId=CALENDAR_ID, eventId="nosuch99")
    )
    assert missing_delete.status_code == 404
    other_calendar = await http_error(
        ins(service, all_day("lv00005g1", "2025-05-05", "2025-05-06"), "other@sandbox.calendar")
    )
    assert other_calendar.status_code == 404

    for bad_id in ("abcd", "LV00005G1", "lv00005w1", "lv-0005-g1", "x" * 6, "a" * 1025):
        invalid = await http_error(ins(service, all_day(bad_id, "2025-05-05", "2025-05-06")))
        assert invalid.status_code == 400, bad_id
        assert reason(invalid) == "invalid"
        assert invalid.reason == "Invalid resource id value."
    assert (await run(ins(service, all_day("a" * 1024, "2025-05-05", "2025-05-06"))))["id"]

    cases = [
        (all_day("lv00006g1", "2025-05-06", "2025-05-06"), "timeRangeEmpty"),
        (all_day("lv00006g2", "2025-05-07", "2025-05-06"), "timeRangeEmpty"),
        (timed("lv00006g3", "2025-05-06", "15:00", "11:00"), "timeRangeEmpty"),
        (
            {
                "id": "lv00006g4",
                "start": {"date": "2025-05-06"},
                "end": {"dateTime": "2025-05-06T19:00:00", "timeZone": TZ},
            },
            "invalid",
        ),
        (
            {
                "id": "lv00006g5",
                "start": {"dateTime": "2025-05-06T11:00:00"},
                "end": {"dateTime": "2025-05-06T15:00:00"},
            },
            "required",
        ),
        ({"id": "lv00006g6", "start": {"date": "2025-05-06"}}, "required"),
        (all_day("lv00006g7", "2025-05-06", "2025-05-07", transparency="see-through"), "invalid"),
        (
            {
                "id": "lv00006g8",
                "start": {"dateTime": "soon", "timeZone": TZ},
                "end": {"dateTime": "2025-05-06T15:00:00", "timeZone": TZ},
            },
            "invalid",
        ),
        (
            {
                "id": "lv00006g9",
                "start": {"dateTime": "2025-05-06T11:00:00", "timeZone": "Mars/Olympus"},
                "end": {"dateTime": "2025-05-06T15:00:00", "timeZone": TZ},
            },
            "invalid",
        ),
    ]
    for body, expected in cases:
        error = await http_error(ins(service, body))
        assert error.status_code == 400, body
        assert reason(error) == expected, body


async def test_patch_and_update(sandbox: SandboxCalendar, service: Any) -> None:
    await run(ins(service, all_day("lv00007g1", "2025-06-02", "2025-06-03")))
    patched = await run(
        service.events().patch(
            calendarId=CALENDAR_ID, eventId="lv00007g1", body={"summary": "Asha - sick leave"}
        )
    )
    assert patched["summary"] == "Asha - sick leave"
    assert patched["start"] == {"date": "2025-06-02"}
    assert patched["sequence"] == 1
    bad = await http_error(
        service.events().patch(
            calendarId=CALENDAR_ID, eventId="lv00007g1", body={"end": {"date": "2025-06-01"}}
        )
    )
    assert reason(bad) == "timeRangeEmpty"

    await run(service.events().delete(calendarId=CALENDAR_ID, eventId="lv00007g1"))
    restored = await run(
        service.events().update(
            calendarId=CALENDAR_ID,
            eventId="lv00007g1",
            body=all_day("lv00007g1", "2025-06-02", "2025-06-04", status="confirmed"),
        )
    )
    assert restored["status"] == "confirmed"
    assert restored["end"] == {"date": "2025-06-04"}
    assert restored["sequence"] == 3
    assert sandbox.live_events()[0]["id"] == "lv00007g1"


async def test_missing_wrong_and_revoked_credentials(sandbox: SandboxCalendar) -> None:
    bare = build_service(sandbox, http=httplib2.Http(timeout=5))
    try:
        unauthenticated = await http_error(bare.events().list(calendarId=CALENDAR_ID))
        # an unknown token (sent by hand: google-auth would try to refresh it)
        request = bare.events().list(calendarId=CALENDAR_ID)
        request.headers["authorization"] = "Bearer ya29.bogus"
        invalid = await http_error(request)
    finally:
        bare.close()
    assert unauthenticated.status_code == 401
    assert reason(unauthenticated) == "required"
    assert invalid.status_code == 401
    assert reason(invalid) == "authError"

    # the static token works without a token exchange
    static = build_service(sandbox, credentials=user_credentials.Credentials(sandbox.static_token))  # type: ignore[no-untyped-call]
    try:
        assert (await run(static.events().list(calendarId=CALENDAR_ID)))["items"] == []
    finally:
        static.close()

    # a service account token without a calendar scope
    narrow = build_service(
        sandbox,
        credentials=sa_credentials(sandbox, "https://www.googleapis.com/auth/drive"),
    )
    try:
        scope = await http_error(narrow.events().list(calendarId=CALENDAR_ID))
    finally:
        narrow.close()
    assert scope.status_code == 403
    assert reason(scope) == "insufficientPermissions"

    # revoked tokens: google-auth refreshes on the 401 and repeats the call
    service = build_service(sandbox)
    try:
        await run(service.events().list(calendarId=CALENDAR_ID))
        assert sandbox.revoke_tokens() == 2  # the narrow one and this one
        sandbox.calls.clear()
        await run(service.events().list(calendarId=CALENDAR_ID))
    finally:
        service.close()
    assert [(c.op, c.status) for c in sandbox.calls] == [
        ("list", 401),
        ("token", 200),
        ("list", 200),
    ]


async def test_token_endpoint_checks_grant_and_signature(sandbox: SandboxCalendar) -> None:
    async with (
        aiohttp.ClientSession() as session,
        session.post(
            sandbox.token_uri, data={"grant_type": "client_credentials", "assertion": "x"}
        ) as resp,
    ):
        assert resp.status == 400
        assert (await resp.json())["error"] == "unsupported_grant_type"

    # a key the sandbox never issued: the real google-auth flow gets invalid_grant
    info = sandbox.service_account_info()
    foreign = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    info["private_key"] = foreign.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()
    forged = service_account.Credentials.from_service_account_info(info, scopes=[CALENDAR_SCOPE])  # type: ignore[no-untyped-call]
    service = build_service(sandbox, credentials=forged)
    try:
        with pytest.raises(RefreshError, match="invalid_grant"):
            await run(service.events().list(calendarId=CALENDAR_ID))
    finally:
        service.close()
    assert [(c.op, c.status) for c in sandbox.calls] == [("token", 400), ("token", 400)]


async def test_service_account_file(sandbox: SandboxCalendar, tmp_path: Path) -> None:
    path = sandbox.write_service_account(tmp_path / "sa.json")
    assert (path.stat().st_mode & 0o777) == 0o600
    assert json.loads(path.read_text())["token_uri"] == sandbox.token_uri
    creds = service_account.Credentials.from_service_account_file(  # type: ignore[no-untyped-call]
        str(path), scopes=[CALENDAR_SCOPE]
    )
    service = build_service(sandbox, credentials=creds)
    try:
        await run(ins(service, all_day("lv00008g1", "2025-07-01", "2025-07-02")))
    finally:
        service.close()
    assert [e["id"] for e in sandbox.events()] == ["lv00008g1"]


# -- faults --------------------------------------------------------------------------------


async def test_backend_errors_and_rate_limits(sandbox: SandboxCalendar, service: Any) -> None:
    await run(service.events().list(calendarId=CALENDAR_ID))  # token exchange done
    body = all_day("lv00009g1", "2025-08-04", "2025-08-05")
    sandbox.fail("insert", 500, times=2)
    for _ in range(2):
        error = await http_error(ins(service, body))
        assert error.status_code == 500
        assert reason(error) == "backendError"
    assert sandbox.events() == []
    assert (await run(ins(service, body)))["id"] == "lv00009g1"

    sandbox.fail("get", 403)
    sandbox.fail("get", 429)
    for status in (403, 429):
        error = await http_error(service.events().get(calendarId=CALENDAR_ID, eventId="lv00009g1"))
        assert error.status_code == status
        assert reason(error) == "rateLimitExceeded"
        assert error.error_details[0]["domain"] == "usageLimits"
    # faults are per operation: a list in between is not affected
    sandbox.fail("delete", 503)
    assert len((await run(service.events().list(calendarId=CALENDAR_ID)))["items"]) == 1
    error = await http_error(service.events().delete(calendarId=CALENDAR_ID, eventId="lv00009g1"))
    assert error.status_code == 503
    assert sandbox.live_events() != []
    assert sandbox.faults.to_json() == []


async def test_faults_over_http_control_route(sandbox: SandboxCalendar, service: Any) -> None:
    async with aiohttp.ClientSession() as session:
        url = f"{sandbox.base_url}/sandbox/calendar/faults"
        async with session.post(url, json={"kind": "error", "op": "list", "status": 500}) as resp:
            assert resp.status == 200
            assert (await resp.json())[0]["remaining"] == 1
        async with session.post(url, json={"kind": "explode"}) as resp:
            assert resp.status == 400
        error = await http_error(service.events().list(calendarId=CALENDAR_ID))
        assert error.status_code == 500

        await run(ins(service, all_day("lv00010g1", "2025-08-04", "2025-08-05")))
        await run(service.events().delete(calendarId=CALENDAR_ID, eventId="lv00010g1"))
        async with session.get(f"{sandbox.base_url}/sandbox/calendar/events") as resp:
            events = await resp.json()
        assert [(e["calendarId"], e["id"], e["status"]) for e in events] == [
            (CALENDAR_ID, "lv00010g1", "cancelled")
        ]
        async with session.get(f"{sandbox.base_url}/sandbox/calendar/calls") as resp:
            calls = await resp.json()
        assert [c["op"] for c in calls] == ["token", "list", "insert", "delete"]
        assert calls[1]["fault"] == "error"


async def test_slow_reply_beyond_client_timeout(sandbox: SandboxCalendar) -> None:
    authed = google_auth_httplib2.AuthorizedHttp(
        sa_credentials(sandbox), http=httplib2.Http(timeout=0.3)
    )
    service = build_service(sandbox, http=authed)
    try:
        await run(service.events().list(calendarId=CALENDAR_ID))
        sandbox.slow("insert", delay_s=1.0)
        with pytest.raises(TimeoutError):
            await run(ins(service, all_day("lv00011g1", "2025-09-01", "2025-09-02")))
        # the client gave up, the server still did it
        assert sandbox.event("lv00011g1") is None
        with anyio.fail_after(5):
            while sandbox.event("lv00011g1") is None:
                await anyio.sleep(0.05)
    finally:
        service.close()


async def test_drop_after_success(sandbox: SandboxCalendar, service: Any) -> None:
    await run(service.events().list(calendarId=CALENDAR_ID))
    body = all_day("lv00012g1", "2025-09-08", "2025-09-09")

    # dropped once: httplib2 sends the POST again by itself and gets 409 duplicate
    sandbox.drop("insert")
    repeat = await http_error(ins(service, body))
    assert repeat.status_code == 409
    assert reason(repeat) == "duplicate"
    assert [(e["id"], e["status"]) for e in sandbox.events()] == [("lv00012g1", "confirmed")]

    # dropped twice: the client sees the connection error, the event exists once
    sandbox.drop("insert", times=2)
    body2 = all_day("lv00013g1", "2025-09-15", "2025-09-16")
    with pytest.raises(http.client.RemoteDisconnected):
        await run(ins(service, body2))
    assert [e["id"] for e in sandbox.events()] == ["lv00012g1", "lv00013g1"]
    inserts = [c for c in sandbox.calls if c.op == "insert"]
    assert [(c.status, c.fault) for c in inserts] == [
        (200, "drop"),
        (409, None),
        (200, "drop"),
        (409, "drop"),
    ]

    # dropped before doing anything: httplib2's repeat succeeds
    sandbox.drop("delete", before=True)
    assert await run(service.events().delete(calendarId=CALENDAR_ID, eventId="lv00013g1")) == ""
    deleted = sandbox.event("lv00013g1")
    assert deleted is not None
    assert deleted["status"] == "cancelled"
    assert [(c.op, c.status, c.fault) for c in sandbox.calls[-2:]] == [
        ("delete", 0, "drop_before"),
        ("delete", 204, None),
    ]


async def test_inject_fault_model_and_reset(sandbox: SandboxCalendar, service: Any) -> None:
    sandbox.inject(Fault(kind="error", op="*", status=502))
    error = await http_error(service.events().list(calendarId=CALENDAR_ID))
    assert error.status_code == 502
    assert reason(error) == "backendError"
    await run(ins(service, all_day("lv00014g1", "2025-10-01", "2025-10-02")))
    assert sandbox.delete_event("lv00014g1") is True
    assert sandbox.delete_event("lv00014g1") is False
    sandbox.reset()
    assert sandbox.events() == []
    assert sandbox.calls == []


async def test_mounted_with_harvest_on_one_app(anyio_backend: str) -> None:
    """A composite sandbox: both services attached to one aiohttp app and port."""
    from aiohttp import web

    from leavebot.sandbox.harvest import SandboxHarvest

    calendar, harvest = SandboxCalendar(), SandboxHarvest()
    app = web.Application()
    calendar.attach(app)
    harvest.attach(app)
    runner = web.AppRunner(app, access_log=None, shutdown_timeout=1.0)
    await runner.setup()
    try:
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        host, port = runner.addresses[0][:2]
        for sandbox in (calendar, harvest):
            sandbox.set_base_url(f"http://{host}:{port}")
        async with aiohttp.ClientSession() as session:
            # a service-account JSON fetched over the control route (as a demo process would)
            async with session.post(f"{calendar.base_url}/sandbox/calendar/service_account") as r:
                info = await r.json()
            headers = {
                "Authorization": f"Bearer {harvest.token}",
                "Harvest-Account-Id": harvest.account_id,
                "User-Agent": "leavebot tests (dev@example.com)",
            }
            async with session.get(f"{harvest.api_url}/users/me", headers=headers) as r:
                assert r.status == 200
        creds = service_account.Credentials.from_service_account_info(  # type: ignore[no-untyped-call]
            info, scopes=[CALENDAR_SCOPE]
        )
        service = build_service(calendar, credentials=creds)
        try:
            await run(ins(service, all_day("lv00015g1", "2025-11-03", "2025-11-04")))
        finally:
            service.close()
        assert [e["id"] for e in calendar.events()] == ["lv00015g1"]
    finally:
        await runner.cleanup()
