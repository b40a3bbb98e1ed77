"""The sandbox Harvest API v2 against a real aiohttp client over real sockets."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import anyio
import pytest

from leavebot.sandbox.harvest import DEFAULT_USERS, SandboxHarvest

pytestmark = pytest.mark.anyio

UA = "leavebot tests (dev@example.com)"
ASHA = 4100002
RAVI = 4100003
ARCHIVED = 4100006


@pytest.fixture
async def sandbox(anyio_backend: str) -> AsyncIterator[SandboxHarvest]:
    sb = SandboxHarvest(rate_limit=10_000)
    await sb.start()
    try:
        yield sb
    finally:
        await sb.stop()


def auth_headers(sandbox: SandboxHarvest) -> dict[str, str]:
    return {
        "Authorization": f"Bearer {sandbox.token}",
        "Harvest-Account-Id": sandbox.account_id,
        "User-Agent": UA,
    }


@pytest.fixture
async def client(sandbox: SandboxHarvest) -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession(
        base_url=sandbox.base_url, headers=auth_headers(sandbox)
    ) as session:
        yield session


async def call(
    session: aiohttp.ClientSession, method: str, path: str, **kwargs: Any
) -> tuple[int, Any, aiohttp.ClientResponse]:
    async with session.request(method, path, **kwargs) as resp:
        if resp.content_type == "application/json":
            body: Any = await resp.json()
        else:
            body = await resp.text()
        return resp.status, body, resp


def leave(
    sandbox: SandboxHarvest, user_id: int, day: str, ref: str, **extra: Any
) -> dict[str, Any]:
    return {
        "user_id": user_id,
        "project_id": sandbox.project_id,
        "task_id": sandbox.vacation_task_id,
        "spent_date": day,
        "hours": 8.0,
        "notes": "Vacation (leavebot)",
        "external_reference": {
            "id": ref,
            "group_id": "req-1",
            "account_id": "T0SANDBOX",
            "permalink": "https://sandbox.slack.com/archives/C0LEAVE01/p1",
        },
        **extra,
    }


async def create(client: aiohttp.ClientSession, body: dict[str, Any]) -> dict[str, Any]:
    status, created, _ = await call(client, "POST", "/v2/time_entries", json=body)
    assert status == 201, created
    assert isinstance(created, dict)
    return created


# -- headers ----------------------------------------------------------------------------


async def test_required_headers(sandbox: SandboxHarvest) -> None:
    good = auth_headers(sandbox)
    cases: list[tuple[dict[str, str], int]] = [
        ({k: v for k, v in good.items() if k != "User-Agent"}, 400),
        ({k: v for k, v in good.items() if k != "Authorization"}, 401),
        ({**good, "Authorization": "Bearer wrong"}, 401),
        ({**good, "Authorization": sandbox.token}, 401),
        ({k: v for k, v in good.items() if k != "Harvest-Account-Id"}, 401),
        ({**good, "Harvest-Account-Id": "999"}, 401),
        (good, 200),
    ]
    async with aiohttp.ClientSession(
        base_url=sandbox.base_url, skip_auto_headers=("User-Agent",)
    ) as session:
        for headers, expected in cases:
            status, body, _ = await call(session, "GET", "/v2/users/me", headers=headers)
            assert status == expected, headers
            if expected == 401:
                assert body["error"] == "invalid_token"
                assert body["error_description"]
    assert sandbox.calls[-1].user_agent == UA
    assert [c.status for c in sandbox.calls] == [expected for _, expected in cases]


# -- users, projects ---------------------------------------------------------------------


async def test_users_me_and_paginated_users(
    sandbox: SandboxHarvest, client: aiohttp.ClientSession
) -> None:
    status, me, _ = await call(client, "GET", "/v2/users/me")
    assert status == 200
    assert me["id"] == sandbox.token_user_id
    assert me["access_roles"] == ["administrator"]

    seen: list[dict[str, Any]] = []
    url: str | None = "/v2/users?per_page=4"
    pages = 0
    while url is not None:
        status, page, _ = await call(client, "GET", url)
        assert status == 200
        assert page["total_entries"] == len(DEFAULT_USERS)
        assert page["total_pages"] == 2
        assert page["links"]["first"].endswith("/v2/users?page=1&per_page=4")
        assert page["links"]["last"].endswith("/v2/users?page=2&per_page=4")
        seen += page["users"]
        url = page["links"]["next"]
        pages += 1
    assert pages == 2
    assert sorted(u["id"] for u in seen) == sorted(u.id for u in DEFAULT_USERS)
    asha = next(u for u in seen if u["id"] == ASHA)
    assert (asha["first_name"], asha["email"], asha["is_active"]) == (
        "Asha",
        "asha@example.com",
        True,
    )

    status, archived, _ = await call(client, "GET", "/v2/users", params={"is_active": "false"})
    assert [u["id"] for u in archived["users"]] == [ARCHIVED]
    assert archived["next_page"] is None
    assert archived["previous_page"] is None


async def test_projects_and_task_assignments(
    sandbox: SandboxHarvest, client: aiohttp.ClientSession
) -> None:
    status, projects, _ = await call(client, "GET", "/v2/projects")
    assert status == 200
    assert sandbox.project_id in [p["id"] for p in projects["projects"]]
    path = f"/v2/projects/{sandbox.project_id}/task_assignments"
    status, assignments, _ = await call(client, "GET", path)
    assert status == 200
    assert {a["task"]["name"]: a["task"]["id"] for a in assignments["task_assignments"]} == {
        "Vacation": sandbox.vacation_task_id,
        "Sick leave": sandbox.sick_task_id,
    }
    status, everything, _ = await call(client, "GET", "/v2/task_assignments")
    assert len(everything["task_assignments"]) == 3
    status, _, _ = await call(client, "GET", "/v2/projects/42/task_assignments")
    assert status == 404


# -- time entries ------------------------------------------------------------------------


async def test_create_get_and_filter_entries(
    sandbox: SandboxHarvest, client: aiohttp.ClientSession
) -> None:
    first = await create(client, leave(sandbox, ASHA, "2025-03-13", "day-1"))
    assert first["hours"] == 8.0
    assert first["is_running"] is False
    assert first["spent_date"] == "2025-03-13"
    assert first["user"] == {"id": ASHA, "name": "Asha Rao"}
    assert first["task"] == {"id": sandbox.vacation_task_id, "name": "Vacation"}
    assert first["project"]["id"] == sandbox.project_id
    assert first["external_reference"]["id"] == "day-1"
    assert first["external_reference"]["service"] == "sandbox.slack.com"

    half = leave(sandbox, ASHA, "2025-03-14", "day-2", hours=4, task_id=sandbox.sick_task_id)
    await create(client, half)
    await create(client, leave(sandbox, RAVI, "2025-03-14", "day-3"))
    # Harvest does not deduplicate by external reference
    await create(client, leave(sandbox, RAVI, "2025-03-20", "day-3"))

    status, got, _ = await call(client, "GET", f"/v2/time_entries/{first['id']}")
    assert status == 200
    assert got == first

    async def ids(**params: Any) -> list[str]:
        status, page, _ = await call(client, "GET", "/v2/time_entries", params=params)
        assert status == 200, page
        return [
            f"{e['user']['id']}:{e['spent_date']}:{e['external_reference']['id']}"
            for e in page["time_entries"]
        ]

    # newest spent_date first
    assert await ids() == [
        f"{RAVI}:2025-03-20:day-3",
        f"{RAVI}:2025-03-14:day-3",
        f"{ASHA}:2025-03-14:day-2",
        f"{ASHA}:2025-03-13:day-1",
    ]
    assert await ids(user_id=ASHA) == [f"{ASHA}:2025-03-14:day-2", f"{ASHA}:2025-03-13:day-1"]
    assert await ids(external_reference_id="day-3") == [
        f"{RAVI}:2025-03-20:day-3",
        f"{RAVI}:2025-03-14:day-3",
    ]
    assert await ids(external_reference_id="day-2", user_id=ASHA) == [f"{ASHA}:2025-03-14:day-2"]
    assert await ids(**{"from": "2025-03-14", "to": "2025-03-14"}) == [
        f"{RAVI}:2025-03-14:day-3",
        f"{ASHA}:2025-03-14:day-2",
    ]
    assert await ids(task_id=sandbox.sick_task_id) == [f"{ASHA}:2025-03-14:day-2"]
    assert await ids(external_reference_id="nope") == []
    status, bad, _ = await call(client, "GET", "/v2/time_entries", params={"from": "14/03/2025"})
    assert status == 422
    assert "message" in bad


async def test_no_hours_starts_a_timer(
    sandbox: SandboxHarvest, client: aiohttp.ClientSession
) -> None:
    body = leave(sandbox, ASHA, "2025-03-13", "day-1")
    del body["hours"]
    running = await create(client, body)
    assert running["is_running"] is True
    assert running["hours"] == 0.0
    assert running["timer_started_at"] is not None

    # a new timer for the same person stops the running one
    second = await create(client, {**body, "spent_date": "2025-03-14"})
    assert second["is_running"] is True
    status, first, _ = await call(client, "GET", f"/v2/time_entries/{running['id']}")
    assert first["is_running"] is False
    status, page, _ = await call(client, "GET", "/v2/time_entries", params={"is_running": "true"})
    assert [e["id"] for e in page["time_entries"]] == [second["id"]]

    status, stopped, _ = await call(client, "PATCH", f"/v2/time_entries/{second['id']}/stop")
    assert status == 200
    assert stopped["is_running"] is False
    status, again, _ = await call(client, "PATCH", f"/v2/time_entries/{second['id']}/stop")
    assert (status, again) == (422, {"message": "Time entry is not running"})


async def test_validation_errors(sandbox: SandboxHarvest, client: aiohttp.ClientSession) -> None:
    good = leave(sandbox, ASHA, "2025-03-13", "day-1")
    cases: list[tuple[dict[str, Any], str]] = [
        ({k: v for k, v in good.items() if k != "project_id"}, "Project can't be blank"),
        ({**good, "project_id": 1}, "Project can't be blank"),
        ({k: v for k, v in good.items() if k != "task_id"}, "Task can't be blank"),
        ({**good, "task_id": 5100003}, "Task must be assigned to the project"),
        ({k: v for k, v in good.items() if k != "spent_date"}, "Spent date can't be blank"),
        ({**good, "spent_date": "13/03/2025"}, "Spent date is not a valid date"),
        ({**good, "hours": -1}, "Hours must be greater than or equal to 0"),
        ({**good, "hours": "eight"}, "Hours is not a number"),
        ({**good, "hours": 25}, "Hours must be less than or equal to 24"),
        ({**good, "user_id": 1}, "User can't be blank"),
        ({**good, "user_id": ARCHIVED}, "Cannot track time for an archived user"),
        ({**good, "external_reference": "day-1"}, "External reference is invalid"),
    ]
    for body, message in cases:
        status, answer, _ = await call(client, "POST", "/v2/time_entries", json=body)
        assert status == 422, body
        assert answer == {"message": message}
    assert sandbox.entries() == []

    # form data works too (external_reference[...] nests); no user_id: the token's user
    form = {
        "project_id": str(sandbox.project_id),
        "task_id": str(sandbox.sick_task_id),
        "spent_date": "2025-03-13",
        "hours": "4",
        "external_reference[id]": "day-9",
    }
    status, created, _ = await call(client, "POST", "/v2/time_entries", data=form)
    assert status == 201
    assert created["user"]["id"] == sandbox.token_user_id
    assert created["external_reference"]["id"] == "day-9"
    assert created["hours"] == 4.0


async def test_pagination_walks_250_entries(
    sandbox: SandboxHarvest, client: aiohttp.ClientSession
) -> None:
    made = [
        (
            await create(
                client, leave(sandbox, ASHA, f"2025-{1 + i // 28:02d}-{1 + i % 28:02d}", f"d{i}")
            )
        )["id"]
        for i in range(250)
    ]
    seen: list[int] = []
    url: str | None = f"/v2/time_entries?user_id={ASHA}&per_page=100"
    pages: list[dict[str, Any]] = []
    while url is not None:
        status, page, _ = await call(client, "GET", url)
        assert status == 200
        pages.append(page)
        seen += [e["id"] for e in page["time_entries"]]
        url = page["links"]["next"]
    assert [len(p["time_entries"]) for p in pages] == [100, 100, 50]
    assert [p["page"] for p in pages] == [1, 2, 3]
    assert [p["next_page"] for p in pages] == [2, 3, None]
    assert [p["previous_page"] for p in pages] == [None, 1, 2]
    assert {p["total_entries"] for p in pages} == {250}
    assert {p["total_pages"] for p in pages} == {3}
    assert pages[1]["links"]["previous"].endswith(f"?user_id={ASHA}&page=1&per_page=100")
    assert pages[0]["links"]["last"].endswith(f"?user_id={ASHA}&page=3&per_page=100")
    assert sorted(seen) == sorted(made)
    assert len(set(seen)) == 250

    status, beyond, _ = await call(client, "GET", "/v2/time_entries", params={"page": 9})
    assert status == 200
    assert beyond["time_entries"] == []
    assert beyond["per_page"] == 2000


async def test_delete_then_404(sandbox: SandboxHarvest, client: aiohttp.ClientSession) -> None:
    entry = await create(client, leave(sandbox, ASHA, "2025-03-13", "day-1"))
    path = f"/v2/time_entries/{entry['id']}"
    status, body, _ = await call(client, "DELETE", path)
    assert status == 200
    assert body == ""
    for method in ("GET", "DELETE"):
        status, body, _ = await call(client, method, path)
        assert status == 404
        assert body == {"status": 404, "error": "Not Found"}
    status, _, _ = await call(client, "GET", "/v2/time_entries/not-a-number")
    assert status == 404
    # deleted by hand (Python API), as a person would in Harvest
    other = await create(client, leave(sandbox, ASHA, "2025-03-14", "day-2"))
    assert sandbox.delete_entry(other["id"]) is True
    status, _, _ = await call(client, "GET", f"/v2/time_entries/{other['id']}")
    assert status == 404


# -- rate limit ----------------------------------------------------------------------------


async def test_default_rate_limit_is_100_per_15_s(anyio_backend: str) -> None:
    async with (
        SandboxHarvest() as sandbox,
        aiohttp.ClientSession(base_url=sandbox.base_url, headers=auth_headers(sandbox)) as session,
    ):
        for _ in range(100):
            status, _, _ = await call(session, "GET", "/v2/users/me")
            assert status == 200
        status, body, resp = await call(session, "GET", "/v2/users/me")
        assert status == 429
        assert body == {"status": 429, "error": "Too Many Requests"}
        assert 1 <= int(resp.headers["Retry-After"]) <= 15


async def test_rate_limit_sliding_window_and_retry_after(anyio_backend: str) -> None:
    sandbox = SandboxHarvest(rate_limit=5, rate_window_s=1.0)
    await sandbox.start()
    try:
        async with aiohttp.ClientSession(
            base_url=sandbox.base_url, headers=auth_headers(sandbox)
        ) as session:
            assert (await call(session, "GET", "/v2/users/me"))[0] == 200
            first_admitted = time.monotonic()  # the first request counted before this
            for _ in range(4):
                assert (await call(session, "GET", "/v2/users/me"))[0] == 200
            status, _, resp = await call(session, "GET", "/v2/users/me")
            assert status == 429
            retry_after = int(resp.headers["Retry-After"])
            assert retry_after == 1
            # rejected requests do not count: after Retry-After a request goes through
            assert (await call(session, "GET", "/v2/users/me"))[0] == 429
            await anyio.sleep(first_admitted + retry_after - time.monotonic() + 0.05)
            assert (await call(session, "GET", "/v2/users/me"))[0] == 200
    finally:
        await sandbox.stop()
    assert [c.status for c in sandbox.calls] == [200] * 5 + [429, 429, 200]


# -- faults ----------------------------------------------------------------------------------


async def test_error_faults(sandbox: SandboxHarvest, client: aiohttp.ClientSession) -> None:
    body = leave(sandbox, ASHA, "2025-03-13", "day-1")
    sandbox.fail("time_entries.create", 500)
    sandbox.fail("time_entries.create", 502)
    sandbox.fail("time_entries.create", 429, retry_after_s=7)
    status, answer, _ = await call(client, "POST", "/v2/time_entries", json=body)
    assert (status, answer) == (500, {"status": 500, "error": "Internal Server Error"})
    status, page, resp = await call(client, "POST", "/v2/time_entries", json=body)
    assert status == 502
    assert resp.content_type == "text/html"
    assert "502 Bad Gateway" in page
    status, _, resp = await call(client, "POST", "/v2/time_entries", json=body)
    assert status == 429
    assert resp.headers["Retry-After"] == "7"
    assert sandbox.entries() == []
    # faults are per operation; the list was not affected, the next create works
    sandbox.fail("time_entries.delete", 503)
    assert (await call(client, "GET", "/v2/time_entries"))[0] == 200
    entry = await create(client, body)
    status, _, _ = await call(client, "DELETE", f"/v2/time_entries/{entry['id']}")
    assert status == 503
    assert sandbox.entry(entry["id"]) is not None


async def test_slow_reply_beyond_client_timeout(
    sandbox: SandboxHarvest, client: aiohttp.ClientSession
) -> None:
    sandbox.slow("time_entries.create", delay_s=1.0)
    with pytest.raises(TimeoutError):
        await call(
            client,
            "POST",
            "/v2/time_entries",
            json=leave(sandbox, ASHA, "2025-03-13", "day-1"),
            timeout=aiohttp.ClientTimeout(total=0.3),
        )
    assert sandbox.entries() == []
    with anyio.fail_after(5):  # the client gave up; the server still does it
        while not sandbox.entries():
            await anyio.sleep(0.05)


async def test_drop_after_and_before(
    sandbox: SandboxHarvest, client: aiohttp.ClientSession
) -> None:
    sandbox.drop("time_entries.create")
    with pytest.raises(aiohttp.ServerDisconnectedError):
        await call(
            client, "POST", "/v2/time_entries", json=leave(sandbox, ASHA, "2025-03-13", "d1")
        )
    # it happened although we never heard back; the lookup by reference finds it
    status, page, _ = await call(
        client, "GET", "/v2/time_entries", params={"external_reference_id": "d1"}
    )
    assert status == 200
    assert [e["spent_date"] for e in page["time_entries"]] == ["2025-03-13"]

    sandbox.drop("time_entries.create", before=True)
    with pytest.raises(aiohttp.ServerDisconnectedError):
        await call(
            client, "POST", "/v2/time_entries", json=leave(sandbox, ASHA, "2025-03-14", "d2")
        )
    assert [e["external_reference"]["id"] for e in sandbox.entries()] == ["d1"]
    creates = [(c.status, c.fault) for c in sandbox.calls if c.op == "time_entries.create"]
    assert creates == [(201, "drop"), (0, "drop_before")]


async def test_control_routes(sandbox: SandboxHarvest, client: aiohttp.ClientSession) -> None:
    async with aiohttp.ClientSession(base_url=sandbox.base_url) as control:
        status, queued, _ = await call(
            control,
            "POST",
            "/sandbox/harvest/faults",
            json=[
                {"kind": "error", "op": "users.me", "status": 500, "times": 2},
                {"kind": "slow", "op": "users.list", "delay_s": 0.01},
            ],
        )
        assert status == 200
        assert [(f["op"], f["remaining"]) for f in queued] == [("users.me", 2), ("users.list", 1)]
        status, _, _ = await call(control, "POST", "/sandbox/harvest/faults", json={"kind": "x"})
        assert status == 400

        assert (await call(client, "GET", "/v2/users/me"))[0] == 500
        assert (await call(client, "GET", "/v2/users/me"))[0] == 500
        assert (await call(client, "GET", "/v2/users/me"))[0] == 200
        assert (await call(client, "GET", "/v2/users"))[0] == 200
        assert (await call(control, "GET", "/sandbox/harvest/faults"))[1] == []

        entry = await create(client, leave(sandbox, RAVI, "2025-03-13", "day-1"))
        status, entries, _ = await call(control, "GET", "/sandbox/harvest/entries")
        assert [e["id"] for e in entries] == [entry["id"]]
        status, calls, _ = await call(control, "GET", "/sandbox/harvest/calls")
        assert [c["op"] for c in calls] == [
            "users.me",
            "users.me",
            "users.me",
            "users.list",
            "time_entries.create",
        ]
        assert calls[3]["fault"] == "slow"
        status, info, _ = await call(control, "GET", "/sandbox/harvest")
        assert info["tasks"] == {"vacation": sandbox.vacation_task_id, "sick": sandbox.sick_task_id}
        status, deleted, _ = await call(
            control, "DELETE", f"/sandbox/harvest/entries/{entry['id']}"
        )
        assert deleted == {"deleted": True}
        status, _, _ = await call(control, "POST", "/sandbox/harvest/reset")
        assert status == 200
    assert sandbox.entries() == []
    assert sandbox.calls == []
