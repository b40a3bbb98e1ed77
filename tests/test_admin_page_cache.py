"""The admin page cache: kept answers, emptied on every change wherever it is written.

Over a live admin server on a real Postgres: the leaves list is answered from
the cache while nothing changes, a change committed by another connection (as
the actors' are) reaches the next answer through migration 0006's triggers and
``LISTEN``, the server's own writes are read back at once, and while the
``LISTEN`` connection is down nothing is served from the cache. The bookkeeping
(generations, bounds) is checked on the class itself.
"""

from __future__ import annotations

import datetime as dt

import anyio
import asyncpg
import pytest
from aiohttp import web

from leavebot.admin.app import PAGES_KEY, create_app
from leavebot.admin.models import LeavePage
from leavebot.admin.page_cache import NOTIFY_CHANNEL, PageCache
from leavebot.admin.routing import Answer, Call, Route, register
from leavebot.db import Database
from tests.admin_support import Api, Seed, serve_admin

pytestmark = pytest.mark.anyio

DAY = dt.date(2026, 3, 2)


async def live_cache(api: Api) -> PageCache:
    """The server's page cache, once a read has woken it and its LISTEN connection is up."""
    pages = api.app[PAGES_KEY]
    assert pages is not None
    assert (await api.get("/api/leaves")).status == 200
    await until_live(pages)
    return pages


async def until_live(pages: PageCache, live: bool = True) -> None:
    with anyio.fail_after(10):
        while pages.live is not live:
            await anyio.sleep(0.01)


async def listeners(db: Database) -> int:
    """Connections listening for the page cache's notifications."""
    count: int = await db.fetchval(
        "SELECT count(*) FROM pg_stat_activity WHERE query = $1", f'LISTEN "{NOTIFY_CHANNEL}"'
    )
    return count


@pytest.fixture
async def asha(db: Database) -> int:
    """One person, Asha Rao, with one completed request; her user id."""
    seed = Seed(db)
    uid = await seed.person("Asha Rao")
    await seed.request(uid, [(DAY, "full")])
    return uid


async def names(api: Api, query: str = "") -> list[str]:
    reply = await api.get("/api/leaves" + query)
    assert reply.status == 200, reply.text
    return [item["user"]["display_name"] for item in reply.body["items"]]


async def test_list_is_kept_until_another_connection_changes_the_data(
    db: Database, db_url: str, asha: int
) -> None:
    async with serve_admin(db) as api:
        pages = await live_cache(api)
        assert await names(api) == ["Asha Rao"]
        hits = pages.hits
        assert await names(api) == ["Asha Rao"]
        assert pages.hits == hits + 1
        # The same query written another way is the same answer.
        first = await api.get("/api/leaves?limit=5&status=completed")
        second = await api.get("/api/leaves?status=completed&limit=05")
        assert first.body == second.body
        assert pages.hits == hits + 2

        generation = pages.generation
        other = await asyncpg.connect(db_url)  # as an actor's own connection writes
        try:
            await other.execute("UPDATE users SET display_name = 'Asha R.' WHERE id = $1", asha)
        finally:
            await other.close()
        with anyio.fail_after(5):  # its notification empties the cache
            while pages.generation == generation:
                await anyio.sleep(0.005)
        assert await names(api) == ["Asha R."]


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE leave_requests SET status = 'cancelled' WHERE id = $1",
        "UPDATE leave_days SET status = 'failed' WHERE request_id = $1",
        "DELETE FROM leave_days WHERE request_id = $1",
        "UPDATE users SET email = 'x@example.com' WHERE id = (SELECT user_id FROM leave_requests"
        " WHERE id = $1)",
    ],
)
async def test_each_write_of_leave_data_notifies_on_commit(
    db: Database, db_url: str, statement: str
) -> None:
    seed = Seed(db)
    rid, _ = await seed.request(await seed.person(), [(DAY, "full")])
    heard: list[str] = []
    listener = await asyncpg.connect(db_url)
    writer = await asyncpg.connect(db_url)
    try:
        await listener.add_listener(NOTIFY_CHANNEL, lambda *args: heard.append(args[2]))
        async with writer.transaction():
            await writer.execute(statement, rid)
            await anyio.sleep(0.1)
            assert heard == []  # not before the commit
        with anyio.fail_after(5):
            while not heard:
                await anyio.sleep(0.01)
        assert heard == [NOTIFY_CHANNEL]
    finally:
        await writer.close()
        await listener.close()


async def test_the_servers_own_write_is_read_back_at_once(
    db: Database, asha: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Deaf to notifications, so only the server's own emptying can make this pass.
    monkeypatch.setattr(PageCache, "_on_notify", lambda self, *args: None)
    async with serve_admin(db) as api:
        pages = await live_cache(api)
        assert await names(api) == ["Asha Rao"]
        generation = pages.generation
        reply = await api.call("PATCH", f"/api/users/{asha}", json_body={"display_name": "A. Rao"})
        assert reply.status == 200, reply.text
        assert pages.generation > generation
        assert len(pages) == 0
        assert await names(api) == ["A. Rao"]
        # A refused write empties it too: the handler may have written before refusing.
        await names(api)
        reply = await api.call("PATCH", "/api/users/999999", json_body={"display_name": "Nobody"})
        assert reply.status == 404
        assert len(pages) == 0


async def test_nothing_is_served_or_kept_while_listen_is_down(db: Database, asha: int) -> None:
    async with serve_admin(db) as api:
        pages = await live_cache(api)
        await names(api)
        assert len(pages) == 1
        await db.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query = $1",
            f'LISTEN "{NOTIFY_CHANNEL}"',
        )
        await until_live(pages, False)
        assert len(pages) == 0
        hits = pages.hits
        await db.execute("UPDATE users SET display_name = 'Asha R.' WHERE id = $1", asha)
        assert await names(api) == ["Asha R."]
        assert await names(api) == ["Asha R."]
        assert pages.hits == hits
        assert len(pages) == 0
        await until_live(pages)  # reconnected
        assert await names(api) == ["Asha R."]
        assert len(pages) == 1


async def test_a_server_without_the_cache_answers_the_same(db: Database, asha: int) -> None:
    async with serve_admin(db, page_cache_entries=0) as api:
        assert api.app[PAGES_KEY] is None
        assert await names(api) == ["Asha Rao"]


# ------------------------------------------------------------------ the class


def test_an_answer_begun_before_a_change_is_not_kept() -> None:
    pages = PageCache("postgresql://unused", max_entries=4)
    pages.live = True
    begun = pages.generation
    pages.invalidate()
    pages.put("k", begun, b"old")
    assert pages.get("k") is None
    pages.put("k", pages.generation, b"new")
    assert pages.get("k") == b"new"


def test_nothing_is_kept_or_served_unless_live() -> None:
    pages = PageCache("postgresql://unused")
    pages.put("k", pages.generation, b"body")
    assert len(pages) == 0
    pages.live = True
    pages.put("k", pages.generation, b"body")
    pages.live = False
    assert pages.get("k") is None


def test_least_recently_used_answers_go_first_past_either_bound() -> None:
    pages = PageCache("postgresql://unused", max_entries=3, max_bytes=10)
    pages.live = True
    for key in "abc":
        pages.put(key, pages.generation, b"xx")
    assert pages.get("a") == b"xx"  # a is now the most recent
    pages.put("d", pages.generation, b"xx")
    assert [k for k in "abcd" if pages.get(k) is not None] == ["a", "c", "d"]
    pages.put("e", pages.generation, b"x" * 7)  # 13 bytes held: a, then c, go
    assert [k for k in "acde" if pages.get(k) is not None] == ["d", "e"]
    pages.put("f", pages.generation, b"x" * 11)  # larger than the whole cache
    assert pages.get("f") is None
    assert pages.get("e") is not None


async def test_only_a_json_get_may_be_cached() -> None:
    async def handler(call: Call) -> LeavePage:
        return LeavePage(items=[], next_cursor=None)

    answers = (Answer(200, "a page", LeavePage),)
    for route in (
        Route("POST", "/x", "x", "x", handler, "t", answers, cached=True),
        Route("GET", "/y", "y", "y", handler, "t", (Answer(200, "y", LeavePage, csv=True),),
              cached=True),
    ):  # fmt: skip
        with pytest.raises(ValueError, match="only a JSON-only GET"):
            register(web.Application(), [route])


async def test_while_the_database_is_away_it_retries_and_stays_off() -> None:
    pages = PageCache("postgresql://nobody@127.0.0.1:9/none", reconnect_backoff_s=0.02)
    pages.live = True  # as if it had been up
    with anyio.fail_after(10):
        async with anyio.create_task_group() as tg:
            tg.start_soon(pages.listen)
            while pages.generation < 3:  # each failed attempt empties it again
                await anyio.sleep(0.01)
            assert not pages.live
            tg.cancel_scope.cancel()


async def test_it_listens_only_while_read_and_while_the_app_runs(db: Database) -> None:
    app = create_app(db, "t" * 40)
    pages = app[PAGES_KEY]
    assert pages is not None
    pages.idle_s = 0.5
    runner = web.AppRunner(app)
    await runner.setup()
    try:
        await anyio.sleep(0.2)
        assert not pages.live
        assert await listeners(db) == 0  # nobody reads: no LISTEN, no cost to writers
        assert pages.get("k") is None  # a read wakes it
        await until_live(pages)
        assert await listeners(db) == 1
        pages.put("k", pages.generation, b"body")
        assert pages.get("k") == b"body"
        await until_live(pages, False)  # idle_s without a read
        assert len(pages) == 0
        with anyio.fail_after(5):
            while await listeners(db):
                await anyio.sleep(0.01)
        assert pages.get("k") is None
        await until_live(pages)  # woken again
    finally:
        await runner.cleanup()
    assert not pages.live
    with anyio.fail_after(5):
        while await listeners(db):
            await anyio.sleep(0.01)
