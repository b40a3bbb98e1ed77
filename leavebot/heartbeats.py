"""Heartbeats: the supervisor's view of its children, stored in ``actor_heartbeats``.

A separate ``web`` process reads them to report the health of ``bot`` and
``worker``; a row older than a few intervals is flagged stale.
"""

from __future__ import annotations

import os
import socket
from collections.abc import Sequence
from typing import Protocol

import asyncpg
import structlog

from leavebot.db import Database
from leavebot.queries import Q

log = structlog.get_logger(__name__)


class ChildStatus(Protocol):
    """What a heartbeat records of one child (the supervisor's ``ChildReport``)."""

    @property
    def name(self) -> str: ...

    @property
    def state(self) -> str: ...

    @property
    def restarts(self) -> int: ...

    @property
    def last_error(self) -> str | None: ...


class HeartbeatWriter:
    """A supervisor ``report`` callback that upserts one row per child."""

    def __init__(self, db: Database, process: str) -> None:
        self.db = db
        self.process = process
        self.pid = os.getpid()
        self.hostname = socket.gethostname()

    async def __call__(self, reports: Sequence[ChildStatus]) -> None:
        rows = [
            (
                self.process,
                r.name,
                self.pid,
                self.hostname,
                r.state,
                r.restarts,
                r.last_error,
                getattr(r, "started_at", None),
            )
            for r in reports
        ]
        try:
            async with self.db.use() as conn:
                await conn.executemany(Q.heartbeat_upsert, rows)
        except (OSError, asyncpg.PostgresError, asyncpg.InterfaceError) as exc:
            log.warning("heartbeat.write_failed", error=str(exc))


def is_stale(age_s: float, interval_s: float) -> bool:
    """A heartbeat is stale once three intervals have passed without one."""
    return age_s > 3 * interval_s
