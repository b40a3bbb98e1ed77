"""A sandbox OpenAI-compatible endpoint: enough of ``POST /v1/chat/completions``.

The real ``openai`` SDK (``chat.completions.parse`` with a pydantic
``response_format``) talks to it over a real socket, so the tests and
``leave-bot demo`` run the production client code unchanged.

Answers, in this order of precedence for each request:

1. **Faults** queued by a test (``inject``) or over HTTP
   (``POST /sandbox/openai/faults``): ``http_500``, ``rate_limit`` (429 with
   ``Retry-After``), ``slow`` (wait ``delay_s`` seconds, then answer as
   usual), ``invalid_json`` (content that is not JSON), ``refusal``
   (``message.refusal`` set, no content) and ``wrong_schema`` (valid JSON
   that is not the answer schema). A fault applies to the next ``times``
   requests.
2. **Scripted answers** queued by a test (``script``) or over HTTP
   (``POST /sandbox/openai/answers``), first in first out: a JSON object to
   return as the message content, a raw string content, or a function of the
   request body returning either.
3. **The default answerer**, deterministic, for the demo: it reads the date
   context line of the system prompt (``leavebot.parsing.llm.CONTEXT_PREFIX``
   followed by JSON: now, time zone, working days, holidays, date order),
   runs the rules parser on the last user message with that context, and
   answers as a careful model would: the rules' reading when the rules are
   sure of it (a no-date leave wish as a leave with no days, as the prompt
   asks the model); for a message the rules are unsure of, a leave with no
   days (the bot then asks for the dates) when it is clearly the author's own
   leave, and ``intent: none`` (no leave) otherwise, since it cannot place it
   either. It never turns an unsure reading into a confident one with days.
   Without a context line it answers ``intent: none``. It does not read the
   thread.

Parameters a model refuses: reasoning models (``o1``, ``o3``, ``o4-mini``,
``gpt-5``...) take no ``temperature`` but their default (1). Like OpenAI, the
sandbox answers 400 ``invalid_request_error`` with ``param: "temperature"``:
``unsupported_parameter`` ("Unsupported parameter: 'temperature' is not
supported with this model.") for ``o1-mini`` / ``o3-mini``,
``unsupported_value`` ("Unsupported value: 'temperature' does not support 0
with this model. Only the default (1) value is supported.") for the others
-- the answers quoted in openai/openai-python#2072 and many client issues
since (a maintainer there: API-level behaviour, not the SDK's). See
:func:`refused_parameter`.

Every request to the completions route is logged (``requests``; also
``GET /sandbox/openai/requests``): model, messages, response format, and
whether an ``Authorization: Bearer`` header came and matched. A request
without the right bearer token gets a 401 in OpenAI's error shape.

Start it with ``async with serve_openai() as sandbox:`` (binds 127.0.0.1 on a
free port; ``sandbox.base_url`` is ``http://127.0.0.1:PORT/v1``), or
``await sandbox.start()`` / ``await sandbox.close()``.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import re
import time
from collections import deque
from collections.abc import AsyncIterator, Callable, Mapping
from contextlib import asynccontextmanager, suppress
from typing import Any, Literal

from aiohttp import web
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from leavebot.parsing.outcome import Parsed
from leavebot.sandbox.common import serve_app

FaultKind = Literal["http_500", "rate_limit", "slow", "invalid_json", "refusal", "wrong_schema"]
Content = Mapping[str, Any] | str
Answer = Content | Callable[[dict[str, Any]], Content]

DEFAULT_API_KEY = "sandbox-openai-key"
REFUSAL_TEXT = "I'm sorry, I can't help with that request."
INVALID_JSON_CONTENT = '{"intent": "leave", "category": "vacation", "days": [{"date": '
WRONG_SCHEMA_CONTENT = '{"answer": "leave", "when": "tomorrow", "confidence": 0.9}'


class Fault(BaseModel):
    """A fault to apply to the next ``times`` completion requests."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    kind: FaultKind
    times: int = Field(default=1, ge=1)
    retry_after_s: float = Field(default=1.0, ge=0, description="Retry-After of rate_limit")
    delay_s: float = Field(default=5.0, ge=0, description="wait of slow")


class ReceivedRequest(BaseModel):
    """One request to ``/v1/chat/completions`` as the sandbox saw it."""

    model_config = ConfigDict(frozen=True)

    model: str | None
    messages: list[dict[str, Any]]
    response_format: dict[str, Any] | None
    auth_header_present: bool
    authorized: bool
    body: dict[str, Any]

    @property
    def system_prompt(self) -> str:
        return "\n".join(
            str(m.get("content", "")) for m in self.messages if m.get("role") == "system"
        )

    @property
    def user_messages(self) -> list[str]:
        return [str(m.get("content", "")) for m in self.messages if m.get("role") == "user"]


class OpenAISandbox:
    """The sandbox server: state, control methods and the aiohttp app."""

    def __init__(
        self,
        *,
        api_key: str | None = DEFAULT_API_KEY,
        answerer: Callable[[dict[str, Any]], Content] | None = None,
    ) -> None:
        """``api_key`` None accepts any bearer token; ``answerer`` replaces the default one."""
        self.api_key = api_key
        self.requests: list[ReceivedRequest] = []
        self._faults: deque[list[Any]] = deque()  # [Fault, remaining]
        self._answers: deque[Answer] = deque()
        self._answerer = answerer or default_answer
        self._ids = itertools.count(1)
        self._closing = asyncio.Event()
        self._runner: web.AppRunner | None = None
        self.base_url = ""
        self.app = web.Application()
        self.app.add_routes(
            [
                web.post("/v1/chat/completions", self._completions),
                web.post("/sandbox/openai/faults", self._post_fault),
                web.delete("/sandbox/openai/faults", self._delete_faults),
                web.post("/sandbox/openai/answers", self._post_answer),
                web.get("/sandbox/openai/requests", self._get_requests),
                web.post("/sandbox/openai/reset", self._reset),
            ]
        )

    # -- control -----------------------------------------------------------

    def inject(self, fault: Fault | FaultKind, **options: Any) -> None:
        """Queue a fault: ``inject("rate_limit", retry_after_s=0.1, times=2)``."""
        item = fault if isinstance(fault, Fault) else Fault(kind=fault, **options)
        self._faults.append([item, item.times])

    def script(self, *answers: Answer) -> None:
        """Queue answers for the next requests, first in first out."""
        self._answers.extend(answers)

    def reset(self) -> None:
        """Forget faults, scripted answers and the request log."""
        self._faults.clear()
        self._answers.clear()
        self.requests.clear()

    @property
    def completion_requests(self) -> list[ReceivedRequest]:
        """The logged requests that carried the right token."""
        return [r for r in self.requests if r.authorized]

    # -- lifecycle ---------------------------------------------------------

    async def start(self, host: str = "127.0.0.1", port: int = 0) -> str:
        """Listen on ``host:port`` (0 = a free port); the base URL ``.../v1``."""
        self._runner, url = await serve_app(self.app, host, port)
        self.base_url = f"{url}/v1"
        return self.base_url

    async def close(self) -> None:
        self._closing.set()
        if self._runner is not None:
            runner, self._runner = self._runner, None
            await runner.cleanup()

    async def __aenter__(self) -> OpenAISandbox:
        await self.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    # -- routes ------------------------------------------------------------

    async def _completions(self, request: web.Request) -> web.Response:
        header = request.headers.get("Authorization", "")
        token = header[7:].strip() if header.lower().startswith("bearer ") else ""
        authorized = bool(token) and (self.api_key is None or token == self.api_key)
        try:
            body = await request.json()
            if not isinstance(body, dict):
                raise TypeError("the body is not a JSON object")
        except (ValueError, TypeError) as exc:
            return _error(400, f"invalid request body: {exc}", "invalid_request_error")
        messages = body.get("messages")
        response_format = body.get("response_format")
        self.requests.append(
            ReceivedRequest(
                model=body.get("model") if isinstance(body.get("model"), str) else None,
                messages=[m for m in messages if isinstance(m, dict)]
                if isinstance(messages, list)
                else [],
                response_format=response_format if isinstance(response_format, dict) else None,
                auth_header_present=bool(header),
                authorized=authorized,
                body=body,
            )
        )
        if not authorized:
            return _error(
                401,
                "Incorrect API key provided." if token else "You didn't provide an API key.",
                "invalid_request_error",
                code="invalid_api_key",
            )
        if not isinstance(messages, list) or not isinstance(body.get("model"), str):
            return _error(400, "'model' and 'messages' are required", "invalid_request_error")
        refused = refused_parameter(body)
        if refused is not None:
            return refused

        fault = self._next_fault()
        if fault is not None:
            if fault.kind == "http_500":
                return _error(
                    500, "The server had an error processing your request.", "server_error"
                )
            if fault.kind == "rate_limit":
                response = _error(
                    429, "Rate limit reached for requests.", "requests", code="rate_limit_exceeded"
                )
                response.headers["Retry-After"] = f"{fault.retry_after_s:g}"
                response.headers["retry-after-ms"] = f"{fault.retry_after_s * 1000:.0f}"
                return response
            if fault.kind == "slow":
                with suppress(TimeoutError):
                    await asyncio.wait_for(self._closing.wait(), fault.delay_s)
            elif fault.kind == "refusal":
                return self._completion(body, content=None, refusal=REFUSAL_TEXT)
            elif fault.kind == "invalid_json":
                return self._completion(body, content=INVALID_JSON_CONTENT)
            elif fault.kind == "wrong_schema":
                return self._completion(body, content=WRONG_SCHEMA_CONTENT)

        answer: Answer = self._answers.popleft() if self._answers else self._answerer
        content = answer(body) if callable(answer) else answer
        text = content if isinstance(content, str) else json.dumps(content)
        return self._completion(body, content=text)

    async def _post_fault(self, request: web.Request) -> web.Response:
        try:
            fault = Fault.model_validate(await request.json())
        except (ValueError, ValidationError) as exc:
            return _error(400, f"invalid fault: {exc}", "invalid_request_error")
        self.inject(fault)
        return web.json_response({"queued": len(self._faults)})

    async def _delete_faults(self, request: web.Request) -> web.Response:
        self._faults.clear()
        return web.json_response({"queued": 0})

    async def _post_answer(self, request: web.Request) -> web.Response:
        try:
            answer = await request.json()
        except ValueError as exc:
            return _error(400, f"invalid answer: {exc}", "invalid_request_error")
        if not isinstance(answer, dict | str):
            return _error(400, "an answer is a JSON object or a string", "invalid_request_error")
        self.script(answer)
        return web.json_response({"queued": len(self._answers)})

    async def _get_requests(self, request: web.Request) -> web.Response:
        return web.json_response(
            [r.model_dump(exclude={"body"}) for r in self.requests], dumps=json.dumps
        )

    async def _reset(self, request: web.Request) -> web.Response:
        self.reset()
        return web.json_response({"reset": True})

    # -- helpers -----------------------------------------------------------

    def _next_fault(self) -> Fault | None:
        if not self._faults:
            return None
        entry = self._faults[0]
        entry[1] -= 1
        if entry[1] <= 0:
            self._faults.popleft()
        fault: Fault = entry[0]
        return fault

    def _completion(
        self, body: Mapping[str, Any], *, content: str | None, refusal: str | None = None
    ) -> web.Response:
        prompt_tokens = sum(
            len(str(m.get("content", "")).split())
            for m in body.get("messages", [])
            if isinstance(m, dict)
        )
        completion_tokens = len((content or refusal or "").split())
        return web.json_response(
            {
                "id": f"chatcmpl-sandbox-{next(self._ids)}",
                "object": "chat.completion",
                "created": int(time.time()),
                "model": body.get("model", "sandbox"),
                "choices": [
                    {
                        "index": 0,
                        "message": {"role": "assistant", "content": content, "refusal": refusal},
                        "logprobs": None,
                        "finish_reason": "stop",
                    }
                ],
                "usage": {
                    "prompt_tokens": prompt_tokens,
                    "completion_tokens": completion_tokens,
                    "total_tokens": prompt_tokens + completion_tokens,
                },
            }
        )


def default_answer(body: Mapping[str, Any]) -> Content:
    """The deterministic answer: the rules' sure reading in the LLM answer schema, else none."""
    from leavebot.parsing.llm import read_context

    messages = [m for m in body.get("messages", []) if isinstance(m, dict)]
    system = "\n".join(str(m.get("content", "")) for m in messages if m.get("role") == "system")
    users = [str(m.get("content", "")) for m in messages if m.get("role") == "user"]
    context = read_context(system)
    if context is None or not users:
        return {"intent": "none", "category": None, "days": []}
    from leavebot.parsing.rules import parse_rules

    now, calendar = context
    parsed: Parsed = parse_rules(users[-1], now, calendar)
    if (
        not parsed.sure
        and parsed.own
        and (parsed.request.intent == "leave" or "assumed_today" in parsed.reasons)
    ):
        # Clearly the author's leave, its days unplaceable: a leave with no days,
        # which asks for the dates, as the prompt tells the model.
        return {"intent": "leave", "category": parsed.request.category, "days": []}
    if not parsed.sure:  # a message it cannot place: no leave
        return {"intent": "none", "category": None, "days": []}
    if parsed.request.intent == "none" and "no_dates" in parsed.reasons:
        # A leave wish with no date, in the form the prompt asks the model for.
        return {"intent": "leave", "category": "vacation", "days": []}
    answer: dict[str, Any] = parsed.request.contract_json()
    return answer


@asynccontextmanager
async def serve_openai(
    *,
    api_key: str | None = DEFAULT_API_KEY,
    answerer: Callable[[dict[str, Any]], Content] | None = None,
    host: str = "127.0.0.1",
    port: int = 0,
) -> AsyncIterator[OpenAISandbox]:
    """Run a sandbox on ``host:port`` (a free port by default) for the block."""
    sandbox = OpenAISandbox(api_key=api_key, answerer=answerer)
    await sandbox.start(host, port)
    try:
        yield sandbox
    finally:
        await sandbox.close()


REASONING_MODEL = re.compile(r"^(o1|o3|o4|gpt-5)(-|$)")
"""Model names that refuse a ``temperature`` other than their default (OpenAI's reasoning
models: o1, o3, o4-mini, gpt-5 and their dated or sized variants)."""


def refused_parameter(body: Mapping[str, Any]) -> web.Response | None:
    """OpenAI's 400 for a ``temperature`` the requested model does not take, if so."""
    model = str(body.get("model") or "")
    if "temperature" not in body or not REASONING_MODEL.match(model):
        return None
    temperature = body["temperature"]
    if re.match(r"^(o1|o3)-mini", model):
        message = "Unsupported parameter: 'temperature' is not supported with this model."
        return _error(
            400, message, "invalid_request_error", code="unsupported_parameter", param="temperature"
        )
    if temperature == 1:
        return None
    message = (
        f"Unsupported value: 'temperature' does not support {_number(temperature)} with this"
        " model. "
        "Only the default (1) value is supported."
    )
    return _error(
        400, message, "invalid_request_error", code="unsupported_value", param="temperature"
    )


def _number(value: Any) -> str:
    return f"{value:g}" if isinstance(value, int | float) else json.dumps(value)


def _error(
    status: int, message: str, kind: str, *, code: str | None = None, param: str | None = None
) -> web.Response:
    return web.json_response(
        {"error": {"message": message, "type": kind, "param": param, "code": code}}, status=status
    )
