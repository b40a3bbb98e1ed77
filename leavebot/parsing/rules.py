"""The deterministic rules parser: one Slack message to a ``Parsed``.

``parse_rules(text, now, calendar)`` follows every convention of the parsing
contract (``docs/parsing.md``); it is offline, deterministic and never
raises. The date grammar lives in ``leavebot.parsing.dates``, the words in
``leavebot.parsing.lexicon`` and ``leavebot.parsing.vocabulary`` (the gate's
words, without which nothing is read), the Slack markup clean-up in
``leavebot.parsing.markup``; this module owns the reading of the message as a
whole: its intent (leave, cancel or none), its category (sick or vacation),
which of its dates count, and whether the reading is sure.

It is long (past 800 lines) because half of it is the patterns and word lists
the intent rules test against (senses of leave/off/out, subjects, absences,
announcements, invitations), each next to the rule that reads it; the shared
vocabulary of dates and illness is in ``lexicon``.

How a message is read: the text is made plain (``markup.normalize_text``);
without a word of the vocabulary it is not a leave. It is cut into clauses at
punctuation and conjunctions; each clause gets flags: a leave word in the
leave sense (``_has_trigger``), an absence said without it (``_WEAK``: won't
be in, away, travelling, an appointment...), illness or medical care
(``_SICK_CUE``), a cancel, and what excludes it from being the author's
leave (someone else is the subject, a question, WFH, an announcement, an
invitation or instruction to others). The clauses that are the author's own
decide the intent; the date items of the clauses that are not excluded
decide the days (return dates end the leave, onsets like ``sick since
Monday`` do not count), and each half-day word binds to its nearest date.

``Parsed.sure`` is ``True`` only when the whole message was understood;
``Parsed.own`` says whether it is clearly the author's own leave or cancel
(the reply policy asks for dates only then). Each entry of ``Parsed.reasons``
starts with a code, optionally followed by ``": "`` and a short human
detail. The codes:

Informational (the answer can still be sure):

- ``no_trigger``: no word of the vocabulary; not a leave.

- ``no_dates``: a leave (or cancel) with no date at all; for a leave the intent
  is ``none`` (the bot asks for dates), for a cancel the days are empty (the
  bot offers the author's upcoming leave).
- ``non_working_days``: the dates named hold no working day; ``days`` is empty.

Doubts (``sure`` is ``False``):

- ``unplaced``: words that look like dates were not understood.
- ``invalid_date``: a date that does not exist (``31/2``, ``Feb 30``).
- ``weekday_mismatch``: a weekday and a date that disagree (``Monday 5 March``
  when the 5th is a Thursday); the date wins.
- ``reversed_range``: a range whose end is before its start.
- ``range_too_long`` / ``count_too_large``: a range or count too big to be real.
- ``open_range``: ``from Monday`` or ``until Friday`` with the other end missing.
- ``vague_date`` / ``vague_count``: ``early next week``, ``a few days``.
- ``vague_half``: ``the second half of next week``: some of the week's days.
- ``count_without_start``: ``for 3 days`` with no start date.
- ``ambiguous_count``: ``2 days from today`` (read as one day, two days later).
- ``past_tense``: a past-tense message whose weekday or date was read backwards.
- ``assumed_today``: a leave with no date that is not clearly about today (read as none,
  unsure: the bot asks which days when it is clearly the author's own).
- ``mixed_intent``: both cancel and leave words (e.g. rescheduling), or a cancel
  verb beside a leave the rules did not read as cancelled (``please cancel my
  Sonderurlaub on the 3rd``).
- ``unfamiliar``: read as not a leave, but the message has dates and a word
  the rules do not know (``KL 9-10 March``); see ``leavebot.parsing.familiar``.
- ``reschedule``: moving, shifting or extending leave.
- ``question``: the author asks about their own leave (``can I take Friday off?``).
- ``others_mentioned``: someone else's leave is mentioned beside the author's.
- ``limits``: ``limit_breach`` refused the days (too many, too far); ``Parsed.limit``
  says which limit.
- ``tentative``: a plan not decided yet (``might take Friday off``); the
  answer is ``none``.
- ``back_mismatch``: a return date that does not fit the days named
  (``off Monday and Tuesday, back on Thursday``).
- ``date_order_swapped``: a numeric date that only reads in the other order
  (``8/17`` in a day-first calendar); that order was taken.
- ``ambiguous_weekday``: ``coming Thursday`` said on a Thursday.
- ``unknown_abbreviation``: a cancel of something in capitals the rules do not
  know (``cancel my PH on Friday``): maybe a leave, maybe not; the answer is ``none``.
- ``name_guess``: a capitalised word taken for someone's name before a leave word
  (``Arjun OOO Thu``): someone else's leave, not sure; the answer is ``none``.
- ``hours``: away for some hours (``offline for a couple of hours``), not a
  half or a whole day; the answer is ``none``.
- ``truncated``: the message was longer than the part that was read.
- ``internal_error``: a bug; the answer is ``none``.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from leavebot.domain import (
    DroppedDay,
    LeaveRequest,
    WorkCalendar,
    dropped_days,
    limit_breach,
    normalize_days,
)
from leavebot.parsing.dates import DateItem, Extraction, Mark, Tok, extract, tokenize
from leavebot.parsing.familiar import dated, known_words, unfamiliar
from leavebot.parsing.lexicon import (
    AMBIGUOUS_MONTHS,
    CJK_LEAVE,
    CJK_SICK_LEAVE,
    FOREIGN_LEAVE,
    MONTHS,
    NUMBER_WORDS,
    ORDINAL_WORDS,
    RELATIVE_DAYS,
    SICK_CARE,
    SICK_CONDITIONS,
    SICK_WEAK,
    WEEKDAYS,
)
from leavebot.parsing.markup import ASCII_LOWER as _ASCII_LOWER
from leavebot.parsing.markup import normalize_text, unstrike
from leavebot.parsing.outcome import Parsed
from leavebot.parsing.vocabulary import mentions, phrases_regex
from leavebot.types import Category, Intent, Portion

_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?|[?]")
_CLAUSE_SPLIT = re.compile(
    r"[!?;]+|(?<=\S)\s+[\u2600-\u27bf\U0001f300-\U0001faff][\ufe0f\u200d\U0001f3fb-\U0001f3ff"
    r"\u2600-\u27bf\U0001f300-\U0001faff]*(?=\s+[a-z])|(?<!\d)\.(?!\d)|,|\b(?:but|however|although|though|because|coz|cuz|and|nd|then|"
    r"so|as|since|also|plus)\b|(?<![a-z])&(?![a-z])|"  # not inside "D&V", "A&E"
    # " - " before words that start no date: "7/12 for 3 days - family reunion", "- keeping 3/29"
    r"\s-\s(?=[a-z])(?!the\s+(?:\d|[a-z]+(?:st|nd|rd|th)\b|next|first|last|week|weekend|end|rest|"
    r"whole|day|morning|afternoon))"
    r"(?!(?:mon|tue|wed|thu|fri|sat|sun|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|"
    r"dec|next|this|end|mid|early|late|today|tomorrow|tmrw|noon|lunch|who|what|when|where|why|"
    r"how|can|could|does|do|is|are|anyone|any|pr)\w*)"
)

_GREET = (
    r"(?i:(?:hi|hey|hello|hiya|dear|good\s+(?:morning|afternoon|evening|day)|gm|fyi|update|note|"
    r"team|all|folks|guys|everyone|everybody|y'all|sir|ma'am|madam|@here|@channel|@everyone|"
    r"#[\w-]+|just|also|and|so|but|ok|okay|btw|(?:a\s+)?heads\s+up(?:\s+that)?|haha|lol|lmao|ugh|"
    r"oh|oops|well|"
    r"quick\s+one|one\s+more|[a-z]+\s+(?:folks|team|people|crew)\s*[:,-]|"
    r"(?:dispatch|ops|operations|facilities|admin|payroll|reception|support)\s*:|"
    r"hmm|yeah|yes|no|sorry\s+to\s+bother(?:\s+you)?|sorry|guess\s+what|quick\s+q(?:uestion)?\s*:|bhaiya|bhai|bro|mate|boss|dude|anna|akka|didi|(?:please|pls|kindly)\s+note(?:\s+that)?|fyi|"
    r"just\s+so\s+you\s+know|quick\s+update)[\s,:!.-]*)*"
)
_THIRD_SUBJECT = re.compile(
    r"^\s*" + _GREET + r"(?P<subj>@(?!here\b|channel\b|everyone\b)[\w.-]+(?:\s+from\s+[a-z&]+)?|"
    r"@[\w.-]+[\s,:]+[A-Z][a-z]+|"  # "@Priya Montse is sick today": the one named after
    r"[A-Z][a-z]+(?:-(?:san|kun|chan|sama|ji|da|sir|madam|bhai))?(?:\s+[A-Z][a-z]+)?"
    r"(?:\s+(?:ji|da|dai|didi|bhai|bhaiya|sahab|saab|anna|akka|san|garu|gaaru|sir|madam|bey|hanim))?"
    r"(?:\s*\([^)]{0,40}\))?"
    r"(?:\s+from\s+(?:the\s+)?(?:[A-Z][A-Za-z&]+|[a-z]+)(?:\s+team)?)?|"
    r"[Hh]e|[Ss]he|[Tt]hey|"
    r"[Ww]e|[Mm]y\s+(?:[\w-]+\s+){0,2}?(?:manager|lead|boss|colleague|teammate|team\s?mate|friend|"
    r"wife|husband|mom|mother|mum|dad|father|son|daughter|kid|kids|child|children|brother|"
    r"sister|parents?|team|teammates|cousin|uncle|aunt|grandma|grandmother|grandfather|grandpa|"
    r"spouse|partner|baby|reportee|intern|client|pm|tl|roommate|flatmate|students?|reports|"
    r"staff|colleagues|coworkers|co-workers|juniors|trainees|engineers|devs|developers|"
    r"interns|reportees|assistant|nurses|employees|clients)(?:\s+[A-Z][a-z]+)?|"
    r"[Oo]ur\s+[a-z]+|"
    r"[Tt]he\s+(?:whole\s+team|entire\s+team|[a-z]+\s+team|(?:[\w-]+\s+){0,6}[\w-]+)|"
    r"(?:[Tt]his|[Tt]hat|[Tt]hese|[Tt]hose|[Oo]ur|[Yy]our)\s+(?:[\w<>@-]+\s+){0,6}?[\w-]+|"
    r"[Bb]oth\s+(?:of\s+)?(?:our|the|my)\s+[\w-]+|"
    r"[Ee]veryone|[Ee]verybody|[Nn]obody|[Nn]o\s+one|[Ss]omebody|[Ss]omeone|"
    r"[Hh]alf\s+(?:of\s+)?the\s+team|"
    r"[A-Z][a-z]+\s+(?:rep|reps|guy|guys|driver|courier|contractor|contractors|tech|techs|crew|"
    r"folks|people|team|office|staff|support)|"
    r"(?P<np>[a-z][\w-]*(?:\s+[a-z0-9][\w-]*){0,2})(?=\s+(?:is|are|was|were|has\s+been|will\s+be)"
    r"\s+(?:off|out|cancel+ed|closed|down|postponed|over|on\s+hold|on\s+(?i:pto|leave|holiday|"
    r"vacation|annual\s+leave|sick\s+leave))\b))"
    r"(?:'s|'ll|'d|'re|'ve|\s+(?:is|are|was|were|will|would|has|have|had|won't|wont|isn't|isnt|est|"
    r"wasn't|can't|"
    r"cannot|might|may|took|takes|applied|needs|wants|called|'ll|also|too|got|gets|going|"
    r"starts|started|goes|went|begins|began|came|arrived|fixed|fly|flies|flew|arrive|arrives|"
    r"se\s+fue|foi|est[aá]|"
    r"land|lands|travel|travels|"
    r"must|should))\b"
)
_DATE_NAMES = (
    r"(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun|Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec|Today|"
    r"Tomorrow|Tmrw|Next|This|Coming|Half|Full|Sick|Personal|Family|Medical)"
)
# Festivals and holidays: "Applying leave for Diwali" is no one's name.
_FESTIVALS = (
    r"(?:Diwali|Deepavali|Christmas|Xmas|Easter|Eid|Holi|Pongal|Onam|Thanksgiving|Hanukkah|"
    r"Ramadan|Navratri|Dussehra|Durga|Ganesh|Lunar|Chinese|Passover|Vesak|Songkran|Carnival|"
    r"Carnaval|Semana|Ostern|Weihnachten|Noel|Hari|Raya|Vaisakhi|Baisakhi|Lohri|Bihu|Ugadi|"
    r"Gudi|Rakhi|Janmashtami|Kwanzaa|New\s+Year|Juneteenth|Thanksgiving|Memorial|Labou?r|"
    r"Independence|Anzac|Waitangi|Boxing|Presidents|Veterans|Columbus|Bastille|Whit|Pentecost|"
    r"Ascension|Midsummer|Midsommar|Founding|Republic|Canada|Australia|Victoria|Family)"
)
_NOT_A_PERSON = "(?:" + _DATE_NAMES + "|" + _FESTIVALS + ")"
# A name straight before a leave word, without a verb, as in a roll call or standup
# notes: "Arjun OOO Thu-Fri", "@divya half day tomorrow".
_NAMED_ABSENT = re.compile(
    r"(?:^|[:•*>|-]\s)\s*" + _GREET + r"(?P<name>@(?!here\b|channel\b|everyone\b)[\w.-]+|"
    r"[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?)\s*[:-]?\s+(?=(?:OOO|ooo|off|out|away|on\s+(?:leave|pto|PTO|"
    r"vacation|holiday|annual\s+leave|sick\s+leave|AL|a\s+trip|a\s+break)|PTO|pto|half[\s-]?day|HD|"
    r"sick|WFH|wfh|AL|A/L|annual\s+leave|sick\s+leave)(?![\w/]))"
)
_THIRD_POSSESSIVE = re.compile(
    r"\b(?:his|her|their)\s+(?:leave|leaves|pto|vacation|sick|half|day off|time off)\b|"
    r"\bon behalf of\b|\bleave (?:for|of) (?:@|(?!" + _NOT_A_PERSON + r")[A-Z][a-z]+\b(?<!\bI))|"
    r"\b(?!" + _NOT_A_PERSON + r")[A-Z][a-z]+'s\s+(?:leave|pto|vacation|half|sick|day off)\b|"
    r"\b(?:[Hh]e|[Ss]he|[Tt]hey)(?:\s+(?:is|are|was|will|would|has|had)\b|'(?:s|ll|d|re|ve)\b|"
    r"\s+asked\s+me\b)|"
    # "Loadshedding schedule says we're off from 4": everyone, not the author's leave
    r"\b[Ww]e(?:'re|\s+are|\s+will\s+be|'ll\s+be)\s+(?:all\s+)?(?:off|out|closed|closing)\b"
)
# A name inside the clause: "heads up that Rhys is off sick", "Sharon from payroll is off".
# Found from the verb back (cheap), then the words before it checked.
_AWAY_VERB = re.compile(
    r"(?:\s+is|\s+was|\s+will\s+be|\s+has\s+been|'s)\s+(?:off|out|sick|away|unwell|ill|not\s+well|"
    r"on\s+(?i:leave|pto|holiday|vacation|annual\s+leave|sick\s+leave))\b"
)
_NAME_BEFORE = re.compile(
    r"(?:(?<=\w\s)(?!" + _NOT_A_PERSON + r")[A-Z][a-z]+(?:\s+(?:from|in|on)\s+(?:the\s+)?[a-z]+)?|"
    r"^\s*(?!" + _NOT_A_PERSON + r")[A-Z][a-z]+\s+(?:from|in|on)\s+(?:the\s+)?[a-z]+)$"
)


def _name_away(text: str) -> bool:
    """``heads up that Rhys is off sick``: someone named inside the clause is away."""
    if text.islower():
        return False  # no capital letter: no name
    return any(_NAME_BEFORE.search(text, 0, m.start()) for m in _AWAY_VERB.finditer(text))


_THIRD_STARTS = (
    "my ", "our ", "the ", "this ", "that ", "these ", "those ", "your ", "he", "she", "they",
    "we", "@", "half ", "everyone", "everybody", "nobody", "no one", "somebody", "someone",
)  # fmt: skip
_FOREIGN_LEAVE = frozenset(FOREIGN_LEAVE)
_LEAVE_WORDS = frozenset(
    {"leave", "leaves", "pto", "vacation", "holiday", "off", "ooo", "sick", "half", "hd", "lv"}
)
_NON_NAMES = frozenset(
    (set(MONTHS) - AMBIGUOUS_MONTHS)  # "May is off Friday", "Jan is out": names
    | {"im", "ive", "ill", "id"}
    | set(WEEKDAYS)
    # holidays, not people: "Since Juneteenth is Friday I'm taking Thursday"
    | {"juneteenth", "thanksgiving", "christmas", "easter", "diwali", "holi", "eid", "pentecost"}
    | {"whitsun", "ascension", "midsummer", "midsommar", "hanukkah", "passover", "ramadan"}
    | set(RELATIVE_DAYS)
    | {
        "i",
        "leave",
        "leaves",
        "sick",
        "out",
        "off",
        "taking",
        "on",
        "please",
        "kindly",
        "will",
        "going",
        "half",
        "pto",
        "ooo",
        "wfh",
        "not",
        "can",
        "need",
        "applying",
        "feeling",
        "fever",
        "doctor",
        "back",
        "happy",
        "this",
        "next",
        "just",
        "also",
        "hope",
        "planning",
        "vacation",
        "holiday",
        "there",
        "it",
        "that",
        "today's",
        "work",
        "office",
        "health",
        "migraine",
        "flu",
        "cold",
        "cough",
        "headache",
        "plan",
        "plans",
        "travel",
        "trip",
        "flight",
        "train",
        "meeting",
        "standup",
        "family",
        "wedding",
        "festival",
        "my",
        "our",
        "me",
        "rest",
        "time",
        "day",
        "week",
        "weekend",
        "morning",
        "afternoon",
        "evening",
        "first",
        "second",
        "full",
        "whole",
        "hd",
        "lv",
        "dentist",
        "hospital",
        "medical",
        "appointment",
        "cancel",
        "cancelled",
        "hey",
        "hi",
        "hello",
        "thanks",
        "thank",
        "sorry",
        "due",
        "personal",
        "urgent",
        "emergency",
        "sl",
        "cl",
        "el",
        "comp",
        "reason",
        "weather",
        "mood",
        "body",
        "head",
        "stomach",
        "throat",
        "leg",
        "tooth",
        "eye",
        "surgery",
        "pfa",
        "fyi",
        "update",
        "note",
        "reminder",
        "request",
        "approved",
        "unwell",
        "down",
        "what",
        "who",
        "how",
        "when",
        "is",
        "are",
        "am",
        "was",
        "do",
        "did",
        "does",
        "have",
        "had",
        "has",
        "should",
        "could",
        "would",
        "may",
        "might",
        "anyone",
        "any",
        "after",
        "before",
        "since",
        "from",
        "till",
        "until",
        "by",
        "for",
        "in",
        "at",
        "as",
        "if",
        "so",
        "then",
        "yes",
        "no",
        "ok",
        "okay",
        "good",
        "bad",
    }
)
_QUESTION_START = re.compile(
    r"^\s*" + _GREET + r"(?:(?:who|what|when|where|why|how|which|whom|whose|anyone|any\s?one|"
    r"anybody|wondering)\b|(?:is|are|was|were|does|do|did|can|could|should|shall|would|has|have|"
    r"will|may|am|r)\s+(?:i|you|u|he|she|it|there|anyone|anybody|someone|somebody|we|they|the|"
    r"this|that|tomorrow|today|monday|tuesday|wednesday|thursday|friday|my|our|your|his|her|"
    r"their|everyone|everybody|[a-z]+'s)\b)"
)
# Telling others to take time off, or inviting the team: not the author's leave.
_INVITE = re.compile(
    r"\blet'?s\s+(?:all\s+)?(?:take|have|go|plan|enjoy|get|do|call)\b|"
    r"\b(?:you|u|everyone|everybody|y'all|you\s+guys|you\s+all|all\s+of\s+you|folks|guys)\s+"
    r"(?:should|shud|can|could|must|need\s+to|may|might|take|deserve|get\s+to|enjoy|go|have\s+to)\b|"
    r"\bwhy\s+(?:don'?t|not)\s+(?:you|we)\b|\bhow\s+about\s+(?:we|you)\b|"
    r"\bwe\s+(?:should|could|can|must|all)\s+(?:take|have|go|get|plan)\b|"
    r"\b(?:take|enjoy)\s+(?:the|a|some|your)\s+(?:rest|day|time|weekend|break|well)\b.{0,40}"
    r"\b(?:you|u|deserve|guys|team|all|everyone|folks)\b|"
    r"\b(?:hope|wish)\s+(?:you|u)\b|\bget\s+well\b|\bfeel\s+better\b|\btake\s+care\b|"
    r"\bif\s+(?:you|u|you're|youre|anyone|anybody|someone|somebody|any\s+of\s+you)\b|"
    r"\b(?:anyone|anybody|everyone|everybody)\s+(?:who|that)\b|"
    r"\b(?:no\s*one|nobody|none\s+of\s+(?:you|us))\s+(?:should\s+|can\s+|may\s+|is\s+to\s+|"
    r"please\s+)?(?:take|apply|book|plan|go)\b|"
    r"\bhave\s+(?:fun|a\s+(?:great|good|nice|safe|wonderful|lovely|relaxing)|an?\s+amazing)\b|"
    r"\benjoy\b|\bsafe\s+travels?\b|\b(?:your|ur)\s+(?:trip|vacation|leave|holiday|holidays|"
    r"break|time\s+off|day\s+off|pto|weekend)\b"
)
# A clause that starts with a bare verb tells someone else what to do.
_IMPERATIVE = re.compile(
    r"^\s*(?:<?@[\w.-]+>?[\s,:]*)*"
    + _GREET
    + r"(?:please\s+|pls\s+|do\s+)?(?:take|enjoy|rest|relax|go|"
    r"feel|stay|don'?t)\s+(?!leave\b|lv\b|sick\b|of\b|a\s+(?:sick|half|leave)\b)"
)
# "@priya please take leave tomorrow and rest": told to the one mentioned
_MENTION_IMPERATIVE = re.compile(
    r"^\s*(?:<?@(?!here\b|channel\b|everyone\b)[\w.-]+>?[\s,:]*)+(?:please\s+|pls\s+|do\s+)?"
    r"(?:take|enjoy|rest|go|get|stay)\b"
)
_SECOND_PERSON = re.compile(
    r"\b(?:you|your|u|ur|yourself|everyone|everybody|y'all|guys|folks|team|deserve|congrats|"
    r"congratulations|well\s+done|great\s+job|good\s+job|nice\s+work|great\s+work)\b"
)
# "you" as the subject of the leave: someone else's (you are off Friday, you go on leave)
_YOU_SUBJECT = re.compile(
    r"\b(?:you|u|y'all|you\s+guys)\s*(?:'re|are|r|were|will|'ll|go|take|took|get|had|have|'ve)\b"
)
_I_SUBJECT = re.compile(r"\b(?:i|i'm|im|i'll|i've|i'd)\b")
_POLITE_REQUEST = re.compile(
    r"^\s*(?:<?@[\w.-]+>?[\s,:]*)?(?:actually\s*,?\s*)?"
    + _GREET
    + r"(?:<?@[\w.-]+>?[\s,:]*)?"  # "Hey @Priya could you cancel ..."
    r"(?:(?:can|could|would|will)\s+(?:(?:you|u|someone|somebody|anyone|hr)\s+)?"
    r"(?:please\s+|pls\s+|plz\s+|kindly\s+)?(?:mark|record|log|add|apply|update|put|approve|pull|"
    r"note|register|enter|book|cancel|remove|revoke|delete|withdraw|scrap|drop|scratch|take)|"
    # "Please could my annual leave for 20/3 be cancelled?"
    r"(?:please\s+)?(?:can|could|would)\s+(?:my|the)\s+[\w\s/]{0,40}?\b(?:be\s+(?:cancel+ed|"
    r"withdrawn|revoked|removed|taken\s+off)|come\s+off|come\s+out\s+of)|"
    # "Can I cancel the leave I booked for the 30th?": asking is how the cancel is said
    r"(?:can|could|may)\s+i\s+(?:please\s+)?(?:cancel|withdraw|revoke)\s+(?:my|the)\s+"
    r"(?:[\w/]+\s+){0,2}?(?:leave|pto|holiday|vacation|booking|request|time\s+off|day\s+off|"
    r"off)|(?:can|could|may)\s+i\s+(?:please\s+)?cancel\s+(?:my|the)\s+(?:[\w/]+\s+){1,3}?i\s+"
    r"(?:booked|requested|applied\s+for|took|put\s+in))\b"
)
# "Half the maintenance crew are off next week", "since half the office is on ferie": a group
# "Harvest crew at Blok C will be off on Saturday", "Estate workers get the day off": a group
_GROUP_OFF = re.compile(
    r"^\s*(?:the\s+|our\s+|all\s+)?(?:[@\w-]+\s+){0,4}(?:crew|crews|workers|staff|drivers|operators|"
    r"technicians|pickers|packers|labourers|laborers|students|kids|schools|team|department|dept|shift)"
    r"\b.{0,40}?\b(?:will\s+be|are|is|get|gets|have|has)\s+(?:the\s+day\s+)?off\b|"
    # "Line 4 supervisor on leave today, please refer to Ah Seng"
    r"^\s*(?:the\s+|our\s+)?(?:[\w-]+\s+){0,3}(?:supervisor|manager|lead|foreman|operator|"
    r"coordinator|clerk|officer|receptionist|technician)\s+(?:is\s+)?(?:on\s+leave|off|out|away)\b"
)
# "Sure hope we get the 24th off", "Congrats to Aoife who's off on maternity leave": others'
_OTHERS_OFF = re.compile(
    r"\bhope\s+we\s+(?:all\s+)?(?:get|have)\b|\b(?:congrat\w*|best\s+wishes|good\s+luck)\s+to\s+"
    r"(?:@|[a-z]+\s+(?:who|as|on|for)\b)|"
    # "Great to have Sophie back off maternity leave", "while Julia is on ferias next week",
    # "the company is giving everyone Dec 24 off"
    r"\bwelcome\s+back\b|\bto\s+have\s+[a-z]+\s+back\b|\bwhile\s+[a-z]+\s+is\s+(?:on|off|out|away)\b|"
    r"\b(?:giving|gives|give)\s+(?:everyone|everybody|all\s+staff|us\s+all|the\s+(?:whole\s+)?team)\b"
)
# "make sure the heating's off": a thing switched off
_MAKE_SURE_OFF = re.compile(
    r"\b(?:make\s+sure|check|ensure)\s+(?:that\s+)?(?:the|all\s+the|your)\s+[\w-]+'s\s+off\b"
)
# "Our summer students leave on Aug 21": others who leave (go), not a leave word
_OTHERS_LEAVE = re.compile(
    r"\s*(?:(?:our|the|my|your|their)\s+)?(?:[\w-]+\s+){0,3}?(?:students|interns|trainees|guests|"
    r"visitors|clients|customers|kids|children|parents|in-laws|relatives|auditors|contractors|"
    r"consultants|delegates|family|cousins|friends|crew|crews|workers|contractors)"
    r"(?:\s+(?:from|of|at|in)\s+(?:the\s+)?[\w-]+"
    r"(?:\s+[\w-]+)?)?\s+(?:leave|leaves|left|are\s+leaving|"
    r"will\s+leave)\b"
)
# "Frohe Weihnachten to everyone already on holiday": a wish to others who are away
_TO_THOSE_AWAY = re.compile(
    r"\b(?:to|for)\s+(?:everyone|everybody|all|those|anyone|the\s+ones?)\s+"
    r"(?:who(?:'s|\s+is|\s+are)\s+)?(?:already\s+)?(?:on|off|out)\b"
)
_GROUP_AWAY = re.compile(
    r"\b(?:half|most|some)\s+(?:of\s+)?(?:the|our|my)\s+(?:[\w-]+\s+){0,3}?(?:team|office|crew|"
    r"staff|department|dept|company|floor|people|folks|devs|engineers|squad|org|site|shift|"
    r"class|group|desk|unit|lab|faculty|branch)s?\s+(?:is|are|was|were|will\s+be|'s|'re)\b|"
    r"\bhalf\s+of\s+[a-z]+\s+(?:is|are|was|were)\s+(?:out|off|away|sick)\b|"
    # "too many folks out with that cold going around"
    r"\b(?:too\s+many|so\s+many|many|lots\s+of|a\s+lot\s+of|several)\s+(?:\w+\s+)?(?:folks|people|"
    r"of\s+us|devs|engineers|staff|colleagues)\s+(?:are\s+|were\s+)?(?:out|off|sick|away|ill)\b|"
    r"\b\d+\s+(?:people|folks|staff|colleagues|of\s+us|members)\s+(?:are\s+|were\s+)?(?:out|off|away)\b"
)
_OUT_AT = re.compile(
    r"\bout\s+(?:at|on|in)\s+(?:the\s+|a\s+)?(?!(?:mon|tue|wed|thu|fri)\w*\b)[a-z]"
)
_BUT_WORKING = re.compile(
    r"\W*(?:i'm\s+|im\s+|i\s+am\s+)?(?:still\s+)?(?:working|at\s+work|online|logged\s+in|"
    r"all\s+good|fine)(?:\s+(?:normally|as\s+usual|as\s+normal))?(?:\W*$|\s*[,;]\s+(?:ping|call|"
    r"message|dm|reach|find|text)\b.*$)"
)
_TAGALOG_NAMED = re.compile(r"\b(?:si|ni|kay)\s+[A-Z][a-z]+")
_DROP_FROM_LEAVE = re.compile(
    r"\b(?:remov\w*|drop\w*|tak(?:e|ing)|scratch\w*|strike|scrap\w*|delet\w*)\s+.{1,60}?\s+"
    r"(?:from|off|out\s+of)\s+my\s+(?:leave|pto|booking|request|holiday|vacation|al|annual\s+leave|"
    r"urlaub|ferie|vacaciones|vacances|conge|verlof|vakantie|time\s+off)\b"
)
# Asking for days: "Can I have Fri 27th off", "Could I please book annual leave for ...".
_ASKING_FOR_DAYS = re.compile(
    r"^\s*" + _GREET + r"(?:can|could|may)\s+i\s+(?:please\s+|pls\s+)?"
    r"(?:take|have|book|get|put\s+in\s+for|request|apply\s+for)\b"
)
# ... but asking whether one may, or about the rules: "Can I still book days for next week or
# is it too late?", "can I take leave during probation?"
_ASKING_WHETHER = re.compile(
    r"\b(?:still|or|allowed|possible|during|while|probation|carry|move|transfer|left|"
    r"remaining|how|unpaid|advance|negative)\b"
)
_PLEASE = re.compile(r"\b(?:please|pls|plz|kindly)\b")
# "Working today but taking tmrw off", "still working today": today is worked
_WORKING_TODAY = re.compile(
    r"(?:^\s*|\bi'm\s+|\bim\s+|\bi\s+am\s+|\bstill\s+)working\s+today\b(?!\s+(?:till|until|only))"
)
_OWN_QUESTION = re.compile(
    r"\b(?:can|could|may|should|shall)\s+i\b|\bam\s+i\s+(?:allowed|able)\b|"
    r"\bis\s+it\s+(?:ok|okay|fine|possible)\b|\bwould\s+it\s+be\b|\bcan\s+i\s+take\b"
)
_WFH = re.compile(
    r"\b(?:wfh|wfo|wfa|homeoffice|work(?:ing|ed)?\s+(?:from|frm)\s+(?:home|office|anywhere|hometown)|"
    r"work(?:ing)?\s+remotely|remote(?:ly)?\s+work(?:ing)?|working\s+from\s+\w+|remote\s+today|"
    r"remote\s+tomorrow|still\s+in\s+(?:the\s+)?office|worked\s+(?:in\s+)?the\s+(?:afternoon|morning))\b"
)
# Rarer announcements and remarks, looked for only when one of their words is there
# (``_ANNOUNCE_MORE_HINTS``): the big alternation below costs per clause.
_ANNOUNCE_MORE = re.compile(
    r"\b(?:"
    # "Black Friday all-hands: no PTO 11/23 through 11/29"
    r"no\s+(?:pto|leave|time\s+off|vacation)\s+(?:on|from|between|during|\d)|"
    # "Eid holidays are 10 to 12 March", "winter break for the kids is July 12-23": when they are
    r"(?<!\bmy\s)(?:holidays|break|shutdown|closure)\s+(?:for\s+(?!me\b|us\b)(?:the\s+)?\w+\s+)?"
    r"(?:is|are|will\s+be)"
    r"\s+(?:on\s+|from\s+)?(?=\d|the\s+\d|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\s+\d)|"
    # "24 August is a day off, office closed", "as per the HR list", "holiday declared"
    r"(?<!\bmy\s)\b(?:is|are)\s+(?:a\s+)?(?:public\s+)?days?\s+off\b(?!\s+for\s+me)|"
    r"(?:as\s+)?per\s+(?:the\s+)?(?:hr|circular|notice|notification|company|holiday\s+list)\b|"
    r"holidays?\s+(?:has\s+been\s+|was\s+|is\s+)?declared\b|"
    r"\b(?:hotel|office|site|plant|store|shop|branch|restaurant|factory|warehouse|school)\s+"
    r"(?:closes|is\s+closed|is\s+closing|will\s+be\s+closed|shuts)\b|"
    r"(?:leave|pto|holiday|vacation|sick)\s+(?:leave\s+|day\s+|days\s+)?"
    r"(?:rules?|entitlements?|allowances?)|we\s+(?:get|have)\s+\d+\s+(?:paid\s+)?(?:sick|vacation|"
    r"leave|pto|holiday)|falls?\s+on\s+a\s+(?:saturday|sunday|weekend)|no\s+extra\s+(?:holiday|"
    r"day\s+off|days?\s+off|leave)|not\s+going\s+anywhere|tout\s+le\s+monde|"
    r"out\s+for\s+(?:inspection|repairs?|servic\w+|maintenance|cleaning|calibration)|"
    r"off\s+the\s+road|is\s+a\s+day\s+off\s+for\s+(?:us|all|everyone|everybody)|"
    r"no\s+need\s+to\s+(?:book|take|apply\s+for)\s+(?:a\s+)?(?:leave|pto|holiday|day\s+off)|"
    r"thank\w*\s+(?:\w+\s+)?for\s+(?:approving|the\s+approval))"
)
_ANNOUNCE_MORE_HINTS = (
    "rule", "entitlement", "allowance", "we get", "we have", "fall", "extra", "anywhere",
    "monde", "out for", "off the road", "day off for", "no need", "thank", "holidays", "break",
    "shutdown", "closure", "day off", "days off", "per ", "declared", "clos", "shut", "no pto",
    "no leave", "no time off",
)  # fmt: skip
_ANNOUNCE = re.compile(
    r"\b(?:polic(?:y|ies)|"
    r"holiday\s+(?:list|calendar|schedule)|list\s+of\s+holidays|"
    # "off Tuesday and Wednesday after the bank holiday": the reason, not an announcement
    r"(?<!after\sthe\s)(?<!before\sthe\s)(?<!with\sthe\s)(?<!\bmy\s)"
    r"(?:public|national|bank|company|declared|festival|optional|restricted|mandatory)\s+holidays?"
    r"(?!\s+weekend|\s+week\b)|"
    r"office\s+(?:is\s+|will\s+be\s+)?(?:closed|shut|off)|holiday\s+is\s+on\b|"
    r"enjoy\s+the\s+long\s+weekend|(?:is|are|will\s+be)\s+(?:a\s+)?"
    r"(?:public\s+|national\s+|company\s+|bank\s+|an\s+office\s+)?holidays?\b|"
    r"reminder(?!\s+(?:that\s+)?(?:i'm|im|i\s+am|i'll|i\s+will|i\s+won't|my)\b)|rappel|"
    r"all\s+employees|(?:leave|pto|vacation|holiday|sick)\s+balance|"
    r"leaves?\s+(?:left|remaining|balance|quota|tracker|portal|roster|rota|planner|"
    r"calendar|sheet|system|process|application\s+process|planning|form|template)|hr\s+portal|"
    r"please\s+(?:apply|update|submit|mark|add|plan|inform|put|enter|log|book|record|share|get|"
    r"send|use|block)\s+(?:your|their|all|leaves?\b)|"
    r"please\s+(?:update|fill\s+(?:in|out)|add\s+to|check)\s+the\s+(?:[\w-]+\s+){0,2}(?:sheet|"
    r"tracker|calendar|planner|form|spreadsheet|roster|rota)\b|"
    r"(?:remaining|unused|leftover|pending)\s+"
    r"(?:holiday|leave|pto|vacation)|(?:has|have)\s+to\s+be\s+(?:used|taken|applied)|"
    r"(?:apply|update|submit)\s+your\s+leaves?|make\s+sure|do\s+not\s+forget|don't\s+forget|"
    r"team\s+outing|offsite|happy\s+holidays?|bonnes?\s+vacances|joyeuses\s+fetes|bon\s+conge|"
    r"felices\s+vacaciones|buenas\s+vacaciones|schonen\s+urlaub|fijne\s+vakantie|god\s+ferie|"
    r"trevlig\s+semester|happy\s+(?:\w+\s+)?(?:break|vacation|long\s+weekend)|happy\s+(?:diwali|new\s+year|holi|christmas|"
    r"thanksgiving|weekend|friday)|enjoy\s+(?:the|your)\s+(?:holiday|weekend|vacation|break)|"
    r"carry\s+forward|encash\w*|accrue\w*|accrual|(?:set|update)\s+your\s+(?:slack\s+)?status|"
    r"for\s+(?:anyone|everyone|all)\b|no\s+(?:leaves?|pto|time\s+off|vacations?|holidays?)\s+"
    r"(?:please|pls|plz|allowed|approved|permitted|unless)\b|"
    r"no\s+(?:annual\s+|casual\s+)?(?:leaves?|pto|time\s+off|vacations?)\s+"
    r"(?:this|next|during|for|on|in|will|is|are|till|until|that)|(?<!my\s)leave\s+requests?\s+(?:for|need|"
    r"must|should|are|will)|(?:need|needs|require|requires|required)\s+(?:\w+\s+)?approval|"
    r"(?:everyone|everybody|all|team|folks|guys)\s+(?:please\s+|pls\s+|to\s+|must\s+|should\s+|"
    r"needs?\s+to\s+)?(?:apply|update|submit|mark|add|plan|log|enter|put|book|record|fill)\s+"
    r"(?:in\s+)?(?:your|their)\b|"
    # "asked me to remind everyone to book PTO early": advice to all
    r"(?:remind\w*|ask\w*|tell\w*|encourag\w*|urg(?:e|ing))\s+(?:everyone|everybody|all|"
    r"the\s+team|folks|people|you\s+all|y'all|all\s+of\s+you)\s+to\b|"
    r"(?:avoid|refrain\s+from|try\s+not\s+to)\s+(?:taking|take|booking|book|applying|apply|"
    r"planning|plan|scheduling|leaves?\b|pto\b|time\s+off)\b|(?:don'?t|do\s+not)\s+(?:take|book|"
    r"plan|apply\s+for|schedule|approve)\s+(?:any\s+)?(?:leaves?|time\s+off|pto|holidays?|vacations?|"
    r"days?\s+off)|"
    r"blackout|freeze|embargo|leave\s+applications?(?![^?]{0,60}\bdates?\s*:)(?!\s*[:-]\s*(?:for\s+|from\s+|on\s+)?(?:\d|"
    r"mon|tue|wed|thu|fri|sat|sun|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|today|"
    r"tomorrow|tmrw|next))|must\s+be\s+(?:submitted|applied|approved|taken)|"
    r"(?:got|just|am|i'm|came|coming)\s+back\s+from|returned\s+from|welcome\s+back|"
    r"while\s+i\s+was\s+(?:away|out|off|on\s+leave|on\s+holiday|on\s+vacation|sick)|"
    r"(?:pendant|durant)\s+mes\s+(?:vacances|conges)|durante\s+mis\s+vacaciones|"
    r"catching\s+up\s+on|(?:even\s+though|now\s+that|since)\s+(?:i'm|im|i\s+am)\s+back\b|"
    r"(?:pto|leaves?|vacation|holidays?)\s+(?:days\s+)?left\b|"
    # "guess I'm not taking leave any time soon": a remark, no leave
    r"not\s+(?:taking|getting|having)\s+(?:any\s+)?(?:\w+\s+)?(?:leave|pto|time\s+off|holidays?|"
    r"vacation|break)\s+"
    r"(?:any\s*time\s+soon|for\s+a\s+while|this\s+year|soon)|"
    # an event for all: "Flu shot clinic in the boardroom Thursday 10-2, no appointment needed"
    r"(?:flu\s+shot|flu\s+jab|vaccination|vaccine|booster|covid|(?<!mental\s)health|wellness|"
    r"blood\s+donation|"
    r"blood|eye\s+test|screening)\s+(?:clinic|drive|camp|fair|day|session)s?\b|"
    r"no\s+appointment\s+needed|don'?t\s+miss\s+it|book\s+(?:a|your)\s+slot|"
    r"(?:flu|covid)\s+(?:shots?|jabs?|vaccines?)\s+(?:are|is|will\s+be)\b|"
    r"leave\s+requests?\b.{0,30}?\b(?:need|must|should|are\s+due|due)\b|so\s+everyone\s+knows|"
    r"^\s*(?:is|isn't|are|aren't|will|was)\s+.{0,40}?\b(?:a|an)\s+(?:\w+\s+)?holiday\b|"
    r"(?:it|that|this|today|tomorrow|which)'s\s+(?:already\s+|also\s+)?(?:a|an)\s+(?:\w+\s+)?"
    r"holiday\b|"
    r"back\s+from\s+(?:my\s+|a\s+|the\s+)?(?:\w+\s+)?(?:leave|vacation|holiday|pto|trip|break|"
    r"sick\s+leave|sick\s+days?|hols|holidays|time\s+off)|better\s+after\s+(?:the|my)\s+(?:\w+\s+)?(?:leave|break|rest)|"
    r"holidays?\s+(?:got|are|is|were|was)\s+over|(?:holiday|day)\s+(?:is\s+)?observed\s+on|"
    r"(?:is|are|will\s+be)\s+the\s+(?:[\w']+\s+){0,3}?holiday\b|holiday\s+vanthuduchu|"
    r"a\s+few\s+of\s+(?:you|us)\s+(?:are|were|will\s+be)\b|"
    r"(?:during|while\s+i\s+was\s+on)\s+my\s+(?:vacation|leave|holiday|pto|time\s+off)|"
    r"\ballowances?\b|\bleave\s+year\b|(?:that's|that\s+is|it's|it\s+is)\s+not\s+(?:annual\s+|sick\s+)?"
    r"leave\b|\bcloses?\s+at\b|doing\s+the\s+rounds|"
    r"\b(?:wag|huwag)\s+(?:na\s+)?(?:kayo|po)\b)"
)
# "you don't need to put leave in for those": advice, not a cancel
# "not going anymore" (a plan given up), not "can't look at the screen anymore"
_ANYMORE_OF_LEAVE = re.compile(
    r"\b(?:going|taking|travell?ing|leave|off|need|needed|coming|trip|happening|on|flying|visiting|"
    r"pto|holiday|vacation)\b"
)
_YOU_NEED_NOT = re.compile(
    r"\b(?:you|u|y'all|we|they|no\s+one)\s+(?:don'?t|do\s+not|won'?t)\s+need\b"
)
_CANCEL = re.compile(
    r"\b(?:cancel\w*|cancl\w*|cancle\w*|canel\w*|cacel\w*|cncl|revok\w*|withdraw\w*|"
    r"retract\w*|rescind\w*|undo|scrap\w*|"
    r"tak(?:e|ing)\s+(?:my\s+|the\s+)?.{0,40}?\boff\s+(?:the\s+)?"
    r"(?:leave\s+|pto\s+|holiday\s+|vacation\s+|ooo\s+)?(?:system|calendar|tracker|"
    r"sheet|records?|books?|list|portal|planner|rota|roster|schedule)|"
    r"call(?:ing|ed)?\s+off|disregard|ignore\s+(?:my|the)\s+(?:previous|earlier|last|above)|"
    r"never\s*mind\s+(?:my|the|about|that|on|\w+day'?s)|nvm\s+(?:my|the|about|that|on)|"
    r"(?:remov\w*|drop\w*|tak(?:e|ing)|scratch\w*|strike|scrap\w*|pull\w*)\s+(?:the\s+)?\S+(?:\s+\S+){0,3}?\s+"
    r"(?:from|off|out\s+of)\s+(?:my\s+)?(?:leave|pto|booking|request|holidays?|vacation|al|"
    r"annual\s+leave|urlaub|ferie|vacaciones|vacances|conge|verlof|vakantie|time\s+off)\b|"
    # "Can the 31st of December come off my leave please?"
    r"(?:come|be\s+taken|taken)\s+(?:off|out\s+of)\s+my\s+(?:leave|pto|booking|holidays?|vacation|al|"
    r"annual\s+leave)\b|"
    r"remov\w*\s+(?:those|these|both|the)\s+(?:\w+\s+)?days\b|"
    r"(?:scratch|cancel|ignore|disregard|forget)\s+(?:that|it|this)\b|forget\s+(?:about\s+)?my\s+"
    r"(?:leave|pto|vacation|holiday|time\s+off)\b|"
    r"no\s+longer|not\s+taking\b.{0,40}?\b(?:off|leave|pto|holiday|vacation)\s+any\s?more|"
    r"not\s+(?:taking|going\s+on|on)\s+(?:a\s+|the\s+|my\s+)?(?:leave|pto|off|vacation)\b"
    r"(?!\s*,?\s+(?:any\s*time\s+soon|for\s+a\s+while|this\s+year|soon|until|till|just))"
    r"(?:.{0,30}any\s?more)?|won'?t\s+be\s+taking|will\s+not\s+be\s+taking|"
    r"not\s+going\s+to\s+take|don'?t\s+need\s+(?:the\s+|my\s+|that\s+)?(?:leave|day\s+off|"
    r"time\s+off|pto|off)|(?:leave|off|pto)\s+(?:is\s+|has\s+been\s+)?cancel\w*|"
    r"any\s?more|after\s+all|(?:not|no\s+longer)\s+(?:required|needed)\b|"
    r"pull(?:ing)?\s+the\s+pin\s+on|"
    r"(?:drop\w*|remov\w*|delet\w*|scratch\w*|strike|eras\w*|clear|bin|tak(?:e|ing)\s+back|"
    r"pull(?:ing)?|nix|kill|axe|void|reverse)\s+(?!off\b|out\b|your\b|their\b|his\b|her\b)"
    r"(?:(?:my|the|that|this|those|these|[a-z]+'s)\s+)?"
    r"(?:[\w/.]+\s+){0,3}?(?:leaves?|lv|pto|vacation|holiday|off|half[\s-]?day|hd|sick\s+(?:leave|day)|"
    r"days?\s+off|time\s+off|request|booking|entry|ooo|out\s+of\s+office|absence|cl|sl|el|al|"
    r"a/l|toil|loa|pl|vl|lop|rh|" + phrases_regex(FOREIGN_LEAVE) + r")|"
    r"(?:leave|pto|holiday|vacation|booking|request|time\s+off|day\s+off)\b.{0,30}?\bbe\s+"
    r"(?:cancel+ed|withdrawn|revoked|removed)|"
    r"(?:won'?t|will\s+not|don'?t|do\s+not|no\s+longer)\s+(?:be\s+)?need(?:ing)?\b.{0,30}?"
    r"\b(?:off|leave|pto|vacation|holiday|day\s+off|time\s+off))\b"
)
# Leave abbreviations written in capitals: annual leave (AL, A/L), time off in lieu
# (TOIL), leave of absence (LOA). In lower case "al" is a name ("Al from sales").
# Rostered day off (RDO), long service leave (LSL), loss of pay and leave without pay
# (LOP, LWP), a restricted holiday (RH), off in lieu (OIL).
_LEAVE_ABBREVIATION = re.compile(
    r"(?<![\w/])(?:AL|A/L|TOIL|LOA|RDO|RDOs|LSL|LOP|LWP|RH|OIL|CL|EL)(?![\w/])"
)
# A cancel of something in capitals the rules do not know (``cancel my PH on the 3rd``):
# maybe a leave under a name of the company's own, maybe not.
_UNKNOWN_ABBREVIATION = re.compile(
    r"\b(?i:cancel\w*|revok\w*|withdraw\w*|drop|remove|delete|scrap)\s+(?i:my|the|our)\s+"
    r"(?P<abbr>[A-Z]{2,5})\b"
)
# In a cancel, a clause of what stays booked: "keeping the half day on Wed", "still off Fri".
_KEEPING = re.compile(
    r"\s*(?:(?:change\s+of\s+plans?|plans?\s+changed|update|edit)\s*[:,-]\s*)?"
    r"(?:but\s+)?(?:i'm\s+|im\s+|i\s+am\s+|i'll\s+|i\s+will\s+|will\s+|i\s+)?"
    r"(?:going\s+to\s+|gonna\s+|want\s+to\s+|wanna\s+|'d\s+like\s+to\s+)?"
    r"(?:still\s+|only\s+|just\s+)?(?:keep(?:ing)?|retain(?:ing)?|still\s+(?:be\s+)?(?:taking|take|on|off|out|away|want|need|go|"
    r"going|travel|travelling|leave|leaving)|"
    r"(?:be\s+)?(?:(?:going|staying|away|off|out|travelling|traveling|on\s+leave)\s+)?"
    r"only\s+(?:till|until|til|up\s+to)|"  # "cancel the 23rd, will be going only till 22nd"
    # "cancel the afternoon of the 25th, only the morning off now"
    r"only\s+be\s+(?:away|off|out|on\s+leave)|(?:just|only)\s+(?:do|doing|take|taking)|"
    r"(?:take|taking|keep|keeping)\s+only|"
    r"(?:now\s+)?only\s+(?:taking\s+|need\s+|want\s+)?(?:the\s+)?(?:morning|afternoon|am|pm|"
    r"first\s+half|second\s+half)|"
    # "the morning I still need for the bank": the half that stays
    r"(?:the\s+)?(?:morning|afternoon|am|pm)\s+i\s+(?:still\s+)?(?:need|keep|take|want)|"
    # "not taking the 22nd anymore, just the 26th": the day that stays
    r"(?:now\s+)?(?:only|just)\s+(?:need\s+|want\s+|taking\s+|going\s+(?:to\s+\w+\s+)?for\s+|out\s+|"
    r"off\s+|away\s+)?"
    r"(?:on\s+)?(?:the\s+)?(?=\d|(?:mon|tue|wed|thu|fri)[a-z]*\b)|"
    r"only\s+(?:going|staying|away|off|out|travelling|traveling)\s+(?:till|until|til|up\s+to))\b"
)
# "Need to shorten my long weekend to just Thursday, please cancel Fri 3/26": what stays
_SHORTEN_TO = re.compile(r"\b(?:shorten\w*|cut\w*)\b.{0,40}?\bto\s+(?:just|only)\b")
# A message headed as an announcement: every clause of it is the announcement's.
_HEADED_ANNOUNCEMENT = re.compile(
    r"\s*(?:\W\s*)?(?:just\s+a\s+|a\s+|quick\s+|small\s+|gentle\s+|kind\s+)?(?:reminder|friendly\s+reminder|"
    r"announcement|psa|notice|attention\s+all|rappel|recordatorio)\s*[:!-]"
)
# "no longer taking 21-25 Sept": days taken (convention 18), so the cancel is of leave.
_TAKING_DAYS = re.compile(
    r"\b(?:tak(?:e|ing)|took)\s+(?:the\s+|this\s+|next\s+|coming\s+)?(?:\d|tomorrow|tmrw|"
    r"today|monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tues?|wed|thu|thurs?|"
    r"fri|day|week|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\s+\d)"
)
# Sick leave in short: "SL tomorrow", "on MC today" (a medical certificate, SG and MY).
# The emergency room in capitals ("ER last night with my back"); in lower case "er" is a
# hesitation ("er, off Friday?").
_EMERGENCY_ROOM = re.compile(r"(?<![\w&])ER(?![\w&])")
_SICK_LEAVE_ABBREVIATION = re.compile(
    r"(?<![\w/])(?:sl|on\s+mc|days?\s+mc|mc\s+(?:from|for|today|tomorrow)|l4)(?![\w/])"
)
_LEAVE_ISH = re.compile(
    r"\b(?:leaves?|lv|pto|off|ooo|out|away|vacation|holiday|half\s*-?\s*day|hd|sick|request|"
    r"absence|it|that|sl|cl|vl|pl|r&r|booking|days?|after\s+all|system|"
    + phrases_regex(FOREIGN_LEAVE)
    + r")\b"
)
_RESCHEDULE = re.compile(
    r"\b(?:instead|rather|swap\w*|"
    r"(?:reschedul\w*|postpon\w*|prepon\w*|shift(?:ing|ed)?|mov(?:e|ing|ed)|chang(?:e|ing)|"
    r"extend\w*|push(?:ing)?|bring(?:ing)?)\s+(?!to\b)(?:my\s+|the\s+|that\s+|this\s+|it\b)?"
    r"(?:[\w']+\s+){0,2}?(?:leaves?|pto|vacation|holiday|time\s+off|day\s+off|off|dates?|it|"
    r"days?|half\s*-?day|request)\b|"
    r"(?:leaves?|pto|vacation|holiday|it)\s+(?:is\s+|has\s+been\s+|got\s+)?"
    r"(?:reschedul\w*|postpon\w*|prepon\w*|moved|shifted|changed|extended)|extension)"
)
_BODY = (
    r"(?:back|neck|knees?|ankles?|wrists?|shoulders?|legs?|arms?|foot|feet|hands?|fingers?|toes?|"
    r"eyes?|ears?|tooth|teeth|head|stomach|tummy|throat|chest|hips?|jaw|spine|elbows?|hamstring|"
    r"calf|muscles?|gums?|nose|skin|ribs?|thumb|hip)"
)
_NOT_WELL = (
    r"(?:hurt|injured|twisted|sprained|broke|broken|pulled|strained|cut|burnt|burned|bruised|"
    r"dislocated|fractured|banged|tore|torn|jammed)\s+(?:my|a|the)\s+(?:\w+\s+){0,2}?" + _BODY + "|"
    r"(?:lower\s+|upper\s+)?" + _BODY + r"\s+(?:is|are|has\s+been|have\s+been)\s+(?:\w+\s+)?"
    r"(?:killing|hurting|sore|swollen|aching|acting\s+up|stiff|injured|bleeding|infected)|"
    r"(?:stiff|sore|swollen|aching|injured|painful|twisted|broken|sprained|bad|upset|pulled|dodgy|"
    r"crook)\s+"
    + _BODY
    + "|"
    + _BODY
    + r"\s+(?:pain|ache|aches|injury|infection|surgery|sprain|strain|"
    r"problems?|issues?|spasms?)|woke\s+up\s+(?:with|feeling)|suffering\s+(?:from|with)|"
    r"diagnosed\s+with|(?:burnt|burned)\s+out|acidity|gastritis|indigestion|"
    r"(?:get|getting|got|have|having|had)\s+(?:my\s+|a\s+)?(?:eyes?|ears?|teeth|tooth|blood|bloods|"
    r"hearing|eyesight|sugar|vision|urine)\s+(?:tested|checked|examined|done|taken|drawn|cleaned)|"
    r"follow[\s-]?up\s+(?:with|at)\s+(?:the\s+|my\s+)?(?:\w+\s+)?(?:ortho\w*|doc|doctor|dr|gp|"
    r"dentist|specialist|surgeon|clinic|hospital|physio\w*|\w+ologist|\w+ician)\b|"
    r"constipation|bloating|mammogram|pap\s+smear|(?:therapy|counsell?ing|physio|dialysis|"
    r"chemo)\s+(?:session|appointment|appt)|"
    r"not\s+(?:feeling\s+|keeping\s+|doing\s+)?(?:too\s+|so\s+|very\s+|that\s+|all\s+that\s+)?"
    r"(?:well|good|ok|okay|great|fine|100%)|"
    r"feeling\s+(?:ill|sick|poorly|awful|terrible|rough|off|lousy)|"
    r"(?:a|bad|nasty|terrible|heavy|severe|mild|slight|caught|got|with|have)\s+(?:\w+\s+)?"
    r"(?:cold|cough|temp|infection)|(?:doc|dr|doctor|dentist|gp|medical|hospital|clinic)'?s?\s+"
    r"(?:appt|appointment|visit)"
)


# Any word of illness or medical care: the leave is sick (convention 11).
_SICK = re.compile(
    r"(?<![\w-])(?:" + _NOT_WELL + "|" + phrases_regex(SICK_CONDITIONS + SICK_CARE) + r")(?![\w-])"
)
# The ones that say so on their own: with a date they are a sick leave (convention 18).
_SICK_CUE = re.compile(
    r"(?<![\w-])(?:"
    + _NOT_WELL
    + "|"
    + phrases_regex(tuple(w for w in SICK_CONDITIONS + SICK_CARE if w not in SICK_WEAK))
    + r")(?![\w-])"
)
_PAST = re.compile(
    r"\b(?:was|were|had|took|went|missed|couldn't|could\s+not|didn't|did\s+not|stayed|fell|"
    r"forgot|skipped|called\s+in|called\s+out)\b"
)
_NOW_LEAVING = re.compile(r"\W*(?:leaving|log(?:ging)?\s+off|signing\s+off)(?:\s+early)?\s+now\b")
_SIGN_OFF = re.compile(
    r"\b(?:see\s+(?:you|ya|y'all|u)|have\s+a\s+(?:good|great|nice|lovely)|good\s?night|bye|cya|ttyl)\b"
)
_NOT_BACK_TODAY = re.compile(
    r"\b(?:won'?t\s+be|will\s+not\s+be|not\s+coming|not)\s+back(?:\s+in)?\s+today\b"
)
_THOSE = re.compile(r"\b(?:those|these|them|both)\b(?:\s+(?:two|three|days?|dates))?")
_I_BOOKED = re.compile(
    r"\bi(?:'ve|\s+have|\s+had)?\s+(?:already\s+)?(?:booked|applied\s+for|requested|put\s+in)\b"
)
_BOOKED = re.compile(
    r"\b(?:applied|booked|requested|put\s+in|submitted|filed|raised|marked|entered|added)\b"
)
_FUTURE = re.compile(
    r"\b(?:will|'ll|shall|going\s+to|gonna|next|coming|upcoming|till|until|upto|from|"
    r"tomorrow|tmrw|tmr|tommorow|tomorow|planning|plan|onwards|need|want|taking)\b"
)
_WISH = re.compile(
    r"\b(?:need|needs|needed|want|wanted|wanna|would\s+like|'d\s+like|i'd\s+like|wish|"
    r"planning|plan|plans|planned|thinking|think|considering|hoping|hope|going\s+to|gonna|"
    r"will|i'll|we'll|shall|may|might|could|should|can|apply|applying|application|"
    r"request|requesting|approve|approval|grant|sanction|some\s*time|soon|later|upcoming|"
    r"future|someday|at\s+some\s+point|pfa|attached|how|when)\b"
)
_PRESENT = re.compile(
    r"\b(?:i'm|im|i\s+am|am|currently|right\s+now|already|out\s+sick|off\s+sick|"
    r"on\s+(?:sick\s+)?leave|ooo|taking|calling\s+in|called\s+in|today|now|down\s+with|"
    r"feeling|not\s+well|unwell|sick|rest\s+of\s+the\s+day)\b"
)
_BACK_WORDS = frozenset(
    {
        "back",
        "balik",  # Tagalog: "balik ako 4/6"
        "return",
        "returning",
        "returns",
        "rejoin",
        "rejoining",
        "resume",
        "resuming",
        "reachable",
        "see",
        "until",
        "join",  # "Will join on Monday 4th": back at work then
        "joining",
    }
)
_GIVEN_BACK = frozenset(
    {"giving", "give", "gave", "given", "hand", "handing", "handed", "pay", "paying", "paid"}
    | {"take", "taking", "took", "taken"}
)
_BODY_OWNERS = frozenset({"my", "your", "his", "her", "lower", "upper", "the", "bad", "sore"})
_BACK_SKIP = frozenset(
    {"on", "by", "from", "in", "to", "office", "work", "the", "at", "you", "be", "y'all", "yall"}
    | {"ya", "u", "all", "everyone", "guys", "folks", "again", "desk", "my", "online"}
)
_ELLIPTIC_START = frozenset(
    {
        "will", "won't", "wont", "not", "can't", "cant", "cannot", "unable", "shall", "would",
        "might", "down", "feeling", "have", "having", "got", "need", "taking", "away", "absent",
        "unavailable", "off", "out", "on", "at", "travelling", "traveling", "going", "attending",
        "visiting", "heading", "flying", "staying", "stuck", "recovering", "resting", "isolating",
        "took", "had", "was", "been", "home", "skipping", "logging", "leaving", "signing", "gone",
        "approve",
        "went",
    }
)  # fmt: skip
_LEAVE_NOUNS = frozenset(
    {"leave", "leaves", "leav", "lv", "lve", "lvs", "leavs", "leavee", "levae", "laeve", "leaev"}
    | {"leavw", "lleave"}
)
_LEAVE_VERB_NEXT = frozenset(
    {
        "it", "this", "that", "them", "him", "her", "us", "you", "a", "an", "now", "early", "soon",
        "behind", "alone", "office", "work", "home", "feedback", "comment", "comments", "note",
        "notes", "message", "messages", "at", "by", "right", "asap", "immediately", "shortly",
        "room", "space", "your", "their", "his", "our"
    }
)  # fmt: skip
_LEAVE_A_OK = frozenset(
    {
        "day", "week", "request", "application", "fortnight", "few", "couple", "half", "full",
        "long", "short", "sick", "personal", "casual", "month", "weeks", "days"
    }
)  # fmt: skip
_TREE_LEAVES_NEXT = frozenset({"on", "are", "were", "have", "fall", "falling", "turning", "in"})
_PLACED_AT = frozenset({"at", "in", "with", "by", "on", "outside", "here", "there", "behind"})
_LEAVE_THE_OBJ = frozenset(
    {
        "office", "keys", "key", "room", "meeting", "call", "building", "house", "laptop", "door",
        "company", "team", "project", "car", "bike", "desk", "channel", "group", "country", "city",
        "org", "organisation", "organization", "job", "documents", "doc", "file", "parcel",
        "package"
    }
)  # fmt: skip
_LEAVE_FOR_PLACE = frozenset(
    {
        "lunch", "home", "office", "work", "now", "airport", "dinner", "the", "a", "an", "my",
        "station", "school", "hometown", "native", "breakfast", "tea", "coffee"
    }
)  # fmt: skip
# After "leave", these begin an object: the verb, unless a leave word or date follows.
_DETERMINERS = frozenset(
    {"the", "a", "an", "my", "your", "our", "his", "her", "their", "this", "that", "these"}
    | {"those", "it", "them", "him", "us", "you", "me", "some", "any", "everything", "all"}
    | {"something", "anything", "no", "feedback", "comments", "notes", "note", "early", "now"}
)
# After "el", a Spanish weekday: the article ("El viernes es el cumple de Sofía"), not EL.
_SPANISH_WEEKDAYS = frozenset(
    {"lunes", "martes", "miercoles", "jueves", "viernes", "sabado", "domingo"}
)
# Before "leave", these make it the noun.
_LEAVE_NOUN_PREV = frozenset(
    {"on", "my", "a", "sick", "casual", "annual", "half", "day", "apply", "applying", "applied"}
    | {"take", "taking", "took", "need", "want", "for", "of", "earned", "privilege", "paid"}
    | {"unpaid", "personal", "maternity", "paternity", "planned", "emergency", "medical"}
    | {"compensatory", "bereavement", "full", "of", "mark", "marking", "approve", "grant"}
    | {"study", "exam", "parental", "carer's", "carers", "compassionate", "family", "special"}
    | {"service", "responsibility", "marriage", "wedding", "moving", "birthday", "volunteer"}
)
# Capitalised words before a leave word that are not someone's name.
_NOT_A_NAME = frozenset(
    _NON_NAMES
    | _LEAVE_NOUN_PREV
    | set(SICK_CONDITIONS)
    | set(SICK_CARE)
    | set(FOREIGN_LEAVE)  # "Herbstferien: off 26.10.-30.10."
    | {"again", "still", "officially", "finally", "currently", "probably", "definitely", "all"}
    | {"totally", "completely", "fully", "mostly", "heading", "signing", "logging", "clocking"}
    | {"staying", "being", "bit", "little", "slightly", "feel", "felt", "feels", "literally"}
    | {"call", "calling", "called", "switch", "turn", "kick", "log", "sign", "drop", "booking"}
    | {"knocking", "finishing", "leaving", "clocking", "taking", "booked", "booking"}
    | {"christmas", "xmas", "diwali", "holi", "eid", "easter", "thanksgiving", "pongal", "onam"}
    | {"pfingsten", "ostern", "weihnachten", "karneval", "fasching", "silvester", "koningsdag"}
    | {"sinterklaas", "midsommar", "juhannus", "pinksteren", "pasen", "kerst", "carnaval"}
    | {"navratri", "dussehra", "dasara", "ganesh", "chaturthi", "raksha", "bandhan", "ugadi"}
    | {"boxing", "new", "year", "years", "labor", "labour", "memorial", "independence", "bank"}
    | {"study", "annual", "parental", "compassionate", "exam", "exams", "training", "course"}
    | {"trip", "holidays", "summer", "winter", "spring", "autumn", "fall", "school", "term"}
    | {"tonight", "night", "nights", "weekends", "days", "weeks", "month", "months", "one", "two"}
    | {"yep", "yup", "nope", "sure", "right", "alright", "cool", "great", "nice", "thx", "ty"}
    | {"urgent", "important", "emergency", "quick", "short", "long", "extended", "last", "early"}
    | {"home", "bed", "stuck", "laid", "stay", "staying", "working", "travelling", "traveling"}
    | {"unfortunately", "sadly", "hopefully", "apologies", "apology", "officially", "likely"}
    | {"calling", "called", "going", "gone", "went", "be", "being", "been", "away", "totally"}
    | {"booking", "book", "booked", "putting", "marking", "blocking", "requesting", "taking"}
    | {"info", "update", "notice", "heads", "kurze"}
)
# Before "leave", these make it the verb: "don't leave", "can't leave".
_NEGATED = frozenset(
    {"don't", "dont", "didn't", "didnt", "won't", "wont", "can't", "cant", "cannot", "never", "not"}
    | {"shouldn't", "shouldnt", "couldn't", "couldnt", "mustn't", "mustnt"}
)
# "leave before/after <something>": departing, unless a date or a part of a day follows.
_LEAVE_BEFORE = frozenset({"before", "after", "without", "during", "until", "till"})
_PORTION_WORDS = frozenset(
    {"lunch", "noon", "morning", "afternoon", "evening", "half", "eod", "close", "end"}
)
_A_TERM = frozenset(
    {"this", "next", "last", "the", "spring", "fall", "autumn", "winter", "summer", "per", "a"}
    | {"first", "second", "end", "of", "each", "every", "whole"}
)
_FESTIVAL_WORDS = frozenset(
    {"dussehra", "diwali", "deepavali", "holi", "pongal", "onam", "eid", "christmas", "easter"}
    | {"navratri", "ugadi", "bihu", "lohri", "vaisakhi", "janmashtami", "ramadan", "thanksgiving"}
)
_FESTIVAL_HOLIDAY = re.compile(
    r"\b(?:" + "|".join(sorted(_FESTIVAL_WORDS)) + r")\s+holidays?\s+(?:on|is|falls|only)\b"
)
# After a festival's "holiday": when that one holiday is ("Dussehra holiday on 20th only"), not
# the author's days ("Easter holiday from Thursday 2nd till Tuesday 7th April")
_ONE_DAY_SAID = frozenset({"on", "is", "falls", "only", ""})
_FIRST_PERSON_WORDS = frozenset({"i", "i'm", "im", "my", "me", "i'll", "ill", "we", "our"})
_DAY_COUNTS = frozenset({"a", "one", "1", "two", "2", "half", "full", "whole", "single", "3"})
_PUBLIC_HOLIDAY = frozenset(
    {"public", "national", "bank", "company", "declared", "festival", "optional", "restricted"}
    | {"mandatory", "office", "federal", "state", "gazetted", "floating", "happy", "the"}
    | {"stat", "statutory", "provincial", "regional", "civic"}
)
_OUT_FOR_ERRAND = frozenset(
    {"lunch", "dinner", "breakfast", "coffee", "tea", "meeting", "meetings", "call", "calls"}
    | {"walk", "smoke", "errand", "run", "jog", "drink", "drinks", "delivery", "groceries"}
    | {"bit", "while", "hour", "hours", "minutes", "min", "mins", "snack", "quick", "short"}
    | {"couple", "few", "chai", "interview", "demo", "pickup", "school"}
)
_LEAVE_FOR_THE_OK = frozenset({"next", "rest", "whole", "entire", "week", "weekend", "day"})
_OUT_BAD_PREV = frozenset(
    {
        "figure", "find", "found", "check", "checked", "checking", "reach", "reached", "work",
        "one",  # "last one out today, lock up": the last to leave the office
        "worked", "sort", "sorted", "point", "pointed", "carry", "roll", "rolled", "rolling", "log",
        "logged", "look", "watch", "freak", "hang", "hanging", "chill", "opt", "opted", "rule",
        "ruled", "print", "printed", "zone", "spread", "stick", "head", "heading", "headed", "step",
        "stepping", "stepped", "pop", "popping", "go", "going", "went", "gone", "leaving", "left",
        "came", "come", "coming", "stand", "branch", "fill", "filled", "send", "sent", "sold",
        "run", "ran", "running", "blow", "burn", "burnt", "burned", "phase", "phased", "lay",
        "laid", "kick", "kicked", "cross", "crossed", "walk", "walked", "walking", "move", "moved",
        "moving", "type", "write", "wrote", "call", "called", "hear", "speak", "try", "tried",
        "test", "set", "sit", "sitting", "miss", "missing", "turn", "turned", "shout", "stay",
        "stayed", "eat", "eating", "dine", "dining", "ate", "day", "night", "way", "inside",
        "clock", "clocked", "clocking", "pull", "pulled", "drop", "dropped", "pass", "passed",
        "knock", "knocked", "pick", "picked", "help", "helped", "bail", "bailed", "sign", "signed",
        "time", "ship", "shipped", "release", "roll-out", "hand", "handed", "give", "gave",
        "giving", "put", "get", "got", "getting", "break", "broke", "stretched", "reaching", "fade",
        "wipe", "wiped", "max", "maxed", "turns", "figured"
    }
)  # fmt: skip
_OFF_BAD_PREV = frozenset(
    {
        "turn", "turned", "turning", "switch", "switched", "log", "logged", "logging", "sign",
        "signed", "signing", "kick", "kicked", "kicking", "kicks", "drop", "dropped", "dropping",
        "show", "showing", "cut", "pay", "paid", "hands", "laid", "lay", "far", "better", "badly",
        "dozed", "nodded", "shut", "cool", "cooling", "ward", "fend", "tip", "tipped", "tick",
        "ticked", "hold", "holding", "held", "put", "putting", "wear", "wore", "worn", "peel",
        "brush", "brushed", "shake", "shook", "round", "rounded", "start", "started", "trail",
        "level", "sell", "sold", "finish", "finished", "wrap", "wrapped", "pull", "pulled",
        "pulling", "write", "written", "wrote", "fall", "fell", "falling", "goof", "goofing",
        "bounce", "hop", "run", "rip", "ripped", "pop", "popped", "pass", "passed", "knock",
        "knocked", "go", "goes", "went", "gone", "hand", "handed", "send", "sent", "sending", "see",
        "seeing", "saw", "cross", "crossed", "tear", "clock", "clocked", "clocking", "seal",
        "sealed", "right", "straight", "kickoff", "sign-off", "signoff", "call", "called",
        "calling", "times", "rounding", "write-off", "bite", "spin", "spun", "back", "well", "head",
        "cordon", "ease", "eased", "easing", "hit", "set", "camera", "cam", "video", "mic",
        "bit", "little", "slightly", "feel", "feeling", "felt", "feels", "seems", "tastes",
        "bake", "cook", "face", "play", "tee", "blast", "dance", "sing", "stand", "lift",
        "ac", "aircon", "lights", "light", "fan", "heater", "no",
        "notifications", "s", "secs", "seconds", "mins", "minutes", "ms", "percent", "%"
    }
)  # fmt: skip
_OFF_BAD_NEXT = frozenset(
    {
        "topic", "track", "shore", "guard", "limits", "line", "early", "balance", "white", "chance",
        "putting", "season", "peak", "campus", "site", "screen", "camera", "mute", "slack",
        "teams", "email", "emails", "zoom", "grid", "comms", "calls", "call", "meetings", "video",
        "mic", "phone"
    }
)  # fmt: skip
_AN_AMOUNT = re.compile(r"\d+(?:s|secs?|mins?|ms|%|k|x|px|kg|mb|gb)")
# "Sick kid at home": the one who is sick, not the author
_CARED_FOR = frozenset(
    {"kid", "kids", "child", "children", "baby", "son", "daughter", "toddler", "wife"}
    | {"husband", "partner", "mum", "mom", "dad", "mother", "father", "dog", "cat", "pet"}
)
_OFF_TO_NOT_LEAVE = frozenset(
    {"a", "the", "lunch", "bed", "sleep", "meeting", "work", "office", "school", "gym", "class"}
    | {"call", "my", "an", "get", "grab", "pick", "see", "do", "attend", "dinner", "breakfast"}
)
_WEAK = re.compile(
    r"\b(?:"
    # "family reunion 7/12-7/16", "wedding on Friday": an occasion and its days, as a heading
    r"put\s+in\s+for\s+(?:the\s+)?(?=\d|tomorrow|(?:mon|tue|wed|thu|fri)[a-z]*\b)|"
    # "Taking the afternoon of the 23rd", "taking Friday morning"
    r"(?:take|taking|took)\s+(?:the\s+)?(?:morning|afternoon)s?\s+(?:of|on)\s+(?:the\s+)?"
    r"(?=\d|tomorrow|(?:mon|tue|wed|thu|fri)[a-z]*\b)|"
    r"(?:wedding|reunion|funeral|graduation|convocation|honeymoon)\s+(?:on\s+|from\s+|this\s+|"
    r"next\s+)?(?=\d|tomorrow|tmrw|today|(?:mon|tue|wed|thu|fri)[a-z]*\b|(?:jan|feb|mar|apr|"
    r"may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\s+\d)|"
    r"absente?|unavailable|not\s+available|won'?t\s+be\s+(?:available|in|coming|working|"
    r"able|around|online|reachable)|will\s+not\s+be\s+(?:available|in|coming|working|able|"
    r"around|online|reachable)|not\s+(?:be\s+)?(?:coming|joining|working)|"
    r"(?:will\s+not|won'?t)\s+come\b(?!\s+(?:to|for|and|along|over|back|with))|"
    # "I take free on Friday" (Dutch, German English): a day off
    r"(?:take|taking|took)\s+(?:a\s+)?free(?:\s+days?)?\b(?!\s+(?:lunch|coffee|trial|seat|course|"
    r"ticket|pass|sample))|can'?t\s+(?:come|"
    r"make\s+it|join|work)|cannot\s+(?:come|make\s+it|join|work)|unable\s+to\s+(?:come|attend|"
    r"join|work|make)|not\s+(?:able\s+to|gonna)\s+(?:come|make|join|work)|skip(?:ping)?\s+work|"
    r"(?:won'?t|will\s+not|not\s+going\s+to|couldn'?t|could\s+not)\s+(?:be\s+able\s+to\s+)?"
    r"make\s+it|"
    r"off\s+work|away|afk|not\s+(?:in|reachable|online)\s+(?:today|tomorrow|tmrw|on|from|next|"
    r"this)|break|days?\s+off|unwell|not\s+(?:feeling\s+)?well|under\s+the\s+weather|"
    r"time\s+off|personal\s+day|mental\s+health\s+day|rest\s+day|duvet\s+day|unreachable|offline|"
    r"(?:take|taking|took|takin)\s+(?:off\s+)?(?:the\s+|this\s+|next\s+|coming\s+|that\s+)?(?:day|"
    r"week|rest\s+of|whole|entire|tomorrow|tmrw|today|monday|tuesday|wednesday|thursday|friday|"
    r"mon|tue|tues|wed|thu|thur|thurs|fri|saturday|sunday|\d+(?:st|nd|rd|th)?|(?:jan|feb|mar|apr|may|jun|jul|aug|"
    r"sep|sept|oct|nov|dec)[a-z]*\s+\d{1,2}(?:st|nd|rd|th)?)\b(?!')|"
    r"(?:take|taking|took|takin)\s+(?:off\s+)?(?:the|this|tomorrow'?s?|tmrw)\s+(?:afternoon|"
    r"morning|arvo|evening|(?:first|second|1st|2nd)\s+half)(?=\s*(?:$|[,.!;:)]|off\b|today\b|"
    r"tomorrow\b|tmrw\b|on\b|for\b|to\b|as\b|mon|tue|wed|thu|fri))|"
    r"(?<![a-z]\s)(?<![a-z])(?:in|online|back)\s+by\s+(?:12(?::\d\d)?\b|1(?::\d\d)?\s*pm|"
    r"1\b(?![/.:-]?\d)|noon|lunch|midday)|"
    r"back\s+(?:online\s+|in\s+|at\s+my\s+desk\s+)?(?:by|around|about|for|at)\s+(?:1[0-2](?::\d\d)?"
    r"(?:h\b|\b)|lunch|noon|midday)|"
    # "Solicitor's appointment tomorrow at 9, in for 11"; "won't reach office before 12"
    r"\bin\s+for\s+(?:1[0-2]|1|2)(?::\d\d)?\b(?!\s*(?:days?|weeks?|hours?|hrs?|mins?))|"
    r"(?:won'?t|will\s+not|can'?t)\s+(?:reach|get\s+to|make\s+it\s+to)\s+(?:the\s+)?(?:office|work|"
    r"site|plant)\s+(?:before|till|until|by)\b|"
    r"fishin\b|make\s+it\s+(?:to|into)\s+(?:the\s+)?(?:office|work)\s+(?:after|by|around|before)\b|"
    r"(?:come\s+)?back\s+(?:after|around)\s+(?:lunch|noon)\b|reach\s+(?:the\s+)?office\s+by\s+1[0-2]\b|"
    # "Driving test 9-11am tomorrow, after that online"
    r"after\s+that\s+(?:i'?m\s+|i'll\s+be\s+)?(?:online|back|in)\b|"
    r"(?:will|i'll|ill|gonna|going\s+to|should|shd|hope\s+to|hoping\s+to|expect\s+to)\s+"
    r"(?:only\s+)?(?:be\s+)?(?:log(?:ging)?\s*in|login|in|online|come|come\s+in|"
    r"back|join|joining|at\s+my\s+desk)\s+(?:only\s+)?(?:after|post|by|around|from|at|for)\s+"
    r"(?:lunch(?:time)?|noon|midday|1[12](?::\d\d)?\b|1(?::\d\d)?\s*pm|2(?::\d\d)?\s*pm)|"
    # "GP at 9", "dentist at 8:30 tomorrow": an appointment at an hour
    r"(?:gp|doctor|doc|dr|dentist|physio|optician|specialist|hospital|clinic|vet)\s+"
    r"(?:appt\s+|appointment\s+|visit\s+)?(?:(?:today|tomorrow|tmrw|(?:on\s+)?(?:mon|tues?|wed|thu|"
    r"thurs|fri)[a-z]*)\s+)?(?:at\s+)\d{1,2}(?::\d\d)?\b|"
    r"(?:won'?t|will\s+not)\s+be\s+(?:in|online|around)\s+(?:till|until|til|before)\b|"
    r"leaving\s+(?:now\s+)?for\s+the\s+(?:afternoon|rest\s+of\s+the\s+day)\b|"
    # "have to leave now", "Leaving now, the school called", "logging off early now", "I go home
    # now" (a sign-off, "leaving now, see you tomorrow", is no leave: see _SIGN_OFF)
    r"(?:(?:have|need|got)\s+to|must|gotta)\s+leave\s+now\b|^\W*leaving\s+now\b|"
    r"log(?:ging)?\s+off\s+(?:early\s+)?now\b|\bi\s+go\s+home\s+now\b|"
    # "I'm gone Tuesday and Wednesday this week": gone, then when
    r"(?:i'm|im|i\s+am|i'll\s+be|i\s+will\s+be)\s+gone\s+(?=(?:mon|tue|wed|thu|fri|today|"
    r"tomorrow|tmrw|next|this|from|on|till|until|\d))|"
    # "Please approve 5/4-9/4": a request for days
    r"(?:please|pls|plz|kindly)\s+approve\s+(?=\d|(?:mon|tue|wed|thu|fri)[a-z]*\b|next\b|tomorrow\b)|"
    # "logging off for the rest of the day" (not "for the day": the end of a working day)
    r"(?:log(?:ging)?|sign(?:ing)?|clock(?:ing)?|knock(?:ing)?)\s+off\s+for\s+the\s+"
    r"(?:rest\s+of\s+the\s+day|afternoon)\b|"
    r"(?:leaving|log(?:ging)?\s+off|sign(?:ing)?\s+off|heading\s+(?:out|home)|going\s+home|"
    r"finish(?:ing)?(?:\s+up)?|clock(?:ing)?\s+off|knock(?:ing)?\s+off|call(?:ing)?\s+it\s+a\s+day)\s+"
    r"(?:(?:the\s+|my\s+|our\s+)?(?:[a-z]+\s+)?(?:office|work|site|plant|studio)\s+)?"
    r"(?:early\s+(?:today|tomorrow)\s+)?"
    r"(?:early\s+)?(?:after|post|at|around|about|by|from)\s+(?:lunch(?:time)?|noon|"
    r"(?:1[1-6]|[1-4])(?![\d:.]*\s*(?:am|a\.m))(?:[:.]\d\d)?(?:\s*pm|h)?)|"
    r"work(?:ing)?\s+(?:only\s+)?(?:until|till|til)\s+(?:\d{1,2}h?|noon|midday|lunch)|"
    r"\bbook(?:ing|ed)?\s*:?\s+(?:in\s+|off\s+)?(?:the\s+)?(?:(?:half[\s-]?term|easter|christmas|"
    r"summer|spring\s+break|the\s+holidays)(?:\s+week)?\s*:?\s+(?=\d|(?:mon|tue|wed|thu|fri)[a-z]*\b|"
    r"the\s+\d)|"
    r"week\s+(?:of|commencing|starting|"
    r"beginning)\b|w/?c\b|\d{1,2}(?:st|nd|rd|th)?\b|mon|tue|wed|thu|"
    r"fri|next\s+\w+|tomorrow|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)\w*\s+\d{1,2})|"
    r"(?:take|taking|took)\s+(?:a\s+)?long\s+weekend|"
    r"(?:gone|went|heading|off)\s+to\s+(?:the\s+|my\s+)?(?:gp|doctor'?s?|dentist'?s?|hospital|chiro|"
    r"clinic|physio|a&e|er|vet)\b|"
    r"(?:take|taking|took)\s+(?:a\s+)?(?:few|couple\s+of|couple|some|\d+|two|three|four|five)\s+"
    r"(?:days?|weeks?)\b|"
    r"(?:must|need\s+to|have\s+to|had\s+to|got\s+to|will|'ll|gonna|going\s+to|i)\s+(?:leave(?:\s+(?:the\s+)?"
    r"(?:office|work))?|go|"
    r"duck\s+out|head\s+(?:out|off)|step\s+out|pop\s+out|nip\s+out|dash|shoot\s+off)\s+"
    r"(?:early\s+)?"
    r"(?:today\s+|tomorrow\s+)?(?:at|by|around|after|from)\s+(?:noon|midday|(?:1[1-5]|[1-4])"
    r"(?:[:.]\d\d)?(?:\s*pm|h)?\b)|"
    r"gone\s+from\s+(?:1[2-6]|[1-4])(?:[:.]\d\d)?(?:\s*pm|h)?\b|"
    r"(?:leave|leaving|log\s+off|logging\s+off|sign\s+off|head\s+out|knock(?:ing)?\s+off|"
    r"clock(?:ing)?\s+off|finish(?:ing)?)\s+early\s+(?:today\s*,?\s*|"
    r"tomorrow\s*,?\s*|tmrw\s*,?\s*|on\s+\w+day\s*,?\s*)?(?:at|by|around|about|after|from)\s+\d|"
    r"(?:going|heading|flying|driving|travell?ing)\s+(?:back\s+)?home\s+(?:to|for)\b|"
    r"(?:going|travell?ing|heading|flying|leaving|leave|off|visiting)\s+(?:to|for)\s+(?:my\s+|our\s+)?"
    r"(?:hometown|home\s*town|native(?:\s+place)?|village|home)|"
    r"(?:on|for|taking|take|took)\s+(?:a\s+|my\s+)?(?:[\w-]+\s+)?(?:trip|trek|vacation|holiday|"
    r"honeymoon|pilgrimage|break)|(?<!business\s)(?<!work\s)(?<!client\s)(?<!sales\s)"
    r"(?:trip|trek|travel|flight|flying)\s+to|trekking|"
    r"(?:ski|skiing|snowboard|beach|road|family|fishing|camping|hiking|golf|surf|boat|girls'?|"
    r"boys'?|bachelor(?:ette)?|bucket\s+list|birthday)\s+trip|r&r|"
    r"travell?ing|honeymoon|(?:at|attend\w*|for|to)\s+(?:my\s+|a\s+|the\s+|our\s+)?"
    r"(?:[\w']+\s+){0,2}(?:wedding|marriage|funeral|ceremony|graduation|convocation|"
    r"function)|family\s+function|stay(?:ing)?\s+(?:at\s+)?home|"
    r"(?:in|on)\s+bed\s*rest|resting|isolating|quarantin\w*|appointment|appt|"
    r"(?:[\w']+\s+){0,2}(?:break|getaway|vacation|(?<!\bday\s)holiday|trip)\s+(?:from|on|till|until|between|"
    r"for|\d)|"
    r"jury\s+(?:duty|service)|court\s+(?:date|hearing|appearance)|"
    r"skiing|snowboarding|hiking|camping|surfing|scuba|snorkell?ing|sailing|rafting|kayaking|"
    r"backpacking|sightseeing|(?:on\s+a\s+)?(?:cruise|safari|road\s*trip|staycation|getaway)|"
    r"back\s+(?:in\s+(?:the\s+)?office\s+)?(?:on|by)\s+(?:the\s+)?(?:\d+(?:st|nd|rd|th)?|"
    r"(?:mon|tue|wed|thu|fri|next|tomorrow|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)\w*)|"
    r"(?:have|need|got)\s+to\s+(?:be\s+(?:at|in)|go\s+to|attend|visit|appear)\b|"
    r"unwell|under\s+the\s+weather)\b"
)
# "will update about tomorrow", "not sure about Friday": a clause without a leave word that
# says when news will come or what is still open; its dates are not days taken.
_UPDATE_LATER = re.compile(
    # "will update about tomorrow" ("Aadhaar update at the bank tomorrow" is an errand)
    r"\b(?:(?:will|i'll|ill|shall|to)\s+update|updates?\s+(?:about|on|re|you|u|y'all|everyone|all|the\s+"
    r"team|once|when|if|later|soon|shortly|by|after)|updating|keep\s+(?:you|u|y'all|everyone|all|"
    r"the\s+team|you\s+all|you\s+guys)"
    r"\s+(?:posted|updated|informed|in\s+the\s+loop)|let\s+(?:you|u|y'all|everyone|all|the\s+team|"
    r"you\s+all|you\s+guys|\w+)\s+know|confirm|inform|get\s+back\s+to|post\s+an?\s+update|"
    r"(?:not|un)\s*sure\s+(?:about|abt|of|if|whether)|no\s+idea\s+(?:about|abt|if)|tbd|tbc|"
    r"decide|depend\w*\s+on|see\s+how|(?:share|send|post)\s+(?:the\s+|my\s+)?(?:exact\s+)?dates|"
    r"(?:will|i'll|'ll|going\s+to|gonna)\s+(?:try\s+to\s+|aim\s+to\s+|hope\s+to\s+)?(?:finish|"
    r"complete|wrap\s+up|send|review|pick\s+up|catch\s+up|get\s+to|look\s+at|work\s+on|"
    r"handle|sort|reassess|re-assess|re-evaluate|reevaluate|check\s+in)\b|"
    r"(?:will\s+|i'll\s+)?try\s+(?:to\s+)?(?:come\s+in|make\s+it|be\s+in|log\s+in|join)\b|"
    r"make\s+up\s+(?:the|my|for\s+the|for\s+my)?\s*(?:hours|time)\b)\b"
)
# "I was planning to take leave on 2nd Sept but now not sure": the plan in doubt
_NOW_UNSURE = re.compile(r"\W*(?:but\s+)?(?:now\s+)?(?:i'm\s+|im\s+|i\s+am\s+)?not\s+sure\W*$")
# "might", "thinking of": not yet decided.
_TENTATIVE = re.compile(
    r"\b(?:thinking\s+(?:of|about|to)|considering|might|maybe|may\s+be|probably|possibly|perhaps|"
    r"may\s+(?:need|have\s+to|take|want)|"
    r"not\s+sure|unsure|tbd|tbc|will\s+confirm|to\s+be\s+confirmed|tentative\w*|depending|"
    r"depends|if\s+(?:i\s+(?:don'?t|do\s+not|am\s+not|can'?t|still|feel|get|take|took|apply|go|"
    r"need|want)|i'm\s+not|things|it\s+gets|the\s+fever|needed|required))\b"
)


# Words before the statement itself: greetings, mentions, fillers.
_WEAK_SKIP = frozenset(
    {"hi", "hey", "hello", "team", "all", "guys", "folks", "just", "fyi", "sorry", "here"}
    | {"channel", "user", "everyone", "good", "morning", "afternoon", "evening", "dear", "gm"}
    | {"ok", "okay", "so", "and", "also", "please", "pls", "kindly", "btw", "update", "note"}
    | {"heads", "up", "quick", "hiya", "folks", "y'all"}
)
_BEFORE_A_NAME = re.compile(
    r"(?i:\b(?:the\s+)?(?:day|week|mon|tue|wed|thu|fri|sat|sun)\w*\s+(?:before|after|of)\s+)"
    r"(?!" + _DATE_NAMES + r"|I\b|Lunch|Noon|Work|Office|My|The|Our|Next|Last)[A-Z][a-z]+"
)
# "my flight got cancelled": something else called off, not the author's leave.
_OTHER_CANCELLED = re.compile(
    # "Eye clinic had a cancellation, so my pre-op check is today": someone else's slot freed
    r"\b(?:had|got|has)\s+a\s+cancellation\b|"
    # "Jess is off sick today so her 2pm is cancelled": someone else's thing
    r"\b(?:his|her|their)\s+(?:[\w:]+\s+){0,2}(?:is|was|has\s+been|got)\s+cancel+ed\b|"
    # "cancel the 3pm sync on Friday", "cancel the supplier call on Monday"
    r"\b(?:cancel\w*|scrap|drop|call\s+off|move|reschedule)\s+(?:the|my|our|this|that|today'?s|"
    r"tomorrow'?s|\w+day'?s)\s+(?:\d{1,2}(?::\d\d)?\s*(?:am|pm)?\s+|[\w-]+\s+){0,2}?"
    r"(?:sync|meeting|call|standup|stand-up|demo|1:1|one-on-one|review|session|retro|"
    r"workshop|interview|presentation|catch-?up|huddle|check-?in|training|webinar|lunch|"
    r"dinner|offsite|appointment|order|subscription|delivery|invite)s?\b"
    r"(?!\s+(?:half|leave|off|pto|holiday))|"
    r"\b(?:flights?|trips?|trains?|meetings?|events?|plans?|bookings?|tickets?|class(?:es)?|"
    r"sessions?|appointments?|surgery|calls?|standups?|demo|party|wedding|program(?:me)?|"
    r"function|visit|holiday\s+plans?|concert|match|game|show)(?:\s+(?!leave\b)[\w']+){0,3}?\s+"
    r"(?:got\s+|was\s+|is\s+|has\s+"
    r"been\s+|have\s+been\s+|were\s+|are\s+)?(?:cancel+ed|called\s+off|scrapped|postponed)\b"
)
# "Ill be on leave": "I'll" without its apostrophe, not illness. Only at the start of a
# sentence (after a greeting at most) and before a verb: "feeling ill" stays ill.
_ILL_AS_I_WILL = re.compile(
    r"(?:^|(?<=[.!?;:(,\n]))\s*(?:(?:hi|hey|hello|ok|okay|so|and|but|also|btw|fyi|guys|team|"
    r"all|folks|update)[\s,!:-]+)*ill\s+(?=(?:be|b|not|take|taking|need|have|log|work|miss|try|"
    r"come|join|update|let|ping|check|send|share|apply|inform|leave|head|go|skip|stay|probably|"
    r"prob|just|only|definitely|def|still|do|make|get|put|keep|reach|respond|reply|see|sign|book|"
    r"mark|cancel|drop|also|likely|return|rejoin|resume|start|finish|call|post|confirm|block|use|"
    r"wfh|mostly|most|catch|pick|hand|ask)\b)"
)
# "sick of waiting": not illness; "a doctor's call": not a visit.
_SICK_IDIOM = re.compile(
    r"\bsick\s+(?:of|and\s+tired|to\s+(?:my|the)\s+stomach)\b|\bmak(?:es|ing)\s+me\s+sick\b|"
    r"\bby\s+accident\b|"  # "my OOO got turned on by accident": not on purpose
    # "Employee health is doing flu shots Thursday": a vaccination drive
    r"\b(?:doing|offering|running|giving|holding)\s+(?:free\s+)?flu\s+(?:shots?|jabs?|vaccines?)\b|"
    r"\b(?:doctor'?s?|dr|gp|dentist'?s?)\s+(?:video\s+|phone\s+)?call\b|"
    r"\bsick\s+(?:[a-z]+\s+){0,2}?"
    r"(?:burn|beat|beats|moves?|joke|view|ride|demo|build|release|deploy|launch|"
    r"feature|design|dashboard|deck|slides?|work|job|goal|save|shot|trick|track|song|drop|pr|"
    r"fix|results?|numbers|graphs?|charts?|ui|ux|animation|stats|win|play|keynote|talk|pitch|doc|"
    r"docs|write-?up|thread|post|tune|video|vid|idea|setup|edit|graphic|logo|meme|pour|weld|"
    r"build|finish|job|view|playlist|tunes|mix|vibes|lineup|merch|swag|hoodie|shoes|kicks|"
    r"headsets?|headphones|monitors?|gear|laptop|keyboard|presentation|handover|content|collection|"
    r"photos?|pics?|shots|footage|drone|exploit|hack|bags?|dunk|costumes?|outfit|assist|catch)\b|"
    # "Yesterday's sprint demo was sick 🔥": slang for great, said of a thing
    r"\b(?:demo|build|release|deploy|launch|feature|design|dashboard|deck|slides?|goal|save|shot|"
    r"trick|track|song|drop|pr|game|match|gig|concert|show|party|talk|keynote|pitch|ui|animation|"
    r"trailer|level|map|art|render|fit|outfit|view|ride|beat|set|do|model|bbq|dinner|drinks|"
    r"offsite|event|session|workshop|app|tool|code|script|food|feed|night|gig|walkthrough|"
    r"presentation|onboarding|webinar|course|training|episode|movie|film|video|demo|carts?|"
    r"laptops?|builds?|setups?|machines?|bikes?|cars?|trainers|sneakers|exploit|hack|bug|photos?)"
    r"(?:\s+(?!i\b|he\b|she\b|they\b|we\b|you\b)[\w']+){0,6}?\s+(?:was|is|are|were|looks?|looked|"
    r"sounds?|sounded)\s+(?:so\s+|really\s+|absolutely\s+|pretty\s+|super\s+)?sick\b|"
    # "the new ERP dashboard damn sick, loads so fast now"
    r"\b(?:dashboard|app|tool|build|site|ui|setup|laptop|feature|release|update)\s+(?:damn|so|super|"
    r"real|really|bloody|proper|very)\s+sick\b|"
    r"\bdamn\s+sick\b(?<!i'm damn sick)(?<!im damn sick)(?<!feeling damn sick)(?<!feel damn sick)"
    r"(?<!was damn sick)(?!\s+(?:today|of|with|since|again))|"
    r"\b(?:laptop|computer|pc|phone|car|printer|server|wifi|internet|machine|plant|dog|cat)\s+"
    r"(?:is|was|'s|has\s+been)\s+(?:\w+\s+)?sick\b|"
    # "the hospital clients", "clinic accounts": care as a line of business, not illness
    r"\b(?:hospital|clinic|pharmacy|medical|doctor'?s?|dental)\s+(?:clients?|accounts?|customers?|"
    r"project|contracts?|site|group|network|system|software|billing|data|sales|rep|reps|staffing)\b|"
    # "Dr Fraser has kindly agreed to cover": a doctor by title, not medical care
    r"\bdr\.?\s+[a-z]+\s+(?:has|have|is|will|would|can|kindly|agreed|to\s+cover|covering|"
    r"says|said|asked|is\s+covering)\b"
)


# Words without which no _SICK_IDIOM can match: skips the long regex for most text.
_SICK_IDIOM_HINT = re.compile(r"sick|dr|doc|gp|dent|hospital|clinic|pharm|medic|flu|accident")


def _no_sick_idiom(low: str) -> str:
    """``low`` with the idioms that only look like illness blanked."""
    if not _SICK_IDIOM_HINT.search(low):
        return low
    return _SICK_IDIOM.sub(" ", low)


def _not_sick_senses(low: str) -> str:
    """``low`` with the words that only look like illness blanked (``sick of``, ``Ill be``)."""
    low = _no_sick_idiom(low)
    return _ILL_AS_I_WILL.sub(" ", low) if "ill" in low else low


# "for a couple of hours": away part of a day, not a half or a whole one
_HOURS = re.compile(
    r"\bfor\s+(?:an?|one|two|three|\d+(?:\.\d)?|a\s+couple\s+of|couple\s+of|a\s+few|few)\s+"
    r"(?:hours?|hrs?|mins?|minutes)\b|"
    r"\b(?:afk|brb|away|back\s+in|gone)\s+(?:for\s+)?(?:\d+|a\s+few|few|five|ten|fifteen|twenty)\s*"
    r"(?:mins?|minutes|m|hrs?|hours?)\b"
)
_GRAMMAR_DOUBTS = frozenset(
    {"invalid_date", "weekday_mismatch", "ambiguous_weekday", "date_order_swapped", "vague_half"}
)
_PLAN_NOTES = frozenset({"vague_count", "count_without_start", "vague_date"})


@dataclass(slots=True)
class _Clause:
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


def _none(*reasons: str, sure: bool = True, own: bool = False) -> Parsed:
    return Parsed(request=LeaveRequest.none(), sure=sure, source="rules", reasons=reasons, own=own)


# Doubts about whose leave it is or whether it is one at all (the others are about
# its days): with them the message is not clearly the author's own leave.
_INTENT_DOUBTS = frozenset({"mixed_intent", "reschedule", "others_mentioned"})


def _is_own(reasons: list[str] | tuple[str, ...]) -> bool:
    return not any(r in _INTENT_DOUBTS for r in reasons)


def parse_rules(
    text: str, now: dt.datetime, calendar: WorkCalendar, *, gated: bool = True
) -> Parsed:
    """Read one message posted at ``now``; never raises.

    ``gated=False`` reads it even without a word of the vocabulary: only the
    test that the vocabulary covers every reading uses it.
    """
    try:
        normalized = normalize_text(text)
        parsed = _parse(text, now, calendar, gated, normalized)
        if "~" in text and parsed.request.intent != "leave" and _THAT_ONE.search(text):
            # "~OOO Friday 2/6~ — cancelling that one, launch slipped to Monday"
            struck_text = "cancel " + " and ".join(_STRUCK.findall(text))
            struck = _parse(struck_text, now, calendar, False, normalize_text(struck_text))
            if struck.request.intent == "cancel" and struck.request.days:
                return struck
        if not parsed.request.days and "~" in text:
            # "~leave 14 Aug~ pls cancel": what is struck through is the leave cancelled
            plain = unstrike(text)
            struck = _parse(plain, now, calendar, gated, normalize_text(plain))
            if struck.request.intent == "cancel" and struck.request.days:
                return struck
        if parsed.sure and parsed.request.intent == "none":
            return _vouched(parsed, normalized[0])
        return parsed
    except Exception as exc:  # the parser must answer whatever it is given
        return _none(f"internal_error: {type(exc).__name__}", sure=False)


_STRUCK = re.compile(r"~([^~\n]{2,200})~")
_THAT_ONE = re.compile(
    r"(?i)\b(?:cancel\w*|drop\w*|remov\w*|scrap\w*)\s+(?:that|it|this|those|these)\b|"
    r"~\s*never\s*mind\b|~\s*nvm\b|"
    r"\bthat'?s\s+cancel"
)


def _vouched(parsed: Parsed, plain: str) -> Parsed:
    """A sure "not a leave" stays sure only if the rules knew every word of a dated message.

    ``VL July 28-30``, ``taking a sickie today``: the unknown word may be the
    leave, so the reading is unsure (the LLM reads it when configured).
    """
    if not dated(plain.lower()):
        return parsed
    doubt = _unfamiliar_doubt(plain)
    if doubt is None:
        return parsed
    return parsed.model_copy(update={"sure": False, "reasons": (*parsed.reasons, doubt)})


def _unfamiliar_doubt(plain: str) -> str | None:
    """The ``unfamiliar`` reason naming the words of ``plain`` the rules do not know."""
    words = unfamiliar(plain)
    return "unfamiliar: " + " ".join(words[:5]) if words else None


# "Get well soon Maddie!", "feeling much better": a wish to someone ill, or illness over
_WELL_AGAIN = re.compile(
    r"\b(?:get\s+well|feel\s+better|speedy\s+recovery|(?:fully\s+)?recovered|pole\s+sana|beterschap|"
    r"gute\s+besserung|hope\s+the\s+\w+\s+(?:went\s+well|is\s+gone|clears)|"
    r"back\s+(?:at\s+work|on\s+deck|in\s+action)\s+(?:now|after|today)|"
    r"(?:feeling|feel|i'm|im|i\s+am)\s+(?:much\s+|a\s+lot\s+|way\s+|loads\s+|so\s+much\s+)?better)\b"
)


def _wishes_and_recoveries(clauses: list[_Clause], low: str) -> None:
    """``Get well soon Maddie! Hope the flu clears up``: the illness is the one wished well;
    ``Thanks for the flowers while I was in the hospital, feeling much better``: it is over."""
    wished = any(c.invite and _WELL_AGAIN.search(low[c.start : c.end]) for c in clauses)
    recovered = not wished and not any(c.trigger for c in clauses)
    for c in clauses:
        if wished and c.sick and not c.first_person:
            c.invite = True
        elif recovered and (c.sick or c.weak) and not c.cancel:
            c.sick = c.weak = False


_NOT_TAKING = re.compile(r"\b(?:not|no\s+longer)\s+(?:taking|going|off|on)\b")
# "are we off on 3 April too, or only the German sites?": one question in several clauses
_AUX_FIRST = re.compile(r"\s*(?:is|are|do|does|did)\s+(?!i\b)")
_OR_ASKING = re.compile(
    r"\bor\s+(?:does|do|is|are|should|would|will|can|could|only|just|not|is\s+it|would\s+it)\b"
)


def _polite_sentences(clauses: list[_Clause], low: str) -> None:
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


def _alternative_questions(clauses: list[_Clause], low: str) -> None:
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


def _clauses(norm: str, low: str) -> list[_Clause]:
    out: list[_Clause] = []
    pos = 0
    for m in _CLAUSE_SPLIT.finditer(low):
        out.append(_Clause(pos, m.end(), norm[pos : m.end()]))
        pos = m.end()
    if pos < len(low):
        out.append(_Clause(pos, len(low), norm[pos:]))
    return out


def _words(low: str) -> list[str]:
    return _WORD.findall(low)


# "Holiday party is 12/17", "holiday card designs": a thing of the season, not a leave.
_HOLIDAY_THINGS = frozenset(
    {"party", "parties", "card", "cards", "lunch", "dinner", "drinks", "potluck", "social"}
    | {"season", "shopping", "sale", "sales", "campaign", "decorations", "decor", "gift"}
    | {"gifts", "hamper", "hampers", "bonus", "playlist", "sweater", "jumper", "menu", "market"}
    | {"schedule", "calendar", "list", "rota", "hours", "traffic", "rush", "peak", "photo"}
    | {"shift", "shifts", "pay", "glam", "cover", "closure", "mood", "spirit", "vibes", "feeling"}
)


# Before a plural noun that is the subject of "leave" (the verb): a determiner, or nothing.
_PLURAL_DETERMINERS = frozenset({"", "the", "our", "their", "these", "those", "all", "some"})
_NOT_PLURAL_SUBJECTS = frozenset(
    {"days", "weeks", "hours", "months", "holidays", "hols", "thanks", "pls", "plus", "yes"}
    | {"always", "perhaps", "its", "this", "his", "as", "us", "was", "is", "has", "does", "goes"}
)


# After "my cousin's": the occasion the author goes to, not what the cousin does.
_OCCASION_AFTER = re.compile(
    r"\s+(?:[\w-]+\s+)?(?:wedding|reunion|funeral|graduation|convocation|engagement|appointment|"
    r"appt|visit)\b|"
    r"\s+(?:day|weekend|week|eve)\b"  # "St Andrew's weekend: taking Friday 27th"
)


def _plural_subject(ws: list[str], k: int) -> bool:
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
        and not _dateish(prev)
    )


# Words of illness written first and capitalised ("Gastro's going round", "Norovirus has hit
# our house"): no one's name.
_ILLNESS = frozenset(SICK_CONDITIONS) | frozenset(SICK_CARE)
_DEVICES = frozenset(
    {"phone", "laptop", "mobile", "hotspot", "charger", "battery", "wifi", "data", "router"}
)
_PREPOSITIONS = frozenset({"with", "for", "to", "from", "of", "and", "by", "about", "at", "on"})


def _has_trigger(ws: list[str]) -> bool:
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
                and not any(_leaveish(x) for x in ws[k + 2 : k + 4] if x not in ("of", "the"))
            ):
                continue  # "leave your feedback", "leave the PR open": the verb
            if (
                w.startswith("leave")
                and nxt in _LEAVE_VERB_NEXT
                and not (nxt in ("a", "an") and nxt2 in _LEAVE_A_OK)
                and not (nxt in ("this", "that", "at", "by") and _dateish(nxt2))
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
                and not (_dateish(nxt) or _leaveish(nxt) or nxt in _LEAVE_A_OK)
            ):
                continue  # "leave costumes at reception": things left somewhere
            if w == "leave" and any(
                x in ("free", "open", "clear", "blank") for x in ws[k + 2 : k + 5]
            ):
                continue  # "leave the afternoon free": keep it, the verb
            if (
                w == "leaves"
                and prev
                and prev not in _LEAVE_NOUN_PREV
                and not prev[:1].isdigit()
                and prev not in NUMBER_WORDS
                and nxt
                and not _leaveish(nxt)
                and not _dateish(nxt)
                and nxt not in ("for", "on", "from", "of", "in", "till", "until", "to", "next")
            ):
                continue  # "the auditor leaves Monterrey on Friday": departs
            if w.startswith("leave") and prev in _NEGATED:
                continue  # "don't leave before the demo", "can't leave the house": the verb
            if w == "leave" and _plural_subject(ws, k):
                continue  # "the guests leave on Friday": they depart
            if w == "leave" and prev in ("you", "u", "they", "we", "he", "she"):
                continue  # "before you leave pls": someone else departs
            if (
                w.startswith("leave")
                and nxt in _LEAVE_BEFORE
                and nxt2 in _DETERMINERS
                and not any(_leaveish(x) or x in _PORTION_WORDS for x in ws[k + 3 : k + 5])
            ):
                continue  # "leave before the secret santa", "leave after the call": depart
            if (
                w.startswith("leave")
                and nxt in ("for", "to")
                and nxt2 in _LEAVE_FOR_PLACE
                and not (nxt2 in ("a", "an") and k + 3 < n and ws[k + 3] in _LEAVE_A_OK)
                and not (nxt2 == "the" and k + 3 < n and _leaveish(ws[k + 3]))
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
            and (nxt[:1].isdigit() or _dateish(nxt) or nxt in ("from", "v", "vecka", "week"))
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
                if nxt2 in ("office", "station", "town", "country", "city") or (
                    k + 3 < n and ws[k + 3] in ("office", "station")
                ):
                    return True
                continue  # out of ideas, out of coffee
            if prev in _OUT_BAD_PREV:
                continue
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
            after = next((x for x in ws[k + 2 : k + 5] if x not in ("of", "the", "this")), "")
            if nxt in ("the", "all", "whole", "entire", "coming", "upcoming") and (
                _dateish(after) or after[:1].isdigit() or after in _LEAVE_FOR_THE_OK
            ):
                return True
            if nxt in RELATIVE_DAYS or nxt in WEEKDAYS or nxt in MONTHS or nxt in ("next", "this"):
                return True
            if prev in ("i'm", "im", "am", "be", "is", "i", "", "will", "been", "currently"):
                return True
            continue
        if w == "off":
            if prev in _OFF_BAD_PREV or nxt in _OFF_BAD_NEXT:
                continue
            if prev[:1].isdigit() and _AN_AMOUNT.fullmatch(prev):
                continue  # "took 40s off the cycle time", "10% off"
            if nxt == "by" and nxt2 in ("an", "a", "one", "two", "half", "few", "about"):
                continue  # "calendar invites are off by an hour"
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


def _leaveish(word: str) -> bool:
    """A word after ``leave <determiner>`` that keeps ``leave`` the noun."""
    return (
        word in _LEAVE_A_OK
        or word in _LEAVE_FOR_THE_OK
        or word in _LEAVE_WORDS
        or word in ORDINAL_WORDS
        or word[:1].isdigit()
        or _dateish(word)
    )


def _dateish(word: str) -> bool:
    return (
        word in WEEKDAYS
        or word in MONTHS
        or word in RELATIVE_DAYS
        or word
        in ("week", "weekend", "month", "morning", "afternoon", "evening", "coming", "upcoming")
    )


# "my OOO auto-reply": a thing named after leave, not a leave.
# "Taking Tuesday's retro offline": a meeting held without a call, not the author away
_TAKEN_OFFLINE = re.compile(
    r"\b(?:take|taking|took|move|moving|moved)\s+(?:(?!(?:today|tomorrow|tmrw|me|myself)\b)"
    r"[\w']+\s+){1,3}offline\b"
)
_LEAVE_AS_THING = re.compile(
    r"\b(?:ooo|out\s+of\s+(?:the\s+)?office)\s+(?:auto-?\s*repl(?:y|ies)|autorepl(?:y|ies)|"
    r"auto-?\s*responders?|repl(?:y|ies)|messages?|msgs?|emails?|mails?|templates?|notices?)\b|"
    # "my OOO got switched on by mistake": the auto-reply, not an absence
    r"\bmy\s+ooo\s+(?:got\s+|was\s+|is\s+)?(?:switched|turned|set)\s+on\b|"
    r"\b(?:ooo|out\s+of\s+office)\s+(?:is\s+)?(?:still\s+)?(?:says?|saying|reads?|shows?)\b|"
    r"\b(?:(?:sick|annual|casual)\s+)?leave['\"]?\s+(?:field|column|tab|option|button|type|category|code|"
    r"dropdown)\b|"
    # "New leave cycle started on the 1st": the leave year, a thing
    r"\bleave\s+(?:cycle|year|balances?|policy|portal)\b|"
    # "the winner gets an extra hour of leave": a prize, not a leave taken
    r"\bextra\s+(?:hours?|days?)\s+of\s+(?:leave|pto)\b|"
    # "My leave request is stuck at L2 approval": the request, a thing
    r"\bleave\s+(?:request|application)\s+(?:is|was|has\s+been|got)\s+(?:stuck|pending|rejected|"
    r"still|not)\b"
)


def _classify(c: _Clause, low: str, whole: str) -> None:
    ws = _words(_LEAVE_AS_THING.sub(" ", _no_sick_idiom(low)))
    c.trigger = (
        _has_trigger(ws)
        or (not c.text.islower() and bool(_LEAVE_ABBREVIATION.search(c.text)))
        or ("&" in low and "r&r" in low)  # rest and recuperation (aid and field work)
        or (not low.isascii() and bool(_CJK_LEAVE.search(low)))
    )
    # With a leave word the clause's absence and illness cues change nothing: not looked for.
    c.weak = not c.trigger and (
        bool(_WEAK.search(_TAKEN_OFFLINE.sub(" ", low) if "offline" in low else low))
        or ((" in " in low or " at " in low or " to " in low) and bool(_IN_A_PLACE.search(c.text)))
    )
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
    if m:
        subj = m.group("subj")
        lower = subj.lower()
        first = lower.split()[0].strip("@")
        if subj.startswith("Tom") and first == "tom":
            first = "tom's a name"  # "Tom will be...", not tomorrow
        if lower.split()[-1] == "i":
            first = "i"  # "Kindly note that I will be on leave": the author
        if low[m.end("subj") : m.end("subj") + 6] == "'s day":
            first = "i"  # "St David's Day off on Monday": a day's name, not a person's
        if (
            first != "i"
            and (
                lower.startswith(_THIRD_STARTS)
                or (first not in _NON_NAMES and first not in _ILLNESS and subj[:1].isupper())
                or (m.group("np") is not None and first not in _NON_NAMES)
            )
            and not any(
                (_dateish(w) and not (w in AMBIGUOUS_MONTHS and subj[:1].isupper()))
                or w in _LEAVE_WORDS
                or (w[:1].isdigit() and len(w) <= 4 and not w.isdigit())
                or (w.isdigit() and len(w) <= 2)
                for w in _words(lower)
                if not (w == "tom" and subj.startswith("Tom"))
                and not (w == "half" and " the " in lower)
            )
        ):
            c.third = True
    if (
        not c.third
        and ("si " in c.text or "ni " in c.text or "kay " in c.text)
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
        or ("to " in low and _TO_THOSE_AWAY.search(low))
        or (("leav" in low or "left" in low) and _OTHERS_LEAVE.match(low))
        or (("off" in low or "leave" in low or "out" in low) and _GROUP_OFF.match(low))
        or (
            any(w in low for w in ("hope", "congrat", "luck", "back", "while", "giv"))
            and _OTHERS_OFF.search(low)
        )
        or ("'s off" in low and _MAKE_SURE_OFF.search(low))
        or _name_away(c.text)
        or ("day is" in low and _EVENT_DAY.match(low))
    ):
        c.third = True
    if not c.third and (c.trigger or c.weak):
        named = _NAMED_ABSENT.search(c.text)
        if named:
            name = named.group("name")
            words = _words(name.lower())
            if name.startswith("@"):
                c.third = True  # a mention is a person
            elif not any(w in _NOT_A_NAME or _dateish(w) for w in words):
                c.third = c.guessed = True
    if (
        not c.third
        and _THING_OFF.match(low)
        and not any(w in _LEAVE_WORDS for w in _words(low)[:1])
    ):
        c.third = True  # "the printer on the 3rd floor is off again": a thing, not a person
    if (c.text.rstrip().endswith("?") or _QUESTION_START.match(low)) and not (
        _POLITE_REQUEST.match(low) and (dated(low) or _CANCEL.search(low))
    ):
        c.question = True
        c.own_question = bool(_OWN_QUESTION.search(low))
    c.wfh = (
        bool(_WFH.search(low))
        or ("not " in low and bool(_NOT_AWAY.search(low)))
        or ("working today" in low and bool(_WORKING_TODAY.search(low)))
    )
    # "Reminder: I'm off tomorrow": the heading alone does not make the author's words an
    # announcement (``_parse`` marks the clauses of a headed message not in the first person)
    heading = _HEADED_ANNOUNCEMENT.match(low)
    said = low
    if "(" in low and (c.trigger or _subjectless(_words(low)[:1])):
        said = _ASIDE.sub(" ", low)  # "24th March (23rd is holiday anyway)": an aside
    if "anyway" in low and c.trigger:  # "off Thursday 30th + Friday 1st is a holiday anyway"
        aside = _HOLIDAY_ANYWAY.search(said)
        if aside and _LEAVE_ISH.search(said, 0, aside.start()):
            said = said[: aside.start()] + " " + said[aside.end() :]
    start = heading.end() if heading else 0
    c.announce = bool(_ANNOUNCE.search(said, start)) or (
        any(hint in said for hint in _ANNOUNCE_MORE_HINTS)
        and bool(_ANNOUNCE_MORE.search(said, start))
    )
    c.cancel = (
        bool(_CANCEL.search(low))
        and not (
            ("anymore" in low or "any more" in low)
            and _CANCEL.search(low.replace("anymore", " ").replace("any more", " ")) is None
            and not _ANYMORE_OF_LEAVE.search(low)
            and not dated(low)
        )
        and bool(_CANCEL.search(_OTHER_CANCELLED.sub(" ", low)))
        and not ("need" in low and _YOU_NEED_NOT.search(low))
    )
    c.sick = not c.trigger and (
        bool(_SICK_CUE.search(_not_sick_senses(low)))
        or ("ER" in c.text and bool(_EMERGENCY_ROOM.search(c.text)))
    )
    c.later = not (c.trigger or c.weak or c.sick or c.cancel) and bool(_UPDATE_LATER.search(low))
    c.later = c.later or (
        not c.trigger and not c.cancel and " to" in low and bool(_MOVED_ELSEWHERE.search(low))
    )
    invited = _INVITE.search(low)
    if invited and invited.group().startswith("if ") and c.first_person_subject(low):
        invited = None  # "I'm out Friday if you need anything signed": an offer, the author's
    c.invite = (
        bool(invited)
        or ("@" in low and bool(_MENTION_IMPERATIVE.match(low)))
        or (
            bool(_IMPERATIVE.match(low))
            and (bool(_SECOND_PERSON.search(whole)) or not _I_SUBJECT.search(whole))
        )
        or (bool(_YOU_SUBJECT.search(low)) and not c.first_person_subject(low))
        or ("need" in low and bool(_YOU_NEED_NOT.search(low)))
    )


_THING_OFF = re.compile(
    r"^\s*"
    + _GREET
    + r"(?:(?:please\s+)?(?:make\s+sure|check|ensure)\s+(?:that\s+)?|that'?s\s+why\s+)?"
    + r"(?:[a-z]+(?:\s[a-z]+)?:\s*)?(?:(?:the|our|this|that|these|those|my)\s+(?!\d)"
    r"(?!(?:leave|pto|holiday|vacation)\b)(?:[\w'-]+\s+){0,6}?|(?:office\s+|site\s+|our\s+)?"
    r"(?:(?:water|power|gas)\s+supply|"
    r"power|electricity|water|wifi|internet|ac|aircon|heating|"
    r"lift|elevator|server|network|vpn|email|site|gas|(?:[\w-]+\s+)?(?:line|machine|kiln|press|oven|"
    r"unit|boiler|furnace|conveyor|class|lesson|practice|rehearsal|session|training|match|game)"
    r"(?:\s+\d+)?)\s*)(?:is|are|was|were|has\s+been|have\s+been|"
    r"will\s+be|'s)\s+(?:\w+\s+)?(?:off|out|down|broken|closed|dead)\b"
)
_JOINED = frozenset({"and", "n", "&", "plus", "also", "+", ","})
# Verbs that go on with the subject before "and": "... and won't make it today".
_SUBJECTLESS_VERBS = frozenset(
    {"won't", "wont", "will", "can't", "cant", "cannot", "isn't", "is", "has", "had", "was"}
    | {"would", "may", "might", "should", "needs", "wants", "took", "taking", "going", "be"}
    | {"called", "couldn't", "didn't", "doesn't", "hasn't", "needed", "asked"}
)


def _continue_subjects(clauses: list[_Clause], low: str) -> None:
    """A clause with no subject of its own goes on with the one before it.

    ``Ravi is off on the 3rd, 4th and 5th``, ``everyone take the 21st, 22nd
    and 23rd off``: the pieces after the commas still speak of Ravi, of
    everyone.
    """
    for k in range(1, len(clauses)):
        c, before = clauses[k], clauses[k - 1]
        if not (before.third or before.invite) or c.first_person or c.third or c.invite:
            continue
        words = [w for w in _words(low[c.start : c.end]) if w not in _JOINED]
        tail = low[before.start : before.end].rstrip().rsplit(maxsplit=1)
        # only a piece with no subject of its own: dates, "off", "too", or a verb
        # after "and" ("she's not well and won't make it today")
        and_verb = (
            bool(words)
            and before.third
            and (
                _words(low[c.start : c.end])[:1] in (["and"], ["but"], ["so"], ["n"])
                or (tail and tail[-1] in ("and", "but", "so", "n"))
            )
            and words[0] in _SUBJECTLESS_VERBS
        )
        if words[:1] == ["back"] and not (before.trigger or before.weak):
            continue  # "licence test tomorrow at 10am, back online by 11:30": the author back
        if and_verb or (_joined_to(before, c, low) and _subjectless(words)):
            c.third = before.third
            c.invite = before.invite


def _joined_to(before: _Clause, c: _Clause, low: str) -> bool:
    """Whether ``c`` follows ``before`` after a list word or a comma (``..., and``)."""
    tail = low[before.start : before.end].rstrip().rsplit(maxsplit=1)
    return (
        _words(low[c.start : c.end])[:1] in (["and"], ["n"], ["also"], ["plus"])
        or bool(tail and tail[-1] in _JOINED)
        or low[c.start - 1 : c.start] in (",", "&", "+")
    )


# How a piece with no subject of its own starts: "..., the 4th", "and next week", "off too".
_SUBJECTLESS_START = frozenset({"the", "next", "this", "on", "off", "too", "back"})


def _subjectless(words: list[str], more: frozenset[str] = frozenset()) -> bool:
    """Whether ``words`` (the clause's, list words left out) start with no subject."""
    return bool(words) and (
        _dateish(words[0])
        or words[0][:1].isdigit()
        or words[0] in ORDINAL_WORDS
        or words[0] in _SUBJECTLESS_START
        or words[0] in more
    )


def _goes_on(before: _Clause, c: _Clause, low: str) -> bool:
    """Whether ``c`` is a piece with no subject of its own joined to ``before``:
    ``..., and all of next week``, ``, the 4th and the 5th``."""
    words = [w for w in _words(low[c.start : c.end]) if w not in _JOINED]
    return _joined_to(before, c, low) and _subjectless(words, _WHOLE)


_WHOLE = frozenset({"all", "whole"})


_KEPT_LEAVE_WORDS = frozenset({"off", "leave", "out", "away", "pto", "ooo"})
_KEPT_FILLER = frozenset({"now", "too", "only", "please", "pls", "then", "instead"})


def _continue_keeping(kept: list[bool], clauses: list[_Clause], low: str) -> None:
    """``keeping Mon and Tue``: the dates after a kept clause's ``and`` are kept too."""
    for k in range(1, len(clauses)):
        c = clauses[k]
        if not kept[k - 1] or kept[k] or c.cancel:
            continue
        words = [w for w in _words(low[c.start : c.end]) if w not in _JOINED]
        if c.trigger or c.weak:
            # "only 7th and 8th July off now": the kept dates' own leave word
            words = [w for w in words if w not in _KEPT_LEAVE_WORDS]
            if not words or len(words) > 4:
                continue
        words = [w for w in words if w not in _KEPT_FILLER]
        joined = (
            _words(low[c.start : c.end])[:1] in (["and"], ["n"], ["&"], ["plus"])
            or low[c.start - 1 : c.start] in (",", "&", "+")
            or low[clauses[k - 1].start : clauses[k - 1].end].rstrip().endswith(("and", "&"))
        )
        if (
            joined
            and words
            and all(
                _dateish(w) or w[:1].isdigit() or w in ORDINAL_WORDS or w in ("the", "on", "of")
                for w in words
            )
        ):
            kept[k] = True


def _weak_ok(c: _Clause, low: str) -> bool:
    if c.first_person:
        return True
    if ":" in low and low.rfind(":") < len(low) - 2:
        # "Long weekend in Gdansk: taking Friday 14th": what follows a heading
        head, _, rest = low.rpartition(":")
        if head.strip() and _weak_ok(c, " " + rest):
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
        or any(
            _WEAK.match(low, m.start())
            and all(
                x.group() in known_words() and x.group() not in _NOT_A_QUALIFIER for x in words[:k]
            )
            for k, m in enumerate(words[:3])
        )
    )


# Words before an absence that make it someone else's or no absence at all.
_NOT_A_QUALIFIER = frozenset(
    {"he", "she", "they", "we", "you", "his", "her", "their", "our", "your", "team", "everyone"}
    | {"no", "not", "any", "cancel", "cancelled", "canceled", "who", "what", "when", "is", "are"}
    | {"all", "staff", "people", "employees", "everybody", "teams", "office", "company", "whole"}
)
# Coming in late, then when: the morning away.
_LATE_THEN_IN = re.compile(
    r"\b(?:(?:be|come|coming|get|getting|join|joining|reach|log\s+in|start|starting)\s+(?:in\s+)?|"
    r"(?:plus|and)\s+in\s+)"
    r"late\b.{0,80}?"
    r"\b(?:(?:in|back|online)\s+by|around|at|about|by)\s+(?:\d|noon|lunch|midday)"
)
_FORM_FROM_TO = re.compile(
    r"\b(?i:from|start(?:ing)?(?:\s+date)?)\s*:\s*([^;:]{1,40}?)\s*;\s*"
    r"(?i:to|until|till|end(?:ing)?(?:\s+date)?|through)\s*:\s*"
)
# A leave form pasted in: a heading, then fields, one of them the dates.
_LEAVE_FORM = re.compile(
    r"^\s*(?:\W\s*)?(?:leave|pto|vacation|holiday)\s+(?:application|request|form)\s*[:-]?\s*;"
    r".{0,200}?\b(?:(?:dates?|from|period|duration|start(?:ing)?\s+date)\s*:|from\s+\d)",
    re.DOTALL,
)
_LEAVE_FORM_HEAD = re.compile(
    r"\s*(?:\W\s*)?(?:leave|pto|vacation|holiday)\s+(?:application|request|form)\s*[:-]?\s*;?\s*$"
)
# "Leave on 15/9 and 17/9 so I get the whole week": what the days add up to, no more days.
_CONSEQUENCE = re.compile(
    r"\s*(?:i|we)\s+(?:get|have|can\s+have|end\s+up\s+with|make|turn\s+it\s+into|will\s+have)\b(?!\s+to\b)"
    r"|\s*(?:i|we)'ll\s+have\b"
)
_N_DAYS = re.compile(
    r"\b(\d{1,2}|two|three|four|five|six|seven|eight|nine|ten)\s+(?:working\s+)?days\b"
)
# "physio moved to next week": when something else now is, no day taken
_MOVED_ELSEWHERE = re.compile(
    r"\b(?:got\s+|was\s+|has\s+been\s+|is\s+)?(?:moved|rescheduled|postponed|pushed|shifted|"
    r"bumped|changed|switched|brought\s+forward|moves)\s+(?:back\s+)?(?:to|till|until)\b"
)
_STAYS = re.compile(
    r"\b(?:remains?|stays?|stands?|is\s+still\s+on)\s+(?:as\s+(?:it\s+)?is|unchanged|the\s+same|"
    r"booked|as\s+planned|as\s+before|as\s+(?:a\s+)?(?:vacation|leave|pto|holiday|al))\b"
)
# "Thursday stays", "Jun 7-16 still on"
_ASIDE_STAYS = re.compile(r"\([^()]*?\b(?:stays?|remains?|still\s+on|is\s+fine)\b[^()]*\)")
_STAYS_BARE = re.compile(
    r"\b(?:stays?|remains?|stands?|still\s+on|i\s+(?:still\s+)?(?:take|keep|need))\s*[.!)]*\s*$"
)
# A day said in passing to be a holiday anyway: an aside, not an announcement.
_HOLIDAY_ANYWAY = re.compile(r"\b(?:is|'s|are)\s+(?:[\w'-]+\s+){0,4}?anyway\b")
_ASIDE = re.compile(r"\([^()]{1,80}\)?")
_ASKED_THINGS = frozenset({"request", "requests", "application", "email", "message", "form"})
_NOT_TAKING_JUST = re.compile(
    r"\bnot\s+(?:(?:taking|on)\s+(?:any\s+)?)?(?:leave|pto|ooo|off|time\s+off|verlof|urlaub|conge|"
    r"vacation|holiday|ferie)\s*,?\s+just\b"
)
# A last clause that only says the author is not on leave: a remark, not a cancel.
_NOT_ON_LEAVE_ALONE = re.compile(
    r"\W*(?:but\s+)?(?:i'm\s+|im\s+|i\s+am\s+)?not\s+(?:(?:on|taking)\s+(?:any\s+)?(?:leave|pto|vacation)|"
    r"off|ooo|away|time\s+off|(?:a\s+)?(?:vacation|holiday|leave|pto))\W*$"
)
_NOT_AWAY_JUST = re.compile(
    r"\bnot\s+(?:taking|on|pto|ooo|leave|off|time\s+off|(?:a\s+)?vacation|(?:a\s+)?holiday|verlof|"
    r"urlaub)\b"
)
# "(long weekend for the 4th)", "(bank hol on the 2nd)": why, not a day taken
_ASIDE_REASON = re.compile(
    r"\b(?:long\s+weekend|bank\s+hol\w*|holiday|anyway|for\s+the\s+\d|juneteenth|thanksgiving|"
    r"christmas|easter|diwali|eid|holi|memorial\s+day|labou?r\s+day|independence\s+day)"
)
_EARLY_THEN_AT = re.compile(
    r"\b(?:leave|leaving|log(?:ging)?\s+off|head(?:ing)?\s+out)\s+early\b.{0,40}?"
    r"\b(?:at|around|about|by|from)\s+(?:1[1-6]|[1-4])(?:h\d\d)?\b"
)
# "not OOO just slow to respond": says the author is working
_NOT_AWAY = re.compile(
    r"\bnot\s+(?:ooo|out\s+of\s+(?:the\s+)?office|on\s+(?:pto|leave)\s+just|taking\s+(?:any\s+)?"
    r"(?:leave|pto|time\s+off)\s*,?\s+just)\b"
)
_CJK_LEAVE = re.compile("|".join(CJK_LEAVE + CJK_SICK_LEAVE))
_CJK_SICK = re.compile("|".join(CJK_SICK_LEAVE))
# "between Feb 1 and Feb 5 I'm in Mexico": away somewhere named
_IN_A_PLACE = re.compile(
    r"\b(?i:i'm|im|i\s+am|i'll\s+be|i\s+will\s+be)\s+(?:in|at)\s+(?!(?:Office|Meetings?|Work|The|"
    r"A|An|My|Our|Slack|Teams|Zoom|Jira)\b)[A-Z][a-z]+|"
    # "Going to Cancún Feb 1st thru the 5th": a trip to a place, with its days
    r"^\W*(?i:going|flying|heading|travell?ing|driving)\s+(?:up\s+|down\s+|back\s+)?to\s+"
    r"(?!(?:Office|Work|The|A|An|My|Our|Slack|Teams|Zoom|Jira)\b)[A-Z][\w'-]+"
)
# "Children's Day is Tuesday", "sports day is Friday": an event's day, no one's leave
_EVENT_DAY = re.compile(
    r"\s*(?:[\w']+\s+){0,3}day\s+is\s+(?:on\s+)?(?:this\s+|next\s+)?(?:mon|tue|wed|thu|fri|sat|"
    r"sun|\d|tomorrow|today)"
)
# ... and "je", "ich", "ik" of the languages people mix in ("Je serai absente jeudi")
_FIRST_PERSON = re.compile(r"\b(?:i|i'm|im|i've|i'd|i'll|me|my|myself|mine|je|ich|ik)\b")
_TAG_QUESTION = re.compile(
    r"\s*(?:right|yeah|yes|no|correct|ok|okay|innit|isn't\s+it|is\s+it|don't\s+they|do\s+they|"
    r"aren't\s+they|isn't\s+that\s+right|am\s+i\s+right|yeah\s+no)\s*\?+\s*$"
)
_THAT_DAY = re.compile(
    r"\b(?:the|that)\s+(?:day|whole\s+day|full\s+day)\b|\b(?:taking|take)\s+a\s+(?:personal\s+)?day\b|"
    r"\b(?:that|those)\s+(?:whole\s+|entire\s+|full\s+)?(?:week|days|dates)\b"
)


def _in_announced_aside(tokens: list[Tok], item: DateItem, low: str) -> bool:
    """Whether ``item`` sits in brackets that announce something (``(23rd is holiday)``)."""
    if "(" not in low:
        return False
    pos = tokens[item.start].pos
    open_at = low.rfind("(", 0, pos)
    if open_at < 0 or low.rfind(")", open_at, pos) >= 0:
        return False
    close_at = low.find(")", pos)
    aside = low[open_at + 1 : close_at if close_at >= 0 else len(low)]
    return bool(_ANNOUNCE.search(aside) or _ASIDE_REASON.search(aside))


def _adds_up(tokens: list[Tok], item: DateItem, after_days: bool = False) -> bool:
    """``so full week break``, ``so a whole week off``: a week after "so" sums up the days;
    after days taken, ``that way I'm off the whole week`` does too."""
    if item.start == 0:
        return False
    if item.kind in ("range", "count") and after_days:
        summed = {t.text for t in tokens[max(0, item.start - 8) : item.start]}
        if summed & {"total", "altogether", "overall"}:
            return True  # "4/30 and 5/6-5/7, so total 11 days holiday from 4/29 to 5/9"
    if item.kind not in ("week", "this_week", "set"):
        return False
    if after_days and tokens[item.start].text in ("whole", "entire", "full"):
        said = [t.text for t in tokens[max(0, item.start - 12) : item.start]]
        if (
            "so" in said
            or "with" in said
            or "means" in said
            or " that way " in " ".join(said)
            or ":" in said  # "w/c 10 May: whole week off"
        ):
            return True  # "Taking 12/21 and 12/22 too, that way I'm off the whole week"
    for k in range(item.start - 1, max(-1, item.start - 6), -1):
        word = tokens[k].text
        if word in _ADDS_UP:
            return True  # "so Easter gives me the full week", "turning it into a full week"
        if tokens[k].kind != "word" or word in _ABSENCE_SAID:
            return False  # "so I'm off sick the rest of the week": the days taken
    return False


_ABSENCE_SAID = frozenset(
    {"off", "out", "away", "leave", "sick", "taking", "take", "i'm", "im", "i", "on", "ooo", "pto"}
)


_GOT_A_JAB = frozenset(
    {"jab", "shot", "booster", "vaccine", "vaccination", "surgery", "procedure", "extraction"}
    | {"sprained", "twisted", "fell", "fall", "hurt", "injured", "broke", "tooth", "teeth"}
    | {"accident", "crashed", "pulled", "bitten", "stung", "dislocated", "fractured", "slipped"}
    | {"tripped"}
)
_ADDS_UP = frozenset({"so", "into", "gives", "give", "makes", "make", "making"})


def _that_day_again(tokens: list[Tok], item: DateItem, ex: Extraction) -> bool:
    """``Don't need the 12th off any more ... so I'm in that Friday after all``: "that"
    weekday is the day already named, not another one."""
    return (
        item.start > 0
        and tokens[item.start - 1].text == "that"
        and tokens[item.start].text in WEEKDAYS
        and any(it is not item and it.dates and it.start < item.start for it in ex.items)
    )


_BRIDGE = re.compile(r"\b(?:puente|ponte|bridg|join|combin|brucke|brugdag)\w*")


_FESTIVAL_NAME = re.compile(_FESTIVALS + r"$")


def _holiday_is(tokens: list[Tok], item: DateItem) -> bool:
    """``Since Holi is Tuesday I'm taking Monday and Wednesday``: when the holiday is."""
    k = item.start - 1
    if k > 0 and tokens[k].text == "on":
        k -= 1  # "Juneteenth is on Friday"
    return (
        k > 0
        and tokens[k].text in ("is", "falls")
        and bool(_FESTIVAL_NAME.match(tokens[k - 1].orig.rstrip("'s")))
    )


def _joined_with(tokens: list[Tok], item: DateItem, low: str) -> bool:
    """``Off 22 May, haciendo puente with the 21st``: the holiday the day is joined to."""
    k = item.start - 1
    if k >= 0 and tokens[k].text == "the":
        k -= 1
    return k >= 0 and tokens[k].text == "with" and bool(_BRIDGE.search(low))


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
        and not _dateish(then.text)
        # an occasion: a name, a holiday's word, or a word of another language ("midsommar")
        and (then.orig[:1].isupper() or then.text in _OCCASIONS or then.text not in known_words())
    )


_OCCASIONS = frozenset({"bank", "public", "long", "holiday", "holidays", "break", "eid", "easter"})
_WEEKDAY_LIST = frozenset({"and", "&", "+", ",", "the"})


_EXCEPT = frozenset({"except", "excluding", "minus", "bar"})
_EXCEPT_HINTS = ("except", "excluding", "minus", "bar ", "apart from", "other than")


def _not_taken(
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
        or _when_it_happened(tokens, item)
        or (
            text in ("today", "tonight")
            and (_after_today(tokens, item) or _done_today(tokens, item))
        )
        or (
            ("last" in low or "working" in low or "be in" in low) and _last_day_worked(tokens, item)
        )
        or (item.weekday_based and _after_an_occasion(tokens, item, ex.items))
        or ("weekend" in low and _weekend_heading(tokens, item, ex.items))
        or (" with" in low and _joined_with(tokens, item, low))
        or ((" is " in low or " falls " in low) and _holiday_is(tokens, item))
        or _that_day_again(tokens, item, ex)
    )


def _excepted(tokens: list[Tok], item: DateItem) -> bool:
    """``Taking next week off, except the Monday``: days left out of the ones taken."""
    before = [t.text for t in tokens[max(0, item.start - 3) : item.start]]
    said = " ".join(before)
    return bool(_EXCEPT.intersection(before)) or "apart from" in said or "other than" in said


def _in_booking(c: _Clause, low: str) -> bool:
    """A clause (not the cancel itself) that says what the author booked."""
    return not c.cancel and bool(_I_BOOKED.search(low, c.start, c.end))


def _sentence_of(low: str, c: _Clause) -> str:
    """The sentence that holds clause ``c``."""
    start = max(low.rfind(".", 0, c.start), low.rfind("!", 0, c.start), low.rfind("?", 0, c.start))
    ends = [e for e in (low.find(".", c.end - 1), low.find("!", c.end - 1)) if e >= 0]
    return low[start + 1 : min(ends) if ends else len(low)]


def _last_day_worked(tokens: list[Tok], item: DateItem) -> bool:
    """``Last day tomorrow, then on leave 24 Dec``, ``Friday is my last day``: a day worked."""
    before = " ".join(t.text for t in tokens[max(0, item.start - 7) : item.start])
    after = " ".join(t.text for t in tokens[item.end : item.end + 5])
    return (
        before.endswith(("last day", "last working day"))
        or bool(_LAST_DAY_AFTER.match(after))
        or bool(_LAST_DAY_BEFORE.search(before))
    )


# "Last day before Christmas is Wednesday"
_LAST_DAY_BEFORE = re.compile(
    r"\blast\s+(?:working\s+)?day\b(?:\s+[\w']+){0,3}\s+(?:is|will\s+be)$"
)
_LAST_DAY_AFTER = re.compile(
    # "Wednesday I'll be in but slow" (not "I'll be in Sardinia")
    r"i'?ll\s+be\s+in\b(?=\s*(?:$|[,.;!]|but\b|and\b|though\b|as\s+usual\b))|"
    r"(?:is|will\s+be|'s)\s+(?:my\s+)?last\s+(?:working\s+)?day\b|"
    r"(?:is|will\s+be)\s+(?:a\s+)?working(?:\s+day)?\b"  # "21st is working as per the HR list"
)


def _done_today(tokens: list[Tok], item: DateItem) -> bool:
    """``bank work got done today itself``: when something was done, not a day taken."""
    before = {t.text for t in tokens[max(0, item.start - 2) : item.start]}
    return tokens[item.start].text == "today" and bool(before & _DONE)


_DONE = frozenset({"done", "finished", "completed", "sorted", "fixed", "resolved", "over"})


def _after_today(tokens: list[Tok], item: DateItem) -> bool:
    """``Heading off for the break after today``: today is worked, the leave comes after."""
    return (
        item.start > 0
        and tokens[item.start - 1].text == "after"
        and tokens[item.start].text in ("today", "tonight")
    )


# Leaving now: the rest of today is away ("Feeling feverish since lunch, logging off now").
_LEAVING_NOW = re.compile(
    r"\b(?:logging|signing|clocking|knocking)\s+off\s+at\s+(?:[1-5]|1[2-7])(?::\d\d)?\s*(?:pm)?\s+"
    r"(?:and|then|\+)\b|"  # "logging off at 4 and SL tomorrow": this afternoon, then tomorrow
    r"\b(?:(?:log|logging|loggin|signing|clocking|knocking|heading)\s+off(?:\s+early)?|going\s+home|"
    r"go\s+home|leave(?=\s+now)|"
    r"heading\s+(?:home|out)|headed\s+home|leaving)\s+(?:now\b|(?:post|after)\s+lunch\b|for\s+(?:today|the\s+"
    r"(?:rest\s+of\s+the\s+)?(?:afternoon|day))\b)|"
    # "leaving early, running a fever", "out the rest of the day": from now on
    r"\b(?:leaving|heading\s+off|heading\s+out|logging\s+off)\s+early\b(?!\s+(?:on|tomorrow|tmrw|next|"
    r"this|mon|tue|wed|thu|fri|at|by|around|from))|"
    r"\b(?:out|off|offline)\s+(?:for\s+)?the\s+rest\s+of\s+(?:the\s+day|today)\b|"
    # "Feeling crook, heading home with a fever": said alone, home now
    r"\b(?:going|heading|headed|gone|went)\s+home\b(?!\s+(?:at|by|around|early|tomorrow|tmrw|on|"
    r"for|to(?!\s+(?:rest|recover|sleep|lie\s+down))|this|next|after|from|\d))|"
    # "going to the klinik now": care, now
    r"\b(?:going|heading|headed|off)\s+to\s+(?:the\s+|my\s+)?(?:[a-z]+\s+)?(?:clinic|klinik|doctor'?s?|gp|"
    r"hospital|er|"
    r"a&e|dentist'?s?|urgent\s+care|chiro)\s+now\b"
)


def _leaving_now(
    raw_days: list[tuple[dt.date, Portion]],
    low: str,
    today: dt.date,
    now: dt.datetime,
    calendar: WorkCalendar,
) -> list[tuple[dt.date, Portion]]:
    """``logging off now`` after midday: the afternoon of today is away; said in the morning,
    the day is."""
    leaving = _LEAVING_NOW.search(low)
    if not leaving:
        return raw_days
    local = now.astimezone(calendar.zone) if now.tzinfo else now
    said = leaving.group()
    if " to " in said and any(d == today and p != "full" for d, p in raw_days):
        return raw_days  # "going to the dentist now, back after lunch": the half said
    portion: Portion = (
        "pm"
        if local.hour >= 12
        or "afternoon" in said
        or "lunch" in said
        or "early" in said  # "leaving early today": the afternoon
        or ("rest of" in said and (today, "pm") in raw_days)  # "physio this afternoon and out..."
        else "full"
    )
    kept: list[tuple[dt.date, Portion]] = [(d, p) for d, p in raw_days if d != today]
    if " at " in said:
        kept = [(d, "full" if p == "pm" else p) for d, p in kept]  # its hour was today's
        portion = "pm"
    elif len(kept) == len(raw_days) and not ("now" in said or "home" in said):
        return raw_days  # "an MRI on Thursday evening, leaving post lunch": that day's
    elif (
        said.endswith("home")
        and (kept or not raw_days)
        and low[leaving.end() : leaving.end() + 1] not in (",", ".", "!")
    ):
        return raw_days  # "going home" alone, with other days: not said to be now
    if "afternoon" in said or "lunch" in said:
        # "Going home for the afternoon and off sick tomorrow": that afternoon is today's
        kept = [(d, "full" if p == "pm" else p) for d, p in kept]
    return sorted([(today, portion), *kept])


def _when_it_happened(tokens: list[Tok], item: DateItem) -> bool:
    """``after a dog bite last week``: when the cause happened, not days taken."""
    if tokens[item.start].text == "yesterday" and item.start > 1:
        before = {t.text for t in tokens[max(0, item.start - 8) : item.start]}
        after = tokens[item.end :]
        later = " ".join(t.text for t in after)
        dated_later = any(
            t.kind not in ("word", "punct") or t.text in WEEKDAYS or _dateish(t.text) for t in after
        )
        if before & _GOT_A_JAB and (
            " today" in f" {later}" or "this morning" in later or dated_later
        ):
            return True  # "Got my booster jab yesterday and now having fever, on MC today"
    return (
        tokens[item.start].text == "last"
        and item.kind == "week"
        and any(tokens[j].text == "after" for j in range(max(0, item.start - 5), item.start))
    )


def _said_to_be_a_holiday(tokens: list[Tok], item: DateItem, low: str) -> bool:
    """``off Thursday + Friday is a holiday anyway``: a day said to be off for all."""
    return (
        "anyway" in low
        and item.end < len(tokens)
        and bool(_HOLIDAY_ANYWAY.match(low, tokens[item.end].pos))
    )


def _is_event(c: _Clause) -> bool:
    """``my daughter's carnival is Friday``: someone else's event, not their leave."""
    if c.wfh and not (c.third or c.question or c.announce or c.invite or c.cancel):
        return True  # "Tomorrow I work from home in the morning and take afternoon off"
    if c.announce and not (c.question or c.invite or c.cancel or c.first_person):
        return True  # "Spring break for the kids is 3/22-3/26 so I'm taking that whole week"
    if c.question and not (c.own_question or c.cancel or c.trigger):
        return True  # "Can someone cover my docket call Friday the 23rd? I'm on PTO that day"
    return (
        c.third
        and not (c.trigger or c.weak or c.sick or c.cancel or c.guessed)
        and not (c.question or c.wfh or c.announce or c.invite)
    )


def _clause_of(pos: int, clauses: list[_Clause]) -> int:
    for k, c in enumerate(clauses):
        if c.start <= pos < c.end:
            return k
    return len(clauses) - 1


def _is_back_context(ex: Extraction, item: DateItem) -> bool:
    after = ex.tokens[item.end].text if item.end < len(ex.tokens) else ""
    if item.end > 0 and ex.tokens[item.end - 1].text in (".", "!", ";"):
        after = ""  # "Off Friday. Back Monday.": the sentence ended
    place = item.end + 1
    while place < len(ex.tokens) and ex.tokens[place].text == "the":
        place += 1
    back_then = ex.tokens[item.end + 1] if item.end + 1 < len(ex.tokens) else None
    then_date = back_then is not None and (
        back_then.kind != "word" or _dateish(back_then.text) or back_then.text in ("on", "the")
    )  # "ooo thurs + fri back mon": the return day comes after "back"
    if after == "ko" and back_then is not None and back_then.text in ("wapas", "vapas"):
        return True  # "16th ko wapas": back on the 16th
    if (after == "back" and len(item.dates) <= 1 and not then_date) or (
        after in ("in", "at")
        and place < len(ex.tokens)
        and ex.tokens[place].text in ("office", "work")
    ):
        return True  # "Wed back in office", "Thursday in office"
    k = item.start - 1
    steps = 0
    while k >= 0 and steps < 5 and ex.tokens[k].text in _BACK_SKIP:
        k -= 1
        steps += 1
    if k < 0:
        return False
    word = ex.tokens[k].text
    if word in ("ako", "na") and k > 0 and ex.tokens[k - 1].text == "balik":
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
    if word in ("available", "reachable"):
        return not (k > 0 and ex.tokens[k - 1].text in ("not", "un", "be"))
    if word == "until" or word == "see":
        return word == "see"
    return word in _BACK_WORDS


# Words a message of dates alone may still hold.
_DATES_ONLY_FILLER = frozenset(
    _WEAK_SKIP
    | {"thanks", "thank", "you", "thx", "ty", "regards", "cheers", "pls", "plz", "me"}
    # "Christmas: 20th Dec to 31st": the occasion, then the days
    | {"christmas", "xmas", "easter", "diwali", "eid", "thanksgiving", "summer", "winter", "hols"}
    | {"then", "please", "merry", "happy", "all", "too", "also"}  # "24th and 29th-31st Dec please"
)


def _covered(ex: Extraction, spans: list[tuple[int, int]]) -> list[bool]:
    """Which tokens of ``ex`` lie in one of ``spans`` (date items, half-day words)."""
    covered = [False] * len(ex.tokens)
    for start, end in spans:
        for k in range(start, min(end, len(covered))):
            covered[k] = True
    return covered


def _all_spans(ex: Extraction) -> list[tuple[int, int]]:
    return [(it.start, it.end) for it in ex.items] + [(m.start, m.end) for m in ex.marks]


def _dates_only(ex: Extraction) -> bool:
    """A message that is nothing but dates (and greetings): ``Thursday for 2 days``."""
    if not any(it.dates for it in ex.items):
        return False
    covered = _covered(ex, _all_spans(ex))
    heading = 0  # "Ski week: 15-19 fevrier": a few words, a colon, then the days
    colon = next((k for k, t in enumerate(ex.tokens) if t.text == ":"), -1)
    if 0 < colon <= 5 and not any(covered[:colon]) and any(covered[colon:]):
        heading = colon + 1
    return all(
        covered[k] or tok.kind != "word" or tok.text in _DATES_ONLY_FILLER
        for k, tok in enumerate(ex.tokens)
        if k >= heading
    ) and not any(tok.text == "?" for tok in ex.tokens)


def _dates_then_reason(ex: Extraction, clauses: list[_Clause], tokens: list[Tok]) -> bool:
    """``Wednesday for 3 days, helping my dad move``: some days alone, then why.

    The first clause is nothing but dates naming more than one day (a count, a
    range or a list); the clauses after it name no day and are no one else's.
    """
    first = clauses[0]
    inside = [it for it in ex.items if first.start <= tokens[it.start].pos < first.end]
    days = {d for it in inside for d in it.dates}
    if len(days) < 2 or len(inside) != len([it for it in ex.items if it.dates or it.count]):
        return False
    if any(c.excluded or c.cancel for c in clauses):
        return False
    end = first.end
    last = max(it.end for it in inside)
    if (
        last + 1 < len(tokens)
        and tokens[last].text == "for"
        and tokens[last + 1].text in _FOR_WHOSE
    ):
        end = tokens[last].pos  # "3 days from Sunday for my daughter's school admission"
    elif len(clauses) < 2:
        return False
    covered = _covered(ex, [(it.start, it.end) for it in inside])
    return all(
        covered[k] or tok.kind != "word" or tok.text in _DATES_ONLY_FILLER
        for k, tok in enumerate(ex.tokens)
        if first.start <= tok.pos < end
    )


_FOR_WHOSE = frozenset({"my", "a", "an", "the", "our", "family", "personal", "some"})


_BARE_CANCEL_VERB = re.compile(
    r"(?:cancel\w*|cancl\w*|cancle\w*|canel\w*|cncl|revok\w*|withdraw\w*)$"
)
_BARE_CANCEL_FILLER = frozenset(
    _DATES_ONLY_FILLER
    | {"the", "on", "for", "my", "of", "morning", "afternoon", "half"}
    | {"need", "to", "have", "got", "ach", "och", "so", "i"}  # "Ach, need to cancel Friday 5th Nov"
)


_ASKED_POLITELY = frozenset(
    {"can", "could", "would", "you", "u", "user", "someone", "hi", "hey", "i", "booked"}
    | {"requested", "applied", "took", "put", "in", "for", "please", "pls"}
)


def _bare_cancel(ex: Extraction, clauses: list[_Clause]) -> bool:
    """``cancel 2/16 please``, ``cancel Monday, keep Tuesday``: a cancel verb and dates alone.

    In the leave channel a cancel of nothing but days is a cancel of the author's
    leave on them; ``cancel Monday's standup`` names something else and is not.
    """
    return any(_bare_cancel_clause(ex, c) for c in clauses if c.cancel)


def _bare_cancel_clause(ex: Extraction, first: _Clause) -> bool:
    """``please cancel Sept 2-7`` (after ``Not going to Tulum anymore``): one clause of it."""
    covered = _covered(ex, _all_spans(ex))
    verb = dated = False
    # "@Priya can you cancel the morning of the 3rd?": asked, as a cancel is said
    polite = _POLITE_REQUEST.match(first.text.lower()) is not None
    filler = _BARE_CANCEL_FILLER | _ASKED_POLITELY if polite else _BARE_CANCEL_FILLER
    said_before = False  # words before a dash or colon: "Changed my mind - cancel Dec 14-18"
    for k, tok in enumerate(ex.tokens):
        if not first.start <= tok.pos < first.end:
            continue
        if covered[k]:
            dated = dated or any(
                it.start <= k < it.end and (it.dates or it.week_days) for it in ex.items
            )
        elif tok.kind == "word" and not verb and _BARE_CANCEL_VERB.match(tok.text):
            verb = True
        elif tok.text in ("-", ":") and not verb:
            said_before = False
        elif (tok.text == "?" and not polite) or (
            tok.kind != "punct" and (tok.kind != "word" or tok.text not in filler)
        ):
            if verb or k + 1 >= len(ex.tokens):
                return False  # "cancel Monday's sync", "cancel today 3pm": something else
            said_before = True
    return verb and dated and not said_before


def dates_alone(text: str, now: dt.datetime, calendar: WorkCalendar) -> bool:
    """Whether ``text`` is nothing but dates (and greetings): ``Friday``, ``Mon and Tue``.

    In the channel such a message is a leave (convention 18); in a thread it is
    a reply naming days, which ``leavebot.parsing.refine`` reads against the leave.
    """
    norm = normalize_text(text)[0]
    tokens = tokenize(norm, norm.translate(_ASCII_LOWER))
    return _dates_only(extract(tokens, calendar.local_date(now), calendar, [False] * len(tokens)))


_SOME_DAYS = re.compile(
    r"\b(?:\d{1,2}|a|one|two|three|four|five|six|seven|(?:a\s+)?couple(?:\s+of)?|(?:a\s+)?few|"
    r"several|some)\s+(?:more\s+)?(?:working\s+|business\s+)?days?\b(?!\s+(?:from|starting|after|"
    r"beginning|of\b))"
)


def _count_from_open_start(ex: Extraction, items: list[DateItem], calendar: WorkCalendar) -> None:
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


def _plan_without_dates(ex: Extraction, items: list[DateItem], low: str) -> bool:
    """Some days within a week or month, not said which (``a couple of days next week``)."""
    if not any(n in _PLAN_NOTES for it in ex.items for n in it.notes) and not (
        _SOME_DAYS.search(low) and items
    ):
        return False
    return all(it.kind in ("week", "this_week", "set", "month") for it in items if it.dates)


def _is_onset(ex: Extraction, item: DateItem) -> bool:
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


_ABOUT = frozenset({"about", "abt", "regarding", "re", "on"})
_UPDATE_WORDS = frozenset(
    {"update", "updates", "know", "sure", "confirm", "inform", "posted", "decide", "idea", "tbd"}
)


def _is_update_about(ex: Extraction, item: DateItem) -> bool:
    """``will update about tomorrow``, ``not sure about Friday``: a date still open."""
    k = item.start - 1
    while k >= 0 and ex.tokens[k].text in ("the", "for"):
        k -= 1
    if k < 1 or ex.tokens[k].text not in _ABOUT:
        return False
    for j in range(k - 1, max(-1, k - 4), -1):
        if ex.tokens[j].text in (":", ".", "!", "?", ";"):
            return False  # "Update: Leave on 27th Nov not required now": a heading
        if ex.tokens[j].text in _UPDATE_WORDS:
            return True
    return False


def _apply_back(
    items: list[DateItem],
    backs: list[DateItem],
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
    for b in backs:
        day = b.dates[0]
        if b.weekdays is not None:  # "back on Thursday": the first one after the leave starts
            while day <= start_at:
                day += dt.timedelta(days=7)
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


def _portions(
    ex: Extraction, items: list[DateItem], today: dt.date
) -> list[tuple[dt.date, Portion]]:
    """Each date with its portion: every half-day word binds to the nearest date item.

    Items that do not count (a return date, someone else's days) still take
    the words next to them (``sick since yesterday evening``), which then
    mark nothing. ``morning and afternoon`` bind together; a plural
    (``Wednesday and Friday mornings``) marks the whole list before it.
    """
    every = ex.items if all(it in ex.items for it in items) else items
    counted = {id(it) for it in items}
    sides: dict[int, set[str]] = {id(it): set() for it in every}
    implicit: set[str] = set()
    own_days: list[tuple[dt.date, Portion]] = []
    last: tuple[Mark, int] | None = None
    for mark in ex.marks:
        if not items:
            implicit.add(mark.side)
            continue
        best: int | None = None
        of_its_own = mark.end < len(ex.tokens) and ex.tokens[mark.end].text == "of"
        if (
            last is not None
            and {last[0].side, mark.side} == {"am", "pm"}
            and _joined(ex, last[0].end, mark.start)
            and not of_its_own  # "first half and second half of tomorrow": tomorrow's
        ):
            best = last[1]
        if best is None:
            seg = ex.segments[mark.start]
            best = _nearest(mark, every, ex, seg)
            if best is None and mark.start > 0 and ex.tokens[mark.start - 1].text == "this":
                # "urgent care this morning. Out today and tomorrow": a day of its own
                own_days.append((today, "am" if mark.side == "am" else "pm"))
                continue
            if best is None:  # "• 7/15 - ultrasound, first half": the date on its own line
                best = _nearest_in_line(mark, every, ex)
            if best is None:
                best = _nearest(mark, every, ex, None)
        if best is None:
            continue
        last = (mark, best)
        sides[id(every[best])].add(mark.side)
        if mark.plural:
            k = best
            while k > 0 and _joined(ex, every[k - 1].end, every[k].start):
                k -= 1
                sides[id(every[k])].add(mark.side)
            k = best  # "the afternoons of the 24th and the 31st": the list after it too
            while k + 1 < len(every) and _joined(ex, every[k].end, every[k + 1].start):
                k += 1
                sides[id(every[k])].add(mark.side)
    out: list[tuple[dt.date, Portion]] = []
    for item in items:
        portion = _portion_of(sides[id(item)]) if id(item) in counted else "full"
        out.extend((d, portion) for d in item.dates)
    if not items and implicit:
        out.append((today, _portion_of(implicit)))
    return out + own_days


_MARK_JOINERS = frozenset({"and", "&", ",", "+", "plus", "n"})


def _joined(ex: Extraction, end: int, start: int) -> bool:
    """Only list joiners between token ``end`` and token ``start``."""
    return end <= start and all(ex.tokens[t].text in _MARK_JOINERS for t in range(end, start))


def _nearest(mark: Mark, items: list[DateItem], ex: Extraction, seg: int | None) -> int | None:
    best: int | None = None
    best_dist = 1 << 30
    for k, item in enumerate(items):
        if seg is not None and not any(
            ex.segments[t] == seg for t in range(item.start, min(item.end, len(ex.segments)))
        ):
            continue
        if item.end <= mark.start:
            dist = mark.start - item.end
        elif mark.end <= item.start:
            dist = item.start - mark.end
        else:
            dist = 0
        if dist < best_dist:
            best, best_dist = k, dist
    return best


def _nearest_in_line(mark: Mark, items: list[DateItem], ex: Extraction) -> int | None:
    """The nearest date item before ``mark`` on its own line or sentence, if any."""
    k = mark.start - 1
    while k >= 0 and ex.tokens[k].text not in (";", ".", "!", "?"):
        k -= 1
    line = [j for j, it in enumerate(items) if k < it.start < mark.start]
    return line[-1] if line else None


def _portion_of(sides: set[str]) -> Portion:
    if "full" in sides or ("am" in sides and "pm" in sides):  # "... so OOO the full day"
        return "full"
    if "am" in sides:
        return "am"
    if "pm" in sides:
        return "pm"
    if "half" in sides:
        return "am"
    return "full"


def _parse(
    text: str,
    now: dt.datetime,
    calendar: WorkCalendar,
    gated: bool,
    normalized: tuple[str, bool, bool],
) -> Parsed:
    today = calendar.local_date(now)
    norm, sick_emoji, truncated = normalized
    if ":" in norm:  # a form's "From: 07/06/2027" and "To: 10/06/2027" fields make a range
        norm = _FORM_FROM_TO.sub(r"from \1 to ", norm)
    low = norm.translate(_ASCII_LOWER)
    if not low.strip():
        return _none()
    if gated and not mentions(low, normalized=True):  # the channel's gate reads the same words
        return _none("no_trigger")
    clauses = _clauses(norm, low)
    for c in clauses:
        _classify(c, low[c.start : c.end], low)
        if sick_emoji and not (c.trigger or c.sick):
            # "Crook today, sinus infection 🤧": a word of illness that is weak alone
            c.sick = bool(_SICK.search(_not_sick_senses(low[c.start : c.end])))
    if "?" in low:
        _alternative_questions(clauses, low)
    for k in range(1, len(clauses)) if "?" in low else ():
        c, prior = clauses[k], clauses[k - 1]
        words = [w for w in _words(low[c.start : c.end]) if w not in _JOINED and w != "?"]
        if (
            c.question
            and not prior.question
            and (prior.cancel or prior.trigger)
            and words
            and all(_dateish(w) or w[:1].isdigit() or w in ("the", "of", "on") for w in words)
        ):
            c.question, c.cancel, c.invite = False, prior.cancel, prior.invite  # "... and 11/10?"
    if "?" in low:
        _polite_sentences(clauses, low)
    for k in range(len(clauses) - 1, 0, -1):
        prior = clauses[k - 1]
        if (
            clauses[k].cancel
            and not prior.cancel
            and (prior.weak or prior.trigger)
            and low[prior.start : prior.end].rstrip().endswith(" and")
            and _NOT_TAKING.search(low[prior.start : prior.end])
        ):
            prior.cancel = True  # "I'm not taking 16th and 17th Sept anymore": one cancel
    if (
        "well" in low
        or "better" in low
        or "recovered" in low
        or "pole" in low
        or "beter" in low
        or "back" in low
    ) and _WELL_AGAIN.search(low):
        _wishes_and_recoveries(clauses, low)
    for k in range(1, len(clauses)) if " so" in low else ():
        before = low[clauses[k - 1].start : clauses[k - 1].end].rstrip()
        if before.endswith((" so", ",so")) and _CONSEQUENCE.match(
            low[clauses[k].start : clauses[k].end]
        ):
            clauses[k].later = True  # "Leave on 15/9 and 17/9 so I get the whole week"
    for k in range(1, len(clauses)) if " but " in low else ():
        # "was out sick yesterday, still rough today but working": today is worked
        if (
            _BUT_WORKING.match(low[clauses[k].start : clauses[k].end])
            and low[clauses[k - 1].start : clauses[k].start].rstrip().endswith("but")
            and (
                not clauses[k - 1].trigger
                # "Out at the Swansea depot all day tomorrow but working": out at a place
                or bool(_OUT_AT.search(low[clauses[k - 1].start : clauses[k - 1].end]))
            )
        ):
            clauses[k - 1].wfh = True
    if "not " in low and (
        _NOT_TAKING_JUST.search(low)
        or any(_NOT_ON_LEAVE_ALONE.match(low[c.start : c.end]) for c in clauses[1:])
    ):  # "... but not taking leave, just slow", "shorter hours this month, not on leave"
        for c in clauses:
            if _NOT_AWAY_JUST.search(low[c.start : c.end]):
                c.cancel, c.wfh = False, True
            elif c.weak and not c.trigger:
                c.wfh = True  # "Business trip Wed-Thu, not on leave": away, but working
    if "early" in low and _EARLY_THEN_AT.search(low):  # "I'll leave early on Wednesday, around 1"
        for c in clauses:
            c.weak = c.weak or (not c.trigger and " early" in low[c.start : c.end])
    if " late" in low and _LATE_THEN_IN.search(low):  # "I'll be in late tomorrow, ... in by 11"
        for c in clauses:
            c.weak = c.weak or (not c.trigger and " late" in low[c.start : c.end])
    if ";" in low and _LEAVE_FORM.search(low):  # "Leave application:\nType: VL\nDates: 01/18"
        for c in clauses:
            c.announce = c.announce and not _LEAVE_FORM_HEAD.match(low[c.start : c.end])
    for k, c in enumerate(clauses):
        # "Could I take tomorrow and Wednesday off please?", "Can I have Fri 27th off? Moving
        # house": a request for days, said as a question, not a question about leave
        here = low[c.start : c.end]
        if (
            c.own_question
            and _ASKING_FOR_DAYS.match(here)
            and not _ASKING_WHETHER.search(here)
            and dated(here)
            and (_PLEASE.search(low) or any(not d.question for d in clauses[k + 1 :]))
        ):
            c.question = c.own_question = False
            c.weak = c.weak or not c.trigger  # "can I get the 8th, 9th and 10th of July please?"
    for k in range(1, len(clauses)) if "?" in low else ():
        # "off tomorrow and Wednesday?": the last piece of a list is asked with its sentence
        c, head = clauses[k], clauses[k - 1]
        at = k - 1
        while at > 0 and _goes_on(clauses[at - 1], clauses[at], low):
            at -= 1  # "the 2nd, 3rd and 4th of December?": the list's first piece decides
        lead = clauses[at]
        if (
            c.question
            and not head.question
            and (lead.trigger or lead.weak or lead.first_person)
            and not lead.question
            and not _QUESTION_START.match(low[c.start : c.end])
            and _goes_on(head, c, low)
        ):
            c.question = c.own_question = False
    if " from my " in low and not any(c.cancel for c in clauses):
        # "please drop the 18th and 19th from my AL": the list split the clause
        drop_verb = _DROP_FROM_LEAVE.search(low)
        at = drop_verb.start() if drop_verb else -1
        for c in clauses:
            c.cancel = c.cancel or c.start <= at < c.end
    asked = False
    for c in clauses if "?" in low else ():  # "Can you cancel my leave on the 9th and 10th?"
        here = low[c.start : c.end]
        if asked and c.question and not _QUESTION_START.match(here):
            c.question = c.own_question = False
        asked = (asked or bool(_POLITE_REQUEST.match(here))) and "?" not in here
    for k in range(1, len(clauses)) if "?" in low else ():
        # "Friday and Saturday don't count as leave days here, right?": a tag question
        if (
            clauses[k].question
            and not clauses[k - 1].first_person
            and _TAG_QUESTION.match(low[clauses[k].start : clauses[k].end])
        ):
            clauses[k - 1].question = True
            clauses[k - 1].own_question = clauses[k - 1].own_question or bool(
                _OWN_QUESTION.search(low[clauses[k - 1].start : clauses[k - 1].end])
            )
    if _HEADED_ANNOUNCEMENT.match(low):
        for k, c in enumerate(clauses):  # "Reminder: timesheets due Friday, including PTO hours"
            # ... but "PSA: I'm out Friday and all of next week" goes on with the author
            mine = k > 0 and clauses[k - 1].first_person and _goes_on(clauses[k - 1], c, low)
            c.first_person = c.first_person or mine
            c.announce = c.announce or not c.first_person
    _continue_subjects(clauses, low)
    tokens = tokenize(norm, low)
    # A past-tense message reads bare weekdays and dates backwards, except in
    # the clauses that speak of the future and in a cancel (of leave yet to come)
    # that is not itself in the past tense.
    past = [False] * len(tokens)
    if _PAST.search(low):
        later = [
            c
            for c in clauses
            if _FUTURE.search(low[c.start : c.end])
            or (c.cancel and not _PAST.search(low[c.start : c.end]))
        ]
        if later and any(c.cancel for c in later):
            # "I had applied leave for 6th-8th April, pls cancel 8th": booked in the past,
            # for days to come; and what the cancel says without a past verb is to come too
            later += [
                c
                for c in clauses
                if _BOOKED.search(low[c.start : c.end]) or not _PAST.search(low[c.start : c.end])
            ]
        for k in range(1, len(clauses)):  # "Taking tomorrow and Friday as sick days, just had..."
            if (
                clauses[k - 1] in later
                and clauses[k] not in later
                and _goes_on(clauses[k - 1], clauses[k], low)
            ):
                later.append(clauses[k])
        for c in clauses:
            if c.trigger and c not in later and not _PAST.search(_sentence_of(low, c)):
                later.append(c)  # "Had a fall yesterday. SL Monday and Tuesday": said anew
        past = [not any(c.start <= t.pos < c.end for c in later) for t in tokens]
    ex = extract(tokens, today, calendar, past)

    own = [
        c
        for c in clauses
        if not c.excluded
        and (c.trigger or ((c.weak or c.sick) and _weak_ok(c, low[c.start : c.end])))
    ]
    if (
        own
        and all(c.sick and not (c.trigger or c.weak) for c in own)
        and any(c.wfh and not c.third for c in clauses)
    ):
        own = []  # "Dodgy tummy, working from home today": ill, but working
    cancel_clauses = [c for c in clauses if c.cancel and not c.third and not c.question]
    is_cancel = bool(cancel_clauses) and (
        _bare_cancel(ex, clauses)
        or bool(_LEAVE_ISH.search(low))
        or bool(_LEAVE_ABBREVIATION.search(norm))
        or any(_TAKING_DAYS.search(low[c.start : c.end]) for c in cancel_clauses)
    )
    reasons: list[str] = []
    if truncated:
        reasons.append("truncated")

    if not own and not is_cancel:
        if any(c.own_question and (c.trigger or c.weak) for c in clauses) or (
            any(c.own_question for c in clauses)
            and any(c.question and (c.trigger or c.weak) for c in clauses)
        ):  # "Can I book 23-27 March as A/L please?"
            return _none("question", sure=False)
        unknown = _UNKNOWN_ABBREVIATION.search(norm) if cancel_clauses else None
        if unknown:  # "cancel my PH on Friday": a leave the rules do not know, or not one
            return _none("unknown_abbreviation: " + unknown.group("abbr"), sure=False)
        guesses = [c for c in clauses if c.guessed and (c.trigger or c.weak)]
        if len(guesses) == 1 and not any(c.third and not c.guessed for c in clauses):
            # "Arjun OOO Thu": a roll call of one, or a word the rules took for a name
            return _none("name_guess", sure=False)
        if not _dates_only(ex) and not _dates_then_reason(ex, clauses, tokens):
            return _none()
        own = clauses  # "3 days from Tuesday" alone, in the leave channel
    if not is_cancel and (
        any((c.trigger or c.weak) and _TENTATIVE.search(low[c.start : c.end]) for c in own)
        or any(_NOW_UNSURE.match(low[c.start : c.end]) for c in clauses[1:])
    ):
        return _none("tentative", sure=False)  # "thinking of taking Friday off"
    if not is_cancel and _HOURS.search(low):
        return _none("hours", sure=False)  # "offline for a couple of hours": not a day away

    # Which date items count: not in a clause about someone else, WFH, a question...
    items: list[DateItem] = []
    notes: list[str] = []
    backs: list[DateItem] = []
    onsets: list[DateItem] = []
    events: list[DateItem] = []
    kept = [
        is_cancel
        and not c.cancel
        and bool(_KEEPING.match(low[c.start : c.end]) or _SHORTEN_TO.search(low[c.start : c.end]))
        for c in clauses
    ]
    # "13th leave remains as it is", "Thursday stays"
    stays = [
        is_cancel
        and bool(
            _STAYS.search(low[c.start : c.end + 12]) or _STAYS_BARE.search(low[c.start : c.end])
        )
        for c in clauses
    ]
    for k, c in enumerate(clauses):
        if stays[k] and not c.cancel:
            kept[k] = True
    for k in range(len(clauses) - 1, 0, -1):
        # "11/23 and 11/24 stay as is": the dates before the kept one's "and" stay too
        prior = clauses[k - 1]
        if (
            kept[k]
            and not kept[k - 1]
            and not (prior.cancel or prior.trigger)
            and low[prior.start : prior.end].rstrip().endswith((" and", "&"))
            and stays[k]
            and _subjectless([w for w in _words(low[prior.start : prior.end]) if w not in _JOINED])
        ):
            kept[k - 1] = True
    _continue_keeping(kept, clauses, low)
    kept_days: set[dt.date] = set()
    excepted: set[dt.date] = set()
    if is_cancel and "(" in low:
        for aside in _ASIDE_STAYS.finditer(low):  # "remove Friday (Thursday stays)"
            for it in ex.items:
                if aside.start() <= tokens[it.start].pos < aside.end():
                    kept_days.update(it.dates)
    for it in ex.items:
        if it.placed and all(_excepted(tokens, p) for p in it.placed):
            it.dates, it.contributes = it.week_days, True  # "next week off, except the Monday"
    if any(kept):
        weeks = [
            it.dates[0] - dt.timedelta(days=it.dates[0].weekday())
            for it in ex.items
            if it.kind == "week"
            and it.dates
            and not kept[_clause_of(tokens[it.start].pos, clauses)]
        ]
        for it in ex.items:
            if kept[_clause_of(tokens[it.start].pos, clauses)]:
                kept_days.update(it.dates)
                if it.weekdays is not None:
                    # "cancel next week's leave? Keeping Friday": that week's Friday
                    kept_days.update(
                        monday + dt.timedelta(days=d)
                        for monday in weeks
                        for d in range(it.weekdays[0], it.weekdays[1] + 1)
                    )
            elif it.placed and all(
                kept[_clause_of(tokens[p.start].pos, clauses)] for p in it.placed
            ):  # "Cancel my PTO for next week, keeping Friday": the week is cancelled
                it.dates, it.contributes = it.week_days, True
    if any(kept):
        # "cancel Tuesday, keeping the half day on Wed": what is kept is not cancelled
        ex.marks = [m for m in ex.marks if not kept[_clause_of(tokens[m.start].pos, clauses)]]
    excepting = any(word in low for word in _EXCEPT_HINTS)
    for item in ex.items:
        at = _clause_of(tokens[item.start].pos, clauses)
        clause = clauses[at]
        if kept[at]:
            continue
        k = item.start if tokens[item.start].text == "from" else item.start - 1
        if k > 0 and tokens[k].text == "from" and tokens[k - 1].text in _ASKED_THINGS:
            continue  # "approve my leave request from last week": when it was asked
        if excepting and _excepted(tokens, item):
            excepted.update(item.dates)  # "next week off, except the Monday"
            continue
        if _not_taken(tokens, item, ex, items, low):
            continue  # "... anyway so full week break": what the days add up to
        if _in_announced_aside(tokens, item, low) or _said_to_be_a_holiday(tokens, item, low):
            continue  # "(23rd is holiday anyway)": a day named in an aside, not taken
        if (clause.excluded and not clause.cancel) or clause.later or _is_update_about(ex, item):
            if _is_event(clause) and item.contributes and item.dates:
                events.append(item)
            continue
        if _is_back_context(ex, item):
            if item.contributes and item.dates:
                backs.append(item)
            continue
        if _is_onset(ex, item) and item.contributes and item.dates:
            # "sick since Monday"; "pending since last week" is no absence at all
            if any(c.trigger or c.weak or c.sick for c in clauses[max(0, at - 1) : at + 1]):
                onsets.append(item)
            continue
        if item.contributes:
            items.append(item)
    if is_cancel and any(clauses[_clause_of(tokens[it.start].pos, clauses)].cancel for it in items):
        # "I booked 15-19 Nov but please cancel 18 and 19": what is cancelled, not the booking
        items = [
            it
            for it in items
            if not _in_booking(clauses[_clause_of(tokens[it.start].pos, clauses)], low)
        ]
    if is_cancel and any(
        clauses[_clause_of(tokens[m.start].pos, clauses)].cancel for m in ex.marks
    ):
        # "Cancel the afternoon half of my leave on 5th July, I'll log in after lunch": the half
        # cancelled is the cancel's own; when the author is back is no second half
        ex.marks = [m for m in ex.marks if clauses[_clause_of(tokens[m.start].pos, clauses)].cancel]
    if any(c.wfh for c in clauses):  # "I work from home in the morning": that half is worked
        ex.marks = [
            m for m in ex.marks if not clauses[_clause_of(tokens[m.start].pos, clauses)].wfh
        ]
    if (
        events
        and not any(it.dates for it in items)
        and not onsets
        and (ex.marks or _THAT_DAY.search(low))
    ):
        # "my daughter's carnival is Friday so I'm taking the morning": the event's day
        items.extend(events)
    if onsets and not any(it.dates for it in items):
        # "sick since Monday" and nothing else: from then to today, unsure
        for it in onsets:
            if it.weekdays is not None and it.dates[0] > today:  # since the last Monday
                it.dates = [d - dt.timedelta(days=7) for d in it.dates]
        first = min(it.dates[0] for it in onsets)
        if first <= today:
            span = [first + dt.timedelta(days=k) for k in range((today - first).days + 1)]
            items.append(DateItem(onsets[0].start, onsets[0].end, span, "range", ["open_range"]))
    if backs:
        elsewhere = frozenset(
            d for it in ex.items if it not in items and it not in backs for d in it.dates
        )
        notes.extend(_apply_back(items, backs, today, calendar, elsewhere))
    _count_from_open_start(ex, items, calendar)
    if not is_cancel and _plan_without_dates(ex, items, low):
        # "a few days off next week": the bot asks which
        unplaced = ("unplaced: " + " ".join(dict.fromkeys(ex.unplaced)),) if ex.unplaced else ()
        return _none(*unplaced, "no_dates", sure=not unplaced, own=bool(unplaced))
    for item in ex.items:
        if item in items or (not item.contributes and item not in backs):
            notes.extend(item.notes)
    notes.extend(n for n in ex.notes if n in _GRAMMAR_DOUBTS)
    strays = list(ex.unplaced)
    counted = _N_DAYS.search(low)
    if counted and "days" in strays:
        # "I will take 2 days off, on 12 and 13 March": the count only says how many
        n = (
            int(counted.group(1))
            if counted.group(1).isdigit()
            else NUMBER_WORDS.get(counted.group(1))
        )
        named_days = {d for it in items for d in it.dates if calendar.is_working_day(d)}
        if n is not None and n == len(named_days):
            strays = [u for u in strays if u != "days"]
    if strays:
        notes.append("unplaced: " + " ".join(dict.fromkeys(strays)))
    named = _BEFORE_A_NAME.search(norm)
    if named:  # "Wed before Thanksgiving": a day placed by an event the rules do not know
        notes.append("unplaced: " + named.group())

    intent: Intent = "cancel" if is_cancel else "leave"
    category: Category | None = None
    if intent == "leave":
        sick = (
            sick_emoji
            or bool(_SICK.search(_not_sick_senses(low)))
            or ("ER" in norm and bool(_EMERGENCY_ROOM.search(norm)))
            or bool(_SICK_LEAVE_ABBREVIATION.search(low))
            or (not low.isascii() and bool(_CJK_SICK.search(low)))
        )
        category = "sick" if sick else "vacation"
        if cancel_clauses:  # "please cancel my Urlaub on 3.7.": a cancel of a word not known
            reasons.append("mixed_intent")
    elif any(c.trigger and not c.cancel and not c.excluded for c in clauses) and (
        _RESCHEDULE.search(low)
    ):
        reasons.append("mixed_intent")
    if _RESCHEDULE.search(low) and "mixed_intent" not in reasons:
        reasons.append("reschedule")
    if any(c.third and (c.trigger or c.weak) for c in clauses) and intent == "leave":
        reasons.append("others_mentioned")

    if intent == "cancel" and not items and "th" in low:
        # "I'll cover the change freeze on 29-30 Dec, so those two come off my leave": the days
        # said before the cancel that points back at them
        said_before = [
            it
            for it in ex.items
            if it.dates
            and it.contributes
            and not clauses[_clause_of(tokens[it.start].pos, clauses)].third
        ]
        if any(c.cancel and _THOSE.search(low, c.start, c.end) for c in clauses):
            items = said_before
    raw_days = _portions(ex, items, today)
    if is_cancel and not items and kept_days and ex.marks:
        # "Only need the morning of June 1 now, please cancel the afternoon part": the other
        # half of the day kept
        cancelled = [
            m for m in ex.marks if clauses[_clause_of(tokens[m.start].pos, clauses)].cancel
        ]
        sides = {m.side for m in cancelled}
        if sides in ({"am"}, {"pm"}):
            raw_days = [(d, "am" if "am" in sides else "pm") for d in sorted(kept_days)]
            kept_days = set()
    if "today" in low and _NOT_BACK_TODAY.search(low):
        # "at the ER since this morning, won't be back today": the whole of today
        raw_days = [(d, "full" if d == today else p) for d, p in raw_days]
    if kept_days:  # what the author keeps is not cancelled
        raw_days = [(d, p) for d, p in raw_days if d not in kept_days]
    if excepted:
        raw_days = [(d, p) for d, p in raw_days if d not in excepted]
    if not items and not ex.marks:
        if intent == "cancel":
            doubts = [*reasons, *(n for n in notes if n != "ambiguous_count")]
            return Parsed(
                request=LeaveRequest(intent="cancel"),
                sure=not doubts,
                source="rules",
                reasons=(*doubts, "no_dates"),
                own=_is_own(reasons),
            )
        pending = [n for n in notes if n != "ambiguous_count"]
        # "leaving now, see you tomorrow" signs off; "Leaving now, the school called" is away
        wish = bool(_WISH.search(low)) and not (
            _LEAVING_NOW.search(low) and not _SIGN_OFF.search(low)
        )
        sick_state = category == "sick" and not re.search(r"\b(?:need|want|planning)\b", low)
        if (wish and not sick_state) or pending:
            return _none(
                *reasons,
                *pending,
                "no_dates",
                sure=not pending and not reasons,
                own=bool(pending) and _is_own(reasons),
            )
        if not (_PRESENT.search(low) or sick_state):
            # no date and not clearly about today: not read as a leave on a guessed day (the
            # bot asks which days when it is clearly the author's own, else keeps quiet)
            return _none(*reasons, "assumed_today", sure=False, own=_is_own(reasons))
        raw_days = [(today, "full")]
    # today by default ("na L4 do piątku", "half day po ako bukas"): unknown words may be the date
    if (
        intent == "leave"
        and not items
        and "assumed_today" not in reasons
        and (doubt := _unfamiliar_doubt(norm))
    ):
        reasons.append(doubt)

    if intent == "leave" and (
        "now" in low
        or " for the" in low
        or "lunch" in low
        or "off at" in low
        or " home" in low
        or "for today" in low
        or "early" in low
        or "rest of" in low
    ):
        raw_days = _leaving_now(raw_days, low, today, now, calendar)
    days = normalize_days(raw_days, calendar)
    if raw_days and not days:
        reasons.append("non_working_days")
    dropped = _dropped(items, raw_days, calendar)
    if ex.past_used:
        reasons.append("past_tense")
    reasons.extend(dict.fromkeys(notes))
    breach = limit_breach(days, today)
    if breach:
        reasons.append("limits: " + breach.message)
    doubts = [r for r in reasons if r not in ("non_working_days", "no_dates")]
    request = LeaveRequest(intent=intent, category=category, days=days)
    return Parsed(
        request=request,
        sure=not doubts,
        source="rules",
        reasons=tuple(reasons),
        own=_is_own(reasons),
        limit=breach,
        dropped=dropped if intent == "leave" else (),
    )


def _dropped(
    items: list[DateItem], raw_days: list[tuple[dt.date, Portion]], calendar: WorkCalendar
) -> tuple[DroppedDay, ...]:
    """The named dates left out as non-working, for the prompt to say so.

    A date named on its own (``Saturday``, ``25 Dec``) is listed whatever made it
    non-working; inside a range, a week or a count only its holidays are (the
    weekends of a range are expected to go), unless none of its dates is a working
    day (``this weekend``). A leave with no date named (``out sick``) names today.
    """
    named: set[dt.date] = set()
    for item in items:
        if item.kind == "point" or not any(calendar.is_working_day(d) for d in item.dates):
            named.update(item.dates)
        else:
            named.update(d for d in item.dates if calendar.holiday_name(d) is not None)
    if not items:
        named.update(d for d, _ in raw_days)
    return dropped_days(named, calendar)
