"""Health: every actor from the heartbeats, the database, Slack, the last sync errors.

An actor is stale when its heartbeat is older than three intervals. The
Slack connection is read from the ``slack_listener`` heartbeats: connected
while a listener runs with a fresh heartbeat (it keeps the Socket Mode
connection; a dropped connection it cannot restore crashes it), disconnected
otherwise, unknown when no process runs one. ``status`` is ``ok`` only when
every actor runs and is fresh.
"""

from __future__ import annotations

import structlog

from leavebot.admin.models import ActorHealth, Health, SlackHealth, SyncErrorOut
from leavebot.admin.routing import Answer, ApiError, Call, Route
from leavebot.admin.state import ctx
from leavebot.heartbeats import is_stale
from leavebot.queries import Q

log = structlog.get_logger(__name__)
SYNC_ERRORS_SHOWN = 20


def slack_health(actors: list[ActorHealth]) -> SlackHealth:
    listeners = [a for a in actors if a.actor == "slack_listener"]
    if not listeners:
        return SlackHealth(state="unknown", detail="no process runs slack_listener")
    live = [a for a in listeners if a.state == "running" and not a.stale]
    if live:
        return SlackHealth(state="connected", detail=f"slack_listener of {live[0].process}")
    worst = listeners[0]
    detail = f"slack_listener is {worst.state}" + (" (stale)" if worst.stale else "")
    if worst.last_error:
        detail += f": {worst.last_error}"
    return SlackHealth(state="disconnected", detail=detail)


async def health(call: Call) -> Health:
    state = ctx(call.request)
    db = state.db
    if not await db.ping():
        raise ApiError(503, "database_unreachable", "the database does not answer")
    actors = []
    for row in await db.fetch(Q.heartbeat_list):
        age = float(row["age_s"])
        actors.append(
            ActorHealth(
                process=row["process"],
                actor=row["actor"],
                state=row["state"],
                restarts=row["restarts"],
                last_error=row["last_error"],
                pid=row["pid"],
                hostname=row["hostname"],
                updated_at=row["updated_at"],
                age_s=round(age, 3),
                stale=is_stale(age, state.heartbeat_interval_s),
            )
        )
    errors = [
        SyncErrorOut(
            id=r["id"],
            request_id=r["request_id"],
            day_id=r["day_id"],
            target=r["target"],
            operation=r["operation"],
            error=r["error"],
            started_at=r["started_at"],
        )
        for r in await db.fetch(Q.admin_sync_errors, SYNC_ERRORS_SHOWN)
    ]
    healthy = all(a.state == "running" and not a.stale for a in actors)
    return Health(
        status="ok" if healthy else "degraded",
        database="ok",
        actors=actors,
        slack=slack_health(actors),
        last_sync_errors=errors,
    )


ROUTES = [
    Route(
        "GET",
        "/api/health",
        "health",
        "Actors, database, Slack connection and the last sync errors",
        health,
        "health",
        (Answer(200, "the health of every part", Health),),
        errors=(503,),
    ),
]
