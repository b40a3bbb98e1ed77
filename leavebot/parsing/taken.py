"""Which of the dates a message names the author takes.

``rules`` reads a message clause by clause; this module holds the tests on one
date item that say the date is named for something else than the author's
absence, and the return date's closing of a leave:

- a day named for a holiday (``Veterans Day Thurs``, ``San Guzepp on the
  Friday``, ``Sant Joan falls on a Thursday``), said to be one anyway, or in an
  aside (``(23rd is holiday anyway)``);
- what the days add up to (``so a full week off``, ``a 4 day weekend``), a
  heading (``Founding Day long weekend:``), the day after an occasion;
- a day of something else: when it happened (``threw my back out yesterday``),
  the last day worked, work due (``will send it Monday``), being fine again
  (``should be ok tomorrow``), a day excepted (``except Friday``);
- a return (``back on the 5th``, ``see yous on the 29th``, ``regreso el 6``),
  an onset (``sick since Monday``), an update about a day, and
  ``apply_back``: the return ends the leave the day before.

None of these reads a clause; ``rules`` decides which clauses count and calls
these on the date items inside them.
"""

from __future__ import annotations

import datetime as dt
from calendar import monthrange
from itertools import takewhile

from leavebot.domain import WorkCalendar
from leavebot.parsing.dates import DateItem, Extraction, add_months
from leavebot.parsing.familiar import known_words
from leavebot.parsing.lexicon import MONTHS, RELATIVE_DAYS, WEEKDAYS
from leavebot.parsing.patterns import (
    _ABOUT,
    _ABSENCE_SAID,
    _ADDS_UP,
    _ANNOUNCE,
    _ASIDE_AT_WORK,
    _ASIDE_REASON,
    _BACK_SKIP,
    _BACK_WORDS,
    _BODY_OWNERS,
    _BRIDGE,
    _DONE,
    _EXCEPT,
    _FESTIVAL_NAME,
    _GIVEN_BACK,
    _GOT_A_JAB,
    _HOLIDAY_ANYWAY,
    _IN_ON_THE,
    _LAST_DAY_AFTER,
    _LAST_DAY_BEFORE,
    _OCCASIONS,
    _UPDATE_WORDS,
    _WEEKDAY_LIST,
)
from leavebot.parsing.tokens import Tok, said_back_at
from leavebot.parsing.vocabulary import TRIGGER_WORDS


def dateish(word: str) -> bool:
    return (
        word in WEEKDAYS
        or word in MONTHS
        or word in RELATIVE_DAYS
        or word
        in ("week", "weekend", "month", "morning", "afternoon", "evening", "coming", "upcoming")
    )


def in_announced_aside(tokens: list[Tok], item: DateItem, low: str) -> bool:
    """Whether ``item`` sits in brackets that announce something (``(23rd is holiday)``) or
    a day worked (``(25th I have the customs call)``)."""
    if "(" not in low:
        return False
    pos = tokens[item.start].pos
    open_at = low.rfind("(", 0, pos)
    if open_at < 0 or low.rfind(")", open_at, pos) >= 0:
        return False
    close_at = low.find(")", pos)
    aside = low[open_at + 1 : close_at if close_at >= 0 else len(low)]
    return bool(
        _ANNOUNCE.search(aside) or _ASIDE_REASON.search(aside) or _ASIDE_AT_WORK.search(aside)
    )


def _adds_up(tokens: list[Tok], item: DateItem, after_days: bool = False) -> bool:
    """``so full week break``, ``so a whole week off``: a week after "so" sums up the days;
    after days taken, ``that way I'm off the whole week`` does too."""
    if item.start == 0:
        return False
    if item.kind in ("range", "count") and after_days:
        summed = {t.text for t in tokens[max(0, item.start - 8) : item.start]}
        if summed & {"total", "altogether", "overall"}:
            return True  # "4/30 and 5/6-5/7, so total 11 days holiday from 4/29 to 5/9"
    if after_days and item.weekday_based and item.kind in ("point", "range"):
        said = [t.text for t in tokens[max(0, item.start - 3) : item.start]]
        then = tokens[item.end].text if item.end < len(tokens) else ""
        if then in _SUMS_UP or (
            said[-2:] in (["gives", "me"], ["giving", "me"], ["gets", "me"], ["give", "me"])
            and said[0] in ("that", "which", "this", "it", "so", "to")
        ):
            # "Juneteenth Friday makes it a full week", "PTO 11/25 and 11/27, that gives me Wed
            # to Sunday off": the days the leave adds up to, not more of it
            return True
    if item.kind not in ("week", "this_week", "set"):
        return False
    said = [t.text for t in tokens[max(0, item.start - 3) : item.start]]
    if (
        after_days
        and item.kind == "this_week"
        and tokens[item.start].text in ("whole", "entire")
        and (
            (said[-2:] == ["for", "the"] and said[0] not in ("off", "out", "away", "leave", "sick"))
            or said[-2:] == ["cancel", "the"]  # "not taking 22.-26.6. Please cancel the whole week"
        )
        and len(said) == 3
    ):
        return True  # "so I take 24-27 Aug and go to Svaneti for the whole week": that week
    if after_days and tokens[item.start].text in ("whole", "entire", "full"):
        said = [t.text for t in tokens[max(0, item.start - 12) : item.start]]
        if (
            "so" in said
            or "with" in said
            or "means" in said
            or " that way " in " ".join(said)
            or ":" in said  # "w/c 10 May: whole week off"
            # "... and get the whole week", "taking 23 to 26 Feb off and getting a full week"
            or said[-2:] in (["get", "the"], ["getting", "the"], ["get", "a"], ["getting", "a"])
        ):
            return True  # "Taking 12/21 and 12/22 too, that way I'm off the whole week"
    if tokens[item.end - 1].orig.lower().endswith(("'s", "’s")):
        return False  # "so next week's vacation is a no-go": the leave named, not a sum
    for k in range(item.start - 1, max(-1, item.start - 6), -1):
        word = tokens[k].text
        if word in _ADDS_UP:
            return True  # "so Easter gives me the full week", "turning it into a full week"
        if tokens[k].kind != "word" or word in _ABSENCE_SAID or word in _DAYS_ACTED_ON:
            # "so I'm off sick the rest of the week", "so please cancel next week's vacation":
            # the days taken, or cancelled
            return False
    return False


# After a weekday: it is what makes the leave a whole ("Juneteenth Friday makes it a full week")
_SUMS_UP = frozenset({"makes", "gives", "turns", "completes", "rounds"})

_DAYS_ACTED_ON = frozenset(
    {"cancel", "cancelling", "canceling", "drop", "remove", "scrap", "book", "booking"}
)


def _that_day_again(tokens: list[Tok], item: DateItem, ex: Extraction) -> bool:
    """``Don't need the 12th off any more ... so I'm in that Friday after all``: "that"
    weekday is the day already named, not another one."""
    return (
        item.start > 0
        and tokens[item.start - 1].text == "that"
        and tokens[item.start].text in WEEKDAYS
        and any(it is not item and it.dates and it.start < item.start for it in ex.items)
    )


_HOLIDAY_NOUNS = frozenset({"holiday", "holidays", "feriado", "festivo"})
_TAKEN_AFTER_A_DAY = frozenset({"i", "i'm", "im", "i'll", "off", "taking", "take", "leave", "out"})


_EVENT_NOUNS = frozenset(
    {"festival", "feast", "fair", "mela", "jatra", "parade", "regatta", "procession", "fiesta"}
    | {"feria", "carnival", "carnaval", "pilgrimage", "wedding", "reunion", "graduation"}
)


_PUBLIC = frozenset({"public", "bank", "national", "federal", "state", "company", "regional"})


def _names_a_holiday(tok: Tok) -> bool:
    """Whether ``tok`` names a holiday for all (``Holi``, ``public``), not the author's."""
    return tok.text in _PUBLIC or (tok.orig[:1].isupper() and tok.text not in ("my", "our", "a"))


_WEEKDAYS_JOINED = frozenset(WEEKDAYS) | {"/", "and", "&", "+"}


def _weekdays_of_holidays(tokens: list[Tok], item: DateItem) -> bool:
    """``the Thu/Fri holidays``, ``the Monday and Tuesday holidays``: weekdays that say
    which days the holidays are."""
    joined = _WEEKDAYS_JOINED
    after = item.end
    while after < len(tokens) and tokens[after].text in joined:
        after += 1
    before = item.start - 1
    while before >= 0 and tokens[before].text in joined:
        before -= 1
    return (
        after < len(tokens)
        and tokens[after].text in _HOLIDAY_NOUNS
        and (tokens[item.start].text == "the" or (before >= 0 and tokens[before].text == "the"))
    )


def _holiday_is(tokens: list[Tok], item: DateItem, items: list[DateItem]) -> bool:
    """``Since Holi is Tuesday I'm taking Monday and Wednesday``: when the holiday is."""
    k = item.start - 1
    h = k if tokens[item.start].text == "on" else k - 1 if k >= 0 and tokens[k].text == "on" else -1
    if h > 0 and tokens[h].text in _HOLIDAY_NOUNS and _names_a_holiday(tokens[h - 1]):
        return True  # "with the Benito Juarez holiday on Monday" (not "my holiday on Monday")
    if item.weekday_based and k > 0 and tokens[item.start].text in WEEKDAYS:
        said = tokens[k]
        if said.text in _HOLIDAY_NOUNS | {"hol", "hols"} and (
            tokens[k - 1].text == "the" or _names_a_holiday(tokens[k - 1])
        ):
            return True  # "then the holiday Monday", "with the bank hol Monday"
        if (
            said.text == "day"
            and (
                _FESTIVAL_NAME.match(tokens[k - 1].orig.removesuffix("'s"))
                # "Indian Arrival Day Monday": a day named in capitals, beside days taken
                or (
                    said.orig == "Day"
                    and tokens[k - 1].orig[:1].isupper()
                    and any(it is not item and it.dates for it in items)
                )
            )
        ):
            return True  # "back Fri, Veterans Day Thurs": the holiday's weekday

    if item.weekday_based and tokens[item.start].text in WEEKDAYS and k > 1:
        h = k - 1 if tokens[k].text == "on" else -1
        again = h > 0 and tokens[h].text == "again"
        h -= again
        named = tokens[h] if h > 0 else None
        if (
            named is not None
            and (
                (named.orig == "Day" and tokens[h - 1].orig[:1].isupper())
                or (named.text == "holiday" and (again or tokens[h - 1].text == "the"))
            )
            and any(it is not item and it.dates for it in items)
            # not "Sports Day on Friday too, so I'm off then": the day the author takes
            and not any(
                t.text in _TAKEN_AFTER_A_DAY
                for t in takewhile(
                    lambda t: t.text not in (".", "!", "?", ";"), tokens[item.end : item.end + 6]
                )
            )
        ):
            # "out on Monday the 8th, then Heroes Day on Tuesday", "holiday again on Friday"
            return True
    w = item.start + (1 if tokens[item.start].text == "the" else 0)
    j = w - 2  # "on the Friday"
    if (
        w < len(tokens)
        and tokens[w - 1].text == "the"
        and tokens[w].text in WEEKDAYS
        and j > 1
        and tokens[j].text == "on"
        and tokens[j - 1].kind == "word"
        and (
            tokens[j - 1].orig[:1].isupper()
            # "with Dýri biðidagur on the Friday": what comes with the day taken
            or any(t.text == "with" for t in tokens[max(0, j - 4) : j - 1])
        )
        and tokens[j - 1].text not in ("i", "i'm", "off", "out", "leave", "al", "pto", "ooo")
        and tokens[j - 2].text not in (".", "!", "?", ":")
    ):
        return True  # "with San Guzepp on the Friday that's the full week": the holiday's day
    if k > 1 and tokens[k].text in ("a", "the") and tokens[k - 1].text in ("is", "falls", "'s"):
        said = tokens[k - 2]
        if said.kind != "word" or said.text in MONTHS or said.orig[:1].isupper():
            return True  # "1 May is a Friday", "Labour Day is the Friday right?": that date's day
    if (
        item.weekday_based
        and k > 0
        and tokens[k].text in ("is", "falls")
        and (tokens[k - 1].kind in ("num", "ord") or tokens[k - 1].text in MONTHS)
    ):
        return True  # "I'll take Monday 18th as kopru, 19 Mayis is Tuesday": that date's day
    if (
        k > 1
        and tokens[k].text == "are"
        and tokens[k - 1].text in _HOLIDAY_NOUNS
        and _names_a_holiday(tokens[k - 2])
        and _others_taken(tokens, item, items)
    ):
        return True  # "Ayudha Pooja holidays are Mon-Tue, so I'm taking Saturday 17th"
    if item.weekday_based and _weekdays_of_holidays(tokens, item):
        return True  # "so with the Thu/Fri holidays I get the whole week": the holidays' days
    if (
        item.weekday_based
        and k > 0
        and tokens[k].text == "on"
        and bool(_FESTIVAL_NAME.match(tokens[k - 1].orig.removesuffix("'s")))
        and _others_taken(tokens, item, items)
    ):
        return True  # "Deepavali on Thursday, so leave on Wed 27th, Fri 29th and Sat 30th"
    if k > 0 and tokens[k].text == "a" and tokens[k - 1].text == "on":
        k -= 1  # "Sant Joan falls on a Thursday this year"
    if k > 0 and tokens[k].text == "on":
        k -= 1  # "Juneteenth is on Friday"
    anyway = item.end < len(tokens) and tokens[item.end].text == "anyway"
    falls = tokens[k].text in ("falls", "fall", "cover", "covers") if k > 0 else False
    return (
        k > 0
        # "Since Independence Day and Eid cover Mon-Thu that week": the holidays' days
        and (tokens[k].text == "is" or falls)
        and (
            bool(_FESTIVAL_NAME.match(tokens[k - 1].orig.rstrip("'s")))
            # "Mariamoba is Friday 28th, so I take 24-27 Aug": a named day's weekday, when
            # other days are the ones taken (not "Sant Jordi is Friday 23, I'll leave at 13h")
            or (
                tokens[k - 1].orig[:1].isupper()
                and _a_name(tokens[:k])
                and _others_taken(tokens, item, items)
            )
            # "Temple festival is Friday 13th, so I take 9-12 March": the festival's day
            or (tokens[k - 1].text in _EVENT_NOUNS and _others_taken(tokens, item, items))
            # "Immaculate Conception holiday is Wed 8 Dec"; "Independence holiday is Tuesday,
            # so I'm taking Monday 26th": a holiday's day beside the days taken
            or (
                k > 1
                and tokens[k - 1].text in _HOLIDAY_NOUNS
                and tokens[k - 2].orig[:1].isupper()
                and (_a_name(tokens[: k - 1]) or _others_taken(tokens, item, items))
            )
            or (falls and tokens[k - 1].text == "day")  # "St Patrick's Day"
            # "Sant Joan falls on a Thursday this year": a named day's weekday
            or (falls and tokens[k - 1].orig[:1].isupper())
            or anyway  # "loppiainen is on Wednesday anyway"
        )
    )


def _a_name(said: list[Tok]) -> bool:
    """Whether the capitalised words that end ``said`` name an occasion: a word the
    dictionary does not know (``Giorgoba``), a ``... Day``, or two or more words
    (``Adelaide Cup``); not a leave word, a pronoun or one word of English (``Dentist``)."""
    name: list[Tok] = []
    for tok in reversed(said):
        if tok.kind != "word" or not tok.orig[:1].isupper():
            break
        name.append(tok)
    if not name or any(
        t.text in TRIGGER_WORDS or t.text in ("i", "i'm", "my", "it", "this", "that") for t in name
    ):
        return False
    return len(name) > 1 or name[0].text not in known_words() or name[0].text == "day"


def _included(tokens: list[Tok], item: DateItem, items: list[DateItem]) -> bool:
    """``izin 14-19 Sept incl. Saturday``: a weekday said to be inside a range already named."""
    k = item.start - 1
    if k >= 0 and tokens[k].text == ".":
        k -= 1
    return (
        k >= 0
        and tokens[k].text in ("incl", "including", "inc", "incl.")
        and any(
            it is not item and it.kind == "range" and it.end <= item.start and len(it.dates) > 1
            for it in items
        )
    )


def _over_the_weekend(tokens: list[Tok], item: DateItem) -> bool:
    """``Got food poisoning over the weekend, not coming in today``: when it began."""
    k = item.start - 1
    if tokens[item.start].text != "the" and k >= 0 and tokens[k].text == "the":
        k -= 1
    return (
        tokens[item.end - 1].text == "weekend"
        and k >= 0
        and tokens[k].text == "over"
        and any(t.text == "today" for t in tokens[item.end :])
    )


def _deadline(tokens: list[Tok], item: DateItem) -> bool:
    """``Hit me up before Friday if you need anything``: a day things are wanted by."""
    k = item.start - 1
    if k > 0 and tokens[k].text == "the":
        k -= 1
    if k < 0 or tokens[k].text != "before":
        return False
    return (item.end < len(tokens) and tokens[item.end].text == "if") or any(
        t.text in _REACHED for t in tokens[max(0, k - 4) : k]
    )


_REACHED = frozenset({"ping", "hit", "reach", "let", "send", "message", "msg", "dm", "tell"})


def _when_asked(tokens: list[Tok], item: DateItem) -> bool:
    """``forget the leave request I put in last week``: when it was asked for."""
    said = [t.text for t in tokens[max(0, item.start - 6) : item.start]]
    return any(w in said for w in ("request", "application", "form")) and (
        said[-2:] == ["put", "in"] or said[-1:] in (["submitted"], ["sent"])
    )


def _others_taken(tokens: list[Tok], item: DateItem, items: list[DateItem]) -> bool:
    """Whether days other than ``item``'s are named after it, and none is ``that day``."""
    return not any(
        t.text == "that" and tokens[n + 1].text == "day" for n, t in enumerate(tokens[:-1])
    ) and any(it is not item and it.dates and not set(it.dates) & set(item.dates) for it in items)


def _occasion_heading(tokens: list[Tok], item: DateItem, items: list[DateItem]) -> bool:
    """``Giorgoba Monday, I add Tuesday 24th``, ``Adelaide Cup Monday, so I've put in for
    Tue 10 March``: an occasion's weekday said first, then the days taken beside it."""
    return (
        item.weekday_based
        and len(item.dates) == 1
        and 0 < item.start <= 3
        and item.end < len(tokens)
        and tokens[item.end].text in (",", "so", ":", "-")
        and _a_name(tokens[: item.start])
        and len(tokens[: item.start]) == sum(1 for t in tokens[: item.start] if t.kind == "word")
        and _others_taken(tokens, item, items)
    )


def _joined_with(tokens: list[Tok], item: DateItem, low: str, items: list[DateItem]) -> bool:
    """``Off 22 May, haciendo puente with the 21st``: the holiday the day is joined to (when
    another day is taken: in ``Monday 29th is a holiday, so I'm bridging with Friday 26
    June`` the day after ``with`` is the one taken)."""
    k = item.start - 1
    if k >= 0 and tokens[k].text == "the":
        k -= 1
    if (
        k > 1
        and tokens[k].text == "on"
        and tokens[k - 1].kind == "word"
        and tokens[k - 1].orig[:1].isupper()
        and tokens[k - 2].text == "with"
    ):
        k -= 2  # "taking Friday 21st off to bridge with Parinirvana on Thursday"
    return (
        k >= 0
        and tokens[k].text == "with"
        and bool(_BRIDGE.search(low))
        and any(
            it is not item
            and it.dates
            and not (it.start > 0 and tokens[it.start - 1].text in ("is", "falls"))
            for it in items
        )
    )


def _weekend_heading(tokens: list[Tok], item: DateItem, items: list[DateItem]) -> bool:
    """``Founding Day long weekend: taking 19th Feb and 23rd Feb``: a heading, then the days."""
    return (
        item.end < len(tokens)
        and tokens[item.end].text == ":"
        and any(t.text == "weekend" for t in tokens[item.start : item.end])
        and any(it is not item and it.dates for it in items)
    )


def _after_an_occasion(tokens: list[Tok], item: DateItem, items: list[DateItem]) -> bool:
    """``the Tuesday after the bank holiday too, so off the 26th``: a weekday placed by an
    occasion the rules cannot date, said beside the date itself."""
    if not item.weekday_based:
        return False
    if not any(it.dates and not it.weekday_based and it.kind in ("point", "range") for it in items):
        return False
    j = item.end  # "the Monday and Tuesday after midsommar": past the weekdays listed with it
    while j < len(tokens) and (tokens[j].text in _WEEKDAY_LIST or tokens[j].text in WEEKDAYS):
        j += 1
    if (
        j < len(tokens)
        and tokens[j].text in ("after", "before")
        and (j + 1 == len(tokens) or tokens[j + 1].kind == "punct")
    ):
        return True  # "the Friday after Thanksgiving + the Monday after (11/27, 11/30)"
    if j + 2 >= len(tokens):
        return False
    k = j + 2 if tokens[j + 1].text == "the" else j + 1
    then = tokens[k]
    return (
        tokens[j].text in ("after", "before")
        and then.kind == "word"
        and not dateish(then.text)
        # an occasion: a name, a holiday's word, or a word of another language ("midsommar")
        and (then.orig[:1].isupper() or then.text in _OCCASIONS or then.text not in known_words())
    )


def _said_to_fall_on(tokens: list[Tok], item: DateItem) -> bool:
    """``16 March is a Monday so I'm taking Friday 13th``: the date whose weekday is told."""
    k = item.end
    said = [t.text for t in tokens[k : k + 4]]
    return (
        len(said) >= 2
        and said[0] in ("is", "falls")
        and (said[1] in ("a", "the", "on") or said[1] in WEEKDAYS)
        and any(w in WEEKDAYS for w in said[1:])
    )


_FALLS_OWNERS = frozenset(
    {"leave", "pto", "off", "vacation", "holiday", "holidays", "al", "day", "break", "trip", "it"}
)


def _when_something_falls(tokens: list[Tok], item: DateItem, items: list[DateItem]) -> bool:
    """``Kurban bajram is Wednesday so I'm taking Tuesday 26th and Thursday 28th``: the
    weekday something falls on, told as the reason for the days taken after ``so``."""
    k = item.start
    if k > 0 and tokens[k - 1].text == "on":
        k -= 1  # "falls on Wednesday", "is on Wednesday"
    return (
        item.weekday_based
        and len(item.dates) == 1
        and k > 1
        and tokens[k - 1].text in ("is", "falls")
        and tokens[k - 2].text not in _FALLS_OWNERS
        and item.end < len(tokens)
        and tokens[item.end].text == "so"
        and any(it is not item and it.dates and it.start > item.end for it in items)
    )


def not_taken(
    tokens: list[Tok], item: DateItem, ex: Extraction, items: list[DateItem], low: str
) -> bool:
    """A date the message names that is not a day taken: what the days add up to (``so a
    whole week off``), when a cause happened (``sprained my ankle yesterday``), a day worked
    (``Last day tomorrow``, ``Wednesday I'll be in``, ``done today itself``), after today
    (``after today``), a weekday an occasion places beside its date, a heading's weekend, the
    holiday a day is joined to or that falls on a weekday, or the day already named again.
    Each test is looked at only when a word of it is in the message."""
    text = tokens[item.start].text
    return (
        _adds_up(tokens, item, any(it.dates for it in items))
        or (item.weekday_based and _included(tokens, item, ex.items))
        or ("weekend" in low and " today" in low and _over_the_weekend(tokens, item))
        or (" before " in low and _deadline(tokens, item))
        or (("put in" in low or "submitted" in low or "sent" in low) and _when_asked(tokens, item))
        or ((" is " in low or " falls " in low) and _said_to_fall_on(tokens, item))
        or (
            " so " in low
            and (" is " in low or " falls " in low)
            and _when_something_falls(tokens, item, ex.items)
        )
        or _when_it_happened(tokens, item)
        or ("been" in low and _been_all_along(tokens, item))
        or (
            text in ("today", "tonight")
            and (_after_today(tokens, item) or _done_today(tokens, item))
        )
        or (
            (
                "last" in low
                or "working" in low
                or "be in" in low
                or "online" in low
                or "around" in low
                or "wrapping" in low
            )
            and _last_day_worked(tokens, item)
            # "Fri 2.4. is a working day for me again, pls cancel the leave": in a cancel, the
            # day worked is the one taken back
            and not _cancelling(low)
        )
        or ("m in " in low and _in_that_day(tokens, item) and not _cancelling(low))
        or (
            "working" in low
            and _working_that_day(tokens, item)
            and not _cancelling(low)
            and not any(w in low for w in ("remove", "revoke", "withdraw", "take back", "delete"))
        )
        or (item.weekday_based and _after_an_occasion(tokens, item, ex.items))
        or (item.weekday_based and _occasion_heading(tokens, item, ex.items))
        or ("weekend" in low and _weekend_heading(tokens, item, ex.items))
        or (" with" in low and _joined_with(tokens, item, low, items))
        or (
            (
                " is " in low
                or " falls " in low
                or "holiday " in low
                or " hol" in low
                or "day " in low
                or " on " in low
            )
            and _holiday_is(tokens, item, ex.items)
        )
        or _that_day_again(tokens, item, ex)
        or _fine_again_or_due(tokens, item)
        or (
            (" to " in low or " is now " in low)
            and (_cancelling(low) or " off my " in low)
            and _something_moved_to(tokens, item)
        )
        or (
            ("had " in low or "'d " in low or "my " in low)
            and (_cancelling(low) or "anymore" in low or "any more" in low)
            and _booking_recalled(tokens, item)
            and any(it is not item and it.dates for it in ex.items)
        )
        or ("'s" in low and _cause_on_a_day(tokens, item))
        or (
            ("post" in low or "forgot" in low or "meant" in low)
            and _when_to_post(tokens, item)
            # "Forgot to post yesterday - I was off with a migraine": that day is the one taken
            and any(it is not item and it.dates for it in ex.items)
        )
    )


_POSTED = frozenset(
    {"post", "posted", "say", "said", "mention", "mentioned", "message", "messaged", "tell"}
    | {"told", "send", "sent", "share", "flag", "flagged"}
)


def _when_to_post(tokens: list[Tok], item: DateItem) -> bool:
    """``off today, forgot to post yesterday``: when the message was due, not a day taken."""
    said = [t.text for t in tokens[max(0, item.start - 4) : item.start]]
    return (
        len(said) >= 2
        and said[-1] in _POSTED
        and (
            said[-2] in ("to", "have", "'ve", "should've", "shoulda")
            and any(
                w in said for w in ("forgot", "forget", "meant", "should", "should've", "shoulda")
            )
        )
    )


_LEAVE_THINGS = frozenset(
    {"leave", "pto", "off", "holiday", "vacation", "booking", "half", "afternoon", "morning"}
    | {"al", "sl", "vl", "day", "days", "appointment", "appt", "shift"}
)


def _cause_on_a_day(tokens: list[Tok], item: DateItem) -> bool:
    """``Food poisoning from Saturday's BBQ``: what happened that day, the cause of a leave,
    not a day taken (``Friday's leave`` and ``Monday's appointment`` are the day)."""
    last = item.end - 1
    return (
        item.weekday_based
        and tokens[item.start].text in ("from", "after", "since")
        and tokens[last].orig.lower().endswith("'s")
        and item.end < len(tokens)
        and tokens[item.end].kind == "word"
        and tokens[item.end].text not in _LEAVE_THINGS
    )


_MOVED = frozenset({"moved", "pushed", "shifted", "rescheduled", "postponed", "bumped", "changed"})
_OWN_LEAVE_WORDS = frozenset({"leave", "pto", "off", "holiday", "vacation", "it", "them", "al"})


def _cancelling(low: str) -> bool:
    """Whether the message takes leave back (where moves are why, not days away)."""
    return any(w in low for w in ("cancel", "scratch", "no longer", "don't need", "drop"))


def _something_moved_to(tokens: list[Tok], item: DateItem) -> bool:
    """``scratch Monday 23rd, the customer moved the go-live to the 24th``: in a cancel, where
    something else went is not a day taken (``moved my leave to Friday`` is; in a leave,
    ``MRI got moved up to tomorrow at 9`` is the day away, so a cancel asks first)."""
    k = item.start - 1
    if k > 0 and tokens[k].text == "the":
        k -= 1
    if (
        k > 1
        and tokens[k].text == "now"
        and tokens[k - 1].text == "is"
        and not _OWN_LEAVE_WORDS.intersection(t.text for t in tokens[max(0, k - 5) : k - 1])
    ):
        return True  # "Flight home is now Thursday, so Friday 12 March can come off my leave"
    if k < 1 or tokens[k].text != "to":
        return False
    between = [t.text for t in tokens[max(0, k - 6) : k]]
    if not any(w in _MOVED for w in between):
        return False
    after_verb = between[max(i for i, w in enumerate(between) if w in _MOVED) + 1 :]
    return bool(after_verb) and not _OWN_LEAVE_WORDS.intersection(after_verb)


def _booking_recalled(tokens: list[Tok], item: DateItem) -> bool:
    """``I had taken 30th Nov to 4th Dec off, pls cancel 3rd and 4th``: the leave as it was
    booked, recalled beside the days cancelled from it (with no other day named, as in
    ``cancel the afternoon off I'd booked for Thursday 18th``, it is the day cancelled)."""
    said = [t.text for t in tokens[max(0, item.start - 3) : item.start]]
    recalled = [[had, done] for had in ("had", "i'd") for done in ("taken", "booked", "applied")]
    if said[-2:] in recalled or said[-3:-1] in recalled:
        return True
    # "Of my 23-27 Aug leave, can you drop Friday 27th?", "cut my 15-19 Nov leave short"
    after = tokens[item.end].text if item.end < len(tokens) else ""
    # (not "cancel my 22 Feb leave, still off on 23rd": that one is the day cancelled)
    recalling = (["of", "my"], ["cut", "my"], ["shorten", "my"], ["trim", "my"])
    return said[-2:] in recalling and after in ("leave", "pto", "vacation", "holiday", "booking")


# "Threw my back out on the pad yesterday ... off today": what happened, then
_HURT_BY = frozenset(
    {"ate", "threw", "sprained", "twisted", "slipped", "fell", "injured", "hurt"}
    | {"bumped", "banged", "pulled", "extracted", "removed"}
    | {"lifting", "tweaked", "strained", "cricked", "broke", "gone"}  # "Back's gone again lifting"
    | {"cut", "burnt", "burned", "scalded", "crushed", "jammed", "dislocated", "fractured"}
    | {"bitten", "stung", "tripped", "crashed"}  # "Cut my hand on the line yesterday"
)

# What makes a day one taken rather than one a pain or a worry lasted through
_ABSENT_WORDS = frozenset(
    {"off", "out", "sick", "ill", "unwell", "leave", "away", "home", "bed", "pto", "ooo", "absent"}
)


def _been_all_along(tokens: list[Tok], item: DateItem) -> bool:
    """``Tooth has been killing me all week, leaving at 3 today``: how long it has lasted, not
    days taken; ``I've been off sick all week`` says the days away."""
    if tokens[item.start].text not in ("all", "whole", "the") or item.kind not in (
        "week",
        "this_week",
    ):
        return False
    before = [t.text for t in tokens[max(0, item.start - 6) : item.start]]
    if "been" not in before:
        return False
    since = before[len(before) - before[::-1].index("been") :]
    return _ABSENT_WORDS.isdisjoint(since)


_TAKEN_BEFORE = frozenset(
    {"out", "off", "sick", "log", "logged", "mark", "marked", "leave", "and", "&", "+", "was"}
)


_NEGATIONS = frozenset({"not", "won't", "wont", "cannot", "can't", "cant", "unable", "never"})


# "... will try to be on tomorrow": online
_FINE_AGAIN = frozenset(
    {"ok", "okay", "fine", "better", "online", "alright", "right", "good", "on"}
)


_WILL = frozenset(
    {"should", "shd", "will", "wil", "i'll", "ill", "hope", "hopefully", "expect", "to"}
)


_NOT_IN_WORDS = frozenset({"not", "won't", "wont", "isn't", "aren't", "can't", "cannot", "no"})
_WORK_DUE = frozenset(
    {"share", "send", "submit", "finish", "complete", "deliver", "upload", "mail", "clear"}
    | {"update", "make", "continue"}  # "Will update tomorrow", "will make up for it Monday"
    | {"check"}  # "logging off now. Will check messages tomorrow"
)
# "Wrapping up the Palumbo job by Friday, then I'm off from the 21st": due by that day
_WORK_DUE_BY = _WORK_DUE | {"wrapping", "wrap", "finishing", "completing", "closing"}


def _fine_again_or_due(tokens: list[Tok], item: DateItem) -> bool:
    """``sick today. Should be ok tomorrow``, ``will be online tomorrow``: well or working
    again then; ``Will share the claims list by Monday``: work due then, no day taken."""
    wide = [t.text for t in tokens[max(0, item.start - 8) : item.start]]
    near = list(wide)
    at = list(range(item.start - len(wide), item.start))  # where each word of ``near`` stands
    for k in range(len(near) - 2, max(0, len(near) - 4), -1):
        if near[k : k + 2] == ["to", "work"] and near[k - 1] in _FINE_AGAIN:
            del near[k : k + 2]  # "will be fine to work tomorrow", "ok to work on Monday"
            del at[k : k + 2]
            break
    near, at = near[-6:], at[-6:]
    if not near or (
        near[-1] not in _FINE_AGAIN and near[-1] not in ("by", "on") and _WORK_DUE.isdisjoint(near)
    ):
        return False  # most dates: no word of either kind before them
    before = near[-4:]
    if _NEGATIONS.intersection(before):
        return False  # "won't be online tmrw": away then
    will = ("be", *_WILL)  # not inline in the test: mypyc cannot compile a starred ``in (...)``
    if (
        len(before) >= 2
        and before[-1] in _FINE_AGAIN
        and before[-2] in will
        and (before[-1] != "on" or before[-2] == "be")  # not "I was ill on Monday"
    ):
        return True
    if len(before) >= 3 and before[-1] in ("by", "on") and before[-2] in _FINE_AGAIN:
        return before[-3] in will
    if before[-1:] == ["by"]:
        return bool(_WORK_DUE_BY.intersection(wide))
    verbs = [k for k, w in enumerate(near) if w in _WORK_DUE]
    if not verbs:
        return False
    # "I'll stay home today, will send the sick note tomorrow": work done then; "I'll send the
    # updated AFE tracker on Friday": the "I'll" just before the words looked at
    verb_at = at[verbs[0]]
    said = [t.text for t in tokens[max(0, verb_at - 3) : verb_at]]
    return any(w in ("will", "wil", "i'll", "ill") for w in said)


def is_excepted(tokens: list[Tok], item: DateItem) -> bool:
    """``Taking next week off, except the Monday``: days left out of the ones taken."""
    before = [t.text for t in tokens[max(0, item.start - 3) : item.start]]
    said = " ".join([*before, tokens[item.start].text])  # the item may begin with "from"
    return bool(_EXCEPT.intersection(before)) or "apart from" in said or "other than" in said


def _last_day_worked(tokens: list[Tok], item: DateItem) -> bool:
    """``Last day tomorrow, then on leave 24 Dec``, ``Friday is my last day``: a day worked."""
    before = " ".join(t.text for t in tokens[max(0, item.start - 7) : item.start])
    after = " ".join(t.text for t in tokens[item.end : item.end + 5])
    return (
        before.endswith(("last day", "last working day"))
        or bool(_LAST_DAY_AFTER.match(after))
        or bool(_LAST_DAY_BEFORE.search(before))
    )


def _working_that_day(tokens: list[Tok], item: DateItem) -> bool:
    """``Working Monday, then holidays Tue 2 to Fri 5 Feb``: a day said to be worked, at the
    head of its clause (not ``not working Monday``, ``working from home Monday``)."""
    k = item.start
    if k == 0 or tokens[k - 1].text != "working":
        return False
    head = [t.text for t in tokens[max(0, k - 4) : k - 1]]
    opens = k == 1 or tokens[k - 2].text in (",", ".", ";", "!", "-", "i'm", "im", "be", "am")
    return opens and not any(w in _NOT_IN_WORDS for w in head)


def _in_that_day(tokens: list[Tok], item: DateItem) -> bool:
    """``Taking 28-30 Dec off, then I'm in on the 31st``: a day worked (in a cancel, the
    day taken back: ``I'm in on Friday after all, cancel it``)."""
    before = " ".join(t.text for t in tokens[max(0, item.start - 6) : item.start])
    return bool(_IN_ON_THE.search(before))


def _done_today(tokens: list[Tok], item: DateItem) -> bool:
    """``bank work got done today itself``, ``feeling better today``: when something was
    done or got better, not a day taken."""
    before = {t.text for t in tokens[max(0, item.start - 2) : item.start]}
    again = (  # "feeling human again today"
        item.start > 1
        and tokens[item.start - 1].text == "again"
        and tokens[item.start - 2].text in ("human", "normal", "myself", "well", "ok", "okay")
    )
    return tokens[item.start].text == "today" and (bool(before & _DONE) or again)


def _after_today(tokens: list[Tok], item: DateItem) -> bool:
    """``Heading off for the break after today``: today is worked, the leave comes after."""
    return (
        item.start > 0
        and tokens[item.start - 1].text == "after"
        and tokens[item.start].text in ("today", "tonight")
    )


def _when_it_happened(tokens: list[Tok], item: DateItem) -> bool:
    """``after a dog bite last week``: when the cause happened, not days taken."""
    if RELATIVE_DAYS.get(tokens[item.start].text) == -1 and item.start > 1:
        before = {t.text for t in tokens[max(0, item.start - 8) : item.start]}
        after = tokens[item.end :]
        later = " ".join(t.text for t in after)
        dated_later = any(
            t.kind not in ("word", "punct") or t.text in WEEKDAYS or dateish(t.text) for t in after
        )
        if before & _GOT_A_JAB and (
            " today" in f" {later}" or "this morning" in later or dated_later
        ):
            return True  # "Got my booster jab yesterday and now having fever, on MC today"
        near = [t.text for t in tokens[max(0, item.start - 5) : item.start]]
        hurt = bool({t.text for t in tokens[max(0, item.start - 10) : item.start]} & _HURT_BY) and (
            tokens[item.start - 1].text not in _TAKEN_BEFORE
        )
        if (
            (
                # "from Sunday's braai off sick yesterday and today": off then, not the cause
                (
                    ("after" in near or "from" in near)
                    and tokens[item.start - 1].text not in _TAKEN_BEFORE
                )
                or hurt
            )
            and (
                " today" in f" {later}"
                # "Out today, dentist pulled my wisdom teeth yesterday", "Sick today, back
                # pain after lifting reel boxes yesterday"
                or any(t.text == "today" for t in tokens[: item.start])
            )
        ):
            return True  # "food poisoning after the team paella yesterday, leaving at 1 today"
    first = item.start + 1 if tokens[item.start].text == "from" else item.start
    return (
        tokens[first].text == "last"
        and item.kind == "week"
        and any(tokens[j].text in ("after", "from") for j in range(max(0, first - 5), first + 1))
    )  # "after a dog bite last week", "Still coughing from last week's flu"


def said_to_be_a_holiday(tokens: list[Tok], item: DateItem, low: str) -> bool:
    """``off Thursday + Friday is a holiday anyway``: a day said to be off for all; and each
    of the days before a plural one (``Thursday and Friday are holidays anyway``)."""
    if "anyway" not in low:
        return False
    k = item.end
    if (
        k < len(tokens)
        and tokens[k].text == "anyway"
        and item.start > 0
        and item.weekday_based
        and tokens[item.start - 1].kind == "word"
        and tokens[item.start - 1].orig[:1].isupper()
    ):
        return True  # "off next week Mon-Thu, Independence Friday anyway": the holiday's day
    while (
        item.kind == "point"
        and k + 2 < len(tokens)
        and tokens[k].text in ("and", "&", "+")
        and (tokens[k + 1].text in WEEKDAYS or tokens[k + 1].kind in ("num", "ord"))
    ):
        k += 2
    if k != item.end and (k >= len(tokens) or tokens[k].text != "are"):
        return False
    last = tokens[item.end - 1]
    if k == item.end and last.orig.lower().endswith(("'s", "’s")):
        # "Carnival Monday's a holiday here anyway": the "'s" is the day's token's own
        return bool(_HOLIDAY_ANYWAY.match(low, last.pos + len(last.orig) - 2))
    return k < len(tokens) and bool(_HOLIDAY_ANYWAY.match(low, tokens[k].pos))


# Said after a day: "Thursday i come back", "Monday I'm back"
_RETURN_AFTER = (["i", "come", "back"], ["i'm", "back"], ["im", "back"], ["i", "return"])


def is_back_context(ex: Extraction, item: DateItem) -> bool:
    after = ex.tokens[item.end].text if item.end < len(ex.tokens) else ""
    if item.end > 0 and ex.tokens[item.end - 1].text in (".", "!", ";"):
        after = ""  # "Off Friday. Back Monday.": the sentence ended
    place = item.end + 1
    while place < len(ex.tokens) and ex.tokens[place].text == "the":
        place += 1
    back_then = ex.tokens[item.end + 1] if item.end + 1 < len(ex.tokens) else None
    then_date = back_then is not None and (
        back_then.kind != "word" or dateish(back_then.text) or back_then.text in ("on", "the")
    )  # "ooo thurs + fri back mon": the return day comes after "back"
    if after == "ko" and back_then is not None and back_then.text in ("wapas", "vapas"):
        return True  # "16th ko wapas": back on the 16th
    if after == "wieder" and back_then is not None and back_then.text in ("da", "im", "zuruck"):
        return True  # German "ab 30.3. wieder da": back on the 30th
    if (
        len(item.dates) == 1
        and [t.text for t in ex.tokens[item.end : item.end + 3]] in _RETURN_AFTER
        and (item.end + 3 >= len(ex.tokens) or ex.tokens[item.end + 3].kind == "punct")
    ):
        return True  # "off today, Thursday i come back": the day back
    if (
        after == "back"
        and len(item.dates) <= 1
        and not then_date
        # "take Friday the 12th back out of my Urlaub": taken back, not a return
        and not (back_then is not None and back_then.text in ("out", "off", "from"))
    ) or (
        after in ("in", "at")
        and place < len(ex.tokens)
        and ex.tokens[place].text in ("office", "work")
    ):
        return True  # "Wed back in office", "Thursday in office"
    said = [t.text for t in ex.tokens[max(0, item.start - 7) : item.start]]
    if "back" in said and said[-1] in ("on", "the"):
        k = len(said) - 1 - said[::-1].index("back")
        if (
            said[k + 1 : k + 2] == ["after"]
            and "on" in said[k + 2 :]
            and not any(t in (",", ".", ";", "!", "?") for t in said[k:])
        ):
            return True  # "back after the bank hols on the 29th": the return day
    k = item.start - 1
    steps = 0
    # "back on shift Tue 7th": a weekday the date grammar left beside its day is skipped too
    while (
        k >= 0
        and steps < 5
        and (
            ex.tokens[k].text in _BACK_SKIP
            or (k == item.start - 1 and ex.tokens[k].text in WEEKDAYS)
        )
    ):
        k -= 1
        steps += 1
    if k < 0:
        return False
    word = ex.tokens[k].text
    if ex.tokens[k].kind == "word" and said_back_at(ex.tokens, k, ("at", "on")):
        return True  # "back at the machines Monday 23": at any place, the return day
    if word in ("ako", "na", "ko") and k > 0 and ex.tokens[k - 1].text in ("balik", "babalik"):
        return True  # "balik ako 4/6": back on the 6th
    if word == "back" and k > 0 and ex.tokens[k - 1].text in _BODY_OWNERS:
        return False  # "an appointment for my back on Friday"
    if (
        word == "back"
        and ex.tokens[item.start].text in ("today", "tonight")
        and any(t.text in ("not", "won't", "wont", "never") for t in ex.tokens[max(0, k - 3) : k])
    ):
        return False  # "won't be back today": away the rest of it, not a return
    if word in ("join", "joining") and k > 0 and ex.tokens[k - 1].text == "to":
        return False  # "leave on 28/4 and 29/4 to join the 30/4 long holiday"
    if word == "back" and k > 0 and ex.tokens[k - 1].text in _GIVEN_BACK:
        return False  # "I'm giving back my 23 Dec leave": returned, not a return day
    if (
        word in ("log", "logging", "sign", "signing")
        and ex.tokens[k + 1].text in ("on", "in")
        and k > 0
        and ex.tokens[k - 1].text in ("will", "i'll", "'ll", "shall", "should")
    ):
        return True  # "will log on tomorrow if I'm ok": back then
    if word in ("available", "reachable"):
        return not (k > 0 and ex.tokens[k - 1].text in ("not", "un", "be"))
    if word in ("hopefully", "hopefuly") and ex.tokens[k + 1].text == "in":
        return True  # "SL today, hopefully in tmrw": back then
    if word == "until" or word == "see":
        return word == "see"
    return word in _BACK_WORDS


def count_from_open_start(ex: Extraction, items: list[DateItem], calendar: WorkCalendar) -> None:
    """``rest for 3 days, on sick leave from today``: the count runs from the open start."""
    counts = [it for it in ex.items if "count_without_start" in it.notes]
    if len(counts) == 1 and counts[0].count is not None:
        named = {d for it in items for d in it.dates if calendar.is_working_day(d)}
        if len(named) == counts[0].count:
            # "grant me leave for 2 days (9th and 10th March)": the count only says how many
            counts[0].notes = [n for n in counts[0].notes if n != "count_without_start"]
            return
    opens = [it for it in items if "open_range" in it.notes and len(it.dates) == 1]
    if len(counts) != 1 or len(opens) != 1 or counts[0].count is None:
        return
    start = opens[0]
    start.dates = calendar.next_working_days(start.dates[0], counts[0].count)
    start.notes = [n for n in start.notes if n != "open_range"]
    counts[0].notes = [n for n in counts[0].notes if n != "count_without_start"]


def is_onset(ex: Extraction, item: DateItem) -> bool:
    """``sick since yesterday``: when it began, not the days taken."""
    k = item.start - 1
    while k >= 0 and ex.tokens[k].text in ("the", "last"):
        k -= 1
    return (
        k >= 0
        and ex.tokens[k].text in ("since", "from")
        and k > 0
        and (ex.tokens[k].text == "since" or ex.tokens[k - 1].text in ("ill", "sick", "unwell"))
    )


def is_update_about(ex: Extraction, item: DateItem) -> bool:
    """``will update about tomorrow``, ``not sure about Friday``: a date still open."""
    k = item.start - 1
    while k >= 0 and ex.tokens[k].text in ("the", "for"):
        k -= 1
    if k < 1 or ex.tokens[k].text not in _ABOUT:
        return False
    for j in range(k - 1, max(-1, k - 4), -1):
        if ex.tokens[j].text in (":", ".", "!", "?", ";"):
            return False  # "Update: Leave on 27th Nov not required now": a heading
        if ex.tokens[j].text in ("off", "out", "away", "leave", "pto", "ooo"):
            return False  # "you know I'm off on the 26th": the day said off
        if ex.tokens[j].text in _UPDATE_WORDS:
            return True
    return False


def _next_with_day(after: dt.date, dom: int) -> dt.date | None:
    """The first date after ``after`` whose day of the month is ``dom``, within two months."""
    for k in range(3):
        month = add_months(after.replace(day=1), k)
        if dom <= monthrange(month.year, month.month)[1]:
            day = month.replace(day=dom)
            if day > after:
                return day
    return None


def apply_back(
    items: list[DateItem],
    backs: list[DateItem],
    tokens: list[Tok],
    today: dt.date,
    calendar: WorkCalendar,
    elsewhere: frozenset[dt.date] = frozenset(),
) -> list[str]:
    """``off from Monday, back on Thursday``: the leave ends the day before the return.

    The return date closes an open start (``from Monday``) or a single date
    (``out on the 3rd, back on the 6th``), and alone it starts the leave today
    (``out sick, back on Monday``). With a closed range or several dates it
    must be the next working day after them, else the reading is unsure.
    Days the message gives to something else (``Tue WFH``) are not taken to
    fill the gap before the return.
    """
    dated = [it for it in items if it.dates]
    start_at = min((it.dates[0] for it in dated), default=today)
    returns = []
    end_at = max((it.dates[-1] for it in dated), default=today)
    for b in backs:
        day = b.dates[0]
        if b.weekdays is not None:  # "back on Thursday": the first one after the leave starts
            while day <= start_at:
                day += dt.timedelta(days=7)
        elif (
            b.kind == "point"
            and day <= end_at
            and (end_at - day).days < 62
            and any(t.kind in ("num", "ord") for t in tokens[b.start : b.end])
        ):
            # "the 31st, and 4th-5th Jan, back on the 7th", said in December: January's 7th;
            # "back today after my leave" is today, not the 5th of next month
            later = _next_with_day(end_at, day.day)
            day = later if later is not None else day
        returns.append(day)
    back = min(returns)
    if not dated:
        if back <= today:
            return ["back_mismatch"]
        first = backs[0]
        span = [today + dt.timedelta(days=k) for k in range((back - today).days)]
        items.append(DateItem(first.start, first.end, span, "range"))
        return []
    last = max(dated, key=lambda it: it.dates[-1])
    end = last.dates[-1]
    if end >= back:
        return ["back_mismatch"]
    gap = [end + dt.timedelta(days=k) for k in range(1, (back - end).days)]
    if any(d in elsewhere for d in gap):
        filled = all(d in elsewhere or not calendar.is_working_day(d) for d in gap)
        return [] if filled else ["back_mismatch"]
    if "open_range" in last.notes or (len(dated) == 1 and last.kind == "point"):
        start = last.dates[0]
        last.dates = [start + dt.timedelta(days=k) for k in range((back - start).days)]
        last.notes = [n for n in last.notes if n != "open_range"]
        return []
    after = calendar.next_working_days(end + dt.timedelta(days=1), 1)
    if after and after[0] != back:
        return ["back_mismatch"]
    return []
