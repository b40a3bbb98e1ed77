"""People: list (search, active, mapping gaps, pages), get, create, update, deactivate, import.

``DELETE /api/users/{id}`` deactivates (the person's history stays), as does a
``PATCH`` setting ``active`` to false: in the same transaction the person's
pending requests expire and the tracker is told to take the buttons off their
prompts, so nothing they asked for can be confirmed afterwards (the tracker
also refuses a deactivated person's clicks);
``POST /api/users/import`` reads Slack's members and Harvest's users and
shows (dry run, the default) or applies what would change, see
``leavebot.admin.importer``.
"""

from __future__ import annotations

from typing import Any

import asyncpg
import structlog

from leavebot.admin import importer
from leavebot.admin.models import (
    ImportQuery,
    ImportResult,
    UserCreate,
    UserList,
    UserOut,
    UserPath,
    UsersQuery,
    UserUpdate,
)
from leavebot.admin.routing import Answer, ApiError, Call, Route
from leavebot.admin.state import AdminContext, admin_name, ctx
from leavebot.calendars import zone_and_source
from leavebot.config import RuntimeConfig
from leavebot.db import Tx
from leavebot.messages import RequestExpired
from leavebot.queries import Q
from leavebot.types import RequestId

log = structlog.get_logger(__name__)
ID = {"id": r"\d+"}
TAG = "users"


def user_out(row: asyncpg.Record, config: RuntimeConfig) -> UserOut:
    gaps: list[Any] = []
    if row["harvest_user_id"] is None:
        gaps.append("harvest_user_id")
    if not row["email"]:
        gaps.append("email")
    return UserOut(
        id=row["id"],
        slack_user_id=row["slack_user_id"],
        display_name=row["display_name"],
        email=row["email"],
        harvest_user_id=row["harvest_user_id"],
        timezone=row["timezone"],
        slack_timezone=row["slack_timezone"],
        zone=zone_and_source(config, row)[0],
        zone_source=zone_and_source(config, row)[1],
        active=row["active"],
        holiday_region=row["holiday_region"],
        gaps=gaps,
        created_at=row["created_at"],
        updated_at=row["updated_at"],
    )


def _no_user(user_id: int) -> ApiError:
    return ApiError(404, "not_found", f"no user with id {user_id}", {"id": user_id})


async def list_users(call: Call) -> UserList:
    q = call.query_as(UsersQuery)
    db = ctx(call.request).db
    search = q.q.strip() if q.q and q.q.strip() else None
    gaps = bool(q.gaps)
    rows = await db.fetch(Q.admin_users_list, search, q.active, gaps, q.limit, q.offset)
    total = await db.fetchval(Q.admin_users_count, search, q.active, gaps)
    config = await ctx(call.request).config.get()
    return UserList(
        items=[user_out(r, config) for r in rows],
        total=int(total),
        limit=q.limit,
        offset=q.offset,
    )


async def get_user(call: Call) -> UserOut:
    user_id = call.path_as(UserPath).id
    state = ctx(call.request)
    row = await state.db.fetchrow(Q.admin_user_get, user_id)
    if row is None:
        raise _no_user(user_id)
    return user_out(row, await state.config.get())


async def create_user(call: Call) -> tuple[int, UserOut]:
    body = call.body_as(UserCreate)
    state = ctx(call.request)
    row = await state.db.fetchrow(
        Q.admin_user_create,
        body.slack_user_id,
        body.display_name,
        body.email,
        body.harvest_user_id,
        body.timezone,
        body.active,
        body.holiday_region,
    )
    if row is None:
        raise ApiError(
            409,
            "conflict",
            f"a user with Slack id {body.slack_user_id} exists already",
            {"slack_user_id": body.slack_user_id},
        )
    log.info("admin.user_created", user_id=row["id"], by=admin_name(call.request))
    return 201, user_out(row, await state.config.get())


async def expire_pending(state: AdminContext, tx: Tx, user_id: int) -> list[int]:
    """An inactive person's pending requests expire, and their prompts lose their buttons
    (the same message the expirer sends), in ``tx``."""
    rows = await tx.conn.fetch(Q.requests_expire_of_user, user_id)
    for row in rows:
        await state.channels.send(
            tx,
            "tracker",
            RequestExpired(request_id=RequestId(row["id"])),
            dedupe_key=f"expired:{row['id']}",
        )
    return [int(r["id"]) for r in rows]


async def update_user(call: Call) -> UserOut:
    user_id = call.path_as(UserPath).id
    body = call.body_as(UserUpdate)
    fields = sorted(body.model_fields_set)
    state = ctx(call.request)
    async with state.db.transaction() as tx:
        row = await tx.conn.fetchrow(
            Q.admin_user_update,
            user_id,
            body.display_name,
            body.email,
            body.harvest_user_id,
            body.timezone,
            body.active,
            fields,
            body.holiday_region,
        )
        expired = await expire_pending(state, tx, user_id) if row and not row["active"] else []
    if row is None:
        raise _no_user(user_id)
    by = admin_name(call.request)
    log.info("admin.user_updated", user_id=user_id, fields=fields, by=by)
    if "active" in fields and body.active is False:
        log.info("admin.user_deactivated", user_id=user_id, expired=expired, by=by)
    return user_out(row, await state.config.get())


async def deactivate_user(call: Call) -> UserOut:
    user_id = call.path_as(UserPath).id
    state = ctx(call.request)
    async with state.db.transaction() as tx:
        row = await tx.conn.fetchrow(Q.admin_user_deactivate, user_id)
        expired = await expire_pending(state, tx, user_id) if row else []
    if row is None:
        raise _no_user(user_id)
    by = admin_name(call.request)
    log.info("admin.user_deactivated", user_id=user_id, expired=expired, by=by)
    return user_out(row, await state.config.get())


async def import_users(call: Call) -> ImportResult:
    q = call.query_as(ImportQuery)
    state = ctx(call.request)
    result = await importer.run(state, dry_run=q.dry_run)
    if result.applied:
        log.info("admin.users_imported", by=admin_name(call.request), **result.counts.model_dump())
    return result


ROUTES = [
    Route(
        "GET",
        "/api/users",
        "listUsers",
        "People, searched by name or email, by name",
        list_users,
        TAG,
        (Answer(200, "one page of people", UserList),),
        query_model=UsersQuery,
    ),
    Route(
        "POST",
        "/api/users",
        "createUser",
        "Add a person",
        create_user,
        TAG,
        (Answer(201, "the person added", UserOut),),
        body_model=UserCreate,
        errors=(400, 409, 413, 422),
    ),
    Route(
        "POST",
        "/api/users/import",
        "importUsers",
        "Import people from Slack, matched to Harvest users by email",
        import_users,
        TAG,
        (Answer(200, "what changes (dry run) or changed", ImportResult),),
        query_model=ImportQuery,
        errors=(400, 502, 503),
        description=(
            "Reads Slack users.list (bots, deleted members and Slackbot are skipped) and "
            "Harvest users, matches them by email (any case) and reports, per Slack member: "
            "create, update (a new Harvest id), unchanged or unmatched (no Harvest user). "
            "dry_run=true (the default) changes nothing; dry_run=false applies it all in "
            "one transaction."
        ),
    ),
    Route(
        "GET",
        "/api/users/{id}",
        "getUser",
        "One person",
        get_user,
        TAG,
        (Answer(200, "the person", UserOut),),
        path_model=UserPath,
        errors=(400, 404),
        path_patterns=ID,
    ),
    Route(
        "PATCH",
        "/api/users/{id}",
        "updateUser",
        "Change a person's name, email, Harvest id, time zone, holiday region or active flag",
        update_user,
        TAG,
        (Answer(200, "the person as changed", UserOut),),
        path_model=UserPath,
        body_model=UserUpdate,
        errors=(400, 404, 413, 422),
        path_patterns=ID,
    ),
    Route(
        "DELETE",
        "/api/users/{id}",
        "deactivateUser",
        "Deactivate a person (their history stays; their pending requests expire)",
        deactivate_user,
        TAG,
        (Answer(200, "the person, now inactive", UserOut),),
        path_model=UserPath,
        errors=(400, 404),
        path_patterns=ID,
    ),
]
