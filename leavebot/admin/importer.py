"""The user import: Slack members matched to Harvest users by email, planned then applied.

``plan`` is pure: from Slack's ``users.list`` members, Harvest's users and
the people we know, it says for each member what an import does -- create
the person, update their Harvest id, leave them unchanged, or report them
unmatched (known, without a Harvest id, and no Harvest user has their
email). Bots, deleted members and Slackbot are skipped. ``run`` fetches the
inputs, and with ``dry_run=False`` applies the plan in one transaction.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Literal

import aiohttp
import structlog
from slack_sdk.errors import SlackApiError, SlackClientError

from leavebot.admin.models import (
    HarvestOnly,
    ImportAction,
    ImportCounts,
    ImportItem,
    ImportResult,
    ImportSkip,
    check_zone,
)
from leavebot.admin.routing import ApiError
from leavebot.admin.state import AdminContext
from leavebot.errors import ConfigError, SyncError
from leavebot.queries import Q

log = structlog.get_logger(__name__)

SLACKBOT_ID = "USLACKBOT"
SkipReason = Literal["bot", "deleted", "slackbot"]
JSON = dict[str, Any]


def _zone_or(value: Any, fallback: str) -> str:
    try:
        return check_zone(str(value)) if value else fallback
    except ValueError:
        return fallback


def _name(member: JSON) -> str:
    profile = member.get("profile") or {}
    for value in (
        member.get("real_name"),
        profile.get("real_name"),
        profile.get("display_name"),
        member.get("name"),
    ):
        if isinstance(value, str) and value.strip():
            return value.strip()[:200]
    return str(member.get("id"))


def _skip_reason(member: JSON) -> SkipReason | None:
    if member.get("id") == SLACKBOT_ID:
        return "slackbot"
    if member.get("deleted"):
        return "deleted"
    if member.get("is_bot") or member.get("is_app_user"):
        return "bot"
    return None


def plan(
    members: Sequence[JSON],
    harvest_users: Sequence[JSON],
    known: Mapping[str, Mapping[str, Any]],
    *,
    default_timezone: str,
) -> ImportResult:
    """What an import would do (``known``: our people by Slack id, with ``harvest_user_id``)."""
    by_email: dict[str, JSON] = {}
    for hu in harvest_users:
        address = str(hu.get("email") or "").strip().lower()
        if address:
            by_email.setdefault(address, hu)
    items: list[ImportItem] = []
    skipped: list[ImportSkip] = []
    seen_emails: set[str] = set()
    counts = {"create": 0, "update": 0, "unchanged": 0, "unmatched": 0}
    for member in members:
        slack_id = str(member.get("id") or "")
        if not slack_id:
            continue
        reason = _skip_reason(member)
        if reason is not None:
            skipped.append(ImportSkip(slack_user_id=slack_id, reason=reason))
            continue
        email = str((member.get("profile") or {}).get("email") or "").strip() or None
        key = email.lower() if email else None
        if key:
            seen_emails.add(key)
        match = by_email.get(key) if key else None
        note = None
        harvest_id: int | None = None
        if match is None:
            note = "no Harvest user has this email" if email else "no email in Slack"
        elif match.get("is_active") is False:
            note = f"Harvest user {match['id']} with this email is inactive"
        else:
            harvest_id = int(match["id"])
        ours = known.get(slack_id)
        previous = ours.get("harvest_user_id") if ours else None
        action: ImportAction
        if ours is None:
            action = "create"
        elif harvest_id is None:
            action = "unmatched" if previous is None else "unchanged"
        elif previous == harvest_id:
            action, note = "unchanged", None
        else:
            action, note = "update", None
        counts[action] += 1
        items.append(
            ImportItem(
                slack_user_id=slack_id,
                display_name=_name(member),
                email=email,
                timezone=_zone_or(member.get("tz"), default_timezone),
                action=action,
                user_id=ours.get("id") if ours else None,
                harvest_user_id=harvest_id if harvest_id is not None else previous,
                previous_harvest_user_id=previous,
                note=note,
            )
        )
    harvest_only = [
        HarvestOnly(
            harvest_user_id=int(hu["id"]),
            name=f"{hu.get('first_name') or ''} {hu.get('last_name') or ''}".strip(),
            email=hu.get("email"),
        )
        for hu in harvest_users
        if hu.get("is_active", True) and str(hu.get("email") or "").lower() not in seen_emails
    ]
    return ImportResult(
        dry_run=True,
        applied=False,
        counts=ImportCounts(**counts),
        items=items,
        skipped=skipped,
        harvest_unmatched=harvest_only,
    )


async def slack_members(state: AdminContext) -> list[JSON]:
    if state.slack is None:
        raise ApiError(503, "not_configured", "no Slack client is configured for the import")
    try:
        client = state.slack()
    except ConfigError as exc:
        raise ApiError(503, "not_configured", str(exc)) from None
    members: list[JSON] = []
    cursor: str | None = None
    try:
        for _ in range(1000):
            resp = await client.web.users_list(cursor=cursor, limit=200)
            members.extend(resp.get("members") or [])
            cursor = (resp.get("response_metadata") or {}).get("next_cursor") or None
            if not cursor:
                return members
    except SlackApiError as exc:
        error = exc.response.get("error") if exc.response is not None else None
        raise ApiError(502, "slack_unavailable", f"Slack answered {error}") from None
    except (SlackClientError, aiohttp.ClientError, TimeoutError, OSError) as exc:
        raise ApiError(502, "slack_unavailable", f"Slack: {type(exc).__name__}") from None
    raise ApiError(502, "slack_unavailable", "Slack returned too many pages of members")


async def harvest_users(state: AdminContext) -> list[JSON]:
    if state.harvest is None:
        raise ApiError(503, "not_configured", "no Harvest client is configured for the import")
    try:
        client = state.harvest()
    except ConfigError as exc:
        raise ApiError(503, "not_configured", str(exc)) from None
    try:
        return await client.users()
    except SyncError as exc:
        raise ApiError(502, "harvest_unavailable", str(exc)) from None


async def run(state: AdminContext, *, dry_run: bool) -> ImportResult:
    members = await slack_members(state)
    people = await harvest_users(state)
    ids = [str(m.get("id")) for m in members if m.get("id")]
    rows = await state.db.fetch(Q.admin_users_by_slack_ids, ids)
    known = {r["slack_user_id"]: dict(r) for r in rows}
    default_tz = (await state.config.get()).timezone
    result = plan(members, people, known, default_timezone=default_tz)
    if dry_run:
        return result
    items: list[ImportItem] = []
    async with state.db.transaction() as tx:
        for item in result.items:
            if item.action == "create":
                row = await tx.conn.fetchrow(
                    Q.admin_user_create,
                    item.slack_user_id,
                    item.display_name,
                    item.email,
                    item.harvest_user_id,
                    item.timezone,
                    True,
                    None,
                )
                if row is not None:
                    item = item.model_copy(update={"user_id": row["id"]})
            elif item.action == "update":
                await tx.conn.execute(Q.admin_user_set_harvest, item.user_id, item.harvest_user_id)
            items.append(item)
    return result.model_copy(update={"dry_run": False, "applied": True, "items": items})
