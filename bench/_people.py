"""Bench helpers: ``n`` people known to both the sandbox Slack and the sandbox Harvest,
and the working days ahead to book for them."""

from __future__ import annotations

import datetime as dt

from leavebot.domain import WorkCalendar
from leavebot.sandbox.harvest import HarvestUser
from leavebot.sandbox.slack import SandboxUser


def people(n: int) -> tuple[list[SandboxUser], list[HarvestUser]]:
    """``n`` registered Slack people, and the same people (plus the token's admin) in Harvest."""
    slack = [
        SandboxUser(f"U{i:08d}", f"person{i}", f"Person {i}", f"person{i}@example.com")
        for i in range(1, n + 1)
    ]
    harvest = [HarvestUser(4200000, "Leave", "Bot", "leavebot@example.com", is_admin=True)] + [
        HarvestUser(4200000 + i, "Person", str(i), f"person{i}@example.com")
        for i in range(1, n + 1)
    ]
    return slack, harvest


def working_days(count: int, after_days: int = 0) -> list[dt.date]:
    """The next ``count`` Monday-to-Friday days, starting after today + ``after_days``."""
    start = dt.date.today() + dt.timedelta(days=after_days + 1)
    return WorkCalendar().next_working_days(start, count)
