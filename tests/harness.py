"""A running bot for tests: every sandbox + the real actor tree on a fresh database.

``bot_stack`` starts the sandboxes (Slack, OpenAI, Calendar, Harvest) on one
port, seeds the sandbox's registered people into ``users``, and runs a role's
supervised tree (the real slack-bolt, googleapiclient and Harvest clients over
real sockets) until the test leaves the block.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from typing import Any

import anyio

from leavebot.channels import Channels
from leavebot.db import Database
from leavebot.processes import build_tree
from leavebot.queries import Q
from leavebot.runtime import Runtime
from leavebot.sandbox.composite import Sandboxes
from leavebot.sandbox.slack import SlackSandbox
from leavebot.sandbox.wiring import seed
from leavebot.sandbox.wiring import settings_for as sandbox_settings
from leavebot.settings import Settings

ADMIN_TOKEN = "a" * 40
JSON = dict[str, Any]


@dataclass
class Stack:
    sandbox: SlackSandbox
    runtime: Runtime
    db: Database
    sandboxes: Sandboxes

    def bot_messages(self, thread_ts: str | None = None) -> list[JSON]:
        return [
            m
            for m in self.sandbox.messages()
            if m.get("bot_id")
            and not m.get("ephemeral_to")
            and (thread_ts is None or m.get("thread_ts") == thread_ts)
        ]

    def ephemerals(self, user: str) -> list[JSON]:
        return [m for m in self.sandbox.messages() if m.get("ephemeral_to") == user]

    async def wait(self, predicate: Callable[[], Any], timeout: float = 10.0) -> Any:  # noqa: ASYNC109
        """Until ``predicate()`` is truthy (returning it), polling every 20 ms."""
        deadline = time.monotonic() + timeout
        while True:
            value = predicate()
            if value:
                return value
            if time.monotonic() > deadline:
                raise TimeoutError(f"condition not met within {timeout}s")
            await anyio.sleep(0.02)

    async def wait_db(self, query: str, *args: Any, expect: Any, timeout: float = 10.0) -> None:  # noqa: ASYNC109
        deadline = time.monotonic() + timeout
        while True:
            value = await self.db.fetchval(query, *args)
            if value == expect:
                return
            if time.monotonic() > deadline:
                raise TimeoutError(f"{query!r} gave {value!r}, not {expect!r}")
            await anyio.sleep(0.02)

    async def prompt(self, thread_ts: str, timeout: float = 10.0) -> JSON:  # noqa: ASYNC109
        """The bot's prompt (a message with buttons) in a thread."""

        found: JSON = await self.wait(lambda: prompt_in(self.bot_messages(thread_ts)), timeout)
        return found

    def button(self, message: JSON, prefix: str) -> str:
        return button(message, prefix)


def prompt_in(messages: list[JSON]) -> JSON | None:
    """The first bot message among ``messages`` that carries buttons (a prompt)."""
    for m in messages:
        if m.get("bot_id") and any(b.get("type") == "actions" for b in m.get("blocks") or []):
            return m
    return None


def button(message: JSON, prefix: str) -> str:
    """The action id of the message's button whose id starts with ``prefix``."""
    for block in message.get("blocks") or []:
        for element in block.get("elements") or []:
            action = element.get("action_id", "")
            if action.startswith(prefix):
                return str(action)
    raise AssertionError(f"no {prefix} button in {message}")


def settings_for(sandboxes: Sandboxes, **extra: Any) -> Settings:
    values: dict[str, Any] = {
        "admin_token": ADMIN_TOKEN,
        "admin_port": 0,
        "heartbeat_interval_s": 0.5,
        "expiry_check_s": 0.2,
        "slack_rate_per_s": 50.0,
        "slack_burst": 50,
        "slack_history_calls_per_minute": 600.0,
    }
    values.update(extra)
    return sandbox_settings(sandboxes, **values)


@contextlib.asynccontextmanager
async def bot_stack(
    db: Database,
    role: str = "all",
    *,
    sandbox: SlackSandbox | None = None,
    sandboxes: Sandboxes | None = None,
    digest: bool = False,
    **extra: Any,
) -> AsyncIterator[Stack]:
    """The role's tree against all the sandboxes (``sandbox``: a Slack sandbox of the test's).

    A Slack sandbox passed in is mounted for this stack and outlives it (its state is
    kept), so a test can stop the bot and start it again against the same channel.
    ``sandboxes`` already started are used as they are and keep running after the
    stack: the services go on (Slack retrying, then giving up) while the bot is down.

    The morning digest is off unless ``digest`` (it would post into other tests'
    channel whenever they run on a working morning).
    """
    own = sandboxes is None
    if sandboxes is None:
        sandboxes = Sandboxes(slack=sandbox or SlackSandbox(ack_timeout=1.0))
        await sandboxes.start()
    slack = sandboxes.slack
    try:
        await seed(db, sandboxes)
        if not digest:
            await db.execute(Q.config_put, "digest_enabled", False, "test")
        runtime = Runtime(
            settings=settings_for(sandboxes, **extra), db=db, channels=Channels(db), process=role
        )
        tree = build_tree(role, runtime)
        try:
            async with anyio.create_task_group() as tg:
                await tg.start(tree.run)
                await slack.wait_for_connections(1)
                try:
                    yield Stack(slack, runtime, db, sandboxes)
                finally:
                    tg.cancel_scope.cancel()
        finally:
            await runtime.close()
    finally:
        if own:
            await sandboxes.stop()
