"""The parser actor: reads a stored Slack message or edit and decides what it asks for.

Every date is read on the author's calendar (``leavebot.calendars``): the
Slack zone the listener looked up is kept on the person's row, then their
calendar decides today, the limits and the working days.

Rules first, the LLM only when the rules are unsure and one is configured
(``leavebot.parsing.auto``); the earlier messages of the thread go to the LLM
so a reply is read in context. A reply in a thread where its author has a
pending request or booked leave is first read as a refinement of it
(``leavebot.parsing.refine``: "make it a half day", "also Monday", "Tuesday
instead"), and goes to the tracker as the whole leave now wanted there
(``scope="thread"``; the tracker asks to confirm it, or the difference from
what is booked). An edit of a message is read again, on the time it was
posted: what the edit changed in what the message names changes the leave of its
thread (the same way), and the rest of that leave stays; an edit that no longer reads as
leave withdraws a pending request. A reading that is not a leave stays
silent; one with no dates (or only non-working days, listed with why, or
beyond a hard limit) gets a reply in the thread saying so; one nobody could
read gets a reply asking for dates only when it is clearly the author's own
leave, and is otherwise ignored (``parse.unsure_ignored``); a cancel that
names no date gets the author's upcoming leave to pick from; everything else
goes to the tracker.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import anyio
import anyio.abc
import asyncpg
import structlog

from leavebot import changes
from leavebot.calendars import author_calendar
from leavebot.channels import Delivery
from leavebot.domain import DroppedDay, LeaveDay, LeaveRequest, WorkCalendar
from leavebot.messages import CloseReason, ParsedLeave, SlackEdit, SlackMessage, ordering_key
from leavebot.parsing.auto import Decision, decide
from leavebot.parsing.markup import slack_to_text
from leavebot.parsing.outcome import Parsed
from leavebot.parsing.refine import read_part, read_refinement, speaks_of_a_change
from leavebot.parsing.rules import parse_rules
from leavebot.parsing.vocabulary import mentions
from leavebot.prompts import (
    WHICH_DAY,
    ask_change,
    ask_dates,
    ask_dates_after_edit,
    beyond_limits,
    non_working,
    nothing_changes,
    only_author_changes,
    pick_leave_to_cancel,
    which_day,
)
from leavebot.queries import Q
from leavebot.runtime import Runtime
from leavebot.slack import Blocks
from leavebot.supervisor import ChildSpec
from leavebot.types import Category, Portion

log = structlog.get_logger(__name__)
ZONE_TTL_S = 3600.0


@dataclass(frozen=True)
class Thread:
    """The author's leave in a thread: the pending request, the days booked, and the
    leave wanted as it stands (None when they have neither)."""

    pending: Mapping[str, Any] | asyncpg.Record | None
    booked: tuple[changes.BookedDay, ...]
    current: tuple[LeaveDay, ...] | None
    category: Category


def posted_at(ts: str) -> dt.datetime:
    return dt.datetime.fromtimestamp(float(ts), dt.UTC)


def days_json(days: Sequence[LeaveDay]) -> list[dict[str, str]]:
    return [{"date": d.date.isoformat(), "portion": d.portion} for d in days]


def days_of(items: Any) -> tuple[LeaveDay, ...]:
    return tuple(
        LeaveDay(date=dt.date.fromisoformat(i["date"]), portion=i["portion"]) for i in items or ()
    )


class ParserActor:
    def __init__(self, runtime: Runtime) -> None:
        self.runtime = runtime
        # The Slack time zone last written per person, and when.
        self._zones: dict[str, tuple[str, float]] = {}

    def _zone_stale(self, user: str, zone: str) -> bool:
        """Whether to write the person's Slack zone: new to us, changed, or an hour old."""
        known = self._zones.get(user)
        return known is None or known[0] != zone or time.monotonic() - known[1] > ZONE_TTL_S

    async def _author(
        self, user: str, zone: str | None
    ) -> tuple[asyncpg.Record | None, WorkCalendar]:
        """The person's row and calendar, their Slack zone kept first when it came."""
        db = self.runtime.db
        if zone and self._zone_stale(user, zone):
            await db.execute(Q.user_set_slack_timezone, user, zone)
            self._zones[user] = (zone, time.monotonic())
        person = await db.fetchrow(Q.user_by_slack_id, user)
        config = await self.runtime.config.get()
        known: dict[str, Any] = dict(person) if person is not None else {}
        if zone:
            known["slack_timezone"] = zone
        return person, author_calendar(config, known)

    async def handle(self, delivery: Delivery) -> None:
        message = delivery.message
        if isinstance(message, SlackEdit):
            await self.on_edit(delivery, message)
            return
        if not isinstance(message, SlackMessage):
            log.error("parser.unexpected_message", kind=message.kind)
            return
        person, calendar = await self._author(message.user, message.timezone)
        now = posted_at(message.ts)
        thread_ts = message.thread_ts or message.ts
        in_thread = message.thread_ts is not None and message.thread_ts != message.ts
        if in_thread and person is not None:
            thread = await self._thread(message.channel, thread_ts, int(person["id"]))
            if thread.current is not None:
                await self._reply_in_thread(delivery, message, calendar, now, thread, "", "reply")
                return
            if await self._about_someone_else(message, calendar, now, int(person["id"])):
                return
        decision = await self._decide(message, now, calendar)
        if in_thread:
            decision = await self._in_thread(message, decision, now, calendar)
        await self._act(delivery, message, thread_ts, decision, calendar, now, revision="")

    async def _decide(
        self,
        message: SlackMessage | SlackEdit,
        now: dt.datetime,
        calendar: WorkCalendar,
        *,
        in_thread: bool = False,
    ) -> Decision:
        """Rules first, the LLM (with the thread) when they are unsure. ``in_thread``: a
        reply about the author's leave, which the rules are not sure is "no leave" when it
        speaks of days or of changing them."""
        llm = self.runtime.llm()
        thread: list[str] = []
        if llm is not None and message.thread_ts and message.thread_ts != message.ts:
            thread = await self.runtime.slack().earlier_texts(
                message.channel, message.thread_ts, message.ts
            )
        # Let through only by a trigger word an admin added, not one of the parser's?
        config = await self.runtime.config.get()
        widened = not mentions(message.text) and mentions(message.text, config.triggers())
        rules = reply_rules if in_thread else None
        return await decide(
            message.text, now, calendar, llm, thread=thread, rules=rules, widened=widened
        )

    async def _act(
        self,
        delivery: Delivery,
        message: SlackMessage | SlackEdit,
        thread_ts: str,
        decision: Decision,
        calendar: WorkCalendar,
        now: dt.datetime,
        *,
        revision: str,
    ) -> None:
        """What a message's own reading leads to (no leave of the thread to refine)."""
        plog = self._log(message, decision)
        if decision.action == "none":
            if decision.sure:
                plog.info("parse.not_leave")
            else:  # nobody could read it and it is not clearly the author's leave
                plog.info("parse.unsure_ignored")
            return
        if decision.action == "limits" and decision.limit is not None:
            plog.info("parse.beyond_limits", limit=decision.limit.kind)
            await self._reply(
                delivery, message, thread_ts, *beyond_limits(message.event_id, decision.limit)
            )
            return
        if decision.action == "ask_dates":
            plog.info("parse.asked_for_dates")
            await self._reply(delivery, message, thread_ts, *ask_dates(message.event_id))
            return
        if decision.action == "non_working":
            plog.info("parse.non_working_days", dropped=len(decision.dropped))
            await self._reply(
                delivery, message, thread_ts, *non_working(message.event_id, decision.dropped)
            )
            return
        if decision.request.intent == "cancel" and not decision.request.days:
            await self._offer_upcoming(delivery, message, thread_ts, calendar.local_date(now))
            plog.info("parse.cancel_without_dates")
            return
        await self._to_tracker(delivery, message, thread_ts, decision, revision=revision)
        plog.info("parse.request", days=len(decision.request.days))

    def _log(self, message: SlackMessage | SlackEdit, decision: Decision) -> Any:
        return log.bind(
            actor="parser",
            event_id=message.event_id,
            action=decision.action,
            parser=decision.parser,
            reasons=list(decision.reasons),
        )

    # ------------------------------------------------------------ the thread's leave

    async def _thread(
        self, channel: str, thread_ts: str, user_id: int, *, excluding: str | None = None
    ) -> Thread:
        """The author's leave in a thread as it stands.

        ``excluding``: a message being read again (an edited reply): a pending request
        it made counts as not made, so the leave is as it was before that reply.
        """
        db = self.runtime.db
        pending: Mapping[str, Any] | asyncpg.Record | None = await db.fetchrow(
            Q.thread_pending_request, channel, thread_ts, user_id
        )
        booked = tuple(
            changes.BookedDay.from_row(r)
            for r in await db.fetch(Q.thread_booked_days, channel, thread_ts, user_id)
        )
        if pending is not None and excluding is not None and pending["message_ts"] == excluding:
            before = await db.fetchrow(Q.request_replaced_by, pending["id"])
            pending = before if before is not None and before["intent"] != "cancel" else None
        if pending is not None and pending["intent"] == "cancel":
            pending = None
        current = changes.current_wanted(pending, booked)
        if pending is not None:
            sick = pending["category"] == "sick"
        else:
            sick = bool(booked) and all(d.category == "sick" for d in booked)
        return Thread(pending, booked, current, "sick" if sick else "vacation")

    async def _reply_in_thread(
        self,
        delivery: Delivery,
        message: SlackMessage | SlackEdit,
        calendar: WorkCalendar,
        now: dt.datetime,
        thread: Thread,
        revision: str,
        reason: CloseReason,
    ) -> None:
        """A reply where its author has leave: a refinement of it, or a request of its own."""
        assert thread.current is not None
        assert message.thread_ts is not None
        plog = log.bind(actor="parser", event_id=message.event_id)
        refined = read_refinement(message.text, now, calendar, thread.current, thread.category)
        named = read_part(message.text, now, calendar) if refined is None else None
        if named is not None and named.items and not named.sides:
            asked = await self._asked_portion(message)
            if asked is not None:
                refined = read_refinement(
                    message.text,
                    now,
                    calendar,
                    thread.current,
                    thread.category,
                    asked_portion=asked,
                )
        if refined is not None and refined.how == "bare" and thread.booked:
            refined = None  # bare dates replace a pending request, never booked leave
        if refined is not None and refined.kind == "ask_which":
            assert refined.portion is not None
            text, blocks = which_day(message.event_id, refined.portion, refined.days)
            await self._reply(delivery, message, message.thread_ts, text, blocks)
            plog.info("parse.asked_which_day", portion=refined.portion)
            return
        if refined is not None:
            plog.info("parse.refinement", how=refined.how, days=len(refined.days))
            await self._wanted(
                delivery,
                message,
                thread,
                refined.days,
                refined.category,
                refined.dropped,
                "rules",
                revision,
                reason,
            )
            return
        decision = await self._decide(message, now, calendar, in_thread=True)
        request = decision.request
        if (
            decision.action in ("ask_dates", "none")
            and not decision.sure
            and "thread_reply" in decision.reasons
        ):
            # Speaks of changing the leave, but nobody could tell how (with no LLM the
            # reading is unsure_ignored; in the author's own thread it is asked about).
            self._log(message, decision).info("parse.asked_for_change")
            await self._reply(delivery, message, message.thread_ts, *ask_change(message.event_id))
            return
        if decision.action == "prompt" and request.intent == "leave":
            assert request.category is not None
            wanted = request.days
            if decision.parser != "llm" and thread.booked:
                # A new request in a thread with booked leave adds to it.
                wanted = changes.union(thread.current, request.days)
            self._log(message, decision).info("parse.request", days=len(wanted))
            await self._wanted(
                delivery,
                message,
                thread,
                wanted,
                request.category,
                decision.dropped,
                decision.parser,
                revision,
                reason,
            )
            return
        await self._act(
            delivery, message, message.thread_ts, decision, calendar, now, revision=revision
        )

    async def _about_someone_else(
        self, message: SlackMessage, calendar: WorkCalendar, now: dt.datetime, user_id: int
    ) -> bool:
        """A reply that would change the leave of the thread's author ("make it a half
        day") when written by someone else: not the writer's own leave. Only the author
        changes theirs; the writer is told so, privately."""
        assert message.thread_ts is not None
        owner = await self.runtime.db.fetchrow(
            Q.thread_owner, message.channel, message.thread_ts, user_id
        )
        if owner is None:
            return False
        theirs = await self._thread(message.channel, message.thread_ts, int(owner["user_id"]))
        if theirs.current is None:
            return False
        if read_refinement(message.text, now, calendar, theirs.current, theirs.category) is None:
            return False
        own = parse_rules(message.text, now, calendar).request.intent != "none"
        if own and read_part(message.text, now, calendar).items:
            return False  # "I'm off on Friday too": a leave of their own, with its days
        await self.runtime.slack().ephemeral(
            message.channel,
            message.user,
            only_author_changes(str(owner["slack_user_id"])),
            thread_ts=message.thread_ts,
        )
        log.info("parse.reply_by_someone_else", actor="parser", event_id=message.event_id)
        return True

    async def _asked_portion(self, message: SlackMessage | SlackEdit) -> Portion | None:
        """The part of a day the bot last asked "which day?" about in the thread, if its
        latest message there is that question."""
        assert message.thread_ts is not None
        found: Portion | None = None
        for item in await self.runtime.slack().thread_messages(message.channel, message.thread_ts):
            if not item.get("bot_id") or float(item["ts"]) > float(message.ts):
                continue
            found = None
            for block in item.get("blocks") or []:
                kind, _, rest = str(block.get("block_id") or "").partition(":")
                portion = rest.partition(":")[0]
                if kind == WHICH_DAY and portion in ("full", "am", "pm"):
                    found = portion  # type: ignore[assignment]
        return found

    async def _wanted(
        self,
        delivery: Delivery,
        message: SlackMessage | SlackEdit,
        thread: Thread,
        days: Sequence[LeaveDay],
        category: Category,
        dropped: Sequence[DroppedDay],
        parser: str | None,
        revision: str,
        reason: CloseReason,
        message_days: Sequence[LeaveDay] | None = None,
    ) -> None:
        """The whole leave now wanted in the thread, to the tracker (or, when nothing
        changes, a word in the thread)."""
        assert message.thread_ts is not None or isinstance(message, SlackEdit)
        thread_ts = message.thread_ts or message.ts
        wanted = changes.merged(days)
        unchanged = wanted == thread.current and (
            thread.pending is None or thread.pending["category"] == category
        )
        if unchanged and reason == "reply":
            text, blocks = nothing_changes(message.event_id, wanted, dropped)
            await self._reply(delivery, message, thread_ts, text, blocks)
            return
        await delivery.forward(
            "tracker",
            ParsedLeave(
                event_id=message.event_id,
                user=message.user,
                channel=message.channel,
                ts=message.ts,
                thread_ts=thread_ts,
                text=message.text,
                request=LeaveRequest(intent="leave", category=category, days=wanted),
                parser="llm" if parser == "llm" else "rules",
                scope="thread",
                revision=revision,
                reason=reason,
                dropped=tuple(dropped),
                message_days=tuple(message_days) if message_days is not None else None,
            ),
        )

    # ------------------------------------------------------------------ edits

    async def on_edit(self, delivery: Delivery, edit: SlackEdit) -> None:
        """An edited message, read again on the moment it was posted."""
        person, calendar = await self._author(edit.user, edit.timezone)
        now = posted_at(edit.ts)
        elog = log.bind(actor="parser", event_id=edit.event_id, ts=edit.ts)
        if person is None:
            return
        user_id = int(person["id"])
        in_thread = edit.thread_ts is not None and edit.thread_ts != edit.ts
        thread_ts = edit.thread_ts or edit.ts
        if in_thread:
            thread = await self._thread(edit.channel, thread_ts, user_id, excluding=edit.ts)
            if thread.current is not None:
                elog.info("parse.edit", kind="reply")
                await self._reply_in_thread(
                    delivery, edit, calendar, now, thread, edit.edit_ts, "edited"
                )
                return
        else:
            thread = await self._thread(edit.channel, thread_ts, user_id)
        decision = await self._decide(edit, now, calendar)
        elog.info("parse.edit", kind="message", action=decision.action)
        if thread.current is None:
            await self._act(
                delivery, edit, thread_ts, decision, calendar, now, revision=edit.edit_ts
            )
            return
        last = await self.runtime.db.fetchrow(Q.message_latest_reading, edit.channel, edit.ts)
        before = days_of(last["message_days"]) if last is not None else ()
        kept = changes.without(thread.current, before)
        request = decision.request
        if decision.action == "prompt" and request.intent == "leave":
            assert request.category is not None
            # What the edit changed in the message's own reading changes the leave; the
            # rest stays as it is now (a day made a half day by a reply stays one).
            dropped_now = changes.without(before, request.days)
            added_now = changes.without(request.days, before)
            await self._wanted(
                delivery,
                edit,
                thread,
                changes.union(changes.without(thread.current, dropped_now), added_now),
                request.category,
                decision.dropped,
                decision.parser,
                edit.edit_ts,
                "edited",
                message_days=request.days,
            )
            return
        if decision.action == "prompt":  # a cancel: read as a message of its own
            await self._act(
                delivery, edit, thread_ts, decision, calendar, now, revision=edit.edit_ts
            )
            return
        if decision.action == "none":
            wanted = kept if thread.booked else ()
            await self._wanted(
                delivery,
                edit,
                thread,
                wanted,
                thread.category,
                (),
                decision.parser,
                edit.edit_ts,
                "not_leave",
                message_days=(),
            )
            return
        if decision.action == "non_working" and (thread.booked or kept):
            await self._wanted(
                delivery,
                edit,
                thread,
                kept,
                thread.category,
                decision.dropped,
                decision.parser,
                edit.edit_ts,
                "edited",
                message_days=(),
            )
            return
        # Not readable (or only non-working days): say so, and a pending request it made
        # can no longer be confirmed for days the message no longer names.
        if decision.action == "non_working":
            reply = non_working(edit.event_id, decision.dropped)
        else:
            reply = ask_dates_after_edit(edit.event_id, changes.merged(thread.booked))
        await self._reply(delivery, edit, thread_ts, *reply)
        if not thread.booked:
            await delivery.forward(
                "tracker",
                ParsedLeave(
                    event_id=edit.event_id,
                    user=edit.user,
                    channel=edit.channel,
                    ts=edit.ts,
                    thread_ts=thread_ts,
                    text=edit.text,
                    request=LeaveRequest(intent="leave", category=thread.category),
                    scope="thread",
                    revision=edit.edit_ts,
                    reason="edited",
                ),
            )

    # ------------------------------------------------------------------ others

    async def _in_thread(
        self,
        message: SlackMessage,
        decision: Decision,
        now: dt.datetime,
        calendar: WorkCalendar,
    ) -> Decision:
        """A reply in a thread where its author has no leave to refine.

        After the bot asked for dates, "Friday" names no leave by itself: the thread's
        first message (or the author's last request there) says what it is for.
        """
        if decision.action != "none":
            return decision
        assert message.thread_ts is not None
        person = await self.runtime.db.fetchrow(Q.user_by_slack_id, message.user)
        row = None
        if person is not None:
            row = await self.runtime.db.fetchrow(
                Q.thread_latest_request, message.channel, message.thread_ts, person["id"]
            )
        if row is not None:
            lead = "leave"
            if row["intent"] == "cancel":
                lead = "cancel my leave"
            elif row["category"] == "sick":
                lead = "sick leave"
        else:  # the bot asked for dates: the thread's first message says what for
            lead = await self._thread_root(message.channel, message.thread_ts, message.user)
        if not lead:
            return decision
        llm = self.runtime.llm()
        decision = await decide(f"{lead}: {message.text}", now, calendar, llm)
        unsure = set(decision.reasons) - {"llm_not_configured", "unsure_ignored"}
        if (
            row is not None
            and decision.action in ("ask_dates", "none")
            and not decision.sure
            and decision.request.days
            and unsure == {"reschedule"}
        ):
            # "make it Friday instead": in a thread, the newer request replaces the older.
            return decision.model_copy(update={"action": "prompt", "sure": True})
        return decision

    async def _thread_root(self, channel: str, thread_ts: str, user: str) -> str:
        messages = await self.runtime.slack().thread_messages(channel, thread_ts)
        for item in messages:
            if str(item.get("ts")) == thread_ts and item.get("user") == user:
                return slack_to_text(str(item.get("text") or ""))
        return ""

    async def _to_tracker(
        self,
        delivery: Delivery,
        message: SlackMessage | SlackEdit,
        thread_ts: str,
        decision: Decision,
        *,
        revision: str,
    ) -> None:
        await delivery.forward(
            "tracker",
            ParsedLeave(
                event_id=message.event_id,
                user=message.user,
                channel=message.channel,
                ts=message.ts,
                thread_ts=thread_ts,
                text=message.text,
                request=decision.request,
                parser=decision.parser,
                revision=revision,
                dropped=decision.dropped,
            ),
        )

    async def _offer_upcoming(
        self,
        delivery: Delivery,
        message: SlackMessage | SlackEdit,
        thread_ts: str,
        today: dt.date,
    ) -> None:
        person = await self.runtime.db.fetchrow(Q.user_by_slack_id, message.user)
        upcoming: list[tuple[dt.date, str, str]] = []
        if person is not None:
            rows = await self.runtime.db.fetch(Q.days_upcoming, person["id"], today, 15)
            upcoming = [(r["day"], r["portion"], r["category"]) for r in rows]
        await self._reply(
            delivery, message, thread_ts, *pick_leave_to_cancel(message.event_id, upcoming)
        )

    async def _reply(
        self,
        delivery: Delivery,
        message: SlackMessage | SlackEdit,
        thread_ts: str,
        text: str,
        blocks: Blocks,
    ) -> None:
        """Post a reply in the thread once, even if this message is delivered again.

        The thread is recorded as the bot's before the reply is posted: an answer
        written as soon as the reply shows needs no trigger word (the listener
        reads ``bot_threads``), so the record must not come after the reply.
        """
        slack = self.runtime.slack()
        await self.runtime.db.execute(Q.bot_thread_add, message.channel, thread_ts)
        already = None
        if delivery.attempts > 1:
            already = await slack.find_block(
                message.channel, thread_ts, str(blocks[0].get("block_id") or "")
            )
        if already is None:
            await slack.post(message.channel, text, blocks, thread_ts=thread_ts)
        # It wrote nothing else: the inbox acks it with its batch (or a send on to the
        # tracker does).


def reply_rules(text: str, now: dt.datetime, calendar: WorkCalendar) -> Parsed:
    """The rules' reading of a reply in a thread about its author's leave: "no leave" is
    unsure (reason ``thread_reply``) when the reply speaks of days or of a change."""
    parsed = parse_rules(text, now, calendar)
    if parsed.request.intent == "none" and speaks_of_a_change(text, now, calendar):
        return parsed.model_copy(
            update={"sure": False, "reasons": (*parsed.reasons, "thread_reply")}
        )
    return parsed


def child(runtime: Runtime) -> ChildSpec:
    async def run(*, task_status: anyio.abc.TaskStatus[None]) -> None:
        inbox = runtime.channels.inbox("parser")
        await inbox.serve(
            ParserActor(runtime).handle,
            concurrency=runtime.settings.actor_concurrency,
            key=ordering_key,
            task_status=task_status,
        )

    return ChildSpec(name="parser", start=run, restart="permanent")
