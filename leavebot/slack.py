"""Our Slack Web API client: the real ``AsyncWebClient`` with retries and pacing.

It retries on HTTP 429 (honouring ``Retry-After``) and on a connection that
dropped before any answer; it paces posts per channel with a token bucket
(Slack allows about one message per second per channel, with short bursts).
It also knows the few lookups the actors need: a person's time zone (cached),
a thread's earlier messages, and a bot message found by its block id in a
thread or the channel (so a redelivered message never posts a second prompt,
nor a restarted digest a second post); and it publishes Home tabs.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Sequence
from typing import Any

import aiohttp
import anyio
import structlog
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_async_handlers import (
    AsyncConnectionErrorRetryHandler,
    AsyncRateLimitErrorRetryHandler,
)
from slack_sdk.web.async_client import AsyncWebClient

log = structlog.get_logger(__name__)

GONE = frozenset({"message_not_found", "cant_update_message"})
"""``chat.update`` errors that mean the message can no longer be edited."""

Blocks = list[dict[str, Any]]


class TokenBucket:
    """``rate`` tokens a second up to ``burst``; ``take`` waits for one."""

    def __init__(self, rate: float, burst: int) -> None:
        self.rate = rate
        self.burst = burst
        self.tokens = float(burst)
        self.updated = time.monotonic()
        self.lock = anyio.Lock()

    async def take(self) -> None:
        async with self.lock:
            while True:
                now = time.monotonic()
                self.tokens = min(self.burst, self.tokens + (now - self.updated) * self.rate)
                self.updated = now
                if self.tokens >= 1:
                    self.tokens -= 1
                    return
                await anyio.sleep((1 - self.tokens) / self.rate)


def _sdk_logger() -> logging.Logger:
    """The SDK's logger, with its level set.

    The SDK formats every request and answer (blocks included) for a debug line
    whenever its logger's own level is unset (``logger.level <= DEBUG``), even
    when nothing would print it. A level of INFO, or DEBUG only when debug
    logging is on, keeps that work for when it is wanted.
    """
    logger = logging.getLogger("leavebot.slack_sdk")
    logger.setLevel(
        logging.DEBUG if logging.getLogger().isEnabledFor(logging.DEBUG) else logging.INFO
    )
    return logger


def _shared_session() -> aiohttp.ClientSession | None:
    """One keep-alive HTTP session for every call, when made inside the event loop.

    Without it the SDK opens (and closes) a new session and connection per
    call. Outside a running loop (no session can be bound to one yet) the SDK
    keeps doing that.
    """
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return None
    return aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=32))


class SlackClient:
    """The bot's Web API calls, paced per channel and retried on 429."""

    def __init__(
        self,
        token: str,
        base_url: str,
        *,
        rate_per_s: float = 1.0,
        burst: int = 20,
        timeout_s: int = 15,
        tz_ttl_s: float = 3600.0,
    ) -> None:
        self.web = AsyncWebClient(
            token=token,
            base_url=base_url,
            timeout=timeout_s,
            session=_shared_session(),
            logger=_sdk_logger(),
            retry_handlers=[
                AsyncRateLimitErrorRetryHandler(max_retry_count=5),
                AsyncConnectionErrorRetryHandler(max_retry_count=2),
            ],
        )
        self.rate_per_s = rate_per_s
        self.burst = burst
        self._buckets: dict[str, TokenBucket] = {}
        self._tz: dict[str, tuple[float, str | None]] = {}
        self.tz_ttl_s = tz_ttl_s

    async def _pace(self, channel: str) -> None:
        bucket = self._buckets.get(channel)
        if bucket is None:
            bucket = self._buckets[channel] = TokenBucket(self.rate_per_s, self.burst)
        await bucket.take()

    async def post(
        self, channel: str, text: str, blocks: Blocks | None = None, *, thread_ts: str | None = None
    ) -> str:
        await self._pace(channel)
        resp = await self.web.chat_postMessage(
            channel=channel, text=text, blocks=blocks, thread_ts=thread_ts
        )
        return str(resp["ts"])

    async def update(self, channel: str, ts: str, text: str, blocks: Blocks | None = None) -> bool:
        """Edit the bot's message; False when it is no longer there to edit (deleted in
        Slack, say), which no retry would change. Other failures raise."""
        await self._pace(channel)
        try:
            await self.web.chat_update(channel=channel, ts=ts, text=text, blocks=blocks or [])
        except SlackApiError as exc:
            if exc.response.get("error") in GONE:
                return False
            raise
        return True

    async def ephemeral(
        self,
        channel: str,
        user: str,
        text: str,
        blocks: Blocks | None = None,
        *,
        thread_ts: str | None = None,
    ) -> None:
        await self.web.chat_postEphemeral(
            channel=channel, user=user, text=text, blocks=blocks, thread_ts=thread_ts
        )

    async def thread_messages(self, channel: str, thread_ts: str) -> list[dict[str, Any]]:
        messages: list[dict[str, Any]] = []
        cursor: str | None = None
        while True:
            resp = await self.web.conversations_replies(
                channel=channel, ts=thread_ts, cursor=cursor, limit=200
            )
            messages.extend(resp.get("messages") or [])
            cursor = (resp.get("response_metadata") or {}).get("next_cursor") or None
            if not cursor:
                return messages

    async def find_block(self, channel: str, thread_ts: str, block_id: str) -> str | None:
        """The ts of a message in the thread that carries ``block_id``, if any."""
        for message in await self.thread_messages(channel, thread_ts):
            for block in message.get("blocks") or []:
                if block.get("block_id") == block_id:
                    return str(message["ts"])
        return None

    async def find_in_channel(self, channel: str, block_id: str, oldest: float) -> str | None:
        """The ts of a top-level message since ``oldest`` (epoch seconds) that carries
        ``block_id``, if any: a post whose answer was lost is found, never made twice."""
        cursor: str | None = None
        while True:
            resp = await self.web.conversations_history(
                channel=channel, oldest=f"{oldest:.6f}", cursor=cursor, limit=200
            )
            for message in resp.get("messages") or []:
                for block in message.get("blocks") or []:
                    if block.get("block_id") == block_id:
                        return str(message["ts"])
            cursor = (resp.get("response_metadata") or {}).get("next_cursor") or None
            if not cursor:
                return None

    async def publish_home(self, user: str, view: dict[str, Any]) -> None:
        """Show ``view`` as ``user``'s Home tab of the app (``views.publish``)."""
        await self.web.views_publish(user_id=user, view=view)

    async def earlier_texts(self, channel: str, thread_ts: str, before_ts: str) -> list[str]:
        """The texts of a thread's messages before ``before_ts``, oldest first."""
        texts = []
        for message in await self.thread_messages(channel, thread_ts):
            if float(message["ts"]) < float(before_ts) and message.get("text"):
                who = "bot" if message.get("bot_id") else "person"
                texts.append(f"{who}: {message['text']}")
        return texts

    async def user_timezone(self, user: str) -> str | None:
        """The person's Slack time zone, cached for ``tz_ttl_s``."""
        cached = self._tz.get(user)
        if cached and time.monotonic() - cached[0] < self.tz_ttl_s:
            return cached[1]
        resp = await self.web.users_info(user=user)
        tz = (resp.get("user") or {}).get("tz")
        value = str(tz) if tz else None
        self._tz[user] = (time.monotonic(), value)
        return value

    async def close(self) -> None:
        session = getattr(self.web, "session", None)
        if session is not None and not session.closed:
            await session.close()


def button(text: str, action_id: str, value: str, style: str | None = None) -> dict[str, Any]:
    element: dict[str, Any] = {
        "type": "button",
        "text": {"type": "plain_text", "text": text, "emoji": True},
        "action_id": action_id,
        "value": value,
    }
    if style:
        element["style"] = style
    return element


def escape(text: str) -> str:
    """Escape text for Slack mrkdwn (the three characters Slack reserves)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def lines(items: Sequence[str]) -> str:
    return "\n".join(items)
