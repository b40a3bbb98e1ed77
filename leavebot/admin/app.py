"""The admin aiohttp application: error shape, bearer auth, health routes.

Every error is JSON, ``{"error": {"code", "message", "details"}}``; every
route under ``/api`` needs ``Authorization: Bearer <ADMIN_TOKEN>`` (compared
in constant time); ``/healthz`` is open and says whether the process is alive
and the database reachable.
"""

from __future__ import annotations

import hmac
from collections.abc import Awaitable, Callable
from typing import Any

import structlog
from aiohttp import web

from leavebot.db import Database
from leavebot.errors import ConfigError
from leavebot.heartbeats import is_stale
from leavebot.queries import Q

log = structlog.get_logger(__name__)

DB_KEY: web.AppKey[Database] = web.AppKey("db", Database)
TOKEN_KEY: web.AppKey[str] = web.AppKey("admin_token", str)
HEARTBEAT_KEY: web.AppKey[float] = web.AppKey("heartbeat_interval_s", float)
MIN_TOKEN_LENGTH = 32
MAX_BODY_BYTES = 256 * 1024

HandlerT = Callable[[web.Request], Awaitable[web.StreamResponse]]


def error_response(
    status: int, code: str, message: str, details: dict[str, Any] | None = None
) -> web.Response:
    body = {"error": {"code": code, "message": message, "details": details or {}}}
    return web.json_response(body, status=status)


def check_token(token: str | None, *, demo: bool = False) -> str:
    """The admin token, or a ``ConfigError`` when it is missing or too short."""
    if not token:
        raise ConfigError("ADMIN_TOKEN is not set; the admin server needs it")
    if len(token) < MIN_TOKEN_LENGTH and not demo:
        raise ConfigError(f"ADMIN_TOKEN must be at least {MIN_TOKEN_LENGTH} characters long")
    return token


@web.middleware
async def errors_as_json(request: web.Request, handler: HandlerT) -> web.StreamResponse:
    try:
        return await handler(request)
    except web.HTTPException as exc:
        if exc.status < 400:
            raise
        code = exc.reason.lower().replace(" ", "_") if exc.reason else "error"
        return error_response(exc.status, code, exc.text or exc.reason or "error")
    except Exception:
        log.exception("admin.unhandled_error", path=request.path, method=request.method)
        return error_response(500, "internal_error", "an unexpected error occurred")


@web.middleware
async def bearer_auth(request: web.Request, handler: HandlerT) -> web.StreamResponse:
    if request.path.startswith("/api/") or request.path == "/api":
        expected = request.app[TOKEN_KEY]
        header = request.headers.get("Authorization", "")
        scheme, _, given = header.partition(" ")
        if scheme.lower() != "bearer" or not given:
            return error_response(401, "unauthorized", "missing bearer token")
        if not hmac.compare_digest(given.strip().encode(), expected.encode()):
            return error_response(401, "unauthorized", "wrong bearer token")
    return await handler(request)


@web.middleware
async def security_headers(request: web.Request, handler: HandlerT) -> web.StreamResponse:
    response = await handler(request)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("X-Frame-Options", "DENY")
    response.headers.setdefault("Referrer-Policy", "no-referrer")
    response.headers.setdefault("Cache-Control", "no-store")
    return response


async def healthz(request: web.Request) -> web.Response:
    db_ok = await request.app[DB_KEY].ping()
    body = {"status": "ok" if db_ok else "degraded", "database": "ok" if db_ok else "unreachable"}
    return web.json_response(body, status=200 if db_ok else 503)


async def api_health(request: web.Request) -> web.Response:
    db = request.app[DB_KEY]
    interval = request.app[HEARTBEAT_KEY]
    if not await db.ping():
        return error_response(503, "database_unreachable", "the database does not answer")
    actors = []
    for row in await db.fetch(Q.heartbeat_list):
        stale = is_stale(float(row["age_s"]), interval)
        actors.append(
            {
                "process": row["process"],
                "actor": row["actor"],
                "state": row["state"],
                "restarts": row["restarts"],
                "last_error": row["last_error"],
                "pid": row["pid"],
                "hostname": row["hostname"],
                "updated_at": row["updated_at"].isoformat(),
                "age_s": round(float(row["age_s"]), 3),
                "stale": stale,
            }
        )
    healthy = all(a["state"] == "running" and not a["stale"] for a in actors)
    body = {
        "status": "ok" if healthy else "degraded",
        "database": "ok",
        "actors": actors,
    }
    return web.json_response(body)


def create_app(
    db: Database, admin_token: str, *, heartbeat_interval_s: float = 5.0
) -> web.Application:
    app = web.Application(
        middlewares=[security_headers, errors_as_json, bearer_auth],
        client_max_size=MAX_BODY_BYTES,
    )
    app[DB_KEY] = db
    app[TOKEN_KEY] = admin_token
    app[HEARTBEAT_KEY] = heartbeat_interval_s
    app.router.add_get("/healthz", healthz)
    app.router.add_get("/api/health", api_health)
    return app
