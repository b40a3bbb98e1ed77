"""The database: where it is, the asyncpg pool, and transactions with after-commit hooks.

``DATABASE_URL`` names a Postgres; when it is unset an embedded Postgres 16
(``pgserver``) is started in the data folder and stopped when the process
exits. ``Database.transaction()`` yields a ``Tx`` whose ``after_commit``
callbacks run only once the transaction has committed: that is how a channel
send wakes its receiver only for messages that really exist.
"""

from __future__ import annotations

import contextlib
import json
import os
import uuid
import warnings
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import Any

import anyio
import anyio.abc
import asyncpg
import structlog
from asyncpg.pool import PoolConnectionProxy

from leavebot.errors import DatabaseError

log = structlog.get_logger(__name__)

AfterCommit = Callable[[], None]

DB_UNAVAILABLE: tuple[type[BaseException], ...] = (
    OSError,
    asyncpg.InterfaceError,
    asyncpg.exceptions.PostgresConnectionError,
    asyncpg.exceptions.OperatorInterventionError,
    # A pooled connection left mid-operation by a restart ("another operation is
    # in progress") until the pool replaces it.
    asyncpg.InternalClientError,
)
"""What a call raises while Postgres is unreachable or restarting: wait and try again."""
Conn = asyncpg.Connection | PoolConnectionProxy
_CONNECTION_SUSPECT: tuple[type[BaseException], ...] = (
    OSError,
    asyncpg.InterfaceError,
    asyncpg.InternalClientError,
)


def embedded_url(data_dir: Path) -> str:
    """Start (or reuse) the embedded Postgres in ``data_dir`` and return its URL."""
    data_dir = data_dir.resolve()
    data_dir.parent.mkdir(parents=True, exist_ok=True)
    with warnings.catch_warnings():
        # platformdirs warns when XDG_RUNTIME_DIR is unset; pgserver copes without it.
        warnings.simplefilter("ignore")
        from pgserver.postgres_server import get_server

        server = get_server(data_dir, cleanup_mode="stop")
    uri: str = server.get_uri()
    log.info("db.embedded_started", data_dir=str(data_dir))
    return uri


def resolve_url(database_url: str | None, data_dir: Path) -> str:
    return database_url if database_url else embedded_url(data_dir)


class PooledConnection(asyncpg.Connection):
    """A pool connection released without asyncpg's reset statement.

    asyncpg's default reset sends ``pg_advisory_unlock_all(); CLOSE ALL;
    UNLISTEN *; RESET ALL`` on every release: a round trip per use of the pool.
    leavebot's pooled connections never take advisory locks, open cursors,
    LISTEN (that has a connection of its own) or SET anything, so there is
    nothing to reset; an open transaction is still rolled back by asyncpg
    itself on release. That statement also used to catch a connection left
    mid-operation (a query cut off while Postgres restarts): ``Database.use``
    closes such a connection instead, so the pool never hands it out again.
    """

    def get_reset_query(self) -> str:
        return ""


async def _init_connection(conn: asyncpg.Connection) -> None:
    for typename in ("json", "jsonb"):
        await conn.set_type_codec(
            typename, encoder=json.dumps, decoder=json.loads, schema="pg_catalog"
        )


async def connect(url: str) -> asyncpg.Connection:
    """A single connection with leavebot's codecs (JSON as Python values)."""
    conn: asyncpg.Connection = await asyncpg.connect(url)
    await _init_connection(conn)
    return conn


Notified = Callable[[object, int, str, object], None]  # asyncpg's (conn, pid, channel, payload)


async def hold_listen(
    url: str,
    channel: str,
    on_notify: Notified,
    *,
    on_up: Callable[[], None],
    on_down: Callable[[], None] = lambda: None,
    reconnect_backoff_s: float = 0.5,
    task_status: anyio.abc.TaskStatus[None] = anyio.TASK_STATUS_IGNORED,
) -> None:
    """Hold a connection that ``LISTEN``s on ``channel`` until cancelled.

    ``on_notify`` gets each notification. Notifications sent while the
    connection is down are lost, so ``on_up`` runs each time it is listening
    (the caller catches up there) and ``on_down`` each time it is lost or
    could not be made; it reconnects after ``reconnect_backoff_s``. Reports
    started once first listening.
    """
    started = False
    while True:
        conn: asyncpg.Connection | None = None
        try:
            conn = await connect(url)
            lost = anyio.Event()
            conn.add_termination_listener(lambda _conn, lost=lost: lost.set())
            await conn.add_listener(channel, on_notify)
            on_up()
            if not started:
                task_status.started()
                started = True
            log.info("db.listening", channel=channel)
            await lost.wait()
            log.warning("db.listen_lost", channel=channel)
        except (OSError, asyncpg.PostgresError, asyncpg.InterfaceError) as exc:
            log.warning("db.listen_failed", channel=channel, error=str(exc))
        finally:
            on_down()
            if conn is not None and not conn.is_closed():
                with anyio.CancelScope(shield=True):
                    with contextlib.suppress(Exception):
                        await conn.close(timeout=2)
        await anyio.sleep(reconnect_backoff_s)


class Tx:
    """An open transaction: its connection plus callbacks to run after it ends."""

    def __init__(self, conn: Conn) -> None:
        self.conn: Conn = conn
        self._after: list[AfterCommit] = []
        self._undo: list[AfterCommit] = []

    def after_commit(self, callback: AfterCommit) -> None:
        self._after.append(callback)

    def after_rollback(self, callback: AfterCommit) -> None:
        """Run ``callback`` if the transaction does not commit (or its COMMIT fails)."""
        self._undo.append(callback)

    def _run(self, callbacks: list[AfterCommit]) -> None:
        for callback in callbacks:
            try:
                callback()
            except Exception:
                log.exception("db.after_commit_failed")

    def _run_after(self) -> None:
        self._run(self._after)


class Database:
    """The asyncpg pools of one process, the URL they came from, and their tag.

    ``pool`` is for everything that must survive a Postgres crash. ``lazy``
    runs with ``synchronous_commit = off`` and is only for bookkeeping whose
    loss a crash of Postgres cannot turn into a wrong answer: mailbox claims,
    releases and the acks of handlers that wrote nothing (a lost one only
    means a message is delivered again, and handlers are idempotent). It
    spares the channel's receiving side a disk flush per message.
    """

    def __init__(self, url: str, pool: asyncpg.Pool, lazy: asyncpg.Pool, tag: str = "") -> None:
        self.url = url
        self.pool = pool
        self.lazy = lazy
        self.tag = tag

    @classmethod
    async def open(
        cls,
        url: str,
        *,
        min_size: int = 1,
        max_size: int = 10,
        connection_class: type[PooledConnection] = PooledConnection,
    ) -> Database:
        # The pools' connections carry this tag as their application_name: a
        # channel's NOTIFY says who sent it, so a process ignores its own.
        tag = f"leavebot-{os.getpid()}-{uuid.uuid4().hex[:8]}"
        try:
            pool = await asyncpg.create_pool(
                url,
                min_size=min_size,
                max_size=max_size,
                init=_init_connection,
                connection_class=connection_class,
                server_settings={"application_name": tag},
            )
            assert pool is not None
            lazy = await asyncpg.create_pool(
                url,
                min_size=1,
                max_size=max(2, max_size // 4),
                init=_init_connection,
                connection_class=connection_class,
                server_settings={"synchronous_commit": "off", "application_name": tag},
            )
            assert lazy is not None
        except (OSError, asyncpg.PostgresError) as exc:
            raise DatabaseError(f"cannot connect to the database: {exc}") from exc
        return cls(url, pool, lazy, tag)

    async def close(self) -> None:
        await self.lazy.close()
        await self.pool.close()

    @contextlib.asynccontextmanager
    async def use(self, pool: asyncpg.Pool | None = None) -> AsyncIterator[Conn]:
        """A connection of ``pool`` (default ``self.pool``) for the block.

        A block that ends in a cancellation or a connection-level error may
        leave the connection mid-operation: it is closed rather than handed
        back, and the pool opens a fresh one.
        """
        async with (pool or self.pool).acquire() as conn:
            try:
                yield conn
            except BaseException as exc:
                if isinstance(exc, (*_CONNECTION_SUSPECT, anyio.get_cancelled_exc_class())):
                    conn.terminate()
                raise

    @contextlib.asynccontextmanager
    async def transaction(self) -> AsyncIterator[Tx]:
        """A transaction; its after-commit callbacks run only if it commits, its
        after-rollback ones only if it does not."""
        async with self.use() as conn:
            tx = Tx(conn)
            try:
                async with conn.transaction():
                    yield tx
            except BaseException:
                tx._run(tx._undo)
                raise
        tx._run_after()

    async def fetch(self, query: str, *args: Any) -> list[asyncpg.Record]:
        async with self.use() as conn:
            rows: list[asyncpg.Record] = await conn.fetch(query, *args)
            return rows

    async def fetchrow(self, query: str, *args: Any) -> asyncpg.Record | None:
        async with self.use() as conn:
            row: asyncpg.Record | None = await conn.fetchrow(query, *args)
            return row

    async def fetchval(self, query: str, *args: Any) -> Any:
        async with self.use() as conn:
            return await conn.fetchval(query, *args)

    async def execute(self, query: str, *args: Any) -> str:
        async with self.use() as conn:
            status: str = await conn.execute(query, *args)
            return status

    async def ping(self) -> bool:
        from leavebot.queries import Q

        try:
            row = await self.fetchrow(Q.db_ping)
        except (OSError, asyncpg.PostgresError, asyncpg.InterfaceError):
            return False
        return row is not None


@contextlib.asynccontextmanager
async def open_database(
    url: str, *, min_size: int = 1, max_size: int = 10
) -> AsyncIterator[Database]:
    db = await Database.open(url, min_size=min_size, max_size=max_size)
    try:
        yield db
    finally:
        await db.close()


async def with_retry_on_disconnect(op: Callable[[], Awaitable[Any]]) -> Any:
    """Run ``op`` once more if the connection dropped under it (not a re-sync)."""
    try:
        return await op()
    except (asyncpg.InterfaceError, asyncpg.ConnectionDoesNotExistError, OSError):
        return await op()
