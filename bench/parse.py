"""Benchmark of the rules parser: messages per second and per-message p99.

Runs ``parse_rules`` over the corpora in ``tests/corpus/`` (the dev corpus,
``dates-en`` and the hand-written main corpora, ``leave-own`` and
``leave-written``), repeated until at least
``--min-parses`` parses were timed. The last line printed is one JSON object:
``{"bench": "parse", "results": {"rules_msgs_per_s": ..., "rules_p99_ms": ...,
"rules_msgs_per_cpu_s": ..., "rules_p99_cpu_ms": ...}}`` (the last two on the CPU time
the parsing thread got, which a shared machine's other work does not change).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO / "tests" / "corpus"
sys.path.insert(0, str(REPO))

from leavebot.domain import WorkCalendar  # noqa: E402
from leavebot.parsing.compiled import STATUS  # noqa: E402
from leavebot.parsing.rules import parse_rules  # noqa: E402

CORPORA = (
    CORPUS / "leave-dev.jsonl",
    CORPUS / "dates-en.jsonl",
    CORPUS / "leave-own.jsonl",
    CORPUS / "leave-written.jsonl",
)


def load_cases() -> list[tuple[str, dt.datetime, WorkCalendar]]:
    cases: list[tuple[str, dt.datetime, WorkCalendar]] = []
    calendars: dict[str, WorkCalendar] = {}
    for path in CORPORA:
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            case: dict[str, Any] = json.loads(line)
            key = json.dumps(case.get("config"), sort_keys=True)
            if key not in calendars:
                calendars[key] = WorkCalendar.from_config(case.get("config"))
            now = dt.datetime.fromisoformat(case["now"])
            cases.append((case["text"], now, calendars[key]))
    return cases


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--min-parses", type=int, default=20_000)
    args = parser.parse_args()
    cases = load_cases()
    if not cases:
        print("no corpus found", file=sys.stderr)
        return 1
    for text, now, calendar in cases:  # warm-up: imports, regex caches, zoneinfo
        parse_rules(text, now, calendar)
    rounds = max(1, -(-args.min_parses // len(cases)))
    timings: list[float] = []
    cpu_timings: list[float] = []
    clock, cpu = time.perf_counter, time.thread_time
    started, cpu_started = clock(), cpu()
    for _ in range(rounds):
        for text, now, calendar in cases:
            t0, c0 = clock(), cpu()
            parse_rules(text, now, calendar)
            cpu_timings.append(cpu() - c0)
            timings.append(clock() - t0)
    wall, cpu_total = clock() - started, cpu() - cpu_started
    timings.sort()
    cpu_timings.sort()
    p99 = timings[min(len(timings) - 1, int(len(timings) * 0.99))]
    cpu_p99 = cpu_timings[min(len(cpu_timings) - 1, int(len(cpu_timings) * 0.99))]
    per_s = len(timings) / wall
    print(
        f"{len(timings)} parses of {len(cases)} messages in {wall:.2f}s; "
        f"median {timings[len(timings) // 2] * 1e3:.3f} ms, max {timings[-1] * 1e3:.3f} ms; "
        f"the parser {STATUS}",
        file=sys.stderr,
    )
    result = {
        "bench": "parse",
        "results": {
            "rules_msgs_per_s": round(per_s, 1),
            "rules_p99_ms": round(p99 * 1e3, 4),
            # The same on the CPU time the parsing thread got: what the code costs,
            # apart from what the other work on a shared machine takes from it.
            "rules_msgs_per_cpu_s": round(len(cpu_timings) / cpu_total, 1),
            "rules_p99_cpu_ms": round(cpu_p99 * 1e3, 4),
        },
    }
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
