"""The Slack listener's catch-up: reading the leave channel for what was never delivered.

Slack retries an event delivery three times (nearly at once, after 1 minute,
after 5 minutes) and then gives up on it. With every instance of the bot down
for longer (a crash loop, a deploy, a long Postgres outage during which events
are not acknowledged), messages posted meanwhile would never arrive. So on
every (re)connect of Socket Mode, and after the listener could not store an
event, the listener catches up (:class:`CatchUp`):

* it starts at the newest message it has stored in the channel (less
  ``overlap_s``, for messages whose delivery failed while a later one was
  stored), never further back than ``window_s`` (24 h by default), nor
  before the listener first listened to the channel (a new install does not
  answer the channel's past);
* it reads ``conversations.history`` since then (the channel's messages,
  replies "also sent to the channel" included) and feeds them at once, then
  ``conversations.replies`` of the threads where a reply may matter: those
  with a pending request, those the bot spoke in since then (unless their
  request is completed), and those whose parent it read with a reply since
  then;
* every message found goes through the listener's own path
  (``feed``, the handler live events take), oldest first, where it is taken
  once: live deliveries and the catch-up share the key ``msg:<channel>:<ts>``.

Calls are paced to ``calls_per_minute`` (Slack's Tier 3, which
``conversations.history`` and ``conversations.replies`` belong to for an
internal app, allows 50+ a minute: https://docs.slack.dev/apis/web-api/rate-limits),
and a 429 is waited out by the Web API client (``Retry-After``).
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import anyio
import anyio.abc
import structlog

from leavebot.db import DB_UNAVAILABLE, Database
from leavebot.queries import Q

log = structlog.get_logger(__name__)

Feed = Callable[[dict[str, Any], dict[str, Any]], Awaitable[str]]
"""The listener's handler of one message event; it says what became of it."""

PAGE_SIZE = 200
MAX_MESSAGES = 5000
RETRY_S = (1.0, 2.0, 5.0, 10.0, 30.0)


async def listening_since(db: Database, channel: str, now: float) -> str:
    """When the listener started listening to ``channel`` (``now`` the first time).

    Two instances starting at once both run the insert-or-read: the second one's insert
    waits for the first's row, finds it there, and inserts nothing, but its read has the
    snapshot taken before that row was committed and sees no row. The next statement
    does see it, so the read is asked once more."""
    since: str | None = await db.fetchval(Q.slack_listening_since, channel, f"{now:.6f}")
    if since is None:
        since = await db.fetchval(Q.slack_listening_since, channel, f"{now:.6f}")
    if since is None:
        raise RuntimeError(f"no listening row for channel {channel}")
    return since


@dataclass
class CatchUpReport:
    """What one catch-up read and what became of it."""

    since: float | None = None
    read: int = 0
    threads: int = 0
    calls: int = 0
    stored: int = 0
    seen: int = 0
    ignored: int = 0


class CatchUp:
    """Reads the leave channel for messages the listener never got (see the module doc)."""

    def __init__(
        self,
        web: Any,
        db: Database,
        channel: str,
        feed: Feed,
        *,
        window_s: float = 86400.0,
        overlap_s: float = 600.0,
        calls_per_minute: float = 50.0,
        max_threads: int = 100,
    ) -> None:
        self.web = web
        self.db = db
        self.channel = channel
        self.feed = feed
        self.window_s = window_s
        self.overlap_s = overlap_s
        self.interval_s = 60.0 / calls_per_minute
        self.max_threads = max_threads
        self.log = log.bind(actor="slack_listener", channel=channel)
        self._wanted = anyio.Event()
        self._reasons: list[str] = []
        self._last_call = float("-inf")
        self.runs = 0

    def request(self, reason: str) -> None:
        """Ask for a catch-up (Socket Mode (re)connected, or an event was not stored)."""
        if reason not in self._reasons:
            self._reasons.append(reason)
        self._wanted.set()

    async def serve(
        self, *, task_status: anyio.abc.TaskStatus[None] = anyio.TASK_STATUS_IGNORED
    ) -> None:
        """Run the catch-ups asked for, one at a time, until cancelled."""
        task_status.started()
        failures = 0
        while True:
            await self._wanted.wait()
            self._wanted = anyio.Event()
            reasons, self._reasons = ",".join(self._reasons), []
            try:
                await self.run(reasons)
                failures = 0
            except Exception as exc:  # the catch-up never takes the listener down
                wait = RETRY_S[min(failures, len(RETRY_S) - 1)]
                failures += 1
                if isinstance(exc, DB_UNAVAILABLE):
                    self.log.warning(
                        "slack.catchup_failed", reason=reasons, error=str(exc), retry_in_s=wait
                    )
                else:
                    self.log.error(
                        "slack.catchup_failed",
                        reason=reasons,
                        error=repr(exc)[:300],
                        retry_in_s=wait,
                    )
                await anyio.sleep(wait)
                self.request(reasons or "retry")

    async def run(self, reason: str = "") -> CatchUpReport:
        """One catch-up: read what was missed and feed it to the listener."""
        self.runs += 1
        report = CatchUpReport()
        now = time.time()
        listening = await listening_since(self.db, self.channel, now)
        newest = await self.db.fetchval(Q.slack_newest_message_ts, self.channel)
        floor = max(now - self.window_s, float(listening))
        since = floor if newest is None else max(floor, float(newest) - self.overlap_s)
        if since >= now - 1e-6:
            self.log.info("slack.catchup_skipped", reason=reason)
            return report
        report.since = since
        started = time.monotonic()
        seen: set[str] = set()
        top = await self._history(since, report)
        await self._feed(top, seen, report)  # the channel's own messages first
        threads = {
            str(row["thread_ts"])
            for row in await self.db.fetch(
                Q.slack_catchup_threads, self.channel, since, self.max_threads
            )
        }
        threads |= {
            str(m["ts"])
            for m in top
            if m.get("reply_count") and float(m.get("latest_reply") or 0) > since
        }
        report.threads = len(threads)
        for thread_ts in sorted(threads, key=float, reverse=True):  # the newest threads first
            replies = [
                m
                for m in await self._replies(thread_ts, report)
                if str(m.get("ts") or thread_ts) != thread_ts and float(m["ts"]) > since
            ]
            await self._feed(replies, seen, report)  # each thread as soon as it is read
        self.log.info(
            "slack.catchup_done",
            reason=reason,
            since=f"{since:.6f}",
            read=report.read,
            threads=report.threads,
            calls=report.calls,
            stored=report.stored,
            seen=report.seen,
            ignored=report.ignored,
            duration_ms=round((time.monotonic() - started) * 1000, 1),
        )
        return report

    async def _feed(
        self, messages: list[dict[str, Any]], seen: set[str], report: CatchUpReport
    ) -> None:
        """Each message not fed yet through the listener's path, oldest first."""
        for message in sorted(messages, key=lambda m: float(m["ts"])):
            ts = str(message["ts"])
            if ts in seen:
                continue
            seen.add(ts)
            report.read += 1
            outcome = await self.feed({**message, "channel": self.channel}, {})
            if outcome == "stored":
                report.stored += 1
            elif outcome == "duplicate":
                report.seen += 1
            else:
                report.ignored += 1

    async def _pace(self, report: CatchUpReport) -> None:
        wait = self._last_call + self.interval_s - time.monotonic()
        if wait > 0:
            await anyio.sleep(wait)
        self._last_call = time.monotonic()
        report.calls += 1

    async def _history(self, since: float, report: CatchUpReport) -> list[dict[str, Any]]:
        """The channel's messages after ``since``, oldest first."""
        messages: list[dict[str, Any]] = []
        cursor: str | None = None
        while len(messages) < MAX_MESSAGES:
            await self._pace(report)
            resp = await self.web.conversations_history(
                channel=self.channel, oldest=f"{since:.6f}", limit=PAGE_SIZE, cursor=cursor
            )
            messages.extend(resp.get("messages") or [])
            cursor = (resp.get("response_metadata") or {}).get("next_cursor") or None
            if not cursor or not resp.get("has_more"):
                break
        return sorted(messages, key=lambda m: float(m["ts"]))

    async def _replies(self, thread_ts: str, report: CatchUpReport) -> list[dict[str, Any]]:
        """A thread's messages (its parent first); none when the thread is gone."""
        from slack_sdk.errors import SlackApiError

        messages: list[dict[str, Any]] = []
        cursor: str | None = None
        while len(messages) < MAX_MESSAGES:
            await self._pace(report)
            try:
                resp = await self.web.conversations_replies(
                    channel=self.channel, ts=thread_ts, limit=PAGE_SIZE, cursor=cursor
                )
            except SlackApiError as exc:
                if exc.response.get("error") == "thread_not_found":
                    return messages
                raise
            messages.extend(resp.get("messages") or [])
            cursor = (resp.get("response_metadata") or {}).get("next_cursor") or None
            if not cursor or not resp.get("has_more"):
                break
        return messages
