"""Leave requests: the list (filters, cursor pages), one request, retry and cancel.

The list is ordered newest first by ``(created_at, id)``; its cursor is that
pair of the last row, base64url JSON, opaque to clients. A page takes two
queries: one of the ``admin_leaves_page*`` variants finds the page's requests
(the variant fit for the filters, so the search reads about a page of index
entries), then ``admin_leave_summaries`` reads them with every derived field,
the same query as the detail's. The second read sees any change made since
the first (an item may show a status it took a moment ago). The page is
validated in one call and serialised once, by the routing wrapper.

One request comes with its days, its half-days (``slots``: for each day asked
for, which half-days it booked and which it found taken at Confirm, by which
request; see ``leavebot.slots``), every sync attempt on it or its days, and the
permalink of the person's Slack message, built without a Slack call as
``<slack web>/archives/<channel>/p<ts without the dot>`` (plus ``thread_ts``
and ``cid`` for a reply in a thread), which is the form ``chat.getPermalink``
returns; Slack redirects it into the workspace.

Retry and cancel change state in one transaction with guarded UPDATEs and
send their ``SyncDays`` in it (a send is a mailbox row), so a raced second
call finds nothing left to do and answers 409. A retry leaves alone a failed
day another live day shares a half-day with (only days booked before the
one-booking rule can): it is listed as skipped, with the request holding it.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import json
from collections import defaultdict
from collections.abc import Mapping, Sequence
from typing import Any, Literal

import asyncpg
import structlog

from leavebot.admin.models import (
    MAX_DATE,
    MIN_DATE,
    CancelResult,
    LeaveDetail,
    LeavePage,
    LeavePath,
    LeavesQuery,
    QueuedSync,
    RetryResult,
    RetrySkipped,
)
from leavebot.admin.routing import Answer, ApiError, Call, Route
from leavebot.admin.state import admin_name, ctx
from leavebot.calendars import author_zone
from leavebot.config import RuntimeConfig
from leavebot.messages import ActorName, SyncDays
from leavebot.queries import Q
from leavebot.slots import slots_of, taken_from_json
from leavebot.types import DayId, RequestId

log = structlog.get_logger(__name__)
ID = {"id": r"\d+"}
TAG = "leaves"
TARGETS: tuple[Literal["calendar", "harvest"], ...] = ("calendar", "harvest")
SYNCER: dict[str, ActorName] = {"calendar": "calendar_syncer", "harvest": "harvest_syncer"}


# ------------------------------------------------------------------ cursor


def encode_cursor(created_at: dt.datetime, request_id: int) -> str:
    raw = json.dumps([created_at.isoformat(), request_id]).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(text: str) -> tuple[dt.datetime, int]:
    """The (created_at, id) a cursor holds; 400 when it is not one of ours.

    Checked before it reaches SQL, for shape and range: a JSON pair of an ISO time
    with its offset and a positive 64-bit id, whose UTC time falls within the dates
    the API takes (1970 to 2999: a time near the ends of Python's range cannot even
    be converted to UTC), and the text exactly what ``encode_cursor`` makes of that
    pair (no other spelling of the same values).
    """
    try:
        raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
        value = json.loads(raw)
        if type(value) is not list or len(value) != 2 or type(value[0]) is not str:
            raise ValueError("not a cursor")
        created = dt.datetime.fromisoformat(value[0])
        request_id = value[1]
        if created.tzinfo is None or type(request_id) is not int or not 0 < request_id < 2**63:
            raise ValueError("not a cursor")
        if not MIN_DATE <= created.astimezone(dt.UTC).date() <= MAX_DATE:
            raise ValueError("out of range")
        if encode_cursor(created, request_id) != text:
            raise ValueError("not as we write it")
    except (ValueError, TypeError, OverflowError, binascii.Error, RecursionError):
        raise ApiError(400, "bad_cursor", "cursor is not a next_cursor this API gave") from None
    return created, request_id


# ------------------------------------------------------------------- shapes


def permalink(web_url: str, channel: str, message_ts: str, thread_ts: str) -> str:
    link = f"{web_url.rstrip('/')}/archives/{channel}/p{message_ts.replace('.', '')}"
    if thread_ts and thread_ts != message_ts:
        link += f"?thread_ts={thread_ts}&cid={channel}"
    return link


def summary_fields(row: asyncpg.Record, config: RuntimeConfig) -> dict[str, Any]:
    """A LeaveSummary's fields as plain values, from a row of ``admin_leave_summaries``
    (which derives them: the days' span and count, failed days, the outcome)."""
    return {
        "id": row["id"],
        "user": {
            "id": row["user_id"],
            "slack_user_id": row["slack_user_id"],
            "display_name": row["display_name"],
            "zone": author_zone(config, row),
        },
        "intent": row["intent"],
        "category": row["category"],
        "status": row["status"],
        "source_text": row["source_text"],
        "first_day": row["first_day"],
        "last_day": row["last_day"],
        "day_count": row["day_count"],
        "failed_days": row["failed_days"],
        "outcome": (
            {"state": row["outcome_state"], "failures": row["outcome_failures"] or []}
            if row["has_outcome"]
            else None
        ),
        "created_at": row["created_at"],
        "confirmed_at": row["confirmed_at"],
        "completed_at": row["completed_at"],
    }


def day_slots(
    intent: str,
    asked: Any,
    days: Sequence[asyncpg.Record | Mapping[str, Any]],
    slots_taken: Any,
    overlaps: Sequence[Mapping[str, Any]],
) -> list[dict[str, Any]]:
    """A LeaveDetail's ``slots``: each day asked for, half-day by half-day.

    ``days`` are the request's own days (``days_of_request``), ``slots_taken`` what its
    Confirm found taken, ``overlaps`` the other live days sharing a half-day with one of
    its days (``admin_leave_slots``).
    """
    if intent != "leave" or not isinstance(asked, list):
        return []
    own: dict[dt.date, list[asyncpg.Record | Mapping[str, Any]]] = defaultdict(list)
    for row in days:
        own[row["day"]].append(row)
    taken = {(t.date, t.slot): t for t in taken_from_json(slots_taken)}
    sharing: dict[int, list[Mapping[str, Any]]] = defaultdict(list)
    for item in overlaps:
        sharing[int(item["day_id"])].append(item)
    out = []
    for item in sorted(asked, key=lambda x: str(x.get("date")) if isinstance(x, dict) else ""):
        # Entries the tracker could not have written are left out, as in the summaries.
        try:
            date = dt.date.fromisoformat(str(item["date"]))
        except (TypeError, KeyError, ValueError):
            continue
        portion = str(item.get("portion") or "full")
        if portion not in ("full", "am", "pm"):
            continue
        slots = []
        for slot in slots_of(portion):
            mine = [r for r in own.get(date, []) if slot in slots_of(r["portion"])]
            # The live one if any (a request books a date once; a cancelled one stays).
            mine.sort(key=lambda r: r["status"] == "cancelled")
            entry: dict[str, Any] = {
                "slot": slot,
                "state": "not_booked",
                "day_id": None,
                "day_status": None,
                "by_request_id": None,
                "by_day_id": None,
                "by_category": None,
                "also_booked_by": [],
            }
            if mine:
                day = mine[0]
                entry.update(state="booked", day_id=day["id"], day_status=day["status"])
                entry["also_booked_by"] = sorted(
                    {
                        int(o["request_id"])
                        for o in sharing.get(int(day["id"]), [])
                        if slot in slots_of(str(o["portion"]))
                    }
                )
            elif (date, slot) in taken:
                held = taken[(date, slot)]
                entry.update(
                    state="taken",
                    by_request_id=held.request_id,
                    by_day_id=held.day_id,
                    by_category=held.category,
                )
            slots.append(entry)
        out.append({"date": date, "asked": portion, "slots": slots})
    return out


def _no_leave(request_id: int) -> ApiError:
    return ApiError(404, "not_found", f"no leave request with id {request_id}", {"id": request_id})


# ------------------------------------------------------------------ handlers


def _page_query(q: LeavesQuery) -> tuple[str, tuple[Any, ...]]:
    """The page query fit for the filters given, and its arguments after the first six.

    Every variant applies every filter; they differ in what drives the search (the
    author's requests, else the days in the range, else the failed days, else the
    requests of the status, else the newest requests), so that each plan, a generic one
    too (asyncpg prepares its statements), reads about a page of index entries.
    """
    ranged = q.from_ is not None or q.to is not None
    days = (q.from_ or MIN_DATE, q.to or MAX_DATE) if ranged else (None, None)
    failed = q.failed is True
    if q.user_id is not None:
        return Q.admin_leaves_page_user, (*days, failed)
    if ranged:
        return Q.admin_leaves_page_days, (*days, failed)
    if failed:
        return Q.admin_leaves_page_failed, ()
    if q.status is not None:
        return Q.admin_leaves_page_status, ()
    return Q.admin_leaves_page, ()


async def list_leaves(call: Call) -> LeavePage:
    q = call.query_as(LeavesQuery)
    after: tuple[dt.datetime | None, int | None] = (None, None)
    if q.cursor:
        after = decode_cursor(q.cursor)
    query, extra = _page_query(q)
    db = ctx(call.request).db
    page = await db.fetch(
        query, q.user_id, q.status, q.category, after[0], after[1], q.limit + 1, *extra
    )
    more = len(page) > q.limit
    page = page[: q.limit]
    rows = await db.fetch(Q.admin_leave_summaries, [r["id"] for r in page]) if page else []
    cursor = encode_cursor(page[-1]["created_at"], page[-1]["id"]) if more else None
    config = await ctx(call.request).config.get()
    # Plain values, validated in one call (the wrapper then serialises the page once).
    return LeavePage.model_validate(
        {"items": [summary_fields(r, config) for r in rows], "next_cursor": cursor}
    )


async def get_leave(call: Call) -> LeaveDetail:
    request_id = call.path_as(LeavePath).id
    state = ctx(call.request)
    row = await state.db.fetchrow(Q.admin_leave_summaries, [request_id])
    if row is None:
        raise _no_leave(request_id)
    days = await state.db.fetch(Q.days_of_request, request_id)
    booking = await state.db.fetchrow(Q.admin_leave_slots, request_id)
    attempts = await state.db.fetch(Q.admin_leave_attempts, request_id)
    slots = []
    if booking is not None:  # (a request is never deleted; None only in a race with a test)
        slots = day_slots(
            booking["intent"], booking["days"], days, booking["slots_taken"], booking["overlaps"]
        )
    return LeaveDetail.model_validate(
        {
            **summary_fields(row, await state.config.get()),
            "channel_id": row["channel_id"],
            "thread_ts": row["thread_ts"],
            "message_ts": row["message_ts"],
            "prompt_ts": row["prompt_ts"],
            "permalink": permalink(
                state.slack_web_url, row["channel_id"], row["message_ts"], row["thread_ts"]
            ),
            "expires_at": row["expires_at"],
            # The rows' columns are the models' fields (a day's date is its "day").
            "days": [{**d, "date": d["day"]} for d in days],
            "slots": slots,
            "attempts": [dict(a) for a in attempts],
        }
    )


async def retry_leave(call: Call) -> tuple[int, RetryResult]:
    """Failed days back to pending for the targets that failed, and their sync sent again."""
    request_id = call.path_as(LeavePath).id
    state = ctx(call.request)
    queued: list[QueuedSync] = []
    async with state.db.transaction() as tx:
        req = await tx.conn.fetchrow(Q.admin_request_lock, request_id)
        if req is None:
            raise _no_leave(request_id)
        if req["status"] != "completed":
            raise ApiError(
                409,
                "conflict",
                f"request {request_id} is {req['status']}: only a completed request with "
                "failed days can be retried",
                {"status": req["status"]},
            )
        reset = await tx.conn.fetch(Q.admin_days_retry, request_id)
        blocked = await tx.conn.fetch(Q.admin_days_retry_blocked, request_id)
        skipped: dict[int, RetrySkipped] = {}
        for row in blocked:  # the oldest day holding it, for each failed day left alone
            skipped.setdefault(
                int(row["day_id"]),
                RetrySkipped(
                    day_id=row["day_id"],
                    date=row["day"],
                    portion=row["portion"],
                    by_request_id=row["by_request_id"],
                    by_day_id=row["by_day_id"],
                ),
            )
        if not reset:
            if skipped:
                held = ", ".join(
                    f"{s.date.isoformat()} ({s.portion}) by request {s.by_request_id}"
                    for s in skipped.values()
                )
                raise ApiError(
                    409,
                    "conflict",
                    f"request {request_id} has no failed day to retry: another request holds "
                    f"the half-days of its failed days ({held}); cancel one of them first",
                    {"skipped": [s.model_dump(mode="json") for s in skipped.values()]},
                )
            raise ApiError(409, "conflict", f"request {request_id} has no failed day to retry")
        again = {t: [int(r["id"]) for r in reset if r[t]] for t in TARGETS}
        outcome: dict[str, Any] = req["outcome"] if isinstance(req["outcome"], dict) else {}
        found = outcome.get("targets")
        results: dict[str, Any] = found if isinstance(found, dict) else {}
        kept = {t: results[t] for t in TARGETS if t in results and not again[t]}
        if await tx.conn.fetchval(Q.admin_request_retry, request_id, kept) is None:
            raise ApiError(409, "conflict", f"request {request_id} changed; try again")
        for target in TARGETS:
            if again[target]:
                work = SyncDays(
                    request_id=RequestId(request_id),
                    day_ids=tuple(DayId(i) for i in again[target]),
                    operation="create",
                )
                await state.channels.send(tx, SYNCER[target], work)
                queued.append(QueuedSync(target=target, operation="create", day_ids=again[target]))
    log.info(
        "admin.leave_retried",
        request_id=request_id,
        by=admin_name(call.request),
        targets=[q.target for q in queued],
        days=len(reset),
        skipped=sorted(skipped),
    )
    return 202, RetryResult(
        request_id=request_id, status="processing", queued=queued, skipped=list(skipped.values())
    )


async def cancel_leave(call: Call) -> tuple[int, CancelResult]:
    """Delete the external records of a request's live days (the syncers then cancel them)."""
    request_id = call.path_as(LeavePath).id
    state = ctx(call.request)
    async with state.db.transaction() as tx:
        req = await tx.conn.fetchrow(Q.admin_request_lock, request_id)
        if req is None:
            raise _no_leave(request_id)
        if req["status"] in ("confirmed", "processing"):
            raise ApiError(
                409,
                "conflict",
                f"request {request_id} is still syncing; cancel it once it is completed",
                {"status": req["status"]},
            )
        live = [int(r["id"]) for r in await tx.conn.fetch(Q.admin_days_live, request_id)]
        if not live:
            raise ApiError(409, "conflict", f"request {request_id} has no live day to cancel")
        if await tx.conn.fetchval(Q.admin_delete_in_flight, request_id):
            raise ApiError(409, "conflict", f"a cancel of request {request_id} is under way")
        work = SyncDays(
            request_id=RequestId(request_id),
            day_ids=tuple(DayId(i) for i in live),
            operation="delete",
        )
        for target in TARGETS:
            await state.channels.send(tx, SYNCER[target], work)
    log.info(
        "admin.leave_cancel_queued",
        request_id=request_id,
        by=admin_name(call.request),
        days=len(live),
    )
    queued = [QueuedSync(target=t, operation="delete", day_ids=live) for t in TARGETS]
    return 202, CancelResult(request_id=request_id, queued=queued)


ROUTES = [
    Route(
        "GET",
        "/api/leaves",
        "listLeaves",
        "Leave requests, newest first, one page at a time",
        list_leaves,
        TAG,
        (Answer(200, "one page of requests", LeavePage),),
        query_model=LeavesQuery,
        cached=True,
        description=(
            "from/to keep requests with a booked day in the range (requests that never "
            "booked days, such as pending or expired ones, have none). Pass next_cursor "
            "back as cursor for the next page."
        ),
    ),
    Route(
        "GET",
        "/api/leaves/{id}",
        "getLeave",
        "One request with its days, sync attempts and Slack permalink",
        get_leave,
        TAG,
        (Answer(200, "the request", LeaveDetail),),
        path_model=LeavePath,
        errors=(400, 404),
        path_patterns=ID,
    ),
    Route(
        "POST",
        "/api/leaves/{id}/retry",
        "retryLeave",
        "Sync a completed request's failed days again (only the targets that failed)",
        retry_leave,
        TAG,
        (Answer(202, "the sync work queued", RetryResult),),
        path_model=LeavePath,
        errors=(400, 404, 409),
        path_patterns=ID,
    ),
    Route(
        "DELETE",
        "/api/leaves/{id}",
        "cancelLeave",
        "Cancel a request's live days: delete their events and time entries",
        cancel_leave,
        TAG,
        (Answer(202, "the deletes queued", CancelResult),),
        path_model=LeavePath,
        errors=(400, 404, 409),
        path_patterns=ID,
    ),
]
