"""A seeded generator of labelled leave messages, whose answers come from their parts.

Each message is composed from a date expression (relative days, weekdays,
``next``, weeks, days of month, month and day, numeric and ISO dates, ranges
of every written form, counts, lists of day numbers, weekdays placed by a
week, ``back on``), half-day words, an intent (a leave in many phrasings,
convention 18's leave without the word leave, a cancel, or one of the
near-misses of convention 13), a reason (which sets the category), and
fillers: greetings, sign-offs, emoji, Slack markup and common short forms.
The expected ``LeaveRequest`` is computed here from the dates each part was
built from, by the conventions of ``docs/parsing.md``, with nothing from
``leavebot.parsing``: only the standard library, so the answers are the
grammar's, never the parser's.

Reproducible: the same seed gives the same lines. ``tests/corpus/
leave-generated.jsonl`` is seed 14, 2,000 lines (a test checks the file is
what the generator makes)::

    python -m tests.corpus.generate --seed 14 --count 2000 > tests/corpus/leave-generated.jsonl

``message(rng)`` is one draw from the grammar; the hypothesis tests
(``tests/test_parsing_generated.py``) drive it with their own randoms.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
WEEKDAY_SHORT = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
WEEKDAY_OTHER = ("mon", "Tues", "wed", "Thurs", "fri", "sat", "sun")
MONTHS = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
)  # fmt: skip
MONTH_SHORT = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
NUMBER_WORDS = {2: "two", 3: "three", 4: "four", 5: "five"}

Day = tuple[dt.date, str]  # a date and its portion: full, am, pm


def ordinal(n: int) -> str:
    if 10 <= n % 100 <= 20:
        return f"{n}th"
    return f"{n}{ {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th') }".replace(" ", "")


@dataclass
class Ctx:
    """The moment a message is posted and the calendar it is read with."""

    today: dt.date
    working: frozenset[int] = frozenset(range(5))
    holidays: frozenset[dt.date] = frozenset()
    mdy: bool = False

    def is_working(self, day: dt.date) -> bool:
        return day.weekday() in self.working and day not in self.holidays

    def on_or_after(self, weekday: int, base: dt.date | None = None) -> dt.date:
        start = base or self.today
        return start + dt.timedelta(days=(weekday - start.weekday()) % 7)

    def next_monday(self) -> dt.date:
        return self.today - dt.timedelta(days=self.today.weekday()) + dt.timedelta(days=7)

    def working_from(self, start: dt.date, count: int) -> list[dt.date]:
        out: list[dt.date] = []
        day = start
        while len(out) < count:
            if self.is_working(day):
                out.append(day)
            day += dt.timedelta(days=1)
        return out


def span(first: dt.date, last: dt.date) -> list[dt.date]:
    return [first + dt.timedelta(days=k) for k in range((last - first).days + 1)]


@dataclass
class Expr:
    """A date expression: how it reads after ``on leave`` and as a bare object."""

    text: str  # "on Friday", "from the 3rd to the 5th", "tomorrow"
    bare: str  # "Friday", "the 3rd to the 5th", "tomorrow" (for "taking X off")
    dates: list[dt.date]
    kinds: set[str] = field(default_factory=set)


# -- date expressions ---------------------------------------------------------------


def weekday_word(rng: random.Random, wd: int) -> str:
    return rng.choice((WEEKDAYS[wd], WEEKDAYS[wd], WEEKDAY_SHORT[wd], WEEKDAY_OTHER[wd]))


def month_word(rng: random.Random, m: int) -> str:
    return rng.choice((MONTHS[m - 1], MONTH_SHORT[m - 1]))


def month_day(rng: random.Random, day: dt.date) -> str:
    m = month_word(rng, day.month)
    return rng.choice(
        (
            f"{m} {day.day}",
            f"{day.day} {m}",
            f"{ordinal(day.day)} {m}",
            f"{ordinal(day.day)} of {MONTHS[day.month - 1]}",
            f"{m} {ordinal(day.day)}",
        )
    )


def numeric(ctx: Ctx, rng: random.Random, day: dt.date) -> str:
    form = rng.randrange(4)
    if form == 0:
        return day.isoformat()
    a, b = (day.month, day.day) if ctx.mdy else (day.day, day.month)
    if form == 1:
        return f"{a}/{b}"
    if form == 2:
        return f"{a:02d}/{b:02d}/{day.year}"
    return f"{a:02d}-{b:02d}-{day.year}"


def future_day(ctx: Ctx, rng: random.Random, lo: int = 0, hi: int = 60) -> dt.date:
    return ctx.today + dt.timedelta(days=rng.randint(lo, hi))


def e_relative(ctx: Ctx, rng: random.Random) -> Expr:
    k = rng.choice((0, 1, 1, 1, 2))
    words = {
        0: ("today",),
        1: ("tomorrow", "tomorrow", "tmrw", "tmr", "tomorow"),
        2: ("day after tomorrow", "the day after tomorrow"),
    }[k]
    word = rng.choice(words)
    return Expr(word, word, [ctx.today + dt.timedelta(days=k)], {"relative"})


def e_weekday(ctx: Ctx, rng: random.Random) -> Expr:
    wd = rng.randrange(5)
    word = weekday_word(rng, wd)
    lead = rng.choice(("", "", "this ", "coming ", "the coming "))
    if lead.strip().endswith("coming") and wd == ctx.today.weekday():
        lead = "this "  # "coming Thursday" said on a Thursday has two readings
    day = ctx.on_or_after(wd)
    bare = f"{lead}{word}"
    return Expr(f"on {bare}" if not lead else bare, bare, [day], {"weekday"})


def e_next_weekday(ctx: Ctx, rng: random.Random) -> Expr:
    wd = rng.randrange(5)
    word = weekday_word(rng, wd)
    day = ctx.next_monday() + dt.timedelta(days=wd)
    text = rng.choice((f"next {word}", f"{word} next week", f"on {word} of next week"))
    return Expr(text, text.removeprefix("on "), [day], {"weekday", "week"})


def e_week(ctx: Ctx, rng: random.Random) -> Expr:
    monday = ctx.next_monday()
    form = rng.randrange(3)
    if form == 0:
        text = rng.choice(("next week", "all of next week", "the whole of next week"))
        return Expr(text, text, span(monday, monday + dt.timedelta(days=4)), {"week"})
    text = "this week" if form == 1 else rng.choice(("the rest of the week", "rest of this week"))
    return Expr(text, text, span(ctx.today, monday - dt.timedelta(days=1)), {"week"})


def e_day_of_month(ctx: Ctx, rng: random.Random) -> Expr:
    day = future_day(ctx, rng, 0, 27)
    text = rng.choice(
        (f"on the {ordinal(day.day)}", f"on {ordinal(day.day)}", f"the {ordinal(day.day)}")
    )
    # the next date with that day on or after today
    return Expr(text, text.removeprefix("on "), [_next_dom(ctx.today, day.day)], {"dom"})


def _next_dom(today: dt.date, d: int) -> dt.date:
    y, m = today.year, today.month
    while True:
        try:
            cand = dt.date(y, m, d)
        except ValueError:
            cand = None
        if cand is not None and cand >= today:
            return cand
        m += 1
        if m == 13:
            y, m = y + 1, 1


def e_month_day(ctx: Ctx, rng: random.Random) -> Expr:
    day = future_day(ctx, rng, 0, 200)
    text = month_day(rng, day)
    return Expr(rng.choice((f"on {text}", text)), text, [day], {"month_day"})


def e_numeric(ctx: Ctx, rng: random.Random) -> Expr:
    day = future_day(ctx, rng, 0, 150)
    text = numeric(ctx, rng, day)  # without a year: the next such date, which it is
    return Expr(f"on {text}", text, [day], {"numeric"})


def e_weekday_range(ctx: Ctx, rng: random.Random) -> Expr:
    wd1 = rng.randrange(4)
    wd2 = rng.randint(wd1 + 1, 4)
    a, b = weekday_word(rng, wd1), weekday_word(rng, wd2)
    first = ctx.on_or_after(wd1)
    last = first + dt.timedelta(days=wd2 - wd1)
    if ctx.on_or_after(wd2) != last:  # "Mon-Wed" said on a Tuesday: two readings
        return e_weekday(ctx, rng)
    form = rng.randrange(5)
    text = (f"{a}-{b}", f"from {a} to {b}", f"{a} till {b}", f"{a} through {b}", f"{a} to {b}")[
        form
    ]
    bare = text.removeprefix("from ")
    return Expr(text, bare, span(first, last), {"range", "weekday"})


def e_date_range(ctx: Ctx, rng: random.Random) -> Expr:
    first = future_day(ctx, rng, 1, 120)
    last = first + dt.timedelta(days=rng.randint(1, 9))
    form = rng.randrange(6)
    if form == 0 and first.month == last.month:
        m = month_word(rng, first.month)
        text = rng.choice((f"{m} {first.day}-{last.day}", f"{m} {first.day} - {last.day}"))
    elif form == 1 and first.month == last.month:
        text = f"{ordinal(first.day)} to {ordinal(last.day)} {month_word(rng, first.month)}"
    elif form == 2:
        text = f"from {month_day(rng, first)} to {month_day(rng, last)}"
    elif form == 3:
        text = f"{numeric(ctx, rng, first)} to {numeric(ctx, rng, last)}"
    elif form == 4:
        text = f"between {month_day(rng, first)} and {month_day(rng, last)}"
    else:
        text = f"{month_day(rng, first)} till {month_day(rng, last)}"
    return Expr(text, text.removeprefix("from "), span(first, last), {"range"})


def e_count(ctx: Ctx, rng: random.Random) -> Expr:
    n = rng.randint(2, 5)
    count = rng.choice((str(n), NUMBER_WORDS[n]))
    form = rng.randrange(3)
    if form == 2:
        dates = ctx.working_from(ctx.today + dt.timedelta(days=1), n)
        return Expr(f"for the next {count} days", f"the next {count} days", dates, {"count"})
    wd = rng.randrange(5)
    word = weekday_word(rng, wd)
    anchor = ctx.on_or_after(wd)
    text = f"{count} days from {word}" if form == 0 else f"{word} for {count} days"
    return Expr(text, text, ctx.working_from(anchor, n), {"count"})


def e_weekday_list(ctx: Ctx, rng: random.Random) -> Expr:
    wds = sorted(rng.sample(range(5), rng.choice((2, 2, 3))))
    days = [ctx.on_or_after(wd) for wd in wds]
    if days != sorted(days):  # read in writing order only when the dates ascend
        return e_weekday(ctx, rng)
    words = [weekday_word(rng, wd) for wd in wds]
    text = " and ".join(words) if len(words) == 2 else f"{words[0]}, {words[1]} and {words[2]}"
    return Expr(f"on {text}", text, days, {"list", "weekday"})


def e_day_list(ctx: Ctx, rng: random.Random) -> Expr:
    """``the 3, 4 and 5 of May``, ``May 3, 4 and 5``, ``Dec 30, 31 and Jan 2``."""
    first = future_day(ctx, rng, 3, 150)
    gaps = [rng.choice((1, 1, 2)) for _ in range(rng.choice((1, 2)))]
    days = [first]
    for gap in gaps:
        days.append(days[-1] + dt.timedelta(days=gap))
    same = all(d.month == first.month for d in days)
    nums = [str(d.day) for d in days]
    ords = [ordinal(d.day) for d in days]
    m = month_word(rng, first.month)
    joined = ", ".join(nums[:-1]) + " and " + nums[-1]
    ojoined = ", ".join(ords[:-1]) + " and " + ords[-1]
    if same:
        text = rng.choice(
            (
                f"the {joined} of {MONTHS[first.month - 1]}",
                f"{m} {joined}",
                f"{ojoined} {m}",
                f"{ojoined} of {MONTHS[first.month - 1]}",
            )
        )
    else:  # across months: each month written where it changes
        parts = []
        for k, d in enumerate(days):
            if k == 0 or d.month != days[k - 1].month:
                parts.append(f"{month_word(rng, d.month)} {d.day}")
            else:
                parts.append(str(d.day))
        text = ", ".join(parts[:-1]) + " and " + parts[-1]
    return Expr(f"on {text}", text, days, {"list", "dom"})


def e_week_weekdays(ctx: Ctx, rng: random.Random) -> Expr:
    """Convention 16: ``Monday and Tuesday next week``, ``next week Wed-Fri``."""
    monday = ctx.next_monday()
    form = rng.randrange(3)
    if form == 0:
        wds = sorted(rng.sample(range(5), 2))
        a, b = (weekday_word(rng, wd) for wd in wds)
        text = rng.choice(
            (f"{a} and {b} next week", f"next week {a} and {b}", f"{a} & {b} of next week")
        )
        return Expr(text, text, [monday + dt.timedelta(days=wd) for wd in wds], {"week", "list"})
    wd1 = rng.randrange(4)
    wd2 = rng.randint(wd1 + 1, 4)
    a, b = weekday_word(rng, wd1), weekday_word(rng, wd2)
    text = rng.choice((f"next week {a}-{b}", f"{a} to {b} next week", f"next week from {a} to {b}"))
    days = span(monday + dt.timedelta(days=wd1), monday + dt.timedelta(days=wd2))
    return Expr(text, text, days, {"week", "range"})


EXPRESSIONS: tuple[tuple[Callable[[Ctx, random.Random], Expr], int], ...] = (
    (e_relative, 14),
    (e_weekday, 12),
    (e_next_weekday, 6),
    (e_week, 5),
    (e_day_of_month, 5),
    (e_month_day, 8),
    (e_numeric, 5),
    (e_weekday_range, 7),
    (e_date_range, 8),
    (e_count, 4),
    (e_weekday_list, 5),
    (e_day_list, 6),
    (e_week_weekdays, 5),
)


def expression(ctx: Ctx, rng: random.Random) -> Expr:
    makers = [m for m, _ in EXPRESSIONS]
    weights = [w for _, w in EXPRESSIONS]
    return rng.choices(makers, weights)[0](ctx, rng)


# -- half days --------------------------------------------------------------------

HALF_AM = ("first half", "1st half", "morning", "before lunch")
HALF_PM = ("second half", "2nd half", "afternoon", "post lunch")


def half_day(ctx: Ctx, rng: random.Random) -> tuple[str, list[Day]]:
    """A half day on one day: ``half day Friday afternoon``, ``HD tmrw``."""
    e = rng.choice((e_relative, e_weekday, e_month_day))(ctx, rng)
    day = e.dates[0]
    side = rng.choice(("am", "pm", "unsaid"))
    words = HALF_AM if side == "am" else HALF_PM
    if side == "unsaid":
        text = rng.choice((f"half day {e.text}", f"half-day {e.text}", f"HD {e.bare}"))
        return text, [(day, "am")]
    word = rng.choice(words)
    text = rng.choice(
        (
            f"half day {e.text} ({word})",
            f"half day {e.bare} {word}",
            f"{e.bare} {word} off",
            f"{word} of {e.bare} off"
            if e.bare in ("today", "tomorrow")
            else f"{e.bare} {word} off",
        )
    )
    return text, [(day, side)]


# -- reasons, fillers -----------------------------------------------------------------

SICK_REASONS = (
    "fever", "not feeling well", "down with flu", "doctor's appointment", "migraine",
    "dentist appointment", "food poisoning", "bad cold", "feeling unwell", "stomach infection",
)  # fmt: skip
VACATION_REASONS = (
    "family function", "personal work", "a family wedding", "travelling home", "moving house",
    "my sister's graduation", "some errands", "a short trip",
)  # fmt: skip
GREETINGS = (
    "", "", "", "Hi team, ", "Hey all - ", "Good morning! ", "<!here> ", "FYI ", "Hello everyone, ",
    "hi ", "Hey <@U024BE7LH>, ",
)  # fmt: skip
SIGNOFFS = (
    "", "", "", ".", " Thanks!", " thx", " 🙏", " :palm_tree:", " - reachable on phone",
    ". Regards, Asha", " :slightly_smiling_face:",
)  # fmt: skip


def reason(rng: random.Random) -> tuple[str, str]:
    """A reason after the dates, and the category it sets."""
    pick = rng.randrange(3)
    if pick == 0:
        return "", "vacation"
    if pick == 1:
        r = rng.choice(SICK_REASONS)
        return rng.choice((f", {r}", f" ({r})", f" due to {r}", f" - {r}")), "sick"
    r = rng.choice(VACATION_REASONS)
    return rng.choice((f", {r}", f" ({r})", f" for {r}", f" - {r}")), "vacation"


def markup(rng: random.Random, text: str) -> str:
    """Sometimes bold or italic a date, as Slack's mrkdwn."""
    k = rng.randrange(8)
    if k == 0:
        return f"*{text}*"
    if k == 1:
        return f"_{text}_"
    return text


# -- messages ---------------------------------------------------------------------


def merge(days: list[Day], ctx: Ctx) -> list[dict[str, str]]:
    """Working days only, ascending, one a date: full wins, am + pm make full."""
    by: dict[dt.date, set[str]] = {}
    for day, portion in days:
        if ctx.is_working(day):
            by.setdefault(day, set()).add(portion)
    out = []
    for day in sorted(by):
        sides = by[day]
        portion = "full" if "full" in sides or {"am", "pm"} <= sides else next(iter(sides))
        out.append({"date": day.isoformat(), "portion": portion})
    return out


LEAVE_FORMS = (
    "on leave {t}", "Leave {t}", "taking leave {t}", "I'll be on leave {t}", "off {t}",
    "I'm off {t}", "taking {b} off", "PTO {t}", "OOO {t}", "out {t}", "Applying for leave {t}",
    "Please mark my leave {t}", "I will be on vacation {t}",
    "won't be in office {t}", "I'll be away {t}", "Not available {t}", "lv {t}", "Taking PTO {t}",
)  # fmt: skip
SICK_FORMS = ("sick leave {t}", "Out sick {t}", "taking a sick day {t}", "on sick leave {t}")
CANCEL_FORMS = (
    "cancel my leave {t}", "Please cancel my leave for {b}", "revoke my leave {t}",
    "not taking {b} off anymore", "drop my PTO {t}", "I'm no longer off {t}",
    "please withdraw my leave request for {b}", "call off my leave {t}", "remove my leave {t}",
)  # fmt: skip
NONE_FORMS = (
    "who is on leave {t}?", "Ravi is on leave {t}", "WFH {t}", "working from home {t}",
    "leave it with me till {b}", "I'll leave the notes in the doc {t}", "everyone take {b} off!",
    "is {b} a holiday?", "Priya will be out {t}", "how many leaves do I have left?",
    "can someone cover for Maya {t}? she is off",
    "Reminder: apply your leaves for {b} in the portal",
)  # fmt: skip


@dataclass
class Case:
    text: str
    now: dt.datetime
    config: dict[str, Any] | None
    expected: dict[str, Any]

    def line(self) -> dict[str, Any]:
        out: dict[str, Any] = {"text": self.text, "now": self.now.isoformat()}
        if self.config:
            out["config"] = self.config
        out["expected"] = self.expected
        out["source"] = "generated"
        return out


def moment(rng: random.Random) -> tuple[dt.datetime, Ctx, dict[str, Any] | None]:
    """When the message is posted, and with which calendar."""
    base = dt.date(2026, 1, 5) + dt.timedelta(days=rng.randrange(700))
    hour, minute = rng.randint(8, 19), rng.choice((0, 5, 17, 30, 42))
    config: dict[str, Any] | None = None
    zone = "Asia/Kolkata"
    mdy = False
    holidays: frozenset[dt.date] = frozenset()
    pick = rng.randrange(10)
    if pick == 0:
        zone = rng.choice(("America/New_York", "Europe/London", "UTC"))
        config = {"timezone": zone}
    elif pick == 1:
        mdy = True
        config = {"date_order": "MDY"}
    elif pick == 2:
        hol = base + dt.timedelta(days=rng.randint(1, 10))
        holidays = frozenset({hol})
        config = {"holidays": [hol.isoformat()]}
    local = dt.datetime(base.year, base.month, base.day, hour, minute, tzinfo=ZoneInfo(zone))
    return local, Ctx(base, holidays=holidays, mdy=mdy), config


def message(rng: random.Random) -> Case:
    """One labelled message drawn from the grammar."""
    now, ctx, config = moment(rng)
    pick = rng.random()
    greet, sign = rng.choice(GREETINGS), rng.choice(SIGNOFFS)
    if pick < 0.62:
        days: list[Day] = []
        category = "vacation"
        parts = rng.choice((1, 1, 1, 2))
        texts: list[tuple[dt.date, str]] = []
        for k in range(parts):
            if k == 1 or rng.random() < 0.12:
                t, d = half_day(ctx, rng)
                if days and min(x for x, _ in days) <= d[0][0] <= max(x for x, _ in days):
                    continue  # a half day inside the other part's span reads two ways
                texts.append((d[0][0], t))
                days.extend(d)
                continue
            e = expression(ctx, rng)
            # a week would place the other part's weekday; a bare day of month would take
            # the other part's month
            while parts > 1 and ("week" in e.kinds or "dom" in e.kinds):
                e = expression(ctx, rng)
            if k == 0 and rng.random() < 0.15:
                form = rng.choice(SICK_FORMS)
                category = "sick"
            else:
                form = rng.choice(LEAVE_FORMS)
            texts.append(
                (e.dates[0] if e.dates else ctx.today, form.format(t=markup(rng, e.text), b=e.bare))
            )
            days.extend((d, "full") for d in e.dates)
        why, why_category = reason(rng)
        if why_category == "sick":
            category = "sick"
        # Parts in the order of their dates: "Tuesday and Monday" read on a Monday
        # has two readings (this Monday, by convention 2, or the one after Tuesday).
        ordered = [t for _, t in sorted(texts, key=lambda p: p[0])]
        body = " and ".join(ordered) if rng.random() < 0.6 else " + ".join(ordered)
        text = f"{greet}{body}{why}{sign}"
        expected = {"intent": "leave", "category": category, "days": merge(days, ctx)}
    elif pick < 0.72:
        e = rng.choice((e_back, e_relative_past))(ctx, rng)
        text = f"{greet}{e.text}{sign}"
        category = "sick" if "sick" in e.kinds else "vacation"
        expected = {
            "intent": "leave",
            "category": category,
            "days": merge([(d, "full") for d in e.dates], ctx),
        }
    elif pick < 0.86:
        e = expression(ctx, rng)
        form = rng.choice(CANCEL_FORMS)
        text = f"{greet}{form.format(t=e.text, b=e.bare)}{sign}"
        expected = {
            "intent": "cancel",
            "category": None,
            "days": merge([(d, "full") for d in e.dates], ctx),
        }
    else:
        e = expression(ctx, rng)
        form = rng.choice(NONE_FORMS)
        text = f"{greet}{form.format(t=e.text, b=e.bare)}"
        expected = {"intent": "none", "category": None, "days": []}
    return Case(text.strip(), now, config, expected)


def e_back(ctx: Ctx, rng: random.Random) -> Expr:
    """Convention 17: ``off from Monday, back on Thursday``."""
    wd1 = rng.randrange(4)
    wd2 = rng.randint(wd1 + 1, 4)
    first = ctx.on_or_after(wd1)
    back = first + dt.timedelta(days=wd2 - wd1)
    if ctx.on_or_after(wd2) != back:
        first, back = ctx.next_monday() + dt.timedelta(days=wd1), None
        text = f"off next week from {weekday_word(rng, wd1)}, back on {WEEKDAYS[wd2]}"
        back = first + dt.timedelta(days=wd2 - wd1)
        return Expr(text, text, span(first, back - dt.timedelta(days=1)), {"back"})
    a, b = weekday_word(rng, wd1), weekday_word(rng, wd2)
    text = rng.choice(
        (
            f"off from {a}, back on {b}",
            f"on leave from {a}, will be back on {b}",
            f"OOO from {a} - back {b}",
        )
    )
    return Expr(text, text, span(first, back - dt.timedelta(days=1)), {"back"})


def e_relative_past(ctx: Ctx, rng: random.Random) -> Expr:
    """A sick day logged afterwards (conventions 12 and 18)."""
    text = rng.choice(
        (
            "was sick yesterday, please log it",
            "I was down with fever yesterday",
            "forgot to post: was on sick leave yesterday",
            "was unwell yesterday and couldn't work",
        )
    )
    return Expr(text, text, [ctx.today - dt.timedelta(days=1)], {"sick", "past"})


def generate(seed: int, count: int) -> list[dict[str, Any]]:
    """``count`` labelled lines from ``seed``, always the same."""
    rng = random.Random(seed)
    return [message(rng).line() for _ in range(count)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seed", type=int, default=14)
    parser.add_argument("--count", type=int, default=2000)
    args = parser.parse_args(argv)
    for line in generate(args.seed, args.count):
        sys.stdout.write(json.dumps(line, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
