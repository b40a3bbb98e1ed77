"""The admin API's digest settings and preview, a region's holidays, the regions known,
and a person's holiday region: success and bad input (a 400 or 422 with a JSON reason)."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator

import pytest

from leavebot.admin.state import CTX_KEY
from leavebot.db import Database
from leavebot.queries import Q
from tests.admin_support import Api, Seed, serve_admin

pytestmark = pytest.mark.anyio
MONDAY = dt.date(2027, 3, 1)


@pytest.fixture
async def api(db: Database) -> AsyncIterator[Api]:
    async with serve_admin(db) as client:
        yield client


async def test_holidays_of_the_company_and_of_a_region(api: Api, db: Database) -> None:
    answer = await api.get("/api/holidays", params={"from": "2027-01-01", "to": "2027-01-31"})
    assert answer.status == 200
    assert answer.body["region"] is None
    assert answer.body["holidays"] == []  # no company region, nothing added by hand
    await db.execute(Q.config_put, "holiday_region", "IN", "test")
    await db.execute(Q.config_put, "holidays", ["2027-01-27"], "test")
    api.app[CTX_KEY].config.invalidate()  # the server's cache would see it within a second
    answer = await api.get(
        "/api/holidays", params={"from": "2027-01-01", "to": "2027-01-31", "region": "in"}
    )
    assert answer.status == 200, answer.body
    assert answer.body["region"] == "IN"
    assert answer.body["region_name"] == "India"
    assert {"date": "2027-01-26", "name": "Republic Day", "source": "public"} in answer.body[
        "holidays"
    ]
    assert {"date": "2027-01-27", "name": "holiday", "source": "company"} in answer.body["holidays"]
    us = await api.get(
        "/api/holidays", params={"from": "2027-07-01", "to": "2027-07-31", "region": "US-CA"}
    )
    names = [h["name"] for h in us.body["holidays"]]
    assert names == ["Independence Day", "Independence Day (observed)"]
    assert us.body["from"] == "2027-07-01"


@pytest.mark.parametrize(
    ("params", "words"),
    [
        ({"region": "ZZ"}, "no public holidays are known"),
        ({"region": "US-XX"}, "no subdivision"),
        ({"region": "United States"}, "region"),
        ({"from": "2027-02-01", "to": "2027-01-01"}, "from is after to"),
        ({"from": "2020-01-01", "to": "2027-01-01"}, "at most"),
        ({"from": "tomorrow"}, "from"),
        ({"year": "2027"}, "year"),
    ],
)
async def test_bad_holiday_queries_are_a_400_with_a_reason(
    api: Api, params: dict[str, str], words: str
) -> None:
    answer = await api.get("/api/holidays", params=params)
    assert answer.status == 400
    assert answer.body["error"]["code"] == "bad_query"
    assert words in answer.body["error"]["message"]


async def test_the_regions_known(api: Api) -> None:
    answer = await api.get("/api/holiday-regions")
    assert answer.status == 200
    by_code = {c["code"]: c for c in answer.body["items"]}
    assert by_code["IN"]["name"] == "India"
    assert {"code": "KA", "name": "Karnataka"} in by_code["IN"]["subdivisions"]
    assert {"code": "SCT", "name": "Scotland"} in by_code["GB"]["subdivisions"]


async def test_a_persons_region_is_set_cleared_and_checked(api: Api, db: Database) -> None:
    person = await Seed(db).person("Maya Chen")
    made = await api.call(
        "POST",
        "/api/users",
        json_body={"slack_user_id": "U0NEW0001", "display_name": "New", "holiday_region": "gb-sct"},
    )
    assert made.status == 201
    assert made.body["holiday_region"] == "GB-SCT"
    got = await api.get(f"/api/users/{person}")
    assert got.body["holiday_region"] is None
    changed = await api.call("PATCH", f"/api/users/{person}", json_body={"holiday_region": "US-CA"})
    assert changed.body["holiday_region"] == "US-CA"
    cleared = await api.call("PATCH", f"/api/users/{person}", json_body={"holiday_region": None})
    assert cleared.body["holiday_region"] is None
    bad = await api.call("PATCH", f"/api/users/{person}", json_body={"holiday_region": "Mars"})
    assert bad.status == 422
    assert "not a region" in bad.body["error"]["message"]


async def test_the_company_region_is_a_config_key(api: Api) -> None:
    ok = await api.call("PUT", "/api/config/holiday_region", json_body={"value": "in-ka"})
    assert ok.status == 200
    assert ok.body["value"] == "IN-KA"
    bad = await api.call("PUT", "/api/config/holiday_region", json_body={"value": "Atlantis"})
    assert bad.status == 400
    assert bad.body["error"]["code"] == "invalid_config_value"


async def test_digest_settings_read_change_and_refuse_bad_values(api: Api, db: Database) -> None:
    answer = await api.get("/api/digest")
    assert answer.status == 200
    assert answer.body["settings"] == {
        "enabled": True,
        "time": "09:30",
        "channel": None,
        "show_category": False,
        "when_empty": "post",
    }
    assert answer.body["next_at"] is not None
    assert answer.body["runs"] == []
    changed = await api.call(
        "PUT", "/api/digest", json_body={"time": "08:45", "channel": "C0GENERAL1"}
    )
    assert changed.status == 200, changed.body
    assert changed.body["settings"]["time"] == "08:45"
    assert changed.body["settings"]["channel"] == "C0GENERAL1"
    assert changed.body["next_at"].endswith("08:45:00+05:30")
    stored = await db.fetchval(Q.config_get, "digest_time")
    assert stored is not None
    off = await api.call("PUT", "/api/digest", json_body={"enabled": False})
    assert off.body["next_at"] is None
    for body in (
        {"time": "9:30"},
        {"time": "25:00"},
        {"channel": "#general"},
        {"when_empty": "never"},
        {"enabled": None},
        {},
        {"colour": "red"},
    ):
        bad = await api.call("PUT", "/api/digest", json_body=body)
        assert bad.status == 422, body
        assert bad.body["error"]["message"]
    runs = await db.execute(
        "INSERT INTO digest_runs (day, status, channel_id, message_ts, people_today, people_later)"
        " VALUES ($1, 'posted', 'C0LEAVE01', '1.000001', 3, 2)",
        MONDAY,
    )
    assert runs
    listed = await api.get("/api/digest")
    assert listed.body["runs"][0]["day"] == MONDAY.isoformat()
    assert listed.body["runs"][0]["status"] == "posted"


async def test_digest_preview_posts_nothing(api: Api, db: Database) -> None:
    rows = Seed(db)
    asha = await rows.person("Asha Rao")
    await rows.request(asha, [(MONDAY, "full")], category="sick")
    answer = await api.get("/api/digest/preview", params={"date": MONDAY.isoformat()})
    assert answer.status == 200
    assert answer.body["people_today"] == 1
    assert answer.body["would_post"] is True
    assert "Asha Rao — full day" in str(answer.body["blocks"])
    assert "sick" not in str(answer.body["blocks"]).lower()
    saturday = await api.get("/api/digest/preview", params={"date": "2027-03-06"})
    assert saturday.body["working_day"] is False
    assert saturday.body["would_post"] is False
    bad = await api.get("/api/digest/preview", params={"date": "someday"})
    assert bad.status == 400
    assert await db.fetchval("SELECT count(*) FROM digest_runs") == 0
