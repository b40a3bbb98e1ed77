"""The leaves list against an oracle: every filter combination, every page, every field.

``GET /api/leaves`` picks one of several page queries by the filters given (each
driven by a different index); these tests hold every combination to a plain Python
reading of the tables, page by page through the cursor, and every item's derived
fields (the days' span and count, failed days, the outcome) to the Python that used
to derive them, junk included.
"""

from __future__ import annotations

import datetime as dt
import itertools
import time
from collections.abc import AsyncIterator
from typing import Any

import anyio
import pytest

from leavebot.db import Database
from tests.admin_support import Api, Seed, serve_admin

pytestmark = pytest.mark.anyio

T0 = dt.datetime(2026, 2, 1, 9, 0, tzinfo=dt.UTC)
D0 = dt.date(2026, 3, 2)


@pytest.fixture
async def api(db: Database) -> AsyncIterator[Api]:
    async with serve_admin(db) as client:
        yield client


async def all_pages(api: Api, params: dict[str, str]) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    cursor = None
    for _ in range(100):
        reply = await api.get(
            "/api/leaves", params={**params, **({"cursor": cursor} if cursor else {})}
        )
        assert reply.status == 200, (params, reply.body)
        assert len(reply.body["items"]) <= int(params.get("limit", "50"))
        items.extend(reply.body["items"])
        cursor = reply.body["next_cursor"]
        if cursor is None:
            return items
    raise AssertionError(f"{params}: the pages never end")


async def seed_mixed(seed: Seed) -> list[int]:
    """Three people's requests of every status, both categories, cancels, failed days,
    ties on created_at; returns the people."""
    people = [await seed.person(name) for name in ("Asha Rao", "Ravi Kumar", "Maya Iyer")]
    for i in range(30):
        person = people[i % 3]
        # every third request shares its created_at with the one before: ids break ties
        created = T0 + dt.timedelta(hours=i - (1 if i % 3 == 2 else 0))
        first = D0 + dt.timedelta(days=2 * i)
        days = [(first, "full"), (first + dt.timedelta(days=1), "am" if i % 4 else "full")]
        if i % 10 == 7:  # a cancel: no category, books nothing
            await seed.request(
                person,
                days[:1],
                intent="cancel",
                category=None,
                day_status=None,
                created_at=created,
            )
            continue
        status = ("completed", "completed", "pending", "expired", "cancelled")[i % 5]
        booked = status == "completed"
        await seed.request(
            person,
            days,
            status=status,
            category="sick" if i % 3 == 1 else "vacation",
            day_status=("failed" if i % 6 == 0 else "completed") if booked else None,
            calendar="failed" if i % 6 == 0 else "done",
            created_at=created,
        )
    return people


async def expected(db: Database, params: dict[str, str]) -> list[int]:
    """The ids the list must answer for ``params``, read plainly from the tables."""
    requests = await db.fetch(
        "SELECT id, user_id, status, category, created_at FROM leave_requests"
    )
    days = await db.fetch("SELECT request_id, day, status FROM leave_days")
    lo = dt.date.fromisoformat(params["from"]) if "from" in params else dt.date.min
    hi = dt.date.fromisoformat(params["to"]) if "to" in params else dt.date.max
    ranged = "from" in params or "to" in params
    kept = [
        r
        for r in requests
        if ("user_id" not in params or r["user_id"] == int(params["user_id"]))
        and ("status" not in params or r["status"] == params["status"])
        and ("category" not in params or r["category"] == params["category"])
        and (not ranged or any(d["request_id"] == r["id"] and lo <= d["day"] <= hi for d in days))
        and (
            params.get("failed") != "true"
            or any(d["request_id"] == r["id"] and d["status"] == "failed" for d in days)
        )
    ]
    kept.sort(key=lambda r: (r["created_at"], r["id"]), reverse=True)
    return [r["id"] for r in kept]


async def test_every_filter_combination_pages_like_the_oracle(api: Api, db: Database) -> None:
    people = await seed_mixed(Seed(db))
    mid = (D0 + dt.timedelta(days=12)).isoformat()
    late = (D0 + dt.timedelta(days=25)).isoformat()
    checked = 0
    for user, status, category, span, failed in itertools.product(
        (None, str(people[1])),
        (None, "completed", "pending"),
        (None, "sick"),
        ({}, {"from": mid}, {"to": mid}, {"from": mid, "to": late}),
        (None, "true", "false"),
    ):
        params = {"limit": "3", **span}
        for key, value in (("user_id", user), ("status", status), ("category", category)):
            if value is not None:
                params[key] = value
        if failed is not None:
            params["failed"] = failed
        got = [item["id"] for item in await all_pages(api, params)]
        assert got == await expected(db, params), params
        checked += bool(got)
    assert checked > 50  # most combinations find something: the oracle is not vacuous


async def test_one_page_is_the_newest_of_the_filter(api: Api, db: Database) -> None:
    await seed_mixed(Seed(db))
    for params in ({}, {"status": "completed"}, {"failed": "true"}, {"category": "vacation"}):
        want = await expected(db, params)
        reply = await api.get("/api/leaves", params={**params, "limit": "4"})
        assert [i["id"] for i in reply.body["items"]] == want[:4]
        assert (reply.body["next_cursor"] is None) == (len(want) <= 4)


# ------------------------------------------------------------ derived fields


def old_span(days: Any) -> tuple[str | None, str | None, float]:
    """How the list derived first_day, last_day and day_count in Python before."""
    dates: list[dt.date] = []
    count = 0.0
    for item in days if isinstance(days, list) else []:
        try:
            dates.append(dt.date.fromisoformat(item["date"]))
        except (KeyError, TypeError, ValueError):
            continue
        count += 1.0 if item.get("portion", "full") == "full" else 0.5
    if not dates:
        return None, None, 0.0
    return min(dates).isoformat(), max(dates).isoformat(), count


def old_outcome(value: Any) -> dict[str, Any] | None:
    """How the list derived the outcome in Python before."""
    if not isinstance(value, dict):
        return None
    state = value.get("state")
    failures = value.get("failures")
    return {
        "state": state if state in ("done", "partial", "failed") else None,
        "failures": [str(f) for f in failures] if isinstance(failures, list) else [],
    }


DAYS_CASES: list[Any] = [
    [{"date": "2026-03-04", "portion": "full"}, {"date": "2026-03-02", "portion": "am"}],
    [{"date": "2026-03-02"}],  # no portion: a full day
    [{"date": "2026-03-02", "portion": None}],  # a portion that is not "full": half
    [{"date": "2026-02-30", "portion": "full"}, {"date": "2026-03-03", "portion": "pm"}],
    [{"date": "not a date"}, {"date": 20260302}, {"portion": "full"}, "2026-03-02", [1]],
    [{"date": "infinity"}, {"date": "today"}, {"date": " 2026-03-02"}],
    [],
    {"date": "2026-03-02"},
    "2026-03-02",
]

OUTCOME_CASES: list[Any] = [
    None,
    {"state": "done", "failures": []},
    {"state": "partial", "operation": "create", "failures": ["Calendar: HTTP 500.", "x"]},
    {"state": "failed"},  # no failures key
    {"state": "lost", "failures": "HTTP 500"},  # unknown state, failures not a list
    {"state": ["done"], "failures": [None, True, False, 3, "y"]},
    {"harvest": {"ok": 1}},  # results recorded, no state yet
    ["done"],
    "done",
]


async def test_derived_fields_match_the_python_they_replace(api: Api, db: Database) -> None:
    seed = Seed(db)
    asha = await seed.person()
    made: dict[int, tuple[Any, Any]] = {}
    for i, (days, outcome) in enumerate(
        itertools.zip_longest(DAYS_CASES, OUTCOME_CASES, fillvalue=DAYS_CASES[0])
    ):
        booked = [(D0 + dt.timedelta(days=i), "full")]
        rid, _ = await seed.request(asha, booked, created_at=T0 + dt.timedelta(hours=i))
        await db.execute(
            "UPDATE leave_requests SET days = $2::jsonb, outcome = $3::jsonb WHERE id = $1",
            rid,
            days,  # the pool's codec encodes the JSON
            outcome,
        )
        made[rid] = (days, outcome)
    items = {item["id"]: item for item in await all_pages(api, {"limit": "4"})}
    assert set(items) == set(made)
    for rid, (days, outcome) in made.items():
        item = items[rid]
        assert (item["first_day"], item["last_day"], item["day_count"]) == old_span(days), days
        assert item["outcome"] == old_outcome(outcome), outcome
        detail = (await api.get(f"/api/leaves/{rid}")).body
        assert {key: detail[key] for key in item} == item


async def items_once_changed(api: Api, params: dict[str, str], want: Any) -> Any:
    """The list's items once they are ``want`` (or the last answer after 5 s): a write made
    beside the server reaches its page cache when Postgres's notification arrives, which
    takes a moment on a loaded machine."""
    deadline = time.monotonic() + 5
    while True:
        items = (await api.get("/api/leaves", params=params)).body["items"]
        if want(items) or time.monotonic() > deadline:
            return items
        await anyio.sleep(0.02)


async def test_failed_days_count_only_failed_days(api: Api, db: Database) -> None:
    seed = Seed(db)
    asha = await seed.person()
    rid, days = await seed.request(asha, [(D0, "full"), (D0 + dt.timedelta(days=1), "full")])
    failed = {"failed": "true"}
    for count, day_id in enumerate(days, start=1):
        await db.execute("UPDATE leave_days SET status = 'failed' WHERE id = $1", day_id)
        (item,) = await items_once_changed(
            api, failed, lambda items, n=count: [i["failed_days"] for i in items] == [n]
        )
        assert (item["id"], item["failed_days"]) == (rid, count)
    await db.execute("UPDATE leave_days SET status = 'cancelled' WHERE request_id = $1", rid)
    assert await items_once_changed(api, failed, lambda items: items == []) == []
    (item,) = await items_once_changed(api, {}, lambda items: items[0]["failed_days"] == 0)
    assert item["failed_days"] == 0
