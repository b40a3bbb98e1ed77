"""Slack message markup to plain text.

Owns one job: turn the ``mrkdwn`` text Slack sends (``<@U123>``,
``<#C1|leave>``, ``<!here>``, ``<https://x|label>``, ``*bold*``, ``_it_``,
``~strike~``, code spans, ``&amp;`` escapes, ``:emoji:`` codes) into the plain
text a person reads. The rules parser and the Slack listener both use it.
It never raises, whatever the input.

``normalize_text`` goes one step further for the parser and the channel's
gate alike: the plain text, bounded in length, with emoji shortcodes and links
dropped, typographic dashes and quotes made plain, the accents of Latin letters
folded (``férias`` is read as ``ferias``) and ``2moro`` spelt out, so both read
exactly the same words.
"""

from __future__ import annotations

import re
import unicodedata

from leavebot.parsing.lexicon import SICK_EMOJI, SICK_SHORTCODES, leave_typo
from leavebot.parsing.tries import trie_compile

MAX_CHARS = 2000
ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")

# <...> entities: users, channels, special mentions, links, dates.
_ANGLE = trie_compile(r"<([^<>\n]{1,500})>")
# Emphasis markers around a run of text: *bold*, _italic_, ~strike~.
_BOLD = trie_compile(r"(?<![\w*])\*(?=\S)([^*\n]{1,500}?)(?<=\S)\*(?![\w*])")
_ITALIC = trie_compile(r"(?<![\w_])_(?=\S)([^_\n]{1,500}?)(?<=\S)_(?![\w_])")
_STRIKE = trie_compile(r"(?<![\w~])~(?=\S)([^~\n]{1,500}?)(?<=\S)~(?![\w~])")
_CODE_BLOCK = trie_compile(r"```(.{0,5000}?)```", re.DOTALL)
_CODE = trie_compile(r"`([^`\n]{1,500})`")
_ENTITIES = (("&lt;", "<"), ("&gt;", ">"), ("&amp;", "&"))
_TWO_WORDS = trie_compile(
    r"\b(?:2(?:mor+o\w*|mrw|mrrw|mro|mor+ow)|tomorow|tommorow|tommorrow|tomorro|tmorrow|tomrrow|"
    r"tommrow|tomoorow|the\s+morra)\b",
    re.IGNORECASE,
)
# Scots "aff" for "off", "hame" for "home" ("Aff the morra", "Heading hame"): read as the word
# they stand for; Indonesian "tanggal 15" is "the 15th"
_SCOTS_OFF = trie_compile(r"\baff\b", re.IGNORECASE)
# A word that may be a misspelt word for leave ("vacaton 19.-30.7.", "cancel my leav")
# (the lengths one slip from "vacation", "leave", "holiday")
_MAYBE_LEAVE = trie_compile(
    r"\b(?:[Vv]a[a-z]{5,7}|[Ll]e[a-z]{2,4}|[Ll]a[a-z]{3}|[Hh]o[a-z]{4,6})\b"
)
_SCOTS_HOME = trie_compile(r"\bhame\b", re.IGNORECASE)
_SCOTS_TODAY = trie_compile(r"\b(?:no|nae)\s+in\s+the\s+day\b", re.IGNORECASE)
_TANGGAL = trie_compile(r"\b(?:tanggal|tgl)\b", re.IGNORECASE)
_PUNCT_MAP = str.maketrans(
    {
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u2015": "-",
        "\u2212": "-",
        "\u2192": "-",  # "OOO 23/12 → 07/01": an arrow between two dates is a range
        "\u27f6": "-",
        "\u2019": "'",
        "\u2018": "'",
        "`": "'",
        "\u00b4": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\n": ";",
        "\r": " ",
        "\t": " ",
    }
)
# Latin letters with accents to their base letter ("férias" -> "ferias", "congé" ->
# "conge"), so the ASCII word lists read them; other scripts are left alone.
_FOLD = {
    code: base
    for code in (*range(0xC0, 0x250), *range(0x1E00, 0x1F00))
    if (base := unicodedata.normalize("NFKD", chr(code))[:1]).isascii() and base.isalpha()
}
# Letters with a stroke, which do not decompose: "høstferie", "urlop na żądanie"
_FOLD.update({ord(a): b for a, b in zip("øØłŁđĐı", "oOlLdDi", strict=True)})


def fold_accents(text: str) -> str:
    """``text`` with the accents of Latin letters dropped (``férias`` -> ``ferias``)."""
    return text if text.isascii() else text.translate(_FOLD)


_AT_AN_HOUR = trie_compile(r"(?<![\w@])@\s+(?=\d)")

# ":thermometer:", ":+1:"; not the ":00-10:" of "9:00-10:30" (no letter, a digit before it)
_SHORTCODE = trie_compile(r"(?<!\d):(?=[a-z0-9_+-]*[a-z+])([a-z0-9_+-]{1,40}):")
_URL = trie_compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)


def _angle(match: re.Match[str]) -> str:
    body = match.group(1)
    target, _, label = body.partition("|")
    if target.startswith("@"):
        return "@" + (label.lstrip("@") if label else "user")
    if target.startswith("#"):
        return "#" + (label if label else "channel")
    if target.startswith("!"):
        special = target[1:]
        if label:
            return label
        if special.startswith("subteam"):
            return "@team"
        if special.startswith("date"):
            return ""
        return "@" + special
    return label if label else target


def slack_to_text(text: str, *, keep_struck: bool = True) -> str:
    """The plain text of a Slack message.

    Mentions become ``@name`` (``@user`` when Slack gave no name), channels
    ``#name``, links their label (or the URL), emphasis and code markers are
    dropped, and the three HTML escapes Slack uses are undone. With
    ``keep_struck=False`` struck-through text (``~Friday~``) is removed, since
    its author has taken it back.
    """
    if not text:
        return ""
    out = text
    if "`" in out:
        out = _CODE_BLOCK.sub(lambda m: m.group(1), out)
        out = _CODE.sub(lambda m: m.group(1), out)
    if "<" in out:
        out = _ANGLE.sub(_angle, out)
    if "~" in out:
        out = _STRIKE.sub((lambda m: m.group(1)) if keep_struck else (lambda m: " "), out)
    if "*" in out:
        out = _BOLD.sub(lambda m: m.group(1), out)
    if "_" in out:
        out = _ITALIC.sub(lambda m: m.group(1), out)
    if "&" in out:
        for escaped, plain in _ENTITIES:
            out = out.replace(escaped, plain)
    return out


def unstrike(text: str) -> str:
    """``text`` with its struck-through parts kept as plain words (``~Friday~`` -> ``Friday``)."""
    return _STRIKE.sub(lambda m: m.group(1), text) if "~" in text else text


def _spelt_right(match: re.Match[str]) -> str:
    word = match.group()
    right = leave_typo(word.lower())
    return right if right is not None else word


# A word made with "off-" that is no absence: "the fertiliser off-take paperwork", "off-peak"
_OFF_COMPOUND = trie_compile(
    r"\b((?i:off))-((?i:take|takes|taker|load|loading|cut|cuts|season|road|peak|shore|set|spring|"
    r"shoot|board|boarding|chance|brand|key|grid|stage|topic|track|white))\b"
)


# A day and a month written with a space after the day's dot, as Slovenian, Czech and German
# type them ("24.-28. 8.", "Montag 7. 12."): the date "28.8.", "7.12."
_SPACED_DATE = trie_compile(r"(?<![\d.])(\d{1,2})\.\s(\d{1,2})\.(?!\d)")


def _unspaced(match: re.Match[str]) -> str:
    day, month = int(match.group(1)), int(match.group(2))
    if 1 <= day <= 31 and 1 <= month <= 12:
        return f"{match.group(1)}.{match.group(2)}."
    return match.group()


def normalize_text(text: str) -> tuple[str, bool, bool]:
    """Plain, length-bounded text for parsing; whether it had sick emoji; whether cut."""
    if not isinstance(text, str):
        text = str(text)
    truncated = len(text) > MAX_CHARS
    if truncated:
        text = text[:MAX_CHARS]
    plain = slack_to_text(text, keep_struck=False)
    sick = any(e in plain for e in SICK_EMOJI)
    if ":" in plain:

        def code(m: re.Match[str]) -> str:
            nonlocal sick
            if m.group(1) in SICK_SHORTCODES:
                sick = True
            return " \u2605 "  # a mark where the emoji was: it ends a clause as an emoji does

        plain = _SHORTCODE.sub(code, plain)
    if "@ " in plain:
        plain = _AT_AN_HOUR.sub("at ", plain)  # "leaving @ 3 today"
    if "http" in plain or "www" in plain or "HTTP" in plain or "WWW" in plain:
        plain = _URL.sub(" ", plain)
    plain = fold_accents(plain.translate(_PUNCT_MAP))
    if "2m" in plain or "2M" in plain or "om" in plain or "orr" in plain or "mor" in plain:
        plain = _TWO_WORDS.sub("tomorrow", plain)
    if "ff" in plain:
        plain = _SCOTS_OFF.sub("off", plain)
        if "ff-" in plain or "FF-" in plain:
            plain = _OFF_COMPOUND.sub(r"\1\2", plain)  # "the off-take paperwork": one word
    folded = plain.lower()
    if "leave" not in folded and "vacation" not in folded and "holiday" not in folded:
        plain = _MAYBE_LEAVE.sub(_spelt_right, plain)  # a misspelt one, when none is spelt right
    if "ame" in plain:
        plain = _SCOTS_HOME.sub("home", plain)
    if ". " in plain:
        plain = _SPACED_DATE.sub(_unspaced, plain)  # "dopust 2.-6. 11.": the 6th of November
    if "the day" in plain:
        plain = _SCOTS_TODAY.sub("not in today", plain)
    if "gal" in plain or "gl" in plain or "GAL" in plain or "GL" in plain:
        plain = _TANGGAL.sub("the", plain)
    return plain, sick, truncated
