"""The tracker's part for the author's leave in a thread: edits, replies, deletions, changes.

A person's leave in one thread is one booking (``leavebot.changes``). When the
parser says what leave they now want there (``ParsedLeave`` with
``scope="thread"``: an edit of their message, or a reply that refines it),
``ThreadLeave.on_wanted`` decides, in one transaction that holds their pending
request:

- nothing booked: a new leave request replaces the pending one (which shows it
  was replaced by the edit, or by a reply), or, when nothing is wanted any
  more, the pending one is cancelled (it says why);
- something booked: the difference becomes a ``change`` request to confirm
  (days to add, days to remove); nothing booked changes without a click.

Because the pending request is held (``FOR UPDATE``) while this is decided, an
edit racing a Confirm ends one way or the other, never both: either the edit
replaces the request before the Confirm (which then finds it no longer
pending), or the Confirm books it first and the edit becomes a change request.

Confirming a change goes through the normal flows in two steps: the removed
days are cancelled first (``SyncDays`` delete to both syncers), then, once both
have answered, the added days are booked (``SyncDays`` create), so a half day
can take the place of a full day on the same date. Its outcome keeps the
removals' results apart (``calendar_delete``, ``harvest_delete``).

A deleted message (``SlackDeletion``) cancels the pending requests it made;
leave already booked stays, and the thread says how to cancel it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable, Mapping, Sequence
from typing import Any

import asyncpg
import structlog

from leavebot import changes, prompts, slots
from leavebot.calendars import author_zone
from leavebot.channels import Delivery
from leavebot.config import RuntimeConfig
from leavebot.db import Tx
from leavebot.domain import DroppedDay, LeaveDay, LeaveRequest
from leavebot.messages import ParsedLeave, RefreshPrompt, SlackDeletion, SyncDays, SyncDone
from leavebot.queries import Q
from leavebot.runtime import Runtime
from leavebot.slack import Blocks
from leavebot.types import DayId, RequestId

log = structlog.get_logger(__name__)

TARGETS = ("calendar", "harvest")
DELETE_KEYS = tuple(f"{t}_delete" for t in TARGETS)
Refresh = Callable[[Tx, RequestId], Awaitable[None]]


def deadline(
    expires_at: dt.datetime | None, zone: str, now: dt.datetime | None = None
) -> str | None:
    """When a prompt expires, in its author's time: "16:05 (America/Los_Angeles)"."""
    if expires_at is None:
        return None
    from zoneinfo import ZoneInfo

    tz = ZoneInfo(zone)
    local = expires_at.astimezone(tz)
    today = (now or dt.datetime.now(dt.UTC)).astimezone(tz).date()
    when = f"{local:%H:%M}" if local.date() == today else f"{local:%a} {local:%H:%M}"
    return f"{when} ({zone})"


def dropped_of(value: Any) -> tuple[DroppedDay, ...]:
    return tuple(DroppedDay.model_validate(item) for item in value or ())


def overlap_warnings(rows: Sequence[asyncpg.Record], request_id: int) -> list[str]:
    """A prompt's warning lines from ``prompt_overlaps`` rows (request ``request_id``'s)."""
    lines = []
    for row in rows:
        shared = slots.overlap(row["asked"], row["portion"])
        if row["kind"] == "booked":
            lines.append(
                prompts.booked_overlap_line(
                    row["day"],
                    shared,
                    row["category"],
                    row["request_id"],
                    failed=row["status"] == "failed",
                )
            )
        elif row["request_id"] != request_id:
            above = row["request_id"] < request_id
            lines.append(prompts.pending_overlap_line(row["day"], shared, row["request_id"], above))
    return lines


def days_json(days: Sequence[LeaveDay]) -> list[dict[str, str]]:
    return [{"date": d.date.isoformat(), "portion": d.portion} for d in days]


def summarize_change(results: Mapping[str, Any], not_booked: Sequence[str]) -> dict[str, Any]:
    """A change's outcome from its steps' results (removals, then additions)."""
    failures: list[str] = []
    notes: list[str] = []
    ran = 0
    succeeded = 0
    for key in (*DELETE_KEYS, *TARGETS):
        result = results.get(key)
        if result is None:
            continue
        ran += 1
        label = key.removesuffix("_delete").capitalize()
        if result.get("skipped"):
            notes.append(f"{label}: skipped ({result['skipped']}).")
        for line in result.get("failures") or []:
            failures.append(f"{label}: {line}.")
        if result.get("ok") or not result.get("failures"):
            succeeded += 1
    failures += [f"{line}: not added, that half-day is still booked." for line in not_booked]
    state = "done" if not failures else ("partial" if succeeded else "failed")
    return {
        "state": state,
        "operation": "change",
        "failures": failures + notes,
        "targets": dict(results),
    }


class ThreadLeave:
    """Edits, refining replies, deletions and change requests, for the tracker."""

    def __init__(self, runtime: Runtime, refresh: Refresh) -> None:
        self.runtime = runtime
        self.refresh = refresh
        self.log = log.bind(actor="tracker")

    # ------------------------------------------------------------------ wanted

    async def on_wanted(self, delivery: Delivery, m: ParsedLeave) -> None:
        """The whole leave the author now wants in the thread (an edit or a reply)."""
        db = self.runtime.db
        person = await db.fetchrow(Q.user_by_slack_id, m.user)
        if person is None:
            self.log.warning("tracker.author_unknown", user=m.user)
            return
        config = await self.runtime.config.get()
        user_id = int(person["id"])
        category = m.request.category or "vacation"
        rid = await db.fetchval(Q.request_by_message, m.channel, m.ts, m.revision)
        ended: list[int] = []
        replaced: list[int] = []
        if rid is None:  # not made by an earlier delivery of this message
            async with db.transaction() as tx:
                pending = await tx.conn.fetch(
                    Q.thread_pending_lock, m.channel, m.thread_ts, user_id
                )
                booked = [
                    changes.BookedDay.from_row(r)
                    for r in await tx.conn.fetch(
                        Q.thread_booked_days, m.channel, m.thread_ts, user_id
                    )
                ]
                if booked:
                    intent = "change"
                    days: list[dict[str, Any]] = [
                        i.as_json() for i in changes.diff(booked, m.request.days)
                    ]
                else:
                    intent = "leave"
                    days = days_json(m.request.days)
                latest = pending[-1] if pending else None
                if (
                    latest is not None
                    and latest["intent"] == intent
                    and latest["category"] == category
                    and _same(latest["days"], days)
                ):
                    self.log.info("leave.unchanged", request_id=latest["id"], reason=m.reason)
                    return
                if not days:  # nothing wanted, or nothing to change: no new request
                    ended = [
                        r["id"]
                        for r in await tx.conn.fetch(
                            Q.thread_cancel_pending,
                            m.channel,
                            m.thread_ts,
                            user_id,
                            m.reason or "reply",
                        )
                    ]
                    for old in ended:
                        await self.refresh(tx, RequestId(old))
                else:
                    reading = (
                        days_json(m.message_days)
                        if m.message_days is not None
                        else days
                        if intent == "leave"
                        else []
                    )
                    made = await tx.conn.fetchrow(
                        Q.request_insert,
                        user_id,
                        intent,
                        category,
                        days,
                        m.text,
                        m.parser,
                        m.channel,
                        m.thread_ts,
                        m.ts,
                        config.expiry_minutes,
                        m.revision,
                        reading,
                        [d.model_dump(mode="json") for d in m.dropped],
                    )
                    if made is not None:
                        rid = made["id"]
                        replaced = [
                            r["id"]
                            for r in await tx.conn.fetch(
                                Q.thread_supersede_pending,
                                m.channel,
                                m.thread_ts,
                                user_id,
                                rid,
                                m.reason or "reply",
                            )
                        ]
                        for old in replaced:
                            await self.refresh(tx, RequestId(old))
                    else:  # made meanwhile by another delivery of this message
                        rid = await tx.conn.fetchval(
                            Q.request_by_message, m.channel, m.ts, m.revision
                        )
                await tx.conn.execute(Q.bot_thread_add, m.channel, m.thread_ts)
            for old in replaced:
                self.log.info("leave.superseded", request_id=rid, old_request_id=old)
            if rid is None:
                if ended:
                    self.log.info("leave.withdrawn", requests=ended, reason=m.reason)
                return
        await self.show_prompt(delivery, RequestId(rid), config)

    async def show_prompt(self, delivery: Delivery, rid: RequestId, config: RuntimeConfig) -> None:
        """Post a pending request's prompt once (a redelivery finds it by its block id)."""
        db = self.runtime.db
        row = await db.fetchrow(Q.request_get, rid)
        if row is None or row["status"] != "pending" or row["prompt_ts"] is not None:
            return
        text, blocks = await self.render(row, config)
        slack = self.runtime.slack()
        ts = None
        if delivery.attempts > 1:
            ts = await slack.find_block(
                row["channel_id"], row["thread_ts"], prompts.prompt_block_id(rid)
            )
        if ts is None:
            ts = await slack.post(row["channel_id"], text, blocks, thread_ts=row["thread_ts"])
        await delivery.complete_with(Q.request_set_prompt_and_ack, rid, ts)
        self.log.info(
            "leave.prompted",
            request_id=rid,
            prompt_ts=ts,
            intent=row["intent"],
            days=len(row["days"]),
        )

    async def render(
        self, row: asyncpg.Record, config: RuntimeConfig, status: str | None = None
    ) -> tuple[str, Blocks]:
        """A request's prompt: with its buttons while pending, else with ``status``."""
        author = row["slack_user_id"]
        dropped = dropped_of(row["dropped"])
        if row["intent"] != "change":
            shown = request_from_row(row)
            if status is not None:
                skipped = prompts.taken_lines(slots.taken_from_json(row["slots_taken"]))
                return prompts.with_status(
                    row["id"], author, shown, status, skipped, dropped=dropped
                )
            conflicts: list[str] = []
            if shown.intent == "leave":
                overlaps = await self.runtime.db.fetch(
                    Q.prompt_overlaps,
                    row["user_id"],
                    [d.date for d in shown.days],
                    [d.portion for d in shown.days],
                    row["channel_id"],
                    row["thread_ts"],
                )
                conflicts = overlap_warnings(overlaps, row["id"])
            return prompts.request_prompt(
                row["id"],
                author,
                shown,
                conflicts,
                dropped=dropped,
                deadline=deadline(row["expires_at"], author_zone(config, row)),
            )
        booked = [
            changes.BookedDay.from_row(r)
            for r in await self.runtime.db.fetch(
                Q.thread_booked_days, row["channel_id"], row["thread_ts"], row["user_id"]
            )
        ]
        items = changes.items_of(row["days"])
        after = changes.apply(booked, items)
        if status is None:
            return prompts.change_prompt(
                row["id"],
                author,
                items,
                after,
                row["category"],
                dropped=dropped,
                deadline=deadline(row["expires_at"], author_zone(config, row)),
            )
        return prompts.change_with_status(
            row["id"], author, items, after, row["category"], status, dropped=dropped
        )

    async def _reply_once(
        self, delivery: Delivery, m: ParsedLeave | SlackDeletion, text: str, blocks: Blocks
    ) -> None:
        slack = self.runtime.slack()
        found = None
        if delivery.attempts > 1:
            found = await slack.find_block(
                m.channel, m.thread_ts, prompts.reply_block_id(m.event_id)
            )
        if found is None:
            await slack.post(m.channel, text, blocks, thread_ts=m.thread_ts)

    # ---------------------------------------------------------------- deletions

    async def on_deleted(self, delivery: Delivery, m: SlackDeletion) -> None:
        """A deleted message: its pending requests end; booked leave stays, and we say so."""
        db = self.runtime.db
        person = await db.fetchrow(Q.user_by_slack_id, m.user)
        if person is None:
            return
        user_id = int(person["id"])
        root = m.ts == m.thread_ts
        async with db.transaction() as tx:
            ended = [
                r["id"]
                for r in await tx.conn.fetch(
                    Q.message_cancel_pending, m.channel, m.ts, root, user_id
                )
            ]
            for rid in ended:
                await self.refresh(tx, RequestId(rid))
        for rid in ended:
            self.log.info("leave.cancelled_by_deletion", request_id=rid)
        booked = await db.fetch(Q.thread_booked_days, m.channel, m.thread_ts, user_id)
        if booked:
            days = changes.merged(changes.BookedDay.from_row(r) for r in booked)
            await self._reply_once(delivery, m, *prompts.booking_stays(m.event_id, m.user, days))
            self.log.info("leave.booking_kept_after_deletion", days=len(days))

    # ----------------------------------------------------------------- changes

    async def confirm(self, tx: Tx, row: asyncpg.Record, *, acking: Delivery | None = None) -> None:
        """A confirmed change, in the Confirm's transaction: its removals first (the sends
        ack the click ``acking`` too, see ``Channels.send_many``)."""
        rid = RequestId(row["id"])
        items = changes.items_of(row["days"])
        removed = [i.day_id for i in items if i.op == "remove" and i.day_id is not None]
        live = [DayId(r["id"]) for r in await tx.conn.fetch(Q.days_live_among, removed)]
        if live:
            work = SyncDays(
                request_id=rid, day_ids=tuple(live), operation="delete", user_id=row["user_id"]
            )
            await self.runtime.channels.send_many(
                tx,
                [
                    ("calendar_syncer", work, f"delete:{rid}"),
                    ("harvest_syncer", work, f"delete:{rid}"),
                    ("tracker", RefreshPrompt(request_id=rid), None),
                ],
                acking=acking,
            )
            return
        await self._book_additions(tx, row, {}, acking=acking)

    async def _book_additions(
        self,
        tx: Tx,
        row: asyncpg.Record | Mapping[str, Any],
        results: Mapping[str, Any],
        *,
        acking: Delivery | None = None,
    ) -> None:
        """Book a change's added days and send their sync (or complete: nothing to add);
        the sends ack ``acking`` too."""
        rid = RequestId(row["id"])
        booking = await slots.book(
            tx.conn,
            rid,
            row["user_id"],
            [(i.date, i.portion) for i in changes.items_of(row["days"]) if i.op == "add"],
            row["category"],
        )
        day_ids = booking.day_ids
        not_booked = [
            prompts.days_sentence([LeaveDay(date=t.date, portion=t.slot)]) for t in booking.taken
        ]
        if not day_ids:
            outcome = summarize_change(results, not_booked)
            await tx.conn.execute(Q.request_complete, rid, outcome)
            await self.refresh(tx, rid)
            return
        work = SyncDays(
            request_id=rid, day_ids=tuple(day_ids), operation="create", user_id=row["user_id"]
        )
        await self.runtime.channels.send_many(
            tx,
            [
                ("calendar_syncer", work, f"create:{rid}"),
                ("harvest_syncer", work, f"create:{rid}"),
                ("tracker", RefreshPrompt(request_id=rid), None),
            ],
            acking=acking,
        )

    async def on_done(self, delivery: Delivery, m: SyncDone, outcome: Mapping[str, Any]) -> None:
        """A syncer's answer for a change: the next step, or the end, once both answered."""
        keys = DELETE_KEYS if m.operation == "delete" else TARGETS
        if not all(k in outcome for k in keys):
            return
        db = self.runtime.db
        row = await db.fetchrow(Q.request_get, m.request_id)
        if row is None:
            return
        items = changes.items_of(row["days"])
        if m.operation == "delete":
            removals = summarize_change({k: outcome[k] for k in DELETE_KEYS}, ())
            async with delivery.complete() as tx:
                if removals["state"] != "done":
                    removed = [i.day_id for i in items if i.op == "remove" and i.day_id]
                    reason = "cancel incomplete: " + " ".join(removals["failures"])
                    await tx.conn.execute(Q.days_cancel_incomplete, removed, reason[:500])
                await self._book_additions(tx, row, outcome, acking=delivery)
            self.log.info("leave.change_removed", request_id=m.request_id, state=removals["state"])
            return
        booked = {(r["day"], r["portion"]) for r in await self._days(m)}
        not_booked = [
            prompts.days_sentence([LeaveDay(date=i.date, portion=i.portion)])
            for i in items
            if i.op == "add" and (i.date, i.portion) not in booked
        ]
        final = summarize_change(outcome, not_booked)
        async with delivery.complete() as tx:
            completed = await tx.conn.fetchval(Q.request_complete, m.request_id, final)
            if completed is not None:
                await self.refresh(tx, m.request_id)
        if completed is not None:
            self.log.info("leave.completed", request_id=m.request_id, state=final["state"])

    async def _days(self, m: SyncDone) -> list[asyncpg.Record]:
        return list(await self.runtime.db.fetch(Q.days_of_request, m.request_id))


def request_from_row(row: asyncpg.Record | Mapping[str, Any]) -> LeaveRequest:
    """The request a stored leave or cancel row describes (a cancel's am + pm of one date
    show as full)."""
    by_date: dict[dt.date, set[str]] = {}
    for item in row["days"]:
        by_date.setdefault(dt.date.fromisoformat(item["date"]), set()).add(item["portion"])
    days = []
    for day in sorted(by_date):
        portions = by_date[day]
        if "full" in portions or {"am", "pm"} <= portions:
            days.append(LeaveDay(date=day, portion="full"))
        else:
            days.append(LeaveDay(date=day, portion="am" if "am" in portions else "pm"))
    return LeaveRequest(intent=row["intent"], category=row["category"], days=tuple(days))


def _same(stored: Any, days: Sequence[Mapping[str, Any]]) -> bool:
    """Whether a stored request's days are ``days`` (a change's items or a leave's days)."""

    def key(item: Mapping[str, Any]) -> tuple[Any, ...]:
        return (item.get("op"), item.get("date"), item.get("portion"), item.get("day_id"))

    return sorted(map(key, stored or ())) == sorted(map(key, days))
