"""One booking per half-day (``leavebot.slots``, migration 0008), at the database.

The slot indexes refuse a second live day on a slot whoever writes it; ``slots.book``
books what is free and names the request holding the rest; and two Confirms booking
overlapping days at once, on two connections released together (both statements take
their snapshot before either commits), never both book a slot: the one that collides
looks again and books what is left.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

import anyio
import asyncpg
import pytest

from leavebot import prompts, slots
from leavebot.db import Database, connect
from leavebot.slots import Taken
from leavebot.types import RequestId
from tests.admin_support import Seed

pytestmark = pytest.mark.anyio

MON = dt.date(2026, 12, 7)
TUE, WED, THU, FRI = (MON + dt.timedelta(days=i) for i in range(1, 5))


# ------------------------------------------------------------------- pure


def test_slots_of_portions_and_back() -> None:
    assert slots.slots_of("full") == ("am", "pm")
    assert slots.slots_of("am") == ("am",)
    assert slots.slots_of("pm") == ("pm",)
    assert slots.portion_of(["am", "pm"]) == "full"
    assert slots.portion_of(["pm"]) == "pm"
    assert slots.portion_of([]) is None
    assert slots.overlap("full", "pm") == ("pm",)
    assert slots.overlap("am", "full") == ("am",)
    assert slots.overlap("am", "pm") == ()
    assert slots.overlap("full", "full") == ("am", "pm")


def test_taken_lines_say_day_by_day_what_was_skipped_and_why() -> None:
    taken = [
        Taken(WED, "pm", 12, 40, "sick"),
        Taken(MON, "am", 9, 31, "vacation"),
        Taken(MON, "pm", 9, 31, "vacation"),
        Taken(TUE, "am", 10, 33, "vacation"),
        Taken(TUE, "pm", 11, 34, "sick"),
    ]
    assert prompts.taken_lines(taken) == [
        "Mon 7 Dec: already booked (vacation, request #9)",
        "Tue 8 Dec AM: already booked (vacation, request #10)",
        "Tue 8 Dec PM: already booked (sick leave, request #11)",
        "Wed 9 Dec PM: already booked (sick leave, request #12)",
    ]
    assert slots.taken_from_json([t.as_json() for t in taken]) == taken
    assert slots.taken_from_json(None) == []


def test_prompt_warnings_name_the_booking_or_the_pending_request() -> None:
    assert prompts.booked_overlap_line(WED, ("pm",), "sick", 12) == (
        "• Wed 9 Dec 2026 PM — already booked (sick leave, request #12)"
    )
    assert prompts.booked_overlap_line(WED, ("am", "pm"), "vacation", 3) == (
        "• Wed 9 Dec 2026 — already booked (vacation, request #3)"
    )
    assert prompts.pending_overlap_line(THU, ("am",), 14, above=True) == (
        "• Thu 10 Dec 2026 AM — also in your pending request #14 above"
    )
    assert prompts.pending_overlap_line(THU, ("am", "pm"), 15, above=False) == (
        "• Thu 10 Dec 2026 — also in your pending request #15 below"
    )


def test_a_request_with_nothing_left_to_book_says_so() -> None:
    assert prompts.outcome_status({"state": "done", "nothing_booked": True}) == (
        ":information_source: Nothing to add: every half-day asked for was already booked."
    )


# ------------------------------------------------------------- the indexes


async def _day(
    db: Database | asyncpg.Connection, rid: int, user: int, day: dt.date, portion: str
) -> int:
    value: int = await db.fetchval(
        "INSERT INTO leave_days (request_id, user_id, day, portion, category)"
        " VALUES ($1, $2, $3, $4, 'vacation') RETURNING id",
        rid,
        user,
        day,
        portion,
    )
    return value


async def test_the_database_refuses_a_second_live_day_on_a_slot(db: Database) -> None:
    seed = Seed(db)
    asha = await seed.person("Asha Rao")
    ravi = await seed.person("Ravi Kumar")
    rid, _ = await seed.request(asha, [(MON, "full")], day_status=None)
    other, _ = await seed.request(asha, [(MON, "pm")], day_status=None)
    full = await _day(db, rid, asha, MON, "full")
    for portion in ("full", "am", "pm"):  # full over anything, anything over full
        with pytest.raises(asyncpg.UniqueViolationError, match="slot_uq"):
            await _day(db, other, asha, MON, portion)
    await _day(db, other, ravi, MON, "full")  # someone else's slots are theirs
    # AM + PM from two requests; then neither half again, nor a full day.
    am = await _day(db, rid, asha, TUE, "am")
    await _day(db, other, asha, TUE, "pm")
    for portion in ("am", "pm", "full"):
        with pytest.raises(asyncpg.UniqueViolationError):
            await _day(db, other, asha, TUE, portion)
    # A failed day keeps its slots (part of it may be outside); a cancelled one frees them.
    await db.execute("UPDATE leave_days SET status = 'failed' WHERE id = $1", full)
    with pytest.raises(asyncpg.UniqueViolationError):
        await _day(db, other, asha, MON, "am")
    await db.execute("UPDATE leave_days SET status = 'cancelled' WHERE id = ANY($1)", [full, am])
    await _day(db, other, asha, MON, "full")
    await _day(db, other, asha, TUE, "am")


# ---------------------------------------------------------------- booking


class People:
    def __init__(self, db: Database) -> None:
        self.db = db
        self.seed = Seed(db)

    async def request(self, user: int, days: Sequence[tuple[dt.date, str]], **kw: Any) -> int:
        rid, _ = await self.seed.request(user, days, status="confirmed", day_status=None, **kw)
        return rid

    async def book(
        self, user: int, days: Sequence[tuple[dt.date, str]], category: str = "vacation"
    ) -> tuple[int, slots.Booking]:
        rid = await self.request(user, days, category=category)
        async with self.db.transaction() as tx:
            booking = await slots.book(tx.conn, RequestId(rid), user, days, category)
        return rid, booking

    async def live(self, user: int) -> list[tuple[dt.date, str, int]]:
        rows = await self.db.fetch(
            "SELECT day, portion, request_id FROM leave_days"
            " WHERE user_id = $1 AND status <> 'cancelled' ORDER BY day, portion",
            user,
        )
        return [(r["day"], r["portion"], r["request_id"]) for r in rows]


async def test_the_same_slot_twice_books_nothing_the_second_time(db: Database) -> None:
    people = People(db)
    asha = await people.seed.person()
    first, booked = await people.book(asha, [(MON, "pm")])
    assert len(booked.day_ids) == 1
    assert booked.taken == []
    _second, again = await people.book(asha, [(MON, "pm")], "sick")
    assert again.day_ids == []
    day_id = booked.day_ids[0]
    assert again.taken == [Taken(MON, "pm", first, day_id, "vacation")]
    assert await people.live(asha) == [(MON, "pm", first)]


async def test_a_full_day_over_a_booked_half_books_the_free_half(db: Database) -> None:
    people = People(db)
    asha = await people.seed.person()
    sick, held = await people.book(asha, [(WED, "pm")], "sick")
    rid, booking = await people.book(asha, [(TUE, "full"), (WED, "full")], "vacation")
    assert len(booking.day_ids) == 2
    assert booking.taken == [Taken(WED, "pm", sick, held.day_ids[0], "sick")]
    assert await people.live(asha) == [(TUE, "full", rid), (WED, "am", rid), (WED, "pm", sick)]
    category = await db.fetchval(
        "SELECT category FROM leave_days WHERE request_id = $1 AND day = $2", rid, WED
    )
    assert category == "vacation"  # whatever the categories: the free half is this request's


async def test_a_half_over_a_booked_full_day_books_nothing(db: Database) -> None:
    people = People(db)
    asha = await people.seed.person()
    full, held = await people.book(asha, [(THU, "full")])
    _rid, booking = await people.book(asha, [(THU, "am")], "sick")
    assert booking.day_ids == []
    assert booking.taken == [Taken(THU, "am", full, held.day_ids[0], "vacation")]
    assert await people.live(asha) == [(THU, "full", full)]


async def test_am_and_pm_from_two_requests_are_both_booked(db: Database) -> None:
    people = People(db)
    asha = await people.seed.person()
    morning, first = await people.book(asha, [(FRI, "am")])
    afternoon, second = await people.book(asha, [(FRI, "pm")], "sick")
    assert first.taken == second.taken == []
    assert await people.live(asha) == [(FRI, "am", morning), (FRI, "pm", afternoon)]
    # A full day over both finds each half taken by its own request.
    _late, third = await people.book(asha, [(FRI, "full")])
    assert third.day_ids == []
    assert [(t.slot, t.request_id) for t in third.taken] == [("am", morning), ("pm", afternoon)]


async def test_a_slot_freed_by_a_cancel_is_booked_again(db: Database) -> None:
    people = People(db)
    asha = await people.seed.person()
    _, held = await people.book(asha, [(MON, "full")])
    await db.execute("UPDATE leave_days SET status = 'cancelled' WHERE id = $1", held.day_ids[0])
    _rid, again = await people.book(asha, [(MON, "full")])
    assert again.taken == []
    assert len(again.day_ids) == 1
    generation = await db.fetchval(
        "SELECT generation FROM leave_days WHERE id = $1", again.day_ids[0]
    )
    assert generation == 1  # a new calendar event id after the cancelled one


# ------------------------------------------------------------- concurrency


async def _waiting(db: Database, pids: Sequence[int], lock: str) -> int:
    """How many of the backends ``pids`` wait for a ``lock`` (locktype) lock."""
    value: int = await db.fetchval(
        "SELECT count(DISTINCT pid) FROM pg_locks WHERE NOT granted AND locktype = $2"
        " AND pid = ANY($1::int[])",
        list(pids),
        lock,
    )
    return value


async def _until(check: Any, timeout: float = 10.0) -> None:  # noqa: ASYNC109
    with anyio.fail_after(timeout):
        while not await check():
            await anyio.sleep(0.005)


async def race(
    db: Database, db_url: str, bookings: Sequence[tuple[int, int, list[tuple[dt.date, str]]]]
) -> list[slots.Booking]:
    """Book each (request, user, days) on its own connection, all at once.

    The statements wait behind a lock on leave_days until all of them are waiting, so they
    take their snapshots together; none commits before every one has either returned or is
    waiting for another's transaction (a collision on a slot index).
    """
    conns = [await connect(db_url) for _ in bookings]  # with leavebot's JSON codecs
    pids = [c.get_server_pid() for c in conns]
    results: list[slots.Booking | None] = [None] * len(bookings)
    commit = anyio.Event()

    async def one(i: int) -> None:
        rid, user, days = bookings[i]
        async with conns[i].transaction():
            results[i] = await slots.book(conns[i], RequestId(rid), user, days, "vacation")
            await commit.wait()

    try:
        gate = await asyncpg.connect(db_url)
        try:
            async with anyio.create_task_group() as tg:
                async with gate.transaction():
                    await gate.execute("LOCK TABLE leave_days IN SHARE MODE")
                    for i in range(len(bookings)):
                        tg.start_soon(one, i)

                    async def all_waiting() -> bool:
                        return await _waiting(db, pids, "relation") == len(pids)

                    await _until(all_waiting)

                async def all_through() -> bool:
                    done = sum(r is not None for r in results)
                    return done + await _waiting(db, pids, "transactionid") == len(pids)

                await _until(all_through)
                commit.set()
        finally:
            await gate.close()
    finally:
        for conn in conns:
            await conn.close()
    assert all(r is not None for r in results)
    return [r for r in results if r is not None]


def check_no_slot_twice(live: Sequence[tuple[dt.date, str, int]]) -> None:
    seen: dict[tuple[dt.date, str], int] = {}
    for day, portion, rid in live:
        for slot in slots.slots_of(portion):
            assert (day, slot) not in seen, f"{day} {slot} booked by {seen[(day, slot)]} and {rid}"
            seen[(day, slot)] = rid


@pytest.mark.parametrize(
    ("first", "second"),
    [("full", "full"), ("pm", "pm"), ("full", "pm"), ("am", "full"), ("am", "pm")],
)
async def test_two_confirms_at_once_never_both_book_a_slot(
    db: Database, db_url: str, first: str, second: str
) -> None:
    people = People(db)
    asha = await people.seed.person()
    collisions = 0
    for round_ in range(6):
        day = MON + dt.timedelta(weeks=round_)
        a = await people.request(asha, [(day, first)])
        b = await people.request(asha, [(day, second)])
        one, two = await race(db, db_url, [(a, asha, [(day, first)]), (b, asha, [(day, second)])])
        collisions += one.collisions + two.collisions
        live = [x for x in await people.live(asha) if x[0] == day]
        check_no_slot_twice(live)
        wanted = set(slots.slots_of(first)) | set(slots.slots_of(second))
        assert {s for _, p, _ in live for s in slots.slots_of(p)} == wanted
        # Every slot either request did not book is reported as taken by the other.
        for rid, booking, portion in ((a, one, first), (b, two, second)):
            mine = {s for _, p, r in live if r == rid for s in slots.slots_of(p)}
            assert {t.slot for t in booking.taken} == set(slots.slots_of(portion)) - mine
            assert all(t.request_id == (b if rid == a else a) for t in booking.taken)
    if slots.overlap(first, second):
        assert collisions == 6  # each round, the second insert met the first's row
    else:
        assert collisions == 0


async def test_a_racing_multi_day_confirm_books_around_the_other(db: Database, db_url: str) -> None:
    people = People(db)
    asha = await people.seed.person()
    week = [(MON, "full"), (TUE, "full"), (WED, "full"), (THU, "full"), (FRI, "full")]
    halves = [(TUE, "pm"), (THU, "am")]
    a = await people.request(asha, week)
    b = await people.request(asha, halves)
    one, two = await race(db, db_url, [(a, asha, week), (b, asha, halves)])
    live = await people.live(asha)
    check_no_slot_twice(live)
    assert {(d, s) for d, p, _ in live for s in slots.slots_of(p)} == {
        (d, s) for d, _ in week for s in ("am", "pm")
    }
    if two.taken:  # the week came first: the halves were taken
        assert [(t.date, t.slot) for t in two.taken] == [(TUE, "pm"), (THU, "am")]
        assert one.taken == []
    else:  # the halves came first: the week booked around them
        assert [(t.date, t.slot) for t in one.taken] == [(TUE, "pm"), (THU, "am")]
        assert (TUE, "am", a) in live
        assert (THU, "pm", a) in live


def test_a_cancel_of_a_date_covers_the_bookings_of_every_request() -> None:
    from actors.tracker import cancel_matches
    from leavebot.domain import LeaveDay

    booked: list[Any] = [
        {"id": 1, "request_id": 10, "day": MON, "portion": "am"},
        {"id": 2, "request_id": 11, "day": MON, "portion": "pm"},
        {"id": 3, "request_id": 12, "day": TUE, "portion": "full"},
    ]
    whole = cancel_matches(booked, [LeaveDay(date=MON, portion="full")])
    assert [(r["id"], r["request_id"]) for r in whole] == [(1, 10), (2, 11)]
    afternoon = cancel_matches(booked, [LeaveDay(date=MON, portion="pm")])
    assert [r["id"] for r in afternoon] == [2]
    both = cancel_matches(
        booked, [LeaveDay(date=MON, portion="full"), LeaveDay(date=TUE, portion="full")]
    )
    assert [r["request_id"] for r in both] == [10, 11, 12]
