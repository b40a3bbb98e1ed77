"""The round-trip counter: every exchange with Postgres counted once, under its name.

The counts are checked against the wire: the connections go through a small
proxy that counts the server's answers that end a round trip: ReadyForQuery
after a statement (a transaction's BEGIN and COMMIT too), and the parameter
description that answers asyncpg's prepare (Parse, Describe, Flush).
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import struct
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import anyio
import anyio.abc
import pytest

from leavebot.db import Database
from leavebot.queries import Q
from leavebot.roundtrips import COUNTS, CountingConnection


class WireCounter:
    """A TCP proxy to Postgres counting the server's round-trip ends.

    ReadyForQuery ('Z') ends a statement's exchange; ParameterDescription ('t')
    answers only a Describe of a statement, which asyncpg sends to prepare one.
    """

    def __init__(self, target: str | tuple[str, int]) -> None:
        self.target = target
        self.ready = 0

    async def _connect(self) -> anyio.abc.ByteStream:
        if isinstance(self.target, str):
            return await anyio.connect_unix(self.target)
        return await anyio.connect_tcp(*self.target)

    async def serve(self, client: anyio.abc.ByteStream) -> None:
        async with client, await self._connect() as server, anyio.create_task_group() as tg:
            tg.start_soon(self._pass, client, server, False, tg.cancel_scope)
            tg.start_soon(self._pass, server, client, True, tg.cancel_scope)

    async def _pass(
        self,
        source: anyio.abc.ByteStream,
        sink: anyio.abc.ByteStream,
        answers: bool,
        scope: anyio.CancelScope,
    ) -> None:
        """Copy ``source`` to ``sink`` (counting if these are the server's answers)."""
        buffer = b""
        with contextlib.suppress(anyio.ClosedResourceError, anyio.BrokenResourceError, OSError):
            async for chunk in source:
                await sink.send(chunk)
                if not answers:
                    continue
                buffer += chunk
                while len(buffer) >= 5:
                    (length,) = struct.unpack("!I", buffer[1:5])
                    if len(buffer) < 1 + length:
                        break
                    if buffer[:1] in (b"Z", b"t"):
                        self.ready += 1
                    buffer = buffer[1 + length :]
        scope.cancel()  # either side closing ends the exchange


def _server_address(url: str) -> str | tuple[str, int]:
    parts = urlsplit(url)
    host = parse_qs(parts.query).get("host", [parts.hostname or "127.0.0.1"])[0]
    port = parts.port or 5432
    if host.startswith("/"):
        return f"{host}/.s.PGSQL.{port}"
    return (host, port)


def _through(url: str, port: int) -> str:
    parts = urlsplit(url)
    user = parts.username or "postgres"
    password = f":{parts.password}" if parts.password else ""
    return f"postgresql://{user}{password}@127.0.0.1:{port}{parts.path}?sslmode=disable"


@pytest.mark.anyio
async def test_every_round_trip_is_counted_once_by_name(db_url: str) -> None:
    counter = WireCounter(_server_address(db_url))
    listener = await anyio.create_tcp_listener(local_host="127.0.0.1")
    port = listener.extra(anyio.abc.SocketAttribute.local_port)  # noqa: S610 - anyio, not Django
    async with listener, anyio.create_task_group() as tg:
        tg.start_soon(listener.serve, counter.serve)
        db = await Database.open(
            _through(db_url, port), min_size=1, max_size=1, connection_class=CountingConnection
        )
        try:
            wire_before, counted_before = counter.ready, COUNTS.counts.copy()
            await db.fetchrow(Q.db_ping)  # parsed, then run: two round trips
            await db.fetchrow(Q.db_ping)  # kept prepared: one
            async with db.transaction() as tx:
                await tx.conn.fetch(Q.config_all)
                await tx.conn.execute(Q.mailbox_prune_done, 3600.0)
            with pytest.raises(Exception, match="division by zero"):
                await db.fetchval("SELECT 1 / 0")
            async with db.use(db.lazy) as conn:
                await conn.fetch(Q.mailbox_claimers, "nobody")
            await anyio.sleep(0.05)  # the proxy has passed the last answer on
            counted = COUNTS.counts - counted_before
            assert counted == {
                "db_ping": 2,
                "BEGIN": 1,
                "config_all": 1,
                "mailbox_prune_done": 1,
                "COMMIT": 1,
                "unnamed": 1,
                "mailbox_claimers": 1,
                "prepare": 5,
            }
            assert counter.ready - wire_before == sum(counted.values())
        finally:
            await db.close()
            tg.cancel_scope.cancel()


def test_counts_are_written_to_the_file(tmp_path: Path) -> None:
    path = tmp_path / "trips.json"
    before = COUNTS.writes
    COUNTS.count("probe_query")
    COUNTS.write(path)
    data = json.loads(path.read_text())
    assert data["writes"] == before + 1
    assert data["pid"] == os.getpid()
    assert data["counts"]["probe_query"] >= 1


def test_a_process_writes_its_counts_on_sigusr1(tmp_path: Path, db_url: str) -> None:
    """``leave-bot web`` with ``ROUND_TRIPS_FILE``: counts on SIGUSR1, and again at exit."""
    path = tmp_path / "trips.json"
    env = {
        **os.environ,
        "DATABASE_URL": db_url,
        "ROUND_TRIPS_FILE": str(path),
        "ADMIN_TOKEN": "t" * 40,
        "ADMIN_PORT": "0",
        "LOG_FORMAT": "json",
    }
    leave_bot = Path(sys.executable).parent / "leave-bot"
    proc = subprocess.Popen(
        [str(leave_bot), "web"], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )
    try:
        assert proc.stdout is not None
        for line in proc.stdout:
            if b"process.ready" in line:
                break
        proc.send_signal(signal.SIGUSR1)
        deadline = time.monotonic() + 10
        while not path.exists() and time.monotonic() < deadline:
            time.sleep(0.02)
        first = json.loads(path.read_text())
        assert first["writes"] == 1
        assert first["pid"] == proc.pid
        assert first["counts"].get("heartbeat_upsert", 0) >= 1
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=20) == 0
        last = json.loads(path.read_text())
        assert last["writes"] == 2
        assert all(last["counts"][k] >= v for k, v in first["counts"].items())
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        if proc.stdout is not None:
            proc.stdout.close()
