"""Our Harvest client (leavebot.harvest) over real sockets against the sandbox Harvest."""

from __future__ import annotations

import datetime as dt
import socket
import time
from collections.abc import AsyncIterator
from typing import Any

import anyio
import pytest
from structlog.testing import capture_logs

from leavebot.errors import MissingSecretError, SyncError
from leavebot.harvest import (
    HarvestClient,
    HarvestDropped,
    HarvestError,
    HarvestTimeout,
    HarvestUnreachable,
    RateLimiter,
    shared_limiter,
)
from leavebot.sandbox.harvest import (
    SICK_TASK_ID,
    TIME_OFF_PROJECT_ID,
    VACATION_TASK_ID,
    SandboxHarvest,
)
from leavebot.settings import Settings

pytestmark = pytest.mark.anyio

ASHA = 4100002
RAVI = 4100003
DAY = dt.date(2026, 3, 5)


@pytest.fixture
async def sandbox(anyio_backend: str) -> AsyncIterator[SandboxHarvest]:
    async with SandboxHarvest(rate_limit=10_000) as sb:
        yield sb


def make_client(sandbox: SandboxHarvest, **options: Any) -> HarvestClient:
    options.setdefault("limiter", RateLimiter(10_000, 1.0))
    options.setdefault("timeout_s", 5.0)
    return HarvestClient(
        sandbox.api_url, sandbox.token, sandbox.account_id, contact="dev@example.com", **options
    )


@pytest.fixture
async def client(sandbox: SandboxHarvest) -> AsyncIterator[HarvestClient]:
    async with make_client(sandbox) as harvest:
        yield harvest


async def create(client: HarvestClient, day_id: int, **overrides: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "user_id": ASHA,
        "project_id": TIME_OFF_PROJECT_ID,
        "task_id": VACATION_TASK_ID,
        "spent_date": DAY,
        "hours": 8.0,
        "notes": "Leave (vacation) — booked by leavebot",
        "external_reference": {"id": str(day_id), "group_id": "77"},
    }
    values.update(overrides)
    return await client.create_time_entry(**values)


# ---------------------------------------------------------------- headers


async def test_headers_are_sent_and_checked(sandbox: SandboxHarvest, client: HarvestClient) -> None:
    me = await client.me()
    assert me["id"] == sandbox.token_user_id
    [call] = sandbox.calls
    assert call.status == 200
    assert call.user_agent is not None
    assert call.user_agent.startswith("leavebot/")
    assert "(dev@example.com)" in call.user_agent


async def test_a_wrong_token_is_an_error_with_harvests_reason(sandbox: SandboxHarvest) -> None:
    async with HarvestClient(
        sandbox.api_url, "wrong-token", sandbox.account_id, limiter=RateLimiter(100, 1.0)
    ) as bad:
        with pytest.raises(HarvestError) as caught:
            await bad.me()
    assert caught.value.status == 401
    assert caught.value.reason.startswith("HTTP 401: The access token")
    assert isinstance(caught.value, SyncError)
    assert "wrong-token" not in str(caught.value)
    assert "wrong-token" not in repr(bad)


async def test_wrong_account_id_is_refused(sandbox: SandboxHarvest) -> None:
    async with HarvestClient(
        sandbox.api_url, sandbox.token, "999", limiter=RateLimiter(100, 1.0)
    ) as bad:
        with pytest.raises(HarvestError, match="HTTP 401"):
            await bad.me()


def test_missing_secrets_name_the_variable() -> None:
    no_token = Settings(_env_file=None, harvest_account_id="1")  # type: ignore[call-arg]
    with pytest.raises(MissingSecretError, match="HARVEST_TOKEN"):
        HarvestClient.from_settings(no_token)
    no_account = Settings(_env_file=None, harvest_token="t")  # type: ignore[call-arg]
    with pytest.raises(MissingSecretError, match="HARVEST_ACCOUNT_ID"):
        HarvestClient.from_settings(no_account)


async def test_from_settings_talks_to_the_configured_url(sandbox: SandboxHarvest) -> None:
    settings = Settings(  # type: ignore[call-arg]
        _env_file=None,
        harvest_api_url=sandbox.api_url + "/",
        harvest_token=sandbox.token,
        harvest_account_id=sandbox.account_id,
    )
    async with HarvestClient.from_settings(settings, limiter=RateLimiter(10, 1.0)) as harvest:
        assert (await harvest.me())["id"] == sandbox.token_user_id


def test_the_process_shares_one_limiter_per_account() -> None:
    one = shared_limiter("https://api.harvestapp.com/v2/", "42")
    assert shared_limiter("https://api.harvestapp.com/v2", "42") is one
    assert shared_limiter("https://api.harvestapp.com/v2", "43") is not one
    assert one.limit == 90
    assert one.window_s == 15.0


# ------------------------------------------------------------- pagination


async def test_users_come_from_every_page(sandbox: SandboxHarvest) -> None:
    async with make_client(sandbox, per_page=2) as harvest:
        users = await harvest.users()
        active = await harvest.users(is_active=True)
    assert sorted(u["id"] for u in users) == sorted(u.id for u in sandbox.users)
    assert len({u["id"] for u in users}) == len(sandbox.users) == 6
    assert len(active) == 5
    lists = [c for c in sandbox.calls if c.op == "users.list"]
    assert len(lists) == 3 + 3
    assert [c.query.get("page") for c in lists[:3]] == [None, "2", "3"]
    assert all(c.query.get("is_active") == "true" for c in lists[3:])


async def test_time_entries_come_from_every_page_with_filters(sandbox: SandboxHarvest) -> None:
    async with make_client(sandbox, per_page=2) as harvest:
        for n in range(5):
            await create(harvest, 100 + n, spent_date=DAY + dt.timedelta(days=n))
        await create(harvest, 200, user_id=RAVI)
        mine = await harvest.time_entries(user_id=ASHA)
        window = await harvest.time_entries(
            user_id=ASHA, from_=DAY + dt.timedelta(days=1), to=DAY + dt.timedelta(days=3)
        )
        ref = await harvest.time_entries(external_reference_id="103")
    assert len(mine) == 5
    assert [e["spent_date"] for e in mine] == [
        (DAY + dt.timedelta(days=n)).isoformat() for n in (4, 3, 2, 1, 0)
    ]
    assert len(window) == 3
    assert [e["external_reference"]["id"] for e in ref] == ["103"]
    pages = [c for c in sandbox.calls if c.op == "time_entries.list"]
    assert pages[0].query["user_id"] == str(ASHA)
    assert pages[1].query["page"] == "2"
    assert pages[1].query["user_id"] == str(ASHA)  # links keep the filters


# ---------------------------------------------------- create, lookup, delete


async def test_create_lookup_and_delete(sandbox: SandboxHarvest, client: HarvestClient) -> None:
    entry = await create(client, 11, hours=4.0, task_id=SICK_TASK_ID)
    assert entry["hours"] == 4.0
    assert entry["is_running"] is False
    assert entry["task"]["id"] == SICK_TASK_ID
    assert entry["spent_date"] == DAY.isoformat()
    assert entry["external_reference"]["id"] == "11"
    assert entry["external_reference"]["group_id"] == "77"
    found = await client.time_entries(user_id=ASHA, from_=DAY, to=DAY, external_reference_id="11")
    assert [e["id"] for e in found] == [entry["id"]]
    assert (await client.time_entry(entry["id"]))["id"] == entry["id"]  # type: ignore[index]
    assert await client.delete_time_entry(entry["id"]) is True
    assert sandbox.entries() == []
    assert await client.time_entry(entry["id"]) is None


async def test_deleting_a_missing_entry_counts_as_done(
    sandbox: SandboxHarvest, client: HarvestClient
) -> None:
    entry = await create(client, 12)
    sandbox.delete_entry(entry["id"])  # a person deleted it by hand
    assert await client.delete_time_entry(entry["id"]) is False
    [call] = [c for c in sandbox.calls if c.op == "time_entries.delete"]
    assert call.status == 404


async def test_hours_are_always_sent(client: HarvestClient) -> None:
    with pytest.raises(ValueError, match="hours"):
        await create(client, 13, hours=float("nan"))
    with pytest.raises(ValueError, match="hours"):
        await create(client, 13, hours=-1.0)
    entry = await create(client, 13, hours=0.5)
    assert entry["is_running"] is False


async def test_invalid_input_is_a_422_with_harvests_message(client: HarvestClient) -> None:
    with pytest.raises(HarvestError) as caught:
        await create(client, 14, task_id=999)
    assert caught.value.status == 422
    assert caught.value.reason == "HTTP 422: Task must be assigned to the project"
    assert caught.value.maybe_done is False


# ------------------------------------------------------------ rate limits


async def test_429_retry_after_is_waited_out(
    sandbox: SandboxHarvest, client: HarvestClient
) -> None:
    sandbox.fail("users.me", 429, retry_after_s=1.0)
    started = time.monotonic()
    with capture_logs() as logs:
        me = await client.me()
    elapsed = time.monotonic() - started
    assert me["id"] == sandbox.token_user_id
    assert elapsed >= 0.95
    assert [c.status for c in sandbox.calls] == [429, 200]
    [event] = [e for e in logs if e["event"] == "harvest.rate_limited"]
    assert event["retry_after_s"] == 1.0
    assert sandbox.token not in str(logs)


async def test_the_sandbox_limit_is_honoured_without_pacing(sandbox: SandboxHarvest) -> None:
    sandbox.set_rate_limit(3, 1.0)
    async with make_client(sandbox) as harvest:
        started = time.monotonic()
        for _ in range(5):
            await harvest.me()
        elapsed = time.monotonic() - started
    statuses = [c.status for c in sandbox.calls]
    assert statuses.count(200) == 5
    assert 429 in statuses
    assert elapsed >= 0.9


async def test_429_gives_up_after_a_few_waits(sandbox: SandboxHarvest) -> None:
    sandbox.fail("users.me", 429, times=10, retry_after_s=0)
    async with make_client(sandbox, max_rate_limit_retries=2) as harvest:
        with pytest.raises(HarvestError) as caught:
            await harvest.me()
    assert caught.value.status == 429
    assert caught.value.reason == "HTTP 429 (rate limited)"
    assert len(sandbox.calls) == 3


async def test_pacing_keeps_a_burst_under_the_limit(sandbox: SandboxHarvest) -> None:
    sandbox.set_rate_limit(20, 0.3)
    limiter = RateLimiter(20, 0.3)
    async with make_client(sandbox, limiter=limiter, max_rate_limit_retries=0) as harvest:
        started = time.monotonic()
        async with anyio.create_task_group() as tg:
            for _ in range(120):
                tg.start_soon(harvest.me)
        elapsed = time.monotonic() - started
    statuses = [c.status for c in sandbox.calls]
    assert statuses == [200] * 120
    assert elapsed >= (120 / 20 - 1) * 0.3
    assert limiter.waited_s > 0


async def test_without_pacing_the_same_burst_is_refused(sandbox: SandboxHarvest) -> None:
    """The control for the pacing test: the sandbox does refuse a burst."""
    sandbox.set_rate_limit(20, 0.3)
    failures: list[HarvestError] = []
    async with make_client(sandbox, max_rate_limit_retries=0) as harvest:

        async def one() -> None:
            try:
                await harvest.me()
            except HarvestError as exc:
                failures.append(exc)

        async with anyio.create_task_group() as tg:
            for _ in range(120):
                tg.start_soon(one)
    assert failures
    assert {f.status for f in failures} == {429}


# ------------------------------------------------------------------ faults


async def test_a_slow_answer_times_out(sandbox: SandboxHarvest) -> None:
    sandbox.slow("users.me", delay_s=2.0)
    async with make_client(sandbox, timeout_s=0.3) as harvest:
        started = time.monotonic()
        with pytest.raises(HarvestTimeout) as caught:
            await harvest.me()
        assert time.monotonic() - started < 1.5
    assert caught.value.reason == "timed out"
    assert caught.value.sentence == "timed out"
    assert caught.value.maybe_done is True


@pytest.mark.parametrize("status", [500, 502, 503])
async def test_server_errors_have_short_reasons(
    sandbox: SandboxHarvest, client: HarvestClient, status: int
) -> None:
    sandbox.fail("time_entries.create", status)
    with pytest.raises(HarvestError) as caught:
        await create(client, 15)
    assert caught.value.status == status
    assert caught.value.reason == f"HTTP {status}"
    assert caught.value.sentence == f"answered HTTP {status}"
    assert str(caught.value) == f"harvest: HTTP {status}"
    assert sandbox.entries() == []


async def test_a_dropped_create_is_not_resent_and_a_lookup_finds_it(
    sandbox: SandboxHarvest, client: HarvestClient
) -> None:
    sandbox.drop("time_entries.create")
    with pytest.raises(HarvestDropped) as caught:
        await create(client, 16)
    assert caught.value.maybe_done is True
    assert len(sandbox.entries()) == 1  # the server did it
    assert len([c for c in sandbox.calls if c.op == "time_entries.create"]) == 1
    found = await client.time_entries(user_id=ASHA, from_=DAY, to=DAY, external_reference_id="16")
    assert [e["id"] for e in found] == [sandbox.entries()[0]["id"]]


async def test_a_dropped_read_is_retried_once(
    sandbox: SandboxHarvest, client: HarvestClient
) -> None:
    sandbox.drop("users.me", before=True)
    assert (await client.me())["id"] == sandbox.token_user_id
    assert [c.status for c in sandbox.calls] == [0, 200]
    # Retries are bounded: ours once, plus aiohttp's own once on a reused connection.
    sandbox.calls.clear()
    sandbox.drop("users.me", before=True, times=10)
    with pytest.raises(HarvestDropped):
        await client.me()
    assert 2 <= len(sandbox.calls) <= 4
    assert {c.status for c in sandbox.calls} == {0}


async def test_a_dropped_delete_is_retried_and_counts_as_done(
    sandbox: SandboxHarvest, client: HarvestClient
) -> None:
    entry = await create(client, 17)
    sandbox.drop("time_entries.delete")  # deleted, but no answer
    assert await client.delete_time_entry(entry["id"]) is False  # the retry found it gone
    assert sandbox.entries() == []
    statuses = [c.status for c in sandbox.calls if c.op == "time_entries.delete"]
    assert statuses[-1] == 404
    assert len(statuses) == 2


async def test_an_unreachable_server_is_an_error(anyio_backend: str) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    async with HarvestClient(
        f"http://127.0.0.1:{port}/v2", "t", "1", limiter=RateLimiter(10, 1.0)
    ) as harvest:
        with pytest.raises(HarvestUnreachable, match="could not be reached"):
            await harvest.me()


async def test_limiter_counts_requests_until_a_window_after_their_answer() -> None:
    limiter = RateLimiter(2, 0.2)
    await limiter.acquire()
    await limiter.acquire()
    started = time.monotonic()
    with anyio.move_on_after(0.1) as scope:
        await limiter.acquire()  # both in flight: no slot
    assert scope.cancelled_caught
    limiter.release()
    await limiter.acquire()  # a window after that answer
    assert time.monotonic() - started >= 0.3 - 0.02
    with pytest.raises(ValueError, match="limit"):
        RateLimiter(0, 1.0)
