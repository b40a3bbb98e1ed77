"""The code logs only the event names ``leavebot.events`` lists, with the fields it declares."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import structlog
from structlog.testing import capture_logs

from leavebot.events import CONTEXT_FIELDS, EVENTS
from tests.conftest import ROOT

LEVELS = {"debug", "info", "warning", "warn", "error", "exception", "critical", "msg"}


def log_calls() -> Iterator[tuple[Path, int, str | None, set[str]]]:
    """Every logging call in the code: file, line, event name (None if not a literal), kwargs."""
    for folder in ("leavebot", "actors"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for node in ast.walk(tree):
                if not (
                    isinstance(node, ast.Call)
                    and isinstance(node.func, ast.Attribute)
                    and node.func.attr in LEVELS
                ):
                    continue
                owner = ast.unparse(node.func.value)
                if "log" not in owner.rsplit(".", 1)[-1]:
                    continue
                first = node.args[0] if node.args else None
                name = (
                    first.value
                    if isinstance(first, ast.Constant) and isinstance(first.value, str)
                    else None
                )
                kwargs = {k.arg for k in node.keywords if k.arg and k.arg != "exc_info"}
                yield path, node.lineno, name, kwargs


def test_every_logged_event_is_listed_with_its_fields() -> None:
    problems = []
    seen = set()
    for path, line, name, kwargs in log_calls():
        where = f"{path.relative_to(ROOT)}:{line}"
        if name is None:
            problems.append(f"{where}: the event name is not a literal")
            continue
        seen.add(name)
        if name not in EVENTS:
            problems.append(f"{where}: {name!r} is not in leavebot/events.py")
            continue
        extra = kwargs - set(EVENTS[name].fields) - set(CONTEXT_FIELDS)
        if extra:
            problems.append(f"{where}: {name!r} logs undeclared fields {sorted(extra)}")
    assert not problems, "\n".join(problems)
    unused = sorted(set(EVENTS) - seen)
    assert not unused, f"listed but never logged: {unused}"


def test_event_names_are_dotted_lowercase() -> None:
    for name, event in EVENTS.items():
        area, _, what = name.partition(".")
        assert area
        assert what
        assert name == name.lower(), name
        assert " " not in name, name
        assert event.meaning, name


def test_the_scanner_sees_a_logging_call() -> None:
    calls = list(log_calls())
    assert len(calls) > 50
    with capture_logs() as logs:
        structlog.get_logger("t").info("process.ready", role="web")
    assert logs[0]["event"] in EVENTS
