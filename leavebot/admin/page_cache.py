"""The admin server's cache of rendered read answers, emptied when leave data changes.

A route that opts in (``Route(cached=True)``; today the leaves list) has its
200 answers kept, as the bytes sent, under the route and its validated query.
The answer is served again until the data it shows may have changed:

- Postgres notifies channel ``leavebot_admin_data`` when a transaction that
  wrote the requests, their days or the people commits (migration 0006's
  statement triggers), whichever process wrote; :meth:`PageCache.listen`
  holds a ``LISTEN`` connection and empties the cache on each notification;
- this server's own writes (any route but a GET) empty it when they finish,
  so a client reads its own writes at once;
- while the ``LISTEN`` connection is down (not yet up, lost, reconnecting)
  nothing is served from or kept in the cache, and it is emptied again once
  the connection is back, since notifications sent meanwhile were lost.

The connection is held only while the cache is read: :meth:`PageCache.run`
opens it at the first read and closes it after ``idle_s`` without one. A
server nobody reads (``leave-bot all`` while the bot works) then pays nothing
for the notifications of every write; the read that wakes the cache is
answered uncached, like those in the moment before ``LISTEN`` is up.

An answer is kept only if no change was signalled while it was computed (the
generation it started under is still the current one), so a read that began
on older data is never kept past the change. What another process commits
shows in at most the time its notification takes to arrive (about a
millisecond on one host). The cache holds at most ``max_entries`` answers and
``max_bytes`` bytes, dropping the least recently used.
"""

from __future__ import annotations

import time
from collections import OrderedDict

import anyio
import anyio.abc

from leavebot.db import hold_listen

NOTIFY_CHANNEL = "leavebot_admin_data"


class PageCache:
    """Rendered answers by key, valid while no change has been signalled."""

    def __init__(
        self,
        db_url: str,
        *,
        max_entries: int = 512,
        max_bytes: int = 32 * 1024 * 1024,
        reconnect_backoff_s: float = 0.5,
        idle_s: float = 300.0,
    ) -> None:
        self.db_url = db_url
        self.max_entries = max_entries
        self.max_bytes = max_bytes
        self.reconnect_backoff_s = reconnect_backoff_s
        self.idle_s = idle_s
        self.generation = 0
        self.live = False
        self.hits = 0
        self.misses = 0
        self._entries: OrderedDict[str, bytes] = OrderedDict()
        self._bytes = 0
        self._wanted = anyio.Event()
        self._last_read = 0.0

    def __len__(self) -> int:
        return len(self._entries)

    def get(self, key: str) -> bytes | None:
        """The answer kept under ``key``, or None (also while the cache is not live)."""
        self._last_read = time.monotonic()
        if not self.live:
            self._wanted.set()  # run() starts listening
        body = self._entries.get(key) if self.live else None
        if body is None:
            self.misses += 1
            return None
        self._entries.move_to_end(key)
        self.hits += 1
        return body

    def put(self, key: str, generation: int, body: bytes) -> None:
        """Keep ``body``, computed from data read under ``generation``, if still current."""
        if not self.live or generation != self.generation or len(body) > self.max_bytes:
            return
        old = self._entries.pop(key, None)
        if old is not None:
            self._bytes -= len(old)
        self._entries[key] = body
        self._bytes += len(body)
        while len(self._entries) > self.max_entries or self._bytes > self.max_bytes:
            _, dropped = self._entries.popitem(last=False)
            self._bytes -= len(dropped)

    def invalidate(self) -> None:
        """Data may have changed: forget every answer, refuse those begun before now."""
        self.generation += 1
        self._entries.clear()
        self._bytes = 0

    def _on_notify(self, _conn: object, _pid: int, _channel: str, _payload: object) -> None:
        self.invalidate()

    async def run(self) -> None:
        """Until cancelled: listen while the cache is read, stop after ``idle_s`` without."""
        while True:
            await self._wanted.wait()
            async with anyio.create_task_group() as tg:
                tg.start_soon(self.listen)
                await self._until_idle()
                self._wanted = anyio.Event()  # a read from now on wakes the next round
                tg.cancel_scope.cancel()  # hold_listen's finally: not live, emptied

    async def _until_idle(self) -> None:
        """Return once ``idle_s`` has passed without a read (a deadline each read moves)."""
        while True:
            left = self._last_read + self.idle_s - time.monotonic()
            if left <= 0:
                return
            await anyio.sleep(left)

    async def listen(
        self, *, task_status: anyio.abc.TaskStatus[None] = anyio.TASK_STATUS_IGNORED
    ) -> None:
        """Hold the ``LISTEN`` connection (reconnecting after a drop) until cancelled."""
        await hold_listen(
            self.db_url,
            NOTIFY_CHANNEL,
            self._on_notify,
            on_up=self._up,
            on_down=self._down,
            reconnect_backoff_s=self.reconnect_backoff_s,
            task_status=task_status,
        )

    def _up(self) -> None:
        self.invalidate()  # whatever changed before now was not heard
        self.live = True

    def _down(self) -> None:
        self.live = False
        self.invalidate()
