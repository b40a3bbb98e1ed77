"""The home actor: publishes each person's Home tab with ``views.publish``.

Two messages reach it. ``home_opened`` (the listener stored Slack's
``app_home_opened``): a registered person is recorded in ``home_views`` and
their view published; anyone else sees how to get registered. ``refresh_home``
(queued by migration 0012's triggers in the very statement that changed a
request or a day of someone who has opened Home): their view is published
again. A view is built from the database as it is when published, so a
redelivery or a late message shows the current state; two refreshes of one
person already claimed together publish once (``coalesce``), and a view equal
to the one last published (``home_views.view_hash``) is not sent again.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Hashable, Mapping
from typing import Any

import anyio
import anyio.abc
import structlog

from leavebot import home, public_holidays
from leavebot.calendars import author_calendar, person_region
from leavebot.channels import Delivery
from leavebot.messages import HomeOpened, Message, RefreshHome, ordering_key
from leavebot.queries import Q
from leavebot.runtime import Runtime
from leavebot.supervisor import ChildSpec

log = structlog.get_logger(__name__)

HOME_ROWS = 60


class HomeActor:
    def __init__(self, runtime: Runtime) -> None:
        self.runtime = runtime
        self.log = log.bind(actor="home")

    async def handle(self, delivery: Delivery) -> None:
        message = delivery.message
        db = self.runtime.db
        if isinstance(message, HomeOpened):
            person = await db.fetchrow(Q.user_by_slack_id, message.user)
            if person is None or not person["active"]:
                await self.runtime.slack().publish_home(
                    message.user, home.unregistered_view(self.runtime.channel_id())
                )
                self.log.info("home.published", user=message.user, registered=False)
                return
            kept = await db.fetchval(Q.home_opened, person["id"])
            await self.publish(dict(person), kept)
        elif isinstance(message, RefreshHome):
            person = await db.fetchrow(Q.user_get, message.user_id)
            if person is None:
                return
            kept = await db.fetchval(Q.home_view_hash, person["id"])
            await self.publish(dict(person), kept)
        else:
            self.log.error("home.unexpected_message", kind=message.kind)

    async def view_of(self, person: Mapping[str, Any]) -> dict[str, Any]:
        """The Home view of a registered, active person as their leave is now."""
        config = await self.runtime.config.get()
        calendar = author_calendar(config, person)
        today = calendar.local_date(self.runtime.clock.now())
        since = self.runtime.clock.now() - dt.timedelta(days=home.RECENT_DAYS)
        rows = await self.runtime.db.fetch(Q.home_requests, person["id"], since, today, HOME_ROWS)
        region = person_region(config, person)
        return home.build_view(
            rows,
            today,
            self.runtime.channel_id(),
            holiday_region=public_holidays.region_name(region) if region else "none set",
        )

    async def publish(self, person: Mapping[str, Any], kept_hash: str | None) -> None:
        started = time.perf_counter()
        if not person["active"]:
            view = home.unregistered_view(self.runtime.channel_id())
        else:
            view = await self.view_of(person)
        digest = home.view_hash(view)
        if digest == kept_hash:
            return
        await self.runtime.slack().publish_home(person["slack_user_id"], view)
        await self.runtime.db.execute(Q.home_published, person["id"], digest)
        self.log.info(
            "home.published",
            user=person["slack_user_id"],
            registered=True,
            blocks=len(view["blocks"]),
            ms=round((time.perf_counter() - started) * 1000, 1),
        )


def same_refresh(message: Message) -> Hashable | None:
    """Two refreshes of one person's Home: the later one alone shows it as it is."""
    return ("home", message.user_id) if isinstance(message, RefreshHome) else None


def child(runtime: Runtime) -> ChildSpec:
    async def run(*, task_status: anyio.abc.TaskStatus[None]) -> None:
        inbox = runtime.channels.inbox("home")
        await inbox.serve(
            HomeActor(runtime).handle,
            concurrency=runtime.settings.actor_concurrency,
            key=ordering_key,
            coalesce=same_refresh,
            task_status=task_status,
        )

    return ChildSpec(name="home", start=run, restart="permanent")
