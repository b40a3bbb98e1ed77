"""The admin API's route registry: each route declares its inputs and answers once.

A :class:`Route` names its method, path, the pydantic models of its path
parameters, query and body, and every response it gives (status, model,
content types). :func:`register` mounts the routes on an aiohttp app behind
one wrapper that validates the inputs with exactly those models before the
handler runs, and checks that the handler answered with a declared status and
model. ``leavebot.admin.openapi`` builds the OpenAPI document from the same
registry, so the document and the validation can never drift apart. A route
marked ``cached`` answers from the :class:`~leavebot.admin.page_cache.PageCache`
when it can (keyed by its validated inputs, so equal queries share an answer),
and every call of a route that writes empties that cache when it finishes.

Bad input never reaches a handler: a body that is not UTF-8 or not JSON, a
string holding NUL or a lone surrogate (Postgres stores neither), a query
parameter given twice or unknown, or a value the model refuses is answered
with a JSON error (400, or 422 for a well-formed body the model refuses).
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar

from aiohttp import web
from pydantic import BaseModel, ValidationError

from leavebot.admin.page_cache import PageCache

M = TypeVar("M", bound=BaseModel)


class ApiError(Exception):
    """An answer other than success: becomes ``{"error": {"code", "message", "details"}}``."""

    def __init__(
        self, status: int, code: str, message: str, details: Mapping[str, Any] | None = None
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.details = dict(details or {})


@dataclass(frozen=True)
class Answer:
    """One response a route may give: status, JSON model (None: no JSON), CSV too."""

    status: int
    description: str
    model: type[BaseModel] | None = None
    csv: bool = False


@dataclass
class Call:
    """A validated request: the raw aiohttp request and its parsed inputs."""

    request: web.Request
    path: BaseModel | None = None
    query: BaseModel | None = None
    body: BaseModel | None = None

    def path_as(self, model: type[M]) -> M:
        assert isinstance(self.path, model)
        return self.path

    def query_as(self, model: type[M]) -> M:
        assert isinstance(self.query, model)
        return self.query

    def body_as(self, model: type[M]) -> M:
        assert isinstance(self.body, model)
        return self.body


Result = BaseModel | tuple[int, BaseModel] | web.Response
Handler = Callable[[Call], Awaitable[Result]]


@dataclass(frozen=True)
class Route:
    """One operation of the API, as the document shows it and the wrapper enforces it."""

    method: str
    path: str  # OpenAPI style: /api/users/{id}
    operation_id: str
    summary: str
    handler: Handler
    tag: str
    answers: tuple[Answer, ...]
    path_model: type[BaseModel] | None = None
    query_model: type[BaseModel] | None = None
    body_model: type[BaseModel] | None = None
    errors: tuple[int, ...] = (400,)
    description: str = ""
    path_patterns: Mapping[str, str] = field(default_factory=dict)
    cached: bool = False  # a GET whose 200 answers the page cache may keep

    @property
    def aiohttp_path(self) -> str:
        """The path with the aiohttp regex of each parameter (``{id:\\d+}``)."""
        out = self.path
        for name, pattern in self.path_patterns.items():
            out = out.replace("{" + name + "}", "{" + name + ":" + pattern + "}")
        return out

    def answer_for(self, status: int) -> Answer | None:
        return next((a for a in self.answers if a.status == status), None)


# --------------------------------------------------------------- validation


def _bad_text(value: str) -> str | None:
    """Why Postgres could not store ``value`` (NUL, or not encodable as UTF-8)."""
    if "\x00" in value:
        return "text may not contain NUL characters"
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return "text may not contain unpaired surrogates"
    return None


def _check_json_text(value: Any, where: str) -> None:
    if isinstance(value, str):
        problem = _bad_text(value)
        if problem:
            raise ApiError(400, "bad_request", f"{where}: {problem}")
    elif isinstance(value, dict):
        for key, item in value.items():
            _check_json_text(key, where)
            _check_json_text(item, where)
    elif isinstance(value, list):
        for item in value:
            _check_json_text(item, where)


def validation_details(exc: ValidationError) -> dict[str, Any]:
    """The model's complaints, without echoing the input back."""
    problems = [
        {"loc": [str(p) for p in err["loc"]], "msg": err["msg"], "type": err["type"]}
        for err in exc.errors(include_url=False, include_input=False, include_context=False)
    ]
    return {"problems": problems}


def _summary(exc: ValidationError) -> str:
    first = exc.errors(include_url=False, include_input=False, include_context=False)[0]
    where = ".".join(str(p) for p in first["loc"]) or "value"
    return f"{where}: {first['msg']}"


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not valid JSON")


async def read_json(request: web.Request) -> Any:
    """The request body as JSON; 400 when it is empty, not UTF-8 or not JSON."""
    raw = await request.read()  # 413 past client_max_size
    if not raw.strip():
        raise ApiError(400, "bad_request", "a JSON body is required")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise ApiError(400, "bad_request", "the body is not valid UTF-8") from None
    try:
        value = json.loads(text, parse_constant=_reject_constant)
    except (ValueError, RecursionError) as exc:
        raise ApiError(400, "bad_request", f"the body is not valid JSON: {exc}") from None
    _check_json_text(value, "body")
    return value


def parse_query(request: web.Request, model: type[M] | None) -> M | None:
    """The query string validated by ``model``; 400 names the parameter that is wrong."""
    values: dict[str, str] = {}
    for key in request.query:
        got = request.query.getall(key)
        if len(got) > 1:
            raise ApiError(400, "bad_query", f"query parameter {key!r} is given more than once")
        for text in (key, got[0]):
            problem = _bad_text(text)
            if problem:
                raise ApiError(400, "bad_query", f"query parameter {key!r}: {problem}")
        values[key] = got[0]
    if model is None:
        if values:
            raise ApiError(400, "bad_query", "this route takes no query parameters")
        return None
    try:
        return model.model_validate(values)
    except ValidationError as exc:
        raise ApiError(
            400, "bad_query", f"bad query: {_summary(exc)}", validation_details(exc)
        ) from None


def parse_path(request: web.Request, model: type[M] | None) -> M | None:
    """The path parameters validated by ``model``; a value no resource can have is a 404."""
    if model is None:
        return None
    values = dict(request.match_info)
    for text in values.values():
        if _bad_text(text):
            raise ApiError(404, "not_found", "no such resource")
    try:
        return model.model_validate(values)
    except ValidationError as exc:
        raise ApiError(404, "not_found", f"no such resource ({_summary(exc)})") from None


async def parse_body(request: web.Request, model: type[M] | None) -> M | None:
    """The body validated by ``model``; a route without a body model ignores any body."""
    if model is None:
        return None
    value = await read_json(request)
    try:
        return model.model_validate(value)
    except ValidationError as exc:
        raise ApiError(
            422, "invalid_body", f"invalid body: {_summary(exc)}", validation_details(exc)
        ) from None


# ------------------------------------------------------------------ answers


def json_answer(status: int, model: BaseModel) -> web.Response:
    return web.Response(
        status=status,
        body=model.model_dump_json(by_alias=True).encode(),
        content_type="application/json",
    )


def _cache_key(route: Route, call: Call) -> str:
    """The route and its validated inputs: equal for requests that must answer alike."""
    parts = [route.operation_id]
    parts += [m.model_dump_json() if m is not None else "" for m in (call.path, call.query)]
    return "\n".join(parts)


def _wrap(
    route: Route, pages: PageCache | None
) -> Callable[[web.Request], Awaitable[web.StreamResponse]]:
    cache = pages if route.cached else None
    writes = pages if route.method != "GET" else None

    async def handle(request: web.Request) -> web.StreamResponse:
        call = Call(
            request,
            path=parse_path(request, route.path_model),
            query=parse_query(request, route.query_model),
        )
        if cache is not None:
            key = _cache_key(route, call)
            kept = cache.get(key)
            if kept is not None:
                return web.Response(body=kept, content_type="application/json")
            generation = cache.generation
            response = await answer(call)
            if response.status == 200 and isinstance(response.body, bytes):
                cache.put(key, generation, response.body)
            return response
        if writes is not None:
            try:
                return await answer(call)
            finally:  # this server's readers see the write at once
                writes.invalidate()
        return await answer(call)

    async def answer(call: Call) -> web.Response:
        call.body = await parse_body(call.request, route.body_model)
        result = await route.handler(call)
        if isinstance(result, web.Response):
            if route.answer_for(result.status) is None:
                raise RuntimeError(f"{route.operation_id} answered undeclared {result.status}")
            return result
        status, model = result if isinstance(result, tuple) else (200, result)
        answer = route.answer_for(status)
        if answer is None or answer.model is not type(model):
            raise RuntimeError(
                f"{route.operation_id} answered {status} {type(model).__name__}, not declared"
            )
        return json_answer(status, model)

    return handle


def register(app: web.Application, routes: list[Route], pages: PageCache | None = None) -> None:
    """Mount ``routes`` on ``app``, each behind the validating wrapper; with ``pages``,
    the cached routes answer from it and every other method's call empties it."""
    for route in routes:
        if route.cached and (route.method != "GET" or any(a.csv for a in route.answers)):
            raise ValueError(f"{route.operation_id}: only a JSON-only GET can be cached")
        app.router.add_route(route.method, route.aiohttp_path, _wrap(route, pages))
