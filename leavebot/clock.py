"""The bot's clock: what time it is for the timers that act on the time of day.

The digest posts at a local time of day and the Home tab shows leave relative
to today; both read :class:`Clock` instead of the system clock, so a test or
the demo can move the bot's time (``set``, ``advance``) and watch it act.
A process's clock starts ``offset_s`` seconds from the system's (setting
``CLOCK_OFFSET_S``, 0 in production), so two processes given one offset
agree on the time. Moving the clock wakes whoever waits on it
(:meth:`Clock.sleep_until`).
"""

from __future__ import annotations

import datetime as dt
import time

import anyio


class Clock:
    """Wall time plus an offset that tests and the demo may move."""

    def __init__(self, offset_s: float = 0.0) -> None:
        self.offset_s = offset_s
        self._moved = anyio.Event()

    def now(self) -> dt.datetime:
        """The bot's current time (aware, UTC)."""
        return dt.datetime.fromtimestamp(time.time() + self.offset_s, dt.UTC)

    def set(self, moment: dt.datetime) -> None:
        """From now on the clock reads ``moment`` (then runs on at the system's pace)."""
        if moment.tzinfo is None:
            raise ValueError("the clock is set to an aware moment")
        self.offset_s = moment.timestamp() - time.time()
        self._wake()

    def advance(self, seconds: float) -> None:
        self.offset_s += seconds
        self._wake()

    def _wake(self) -> None:
        self._moved.set()
        self._moved = anyio.Event()

    async def sleep_until(self, moment: dt.datetime, *, at_most_s: float) -> None:
        """Until the clock reads ``moment``, it is moved, or ``at_most_s`` seconds pass."""
        wait_s = min(at_most_s, (moment - self.now()).total_seconds())
        if wait_s <= 0:
            return
        moved = self._moved
        with anyio.move_on_after(wait_s):
            await moved.wait()
