"""One vocabulary for the gate and the parser (issue 14, point 3).

With the default settings the listener's gate never drops a message the
parser reads as a leave or a cancel: on every corpus, on generated messages,
and on any text hypothesis makes. Admins can still narrow or widen it.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from actors.slack_listener import has_keyword
from leavebot.config import RuntimeConfig, validate_value
from leavebot.domain import WorkCalendar
from leavebot.parsing.markup import slack_to_text
from leavebot.parsing.rules import parse_rules
from leavebot.parsing.vocabulary import TRIGGER_WORDS, VOCABULARY, expand_keywords, mentions
from tests.corpus.generate import message

BOUNDED = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
NOW = dt.datetime.fromisoformat("2026-03-04T10:00:00+05:30")
MAIN = ("leave-dev.jsonl", "leave-own.jsonl", "leave-written.jsonl", "leave-generated.jsonl")
MAIN += ("dates-en.jsonl",)


def default_gate(text: str) -> bool:
    """What the listener does with the default config: markup off, then the trigger words."""
    return has_keyword(slack_to_text(text), RuntimeConfig().triggers())


def test_default_trigger_words_are_the_parsers_vocabulary() -> None:
    config = RuntimeConfig()
    assert config.trigger_keywords == (VOCABULARY,)
    assert config.triggers() == TRIGGER_WORDS
    assert len(set(TRIGGER_WORDS)) == len(TRIGGER_WORDS)
    assert all(w == w.strip().lower() and w for w in TRIGGER_WORDS)


def test_no_corpus_reading_of_leave_or_cancel_is_dropped_by_the_gate(corpus_dir: Path) -> None:
    dropped = []
    read = 0
    for name in MAIN:
        for line in (corpus_dir / name).read_text("utf-8").splitlines():
            case = json.loads(line)
            calendar = WorkCalendar.from_config(case.get("config"))
            parsed = parse_rules(case["text"], dt.datetime.fromisoformat(case["now"]), calendar)
            if parsed.request.intent != "none":
                read += 1
                if not default_gate(case["text"]):
                    dropped.append(case["text"])
    assert read > 2000
    assert not dropped


def test_the_vocabulary_covers_every_cue_of_the_parser(corpus_dir: Path) -> None:
    """Read without the vocabulary check, the corpora hold no leave the gate would miss.

    The gate can only ever be wider than the parser (the parser refuses a
    message without a vocabulary word); this checks it is not narrower than
    the rest of the parser's reading, so no cue was added without its word.
    """
    missed = []
    for name in MAIN:
        for line in (corpus_dir / name).read_text("utf-8").splitlines():
            case = json.loads(line)
            calendar = WorkCalendar.from_config(case.get("config"))
            now = dt.datetime.fromisoformat(case["now"])
            ungated = parse_rules(case["text"], now, calendar, gated=False)
            if ungated.request.intent != "none" and not mentions(case["text"]):
                missed.append(case["text"])
    assert not missed


@BOUNDED
@given(text=st.text(max_size=200))
def test_any_text_the_parser_reads_passes_the_gate(text: str) -> None:
    if parse_rules(text, NOW, WorkCalendar()).request.intent != "none":
        assert default_gate(text)


@BOUNDED
@given(rng=st.randoms(use_true_random=False))
def test_generated_leave_and_cancel_pass_the_gate(rng: object) -> None:
    case = message(rng)  # type: ignore[arg-type]
    parsed = parse_rules(case.text, case.now, WorkCalendar.from_config(case.config))
    if parsed.request.intent != "none" or case.expected["intent"] != "none":
        assert default_gate(case.text)


def test_admins_narrow_and_widen() -> None:
    narrow = RuntimeConfig.model_validate({"trigger_keywords": ["Leave", " pto "]})
    assert narrow.triggers() == ("leave", "pto")
    assert has_keyword("PTO tomorrow", narrow.triggers())
    assert not has_keyword("off tomorrow", narrow.triggers())
    wide = RuntimeConfig.model_validate({"trigger_keywords": ["@vocabulary", "sangeet"]})
    assert wide.triggers()[: len(TRIGGER_WORDS)] == TRIGGER_WORDS
    assert wide.triggers()[-1] == "sangeet"
    assert has_keyword("sangeet on the 5th", wide.triggers())
    assert validate_value("trigger_keywords", ["@vocabulary", "mela"]) == ["@vocabulary", "mela"]
    assert expand_keywords(("pto", "@vocabulary", "pto")).count("pto") == 1


def test_matching_reads_as_the_parser_reads() -> None:
    # typographic apostrophes, phrases over any white space, whole words only
    assert mentions("I won\u2019t be in tomorrow")
    assert mentions("half   day friday")
    assert not mentions("behalfday", ("half day",))
    assert not mentions("leaveless", ("leave",))
    assert has_keyword("*Leave* tmrw", ("leave",))


def test_a_single_word_matches_a_part_of_a_hyphenated_word_as_the_parser_reads_it() -> None:
    assert mentions("Ski-Urlaub 25.–29.1.")
    assert not mentions("Ski-Urlaub 25.–29.1.", ("leave",))
    assert not mentions("behalf of the team", ("half day",))


def test_struck_through_words_count_for_the_gate() -> None:
    """``~Off Wed 24/3~ change of plans``: the leave called off is read, so the gate reads
    its struck-through words as the listener does."""
    assert mentions("~Off Wed 24/3~ change of plans, I'll be in")
    assert not mentions("~the old deck~ change of plans, new one attached")
