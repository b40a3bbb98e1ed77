"""The digest actor: the morning who's-out post, exactly once per working day.

A timer on the bot's clock (``runtime.clock``): it sleeps until the next
moment worth a look (the day's ``digest_time``, the next midnight, or at most
``digest_check_s`` so config changes are seen) and then, on a company working
day at or after the time, runs that date's digest. What it says is
``leavebot.digest``'s.

Exactly once per date, across restarts, crashes and several processes, by a
durable claim in ``digest_runs`` keyed by the date:

1. ``digest_claim`` inserts the date's row as ``claimed`` by this process for a
   lease, or takes over a claim whose lease ran out or whose process is dead
   (same host). Only one process holds a date at a time; a finished date
   (``posted``, ``empty``, ``skipped``) is never claimed again.
2. Before posting, ``digest_posting`` records that a post may be in flight.
   A process that takes over a claim with such a record first waits until
   that post could no longer land (``digest_post_grace_s``), then looks for it
   in the channel by its block id (``digest:<date>``): found, the date is
   marked posted with it; not found, it posts.
3. The post is bounded by the same grace; its ts is kept with ``posted``.

A kill at any point therefore leads to one post: before step 2 nothing was
sent; after it, the next holder finds what landed. When the morning is over
(``leavebot.digest.late_until``) a date not yet posted is skipped and
``digest.skipped`` is logged once. A post Slack refuses (a wrong channel, say)
is logged and tried again on the next look until then.
"""

from __future__ import annotations

import datetime as dt
import os
import socket
import uuid

import aiohttp
import anyio
import anyio.abc
import structlog
from slack_sdk.errors import SlackApiError

from leavebot import digest
from leavebot.calendars import author_calendar
from leavebot.channels import claimer_is_dead
from leavebot.config import RuntimeConfig
from leavebot.db import DB_UNAVAILABLE
from leavebot.queries import Q
from leavebot.runtime import Runtime
from leavebot.supervisor import ChildSpec

log = structlog.get_logger(__name__)

RETRY_AFTER_FAILURE_S = 30.0
LEASE_MARGIN_S = 60.0


def channel_of(runtime: Runtime, config: RuntimeConfig) -> str:
    """Where the digest goes: ``digest_channel``, else the leave channel."""
    return config.digest_channel or runtime.channel_id()


class DigestActor:
    def __init__(self, runtime: Runtime) -> None:
        self.runtime = runtime
        # host:pid first, as the mailbox's claimers, so a dead holder is seen as one.
        self.claimer = f"{socket.gethostname()}:{os.getpid()}:digest:{uuid.uuid4().hex[:8]}"
        self.grace_s = runtime.settings.digest_post_grace_s
        self.log = log.bind(actor="digest")

    async def tick(self) -> dt.datetime:
        """Do what is due now; return when to look again."""
        clock = self.runtime.clock
        now = clock.now()
        config = await self.runtime.config.get()
        soon = now + dt.timedelta(seconds=self.runtime.settings.digest_check_s)
        if not config.digest_enabled:
            return soon
        calendar = author_calendar(config, None)
        local = now.astimezone(calendar.zone)
        today = local.date()
        tomorrow = dt.datetime.combine(today + dt.timedelta(days=1), dt.time(), calendar.zone)
        if not calendar.is_working_day(today):
            return tomorrow
        due = digest.due_at(today, config.digest_time, calendar)
        if local < due:
            return due
        row = await self.runtime.db.fetchrow(Q.digest_run_get, today)
        if row is not None and row["status"] != "claimed":
            return tomorrow
        late = local >= digest.late_until(today, config.digest_time, calendar)
        if late and row is None:
            if await self.runtime.db.fetchval(Q.digest_skip_missed, today, "missed the morning"):
                self.log.info("digest.skipped", day=today.isoformat(), reason="missed the morning")
            return tomorrow
        await self.run(today, config, late=late)
        return soon

    async def run(self, day: dt.date, config: RuntimeConfig, *, late: bool) -> None:
        """Claim ``day``'s digest and see it through (see the module docstring)."""
        db = self.runtime.db
        holder = await db.fetchrow(Q.digest_run_get, day)
        dead = []
        if holder is not None and holder["claimed_by"] and claimer_is_dead(holder["claimed_by"]):
            dead.append(holder["claimed_by"])
        lease_s = self.grace_s + LEASE_MARGIN_S
        claim = await db.fetchrow(Q.digest_claim, day, self.claimer, lease_s, dead, self.grace_s)
        if claim is None:
            return  # another process holds it, or it is done
        dlog = self.log.bind(day=day.isoformat())
        channel = channel_of(self.runtime, config)
        slack = self.runtime.slack()
        if claim["posting_since"] is not None:
            # A post may be on its way from the holder before us: let it land, then look.
            await anyio.sleep(float(claim["in_flight_s"] or 0.0))
            oldest = claim["posting_since"].timestamp() - 60
            ts = await slack.find_in_channel(channel, digest.block_id(day), oldest)
            if ts is not None:
                await db.execute(
                    Q.digest_finish, day, self.claimer, "posted", channel, ts, None, None, None
                )
                dlog.info("digest.found_posted", channel=channel, ts=ts)
                return
        if late:
            await self._finish(day, "skipped", reason="missed the morning")
            dlog.info("digest.skipped", reason="missed the morning")
            return
        calendar = author_calendar(config, None)
        rows = await db.fetch(Q.digest_days, day, digest.week_end(day))
        made = digest.build(day, rows, show_category=config.digest_show_category)
        if made.empty and config.digest_when_empty == "skip":
            await self._finish(day, "empty", reason="nobody out; admins chose no post")
            dlog.info("digest.empty", posted=False)
            return
        if await db.fetchval(Q.digest_posting, day, self.claimer, channel) is None:
            return  # the claim was taken over meanwhile: the new holder goes on
        with anyio.fail_after(self.grace_s):
            ts = await slack.post(channel, made.text, made.blocks)
        await db.execute(
            Q.digest_finish,
            day,
            self.claimer,
            "posted",
            channel,
            ts,
            made.people_today,
            made.people_later,
            None,
        )
        dlog.info(
            "digest.posted",
            channel=channel,
            ts=ts,
            today=made.people_today,
            later=made.people_later,
            zone=calendar.timezone,
        )

    async def _finish(self, day: dt.date, status: str, *, reason: str) -> None:
        await self.runtime.db.execute(
            Q.digest_finish, day, self.claimer, status, None, None, None, None, reason
        )


def child(runtime: Runtime) -> ChildSpec:
    async def run(*, task_status: anyio.abc.TaskStatus[None]) -> None:
        actor = DigestActor(runtime)
        task_status.started()
        while True:
            clock = runtime.clock
            try:
                wake_at = await actor.tick()
            except DB_UNAVAILABLE as exc:
                log.warning("digest.database_unavailable", actor="digest", error=str(exc))
                wake_at = clock.now() + dt.timedelta(seconds=RETRY_AFTER_FAILURE_S / 6)
            except (SlackApiError, TimeoutError, OSError, aiohttp.ClientError) as exc:
                error = f"{type(exc).__name__}: {exc}"[:500]
                log.warning("digest.post_failed", actor="digest", error=error)
                wake_at = clock.now() + dt.timedelta(seconds=RETRY_AFTER_FAILURE_S)
            await clock.sleep_until(wake_at, at_most_s=runtime.settings.digest_check_s)

    return ChildSpec(name="digest", start=run, restart="permanent")
