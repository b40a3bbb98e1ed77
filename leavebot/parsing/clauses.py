"""The clauses of a message and what each one says.

Owns the split of a message into clauses (at punctuation, emoji and joining
words), the ``Clause`` record and ``classify``, which reads one clause: whether
it has a leave word (a trigger) or a weaker cue of absence, whether it is the
author's, someone else's, a question, an announcement, an invitation to others,
work from home, a cancel, an illness, or news to come. It also owns what a
clause inherits from the one before it (a subject, a kept day, work from home).
``leavebot.parsing.rules`` weighs the clauses and their dates into one answer.

The module is long (past 800 lines) because ``classify`` and ``has_trigger`` hold
the many senses of the leave words, one rule each with its example.
"""

from __future__ import annotations

from dataclasses import dataclass

from leavebot.parsing.familiar import dated, known_words
from leavebot.parsing.lexicon import (
    AMBIGUOUS_MONTHS,
    MONTHS,
    NUMBER_WORDS,
    ORDINAL_WORDS,
    RELATIVE_DAYS,
    WEEKDAYS,
)
from leavebot.parsing.patterns import (
    _A_TERM,
    _AN_AMOUNT,
    _ANNOUNCE,
    _ANNOUNCE_MORE,
    _ANYMORE_OF_LEAVE,
    _ASIDE,
    _AUX_FIRST,
    _AWAY_VERB,
    _CANCEL,
    _CARED_FOR,
    _CJK_LEAVE,
    _CLAUSE_SPLIT,
    _DAY_COUNTS,
    _DETERMINERS,
    _DEVICES,
    _ELLIPTIC_START,
    _EMERGENCY_ROOM,
    _EVENT_DAY,
    _EVENT_OFF,
    _FESTIVAL_HOLIDAY,
    _FESTIVAL_WORDS,
    _FIRST_PERSON,
    _FIRST_PERSON_WORDS,
    _FOREIGN_LEAVE,
    _GROUP_AWAY,
    _GROUP_OFF,
    _HEADED_ANNOUNCEMENT,
    _HOLIDAY_ANYWAY,
    _HOLIDAY_THINGS,
    _I_BOOKED,
    _I_SUBJECT,
    _IF_I,
    _ILL_AS_I_WILL,
    _ILLNESS,
    _IMPERATIVE,
    _IN_A_PLACE,
    _IN_BY_LATER,
    _INVITE,
    _IT_OFF,
    _JOINED,
    _KEPT_FILLER,
    _KEPT_LEAVE_WORDS,
    _LEAVE_A_OK,
    _LEAVE_ABBREVIATION,
    _LEAVE_AS_THING,
    _LEAVE_BEFORE,
    _LEAVE_FOR_PLACE,
    _LEAVE_FOR_THE_OK,
    _LEAVE_ISH,
    _LEAVE_NOUN_PREV,
    _LEAVE_NOUNS,
    _LEAVE_THE_OBJ,
    _LEAVE_VERB_NEXT,
    _LEAVE_WORDS,
    _MAKE_SURE_OFF,
    _MENTION_IMPERATIVE,
    _MOVED_ELSEWHERE,
    _NAME_BEFORE,
    _NAMED_ABSENT,
    _NEGATED,
    _NO_LEAVE_SAID,
    _NON_NAMES,
    _NOT_A_NAME,
    _NOT_A_QUALIFIER,
    _NOT_AWAY,
    _NOT_ON_LEAVE_ASIDE,
    _NOT_PLURAL_SUBJECTS,
    _NOT_TAKING_ANY,
    _NOW_LEAVING,
    _OCCASION_AFTER,
    _OFF_BAD_NEXT,
    _OFF_BAD_PREV,
    _OFF_FOR_WORKS,
    _OFF_TO_NOT_LEAVE,
    _ONE_DAY_SAID,
    _OR_ASKING,
    _OTHER_CANCELLED,
    _OTHERS_LEAVE,
    _OTHERS_OFF,
    _OUT_BAD_PREV,
    _OUT_FOR_ERRAND,
    _OWN_QUESTION,
    _PLACED_AT,
    _PLURAL_DETERMINERS,
    _POLITE_REQUEST,
    _PORTION_WORDS,
    _PREPOSITIONS,
    _PUBLIC_HOLIDAY,
    _QUESTION_START,
    _SECOND_PERSON,
    _SICK,
    _SICK_CUE,
    _SICK_IDIOM,
    _SICK_IDIOM_HINT,
    _SIGN_OFF,
    _SPANISH_WEEKDAYS,
    _SUBJECTLESS_START,
    _SUBJECTLESS_VERBS,
    _TAGALOG_NAMED,
    _TAKEN_OFFLINE,
    _THING_OFF,
    _THING_OFF_TAIL,
    _THIRD_ON_LEAVE_ABROAD,
    _THIRD_POSSESSIVE,
    _THIRD_STARTS,
    _THIRD_SUBJECT,
    _TO_THOSE_AWAY,
    _TREE_LEAVES_NEXT,
    _UPDATE_LATER,
    _WEAK,
    _WEAK_SKIP,
    _WELL_AGAIN,
    _WFH,
    _WHICH_IS_A_HOLIDAY,
    _WHOLE,
    _WORD,
    _WORKING_TODAY,
    _YOU_NEED_NOT,
    _YOU_SUBJECT,
)
from leavebot.parsing.taken import dateish
from leavebot.parsing.tries import trie_compile


def name_away(text: str) -> bool:
    """``heads up that Rhys is off sick``: someone named inside the clause is away."""
    if text.islower():
        return False  # no capital letter: no name
    return any(_NAME_BEFORE.search(text, 0, m.start()) for m in _AWAY_VERB.finditer(text))


def no_sick_idiom(low: str) -> str:
    """``low`` with the idioms that only look like illness blanked."""
    if not _SICK_IDIOM_HINT.search(low):
        return low
    return _SICK_IDIOM.sub(" ", low)


def not_sick_senses(low: str) -> str:
    """``low`` with the words that only look like illness blanked (``sick of``, ``Ill be``)."""
    low = no_sick_idiom(low)
    return _ILL_AS_I_WILL.sub(" ", low) if "ill" in low else low


@dataclass(slots=True)
class Clause:
    start: int
    end: int
    text: str
    trigger: bool = False
    weak: bool = False
    first_person: bool = False
    third: bool = False
    question: bool = False
    own_question: bool = False
    wfh: bool = False
    announce: bool = False
    cancel: bool = False
    invite: bool = False
    sick: bool = False
    later: bool = False  # "will update about tomorrow": its dates are not days taken
    guessed: bool = False  # someone else's only by a word taken for a name

    def first_person_subject(self, low: str) -> bool:
        """``I``/``I'm``/``I'll``... as a subject in the clause (not just ``me``, ``my``)."""
        return bool(_I_SUBJECT.search(low))

    @property
    def excluded(self) -> bool:
        return self.third or self.question or self.wfh or self.announce or self.invite


def wishes_and_recoveries(clauses: list[Clause], low: str) -> None:
    """``Get well soon Maddie! Hope the flu clears up``: the illness is the one wished well;
    ``Thanks for the flowers while I was in the hospital, feeling much better``: it is over."""
    wished = any(c.invite and _WELL_AGAIN.search(low[c.start : c.end]) for c in clauses)
    recovered = not wished and not any(c.trigger for c in clauses)
    but_taking = False  # "feeling better now but taking the morning to rest": taken all the same
    for c in clauses:
        if wished and c.sick and not c.first_person:
            c.invite = True
        elif recovered and (c.sick or c.weak) and not c.cancel:
            if not (but_taking and c.weak):
                c.sick = c.weak = False
        elif recovered and low[c.start : c.end].rstrip().endswith(" but"):
            but_taking = but_taking or bool(_WELL_AGAIN.search(low[c.start : c.end]))


def polite_sentences(clauses: list[Clause], low: str) -> None:
    """``Could the 12 and 13 November come off my vacation please?``: a request asked as a
    question, over several clauses, is how a request is said."""
    first = 0
    for k, c in enumerate(clauses):
        if not low[c.start : c.end].rstrip().endswith(("?", ".", "!")):
            continue
        said = low[clauses[first].start : c.end]
        if (
            k > first
            and c.question
            and _POLITE_REQUEST.match(said)
            and (dated(said) or bool(_CANCEL.search(said)))
        ):
            for q in clauses[first : k + 1]:
                q.question = False
        first = k + 1


def alternative_questions(clauses: list[Clause], low: str) -> None:
    """Every clause of a sentence that asks "..., or ...?" is part of the question."""
    first = 0
    for k, c in enumerate(clauses):
        said = low[c.start : c.end]
        if said.rstrip().endswith("?") and (
            _OR_ASKING.search(low, clauses[first].start, c.end)
            or _AUX_FIRST.match(low, clauses[first].start)
        ):
            for q in clauses[first : k + 1]:
                q.question = True
        if said.rstrip().endswith(("?", ".", "!")):
            first = k + 1


def split_clauses(norm: str, low: str) -> list[Clause]:
    out: list[Clause] = []
    pos = 0
    for m in _CLAUSE_SPLIT.finditer(low):
        out.append(Clause(pos, m.end(), norm[pos : m.end()]))
        pos = m.end()
    if pos < len(low):
        out.append(Clause(pos, len(low), norm[pos:]))
    return out


def word_list(low: str) -> list[str]:
    return _WORD.findall(low)


def plural_subject(ws: list[str], k: int) -> bool:
    """``guests leave on Friday``, ``the clients leave tomorrow``: a plural noun (an English
    word, not a name) right before ``leave`` makes it the verb of someone else."""
    prev = ws[k - 1] if k > 0 else ""
    before = ws[k - 2] if k > 1 else ""
    return (
        len(prev) > 3
        and prev.endswith("s")
        and not prev.endswith(("ss", "us", "is"))
        and prev not in _NOT_PLURAL_SUBJECTS
        and prev not in _NOT_A_NAME  # "Christmas leave: 21/12 - 8/1"
        and before in _PLURAL_DETERMINERS
        and (k < 3 or ws[k - 3] not in _PREPOSITIONS)  # "trip with the kids, leave 1st June"
        and prev in known_words()
        and not dateish(prev)
    )


_OBJECTS = frozenset({"it", "them", "this", "that", "these", "those", "everything"})
# After "out of town": the people it describes, not the author away
_OUT_OF_TOWN_PEOPLE = frozenset(
    {"folks", "guests", "visitors", "people", "staff", "colleagues", "members", "attendees"}
    | {"participants", "employees", "relatives", "families", "friends", "clients", "customers"}
    | {"delegates", "teams", "crews", "workers"}
)


def has_trigger(ws: list[str]) -> bool:
    n = len(ws)
    for k, w in enumerate(ws):
        prev = ws[k - 1] if k > 0 else ""
        nxt = ws[k + 1] if k + 1 < n else ""
        nxt2 = ws[k + 2] if k + 2 < n else ""
        if w in _LEAVE_NOUNS:
            if prev in _LEAVE_NOUN_PREV and prev not in ("for", "of", "to"):
                return True  # "my leave", "sick leave", "apply leave": the noun
            if (
                w.startswith("leave")
                and prev not in _LEAVE_NOUN_PREV
                and nxt in _DETERMINERS
                and not any(leaveish(x) for x in ws[k + 2 : k + 4] if x not in ("of", "the"))
            ):
                continue  # "leave your feedback", "leave the PR open": the verb
            if (
                w.startswith("leave")
                and nxt in _LEAVE_VERB_NEXT
                and not (nxt in ("a", "an") and nxt2 in _LEAVE_A_OK)
                and not (nxt in ("this", "that", "at", "by") and dateish(nxt2))
            ):
                continue
            if w.startswith("leave") and nxt == "the" and nxt2 in _LEAVE_THE_OBJ:
                continue
            if w == "leaves" and prev == "the" and nxt in _TREE_LEAVES_NEXT:
                continue  # "The leaves on the quad are finally turning"
            if (
                w == "leave"
                and len(nxt) > 3
                and nxt.endswith("s")
                and nxt2 in _PLACED_AT
                and not (dateish(nxt) or leaveish(nxt) or nxt in _LEAVE_A_OK)
            ):
                continue  # "leave costumes at reception": things left somewhere
            if w == "leave" and any(
                x in ("free", "open", "clear", "blank") for x in ws[k + 2 : k + 5]
            ):
                continue  # "leave the afternoon free": keep it, the verb
            put = next(
                (j for j in range(k + 3, min(n, k + 5)) if ws[j] in ("in", "at", "behind", "on")),
                0,
            )
            if (
                w == "leave"
                and nxt in ("the", "your", "all", "any")
                and put
                and ws[put - 1].endswith("s")
                and not any(x in _LEAVE_WORDS for x in ws[k + 2 : put])
            ):
                # "Please leave the Saturday takings in the safe", "leave the manifests in the
                # tray": put them there
                continue
            if w in ("leave", "leaving") and nxt == "it" and nxt2 == "with":
                continue  # "leaving it with you for review"
            if (
                w == "leaves"
                and prev
                and prev not in _LEAVE_NOUN_PREV
                and not prev[:1].isdigit()
                and prev not in NUMBER_WORDS
                and nxt
                and not leaveish(nxt)
                and not dateish(nxt)
                and nxt not in ("for", "on", "from", "of", "in", "till", "until", "to", "next")
            ):
                continue  # "the auditor leaves Monterrey on Friday": departs
            if w.startswith("leave") and prev in _NEGATED:
                continue  # "don't leave before the demo", "can't leave the house": the verb
            if w == "leave" and plural_subject(ws, k):
                continue  # "the guests leave on Friday": they depart
            if w == "leave" and prev in ("you", "u", "they", "we", "he", "she", "nobody", "anyone"):
                continue  # "before you leave pls": someone else departs
            if w == "leave" and prev == "i" and k > 1 and ws[k - 2] in ("before", "when"):
                continue  # "in your inbox before I leave today": the end of the day
            if (
                w.startswith("leave")
                and nxt in _LEAVE_BEFORE
                and nxt2 in _DETERMINERS
                and not any(leaveish(x) or x in _PORTION_WORDS for x in ws[k + 3 : k + 5])
            ):
                continue  # "leave before the secret santa", "leave after the call": depart
            if (
                w.startswith("leave")
                and nxt in ("for", "to")
                and nxt2 in _LEAVE_FOR_PLACE
                and not (nxt2 in ("a", "an") and k + 3 < n and ws[k + 3] in _LEAVE_A_OK)
                and not (nxt2 == "the" and k + 3 < n and leaveish(ws[k + 3]))
            ):
                continue
            return True
        if w in ("pto", "ooo", "vacation", "vacations", "vacay", "hols", "sabbatical"):
            return True
        if w in _FOREIGN_LEAVE:
            return True  # "Urlaub 15.06-19.06"
        if (
            w == "semester"
            and prev not in _A_TERM
            and (nxt[:1].isdigit() or dateish(nxt) or nxt in ("from", "v", "vecka", "week"))
        ):
            return (
                True  # Swedish "Semester 6/7-31/7": the summer holiday ("this semester" is a term)
            )
        if w in ("bereavement", "maternity", "paternity", "furlough", "compoff"):
            return True
        if (
            (
                w in ("holiday", "holidays", "hols")
                and prev not in _PUBLIC_HOLIDAY
                and nxt not in _HOLIDAY_THINGS
                # "Labour Day holiday on Friday": a named day's public holiday ("a one day holiday"
                # is the author's)
                and not (prev == "day" and k > 1 and ws[k - 2] not in _DAY_COUNTS)
                # "Dussehra holiday on 20th only": a festival's, when no one says it is theirs
                and not (
                    prev in _FESTIVAL_WORDS
                    and nxt in _ONE_DAY_SAID
                    and not _FIRST_PERSON_WORDS.intersection(ws)
                )
            )
            or (
                # "Taking my optional holiday on Monday": the author's day of a holiday list
                w == "holiday"
                and prev in ("optional", "floating", "restricted")
                and ws[k - 2 : k - 1] == ["my"]
            )
        ):
            return True  # announcements of the company's holidays are _ANNOUNCE's
        if w == "out":
            if nxt == "of":
                if k + 3 < n and ws[k + 3] in _OUT_OF_TOWN_PEOPLE:
                    continue  # "Out-of-town folks get a hotel": the others, described
                if nxt2 in ("office", "station", "town", "country", "city") or (
                    k + 3 < n and ws[k + 3] in ("office", "station")
                ):
                    return True
                continue  # out of ideas, out of coffee
            if prev in _OUT_BAD_PREV or nxt == "there":
                continue  # "Some mauzy out there today": the weather
            if prev in _OBJECTS and k > 1 and ws[k - 2] in _OUT_BAD_PREV:
                continue  # "I'll hand them out Friday": things given out
            got = next(
                (j for j in range(max(0, k - 5), k) if ws[j] in ("got", "get", "getting")), -1
            )
            if got >= 0 and ws[got + 1] in ("the", "it", "that", "this", "my", "our", "a", "them"):
                continue  # "Got the variance report out this morning": sent out
            if nxt == "for" and (
                nxt2 in _OUT_FOR_ERRAND
                or (
                    nxt2 in ("a", "an", "my", "the", "some")
                    and k + 3 < n
                    and ws[k + 3] in _OUT_FOR_ERRAND
                )
            ):
                continue  # out for lunch, out for a meeting: not a day away
            if nxt in (
                "sick",
                "today",
                "tomorrow",
                "on",
                "from",
                "for",
                "till",
                "until",
                "rest",
            ) or (nxt in ("between", "thru", "through", "during", "over")):
                return True
            if nxt[:1].isdigit() or nxt in ORDINAL_WORDS or nxt in NUMBER_WORDS:
                return True
            if nxt == "day" and nxt2 in ("after", "before"):
                return True
            if nxt == "after" and (
                nxt2 in ("lunch", "noon", "midday", "lunchtime") or nxt2[:1].isdigit()
            ):
                return True  # "Wednesday the 15th: out after lunch"
            after = next((x for x in ws[k + 2 : k + 5] if x not in ("of", "the", "this")), "")
            if nxt in ("the", "all", "whole", "entire", "coming", "upcoming") and (
                dateish(after) or after[:1].isdigit() or after in _LEAVE_FOR_THE_OK
            ):
                return True
            if nxt in RELATIVE_DAYS or nxt in WEEKDAYS or nxt in MONTHS or nxt in ("next", "this"):
                return True
            if prev in ("i'm", "im", "am", "be", "is", "i", "", "will", "been", "currently"):
                return True
            if (
                nxt in ("", "pls", "please", "thanks", "thx")
                and (
                    prev in WEEKDAYS
                    or prev in MONTHS
                    or prev in RELATIVE_DAYS
                    or prev[:1].isdigit()
                )
                and not (k > 1 and ws[k - 2] in ("it's", "its", "is", "was"))  # "it's 38 out"
            ):
                return True  # "Friday out", "Jan 18-22 out": the days, then the word
            continue
        if w == "off":
            if prev in _OFF_BAD_PREV or nxt in _OFF_BAD_NEXT:
                continue
            if nxt == "my" and nxt2 in ("game", "head", "face", "rocker", "trolley", "feet"):
                continue  # "totally off my game this morning"
            if prev[:1].isdigit() and _AN_AMOUNT.fullmatch(prev):
                continue  # "took 40s off the cycle time", "10% off"
            if nxt == "by" and nxt2 in ("an", "a", "one", "two", "half", "few", "about"):
                continue  # "calendar invites are off by an hour"
            if nxt == "the" and nxt2 in (
                "charts", "scale", "hook", "table", "rails", "mark", "radar",
            ):  # fmt: skip
                continue  # "it was off the charts hot in there"
            if nxt in ("my", "the", "a") and nxt2 in _DEVICES:
                continue  # "tethering off my phone": a thing's power, not the author's day
            if prev in ("heads", "head") and nxt in ("for", "home", "to"):
                continue  # "before everyone heads off for the weekend": leaves, at day's end
            if (
                prev in ("it", "them", "this", "that", "everything")
                and k > 1
                and (ws[k - 2] in _OFF_BAD_PREV)
            ):
                continue  # "I'll sign it off tomorrow"
            if nxt == "to" and nxt2 in _OFF_TO_NOT_LEAVE:
                continue
            return True
        if w == "sick" and nxt != "of":
            if nxt in _CARED_FOR and (k == 0 or prev in ("a", "my", "our", "the", "with")):
                continue  # "Sick kid at home": someone else's illness, not a leave word
            return True
        if w in ("hd", "halfday") or (w == "half" and nxt in ("day", "days", "leave", "off", "a")):
            return True
        if w in ("cl", "sl", "el", "pl", "vl") and nxt in ("po", "pls", "please", "plz", "ako"):
            nxt = nxt2  # "EL po today": a polite word between (Filipino "po")
        if (
            w in ("cl", "sl", "el", "pl", "vl")
            and not (w == "el" and (nxt2 == "de" or nxt in _SPANISH_WEEKDAYS))
            and (
                prev in ("taking", "take", "on", "a", "apply", "applying", "applied", "avail")
                or prev[:1].isdigit()
                or nxt in RELATIVE_DAYS
                or nxt in WEEKDAYS
                or nxt in MONTHS
                or nxt[:1].isdigit()
                or nxt in ("on", "for", "from")
            )
        ):
            return True
        if w == "permission" and prev in ("take", "taking", "took"):
            return True  # "I want to take permission tomorrow": time off (Nigeria, Ghana)
        if w == "flexi" and nxt in ("day", "days", "leave", "off", "time"):
            return True  # "flexi day Monday"
        if (w == "lieu" and nxt in ("day", "days")) or (
            w == "lieu" and prev == "in" and k > 1 and ws[k - 2] in ("day", "days", "off", "time")
        ):
            return True  # "lieu day Friday", "day in lieu on the 6th"
        if w == "comp" and nxt in ("day", "days", "time"):
            return True  # "comp day Monday"
        if w == "l4":
            return True  # "na L4", "on L4 until Friday": Polish sick leave
        if w == "mc" and (
            prev in ("on", "days", "day", "an", "gave", "given", "got")
            or nxt in ("from", "for", "today", "tomorrow")
        ):
            return True  # "on MC today", "2 days MC": a medical certificate, sick leave (SG, MY)
        if w in ("comp", "comp-off") and nxt in ("off", ""):
            return True
    return False


def leaveish(word: str) -> bool:
    """A word after ``leave <determiner>`` that keeps ``leave`` the noun."""
    return (
        word in _LEAVE_A_OK
        or word in _LEAVE_FOR_THE_OK
        or word in _LEAVE_WORDS
        or word in ORDINAL_WORDS
        or word[:1].isdigit()
        or dateish(word)
    )


_OUTING_AFTER = trie_compile(r"\s+(?:getaway|trip|break|weekend)\b")

# "Teachers' Day is Thursday": when an occasion is
_NAMED_DAY_IS = trie_compile(
    r"'?s? day (?:is|falls)(?: on)? (?:a |the )?(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\b"
)


# After a subject that ends in "Day" ("Freedom Day is Tuesday 31st"): when that day falls
_DAY_FALLS = trie_compile(
    r" (?:is|falls)(?: on)? (?:a |the |this |next )?"
    r"(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*|today|tomorrow|[0-3]?[0-9](?:st|nd|rd|th)?)\b"
)

# "Kostas flies to Singapore on Monday ..., back on the 30th": the traveller is back
_TRAVELS = trie_compile(r"\b(?:flies|flying|travels|travelling|traveling|leaves|goes|heads)\b")

# "<@U07MGR> AL w/c 29 June pls": said to the one mentioned, asking
_ASKED = trie_compile(r"\b(?:please|pls|plz|kindly|can\s+i|could\s+i|may\s+i)\b")
# "Down the beach Friday if anyone needs me, taking PTO": an offer, when a leave is named
_NEEDS_ME = trie_compile(r"\s+(?:needs?|wants?)\s+(?:me|to\s+reach\s+me)\b")
_AT_WORK = trie_compile(r"\b(?:in|at)\s+(?:the\s+office|work|my\s+desk)\b")
_TILL_A_MORNING_HOUR = trie_compile(
    r"\b(?:till|until)\s+(?:9|1[0-2])(?:[:.]\d\d)?(?:\s*am|h)?\b(?![/.-]\d)"
)
# "pls approve when you get a chance": politeness, not something asked of the reader's days
_WHEN_YOU_CAN = trie_compile(
    r"\b(?:when|whenever|if)\s+(?:you|u)\s+(?:get|have|find)\s+(?:a\s+)?(?:chance|sec|second|"
    r"minute|moment|time)\b"
)
# "... so taking Monday off", "... so I'm taking the 30th": the author's days after a reason
_SO_TAKING = trie_compile(
    r"\s*(?:i'?m\s+|i\s+am\s+|i'?ll\s+|i\s+will\s+)?(?:taking|take|booking|off|out)\b"
)
_LEAVE_NOUN = trie_compile(r"\b(?:leave|pto|vacation|holiday|al|sl|vl|annual\s+leave|time\s+off)\b")


def event_day(low: str, after: str = "") -> bool:
    """``Sports day is on Friday``: when an event is; not when the author goes on to say
    what they take (``Since Teachers' Day is Thursday I'm taking Friday 2 Oct too``,
    ``Freedom Day is Tuesday 31st so taking Monday 30th off``: ``after``, the text after
    the clause, goes on with no subject of its own)."""
    m = _EVENT_DAY.match(low)
    return (
        m is not None
        and not _I_SUBJECT.search(low, m.end())
        and not (low.rstrip().endswith(" so") and _SO_TAKING.match(after))
    )


def classify(c: Clause, low: str, whole: str) -> None:
    ws = word_list(_LEAVE_AS_THING.sub(" ", no_sick_idiom(low)))
    c.trigger = (
        has_trigger(ws)
        or (not c.text.islower() and bool(_LEAVE_ABBREVIATION.search(c.text)))
        or ("&" in low and "r&r" in low)  # rest and recuperation (aid and field work)
        or (not low.isascii() and bool(_CJK_LEAVE.search(low)))
    )
    # With a leave word the clause's absence and illness cues change nothing: not looked for.
    c.weak = not c.trigger and (
        bool(_WEAK.search(_TAKEN_OFFLINE.sub(" ", low) if "offline" in low else low))
        or ((" in " in low or " at " in low or " to " in low) and bool(_IN_A_PLACE.search(c.text)))
    )
    if (
        not c.weak
        and (" by " in low or " around " in low or " about " in low)
        and not c.trigger
        and len(low.strip()) < len(whole.strip())
    ):
        # "car service tomorrow, in by 11:30", "in by 11 tomorrow, dropping my mum at the
        # airport": said beside what is done that morning
        c.weak = bool(_IN_BY_LATER.match(low))
    if not c.weak and not c.trigger and ("till" in low or "until" in low) and "then back" in whole:
        # "At the Immigration office till 11 tomorrow for my passport, then back online"
        c.weak = bool(_TILL_A_MORNING_HOUR.search(low)) and not _AT_WORK.search(low)
    if c.weak and "now" in low and _NOW_LEAVING.match(low) and _SIGN_OFF.search(whole):
        c.weak = False  # "leaving now, see you tomorrow": the end of a working day
    if c.weak and "holiday" in low and not _FIRST_PERSON.search(low):
        # "Ugadi holiday on 19th only": the festival's holiday, when no one says it is theirs
        held = _FESTIVAL_HOLIDAY.sub(" ", low)
        if held != low:
            c.weak = bool(_WEAK.search(held))
    c.first_person = bool(_FIRST_PERSON.search(low)) or (
        "ill" in low and bool(_ILL_AS_I_WILL.search(low))
    )
    m = _THIRD_SUBJECT.match(c.text)
    if m and m.group().endswith("'s") and _OCCASION_AFTER.match(low, m.end()):
        m = None  # "my cousin's wedding 19-20 March": an occasion of theirs, the author's days
    elif (
        m
        and m.group().endswith("'s")
        and " " not in m.group("subj").strip()
        and m.group("subj").strip()[:1].isupper()
        and _OUTING_AFTER.match(low, m.end())
    ):
        m = None  # "Valentine's getaway, off tomorrow": a day's outing, the author's
    if m:
        subj = m.group("subj")
        lower = subj.lower()
        first = lower.split()[0].strip("@")
        if subj.startswith("Tom") and first == "tom":
            first = "tom's a name"  # "Tom will be...", not tomorrow
        if lower.split()[-1] == "i":
            first = "i"  # "Kindly note that I will be on leave": the author
        if (
            lower.split()[-1] in _WHEN_OWNS
            and first in ("that", "this", "the", "next")
            and m.group().endswith("'s")
        ):
            first = "i"  # "that day's leave needs cancelling": the day's, not a person's
        if first in _FOREIGN_I:
            first = "i"  # Afrikaans "Ek is op verlof next Monday": the author
        if low[m.end("subj") : m.end("subj") + 6] == "'s day":
            first = "i"  # "St David's Day off on Monday": a day's name, not a person's
        elif " is " in low and _NAMED_DAY_IS.match(low, m.end("subj")):
            first = "i"  # "Since Teachers' Day is Thursday I'm taking Friday": a day's name
        elif lower.endswith(" day") and _DAY_FALLS.match(low, m.end("subj")):
            first = "i"  # "Freedom Day is Tuesday 31st so taking Monday 30th off": the same
        if lower.startswith(("the ", "my ", "this ", "that ")) and (
            lower.split()[-1] in _ILLNESS
            or lower in _ILLNESS  # "this cold got the best of me"
            or (lower.split()[-1] == "is" and lower.split()[-2] in _ILLNESS)  # "the flu is"
        ):
            first = "i"  # "Going home, the migraine won't stop": the author's own illness
        if (
            first != "i"
            and (
                lower.startswith(_THIRD_STARTS)
                or (first not in _NON_NAMES and first not in _ILLNESS and subj[:1].isupper())
                or (m.group("np") is not None and first not in _NON_NAMES)
            )
            and not any(
                (dateish(w) and not (w in AMBIGUOUS_MONTHS and subj[:1].isupper()))
                or w in _LEAVE_WORDS
                or (w[:1].isdigit() and len(w) <= 4 and not w.isdigit())
                or (w.isdigit() and len(w) <= 2)
                for w in word_list(lower)
                if not (w == "tom" and subj.startswith("Tom"))
                and not (w == "half" and " the " in lower)
            )
            # "off tomorrow and the day after too": a day said in words, not a person
            and not lower.endswith(("day after", "day before"))
        ):
            c.third = True
    if (
        not c.third
        and ("si " in low or "ni " in low or "kay " in low)
        and (_TAGALOG_NAMED.search(c.text))
    ):
        c.third = True  # "Nag-leave si Jomar karon": Jomar's leave
    if not c.third and (
        (
            (
                "half" in low
                or "most" in low
                or "some" in low
                or "many" in low
                or "lot" in low
                or "people" in low
            )
            and _GROUP_AWAY.search(low)
        )
        or _THIRD_POSSESSIVE.search(c.text)
        or (
            (
                "to " in low
                or " on " in low
                or "for " in low
                or "whoever" in low
                or " que " in low
                or "those" in low
            )
            and _TO_THOSE_AWAY.search(low)
        )
        or (
            ("leav" in low or "left" in low or "take" in low or "fly" in low or "flying" in low)
            and _OTHERS_LEAVE.match(low)
        )
        or (("off" in low or "leave" in low or "out" in low) and _GROUP_OFF.match(low))
        or (
            any(
                w in low
                for w in (
                    "hope",
                    "congrat",
                    "luck",
                    "back",
                    "while",
                    "giv",
                    "wish",
                    "off",
                    "half",
                    "on leave",
                )
            )
            and _OTHERS_OFF.search(low)
        )
        or ("'s off" in low and _MAKE_SURE_OFF.search(low))
        or name_away(c.text)
        or ("day is" in low and event_day(low, whole[c.end :]))
    ):
        c.third = True
    if not c.third and (c.trigger or c.weak):
        named = _NAMED_ABSENT.search(c.text)
        if named:
            name = named.group("name")
            words = word_list(name.lower())
            if words[-1:] == ["both"]:  # "Ravi and Sneha both on leave Monday"
                words = [w for w in words if w not in ("and", "&", "both")]
            if name.startswith("@"):
                # a mention is a person; "<@U07MGR> AL w/c 29 June pls" asks them for it
                c.third = not (named.start() == 0 and _ASKED.search(low))
            elif not any(w in _NOT_A_NAME or dateish(w) or _gerund(w) for w in words):
                c.third = c.guessed = True
    if not c.third and ("off" in low or "cancel" in low) and _EVENT_OFF.match(low):
        c.third = True  # "Site visit to Beatrice on Thursday is off": an event called off
    if (
        not c.third
        and (
            # every _IT_OFF match ends as _THING_OFF's do: the tail is looked for once
            (
                _THING_OFF_TAIL.search(low)
                and (_THING_OFF.match(low) or ("it" in low and _IT_OFF.search(low)))
            )
            or (
                (" for " in low or " due " in low)
                and _OFF_FOR_WORKS.match(low)
                and not _FIRST_PERSON.search(low)
            )
        )
        and not any(w in _LEAVE_WORDS for w in word_list(low)[:1])
    ):
        c.third = True  # "the printer on the 3rd floor is off again": a thing, not a person
    if (
        (c.text.rstrip().endswith("?") or _QUESTION_START.match(low))
        and not (
            (
                _POLITE_REQUEST.match(low)
                # "I need to be here - can you cancel that day of my leave?"
                or (" - " in low and _POLITE_REQUEST.match(low[low.rindex(" - ") + 2 :]))
            )
            and (dated(low) or _CANCEL.search(low))
        )
    ):
        c.question = True
        c.own_question = bool(_OWN_QUESTION.search(low))
    elif "if " in low and whole.rstrip().endswith("?") and _IF_I.match(low):
        # "Quick q - if I'm sick on a day before a holiday, do I still get holiday pay?"
        c.question = c.own_question = True
    c.wfh = (
        bool(_WFH.search(low))
        or ("not " in low and bool(_NOT_AWAY.search(low)))
        or (
            ("working today" in low or "working tomorrow" in low)
            and bool(_WORKING_TODAY.search(low))
        )
    )
    # "Reminder: I'm off tomorrow": the heading alone does not make the author's words an
    # announcement (``_parse`` marks the clauses of a headed message not in the first person)
    heading = _HEADED_ANNOUNCEMENT.match(low)
    said = low
    if "(" in low and (c.trigger or subjectless(word_list(low)[:1])):
        said = _ASIDE.sub(" ", low)  # "24th March (23rd is holiday anyway)": an aside
    if "anyway" in low and c.trigger:  # "off Thursday 30th + Friday 1st is a holiday anyway"
        aside = _HOLIDAY_ANYWAY.search(said)
        if aside and _LEAVE_ISH.search(said, 0, aside.start()):
            said = said[: aside.start()] + " " + said[aside.end() :]
    if "which" in low and c.trigger:  # "leave 12/04 - 16/04 except the 14th which is a holiday"
        said = _WHICH_IS_A_HOLIDAY.sub(" ", said)
    start = heading.end() if heading else 0
    c.announce = (
        bool(_ANNOUNCE.search(said, start))
        or bool(_ANNOUNCE_MORE.search(said, start))
        or (
            ("no " in said or " to be " in said or "we not" in said)
            and bool(_NO_LEAVE_SAID.search(said, start))
        )
    )
    if (" de " in low or " en " in low) and _THIRD_ON_LEAVE_ABROAD.search(low):
        c.third = True  # "Pedro estara de vacaciones la proxima semana", "Julie est en vacances"
    # "at the client site all day (not on leave)": the aside says no leave, cancels none
    unaside = _NOT_ON_LEAVE_ASIDE.sub(" ", low) if "(" in low else low
    c.cancel = (
        bool(_CANCEL.search(unaside))
        and not (
            ("anymore" in low or "any more" in low)
            and _CANCEL.search(low.replace("anymore", " ").replace("any more", " ")) is None
            and not _ANYMORE_OF_LEAVE.search(low)
            and not dated(low)
        )
        and bool(_CANCEL.search(_OTHER_CANCELLED.sub(" ", low)))
        and not ("need" in low and _YOU_NEED_NOT.search(low))
    )
    if unaside != low:
        if c.wfh:
            # "working from the Juliaca site tomorrow (not on leave)": work, no leave and no cancel
            c.trigger = c.cancel = False
        elif not has_trigger(word_list(unaside)):
            # "at the client site all day (not on leave)": away, and working; the aside's
            # leave word the only one
            c.trigger = c.weak = c.cancel = False
    working = "trip" in whole or "for work" in whole or "(work" in whole
    aside = _NOT_ON_LEAVE_ASIDE.search(whole) if c.trigger and working else None
    if aside and c.start < aside.end() and c.end > aside.start():
        c.trigger = c.cancel = False  # "Thu-Fri (work trip, not annual leave)"
    c.sick = not c.trigger and (
        # "My sick leave from last week still isn't showing": the record, no illness now
        bool(
            _SICK_CUE.search(
                not_sick_senses(_LEAVE_AS_THING.sub(" ", low) if "leave" in low else low)
            )
        )
        or ("ER" in c.text and bool(_EMERGENCY_ROOM.search(c.text)))
    )
    if "not " in low and _NOT_TAKING_ANY.search(low) and not dated(low):
        c.trigger = c.weak = c.sick = c.cancel = False  # "not taking a sick day, I promise"
    if "because" in whole and whole[: c.start].rstrip().endswith("not because"):
        c.trigger = c.sick = False  # "if I seem off today it's nerves, not because I'm sick"
    c.later = not (c.trigger or c.weak or c.sick or c.cancel) and bool(_UPDATE_LATER.search(low))
    c.later = c.later or (
        not c.trigger and not c.cancel and " to" in low and bool(_MOVED_ELSEWHERE.search(low))
    )
    invited = _INVITE.search(low)
    if (
        invited
        and invited.group().startswith("if ")
        and (
            c.first_person_subject(low)
            or (_NEEDS_ME.match(low, invited.end()) and _LEAVE_NOUN.search(whole))
        )
    ):
        # "I'm out Friday if you need anything signed", "Down the beach Friday if anyone needs
        # me, taking PTO": an offer, the author's
        invited = None
    c.invite = (
        bool(invited)
        or ("@" in low and bool(_MENTION_IMPERATIVE.match(low)))
        or (
            bool(_IMPERATIVE.match(low))
            and (bool(_SECOND_PERSON.search(whole)) or not _I_SUBJECT.search(whole))
        )
        or (
            # the politeness taken out only where it can be: "when"/"if" said
            bool(
                _YOU_SUBJECT.search(
                    _WHEN_YOU_CAN.sub(" ", low) if ("when" in low or "if" in low) else low
                )
            )
            and not c.first_person_subject(low)
        )
        or ("need" in low and bool(_YOU_NEED_NOT.search(low)))
    )


def continue_subjects(clauses: list[Clause], low: str) -> None:
    """A clause with no subject of its own goes on with the one before it.

    ``Ravi is off on the 3rd, 4th and 5th``, ``everyone take the 21st, 22nd
    and 23rd off``: the pieces after the commas still speak of Ravi, of
    everyone.
    """
    for k in range(1, len(clauses)):
        c, before = clauses[k], clauses[k - 1]
        if not (before.third or before.invite) or c.first_person or c.third or c.invite:
            continue
        words = [w for w in word_list(low[c.start : c.end]) if w not in _JOINED]
        tail = low[before.start : before.end].rstrip().rsplit(maxsplit=1)
        # only a piece with no subject of its own: dates, "off", "too", or a verb
        # after "and" ("she's not well and won't make it today")
        and_verb = (
            bool(words)
            and before.third
            and (
                word_list(low[c.start : c.end])[:1] in (["and"], ["but"], ["so"], ["n"])
                or (tail and tail[-1] in ("and", "but", "so", "n"))
            )
            and words[0] in _SUBJECTLESS_VERBS
        )
        if (
            words[:1] == ["back"]
            and not (before.trigger or before.weak)
            and not _TRAVELS.search(low, before.start, before.end)
        ):
            continue  # "licence test tomorrow at 10am, back online by 11:30": the author back
        if and_verb or (joined_to(before, c, low) and subjectless(words)):
            c.third = before.third
            c.invite = before.invite
    for k in range(1, len(clauses)):
        c, before = clauses[k], clauses[k - 1]
        if (
            before.wfh
            and not (c.wfh or c.trigger or c.weak or c.cancel)
            and low[before.start : before.end].rstrip().endswith((" and", "&", "+"))
            and all(dateish(w) for w in word_list(low[c.start : c.end]))
        ):
            c.wfh = True  # "then WFH Thu and Fri": both days worked from home


def joined_to(before: Clause, c: Clause, low: str) -> bool:
    """Whether ``c`` follows ``before`` after a list word or a comma (``..., and``)."""
    tail = low[before.start : before.end].rstrip().rsplit(maxsplit=1)
    return (
        word_list(low[c.start : c.end])[:1] in (["and"], ["n"], ["also"], ["plus"])
        or bool(tail and tail[-1] in _JOINED)
        or low[c.start - 1 : c.start] in (",", "&", "+")
    )


def subjectless(words: list[str], more: frozenset[str] = frozenset()) -> bool:
    """Whether ``words`` (the clause's, list words left out) start with no subject."""
    return bool(words) and (
        dateish(words[0])
        or words[0][:1].isdigit()
        or words[0] in ORDINAL_WORDS
        or words[0] in _SUBJECTLESS_START
        or words[0] in more
    )


# "I" in the languages people mix in: Afrikaans, German, Dutch, Swedish, Spanish, Italian,
# Portuguese, French.
_WHEN_OWNS = frozenset(
    {"day", "week", "month", "weekend", "morning", "afternoon", "today", "tomorrow", "friday"}
    | {"monday", "tuesday", "wednesday", "thursday", "year"}
)
_FOREIGN_I = frozenset({"ek", "ich", "ik", "jag", "yo", "io", "eu", "je"})


def goes_on(before: Clause, c: Clause, low: str) -> bool:
    """Whether ``c`` is a piece with no subject of its own joined to ``before``:
    ``..., and all of next week``, ``, the 4th and the 5th``."""
    words = [w for w in word_list(low[c.start : c.end]) if w not in _JOINED]
    return joined_to(before, c, low) and subjectless(words, _WHOLE)


def continue_keeping(kept: list[bool], clauses: list[Clause], low: str) -> None:
    """``keeping Mon and Tue``: the dates after a kept clause's ``and`` are kept too."""
    for k in range(1, len(clauses)):
        c = clauses[k]
        if not kept[k - 1] or kept[k] or c.cancel:
            continue
        words = [w for w in word_list(low[c.start : c.end]) if w not in _JOINED]
        if c.trigger or c.weak:
            # "only 7th and 8th July off now": the kept dates' own leave word
            words = [w for w in words if w not in _KEPT_LEAVE_WORDS]
            if not words or len(words) > 4:
                continue
        words = [w for w in words if w not in _KEPT_FILLER]
        joined = (
            word_list(low[c.start : c.end])[:1] in (["and"], ["n"], ["&"], ["plus"])
            or low[c.start - 1 : c.start] in (",", "&", "+")
            or low[clauses[k - 1].start : clauses[k - 1].end].rstrip().endswith(("and", "&"))
        )
        if (
            joined
            and words
            and all(
                dateish(w)
                or w[:1].isdigit()
                or w in ORDINAL_WORDS
                or w in ("the", "on", "of")
                or (w == "but" and w == words[-1])  # "keep 11/22 and 11/23 but cancel 11/24"
                for w in words
            )
        ):
            kept[k] = True


def weak_ok(c: Clause, low: str) -> bool:
    if c.first_person:
        return True
    if ":" in low and low.rfind(":") < len(low) - 2:
        # "Long weekend in Gdansk: taking Friday 14th": what follows a heading
        head, _, rest = low.rpartition(":")
        if head.strip() and weak_ok(c, " " + rest):
            return True
    words = [m for m in _WORD.finditer(low) if m.group() not in _WEAK_SKIP]
    if not words:
        return False
    w = words[0].group()
    # "off tomorrow", "won't be in", "tomorrow I'm...", or the cue itself first:
    # "dentist on Friday", "jury duty on Monday", after a word or two that name it
    # ("Golden week trip to Tokyo", "family trip on the 9th")
    return (
        w in _ELLIPTIC_START
        or w in RELATIVE_DAYS
        or w in WEEKDAYS
        or bool(_SICK.search(low))
        or bool(_IN_BY_LATER.match(low))
        or any(
            _WEAK.match(low, m.start())
            # "Christmas-New Year break: 24th Dec to 1st Jan": three words that name it (not
            # "cake in the break room")
            and (
                k < 3
                or (m.group() in _TRIP_NOUNS and not any(x.group() in _LINKS for x in words[:k]))
            )
            and all(
                x.group() in known_words() and x.group() not in _NOT_A_QUALIFIER for x in words[:k]
            )
            for k, m in enumerate(words[:4])
        )
    )


_TRIP_NOUNS = frozenset({"trip", "getaway", "holiday", "holidays", "vacation", "break", "trek"})
_LINKS = frozenset(
    {"in", "the", "to", "on", "for", "a", "an", "at", "of", "from", "my", "our", "by"}
)


def in_booking(c: Clause, low: str) -> bool:
    """A clause (not the cancel itself) that says what the author booked."""
    return not c.cancel and bool(_I_BOOKED.search(low, c.start, c.end))


def sentence_of(low: str, c: Clause) -> str:
    """The sentence that holds clause ``c``."""
    start = max(low.rfind(".", 0, c.start), low.rfind("!", 0, c.start), low.rfind("?", 0, c.start))
    ends = [e for e in (low.find(".", c.end - 1), low.find("!", c.end - 1)) if e >= 0]
    return low[start + 1 : min(ends) if ends else len(low)]


def _gerund(word: str) -> bool:
    """``Balancing out my overtime``: a verb's -ing form, not a name (``Yiming OOO Thu``)."""
    if len(word) < 6 or not word.endswith("ing"):
        return False
    known = known_words()
    stem = word[:-3]
    return stem in known or stem + "e" in known
