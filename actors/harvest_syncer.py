"""The harvest_syncer actor: one Harvest time entry per leave day, exactly once.

For ``SyncDays(create)`` it moves the request to ``processing`` and, for each
day still ``pending``, logs a time entry for the author's Harvest user:
``hours`` always set (8 for a full day, 4 for a half, from the runtime
config; no hours would start a timer), the task of the leave's category, and
``external_reference.id`` = our day id. Before any create it looks the day up
by that reference (and the user and date): an entry that exists is taken as
done. That is what makes a crash between Harvest's answer and our write safe:
the redelivered message finds the entry instead of making a second one.

Every external call is written down: a ``sync_attempts`` row and the day's
``harvest_status`` (``done`` with the entry id, or ``failed`` with the
reason; guarded on ``pending``), at once in its own transaction, except the
last day's: those go in the one statement that ends the message (the days
settled with their Calendar state, the request under way, ``SyncDone`` for
the tracker, the ack), so a usual one-day request takes two round trips. A
crash loses at most the record of the day in flight, whose entry the
redelivered message's lookup finds. A call that may have happened without
our hearing back (a dropped connection, a timeout) is checked with a lookup;
a dropped create that did not happen is sent once more (a transport retry,
never a re-sync). Failed days stay failed: retrying is an admin action.

``SyncDays(delete)`` (a confirmed cancel) deletes the entries of those days
(by entry id, or found by external reference); an entry already gone counts
as deleted.

An author with no Harvest user is skipped (``SyncDone.skipped`` says so);
missing project or task ids in the runtime config, or a missing
``HARVEST_TOKEN`` / ``HARVEST_ACCOUNT_ID``, fail the days with one reason
naming the setting ("Harvest is not set up: ...").
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Final, Literal

import anyio
import anyio.abc
import asyncpg
import structlog

from leavebot.channels import Delivery
from leavebot.config import RuntimeConfig
from leavebot.errors import ConfigError
from leavebot.harvest import JSON, HarvestClient, HarvestDropped, HarvestError, sentence
from leavebot.messages import SyncDays, SyncDone, ordering_key
from leavebot.queries import Q
from leavebot.runtime import Runtime
from leavebot.supervisor import ChildSpec
from leavebot.types import DayId, RequestId

log = structlog.get_logger(__name__)

ACTOR: Final = "harvest_syncer"
Operation = Literal["create", "delete", "lookup"]
NOT_SET_UP = "Harvest is not set up: "
PORTION_WORDS = {"full": "full day", "am": "first half", "pm": "second half"}


def day_label(day: dt.date, portion: str) -> str:
    """``Thu 5 Mar``, with ``(AM)`` / ``(PM)`` for a half day."""
    label = f"{day:%a} {day.day} {day:%b}"
    return label if portion == "full" else f"{label} ({portion.upper()})"


def entry_notes(category: str, portion: str) -> str:
    return f"Leave ({category}, {PORTION_WORDS.get(portion, portion)}) — booked by leavebot"


@dataclass
class Journal:
    """The records of the last day's calls, kept for the statement that ends the message."""

    # attempt_insert's values but the request's and the target: day, operation, outcome,
    # external id, error, started, duration.
    attempts: list[tuple[Any, ...]] = field(default_factory=list)
    marks: list[tuple[DayId, str, int | None, str | None]] = field(default_factory=list)


@dataclass
class Outcome:
    """What one message's days came to, for ``SyncDone``."""

    ok: int = 0
    failures: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    config_problem: str | None = None
    journal: Journal = field(default_factory=Journal)

    def failure_lines(self) -> tuple[str, ...]:
        lines = list(self.failures)
        if self.config_problem is not None:
            lines.insert(0, self.config_problem)
        return tuple(lines)

    def skipped_text(self) -> str | None:
        return "; ".join(dict.fromkeys(self.skipped)) or None


class HarvestSyncer:
    """Handles ``SyncDays`` for Harvest; one instance per running actor."""

    def __init__(self, runtime: Runtime, client: HarvestClient | None = None) -> None:
        self.runtime = runtime
        self._client = client
        self.owns_client = client is None

    @property
    def client(self) -> HarvestClient:
        """Our Harvest client, made from the settings on first use (``ConfigError`` if unset)."""
        if self._client is None:
            self._client = HarvestClient.from_settings(self.runtime.settings)
        return self._client

    def setup_problem(self, config: RuntimeConfig | None, category: str) -> str | None:
        """Why nothing can reach Harvest (settings or runtime config unset), if so."""
        try:
            self.client  # noqa: B018 (made here so a missing secret is a reason, not a crash)
        except ConfigError as exc:
            return f"{NOT_SET_UP}{exc}"
        if config is None:
            return None
        where = _project_and_task(config, category)
        return f"{NOT_SET_UP}{where}" if isinstance(where, str) else None

    async def close(self) -> None:
        if self.owns_client and self._client is not None:
            client, self._client = self._client, None
            await client.close()

    async def handle(self, delivery: Delivery) -> None:
        message = delivery.message
        if not isinstance(message, SyncDays):
            log.error("harvest.unexpected_message", actor=ACTOR, kind=message.kind)
            return
        rlog = log.bind(actor=ACTOR, request_id=message.request_id)
        rows = await self.runtime.db.fetch(Q.days_for_sync, list(message.day_ids))
        # The client's own events (harvest.rate_limited...) carry the request too.
        with structlog.contextvars.bound_contextvars(request_id=message.request_id):
            if message.operation == "create":
                outcome = await self.create(message.request_id, rows, rlog)
            else:
                outcome = await self.delete(message.request_id, rows, rlog)
        done = SyncDone(
            request_id=message.request_id,
            target="harvest",
            operation=message.operation,
            ok=outcome.ok,
            failures=outcome.failure_lines(),
            skipped=outcome.skipped_text(),
            finished_at=dt.datetime.now(dt.UTC),
        )
        journal = outcome.journal
        columns = [[a[i] for a in journal.attempts] for i in range(7)]
        row = await delivery.complete_with(
            Q.harvest_finished_and_ack,
            message.request_id,
            *columns,
            [day_id for day_id, _, _, _ in journal.marks],
            [result for _, result, _, _ in journal.marks],
            [entry for _, _, entry, _ in journal.marks],
            [error for _, _, _, error in journal.marks],
            [r["id"] for r in rows],
            send=("tracker", done, None),
        )
        if row["started"] is not None:
            # The request is under way (confirmed -> processing): this target said so first.
            rlog.info("leave.processing")
        rlog.info(
            "harvest.sync_done",
            operation=message.operation,
            days=len(rows),
            ok=outcome.ok,
            failed=len(outcome.failures),
            skipped=bool(outcome.skipped),
            config_problem=outcome.config_problem,
        )

    # ------------------------------------------------------------ bookkeeping

    async def _record(
        self,
        request_id: RequestId,
        day_id: DayId,
        operation: Operation,
        outcome: Literal["ok", "error", "skipped"],
        started: tuple[dt.datetime, float],
        *,
        external_id: int | None = None,
        error: str | None = None,
        state: tuple[str, Any] | None = None,
        journal: Journal | None = None,
    ) -> None:
        """One attempt row, and the day's new Harvest state (if any), in one transaction;
        or kept in ``journal`` for the statement that ends the message."""
        started_at, t0 = started
        duration_ms = max(0.0, (time.monotonic() - t0) * 1000)
        attempt = (
            Q.attempt_insert,
            request_id,
            day_id,
            "harvest",
            operation,
            outcome,
            None if external_id is None else str(external_id),
            error,
            started_at,
            duration_ms,
        )
        if journal is not None:
            journal.attempts.append(attempt[2:3] + attempt[4:])
            if state is not None:
                self._mark(journal, day_id, *state)
            return
        if state is None:  # the attempt alone: one statement needs no transaction
            await self.runtime.db.execute(*attempt)
            return
        query, value = state
        async with self.runtime.db.transaction() as tx:
            await tx.conn.execute(*attempt)
            if value is None:
                await tx.conn.execute(query, day_id)
            else:
                await tx.conn.execute(query, day_id, value)

    @staticmethod
    def _mark(journal: Journal, day_id: DayId, query: str, value: Any) -> None:
        """Keep a day's new state (named by the query that would set it) for the end."""
        if query == Q.harvest_day_done:
            journal.marks.append((day_id, "done", int(value), None))
        elif query == Q.harvest_day_failed:
            journal.marks.append((day_id, "failed", None, str(value)))
        elif query == Q.harvest_day_skipped:
            journal.marks.append((day_id, "skipped", None, None))
        else:
            raise ValueError(f"a create does not keep the state set by {query!r}")

    async def _failed_day(self, day_id: DayId, reason: str, journal: Journal | None) -> None:
        """The day failed, with no call to record (that call was recorded already)."""
        if journal is not None:
            self._mark(journal, day_id, Q.harvest_day_failed, reason)
        else:
            await self.runtime.db.execute(Q.harvest_day_failed, day_id, reason)

    async def _previous_errors(self, day_ids: Sequence[int]) -> dict[int, str]:
        if not day_ids:
            return {}
        rows = await self.runtime.db.fetch(Q.harvest_last_errors, list(day_ids))
        return {int(r["day_id"]): str(r["error"]) for r in rows}

    # ----------------------------------------------------------------- create

    async def create(
        self, request_id: RequestId, rows: Sequence[asyncpg.Record], rlog: Any
    ) -> Outcome:
        config = await self.runtime.config.get()
        outcome = Outcome()
        earlier_failed = [int(r["id"]) for r in rows if r["harvest_status"] == "failed"]
        earlier = await self._previous_errors(earlier_failed)
        pending = [r for r in rows if r["harvest_status"] == "pending"]
        last = pending[-1]["id"] if pending else None
        for row in rows:
            status = row["harvest_status"]
            label = day_label(row["day"], row["portion"])
            if status == "done":
                outcome.ok += 1
            elif status == "skipped":
                outcome.skipped.append(f"no Harvest user for {row['display_name']}")
            elif status == "failed":
                reason = earlier.get(int(row["id"]), "failed")
                if reason.startswith(NOT_SET_UP):
                    outcome.config_problem = reason
                else:
                    outcome.failures.append(f"{label}: Harvest {sentence(reason)}")
            elif status == "pending":
                # The last day's records wait for the statement that ends the message.
                journal = outcome.journal if row["id"] == last else None
                await self._create_day(request_id, row, config, outcome, rlog, journal)
        return outcome

    async def _create_day(
        self,
        request_id: RequestId,
        row: asyncpg.Record,
        config: RuntimeConfig,
        outcome: Outcome,
        rlog: Any,
        journal: Journal | None = None,
    ) -> None:
        day_id = DayId(int(row["id"]))
        day: dt.date = row["day"]
        label = day_label(day, row["portion"])
        dlog = rlog.bind(day_id=day_id, spent_date=day.isoformat())
        user_id = row["harvest_user_id"]
        if user_id is None:
            reason = f"no Harvest user for {row['display_name']}"
            await self._record(
                request_id,
                day_id,
                "create",
                "skipped",
                _now(),
                error=reason,
                state=(Q.harvest_day_skipped, None),
                journal=journal,
            )
            outcome.skipped.append(reason)
            dlog.info("harvest.sync_skipped", reason=reason)
            return
        problem = self.setup_problem(config, row["category"])
        if problem is not None:
            await self._record(
                request_id,
                day_id,
                "create",
                "error",
                _now(),
                error=problem,
                state=(Q.harvest_day_failed, problem),
                journal=journal,
            )
            outcome.config_problem = problem
            dlog.error("harvest.sync_failed", operation="create", error=problem)
            return
        where = _project_and_task(config, row["category"])
        assert not isinstance(where, str)  # setup_problem said so
        project_id, task_id = where
        # Looked up first: an entry made by an earlier attempt is ours already.
        found = await self._lookup(request_id, day_id, int(user_id), day, dlog, journal)
        if isinstance(found, HarvestError):
            await self._failed_day(day_id, found.reason, journal)
            self._failed(label, found, outcome, dlog)
            return
        if found is not None:
            outcome.ok += 1
            return
        hours = config.hours_full_day if row["portion"] == "full" else config.hours_half_day
        reference = {"id": str(day_id), "group_id": str(request_id)}
        for attempt in (1, 2):
            started = _now()
            try:
                entry = await self.client.create_time_entry(
                    user_id=int(user_id),
                    project_id=project_id,
                    task_id=task_id,
                    spent_date=day,
                    hours=hours,
                    notes=entry_notes(row["category"], row["portion"]),
                    external_reference=reference,
                )
            except HarvestError as exc:
                if not exc.maybe_done:
                    await self._record(
                        request_id,
                        day_id,
                        "create",
                        "error",
                        started,
                        error=exc.reason,
                        state=(Q.harvest_day_failed, exc.reason),
                        journal=journal,
                    )
                    self._failed(label, exc, outcome, dlog)
                    return
                await self._record(
                    request_id,
                    day_id,
                    "create",
                    "error",
                    started,
                    error=exc.reason,
                    journal=journal,
                )
                # No answer: did Harvest do it? A lookup tells (it is only a read).
                found = await self._lookup(request_id, day_id, int(user_id), day, dlog, journal)
                if found is not None and not isinstance(found, HarvestError):
                    outcome.ok += 1
                    return
                if isinstance(exc, HarvestDropped) and found is None and attempt == 1:
                    dlog.warning("harvest.create_resent", reason=exc.reason)
                    continue  # dropped before Harvest did it: the one transport retry
                await self._failed_day(day_id, exc.reason, journal)
                self._failed(label, exc, outcome, dlog)
                return
            entry_id = int(entry["id"])
            await self._record(
                request_id,
                day_id,
                "create",
                "ok",
                started,
                external_id=entry_id,
                state=(Q.harvest_day_done, entry_id),
                journal=journal,
            )
            outcome.ok += 1
            dlog.info("harvest.entry_created", entry_id=entry_id, hours=hours, task_id=task_id)
            return

    async def _lookup(
        self,
        request_id: RequestId,
        day_id: DayId,
        user_id: int,
        day: dt.date,
        dlog: Any,
        journal: Journal | None = None,
    ) -> JSON | HarvestError | None:
        """The day's entry found by its external reference (marking the day done), or None."""
        started = _now()
        try:
            entries = await self.client.time_entries(
                user_id=user_id, from_=day, to=day, external_reference_id=str(day_id)
            )
        except HarvestError as exc:
            await self._record(
                request_id, day_id, "lookup", "error", started, error=exc.reason, journal=journal
            )
            return exc
        ours = sorted((e for e in entries if _is_ours(e, day_id)), key=lambda e: int(e["id"]))
        if not ours:
            await self._record(request_id, day_id, "lookup", "ok", started, journal=journal)
            return None
        entry = ours[0]
        entry_id = int(entry["id"])
        await self._record(
            request_id,
            day_id,
            "lookup",
            "ok",
            started,
            external_id=entry_id,
            state=(Q.harvest_day_done, entry_id),
            journal=journal,
        )
        if len(ours) > 1:
            dlog.warning("harvest.entries_duplicated", entry_ids=[int(e["id"]) for e in ours])
        dlog.info("harvest.entry_exists", entry_id=entry_id)
        return entry

    def _failed(self, label: str, exc: HarvestError, outcome: Outcome, dlog: Any) -> None:
        outcome.failures.append(f"{label}: Harvest {exc.sentence}")
        dlog.warning("harvest.sync_failed", operation="create", error=exc.reason)

    # ----------------------------------------------------------------- delete

    async def delete(
        self, request_id: RequestId, rows: Sequence[asyncpg.Record], rlog: Any
    ) -> Outcome:
        outcome = Outcome()
        for row in rows:
            status = row["harvest_status"]
            if status == "deleted":
                outcome.ok += 1
            elif status == "skipped":
                outcome.skipped.append(f"no Harvest entry to remove for {row['display_name']}")
            else:
                await self._delete_day(request_id, row, outcome, rlog)
        return outcome

    async def _delete_day(
        self, request_id: RequestId, row: asyncpg.Record, outcome: Outcome, rlog: Any
    ) -> None:
        day_id = DayId(int(row["id"]))
        day: dt.date = row["day"]
        label = day_label(day, row["portion"])
        dlog = rlog.bind(day_id=day_id, spent_date=day.isoformat())
        problem = self.setup_problem(None, row["category"])
        if problem is not None:
            await self._record(request_id, day_id, "delete", "error", _now(), error=problem)
            await self.runtime.db.execute(Q.harvest_day_delete_failed, day_id, problem)
            outcome.config_problem = problem
            dlog.error("harvest.sync_failed", operation="delete", error=problem)
            return
        entry_ids: list[int] = []
        if row["harvest_entry_id"] is not None:
            entry_ids = [int(row["harvest_entry_id"])]
        else:
            started = _now()
            try:
                found = await self.client.time_entries(
                    user_id=row["harvest_user_id"],
                    from_=day,
                    to=day,
                    external_reference_id=str(day_id),
                )
            except HarvestError as exc:
                await self._record(request_id, day_id, "lookup", "error", started, error=exc.reason)
                await self._delete_failed(day_id, label, exc, outcome, dlog)
                return
            entry_ids = sorted(int(e["id"]) for e in found if _is_ours(e, day_id))
            await self._record(
                request_id,
                day_id,
                "lookup",
                "ok",
                started,
                external_id=entry_ids[0] if entry_ids else None,
                # Nothing there: the day is deleted as far as Harvest goes.
                state=None if entry_ids else (Q.harvest_day_deleted, None),
            )
            if not entry_ids:
                dlog.info("harvest.entry_deleted", entry_id=None, already_gone=True)
        for entry_id in entry_ids:
            started = _now()
            try:
                deleted = await self.client.delete_time_entry(entry_id)
            except HarvestError as exc:
                await self._record(
                    request_id,
                    day_id,
                    "delete",
                    "error",
                    started,
                    external_id=entry_id,
                    error=exc.reason,
                )
                await self._delete_failed(day_id, label, exc, outcome, dlog)
                return
            last = entry_id == entry_ids[-1]
            await self._record(
                request_id,
                day_id,
                "delete",
                "ok",
                started,
                external_id=entry_id,
                state=(Q.harvest_day_deleted, None) if last else None,
            )
            dlog.info("harvest.entry_deleted", entry_id=entry_id, already_gone=not deleted)
        outcome.ok += 1

    async def _delete_failed(
        self, day_id: DayId, label: str, exc: HarvestError, outcome: Outcome, dlog: Any
    ) -> None:
        await self.runtime.db.execute(Q.harvest_day_delete_failed, day_id, f"delete: {exc.reason}")
        outcome.failures.append(f"{label}: Harvest {exc.sentence}")
        dlog.warning("harvest.sync_failed", operation="delete", error=exc.reason)


def _is_ours(entry: JSON, day_id: DayId) -> bool:
    """Whether ``entry`` carries the external reference of our day ``day_id``."""
    reference = entry.get("external_reference") or {}
    return str(reference.get("id")) == str(day_id)


def _now() -> tuple[dt.datetime, float]:
    return dt.datetime.now(dt.UTC), time.monotonic()


def _project_and_task(config: RuntimeConfig, category: str) -> tuple[int, int] | str:
    """The project and task ids to log ``category`` leave to, or what is not configured."""
    task_key = "harvest_task_sick" if category == "sick" else "harvest_task_vacation"
    project_id = config.harvest_project_id
    task_id: int | None = getattr(config, task_key)
    if project_id is None:
        return "harvest_project_id is not configured"
    if task_id is None:
        return f"{task_key} is not configured"
    return project_id, task_id


def child(
    runtime: Runtime,
    *,
    client: HarvestClient | None = None,
    claim_timeout_s: float = 300.0,
) -> ChildSpec:
    """The actor serving the ``harvest_syncer`` inbox.

    Without a ``client`` one is made from the ``HARVEST_*`` settings on first
    use; a missing token or account id then fails the days with a reason
    naming the variable (the tracker shows it), like a missing project or
    task id in the runtime config. A long claim lease covers a long request paced by the limiter;
    a redelivery after a lost lease is safe anyway (lookups first).
    """

    async def run(*, task_status: anyio.abc.TaskStatus[None]) -> None:
        syncer = HarvestSyncer(runtime, client)
        try:
            inbox = runtime.channels.inbox(ACTOR, batch=8, claim_timeout_s=claim_timeout_s)
            await inbox.serve(
                syncer.handle,
                concurrency=runtime.settings.actor_concurrency,
                key=ordering_key,
                task_status=task_status,
            )
        finally:
            with anyio.CancelScope(shield=True):
                await syncer.close()

    return ChildSpec(name=ACTOR, start=run, restart="permanent")
