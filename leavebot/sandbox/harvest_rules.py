"""The sandbox Harvest's account rules: company settings, who may log time for whom, locks.

What a Harvest account decides beyond the shape of its API, as Harvest's API v2
documentation describes it (https://help.getharvest.com/api-v2/):

* **Company settings** (``GET /v2/company``, Company API): ``wants_timestamp_timers``
  says how the account tracks time. False: by duration -- an entry is created
  with ``hours`` ("Create a time entry via duration"). True: by start and end
  time -- an entry takes ``started_time`` / ``ended_time`` ("Create a time entry
  via start and end time"; ``started_time`` defaults to now; "if ``ended_time``
  is not provided, ``is_running`` will be set to true": a running timer).
  ``clock`` (``12h`` / ``24h``) is how those times are written ("8:00am" /
  "08:00"). The sandbox reads ``hours`` only on a duration account: on a
  timestamp account an entry without ``ended_time`` is a running timer
  whatever ``hours`` says.
* **Who may log time for whom** (Users API ``access_roles``): an
  ``administrator`` for anyone; a ``manager`` with the
  ``time_and_expenses_manager`` role for the people they manage (their
  teammates); anyone else only for themselves. Otherwise HTTP 403, Harvest's
  status for "the object you requested was found but you don't have
  authorization to perform your request" (API v2 overview, status codes).
* **Project assignments** (Project User Assignments / Task Assignments APIs):
  time is logged only by people assigned to the project, to tasks assigned
  to it. Otherwise HTTP 422 with a ``message``.
* **Approved and locked time** (Time Entries API: ``is_closed`` "approved via
  Timesheet Approval", ``is_locked`` with ``locked_reason``; "Deleting a time
  entry is only possible if it's not closed ... However, Admins can delete
  closed entries"): an entry in an approved period cannot be changed or
  deleted except by an administrator. HTTP 403.

Harvest documents the statuses; the ``message`` texts here are the sandbox's
own wording, so clients must not depend on them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

JSON = dict[str, Any]

ADMINISTRATOR = "administrator"
MANAGER = "manager"
MEMBER = "member"
TIME_MANAGER = "time_and_expenses_manager"
LOCKED_APPROVED = "Item Approved and Locked for this Time Period"


class RuleBroken(Exception):
    """A request the account's rules refuse: HTTP ``status`` with a ``message``."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


@dataclass
class Company:
    """What ``GET /v2/company`` answers (the settings that change behaviour first)."""

    name: str = "Sandbox Inc"
    wants_timestamp_timers: bool = False
    clock: str = "12h"
    approval_feature: bool = True
    week_start_day: str = "Monday"
    time_format: str = "hours_minutes"
    weekly_capacity: int = 144000

    def to_json(self) -> JSON:
        return {
            "base_uri": "https://sandbox.harvestapp.com",
            "full_domain": "sandbox.harvestapp.com",
            "name": self.name,
            "is_active": True,
            "week_start_day": self.week_start_day,
            "wants_timestamp_timers": self.wants_timestamp_timers,
            "time_format": self.time_format,
            "date_format": "%Y-%m-%d",
            "plan_type": "sponsored",
            "expense_feature": True,
            "invoice_feature": True,
            "estimate_feature": True,
            "approval_feature": self.approval_feature,
            "team_feature": True,
            "clock": self.clock,
            "currency_code_display": "iso_code_none",
            "currency_symbol_display": "symbol_before",
            "decimal_symbol": ".",
            "thousands_separator": ",",
            "color_scheme": "orange",
            "weekly_capacity": self.weekly_capacity,
        }


@dataclass(frozen=True)
class Approval:
    """An approved period of one person's timesheet (inclusive dates)."""

    user_id: int
    first: date
    last: date

    def covers(self, user_id: int, day: str) -> bool:
        return user_id == self.user_id and self.first.isoformat() <= day <= self.last.isoformat()


@dataclass
class Rules:
    """The account's settings and the rules of who may do what."""

    company: Company = field(default_factory=Company)
    approvals: list[Approval] = field(default_factory=list)

    def may_log_for(self, actor_roles: tuple[str, ...], teammates: tuple[int, ...], user: int,
                    actor: int) -> bool:  # fmt: skip
        """Whether the token's user (``actor``) may create or edit ``user``'s time."""
        if user == actor or ADMINISTRATOR in actor_roles:
            return True
        return MANAGER in actor_roles and TIME_MANAGER in actor_roles and user in teammates

    def locked_reason(self, user_id: int, day: str) -> str | None:
        """Why an entry of ``user_id`` on ``day`` is locked (approved), if it is."""
        if any(a.covers(user_id, day) for a in self.approvals):
            return LOCKED_APPROVED
        return None

    def check_unlocked(
        self, actor_roles: tuple[str, ...], user_id: int, day: str, verb: str
    ) -> None:
        """A locked entry may be changed or deleted by an administrator only."""
        reason = self.locked_reason(user_id, day)
        if reason is not None and ADMINISTRATOR not in actor_roles:
            raise RuleBroken(
                403,
                f"This time entry is locked ({reason}): only an administrator can {verb} it",
            )


_CLOCK = re.compile(r"^\s*(\d{1,2}):(\d{2})\s*([ap]m)?\s*$", re.IGNORECASE)


def parse_clock(value: Any, name: str) -> int:
    """Minutes after midnight of "8:00am", "1:30pm" or "13:30" (422 otherwise)."""
    match = _CLOCK.match(str(value)) if isinstance(value, str) else None
    if match is None:
        raise RuleBroken(422, f"{name} is invalid")
    hours, minutes, half = int(match.group(1)), int(match.group(2)), match.group(3)
    if minutes > 59:
        raise RuleBroken(422, f"{name} is invalid")
    if half is not None:
        if not 1 <= hours <= 12:
            raise RuleBroken(422, f"{name} is invalid")
        hours = hours % 12 + (12 if half.lower() == "pm" else 0)
    elif hours > 23:
        raise RuleBroken(422, f"{name} is invalid")
    return hours * 60 + minutes


def format_clock(minutes: int, clock: str) -> str:
    """``minutes`` after midnight as the company writes times ("8:00am" or "08:00")."""
    hours, mins = divmod(minutes % (24 * 60), 60)
    if clock == "24h":
        return f"{hours:02d}:{mins:02d}"
    half = "am" if hours < 12 else "pm"
    return f"{hours % 12 or 12}:{mins:02d}{half}"
