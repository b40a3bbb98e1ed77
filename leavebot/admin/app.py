"""The admin aiohttp application: error shape, bearer auth, security headers, routes.

Every error is JSON, ``{"error": {"code", "message", "details"}}``. A request
whose headers, path or query string are not UTF-8 (raw or percent-encoded) is
a 400 before anything reads them, authentication included; one the HTTP parser
itself refuses is a JSON 400 too when served by :class:`AdminRunner`. Every
route under ``/api`` (the OpenAPI document included) needs
``Authorization: Bearer <ADMIN_TOKEN>`` (compared in constant time);
``/healthz`` is open and says whether the process is alive and the database
reachable. Bodies are limited to 256 KiB (413 past that); no CORS header is
ever sent, so browsers keep the API to its own origin. The routes live in the
``routes_*`` modules, registered through ``leavebot.admin.routing``, and
``GET /api/openapi.json`` is generated from that same registry. The leaves
list answers from a page cache while the data it shows is unchanged
(``leavebot.admin.page_cache``).
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any
from urllib.parse import unquote_to_bytes

import structlog
from aiohttp import web
from aiohttp.web_protocol import RequestHandler
from aiohttp.web_request import BaseRequest

from leavebot.admin import (
    dashboard,
    openapi,
    routes_config,
    routes_digest,
    routes_health,
    routes_holidays,
    routes_leaves,
    routes_reports,
    routes_users,
)
from leavebot.admin.page_cache import PageCache
from leavebot.admin.routing import Answer, ApiError, Call, Route, register
from leavebot.admin.state import CTX_KEY, AdminContext, HarvestProvider, SlackProvider
from leavebot.channels import Channels
from leavebot.config import ConfigCache
from leavebot.db import Database
from leavebot.errors import ConfigError

log = structlog.get_logger(__name__)

DB_KEY: web.AppKey[Database] = web.AppKey("db", Database)
TOKEN_KEY: web.AppKey[str] = web.AppKey("admin_token", str)
HEARTBEAT_KEY: web.AppKey[float] = web.AppKey("heartbeat_interval_s", float)
PAGES_KEY: web.AppKey[PageCache | None] = web.AppKey("page_cache")
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
    except ApiError as exc:
        return error_response(exc.status, exc.code, exc.message, exc.details)
    except web.HTTPException as exc:
        if exc.status < 400:
            raise
        if exc.status == 413:
            return error_response(413, "payload_too_large", exc.text or "the body is too large")
        code = exc.reason.lower().replace(" ", "_") if exc.reason else "error"
        return error_response(exc.status, code, exc.text or exc.reason or "error")
    except Exception:
        log.exception("admin.unhandled_error", path=request.path, method=request.method)
        return error_response(500, "internal_error", "an unexpected error occurred")


def _undecodable(request: web.Request) -> str | None:
    """What of the request is not UTF-8: a header (aiohttp keeps such bytes as lone
    surrogates), or the path or query string as sent (percent escapes decoded
    strictly; yarl would put U+FFFD in their place). None when all of it is."""
    for name, value in request.headers.items():
        try:
            name.encode("utf-8")
            value.encode("utf-8")
        except UnicodeEncodeError:
            return f"header {name.encode('utf-8', 'replace').decode()!r} is not valid UTF-8"
    path, _, query = request.raw_path.partition("?")
    for part, text in (("path", path), ("query string", query)):
        try:
            unquote_to_bytes(text).decode("utf-8")
        except UnicodeError:
            return f"the {part} is not valid UTF-8"
    return None


@web.middleware
async def decodable_input(request: web.Request, handler: HandlerT) -> web.StreamResponse:
    problem = _undecodable(request)
    if problem is not None:
        return error_response(400, "bad_request", problem)
    return await handler(request)


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


SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}


@web.middleware
async def security_headers(request: web.Request, handler: HandlerT) -> web.StreamResponse:
    response = await handler(request)
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    return response


async def healthz(request: web.Request) -> web.Response:
    db_ok = await request.app[DB_KEY].ping()
    body = {"status": "ok" if db_ok else "degraded", "database": "ok" if db_ok else "unreachable"}
    return web.json_response(body, status=200 if db_ok else 503)


API_ROUTES: list[Route] = [
    *routes_health.ROUTES,
    *routes_users.ROUTES,
    *routes_leaves.ROUTES,
    *routes_reports.ROUTES,
    *routes_config.ROUTES,
    *routes_digest.ROUTES,
    *routes_holidays.ROUTES,
]


def openapi_route(routes: list[Route]) -> Route:
    """``GET /api/openapi.json``: the document of ``routes`` (and of itself)."""
    document: dict[str, object] = {}

    async def serve(call: Call) -> web.Response:
        return web.json_response(document)

    route = Route(
        "GET",
        "/api/openapi.json",
        "openapi",
        "This document (OpenAPI 3.1)",
        serve,
        "meta",
        (Answer(200, "the OpenAPI 3.1 document"),),
    )
    document.update(openapi.build([*routes, route]))
    return route


async def listen_for_changes(app: web.Application) -> AsyncIterator[None]:
    """While the app runs, its page cache listens for data changes when read."""
    pages = app[PAGES_KEY]
    task = asyncio.create_task(pages.run()) if pages is not None else None
    yield
    if task is not None:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task


def create_app(
    db: Database,
    admin_token: str,
    *,
    heartbeat_interval_s: float = 5.0,
    channels: Channels | None = None,
    config: ConfigCache | None = None,
    slack: SlackProvider | None = None,
    harvest: HarvestProvider | None = None,
    slack_web_url: str = "https://slack.com",
    page_cache_entries: int = 512,
) -> web.Application:
    """The admin app. ``slack`` and ``harvest`` provide the clients of the user import
    (called on first use; the caller owns and closes them); ``slack_web_url`` is where
    message permalinks point; the page cache keeps up to ``page_cache_entries`` answers
    (0: no cache)."""
    app = web.Application(
        middlewares=[security_headers, errors_as_json, decodable_input, bearer_auth],
        client_max_size=MAX_BODY_BYTES,
    )
    app[DB_KEY] = db
    app[TOKEN_KEY] = admin_token
    app[HEARTBEAT_KEY] = heartbeat_interval_s
    pages = PageCache(db.url, max_entries=page_cache_entries) if page_cache_entries else None
    app[PAGES_KEY] = pages
    app.cleanup_ctx.append(listen_for_changes)
    app[CTX_KEY] = AdminContext(
        db=db,
        channels=channels if channels is not None else Channels(db),
        config=config if config is not None else ConfigCache(db),
        heartbeat_interval_s=heartbeat_interval_s,
        slack_web_url=slack_web_url,
        slack=slack,
        harvest=harvest,
    )
    app.router.add_get("/healthz", healthz)
    dashboard.add_dashboard_routes(app)
    register(app, [*API_ROUTES, openapi_route(API_ROUTES)], pages)
    return app


class _JsonErrorsHandler(RequestHandler):
    """aiohttp's connection handler, but a request its HTTP parser refuses (a byte that
    is not ASCII in the request line, a header line it cannot read...) is answered in
    the API's error shape and logged as one line, without a traceback."""

    __slots__ = ()

    def handle_error(
        self,
        request: BaseRequest,
        status: int = 500,
        exc: BaseException | None = None,
        message: str | None = None,
    ) -> web.StreamResponse:
        if status >= 500 or request.writer.output_size > 0:
            return super().handle_error(request, status, exc, message)
        lines = (message or "").strip().splitlines()
        reason = (lines[0].rstrip(":") if lines else "") or "bad request"
        log.warning("admin.bad_http_request", status=status, error=reason[:200])
        response = error_response(status, "bad_request", f"not a valid HTTP request: {reason}")
        for name, value in SECURITY_HEADERS.items():
            response.headers[name] = value
        response.force_close()
        return response


class _JsonErrorsServer(web.Server):
    def __call__(self) -> RequestHandler:
        handler = super().__call__()
        handler.__class__ = _JsonErrorsHandler  # same layout: a subclass with no slots
        return handler


class AdminRunner(web.AppRunner):
    """The runner of the admin app: aiohttp's, with :class:`_JsonErrorsHandler` serving
    each connection (aiohttp has no public hook for the parser's error answers, hence
    the class swap on the server it makes)."""

    async def _make_server(self) -> web.Server:
        server = await super()._make_server()
        server.__class__ = _JsonErrorsServer
        return server
