"""One booking per half-day: the slots a day holds, and booking a confirmed request's days.

A person's half-day slot, the morning (AM) or the afternoon (PM) of a date, is
booked at most once across all of their requests; a full day holds both. Postgres
holds the rule (migration 0008: one partial unique index per slot over the live
days), so no two transactions, in one process or two, can both book a slot.

:func:`book` is how the tracker books a request's days in its Confirm
transaction (:func:`confirm_and_book`: the guarded confirm and the booking's
first round in one statement): each date gets the slots asked for that no live
day of the person holds (a full day asked over a booked half books the free half, whatever the two
categories; the syncers then give it half-day hours and a half-day event), and
every slot not booked comes back as :class:`Taken`, naming the request that holds
it. A concurrent booking that commits first makes an insert collide: that date is
asked again, and the second look sees it. What was taken is kept on the request
(``leave_requests.slots_taken``) for its prompt and the admin API.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import asyncpg
import structlog

from leavebot.db import Conn
from leavebot.errors import BookingContendedError
from leavebot.queries import Q
from leavebot.types import DayId, Portion, RequestId

log = structlog.get_logger(__name__)

Slot = Literal["am", "pm"]
SLOTS: dict[str, tuple[Slot, ...]] = {"full": ("am", "pm"), "am": ("am",), "pm": ("pm",)}
MAX_ROUNDS = 5
"""Looks at one date within one Confirm: each collision means another booking of that date
committed meanwhile, and a date has two slots; more means bookings and cancels keep racing,
and the Confirm fails (its message comes back) rather than spin."""


def slots_of(portion: str) -> tuple[Slot, ...]:
    """The slots a day of ``portion`` holds (``full``: both)."""
    return SLOTS[portion]


def portion_of(slots: Iterable[str]) -> Portion | None:
    """The portion that holds exactly ``slots`` (None for no slot)."""
    held = set(slots)
    if held >= {"am", "pm"}:
        return "full"
    if "am" in held:
        return "am"
    if "pm" in held:
        return "pm"
    return None


def overlap(first: str, second: str) -> tuple[Slot, ...]:
    """The slots two portions of one date share."""
    return tuple(s for s in SLOTS[first] if s in SLOTS[second])


@dataclass(frozen=True)
class Taken:
    """A slot a request asked for that another live day held when it was confirmed."""

    date: dt.date
    slot: Slot
    request_id: int
    day_id: int
    category: str

    def as_json(self) -> dict[str, Any]:
        return {
            "date": self.date.isoformat(),
            "slot": self.slot,
            "request_id": self.request_id,
            "day_id": self.day_id,
            "category": self.category,
        }

    @classmethod
    def from_json(cls, item: Mapping[str, Any]) -> Taken:
        slot: Slot = "am" if item["slot"] == "am" else "pm"
        return cls(
            date=dt.date.fromisoformat(str(item["date"])),
            slot=slot,
            request_id=int(item["request_id"]),
            day_id=int(item["day_id"]),
            category=str(item["category"]),
        )


def taken_from_json(value: Any) -> list[Taken]:
    """The ``slots_taken`` of a request row (null: none)."""
    if not isinstance(value, list):
        return []
    return [Taken.from_json(item) for item in value]


@dataclass
class Booking:
    """What a Confirm booked: the days made, and every slot asked for that was taken."""

    day_ids: list[DayId] = field(default_factory=list)
    taken: list[Taken] = field(default_factory=list)
    collisions: int = 0


def _holder(holders: Sequence[Mapping[str, Any]], slot: Slot) -> Mapping[str, Any]:
    """The live day (the oldest, if more than one) that holds ``slot``."""
    for day in holders:
        if slot in SLOTS[str(day["portion"])]:
            return day
    raise AssertionError(f"no live day holds the {slot} slot the booking found taken")


async def confirm_and_book(
    conn: Conn,
    request_id: RequestId,
    user_id: int,
    days: Sequence[tuple[dt.date, str]],
    category: str | None,
) -> Booking | None:
    """Confirm request ``request_id`` and book ``days`` (a leave's; none for a cancel or a
    change) as :func:`book` does, the guarded confirm and the first round in one statement
    (``request_confirm_and_book``). None: not confirmed (no longer pending, past its
    expiry, or its author inactive), and nothing booked.
    """
    asked = sorted(days)
    rows = await conn.fetch(
        Q.request_confirm_and_book,
        request_id,
        user_id,
        [day for day, _ in asked],
        [portion for _, portion in asked],
        category,
    )
    if not rows or rows[0]["confirmed"] is None:
        return None
    first = [row for row in rows if row["day"] is not None]
    return await book(conn, request_id, user_id, asked, category or "", first_round=first)


async def book(
    conn: Conn,
    request_id: RequestId,
    user_id: int,
    days: Sequence[tuple[dt.date, str]],
    category: str,
    *,
    first_round: Sequence[asyncpg.Record] | None = None,
) -> Booking:
    """Book ``days`` (date, portion) of request ``request_id`` within the slot rule.

    Runs in the caller's transaction (the Confirm's): one statement, and one more per
    round of dates that collided with a booking another transaction committed meanwhile.
    ``first_round``: that statement's rows, made already (see :func:`confirm_and_book`).
    """
    booking = Booking()
    remaining = sorted(days)
    rows: Sequence[asyncpg.Record] | None = first_round
    for _ in range(MAX_ROUNDS):
        if rows is None:
            rows = await conn.fetch(
                Q.days_book,
                request_id,
                user_id,
                [day for day, _ in remaining],
                [portion for _, portion in remaining],
                category,
            )
        collided: list[tuple[dt.date, str]] = []
        for row in rows:
            planned = row["book"]
            if planned is not None and row["day_id"] is None:
                collided.append((row["day"], row["portion"]))
                continue
            if row["day_id"] is not None:
                booking.day_ids.append(DayId(int(row["day_id"])))
            booked = SLOTS[planned] if planned is not None else ()
            for slot in SLOTS[row["portion"]]:
                if slot in booked:
                    continue
                holder = _holder(row["holders"] or [], slot)
                booking.taken.append(
                    Taken(
                        date=row["day"],
                        slot=slot,
                        request_id=int(holder["request_id"]),
                        day_id=int(holder["day_id"]),
                        category=str(holder["category"]),
                    )
                )
        if not collided:
            booking.taken.sort(key=lambda t: (t.date, t.slot))
            return booking
        booking.collisions += len(collided)
        log.info(
            "leave.booking_collided",
            request_id=request_id,
            dates=[day.isoformat() for day, _ in collided],
        )
        remaining = collided
        rows = None
    raise BookingContendedError(
        f"request {request_id}: other bookings of "
        f"{', '.join(day.isoformat() for day, _ in remaining)} kept committing meanwhile"
    )
