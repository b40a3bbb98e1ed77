"""Half days in a message: which half of a day its words take.

Owns the markers the date grammar binds to the dates they speak of: the
words of a half (``morning``, ``first half``, ``after lunch``, ``HD``), an
hour the author leaves or is back (``leaving at 2``, ``in by 11``, ``back
online around half eleven``, ``out until 10:30am``), an appointment's span of
hours (``physio 9-11am``) and the words that make such a phrase no half away
(``see you in the morning``, ``will check messages in the evening``,
``tested positive this morning``); and, where no half is said, an early hour
followed by a later one the author is there by (``Ultrasound at 8 ..., coming
straight to the office afterwards, around 11``: the morning away,
``_back_after_an_hour``). ``find_marks`` returns them, blocking
their tokens so the grammar does not read an hour as a day of the month;
``dates.extract`` binds each one to its date.

The module is long (past 800 lines) because ``_time_mark`` and the tests around it
hold the many ways an hour of leaving or of coming back is said, one rule each with
its example; split, the rules would lose the token walk they share.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from leavebot.parsing.lexicon import (
    MONTHS,
    NUMBER_WORDS,
    RANGE_WORDS,
    RELATIVE_DAYS,
    WEEKDAYS,
    WORKPLACES,
)
from leavebot.parsing.tokens import _DIGITS, Tok, said_back_at
from leavebot.parsing.tries import trie_compile

_DATE_TOKEN_KINDS = frozenset({"iso", "compact", "full", "slash", "ord"})


class MarkGrammar(Protocol):
    """What ``find_marks`` needs of the date grammar: its tokens and their blocking."""

    toks: list[Tok]
    n: int
    blocked: list[bool]
    notes: list[str]

    def block(self, k: int) -> None: ...


@dataclass(slots=True)
class Mark:
    """A half-day marker: ``am``, ``pm``, ``half`` (side not given) or ``full``."""

    start: int
    end: int
    side: str
    plural: bool = False  # "mornings": every date of the list before it


_PORTION_PHRASES: tuple[tuple[tuple[str, ...], str], ...] = (
    (("first", "half"), "am"),
    (("1st", "half"), "am"),
    (("first", "-", "half"), "am"),
    (("second", "half"), "pm"),
    (("2nd", "half"), "pm"),
    (("second", "-", "half"), "pm"),
    (("latter", "half"), "pm"),
    (("afternoon", "half"), "pm"),  # "cancel the afternoon half of my leave"
    (("morning", "half"), "am"),
    (("afternoon", "part"), "pm"),
    (("morning", "part"), "am"),
    (("rest", "of", "the", "day", "after", "that"), "pm"),  # "MRI at 1pm, offline the rest ..."
    (("before", "lunch"), "am"),
    (("pre", "lunch"), "am"),
    (("pre", "-", "lunch"), "am"),
    (("post", "lunch"), "pm"),
    (("post", "-", "lunch"), "pm"),
    (("postlunch",), "pm"),
    (("after", "lunch"), "pm"),
    (("after", "noon"), "pm"),
    (("by", "lunch"), "pm"),
    (("around", "lunch"), "pm"),
    (("by", "noon"), "pm"),
    (("at", "lunch"), "pm"),
    (("from", "lunch"), "pm"),
    (("till", "lunch"), "am"),
    (("until", "lunch"), "am"),
    (("till", "noon"), "am"),
    (("until", "noon"), "am"),
    (("before", "noon"), "am"),
    (("before", "lunchtime"), "am"),
    (("after", "lunchtime"), "pm"),
    (("by", "lunchtime"), "pm"),
    (("at", "lunchtime"), "pm"),
    (("from", "lunchtime"), "pm"),
    (("till", "lunchtime"), "am"),
    (("until", "lunchtime"), "am"),
    (("first", "thing"), "am"),  # "GP appointment first thing"
    # "left early yesterday with a migraine", "leaving early Friday": the afternoon away
    (("left", "early"), "pm"),
    (("leaving", "early"), "pm"),
    (("leaving", "a", "bit", "early"), "pm"),  # "Leaving a bit early today, 4:30"
    (("leave", "early"), "pm"),
    (("going", "home", "early"), "pm"),
    (("went", "home", "early"), "pm"),
    (("half", "day"), "half"),
    (("1/2", "day"), "half"),  # "1/2 day Thu arvo": a half, not the 1st of February
    (("1/2", "-", "day"), "half"),
    (("half", "-", "day"), "half"),
    (("half", "a", "day"), "half"),
    (("half", "days"), "half"),
    (("halfday",), "half"),
    (("hd",), "half"),
    (("half", "leave"), "half"),
    (("half", "off"), "half"),
    (("full", "day"), "full"),
    (("full", "-", "day"), "full"),
    (("fullday",), "full"),
    (("whole", "day"), "full"),
    (("entire", "day"), "full"),
    (("all", "day"), "full"),
    (("mornings",), "am"),
    (("afternoons",), "pm"),
    (("evenings",), "pm"),
    (("morning",), "am"),
    (("matin",), "am"),  # French: "lundi matin"
    (("apres", "-", "midi"), "pm"),
    (("apres", "midi"), "pm"),
    (("aprem",), "pm"),
    (("vormittag",), "am"),
    (("nachmittag",), "pm"),
    (("mrng",), "am"),
    (("morn",), "am"),
    (("forenoon",), "am"),
    (("afternoon",), "pm"),
    (("evening",), "pm"),
    (("arvo",), "pm"),  # Australian: "this arvo", "Friday arvo"
    (("arvos",), "pm"),
    (("s'arvo",), "pm"),
    (("avo",), "pm"),
    (("aftn",), "pm"),
    (("aft",), "pm"),
    (("am",), "am"),
    (("pm",), "pm"),
)
_PORTION_FIRST = frozenset(p[0][0] for p in _PORTION_PHRASES)
_NOT_EARLY = frozenset(
    {"don't", "dont", "not", "never", "can't", "cant", "cannot", "won't", "wont"}
)
# "I'll leave early", "need to leave early" (not "leave early if you're headed to Galveston")
_LEAVE_EARLY_AFTER = frozenset(
    {"to", "will", "i'll", "ill", "i", "gonna", "may", "might", "must", "should", "can", "could"}
    | {"would", "shall", "and", "please", "pls", "plz"}
)
_NOT_PORTION_BEFORE = frozenset(
    {"good", "since", "every", "each", "gm", "from", "till", "until", "all"}
)
# "the morning dive", "the afternoon speedboat", "Morning shift here": the half names when
# a thing is, not the half away
_THINGS_OF_A_HALF = frozenset(
    {"shift", "shifts", "dive", "dives", "meeting", "meetings", "standup", "stand-up", "huddle"}
    | {"flight", "train", "bus", "boat", "speedboat", "ferry", "tide", "briefing", "sync"}
    | {"session", "sessions", "class", "classes", "assembly", "milking", "delivery", "rota"}
)
_AWAY_BEFORE_ALL = frozenset({"off", "out", "away", "ooo", "leave", "unavailable", "be"})
_DATEISH_BEFORE_AMPM = frozenset(
    set(WEEKDAYS) | set(RELATIVE_DAYS) | {"half", "day", "hd", "leave", "off", "only", ","}
)

_BACK_AT = frozenset({"by", "after", "around", "at", "about", "before", "~"})  # "~11": about
_IN_AGAIN = frozenset(
    {"in", "back", "online", "join", "joining", "available", "login", "start", "starting"}
    | {"come", "coming", "reach", "reaching", "connect", "connecting", "connected"}
)
_AWAY_AT = frozenset(
    {"leaving", "leave", "left", "off", "out", "logging", "signing", "heading", "home", "go"}
    | {"finishing", "finish", "clocking", "knocking", "away", "bolt", "dash"}  # "gotta bolt at 2"
    | {"gone"}  # "emergency dentist at 2 so I'm gone at 1:30"
)
# "offline from 1": a time of day after these, not the 1st
_OFF_VERBS = frozenset(
    {"logging", "signing", "log", "sign", "clock", "clocking", "knock", "knocking", "head"}
)
_AWAY_FROM = frozenset(
    {"offline", "unavailable", "unreachable", "out", "off", "away", "ooo", "gone"}
)
_BACK_FROM = frozenset({"in", "online", "back", "available", "working", "connected"})
_ABOUT_HOUR = frozenset({"about", "around", "approx", "approximately", "roughly", "~", "abt", "ca"})


def _not_back_after(toks: list[Tok], k: int) -> bool:
    """Whether the words from ``k`` on say the author is not back after an hour."""
    rest = [t.text for t in toks[k : k + 12]]
    back = rest.index("back") if "back" in rest else -1
    return (
        back >= 0
        and bool(_NOT_IN.intersection(rest[:back]))
        # further on, only a "back after" that ends the message ("Eye test at 2 today,
        # they're dilating my eyes so I won't be back after")
        and (back < 8 or rest[back + 1 : back + 3] in (["after"], ["afterwards"]))
    )


def _time_mark(toks: list[Tok], i: int) -> Mark | None:
    """``in by 12``, ``back after 2`` (away the morning); ``leaving at 2pm`` (the afternoon)."""
    if i + 1 >= len(toks) or i == 0:
        return None
    if toks[i].text in _TILL:
        return _till_mark(toks, i)
    if toks[i].text == "a":
        # French "je pars à 14h": leaving at that hour, the afternoon
        nxt = toks[i + 1]
        hour = nxt.value if nxt.kind == "num" else None
        if toks[i - 1].text in ("pars", "part", "quitte") and hour is not None and 11 <= hour <= 17:
            return Mark(i, i + 3 if i + 2 < len(toks) and toks[i + 2].text == "h" else i + 2, "pm")
        return None
    about = 1 if toks[i + 1].text in _ABOUT_HOUR and i + 2 < len(toks) else 0
    at = toks[i + 1 + about]  # "online again from about noon", "back by around 11"
    if (
        toks[i].text == "from"
        and (
            toks[i - 1].text in _BACK_FROM
            or (i > 1 and toks[i - 1].text in ("again", "only") and toks[i - 2].text in _BACK_FROM)
            or (i > 2 and toks[i - 1].text == "office" and toks[i - 3].text == "in")
        )
        and (at.kind in ("num", "time") or at.text in ("noon", "midday"))
        and (i + 2 + about >= len(toks) or toks[i + 2 + about].text not in MONTHS)
    ):
        lead = _DIGITS.match(at.text)
        back_at = 12 if at.kind == "word" else int(lead.group()) if lead else 0
        if 9 <= back_at <= 13 or back_at in (1, 2):  # "online from 1": from 1pm
            return Mark(i, i + 2 + about, "am")  # "Dentist 9am Thurs, in from 11": the morning away
    from_away = (
        (
            toks[i].text == "after"  # "Friday after 12 I'm gone"
            and [t.text for t in toks[i + 2 : i + 5] if t.text not in ("h", "pm")][:2]
            in _AWAY_AFTER_AN_HOUR
        )
        or (
            toks[i].text == "from"
            and (
                # "from 1pm I'm out", "from 12h I'm gone"
                [t.text for t in toks[i + 2 : i + 5] if t.text != "h"][:2] in _AWAY_AFTER_AN_HOUR
                # "Out of office from 2pm today"
                or (i > 2 and [t.text for t in toks[i - 3 : i]] == ["out", "of", "office"])
                or toks[i - 1].text in _AWAY_FROM
                or (
                    i > 1
                    and (
                        toks[i - 1].text in RELATIVE_DAYS
                        or toks[i - 1].text in WEEKDAYS
                        or toks[i - 1].text in ("shift", "duty", "work")  # "off shift from 12:30"
                    )
                    and toks[i - 2].text in _AWAY_FROM
                )
            )
        )
    )
    if (
        toks[i].text == "for"
        and (
            toks[i - 1].text == "in"
            or (toks[i - 1].text == "online" and i > 1 and toks[i - 2].text in ("back", "be"))
        )
        and at.kind in ("num", "time")
        # "the leave I put in for 1-3 Feb": asked for, not at work then
        and not (toks[i - 1].text == "in" and i > 1 and toks[i - 2].text in ("put", "putting"))
    ):
        lead = _DIGITS.match(at.text)
        if lead and (9 <= int(lead.group()) <= 13 or int(lead.group()) in (1, 2)):
            # "Root canal tomorrow at 10, I'll be in for 1", "... in for about 1"
            return Mark(i, i + 2 + about, "am")
        return None
    if toks[i].text == "for" and toks[i - 1].text == "back" and at.text in ("lunch", "lunchtime"):
        return Mark(i, i + 2, "am")  # "Dentist tomorrow 9h, back for lunch": the morning away
    if toks[i].text not in _BACK_AT and not from_away:
        return None
    nxt = at  # "back by around 11"
    hour = nxt.value if nxt.kind == "num" else None
    span = 2 + about
    k = i + 1 + about  # the hour's first word
    if nxt.text == "half" and k + 1 < len(toks):  # "head off about half one": 1:30
        after_half = toks[k + 1]
        if after_half.text == "past" and k + 2 < len(toks):  # "around half past ten"
            after_half = toks[k + 2]
            span = 4 + about
        else:
            span = 3 + about
        hour = after_half.value if after_half.kind == "num" else _HOUR_WORDS.get(after_half.text)
    elif nxt.text == "quarter" and k + 2 < len(toks) and toks[k + 1].text in ("past", "to"):
        # "logging off at quarter past 3", "in by quarter to 11": that hour, near enough
        span = 4 + about
        after_quarter = toks[k + 2]
        hour = (
            after_quarter.value
            if after_quarter.kind == "num"
            else _HOUR_WORDS.get(after_quarter.text)
        )
    if nxt.text in ("noon", "midday", "mid-day") or (
        nxt.text in ("lunch", "lunchtime")
        and (
            toks[i - 1].text in ("again", "online", "back")
            # "Allergist appt tmrw morning, see y'all around lunch"
            or (i > 1 and toks[i - 1].text in _SEEN and toks[i - 2].text == "see")
        )
    ):
        hour = 12  # "in by noon", "leaving at midday", "online again after lunch"
    if nxt.kind == "time":
        digits = _DIGITS.match(nxt.text)
        hour = int(digits.group()) if digits else None
    if hour is None or not 1 <= hour <= 18:
        return None
    # "Dentist at 3 today, root canal, won't be back after": a clause may come between
    if toks[i].text == "at" and (11 <= hour <= 16 or hour <= 4) and _not_back_after(toks, i + span):
        return Mark(i, i + span, "pm")  # "Root canal tomorrow at 2, won't be back after"
    after = toks[i + span].text if i + span < len(toks) else ""
    then = toks[i + span + 1] if i + span + 1 < len(toks) else None
    listed = after == "," and then is not None and (then.kind == "num" or then.text in MONTHS)
    then_word = then is not None and then.kind == "word" and then.text not in MONTHS
    ranged = after in RANGE_WORDS and not then_word  # "leaving at 12:30 to drive": a verb
    joined = after in ("and", "&") and not then_word  # "log off at 2 and lie down": a verb
    if after in MONTHS or ranged or joined or after in ("of", "/") or listed:
        return None  # "at 9 and 10 March", "on 9, 10 and 11" are dates
    j = i - 1
    while j > 0 and (
        toks[j].text
        in ("today", "tomorrow", "tmrw", "early", "then", "later", ",", "late", "on", "only", "(")
        or (toks[j].text == "again" and toks[j - 1].text in _IN_AGAIN)  # "online again around 11"
        or toks[j].kind in ("slash", "ord", "iso", "full")  # "I'm out Fri 10/30 after 1pm"
        or toks[j].text in WEEKDAYS
    ):
        j -= 1  # "leave early today at 3", "start later tomorrow, around 11", "off Fri after 1"
    if toks[j].text in ("office", "work") and j > 0 and toks[j - 1].text in ("leaving", "leave"):
        j -= 1  # "Leaving office early today around 3"
    elif (
        toks[j].text in ("office", "work")
        and j > 2
        and toks[j - 2].text == "the"
        and toks[j - 3].text in ("leaving", "leave")
    ):
        j -= 3  # "Leaving the Tartu office early tomorrow, at 13"
    walked = j < i - 1 and toks[j].text in _AWAY_AT | _IN_AGAIN
    before = toks[j].text if walked else toks[i - 1].text
    if walked and toks[j].text in _LOG_ON and toks[j + 1].text == "on":
        before = "back"  # "I'll be logging on after 1"
    if before == "here" and i > 2 and [t.text for t in toks[i - 3 : i - 1]] == ["out", "of"]:
        before = "leaving"  # "I'm out of here at 4 today"
    if before == "back" and i > 1 and toks[i - 2].text in ("comes", "gets", "arrives", "flies"):
        return None  # "my son's school trip comes back at 14h": someone else's return
    if before in _WORKPLACES and i >= 2:
        k = i - 2
        while (
            k > 0
            and i - k < 5
            and toks[k].kind == "word"
            and toks[k].text not in _OFFICE_VERBS
            and toks[k].text != "to"
        ):
            k -= 1  # "the", "my", "the Stuttgart", "our Pune"
        if (
            toks[k].text in ("in", "at", "on")  # "I'll be on site by 11"
            and k > 0
            and toks[k - 1].text in ("be", "back", "get", "me")
        ):
            before = "back"  # "I will be in the office at 12:00": the morning away
        elif toks[k].text in ("reach", "reaching"):
            before = "back"  # "should reach office by 12"
        elif toks[k].text == "to" and toks[k - 1].text in ("come", "coming", "get", "getting"):
            before = "back"  # "I'll come to the office around 11"
        elif toks[k].text == "to" and k > 1 and [t.text for t in toks[k - 2 : k]] == ["make", "it"]:
            before = "back"  # "should make it to the office by 11h"
        elif (
            toks[k].text in ("in", "at")
            and toks[k - 1].text in (",", ";", "-", "then")
            and hour >= 10
        ):
            # "Eye doctor Thursday at 8:30, in the office by 11", "..., at my desk by 11"
            before = "back"
        elif toks[k].text in ("leave", "leaving", "left"):
            before = "leaving"  # "will leave office by 2.30pm", "Leaving the Pune office at 2"
    if before in ("off", "out") and i > 1 and toks[i - 2].text in _OFF_VERBS:
        before = "leaving"
    if before in ("off", "out") and i > 1 and toks[i - 2].text in _DROPPED_OFF:
        return None  # "Need to leave these off before 5": things dropped off
    if before == "on" and i > 1 and toks[i - 2].text in _LOG_ON:
        before = "back"  # "I'll be logging on after 1"
    if before in _SEEN and i > 2 and toks[i - 2].text in _SEEN and toks[i - 3].text == "see":
        before = "you"  # "see you all around 11"
    if before in _SEEN and i > 1 and toks[i - 2].text in ("see", "you") and hour >= 10:
        before = "back"  # "dentist at 9, see everyone around 11"
    if toks[i - 1].text == "back" and i > 1 and toks[i - 2].text in _WHOSE_BACK:
        return None  # "Physio for my back at 2pm": the body, not a return
    if before == "up" and i > 1 and toks[i - 2].text in _WRAP_UP:
        before = "leaving"  # "I'll be finishing up at 1 today"
    if before == "day" and i > 3 and [t.text for t in toks[i - 4 : i - 1]] in _CALL_IT_A:
        before = "leaving"  # "gonna call it a day at 4"
    squeezed = (
        before == "in"
        and i > 2
        and toks[i - 2].text in ("me", "us")  # "squeeze me in at 4"
        and toks[i - 3].text not in ("expect", "see")  # "expect me in around 11": back then
    )
    if squeezed and any(t.text in ("leaving", "leave") for t in toks[:i]):
        before = "leaving"  # "leaving early: the dentist can squeeze me in at 4:30"
    if before == "again" and i > 1 and toks[i - 2].text in ("desk", "office", "online", "back"):
        before = "back"  # "at my desk again around 10h30"
    if before in ("me", "us") and i > 1 and toks[i - 2].text in ("expect", "expecting"):
        before = "back"  # "Root canal Monday at half nine, expect me about 1": back then
    if (
        before == "be"
        and i > 2
        and toks[i - 2].text in ("should", "shd")
        and any(t.text == "come" for t in toks[max(0, i - 8) : i - 2])
    ):
        before = "back"  # "MRI tomorrow early, I'll come in straight after, should be around 11"
    if before in ("arrive", "arriving") and i > 1 and toks[i - 2].text in _I_WILL:
        before = "back"  # "Dentist tomorrow at 8:30, I arrive at 11:30" (not "the movers arrive")
    if before in ("come", "coming") and (
        (i > 2 and toks[i - 2].text in ("is", "are", "'s"))  # "the plumber is coming at 2"
        # "out this afternoon, the movers come at 2"
        or (before == "come" and toks[i - 2].kind == "word" and toks[i - 2].text.endswith("s"))
    ):
        return None  # someone else comes
    back_at = j if walked else i - 1
    if (
        before in ("back", "in")
        and toks[i].text == "after"
        and back_at > 1
        and toks[back_at - 1].text == "be"
        and toks[back_at - 2].text in _NOT_IN
    ):
        return Mark(i, i + span, "pm")  # "I won't be back after lunch": the afternoon away
    if (before in _IN_AGAIN and not squeezed) or (before == "in" and i > 1 and not squeezed):
        return Mark(i, i + span, "am")
    if (
        from_away
        or before in _AWAY_AT
        or (before == "early" and i > 1 and toks[i - 2].text in _AWAY_AT)
    ) and ("am" in nxt.text or "pm" in nxt.text or 11 <= hour <= 17 or hour <= 5):
        return Mark(i, i + span, "pm")  # leaving at 2, at 5: the afternoon (at 6 the day's end)
    return None


_TILL = frozenset({"till", "until", "til", "untill"})
_I_WILL = frozenset({"i", "i'll", "ill", "will", "should", "i'd", "i'm", "im"})
_AWAY_AFTER_AN_HOUR = (
    ["i'm", "out"],
    ["i'm", "off"],
    ["im", "out"],
    ["i'm", "away"],
    ["i'm", "gone"],
    ["im", "gone"],
)
_DROPPED_OFF = frozenset({"these", "those", "them", "it", "this", "that", "stuff", "things"})
# The ones "see" greets on return: "see you after lunch", "see yous at 11", "see ye after lunch"
_SEEN = frozenset(
    {"everyone", "everybody", "you", "ya", "y'all", "yall", "u", "all", "you all", "yous", "youse"}
    | {"ye"}
)
_WHOSE_BACK = frozenset({"my", "his", "her", "the", "lower", "upper", "sore", "bad", "your"})
_NOT_IN = frozenset({"won't", "wont", "not", "can't", "cant", "cannot"})
_HOUR_WORDS = {w: n for w, n in NUMBER_WORDS.items() if 1 <= n <= 12 and w not in ("a", "an")}
_CALL_IT_A = (["call", "it", "a"], ["calling", "it", "a"])
_WRAP_UP = frozenset({"finish", "finishing", "wrap", "wrapping", "pack", "packing", "knock"})
_THEN_FILLER = frozenset({",", ";", "-", "then", "and", "i'll", "will", "be"})
_OFFICE_VERBS = frozenset({"in", "at", "on", "leave", "leaving", "left", "reach", "reaching"})
_THEN_BACK = frozenset(
    {"back", "online", "in", "available", "log", "logging", "join", "joining", "come", "coming"}
)


def _till_mark(toks: list[Tok], i: int) -> Mark | None:
    """``at the dentist till 11, then back online``, ``out until 10:30am``: away the morning.

    A bare number after ``till`` is a day of the month as often as an hour
    (``off till 11`` may be the 11th), so it is an hour only when the words
    after it say the author is back, or it is written as a time.
    """
    nxt = toks[i + 1]
    about = nxt.text in _ABOUT_HOUR and i + 2 < len(toks)
    if about:
        nxt = toks[i + 2]  # "won't be in until around noon"
    worked = i > 0 and toks[i - 1].text in ("work", "working", "only", "online", "in")
    negated = bool(_NOT_IN & {t.text for t in toks[max(0, i - 4) : i]})
    if (
        (about or negated)
        and nxt.kind in ("num", "time")
        and (lead := _DIGITS.match(nxt.text))
        and 8 <= int(lead.group()) <= 13
    ):
        # "won't be in until about 10", "I won't come in until 11h": the morning away
        return Mark(
            i, i + 2 + about + (i + 2 + about < len(toks) and toks[i + 2 + about].text == "h"), "am"
        )
    if nxt.text in ("noon", "midday", "lunch", "lunchtime") and worked and not negated:
        return Mark(i, i + 2 + about, "pm")  # "I'll be working only until noon Friday"
    if nxt.text in ("noon", "midday", "lunch", "lunchtime") and (
        about or not worked or bool(_NOT_IN & {t.text for t in toks[max(0, i - 4) : i]})
    ):
        return Mark(i, i + 2 + about, "am")  # "won't be in until around noon": the morning away
    if worked and nxt.kind == "num" and i + 2 < len(toks) and toks[i + 2].text in ("h", "hrs"):
        # "Today I'll work only until 13h": the afternoon away
        return Mark(i, i + 3, "pm") if 11 <= nxt.value <= 16 else None
    if nxt.kind == "time":
        digits = _DIGITS.match(nxt.text)
        hour = int(digits.group()) if digits else None
        if hour is not None and "pm" in nxt.text and hour < 12:
            hour += 12
        if worked and hour is not None and 11 <= hour <= 16:
            return Mark(i, i + 2, "pm")  # "working until 1pm today"
    elif nxt.kind == "num" and nxt.value is not None:
        hour = nxt.value
        follow = [t.text for t in toks[i + 2 : i + 7]]
        back = [
            w
            for w in follow
            if w not in _THEN_FILLER and w not in RELATIVE_DAYS and w not in WEEKDAYS
        ]  # "at the dentist till 10 tomorrow, then back online"
        if (
            worked
            and back
            and back[0] in ("off", "out", "leaving", "heading")
            and (11 <= hour <= 16 or 1 <= hour <= 4)
        ):
            return Mark(i, i + 2, "pm")  # "Working only till 12 tomorrow, then off to ..."
        if (
            worked
            and (
                toks[i - 1].text in ("work", "working")
                # "Friday 28th I'm working only till 12, flight to Tobago at 2"
                or (
                    i > 1 and toks[i - 1].text == "only" and toks[i - 2].text in ("work", "working")
                )
            )
            and 11 <= hour <= 14
        ):
            return Mark(i, i + 2, "pm")  # "Friday I'm only working until 12, wedding in Linz"
        if back and back[0] not in _THEN_BACK:
            # "OOO tomorrow till 11, bank work for the LC margin, then back online": what is
            # done in the meantime, then back
            later = [t.text for t in toks[i + 2 : i + 14]]
            if "then" in later:
                back = [w for w in later[later.index("then") + 1 :] if w not in _THEN_FILLER]
            elif "back" in later and toks[i + 2].text not in MONTHS:
                # "Monday I'm out until 11, registering the car, back online after that"
                back = later[later.index("back") :]
                if back[1:2] not in (["online"], ["in"], ["at"], ["after"], ["to"]):
                    back = []
        if not back or back[0] not in _THEN_BACK or back[:2] == ["back", "on"]:
            return None  # "back on Tuesday" is a return day, not an hour's
    else:
        return None
    if hour is None or not 8 <= hour <= 14:
        return None
    return Mark(i, i + 2, "am")


# Where the author works, and the production line: "back at the line by 11h"
_WORKPLACES = WORKPLACES | {"line"}
_HAPPENED = frozenset(
    {"positive", "tested", "started", "began", "woke", "up", "happened", "vomited", "fainted"}
    | {"went", "hurt", "twisted", "injured", "slipped", "fell", "tripped", "sprained", "rolled"}
    | {"crushed", "burnt", "burned", "cut"}
)
# "Came down with a fever at lunch": when an illness began
_BEGAN = (_HAPPENED - {"up"}) | {"came"}
# "off between 1 and 3": days; "coming between 1 and 3": hours
_AWAY_BETWEEN = frozenset(
    {"off", "leave", "out", "away", "ooo", "holiday", "holidays", "vacation", "pto", "taking"}
    | {"take", "days", "wfh", "travelling", "traveling", "sick", "trip"}
)
# After an appointment's hours, saying when they are: "physio 10-12 this morning"
_WHEN_HOURS = frozenset({"this", "today", "tomorrow", "tmrw", "tonight"})
_BOOKED_SLOT = frozenset(
    {"service", "appointment", "appt", "slot", "window", "visit", "delivery", "installation"}
    | {"repair", "repairs", "inspection", "exam", "surgery", "procedure", "session"}
    | {"physio", "dentist", "doctor", "gp", "clinic", "scan", "mri", "test", "checkup", "shots"}
)


def _half_of_hours(start: int, end: int) -> str | None:
    """The half a span of hours on the 24-hour clock is in: ``9-11`` the morning, ``14-16``
    the afternoon; a span across both, or not of working hours, is neither."""
    if 6 <= start < end <= 13:
        return "am"
    if 12 <= start < end <= 20:
        return "pm"
    return None


def _clock_hour(text: str) -> int | None:
    """The hour on the 24-hour clock of a time said with am or pm (``2pm``, ``10:30am``)."""
    digits = _DIGITS.match(text)
    return None if digits is None else int(digits.group()) % 12 + (12 if "pm" in text else 0)


def _hour_span_mark(toks: list[Tok], i: int) -> Mark | None:
    """``physio 9-11am, then back online``: an appointment's hours, in the morning or the
    afternoon (``dentist 2-4pm``), said with ``am``/``pm`` on the end."""
    if not (0 < i < len(toks) - 1) or toks[i].text not in ("-", "to", "and"):
        return None
    if toks[i].text == "and" and (i < 2 or toks[i - 2].text != "between"):
        return None  # "between 8 and 10am", not "9 and 10 March"
    first, last = toks[i - 1], toks[i + 1]
    if (
        toks[i].text == "and"
        and first.kind == "num"
        and last.kind == "num"
        and 1 <= first.value < last.value <= 12
        and last.value - first.value <= 5
        and i > 2
        and toks[i - 3].text not in _AWAY_BETWEEN
        and (i + 2 >= len(toks) or (toks[i + 2].text not in MONTHS and toks[i + 2].text != "of"))
    ):  # "the furnace guy is coming between 1 and 3": hours, not the 1st and the 3rd
        return Mark(i - 2, i + 2, "am" if first.value >= 7 else "pm")
    if (
        toks[i].text == "-"
        and first.text == "h"
        and i > 1
        and toks[i - 2].kind == "num"
        and last.kind == "num"
        and i + 2 < len(toks)
        and toks[i + 2].text == "h"
    ):  # "Physio Wednesday 9h-11h": hours as the French and others write them
        side = _half_of_hours(toks[i - 2].value, last.value)
        return Mark(i - 2, i + 3, side) if side else None
    after = toks[i + 2].text if i + 2 < len(toks) else ""
    if (
        first.kind == "num"
        and last.kind == "num"
        and after in _WHEN_HOURS
        and i > 1
        and toks[i - 2].text not in MONTHS
    ):
        start, end = first.value, last.value
        if end < start <= 12 and end <= 7:
            end += 12  # "9-1": nine to one
        if 1 <= start < end <= 7:
            start, end = start + 12, end + 12  # "off from 2 to 4 today": the afternoon
        side = _half_of_hours(start, end)  # "physio 10-12 this morning"
        if side == "am" or (side == "pm" and end - start <= 6):
            return Mark(i - 1, i + 2, side)
    if (
        first.kind == "time"
        and (":" in first.text or "." in first.text)
        and first.text[:1].isdigit()
    ):
        lead = _DIGITS.match(first.text)  # "dentist 8:30-10am"
        first = Tok("num", first.text, first.orig, first.pos)
        first.value = int(lead.group()) if lead else 0
    ends = (
        last.value + 12
        if first.kind == "num"
        and last.kind == "num"
        and last.value < first.value <= 12
        and last.value <= 7
        else last.value
    )  # "Tuesday 9-1": nine to one
    if (
        first.kind == "num"
        and last.kind == "num"
        and i > 1
        and (
            toks[i - 2].text in _BOOKED_SLOT
            # "Physio tomorrow 10-12, so I'll be in after lunch": hours after the day
            or (
                (toks[i - 2].text in RELATIVE_DAYS or toks[i - 2].text in WEEKDAYS)
                and (i + 2 >= len(toks) or toks[i + 2].text not in MONTHS)
                and last.value <= 12
            )
        )
        and 7 <= first.value < ends <= 19
        and ends - first.value <= 6
    ):  # "Boiler service 8–12": a slot's hours
        return Mark(i - 1, i + 2, "am" if ends <= 13 else "pm")
    if (
        first.kind == "num"
        and last.kind == "time"
        and ":" in last.text
        and last.text[:1].isdigit()
        and not ("am" in last.text or "pm" in last.text)
        and ":" in toks[i - 1].text
    ):
        # "out 14:00-16:00": hours on the 24-hour clock
        digits = _DIGITS.match(last.text)
        end24 = int(digits.group()) if digits else 0
        side = _half_of_hours(first.value, end24)
        return Mark(i - 1, i + 2, side) if side else None
    if (
        first.kind == "time"
        and last.kind == "time"
        and first.text[-2:] in ("am", "pm")
        and last.text[-2:] in ("am", "pm")
    ):  # "physio on Thursday 2pm-4pm", "9am-11am": both ends said with am or pm
        from24, to24 = _clock_hour(first.text), _clock_hour(last.text)
        if from24 is None or to24 is None:
            return None
        side = _half_of_hours(from24, to24)
        return Mark(i - 1, i + 2, side) if side else None
    if first.kind != "num" or last.kind != "time" or not ("am" in last.text or "pm" in last.text):
        return None
    to24 = _clock_hour(last.text)
    if to24 is None:
        return None
    end = to24
    start = first.value % 12 + (12 if "pm" in last.text and first.value < end % 12 else 0)
    if 6 <= start < end <= 13:
        return Mark(i - 1, i + 2, "am")
    if 12 <= start < end <= 19:
        return Mark(i - 1, i + 2, "pm")
    return None


_FR_LEAVING = frozenset({"quitte", "quitterai", "pars", "partirai"})
_FR_BACK = frozenset({"rentre", "reviens", "arrive", "arriverai", "serai"})


def _french_hour_mark(toks: list[Tok], i: int) -> Mark | None:
    """French ``je quitte le bureau vers 15h`` (the afternoon away), ``je serai au bureau vers
    10h30``, ``je rentre pour 13h`` (the morning away)."""
    if i + 1 >= len(toks):
        return None
    nxt = toks[i + 1]
    lead = _DIGITS.match(nxt.text) if nxt.kind in ("num", "time") else None
    if lead is None:
        return None
    hour = int(lead.group())
    end = i + 3 if i + 2 < len(toks) and toks[i + 2].text == "h" else i + 2
    said = {t.text for t in toks[max(0, i - 5) : i]}
    if said & _FR_LEAVING and 11 <= hour <= 17:
        return Mark(i, end, "pm")
    if said & _FR_BACK and 9 <= hour <= 14:
        return Mark(i, end, "am")
    return None


def _an_afternoon_hour(tok: Tok) -> bool:
    """Whether a written time (``12:30``, ``2pm``, ``3``) is an hour of the afternoon."""
    lead = _DIGITS.match(tok.text)
    if lead is None:
        return False
    hour = int(lead.group())
    if hour < 12 and "pm" in tok.text:
        hour += 12
    return 11 <= hour <= 16 or (hour <= 4 and "am" not in tok.text)


def _leaving_hour_mark(toks: list[Tok], i: int) -> Mark | None:
    """``Half day Thursday, leaving 12:30 for the graduation``: leaving at a written time
    without ``at``, the afternoon away (a bare number is too often a date to be read so)."""
    at = toks[i + 1]
    if at.kind == "time" and _an_afternoon_hour(at):
        return Mark(i, i + 2, "pm")
    return None


def _bare_hour_not_back(toks: list[Tok], i: int) -> Mark | None:
    """``Dentist tomorrow 2pm, won't be back after``: an afternoon hour said without ``at``."""
    if _an_afternoon_hour(toks[i]) and _not_back_after(toks, i + 1):
        return Mark(i, i + 1, "pm")
    return None


def find_marks(g: MarkGrammar) -> list[Mark]:
    marks: list[Mark] = []
    i = 0
    toks = g.toks
    while i < g.n:
        t = toks[i].text
        timed = (
            _time_mark(toks, i)
            if t in _BACK_AT or t in ("from", "for") or t in _TILL or (t == "a" and i > 0)
            else _french_hour_mark(toks, i)
            if t in ("vers", "pour") and i > 0
            else None
        )
        if timed is None and t in ("-", "to", "and") and i > 0 and not g.blocked[i - 1]:
            timed = _hour_span_mark(toks, i)
        if timed is None and t in ("leaving", "heading") and i + 1 < g.n:
            timed = _leaving_hour_mark(toks, i)
        if timed is None and toks[i].kind == "time":
            timed = _bare_hour_not_back(toks, i)
        if timed is not None:
            at = timed.end + (timed.end < g.n and toks[timed.end].text == "h")
            if [t.text for t in toks[at : at + 2]] in (["both", "days"], ["each", "day"]):
                timed.plural, timed.end = True, at + 2  # "I'll leave at 14h both days"
            marks.append(timed)
            for k in range(timed.start, timed.end):
                g.block(k)
            i = timed.end
            continue
        if t not in _PORTION_FIRST:
            i += 1
            continue
        found = None
        for words, side in _PORTION_PHRASES:
            if words[0] != t or i + len(words) > g.n:
                continue
            if all(toks[i + k].text == words[k] for k in range(len(words))):
                found = (words, side)
                break
        if not found:
            i += 1
            continue
        words, side = found
        prev = toks[i - 1].text if i > 0 else ""
        nxt = toks[i + len(words)].text if i + len(words) < g.n else ""
        ok = prev not in _NOT_PORTION_BEFORE or (
            prev == "all" and i > 1 and toks[i - 2].text in _AWAY_BEFORE_ALL
        )  # "vomiting all afternoon" is how long, "out all afternoon" is the half away
        if (
            words in (("morning",), ("afternoon",))
            and prev == "the"
            and nxt == "only"
            and i > 1
            and toks[i - 2].text == "working"
            and not (i > 2 and toks[i - 3].text in ("not", "won't", "wont", "can't", "cant"))
        ):
            side = "pm" if side == "am" else "am"  # "Working the morning only today": worked
        if (
            words in (("morning",), ("afternoon",))
            and nxt in _THINGS_OF_A_HALF
            and not (i > 1 and toks[i - 2].text == "for")  # "in for the afternoon shift"
        ):
            ok = False  # "after the morning dive", "Morning shift here": a thing of that half
        after_nxt = toks[i + len(words) + 1].text if i + len(words) + 1 < g.n else ""
        if words[0] == "half" and (
            nxt in ("aren't", "arent", "isn't", "isnt")
            or (
                words[-1] in ("day", "days")
                and nxt in ("are", "is")
                and after_nxt in ("not", "worth", "n't")
            )
        ):
            ok = False  # "Off 24 Dec and 31 Dec, half days aren't worth it": whole days
            for k in range(i, i + len(words)):
                g.block(k)
        if (
            words in (("morning",), ("afternoon",))
            and prev in ("the", "early")
            and i > 1
            and (
                toks[i - 2].text == "since"
                or (toks[i - 2].text == "the" and i > 2 and toks[i - 3].text == "since")
            )
        ):
            # "migraine since the morning", "since early morning": when it began, the day taken
            ok = False
        if words[-1] == "early" and (
            nxt in ("morning", "am", "flight", "start", "shift", "if")
            or prev in _NOT_EARLY
            or (words[0] == "leave" and prev not in _LEAVE_EARLY_AFTER)
        ):
            ok = False  # "leaving early morning", "don't leave early", "leave early if you..."
        if side == "pm" and words[0] == "after" and prev in ("till", "until", "til"):
            ok, side = True, "am"  # "won't be in till after lunch": away the morning
        if (
            words in (("after", "lunch"), ("post", "lunch"), ("post", "-", "lunch"))
            and i > 1
            and prev in _SEEN
            and toks[i - 2].text in ("see", "c", "cya")
        ):
            side = "am"  # "Dentist Thursday morning, see you after lunch": back then
        if words in (("am",), ("pm",)):
            # After a written date ("2026-03-06 pm", "5/3 am", "6th pm", "6 Mar pm") too.
            prev_kind = toks[i - 1].kind if i > 0 else ""
            after_date = (
                prev_kind in _DATE_TOKEN_KINDS
                or prev in MONTHS
                or (prev_kind == "num" and i > 1 and toks[i - 2].text in MONTHS)
                or (
                    prev == "("
                    and i > 1
                    and (
                        toks[i - 2].kind in _DATE_TOKEN_KINDS
                        or toks[i - 2].text in WEEKDAYS
                        or toks[i - 2].text in RELATIVE_DAYS
                    )
                )  # "Half day Monday (PM)"
            )  # "half day 3/19 (PM)"
            ok = ok and prev != "i"
            ok = ok and (
                prev in _DATEISH_BEFORE_AMPM
                or after_date
                or nxt in ("half", "off")
                # "pls cancel the AM part": that half
                or (prev == "the" and nxt in ("part", "bit", "portion", "session", "slot"))
            )
            ok = ok and (prev != "," or (i > 1 and toks[i - 2].text in _DATEISH_BEFORE_AMPM))
        after_of = [t.text for t in toks[i + len(words) + 1 : i + len(words) + 3]]
        if (
            words[-1] == "half"
            and nxt == "of"
            and after_of
            and (
                after_of[0] in ("week", "month")
                or (after_of[0] in ("the", "this", "next", "that") and after_of[1:] == ["week"])
                or (after_of[0] in ("the", "this", "next", "that") and after_of[1:] == ["month"])
            )
        ):
            # "the second half of next week": some days of the week, not half of a day
            g.notes.append("vague_half")
            for k in range(i, i + len(words)):
                g.block(k)
            i += len(words)
            continue
        if (
            words in (("full", "day"), ("whole", "day"))
            and prev in ("work", "working", "the")
            and ((i > 1 and toks[i - 2].text in ("work", "working")) or prev in ("work", "working"))
        ):
            ok = False  # "I'll work the full day instead": a day worked, not a portion away
        if (
            words in (("morning",), ("afternoon",))
            and prev == "this"
            and i > 1
            and (
                toks[i - 2].text in _HAPPENED
                # "tested positive for covid this morning", "my back went at gym this morning"
                or (
                    words == ("morning",)
                    # "Sprained my ankle at the dairy this morning": further back too
                    and any(t.text in _HAPPENED for t in toks[max(0, i - 8) : i - 2])
                )
            )
        ):
            ok = False  # "tested positive this morning": when it happened
        if (
            words in (("at", "lunch"), ("after", "lunch"))
            and i > 0
            and any(t.text in _BEGAN for t in toks[max(0, i - 6) : i])
            and any(
                t.text in ("down", "with", "started", "began", "slipped", "fell", "tripped")
                for t in toks[max(0, i - 6) : i]
            )
        ):
            # "Came down with a fever at lunch, going home now", "Slipped on the ice at lunch":
            # when it began
            ok = False
        if words == ("hd",) and toks[i].orig not in ("HD", "hd", "Hd"):
            ok = False
        if words in (("avo",), ("aft",)) and not (
            prev in ("this", "the") or prev in WEEKDAYS or prev in RELATIVE_DAYS
        ):
            ok = False  # "this avo", "Friday aft"; alone they are other words
        if words == ("morning",) and (
            (i == 0 or prev in ("good", "gm"))
            and (
                nxt in ("!", ",", "")
                or nxt in _HELLO_TO
                # "Morning :wave: Tuesday 30th + Wed 1st off": an emoji after it, gone from the text
                or (i == 0 and g.n > 1 and toks[1].pos > toks[0].pos + len(toks[0].orig) + 1)
            )
        ):
            ok = False  # "Morning!", "Morning team," say hello
        if (
            words in (("morning",), ("afternoon",), ("mornings",), ("afternoons",))
            and prev in ("the", "only")  # "I'll work only mornings on Thursday and Friday"
            and i > 1
            and toks[i - 2].text in ("work", "working")
            and not (i > 2 and toks[i - 3].text in _NOT_EARLY)
            and not any(t.text.startswith("cancel") for t in toks)  # "... cancel that half"
        ):
            side = "pm" if side == "am" else "am"  # "I'll work the morning": away the afternoon
        if ok and side in ("am", "pm") and _available_before(toks, i):
            ok = False  # "will check messages in the evening": when reachable, not away
        if (
            ok
            and side in ("am", "pm")
            and words[0] not in ("before", "pre", "till", "until")
            and _returning_before(toks, i)
        ):
            side = "pm" if side == "am" else "am"  # "will be in after lunch": away the morning
        if ok:
            both = [t.text for t in toks[i + len(words) : i + len(words) + 2]]
            plural = words[-1].endswith("s") or both in (["both", "days"], ["each", "day"])
            marks.append(Mark(i, i + len(words), side, plural))  # "second half both days"
            for k in range(i, i + len(words)):
                g.block(k)
        i += len(words)
    marks += _after_the_morning(toks, marks)
    return marks or _back_after_an_hour(toks)


_CLOCK_TEXT = trie_compile(r"(\d{1,2})(?:[:.](\d\d))?\s*(am|pm)?$")


def _clock(toks: list[Tok], k: int) -> tuple[float, int] | None:
    """The hour said at token ``k`` (``9:30``, ``9:30am``, ``8h30``, ``8`` after ``at``) and
    the token after it."""
    t = toks[k]
    if t.kind == "time":
        lead = _CLOCK_TEXT.match(t.text)
        if lead is None:
            return None
        hour = int(lead.group(1)) + (int(lead.group(2)) / 60 if lead.group(2) else 0)
        return (hour + 12 if lead.group(3) == "pm" and hour < 12 else hour), k + 1
    if t.kind == "num" and t.value is not None and k + 1 < len(toks) and toks[k + 1].text == "h":
        minutes = toks[k + 2].value if k + 2 < len(toks) and toks[k + 2].kind == "num" else None
        return t.value + (minutes or 0) / 60, k + (3 if minutes is not None else 2)  # "8h30"
    if (
        t.kind == "num"
        and t.value is not None
        and k > 0
        and toks[k - 1].text in ("at", "by", "around", "about")
    ):
        return float(t.value), k + 1
    return None


def _back_after_an_hour(toks: list[Tok]) -> list[Mark]:
    """``Ultrasound on Thursday at 8 ..., coming straight to the office afterwards, around
    11``, ``MRI Wednesday at 9:30am, I'll log in once I'm out, probably by 11``: an early
    hour, then a later one the author is there by, and no half said: the morning away."""
    first: float | None = None
    k = 0
    while k < len(toks):
        said = _clock(toks, k)
        if said is None:
            k += 1
            continue
        hour, nxt = said
        if first is None:
            if not 7 <= hour <= 10.5:
                return []
            first = hour
            # "Eye test at 8:30 Friday, then straight to the office": back after it
            for j in range(nxt, min(nxt + 12, len(toks) - 2)):
                if (
                    toks[j].text == "straight"
                    and toks[j + 1].text in ("to", "into", "in")
                    and any(t.text in _WORKPLACES for t in toks[j + 2 : j + 4])
                ):
                    return [Mark(j, j + 2, "am")]
        elif (
            toks[k - 1].text in ("by", "around", "about", "approx", "~")
            and first < hour <= 13
            and hour >= 10
        ):
            return [Mark(k - 1, nxt, "am")]
        k = nxt
    return []


_HELLO_TO = frozenset(
    {"team", "all", "folks", "everyone", "guys", "y'all", "people", "crew", "gang", "peeps"}
    # "Morning chef, i dey take leave monday to wednesday": a title said hello to
    | {"chef", "boss", "sir", "madam", "ma'am", "maam", "chief", "bro", "colleagues", "friends"}
)
_OF_THE_DAY = ["of", "the", "day"]
_AFTERWARDS = frozenset({"after", "afterwards", "afterward"})


def _after_the_morning(toks: list[Tok], marks: list[Mark]) -> list[Mark]:
    """``doctor in the morning and errands after``: a bare ``after`` that ends a
    clause after a morning is the afternoon too (so the day is taken whole)."""
    extra: list[Mark] = []
    if any(t.text in ("half", "hd", "halfday") for t in toks):
        return extra  # a half day said as such stays a half
    for mark in marks:
        if mark.side != "am":
            continue
        for k in range(mark.end, min(mark.end + 12, len(toks))):
            if toks[k].text in (".", "!", "?", ";"):
                break
            nxt = toks[k + 1].text if k + 1 < len(toks) else ""
            prev = toks[k - 1].text
            if (
                prev in _RETURN_WORDS
                or prev in _IN_AGAIN
                or (prev == "on" and toks[k - 2].text in _LOG_ON)  # "will log on after"
            ):
                break  # "back after": returning, the afternoon worked
            if (
                toks[k].text == "rest"
                and [t.text for t in toks[k + 1 : k + 4]] == _OF_THE_DAY
                and (mark.start == 0 or toks[mark.start - 1].text != "this")
            ):
                # "physio tomorrow morning and off the rest of the day": the whole day
                extra.append(Mark(k, k + 4, "pm"))
                break
            if toks[k].text in _AFTERWARDS and (
                nxt in ("", ".", "!", "?", ";", ",", ")")
                # "exams in the morning and after I go to the doctor"
                or (nxt == "i" and k + 2 < len(toks) and toks[k + 2].text in ("go", "have"))
            ):
                extra.append(Mark(k, k + 1, "pm"))
                break
            if (
                toks[k].text == "then"
                and (prev in ("and", ",") or k == mark.end)
                # "dentist in the morning and then the MOT", "MRI in the morning and then
                # resting", "dentist in the morning then the lights switch-on"
                and (nxt == "the" or (len(nxt) > 5 and nxt.endswith("ing")))
                and not any(
                    t.text in _RETURN_WORDS
                    or t.text in _IN_AGAIN
                    or t.text in _LOG_ON
                    or t.text in _AWAY_AT
                    or t.text in ("work", "wfh", "remote", "remotely", "afternoon", "pm", "lunch")
                    for t in toks[k + 1 : k + 5]
                )
                # "dentist at 8:30 and then the numbing wouldn't wear off, please log the
                # morning as sick": the morning said again after it, the morning only
                and not any(m.side == "am" and m.start > k for m in marks)
            ):
                extra.append(Mark(k, k + 1, "pm"))
                break
    return extra


_RETURN_WORDS = frozenset(
    {"back", "join", "joining", "rejoin", "available", "online", "login", "reach", "reaching"}
    | {"report", "reporting", "start", "starting", "working", "office", "resume", "resuming"}
    | {"come", "coming"}  # "doctor Tuesday morning, I come after lunch"
    | {"desk", "site"}  # "should be at my desk by lunchtime", "will be on site after lunch"
    | {"connect", "connecting", "connected"}  # "I'll connect after lunch"
    | {"balik", "babalik"}  # Filipino "balik ko after lunch": back then
)
# Places the author may be leaving as well as coming back to: a return only after a word
# that says so ("I'll get to the factory after lunch"), and not when left ("leaving the
# office after lunch")
_PLACES_AT = frozenset(
    {"office", "desk", "site", "factory", "plant", "lab", "studio", "shop", "store", "warehouse"}
    | {"depot", "yard", "mill", "workshop", "hangar", "dock", "farm"}
)
_GETTING_TO = frozenset({"get", "getting", "make", "it", "head", "heading", "come", "coming"})
_LOG_ON = frozenset({"log", "logging", "logged", "sign", "signing", "signed"})
_RETURN_SKIP = frozenset(
    {"the", "by", "from", "only", "around", "at", "to", "work", "for", "home", "ko", "ako", "na"}
)


_REACHABLE = frozenset(
    {"messages", "emails", "email", "mails", "mail", "slack", "phone", "reachable", "respond"}
    | {"reply", "replying", "call"}
    | {"calls", "ping"}
    | {"update", "updating"}  # "I'll update you in the morning"
    | {"know"}  # "will let you know how I am in the evening"
)


# Words before "office" that put the author at work there ("in the office by 11", "back at
# my desk"), where any other word names another office ("the passport office first thing")
_AT_A_PLACE = frozenset(
    {"in", "at", "to", "into", "back", "from", "reach", "reaching", "the", "my", "our", "of"}
    | {"leave", "leaving", "left", "leaves", "and", "or", "then", "till", "until", "before"}
)


def _available_before(toks: list[Tok], i: int) -> bool:
    """Whether the half-day words at ``i`` say when the author can be reached."""
    for j in range(i - 1, max(-1, i - 5), -1):
        if toks[j].text in (",", ".", ";", "!"):
            return False  # "I'll miss the 9:30 call, back online after lunch": another clause
        if toks[j].text in _REACHABLE:
            return True
    return False


def _before_the_place(toks: list[Tok], j: int) -> int:
    """The index of the word before the place named at ``j``, past ``the``/``my``/``our``."""
    k = j - 1
    while k > 0 and toks[k].text in ("the", "my", "our"):
        k -= 1
    return k


def _returning_before(toks: list[Tok], i: int) -> bool:
    """Whether the half-day words at ``i`` say when the author is back, not away."""
    j = i - 1
    steps = 0
    while j >= 0 and steps < 4:
        t = toks[j].text
        if t in _PLACES_AT and t not in _RETURN_WORDS:
            k = _before_the_place(toks, j)
            if k > 0 and toks[k].text in ("to", "into") and toks[k - 1].text in _GETTING_TO:
                return True  # "I'll get to the factory after lunch": there by then
            if k > 0 and toks[k].text in ("at", "to", "in") and toks[k - 1].text == "back":
                return True  # "will be back at the factory after lunch": there again by then
        if t in _RETURN_WORDS:
            if (
                t == "back"
                and j > 1
                and toks[j - 1].text == "be"
                and toks[j - 2].text in ("won't", "wont", "not", "never")
            ):
                return False  # "I won't be back after lunch": the afternoon away
            if t not in _PLACES_AT:
                return True
            # "Out of office 2nd half today", "leaving the factory after lunch": away from
            # the place, not back in it
            k = _before_the_place(toks, j)
            if (
                t == "office"
                and k == j - 1
                and toks[k].kind == "word"
                and toks[k].text not in _AT_A_PLACE
                # "at the Quimper office by lunch": a name, the author's office
                and (not toks[k].orig[:1].isupper() or k == 0 or toks[k - 1].kind == "punct")
            ):
                return False  # "Passport office first thing Friday": an errand's office, not work
            return not (k >= 0 and toks[k].text in ("of", "leave", "leaving", "left", "leaves"))
        if t == "in":
            if j == i - 1 and toks[i].text in ("after", "post", "by"):
                return True  # "Friday I'm only in after lunch": "in" then the hour, at work
            if j == 0 or toks[j - 1].text in (
                "be",
                "come",
                "coming",
                "log",
                "logging",
                "check",
                ",",
                ".",
                ";",
            ):  # "MRI tomorrow morning 🙄 in after lunch": an emoji ends the sentence before
                return True  # "in by noon, GP first thing", "will be in after lunch"
            k = j - 1
            while k > 0 and toks[k].text in _SEEN:
                k -= 1
            if k < j - 1 and toks[k].text == "see":
                return True  # "see yous in the afternoon", "see you all in the afternoon"
        elif t == "on" and j > 0 and toks[j - 1].text in _LOG_ON:
            return True  # "will log on after lunch", "should be logged on by lunchtime"
        elif t == "on" and j == i - 1 and j > 0 and toks[j - 1].text == "be":
            return True  # "Doctor appt tmrw AM, I'll be on after lunch": online again
        elif t not in _RETURN_SKIP:
            # "back at the looms by lunch", "back on the boats after lunch": any place
            return said_back_at(toks, j, ("at", "to", "on", "in"))
        j -= 1
        steps += 1
    return False
