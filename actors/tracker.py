"""The tracker actor: owns every bot message of a request, from prompt to outcome.

For a parsed request it stores the request (one per Slack message, so a
redelivery finds it), supersedes older pending requests of the thread, and
posts the prompt with Confirm / Cancel buttons once (a redelivery finds the
prompt it posted by its block id): the author, the request and the bot's
thread are one statement (``request_open``). The leave prompt warns about the
half-days it shares with the author's booked days and with their other pending
requests; those requests' prompts are shown again to name it too. For a click
it checks that the button is the request's own and that the author pressed it;
Confirm moves the request from ``pending`` to ``confirmed`` with a guarded
UPDATE, books the days within the one-booking-per-half-day rule
(``leavebot.slots``: what is already booked is skipped and kept on the
request; the confirm and the booking's first round are one statement) and
sends the sync work in the same transaction, with the click's ack, then shows
"processing" (unless both syncers report within ``INTERIM_HOLD_S``: then the
prompt is edited once, with the outcome); a request with every half-day taken
completes at once with nothing to sync. When both syncers have reported it
completes the request and edits the prompt with the outcome and what was
skipped. Whenever a request's prompt is shown after it left ``pending``, the
author's pending requests that share a half-day with it are shown again (their
warnings change). It also tells unregistered people so, and takes the buttons
off expired prompts.

What an edit, a refining reply or a deletion does to the author's leave in a
thread (a new request, a change of booked leave to confirm, a cancel), and
how a confirmed change runs, is ``leavebot.thread_leave``'s, called from
here. A prompt shows its deadline, and an expired one when it expired, in
the author's time zone (``leavebot.calendars``). A Cancel pressed in the Home
tab becomes a cancel request for that leave's days from today on, prompted
in the leave's own thread: the normal cancel flow, confirmed there by its
author.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable, Mapping, Sequence
from typing import Any, Literal

import anyio
import anyio.abc
import asyncpg
import structlog

from leavebot import prompts, slots
from leavebot.calendars import author_calendar, author_zone
from leavebot.channels import ClaimLostError, Delivery
from leavebot.config import RuntimeConfig
from leavebot.db import Tx
from leavebot.domain import LeaveDay
from leavebot.errors import NotYetError
from leavebot.messages import (
    ButtonClicked,
    HomeCancelClicked,
    Message,
    NotRegistered,
    ParsedLeave,
    RefreshPrompt,
    RequestExpired,
    SlackDeletion,
    SyncDays,
    SyncDone,
    ordering_key,
)
from leavebot.queries import Q
from leavebot.runtime import Runtime
from leavebot.supervisor import ChildSpec
from leavebot.thread_leave import (
    ThreadLeave,
    deadline,
    dropped_of,
    overlap_warnings,
    request_from_row,
)
from leavebot.types import DayId, RequestId

log = structlog.get_logger(__name__)

SYNC_TARGETS = ("calendar", "harvest")
HOME_CANCEL_TEXT = "Cancel pressed in the Home tab"
INTERIM_HOLD_S = 1.5
"""How long a Confirm's "processing" edit waits for the outcome's, which replaces it: when
the syncs are quick the prompt is edited once, straight to what happened."""


def cancel_matches(booked: Sequence[asyncpg.Record], asked: Sequence[LeaveDay]) -> list[Any]:
    """The booked days a cancel names: a full day cancels every part of that date."""
    wanted = {d.date: d.portion for d in asked}
    out = []
    for row in booked:
        portion = wanted.get(row["day"])
        if portion is not None and (portion == "full" or portion == row["portion"]):
            out.append(row)
    return out


def summarize(results: dict[str, Any], operation: str) -> dict[str, Any]:
    """The outcome of a request from each target's result."""
    failures: list[str] = []
    notes: list[str] = []
    succeeded = 0
    for target in SYNC_TARGETS:
        result = results.get(target) or {}
        if result.get("skipped"):
            notes.append(f"{target.capitalize()}: skipped ({result['skipped']}).")
        for line in result.get("failures") or []:
            failures.append(f"{target.capitalize()}: {line}.")
        if result.get("ok"):
            succeeded += 1
    state = "done" if not failures else ("partial" if succeeded else "failed")
    return {
        "state": state,
        "operation": operation,
        "failures": failures + notes,
        "targets": results,
    }


def status_line(row: asyncpg.Record, config: RuntimeConfig | None = None) -> str | None:
    """The line a prompt shows under its days for the request's stored status.

    None while it is pending: then the prompt keeps its buttons.
    """
    status = row["status"]
    author = row["slack_user_id"]
    reason = row["close_reason"]
    if status in ("confirmed", "processing"):
        if row["intent"] == "cancel":
            return prompts.cancelling(author)
        if row["intent"] == "change":
            return prompts.changing(author)
        return prompts.processing(author)
    if status == "completed":
        return prompts.outcome_status(row["outcome"] or {"state": "done"})
    if status == "cancelled":
        if reason:
            return prompts.closed(reason)
        if row["intent"] == "change":
            return prompts.change_cancelled_by(author)
        return prompts.cancelled_by(author)
    if status == "expired":
        at = None
        if config is not None:
            at = deadline(row["expires_at"], author_zone(config, row))
        return prompts.expired(at)
    if status == "superseded":
        if reason in ("edited", "not_leave"):
            return prompts.superseded_by_edit()
        return prompts.superseded()
    return None


class TrackerActor:
    def __init__(self, runtime: Runtime) -> None:
        self.runtime = runtime
        self.log = log.bind(actor="tracker")
        self.threads = ThreadLeave(runtime, self._refresh)

    async def handle(self, delivery: Delivery) -> None:
        message = delivery.message
        if isinstance(message, ParsedLeave) and message.scope == "thread":
            await self.threads.on_wanted(delivery, message)
        elif isinstance(message, ParsedLeave):
            await self.on_parsed(delivery, message)
        elif isinstance(message, SlackDeletion):
            await self.threads.on_deleted(delivery, message)
        elif isinstance(message, ButtonClicked):
            await self.on_click(delivery, message)
        elif isinstance(message, NotRegistered):
            await self.on_not_registered(message)
        elif isinstance(message, RequestExpired):
            await self.on_expired(message)
        elif isinstance(message, SyncDone):
            await self.on_sync_done(delivery, message)
        elif isinstance(message, RefreshPrompt):
            await self.on_refresh(message)
        elif isinstance(message, HomeCancelClicked):
            await self.on_home_cancel(delivery, message)
        else:
            self.log.error("tracker.unexpected_message", kind=message.kind)

    # ---------------------------------------------------------------- requests

    async def on_parsed(self, delivery: Delivery, m: ParsedLeave) -> None:
        db = self.runtime.db
        config = await self.runtime.config.get()
        request = m.request
        dates = [d.date for d in request.days]
        overlaps: list[asyncpg.Record] = []
        person: asyncpg.Record | None = None
        existing = None
        if request.intent == "cancel":
            # What a cancel asks for is read from what is booked, before it is stored.
            person = await db.fetchrow(Q.user_by_slack_id, m.user)
            if not await self._author_may_ask(m, person):
                return
            if delivery.attempts > 1:  # an earlier delivery may have made the request already
                existing = await db.fetchval(Q.request_by_message, m.channel, m.ts, m.revision)
        if request.intent == "cancel" and existing is None:
            # (once made, a cancel keeps the days it matched then: they may be cancelled
            # by another request since, and its prompt must still be recorded)
            assert person is not None
            booked = await db.fetch(Q.days_live_on_dates, person["id"], dates)
            matched = cancel_matches(booked, request.days)
            if not matched:
                text, blocks = prompts.nothing_to_cancel(m.event_id, request.days)
                await self._reply_once(delivery, m.channel, m.thread_ts, m.event_id, text, blocks)
                return
            days_json = [
                {"date": r["day"].isoformat(), "portion": r["portion"], "day_id": r["id"]}
                for r in matched
            ]
            category = None
        elif request.intent == "cancel":
            days_json, category = [], None  # the request exists: what it holds is stored
        else:
            days_json = [{"date": d.date.isoformat(), "portion": d.portion} for d in request.days]
            category = request.category
        reading = m.message_days if m.message_days is not None else request.days
        dropped = [d.model_dump(mode="json") for d in m.dropped]
        # The author (active only), the request (one per reading of a Slack message) and the
        # bot's thread, at once.
        opened = await db.fetchrow(
            Q.request_open,
            m.user,
            request.intent,
            category,
            days_json,
            m.text,
            m.parser,
            m.channel,
            m.thread_ts,
            m.ts,
            config.expiry_minutes,
            m.revision,
            [{"date": d.date.isoformat(), "portion": d.portion} for d in reading],
            dropped,
        )
        if not await self._author_may_ask(m, opened):
            return
        assert opened is not None
        author = opened
        fresh = bool(opened["fresh"])
        rid = opened["id"]
        if rid is None:  # stored this moment by another delivery of this message
            rid = await db.fetchval(Q.request_by_message, m.channel, m.ts, m.revision)
        if request.intent == "leave":
            # Not the requests of this thread (this one among them): a reply replaces its
            # older pending ones.
            overlaps = list(
                await db.fetch(
                    Q.prompt_overlaps,
                    author["user_id"],
                    dates,
                    [d.portion for d in request.days],
                    m.channel,
                    m.thread_ts,
                )
            )
        superseded: list[asyncpg.Record] = []
        if m.thread_ts != m.ts or m.revision:
            # A reply, or an edit, replaces its author's older pending request there.
            async with db.transaction() as tx:
                superseded = await tx.conn.fetch(
                    Q.request_supersede_older,
                    m.channel,
                    m.thread_ts,
                    rid,
                    author["user_id"],
                    "edited" if m.revision else None,
                )
                for old in superseded:
                    await self._refresh(tx, RequestId(old["id"]))
        # Each step is idempotent, so a redelivery after a crash between them
        # finds the request and completes the rest.
        rlog = self.log.bind(request_id=rid)
        if fresh:  # just made: pending, no prompt yet, and what it holds is known
            row: Mapping[str, Any] = {
                "days": days_json,
                "intent": request.intent,
                "category": category,
                "status": "pending",
                "prompt_ts": None,
                "expires_at": opened["expires_at"],
                "dropped": dropped,
            }
        else:  # made by an earlier delivery of this message: as stored
            found = await db.fetchrow(Q.request_get, rid)
            assert found is not None
            row = dict(found)
        if row["status"] == "pending" and row["prompt_ts"] is None:
            shown = request_from_row(row)
            text, blocks = prompts.request_prompt(
                rid,
                m.user,
                shown,
                overlap_warnings(overlaps, rid),
                dropped=dropped_of(row["dropped"]),
                deadline=deadline(row["expires_at"], author_zone(config, author)),
            )
            slack = self.runtime.slack()
            ts = None
            if delivery.attempts > 1:
                ts = await slack.find_block(m.channel, m.thread_ts, prompts.prompt_block_id(rid))
            if ts is None:
                ts = await slack.post(m.channel, text, blocks, thread_ts=m.thread_ts)
            await delivery.complete_with(Q.request_set_prompt_and_ack, rid, ts)
            rlog.info(
                "leave.prompted",
                prompt_ts=ts,
                conflicts=len(overlaps),
                days=len(shown.days),
                intent=shown.intent,
            )
        for old in superseded:
            rlog.info("leave.superseded", old_request_id=old["id"])
        # The author's other pending requests sharing a half-day with this one now name it
        # in their warnings (again on a redelivery: showing a prompt again changes nothing).
        others = sorted({r["request_id"] for r in overlaps if r["kind"] == "pending"})
        if others:
            await self._refresh_later(others)
            rlog.info("leave.overlaps_pending", requests=others)

    async def _author_may_ask(self, m: ParsedLeave, person: asyncpg.Record | None) -> bool:
        """Whether the message's author is a registered, active person (else, said so)."""
        if person is None:
            self.log.warning("tracker.author_unknown", user=m.user)
            return False
        if not person["active"]:  # deactivated after the listener took the message
            self.log.info("tracker.author_inactive", user=m.user)
            await self.runtime.slack().ephemeral(
                m.channel, m.user, prompts.not_registered(), thread_ts=m.thread_ts
            )
            return False
        return True

    async def _reply_once(
        self,
        delivery: Delivery,
        channel: str,
        thread_ts: str,
        event_id: str,
        text: str,
        blocks: list[dict[str, Any]],
    ) -> None:
        slack = self.runtime.slack()
        # The thread is the bot's before it speaks there (see the parser's ``_reply``).
        await self.runtime.db.execute(Q.bot_thread_add, channel, thread_ts)
        found = None
        if delivery.attempts > 1:
            found = await slack.find_block(channel, thread_ts, prompts.reply_block_id(event_id))
        if found is None:
            await slack.post(channel, text, blocks, thread_ts=thread_ts)
        # It wrote nothing else: the inbox acks it with its batch.

    async def _refresh(self, tx: Tx, request_id: RequestId) -> None:
        """Queue the prompt's edit in the transaction that changed the request."""
        await self.runtime.channels.send(tx, "tracker", RefreshPrompt(request_id=request_id))

    async def _refresh_later(self, request_ids: Sequence[int]) -> None:
        """Queue the prompts of these requests to be shown again (after what is queued)."""
        async with self.runtime.db.transaction() as tx:
            await self.runtime.channels.send_many(
                tx,
                [("tracker", RefreshPrompt(request_id=RequestId(i)), None) for i in request_ids],
            )

    async def on_refresh(self, m: RefreshPrompt) -> None:
        """Edit the prompt to show what the stored request says (idempotent).

        A pending prompt is shown again with its buttons and its overlap warnings as they
        are now; any other with its status, and then the author's pending requests that
        share a half-day with it are refreshed in turn (what they warn about changed).
        """
        row = await self.runtime.db.fetchrow(Q.request_for_refresh, m.request_id)
        if row is None or row["prompt_ts"] is None:
            return
        config = await self.runtime.config.get()
        status = status_line(row, config)
        if status is None and (
            row["intent"] != "leave" or row["expires_at"] <= dt.datetime.now(dt.UTC)
        ):
            return  # a cancel or change prompt warns of nothing; an expired one is the expirer's
        text, blocks = await self.threads.render(row, config, status)
        slack = self.runtime.slack()
        shown_now = await slack.update(row["channel_id"], row["prompt_ts"], text, blocks)
        if not shown_now:
            # The prompt was deleted in Slack: the request is as stored, nothing to show.
            self.log.warning("slack.prompt_gone", request_id=m.request_id)
        elif row["status"] == "pending":
            # Shown with its buttons again. If it was confirmed (or cancelled, expired)
            # meanwhile, that refresh may have been handled first, by another process or
            # while this edit waited for Slack's rate limit: show it once more, after this.
            status = await self.runtime.db.fetchval(Q.request_status, m.request_id)
            if status != "pending":
                await self._refresh_later([m.request_id])
        others = row["pending_overlaps"]
        if others:
            await self._refresh_later(others)

    # ------------------------------------------------------------------ clicks

    async def on_click(self, delivery: Delivery, m: ButtonClicked) -> None:
        db = self.runtime.db
        slack = self.runtime.slack()
        row = await db.fetchrow(Q.request_get, m.request_id)
        clog = self.log.bind(request_id=m.request_id, user=m.user, action=m.action_id)
        if row is not None and row["prompt_ts"] is None and row["status"] == "pending":
            # The prompt is in Slack but its ts is not stored yet (the post and this
            # click raced): the click comes again after the inbox's backoff.
            raise NotYetError(f"the prompt of request {m.request_id} is not recorded yet")
        if row is None or row["channel_id"] != m.channel or row["prompt_ts"] != m.message_ts:
            clog.warning("leave.click_unknown_request")
            await slack.ephemeral(m.channel, m.user, prompts.unknown_request())
            return
        author = row["slack_user_id"]
        if m.user != author:
            clog.info("leave.click_by_stranger", author=author)
            await slack.ephemeral(
                m.channel, m.user, prompts.only_author(author), thread_ts=row["thread_ts"]
            )
            return
        if not row["active"]:
            # Deactivated since the prompt was posted: neither button does anything but
            # expire the request if it still waits (the deactivation usually did).
            async with delivery.complete() as tx:
                expired = await tx.conn.fetchval(Q.request_expire_inactive, m.request_id)
                if expired:
                    await self._refresh(tx, m.request_id)
            clog.info("leave.click_by_inactive", expired=bool(expired))
            await slack.ephemeral(
                m.channel, m.user, prompts.author_inactive(), thread_ts=row["thread_ts"]
            )
            return
        if m.action_id == prompts.CANCEL:
            async with delivery.complete() as tx:
                done = await tx.conn.fetchval(Q.request_cancel, m.request_id)
                if done:
                    await self._refresh(tx, m.request_id)
            if done:
                clog.info("leave.cancelled_by_author")
            else:
                await self._not_pending(m, row)
            return
        booking = None
        async with delivery.complete() as tx:
            # Confirmed and booked (the first round) in one statement; the sends then ack
            # the click.
            leave = row["intent"] == "leave"
            booking = await slots.confirm_and_book(
                tx.conn,
                m.request_id,
                row["user_id"],
                [(dt.date.fromisoformat(d["date"]), d["portion"]) for d in row["days"]]
                if leave
                else [],
                row["category"] if leave else None,
            )
            confirmed = booking is not None
            if booking is not None:
                await self._send_work(tx, delivery, row, booking)
        if not confirmed:
            await self._not_pending(m, row)
            return
        clog.info("leave.confirmed", intent=row["intent"])
        if booking is not None and booking.taken:
            clog.info(
                "leave.slots_taken",
                slots=len(booking.taken),
                held_by=sorted({t.request_id for t in booking.taken}),
                booked=len(booking.day_ids),
            )

    async def _send_work(
        self, tx: Tx, delivery: Delivery, row: asyncpg.Record, booking: slots.Booking
    ) -> None:
        """Send the sync work of the days a leave booked (a cancel's: those it names) and
        the prompt's refresh, in the Confirm's ``tx``, with the click's ack."""
        rid = RequestId(row["id"])
        if row["intent"] == "change":
            await self.threads.confirm(tx, row, acking=delivery)
            return
        if row["intent"] == "leave":
            if booking.taken:
                taken = [t.as_json() for t in booking.taken]
                await tx.conn.execute(Q.request_set_slots_taken, rid, taken)
            day_ids: list[DayId] = booking.day_ids
            operation: Literal["create", "delete"] = "create"
        else:
            day_ids = [DayId(int(item["day_id"])) for item in row["days"]]
            operation = "delete"
        if not day_ids:
            outcome = summarize({t: {"ok": 0} for t in SYNC_TARGETS}, operation)
            if operation == "create":  # every half-day asked for was booked already
                outcome["nothing_booked"] = True
            await tx.conn.execute(Q.request_complete, rid, outcome)
            await self._refresh(tx, rid)
            return
        work = SyncDays(
            request_id=rid, day_ids=tuple(day_ids), operation=operation, user_id=row["user_id"]
        )
        dedupe = f"{operation}:{rid}"
        await self.runtime.channels.send_many(
            tx,
            [
                ("calendar_syncer", work, dedupe),
                ("harvest_syncer", work, dedupe),
                ("tracker", RefreshPrompt(request_id=rid, interim=True), None),
            ],
            acking=delivery,
        )

    async def _not_pending(self, m: ButtonClicked, row: asyncpg.Record) -> None:
        fresh = await self.runtime.db.fetchrow(Q.request_get, m.request_id)
        status = fresh["status"] if fresh else row["status"]
        if status == "pending":  # past its expiry, not yet expired by the expirer
            status = "expired"
        self.log.info("leave.click_not_pending", request_id=m.request_id, status=status)
        await self.runtime.slack().ephemeral(
            m.channel, m.user, prompts.no_longer_pending(status), thread_ts=row["thread_ts"]
        )

    async def on_home_cancel(self, delivery: Delivery, m: HomeCancelClicked) -> None:
        """Cancel in the Home tab: a cancel request for the leave's days from today on,
        prompted in the leave's thread (its author confirms there, as for any cancel)."""
        db = self.runtime.db
        slack = self.runtime.slack()
        row = await db.fetchrow(Q.request_get, m.request_id)
        clog = self.log.bind(request_id=m.request_id, user=m.user)
        if row is None or row["slack_user_id"] != m.user or row["intent"] != "leave":
            clog.warning("leave.home_cancel_refused")
            return
        person = await db.fetchrow(Q.user_by_slack_id, m.user)
        assert person is not None
        config = await self.runtime.config.get()
        today = author_calendar(config, dict(person)).local_date(self.runtime.clock.now())
        booked = [
            r
            for r in await db.fetch(Q.days_of_request, m.request_id)
            if r["status"] != "cancelled" and r["day"] >= today
        ]
        channel, thread = row["channel_id"], row["thread_ts"]
        if not booked or row["status"] != "completed":
            clog.info("leave.home_cancel_refused")
            note = prompts.home_cancel_nothing() if not booked else prompts.home_cancel_refused()
            await slack.ephemeral(channel, m.user, note, thread_ts=thread)
            return
        days_json = [
            {"date": r["day"].isoformat(), "portion": r["portion"], "day_id": r["id"]}
            for r in booked
        ]
        made = await db.fetchrow(
            Q.request_insert,
            person["id"],
            "cancel",
            None,
            days_json,
            HOME_CANCEL_TEXT,
            None,
            channel,
            thread,
            m.action_ts,
            config.expiry_minutes,
            "",
            days_json,
            [],
        )
        if made is not None:
            rid = RequestId(made["id"])
        else:  # made by an earlier delivery of this click
            rid = RequestId(await db.fetchval(Q.request_by_message, channel, m.action_ts, ""))
        async with db.transaction() as tx:
            superseded = await tx.conn.fetch(
                Q.request_supersede_older, channel, thread, rid, person["id"], None
            )
            for old in superseded:
                await self._refresh(tx, RequestId(old["id"]))
        await db.execute(Q.bot_thread_add, channel, thread)
        await self.threads.show_prompt(delivery, rid, config)
        for old in superseded:
            self.log.info("leave.superseded", request_id=rid, old_request_id=old["id"])

    # ------------------------------------------------------------------ others

    async def on_not_registered(self, m: NotRegistered) -> None:
        await self.runtime.slack().ephemeral(
            m.channel, m.user, prompts.not_registered(), thread_ts=m.thread_ts
        )
        self.log.info("slack.not_registered_noted", user=m.user)

    async def on_expired(self, m: RequestExpired) -> None:
        await self.on_refresh(RefreshPrompt(request_id=m.request_id))
        self.log.info("leave.expired", request_id=m.request_id)

    async def on_sync_done(self, delivery: Delivery, m: SyncDone) -> None:
        result = {"ok": m.ok, "failures": list(m.failures), "skipped": m.skipped}
        # Keeping one target's result is idempotent (a redelivery keeps the same result
        # again). Until both results are in (a change's removals and its additions each
        # count apart), that is all, and the statement acks too.
        recorded = await delivery.complete_with(
            Q.request_record_result_and_ack,
            m.request_id,
            m.target,
            result,
            m.operation,
            list(SYNC_TARGETS),
            must_ack=False,
        )
        outcome = recorded["outcome"]
        if outcome is None or not recorded["complete"]:
            if recorded["acked"] is None:
                raise ClaimLostError(f"message {delivery.id} is no longer claimed by the tracker")
            return
        if recorded["intent"] == "change":
            await self.threads.on_done(delivery, m, outcome)
            return
        final = summarize(outcome, m.operation)
        if m.operation == "create" or final["state"] == "done":
            # The usual end: complete, queue the prompt's refresh, ack, in one statement.
            refresh = RefreshPrompt(request_id=m.request_id)
            row = await delivery.complete_with(
                Q.request_complete_and_ack, m.request_id, final, send=("tracker", refresh, None)
            )
            completed = row["completed"]
        else:
            async with delivery.complete() as tx:
                completed = await tx.conn.fetchval(Q.request_complete, m.request_id, final)
                if completed is not None:
                    await self._cancel_incomplete(tx, m.request_id, final)
                    await self._refresh(tx, m.request_id)
        if completed is not None:
            self.log.info("leave.completed", request_id=m.request_id, state=final["state"])

    async def _cancel_incomplete(
        self, tx: Tx, request_id: RequestId, final: dict[str, Any]
    ) -> None:
        """A cancel that did not reach both targets leaves its days failed, with why.

        Part of the leave may be gone (say the Harvest entry) and part still there
        (the calendar event): the days must not keep looking booked. An admin
        cancels again (``DELETE /api/leaves/{id}``) once the cause is fixed.
        """
        row = await tx.conn.fetchrow(Q.request_get, request_id)
        if row is None:
            return
        day_ids = [int(item["day_id"]) for item in row["days"] if "day_id" in item]
        reason = "cancel incomplete: " + " ".join(final.get("failures") or [])
        failed = await tx.conn.fetch(Q.days_cancel_incomplete, day_ids, reason[:500])
        self.log.warning(
            "leave.cancel_incomplete", request_id=request_id, days=[r["id"] for r in failed]
        )


def same_refresh(message: Message) -> Hashable | None:
    """Two refreshes of one prompt: the later one alone shows the request as it is."""
    return ("refresh", message.request_id) if isinstance(message, RefreshPrompt) else None


def interim_hold(message: Message) -> float:
    """How long a refresh waits aside for a later one of its prompt (see INTERIM_HOLD_S)."""
    return INTERIM_HOLD_S if isinstance(message, RefreshPrompt) and message.interim else 0.0


def child(runtime: Runtime) -> ChildSpec:
    async def run(*, task_status: anyio.abc.TaskStatus[None]) -> None:
        inbox = runtime.channels.inbox("tracker")
        await inbox.serve(
            TrackerActor(runtime).handle,
            concurrency=runtime.settings.actor_concurrency,
            key=ordering_key,
            coalesce=same_refresh,
            hold=interim_hold,
            task_status=task_status,
        )

    return ChildSpec(name="tracker", start=run, restart="permanent")
