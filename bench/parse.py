"""Benchmark of the rules parser: messages per second and per-message p99.

Runs ``parse_rules`` over the corpora in ``tests/corpus/`` (the dev corpus,
``dates-en`` and the hand-written main corpora, ``leave-own`` and
``leave-written``), repeated until at least
``--min-parses`` parses were timed. The last line printed is one JSON object:
``{"bench": "parse", "results": {"rules_msgs_per_s": ..., "rules_p99_ms": ...}}``.
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
    clock = time.perf_counter
    started = clock()
    for _ in range(rounds):
        for text, now, calendar in cases:
            t0 = clock()
            parse_rules(text, now, calendar)
            timings.append(clock() - t0)
    wall = clock() - started
    timings.sort()
    p99 = timings[min(len(timings) - 1, int(len(timings) * 0.99))]
    per_s = len(timings) / wall
    print(
        f"{len(timings)} parses of {len(cases)} messages in {wall:.2f}s; "
        f"median {timings[len(timings) // 2] * 1e3:.3f} ms, max {timings[-1] * 1e3:.3f} ms",
        file=sys.stderr,
    )
    result = {
        "bench": "parse",
        "results": {"rules_msgs_per_s": round(per_s, 1), "rules_p99_ms": round(p99 * 1e3, 4)},
    }
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
