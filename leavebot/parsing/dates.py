"""Date expressions of a leave message: tokens, grammar and resolution.

Owns everything that turns words into calendar dates, by the conventions of
``docs/parsing.md``: relative days, weekdays (bare, ``this``, ``next``, ``of
next week``), days of month, month and day, numeric dates in the calendar's
``date_order`` (ISO always ISO), ranges of every written form, counts
(``3 days from Monday``, ``for the next 2 days``), offsets (``in 2 weeks``),
ordinal weekdays (``first Tuesday of October``) and weeks (``next week``,
``rest of the week``, ``weekend``). It binds each half-day marker that
``portions`` finds (``first half``, ``afternoon``, ``in by 11``...) to the
date it speaks of; the tokens it reads are ``tokens``'.

It also reads lists of day numbers that share a month (``the 3, 4 and 5 of
May``, ``Dec 30, 31 and Jan 2``), places bare weekdays in the week named with
them (convention 16), and checks a weekday in brackets against its date.

``extract`` returns calendar dates, not working days: the caller filters
them with ``normalize_days``. Nothing here raises on odd input; an expression
that cannot be resolved becomes a note (a reason code of ``rules``) instead.

It is long (past 800 lines) because it is one recursive-descent grammar over
one token list: every matcher calls the others (a range's ends are points, a
list's entries are ranges, a count's anchor is a point), and they share the
token helpers and the resolution rules; split, the pieces would import each
other back.
"""

from __future__ import annotations

import calendar as _cal
import datetime as dt
from dataclasses import dataclass, field
from functools import lru_cache

from leavebot.domain import MAX_DAYS_BACK, WorkCalendar
from leavebot.parsing.lexicon import (
    AMBIGUOUS_MONTHS,
    AMBIGUOUS_WEEKDAYS,
    DAY_UNITS,
    FORTNIGHT_UNITS,
    MONTH_UNITS,
    MONTHS,
    NUMBER_WORDS,
    ORDINAL_WORDS,
    RANGE_WORDS,
    RELATIVE_DAYS,
    TENS_WORDS,
    WEEK_UNITS,
    WEEKDAYS,
)
from leavebot.parsing.portions import _TILL, Mark, find_marks
from leavebot.parsing.tokens import Tok

MAX_RANGE_DAYS = 400
MAX_ITEMS = 40


# Words that make a following "on <n>"/"the <n>" something other than a day.
_NOT_DAY_AFTER = frozenset(
    DAY_UNITS
    | WEEK_UNITS
    | MONTH_UNITS
    | {"hours", "hour", "hrs", "hr", "mins", "min", "minutes", "people", "percent", "%"}
    | {"am", "pm", "leaves", "leave", "times", "members", "of"}
)
# After "Nov 20": "of" and "leave" follow a date too, and so does one "day" ("drop my
# Nov 20 day off"); "Nov 3 days" stays a count
_NOT_DAY_AFTER_A_MONTH = _NOT_DAY_AFTER - {"of", "leave", "day"}
_WEEKDAY_THINGS = frozenset(
    {"shift", "shifts", "rota", "roster", "standup", "market", "class", "service", "crew", "team"}
    | {"edition", "paper", "newsletter", "lunch", "meeting", "sync", "session", "match", "game"}
)
_FOREIGN_WEEKDAYS = frozenset(
    {"lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche", "lunes", "martes"}
    | {"miercoles", "jueves", "viernes", "sabado", "domingo"}
)
# After a weekday in French, Spanish and Italian: the next one ("samedi prochain")
_NEXT_AFTER_A_WEEKDAY = frozenset({"prochain", "prochaine", "proximo", "proxima", "prossimo"})
_NOT_AN_ORDINAL_DAY = frozenset({"next", "this", "the", "last", "following", "coming"})
_ORDINAL_NOUNS = frozenset(
    {"grader", "graders", "grade", "floor", "anniversary", "birthday", "place", "time", "times"}
    | {"round", "edition", "generation", "century", "year", "innings", "attempt", "try"}
    | {"bday", "b'day", "birthday's", "bdays", "birthdays", "wedding", "communion", "holy"}
)
_THIS = frozenset({"this", "coming", "upcoming", "the"})
_NEXT = frozenset({"next", "following", "nxt", "nex"})
_LAST = frozenset({"last", "past", "previous", "prev"})
_VAGUE = frozenset(
    {"early", "mid", "late", "end", "start", "beginning", "sometime", "around", "maybe", "possibly"}
)
# Around an ambiguous weekday word (wed, sat, sun, mon), these make it a day.
_WEEKDAY_PREV = frozenset(
    {"on", "this", "next", "from", "to", "till", "until", "-", "and", ",", "&", "leave", "off"}
    | {":", "", "taking", "take", "took", "ooo", "pto", "out", "lv", "through", "thru", "or"}
    | {"coming", "upcoming", "by", "before", "after", "hd", "sick", "+", "except", "but", "for"}
    | {"!", ".", "?", "(", ")", "/", "back", "return", "returning", "rejoining", "since"}
    | {"fyi", "hi", "hey", "hello", "update", "note", "ok", "so", "also", "pls", "please", "n"}
    | {"nd"}
)
_WEEKDAY_NEXT = frozenset(
    {"-", "to", "till", "until", "through", "thru", "and", "&", ",", "+", "morning", "off", "for"}
    | {"afternoon", "evening", "first", "second", "1st", "2nd", "half", "next", "this", "of"}
    | {"post", "pre", "before", "after", "full", "am", "pm", "hd", "leave", "pto", "ooo"}
)
_PLACEABLE = frozenset({"bare", "this"})
_WEEK_KINDS = {"next_week": "week", "this_week": "this_week"}
_SEPARATORS = frozenset({",", ";", ".", "!", "?", "and", "&", "then", "but", "also", "plus", "+"})
_PAD = 16
# After French "mon" (my), not Monday: "Taking Friday, mon frère se marie"
_FRENCH_AFTER_MON = frozenset(
    {"frere", "fils", "mari", "pere", "chum", "conjoint", "conge", "rendez", "rdv", "medecin"}
    | {"dentiste", "ami", "enfant", "bebe", "garcon", "gars", "oncle", "cousin", "voyage", "vol"}
    | {"anniversaire", "demenagement", "chef", "patron", "retour", "appart", "appartement"}
    | {"char", "cours", "examen", "ordi", "neveu", "petit", "grand", "beau", "vendredi", "lundi"}
)
# After Spanish "tomo" (I take), not "tomo(rrow)": "Tomo vacaciones solo el 24"
_SPANISH_TAKEN = frozenset({"vacaciones", "el", "la", "los", "las", "unos", "dia", "libre", "mis"})
# Before a weekday in the plural that is still the days taken: "on Mondays", "both Fridays"
_PLURAL_WEEKDAY_BEFORE = frozenset(
    {"on", "every", "all", "these", "those", "the", "next", "this", "both", "two", "three"}
    | {"and", "&", "+", "or", "off", "leave", "pto", "ooo", "out", "away", "wfh", "four", "few"}
    | {"", "sick", "take", "taking", "half", "full", "coming", "following", "remaining"}
)
_NOT_A_WEEKDAY_BEFORE = frozenset(
    {"good", "black", "cyber", "casual", "holy", "maundy", "ash", "easter", "whit", "shrove"}
    | {"ascension", "pentecost"}  # "making a bridge with Ascension Thursday", "Pentecost Monday"
    | {"green", "clean", "pure", "fat", "rose", "plough", "gf"}  # "Green Monday", "the GF Friday"
    | {"team", "crew", "shift", "summer"}  # "Team Saturday here", "summer Fridays": not a day
)
# "next week" in the languages people mix in: French, Spanish, German, Dutch.
_NEXT_WEEK_ABROAD = frozenset(
    {("semaine", "prochaine"), ("proxima", "semana"), ("nachste", "woche"), ("volgende", "week")}
)
_STARTERS = frozenset(
    set(RELATIVE_DAYS)
    | set(WEEKDAYS)
    | set(MONTHS)
    | set(ORDINAL_WORDS)
    | set(TENS_WORDS)
    | set(NUMBER_WORDS)
    | {"from", "between", "frm", "for", "of", "the", "next", "this", "coming", "upcoming"}
    | {"starting", "el", "le", "del"}  # "el 24 y el 31", "le 23 juin", "del 17 y 18"
    | {first for first, _ in _NEXT_WEEK_ABROAD}
    | {"following", "last", "past", "previous", "prev", "in", "within", "after", "till"}
    | {
        "until",
        "untill",
        "til",
        "upto",
        "through",
        "thru",
        "rest",
        "remainder",
        "remaining",
        "balance",
        "whole",
    }
    | {"entire", "full", "all", "weekend", "long", "day", "overmorrow", "now", "nxt", "nex"}
    | {"couple", "few", "several", "some", "week", "wk", "current", "up", "w", "wc", "wb", "wkc"}
)
# A list item starting with these resolves from today, not from the item before.
_NOT_LISTED = frozenset(WEEKDAYS) | {"this", "coming", "upcoming", "next", "the"}
# "and" in the languages people mix in (Spanish, French, German, Dutch, Danish, Swedish).

_FOREIGN_AND = frozenset(
    {"y", "et", "und", "en", "og", "och", "aur", "ug"}
)  # Hindi "aur", Cebuano "ug"
# The words of one item of a list of days ("half day Tuesday morning, and out Friday").
_LISTED_LEAVE = frozenset(
    {"half", "day", "off", "out", "away", "leave", "ooo", "pto", "full", "whole", "also"}
    | {"morning", "afternoon", "am", "pm", "-", "the"}
)
_LIST_JOINERS = frozenset({"and", ",", "&", "+", "then", "or", "on", "n", "nd"}) | _FOREIGN_AND
# After "yesterday's": an event of that day, not the day taken ("from yesterday's team lunch").
_EVENTS_OF_A_DAY = frozenset(
    {"team", "lunch", "dinner", "party", "meeting", "call", "event", "match", "game", "standup"}
    | {"demo", "class", "offsite", "drinks", "workshop", "session", "potluck", "bbq", "outing"}
)


@dataclass(slots=True)
class DateItem:
    """One date expression: the token span it covers and the dates it names."""

    start: int
    end: int
    dates: list[dt.date]
    kind: str
    notes: list[str] = field(default_factory=list)
    contributes: bool = True
    weekday_based: bool = False
    # A bare (or ``this``) weekday, or a range of two, that a week named in the
    # same sentence may place (convention 16): the weekdays, first and last.
    weekdays: tuple[int, int] | None = None
    # The Monday of the week that placed this weekday (``Friday of next week``).
    week: dt.date | None = None
    # Placed by ``next`` (``next Thursday and Friday``): the week goes on to the
    # weekdays after it, not back to those before it.
    week_forward_only: bool = False
    # For a count with no start (``for 3 days``): how many days.
    count: int | None = None
    # A week that placed weekdays named with it gives up its own days; they are
    # kept here (``cancel next week, keeping Friday`` takes them back).
    week_days: list[dt.date] = field(default_factory=list)
    # The weekday items that week placed.
    placed: list[DateItem] = field(default_factory=list)


@dataclass(slots=True)
class Extraction:
    """What ``extract`` found in one message."""

    tokens: list[Tok]
    items: list[DateItem]
    marks: list[Mark]
    segments: list[int]
    unplaced: list[str]
    notes: list[str]
    past_used: bool = False


@dataclass(slots=True)
class _Entry:
    """One entry of a list of day numbers, before its month is known."""

    start: int
    end: int
    weekday: int | None
    month: int | None
    month_before: bool
    year: int | None
    rel: bool
    d1: int
    d2: int | None


@dataclass(slots=True)
class _Pt:
    date: dt.date
    end: int
    how: str  # rel, wd, dm, dom, num, iso, other
    week: dt.date | None = None
    mode: str = ""  # for weekdays: bare, this, next, last


# Before "9.30" (a dotted number that cannot be a day and month), an hour.


# After "at 10.10": the day of an hour, so the dotted number is the hour
_AN_HOURS_DAY = frozenset({"this", "today", "tomorrow", "tmrw", "tonight", "am", "pm"})


_MONTH_DAYS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def month_days(y: int, m: int) -> int:
    """The number of days in month ``m`` of year ``y`` (``calendar.monthrange``'s, cheaper)."""
    return 29 if m == 2 and _cal.isleap(y) else _MONTH_DAYS[m - 1]


def _make(y: int, m: int, d: int) -> dt.date | None:
    if not (1 <= m <= 12 and 1 <= d <= 31 and 1 <= y <= 9998):
        return None
    if d > month_days(y, m):
        return None
    return dt.date(y, m, d)


def _lately(day: dt.date | None, base: dt.date) -> bool:
    """Whether ``day`` is before ``base`` and no further back than a leave may be logged."""
    return day is not None and base - dt.timedelta(days=MAX_DAYS_BACK) <= day < base


def add_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    y, m = divmod(index, 12)
    y = max(1, min(9998, y))
    return dt.date(y, m + 1, min(day.day, month_days(y, m + 1)))


def _monday(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def names_a_month(text: str, kind: str) -> bool:
    """Whether a token (its text and kind) names a month: a month's word, or a numeric date."""
    return text in MONTHS or kind in ("slash", "full", "iso")


def _month_before(day: dt.date) -> dt.date | None:
    """The same day of the month before, if there is one."""
    year, month = (day.year, day.month - 1) if day.month > 1 else (day.year - 1, 12)
    return _make(year, month, day.day)


def _day_in_week(start: dt.date, weekday: int) -> dt.date:
    """The day with ``weekday`` in the week that starts on ``start``."""
    return start + dt.timedelta(days=(weekday - start.weekday()) % 7)


_DAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def week_first_day(cal: WorkCalendar) -> int:
    """The weekday a working week starts on: the working day after the weekend
    (Sunday for a Sunday-to-Thursday week); Monday when there is no one weekend."""
    return _first_working_weekday(tuple(cal.working_days))


@lru_cache(maxsize=64)
def _first_working_weekday(working_days: tuple[str, ...]) -> int:
    work = [name in working_days for name in _DAY_NAMES]
    starts = [d for d in range(7) if work[d] and not work[d - 1]]
    return starts[0] if len(starts) == 1 else 0


def _week_start(day: dt.date, cal: WorkCalendar) -> dt.date:
    """The first day of the calendar's week holding ``day``."""
    return day - dt.timedelta(days=(day.weekday() - week_first_day(cal)) % 7)


class _Grammar:
    """Recursive-descent matcher over the token list of one message."""

    def __init__(
        self, tokens: list[Tok], today: dt.date, cal: WorkCalendar, past: list[bool]
    ) -> None:
        self.toks = tokens
        self.n = len(tokens)
        self.today = today
        self.cal = cal
        self.mdy = cal.date_order == "MDY"
        self.past_at = past
        self.past = False
        self.notes: list[str] = []
        self.past_used = False
        self.blocked: list[bool] = [False] * self.n
        # Padded so that w(i) never needs a bounds check (w(-1) reads the padding too).
        self.texts: list[str] = [t.text for t in tokens] + [""] * _PAD
        self.kinds: list[str] = [t.kind for t in tokens] + [""] * _PAD

    def block(self, i: int) -> None:
        if 0 <= i < self.n:
            self.blocked[i] = True
            self.texts[i] = ""
            self.kinds[i] = ""

    # -- token helpers ---------------------------------------------------
    def w(self, i: int) -> str:
        return self.texts[i]

    def kind(self, i: int) -> str:
        return self.kinds[i]

    def skip(self, i: int, words: frozenset[str] | set[str]) -> int:
        while i < self.n and (
            self.w(i) in words
            # Spanish and French "el 24", "le 23": the article before a day's number
            or (
                "the" in words
                and self.w(i) in ("el", "le", "del")
                and self.w(i - 1) not in ("antes", "despues", "hasta", "avant")
                and i + 1 < self.n
                and self.kind(i + 1) in ("num", "ord")
            )
        ):
            i += 1
        return i

    # -- resolution helpers ----------------------------------------------
    def roll_dm(self, m: int, d: int, base: dt.date) -> dt.date | None:
        if self.past and base == self.today:
            for y in (base.year, base.year - 1):  # "was sick 30 December", said on 5 January
                before = _make(y, m, d)
                if _lately(before, base):
                    self.past_used = True
                    return before
        for y in range(base.year, base.year + 9):
            day = _make(y, m, d)
            if day and day >= base:
                return day
        return None

    def roll_dom(self, d: int, base: dt.date) -> dt.date | None:
        if self.past and base == self.today:
            for back in (0, -1):
                first = add_months(base.replace(day=1), back)
                day = _make(first.year, first.month, d)
                if _lately(day, base):
                    self.past_used = True
                    return day
        first = base.replace(day=1)
        for k in range(13):
            month = add_months(first, k)
            day = _make(month.year, month.month, d)
            if day and day >= base:
                return day
        return None

    def weekday_from(self, wd: int, base: dt.date) -> dt.date:
        if self.past and base == self.today:
            back = (base.weekday() - wd) % 7
            self.past_used = self.past_used or back > 0
            return base - dt.timedelta(days=back)
        return base + dt.timedelta(days=(wd - base.weekday()) % 7)

    # -- small matchers --------------------------------------------------
    def daynum(self, i: int, plain: bool) -> tuple[int, int] | None:
        k = self.kind(i)
        t = self.w(i)
        if k == "ord" and 1 <= self.toks[i].value <= 31:
            if (
                self.w(i + 1) in _ORDINAL_NOUNS
                # "Monday 29th round Easter": round, around
                and not (self.w(i + 1) == "round" and self.w(i - 1) in WEEKDAYS)
            ) or (
                self.w(i + 1) == "day"
                and self.w(i + 2) in ("of", "at", "back", "in")
                and self.w(i + 3) not in _NOT_AN_ORDINAL_DAY
                and self.w(i + 3) not in MONTHS
            ):
                return (
                    None  # "my 8th grader", "the 3rd floor", "1st day of school": another ordinal
                )
            return self.toks[i].value, i + 1
        if k == "num" and plain and 1 <= self.toks[i].value <= 31 and len(t) <= 2:
            if (
                i > 0
                and self.w(i - 1) in _WEEK_NUMBERED
                and self.w(i + 1) not in RANGE_WORDS
                and self.w(i + 1) not in MONTHS
            ):
                return None  # "Vinterferie uke 9, 23.-27. februar": a week's number, not a day
            after = self.w(i + 1)
            if after in ("o'clock", "oclock") or (
                after == "-"
                and self.w(i + 2) in _NOT_DAY_AFTER
                and self.toks[i + 1].pos == self.toks[i].pos + len(t)  # "5-day", not "20 - day"
            ):
                return None  # "sorry to bail on the 4 o'clock", "the 5-day visarjan"
            if after == "h" and (
                self.kind(i + 2) in ("num", "punct", "")
                or self.toks[i + 1].pos == self.toks[i].pos + len(t)
            ):
                return None  # "ENT doctor Thursday 8h30", "at 8h", "Friday 10h at the CHU": an hour
            if after == "-" and (
                (self.kind(i + 2) == "time" and ":" in self.w(i + 2))
                or (self.kind(i + 2) == "num" and self.w(i + 3) == "h")
            ):
                return None  # "Physio Friday 9-10:30", "Thursday 10-13h": hours, not the 9th
            return self.toks[i].value, i + 1
        if t in TENS_WORDS:
            j = i + 1
            if self.w(j) == "-":
                j += 1
            unit = self.w(j)
            if unit in ORDINAL_WORDS and ORDINAL_WORDS[unit] < 10:
                value = TENS_WORDS[t] + ORDINAL_WORDS[unit]
                return (value, j + 1) if value <= 31 else None
            return None
        if t in ORDINAL_WORDS:
            if (
                self.w(i + 1) in _COUNTED
                or self.w(i + 1) in _ORDINAL_NOUNS
                or (
                    self.w(i + 1) == "day"
                    and self.w(i + 2) == "of"
                    and self.w(i + 3) in _FIRST_DAY_OF
                )
            ):
                return None  # "only need the first three days", "the second half": not a date
            nxt = self.w(i + 1)
            if (
                i + 1 < self.n
                and self.kind(i + 1) == "word"
                and nxt not in _AFTER_AN_ORDINAL_DAY
                and nxt not in MONTHS
                and nxt not in WEEKDAYS
                and nxt not in RELATIVE_DAYS
                and nxt not in ORDINAL_WORDS
            ):
                return None  # "all hands for the first maize intake": the first of something
            return ORDINAL_WORDS[t], i + 1
        return None

    def number(self, i: int) -> tuple[int, int] | None:
        k = self.kind(i)
        t = self.w(i)
        if k == "num":
            return self.toks[i].value, i + 1
        if t == "couple":
            j = i + 1
            if self.w(j) == "of":
                j += 1
            return 2, j
        if t in NUMBER_WORDS:
            value = NUMBER_WORDS[t]
            if t in TENS_WORDS and self.w(i + 1) in NUMBER_WORDS:
                nxt = NUMBER_WORDS[self.w(i + 1)]
                if nxt < 10 and self.w(i + 1) not in ("a", "an"):
                    return value + nxt, i + 2
            return value, i + 1
        return None

    def year(self, i: int) -> tuple[int, int] | None:
        j = self.skip(i, {","})
        if self.w(j) == "of":
            j += 1
        if self.kind(j) == "num" and len(self.w(j)) == 4 and 1900 <= self.toks[j].value <= 2200:
            return self.toks[j].value, j + 1
        if self.w(j) == "'" and self.kind(j + 1) == "num" and len(self.w(j + 1)) == 2:
            return 2000 + self.toks[j + 1].value, j + 2
        return None

    def month(self, i: int) -> tuple[int, int] | None:
        t = self.w(i)
        if t in MONTHS:
            j = i + 1
            if self.w(j) == ".":
                j += 1
            return MONTHS[t], j
        return None

    def unit(self, i: int) -> tuple[str, int] | None:
        t = self.w(i)
        j = i + 1
        if t in ("working", "business", "work"):
            if self.w(j) in ("day", "days"):
                return "days", j + 1
            return None
        if t in DAY_UNITS:
            return "days", j
        if t in WEEK_UNITS:
            return "weeks", j
        if t in FORTNIGHT_UNITS:
            return "fortnights", j
        if t in MONTH_UNITS:
            return "months", j
        return None

    def monthref(self, i: int) -> tuple[int | None, int, int, bool] | None:
        """(year or None, month, end, explicit_relative) for a month reference."""
        j = self.skip(i, {"the"})
        t = self.w(j)
        if (t in _NEXT or t == "coming") and self.w(j + 1) in MONTH_UNITS:
            nm = add_months(self.today.replace(day=1), 1)
            return nm.year, nm.month, j + 2, True
        if t in ("this", "current") and self.w(j + 1) in MONTH_UNITS:
            return self.today.year, self.today.month, j + 2, True
        if t in MONTH_UNITS and j > i:  # "the month" is too vague
            return None
        mo = self.month(j)
        if mo:
            yr = self.year(mo[1])
            if yr:
                return yr[0], mo[0], yr[1], False
            return None, mo[0], mo[1], False
        return None

    def week_ctx(self, i: int) -> tuple[dt.date, int] | None:
        """``(of) (the) next/following/this week`` after a weekday: the week's first day
        (its Monday, or its Sunday in a Sunday-to-Thursday calendar)."""
        j = self.skip(i, {"of", "in", ","})
        j = self.skip(j, {"the"})
        t = self.w(j)
        start = _week_start(self.today, self.cal)
        if self.w(j + 1) in ("week", "wk"):
            if t in _NEXT or t == "coming":
                return start + dt.timedelta(days=7), j + 2
            if t in ("this", "current"):
                return start, j + 2
        if t == "week" and self.w(j + 1) == "after" and self.w(j + 2) == "next":
            return start + dt.timedelta(days=14), j + 3
        return None

    def in_month(self, year: int | None, month: int, d: int, rel: bool) -> dt.date | None:
        if year is not None:
            return _make(year, month, d)
        return self.roll_dm(month, d, self.today)

    # -- points -----------------------------------------------------------
    def point(self, i: int, base: dt.date, allow_now: bool = False) -> _Pt | None:
        t = self.w(i)
        k = self.kind(i)
        if not t:
            return None
        if t in WEEKDAYS and self.w(i + 1) in _WEEKDAY_THINGS and self.w(i - 1) in ("the", "my"):
            return None  # "I'll do the Saturday shift": a thing of that weekday
        if k == "slash" and "." in t and self.w(i - 1) == "at" and self.w(i + 1) in _AN_HOURS_DAY:
            self.block(i)
            return None  # "Dr's at 10.10 this morning": an hour
        # relative days
        j = self.skip(i, {"the"})
        if self.w(j) == "day" and self.w(j + 1) in ("after", "before"):
            ref = self.w(j + 2)
            if self.w(j + 1) == "after" and RELATIVE_DAYS.get(ref) == 1:
                return _Pt(self.today + dt.timedelta(days=2), j + 3, "rel")
            if self.w(j + 1) == "before" and RELATIVE_DAYS.get(ref) == -1:
                return _Pt(self.today - dt.timedelta(days=2), j + 3, "rel")
            if self.w(j + 1) == "after" and base != self.today and ref not in RELATIVE_DAYS:
                # "tomorrow and the day after": the day after the one before it
                return _Pt(base + dt.timedelta(days=1), j + 2, "rel")
            if self.w(j + 1) == "before" and base < self.today and ref not in RELATIVE_DAYS:
                # "yesterday and the day before": the day before the one before it
                return _Pt(base - dt.timedelta(days=1), j + 2, "rel")
        if t == "overmorrow":
            return _Pt(self.today + dt.timedelta(days=2), i + 1, "rel")
        if t in WEEKDAYS or t in ("a", "one"):
            later = self._weekday_week(i)
            if later is not None:
                return later
        if t in RELATIVE_DAYS:
            if t == "tom" and self.toks[i].orig == "Tom":
                return None
            if t == "morgen" and i > 0 and self.w(i - 1) in ("guten", "goede", "gode", "god"):
                return None  # "Guten Morgen": good morning
            if t == "tomo" and self.w(i + 1) in _SPANISH_TAKEN:
                return None  # Spanish "Tomo vacaciones el 24": I take
            if self.toks[i].orig.lower().endswith("'s") and (
                self.w(i + 1) in _EVENTS_OF_A_DAY or (i > 0 and self.w(i - 1) in ("from", "after"))
            ):
                return None  # "food poisoning from yesterday's team lunch": an event's day
            return _Pt(self.today + dt.timedelta(days=RELATIVE_DAYS[t]), i + 1, "rel")
        if t == "now" and allow_now:
            return _Pt(self.today, i + 1, "rel")
        if (
            t == "the"
            and self.w(i + 1) == "end"
            and self.w(i + 2) == "of"
            and self.w(i - 1) in RANGE_WORDS
        ):
            t, i = "end", i + 1  # "until the end of the month" (alone it is no day taken)
        if t == "end" and self.w(i + 1) == "of":
            # "till the end of the month / week / March"
            k2 = self.skip(i + 2, {"the", "this"})
            if self.w(k2) in MONTH_UNITS:
                last = add_months(self.today.replace(day=1), 1) - dt.timedelta(days=1)
                return _Pt(last, k2 + 1, "other")
            if self.w(k2) in WEEK_UNITS:
                return _Pt(_monday(self.today) + dt.timedelta(days=6), k2 + 1, "other")
            if (
                self.w(k2) in MONTHS
                and self.w(k2 + 1) not in ("1st", "2nd")
                and (self.kind(k2 + 1) not in ("num", "ord"))
            ):
                month = MONTHS[self.w(k2)]
                first = self.roll_dm(month, 1, self.today.replace(day=1))
                if first is not None:
                    last = add_months(first, 1) - dt.timedelta(days=1)
                    return _Pt(last, k2 + 1, "other")
        if t in MONTH_UNITS and self.w(i + 1) == "end" and self.w(i - 1) in RANGE_WORDS:
            # "till month end"
            last = add_months(self.today.replace(day=1), 1) - dt.timedelta(days=1)
            return _Pt(last, i + 2, "other")
        # numeric tokens
        if k == "iso":
            y, m, d = self.toks[i].parts
            return self._resolved(_make(y, m, d), i + 1, "iso")
        if k == "full":
            a, b, y = self.toks[i].parts
            if y < 100:
                y += 2000
            m, d = self._order(a, b)
            return self._resolved(_make(y, m, d), i + 1, "num")
        if k == "slash":
            a, b = self.toks[i].parts
            m, d = self._order(a, b)
            if not (1 <= m <= 12 and 1 <= d <= 31):
                return self._resolved(None, i + 1, "num")
            return self._resolved(self.roll_dm(m, d, base), i + 1, "num")
        if (
            k == "num"
            and self.w(i + 1) == "-"
            and self.kind(i + 2) == "num"
            and self.w(i + 3) not in MONTHS
            and self.w(i - 1) not in MONTHS
            and len(self.w(i)) <= 2
            and len(self.w(i + 2)) <= 2
        ):
            a, b = self.toks[i].value, self.toks[i + 2].value
            m, d = (a, b) if self.mdy else (b, a)
            if 1 <= m <= 12 and 1 <= d <= 31:
                return self._resolved(self.roll_dm(m, d, base), i + 3, "num")
        # ordinal weekday of a month, nth (last) day of a month
        j = self.skip(i, {"the"})
        nth: int | None = None
        jn = j
        if self.w(j) == "last":
            nth, jn = -1, j + 1
        else:
            dn = self.daynum(j, plain=False)
            if dn and dn[0] <= 5 and self.w(dn[1]) in WEEKDAYS:
                nth, jn = dn
        if nth is not None and self.w(jn) in WEEKDAYS and self.w(jn + 1) in ("of", "in"):
            mref = self.monthref(jn + 2)
            if mref:
                res = self._nth_weekday(nth, WEEKDAYS[self.w(jn)], mref)
                if res:
                    return _Pt(res, mref[2], "other")
        pt = self._nth_day(j)
        if pt:
            return pt
        # weekday forms
        pt = self._weekday_point(i, base)
        if pt:
            return pt
        # "next 6th of April": a month and day never needs "next"
        if t in _NEXT and self.w(i + 1) not in WEEKDAYS:
            inner = self._dm_point(i + 1, base)
            if inner:
                return inner
        return self._dm_point(i, base)

    def _order(self, a: int, b: int) -> tuple[int, int]:
        """(month, day) of a numeric date written ``a/b``, in the configured order.

        When that order cannot be a date and the other one can (``8/17`` in a
        day-first calendar), the other one is taken, and the reading is unsure.
        """
        m, d = (a, b) if self.mdy else (b, a)
        if m > 12 and d <= 12 and 1 <= m <= 31:
            self.notes.append("date_order_swapped")
            return d, m
        return m, d

    def _resolved(self, day: dt.date | None, end: int, how: str) -> _Pt | None:
        if day is None:
            self.notes.append("invalid_date")
            for idx in range(max(0, end - 3), end):
                self.block(idx)
            return None
        return _Pt(day, end, how)

    def _nth_weekday(
        self, nth: int, wd: int, ref: tuple[int | None, int, int, bool]
    ) -> dt.date | None:
        year, month, _, _ = ref
        years = [year] if year is not None else [self.today.year, self.today.year + 1]
        for y in years:
            days = [
                dt.date(y, month, d)
                for d in range(1, month_days(y, month) + 1)
                if dt.date(y, month, d).weekday() == wd
            ]
            if nth == -1:
                res = days[-1]
            elif nth <= len(days):
                res = days[nth - 1]
            else:
                return None
            if year is not None or res >= self.today:
                return res
        return None

    def _nth_day(self, j: int) -> _Pt | None:
        """``third day of October``, ``fifth last day of May``, ``last day of the month``."""
        from_end = False
        if self.w(j) == "last" and self.w(j + 1) == "day":
            nth, jd = 1, j + 1
            from_end = True
        else:
            dn = self.daynum(j, plain=True)
            if not dn:
                return None
            nth, jd = dn
            if self.w(jd) == "last":
                from_end = True
                jd += 1
        if self.w(jd) != "day" or self.w(jd + 1) not in ("of", "in"):
            return None
        jm = jd + 2
        if self.w(jm) == "the" and self.w(jm + 1) in MONTH_UNITS:
            year, month, end = self.today.year, self.today.month, jm + 2
        else:
            ref = self.monthref(jm)
            if not ref:
                return None
            y, month, end, _rel = ref
            year = y if y is not None else self.today.year
        last = month_days(year, month)
        d = last - nth + 1 if from_end else nth
        day = _make(year, month, d)
        if day and day < self.today and self.w(jm) in MONTHS and self.year(jm + 1) is None:
            day = _make(year + 1, month, min(d, month_days(year + 1, month)))
        return self._resolved(day, end, "dm")

    def _weekday_point(self, i: int, base: dt.date) -> _Pt | None:
        j = i
        mode = "bare"
        t = self.w(j)
        if t == "this" and self.w(j + 1) in ("past", "last"):
            mode, j = "last", j + 2
        elif t in _THIS:
            if self.w(j + 1) in ("coming", "upcoming"):
                j += 1
            if self.w(j + 1) in WEEKDAYS:
                mode, j = "this", j + 1
            elif t == "the" and self.w(j + 1) in _NEXT and self.w(j + 2) in WEEKDAYS:
                mode, j = "next", j + 2
        elif t in _NEXT:
            mode, j = "next", j + 1
        elif t in _LAST:
            mode, j = "last", j + 1
        wd_word = self.w(j)
        if (
            wd_word not in WEEKDAYS
            or _names_no_weekday(self.w(j - 1), self.w(j + 1), self.toks, j)
            # "golf Fridays, don't judge": Fridays of something, said after the dates
            or (
                wd_word.endswith("days")
                and self.kind(j - 1) == "word"
                and self.w(j - 1) not in _PLURAL_WEEKDAY_BEFORE
                and self.w(j - 1) not in WEEKDAYS
            )
            or (
                wd_word in ("mardi", "lundi") and self.w(j + 1) == "gras"
            )  # "Lundi Gras (Mon 2/16)"
            or (wd_word in ("jueves", "viernes") and self.w(j + 1) == "santo")  # Holy Thursday
        ):
            return None
        if (
            mode == "this"
            and self.w(j - 1) in ("coming", "upcoming")
            and WEEKDAYS[wd_word] == self.today.weekday()
        ):
            self.notes.append("ambiguous_weekday")  # "coming Thursday" said on a Thursday
        if mode == "bare" and wd_word in AMBIGUOUS_WEEKDAYS and not self._weekday_ok(j):
            return None
        wd = WEEKDAYS[wd_word]
        end = j + 1
        if self.w(end) == ".":
            end += 1
        if mode == "bare" and self.w(end) in _NEXT_AFTER_A_WEEKDAY:
            # "samedi prochain", "lunedì prossimo": the one after today
            ahead = (wd - self.today.weekday() - 1) % 7 + 1
            return _Pt(self.today + dt.timedelta(days=ahead), end + 1, "wd", None, "this")
        # Weekday followed by a date: the date decides, the weekday checks it.
        k = self.skip(end, {","})
        dm = self._dm_point(k, base) if mode in ("bare", "this") else None
        if dm is not None and dm.how == "dom":
            dm = None
        if dm is None and mode in ("bare", "this") and self.kind(k) in ("iso", "full", "slash"):
            dm = self.point(k, base)
        if dm is not None:
            if dm.date.weekday() != wd:
                earlier = _make(dm.date.year - 1, dm.date.month, dm.date.day)
                if earlier and earlier.weekday() == wd and 0 < (self.today - earlier).days <= 31:
                    return _Pt(earlier, dm.end, "dm")  # "Out sick Friday 8/1", said on the 12th
                self.notes.append("weekday_mismatch")
            return _Pt(dm.date, dm.end, "dm")
        kk = self.skip(k, {"the"})
        dn = self.daynum(kk, plain=True)
        if (
            dn
            and mode in ("bare", "this")
            and (self.kind(kk) != "num" or self.w(dn[1]) not in _NOT_DAY_AFTER)
        ):
            day = self._dom_with_weekday(dn[0], wd, base)
            if day:
                return _Pt(day, dn[1], "dm")
        ctx = self.week_ctx(end)
        if ctx and mode in ("bare", "this", "next"):
            return _Pt(_day_in_week(ctx[0], wd), ctx[1], "wd", ctx[0], "week")
        if mode == "next":
            monday = _monday(self.today) + dt.timedelta(days=7)
            return _Pt(monday + dt.timedelta(days=wd), end, "wd", monday, mode)
        if mode == "last":
            back = (self.today.weekday() - wd) % 7 or 7
            return _Pt(self.today - dt.timedelta(days=back), end, "wd", None, mode)
        return _Pt(self.weekday_from(wd, base), end, "wd", None, mode)

    def _weekday_ok(self, j: int) -> bool:
        """An ambiguous weekday word (``sat``, ``sun``) reads as a day here."""
        prev = self.w(j - 1)
        if prev in ("i", "we", "he", "she", "they", "you", "the", "a"):
            return False
        nxt = self.toks[j + 1].text if j + 1 < self.n else ""  # marks may hide the next one
        if self.w(j) == "mon" and nxt in _FRENCH_AFTER_MON:
            return False  # French "mon frère se marie": my, not Monday
        if self.w(j) == "sat" and nxt in ("sri", "shri", "nam", "guru"):
            return False  # the Sikh greeting "Sat Sri Akal", "Sat Nam": true, not Saturday
        if self.toks[j].orig.lower().endswith(("'s", "\u2019s")):
            return False  # "Ach, sun's out": the sun, not Sunday
        at_hour = nxt == "at" and j + 2 < self.n and self.toks[j + 2].kind in ("num", "time")
        # "dentist wed 9am": an hour said straight after it
        at_hour = at_hour or (
            j + 1 < self.n
            and self.toks[j + 1].kind == "time"
            and self.toks[j + 1].text.endswith(("am", "pm"))
        )
        # "dentist wed 2-4pm": the hours it takes
        at_hour = at_hour or (
            j + 3 < self.n
            and self.toks[j + 1].kind == "num"
            and self.toks[j + 2].text == "-"
            and self.toks[j + 3].kind == "time"
            and self.toks[j + 3].text.endswith(("am", "pm"))
        )
        return (
            self.toks[j].orig[:1].isupper()
            or prev in _WEEKDAY_PREV
            or nxt in _WEEKDAY_NEXT
            or nxt in WEEKDAYS
            or at_hour  # "dentist wed at 3"
        )

    def _dom_with_weekday(self, d: int, wd: int, base: dt.date) -> dt.date | None:
        first = base.replace(day=1)
        if self.past and base == self.today:
            for back in (0, -1):  # "was off sick Friday 16th", said on Tuesday the 20th
                month = add_months(first, back)
                day = _make(month.year, month.month, d)
                if _lately(day, base) and day is not None and day.weekday() == wd:
                    self.past_used = True
                    return day
        index = first.year * 12 + first.month - 1
        for k in range(0, 60):
            # add_months(first, k), without making each month's first day
            y, m = divmod(index + k, 12)
            day = _make(max(1, min(9998, y)), m + 1, d)
            if day and day >= base and day.weekday() == wd:
                return day
        return None

    def _dm_point(self, i: int, base: dt.date) -> _Pt | None:
        j = self.skip(i, {"the"})
        # MONTH [the] DAY [year]
        mo = self.month(j)
        if mo:
            k = self.skip(mo[1], {"the"})
            dn = self.daynum(k, plain=True)
            if dn and (self.kind(k) != "num" or self.w(dn[1]) not in _NOT_DAY_AFTER_A_MONTH):
                yr = self.year(dn[1])
                if yr:
                    return self._resolved(_make(yr[0], mo[0], dn[0]), yr[1], "dm")
                return self._resolved(self.roll_dm(mo[0], dn[0], base), dn[1], "dm")
            return None
        # [the] DAY [of] MONTH [year], DAY of next month
        dn = self.daynum(j, plain=True)
        if dn:
            k = dn[1]
            if self.w(k) == ".":
                k += 1
            if self.w(k) == "day" and self.w(k + 1) == "of":
                k += 1
            if self.w(k) in ("of", "in", "de"):  # "1 de mayo"
                k += 1
            ref = self.monthref(k)
            if ref:
                year, month, end, rel = ref
                if rel:
                    return self._resolved(_make(year or self.today.year, month, dn[0]), end, "dm")
                if year is not None:
                    return self._resolved(_make(year, month, dn[0]), end, "dm")
                return self._resolved(self.roll_dm(month, dn[0], base), end, "dm")
            # bare day of month
            kind = self.kind(j)
            prev = self.w(j - 1) if j == i else "the"
            ok = False
            if kind == "ord":
                # "cousin's 30th": an age; "the 2nd week of the school hols": a week's place
                owner = self.toks[j - 1] if j > 0 else None
                ok = not (
                    owner is not None
                    # "Florida with my wife for our 25th": an anniversary
                    and (owner.orig.lower().endswith(("'s", "’s")) or owner.text in _WHOSE_AGE)
                    and owner.text not in RELATIVE_DAYS
                    and owner.text.removesuffix("'s") not in WEEKDAYS
                    and owner.text.removesuffix("'s") not in MONTHS
                ) and self.w(j + 1) not in ("week", "weeks", "half", "time", "year", "round")
            elif kind == "num":
                ok = prev in ("on", "the", "dated", "from", "between") and (
                    self.w(dn[1]) not in _NOT_DAY_AFTER
                )
            elif prev == "the" or (j == i and self.w(i - 1) == "on"):
                ok = self.w(dn[1]) not in ("half", "time", "day", "week", "thing", "-")
            if ok:
                return self._resolved(self.roll_dom(dn[0], base), dn[1], "dom")
        return None

    # -- sets ------------------------------------------------------------------
    def week_set(self, i: int) -> tuple[list[dt.date], int, str] | None:
        t = self.w(i)
        j = i
        whole = False
        if t in ("whole", "entire", "full", "all"):
            whole = True
            j = self.skip(i + 1, {"of"})
        j2 = self.skip(j, {"the"})
        t = self.w(j2)
        nxt = self.w(j2 + 1)
        monday = _monday(self.today)
        commencing = self._week_commencing(j2)
        if commencing is not None or (
            t in ("week", "wk") and nxt in ("of", "starting", "beginning", "commencing")
        ):
            # "the week of March 16": the week that holds that day; "w/c 16 March"
            # (week commencing) and "w/b" (week beginning) are the same
            if commencing is not None:
                k = commencing
            else:
                k = j2 + 2 if nxt == "of" else self.skip(j2 + 2, {"on", "from"})
            pt = self.point(k, self.today)
            if pt is not None:
                first = _monday(pt.date)
                return self._span(first, first + dt.timedelta(days=6)), pt.end, "set"
            return None
        # "rest of the week", "this week" end with the calendar's working week
        # (on Saturday where Sunday to Thursday are worked)
        week_end = _week_start(self.today, self.cal) + dt.timedelta(days=6)
        if t in ("rest", "remainder", "remaining") or (t == "balance" and nxt == "of"):
            k = self.skip(j2 + 1, {"of"})
            k = self.skip(k, {"the", "this", "teh"})  # "rest of teh week off"
            if self.w(k) in ("week", "wk"):
                return self._span(self.today, week_end), k + 1, "set"
            return None
        if t == "weekend" and (
            nxt in _WEEKEND_TEAMS
            or (
                self.toks[j2].orig[:1] == "W"
                and j2 + 1 < self.n
                and self.kind(j2 + 1) == "word"
                and self.toks[j2 + 1].orig[:1].isupper()
                and nxt not in WEEKDAYS
                and nxt not in MONTHS
            )
        ):
            # "Weekend desk: off Sunday the 25th", "Weekend Edition crew": a team or a
            # programme's name, no days
            return [], j2 + 2, "set"
        if t == "weekend" and j2 > 1 and self.toks[j2 - 1].orig == "Day":
            # "Labor Day weekend I'm gone: off Fri 9/3 and Sat 9/4": a holiday's weekend,
            # named, whose days the message gives
            return [], j2 + 1, "set"
        long_weekend = (t == "long" and nxt == "weekend") or (
            t == "weekend" and j2 > 0 and self.w(j2 - 1) in _A_WEEKEND_OF
        )
        if long_weekend and any(
            _looks_like_date(tok, self.toks, k)
            for k, tok in enumerate(self.toks)
            if not j2 - 1 <= k <= j2 + 1
        ):
            # "Taking Sat 26th and Mon 28th, Matariki long weekend": what the days make,
            # the days being said
            return [], j2 + (2 if t == "long" else 1), "set"
        if t == "weekend" or (t in _THIS | _NEXT | {"long"} and nxt == "weekend"):
            end = j2 + 1 if t == "weekend" else j2 + 2
            sat = self.today + dt.timedelta(days=(5 - self.today.weekday()) % 7)
            if t in _NEXT:
                sat = monday + dt.timedelta(days=12)
            if (
                "sat" not in self.cal.working_days
                and "fri" not in self.cal.working_days
                and ("sun" in self.cal.working_days)
            ):  # Friday and Saturday where Sunday is worked (Riyadh, Dhaka)
                return [sat - dt.timedelta(days=1), sat], end, "set"
            return [sat, sat + dt.timedelta(days=1)], end, "set"
        if whole and t in ("week", "wk"):
            # "w/c 16th Feb so I'll be off that whole week", "the week of July 13, out all
            # week": the week already named
            named = any(self.w(k) in ("week", "wk", "wc", "wb", "w") for k in range(i - 1))
            if named and j2 + 1 < self.n and self.w(j2 + 1) in ("after", "before", "later"):
                named = False
            if self.w(j2 + 2) in ("week", "wk") and (
                self.w(j2 + 1) in _NEXT or self.w(j2 + 1) == "following"
            ):
                named = True  # "taking the whole week next week": the week named after it
            if named:
                return [], j2 + 1, "set"
            if self.w(i - 1) in ("that", "same"):
                return None
        if (
            t in ("last", "previous", "past")
            and nxt in ("week", "wk")
            and not whole
            and self.w(j2 + 2) not in ("of", "before")  # "Last week of holidays for me: 30/8 - 3/9"
        ):
            # "I was out sick Monday and Tuesday last week": the week before this one
            start = monday - dt.timedelta(days=7)
            return self._span(start, start + dt.timedelta(days=6)), j2 + 2, "last_week"
        if (t, nxt) in _NEXT_WEEK_ABROAD:  # "vacances la semaine prochaine"
            start = monday + dt.timedelta(days=7)
            return self._span(start, start + dt.timedelta(days=6)), j2 + 2, "next_week"
        if nxt in ("week", "wk") or (whole and t in ("week", "wk")):
            if t in _NEXT or t == "coming":
                start = monday + dt.timedelta(days=7)
                return self._span(start, start + dt.timedelta(days=6)), j2 + 2, "next_week"
            if t in ("this", "current") or (whole and t in ("week", "wk")):
                end = j2 + 2 if nxt in ("week", "wk") else j2 + 1
                return self._span(self.today, week_end), end, "this_week"
        if whole and t in ("next", "this") and self.w(j2 + 1) == "week":
            return None
        if t == "all" and nxt == "week":
            return self._span(self.today, week_end), j2 + 2, "this_week"
        return None

    def _weekday_week(self, i: int) -> _Pt | None:
        """British ``Monday week`` and ``a week on Monday`` (the Monday after next
        Monday), ``Wednesday fortnight`` (two weeks after next Wednesday)."""
        t = self.w(i)
        if t in WEEKDAYS and self.w(i + 1) in ("week", "fortnight") and self.w(i + 2) != "of":
            wd, end, unit = t, i + 2, self.w(i + 1)
        elif (
            t in ("a", "one")
            and self.w(i + 1) in ("week", "fortnight")
            and self.w(i + 2) == "on"
            and self.w(i + 3) in WEEKDAYS
        ):
            wd, end, unit = self.w(i + 3), i + 4, self.w(i + 1)
        else:
            return None
        ahead = (WEEKDAYS[wd] - self.today.weekday()) % 7 or 7
        days = ahead + (7 if unit == "week" else 14)
        return _Pt(self.today + dt.timedelta(days=days), end, "rel")

    def _week_commencing(self, i: int) -> int | None:
        """Where the date of ``w/c``, ``w.c.``, ``wc``, ``w/b`` (week commencing,
        beginning) starting at ``i`` begins; None when ``i`` holds none of them."""
        t = self.w(i)
        if t == "w" and self.w(i + 1) in ("/", ".") and self.w(i + 2) in ("c", "b"):
            k = i + 3
        elif t in ("wc", "wb", "wkc"):
            k = i + 1
        else:
            return None
        k = self.skip(k, {".", ":", "the"})
        return k if self.w(k) else None

    def _span(self, first: dt.date, last: dt.date) -> list[dt.date]:
        if last < first or (last - first).days > MAX_RANGE_DAYS:
            return []
        return [first + dt.timedelta(days=k) for k in range((last - first).days + 1)]

    # -- counts and offsets ----------------------------------------------
    def _apply_offset(self, base: dt.date, n: int, unit: str) -> dt.date | None:
        if n > 400:
            return None
        if unit == "days":
            return base + dt.timedelta(days=n)
        if unit == "weeks":
            return base + dt.timedelta(days=7 * n)
        if unit == "fortnights":
            return base + dt.timedelta(days=14 * n)
        return add_months(base, n)

    def _count_days(self, anchor: dt.date, n: int, unit: str) -> list[dt.date]:
        if n <= 0 or n > 400:
            self.notes.append("count_too_large")
            return []
        if unit == "days":
            return self.cal.next_working_days(anchor, n)
        last = self._apply_offset(anchor, n, unit)
        if last is None:
            return []
        return self._span(anchor, last - dt.timedelta(days=1))

    def count_or_offset(self, i: int) -> DateItem | None:
        start = i
        has_for = False
        if self.w(i) in ("for", "of"):
            has_for = True
            i += 1
        i = self.skip(i, {"the"})
        # next N days / N next days / next few days
        if self.w(i) in _NEXT or self.w(i) in ("coming", "upcoming"):
            num = self.number(i + 1)
            if num:
                u = self.unit(num[1])
                if u:
                    tomorrow = self.today + dt.timedelta(days=1)
                    dates = self._count_days(tomorrow, num[0], u[0])
                    return DateItem(start, u[1], dates, "count")
            if self.w(i + 1) in ("few", "several", "some") and self.unit(i + 2):
                u = self.unit(i + 2)
                assert u is not None
                return DateItem(start, u[1], [], "count", ["vague_count"], contributes=False)
        num = self.number(i)
        if num is None:
            if self.w(i) in ("few", "several", "some") and self.unit(i + 1):
                u = self.unit(i + 1)
                assert u is not None
                if self.w(u[1]) == "in" and "then" in (self.w(start - 1), self.w(start - 2)):
                    k = self.skip(u[1] + 1, {"the", "a"})
                    if self.w(k) and not (
                        self.w(k) in MONTHS
                        or self.w(k) in ("week", "weeks", "month", "fortnight")
                        or self.kind(k) in ("num", "ord")
                    ):
                        return None  # "and then a few days in Madrid": a stay, not days to pick
                return DateItem(start, u[1], [], "count", ["vague_count"], contributes=False)
            return None
        n, j = num
        if self.w(i) in ("a", "an") and self.w(j) in DAY_UNITS and not has_for:
            return None
        if self.w(j) in _NEXT and self.unit(j + 1):
            u = self.unit(j + 1)
            assert u is not None
            tomorrow = self.today + dt.timedelta(days=1)
            return DateItem(start, u[1], self._count_days(tomorrow, n, u[0]), "count")
        if self.w(j) in WEEKDAYS and self.w(j + 1) in ("from", "later", "after", "hence"):
            wd = WEEKDAYS[self.w(j)]
            k = j + 1
            if self.w(k) == "from" and self.w(k + 1) in ("now", "today"):
                k += 2
            elif self.w(k) in ("later", "hence"):
                k += 1
            else:
                return None
            first = self.today + dt.timedelta(days=(wd - self.today.weekday()) % 7 or 7)
            return DateItem(start, k, [first + dt.timedelta(days=7 * (n - 1))], "point")
        u = self.unit(j)
        if u is None:
            return None
        unit, k = u
        unit_end = k
        k = self.skip(
            k, {"leave", "leaves", "off", "of", "lv", "pto", "vacation", "mc", "sick", "holiday"}
        )
        # "a week off from Monday" is a week taken; "a week from Monday" a day a week on
        taken = k > unit_end and self.w(unit_end) != "of"
        after = self.w(k)
        if after in ("hence", "later") or (after == "from" and self.w(k + 1) == "now"):
            day = self._apply_offset(self.today, n, unit)
            end = k + 1 if after != "from" else k + 2
            if has_for and after == "from":
                return DateItem(start, end, self._count_days(self.today, n, unit), "count")
            return DateItem(start, end, [day] if day else [], "point")
        k2 = self.skip(k, {","})
        if self.w(k2) in ("rest", "bed") and self.w(k2 - 1) == "of":
            k2 = self.skip(k2 + 1, {","})  # "3 days of rest starting today"
        connector = self.w(k2)
        if connector in ("from", "starting", "beginning", "commencing", "frm", "after", "wef"):
            k3 = k2 + 1
            if connector in ("starting", "beginning", "commencing") and self.w(k3) in (
                "from",
                "on",
            ):
                k3 += 1
            pt = self.point(k3, self.today, allow_now=True)
            if pt is None:
                return None
            is_rel = pt.how == "rel"
            if connector == "after" or (
                not has_for
                and not taken
                and connector == "from"
                and (unit != "days" or is_rel)
                # "leave 3 days from Monday"; "the doctor gave me 3 days from today": a count
                and self.w(start - 1)
                not in ("leave", "off", "lv", "pto", "vacation", "me", "taking", "take")
            ):
                day = self._apply_offset(pt.date, n, unit)
                item = DateItem(start, pt.end, [day] if day else [], "point")
                if connector == "from" and unit == "days":
                    item.notes.append("ambiguous_count")
                return item
            return DateItem(start, pt.end, self._count_days(pt.date, n, unit), "count")
        if has_for:
            item = DateItem(start, k, [], "count", ["count_without_start"], contributes=False)
            item.count = n if unit == "days" else None
            return item
        return None

    def in_offset(self, i: int) -> DateItem | None:
        if self.w(i) not in ("in", "within", "after"):
            return None
        num = self.number(i + 1)
        if not num:
            return None
        u = self.unit(num[1])
        if not u:
            return None
        day = self._apply_offset(self.today, num[0], u[0])
        return DateItem(i, u[1], [day] if day else [], "point")

    # -- ranges ----------------------------------------------------------------
    def connector(self, i: int, between: bool) -> int | None:
        t = self.w(i)
        if between:
            return i + 1 if t in ("and", "&", "to", "-") else None
        if t in RANGE_WORDS:
            j = i + 2 if t in ("through", "thru") and self.w(i + 1) == "to" else i + 1
            if t in ("till", "til", "until", "untill", "upto") and self.w(j) == "and":
                return None
            return j
        if t == "up" and self.w(i + 1) in ("to", "till", "until"):
            return i + 2
        if t == "t" and self.w(i + 1) == "/" and self.w(i + 2) == "m":
            return i + 3  # Dutch "t/m" (tot en met): through
        if (
            t in _FOREIGN_TO
            and not between
            and (
                self.w(i + 1)[:1].isdigit()
                or (self.w(i + 1) in WEEKDAYS and self.w(i + 2)[:1].isdigit())
            )
        ):
            return i + 1  # "vacaciones 3/23 al 3/27", "Urlaub 3.8. bis 7.8.", "al viernes 8"
        if t == "se" and not between and self.w(i + 1) in WEEKDAYS and self.w(i + 2) == "tak":
            return i + 1  # Hindi "Monday se Wednesday tak": Monday to Wednesday
        return None

    def _month_said(self, k: int) -> bool:
        """Whether token ``k`` names a month (a word, or a numeric date)."""
        return names_a_month(self.w(k), self.kind(k))

    def day_range(self, i: int, between: bool, base: dt.date | None = None) -> DateItem | None:
        """Day-number ranges: ``9th to 11th March``, ``Mar 12-13``, ``28th to 2nd``."""
        j = self.skip(i, {"the"})
        mo = self.month(j)
        if mo and (mo[1] < self.n):
            k = self.skip(mo[1], {"the"})
            d1 = self.daynum(k, plain=True)
            if d1:
                c = self.connector(d1[1], between)
                if c is not None:
                    k2 = self.skip(c, {"the"})
                    d2 = self.daynum(k2, plain=True)
                    after = d2[1] + 1 if d2 and self.w(d2[1]) in ("of", "in") else (d2 or (0, 0))[1]
                    if d2 and self.w(d2[1]) not in MONTHS and self.month(after) is None:
                        yr = self.year(d2[1])
                        end = yr[1] if yr else d2[1]
                        return self._month_range(
                            i, end, mo[0], yr[0] if yr else None, d1[0], d2[0], False
                        )
            return None
        d1 = self.daynum(j, plain=True)
        if not d1:
            return None
        plain1 = self.kind(j) == "num"
        c = self.connector(d1[1], between)
        if (
            c is None
            and self.w(d1[1]) == "."
            and (self.w(d1[1] + 1) in _FOREIGN_TO or self.w(d1[1] + 1) in RANGE_WORDS)
        ):
            c = self.connector(d1[1] + 1, between)  # "vom 16. bis 18. März", "12.–16.10."
        if c is None:
            return None
        if plain1 and self.kind(c) in ("slash", "full") and not self.mdy:
            # "urlop 18-22.05", "23-24.12.2026": a day, then a day and month, day first
            last_pt = self.point(c, self.today)
            if last_pt is not None and last_pt.date.day >= d1[0]:
                opening = last_pt.date.replace(day=d1[0])
                return DateItem(i, last_pt.end, self._span(opening, last_pt.date), "range")
        k2 = self.skip(c, {"the"})
        d2 = self.daynum(k2, plain=True)
        if not d2:
            return None
        plain2 = self.kind(k2) == "num"
        k = d2[1]
        if self.w(k) == ".":
            k += 1
        if self.w(k) in ("of", "in", "de"):
            k += 1
        mref = self.monthref(k)
        if mref:
            year, month, mend, rel = mref
            return self._month_range(i, mend, month, year, d1[0], d2[0], rel)
        if self.w(k) in ("this", "next", "current") and self.w(k + 1) in MONTH_UNITS:
            return None
        # No month at all: day numbers roll forward.
        written_from = self.w(i - 1) in ("from", "between", "frm")
        if (plain1 or plain2) and not (written_from and self.w(c - 1) != "-"):
            return None
        if self.w(k2 + 1) in MONTHS or self.w(k) in _NOT_DAY_AFTER:
            return None
        # after a dated item, on from it: "21st to 24th December, and 29th-31st"
        first = self.roll_dom(d1[0], base or self.today)
        if first is None:
            return None
        last = self.roll_dom(d2[0], first)
        if last is None:
            return None
        return DateItem(i, d2[1], self._span(first, last), "range")

    def _month_range(
        self, i: int, end: int, month: int, year: int | None, d1: int, d2: int, rel: bool
    ) -> DateItem | None:
        if year is None:
            y = self.today.year
            last = _make(y, month, d2)
            if last is None or (last < self.today and not rel):
                y += 1
                if self.past:
                    y -= 1
            elif self.past and not rel:
                before = _make(y - 1, month, d2)  # "I was sick 30-31 December", on 5 January
                if _lately(before, self.today):
                    y -= 1
                    self.past_used = True
        else:
            y = year
        first = _make(y, month, d1)
        last = _make(y, month, d2)
        if d1 > d2 and last is not None:
            # "from the 28th until the 2nd of April": the first day is in the month before
            first = _make(y - (month == 1), (month - 2) % 12 + 1, d1)
            if (
                year is None
                and first is not None
                and first < self.today
                and not rel
                and not self.past
            ):
                y += 1
                first = _make(y - (month == 1), (month - 2) % 12 + 1, d1)
                last = _make(y, month, d2)
        if first is None or last is None or last < first:
            self.notes.append("invalid_date")
            return DateItem(i, end, [], "range", ["invalid_date"], contributes=False)
        return DateItem(i, end, self._span(first, last), "range")

    # -- lists of day numbers ------------------------------------------------------
    def _list_entry(self, k: int) -> _Entry | None:
        """One entry of a day list: ``[weekday] [MONTH] DAY [- DAY] [of MONTH [YEAR]]``."""
        j = self.skip(k, {"the"})
        weekday: int | None = None
        if self.w(j) in WEEKDAYS and self.w(j) not in AMBIGUOUS_WEEKDAYS:
            weekday = WEEKDAYS[self.w(j)]
            j = self.skip(self.skip(j + 1, {".", ","}), {"the"})
        if self.kind(j) == "slash" and len(self.toks[j].parts) == 2:
            # "10 and 11/02": the numeric date gives the month of the days before it
            if self.w(j + 1) in RANGE_WORDS or self.w(j + 1) == "-":
                return None  # "Fri 1/16 plus 1/20-1/23": a range, read as one
            m, d = self._order(*self.toks[j].parts)
            if 1 <= m <= 12 and 1 <= d <= 31:
                return _Entry(k, j + 1, weekday, m, False, None, False, d, None)
            return None
        mb = self.month(j)
        month: int | None = None
        if mb:
            month = mb[0]
            j = self.skip(mb[1], {"the"})
        dn = self.daynum(j, plain=True)
        if not dn:
            return None
        plain = self.kind(j) == "num"
        d1, end = dn
        d2: int | None = None
        # "24.12 and 28.-31.12.": the day's dot before the range's dash
        dot = plain and self.w(end) == "." and self.w(end + 1) == "-"
        c = self.connector(end + 1 if dot else end, False)
        if c is not None:
            j2 = self.skip(c, {"the"})
            dn2 = self.daynum(j2, plain=True)
            if dn2 and dn2[0] >= d1:
                d2, end = dn2
            elif month is None and self.kind(j2) == "slash" and len(self.toks[j2].parts) == 2:
                m2, day2 = self._order(*self.toks[j2].parts)
                if 1 <= m2 <= 12 and d1 <= day2 <= 31:  # "24/12 and 29-31/12": 29 to 31 Dec
                    return _Entry(k, j2 + 1, weekday, m2, False, None, False, d1, day2)
        if (
            plain
            and self.w(end) in _NOT_DAY_AFTER - {"of"}
            # "cancel my Jan 4 and 5 leave": the last day of a list, then its leave
            and not (
                self.w(end) == "leave"
                and self.w(k - 1) in ("and", "&", "+")
                and self.w(end + 1) not in DAY_UNITS
            )
        ):
            return None
        year: int | None = None
        rel = False
        if month is None:
            k2 = end + 1 if self.w(end) == "." else end
            if self.w(k2) in ("of", "in", "de"):
                k2 += 1
            ref = self.monthref(k2)
            if ref:
                year, month, end, rel = ref
        else:
            yr = self.year(end)
            if yr:
                year, end = yr
        return _Entry(k, end, weekday, month, bool(mb), year, rel, d1, d2)

    def day_list(self, i: int, base: dt.date | None) -> list[DateItem] | None:
        """``the 3, 4 and 5 of May``, ``Dec 30, 31 and Jan 2``, ``9-10 and 12 March``.

        Two or more day numbers (or ranges of them) joined by commas and
        ``and``; the ones written without a month share the month of their
        neighbours: the one after them when the month follows its days
        (``3, 4 and 5 May``), the one before when it leads (``May 3, 4 and
        5``). Each entry resolves on or after the one before, so a list runs
        across months and years in order.
        """
        j = i + 1 if self.w(i) in ("from", "frm") else i
        first = self._list_entry(j)
        if first is None:
            return None
        entries = [first]
        k = first.end
        while len(entries) < MAX_ITEMS:
            k2 = self.skip(k, _DAY_LIST_JOINERS)
            if k2 == k:
                break
            nxt = self._list_entry(k2)
            if nxt is None:
                break
            entries.append(nxt)
            k = nxt.end
        to = (
            (k + 1 if self.w(k) == "-" else self.connector(k, False))
            if len(entries) > 1 and entries[-1].d2 is None
            else None
        )
        if to is not None and (
            self.w(to) in WEEKDAYS or self.daynum(self.skip(to, {"the"}), plain=True)
        ):
            entries.pop()  # "Thu 25th plus Tue 30th to Thu 1 April": the last starts a range
        if len(entries) < 2:
            return None
        month_first = first.month_before
        known = [e for e in entries if e.month is not None]
        # Bare numbers with no month are days only where a day is expected.
        if (
            not known
            and first.weekday is None
            and self.kind(self.skip(j, {"the"})) == "num"
            and self.w(j - 1) not in ("on", "the", "dated", "from", "taking", "take", "cancel")
            and self.w(j) != "the"
        ):
            return None
        out: list[DateItem] = []
        carry: tuple[int, int | None, bool] | None = None
        prev = base or self.today
        for n, e in enumerate(entries):
            if e.month is not None:
                ctx: tuple[int, int | None, bool] | None = (e.month, e.year, e.rel)
            elif month_first:
                ctx = carry
            else:
                later = next((x for x in entries[n + 1 :] if x.month is not None), None)
                ctx = (later.month, later.year, later.rel) if later and later.month else carry
                if later and later.month and e.d1 > later.d1:
                    # "the 31st, and 4th-5th Jan": the 31st of the month before
                    before_year = None if later.year is None else later.year - (later.month == 1)
                    ctx = ((later.month - 2) % 12 + 1, before_year, later.rel)
            if ctx is not None:
                carry = ctx
            days = self._entry_days(e, ctx, prev)
            if days is None:
                self.notes.append("invalid_date")
                out.append(DateItem(e.start, e.end, [], "point", ["invalid_date"], False))
                continue
            if (
                e.weekday is not None
                and days[0].weekday() != e.weekday
                and e.month is None
                and len(days) == 1
            ):
                earlier = _month_before(days[0])
                if earlier is not None and earlier.weekday() == e.weekday and earlier >= prev:
                    days = [earlier]  # "Friday 27th and Tuesday 1st Dec": the 27th of November
            if e.weekday is not None and days[0].weekday() != e.weekday:
                self.notes.append("weekday_mismatch")
            out.append(DateItem(e.start, e.end, days, "point" if len(days) == 1 else "range"))
            prev = days[0]
        out[0].start = i
        return out

    def _entry_days(
        self, e: _Entry, ctx: tuple[int, int | None, bool] | None, base: dt.date
    ) -> list[dt.date] | None:
        if ctx is None:
            first = self.roll_dom(e.d1, base)
            if first is None:
                return None
            if e.d2 is None:
                return [first]
            last = _make(first.year, first.month, e.d2)
            return self._span(first, last) if last else None
        month, year, rel = ctx
        if year is not None or rel:
            y = year if year is not None else self.today.year
            if rel and month < self.today.month:
                y += 1
            first_day = _make(y, month, e.d1)
        else:
            first_day = self.roll_dm(month, e.d1, base)
        if first_day is None:
            return None
        if e.d2 is None:
            return [first_day]
        last_day = _make(first_day.year, month, e.d2)
        return self._span(first_day, last_day) if last_day else None

    # -- items -----------------------------------------------------------------
    def item(self, i: int, base: dt.date | None = None) -> DateItem | None:
        t = self.w(i)
        if not t:
            return None
        between = t == "between"
        if (
            between
            and self.kind(i + 1) == "num"
            and self.w(i + 2) == "and"
            and self.kind(i + 3) == "num"
            and 12 >= self.toks[i + 1].value > self.toks[i + 3].value
            and self.w(i + 4) not in MONTHS
        ):
            # "can only come between 9 and 4": hours, from the morning on, not days
            return DateItem(i, i + 4, [], "set", contributes=False)
        j = i + 1 if t in ("from", "between", "frm", "starting") else i
        item = self.in_offset(i) or self.count_or_offset(i)
        if item:
            return item
        item = self.day_range(j, between, base)
        if item:
            item.start = i
            return item
        named = self._named_day_range(j, between, base)
        if named:
            named.start = i
            return named
        ws = self.week_set(j)
        if ws:
            dates, end, kind = ws
            if kind in ("next_week", "this_week"):
                monday = _week_start(self.today, self.cal) + dt.timedelta(
                    days=7 if kind == "next_week" else 0
                )
                k = self.skip(end, {"on", ",", "from", "between"})
                btw = self.w(end) == "between" or self.w(k - 1) == "between"
                inner = self._weekday_range(k, monday, btw)
                if inner:
                    inner.start = i
                    inner.week = monday  # "next week Mon-Wed, then 1/2 day Thu": that week's
                    return inner
                if self.w(k) in WEEKDAYS:
                    day = _day_in_week(monday, WEEKDAYS[self.w(k)])
                    one = DateItem(i, k + 1, [day], "point", weekday_based=True)
                    one.week = monday
                    return one
            item = DateItem(
                i,
                end,
                dates,
                {"next_week": "week", "this_week": "this_week", "last_week": "week"}.get(
                    kind, "set"
                ),
            )
            if self.w(i - 1) in _VAGUE:
                item.notes.append("vague_date")
            return item
        if t in ("till", "til", "until", "untill", "upto", "through", "thru"):
            # "until Friday", and in US English "through Friday": from today, open
            self.past = False
            pt = self.point(i + 1, self.today)
            if pt:
                return DateItem(i, pt.end, self._span(self.today, pt.date), "range", ["open_range"])
            return None
        start = self.point(j, base or self.today, allow_now=between or t == "from")
        if start is None:
            return None
        c = self.connector(start.end, between)
        if c is not None:
            stop = self.point(self.skip(c, {"the"}), start.date, allow_now=False)
            if stop is not None:
                first, last = start.date, stop.date
                if (
                    start.how in ("dom", "dm")
                    and stop.how == "dm"
                    and (first.year, first.month) != (last.year, last.month)
                    and first.day <= last.day
                    and not any(self._month_said(t) for t in range(j, start.end))
                    and any(self._month_said(t) for t in range(c, stop.end))
                ):
                    # "Mon 1st - Fri 5th March": the month said at the end is the start's too
                    same = _make(last.year, last.month, first.day)
                    said = self.w(j) if self.w(j) in WEEKDAYS else None
                    if same is not None and (said is None or same.weekday() == WEEKDAYS[said]):
                        first = same
                if start.how == "wd" and stop.how == "wd":
                    ctx = self.week_ctx(stop.end)
                    if ctx:
                        return self._weekday_pair(i, ctx[1], start, stop, ctx[0])
                    if stop.week is not None and stop.mode == "week" and start.week is None:
                        return self._weekday_pair(i, stop.end, start, stop, stop.week)
                if last < first:
                    self.notes.append("reversed_range")
                    return DateItem(i, stop.end, [], "range", ["reversed_range"], False)
                if (last - first).days > MAX_RANGE_DAYS:
                    return DateItem(i, stop.end, [], "range", ["range_too_long"], False)
                rng = DateItem(i, stop.end, self._span(first, last), "range")
                if start.how == "wd" and stop.how == "wd" and {start.mode, stop.mode} <= _PLACEABLE:
                    rng.weekday_based = True
                    rng.weekdays = (first.weekday(), last.weekday())
                return rng
        k = self.skip(start.end, {","})
        if self.w(k) == "for":
            num = self.number(k + 1)
            if num:
                u = self.unit(num[1])
                if u:
                    return DateItem(i, u[1], self._count_days(start.date, num[0], u[0]), "count")
        item = DateItem(i, start.end, [start.date], "point", weekday_based=start.how == "wd")
        item.week = start.week if start.how == "wd" else None
        item.week_forward_only = start.mode == "next"
        if start.how == "wd" and start.mode in _PLACEABLE:
            item.weekdays = (start.date.weekday(), start.date.weekday())
        if self.w(start.end) in ("onwards", "onward", "onwords"):
            item.end += 1
            item.notes.append("open_range")
        elif t in ("from", "starting") and not between and self.w(i - 1) not in ("apart", "aside"):
            item.notes.append("open_range")  # not "all of next week apart from the Friday"
        return item

    def _named_day_range(self, j: int, between: bool, base: dt.date | None) -> DateItem | None:
        """``Mon-Tue 14-15 Dec``, ``Thu-Fri 15-16 Oct``: weekdays that name a day range
        written after them; the numbers say which days (a weekday that does not match
        them is a ``weekday_mismatch``), not a Tuesday the 14th months away."""
        if self.w(j) not in WEEKDAYS:
            return None
        paired = self.w(j + 1) in ("and", "&", "+")  # "Monday and Tuesday, Apr 6-7"
        c = j + 2 if paired else self.connector(j + 1, between)
        if c is None or self.w(c) not in WEEKDAYS:
            return None
        k = c + 1
        if self.w(k) in ("after", "before") and self.w(k + 1) in ("it", "that", "them"):
            k += 2  # "I take Thu and Fri after it, 16-17 July"
        k += self.w(k) == ","
        if not (self.w(k)[:1].isdigit() or (self.w(k) in MONTHS and self.w(k + 1)[:1].isdigit())):
            return None
        days = self.day_range(k, between, base)
        if days is None and self.kind(k) in ("slash", "full", "iso"):
            days = self.item(k, base)  # "Mon-Wed, 11/23-11/25"
            if days is not None and days.kind != "range":
                days = None
        if days is None or not days.dates:
            return None
        said = (WEEKDAYS[self.w(j)], WEEKDAYS[self.w(c)])
        if (days.dates[0].weekday(), days.dates[-1].weekday()) != said:
            if paired:
                return None
            self.notes.append("weekday_mismatch")
        elif paired and len(days.dates) != 2:
            return None
        return days

    def _weekday_range(self, k: int, monday: dt.date, between: bool) -> DateItem | None:
        if self.w(k) not in WEEKDAYS:
            return None
        c = self.connector(k + 1, between)
        if c is None or self.w(c) not in WEEKDAYS:
            return None
        a = _day_in_week(monday, WEEKDAYS[self.w(k)])
        b = _day_in_week(monday, WEEKDAYS[self.w(c)])
        if b < a:
            return None
        return DateItem(k, c + 1, self._span(a, b), "range", weekday_based=True)

    def _weekday_pair(self, i: int, end: int, a: _Pt, b: _Pt, monday: dt.date) -> DateItem:
        first = _day_in_week(monday, a.date.weekday())
        last = _day_in_week(monday, b.date.weekday())
        pair = DateItem(i, end, self._span(first, last), "range", weekday_based=True)
        pair.week = monday
        return pair


_WEEKEND_TEAMS = frozenset({"desk", "shift", "team", "crew", "rota", "staff", "duty", "editor"})
# "the first day of school": a day of something else, not the 1st
# Words that may follow a day said as an ordinal word ("the first, please", "the third too")
_AFTER_AN_ORDINAL_DAY = frozenset(
    {"please", "pls", "plz", "too", "also", "as", "off", "leave", "pto", "for", "then", "is", "was"}
    | {"if", "thanks", "thx", "and", "or", "of", "to", "till", "until", "through", "thru", "n"}
    | {"onwards", "only", "instead", "so", "but", "at", "from", "in", "on", "y", "et", "und", "al"}
    | {"ooo", "out", "away", "sick", "cl", "sl", "el", "al", "wfh", "half", "full", "day", "week"}
    | {"last"}  # "the fifth last day of May"
)
_FIRST_DAY_OF = frozenset({"school", "term", "work", "class", "classes", "kindergarten", "daycare"})
_COUNTED = frozenset(
    {"two", "three", "four", "five", "six", "seven", "few", "couple", "days", "week", "weeks"}
    | {"half", "part", "bit", "time", "thing", "2", "3", "4", "5"}
)


def extract(tokens: list[Tok], today: dt.date, cal: WorkCalendar, past: list[bool]) -> Extraction:
    """Find every date expression and half-day marker of a tokenised message.

    ``past[k]`` tells whether token ``k`` sits in a past-tense clause, where a
    bare weekday or date reads backwards (``was sick on Monday``).
    """
    g = _Grammar(tokens, today, cal, past)
    marks = find_marks(g)
    items: list[DateItem] = []
    i = 0
    while i < g.n and len(items) < MAX_ITEMS:
        if g.blocked[i] or (tokens[i].kind == "word" and tokens[i].text not in _STARTERS):
            i += 1
            continue
        base = None
        if (
            items
            and items[-1].dates
            and items[-1].weekdays is not None
            and items[-1].kind == "point"
        ):
            # "Friday and Monday": a bare weekday after another comes after it
            gap = [tokens[k].text for k in range(items[-1].end, i)]
            if (
                gap
                and all(w in _LIST_JOINERS or w in _LISTED_LEAVE or w == "plus" for w in gap)
                and any(w in _LIST_JOINERS or w == "plus" for w in gap)
                and tokens[i].text in WEEKDAYS
                and (
                    ("plus" not in gap and any(w in _LIST_JOINERS for w in gap))
                    # "next Tuesday and Wednesday off, plus Thursday morning": that week's
                    # Thursday ("Friday plus Thursday afternoon" is this week's)
                    or (
                        today + dt.timedelta(days=(WEEKDAYS[tokens[i].text] - today.weekday()) % 7)
                    ).isocalendar()[:2]
                    < items[-1].dates[-1].isocalendar()[:2]
                )
            ):
                # "Friday and Monday", "Off Monday, half day Tuesday morning, and out Friday"
                base = items[-1].dates[-1]
        elif items and items[-1].dates and items[-1].kind in ("point", "range"):
            gap = [tokens[k].text for k in range(items[-1].end, i) if tokens[k].text not in _POLITE]
            the_day = tokens[i].text == "the" and i + 1 < g.n and tokens[i + 1].text == "day"
            if (
                gap
                and all(w in _LIST_JOINERS for w in gap)
                and (
                    tokens[i].text not in _NOT_LISTED or the_day  # "yesterday and the day before"
                )
            ):
                base = items[-1].dates[-1]
            elif (
                (wd_at := i + 1 if tokens[i].text == "the" and i + 1 < g.n else i) >= 0
                and tokens[wd_at].text in WEEKDAYS
                and (len(tokens[wd_at].text) > 3 or tokens[wd_at].orig[:1].isupper())  # not "mon"
                and items[-1].kind == "point"
                and len(items[-1].dates) == 1
                and items[-1].dates[0]
                > today + dt.timedelta(days=(WEEKDAYS[tokens[wd_at].text] - today.weekday()) % 7)
                and not (
                    wd_at + 1 < g.n
                    and (tokens[wd_at + 1].kind != "word" or tokens[wd_at + 1].text in MONTHS)
                    and tokens[wd_at + 1].kind != "punct"
                )  # "Friday 12/6 off + half day Thursday 11/6": its own date
                and gap
                and all(w in _LIST_JOINERS or w in _LISTED_LEAVE or w == "plus" for w in gap)
                and any(w in _LIST_JOINERS or w == "plus" for w in gap)
            ):
                # "Off Monday 7/6, plus half day Tuesday morning": the Tuesday after it
                base = items[-1].dates[-1]
        g.past = past[i] if i < len(past) else False
        listed = g.day_list(i, base)
        if listed:
            items.extend(listed)
            i = listed[-1].end
            continue
        item = g.item(i, base)
        if item is None or item.end <= i:
            i += 1
            continue
        if (
            item.kind == "count"
            and "count_without_start" in item.notes
            and items
            and items[-1].end == item.start
            and items[-1].kind in ("set", "week", "range")
            and items[-1].dates
        ):
            i = item.end  # "w/c 9th Feb for a week in Tenerife": the week said again
            continue
        items.append(item)
        i = item.end
    items = _check_weekday_notes(_bracketed_weekdays(items, tokens, g.notes), tokens, g.notes)
    items = _apply_week_context(items, tokens, today, week_first_day(cal))
    items = _then_until(items, tokens, g)
    # Segments: separators outside date items split the message into parts.
    covered = [False] * g.n
    for it in items:
        for k in range(it.start, min(it.end, g.n)):
            covered[k] = True
    segments: list[int] = []
    seg = 0
    ends = {it.end - 1 for it in items if it.end - 1 < g.n}
    for k, tok in enumerate(tokens):
        if not covered[k] and tok.text in _SEPARATORS:
            seg += 1
        segments.append(seg)
        if k in ends and tok.text in _SENTENCE_ENDS:
            seg += 1  # "off Monday. HD Tuesday": the item took the full stop, which still ends it
    unplaced: list[str] = []
    for k, tok in enumerate(tokens):
        if covered[k] or g.blocked[k]:
            continue
        if _looks_like_date(tok, tokens, k):
            unplaced.append(tok.orig)
    return Extraction(tokens, items, marks, segments, unplaced, g.notes, g.past_used)


_SENTENCE_ENDS = frozenset({".", ";", "!", "?"})


def _then_until(items: list[DateItem], tokens: list[Tok], g: _Grammar) -> list[DateItem]:
    """``Knee surgery on Wednesday 31st, then on sick leave till Friday 2 April``: the open
    range starts on the day said before its ``then``, not today."""
    out: list[DateItem] = []
    for item in items:
        before = out[-1] if out else None
        if (
            before is not None
            and "open_range" in item.notes
            and tokens[item.start].text in _TILL
            and before.kind == "point"
            and len(before.dates) == 1
            and item.dates
            and before.dates[0] < item.dates[-1]
        ):
            gap = [t.text for t in tokens[before.end : item.start]]
            if "then" in gap and not any(w in _SENTENCE_ENDS for w in gap):
                span = g._span(before.dates[0], item.dates[-1])
                out[-1] = DateItem(before.start, item.end, span, "range")
                continue
        out.append(item)
    return out


_POLITE = frozenset({"please", "pls", "plz", "also"})
_ITEM_JOINERS = frozenset({"and", "&", "+", "plus", "n", "nd"})
# Between the numbers of a day list, also "and" in the languages people mix in
# ("4, 5 y 7 de enero", "4 en 5 mei", "4 und 5. Mai", "4 et 5 mai", "4 e 5", "4 og 5").
_DAY_LIST_JOINERS = _ITEM_JOINERS | _FOREIGN_AND | {",", "e"}
_OF_MY_LEAVE = frozenset(
    {"of", "my", "the", "leave", "vacation", "pto", "holiday", "holidays", "al", "booking"}
)
_WHOLE_WEEK = frozenset({"whole", "entire", "full", "all", "rest", "remainder", "remaining"})


# Between a week's weekdays and one more after them: "then", a half day's words
_THEN_HALF = frozenset({",", "then", "and", "half", "day", "1/2", "-", "a", "hd", "full"})


def _apply_week_context(
    items: list[DateItem], tokens: list[Tok], today: dt.date, first_weekday: int = 0
) -> list[DateItem]:
    """A week qualifies the weekdays named with it (convention 16).

    ``Monday and Tuesday next week``, ``next week I'm off Wed-Fri``, ``Mon, Wed
    and Fri off next week``: the bare weekdays of the sentence are placed in
    that week, and the week itself adds no day. A week joined to the weekdays
    as an item of its own (``Friday and next week``) or taken whole (``the
    whole of next week``) qualifies nothing.
    """
    sentence: list[int] = []
    n = 0
    for tok in tokens:
        sentence.append(n)
        if tok.text in _SENTENCE_ENDS:
            n += 1
    out = list(items)
    for k, placed in enumerate(out):
        # "Tue & Friday of next week": the week of the last weekday places the ones before it
        if placed.week is None:
            continue
        j = -1 if placed.week_forward_only else k - 1
        while (
            j >= 0
            and out[j].weekdays is not None
            and sentence[out[j].start] == sentence[placed.start]
        ):
            gap = {tokens[t].text for t in range(out[j].end, out[j + 1].start)}
            # "cancel Mon through Thu of my vacation next week": the leave they are days of
            of_my_leave = tokens[out[j].end].text == "of" and gap <= _OF_MY_LEAVE
            if not (gap <= _ITEM_JOINERS | {","} or of_my_leave):
                break
            if out[j + 1].weekdays is not None and _goes_back(out[j], out[j + 1]):
                break
            if out[j + 1] is placed and _goes_back_from(out[j], placed):
                break  # "off Friday + Mon-Tue next week": this Friday, then next week
            _place(out[j], placed.week)
            j -= 1
        j = k + 1
        while j < len(out) and out[j].weekdays is not None:
            gap = {tokens[t].text for t in range(out[j - 1].end, out[j].start)}
            # "Off next week Mon-Wed, then 1/2 day Thu arvo": that week's Thursday
            if not gap <= _ITEM_JOINERS | _THEN_HALF:
                break
            _place(out[j], placed.week)
            j += 1
    for k, week in enumerate(out):
        if week.kind not in ("week", "this_week") or not week.dates:
            continue
        if tokens[week.start].text in _WHOLE_WEEK:
            continue
        first = week.dates[0]
        monday = first - dt.timedelta(days=(first.weekday() - first_weekday) % 7)  # its start
        here = sentence[week.start]
        after = [
            j
            for j in range(k + 1, len(out))
            if sentence[out[j].start] == here and out[j].weekdays is not None
        ]
        stop = next(
            (j for j in range(k + 1, len(out)) if out[j].kind in ("week", "this_week")), None
        )
        if stop is not None:
            after = [j for j in after if j < stop]
        before_tok = tokens[week.start - 1].text if week.start > 0 else ""
        before: list[int] = []
        if before_tok not in _ITEM_JOINERS:
            j = k - 1
            while j >= 0 and sentence[out[j].start] == here and out[j].weekdays is not None:
                if before and _goes_back(out[j], out[before[-1]]):
                    break  # "off Friday + Mon-Tue next week": this Friday, then next week
                before.append(j)
                j -= 1
        group = before + after if not after or before_tok not in _ITEM_JOINERS | {","} else after
        if not group:
            continue
        for g in group:
            _place(out[g], monday)
        week.week_days = week.dates
        week.placed = [out[g] for g in group]
        week.dates = []
        week.contributes = False
    for k, week in enumerate(out):
        # "Moving apartments next week so I'm taking Thursday the 5th and Friday the 6th": the
        # week says when, the days named after it in other words are the ones taken
        if week.kind != "week" or not week.dates or not week.contributes:
            continue
        if tokens[week.start].text in _WHOLE_WEEK:
            continue
        later = [
            it
            for it in out[k + 1 :]
            if it.dates and sentence[it.start] == sentence[week.start] and it.kind == "point"
        ]
        monday = _monday(week.dates[0])
        sunday = monday + dt.timedelta(days=6)
        if not later or not all(monday <= d <= sunday for it in later for d in it.dates):
            continue
        gap = {tokens[t].text for t in range(week.end, later[0].start)}
        if gap - _ITEM_JOINERS - {",", "on", "the", "-", ":"}:
            week.week_days = week.dates
            week.dates = []
            week.contributes = False
    return out


# After a weekday in a name: "Vendredi saint", "Viernes Santo", "Jueves Santo" (Holy Week)
_HOLY_WEEK_AFTER = frozenset({"saint", "santo", "santa"})


def _names_no_weekday(before: str, after: str, tokens: list[Tok], k: int) -> bool:
    """Whether the weekday word at ``k`` (between the words ``before`` and ``after``) is part of
    a name, not a day: ``Good Friday``, ``Vendredi saint``, ``Sun Valley``."""
    return (
        before in _NOT_A_WEEKDAY_BEFORE
        or after in _HOLY_WEEK_AFTER
        or _a_name_not_a_weekday(tokens, k)
    )


def _a_name_not_a_weekday(tokens: list[Tok], k: int) -> bool:
    """Whether the weekday word at ``k`` begins a name, before a capitalised word that is no
    month or weekday: "Sun" (``Sun Valley``, ``Sun City``), a short weekday after a word of
    place (``moving to an apartment in Thủ Đức``, read folded as "Thu Duc"), or a weekday of
    another language (``a Mardi Himal trek``)."""
    orig = tokens[k].orig
    if (
        k + 1 >= len(tokens)
        or not (
            orig == "Sun"
            or (
                len(orig) == 3
                and orig[:1].isupper()
                and k > 0
                and tokens[k - 1].text in ("in", "at", "near")
            )
            # "a Mardi Himal trek": a weekday of another language before a name
            or (
                orig[:1].isupper()
                and tokens[k].text in _FOREIGN_WEEKDAYS
                and tokens[k + 1].text not in ("gras", "santo", "saint", "sainte")
            )
        )
    ):
        return False
    after = tokens[k + 1]
    return (
        after.kind == "word"
        and after.orig[:1].isupper()
        and after.text not in MONTHS
        and after.text not in WEEKDAYS
    )


# Before a week's number: "week 9", Norwegian "uke 9", Danish "uge 9", Swedish "vecka 9",
# German "KW 9"
_WEEK_NUMBERED = frozenset({"week", "wk", "uke", "uge", "vecka", "kw", "viikko", "woche"})
_LISTED = frozenset({",", "&", "and", "+", "/"})
# "long weekend", "my brother's wedding weekend": a weekend that is what the days said make,
# or an occasion's, beside them
_A_WEEKEND_OF = frozenset({"long", "wedding", "birthday", "anniversary", "stag", "hen", "festival"})


def _bracketed_weekdays(
    items: list[DateItem], tokens: list[Tok], notes: list[str]
) -> list[DateItem]:
    """``Leave on Nov 4 & 5 (Thu-Fri)``, ``off 1st and 2nd June (Mon, Tue)``: the weekdays in
    brackets after a list of dates check them, one for each, and add no day."""
    out: list[DateItem] = []
    j = 0
    while j < len(items):
        item = items[j]
        if item.weekdays is None or item.start == 0 or tokens[item.start - 1].text != "(":
            out.append(item)
            j += 1
            continue
        group = [item]
        k = j + 1
        while (
            k < len(items)
            and items[k].weekdays is not None
            and items[k].kind == "point"
            and all(tokens[t].text in _LISTED for t in range(group[-1].end, items[k].start))
        ):
            group.append(items[k])
            k += 1
        said: list[int] = []
        for g in group:
            wds = g.weekdays
            assert wds is not None
            if g.kind == "range":
                said.extend((wds[0] + d) % 7 for d in range((wds[1] - wds[0]) % 7 + 1))
            else:
                said.append(wds[0])
        dated: list[DateItem] = []
        for before in reversed(out):
            follows = dated[0].start if dated else item.start - 1
            if (
                before.kind != "point"
                or before.weekdays is not None
                or len(before.dates) != 1
                or not all(tokens[t].text in _LISTED for t in range(before.end, follows))
            ):
                break
            dated.insert(0, before)
        closes = group[-1].end < len(tokens) and tokens[group[-1].end].text == ")"
        if not (closes and len(said) >= 2 and len(dated) == len(said)):
            out.append(item)
            j += 1
            continue
        if [d.dates[0].weekday() for d in dated] != said:
            notes.append("weekday_mismatch")
        dated[-1].end = group[-1].end
        j = k
    return out


# What may stand between a weekday and the date in brackets that says which one it is
_BEFORE_ITS_DATE = frozenset(
    {"(", ",", "leave", "off", "pto", "holiday", "vacation", "morning", "afternoon", "am", "pm"}
    | {"after", "as", "well", "too", "also"}
)


def _check_weekday_notes(
    items: list[DateItem], tokens: list[Tok], notes: list[str]
) -> list[DateItem]:
    """``the 20th (Friday)``: a weekday in brackets after a date checks it, adds no day;
    ``Tues-Fri (9/8-9/11)``, ``Mon-Wed, 11/23-11/25``: dates after weekdays say which."""
    out: list[DateItem] = []
    for item in items:
        before = out[-1] if out else None
        if (
            before is not None
            and before.kind == "point"
            and len(before.dates) == 1
            and item.weekdays is not None
            and item.kind == "point"
            and item.start > 0
            and (
                tokens[item.start - 1].text == "("
                # "VL ako Jan 15 Friday": a weekday right after the date checks it too
                or (item.start == before.end and before.weekdays is None)
            )
            # "and 2 Jan too (Sat)"
            and all(
                tokens[t].text in ("(", ",", "too", "also") for t in range(before.end, item.start)
            )
        ):
            if before.dates[0].weekday() != item.weekdays[0]:
                notes.append("weekday_mismatch")
            before.end = item.end
            continue
        if (
            before is not None
            and before.kind == "point"
            and before.weekdays is not None
            and len(before.dates) == 1
            and item.kind == "point"
            and item.weekdays is None
            and len(item.dates) == 1
            and item.start > 1
            and (
                tokens[item.start - 1].text == "("
                # "Carnival Friday off, 5th Feb": after a comma, only the same day; "half day
                # Saturday morning 22nd": after its half too
                or (
                    tokens[item.start - 1].text in (",", "morning", "afternoon")
                    and item.dates[0].weekday() == before.weekdays[0]
                )
            )
            # "plus the Friday morning (5th)", "the Tuesday after as well (27 Oct)"
            and all(tokens[t].text in _BEFORE_ITS_DATE for t in range(before.end, item.start))
            and not (
                len(out) > 1 and out[-2].weekdays is not None and out[-2].end + 1 >= before.start
            )
        ):
            # "cancel my Friday leave (7th May)": the date in brackets says which Friday
            if item.dates[0].weekday() != before.weekdays[0]:
                notes.append("weekday_mismatch")
            item.start = before.start
            out[-1] = item
            continue
        if (
            before is not None
            and before.weekdays is None
            and before.kind == "range"
            and item.weekdays is not None
            and item.kind == "range"
            and item.start > 0
            and tokens[item.start - 1].text == "("
            and (
                before.end == item.start - 1
                or (
                    item.start - 1 - before.end <= 6
                    and (before.dates[0].weekday(), before.dates[-1].weekday()) == item.weekdays
                )  # "Off 23-25 Feb for Fasnacht (Mon-Wed)": a reason between, the same days
            )
        ):
            # "OOO 18-21 May (Tue to Fri)": the weekdays in brackets check the dates
            if (before.dates[0].weekday(), before.dates[-1].weekday()) != item.weekdays:
                notes.append("weekday_mismatch")
            before.end = item.end
            continue
        if (
            before is not None
            and before.weekdays is not None
            and before.dates
            and item.weekdays is None
            and item.dates
            and item.kind == before.kind == "range"
            and item.start > 0
            and tokens[item.start - 1].text in ("(", ",")
            and all(tokens[t].text in ("(", ",") for t in range(before.end, item.start))
        ):
            # "Tues-Fri (9/8-9/11)": the dates in brackets say which weekdays
            if (item.dates[0].weekday(), item.dates[-1].weekday()) != before.weekdays:
                notes.append("weekday_mismatch")
            item.start = before.start
            out[-1] = item
            continue
        out.append(item)
    return out


# "to" in the languages people mix in, between two dates: Spanish, German, French, Dutch.
# ... and Hindi's "se ... tak" ("3rd Aug se 7th Aug tak"), from ... to, said between them.
_FOREIGN_TO = frozenset({"al", "hasta", "bis", "au", "tot", "se", "a", "ate"})


def _goes_back(earlier: DateItem, later: DateItem) -> bool:
    """Whether a list of weekdays goes back in the week from ``earlier`` to ``later``
    (``Friday + Mon-Tue``): people list days in order, so they are in two weeks."""
    assert earlier.weekdays is not None
    assert later.weekdays is not None
    return earlier.weekdays[-1] >= later.weekdays[0]


def _goes_back_from(earlier: DateItem, placed: DateItem) -> bool:
    """``_goes_back`` against a weekday already placed in its week."""
    assert earlier.weekdays is not None
    return bool(placed.dates) and earlier.weekdays[-1] >= placed.dates[0].weekday()


def _place(item: DateItem, monday: dt.date) -> None:
    """Put a bare weekday (or a range of two) in the week that starts on ``monday`` (a
    Sunday for a Sunday-to-Thursday week)."""
    wds = item.weekdays
    assert wds is not None
    first = _day_in_week(monday, wds[0])
    last = _day_in_week(monday, wds[1])
    item.dates = [first + dt.timedelta(days=d) for d in range((last - first).days + 1)]
    item.weekdays = None
    item.week = monday


# "for our 25th", "her 40th": an anniversary or an age ("my 30th" may be my leave on the 30th)
_WHOSE_AGE = frozenset({"our", "his", "her", "their"})
_KIND_OF_DAYS = frozenset(
    {"sick", "vacation", "holiday", "personal", "leave", "pto", "annual", "casual", "comp"}
)


# Words a number may stand before with a date after that make it no day of that date's
# month: "3 days 22 March" (a count), "2 of 23 March"
_BETWEEN_NUMBERS = frozenset(
    {"day", "days", "night", "nights", "week", "weeks", "hour", "hours", "hrs", "h", "x", "of"}
    | {"and", "or", "to", "till", "until", "thru", "through", "at", "on", "from", "pm", "am"}
)


def _looks_like_date(tok: Tok, tokens: list[Tok], k: int) -> bool:
    t = tok.text
    if tok.kind == "ord" and tok.value > 31:
        return False  # "my grandpa's 80th": a birthday, no day of a month
    if tok.kind == "ord" and k + 1 < len(tokens) and tokens[k + 1].text in _ORDINAL_NOUNS:
        return False  # "my 3rd year seminars"
    if tok.kind == "ord" and k + 1 < len(tokens) and tokens[k + 1].text in ("week", "weeks"):
        return False  # "the 2nd week of the school hols"
    if tok.kind == "ord" and k > 0 and tokens[k - 1].orig.lower().endswith(("'s", "’s")):
        return False  # "my cousin's 30th": an age
    if tok.kind == "ord" and k > 0 and tokens[k - 1].text in _WHOSE_AGE:
        return False  # "for our 25th": an anniversary
    if tok.kind in ("iso", "full", "slash", "ord"):
        return True
    if tok.kind == "num":
        # "Mo pran conge 22 ek 23 mars": a day number, a word not known, a day and its month
        return (
            1 <= tok.value <= 31
            and k + 3 < len(tokens)
            and tokens[k + 1].kind == "word"
            and tokens[k + 1].text not in _SEPARATORS
            and tokens[k + 1].text not in _BETWEEN_NUMBERS
            and tokens[k + 2].kind in ("num", "ord")
            and tokens[k + 3].text in MONTHS
        )
    if tok.kind != "word":
        return False
    if t == "tomo" and k + 1 < len(tokens) and tokens[k + 1].text in _SPANISH_TAKEN:
        return False  # Spanish "Tomo vacaciones": I take
    if t in MONTHS:
        return t not in AMBIGUOUS_MONTHS
    if t in WEEKDAYS:
        before = tokens[k - 1].text if k > 0 else ""
        after = tokens[k + 1].text if k + 1 < len(tokens) else ""
        return t not in AMBIGUOUS_WEEKDAYS and not _names_no_weekday(before, after, tokens, k)
    if t in RELATIVE_DAYS:
        if tok.orig.lower().endswith("'s") and k > 0 and tokens[k - 1].text == "from":
            return False  # "food poisoning from yesterday's kebab": the event's day
        return not (t == "tom" and tok.orig == "Tom")
    if t == "days" and k > 0 and tokens[k - 1].text in _KIND_OF_DAYS:
        return False  # "as sick days", "two vacation days": the kind, not a count
    if t in ("weekend", "fortnight", "days"):
        return True
    return t in ("week", "month") and k > 0 and tokens[k - 1].text in ("next", "this", "coming")
