"""The calendar_syncer actor: puts confirmed leave on Google Calendar and takes it off again.

For ``SyncDays(create)`` it groups the days that are still ``pending``
(``leavebot.calendar_sync.group_days``) and makes one event per group with a
deterministic id. After every event operation but the last it records the
calls (``sync_attempts``, one row per call and day) and the days'
``calendar_status`` in one transaction of its own, so a crash loses at most
the call in flight; a redelivery skips the days that are no longer pending,
and for the others the outcome of that call is unknown: the event is looked
up by its id first and inserted only when absent (Google does not promise a
409 for a repeated id), as it is for days whose insert was tried before (an
earlier timeout, then an admin retry; ``days_for_sync`` says which). The last
operation's record goes in the one statement that ends the message: the days
settled with their Harvest state, the request under way (``processing``), the
``SyncDone`` for the tracker and the ack (one round trip for the usual
request, a single event). Should a day have stopped being pending meanwhile
(a cancel ran), that statement does not ack: what it recorded stands, a stray
event is removed, and the message is finished from what the database then
says.

For ``SyncDays(delete)`` (a confirmed cancel) it deletes the events of the
named days; an event already gone counts as deleted. When an event holds
other days that are not cancelled (a multi-day event cancelled in part),
the event is deleted and the remaining days are grouped again and made as
new events whose generation is the old event's plus one (its id stays
taken at Google); each group's days move to the new id once it exists.
The days keep ``calendar_event_id`` when marked deleted, so a redelivery
after a crash finds the old event again and repairs whatever of the split
is still undone (days still on the old event). An event that was already
gone before our delete was deleted by a person: the days it still held are
marked failed, not re-created.

No automatic re-sync: a failure is recorded with its reason and reported;
an admin retries it.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from typing import Any, Final

import anyio
import anyio.abc
import asyncpg
import structlog

from leavebot.calendar_sync import (
    Author,
    CalendarClient,
    CallRecord,
    EventGroup,
    Outcome,
    SyncDay,
    days_label,
    event_body,
    generation_of,
    group_days,
)
from leavebot.calendars import author_calendar
from leavebot.channels import Delivery
from leavebot.config import RuntimeConfig
from leavebot.domain import WorkCalendar
from leavebot.errors import ConfigError
from leavebot.messages import SyncDays, SyncDone, ordering_key
from leavebot.queries import Q
from leavebot.runtime import Runtime
from leavebot.supervisor import ChildSpec

log = structlog.get_logger(__name__)

ACTOR: Final = "calendar_syncer"
ERROR_PREFIX = "calendar: "
LIVE = ("pending", "done", "failed")
FORESEEN = ("pending", "done", "skipped")
"""A create's days in these states only: its SyncDone is known before it is recorded."""
Made = tuple[EventGroup, Outcome]

ClientFactory = Callable[[], CalendarClient]


class CalendarSyncer:
    """Handles ``SyncDays`` for the calendar target (see the module docstring)."""

    def __init__(self, runtime: Runtime, client_factory: ClientFactory | None = None) -> None:
        self.runtime = runtime
        self._factory = client_factory or (
            lambda: CalendarClient.from_settings(self.runtime.settings)
        )
        self._client: CalendarClient | None = None

    def client(self) -> CalendarClient:
        """The Calendar client, made on first use (``ConfigError`` when not configured)."""
        if self._client is None:
            self._client = self._factory()
        return self._client

    def close(self) -> None:
        """Close the Calendar client's idle connections, if it was made."""
        if self._client is not None:
            self._client.close()

    async def handle(self, delivery: Delivery) -> None:
        message = delivery.message
        if not isinstance(message, SyncDays):
            log.error("calendar.unexpected_message", actor=ACTOR, kind=message.kind)
            return
        rlog = log.bind(actor=ACTOR, request_id=message.request_id, operation=message.operation)
        rows = await self.runtime.db.fetch(Q.days_for_sync, list(message.day_ids))
        extra_failures: list[tuple[int, str]] = []
        if message.operation == "create":
            # A message delivered again: a crash may have cut its last insert short.
            made, as_read = await self.create(message, rows, rlog, unsure=delivery.attempts > 1)
            last = made[-1:]  # recorded below, with the end of the message
            if as_read and all(r["calendar_status"] in FORESEEN for r in rows):
                marked = await self.finish_created(delivery, message, rows, made, rlog)
                if marked is None:
                    return
                await self._orphans(message, last, marked, rlog)
            else:
                for group, outcome in last:
                    await self._record_group(message, group, outcome, rlog)
        else:
            extra_failures = await self.delete(message, rows, rlog)
        await self.finish(delivery, message, extra_failures, rlog)

    # ------------------------------------------------------------------ create

    async def create(
        self, m: SyncDays, rows: Sequence[asyncpg.Record], rlog: Any, *, unsure: bool = False
    ) -> tuple[list[Made], bool]:
        """Make the events of the days still pending: each group and what its calls came to.

        Each but the last is recorded at once; also says whether those found their days
        still pending, as read. ``unsure``: a delivery again, whose last insert a crash may
        have cut short (each event is looked up before it is inserted).
        """
        pending = [r for r in rows if r["calendar_status"] == "pending"]
        if len(pending) < len(rows):
            rlog.info("calendar.days_already_synced", count=len(rows) - len(pending))
        if not pending:
            return [], True
        config = await self.runtime.config.get()
        by_user: dict[int, list[asyncpg.Record]] = defaultdict(list)
        for row in pending:
            by_user[int(row["user_id"])].append(row)
        groups: list[tuple[EventGroup, Author]] = []
        for user_rows in by_user.values():
            # The author's calendar: their zone for half days, their working days for runs.
            calendar = author_calendar(config, user_rows[0])
            author = Author(user_rows[0]["display_name"], calendar.timezone)
            for group in group_days([SyncDay.from_row(r) for r in user_rows], calendar):
                groups.append((group, author))
        # A day whose insert was tried before (an earlier timeout, then an admin retry) may
        # have its event already: it is looked up before another insert.
        tried = {int(r["id"]) for r in pending if r["calendar_create_tried"]}
        made: list[Made] = []
        as_read = True
        for i, (group, author) in enumerate(groups):
            check_first = unsure or any(day_id in tried for day_id in group.day_ids)
            outcome = await self._ensure(group, author, config, rlog, check_first)
            made.append((group, outcome))
            if i < len(groups) - 1:
                as_read = await self._record_group(m, group, outcome, rlog) and as_read
        return made, as_read

    async def finish_created(
        self,
        delivery: Delivery,
        m: SyncDays,
        rows: Sequence[asyncpg.Record],
        made: Sequence[Made],
        rlog: Any,
    ) -> set[int] | None:
        """Record the last operation of a create, settle, tell the tracker and ack: one
        statement (``calendar_created_and_ack``). None once acked; else the days it
        recorded (a day that stopped being pending meanwhile made it decline)."""
        attempts: list[tuple[int, CallRecord]] = []
        marks: list[tuple[int, str, str, str | None]] = []
        result_of = {day_id: outcome for group, outcome in made for day_id in group.day_ids}
        for group, outcome in made[-1:]:
            for record in _records(outcome):
                attempts += [(day_id, record) for day_id in group.day_ids]
            error = None if outcome.ok else ERROR_PREFIX + (outcome.error or "failed")
            for day_id in group.day_ids:
                marks.append((day_id, "done" if outcome.ok else "failed", outcome.event_id, error))
        # What SyncDone says, foreseen from the days as read and the calls' outcomes; the
        # statement sends it only if every result it records is recorded as foreseen.
        ok = 0
        missed: list[dict[str, Any]] = []
        errors: dict[int, str] = {}
        for row in rows:
            outcome_of = result_of.get(int(row["id"]))
            if outcome_of is None or outcome_of.ok:
                ok += 1  # done or skipped before, or done now
                continue
            missed.append({**dict(row), "calendar_event_id": outcome_of.event_id})
            errors[int(row["id"])] = _last_error(outcome_of)
        failures = _failure_lines(missed, errors, "create")
        done = SyncDone(
            request_id=m.request_id,
            target="calendar",
            operation="create",
            ok=ok,
            failures=tuple(failures),
            skipped=None,
            finished_at=dt.datetime.now(dt.UTC),
        )
        row = await delivery.complete_with(
            Q.calendar_created_and_ack,
            m.request_id,
            [day_id for day_id, _ in attempts],
            [r.operation for _, r in attempts],
            [r.outcome for _, r in attempts],
            [r.external_id for _, r in attempts],
            [r.error for _, r in attempts],
            [r.started_at for _, r in attempts],
            [r.duration_ms for _, r in attempts],
            [day_id for day_id, _, _, _ in marks],
            [result for _, result, _, _ in marks],
            [event for _, _, event, _ in marks],
            [error for _, _, _, error in marks],
            list(m.day_ids),
            send=("tracker", done, None),
            must_ack=False,
        )
        if row["acked"] is None:
            rlog.info("calendar.results_changed_meanwhile")
            return {int(day_id) for day_id in row["marked"]}
        rlog.info("calendar.sync_done", ok=ok, failures=len(failures))
        return None

    async def _record_group(
        self, m: SyncDays, group: EventGroup, outcome: Outcome, rlog: Any
    ) -> bool:
        """Record one operation's calls and result in a transaction of its own; whether
        every day of the group was still pending (else a stray event is removed)."""
        recorded = len(group.day_ids)
        async with self.runtime.db.transaction() as tx:
            await self._attempts(tx, m, group.day_ids, outcome)
            if outcome.ok:
                moved = await tx.conn.fetch(
                    Q.calendar_days_done, list(group.day_ids), outcome.event_id
                )
                recorded = len(moved)
            else:
                await tx.conn.execute(
                    Q.calendar_days_failed,
                    list(group.day_ids),
                    outcome.event_id,
                    ERROR_PREFIX + (outcome.error or "failed"),
                )
        if recorded < len(group.day_ids):
            await self._orphaned(m, group, outcome.event_id, rlog)
            return False
        return True

    async def _orphans(
        self, m: SyncDays, made: Sequence[Made], recorded: set[int], rlog: Any
    ) -> None:
        """The groups whose event was made for days no longer pending when recorded."""
        for group, outcome in made:
            if outcome.ok and not set(group.day_ids) <= recorded:
                await self._orphaned(m, group, outcome.event_id, rlog)

    async def _orphaned(self, m: SyncDays, group: EventGroup, event: str, rlog: Any) -> None:
        """The days stopped being pending while their event was made (another receiver, or
        a cancel that ran meanwhile). An event whose days were all cancelled is removed."""
        rows = await self.runtime.db.fetch(Q.days_for_sync, list(group.day_ids))
        if not rows or any(r["calendar_status"] != "deleted" for r in rows):
            rlog.info("calendar.days_recorded_elsewhere", event_id=event)
            return
        outcome = await self._remove(event, rlog)
        async with self.runtime.db.transaction() as tx:
            await self._attempts(tx, m, group.day_ids, outcome)
        rlog.warning("calendar.orphan_removed", event_id=event, ok=outcome.ok)

    async def _ensure(
        self,
        group: EventGroup,
        author: Author,
        config: RuntimeConfig,
        rlog: Any,
        check_first: bool = False,
    ) -> Outcome:
        body = event_body(group, author, config)
        glog = rlog.bind(event_id=group.event_id, days=list(group.day_ids), kind=group.kind)
        try:
            client = self.client()
        except ConfigError as exc:
            glog.error("calendar.sync_failed", error=str(exc))
            return _no_call(group.event_id, "create", str(exc))
        outcome = await client.ensure_event(body, check_first=check_first)
        if outcome.how == "created":
            glog.info("calendar.event_created")
        elif outcome.how == "exists":
            glog.info("calendar.event_exists")
        elif outcome.how == "patched":
            glog.info("calendar.event_patched")
        else:
            glog.warning("calendar.sync_failed", error=outcome.error)
        return outcome

    # ------------------------------------------------------------------ delete

    async def delete(
        self, m: SyncDays, rows: Sequence[asyncpg.Record], rlog: Any
    ) -> list[tuple[int, str]]:
        db = self.runtime.db
        cancelled = {int(r["id"]) for r in rows}
        never_made = [
            int(r["id"])
            for r in rows
            if not r["calendar_event_id"] and r["calendar_status"] in LIVE
        ]
        if never_made:
            await db.execute(Q.calendar_days_deleted, never_made)
            rlog.info("calendar.nothing_to_delete", days=never_made)
        by_event: dict[tuple[int, str], list[asyncpg.Record]] = defaultdict(list)
        for row in rows:
            if row["calendar_event_id"]:
                by_event[(int(row["user_id"]), str(row["calendar_event_id"]))].append(row)
        moved_failures: list[tuple[int, str]] = []
        for (user_id, event), event_rows in by_event.items():
            live = [int(r["id"]) for r in event_rows if r["calendar_status"] in LIVE]
            gone_before = False
            if live:
                outcome = await self._remove(event, rlog)
                async with db.transaction() as tx:
                    await self._attempts(tx, m, live, outcome)
                    if outcome.ok:
                        await tx.conn.execute(Q.calendar_days_deleted, live)
                    else:
                        await tx.conn.execute(
                            Q.calendar_days_delete_failed,
                            live,
                            ERROR_PREFIX + (outcome.error or "failed"),
                        )
                if not outcome.ok:
                    continue  # the event stays, and so do its other days
                gone_before = outcome.how == "gone"
            rest = [
                r
                for r in await db.fetch(Q.calendar_days_on_event, user_id, event)
                if int(r["id"]) not in cancelled
            ]
            if rest and gone_before:
                # Deleted in Google Calendar by a person, not by us: what it held is off
                # the calendar, and is not brought back (an admin can retry it).
                ids = [int(r["id"]) for r in rest]
                reason = "the event was deleted in Google Calendar; not re-created"
                await db.execute(Q.calendar_days_lost, ids, event, ERROR_PREFIX + reason)
                line = f"{days_label([r['day'] for r in rest])}: {reason}"
                moved_failures += [(day_id, line) for day_id in ids]
                rlog.warning("calendar.rest_of_deleted_event", event_id=event, days=ids)
            elif rest:
                config = await self.runtime.config.get()
                calendar = author_calendar(config, event_rows[0])
                author = Author(event_rows[0]["display_name"], calendar.timezone)
                moved_failures += await self._split(m, event, rest, author, calendar, rlog)
        return moved_failures

    async def _remove(self, event: str, rlog: Any) -> Outcome:
        elog = rlog.bind(event_id=event)
        try:
            client = self.client()
        except ConfigError as exc:
            elog.error("calendar.sync_failed", error=str(exc))
            return _no_call(event, "delete", str(exc))
        outcome = await client.remove_event(event)
        if outcome.how == "deleted":
            elog.info("calendar.event_deleted")
        elif outcome.how == "gone":
            elog.info("calendar.event_already_gone")
        else:
            elog.warning("calendar.delete_failed", error=outcome.error)
        return outcome

    async def _split(
        self,
        m: SyncDays,
        old_event: str,
        rest: Sequence[asyncpg.Record],
        author: Author,
        calendar: WorkCalendar,
        rlog: Any,
    ) -> list[tuple[int, str]]:
        """Make new events for the days a deleted event still held; failures come back."""
        config = await self.runtime.config.get()
        days = [SyncDay.from_row(r) for r in rest]
        old_generation = generation_of(old_event)
        if old_generation is None:
            old_generation = max(d.generation for d in days)
        generation = old_generation + 1
        failures: list[tuple[int, str]] = []
        for group in group_days(days, calendar, generation=generation):
            outcome = await self._ensure(group, author, config, rlog)
            ids = list(group.day_ids)
            async with self.runtime.db.transaction() as tx:
                await self._attempts(tx, m, group.day_ids, outcome)
                if outcome.ok:
                    await tx.conn.execute(
                        Q.calendar_days_moved, ids, old_event, outcome.event_id, generation
                    )
                else:
                    await tx.conn.execute(
                        Q.calendar_days_move_failed,
                        ids,
                        old_event,
                        outcome.event_id,
                        generation,
                        ERROR_PREFIX + (outcome.error or "failed"),
                    )
            if outcome.ok:
                rlog.info(
                    "calendar.event_split",
                    old_event_id=old_event,
                    new_event_id=outcome.event_id,
                    days=ids,
                )
            else:
                line = f"{group.label}: not put back after the cancel ({outcome.error})"
                failures += [(day_id, line) for day_id in ids]
        return failures

    # ------------------------------------------------------------------ common

    async def _attempts(
        self, tx: Any, m: SyncDays, day_ids: Sequence[int], outcome: Outcome
    ) -> None:
        for record in _records(outcome):
            for day_id in day_ids:
                await tx.conn.execute(
                    Q.attempt_insert,
                    m.request_id,
                    day_id,
                    "calendar",
                    record.operation,
                    record.outcome,
                    record.external_id,
                    record.error,
                    record.started_at,
                    record.duration_ms,
                )

    async def finish(
        self,
        delivery: Delivery,
        m: SyncDays,
        extra_failures: Sequence[tuple[int, str]],
        rlog: Any,
    ) -> None:
        """Settle the days, then tell the tracker, in the transaction that acks the message."""
        ids = list(m.day_ids)
        settle = sorted({*ids, *(day_id for day_id, _ in extra_failures)})
        target = "done" if m.operation == "create" else "deleted"
        async with delivery.complete() as tx:
            # The request is under way (confirmed -> processing), if the other
            # target has not said so already.
            await tx.conn.execute(Q.request_start_processing, m.request_id)
            await tx.conn.execute(Q.days_settle, settle)
            rows = await tx.conn.fetch(Q.days_for_sync, ids)
            ok = sum(1 for r in rows if r["calendar_status"] in (target, "skipped"))
            # A day cancelled before its create ran is neither done nor a failure.
            settled = (target, "skipped", "deleted")
            missed = [r for r in rows if r["calendar_status"] not in settled]
            errors = {}
            if missed:
                errors = {
                    int(e["day_id"]): str(e["error"])
                    for e in await tx.conn.fetch(
                        Q.calendar_last_errors, [int(r["id"]) for r in missed]
                    )
                }
            failures = _failure_lines(missed, errors, m.operation)
            seen: set[str] = set()
            for _, line in extra_failures:
                if line not in seen:
                    seen.add(line)
                    failures.append(line)
            done = SyncDone(
                request_id=m.request_id,
                target="calendar",
                operation=m.operation,
                ok=ok,
                failures=tuple(failures),
                skipped=None,
                finished_at=dt.datetime.now(dt.UTC),
            )
            await self.runtime.channels.send(tx, "tracker", done)
        rlog.info("calendar.sync_done", ok=ok, failures=len(failures))


def _records(outcome: Outcome) -> list[CallRecord]:
    """The calls of an operation as ``sync_attempts`` keeps them."""
    records = list(outcome.records)
    if (
        not outcome.ok
        and records
        and records[-1].outcome == "ok"
        and all(r.error != outcome.error for r in records)
    ):
        # The call worked but what it found is the failure (a deleted event, say);
        # a failure a call already recorded (a create's error, looked up) stays its own.
        last = records[-1]
        records[-1] = CallRecord(
            last.operation, "error", last.external_id, outcome.error, last.started_at,
            last.duration_ms,
        )  # fmt: skip
    return records


def _last_error(outcome: Outcome) -> str:
    """What ``calendar_last_errors`` reads for a failed operation: its latest error."""
    for record in reversed(_records(outcome)):
        if record.outcome == "error" and record.error:
            return record.error
    return outcome.error or "failed"


def _no_call(event: str, operation: Any, error: str) -> Outcome:
    """The outcome of a call that could not be made (no credentials, say)."""
    now = dt.datetime.now(dt.UTC)
    record = CallRecord(operation, "error", event, error, now, 0.0)
    return Outcome(False, event, "failed", error, [record])


def _failure_lines(
    missed: Sequence[asyncpg.Record | Mapping[str, Any]], errors: dict[int, str], operation: str
) -> list[str]:
    """One human line per failed event: its days, and why."""
    grouped: dict[tuple[str, str, str], list[asyncpg.Record | Mapping[str, Any]]]
    grouped = defaultdict(list)
    for row in missed:
        reason = errors.get(int(row["id"])) or _strip(row["last_error"]) or "not synced"
        if operation == "delete":
            reason = f"not removed: {reason}"
        kind = row["portion"] if row["portion"] != "full" else "all_day"
        grouped[(str(row["calendar_event_id"] or row["id"]), kind, reason)].append(row)
    lines = []
    for (_, kind, reason), members in grouped.items():
        lines.append(f"{days_label([r['day'] for r in members], kind)}: {reason}")
    return lines


def _strip(error: str | None) -> str | None:
    if error and error.startswith(ERROR_PREFIX):
        return error[len(ERROR_PREFIX) :]
    return error


def child(
    runtime: Runtime,
    *,
    client_factory: ClientFactory | None = None,
    claim_timeout_s: float = 300.0,
) -> ChildSpec:
    """The actor as a supervised child serving the ``calendar_syncer`` inbox.

    The claim lease is long: a message's calls may wait out rate limits, and
    another process must not take it over meanwhile.
    """

    async def run(*, task_status: anyio.abc.TaskStatus[None]) -> None:
        inbox = runtime.channels.inbox(ACTOR, batch=8, claim_timeout_s=claim_timeout_s)
        syncer = CalendarSyncer(runtime, client_factory)
        try:
            await inbox.serve(
                syncer.handle,
                concurrency=runtime.settings.actor_concurrency,
                key=ordering_key,
                task_status=task_status,
            )
        finally:
            syncer.close()

    # A call in a worker thread cannot be cancelled: give it its socket timeout to end.
    return ChildSpec(name=ACTOR, start=run, restart="permanent", shutdown_timeout_s=15.0)
