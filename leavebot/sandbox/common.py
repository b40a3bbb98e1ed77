"""What the HTTP sandboxes share: lifecycle, fault queues and dropped connections.

A sandbox built on :class:`HttpSandbox` serves standalone (``await
sandbox.start()`` binds ``127.0.0.1`` on a free port, ``await sandbox.stop()``
closes it, or ``async with``), or is mounted by a composite sandbox:
``sandbox.attach(app)`` adds its routes and its ``open`` / ``close`` hooks
(run when the app starts and shuts down: a sandbox with background work,
like Slack's Socket Mode dispatcher, starts and ends it there), and once the
app is bound ``sandbox.set_base_url("http://host:port")`` tells it where
clients reach it (used in links and the service-account ``token_uri``).

Faults (:class:`Fault`) are queued per operation name (``"*"``: any
operation) and consumed one request at a time, first in first out; the
operation's own queue is tried before ``"*"``. Kinds:

* ``error`` -- answer HTTP ``status`` in the service's own error shape
  (``retry_after_s`` sets ``Retry-After`` on a 429; ``error`` names the
  error where the service names its errors, as Slack's ``"error"`` field
  does -- Slack answers most errors with HTTP 200);
* ``slow`` -- wait ``delay_s`` seconds, then handle the request as usual;
* ``drop`` -- handle the request (its effect happens), then close the
  connection without answering: "the call happened but we never heard back";
* ``drop_before`` -- close the connection without doing anything.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections import deque
from collections.abc import Awaitable, Callable
from typing import Any, Literal, Self

from aiohttp import web
from pydantic import BaseModel, ConfigDict, Field, ValidationError

JSON = dict[str, Any]
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
FaultKind = Literal["error", "slow", "drop", "drop_before"]


class Fault(BaseModel):
    """A fault for the next ``times`` requests of operation ``op``."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    kind: FaultKind
    op: str = "*"
    times: int = Field(default=1, ge=1)
    status: int = Field(default=500, ge=200, le=599, description="HTTP status of error")
    error: str | None = Field(default=None, description="the service's error code, if it names one")
    delay_s: float = Field(default=2.0, ge=0, description="wait of slow")
    retry_after_s: float = Field(default=1.0, ge=0, description="Retry-After of a 429 error")


class FaultQueue:
    """Faults per operation, consumed one request at a time."""

    def __init__(self) -> None:
        self._queues: dict[str, deque[list[Any]]] = {}  # op -> [[Fault, remaining]]

    def add(self, fault: Fault) -> None:
        self._queues.setdefault(fault.op, deque()).append([fault, fault.times])

    def take(self, op: str, *, wildcard: bool = True) -> Fault | None:
        """The fault for this request of ``op``, if one is queued (and count it).

        ``wildcard`` False: only faults queued for ``op`` itself apply, not ``"*"``.
        """
        for key in (op, "*") if wildcard else (op,):
            queue = self._queues.get(key)
            if queue:
                entry = queue[0]
                entry[1] -= 1
                if entry[1] <= 0:
                    queue.popleft()
                fault: Fault = entry[0]
                return fault
        return None

    def clear(self) -> None:
        self._queues.clear()

    def entries(self) -> list[tuple[Fault, int]]:
        """Queued faults with the number of requests each still applies to."""
        return [(fault, remaining) for queue in self._queues.values() for fault, remaining in queue]

    def to_json(self) -> list[JSON]:
        """Queued faults with the number of requests each still applies to."""
        return [
            {**fault.model_dump(), "remaining": remaining}
            for queue in self._queues.values()
            for fault, remaining in queue
        ]

    def __len__(self) -> int:
        return sum(len(q) for q in self._queues.values())


class ConnectionDropped(Exception):
    """Raised by a handler after it closed the client's connection without answering."""


def drop_connection(request: web.Request) -> ConnectionDropped:
    """Close the request's connection at once, no response; raise what this returns."""
    transport = request.transport
    if transport is not None:
        transport.abort()
    return ConnectionDropped()


async def serve_app(app: web.Application, host: str, port: int) -> tuple[web.AppRunner, str]:
    """Serve ``app`` on ``host:port`` (0: a free port): its runner and ``http://host:port``."""
    runner = web.AppRunner(app, access_log=None, shutdown_timeout=1.0)
    await runner.setup()
    site = web.TCPSite(runner, host, port)
    await site.start()
    bound_host, bound_port = runner.addresses[0][:2]
    return runner, f"http://{bound_host}:{bound_port}"


class HttpSandbox:
    """Lifecycle shared by the HTTP sandboxes (see the module docstring)."""

    control_prefix = "/sandbox/service"

    def __init__(self) -> None:
        self.faults = FaultQueue()
        self._closing = asyncio.Event()
        self._runner: web.AppRunner | None = None
        self._base_url: str | None = None

    # -- lifecycle ---------------------------------------------------------

    async def start(self, host: str = "127.0.0.1", port: int = 0) -> str:
        """Serve on ``host:port`` (0: a free port); returns the base URL."""
        app = web.Application()
        self.attach(app)
        self._runner, url = await serve_app(app, host, port)
        self.set_base_url(url)
        return self.base_url

    async def stop(self) -> None:
        """Stop serving (a pending slow reply ends at once)."""
        self._closing.set()
        if self._runner is not None:
            runner, self._runner = self._runner, None
            await runner.cleanup()  # runs the shutdown hook: close()
        else:
            await self.close()

    async def __aenter__(self) -> Self:
        await self.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    def attach(self, app: web.Application) -> None:
        """Mount on ``app``: routes, plus ``open`` / ``close`` as its startup/shutdown hooks."""
        self.add_routes(app)

        async def on_startup(_: web.Application) -> None:
            await self.open()

        async def on_shutdown(_: web.Application) -> None:
            await self.close()

        app.on_startup.append(on_startup)
        app.on_shutdown.append(on_shutdown)

    async def open(self) -> None:
        """The app starts: begin background work (none by default)."""
        self._closing.clear()

    async def close(self) -> None:
        """The app shuts down: end slow replies and background work."""
        self._closing.set()

    def add_routes(self, app: web.Application) -> None:
        raise NotImplementedError

    def set_base_url(self, base_url: str) -> None:
        """Where clients reach this sandbox, e.g. ``http://127.0.0.1:8000`` (no slash)."""
        self._base_url = base_url.rstrip("/")
        self._closing.clear()

    @property
    def base_url(self) -> str:
        if self._base_url is None:
            raise RuntimeError("the sandbox is not started (or set_base_url was not called)")
        return self._base_url

    # -- faults ------------------------------------------------------------

    def inject(self, fault: Fault | FaultKind, **options: Any) -> None:
        """Queue a fault: ``inject("error", op="insert", status=500, times=2)``."""
        self.faults.add(fault if isinstance(fault, Fault) else Fault(kind=fault, **options))

    def fail(
        self, op: str = "*", status: int = 500, *, times: int = 1, retry_after_s: float = 1.0
    ) -> None:
        """The next ``times`` requests of ``op`` answer HTTP ``status``."""
        self.inject("error", op=op, status=status, times=times, retry_after_s=retry_after_s)

    def slow(self, op: str = "*", delay_s: float = 2.0, *, times: int = 1) -> None:
        """The next ``times`` requests of ``op`` wait ``delay_s`` seconds, then answer."""
        self.inject("slow", op=op, delay_s=delay_s, times=times)

    def drop(self, op: str = "*", *, times: int = 1, before: bool = False) -> None:
        """The next ``times`` requests of ``op`` get no answer: the connection is closed.

        By default the request takes effect first (``before=True``: it does not).
        """
        self.inject("drop_before" if before else "drop", op=op, times=times)

    def clear_faults(self) -> None:
        self.faults.clear()

    async def sleep(self, seconds: float) -> None:
        """Wait ``seconds``, or less if the sandbox stops meanwhile."""
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._closing.wait(), seconds)

    # -- control routes ----------------------------------------------------

    def add_fault_routes(self, app: web.Application) -> None:
        """``GET|POST|DELETE {control_prefix}/faults``."""
        path = f"{self.control_prefix}/faults"
        app.router.add_get(path, self._faults_get)
        app.router.add_post(path, self._faults_post)
        app.router.add_delete(path, self._faults_delete)

    async def _faults_get(self, request: web.Request) -> web.Response:
        return web.json_response(self.faults.to_json())

    async def _faults_post(self, request: web.Request) -> web.Response:
        """Body: one fault object or a list of them (see :class:`Fault`)."""
        try:
            body = await request.json()
            items = body if isinstance(body, list) else [body]
            faults = [Fault.model_validate(item) for item in items]
        except (ValueError, ValidationError) as exc:
            return web.json_response({"error": f"invalid fault: {exc}"}, status=400)
        for fault in faults:
            self.faults.add(fault)
        return web.json_response(self.faults.to_json())

    async def _faults_delete(self, request: web.Request) -> web.Response:
        self.faults.clear()
        return web.json_response([])


def dropping(handler: Handler) -> Handler:
    """Wrap a route so that :class:`ConnectionDropped` ends it without a response."""

    async def wrapped(request: web.Request) -> web.StreamResponse:
        try:
            return await handler(request)
        except ConnectionDropped:
            # The transport is already closed; cancelling the handler makes aiohttp
            # drop the request without trying to write an answer.
            raise asyncio.CancelledError from None

    return wrapped
