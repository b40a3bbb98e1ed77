"""``leave-bot parse`` as a subprocess: single messages, --jsonl files and stdin.

The LLM runs are against the sandbox (real SDK, real socket) with answers
computed from the request the CLI sent, so the date context, the per-line
config and the order of the output are all checked end to end.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import subprocess
import sys
from collections.abc import AsyncIterator, Mapping
from pathlib import Path
from typing import Any

import anyio
import pytest

from leavebot.parsing.llm import read_context
from leavebot.sandbox.openai import DEFAULT_API_KEY, OpenAISandbox, serve_openai

ROOT = Path(__file__).resolve().parent.parent
LEAVE_BOT = ROOT / ".venv" / "bin" / "leave-bot"
if not LEAVE_BOT.exists():
    LEAVE_BOT = Path(sys.executable).parent / "leave-bot"

ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def clean_env(**extra: str) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("OPENAI_", "LLM_")) and k != "DEFAULT_TIMEZONE"
    }
    env.update(extra)
    return env


def run_cli(
    *args: str, stdin: str | None = None, env: Mapping[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(LEAVE_BOT), "parse", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=dict(env) if env is not None else clean_env(),
        timeout=60,
        check=False,
    )


async def run_cli_async(
    *args: str, stdin: str | None = None, env: Mapping[str, str]
) -> tuple[int, list[dict[str, Any]], str]:
    """Run the CLI while the sandbox keeps serving in this event loop."""
    done = await anyio.run_process(
        [str(LEAVE_BOT), "parse", *args],
        input=stdin.encode() if stdin is not None else None,
        env=dict(env),
        check=False,
    )
    out = done.stdout.decode()
    return done.returncode, [json.loads(line) for line in out.splitlines()], done.stderr.decode()


def today_answer(body: dict[str, Any]) -> dict[str, Any]:
    """Leave on the prompt's "today" (so the date context is what is checked)."""
    system = "\n".join(m["content"] for m in body["messages"] if m["role"] == "system")
    context = read_context(system)
    assert context is not None
    now, calendar = context
    today = calendar.local_date(now)
    return {
        "intent": "leave",
        "category": "vacation",
        "days": [{"date": today.isoformat(), "portion": "full"}],
    }


def echo_date_answer(body: dict[str, Any]) -> dict[str, Any]:
    """Leave on the ISO date the message holds."""
    text = [m["content"] for m in body["messages"] if m["role"] == "user"][-1]
    match = ISO_DATE.search(text)
    assert match is not None
    return {
        "intent": "leave",
        "category": "vacation",
        "days": [{"date": match.group(), "portion": "full"}],
    }


@pytest.fixture
async def sandbox() -> AsyncIterator[OpenAISandbox]:
    async with serve_openai(answerer=today_answer) as server:
        yield server


def llm_env(sandbox: OpenAISandbox, **extra: str) -> dict[str, str]:
    return clean_env(
        OPENAI_API_KEY=DEFAULT_API_KEY,
        OPENAI_BASE_URL=sandbox.base_url,
        LLM_MODEL="sandbox-cli",
        LLM_MAX_RETRIES="0",
        **extra,
    )


# -- input errors (no parser is reached) ------------------------------------


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("{not json", "not JSON"),
        ('["a list"]', "expected a JSON object"),
        ('{"now": "2026-03-04T10:00:00+05:30"}', '"text" must be a string'),
        ('{"text": "off", "now": "yesterday-ish"}', "not an ISO 8601 datetime"),
        (
            '{"text": "off", "now": "2026-03-04T10:00:00", "config": {"timezone": "Mars/Base"}}',
            "bad config",
        ),
        ('{"text": "off", "config": {"working_days": ["funday"]}}', "bad config"),
        ('{"text": "off", "config": {"date_order": "YMD"}}', "bad config"),
    ],
)
def test_bad_line_is_reported_not_a_traceback(tmp_path: Path, line: str, message: str) -> None:
    good = json.dumps({"text": "off tomorrow", "now": "2026-03-04T10:00:00+05:30"})
    source = tmp_path / "in.jsonl"
    source.write_text(f"{good}\n{good}\n{line}\n{good}\n", encoding="utf-8")
    done = run_cli("--jsonl", str(source), "--parser", "rules")
    assert done.returncode == 2
    assert done.stdout == ""
    assert "line 3:" in done.stderr
    assert message in done.stderr
    assert "Traceback" not in done.stderr


def test_usage_errors() -> None:
    neither = run_cli()
    assert neither.returncode == 2
    assert "either a message or --jsonl" in neither.stderr

    missing = run_cli("--jsonl", "/nonexistent/file.jsonl")
    assert missing.returncode == 2
    assert "cannot read" in missing.stderr

    no_key = run_cli("off tomorrow", "--parser", "llm")
    assert no_key.returncode == 2
    assert "OPENAI_API_KEY" in no_key.stderr

    bad_tz = run_cli("off tomorrow", "--tz", "Nowhere/Town")
    assert bad_tz.returncode == 2
    assert "unknown time zone" in bad_tz.stderr

    bad_now = run_cli("off tomorrow", "--now", "soon")
    assert bad_now.returncode == 2
    assert "--now" in bad_now.stderr
    assert "Traceback" not in bad_now.stderr + bad_tz.stderr + no_key.stderr


# -- LLM parser against the sandbox -------------------------------------------


@pytest.mark.anyio
async def test_single_message_with_now_and_tz(sandbox: OpenAISandbox) -> None:
    # 23:00 UTC on Wednesday is already Thursday in Kolkata, still Wednesday in New York.
    now = "2026-03-04T23:00:00+00:00"
    code, out, err = await run_cli_async(
        "off today", "--now", now, "--tz", "Asia/Kolkata", "--parser", "llm", env=llm_env(sandbox)
    )
    assert code == 0, err
    assert out == [
        {
            "intent": "leave",
            "category": "vacation",
            "days": [{"date": "2026-03-05", "portion": "full"}],
        }
    ]
    code, out, err = await run_cli_async(
        "off today",
        "--now",
        now,
        "--tz",
        "America/New_York",
        "--parser",
        "llm",
        env=llm_env(sandbox),
    )
    assert code == 0, err
    assert out[0]["days"] == [{"date": "2026-03-04", "portion": "full"}]
    assert [r.model for r in sandbox.requests] == ["sandbox-cli", "sandbox-cli"]
    assert all(r.authorized for r in sandbox.requests)


@pytest.mark.anyio
async def test_naive_now_is_company_local(sandbox: OpenAISandbox) -> None:
    code, out, err = await run_cli_async(
        "off today", "--now", "2026-03-05T01:00:00", "--parser", "llm", env=llm_env(sandbox)
    )
    assert code == 0, err
    assert out[0]["days"] == [{"date": "2026-03-05", "portion": "full"}]


@pytest.mark.anyio
async def test_jsonl_per_line_config(sandbox: OpenAISandbox, tmp_path: Path) -> None:
    saturday = "2026-03-07T10:00:00+05:30"
    lines = [
        {"text": "off today", "now": saturday},  # Saturday is not a working day
        {
            "text": "off today",
            "now": saturday,
            "config": {"working_days": ["mon", "tue", "wed", "thu", "fri", "sat"]},
            "expected": {"ignored": True},
            "source": "ignored too",
        },
        {
            "text": "off today",
            "now": "2026-03-04T10:00:00+05:30",
            "config": {"holidays": ["2026-03-04"]},
        },
        {"text": "off today", "now": "2026-03-04T20:00:00+00:00", "config": {"timezone": "UTC"}},
        {"text": "off today", "now": "2026-03-04T20:00:00+00:00"},  # Kolkata: already the 5th
    ]
    source = tmp_path / "lines.jsonl"
    source.write_text("\n".join(json.dumps(line) for line in lines) + "\n\n", encoding="utf-8")
    code, out, err = await run_cli_async(
        "--jsonl", str(source), "--parser", "llm", env=llm_env(sandbox)
    )
    assert code == 0, err
    assert [o["days"] for o in out] == [
        [],
        [{"date": "2026-03-07", "portion": "full"}],
        [],
        [{"date": "2026-03-04", "portion": "full"}],
        [{"date": "2026-03-05", "portion": "full"}],
    ]
    assert len(sandbox.requests) == 5
    assert '"date_order":"DMY"' in sandbox.requests[0].system_prompt


@pytest.mark.anyio
async def test_jsonl_stdin_keeps_order_under_concurrency(tmp_path: Path) -> None:
    async with serve_openai(answerer=echo_date_answer) as sandbox:
        # The first requests to arrive answer last, so the replies come back out of order.
        sandbox.inject("slow", delay_s=0.6, times=3)
        dates = [(dt.date(2026, 3, 2) + dt.timedelta(days=i)).isoformat() for i in range(25)]
        stdin = "".join(
            json.dumps({"text": f"Leave: {d}", "now": "2026-03-01T10:00:00+05:30"}) + "\n"
            for d in dates
        )
        code, out, err = await run_cli_async(
            "--jsonl",
            "-",
            "--parser",
            "llm",
            "--concurrency",
            "8",
            stdin=stdin,
            env=llm_env(sandbox),
        )
    assert code == 0, err
    assert len(out) == len(dates)
    working = [d for d in dates if dt.date.fromisoformat(d).weekday() < 5]
    got = [o["days"][0]["date"] for o in out if o["days"]]
    assert got == working
    for line, date in zip(out, dates, strict=True):
        expected = [{"date": date, "portion": "full"}] if date in working else []
        assert line["days"] == expected


@pytest.mark.anyio
async def test_llm_failures_keep_the_lines_and_exit_1(sandbox: OpenAISandbox) -> None:
    sandbox.inject("refusal")
    stdin = "".join(
        json.dumps({"text": t, "now": "2026-03-04T10:00:00+05:30"}) + "\n" for t in ("a", "b")
    )
    code, out, err = await run_cli_async(
        "--jsonl", "-", "--parser", "llm", "--concurrency", "1", stdin=stdin, env=llm_env(sandbox)
    )
    assert code == 1
    assert out[0] == {"intent": "none", "category": None, "days": []}
    assert out[1]["intent"] == "leave"
    assert "line 1: LLM refusal" in err
    assert "line 2" not in err


@pytest.mark.anyio
async def test_explain(sandbox: OpenAISandbox) -> None:
    code, out, err = await run_cli_async(
        "off today",
        "--now",
        "2026-03-04T10:00:00+05:30",
        "--parser",
        "llm",
        "--explain",
        env=llm_env(sandbox),
    )
    assert code == 0, err
    (line,) = out
    assert line["action"] == "prompt"
    assert line["parser"] == "llm"
    assert line["sure"] is True


# -- rules parser (no network) and auto ---------------------------------------


def test_single_message_rules() -> None:
    done = run_cli("On leave tomorrow", "--now", "2026-03-04T10:00:00+05:30", "--parser", "rules")
    assert done.returncode == 0, done.stderr
    assert done.stdout.count("\n") == 1
    assert json.loads(done.stdout) == {
        "intent": "leave",
        "category": "vacation",
        "days": [{"date": "2026-03-05", "portion": "full"}],
    }
    assert " " not in done.stdout.strip()  # compact


def test_default_parser_without_key_is_rules() -> None:
    done = run_cli(
        "On leave tomorrow", "--now", "2026-03-04T10:00:00+05:30", "--explain", env=clean_env()
    )
    assert done.returncode == 0, done.stderr
    line = json.loads(done.stdout)
    assert line["parser"] == "rules"
    assert line["action"] == "prompt"


def test_jsonl_file_and_stdin_match_the_parser_in_order(corpus_dir: Path, tmp_path: Path) -> None:
    from leavebot.domain import WorkCalendar
    from leavebot.parsing.rules import parse_rules

    corpus = (corpus_dir / "leave-dev.jsonl").read_text(encoding="utf-8")
    corpus += (corpus_dir / "dates-en.jsonl").read_text(encoding="utf-8")
    lines = [json.loads(line) for line in corpus.splitlines() if line.strip()]
    expected = [
        parse_rules(
            line["text"],
            dt.datetime.fromisoformat(line["now"]),
            WorkCalendar.from_config(line.get("config")),
        ).request.contract_json()
        for line in lines
    ]
    source = tmp_path / "corpus.jsonl"
    source.write_text(corpus, encoding="utf-8")
    from_file = run_cli("--jsonl", str(source), "--parser", "rules")
    from_stdin = run_cli("--jsonl", "-", "--parser", "rules", stdin=corpus)
    for done in (from_file, from_stdin):
        assert done.returncode == 0, done.stderr
        assert [json.loads(line) for line in done.stdout.splitlines()] == expected


def test_jsonl_per_line_config_rules(tmp_path: Path) -> None:
    wed = "2026-03-04T10:00:00+05:30"
    lines = [
        {"text": "Leave on 6/3", "now": wed},
        {"text": "Leave on 6/3", "now": wed, "config": {"date_order": "MDY"}},
        {"text": "Off on Saturday", "now": wed},
        {"text": "Off on Saturday", "now": wed, "config": {"working_days": ["sat"]}},
        {"text": "Off Thursday and Friday", "now": wed, "config": {"holidays": ["2026-03-06"]}},
        {"text": "Off today", "now": "2026-03-04T20:00:00+00:00"},
        {"text": "Off today", "now": "2026-03-04T20:00:00+00:00", "config": {"timezone": "UTC"}},
    ]
    source = tmp_path / "in.jsonl"
    source.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    done = run_cli("--jsonl", str(source), "--parser", "rules")
    assert done.returncode == 0, done.stderr
    days = [[d["date"] for d in json.loads(out)["days"]] for out in done.stdout.splitlines()]
    assert days == [
        ["2026-03-06"],
        ["2026-06-03"],
        [],
        ["2026-03-07"],
        ["2026-03-05"],
        ["2026-03-05"],
        ["2026-03-04"],
    ]


@pytest.mark.anyio
async def test_auto_asks_the_llm_only_when_the_rules_are_unsure(sandbox: OpenAISandbox) -> None:
    wed = "2026-03-04T10:00:00+05:30"
    texts = ["On leave tomorrow", "out from monday", "Leave from 9th to 11th March"]
    stdin = "".join(json.dumps({"text": t, "now": wed}) + "\n" for t in texts)
    code, out, err = await run_cli_async(
        "--jsonl", "-", "--explain", stdin=stdin, env=llm_env(sandbox)
    )
    assert code == 0, err
    assert [o["parser"] for o in out] == ["rules", "llm", "rules"]
    assert out[1]["days"] == [{"date": "2026-03-04", "portion": "full"}]  # the sandbox's "today"
    (request,) = sandbox.requests
    assert request.user_messages[-1] == "out from monday"


def test_rules_mode_imports_no_network_library() -> None:
    script = (
        "import sys\n"
        "from leavebot.cli import main\n"
        "code = main(['parse', 'off tomorrow', '--now', '2026-03-04T10:00:00+05:30'])\n"
        "heavy = sorted(m for m in ('openai', 'aiohttp', 'httpx2', 'anyio') if m in sys.modules)\n"
        "print(code, heavy, file=sys.stderr)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        env=clean_env(),
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr.strip().splitlines()[-1] == "0 []"
    assert json.loads(done.stdout)["days"] == [{"date": "2026-03-05", "portion": "full"}]
