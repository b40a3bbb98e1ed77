"""A change to booked leave: the difference between what is booked and what is wanted.

A person's leave in one thread is one booking: the live days of every request
of theirs in that thread (the first message's, and the changes made since by
edits and replies). When they edit the message or reply after Confirm, the bot
never changes those days silently: it works out the difference between the
days booked and the days now wanted, and asks them to confirm it as a
``change`` request, whose days are :class:`ChangeItem` rows (``add`` a date and
portion, ``remove`` a booked day by its id).

The difference is the smallest one in half-day slots: a booked day is removed
only when it covers a slot no longer wanted (a full day where only the
morning is wanted goes, and the morning is added), and only the slots not yet
held are added (a morning booked and a full day wanted adds the afternoon).
Pure functions; the tracker and the parser both read a thread through them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

import asyncpg

from leavebot.domain import LeaveDay
from leavebot.slots import portion_of, slots_of
from leavebot.types import Portion


@dataclass(frozen=True)
class BookedDay:
    """A live day of the thread's booking."""

    id: int
    date: dt.date
    portion: Portion
    category: str

    @classmethod
    def from_row(cls, row: Mapping[str, Any] | asyncpg.Record) -> BookedDay:
        return cls(int(row["id"]), row["day"], row["portion"], str(row["category"]))


@dataclass(frozen=True)
class ChangeItem:
    """One line of a change: add ``date`` (``portion``), or remove booked day ``day_id``."""

    op: Literal["add", "remove"]
    date: dt.date
    portion: Portion
    day_id: int | None = None

    def as_json(self) -> dict[str, Any]:
        item: dict[str, Any] = {"op": self.op, "date": self.date.isoformat()}
        item["portion"] = self.portion
        if self.day_id is not None:
            item["day_id"] = self.day_id
        return item

    @classmethod
    def from_json(cls, item: Mapping[str, Any]) -> ChangeItem:
        day_id = item.get("day_id")
        return cls(
            op="remove" if item.get("op") == "remove" else "add",
            date=dt.date.fromisoformat(str(item["date"])),
            portion=item.get("portion", "full"),
            day_id=int(day_id) if day_id is not None else None,
        )


def merged(days: Iterable[BookedDay | LeaveDay]) -> tuple[LeaveDay, ...]:
    """Days as one per date (am + pm make full), ascending."""
    slots: dict[dt.date, set[str]] = {}
    for day in days:
        slots.setdefault(day.date, set()).update(slots_of(day.portion))
    out = []
    for date in sorted(slots):
        portion = portion_of(slots[date])
        if portion is not None:
            out.append(LeaveDay(date=date, portion=portion))
    return tuple(out)


def diff(booked: Sequence[BookedDay], wanted: Iterable[LeaveDay]) -> list[ChangeItem]:
    """The change that turns ``booked`` into ``wanted``: removals first, then additions."""
    want: dict[dt.date, frozenset[str]] = {d.date: frozenset(slots_of(d.portion)) for d in wanted}
    by_date: dict[dt.date, list[BookedDay]] = {}
    for day in booked:
        by_date.setdefault(day.date, []).append(day)
    removes: list[ChangeItem] = []
    adds: list[ChangeItem] = []
    for date in sorted(set(by_date) | set(want)):
        target = want.get(date, frozenset())
        kept: set[str] = set()
        for day in sorted(by_date.get(date, []), key=lambda d: d.id):
            if frozenset(slots_of(day.portion)) <= target:
                kept |= frozenset(slots_of(day.portion))
            else:
                removes.append(ChangeItem("remove", date, day.portion, day.id))
        portion = portion_of(target - kept)
        if portion is not None:
            adds.append(ChangeItem("add", date, portion))
    return removes + adds


def apply(booked: Sequence[BookedDay], items: Iterable[ChangeItem]) -> tuple[LeaveDay, ...]:
    """The days booked once ``items`` are done (removals by day id, then additions)."""
    listed = list(items)
    gone = {i.day_id for i in listed if i.op == "remove"}
    kept: list[BookedDay | LeaveDay] = [d for d in booked if d.id not in gone]
    kept += [LeaveDay(date=i.date, portion=i.portion) for i in listed if i.op == "add"]
    return merged(kept)


def without(days: Iterable[LeaveDay], removed: Iterable[LeaveDay]) -> tuple[LeaveDay, ...]:
    """``days`` less the slots of ``removed``."""
    slots: dict[dt.date, set[str]] = {}
    for day in days:
        slots.setdefault(day.date, set()).update(slots_of(day.portion))
    for day in removed:
        if day.date in slots:
            slots[day.date] -= set(slots_of(day.portion))
    return tuple(
        LeaveDay(date=date, portion=portion)
        for date in sorted(slots)
        if (portion := portion_of(slots[date])) is not None
    )


def union(days: Iterable[LeaveDay], added: Iterable[LeaveDay]) -> tuple[LeaveDay, ...]:
    """``days`` with the slots of ``added`` (a half added to the other half makes full)."""
    return merged([*days, *added])


def replace_portions(days: Iterable[LeaveDay], new: Iterable[LeaveDay]) -> tuple[LeaveDay, ...]:
    """``days`` with the dates of ``new`` taking ``new``'s portion (added when missing)."""
    wanted = {d.date: d.portion for d in days}
    wanted.update({d.date: d.portion for d in new})
    return tuple(LeaveDay(date=date, portion=wanted[date]) for date in sorted(wanted))


def items_of(days_json: Iterable[Mapping[str, Any]]) -> list[ChangeItem]:
    return [ChangeItem.from_json(item) for item in days_json]


def current_wanted(
    pending: Mapping[str, Any] | asyncpg.Record | None, booked: Sequence[BookedDay]
) -> tuple[LeaveDay, ...] | None:
    """The leave the author wants in the thread as it stands: the pending request's (a
    change applied to what is booked), else what is booked; None for nothing at all."""
    if pending is not None and pending["intent"] == "leave":
        return merged(
            LeaveDay(date=dt.date.fromisoformat(i["date"]), portion=i["portion"])
            for i in pending["days"]
        )
    if pending is not None and pending["intent"] == "change":
        return apply(booked, items_of(pending["days"]))
    if booked:
        return merged(booked)
    return None
