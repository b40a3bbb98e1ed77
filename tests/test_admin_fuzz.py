"""Schemathesis against the live admin server, from the OpenAPI document it serves.

The server runs in its own thread and event loop (schemathesis calls it with
``requests``, synchronously) over a seeded database, with the sandbox Slack
and Harvest behind the import. Every operation gets a bounded number of
positive and negative examples; no answer may be a 5xx, an undeclared status
or content type, or a body that breaks the declared schema. Two classes get
inputs of their own, since the document's types would never produce them:
bytes that are not UTF-8 in a header or the query string (always a JSON 400),
and forged cursors (a page or a 400).
"""

from __future__ import annotations

import asyncio
import base64
import datetime as dt
import json
import threading
from collections.abc import Iterator
from typing import Any

import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from leavebot.admin.routes_leaves import encode_cursor
from leavebot.db import Database
from leavebot.harvest import HarvestClient, RateLimiter
from leavebot.sandbox.harvest import SandboxHarvest
from leavebot.sandbox.slack import SlackSandbox
from leavebot.slack import SlackClient
from tests.admin_support import AUTH, Seed, serve_admin

POSITIVE_EXAMPLES = 25
NEGATIVE_EXAMPLES = 10
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


async def seed(db: Database) -> None:
    rows = Seed(db)
    asha = await rows.person("Asha Rao", harvest_user_id=4100002)
    ravi = await rows.person("Ravi Kumar", email="")
    today = dt.date.today()
    rid, days = await rows.request(asha, [(today, "full"), (today + dt.timedelta(days=1), "am")])
    await rows.attempt(rid, days[0], "calendar")
    failed, fdays = await rows.request(
        ravi,
        [(today, "pm")],
        category="sick",
        day_status="failed",
        harvest="failed",
        outcome={"state": "partial", "operation": "create", "failures": ["Harvest: HTTP 500."],
                 "targets": {"calendar": {"ok": 1}, "harvest": {"ok": 0}}},
    )  # fmt: skip
    await rows.attempt(failed, fdays[0], "harvest", "error", "HTTP 500")
    await rows.request(asha, [(today, "pm")], status="pending", day_status=None)


class LiveAdmin:
    """The admin app, sandboxes and database pool, in a thread with its own loop."""

    def __init__(self, db_url: str) -> None:
        self.db_url = db_url
        self.base = ""
        self._ready = threading.Event()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._stop: asyncio.Event | None = None
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="live-admin", daemon=True)

    def __enter__(self) -> LiveAdmin:
        self._thread.start()
        if not self._ready.wait(30) or self._error is not None:
            raise RuntimeError(f"the admin server did not start: {self._error!r}")
        return self

    def __exit__(self, *exc: object) -> None:
        if self._loop is not None and self._stop is not None:
            self._loop.call_soon_threadsafe(self._stop.set)
        self._thread.join(30)

    def _run(self) -> None:
        try:
            asyncio.run(self._main())
        except BaseException as exc:
            self._error = exc
            self._ready.set()

    async def _main(self) -> None:
        self._loop = asyncio.get_running_loop()
        self._stop = asyncio.Event()
        slack_box = SlackSandbox()
        await slack_box.start()
        try:
            async with SandboxHarvest() as harvest_box:
                slack = SlackClient(slack_box.bot_token, slack_box.api_url)
                harvest = HarvestClient(
                    harvest_box.api_url,
                    harvest_box.token,
                    harvest_box.account_id,
                    limiter=RateLimiter(1000, 1.0),
                )
                db = await Database.open(self.db_url, min_size=1, max_size=4)
                try:
                    await seed(db)
                    async with serve_admin(db, slack=lambda: slack, harvest=lambda: harvest) as api:
                        self.base = api.base
                        self._ready.set()
                        await self._stop.wait()
                finally:
                    await db.close()
                    await harvest.close()
                    await slack.close()
        finally:
            await slack_box.stop()


@pytest.fixture
def live(db_url: str) -> Iterator[LiveAdmin]:
    with LiveAdmin(db_url) as server:
        yield server


def test_schemathesis_finds_no_server_error_and_no_schema_break(live: LiveAdmin) -> None:
    schema = schemathesis.openapi.from_url(
        f"{live.base}/api/openapi.json", headers=AUTH, timeout=10
    )
    operations = [result.ok() for result in schema.get_all_operations()]
    # Every route but the document itself, which schemathesis leaves out as its source.
    assert len(operations) == 21
    with requests.Session() as session:
        for operation in operations:
            for mode, examples in (
                (GenerationMode.POSITIVE, POSITIVE_EXAMPLES),
                (GenerationMode.NEGATIVE, NEGATIVE_EXAMPLES),
            ):
                run_operation(session, live.base, operation, mode, examples)


def run_operation(
    session: requests.Session, base: str, operation: Any, mode: GenerationMode, examples: int
) -> None:
    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(
        max_examples=examples,
        deadline=None,
        database=None,
        derandomize=True,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    def check(case: Any) -> None:
        response = case.call(base_url=base, session=session, headers=AUTH, timeout=10)
        case.validate_response(response, checks=CHECKS, headers=AUTH)

    check()


# What cannot be decoded: a byte sequence that is not UTF-8 somewhere in it.
NOT_UTF8 = (
    st.tuples(
        st.binary(max_size=6),
        st.sampled_from([b"\xff", b"\xc3\x28", b"\xe2\x82", b"\xc0\xaf", b"\xed\xa0\x80", b"\x80"]),
        st.binary(max_size=6),
    )
    .map(b"".join)
    .filter(lambda raw: _undecodable(raw))
)


def _undecodable(raw: bytes) -> bool:
    if any(c in raw for c in b"\r\n\x00"):
        return False  # not sendable as a header value
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return True
    return False


def test_undecodable_headers_and_queries_are_json_400_on_every_operation(
    live: LiveAdmin,
) -> None:
    """Every operation, with valid input otherwise, and bytes that are not UTF-8 in the
    bearer token, another header, a cookie or the query string: a JSON 400, never more."""
    schema = schemathesis.openapi.from_url(
        f"{live.base}/api/openapi.json", headers=AUTH, timeout=10
    )
    with requests.Session() as session:
        for result in schema.get_all_operations():
            operation = result.ok()

            @given(
                case=operation.as_strategy(generation_mode=GenerationMode.POSITIVE),
                where=st.sampled_from(["authorization", "header", "cookie", "query"]),
                junk=NOT_UTF8,
            )
            @settings(
                max_examples=12,
                deadline=None,
                database=None,
                derandomize=True,
                phases=[Phase.explicit, Phase.generate],
                suppress_health_check=list(HealthCheck),
            )
            def check(case: Any, where: str, junk: bytes) -> None:
                text = junk.decode("latin-1")  # sent as these very bytes
                headers = {**AUTH}
                params: dict[str, Any] = {}
                if where == "authorization":
                    headers["Authorization"] = f"Bearer {text}"
                elif where == "header":
                    headers["X-Junk"] = f"v{text}"
                elif where == "cookie":
                    headers["Cookie"] = f"session={text}"
                else:
                    params["junk"] = junk  # percent-encoded as these bytes
                response = case.call(
                    base_url=live.base, session=session, headers=headers, params=params
                )
                label = f"{case.operation.label} ({where}: {junk!r})"
                assert response.status_code == 400, f"{label}: {response.status_code}"
                assert response.headers["content-type"][0].startswith("application/json"), label
                assert response.json()["error"]["code"] == "bad_request", label

            check()


def cursors() -> st.SearchStrategy[str]:
    """Cursors as a forger would make them: our encoding of any aware time (any offset,
    the ends of the calendar included) and any integer, any JSON, any text."""
    offsets = st.integers(-1439, 1439).map(lambda m: dt.timezone(dt.timedelta(minutes=m)))
    zones = st.one_of(st.just(dt.UTC), offsets, st.timezones())
    times = st.one_of(
        st.datetimes(timezones=zones),
        # The ends of the calendar, where a time may not even convert to UTC.
        st.datetimes(min_value=dt.datetime(9999, 12, 30), timezones=zones),
        st.datetimes(max_value=dt.datetime(1, 1, 2), timezones=zones),
    )
    ours = st.builds(encode_cursor, times, st.integers(-(2**70), 2**70))
    json_values = st.recursive(
        st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
        lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(), inner, max_size=3),
        max_leaves=6,
    )
    as_json = json_values.map(
        lambda v: base64.urlsafe_b64encode(json.dumps(v).encode()).decode().rstrip("=")
    )
    return st.one_of(ours, ours, as_json, st.text(max_size=60)).filter(lambda c: len(c) <= 200)


def test_any_cursor_is_a_page_or_a_400(live: LiveAdmin) -> None:
    schema = schemathesis.openapi.from_url(
        f"{live.base}/api/openapi.json", headers=AUTH, timeout=10
    )
    operation = schema["/api/leaves"]["GET"]

    @given(cursor=cursors())
    @settings(
        max_examples=300,
        deadline=None,
        database=None,
        derandomize=True,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    def check(cursor: str) -> None:
        case = operation.Case(query={"cursor": cursor})
        response = case.call(base_url=live.base, session=session, headers=AUTH, timeout=10)
        case.validate_response(response, checks=CHECKS, headers=AUTH)
        assert response.status_code in (200, 400), (cursor, response.status_code)

    with requests.Session() as session:
        check()
