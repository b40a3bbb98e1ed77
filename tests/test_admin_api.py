"""The admin JSON API against a live server: every route's success, auth and bad input."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import AsyncIterator
from zoneinfo import ZoneInfo

import anyio
import pytest
from structlog.testing import capture_logs

from leavebot.admin.app import API_ROUTES
from leavebot.config import CONFIG_KEYS, ConfigCache
from leavebot.db import Database
from leavebot.heartbeats import HeartbeatWriter
from tests.admin_support import TOKEN, Api, Seed, serve_admin
from tests.test_admin_seed import report

pytestmark = pytest.mark.anyio

MON = dt.date(2026, 3, 2)
TUE = dt.date(2026, 3, 3)
WED = dt.date(2026, 3, 4)
APR = dt.date(2026, 4, 6)
JUN = dt.date(2026, 6, 1)


@pytest.fixture
async def api(db: Database) -> AsyncIterator[Api]:
    async with serve_admin(db, heartbeat_interval_s=0.5) as client:
        yield client


@pytest.fixture
def seed(db: Database) -> Seed:
    return Seed(db)


def sample_path(path: str) -> str:
    return path.replace("{id}", "1").replace("{key}", "expiry_minutes")


# ---------------------------------------------------------------------- auth


async def test_every_route_needs_the_token(api: Api) -> None:
    assert len(API_ROUTES) == 21
    for route in API_ROUTES:
        for header in (None, "Bearer", "Basic " + TOKEN, "Bearer wrong", "Bearer " + "b" * 40):
            headers = {"Authorization": header} if header else {}
            reply = await api.call(
                route.method,
                sample_path(route.path),
                headers=headers,
                auth=False,
                json_body={"value": 5},
            )
            assert reply.status == 401, (route.operation_id, header)
            assert reply.body["error"]["code"] == "unauthorized"
            assert TOKEN not in reply.text


async def test_the_openapi_document_is_behind_the_token(api: Api) -> None:
    assert (await api.get("/api/openapi.json", auth=False)).status == 401
    reply = await api.get("/api/openapi.json")
    assert reply.status == 200
    doc = reply.body
    assert doc["openapi"] == "3.1.0"
    assert doc["components"]["securitySchemes"]["bearerAuth"] == {
        "type": "http",
        "scheme": "bearer",
    }
    assert doc["security"] == [{"bearerAuth": []}]
    for route in API_ROUTES:
        op = doc["paths"][route.path][route.method.lower()]
        assert op["operationId"] == route.operation_id
        assert "401" in op["responses"]
    assert "/api/openapi.json" in doc["paths"]


async def test_every_ref_in_the_document_resolves(api: Api) -> None:
    doc = (await api.get("/api/openapi.json")).body
    schemas = doc["components"]["schemas"]
    refs: list[str] = []

    def walk(node: object) -> None:
        if isinstance(node, dict):
            if "$ref" in node:
                refs.append(node["$ref"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(doc)
    assert refs
    for ref in refs:
        assert ref.startswith("#/components/schemas/")
        assert ref.rsplit("/", 1)[1] in schemas, ref
    # Query models are unrolled into parameters, with their names as aliased.
    params = doc["paths"]["/api/whos-out"]["get"]["parameters"]
    assert [p["name"] for p in params] == ["date", "from", "to"]
    assert "from" in schemas["WhosOut"]["properties"]


# --------------------------------------------------------------------- users


async def test_users_create_get_list_update_and_deactivate(api: Api) -> None:
    created = await api.call(
        "POST",
        "/api/users",
        json_body={
            "slack_user_id": "U0ASHA001",
            "display_name": "Asha Rao",
            "email": "asha@example.com",
            "timezone": "Europe/Berlin",
        },
    )
    assert created.status == 201, created.body
    asha = created.body
    assert asha["timezone"] == "Europe/Berlin"
    assert (asha["zone"], asha["zone_source"], asha["slack_timezone"]) == (
        "Europe/Berlin",
        "admin",
        None,
    )
    assert asha["active"] is True
    assert asha["gaps"] == ["harvest_user_id"]
    ravi = await api.call(
        "POST",
        "/api/users",
        json_body={"slack_user_id": "U0RAVI002", "display_name": "Ravi Kumar", "active": False},
    )
    assert ravi.status == 201
    # No zone of their own: the company's, whatever it is when their message comes.
    assert ravi.body["timezone"] is None
    assert (ravi.body["zone"], ravi.body["zone_source"]) == ("Asia/Kolkata", "company")
    assert ravi.body["gaps"] == ["harvest_user_id", "email"]

    got = await api.get(f"/api/users/{asha['id']}")
    assert got.status == 200
    assert got.body == asha

    listed = await api.get("/api/users", params={"q": "ASHA"})
    assert [u["id"] for u in listed.body["items"]] == [asha["id"]]
    assert listed.body["total"] == 1
    by_email = await api.get("/api/users", params={"q": "example.COM"})
    assert [u["slack_user_id"] for u in by_email.body["items"]] == ["U0ASHA001"]
    inactive = await api.get("/api/users", params={"active": "false"})
    assert [u["slack_user_id"] for u in inactive.body["items"]] == ["U0RAVI002"]
    gaps = await api.get("/api/users", params={"gaps": "true"})
    assert [u["slack_user_id"] for u in gaps.body["items"]] == ["U0ASHA001"]
    page = await api.get("/api/users", params={"limit": "1", "offset": "1"})
    assert page.body["total"] == 2
    assert [u["display_name"] for u in page.body["items"]] == ["Ravi Kumar"]

    patched = await api.call(
        "PATCH",
        f"/api/users/{asha['id']}",
        json_body={"harvest_user_id": 4100002, "timezone": "Asia/Kolkata"},
    )
    assert patched.status == 200
    assert patched.body["harvest_user_id"] == 4100002
    assert patched.body["timezone"] == "Asia/Kolkata"
    assert patched.body["display_name"] == "Asha Rao"
    assert patched.body["gaps"] == []
    cleared = await api.call("PATCH", f"/api/users/{asha['id']}", json_body={"email": None})
    assert cleared.body["email"] is None
    assert cleared.body["harvest_user_id"] == 4100002
    unzoned = await api.call("PATCH", f"/api/users/{asha['id']}", json_body={"timezone": None})
    assert (unzoned.body["timezone"], unzoned.body["zone_source"]) == (None, "company")

    gone = await api.call("DELETE", f"/api/users/{asha['id']}")
    assert gone.status == 200
    assert gone.body["active"] is False
    assert (await api.get(f"/api/users/{asha['id']}")).body["active"] is False


async def test_users_bad_input(api: Api, seed: Seed) -> None:
    uid = await seed.person(slack_user_id="U0TAKEN01")
    cases: list[tuple[str, str, dict[str, object] | None, int, str]] = [
        ("POST", "/api/users", {"slack_user_id": "U0TAKEN01", "display_name": "X"}, 409, ""),
        ("POST", "/api/users", {"slack_user_id": "nope", "display_name": "X"}, 422, "slack"),
        ("POST", "/api/users", {"slack_user_id": "U0NEW0001"}, 422, "display_name"),
        (
            "POST",
            "/api/users",
            {"slack_user_id": "U0NEW0001", "display_name": "X", "timezone": "Mars/Olympus"},
            422,
            "IANA",
        ),
        (
            "POST",
            "/api/users",
            {"slack_user_id": "U0NEW0001", "display_name": "X", "admin": True},
            422,
            "admin",
        ),
        (
            "POST",
            "/api/users",
            {"slack_user_id": "U0NEW0001", "display_name": "X", "harvest_user_id": 2**63},
            422,
            "harvest_user_id",
        ),
        ("PATCH", f"/api/users/{uid}", {}, 422, "at least one"),
        ("PATCH", f"/api/users/{uid}", {"display_name": None}, 422, "cannot be null"),
        ("PATCH", f"/api/users/{uid}", {"active": "maybe"}, 422, "active"),
        ("PATCH", "/api/users/999999", {"active": False}, 404, "999999"),
        ("GET", "/api/users/999999", None, 404, ""),
        ("GET", "/api/users/abc", None, 404, ""),
        ("GET", "/api/users/0", None, 404, ""),
        ("GET", f"/api/users/{2**64}", None, 404, ""),
        ("DELETE", "/api/users/424242", None, 404, ""),
    ]
    for method, path, body, status, words in cases:
        reply = await api.call(method, path, json_body=body)
        assert reply.status == status, (method, path, body, reply.body)
        assert set(reply.body["error"]) == {"code", "message", "details"}
        assert words in reply.body["error"]["message"] + str(reply.body["error"]["details"])
    for params in ({"limit": "0"}, {"limit": "x"}, {"active": "perhaps"}, {"page": "2"}):
        assert (await api.get("/api/users", params=params)).status == 400, params
    twice = await api.get("/api/users?limit=1&limit=2")
    assert twice.status == 400
    assert "more than once" in twice.body["error"]["message"]
    nul = await api.get("/api/users", params={"q": "a\x00b"})
    assert nul.status == 400


@pytest.mark.parametrize(
    ("data", "status", "words"),
    [
        (b"{not json", 400, "not valid JSON"),
        (b"", 400, "body is required"),
        (b"\xff\xfe{}", 400, "UTF-8"),
        (b'{"slack_user_id": "U0X00001", "display_name": "a\\u0000b"}', 400, "NUL"),
        (b'{"slack_user_id": "U0X00001", "display_name": "\\ud800"}', 400, "surrogate"),
        (b'{"slack_user_id": "U0X00001", "display_name": NaN}', 400, "JSON"),
        (b"[1, 2]", 422, "invalid body"),
        (b'"just a string"', 422, "invalid body"),
        (b"[" * 100_000 + b"]" * 100_000, 400, "JSON"),
    ],
)
async def test_unreadable_bodies_are_400_or_422(
    api: Api, data: bytes, status: int, words: str
) -> None:
    reply = await api.call(
        "POST", "/api/users", data=data, headers={"Content-Type": "application/json"}
    )
    assert reply.status == status, reply.text
    assert words in reply.body["error"]["message"]


async def test_too_large_a_body_is_a_json_413(api: Api) -> None:
    big = b'{"value": "' + b"x" * (300 * 1024) + b'"}'
    reply = await api.call(
        "PUT",
        "/api/config/expiry_minutes",
        data=big,
        headers={"Content-Type": "application/json"},
    )
    assert reply.status == 413
    assert reply.body["error"]["code"] == "payload_too_large"


# -------------------------------------------------------------------- leaves


async def test_leaves_list_filters_and_cursor_pages(api: Api, seed: Seed, db: Database) -> None:
    asha = await seed.person("Asha Rao")
    ravi = await seed.person("Ravi Kumar")
    same = dt.datetime(2026, 3, 1, 9, 0, tzinfo=dt.UTC)
    made = []
    for i in range(7):  # three share one created_at: the id breaks the tie
        created = same if i < 3 else same + dt.timedelta(minutes=i)
        rid, _ = await seed.request(
            asha if i % 2 == 0 else ravi,
            [(MON + dt.timedelta(days=7 * i), "full")],
            created_at=created,
            category="sick" if i == 4 else "vacation",
        )
        made.append(rid)
    pending, _ = await seed.request(asha, [(JUN, "am")], status="pending", day_status=None)
    failed, _ = await seed.request(
        ravi, [(JUN, "pm")], day_status="failed", calendar="failed", created_at=same
    )
    newest_first = [pending, made[6], made[5], made[4], made[3], failed, made[2], made[1], made[0]]

    seen: list[int] = []
    cursor = None
    pages = 0
    while True:
        params = {"limit": "4", **({"cursor": cursor} if cursor else {})}
        reply = await api.get("/api/leaves", params=params)
        assert reply.status == 200
        seen.extend(item["id"] for item in reply.body["items"])
        pages += 1
        cursor = reply.body["next_cursor"]
        if cursor is None:
            break
    assert seen == newest_first
    assert pages == 3

    async def ids(**params: str) -> list[int]:
        reply = await api.get("/api/leaves", params=params)
        assert reply.status == 200, reply.body
        return [item["id"] for item in reply.body["items"]]

    assert await ids(user_id=str(ravi)) == [made[5], made[3], failed, made[1]]
    assert await ids(status="pending") == [pending]
    assert await ids(category="sick") == [made[4]]
    assert await ids(failed="true") == [failed]
    week2 = (MON + dt.timedelta(days=7)).isoformat()
    assert await ids(**{"from": week2, "to": week2}) == [made[1]]
    assert await ids(**{"from": JUN.isoformat()}) == [failed]  # the pending one booked nothing

    item = (await api.get("/api/leaves", params={"failed": "true"})).body["items"][0]
    assert item["failed_days"] == 1
    assert item["user"]["display_name"] == "Ravi Kumar"
    assert item["first_day"] == item["last_day"] == JUN.isoformat()
    assert item["day_count"] == 0.5

    for params in (
        {"cursor": "garbage!"},
        {"cursor": "WzEsMl0"},  # base64 of [1,2]: not ours
        {"from": "2026-03-09", "to": "2026-03-01"},
        {"from": "2026-02-30"},
        {"status": "lost"},
        {"limit": "201"},
        {"user_id": "-1"},
        {"sort": "id"},
    ):
        reply = await api.get("/api/leaves", params=params)
        assert reply.status == 400, (params, reply.body)


async def test_one_leave_with_days_attempts_and_permalink(db: Database, seed: Seed) -> None:
    asha = await seed.person()
    outcome = {"state": "partial", "operation": "create", "failures": ["Calendar: HTTP 500."]}
    rid, days = await seed.request(
        asha,
        [(MON, "full"), (TUE, "am")],
        outcome=outcome,
        thread_ts="1699999999.000100",
    )
    await db.execute(
        "UPDATE leave_days SET status = 'failed', calendar_status = 'failed', "
        "last_error = 'HTTP 500' WHERE id = $1",
        days[1],
    )
    await seed.attempt(rid, days[0], "calendar")
    await seed.attempt(rid, days[1], "calendar", "error", "HTTP 500")
    async with serve_admin(db, slack_web_url="https://acme.slack.com/") as api:
        reply = await api.get(f"/api/leaves/{rid}")
        assert reply.status == 200
        leave = reply.body
        assert leave["permalink"] == (
            "https://acme.slack.com/archives/C0LEAVE/p1700000000000001"
            "?thread_ts=1699999999.000100&cid=C0LEAVE"
        )
        assert [d["date"] for d in leave["days"]] == [MON.isoformat(), TUE.isoformat()]
        assert leave["days"][1]["status"] == "failed"
        assert leave["days"][1]["last_error"] == "HTTP 500"
        assert leave["failed_days"] == 1
        assert leave["day_count"] == 1.5
        assert [(a["target"], a["outcome"]) for a in leave["attempts"]] == [
            ("calendar", "ok"),
            ("calendar", "error"),
        ]
        assert leave["outcome"] == {"state": "partial", "failures": ["Calendar: HTTP 500."]}
        assert (await api.get("/api/leaves/987654")).status == 404
        assert (await api.get("/api/leaves/x1")).status == 404


# -------------------------------------------------------------- who's out


async def test_whos_out_today_a_day_and_a_range(api: Api, seed: Seed, db: Database) -> None:
    today = dt.datetime.now(ZoneInfo("Asia/Kolkata")).date()
    asha = await seed.person("Asha Rao")
    ravi = await seed.person("Ravi Kumar")
    await seed.request(asha, [(today, "full")])
    await seed.request(ravi, [(MON, "am"), (WED, "full")], category="sick")
    await seed.request(asha, [(TUE, "pm")], day_status="cancelled")

    now = await api.get("/api/whos-out")
    assert now.status == 200
    assert now.body["from"] == now.body["to"] == today.isoformat()
    assert [p["display_name"] for p in now.body["people"]] == ["Asha Rao"]

    day = await api.get("/api/whos-out", params={"date": MON.isoformat()})
    (person,) = day.body["people"]
    assert person["display_name"] == "Ravi Kumar"
    assert [(d["portion"], d["category"]) for d in person["days"]] == [("am", "sick")]
    assert person["total_days"] == 0.5

    week = await api.get("/api/whos-out", params={"from": MON.isoformat(), "to": WED.isoformat()})
    (person,) = week.body["people"]  # the cancelled Tuesday is not out
    assert [d["date"] for d in person["days"]] == [MON.isoformat(), WED.isoformat()]
    assert person["total_days"] == 1.5

    for params in (
        {"date": "tomorrow"},
        {"from": MON.isoformat()},
        {"date": MON.isoformat(), "from": MON.isoformat(), "to": WED.isoformat()},
        {"from": WED.isoformat(), "to": MON.isoformat()},
        {"from": "2026-01-01", "to": "2026-12-31"},
        {"date": "0001-01-01"},
    ):
        reply = await api.get("/api/whos-out", params=params)
        assert reply.status == 400, params
        assert reply.body["error"]["code"] == "bad_query"


# ------------------------------------------------------------------ stats


async def test_stats_as_json_and_csv(api: Api, seed: Seed) -> None:
    asha = await seed.person("Asha Rao")
    evil = await seed.person("=HYPERLINK(1)")
    await seed.request(asha, [(MON, "full"), (TUE, "am")])
    await seed.request(asha, [(WED, "full")], category="sick")
    await seed.request(asha, [(APR, "pm")], day_status="failed")
    await seed.request(asha, [(APR + dt.timedelta(days=1), "full")], day_status="cancelled")
    await seed.request(evil, [(MON, "full")])
    params = {"from": "2026-01-01", "to": "2026-12-31"}

    reply = await api.get("/api/stats", params=params)
    assert reply.status == 200
    rows = [(r["display_name"], r["month"], r["category"], r["days"]) for r in reply.body["rows"]]
    assert rows == [
        ("=HYPERLINK(1)", "2026-03", "vacation", 1.0),
        ("Asha Rao", "2026-03", "sick", 1.0),
        ("Asha Rao", "2026-03", "vacation", 1.5),
        ("Asha Rao", "2026-04", "vacation", 0.5),
    ]
    assert reply.body["total_days"] == 4.0
    assert reply.body["from"] == "2026-01-01"

    for extra, headers in (({"format": "csv"}, {}), ({}, {"Accept": "text/csv"})):
        got = await api.get("/api/stats", params={**params, **extra}, headers=headers)
        assert got.status == 200
        assert got.headers["Content-Type"].startswith("text/csv")
        table = list(csv.reader(io.StringIO(got.text)))
        assert table[0] == ["user_id", "display_name", "month", "category", "days"]
        assert table[1][1] == "'=HYPERLINK(1)"
        assert [row[2:] for row in table[1:]] == [
            ["2026-03", "vacation", "1"],
            ["2026-03", "sick", "1"],
            ["2026-03", "vacation", "1.5"],
            ["2026-04", "vacation", "0.5"],
        ]
    this_year = await api.get("/api/stats")
    assert this_year.body["from"].endswith("-01-01")
    assert this_year.body["to"].endswith("-12-31")
    for bad in ({"from": "2026-05-01", "to": "2026-04-01"}, {"format": "xml"},
                {"from": "2020-01-01", "to": "2026-01-01"}):  # fmt: skip
        assert (await api.get("/api/stats", params=bad)).status == 400


# ----------------------------------------------------------------- config


async def test_config_read_and_change_seen_by_a_running_cache(api: Api, db: Database) -> None:
    listed = await api.get("/api/config")
    assert [i["key"] for i in listed.body["items"]] == list(CONFIG_KEYS)
    one = await api.get("/api/config/expiry_minutes")
    assert one.body["value"] == 60
    assert one.body["default"] == 60
    assert one.body["updated_by"] == "migration"

    cache = ConfigCache(db, ttl_s=0.2)
    assert (await cache.get()).expiry_minutes == 60
    with capture_logs() as logs:
        put = await api.call(
            "PUT",
            "/api/config/expiry_minutes",
            json_body={"value": 15},
            headers={"X-Admin-User": "alice"},
        )
    assert put.status == 200, put.body
    assert put.body["value"] == 15
    assert put.body["updated_by"] == "admin:alice"
    changed = [e for e in logs if e["event"] == "config.changed"]
    assert changed == [
        {"event": "config.changed", "key": "expiry_minutes", "by": "admin:alice",
         "log_level": "info"}
    ]  # fmt: skip
    with anyio.fail_after(3):
        while (await cache.get()).expiry_minutes != 15:
            await anyio.sleep(0.05)

    cleared = await api.call("PUT", "/api/config/harvest_project_id", json_body={"value": None})
    assert cleared.status == 200
    assert cleared.body["value"] is None
    assert cleared.body["updated_by"] == "admin"
    half = await api.call(
        "PUT", "/api/config/half_day_am", json_body={"value": {"start": "09:00", "end": "13:00"}}
    )
    assert half.body["value"] == {"start": "09:00", "end": "13:00"}


async def test_config_bad_key_or_value_is_400_naming_it(api: Api) -> None:
    unknown = await api.call("PUT", "/api/config/colour", json_body={"value": "red"})
    assert unknown.status == 400
    assert unknown.body["error"]["code"] == "unknown_config_key"
    assert "colour" in unknown.body["error"]["message"]
    assert "expiry_minutes" in unknown.body["error"]["details"]["known"]
    for key, value in (
        ("expiry_minutes", 0),
        ("expiry_minutes", "soon"),
        ("timezone", "Nowhere/Land"),
        ("working_days", ["mon", "funday"]),
        ("half_day_am", {"start": "25:00", "end": "13:00"}),
        ("trigger_keywords", []),
    ):
        reply = await api.call("PUT", f"/api/config/{key}", json_body={"value": value})
        assert reply.status == 400, (key, value, reply.body)
        assert reply.body["error"]["code"] == "invalid_config_value"
        assert key in reply.body["error"]["message"]
    assert (await api.call("PUT", "/api/config/timezone", json_body={})).status == 422
    assert (
        await api.call("PUT", "/api/config/timezone", json_body={"value": "UTC", "x": 1})
    ).status == 422
    assert (await api.get("/api/config/colour")).status == 404


# ----------------------------------------------------------------- health


async def test_health_actors_slack_and_last_sync_errors(api: Api, db: Database, seed: Seed) -> None:
    reply = await api.get("/api/health")
    assert reply.body["slack"] == {"state": "unknown", "detail": "no process runs slack_listener"}
    assert reply.body["last_sync_errors"] == []

    await HeartbeatWriter(db, "bot")([report("slack_listener"), report("parser")])
    asha = await seed.person()
    rid, days = await seed.request(asha, [(MON, "full")], day_status="failed", harvest="failed")
    await seed.attempt(rid, days[0], "harvest", "error", "HTTP 422: Task must be assigned")
    reply = await api.get("/api/health")
    assert reply.status == 200
    assert reply.body["status"] == "ok"
    assert reply.body["database"] == "ok"
    assert reply.body["slack"]["state"] == "connected"
    (error,) = reply.body["last_sync_errors"]
    assert error["request_id"] == rid
    assert error["target"] == "harvest"
    assert error["error"] == "HTTP 422: Task must be assigned"

    await HeartbeatWriter(db, "bot")([report("slack_listener", "restarting", "ConnectionError")])
    reply = await api.get("/api/health")
    assert reply.body["status"] == "degraded"
    assert reply.body["slack"] == {
        "state": "disconnected",
        "detail": "slack_listener is restarting: ConnectionError",
    }


# --------------------------------------------------------------- security


async def test_no_cors_and_security_headers_on_every_answer(api: Api) -> None:
    origin = {"Origin": "https://evil.example"}
    for method, path in (("GET", "/api/users"), ("OPTIONS", "/api/users"), ("GET", "/healthz")):
        reply = await api.call(method, path, headers=origin)
        assert reply.status in (200, 405), (method, path, reply.status)
        assert not [h for h in reply.headers if h.lower().startswith("access-control-")]
        assert reply.headers["X-Frame-Options"] == "DENY"
        assert reply.headers["X-Content-Type-Options"] == "nosniff"
        if reply.status >= 400:
            assert reply.body["error"]["code"] == "method_not_allowed"


async def test_the_token_is_never_logged_nor_answered(api: Api, seed: Seed) -> None:
    asha = await seed.person()
    await seed.request(asha, [(MON, "full")])
    with capture_logs() as logs:
        texts = [
            (await api.get(path)).text
            for path in ("/api/health", "/api/users", "/api/leaves", "/api/config", "/api/stats")
        ]
        texts.append((await api.get("/api/users", auth=False)).text)
    assert all(TOKEN not in t for t in texts)
    assert TOKEN not in repr(logs)
