"""Which words the rules parser knows, so that it can tell a message it cannot vouch for.

A message the rules read as *not* a leave is a sure answer only when they
understood its words. ``"VL July 28-30, family reunion"`` or ``"taking a
sickie today"`` hold dates and a word the rules have never met: the word may
be the leave (a company's own abbreviation, slang, another language), so the
honest answer is "not a leave, unsure", which sends the message to the LLM
when one is configured and keeps the bot quiet otherwise (``docs/parsing.md``,
"Sure").

Known words are the English words of ``english-words.txt`` plus every word of
the parser's own lists (the channel's vocabulary, dates, illness, other
languages' words for leave). ``english-words.txt`` is the 30,000 most
frequent English words of wordfreq 3.1.1 (``top_n_list("en", 30000,
wordlist="best")``; Robyn Speer, https://github.com/rspeer/wordfreq, data
licensed CC BY-SA 4.0), folded to lower-case ASCII, keeping those made only
of letters (29,666 words).
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files
from typing import Final

from leavebot.parsing.lexicon import (
    FOREIGN_LEAVE,
    MONTHS,
    NUMBER_WORDS,
    ORDINAL_WORDS,
    RELATIVE_DAYS,
    SICK_CARE,
    SICK_CONDITIONS,
    WEEKDAYS,
)
from leavebot.parsing.tries import trie_compile
from leavebot.parsing.vocabulary import TRIGGER_WORDS

_WORD: Final = trie_compile(r"[a-z]+(?:'[a-z]+)?")
_CASED_WORD: Final = trie_compile(r"[A-Za-z]+(?:'[A-Za-z]+)?")
_DIGIT: Final = trie_compile(r"\d")
_OTHER_SCRIPT: Final = trie_compile(r"[^\x00-\x7f\s\d]{2,}")


# Words the rules' own patterns read (``leavebot.parsing.rules``) that are not common English.
_RULES_WORDS: Final = frozenset(
    {"wfh", "wfo", "wfa", "standup", "standups", "offsite", "eod", "timesheet", "timesheets"}
    | {"diwali", "holi", "pongal", "onam", "eid", "navratri", "dussehra", "hols", "arvo"}
    | {"ugadi", "bihu", "lohri", "vaisakhi", "janmashtami", "deepavali", "juneteenth"}
    | {"psa", "accrual", "accruals", "encash", "encashment", "y'all", "ya'll"}
    | {"ach", "och", "aye", "wee", "bairns", "wi", "tae", "dinnae", "cannae"}  # Scots
    | {"mot", "itv", "fishin"}
    | {"yalla", "inshallah", "insha'allah", "khalas", "habibi"}  # Gulf and Levant fillers
)


# Abbreviations in capitals that are usual in work talk and no leave.
_WORK_ACRONYMS: Final = frozenset(
    {"pr", "prs", "qa", "uat", "eod", "eow", "cob", "asap", "ceo", "cto", "cfo", "hr", "it"}
    | {"ok", "fyi", "eta", "api", "ui", "ux", "ci", "cd", "sla", "kpi", "okr", "okrs", "poc"}
    | {"mvp", "q1", "q2", "q3", "q4", "am", "pm", "us", "uk", "eu", "nyc", "la", "sf", "tbd"}
    | {"tba", "rsvp", "ama", "faq", "db", "aws", "gcp", "sql", "pto", "ooo", "wfh", "btw"}
    | {"imo", "afaik", "lgtm", "ptal", "nb", "ps", "cc", "bcc", "re", "fw", "fwd", "id"}
    | {"pdf", "ppt", "doc", "docs", "vp", "svp", "md", "gm", "ops", "dev", "devs", "ml", "ai"}
    | {"crm", "erp", "sap", "jira", "po", "pos", "rfp", "rfq", "nda", "sow", "roi", "p0", "p1"}
    | {
        "vpn",
        "dm",
        "dms",
        "sso",
        "mfa",
        "otp",
        "wifi",
        "tv",
        "pc",
        "ist",
        "gmt",
        "utc",
        "est",
        "pst",
        "cet",
        "bst",
        "aest",
        "sgt",
        "jst",
        "hkt",
        "pht",
    }
)


@cache
def own_words() -> frozenset[str]:
    """The words of the parser's own lists (vocabulary, dates, illness, other languages)."""
    own = " ".join(
        (
            *TRIGGER_WORDS,
            *MONTHS,
            *WEEKDAYS,
            *RELATIVE_DAYS,
            *NUMBER_WORDS,
            *ORDINAL_WORDS,
            *FOREIGN_LEAVE,
            *SICK_CONDITIONS,
            *SICK_CARE,
        )
    )
    return frozenset(_WORD.findall(own)) | _RULES_WORDS


@cache
def known_words() -> frozenset[str]:
    """Every word the rules know: common English and the parser's own lists."""
    english = files("leavebot.parsing").joinpath("english-words.txt").read_text("ascii")
    return frozenset(english.split()) | own_words()


def unfamiliar(plain: str) -> list[str]:
    """The words of ``plain`` (normalised text) the rules do not know, lower-cased, in order.

    Words joined to digits (``3am``, ``14th``) and single letters are not
    words; a capitalised word after the first (``with Priya``, ``sa Iloilo``)
    is taken for a name; a word in another script counts as unknown.
    """
    known = known_words()
    out: list[str] = []
    own = own_words()
    for m in _CASED_WORD.finditer(plain):
        word = m.group()
        w = word.lower()
        upper = word.isupper() and len(word) <= 5
        if len(w) < 2 or (w in known and not upper):
            continue  # most words: one set lookup
        before = plain[m.start() - 1 : m.start()]
        after = plain[m.end() : m.end() + 1]
        if _DIGIT.match(before) or _DIGIT.match(after):
            continue
        if upper:
            # "VL", "KL": a short word in capitals is an abbreviation, known only if
            # it is the parser's own or a usual one at work (the English list has
            # every pair of letters)
            if w not in own and w not in _WORK_ACRONYMS:
                out.append(w)
            continue
        if _derived(w, known):
            continue
        if (
            m.start() > 0
            and word[0].isupper()
            and word[1:].islower()
            and plain[: m.start()].strip()
        ):
            continue  # a name
        out.append(w)
    if not plain.isascii():  # a word in another script: "छुट्टी 14/09"
        out.extend(w for w in _OTHER_SCRIPT.findall(plain) if sum(ch.isalpha() for ch in w) > 1)
    return list(dict.fromkeys(out))


def _derived(w: str, known: frozenset[str]) -> bool:
    """``dashboards``, ``asha's``, ``rerun``, ``carryover``: made of known words."""
    for suffix in ("'s", "s", "es", "ed", "ing"):
        if w.endswith(suffix) and w[: -len(suffix)] in known:
            return True
    if any(w.startswith(p) and w[len(p) :] in known for p in ("re", "un", "pre")):
        return True
    return any(w[:k] in known and w[k:] in known for k in range(3, len(w) - 2))


def dated(low: str) -> bool:
    """Whether ``low`` holds something that looks like a date: a digit or a day's name."""
    if _DIGIT.search(low):
        return True
    return any(w in MONTHS or w in WEEKDAYS or w in RELATIVE_DAYS for w in _WORD.findall(low))
