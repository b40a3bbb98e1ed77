"""The tracker actor: owns every bot message of a request, from prompt to outcome.

For a parsed request it stores the request (one per Slack message, so a
redelivery finds it), supersedes older pending requests of the thread, and
posts the prompt with Confirm / Cancel buttons once (a redelivery finds the
prompt it posted by its block id). For a click it checks that the button is
the request's own and that the author pressed it; Confirm moves the request
from ``pending`` to ``confirmed`` with a guarded UPDATE, writes the days and
sends the sync work in the same transaction, then shows "processing" (unless
both syncers report within ``INTERIM_HOLD_S``: then the prompt is edited once,
with the outcome). When both syncers have reported it completes the request
and edits the prompt with the outcome. It also tells unregistered people so, and takes the
buttons off expired prompts.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable, Mapping, Sequence
from typing import Any, Literal

import anyio
import anyio.abc
import asyncpg
import structlog

from leavebot import prompts
from leavebot.channels import ClaimLostError, Delivery
from leavebot.db import Tx
from leavebot.domain import LeaveDay, LeaveRequest
from leavebot.errors import NotYetError
from leavebot.messages import (
    ButtonClicked,
    Message,
    NotRegistered,
    ParsedLeave,
    RefreshPrompt,
    RequestExpired,
    SyncDays,
    SyncDone,
    ordering_key,
)
from leavebot.queries import Q
from leavebot.runtime import Runtime
from leavebot.supervisor import ChildSpec
from leavebot.types import DayId, RequestId

log = structlog.get_logger(__name__)

SYNC_TARGETS = ("calendar", "harvest")
INTERIM_HOLD_S = 1.5
"""How long a Confirm's "processing" edit waits for the outcome's, which replaces it: when
the syncs are quick the prompt is edited once, straight to what happened."""


def request_from_row(row: asyncpg.Record | Mapping[str, Any]) -> LeaveRequest:
    """The request a stored row describes (a cancel's am + pm of one date show as full)."""
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


def status_line(row: asyncpg.Record) -> str | None:
    """The line a prompt shows under its days for the request's stored status.

    None while it is pending: then the prompt keeps its buttons.
    """
    status = row["status"]
    author = row["slack_user_id"]
    if status in ("confirmed", "processing"):
        if row["intent"] == "cancel":
            return prompts.cancelling(author)
        return prompts.processing(author)
    if status == "completed":
        return prompts.outcome_status(row["outcome"] or {"state": "done"})
    if status == "cancelled":
        return prompts.cancelled_by(author)
    if status == "expired":
        return prompts.expired()
    if status == "superseded":
        return prompts.superseded()
    return None


class TrackerActor:
    def __init__(self, runtime: Runtime) -> None:
        self.runtime = runtime
        self.log = log.bind(actor="tracker")

    async def handle(self, delivery: Delivery) -> None:
        message = delivery.message
        if isinstance(message, ParsedLeave):
            await self.on_parsed(delivery, message)
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
        else:
            self.log.error("tracker.unexpected_message", kind=message.kind)

    # ---------------------------------------------------------------- requests

    async def on_parsed(self, delivery: Delivery, m: ParsedLeave) -> None:
        db = self.runtime.db
        slack = self.runtime.slack()
        config = await self.runtime.config.get()
        request = m.request
        dates = [d.date for d in request.days]
        booked: Sequence[asyncpg.Record] = []
        if request.intent == "cancel":
            # What a cancel asks for is read from what is booked, before it is stored.
            person = await db.fetchrow(Q.user_by_slack_id, m.user)
            if person is None:
                self.log.warning("tracker.author_unknown", user=m.user)
                return
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
        else:
            days_json = [{"date": d.date.isoformat(), "portion": d.portion} for d in request.days]
            category = request.category
        # The author, the request (one per Slack message) and the bot's thread, at once.
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
        )
        if opened is None:
            self.log.warning("tracker.author_unknown", user=m.user)
            return
        fresh = bool(opened["fresh"])
        rid = opened["id"]
        if rid is None:  # stored this moment by another delivery of this message
            rid = await db.fetchval(Q.request_by_message, m.channel, m.ts)
        if request.intent == "leave":
            booked = await db.fetch(Q.days_live_on_dates, opened["user_id"], dates)
        superseded: list[asyncpg.Record] = []
        if m.thread_ts != m.ts:  # a reply may replace the thread's older pending request
            async with db.transaction() as tx:
                superseded = await tx.conn.fetch(
                    Q.request_supersede_older, m.channel, m.thread_ts, rid
                )
                for old in superseded:
                    await self._refresh(tx, RequestId(old["id"]))
        # Each step is idempotent, so a redelivery after a crash between them
        # finds the request and completes the rest.
        rlog = self.log.bind(request_id=rid)
        if fresh:  # just made: pending, no prompt yet, and what it holds is known here
            row: Mapping[str, Any] = {
                "days": days_json,
                "intent": request.intent,
                "category": category,
                "status": "pending",
                "prompt_ts": None,
            }
        else:  # made by an earlier delivery of this message: as stored
            found = await db.fetchrow(Q.request_get, rid)
            assert found is not None
            row = dict(found)
        if row["status"] == "pending" and row["prompt_ts"] is None:
            shown = request_from_row(row)
            conflicts = []
            if shown.intent == "leave":
                conflicts = [
                    prompts.conflict_line(r["day"], r["portion"], r["category"]) for r in booked
                ]
            text, blocks = prompts.request_prompt(rid, m.user, shown, conflicts)
            ts = None
            if delivery.attempts > 1:
                ts = await slack.find_block(m.channel, m.thread_ts, prompts.prompt_block_id(rid))
            if ts is None:
                ts = await slack.post(m.channel, text, blocks, thread_ts=m.thread_ts)
            await delivery.complete_with(Q.request_set_prompt_and_ack, rid, ts)
            rlog.info(
                "leave.prompted", prompt_ts=ts, conflicts=len(conflicts), days=len(shown.days)
            )
        for old in superseded:
            rlog.info("leave.superseded", old_request_id=old["id"])

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
        found = None
        if delivery.attempts > 1:
            found = await slack.find_block(channel, thread_ts, prompts.reply_block_id(event_id))
        if found is None:
            await slack.post(channel, text, blocks, thread_ts=thread_ts)
        async with delivery.complete() as tx:
            await tx.conn.execute(Q.bot_thread_add, channel, thread_ts)

    async def _refresh(self, tx: Tx, request_id: RequestId) -> None:
        """Queue the prompt's edit in the transaction that changed the request."""
        await self.runtime.channels.send(tx, "tracker", RefreshPrompt(request_id=request_id))

    async def on_refresh(self, m: RefreshPrompt) -> None:
        """Edit the prompt to show what the stored request says (idempotent)."""
        row = await self.runtime.db.fetchrow(Q.request_get, m.request_id)
        if row is None or row["prompt_ts"] is None:
            return
        status = status_line(row)
        if status is None:
            return
        text, blocks = prompts.with_status(
            m.request_id, row["slack_user_id"], request_from_row(row), status
        )
        slack = self.runtime.slack()
        if not await slack.update(row["channel_id"], row["prompt_ts"], text, blocks):
            # The prompt was deleted in Slack: the request is as stored, nothing to show.
            self.log.warning("slack.prompt_gone", request_id=m.request_id)

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
        async with delivery.complete() as tx:
            # Confirmed and booked in one statement; the sends then ack the click.
            made = await tx.conn.fetchrow(Q.request_confirm_and_book, m.request_id)
            assert made is not None
            confirmed = made["confirmed"]
            if confirmed:
                await self._send_work(tx, delivery, row, [DayId(i) for i in made["booked"]])
        if not confirmed:
            await self._not_pending(m, row)
            return
        clog.info("leave.confirmed", intent=row["intent"])

    async def _send_work(
        self, tx: Tx, delivery: Delivery, row: asyncpg.Record, booked: list[DayId]
    ) -> None:
        """Send the sync work of the days ``booked`` (a cancel's: those it names) and the
        prompt's refresh, in the Confirm's ``tx``, with the click's ack."""
        rid = RequestId(row["id"])
        if row["intent"] == "leave":
            day_ids = booked
            operation: Literal["create", "delete"] = "create"
        else:
            day_ids = [DayId(int(item["day_id"])) for item in row["days"]]
            operation = "delete"
        if not day_ids:
            outcome = summarize({t: {"ok": 0} for t in SYNC_TARGETS}, operation)
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
        # again). Until both results are in, that is all, and the statement acks too.
        recorded = await delivery.complete_with(
            Q.request_record_result_and_ack,
            m.request_id,
            m.target,
            result,
            list(SYNC_TARGETS),
            must_ack=False,
        )
        outcome = recorded["outcome"]
        if outcome is None or not all(t in outcome for t in SYNC_TARGETS):
            if recorded["acked"] is None:
                raise ClaimLostError(f"message {delivery.id} is no longer claimed by the tracker")
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
