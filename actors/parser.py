"""The parser actor: reads a stored Slack message and decides what it asks for.

Rules first, the LLM only when the rules are unsure and one is configured
(``leavebot.parsing.auto``); the earlier messages of the thread go to the LLM
so a reply like "make Friday a half day" is read in context. A reading that
is not a leave stays silent; one with no dates (or only non-working days)
gets a reply in the thread; a cancel that names no date gets the author's
upcoming leave to pick from; everything else goes to the tracker.
"""

from __future__ import annotations

import datetime as dt
import time

import anyio
import anyio.abc
import structlog

from leavebot.calendars import author_calendar, holidays_skipped
from leavebot.channels import Delivery
from leavebot.domain import WorkCalendar
from leavebot.messages import HolidayNote, ParsedLeave, SlackMessage, ordering_key
from leavebot.parsing.auto import Decision, decide
from leavebot.parsing.llm import LLMConfig
from leavebot.parsing.markup import slack_to_text
from leavebot.parsing.rules import parse_rules
from leavebot.prompts import (
    ask_dates,
    holiday_line,
    non_working,
    pick_leave_to_cancel,
    reply_block_id,
)
from leavebot.queries import Q
from leavebot.runtime import Runtime
from leavebot.slack import Blocks
from leavebot.supervisor import ChildSpec

log = structlog.get_logger(__name__)
ZONE_TTL_S = 3600.0


class ParserActor:
    def __init__(self, runtime: Runtime) -> None:
        self.runtime = runtime
        # The Slack time zone last written per person, and when.
        self._zones: dict[str, tuple[str, float]] = {}

    def _zone_stale(self, user: str, zone: str) -> bool:
        """Whether to write the person's Slack zone: new to us, changed, or an hour old."""
        known = self._zones.get(user)
        return known is None or known[0] != zone or time.monotonic() - known[1] > ZONE_TTL_S

    async def handle(self, delivery: Delivery) -> None:
        message = delivery.message
        if not isinstance(message, SlackMessage):
            log.error("parser.unexpected_message", kind=message.kind)
            return
        if message.timezone and self._zone_stale(message.user, message.timezone):
            await self.runtime.db.execute(Q.user_set_timezone, message.user, message.timezone)
            self._zones[message.user] = (message.timezone, time.monotonic())
        config = await self.runtime.config.get()
        person = await self.runtime.db.fetchrow(Q.user_by_slack_id, message.user)
        calendar = author_calendar(config, dict(person) if person is not None else None)
        now = dt.datetime.fromtimestamp(float(message.ts), dt.UTC)
        thread_ts = message.thread_ts or message.ts
        llm = self.runtime.llm()
        thread: list[str] = []
        if llm is not None and message.thread_ts and message.thread_ts != message.ts:
            thread = await self.runtime.slack().earlier_texts(
                message.channel, message.thread_ts, message.ts
            )
        decision = await decide(message.text, now, calendar, llm, thread=thread)
        if message.thread_ts and message.thread_ts != message.ts:
            decision = await self._in_thread(message, decision, now, calendar, llm, thread)
        plog = log.bind(
            actor="parser",
            event_id=message.event_id,
            action=decision.action,
            parser=decision.parser,
            reasons=list(decision.reasons),
        )
        if decision.action == "none":
            plog.info("parse.not_leave")
            return
        if decision.action == "ask_dates":
            plog.info("parse.asked_for_dates")
            await self._reply(delivery, message, thread_ts, *ask_dates(message.event_id))
            return
        holidays = holidays_left_out(message.text, now, calendar, decision)
        if decision.action == "non_working":
            plog.info("parse.non_working_days", holidays=len(holidays))
            lines = [holiday_line(h.date, h.name) for h in holidays]
            await self._reply(delivery, message, thread_ts, *non_working(message.event_id, lines))
            return
        if decision.request.intent == "cancel" and not decision.request.days:
            await self._offer_upcoming(delivery, message, thread_ts, calendar.local_date(now))
            plog.info("parse.cancel_without_dates")
            return
        await self._to_tracker(delivery, message, thread_ts, decision, holidays)
        plog.info("parse.request", days=len(decision.request.days), holidays=len(holidays))

    async def _in_thread(
        self,
        message: SlackMessage,
        decision: Decision,
        now: dt.datetime,
        calendar: WorkCalendar,
        llm: LLMConfig | None,
        thread: list[str],
    ) -> Decision:
        """Read a reply in a thread that has a request as part of that request.

        "make it Friday" names no leave by itself; in a thread about a leave it
        means that leave (the thread's latest request says which kind), and
        "actually Friday instead" is a new request that replaces the old one.
        """
        if decision.action not in ("none", "ask_dates"):
            return decision
        assert message.thread_ts is not None
        row = await self.runtime.db.fetchrow(
            Q.thread_latest_request, message.channel, message.thread_ts
        )
        if decision.action == "none":
            if row is not None:
                lead = "leave"
                if row["intent"] == "cancel":
                    lead = "cancel my leave"
                elif row["category"] == "sick":
                    lead = "sick leave"
            else:  # the bot asked for dates: the thread's first message says what for
                lead = await self._thread_root(message.channel, message.thread_ts)
            if not lead:
                return decision
            decision = await decide(f"{lead}: {message.text}", now, calendar, llm, thread=thread)
        if row is None:
            return decision
        unsure = set(decision.reasons) - {"llm_not_configured"}
        if decision.action == "ask_dates" and decision.request.days and unsure == {"reschedule"}:
            # "make it Friday instead": in a thread, the newer request replaces the older.
            return decision.model_copy(update={"action": "prompt", "sure": True})
        return decision

    async def _thread_root(self, channel: str, thread_ts: str) -> str:
        messages = await self.runtime.slack().thread_messages(channel, thread_ts)
        for item in messages:
            if str(item.get("ts")) == thread_ts and not item.get("bot_id"):
                return slack_to_text(str(item.get("text") or ""))
        return ""

    async def _to_tracker(
        self,
        delivery: Delivery,
        message: SlackMessage,
        thread_ts: str,
        decision: Decision,
        holidays: tuple[HolidayNote, ...],
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
                holidays=holidays,
            ),
        )

    async def _offer_upcoming(
        self, delivery: Delivery, message: SlackMessage, thread_ts: str, today: dt.date
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
        self, delivery: Delivery, message: SlackMessage, thread_ts: str, text: str, blocks: Blocks
    ) -> None:
        """Post a reply in the thread once, even if this message is delivered again."""
        slack = self.runtime.slack()
        already = None
        if delivery.attempts > 1:
            already = await slack.find_block(
                message.channel, thread_ts, reply_block_id(message.event_id)
            )
        if already is None:
            await slack.post(message.channel, text, blocks, thread_ts=thread_ts)
        async with delivery.complete() as tx:
            await tx.conn.execute(Q.bot_thread_add, message.channel, thread_ts)


def holidays_left_out(
    text: str, now: dt.datetime, calendar: WorkCalendar, decision: Decision
) -> tuple[HolidayNote, ...]:
    """The author's holidays that a leave's dates skipped, for the prompt to name.

    Those between the first and last day read; when the rules read the message,
    also those the message named that its reading dropped ("off 1 Jan", or a
    range that starts on a holiday), found by reading it once more on the same
    calendar without holidays.
    """
    if decision.request.intent != "leave" or decision.action not in ("prompt", "non_working"):
        return ()
    asked = [d.date for d in decision.request.days]
    if decision.parser == "rules" and (calendar.region or calendar.holidays):
        free = parse_rules(text, now, calendar.without_holidays())
        asked.extend(d.date for d in free.request.days)
    return tuple(HolidayNote(date=d, name=n) for d, n in holidays_skipped(calendar, asked))


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
