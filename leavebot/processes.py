"""Processes: which actors each ``leave-bot`` role runs, and running them.

A role is an ordered list of children for the root supervisor. Every role
starts with ``mailbox_listener`` (LISTEN/NOTIFY so sends from other processes
wake this one's inboxes) and stores its children's health in
``actor_heartbeats``. SIGTERM or SIGINT stops the tree in reverse order and
the process exits 0. A process that starts while Postgres does not answer yet
(restarting, or starting beside it) waits for it, ``START_WAIT_S`` at most,
before its migrations and its pool.
"""

from __future__ import annotations

import argparse
import functools
import gc
import signal
import sys
import time
from collections.abc import Callable
from typing import TypeVar

import anyio
import anyio.abc
import asyncpg
import structlog

from leavebot import logs, roundtrips
from leavebot.channels import Channels
from leavebot.db import DB_UNAVAILABLE, Database, PooledConnection, resolve_url
from leavebot.errors import LeavebotError
from leavebot.heartbeats import HeartbeatWriter
from leavebot.migrate import apply_migrations
from leavebot.preflight import start_checks
from leavebot.runtime import Runtime
from leavebot.settings import Settings
from leavebot.supervisor import ChildSpec, Supervisor

log = structlog.get_logger(__name__)

ChildFactory = Callable[[Runtime], ChildSpec]
T = TypeVar("T")
START_WAIT_S = 60.0


def database_away(exc: BaseException) -> bool:
    """Whether ``exc`` (or what caused it) says Postgres does not answer, as opposed to
    a refusal (a wrong password, a failing migration) that waiting would not cure."""
    import psycopg

    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, (*DB_UNAVAILABLE, psycopg.OperationalError)) and not isinstance(
            seen, asyncpg.InvalidAuthorizationSpecificationError | asyncpg.InvalidPasswordError
        ):
            return True
        seen = seen.__cause__
    return False


def when_database_answers(step: Callable[[], T], what: str, wait_s: float = START_WAIT_S) -> T:
    """``step()``, tried again while Postgres does not answer, ``wait_s`` at most."""
    deadline = time.monotonic() + wait_s
    delay = 0.2
    while True:
        try:
            return step()
        except LeavebotError as exc:
            if not database_away(exc) or time.monotonic() + delay > deadline:
                raise
            log.warning("db.waiting", step=what, error=str(exc), retry_in_s=delay)
            time.sleep(delay)
            delay = min(delay * 2, 2.0)


def _mailbox_listener(runtime: Runtime) -> ChildSpec:
    async def run(*, task_status: anyio.abc.TaskStatus[None]) -> None:
        await runtime.channels.listen(task_status=task_status)

    return ChildSpec(name="mailbox_listener", start=run, restart="permanent")


def _actor(module: str) -> ChildFactory:
    """The ``child`` factory of ``actors.<module>``, imported when the role starts."""

    def factory(runtime: Runtime) -> ChildSpec:
        import importlib

        made: ChildSpec = importlib.import_module(f"actors.{module}").child(runtime)
        return made

    return factory


BOT = (
    _actor("parser"),
    _actor("tracker"),
    _actor("home"),
    _actor("digest"),
    _actor("slack_listener"),
)
WORKER = (_actor("calendar_syncer"), _actor("harvest_syncer"), _actor("expirer"))
ROLES: dict[str, tuple[ChildFactory, ...]] = {
    "all": (_mailbox_listener, *BOT, *WORKER, _actor("admin_server")),
    "bot": (_mailbox_listener, *BOT),
    "worker": (_mailbox_listener, *WORKER),
    "web": (_mailbox_listener, _actor("admin_server")),
}
MIGRATE_ON_START = {"all"}


def build_tree(role: str, runtime: Runtime) -> Supervisor:
    children = [factory(runtime) for factory in ROLES[role]]
    return Supervisor(
        children,
        name=role,
        report=HeartbeatWriter(runtime.db, role),
        report_interval_s=runtime.settings.heartbeat_interval_s,
    )


def settle_heap() -> None:
    """Take what starting made out of the garbage collector's sight (``gc.freeze``).

    Modules, pools, apps and caches live as long as the process, yet every full
    collection would walk them all again: 50-70 ms pauses that were the admin
    API's slowest answers, and CPU taken from the actors. Called once the
    process is up.
    """
    gc.collect()
    gc.freeze()


async def serve(role: str, settings: Settings, url: str, *, demo: bool = False) -> None:
    """Run ``role``'s tree until SIGTERM/SIGINT, then stop it in reverse order.

    With ``ROUND_TRIPS_FILE`` set, its Postgres round trips are counted
    (``leavebot.roundtrips``) and written there on SIGUSR1 and at the end.
    """
    counted = settings.round_trips_file
    deadline = time.monotonic() + START_WAIT_S
    delay = 0.2
    while True:
        try:
            db = await Database.open(
                url,
                min_size=settings.db_pool_min,
                max_size=settings.db_pool_max,
                connection_class=(
                    PooledConnection if counted is None else roundtrips.CountingConnection
                ),
            )
            break
        except LeavebotError as exc:
            if not database_away(exc) or time.monotonic() + delay > deadline:
                raise
            log.warning("db.waiting", step="pool", error=str(exc), retry_in_s=delay)
            await anyio.sleep(delay)
            delay = min(delay * 2, 2.0)
    runtime = Runtime(settings=settings, db=db, channels=Channels(db), process=role, demo=demo)
    try:
        async with anyio.create_task_group() as tg:
            await tg.start(functools.partial(run_tree, role, runtime))
            settle_heap()
    finally:
        with anyio.CancelScope(shield=True):
            await runtime.close()
            await db.close()
        if counted is not None:
            roundtrips.COUNTS.write(counted)
    log.info("process.stopped", role=role)


async def run_tree(
    role: str,
    runtime: Runtime,
    *,
    task_status: anyio.abc.TaskStatus[None] = anyio.TASK_STATUS_IGNORED,
) -> None:
    """Run ``role``'s supervised tree until SIGTERM/SIGINT or cancellation."""
    tree = build_tree(role, runtime)
    async with anyio.create_task_group() as tg:

        async def stop_on_signal() -> None:
            with anyio.open_signal_receiver(signal.SIGTERM, signal.SIGINT) as signals:
                async for signum in signals:
                    log.info("process.stopping", role=role, signal=signal.Signals(signum).name)
                    tg.cancel_scope.cancel()
                    return

        tg.start_soon(stop_on_signal)
        if runtime.settings.round_trips_file is not None:
            tg.start_soon(roundtrips.write_on_signal, runtime.settings.round_trips_file)
        await tg.start(tree.run)
        log.info("process.ready", role=role)
        tg.start_soon(start_checks, role, runtime.settings, runtime.db)
        task_status.started()


def run_process(command: str, args: argparse.Namespace) -> int:
    settings = Settings()
    logs.configure(settings.log_format, settings.log_level)
    try:
        url = resolve_url(
            settings.database_url.get_secret_value() if settings.database_url else None,
            settings.data_dir,
        )
        if command == "migrate":
            when_database_answers(lambda: apply_migrations(url), "migrations")
            return 0
        if command not in ROLES:
            print(f"leave-bot: unknown process {command!r}", file=sys.stderr)
            return 2
        if command in MIGRATE_ON_START:
            when_database_answers(lambda: apply_migrations(url), "migrations")
        anyio.run(serve, command, settings, url)
    except (LeavebotError, BaseExceptionGroup) as exc:
        cause = leavebot_error(exc)
        if cause is None:
            raise
        log.error("process.failed", role=command, error=str(cause))
        print(f"leave-bot {command}: {cause}", file=sys.stderr)
        return 1
    return 0


def leavebot_error(exc: BaseException) -> LeavebotError | None:
    """The LeavebotError behind ``exc``, looking inside task-group exception groups."""
    if isinstance(exc, LeavebotError):
        return exc
    if isinstance(exc, BaseExceptionGroup):
        for inner in exc.exceptions:
            found = leavebot_error(inner)
            if found is not None:
                return found
    return None


async def process_health(url: str, process: str, interval_s: float) -> dict[str, object]:
    """The heartbeats of ``process``'s actors, and whether all run and are fresh; with what
    the start-up checks of the outside services found."""
    from leavebot.db import connect
    from leavebot.heartbeats import is_stale
    from leavebot.queries import Q

    conn = await connect(url)
    try:
        rows = [r for r in await conn.fetch(Q.heartbeat_list) if r["process"] == process]
        checks = await conn.fetch(Q.service_checks_all)
    finally:
        await conn.close()
    actors = {
        r["actor"]: {
            "state": r["state"],
            "restarts": r["restarts"],
            "stale": is_stale(float(r["age_s"]), interval_s),
        }
        for r in rows
    }
    healthy = bool(actors) and all(
        a["state"] == "running" and not a["stale"] for a in actors.values()
    )
    return {
        "process": process,
        "healthy": healthy,
        "actors": actors,
        "checks": {
            str(c["service"]): {
                "status": c["status"],
                "findings": c["findings"],
                "checked_at": c["checked_at"].isoformat(),
            }
            for c in checks
        },
    }


async def live_checks(url: str, process: str, settings: Settings) -> dict[str, object]:
    """Run the start-up checks of ``process``'s services now (``leave-bot health --check``)."""
    from leavebot.preflight import SERVICES, check_and_record

    db = await Database.open(url, min_size=1, max_size=2)
    try:
        return {
            service: await check_and_record(service, settings, db, process)
            for service in SERVICES.get(process, ())
        }
    finally:
        await db.close()


def run_health(process: str, *, check: bool = False) -> int:
    """``leave-bot health --process NAME``: 0 when every actor of it runs, else 1.

    It also prints what the start-up checks of the outside services found
    (warnings and errors on stderr). ``--check`` runs those checks now (one LLM
    request, a few Harvest reads) and exits 1 when one finds an error.
    """
    import json

    settings = Settings()
    if settings.database_url is None:
        print("leave-bot health: DATABASE_URL is not set", file=sys.stderr)
        return 2
    url = settings.database_url.get_secret_value()
    try:
        if check:
            logs.configure(settings.log_format, settings.log_level)
            statuses = anyio.run(live_checks, url, process, settings)
        report = anyio.run(process_health, url, process, settings.heartbeat_interval_s)
    except (OSError, asyncpg.PostgresError) as exc:
        print(f"leave-bot health: database unreachable: {exc}", file=sys.stderr)
        return 1
    print(json.dumps(report))
    checks = report["checks"]
    assert isinstance(checks, dict)
    for service, found in checks.items():
        for finding in found["findings"]:
            if finding["level"] in ("warning", "error"):
                print(f"{finding['level']}: {service}: {finding['text']}", file=sys.stderr)
    if check:
        return 1 if "error" in statuses.values() else 0
    return 0 if report["healthy"] else 1
