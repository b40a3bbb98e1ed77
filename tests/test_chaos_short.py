"""The short chaos run of ``make test``: kill -9s, a Postgres restart, Socket Mode drops and
sandbox faults under a mixed workload, then every invariant checked (``bench/chaos.py``)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT


@pytest.mark.timeout(300)
def test_short_chaos_run_finds_no_violation(tmp_path: Path) -> None:
    done = subprocess.run(
        # A fixed seed keeps the run the same from one `make test` to the next (the long
        # runs in the README draw their seeds at random).
        [
            sys.executable,
            str(ROOT / "bench" / "chaos.py"),
            *("--duration", "40", "--kills", "3", "--seed", "2", "--out", str(tmp_path)),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=280,
        check=False,
    )
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    assert lines, done.stdout[-3000:] + done.stderr[-3000:]
    results = json.loads(lines[-1])["results"]
    assert results["kills"] >= 3
    assert results["pg_restarts"] == 1
    assert results["requests"] > 20
    assert results["faults"] > 0
    # every app process was down longer than Slack retries while people posted: each
    # message was read back by the catch-up and answered once (a violation otherwise)
    assert results["outage_messages"] >= 3
    assert results["caught_up"] >= results["outage_messages"]
    # The run's record: one line, and the report keeps every violation in full.
    (record,) = [json.loads(line) for line in (tmp_path / "runs.jsonl").read_text().splitlines()]
    assert (record["seed"], record["mode"], record["kills"]) == (2, "all", results["kills"])
    report = json.loads(Path(record["report"]).read_text())
    assert results["violations"] == 0, "\n".join(report["violation_texts"])
    assert done.returncode == 0, done.stderr[-3000:]
