"""The pool's connections and the config cache: what each read or release costs."""

from __future__ import annotations

import anyio
import pytest

from leavebot.config import ConfigCache, RuntimeConfig, load_config
from leavebot.db import Database

pytestmark = pytest.mark.anyio


async def test_release_skips_the_reset_statement_but_ends_an_open_transaction(
    db_url: str,
) -> None:
    """No ``RESET ALL`` round trip on release (session state stays), yet a transaction
    left open is still rolled back before the connection is used again."""
    db = await Database.open(db_url, min_size=1, max_size=1)
    try:
        async with db.pool.acquire() as conn:
            await conn.execute("SET application_name = 'kept'")
        async with db.pool.acquire() as conn:
            assert await conn.fetchval("SHOW application_name") == "kept"
        async with db.pool.acquire() as conn:
            await conn.execute("CREATE TEMP TABLE probe (x int)")
            tx = conn.transaction()
            await tx.start()
            await conn.execute("INSERT INTO probe VALUES (1)")
            # released with the transaction still open
        async with db.pool.acquire() as conn:
            assert not conn.is_in_transaction()
            assert await conn.fetchval("SELECT count(*) FROM probe") == 0
    finally:
        await db.close()


async def test_config_cache_reads_once_for_many_callers(db: Database) -> None:
    reads = 0

    async def counting(database: Database) -> RuntimeConfig:
        nonlocal reads
        reads += 1
        await anyio.sleep(0.05)  # a slow read: every caller arrives while it runs
        return await load_config(database)

    cache = ConfigCache(db, ttl_s=60.0, loader=counting)
    results: list[RuntimeConfig] = []

    async def get() -> None:
        results.append(await cache.get())

    async with anyio.create_task_group() as tg:
        for _ in range(20):
            tg.start_soon(get)
    assert reads == 1
    assert len(results) == 20
    assert all(r is results[0] for r in results)
    cache.invalidate()
    await cache.get()
    assert reads == 2


async def test_a_query_cut_off_closes_its_connection(db_url: str) -> None:
    """A cancelled query may leave its connection mid-operation: the pool gets a new one."""
    db = await Database.open(db_url, min_size=1, max_size=1)
    try:
        first = await db.fetchval("SELECT pg_backend_pid()")
        assert await db.fetchval("SELECT pg_backend_pid()") == first  # kept between uses
        with anyio.move_on_after(0.1):
            await db.fetchval("SELECT pg_sleep(5)")
        with anyio.fail_after(5):
            second = await db.fetchval("SELECT pg_backend_pid()")
        assert second != first
    finally:
        await db.close()
