"""Benchmark of the Slack conversation: the real actor tree against the sandbox Slack.

One process runs the sandbox Slack (Web API + Socket Mode over real local
sockets), the ``bot`` role's supervised tree (slack-bolt listener, rules
parser, tracker; no LLM: ``OPENAI_API_KEY`` is removed from this process) on
a fresh database of the embedded Postgres (or ``DATABASE_URL``), and this
driver. Slack pacing is set high so the token bucket does not dominate.

Measures, one at a time (the next starts when the previous one is done):

- ``prompt``: from ``sandbox.post_user_message`` (a registered person writes
  "leave on <date>") until the bot's prompt with Confirm / Cancel is in the
  sandbox's message list (checked on every sandbox state change);
- ``edit_to_prompt``: from ``sandbox.edit_user_message`` (the author edits
  their message, while its request is pending, to another day) until the new
  prompt with Confirm / Cancel for the edited message is in the sandbox's
  message list (the old one is then also replaced; its edit is not waited on);
- ``click_ack``: from ``sandbox.click`` (the author presses Confirm on a
  prompt, the one made by the edit) until the sandbox recorded the app's
  Socket Mode acknowledgement of that envelope (``Ack.at``); the driver then
  waits until the prompt was edited.

Before each measurement the driver waits until the previous round is over
(every delivery acknowledged, no parser/tracker message in flight), so
rounds never overlap.

Prints one JSON object as its last line:
``{"bench": "slack", "results": {"prompt_p50_ms": ..., "prompt_p99_ms": ...,
"edit_to_prompt_p50_ms": ..., "edit_to_prompt_p99_ms": ...,
"click_ack_p50_ms": ..., "click_ack_p99_ms": ...}}``.
``--profile FILE`` writes a cProfile of the measured part (pstats format).
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import json
import logging
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any

import anyio
import structlog
from pydantic import SecretStr

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from actors import tracker
from bench._pg import fresh_database
from leavebot.channels import Channels
from leavebot.db import Database
from leavebot.domain import WorkCalendar
from leavebot.processes import build_tree
from leavebot.prompts import CONFIRM
from leavebot.queries import Q
from leavebot.runtime import Runtime
from leavebot.sandbox.slack import Delivery, SlackSandbox
from leavebot.settings import Settings

JSON = dict[str, Any]
BUSY = (
    "SELECT EXISTS (SELECT 1 FROM mailbox"
    " WHERE recipient IN ('parser', 'tracker') AND status IN ('ready', 'claimed'))"
)
WARMUP = 10
MAX_WORKDAYS = 120  # a message's day; an edit moves it 120 workdays on (inside +366 days)


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def workday(n: int) -> str:
    """The ``n``th Monday-to-Friday day after today, as ISO."""
    start = dt.date.today() + dt.timedelta(days=1)
    return WorkCalendar().next_working_days(start, n)[-1].isoformat()


def has_buttons(message: JSON | None) -> bool:
    return message is not None and any(
        b.get("type") == "actions" for b in message.get("blocks") or []
    )


def button(message: JSON, prefix: str) -> str:
    for block in message.get("blocks") or []:
        for element in block.get("elements") or []:
            action = str(element.get("action_id", ""))
            if action.startswith(prefix):
                return action
    raise AssertionError(f"no {prefix} button in the prompt {message['ts']}")


class Driver:
    """Posts, clicks and waits through the sandbox's Python control API."""

    def __init__(self, sandbox: SlackSandbox, db: Database) -> None:
        self.sandbox = sandbox
        self.db = db
        self.acked_upto = 0  # deliveries before this index are acknowledged

    async def settle(self) -> None:
        """Until the previous round is over: every delivery acked, no parser/tracker work left.

        So one round's tail (the bot's own message events, the tracker's commit)
        never runs inside the next round's measurement.
        """
        sandbox = self.sandbox

        def all_acked() -> bool:
            deliveries = sandbox.deliveries
            while self.acked_upto < len(deliveries) and deliveries[self.acked_upto].acked:
                self.acked_upto += 1
            return self.acked_upto == len(deliveries)

        await sandbox.wait_for(all_acked, 10.0)
        deadline = time.monotonic() + 10.0
        while await self.db.fetchval(BUSY):
            if time.monotonic() > deadline:
                raise TimeoutError("the parser and tracker did not finish within 10 s")
            await anyio.sleep(0.002)

    async def prompt_after(self, user: str, text: str) -> tuple[float, JSON]:
        """Post ``text`` as ``user``; (ms until the bot's prompt is stored, the prompt)."""
        sandbox = self.sandbox
        await self.settle()
        seen = len(sandbox.deliveries)
        start = time.perf_counter()
        ts = sandbox.post_user_message(user, text)

        def prompt() -> JSON | None:
            # The bot's own messages come back as events: scan only the new deliveries.
            for d in sandbox.deliveries[seen:]:
                if d.kind != "events_api":
                    continue
                event = d.payload.get("event") or {}
                if event.get("bot_id") and event.get("thread_ts") == ts:
                    message = sandbox.message(str(event["ts"]))
                    if not has_buttons(message):
                        raise RuntimeError(f"the bot answered {text!r} without a prompt")
                    return message
            return None

        found: JSON = await sandbox.wait_for(prompt, timeout=10.0)
        return (time.perf_counter() - start) * 1000, found

    async def prompt_after_edit(self, ts: str, old_prompt: str, text: str) -> tuple[float, JSON]:
        """Edit message ``ts`` to ``text``; (ms until its new prompt is stored, the prompt)."""
        sandbox = self.sandbox
        await self.settle()
        seen = len(sandbox.deliveries)
        start = time.perf_counter()
        sandbox.edit_user_message(ts, text)

        def prompt() -> JSON | None:
            for d in sandbox.deliveries[seen:]:
                if d.kind != "events_api":
                    continue
                event = d.payload.get("event") or {}
                if event.get("bot_id") and event.get("thread_ts") == ts:
                    if event.get("ts") == old_prompt:
                        continue
                    message = sandbox.message(str(event["ts"]))
                    if not has_buttons(message):
                        raise RuntimeError(f"the bot answered the edit {text!r} without a prompt")
                    return message
            return None

        found: JSON = await sandbox.wait_for(prompt, timeout=10.0)
        return (time.perf_counter() - start) * 1000, found

    async def click_ack(self, user: str, prompt: JSON) -> float:
        """Press Confirm; ms until the sandbox recorded the ack. Waits for the edit too."""
        sandbox = self.sandbox
        action = button(prompt, CONFIRM)
        await self.settle()
        start = time.time()
        delivery: Delivery = sandbox.click(user, prompt["ts"], action)
        await sandbox.wait_for_ack(delivery, timeout=10.0)
        ack = next(a for a in reversed(sandbox.acks) if a.envelope_id == delivery.envelope_id)
        elapsed = (ack.at - start) * 1000
        await sandbox.wait_for(lambda: not has_buttons(sandbox.message(prompt["ts"])), 10.0)
        return elapsed


async def seed_users(db: Database, sandbox: SlackSandbox) -> list[str]:
    people = [u for u in sandbox.users if u.registered and not u.is_bot]
    for user in people:
        await db.execute(Q.user_upsert, user.id, user.real_name, user.email, None, user.tz, True)
    return [u.id for u in people]


async def measure(
    url: str, n: int, profile: cProfile.Profile | None
) -> tuple[list[float], list[float], list[float]]:
    db = await Database.open(url, min_size=2, max_size=10)
    sandbox = SlackSandbox(ack_timeout=10.0)
    await sandbox.start()
    runtime: Runtime | None = None
    try:
        users = await seed_users(db, sandbox)
        settings = Settings(
            _env_file=None,
            slack_bot_token=SecretStr(sandbox.bot_token),
            slack_app_token=SecretStr(sandbox.app_token),
            slack_api_url=sandbox.api_url,
            slack_channel_id=sandbox.channel_id,
            slack_rate_per_s=10_000.0,
            slack_burst=10_000,
            openai_api_key=None,
            heartbeat_interval_s=5.0,
            log_level="WARNING",
        )
        runtime = Runtime(settings=settings, db=db, channels=Channels(db), process="bot")
        # No syncer runs here, so a Confirm's "processing" edit is the prompt's last: it is
        # not held for an outcome that never comes (each round waits for that edit).
        tracker.INTERIM_HOLD_S = 0.0
        tree = build_tree("bot", runtime)
        driver = Driver(sandbox, db)
        prompt_ms: list[float] = []
        edit_ms: list[float] = []
        click_ms: list[float] = []
        async with anyio.create_task_group() as tg:
            await tg.start(tree.run)
            await sandbox.wait_for_connections(1, timeout=10.0)
            prompts: list[tuple[str, JSON]] = []
            for i in range(WARMUP + n):
                user = users[i % len(users)]
                # Each person gets the next day: no day is asked twice by one person.
                text = f"leave on {workday(1 + (i // len(users)) % MAX_WORKDAYS)}"
                if i == WARMUP and profile is not None:
                    profile.enable()
                elapsed, prompt = await driver.prompt_after(user, text)
                if i >= WARMUP:
                    prompt_ms.append(elapsed)
                prompts.append((user, prompt))
            # Edits: each message moves to a day of its own, its prompt replaced.
            edited: list[tuple[str, JSON]] = []
            for i, (user, prompt) in enumerate(prompts):
                later = 1 + (i // len(users)) % MAX_WORKDAYS + MAX_WORKDAYS
                elapsed, new = await driver.prompt_after_edit(
                    str(prompt["thread_ts"]), str(prompt["ts"]), f"leave on {workday(later)}"
                )
                if i >= WARMUP:
                    edit_ms.append(elapsed)
                edited.append((user, new))
            # Clicks: each day is pending once per person, so every Confirm is accepted.
            for i, (user, prompt) in enumerate(edited[: WARMUP + n]):
                elapsed = await driver.click_ack(user, prompt)
                if i >= WARMUP:
                    click_ms.append(elapsed)
            if profile is not None:
                profile.disable()
            tg.cancel_scope.cancel()
        return prompt_ms, edit_ms, click_ms
    finally:
        if runtime is not None:
            await runtime.close()
        await sandbox.stop()
        await db.close()


async def main(n: int, profile_path: str | None) -> dict[str, float]:
    structlog.configure(wrapper_class=structlog.make_filtering_bound_logger(logging.WARNING))
    url = await fresh_database("bench_slack")
    profile = cProfile.Profile() if profile_path else None
    prompt_ms, edit_ms, click_ms = await measure(url, n, profile)
    if profile is not None and profile_path:
        profile.dump_stats(profile_path)
    print(
        f"{n} prompts: mean {statistics.fmean(prompt_ms):.2f} ms, max {max(prompt_ms):.2f} ms;"
        f" {n} edits: mean {statistics.fmean(edit_ms):.2f} ms, max {max(edit_ms):.2f} ms;"
        f" {n} clicks: mean {statistics.fmean(click_ms):.2f} ms, max {max(click_ms):.2f} ms",
        file=sys.stderr,
    )
    results = {
        "prompt_p50_ms": statistics.median(prompt_ms),
        "prompt_p99_ms": pct(prompt_ms, 0.99),
        "edit_to_prompt_p50_ms": statistics.median(edit_ms),
        "edit_to_prompt_p99_ms": pct(edit_ms, 0.99),
        "click_ack_p50_ms": statistics.median(click_ms),
        "click_ack_p99_ms": pct(click_ms, 0.99),
    }
    return {k: round(v, 3) for k, v in results.items()}


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--messages", type=int, default=200)
    parser.add_argument("--profile", metavar="FILE", help="write a cProfile of the measured part")
    args = parser.parse_args()
    if args.messages < 1:
        parser.error("--messages must be at least 1")
    os.environ.pop("OPENAI_API_KEY", None)  # rules only: no LLM in this process
    os.environ["LOG_LEVEL"] = "WARNING"
    results = anyio.run(main, args.messages, args.profile)
    print(json.dumps({"bench": "slack", "results": results}))
