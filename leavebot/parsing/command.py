"""``leave-bot parse``: the parser on the command line (``docs/parsing.md``).

One message::

    leave-bot parse "off tomorrow, fever" --now 2026-03-04T10:00:00+05:30 --tz Asia/Kolkata

or many, one JSON object a line (``-`` reads stdin)::

    leave-bot parse --jsonl corpus.jsonl

Each input line is ``{"text": ..., "now": ..., "config": {...}}``; ``config``
(optional) overrides ``timezone``, ``working_days``, ``holidays`` and
``date_order`` for that line; other keys (``expected``, ``source``) are
ignored; ``now`` defaults to the current time. A naive ``now`` is read in
the company time zone. The output is one compact JSON line per input line,
in order: the contract's ``LeaveRequest`` (``--explain`` adds the action,
the parser that answered, whether it is sure and why).

``--parser rules`` needs no network, no database and no secret. The LLM
comes from the environment: ``OPENAI_API_KEY`` (its presence makes
``auto`` the default parser), ``OPENAI_BASE_URL``, ``LLM_MODEL``,
``LLM_TIMEOUT_S``, ``LLM_MAX_RETRIES``. The company time zone defaults to
``DEFAULT_TIMEZONE`` or Asia/Kolkata.

Exit status: 0 when every line was answered, 1 when a parser failed on some
line (its line then holds ``intent: none`` and stderr says why), 2 for bad
arguments or bad input lines (stderr names each; nothing is written).

Imports are lazy: ``--parser rules`` loads neither ``openai`` nor ``aiohttp``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from leavebot.domain import WorkCalendar
    from leavebot.parsing.auto import Decision, ParserChoice
    from leavebot.parsing.llm import LLMConfig
    from leavebot.parsing.outcome import Parsed

PARSERS = ("rules", "llm", "auto")
MAX_REPORTED_ERRORS = 20


class UsageError(Exception):
    """Bad arguments or input: reported on stderr, exit status 2."""


@dataclass(frozen=True)
class Item:
    """One message to parse, with its own moment and calendar."""

    line: int
    text: str
    now: dt.datetime
    calendar: WorkCalendar


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The arguments of ``leave-bot parse``."""
    parser.add_argument("text", nargs="?", help="the message to parse")
    parser.add_argument(
        "--jsonl",
        metavar="FILE",
        help='read lines of {"text", "now", "config"?} from FILE ("-" = stdin)',
    )
    parser.add_argument(
        "--now", help="when the message was posted, ISO 8601 (default: the current time)"
    )
    parser.add_argument("--tz", help="company time zone, IANA name (default Asia/Kolkata)")
    parser.add_argument(
        "--parser",
        choices=PARSERS,
        default=None,
        help="rules, llm or auto (default: auto when OPENAI_API_KEY is set, else rules)",
    )
    parser.add_argument(
        "--thread",
        action="append",
        default=[],
        metavar="TEXT",
        help="an earlier message of the thread, for the LLM (repeatable, oldest first)",
    )
    parser.add_argument(
        "--concurrency",
        type=int,
        default=8,
        help="LLM calls at once in --jsonl mode (default 8)",
    )
    parser.add_argument(
        "--explain",
        action="store_true",
        help="print the action, parser, sureness and reasons with each request",
    )


def run(args: argparse.Namespace) -> int:
    """Run ``leave-bot parse``; the exit status."""
    try:
        items, name, llm = _prepare(args)
    except UsageError as exc:
        print(f"leave-bot parse: {exc}", file=sys.stderr)
        return 2
    outputs, failures = _parse_all(items, name, llm, args)
    sys.stdout.write("".join(f"{line}\n" for line in outputs))
    sys.stdout.flush()
    for failure in failures[:MAX_REPORTED_ERRORS]:
        print(f"leave-bot parse: {failure}", file=sys.stderr)
    if len(failures) > MAX_REPORTED_ERRORS:
        print(
            f"leave-bot parse: ... and {len(failures) - MAX_REPORTED_ERRORS} more", file=sys.stderr
        )
    return 1 if failures else 0


def _prepare(args: argparse.Namespace) -> tuple[list[Item], ParserChoice, LLMConfig | None]:
    from pydantic import ValidationError

    from leavebot.domain import WorkCalendar
    from leavebot.parsing.llm import LLMConfig

    if (args.text is None) == (args.jsonl is None):
        raise UsageError("give either a message or --jsonl FILE")
    if args.concurrency < 1:
        raise UsageError("--concurrency must be at least 1")
    zone = args.tz or os.environ.get("DEFAULT_TIMEZONE") or "Asia/Kolkata"
    try:
        base = WorkCalendar(timezone=zone)
    except ValidationError:
        raise UsageError(f"unknown time zone {zone!r}") from None
    try:
        llm = LLMConfig.from_env()
    except ValidationError as exc:
        raise UsageError(f"bad LLM settings in the environment: {_first_error(exc)}") from None
    name: ParserChoice = args.parser or ("auto" if llm is not None else "rules")
    if name == "llm" and llm is None:
        raise UsageError("--parser llm needs OPENAI_API_KEY (and OPENAI_BASE_URL if not OpenAI)")

    if args.text is not None:
        try:
            now = _read_now(args.now, base)
        except ValueError as exc:
            raise UsageError(f"--now: {exc}") from None
        return [Item(line=1, text=args.text, now=now, calendar=base)], name, llm

    if args.now is not None:
        raise UsageError("--now applies to a single message; give each line its own now")
    if args.jsonl == "-":
        items, errors = _read_jsonl(sys.stdin, base)
    else:
        try:
            with open(args.jsonl, encoding="utf-8") as handle:
                items, errors = _read_jsonl(handle, base)
        except OSError as exc:
            raise UsageError(f"cannot read {args.jsonl}: {exc.strerror or exc}") from None
        except UnicodeDecodeError as exc:
            raise UsageError(f"{args.jsonl} is not UTF-8 text: {exc.reason}") from None
    if errors:
        shown = errors[:MAX_REPORTED_ERRORS]
        more = len(errors) - len(shown)
        text = "\n".join(shown) + (f"\n... and {more} more bad lines" if more else "")
        raise UsageError(f"{len(errors)} bad input line(s), nothing parsed:\n{text}")
    return items, name, llm


def _read_jsonl(lines: Iterable[str], base: WorkCalendar) -> tuple[list[Item], list[str]]:
    from pydantic import ValidationError

    from leavebot.domain import WorkCalendar

    items: list[Item] = []
    errors: list[str] = []
    for number, raw in enumerate(lines, 1):
        if not raw.strip():
            continue
        try:
            data = json.loads(raw)
        except ValueError as exc:
            errors.append(f"line {number}: not JSON ({exc})")
            continue
        if not isinstance(data, dict):
            errors.append(f"line {number}: expected a JSON object")
            continue
        text = data.get("text")
        if not isinstance(text, str):
            errors.append(f'line {number}: "text" must be a string')
            continue
        config = data.get("config")
        if config is not None and not isinstance(config, dict):
            errors.append(f'line {number}: "config" must be an object')
            continue
        try:
            calendar = WorkCalendar.from_config(config, base) if config else base
        except ValidationError as exc:
            errors.append(f"line {number}: bad config: {_first_error(exc)}")
            continue
        now_value = data.get("now")
        if now_value is not None and not isinstance(now_value, str):
            errors.append(f'line {number}: "now" must be an ISO datetime string')
            continue
        try:
            now = _read_now(now_value, calendar)
        except ValueError as exc:
            errors.append(f'line {number}: "now": {exc}')
            continue
        items.append(Item(line=number, text=text, now=now, calendar=calendar))
    return items, errors


def _read_now(value: str | None, calendar: WorkCalendar) -> dt.datetime:
    if value is None:
        return dt.datetime.now(calendar.zone)
    try:
        moment = dt.datetime.fromisoformat(value.strip())
    except ValueError:
        raise ValueError(f"{value!r} is not an ISO 8601 datetime") from None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=calendar.zone)


def _parse_all(
    items: list[Item], name: ParserChoice, llm: LLMConfig | None, args: argparse.Namespace
) -> tuple[list[str], list[str]]:
    """One output line per item, in order, and the failures to report.

    The rules run first, in this thread, for ``rules`` and ``auto``; only the
    lines that still need the model start an event loop and an LLM client.
    """
    from leavebot.parsing.auto import decision_from

    decisions: list[Decision | None] = [None] * len(items)
    failures: list[str] = []
    pending: list[tuple[int, Parsed | None]] = []
    if name == "llm":
        pending = [(index, None) for index in range(len(items))]
    else:
        from leavebot.parsing.rules import parse_rules

        for index, item in enumerate(items):
            try:
                parsed: Parsed = parse_rules(item.text, item.now, item.calendar)
            except Exception as exc:  # a parser bug must not lose the other lines
                failures.append(f"line {item.line}: rules parser failed: {exc!r}")
                continue
            if name == "rules" or parsed.sure:
                decisions[index] = decision_from(parsed)
            else:
                pending.append((index, parsed))
    if pending:
        _ask_llm(items, pending, decisions, failures, name, llm, args)

    outputs: list[str] = []
    for item, decision in zip(items, decisions, strict=True):
        if decision is None:
            outputs.append(_none_line())
            continue
        if decision.llm_failure is not None and name == "llm":
            failure = decision.llm_failure
            failures.append(f"line {item.line}: LLM {failure.kind}: {failure.detail}")
        outputs.append(
            _explain_line(decision) if args.explain else _dump(decision.request.contract_json())
        )
    failures.sort(key=_line_number)
    return outputs, failures


def _ask_llm(
    items: list[Item],
    pending: list[tuple[int, Parsed | None]],
    decisions: list[Decision | None],
    failures: list[str],
    name: ParserChoice,
    llm: LLMConfig | None,
    args: argparse.Namespace,
) -> None:
    """Fill ``decisions`` for the ``pending`` lines, at most ``--concurrency`` at once."""
    import anyio

    from leavebot.parsing.auto import run_parser

    async def main() -> None:
        from leavebot.parsing.llm import make_client

        client = make_client(llm) if llm is not None else None
        limiter = anyio.CapacityLimiter(args.concurrency)

        async def one(index: int, rules_parsed: Parsed | None) -> None:
            item = items[index]

            def known(text: str, now: dt.datetime, calendar: WorkCalendar) -> Parsed:
                assert rules_parsed is not None
                return rules_parsed

            async with limiter:
                try:
                    decisions[index] = await run_parser(
                        name,
                        item.text,
                        item.now,
                        item.calendar,
                        llm,
                        thread=tuple(args.thread),
                        client=client,
                        rules=known if rules_parsed is not None else None,
                    )
                except Exception as exc:  # a parser bug must not lose the other lines
                    failures.append(f"line {item.line}: {name} parser failed: {exc!r}")

        try:
            async with anyio.create_task_group() as group:
                for index, rules_parsed in pending:
                    group.start_soon(one, index, rules_parsed)
        finally:
            if client is not None:
                await client.close()

    anyio.run(main)


def _explain_line(decision: Decision) -> str:
    data: dict[str, Any] = decision.request.contract_json()
    data["action"] = decision.action
    data["parser"] = decision.parser
    data["sure"] = decision.sure
    data["reasons"] = list(decision.reasons)
    if decision.llm_failure is not None:
        data["llm_failure"] = decision.llm_failure.model_dump()
    return _dump(data)


def _none_line() -> str:
    return _dump({"intent": "none", "category": None, "days": []})


def _dump(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def _line_number(failure: str) -> int:
    try:
        return int(failure.split(":", 1)[0].removeprefix("line "))
    except ValueError:
        return 0


def _first_error(exc: Any) -> str:
    errors = exc.errors()
    if not errors:
        return str(exc)
    first = errors[0]
    where = ".".join(str(p) for p in first.get("loc", ()))
    return f"{where}: {first.get('msg')}" if where else str(first.get("msg"))
