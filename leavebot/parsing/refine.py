"""Thread replies that refine a request, read by rules: "also Monday", "afternoon only".

In a thread where its author has a pending request or booked leave, a reply
is most often a change to that leave, not a request on its own: "make it a
half day" names no date yet means the request's day, not today.
``read_refinement`` reads such a reply against the leave as it stands
(``current``) and answers the whole leave wanted after it, or asks which day
a part of a day is for, or None when the reply is not a refinement it is sure
of (the parser then reads it as a message of its own, with the LLM when one
is configured and the rules are unsure).

What it understands (``how`` says which):

- ``portion``: a part of a day with no date ("make it a half day", "afternoon
  only", "just the morning", "full day") applies to the request's day when it
  has one, to every day with "all"/"both"/"them", to the one day it can
  change (a half day asked where one day only is a full day), and otherwise
  asks which day (``ask_which``); a part named with a day of the request ("Friday
  afternoon") changes that day.
- ``add``: "also Monday", "and Friday too", "plus Tuesday", "Monday as well".
- ``replace``: "actually Tuesday instead", "make it Tuesday", "no, Tuesday"
  (the whole leave becomes the days named; a single half day stays a half
  day), "not Friday, Thursday", "Thursday instead of Friday", "move Friday to
  Monday" (the day named first is replaced).
- ``remove``: "not Friday", "drop Friday", "without Friday", "cancel Friday"
  (only days the leave holds).
- ``cancel``: "cancel it", "cancel my leave", "forget it": nothing is wanted.
- ``bare``: days with no word of change ("Friday"); the parser takes them as a
  replacement only for a pending request. Days the leave already holds, named
  alone, are the answer to a "which day?" question (``asked_portion``) or
  nothing sure.

Dates resolve as everywhere else (``leavebot.parsing.dates`` on the author's
calendar); the days named that are not working days are left out and listed
in ``dropped``. Pure and offline.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

from leavebot import changes
from leavebot.domain import DroppedDay, LeaveDay, WorkCalendar, normalize_days
from leavebot.parsing.dates import extract
from leavebot.parsing.markup import normalize_text
from leavebot.parsing.patterns import _SICK
from leavebot.parsing.rules import _dropped, _portions, dates_alone, parse_rules
from leavebot.parsing.tokens import tokenize
from leavebot.parsing.tries import trie_compile
from leavebot.types import Category, Portion

How = Literal["portion", "add", "replace", "remove", "cancel", "bare"]
_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")

_CANCEL_ALL = trie_compile(
    r"^(?:(?:please|pls|actually|sorry|oh|ok|okay|no)[\s,]+)*"
    r"(?:cancel|revoke|withdraw|scrap|forget|drop|call\s+off)"
    r"(?:\s+(?:it|that|this|them|all|everything|the\s+whole\s+thing|(?:the|my)\s+"
    r"(?:leave|request|pto|vacation|time\s+off|booking)))*"
    r"(?:[\s,]+(?:please|pls|thanks|thank\s+you))?\s*[.!]*$"
)
_MOVE = trie_compile(
    r"\b(?:move|change|shift|switch|swap|push|reschedule)\s+(?:my\s+leave\s+)?(?:on\s+|from\s+)?"
    r"(?P<old>.+?)\s+(?:to|for|with|into)\s+(?P<new>.+)$"
)
_INSTEAD_OF = trie_compile(r"\b(?:instead\s+of|rather\s+than|in\s+place\s+of)\b")
_NOT = trie_compile(r"\b(?:not|no)\b")
_NOT_SEGMENT_END = trie_compile(r"[,;]|\b(?:but|rather|instead|just|only|make\s+it|i\s+meant)\b")
_REMOVE = trie_compile(
    r"\b(?:drop|remove|without|except|minus|skip|exclude|delete|cancel|revoke|take\s+off|"
    r"not\s+taking|no\s+longer)\b"
)
_ADD = trie_compile(
    r"^(?:and|also|plus|add|\+)\b|^\+|\b(?:too|as\s+well|also|additionally|in\s+addition|"
    r"plus|one\s+more\s+day|another\s+day)\b"
)
_INSTEAD = trie_compile(
    r"^(?:no|nope)\b|\b(?:instead|actually|rather|make\s+it|change\s+it\s+to|move\s+it\s+to|"
    r"switch\s+(?:it\s+)?to|correction|i\s+meant|meant\s+to\s+say|not\s+that)\b"
)
_ALL = trie_compile(r"\b(?:all|both|them|each|every|whole|entire|everything)\b")
_CHANGE_TALK = trie_compile(
    r"\b(?:push|pushed|move|moved|shift|shifted|postpone|postponed|prepone|extend|extended|"
    r"shorten|earlier|later|reschedul\w*|another|more|fewer|less|instead|rather|change|swap|"
    r"switch|add|drop|remove|cancel|half|full)\b"
)
_PLEASANTRY = trie_compile(
    r"\b(?:thanks?|thank\s+you|thx|ty|cheers|see\s+you|great|cool|nice|ok|okay|sure|noted|"
    r"enjoy|get\s+well|take\s+care|welcome)\b"
)


@dataclass(frozen=True)
class Refinement:
    """What a reply does to the leave it refines."""

    kind: Literal["wanted", "ask_which"]
    days: tuple[LeaveDay, ...]
    """``wanted``: the whole leave after the reply; ``ask_which``: the days to pick from."""
    category: Category
    how: How
    portion: Portion | None = None
    """``ask_which``: the part of a day asked for."""
    dropped: tuple[DroppedDay, ...] = ()


@dataclass
class _Part:
    """Dates named in a reply: each item's days with its position, and the parts named."""

    items: list[tuple[int, int, tuple[LeaveDay, ...]]] = field(default_factory=list)
    sides: set[str] = field(default_factory=set)
    dropped: tuple[DroppedDay, ...] = ()

    @property
    def days(self) -> tuple[LeaveDay, ...]:
        return changes.merged(d for _, _, days in self.items for d in days)


def read_part(
    text: str, now: dt.datetime, calendar: WorkCalendar, *, normalized: bool = False
) -> _Part:
    """The dates and day parts ``text`` names (working days only; the rest in ``dropped``);
    item positions are in ``text`` when it is ``normalized`` (``normalize_text``'s)."""
    norm = text if normalized else normalize_text(text)[0]
    low = norm.translate(_LOWER)
    tokens = tokenize(norm, low)
    today = calendar.local_date(now)
    ex = extract(tokens, today, calendar, [False] * len(tokens))
    items = [i for i in ex.items if i.contributes]
    raw = _portions(ex, items, today) if items else []
    part = _Part(sides={m.side for m in ex.marks})
    at = 0
    for item in items:
        named = raw[at : at + len(item.dates)]
        at += len(item.dates)
        start = tokens[item.start].pos if item.start < len(tokens) else len(norm)
        end_token = tokens[item.end - 1] if 0 < item.end <= len(tokens) else None
        end = end_token.pos + len(end_token.text) if end_token else start
        part.items.append((start, end, normalize_days(named, calendar)))
    part.dropped = _dropped(items, raw, calendar)
    return part


def read_refinement(
    text: str,
    now: dt.datetime,
    calendar: WorkCalendar,
    current: Sequence[LeaveDay],
    category: Category,
    *,
    asked_portion: Portion | None = None,
) -> Refinement | None:
    """The leave wanted after reply ``text`` to ``current`` (None: not a sure refinement).

    ``asked_portion``: the part of a day the bot asked "which day?" about, so that a
    reply naming only a day ("Friday") gives that day that part.
    """
    norm = " ".join(normalize_text(text)[0].split())
    low = norm.translate(_LOWER)
    if not low or low.endswith("?") or not current:
        return None
    current = tuple(current)
    category = _category(text, now, calendar, category)

    def wanted(
        days: Sequence[LeaveDay], how: How, dropped: Sequence[DroppedDay] = ()
    ) -> Refinement:
        return Refinement("wanted", changes.merged(days), category, how, dropped=tuple(dropped))

    if _CANCEL_ALL.match(low):
        return wanted((), "cancel")
    moved = _MOVE.search(low)
    if moved:
        old = read_part(norm[moved.start("old") : moved.end("old")], now, calendar)
        new = read_part(norm[moved.start("new") : moved.end("new")], now, calendar)
        if old.items and new.items and _within(old.days, current):
            return wanted(_replace(current, old.days, new), "replace", new.dropped)
    part = read_part(norm, now, calendar, normalized=True)
    if not part.items:
        portion = _side_portion(part.sides)
        if portion is None:
            return None
        if part.dropped:  # "Saturday afternoon": a day was named, just not a working one
            return wanted(current, "portion", part.dropped)
        if len(current) == 1 or _ALL.search(low):
            return wanted([LeaveDay(date=d.date, portion=portion) for d in current], "portion")
        # "make it a half day" when one day only is a full day: that one (and the
        # other way round for "full day" and one half day).
        others = [d for d in current if (d.portion == "full") == (portion != "full")]
        if len(others) == 1:
            only = LeaveDay(date=others[0].date, portion=portion)
            return wanted(changes.replace_portions(current, [only]), "portion")
        return Refinement("ask_which", current, category, "portion", portion=portion)
    new_days = part.days
    dropped = part.dropped
    instead_of = _INSTEAD_OF.search(low)
    if instead_of:
        new = read_part(norm[: instead_of.start()], now, calendar)
        old = read_part(norm[instead_of.end() :], now, calendar)
        if old.items and new.items and _within(old.days, current):
            return wanted(_replace(current, old.days, new), "replace", new.dropped)
        return None
    negated = _negated(low, part)
    if negated is not None:
        start, end = negated
        old = read_part(norm[start:end], now, calendar)
        new = read_part(norm[:start] + " " + norm[end:], now, calendar)
        if _within(old.days, current):
            if new.items:
                return wanted(_replace(current, old.days, new), "replace", new.dropped)
            return wanted(changes.without(current, old.days), "remove", dropped)
    if _REMOVE.search(low):
        if not _within(new_days, current):
            return None
        return wanted(changes.without(current, new_days), "remove", dropped)
    if _ADD.search(low):
        return wanted(changes.union(current, new_days), "add", dropped)
    if _INSTEAD.search(low):
        return wanted(_carry(current, new_days, part.sides), "replace", dropped)
    if new_days and _within(new_days, current):
        if part.sides:  # "Friday afternoon": that day, that part
            return wanted(changes.replace_portions(current, new_days), "portion", dropped)
        if asked_portion is not None:
            days = [LeaveDay(date=d.date, portion=asked_portion) for d in new_days]
            return wanted(changes.replace_portions(current, days), "portion", dropped)
        return None  # days the leave already holds, and nothing said about them
    if new_days and not _has_leave_words(text, now, calendar) and not _PLEASANTRY.search(low):
        return wanted(_carry(current, new_days, part.sides), "bare", dropped)
    if not new_days and dropped:  # "also Saturday": nothing to add, and the reply says why
        return wanted(current, "add", dropped)
    return None


def speaks_of_a_change(text: str, now: dt.datetime, calendar: WorkCalendar) -> bool:
    """Whether a reply talks of changing days ("can we push it back a week"), so that the
    rules reading it as no leave at all is not sure in a thread about leave. Days named
    in thanks or a goodbye ("thanks, see you Monday") are not a change."""
    norm = normalize_text(text)[0]
    low = norm.translate(_LOWER)
    if _CHANGE_TALK.search(low):
        return True
    if _PLEASANTRY.search(low):
        return False
    part = read_part(norm, now, calendar, normalized=True)
    return bool(part.items or part.sides)


def _category(text: str, now: dt.datetime, calendar: WorkCalendar, category: Category) -> Category:
    """The reply's category when it speaks of illness, else the leave's own."""
    norm, sick_emoji, _ = normalize_text(text)
    if sick_emoji or _SICK.search(norm.translate(_LOWER)):
        return "sick"
    return category


def _has_leave_words(text: str, now: dt.datetime, calendar: WorkCalendar) -> bool:
    """Whether the reply reads as a leave or cancel of its own (not only dates: in the
    channel ``Friday`` alone is a leave, in a thread a reply naming a day)."""
    if parse_rules(text, now, calendar).request.intent == "none":
        return False
    return not dates_alone(text, now, calendar)


def _side_portion(sides: set[str]) -> Portion | None:
    if "am" in sides and "pm" in sides:
        return "full"
    if "am" in sides:
        return "am"
    if "pm" in sides:
        return "pm"
    if "half" in sides:
        return "am"
    if "full" in sides:
        return "full"
    return None


def _within(days: Sequence[LeaveDay], current: Sequence[LeaveDay]) -> bool:
    """Whether every date of ``days`` is one of ``current``'s."""
    dates = {d.date for d in current}
    return bool(days) and all(d.date in dates for d in days)


def _negated(low: str, part: _Part) -> tuple[int, int] | None:
    """Where the negated days are in ("not Friday, Thursday"): from "not" to the end of
    its part of the reply (a comma, "but", "instead"...), when days follow it at once."""
    for match in _NOT.finditer(low):
        after = [i for i in part.items if i[0] >= match.end()]
        if not after:
            continue
        first = min(after, key=lambda i: i[0])
        gap = low[match.end() : first[0]].split()
        if len(gap) > 2 or any(w not in ("on", "the", "this", "for") for w in gap):
            continue
        stop = _NOT_SEGMENT_END.search(low, first[1])
        return match.start(), stop.start() if stop else len(low)
    return None


def _replace(current: Sequence[LeaveDay], old: Sequence[LeaveDay], new: _Part) -> list[LeaveDay]:
    """``current`` with the dates of ``old`` replaced by ``new``'s days (a half day moved
    keeps its half unless the reply names a part)."""
    rest = [d for d in current if d.date not in {o.date for o in old}]
    moved = list(new.days)
    if len(old) == 1 and len(moved) == 1 and not new.sides:
        was = next((d for d in current if d.date == old[0].date), None)
        if was is not None and was.portion != "full":
            moved = [LeaveDay(date=moved[0].date, portion=was.portion)]
    return [*rest, *moved]


def _carry(current: Sequence[LeaveDay], new: Sequence[LeaveDay], sides: set[str]) -> list[LeaveDay]:
    """The new days replacing every current one (a single half day keeps its half)."""
    if len(current) == 1 and len(new) == 1 and not sides and current[0].portion != "full":
        return [LeaveDay(date=new[0].date, portion=current[0].portion)]
    return list(new)
