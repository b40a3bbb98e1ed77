"""The compiled rules parser (``leavebot.parsing.compiled``): used when current, never stale,
and answering exactly as the Python sources do.

``make`` builds it before the tests; where it cannot be built (no C compiler or Python
headers, or a build older than the sources because pytest ran without make) these tests
skip, and under ``CI=true`` they fail.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from leavebot.parsing import compiled
from tests.conftest import tool_missing

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO / "tests" / "corpus"

# Prints what was loaded: the files of two modules of the build and the status.
_LOADED = (
    "import json, leavebot.parsing.rules as r, leavebot.parsing.dates as d, "
    "leavebot.parsing.compiled as c; print(json.dumps([r.__file__, d.__file__, c.STATUS]))"
)

# Prints every answer of the rules parser on the corpora named in argv, one JSON line each.
_ANSWERS = """
import datetime as dt, json, sys
from leavebot.domain import WorkCalendar
from leavebot.parsing.rules import parse_rules
for path in sys.argv[1:]:
    for line in open(path, encoding="utf-8"):
        case = json.loads(line)
        now = dt.datetime.fromisoformat(case["now"])
        p = parse_rules(case["text"], now, WorkCalendar.from_config(case.get("config")))
        print(json.dumps([p.request.contract_json(), p.sure, list(p.reasons), p.own]))
"""


def _need_build() -> None:
    missing = compiled._compiler_missing()
    if missing is not None:
        tool_missing(f"the parser cannot be compiled here: {missing}", "cc")
    reason = compiled.stale_reason()
    if reason is not None:
        tool_missing(f"no current compiled parser ({reason}); `make pytest` builds it")


def _run(code: str, *args: str, cwd: Path, pure: bool = False) -> str:
    env = {k: v for k, v in os.environ.items() if k != compiled.PURE_ENV}
    env["PYTHONPATH"] = str(cwd)
    if pure:
        env[compiled.PURE_ENV] = "1"
    done = subprocess.run(
        [sys.executable, "-c", code, *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    return done.stdout


def test_the_parser_runs_compiled_when_its_build_is_current() -> None:
    _need_build()
    rules_file, dates_file, status = json.loads(_run(_LOADED, cwd=REPO))
    assert status == "compiled (mypyc)"
    assert not rules_file.endswith(".py")
    assert not dates_file.endswith(".py")


def test_a_source_changed_after_the_build_loads_every_module_from_source(
    tmp_path: Path,
) -> None:
    """Python would load the old build before the changed source: the finder prevents it,
    for all the modules of the build at once (they call one another in C)."""
    _need_build()
    shutil.copytree(
        REPO / "leavebot", tmp_path / "leavebot", ignore=shutil.ignore_patterns("__pycache__")
    )
    rules_file, dates_file, status = json.loads(_run(_LOADED, cwd=tmp_path))
    assert status == "compiled (mypyc)"
    assert rules_file.startswith(str(tmp_path))
    assert not rules_file.endswith(".py")

    dates = tmp_path / "leavebot" / "parsing" / "dates.py"
    dates.write_text(dates.read_text(encoding="utf-8") + "\n# changed\n", encoding="utf-8")
    rules_file, dates_file, status = json.loads(_run(_LOADED, cwd=tmp_path))
    assert status == "python: changed since the build: dates"
    assert rules_file == str(tmp_path / "leavebot" / "parsing" / "rules.py")
    assert dates_file == str(dates)

    (tmp_path / "leavebot" / "parsing" / "compiled.json").unlink()
    assert json.loads(_run(_LOADED, cwd=tmp_path))[2] == "python: no compiled.json beside the build"


def test_pure_python_can_be_asked_for() -> None:
    _need_build()
    rules_file, _, status = json.loads(_run(_LOADED, cwd=REPO, pure=True))
    assert status == f"python: {compiled.PURE_ENV} is set"
    assert rules_file.endswith("rules.py")


@pytest.mark.timeout(300)
def test_the_compiled_parser_answers_exactly_as_the_sources() -> None:
    """Answer, sure flag, reasons and ownership on the dev, own and dates-en corpora."""
    _need_build()
    corpora = [
        str(CORPUS / name)
        for name in ("leave-dev.jsonl", "leave-own.jsonl", "dates-en.jsonl", "leave-written.jsonl")
    ]
    built = _run(_ANSWERS, *corpora, cwd=REPO).splitlines()
    source = _run(_ANSWERS, *corpora, cwd=REPO, pure=True).splitlines()
    assert len(built) == len(source) > 3000
    differ = [i for i, (a, b) in enumerate(zip(built, source, strict=True)) if a != b]
    assert differ == []
