"""The parser actor: reads a stored Slack message and decides what it asks for.

Rules first, the LLM only when the rules are unsure and one is configured
(``leavebot.parsing.auto``); the earlier messages of the thread go to the LLM
so a reply like "make Friday a half day" is read in context. A reading that
is not a leave stays silent; one with no dates (or only non-working days, or
beyond a hard limit) gets a reply in the thread saying so; one nobody could
read gets a reply asking for dates only when it is clearly the author's own
leave, and is otherwise ignored (``parse.unsure_ignored``); a cancel that
names no date gets the author's upcoming leave to pick from; everything else
goes to the tracker.
"""

from __future__ import annotations

import datetime as dt
import time

import anyio
import anyio.abc
import structlog

from leavebot.channels import Delivery
from leavebot.domain import WorkCalendar
from leavebot.messages import ParsedLeave, SlackMessage, ordering_key
from leavebot.parsing.auto import Decision, decide
from leavebot.parsing.llm import LLMConfig
from leavebot.parsing.markup import slack_to_text
from leavebot.parsing.vocabulary import mentions
from leavebot.prompts import (
    ask_dates,
    beyond_limits,
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
        calendar = config.calendar()
        now = dt.datetime.fromtimestamp(float(message.ts), dt.UTC)
        thread_ts = message.thread_ts or message.ts
        llm = self.runtime.llm()
        thread: list[str] = []
        if llm is not None and message.thread_ts and message.thread_ts != message.ts:
            thread = await self.runtime.slack().earlier_texts(
                message.channel, message.thread_ts, message.ts
            )
        # Let through only by a trigger word an admin added, not one of the parser's?
        widened = not mentions(message.text) and mentions(message.text, config.triggers())
        decision = await decide(message.text, now, calendar, llm, thread=thread, widened=widened)
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
            plog.info("parse.non_working_days")
            await self._reply(delivery, message, thread_ts, *non_working(message.event_id))
            return
        if decision.request.intent == "cancel" and not decision.request.days:
            await self._offer_upcoming(delivery, message, thread_ts, calendar.local_date(now))
            plog.info("parse.cancel_without_dates")
            return
        await self._to_tracker(delivery, message, thread_ts, decision)
        plog.info("parse.request", days=len(decision.request.days))

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
        unsure = set(decision.reasons) - {"llm_not_configured", "unsure_ignored"}
        if (
            decision.action in ("ask_dates", "none")
            and not decision.sure
            and decision.request.days
            and unsure == {"reschedule"}
        ):
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
        self, delivery: Delivery, message: SlackMessage, thread_ts: str, decision: Decision
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
                message.channel, thread_ts, reply_block_id(message.event_id)
            )
        if already is None:
            await slack.post(message.channel, text, blocks, thread_ts=thread_ts)
        # It wrote nothing else: the inbox acks it with its batch.


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
