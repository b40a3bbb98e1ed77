"""The generator's grammar against the parser, and the corpora that measure it (issue 14).

Property: every message the grammar of ``tests/corpus/generate.py`` composes
parses to the answer computed from its parts, or the parser says it is
unsure. The corpora: at least 1,500 labelled messages, the generated file is
what its seed makes, and each corpus meets its target.
"""

from __future__ import annotations

import datetime as dt
import json
import random
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from leavebot.domain import WorkCalendar
from leavebot.parsing.rules import parse_rules
from tests.corpus.generate import Case, generate, message

GRAMMAR = settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _lines(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines() if line]


def _read(case: Case) -> tuple[dict[str, Any], bool, tuple[str, ...]]:
    parsed = parse_rules(case.text, case.now, WorkCalendar.from_config(case.config))
    return parsed.request.contract_json(), parsed.sure, parsed.reasons


@GRAMMAR
@given(rng=st.randoms(use_true_random=False))
def test_every_generated_message_parses_to_its_answer_or_is_unsure(rng: random.Random) -> None:
    case = message(rng)
    got, sure, reasons = _read(case)
    assert got == case.expected or not sure, (case.text, case.now, got, reasons)


@given(seed=st.integers(min_value=0, max_value=2**32))
@settings(max_examples=5, deadline=None)
def test_the_generator_is_reproducible(seed: int) -> None:
    assert generate(seed, 20) == generate(seed, 20)


def test_generated_answers_obey_the_contracts_shape() -> None:
    for line in generate(7, 500):
        expected = line["expected"]
        dates = [d["date"] for d in expected["days"]]
        assert dates == sorted(set(dates))
        calendar = WorkCalendar.from_config(line.get("config"))
        assert all(calendar.is_working_day(dt.date.fromisoformat(d)) for d in dates)
        if expected["intent"] == "none":
            assert expected == {"intent": "none", "category": None, "days": []}
        if expected["intent"] == "leave":
            assert expected["category"] in ("vacation", "sick")


def test_the_generated_corpus_is_seed_14(corpus_dir: Path) -> None:
    assert _lines(corpus_dir / "leave-generated.jsonl") == generate(14, 2000)


def test_at_least_1500_labelled_messages(corpus_dir: Path) -> None:
    counts = {p.name: len(_lines(p)) for p in corpus_dir.glob("*.jsonl")}
    hand = counts["leave-own.jsonl"] + counts["leave-written.jsonl"]
    assert hand >= 600, counts
    held_back = sum(n for name, n in counts.items() if name.startswith("leave-heldback"))
    assert held_back >= 300, counts
    assert sum(counts.values()) >= 1500, counts


def _score(cases: list[dict[str, Any]]) -> tuple[float, float, list[str]]:
    wrong, sure_wrong = [], 0
    for case in cases:
        calendar = WorkCalendar.from_config(case.get("config"))
        parsed = parse_rules(case["text"], dt.datetime.fromisoformat(case["now"]), calendar)
        assert not any(r.startswith("internal_error") for r in parsed.reasons), case["text"]
        if parsed.request.contract_json() != case["expected"]:
            wrong.append(f"{'SURE ' if parsed.sure else ''}{case['text']!r} {parsed.reasons}")
            sure_wrong += parsed.sure
    n = len(cases)
    return 1 - len(wrong) / n, sure_wrong / n, wrong


def test_own_corpora_at_least_99_percent_and_sure_wrong_at_most_half_a_percent(
    corpus_dir: Path,
) -> None:
    """``own``: every hand-written main corpus together (leave-own and leave-written)."""
    cases = _lines(corpus_dir / "leave-own.jsonl") + _lines(corpus_dir / "leave-written.jsonl")
    exact, sure_wrong, wrong = _score(cases)
    assert exact >= 0.99, "\n".join(wrong)
    assert sure_wrong <= 0.005, "\n".join(wrong)


def test_generated_corpus_at_least_99_percent_and_sure_wrong_at_most_half_a_percent(
    corpus_dir: Path,
) -> None:
    exact, sure_wrong, wrong = _score(_lines(corpus_dir / "leave-generated.jsonl"))
    assert exact >= 0.99, "\n".join(wrong)
    assert sure_wrong <= 0.005, "\n".join(wrong)


def test_dates_en_sure_wrong_at_most_half_a_percent(corpus_dir: Path) -> None:
    exact, sure_wrong, wrong = _score(_lines(corpus_dir / "dates-en.jsonl"))
    assert exact >= 0.99, "\n".join(wrong)
    assert sure_wrong <= 0.005, "\n".join(wrong)
