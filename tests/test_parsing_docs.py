"""Every example of docs/parsing.md is what the rules parser answers.

The tables of ``| `message` | reads as |`` rows are read from the document and
each message is parsed at the document's moment (Wednesday 4 March 2026,
10:00 Asia/Kolkata, default calendar), so the page cannot drift from the code.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest

from leavebot.domain import WorkCalendar
from leavebot.parsing.auto import decide
from leavebot.parsing.rules import parse_rules
from tests.conftest import ROOT

DOC = ROOT / "docs" / "parsing.md"
NOW = dt.datetime.fromisoformat("2026-03-04T10:00:00+05:30")
ROW = re.compile(r"^\| `(?P<text>[^`]+)` \| (?P<answer>[^|]+?) \|$")
ANSWER = re.compile(
    r"^(?P<intent>leave|cancel|none)(?: \((?P<category>sick|vacation)\))?(?::(?P<days>.*))?$"
)
ACTIONS = {
    "asks for the dates": "ask_dates",
    "nothing": "none",
    "names the 31-day limit": "limits",
}


def examples() -> list[tuple[str, str]]:
    rows = []
    for line in DOC.read_text("utf-8").splitlines():
        match = ROW.match(line.strip())
        if match:
            rows.append((match["text"], match["answer"].strip()))
    return rows


def expected(answer: str) -> dict[str, Any]:
    match = ANSWER.match(answer)
    assert match, f"not an answer: {answer!r}"
    days = []
    for part in (match["days"] or "").split(","):
        if part.strip():
            date, _, portion = part.strip().partition(" ")
            days.append({"date": date, "portion": portion or "full"})
    return {"intent": match["intent"], "category": match["category"], "days": days}


READINGS = [(t, a) for t, a in examples() if ANSWER.match(a)]
POLICY = [(t, a) for t, a in examples() if not ANSWER.match(a)]


def test_the_document_has_examples_for_every_convention() -> None:
    text = DOC.read_text("utf-8")
    for n in range(1, 19):
        assert f"### {n}. " in text, n
    assert len(READINGS) >= 80
    assert len(POLICY) == 3


@pytest.mark.parametrize(("text", "answer"), READINGS)
def test_example_reads_as_documented(text: str, answer: str) -> None:
    parsed = parse_rules(text, NOW, WorkCalendar())
    assert parsed.request.contract_json() == expected(answer), parsed.reasons


@pytest.mark.anyio
@pytest.mark.parametrize(("text", "answer"), POLICY)
async def test_reply_policy_example(text: str, answer: str) -> None:
    action = next(v for k, v in ACTIONS.items() if answer.startswith(k))
    decision = await decide(text, NOW, WorkCalendar(), None)
    assert decision.action == action, decision.reasons
