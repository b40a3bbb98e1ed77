"""The harvest_syncer actor: one Harvest time entry per leave day, exactly once.

For ``SyncDays(create)`` it moves the request to ``processing`` and, for each
day still ``pending``, logs a time entry for the author's Harvest user, in
the form the account uses (``GET /v2/company``, read once per start): on a
duration account ``hours`` (8 for a full day, 4 for a half, from the runtime
config), on a timestamp-timer account ``started_time`` / ``ended_time`` from
09:00 (never without an end, which would start a timer; a created entry that
runs anyway is stopped at once). The task is the leave's category's, and the
entry carries our own reference: ``external_reference.id`` =
``leavebot:<day id>`` and ``group_id`` = ``leavebot:request:<request id>``
(the reference is shared with every other integration of the account, so it
is namespaced). Before any create it looks the day up by that reference (and
the user and date); an entry is ours only when its reference, project and
task all match, and one that exists is taken as done. That is what makes a
crash between Harvest's answer and our write safe: the redelivered message
finds the entry instead of making a second one. Days made before migration
0009 may carry the old reference (the bare day id): their lookups try it too,
so an upgrade never duplicates an entry.

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

What Harvest refuses is said plainly in the day's failure line: a token that
may not log time for other people (403), a person not assigned to the leave
project or task (422, checked against the project's assignments), an entry
in an approved or locked timesheet that only an administrator can delete.

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
REFERENCE_PREFIX = "leavebot:"
DAY_START_MINUTES = 9 * 60
"""Where a timestamp-timer entry starts (a half day in the afternoon starts later)."""


def reference_id(day_id: int) -> str:
    """Our ``external_reference.id`` of a day: namespaced, as the reference is shared."""
    return f"{REFERENCE_PREFIX}{day_id}"


def group_reference(request_id: int) -> str:
    """Our ``external_reference.group_id``: the request the day belongs to."""
    return f"{REFERENCE_PREFIX}request:{request_id}"


def clock_text(minutes: int, clock: str) -> str:
    """A time of day as Harvest writes it for the account: "9:00am" (12h) or "09:00"."""
    hours, mins = divmod(minutes % (24 * 60), 60)
    if clock == "24h":
        return f"{hours:02d}:{mins:02d}"
    return f"{hours % 12 or 12}:{mins:02d}{'am' if hours < 12 else 'pm'}"


def entry_time(company: JSON, hours: float, portion: str) -> dict[str, Any]:
    """How a day's time is given to Harvest, in the account's form (see the module doc)."""
    if not company.get("wants_timestamp_timers"):
        return {"hours": hours}
    length = round(hours * 60)
    start = DAY_START_MINUTES + (length if portion == "pm" else 0)
    clock = str(company.get("clock") or "12h")
    return {"times": (clock_text(start, clock), clock_text(start + length, clock))}


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
        self._company: JSON | None = None
        self._legacy_below: int | None = None

    async def company(self) -> JSON:
        """The account's settings, read once (then kept for the life of the actor)."""
        if self._company is None:
            self._company = await self.client.company()
            log.info(
                "harvest.company_read",
                actor=ACTOR,
                timestamp_timers=bool(self._company.get("wants_timestamp_timers")),
                clock=self._company.get("clock"),
            )
        return self._company

    async def legacy_below(self) -> int:
        """Days with a smaller id may carry the reference of before migration 0009."""
        if self._legacy_below is None:
            value = await self.runtime.db.fetchval(Q.harvest_legacy_below)
            self._legacy_below = int(value) if value is not None else 0
        return self._legacy_below

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
        found = await self._lookup(request_id, day_id, int(user_id), day, where, dlog, journal)
        if isinstance(found, HarvestError):
            await self._failed_day(day_id, found.reason, journal)
            self._failed(label, found, outcome, dlog)
            return
        if found is not None:
            outcome.ok += 1
            return
        hours = config.hours_full_day if row["portion"] == "full" else config.hours_half_day
        reference = {"id": reference_id(day_id), "group_id": group_reference(request_id)}
        try:
            form = entry_time(await self.company(), hours, row["portion"])
        except HarvestError as exc:
            unread = HarvestError(f"could not read its company settings ({exc.reason})")
            await self._record(
                request_id,
                day_id,
                "create",
                "error",
                _now(),
                error=unread.reason,
                state=(Q.harvest_day_failed, unread.reason),
                journal=journal,
            )
            self._failed(label, unread, outcome, dlog)
            return
        for attempt in (1, 2):
            started = _now()
            try:
                entry = await self.client.create_time_entry(
                    user_id=int(user_id),
                    project_id=project_id,
                    task_id=task_id,
                    spent_date=day,
                    notes=entry_notes(row["category"], row["portion"]),
                    external_reference=reference,
                    **form,
                )
            except HarvestError as exc:
                if not exc.maybe_done:
                    exc = await self._explain_create(exc, row, project_id, task_id, dlog)
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
                found = await self._lookup(
                    request_id, day_id, int(user_id), day, where, dlog, journal
                )
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
            if entry.get("is_running"):
                await self._stop_timer(entry_id, dlog)
            return

    async def _stop_timer(self, entry_id: int, dlog: Any) -> None:
        """An entry came back running (a timer: the account's form changed since we read
        it?): stop it, so no one's timesheet counts leave hours up forever."""
        try:
            await self.client.stop_timer(entry_id)
        except HarvestError as exc:
            dlog.error("harvest.timer_left_running", entry_id=entry_id, error=exc.reason)
            return
        self._company = None  # read the settings again before the next entry
        dlog.warning("harvest.timer_stopped", entry_id=entry_id)

    async def _explain_create(
        self, exc: HarvestError, row: asyncpg.Record, project_id: int, task_id: int, dlog: Any
    ) -> HarvestError:
        """A refused create, said plainly: the token's rights, or the person's assignment."""
        if exc.status == 403:
            return HarvestError(
                "refused: the Harvest token's user may not log time for other people"
                f" (give it the administrator role) ({exc.reason})",
                status=exc.status,
            )
        if exc.status != 422 or row["harvest_user_id"] is None:
            return exc
        user_id = int(row["harvest_user_id"])
        try:
            assigned = await self.client.user_assignments(project_id, user_id=user_id)
            tasks = await self.client.task_assignments(project_id)
        except HarvestError as lookup:
            dlog.info("harvest.explain_failed", error=lookup.reason)
            return exc
        if not any(a.get("is_active", True) for a in assigned):
            return HarvestError(
                f"refused: {row['display_name']} is not assigned to the leave project"
                f" {project_id} in Harvest (add them to it) ({exc.reason})",
                status=exc.status,
            )
        if not any((t.get("task") or {}).get("id") == task_id for t in tasks):
            return HarvestError(
                f"refused: task {task_id} is not assigned to the leave project {project_id}"
                f" in Harvest ({exc.reason})",
                status=exc.status,
            )
        return exc

    async def _lookup(
        self,
        request_id: RequestId,
        day_id: DayId,
        user_id: int,
        day: dt.date,
        where: tuple[int, int] | None,
        dlog: Any,
        journal: Journal | None = None,
    ) -> JSON | HarvestError | None:
        """The day's entry found by its external reference (marking the day done), or None.

        Ours only with our reference and the leave project and task (``where``);
        a day made before migration 0009 is looked for by its old reference too.
        """
        started = _now()
        ours: list[JSON] = []
        try:
            for reference in await self._references(day_id):
                entries = await self.client.time_entries(
                    user_id=user_id, from_=day, to=day, external_reference_id=reference
                )
                ours = sorted(
                    (e for e in entries if _is_ours(e, reference, where)),
                    key=lambda e: int(e["id"]),
                )
                if ours:
                    break
        except HarvestError as exc:
            await self._record(
                request_id, day_id, "lookup", "error", started, error=exc.reason, journal=journal
            )
            return exc
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

    async def _references(self, day_id: DayId) -> list[str]:
        """The references a day's entry may carry: ours, and the old one for an old day."""
        if day_id < await self.legacy_below():
            return [reference_id(day_id), str(day_id)]
        return [reference_id(day_id)]

    def _failed(self, label: str, exc: HarvestError, outcome: Outcome, dlog: Any) -> None:
        outcome.failures.append(f"{label}: Harvest {exc.sentence}")
        dlog.warning("harvest.sync_failed", operation="create", error=exc.reason)

    # ----------------------------------------------------------------- delete

    async def delete(
        self, request_id: RequestId, rows: Sequence[asyncpg.Record], rlog: Any
    ) -> Outcome:
        config = await self.runtime.config.get()
        outcome = Outcome()
        for row in rows:
            status = row["harvest_status"]
            if status == "deleted":
                outcome.ok += 1
            elif status == "skipped":
                outcome.skipped.append(f"no Harvest entry to remove for {row['display_name']}")
            else:
                await self._delete_day(request_id, row, config, outcome, rlog)
        return outcome

    async def _delete_day(
        self,
        request_id: RequestId,
        row: asyncpg.Record,
        config: RuntimeConfig,
        outcome: Outcome,
        rlog: Any,
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
            where = _project_and_task(config, row["category"])
            started = _now()
            try:
                for reference in await self._references(day_id):
                    found = await self.client.time_entries(
                        user_id=row["harvest_user_id"],
                        from_=day,
                        to=day,
                        external_reference_id=reference,
                    )
                    entry_ids = sorted(
                        int(e["id"])
                        for e in found
                        if _is_ours(e, reference, None if isinstance(where, str) else where)
                    )
                    if entry_ids:
                        break
            except HarvestError as exc:
                await self._record(request_id, day_id, "lookup", "error", started, error=exc.reason)
                await self._delete_failed(day_id, label, exc, outcome, dlog)
                return
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
                exc = await self._explain_delete(exc, entry_id)
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

    async def _explain_delete(self, exc: HarvestError, entry_id: int) -> HarvestError:
        """A refused delete, said plainly: an approved or locked entry, or the token's rights."""
        if exc.status not in (403, 422):
            return exc
        try:
            entry = await self.client.time_entry(entry_id)
        except HarvestError:
            return exc
        if entry is not None and (entry.get("is_locked") or entry.get("is_closed")):
            why = entry.get("locked_reason") or "approved"
            return HarvestError(
                f"refused: the entry is in an approved or locked timesheet ({why}); only a"
                f" Harvest administrator can delete it ({exc.reason})",
                status=exc.status,
            )
        if exc.status == 403:
            return HarvestError(
                "refused: the Harvest token's user may not change other people's time"
                f" ({exc.reason})",
                status=exc.status,
            )
        return exc

    async def _delete_failed(
        self, day_id: DayId, label: str, exc: HarvestError, outcome: Outcome, dlog: Any
    ) -> None:
        await self.runtime.db.execute(Q.harvest_day_delete_failed, day_id, f"delete: {exc.reason}")
        outcome.failures.append(f"{label}: Harvest {exc.sentence}")
        dlog.warning("harvest.sync_failed", operation="delete", error=exc.reason)


def _is_ours(entry: JSON, reference: str, where: tuple[int, int] | None) -> bool:
    """Whether ``entry`` is ours: it carries ``reference`` and (when known) the leave
    project and task ``where`` -- another integration may use the same reference."""
    found = entry.get("external_reference") or {}
    if str(found.get("id")) != reference:
        return False
    if where is None:
        return True
    project_id, task_id = where
    return (entry.get("project") or {}).get("id") == project_id and (entry.get("task") or {}).get(
        "id"
    ) == task_id


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
