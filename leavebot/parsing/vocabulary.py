"""The channel's vocabulary: the words without which no message is read as leave.

One list serves two readers. The Slack listener's gate lets a message through
to the parser only when it holds one of the runtime ``trigger_keywords``
(whose default is ``TRIGGER_WORDS``), and the rules parser reads a message as
a leave or a cancel only when it holds one of ``TRIGGER_WORDS``. Both match
with ``mentions``, on the same normalised text (``markup.normalize_text``), so
with the default settings the gate can never drop a message the parser would
have read (``tests/test_vocabulary.py`` checks it on every corpus and on
generated text). The default ``trigger_keywords`` is ``["@vocabulary"]``,
which stands for this list, so the gate follows the parser as it learns.
Admins narrow the gate with a list of their own words (``["leave", "pto"]``)
or widen it by adding words (``["@vocabulary", "sangeet"]``); a message let
through only by a word the parser does not know is one the rules cannot be
sure about (the LLM reads it when configured; otherwise the bot says nothing).

A keyword matches as whole words, any case, several words of a phrase
separated by any white space: ``half day`` matches ``Half  day`` but not
``half-day`` (listed on its own) or ``behalf day``. A single word also matches a
part of a hyphenated word (``urlaub`` in ``Ski-Urlaub``), as the parser reads it.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any, Final

from leavebot.parsing.lexicon import (
    CJK_LEAVE,
    CJK_SICK_LEAVE,
    FOREIGN_LEAVE,
    MONTHS,
    RELATIVE_DAYS,
    SICK_CARE,
    SICK_CONDITIONS,
    WEEKDAYS,
)
from leavebot.parsing.markup import fold_accents, normalize_text, unstrike
from leavebot.parsing.tries import trie_compile

# Leave itself, its abbreviations and the words people use for it.
_LEAVE: Final = (
    "leave", "leaves", "leav", "lv", "lve", "lvs", "leavs", "leavee", "levae", "laeve", "leaev",
    "leavw", "lleave", "pto", "ooo", "o.o.o", "al", "a/l", "toil", "loa",
    "off", "out", "vacation", "vacations", "vacay", "holiday", "holidays", "hols", "break",
    "sabbatical", "bereavement", "maternity", "paternity", "furlough", "compoff", "comp-off",
    "comp off", "cl", "sl", "el", "pl", "vl", "half day", "half-day", "halfday", "hd", "absent",
    "absente",
    "absence", "away", "afk", "unavailable", "not available", "not be available", "trip", "trek",
    "travel", "travelling", "traveling", "holidaying", "vacationing", "honeymoon", "time off",
    "day off", "days off", "flexi", "lieu", "rdo", "rdos", "lsl", "lop", "lwp", "rh", "oil",
    "r&r", *FOREIGN_LEAVE, *CJK_LEAVE, *CJK_SICK_LEAVE,
)  # fmt: skip
# Not coming in, said without a leave word (convention 18).
_ABSENT: Final = (
    "won't be", "wont be", "will not be", "not be", "won't make", "wont make", "not coming",
    "not come", "can't come", "cant come", "cannot come", "can't make", "cant make",
    "cannot make", "unable", "not able", "not gonna", "not going to", "not going", "skip work",
    "skipping work", "not working", "won't work", "wont work", "not in", "stay home",
    "staying home", "stay at home", "staying at home", "stayed home", "home today", "not joining",
    "won't join", "wont join", "miss work", "missed work", "missing work", "took the day",
    "taking the day", "take the day", "personal day", "rest day", "mental health day",
    "take", "taking", "took", "takin", "grabbing", "tacking", "prends", "prendrai", "tomo",
    "requesting",
    "coming in after",
    "unreachable", "offline",
    "hometown", "home town",
    "native", "village", "trekking", "flight", "flying", "honeymoon", "pilgrimage", "umrah", "hajj",
    "wedding",
    "marriage", "funeral", "burial", "ceremony", "graduation", "convocation", "function", "reunion",
    "not reachable",
    "resting", "isolating", "quarantine", "quarantined", "quarantining", "recovering",
    "appointment", "appt", "put in for", "putting in for", "puttin in for", "book", "booking",
    "booked", "then back", "working till", "working until", "only working",
    "call it a day", "calling it a day",
    "jury", "court", "have to be", "need", "got to be", "have to go", "need to go",
    "got to go", "have to attend", "need to attend", "have to visit", "need to visit",
    "have to appear", "bed rest", "unwell", "under the weather", "home", "leaving",
    "logging off", "signing off", "heading out", "heading home", "going home", "hurt", "injured",
    "twisted", "sprained", "broke", "broken", "pulled", "strained", "bruised", "dislocated",
    "fractured", "killing me", "sore", "swollen", "aching", "stiff", "painful", "pain", "ache",
    "woke up", "suffering", "diagnosed", "recovering", "burnt out", "burned out", "acidity",
    "gastritis", "indigestion", "constipation", "bloating", "mammogram", "session", "back on",
    "back by", "back after", "log in after", "log in by", "login after", "login by",
    "logging in after", "logging in by", "be in after", "be in by", "in by", "at my desk",
    "log in only", "login only", "logging in only", "in only by", "online only",
    "be in around", "be in about", "in the office around", "in the office by",
    "knocking off", "knock off", "knocked off",
    "join after", "joining after",
    "online by", "online after", "online from", "be online",
    "back in office", "back in the office", "skiing", "snowboarding", "hiking",
    "camping", "surfing", "fishing", "diving", "scuba", "snorkelling", "snorkeling", "sailing",
    "rafting", "kayaking", "climbing", "backpacking", "sightseeing", "cruise", "safari",
    "road trip", "roadtrip", "staycation", "getaway", "beach", "tested", "checked", "examined",
    "follow-up", "follow up", "followup", "approve", "gone", "semester", "make it to",
)  # fmt: skip
# An occasion heading its dates ("*Xmas*: 21/12 - 31/12") is a leave too.
OCCASIONS: Final = ("xmas", "christmas", "easter", "diwali", "eid", "thanksgiving", "hols")
# A message of dates alone ("3 days from Tuesday") is a leave too.
_DATES: Final = (
    *WEEKDAYS, *MONTHS, *RELATIVE_DAYS, "day after tomorrow", "week", "weekend", "days",
    "fortnight",
)  # fmt: skip
# Taking leave back (conventions 14 and 18).
_CANCEL: Final = (
    "cancel", "cancelled", "canceled", "cancelling", "canceling", "cancellation", "revoke",
    "revoked", "withdraw", "withdrawn", "retract", "rescind", "undo", "scrap", "scratch",
    "drop", "remove", "delete", "call off", "no longer", "anymore", "any more", "after all",
    "disregard", "ignore", "take back", "don't need", "dont need", "do not need", "nix", "kill",
    "axe", "void", "reverse", "cancle", "cancell", "cancl", "cncl", "canel", "cacel",
    "never mind", "nevermind", "nvm", "pull",
    "revok", "system",
)  # fmt: skip

TRIGGER_WORDS: Final[tuple[str, ...]] = tuple(
    dict.fromkeys((*_LEAVE, *_ABSENT, *SICK_CONDITIONS, *SICK_CARE, *OCCASIONS, *_DATES, *_CANCEL))
)


VOCABULARY: Final = "@vocabulary"
"""In ``trigger_keywords``, stands for every word of ``TRIGGER_WORDS``."""


@lru_cache(maxsize=32)
def expand_keywords(keywords: tuple[str, ...]) -> tuple[str, ...]:
    """Admins' trigger words with ``@vocabulary`` spelt out: ``("@vocabulary", "sangeet")``
    widens the parser's words, ``("leave", "pto")`` narrows them."""
    out: list[str] = []
    for k in keywords:
        out.extend(TRIGGER_WORDS if k == VOCABULARY else (k,))
    return tuple(dict.fromkeys(out))


def phrases_regex(phrases: tuple[str, ...] | frozenset[str] | list[str]) -> str:
    """One regex alternation of ``phrases`` (any white space between their words),
    built as a trie so that it costs one pass whatever the number of phrases."""
    trie: dict[str, Any] = {}
    for phrase in phrases:
        node = trie
        for part in _PART.findall(phrase.lower()):
            node = node.setdefault(part, {})
        node[""] = {}
    return _trie_regex(trie)


_PART = trie_compile(r"\s+|[^\s]")


def _trie_regex(node: dict[str, Any]) -> str:
    ends = "" in node
    branches = [
        (r"\s+" if key.isspace() else re.escape(key)) + _trie_regex(child)
        for key, child in sorted(node.items())
        if key
    ]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    return f"(?:{body})?" if ends else body


@lru_cache(maxsize=32)
def keyword_pattern(keywords: tuple[str, ...]) -> re.Pattern[str]:
    """A regex matching any keyword as whole words (phrases allowed), any case."""
    folded = tuple(fold_accents(k) for k in keywords)  # the text is read folded too
    return trie_compile(rf"(?<![\w-])(?:{phrases_regex(folded)})(?![\w-])", re.IGNORECASE)


_TOKEN = trie_compile(r"[\w-]+")
_SINGLE = trie_compile(r"[\w-]+")


@lru_cache(maxsize=32)
def _matcher(
    keywords: tuple[str, ...],
) -> tuple[frozenset[str], frozenset[str], re.Pattern[str] | None]:
    """``keywords`` split for speed: single words (a set lookup per word of the text) and
    the rest (phrases, ``a/l``, ``o.o.o``), matched by a regex only when the text holds
    the first word of one of them. Same answers as ``keyword_pattern``, a fraction of
    the time on the gate's hundreds of words."""
    folded = [fold_accents(k).lower() for k in keywords]
    singles = frozenset(k for k in folded if _SINGLE.fullmatch(k))
    others = tuple(k for k in folded if not _SINGLE.fullmatch(k))
    firsts = frozenset(m.group() for k in others if (m := _TOKEN.search(k)))
    return singles, firsts, (keyword_pattern(others) if others else None)


# The matcher of the keywords asked for last, by identity: ``_matcher``'s cache hashes its
# argument, and a tuple of the gate's thousand words does not keep its hash (2 us a call).
_LAST_MATCHED: list[
    tuple[tuple[str, ...], tuple[frozenset[str], frozenset[str], re.Pattern[str] | None]]
] = []


def _matcher_of(
    keywords: tuple[str, ...],
) -> tuple[frozenset[str], frozenset[str], re.Pattern[str] | None]:
    if _LAST_MATCHED and _LAST_MATCHED[0][0] is keywords:
        return _LAST_MATCHED[0][1]
    matcher = _matcher(keywords)
    _LAST_MATCHED[:] = [(keywords, matcher)]
    return matcher


def mentions(
    text: str, keywords: tuple[str, ...] = TRIGGER_WORDS, *, normalized: bool = False
) -> bool:
    """Whether ``text`` holds one of ``keywords``, read as the parser reads it.

    ``normalized=True`` says ``text`` already went through ``normalize_text``. A raw
    message's struck-through words count too (``~Off Wed 24/3~ change of plans``: the leave
    the author calls off), as the listener keeps them.
    """
    plain = text if normalized else normalize_text(text)[0]
    singles, firsts, others = _matcher_of(keywords)
    words = set(_TOKEN.findall(plain.lower()))
    if not words.isdisjoint(singles):
        return True
    # the parser reads the parts of a hyphenated word ("Ski-Urlaub"), so the gate does too
    parts = {part for word in words if "-" in word for part in word.split("-")}
    if not parts.isdisjoint(singles):
        return True
    if others is not None and not words.isdisjoint(firsts) and others.search(plain):
        return True
    if not normalized and "~" in text and (kept := unstrike(text)) != text:
        return mentions(kept, keywords)
    return False
