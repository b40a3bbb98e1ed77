"""The supervisor's OTP rules, exercised with small real anyio actors."""

from __future__ import annotations

from collections.abc import Callable, Iterator, MutableMapping, Sequence
from typing import Any

import anyio
import pytest
from anyio.abc import TaskStatus
from structlog.testing import capture_logs

from leavebot.errors import RestartLimitError, StartError
from leavebot.supervisor import (
    ERROR_MAX_CHARS,
    ChildReport,
    ChildSpec,
    ChildStart,
    Supervisor,
    describe_error,
)

pytestmark = pytest.mark.anyio

Event = MutableMapping[str, Any]


class Boom(Exception):
    """What the test actors crash with."""


class Script:
    """A test actor whose every run follows the next step of a script.

    Steps: ``run`` (ready, then run until cancelled or crash when
    ``kick`` is set), ``exit`` (ready, then
    return), ``crash`` (ready, then raise), ``crash_early`` (raise before
    ready), ``return_early`` (return before ready), ``hang_early`` (never
    report ready). Once the script is used up the last step repeats. Every
    run records ``<name>:begin``, ``<name>:ready`` and ``<name>:stop`` (when
    cancelled) in the shared ``journal``.
    """

    def __init__(
        self,
        name: str,
        journal: list[str],
        steps: Sequence[str] = ("run",),
        *,
        ready_delay_s: float = 0.0,
        stop_delay_s: float = 0.0,
        on_begin: Callable[[], None] | None = None,
    ) -> None:
        self.name = name
        self.journal = journal
        self.steps = list(steps)
        self.ready_delay_s = ready_delay_s
        self.stop_delay_s = stop_delay_s
        self.on_begin = on_begin
        self.runs = 0
        self.kick = anyio.Event()
        self.begin_times: list[float] = []

    def spec(self, **kwargs: Any) -> ChildSpec:
        return ChildSpec(name=self.name, start=self.__call__, **kwargs)

    async def __call__(self, *, task_status: TaskStatus[None]) -> None:
        step = self.steps[min(self.runs, len(self.steps) - 1)]
        self.runs += 1
        self.begin_times.append(anyio.current_time())
        if self.on_begin is not None:
            self.on_begin()
        self.journal.append(f"{self.name}:begin")
        if self.ready_delay_s:
            await anyio.sleep(self.ready_delay_s)
        if step == "crash_early":
            raise Boom(f"{self.name} failed early")
        if step == "return_early":
            return
        if step == "hang_early":
            await anyio.sleep_forever()
        self.journal.append(f"{self.name}:ready")
        task_status.started()
        await anyio.lowlevel.checkpoint()
        if step == "exit":
            return
        if step == "crash":
            raise Boom(f"{self.name} crashed on run {self.runs}")
        kick = self.kick = anyio.Event()
        try:
            await kick.wait()
        finally:
            if not kick.is_set() and self.stop_delay_s:
                with anyio.CancelScope(shield=True):
                    await anyio.sleep(self.stop_delay_s)
            if not kick.is_set():
                self.journal.append(f"{self.name}:stop")
        raise Boom(f"{self.name} was kicked")


class FakeClock:
    """A monotonic clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture(autouse=True)
def _quiet_logs() -> Iterator[None]:
    """Keep crash tracebacks out of the output (and rendering them is slow)."""
    with capture_logs():
        yield


def fast(children: Sequence[ChildSpec], **kwargs: Any) -> Supervisor:
    """A supervisor with backoff short enough for tests."""
    kwargs.setdefault("backoff_initial_s", 0.001)
    kwargs.setdefault("backoff_max_s", 0.004)
    return Supervisor(children, **kwargs)


async def wait_until(predicate: Callable[[], bool], timeout_s: float = 2.0) -> None:
    with anyio.fail_after(timeout_s):
        while not predicate():
            await anyio.sleep(0.001)


def events(logs: list[Event], name: str, **match: Any) -> list[Event]:
    return [e for e in logs if e["event"] == name and all(e.get(k) == v for k, v in match.items())]


def states(sup: Supervisor) -> dict[str, str]:
    return {r.name: r.state for r in sup.snapshot()}


# ------------------------------------------------------------------ start


async def test_children_start_in_order_each_after_the_previous_is_ready() -> None:
    journal: list[str] = []
    a = Script("a", journal, ready_delay_s=0.02)
    b = Script("b", journal, ready_delay_s=0.01)
    c = Script("c", journal)
    sup = fast([a.spec(), b.spec(), c.spec()])
    with capture_logs() as logs:
        async with anyio.create_task_group() as tg:
            await tg.start(sup.run)
            journal.append("supervisor:ready")
            tg.cancel_scope.cancel()
    assert journal[:7] == [
        "a:begin",
        "a:ready",
        "b:begin",
        "b:ready",
        "c:begin",
        "c:ready",
        "supervisor:ready",
    ]
    started = events(logs, "supervisor.child_started", supervisor="root")
    assert [e["actor"] for e in started] == ["a", "b", "c"]


async def test_run_reports_ready_only_once_every_child_is_ready() -> None:
    journal: list[str] = []
    slow = Script("slow", journal, ready_delay_s=0.05)
    sup = fast([Script("quick", journal).spec(), slow.spec()])
    async with anyio.create_task_group() as tg:
        await tg.start(sup.run)
        assert "slow:ready" in journal
        assert states(sup) == {"quick": "running", "slow": "running"}
        tg.cancel_scope.cancel()


@pytest.mark.parametrize(
    ("step", "reason"),
    [
        ("crash_early", "Boom: c failed early"),
        ("return_early", "returned before calling task_status.started()"),
        ("hang_early", "did not call task_status.started() within 0.05s"),
    ],
)
async def test_start_failure_stops_started_children_in_reverse_and_names_the_child(
    step: str, reason: str
) -> None:
    journal: list[str] = []
    a, b = Script("a", journal), Script("b", journal)
    c = Script("c", journal, [step])
    d = Script("d", journal)
    sup = fast([a.spec(), b.spec(), c.spec(start_timeout_s=0.05), d.spec()])
    with capture_logs() as logs, pytest.raises(StartError, match="'c'") as info:
        await sup.run()
    assert reason in str(info.value)
    assert [j for j in journal if j.endswith(":stop")] == ["b:stop", "a:stop"]
    assert d.runs == 0
    assert states(sup) == {"a": "stopped", "b": "stopped", "c": "failed", "d": "stopped"}
    assert reason in (sup.snapshot()[2].last_error or "")
    assert [e["actor"] for e in events(logs, "supervisor.start_failed")] == ["c"]
    assert [e["actor"] for e in events(logs, "supervisor.child_stopped")][-2:] == ["b", "a"]


# ------------------------------------------------------------ one_for_one


async def test_one_for_one_restarts_only_the_crashed_child() -> None:
    journal: list[str] = []
    counts: list[int] = []

    async def counter(*, task_status: TaskStatus[None]) -> None:
        count = 0  # state that a restart would lose
        task_status.started()
        while True:
            count += 1
            counts.append(count)
            await anyio.sleep(0.001)

    crashy = Script("crashy", journal, ["crash", "crash", "run"])
    sup = fast([ChildSpec("counter", counter), crashy.spec()])
    async with anyio.create_task_group() as tg:
        await tg.start(sup.run)
        await wait_until(lambda: crashy.runs == 3 and states(sup)["crashy"] == "running")
        seen = len(counts)
        await wait_until(lambda: len(counts) > seen + 2)
        tg.cancel_scope.cancel()
    assert counts == list(range(1, len(counts) + 1))  # never reset: one run only
    assert journal.count("crashy:begin") == 3
    report = {r.name: r for r in sup.snapshot()}
    assert report["counter"].restarts == 0
    assert report["crashy"].restarts == 2


async def test_permanent_child_is_restarted_after_normal_exit_and_after_crash() -> None:
    journal: list[str] = []
    child = Script("worker", journal, ["exit", "crash", "run"])
    sup = fast([child.spec(restart="permanent")])
    with capture_logs() as logs:
        async with anyio.create_task_group() as tg:
            await tg.start(sup.run)
            await wait_until(lambda: child.runs == 3 and states(sup)["worker"] == "running")
            tg.cancel_scope.cancel()
    assert len(events(logs, "supervisor.child_exited", actor="worker")) == 1
    crashed = events(logs, "supervisor.child_crashed", actor="worker")
    assert [e["error"] for e in crashed] == ["Boom: worker crashed on run 2"]
    assert [e["attempt"] for e in events(logs, "supervisor.child_restarting")] == [1, 2]
    assert sup.snapshot()[0].restarts == 2


async def test_transient_child_is_restarted_after_crash_but_not_after_normal_exit() -> None:
    journal: list[str] = []
    child = Script("job", journal, ["crash", "exit", "run"])
    sup = fast([child.spec(restart="transient")])
    with capture_logs() as logs, anyio.fail_after(2):
        await sup.run()  # returns by itself: nothing left to run
    assert child.runs == 2
    [report] = sup.snapshot()
    assert (report.state, report.restarts) == ("stopped", 1)
    assert report.last_error == "Boom: job crashed on run 1"
    assert len(events(logs, "supervisor.child_restarting")) == 1


async def test_temporary_child_is_never_restarted() -> None:
    journal: list[str] = []
    crashes = Script("crashes", journal, ["crash", "run"])
    exits = Script("exits", journal, ["exit", "run"])
    sup = fast([crashes.spec(restart="temporary"), exits.spec(restart="temporary")])
    with capture_logs() as logs, anyio.fail_after(2):
        await sup.run()
    assert (crashes.runs, exits.runs) == (1, 1)
    assert states(sup) == {"crashes": "failed", "exits": "stopped"}
    assert events(logs, "supervisor.child_restarting") == []
    [crashed] = events(logs, "supervisor.child_crashed")
    assert (crashed["actor"], crashed["restart"]) == ("crashes", False)


async def test_run_keeps_supervising_while_a_permanent_child_remains() -> None:
    journal: list[str] = []
    sup = fast(
        [Script("done", journal, ["exit"]).spec(restart="transient"), Script("p", journal).spec()]
    )
    async with anyio.create_task_group() as tg:
        await tg.start(sup.run)
        await wait_until(lambda: states(sup)["done"] == "stopped")
        await anyio.sleep(0.02)
        assert states(sup)["p"] == "running"  # still supervising
        tg.cancel_scope.cancel()


# -------------------------------------------------------- restart intensity


async def test_too_many_restarts_in_the_window_stop_everything_and_fail_upward() -> None:
    journal: list[str] = []
    first, last = Script("first", journal), Script("last", journal)
    crashy = Script("crashy", journal, ["crash"])
    sup = fast(
        [first.spec(), crashy.spec(), last.spec()],
        max_restarts=3,
        within_s=60,
        clock=FakeClock(),
    )
    with capture_logs() as logs, pytest.raises(RestartLimitError) as info:
        await sup.run()
    assert (info.value.child, info.value.restarts, info.value.window_s) == ("crashy", 4, 60)
    assert crashy.runs == 4  # the first run and three restarts
    assert [j for j in journal if j.endswith(":stop")] == ["last:stop", "first:stop"]
    assert states(sup) == {"first": "stopped", "crashy": "failed", "last": "stopped"}
    [limit] = events(logs, "supervisor.restart_limit")
    assert (limit["actor"], limit["restarts"], limit["supervisor"]) == ("crashy", 4, "root")


async def test_restarts_spread_beyond_the_window_do_not_trip_the_limit() -> None:
    journal: list[str] = []
    clock = FakeClock()
    # Each run lives 10 fake seconds before crashing; the window is 5 s.
    child = Script(
        "slowcrash", journal, ["crash"] * 6 + ["run"], on_begin=lambda: clock.advance(10)
    )
    sup = fast([child.spec()], max_restarts=1, within_s=5, clock=clock)
    async with anyio.create_task_group() as tg:
        await tg.start(sup.run)
        await wait_until(lambda: child.runs == 7 and states(sup)["slowcrash"] == "running")
        tg.cancel_scope.cancel()
    assert sup.snapshot()[0].restarts == 6


async def test_restarts_close_together_trip_the_limit_with_the_same_settings() -> None:
    journal: list[str] = []
    clock = FakeClock()
    child = Script(
        "quickcrash", journal, ["crash"] * 6 + ["run"], on_begin=lambda: clock.advance(2)
    )
    sup = fast([child.spec()], max_restarts=1, within_s=5, clock=clock)
    with pytest.raises(RestartLimitError):
        await sup.run()
    assert child.runs == 2


async def test_max_restarts_zero_gives_up_on_the_first_crash() -> None:
    child = Script("once", [], ["crash"])
    sup = fast([child.spec()], max_restarts=0)
    with pytest.raises(RestartLimitError, match="'once' restarted 1 times"):
        await sup.run()
    assert child.runs == 1


# ------------------------------------------------------------------ backoff


async def test_backoff_doubles_per_restart_and_is_capped() -> None:
    child = Script("flaky", [], ["crash"] * 5 + ["run"])
    sup = Supervisor([child.spec()], backoff_initial_s=0.01, backoff_max_s=0.04, max_restarts=10)
    with capture_logs() as logs:
        async with anyio.create_task_group() as tg:
            await tg.start(sup.run)
            await wait_until(lambda: child.runs == 6 and states(sup)["flaky"] == "running")
            tg.cancel_scope.cancel()
    backoffs = [e["backoff_s"] for e in events(logs, "supervisor.child_restarting")]
    assert backoffs == [0.01, 0.02, 0.04, 0.04, 0.04]
    gaps = [b - a for a, b in zip(child.begin_times, child.begin_times[1:], strict=False)]
    for gap, backoff in zip(gaps, backoffs, strict=True):
        assert gap >= backoff * 0.9  # the wait really happened
    assert sum(gaps) < 1.0


async def test_backoff_resets_after_the_child_ran_stably() -> None:
    clock = FakeClock()
    child = Script("steady", [], ["crash", "crash", "run", "crash", "run"])
    sup = Supervisor(
        [child.spec()],
        backoff_initial_s=0.001,
        backoff_max_s=1.0,
        stable_after_s=30,
        within_s=600,
        clock=clock,
    )
    with capture_logs() as logs:
        async with anyio.create_task_group() as tg:
            await tg.start(sup.run)
            await wait_until(lambda: child.runs == 3 and states(sup)["steady"] == "running")
            clock.advance(31)  # the third run has been up long enough
            child.kick.set()
            await wait_until(lambda: child.runs == 5 and states(sup)["steady"] == "running")
            tg.cancel_scope.cancel()
    backoffs = [e["backoff_s"] for e in events(logs, "supervisor.child_restarting")]
    assert backoffs == [0.001, 0.002, 0.001, 0.002]


# --------------------------------------------------------------------- stop


async def test_cancel_stops_children_in_reverse_order_one_at_a_time() -> None:
    journal: list[str] = []
    # Each child takes a moment to stop: were they stopped together, the
    # journal would not be in reverse order.
    children = [
        Script(n, journal, stop_delay_s=d) for n, d in (("a", 0.0), ("b", 0.01), ("c", 0.02))
    ]
    sup = fast([c.spec() for c in children])
    with capture_logs() as logs:
        async with anyio.create_task_group() as tg:
            await tg.start(sup.run)
            tg.cancel_scope.cancel()
    assert [j for j in journal if j.endswith(":stop")] == ["c:stop", "b:stop", "a:stop"]
    assert [e["actor"] for e in events(logs, "supervisor.child_stopped")] == ["c", "b", "a"]
    assert set(states(sup).values()) == {"stopped"}


async def test_child_that_ignores_cancellation_is_given_up_after_its_timeout() -> None:
    stop_times: dict[str, float] = {}

    async def stubborn(*, task_status: TaskStatus[None]) -> None:
        task_status.started()
        try:
            await anyio.sleep_forever()
        finally:
            with anyio.CancelScope(shield=True):
                await anyio.sleep(0.4)
            stop_times["stubborn"] = anyio.current_time()

    async def polite(*, task_status: TaskStatus[None]) -> None:
        task_status.started()
        try:
            await anyio.sleep_forever()
        finally:
            stop_times["polite"] = anyio.current_time()

    sup = fast(
        [ChildSpec("polite", polite), ChildSpec("stubborn", stubborn, shutdown_timeout_s=0.05)]
    )
    with capture_logs() as logs, anyio.fail_after(2):
        async with anyio.create_task_group() as tg:
            await tg.start(sup.run)
            cancelled_at = anyio.current_time()
            tg.cancel_scope.cancel()
    # The supervisor moved on after the timeout, not after the child ended.
    assert 0.04 <= stop_times["polite"] - cancelled_at < 0.3
    assert stop_times["stubborn"] - cancelled_at >= 0.4
    [timeout] = events(logs, "supervisor.child_kill_timeout")
    assert (timeout["actor"], timeout["shutdown_timeout_s"]) == ("stubborn", 0.05)
    assert events(logs, "supervisor.child_stopped", actor="stubborn", after_timeout=True)


# ------------------------------------------------------------------- report


async def test_report_receives_state_restarts_and_last_error() -> None:
    reports: list[list[ChildReport]] = []

    async def report(snapshot: Sequence[ChildReport]) -> None:
        reports.append(list(snapshot))

    child = Script("rep", [], ["crash", "run"])
    sup = Supervisor(
        [child.spec()], name="bot", report=report, report_interval_s=0.01, backoff_initial_s=0.02
    )
    async with anyio.create_task_group() as tg:
        await tg.start(sup.run)
        await wait_until(
            lambda: bool(reports) and reports[-1][0].state == "running" and child.runs == 2
        )
        seen = len(reports)
        await wait_until(lambda: len(reports) >= seen + 3)  # periodic, with no change
        tg.cancel_scope.cancel()
    seen_states = {r[0].state for r in reports}
    assert {"running", "restarting", "stopped"} <= seen_states
    running = [r[0] for r in reports if r[0].state == "running"]
    latest = running[-1]
    assert (latest.supervisor, latest.name, latest.restart) == ("bot", "rep", "permanent")
    assert latest.restarts == 1
    assert latest.last_error == "Boom: rep crashed on run 1"
    assert latest.started_at is not None
    assert latest.updated_at >= latest.started_at
    assert reports[-1][0].state == "stopped"  # a last report after stopping


async def test_failing_report_callback_is_logged_and_does_not_crash_the_supervisor() -> None:
    calls = 0

    async def report(snapshot: Sequence[ChildReport]) -> None:
        nonlocal calls
        calls += 1
        raise RuntimeError("database down")

    child = Script("fine", [], ["crash", "run"])
    sup = fast([child.spec()], report=report, report_interval_s=0.01)
    with capture_logs() as logs:
        async with anyio.create_task_group() as tg:
            await tg.start(sup.run)
            await wait_until(lambda: calls >= 3 and child.runs == 2)
            assert states(sup) == {"fine": "running"}
            tg.cancel_scope.cancel()
    failures = events(logs, "supervisor.report_failed")
    assert failures
    assert failures[0]["error"] == "RuntimeError: database down"


async def test_last_error_is_truncated() -> None:
    async def loud(*, task_status: TaskStatus[None]) -> None:
        task_status.started()
        raise Boom("x" * 5000)

    sup = fast([ChildSpec("loud", loud, restart="temporary")])
    with capture_logs():
        await sup.run()
    error = sup.snapshot()[0].last_error
    assert error is not None
    assert len(error) == ERROR_MAX_CHARS
    assert error.startswith("Boom: xxx")
    assert error.endswith("...")
    assert describe_error(Boom()) == "Boom"


# ------------------------------------------------------------------- nesting


async def test_nested_supervisor_escalates_its_restart_limit_to_the_parent() -> None:
    journal: list[str] = []
    crashy = Script("crashy", journal, ["crash"])
    inner = fast([Script("inner_ok", journal).spec(), crashy.spec()], name="inner", max_restarts=1)
    sibling = Script("sibling", journal)
    outer = fast(
        [sibling.spec(), inner.as_child(restart="permanent")], name="outer", max_restarts=1
    )
    with capture_logs() as logs, pytest.raises(RestartLimitError) as info:
        await outer.run()
    assert info.value.child == "inner"
    # The inner supervisor gave up twice (first run, one restart), then the outer one.
    limits = [(e["supervisor"], e["actor"]) for e in events(logs, "supervisor.restart_limit")]
    assert limits == [("inner", "crashy"), ("inner", "crashy"), ("outer", "inner")]
    assert crashy.runs == 4
    crashes = events(logs, "supervisor.child_crashed", supervisor="outer", actor="inner")
    assert crashes[0]["error"].startswith("RestartLimitError: child 'crashy' restarted 2 times")
    assert journal.count("inner_ok:stop") == 2
    assert journal[-1] == "sibling:stop"
    assert states(outer) == {"sibling": "stopped", "inner": "failed"}


async def test_nested_supervisor_is_restarted_fresh_by_its_parent() -> None:
    journal: list[str] = []
    crashy = Script("crashy", journal, ["crash", "crash", "crash", "run"])
    inner = fast([crashy.spec()], name="inner", max_restarts=1)
    outer = fast([inner.as_child("inner_tree")], name="outer", max_restarts=3)
    async with anyio.create_task_group() as tg:
        await tg.start(outer.run)
        await wait_until(lambda: crashy.runs == 4 and states(inner)["crashy"] == "running")
        assert states(outer) == {"inner_tree": "running"}
        assert outer.snapshot()[0].restarts == 1
        assert inner.snapshot()[0].restarts == 1  # counted afresh in the new run
        tg.cancel_scope.cancel()
    assert states(inner) == {"crashy": "stopped"}


async def test_nested_start_failure_names_the_inner_supervisor() -> None:
    inner = fast([Script("bad", [], ["crash_early"]).spec()], name="inner")
    outer = fast([inner.as_child()], name="outer")
    with capture_logs() as logs, pytest.raises(StartError, match="'inner' of supervisor 'outer'"):
        await outer.run()
    started = [(e["supervisor"], e["actor"]) for e in events(logs, "supervisor.start_failed")]
    assert started == [("inner", "bad"), ("outer", "inner")]


# ------------------------------------------------------------------ checks


def test_specs_and_settings_are_validated() -> None:
    async def noop(*, task_status: TaskStatus[None]) -> None:
        task_status.started()

    start: ChildStart = noop
    with pytest.raises(ValueError, match="restart"):
        ChildSpec("x", start, restart="sometimes")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="name"):
        ChildSpec("", start)
    with pytest.raises(ValueError, match="shutdown_timeout_s"):
        ChildSpec("x", start, shutdown_timeout_s=0)
    with pytest.raises(ValueError, match="unique"):
        Supervisor([ChildSpec("x", start), ChildSpec("x", start)])
    with pytest.raises(ValueError, match="backoff"):
        Supervisor([], backoff_initial_s=3, backoff_max_s=1)


async def test_calling_started_twice_is_a_crash() -> None:
    async def twice(*, task_status: TaskStatus[None]) -> None:
        task_status.started()
        task_status.started()

    sup = fast([ChildSpec("twice", twice, restart="temporary")])
    with capture_logs():
        await sup.run()
    assert sup.snapshot()[0].last_error == (
        "RuntimeError: called 'started' twice on the same task status"
    )


async def test_a_supervisor_cannot_run_twice_at_once() -> None:
    sup = fast([Script("a", []).spec()])
    async with anyio.create_task_group() as tg:
        await tg.start(sup.run)
        with pytest.raises(RuntimeError, match="already running"):
            await sup.run()
        tg.cancel_scope.cancel()
