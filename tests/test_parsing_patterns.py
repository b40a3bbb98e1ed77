"""The shape of the rules parser's patterns (``leavebot.parsing.patterns``).

A pattern written ``\\b(?=\\w)(?:...)`` is searched faster than ``\\b(?:...)``: the engine
stops at the ends of words instead of trying every alternative there. It finds the same
matches only when every alternative starts with a character of the lookahead's class
(``[\\w']`` for ``_WEAK``, whose ``'ll leave at 3`` starts with an apostrophe); the first
characters are worked out here from the compiled pattern's syntax tree, so a new
alternative that could start otherwise fails this test instead of being missed quietly.
"""

from __future__ import annotations

import re
import re._constants as sre  # the tree's opcodes (sre_constants before 3.11)
import re._parser as sre_parse
from typing import Any

import pytest

from leavebot.parsing import patterns

# "\b(?=\w)" or "\b(?=[\w'])": the lookahead's class is group 1
_WORD_START = re.compile(r"\\b\(\?=(\\w|\[[^\]]+\])\)")
_WORD_CATEGORIES = {sre.CATEGORY_WORD, sre.CATEGORY_DIGIT, sre.CATEGORY_UNI_WORD}


def _set_within(items: list[tuple[Any, Any]], allowed: re.Pattern[str]) -> bool:
    """Whether a character class ``[...]`` holds only characters ``allowed`` matches."""
    for op, av in items:
        if op is sre.LITERAL and allowed.fullmatch(chr(av)):
            continue
        if op is sre.RANGE and all(allowed.fullmatch(chr(c)) for c in range(av[0], av[1] + 1)):
            continue
        words = op is sre.CATEGORY and av in _WORD_CATEGORIES
        if words and all(allowed.fullmatch(c) for c in "az09_é"):  # a class of at least \w
            continue
        return False
    return True


def _not_words(items: list[tuple[Any, Any]]) -> bool:
    """Whether the sequence is one class of no word character (``\\W``, ``\\s``)."""
    if len(items) != 1 or items[0][0] is not sre.IN:
        return False
    return all(
        op is sre.CATEGORY and av in (sre.CATEGORY_NOT_WORD, sre.CATEGORY_SPACE)
        for op, av in items[0][1]
    )


def _starts_within(items: list[tuple[Any, Any]], allowed: re.Pattern[str]) -> bool | None:
    """Whether every match of the sequence starts with a character ``allowed`` matches:
    True, False (it may not), or None (it may match nothing; its follower decides)."""
    at_start = False
    for op, av in items:
        if op is sre.AT and av is sre.AT_BEGINNING:
            at_start = True
        if op in (sre.AT, sre.ASSERT, sre.ASSERT_NOT):
            continue  # takes no character
        if at_start and op is sre.MAX_REPEAT and av[0] == 0 and _not_words(av[2].data):
            continue  # "^\\W*": after the leading \\b at the text's start it takes nothing
        if op is sre.LITERAL:
            return bool(allowed.fullmatch(chr(av)))
        if op is sre.IN:
            return _set_within(av, allowed)
        if op is sre.SUBPATTERN:
            inner = _starts_within(av[3].data, allowed)
        elif op is sre.BRANCH:
            answers = [_starts_within(alt.data, allowed) for alt in av[1]]
            if False in answers:
                return False
            inner = None if None in answers else True
        elif op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT):
            inner = _starts_within(av[2].data, allowed)
            if inner is False:
                return False
            if av[0] == 0:
                continue  # may be skipped: what follows may start the match
        else:
            return False  # any other character (., a backreference...) may not be a word
        if inner is not None:
            return inner
    return None


def _word_start_patterns() -> list[tuple[str, re.Pattern[str]]]:
    return [
        (name, value)
        for name, value in vars(patterns).items()
        if isinstance(value, re.Pattern) and _WORD_START.match(value.pattern)
    ]


def test_some_patterns_are_searched_from_word_starts() -> None:
    names = {name for name, _ in _word_start_patterns()}
    assert {"_WEAK", "_CANCEL", "_PAST"} <= names


@pytest.mark.parametrize(("name", "pattern"), _word_start_patterns())
def test_a_word_start_pattern_has_only_alternatives_that_start_with_a_word(
    name: str, pattern: re.Pattern[str]
) -> None:
    start = _WORD_START.match(pattern.pattern)
    assert start is not None
    allowed = re.compile(start.group(1))
    rest = pattern.pattern[start.end() :]
    assert _starts_within(sre_parse.parse(rest, pattern.flags).data, allowed) is True, name


@pytest.mark.parametrize(
    ("source", "allowed", "starts"),
    [
        (r"(?:cancel\w*|revok\w*)", r"\w", True),
        (r"(?:the\s+)?(?:morning|\d+)", r"\w", True),
        (r"(?:[a-z]+|\d)\s", r"\w", True),
        (r"(?:off|\s+away)", r"\w", False),  # "\s+away" starts with a space
        (r"(?:off|'ll)", r"\w", False),
        (r"(?:off|'ll)", r"[\w']", True),
        (r"(?:off|\w+)", r"[a-z']", False),  # \w is more than a-z
        (r"(?:off|.)", r"[\w']", False),
        (r"(?:x)?", r"\w", None),  # may match nothing
        (r"(?:off|^\W*leaving)", r"\w", True),  # the \b before it: a word comes first
        (r"(?:off|\W*leaving)", r"\w", False),
    ],
)
def test_the_first_character_analysis(source: str, allowed: str, starts: bool | None) -> None:
    assert _starts_within(sre_parse.parse(source).data, re.compile(allowed)) is starts
