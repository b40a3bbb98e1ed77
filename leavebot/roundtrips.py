"""Counting this process's Postgres round trips by name: an opt-in probe for the benches.

With ``ROUND_TRIPS_FILE`` set, the process's pools open ``CountingConnection``s
and every round trip to Postgres is counted under a name: the ``queries.sql``
name of the statement, ``BEGIN`` / ``COMMIT`` / ``ROLLBACK`` for a
transaction's own, ``prepare`` for a statement a connection parses for the
first time (asyncpg then keeps it prepared), ``introspect`` for asyncpg's type
lookups. A round trip is one exchange ending in the server's ReadyForQuery:
asyncpg makes one per statement it runs (Bind/Execute/Sync or a simple query)
and one more to prepare a statement not yet in the connection's cache, so
this count is what went over the wire, without a proxy in the way.

The counts are written as JSON to that file when the process gets SIGUSR1
and when it stops, so a bench can take them before and after its run and
subtract. Without the setting nothing is counted and nothing changes.
"""

from __future__ import annotations

import json
import os
import re
import signal
from collections import Counter
from pathlib import Path
from typing import Any

import anyio

from leavebot.db import PooledConnection
from leavebot.queries import Q

_TRANSACTION = re.compile(r"^\s*(BEGIN|START TRANSACTION|COMMIT|ROLLBACK)\b", re.IGNORECASE)


class RoundTrips:
    """The counts of one process: name -> round trips so far."""

    def __init__(self) -> None:
        self.counts: Counter[str] = Counter()
        self._names = {sql: name for name, sql in Q.items()}
        self.writes = 0

    def name_of(self, query: str) -> str:
        name = self._names.get(query)
        if name is not None:
            return name
        match = _TRANSACTION.match(query)
        if match:
            return match.group(1).upper()
        return "unnamed"

    def count(self, name: str) -> None:
        self.counts[name] += 1

    def snapshot(self) -> dict[str, Any]:
        """The counts so far, with the number of snapshots written before this one."""
        return {"writes": self.writes, "pid": os.getpid(), "counts": dict(self.counts)}

    def write(self, path: Path) -> None:
        """Replace ``path`` with the counts so far (atomically: a reader never sees half)."""
        data = self.snapshot()
        self.writes += 1
        data["writes"] = self.writes
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        tmp.write_text(json.dumps(data, sort_keys=True))
        tmp.replace(path)


COUNTS = RoundTrips()
"""The process's one tally (connections are made by asyncpg, which passes them nothing)."""


class CountingConnection(PooledConnection):
    """A pooled connection that counts each round trip it makes in ``COUNTS``."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._prepared: set[str] = set()  # the statements this connection has parsed

    async def execute(self, query: str, *args: Any, **kwargs: Any) -> str:
        COUNTS.count(COUNTS.name_of(query))
        return await super().execute(query, *args, **kwargs)

    async def executemany(self, command: str, args: Any, **kwargs: Any) -> None:
        COUNTS.count(COUNTS.name_of(command))
        await super().executemany(command, args, **kwargs)

    async def fetch(self, query: str, *args: Any, **kwargs: Any) -> list[Any]:
        COUNTS.count(COUNTS.name_of(query))
        rows: list[Any] = await super().fetch(query, *args, **kwargs)
        return rows

    async def fetchrow(self, query: str, *args: Any, **kwargs: Any) -> Any:
        COUNTS.count(COUNTS.name_of(query))
        return await super().fetchrow(query, *args, **kwargs)

    async def fetchval(self, query: str, *args: Any, **kwargs: Any) -> Any:
        COUNTS.count(COUNTS.name_of(query))
        return await super().fetchval(query, *args, **kwargs)

    async def _get_statement(self, query: str, *args: Any, **kwargs: Any) -> Any:
        # asyncpg parses a statement in a round trip of its own the first time a
        # connection runs it (and every time for one it does not cache: unnamed).
        statement = await super()._get_statement(query, *args, **kwargs)  # type: ignore[misc]
        name = str(statement.name)
        if not name or name not in self._prepared:
            self._prepared.add(name)
            COUNTS.count("prepare")
        return statement

    async def _introspect_types(self, *args: Any) -> Any:
        COUNTS.count("introspect")
        return await super()._introspect_types(*args)  # type: ignore[misc]


async def write_on_signal(path: Path) -> None:
    """Write the counts to ``path`` each time the process gets SIGUSR1, until cancelled."""
    with anyio.open_signal_receiver(signal.SIGUSR1) as signals:
        async for _ in signals:
            COUNTS.write(path)
