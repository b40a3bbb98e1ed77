"""A Postgres restart under running actors: they wait and carry on, nothing crashes or is lost.

The test runs its own embedded Postgres (not the shared test server) so it can
restart it with ``pg_ctl restart``.
"""

from __future__ import annotations

import time
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import anyio
import pytest
from structlog.testing import capture_logs

from leavebot.channels import Channels, Delivery
from leavebot.db import DB_UNAVAILABLE, Database
from leavebot.messages import Ping
from leavebot.migrate import apply_migrations

pytestmark = pytest.mark.anyio


@pytest.fixture
def own_server(tmp_path: Path) -> Iterator[Any]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from pgserver.postgres_server import get_server

        server = get_server(tmp_path / "pg", cleanup_mode="stop")
    try:
        yield server
    finally:
        # After a restart the postmaster is not the one pgserver started: stop it by hand.
        from pgserver._commands import pg_ctl

        pg_ctl(["-w", "-m", "fast", "stop"], pgdata=server.pgdata, user=server.system_user)
        server.cleanup()


def restart(server: Any) -> None:
    from pgserver._commands import pg_ctl

    pg_ctl(["-w", "-m", "fast", "restart"], pgdata=server.pgdata, user=server.system_user)


async def send_when_up(channels: Channels, seq: int, limit_s: float = 30.0) -> None:
    deadline = time.monotonic() + limit_s
    while True:
        try:
            await channels.send_now("probe", Ping(seq=seq, sent_at=time.time()))
            return
        except DB_UNAVAILABLE:
            assert time.monotonic() < deadline, "the database did not come back"
            await anyio.sleep(0.2)


async def test_an_inbox_survives_a_postgres_restart(own_server: Any) -> None:
    url = own_server.get_uri()
    apply_migrations(url)
    db = await Database.open(url, min_size=1, max_size=4)
    got: list[int] = []
    try:
        channels = Channels(db)
        inbox = channels.inbox("probe", poll_interval_s=0.01, claim_timeout_s=2.0)

        async def handle(delivery: Delivery) -> None:
            assert isinstance(delivery.message, Ping)
            got.append(delivery.message.seq)

        with capture_logs() as logs, anyio.fail_after(60):
            async with anyio.create_task_group() as tg:
                tg.start_soon(lambda: inbox.serve(handle))
                await channels.send_now("probe", Ping(seq=1, sent_at=time.time()))
                while got != [1]:
                    await anyio.sleep(0.05)
                await anyio.to_thread.run_sync(restart, own_server)
                await send_when_up(channels, 2)
                while 2 not in got:
                    await anyio.sleep(0.05)
                tg.cancel_scope.cancel()
        assert got == [1, 2]
        # The restart was seen and waited out, not crashed on.
        assert any(e["event"] == "channel.database_unavailable" for e in logs)
        left = await db.fetchval("SELECT count(*) FROM mailbox WHERE status <> 'done'")
        assert left == 0
    finally:
        await db.close()
