"""Tokens of a leave message: words, numbers, numeric dates and times.

Owns ``Tok`` and ``tokenize``, the one splitting of a normalised message that
the date grammar (``dates``), the half-day markers (``portions``) and the
clause rules (``rules``) all read: words with their misspelt weekdays and
halves mended (``fridya``, ``afternon``), numbers, ordinals, ISO and
day-month dates in any separator, and hours (``9:30``, ``2pm``, ``at 9.30``);
and ``said_back_at``, the one test of "back at the <place>" that the half-day
markers and the return days share.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from leavebot.parsing.lexicon import EMOJI, EMOJI_TAIL, WEEKDAYS, portion_typo, weekday_typo
from leavebot.parsing.markup import ASCII_LOWER
from leavebot.parsing.tries import trie_compile

_TOKEN = trie_compile(
    r"""
    (?P<word>[a-z]+(?:'[a-z]+)?)
   |(?P<punct>[-~,;:.!?&+()/@#])
   |(?P<emoji>[<EMOJI>][<EMOJI_TAIL>]*(?=\s*[a-z]))
   |(?=\d)(?:
    (?P<iso>(?<!\d)\d{4}[-/.]\d{1,2}[-/.]\d{1,2}(?![\d/.-]\d))
   |(?P<compact>(?<!\d)(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])(?!\d))
   |(?P<time>(?<!\d)\d{1,2}(?:[:.]\d{2})?\s?(?:a\.m\.|p\.m\.|am|pm|hrs)(?![a-z])
        |(?<!\d)\d{1,2}:\d{2}(?!\d))
   |(?P<full>(?<!\d)\d{1,2}(?P<sep>[-/.]|\s[-/]\s)\d{1,2}(?P=sep)(?:\d{4}|\d{2})(?!\d))
   |(?P<slash>(?<!\d)\d{1,2}\s?/\s?\d{1,2}(?![\d/])|(?<![\d.])\d{1,2}\.\d{1,2}\.(?![\d.])|(?<![\d.])\d{1,2}\.\d{2}(?![\d]|\.\d)
        |(?<![\d.])\d{1,2}\.\d(?=\s?-\s?(?:[a-z]{3,9}\s)?\d{1,2}\.\d{1,2}(?![\d.])|\s+(?:and|to|till|until|bis|til)\s+\d{1,2}\.\d{1,2}(?![\d])|\s+(?:and|&|\+)\s+\d{1,2}\.\s?-\s?\d{1,2}\.\d{1,2})
        |(?:(?<=\d-)|(?<=\d\s-\s)|(?<=\d\.-)|(?<=\d\.\s-\s))\d{1,2}\.\d(?![\d.]|\s*(?:%|h\b|hrs?\b|hours?\b|km\b|kg\b|m\b))
        |(?:(?<=[:,;]\s)|(?<![\s\S]))\d{1,2}\.\d(?=\s+(?:off|leave|pto|ooo)\b)
        |(?:(?<=\bfor\s)|(?<=\bon\s)|(?<=\bfrom\s)|(?<=\btill\s)|(?<=\buntil\s)|(?<=\bmy\s)|(?<=\bleave\s)|(?<=\btake\s)|(?<=\btaking\s)|(?<=\bcancel\s)|(?<=\bmon\s)|(?<=\btue\s)|(?<=\bwed\s)|(?<=\bthu\s)|(?<=\bfri\s)|(?<=\bsat\s)|(?<=\bsun\s)|(?<=\boff\s)|(?<=\bof\s)|(?<=\bremove\s)|(?<=\bexcept\s)|(?<=\bdrop\s)|(?<=\bdelete\s)|(?<=\bpuhkus\s)|(?<=\bloma\s)|(?<=\burlaub\s)|(?<=\bholiday\s)|(?<=\bvacation\s)|(?<=\bpto\s))(?:0?[1-9]|[12]\d|3[01])\.[1-9](?![\d.]|\s*(?:days?\b|weeks?\b)|\s*(?:%|h\b|hrs?\b|hours?\b|km\b|kg\b|m\b|mm\b|cm\b|x\b|times\b|version\b))|(?:(?<=\d\.\d-)|(?<=\d\.\d\s-\s)|(?<=\d\.\d\d-)|(?<=\d\.\d\d\s-\s)|(?<=\d\.\d\sand\s)|(?<=\d\.\d\sto\s)|(?<=\d\.\d\d\sand\s)|(?<=\d\.\d\d\sto\s))\d{1,2}\.\d(?![\d.]))
   |(?P<ord>(?<!\d)(?:\d{1,2}(?:st|nd|rd|th)|1er)(?![a-z]))
   |(?P<num>\d{1,9}))
    """.replace("<EMOJI_TAIL>", EMOJI_TAIL).replace("<EMOJI>", EMOJI),  # one emoji class
    re.VERBOSE,
)
_DIGITS = trie_compile(r"\d+")
_PORTION_SPELT = frozenset({"morning", "afternoon"})
_AT_AN_HOUR = frozenset({"at", "by", "around", "about", "till", "until", "after", "before", "from"})
_SPAN_TO_AN_HOUR = trie_compile(r"\s*-\s*\d{1,2}(?:[:.]\d\d)?\s*(?:am|pm)\b")


@dataclass(slots=True)
class Tok:
    """One token of the normalised message."""

    kind: str
    text: str
    orig: str
    pos: int
    value: int = 0
    parts: tuple[int, ...] = ()


def tokenize(text: str, low: str | None = None) -> list[Tok]:
    """Split text into tokens (words, numbers, numeric dates, times).

    ``low`` is ``text`` with ASCII letters lowered (same length), when the
    caller already has it.
    """
    if low is None:
        low = text.translate(ASCII_LOWER)
    out: list[Tok] = []
    append = out.append
    for m in _TOKEN.finditer(low):
        kind = m.lastgroup or "punct"
        start = m.start()
        raw = m.group()
        if kind == "word":
            orig = text[start : m.end()]
            word = raw[:-2] if raw.endswith("'s") else raw
            if 5 <= len(word) <= 11 and word[0] in "mtwfs" and word not in WEEKDAYS:
                word = weekday_typo(word) or word  # "fridya", "wendsday"
            elif 6 <= len(word) <= 10 and word[0] in "am" and word not in _PORTION_SPELT:
                word = portion_typo(word) or word  # "afternon", "mornign"
            append(Tok(kind, word, orig, start))
            continue
        if kind == "emoji":
            # "fever this morning 🤒 won't be in today": an emoji before words ends a clause,
            # like a comma (the clauses split there too)
            append(Tok("punct", ",", raw, start))
            continue
        tok = Tok(kind, raw, raw, start)
        if kind in ("iso", "full", "slash"):
            tok.parts = tuple(int(x) for x in _DIGITS.findall(raw))
            if (
                kind == "slash"
                and len(tok.parts) == 2
                and 12 < tok.parts[1] < 60
                and tok.parts[0] < 24
                and raw[-3:-2] == "."
                and (
                    (out and out[-1].text in _AT_AN_HOUR)
                    # "Physio tomorrow 8.30-10am": the start of a span of hours
                    or _SPAN_TO_AN_HOUR.match(low, m.end()) is not None
                )
            ):
                tok.kind = "time"  # "Physio at 9.30", "head off about 2.15": an hour
        elif kind == "compact":
            tok.kind = "iso"
            tok.parts = (int(raw[:4]), int(raw[4:6]), int(raw[6:8]))
        elif kind == "ord":
            tok.value = int(raw[:-2])
        elif kind == "num":
            tok.value = int(raw) if len(raw) <= 6 else 999_999
        append(tok)
    return out


def said_back_at(toks: list[Tok], k: int, places: tuple[str, ...]) -> bool:
    """Whether the word at ``k`` names where the author is back: ``back at the looms``,
    ``back on my boat`` (``places``: the words allowed between ``back`` and ``the``)."""
    return (
        k > 2
        and toks[k - 1].text in ("the", "my")
        and toks[k - 2].text in places
        and toks[k - 3].text == "back"
    )
