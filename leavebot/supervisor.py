"""An Erlang/OTP-style supervisor for anyio actors.

This module owns the lifecycle of leavebot's actors: it starts them, watches
them, restarts them when they end, gives up when they crash too often, and
stops them in order. It knows nothing about what the actors do; each child is
an async callable that takes ``task_status`` and calls
``task_status.started()`` once it is ready to work (the same readiness
handshake as :meth:`anyio.abc.TaskGroup.start`).

The OTP rules it follows:

* **Ordered start.** Children start one at a time, in list order. The next
  child starts only after the previous one called ``task_status.started()``.
  A child that raises, returns, or does not report ready within its
  ``start_timeout_s`` aborts the start: the children already running are
  stopped in reverse order and :class:`~leavebot.errors.StartError` (naming
  the child) is raised. :meth:`Supervisor.run` reports its own readiness only
  after every child is ready, so supervisors nest.
* **one_for_one.** A child that ends is dealt with alone; its siblings keep
  running untouched.
* **Restart policies.** ``permanent`` children are always restarted,
  ``transient`` ones only when they ended with an exception, ``temporary``
  ones never.
* **Restart intensity.** More than ``max_restarts`` restarts within
  ``within_s`` seconds (a sliding window over all children of this
  supervisor, as in OTP) means something is badly wrong: the supervisor stops
  every child in reverse order and raises
  :class:`~leavebot.errors.RestartLimitError` to its caller (fail upward).
  A supervisor used as a child of another (:meth:`Supervisor.as_child`)
  therefore crashes into its parent, which applies its own policy.
* **Backoff.** Unlike OTP, a restart waits first: ``backoff_initial_s``,
  doubling per restart of that child up to ``backoff_max_s``, back to the
  initial value once the child has run for ``stable_after_s``. Siblings keep
  running during the wait, and restarts still count against the intensity.
* **Ordered, bounded stop.** When :meth:`Supervisor.run` is cancelled or
  gives up, children are stopped in reverse start order: each one's cancel
  scope is cancelled and it gets its own ``shutdown_timeout_s`` to finish.
  A child that ignores cancellation longer (for example inside a shielded
  scope) is logged as ``supervisor.child_kill_timeout`` and the supervisor
  moves on to the next child. Python cannot kill a task, and structured
  concurrency does not let one be abandoned, so ``run()`` itself returns
  only once such a child finally ends; a process-level exit deadline is the
  last resort.

Every child's state (:data:`~leavebot.types.ChildState`), restart count,
last error and timestamps are available from :meth:`Supervisor.snapshot` and
are pushed to an optional ``report`` callback on every state change (batched)
and every ``report_interval_s``; the callback's errors are logged, never
raised. Events are logged with structlog under dotted ``supervisor.*`` names
bound to ``supervisor=<name>`` and ``actor=<child name>``.
"""

from __future__ import annotations

import math
import time
from collections import deque
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Literal, Protocol, get_args

import anyio
import structlog
from anyio.abc import TaskGroup, TaskStatus
from pydantic import BaseModel, ConfigDict

from leavebot.errors import RestartLimitError, StartError, SupervisorError
from leavebot.types import ChildState

__all__ = [
    "ChildReport",
    "ChildSpec",
    "ChildStart",
    "Report",
    "RestartPolicy",
    "Supervisor",
]

log = structlog.get_logger(__name__)

RestartPolicy = Literal["permanent", "transient", "temporary"]
RESTART_POLICIES: tuple[str, ...] = get_args(RestartPolicy)

ERROR_MAX_CHARS = 500
"""Longest ``last_error`` kept for a child (type and message)."""

FINAL_REPORT_TIMEOUT_S = 5.0
"""How long the last report after stopping may take before it is dropped."""


class ChildStart(Protocol):
    """How a child is started: an async callable taking ``task_status``.

    It calls ``task_status.started()`` once ready and then runs until it is
    done or cancelled.
    """

    def __call__(self, *, task_status: TaskStatus[None]) -> Awaitable[None]: ...


@dataclass(frozen=True, slots=True)
class ChildSpec:
    """What the supervisor needs to know to run one child.

    ``name`` is unique among its siblings and is the ``actor`` in logs and
    reports. ``start`` is called afresh for every run. ``restart`` says when
    an ended run is replaced: ``permanent`` always, ``transient`` only after
    an exception, ``temporary`` never. ``start_timeout_s`` bounds the wait
    for ``task_status.started()``; ``shutdown_timeout_s`` bounds the wait
    for the child to end once cancelled.
    """

    name: str
    start: ChildStart
    restart: RestartPolicy = "permanent"
    shutdown_timeout_s: float = 5.0
    start_timeout_s: float = 30.0

    def __post_init__(self) -> None:
        if not self.name:
            raise ValueError("a child needs a name")
        if self.restart not in RESTART_POLICIES:
            raise ValueError(f"restart must be one of {RESTART_POLICIES}, not {self.restart!r}")
        if not self.shutdown_timeout_s > 0:
            raise ValueError("shutdown_timeout_s must be positive")
        if not self.start_timeout_s > 0:
            raise ValueError("start_timeout_s must be positive")


class ChildReport(BaseModel):
    """One child's health, as the supervisor sees it at one moment."""

    model_config = ConfigDict(frozen=True)

    supervisor: str
    name: str
    state: ChildState
    restart: RestartPolicy
    restarts: int
    last_error: str | None
    started_at: datetime | None
    updated_at: datetime


Report = Callable[[Sequence[ChildReport]], Awaitable[None]]


def describe_error(exc: BaseException) -> str:
    """``Type: message``, cut to :data:`ERROR_MAX_CHARS` characters."""
    text = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
    if len(text) > ERROR_MAX_CHARS:
        text = text[: ERROR_MAX_CHARS - 3] + "..."
    return text


def _utcnow() -> datetime:
    return datetime.now(UTC)


class _Readiness(TaskStatus[None]):
    """The ``task_status`` handed to one run of a child."""

    def __init__(self, run: _Run) -> None:
        self._run = run

    def started(self, value: None = None) -> None:
        if self._run.ready:
            raise RuntimeError("called 'started' twice on the same task status")
        self._run.ready = True
        self._run.settled.set()


@dataclass(eq=False)
class _Run:
    """One incarnation of a child: from one start to its end."""

    scope: anyio.CancelScope = field(default_factory=lambda: anyio.CancelScope(shield=True))
    settled: anyio.Event = field(default_factory=anyio.Event)
    done: anyio.Event = field(default_factory=anyio.Event)
    ready: bool = False
    error: Exception | None = None
    started_clock: float = 0.0
    # Set by the supervisor, read when the run ends:
    failed_to_start: bool = False  # its failure was handled as a start failure
    stopping: bool = False  # the supervisor asked it to stop
    abandoned: bool = False  # it outlived its shutdown timeout


@dataclass(eq=False)
class _Child:
    """The supervisor's book-keeping for one child."""

    spec: ChildSpec
    state: ChildState = "stopped"
    restarts: int = 0
    last_error: str | None = None
    started_at: datetime | None = None
    updated_at: datetime = field(default_factory=_utcnow)
    run: _Run | None = None
    next_backoff_s: float = 0.0
    restart_due: float | None = None  # anyio.current_time() at which to restart

    @property
    def alive(self) -> bool:
        return self.run is not None and not self.run.done.is_set()


class Supervisor:
    """Runs a list of children with OTP's one_for_one strategy.

    ``clock`` (monotonic seconds) measures the restart window and how long a
    child has run; backoff waits are real waits. ``stable_after_s`` defaults
    to ``within_s``.
    """

    def __init__(
        self,
        children: Sequence[ChildSpec],
        *,
        name: str = "root",
        max_restarts: int = 5,
        within_s: float = 60.0,
        backoff_initial_s: float = 0.05,
        backoff_max_s: float = 2.0,
        stable_after_s: float | None = None,
        report: Report | None = None,
        report_interval_s: float = 5.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        names = [spec.name for spec in children]
        duplicates = sorted({n for n in names if names.count(n) > 1})
        if duplicates:
            raise ValueError(f"child names must be unique; repeated: {duplicates}")
        if max_restarts < 0:
            raise ValueError("max_restarts must not be negative")
        if not within_s > 0:
            raise ValueError("within_s must be positive")
        if not 0 <= backoff_initial_s <= backoff_max_s:
            raise ValueError("need 0 <= backoff_initial_s <= backoff_max_s")
        if not report_interval_s > 0:
            raise ValueError("report_interval_s must be positive")
        self.name = name
        self.specs: tuple[ChildSpec, ...] = tuple(children)
        self.max_restarts = max_restarts
        self.within_s = within_s
        self.backoff_initial_s = backoff_initial_s
        self.backoff_max_s = backoff_max_s
        self.stable_after_s = within_s if stable_after_s is None else stable_after_s
        self.report_interval_s = report_interval_s
        self._report = report
        self._clock = clock
        self._children = [self._fresh(spec) for spec in self.specs]
        self._restart_times: deque[float] = deque()
        self._changed = anyio.Event()
        self._ended: list[_Run] = []
        self._wake = anyio.Event()
        self._running = False

    def _fresh(self, spec: ChildSpec) -> _Child:
        return _Child(spec=spec, next_backoff_s=self.backoff_initial_s)

    # ----------------------------------------------------------------- public

    def as_child(
        self,
        name: str | None = None,
        *,
        restart: RestartPolicy = "permanent",
        shutdown_timeout_s: float | None = None,
        start_timeout_s: float | None = None,
    ) -> ChildSpec:
        """This supervisor as a child of another one.

        The default timeouts cover the slowest child: the sum of the
        children's own timeouts (they start and stop one after another) plus
        a second of slack.
        """
        return ChildSpec(
            name=name or self.name,
            start=self.run,
            restart=restart,
            shutdown_timeout_s=shutdown_timeout_s
            or sum(s.shutdown_timeout_s for s in self.specs) + 1.0,
            start_timeout_s=start_timeout_s or sum(s.start_timeout_s for s in self.specs) + 1.0,
        )

    def snapshot(self) -> list[ChildReport]:
        """Every child's current state, in start order."""
        return [
            ChildReport(
                supervisor=self.name,
                name=child.spec.name,
                state=child.state,
                restart=child.spec.restart,
                restarts=child.restarts,
                last_error=child.last_error,
                started_at=child.started_at,
                updated_at=child.updated_at,
            )
            for child in self._children
        ]

    async def run(self, *, task_status: TaskStatus[None] = anyio.TASK_STATUS_IGNORED) -> None:
        """Start the children, supervise them, stop them.

        Calls ``task_status.started()`` once every child is ready. Returns
        when cancelled (after stopping the children) or when every child has
        ended with nothing left to restart. Raises
        :class:`~leavebot.errors.StartError` or
        :class:`~leavebot.errors.RestartLimitError` after stopping the
        children.
        """
        if self._running:
            raise RuntimeError(f"supervisor {self.name!r} is already running")
        self._running = True
        # Each run starts from scratch, as a restarted OTP supervisor does.
        self._children = [self._fresh(spec) for spec in self.specs]
        self._restart_times.clear()
        self._ended = []
        self._wake = anyio.Event()
        self._changed = anyio.Event()
        failure: SupervisorError | None = None
        try:
            async with anyio.create_task_group() as tg:
                tg.start_soon(self._report_loop, name=f"{self.name}/report")
                try:
                    await self._start_all(tg)
                    task_status.started()
                    await self._supervise(tg)
                except SupervisorError as exc:
                    failure = exc
                finally:
                    with anyio.CancelScope(shield=True):
                        await self._stop_all()
                    tg.cancel_scope.cancel()
        finally:
            self._running = False
            with anyio.CancelScope(shield=True), anyio.move_on_after(FINAL_REPORT_TIMEOUT_S):
                await self._emit_report()
        if failure is not None:
            raise failure

    # ----------------------------------------------------------------- start

    async def _start_all(self, tg: TaskGroup) -> None:
        for child in self._children:
            error = await self._launch(tg, child)
            if error is not None:
                self._log(child).error("supervisor.start_failed", error=child.last_error)
                raise StartError(
                    f"child {child.spec.name!r} of supervisor {self.name!r} failed to start: "
                    f"{child.last_error}"
                ) from error

    async def _launch(self, tg: TaskGroup, child: _Child) -> Exception | None:
        """Start one run of ``child`` and wait until it is ready.

        Returns ``None`` once it has reported ready (if it has already ended
        too, the supervision loop handles that as an exit), or the reason it
        failed to start; it has then ended or outlived its shutdown timeout.
        """
        run = _Run(started_clock=self._clock())
        child.run = run
        self._set_state(child, "starting")
        tg.start_soon(self._child_main, child, run, name=f"{self.name}/{child.spec.name}")
        with anyio.move_on_after(child.spec.start_timeout_s):
            await run.settled.wait()
        if run.ready:
            child.started_at = _utcnow()
            self._set_state(child, "running")
            self._log(child).info("supervisor.child_started", restarts=child.restarts)
            return None
        run.failed_to_start = True
        error: Exception
        if run.done.is_set():
            error = run.error or RuntimeError("returned before calling task_status.started()")
        else:
            error = TimeoutError(
                f"did not call task_status.started() within {child.spec.start_timeout_s:g}s"
            )
            await self._stop_run(child, run)
        child.last_error = describe_error(error)
        self._set_state(child, "failed")
        return error

    async def _child_main(self, child: _Child, run: _Run) -> None:
        """The task of one run: call the child, record how it ended."""
        try:
            with run.scope:
                try:
                    await child.spec.start(task_status=_Readiness(run))
                except Exception as exc:
                    run.error = exc
        finally:
            run.done.set()
            run.settled.set()
            if run.abandoned:
                self._log(child).warning("supervisor.child_stopped", after_timeout=True)
                self._set_state(child, "stopped")
            self._ended.append(run)
            self._wake.set()

    # ------------------------------------------------------------- supervise

    async def _supervise(self, tg: TaskGroup) -> None:
        """Handle ended runs and due restarts until nothing is left to run."""
        while True:
            self._wake = anyio.Event()
            ended, self._ended = self._ended, []
            for run in ended:
                for child in self._children:
                    if child.run is run and child.state == "running":
                        self._on_exit(child, run)
            if all(
                c.state in ("stopped", "failed") and c.restart_due is None for c in self._children
            ):
                return
            now = anyio.current_time()
            due = [c for c in self._children if c.restart_due is not None and c.restart_due <= now]
            for child in due:
                child.restart_due = None
                error = await self._launch(tg, child)
                if error is not None:
                    self._on_crash(child, error, during_start=True)
            if due:
                continue
            wait_s = min(
                (c.restart_due - now for c in self._children if c.restart_due is not None),
                default=math.inf,
            )
            with anyio.move_on_after(wait_s):
                await self._wake.wait()

    def _on_exit(self, child: _Child, run: _Run) -> None:
        if run.error is not None:
            self._on_crash(child, run.error, during_start=False)
            return
        restart = child.spec.restart == "permanent"
        self._log(child).info("supervisor.child_exited", restart=restart)
        if restart:
            self._schedule_restart(child, run)
        else:
            self._set_state(child, "stopped")

    def _on_crash(self, child: _Child, error: Exception, *, during_start: bool) -> None:
        child.last_error = describe_error(error)
        restart = child.spec.restart != "temporary"
        self._log(child).error(
            "supervisor.child_crashed",
            error=child.last_error,
            during_start=during_start,
            restart=restart,
            exc_info=error,
        )
        if restart:
            self._schedule_restart(child, child.run)
        else:
            self._set_state(child, "failed")

    def _schedule_restart(self, child: _Child, run: _Run | None) -> None:
        now = self._clock()
        self._restart_times.append(now)
        while self._restart_times and self._restart_times[0] <= now - self.within_s:
            self._restart_times.popleft()
        if len(self._restart_times) > self.max_restarts:
            self._set_state(child, "failed")
            restarts = len(self._restart_times)
            self._log(child).error(
                "supervisor.restart_limit",
                restarts=restarts,
                max_restarts=self.max_restarts,
                within_s=self.within_s,
            )
            raise RestartLimitError(child.spec.name, restarts, self.within_s)
        if run is not None and run.ready and now - run.started_clock >= self.stable_after_s:
            child.next_backoff_s = self.backoff_initial_s
        backoff = child.next_backoff_s
        child.next_backoff_s = min(self.backoff_max_s, backoff * 2)
        child.restarts += 1
        child.restart_due = anyio.current_time() + backoff
        self._set_state(child, "restarting")
        self._log(child).warning(
            "supervisor.child_restarting", attempt=child.restarts, backoff_s=backoff
        )

    # ------------------------------------------------------------------ stop

    async def _stop_all(self) -> None:
        """Stop every child, last started first."""
        for child in reversed(self._children):
            child.restart_due = None
            run = child.run
            if run is not None and not run.done.is_set():
                await self._stop_run(child, run)
            elif child.state in ("restarting", "starting", "running"):
                self._set_state(child, "stopped")

    async def _stop_run(self, child: _Child, run: _Run) -> None:
        """Cancel one run and wait for it, at most its shutdown timeout."""
        run.stopping = True
        self._set_state(child, "stopping")
        run.scope.cancel()
        with anyio.move_on_after(child.spec.shutdown_timeout_s):
            await run.done.wait()
        if run.done.is_set():
            if run.error is not None:
                self._log(child).warning(
                    "supervisor.child_stop_error", error=describe_error(run.error)
                )
            if not run.failed_to_start:
                self._set_state(child, "stopped")
            self._log(child).info("supervisor.child_stopped")
            return
        run.abandoned = True
        child.last_error = (
            f"did not stop within {child.spec.shutdown_timeout_s:g}s of being cancelled"
        )
        self._set_state(child, "failed")
        self._log(child).error(
            "supervisor.child_kill_timeout", shutdown_timeout_s=child.spec.shutdown_timeout_s
        )

    # ---------------------------------------------------------------- report

    def _set_state(self, child: _Child, state: ChildState) -> None:
        child.state = state
        child.updated_at = _utcnow()
        self._changed.set()

    async def _report_loop(self) -> None:
        if self._report is None:
            return
        while True:
            with anyio.move_on_after(self.report_interval_s):
                await self._changed.wait()
            self._changed = anyio.Event()
            await self._emit_report()

    async def _emit_report(self) -> None:
        if self._report is None:
            return
        try:
            await self._report(self.snapshot())
        except Exception as exc:
            log.warning(
                "supervisor.report_failed",
                supervisor=self.name,
                error=describe_error(exc),
                exc_info=exc,
            )

    def _log(self, child: _Child) -> structlog.typing.FilteringBoundLogger:
        bound: structlog.typing.FilteringBoundLogger = log.bind(
            supervisor=self.name, actor=child.spec.name
        )
        return bound
