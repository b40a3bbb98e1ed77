"""Bench: ``leave-bot parse --jsonl`` over 1,000 lines, start-up included.

The lines are the corpora in ``tests/corpus/*.jsonl`` repeated to
1,000. The command runs as a subprocess (``--parser rules``, no network), a
few times; the best wall time is the result, since start-up noise only adds.
The target is under 2 s. The last line printed is the result as JSON::

    {"bench": "parse_cli", "results": {"jsonl_1000_s": 0.61}}
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "corpus"
LINES = 1000


def corpus_lines(count: int) -> list[str]:
    source: list[str] = []
    for path in sorted(CORPUS.glob("*.jsonl")):
        text = path.read_text(encoding="utf-8")
        source.extend(line for line in text.splitlines() if line.strip())
    if not source:
        raise SystemExit(f"no corpus lines found in {CORPUS}")
    return list(itertools.islice(itertools.cycle(source), count))


def leave_bot() -> str:
    beside = Path(sys.executable).parent / "leave-bot"
    return str(beside if beside.exists() else ROOT / ".venv" / "bin" / "leave-bot")


def main() -> int:
    options = argparse.ArgumentParser(description=__doc__)
    options.add_argument("--runs", type=int, default=3)
    options.add_argument("--parser", default="rules", choices=("rules", "llm", "auto"))
    args = options.parse_args()

    lines = corpus_lines(LINES)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "LLM_"))}
    times: list[float] = []
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "bench.jsonl"
        source.write_text("\n".join(lines) + "\n", encoding="utf-8")
        command = [leave_bot(), "parse", "--jsonl", str(source), "--parser", args.parser]
        for run in range(args.runs):
            started = time.perf_counter()
            done = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
            elapsed = time.perf_counter() - started
            out_lines = done.stdout.splitlines()
            if done.returncode != 0 or len(out_lines) != LINES:
                print(done.stderr[-2000:], file=sys.stderr)
                raise SystemExit(
                    f"run {run + 1}: exit {done.returncode}, {len(out_lines)} lines of {LINES}"
                )
            times.append(elapsed)
            print(f"run {run + 1}: {elapsed:.3f}s", file=sys.stderr)
    print(json.dumps({"bench": "parse_cli", "results": {"jsonl_1000_s": round(min(times), 3)}}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
