"""The deterministic rules parser: one Slack message to a ``Parsed``.

``parse_rules(text, now, calendar)`` follows every convention of
``spec/parsing.md``; it is offline, deterministic and never raises. The date
grammar lives in ``leavebot.parsing.dates``, the vocabulary in
``leavebot.parsing.lexicon`` and the Slack markup clean-up in
``leavebot.parsing.markup``; this module owns the reading of the message as a
whole: its intent (leave, cancel or none), its category (sick or vacation),
which of its dates count, and whether the reading is sure.

``Parsed.sure`` is ``True`` only when the whole message was understood. Each
entry of ``Parsed.reasons`` starts with a code, optionally followed by
``": "`` and a short human detail. The codes:

Informational (the answer can still be sure):

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
- ``count_without_start``: ``for 3 days`` with no start date.
- ``ambiguous_count``: ``2 days from today`` (read as one day, two days later).
- ``past_tense``: a past-tense message whose weekday or date was read backwards.
- ``assumed_today``: a leave with no date that is not clearly about today.
- ``mixed_intent``: both cancel and leave words (e.g. rescheduling).
- ``reschedule``: moving, shifting or extending leave.
- ``question``: the author asks about their own leave (``can I take Friday off?``).
- ``others_mentioned``: someone else's leave is mentioned beside the author's.
- ``limits``: ``check_limits`` refused the days (too many, too far).
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
    check_limits,
    dropped_days,
    normalize_days,
)
from leavebot.parsing.dates import DateItem, Extraction, Mark, extract, tokenize
from leavebot.parsing.lexicon import (
    MONTHS,
    RELATIVE_DAYS,
    SICK_EMOJI,
    SICK_SHORTCODES,
    WEEKDAYS,
)
from leavebot.parsing.markup import slack_to_text
from leavebot.parsing.outcome import Parsed
from leavebot.types import Category, Intent, Portion

MAX_CHARS = 2000

_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")
_TWO_WORDS = re.compile(r"\b2(?:mor+o\w*|mrw|mrrw|mro|mor+ow)\b", re.IGNORECASE)
_PUNCT_MAP = str.maketrans(
    {
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u2015": "-",
        "\u2212": "-",
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
_SHORTCODE = re.compile(r":([a-z0-9_+-]{1,40}):")
_URL = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)
_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?|[?]")
_CLAUSE_SPLIT = re.compile(
    r"[!?;]+|(?<!\d)\.(?!\d)|,|\b(?:but|however|although|though|because|coz|cuz|and|then|"
    r"so|as|since|also|plus)\b|&"
)

_GREET = (
    r"(?:(?:hi|hey|hello|hiya|dear|good\s+(?:morning|afternoon|evening|day)|gm|fyi|update|note|"
    r"team|all|folks|guys|everyone|everybody|y'all|sir|ma'am|madam|@here|@channel|@everyone|"
    r"#[\w-]+|just|also|and|so|but|ok|okay)[\s,:!.-]*)*"
)
_THIRD_SUBJECT = re.compile(
    r"^\s*" + _GREET + r"(?P<subj>@[\w.-]+|[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?|[Hh]e|[Ss]he|[Tt]hey|"
    r"[Ww]e|[Mm]y\s+(?:[a-z]+\s+)?(?:manager|lead|boss|colleague|teammate|team\s?mate|friend|"
    r"wife|husband|mom|mother|mum|dad|father|son|daughter|kid|kids|child|children|brother|"
    r"sister|parents?|team|teammates|cousin|uncle|aunt|grandma|grandmother|grandfather|grandpa|"
    r"spouse|partner|baby|reportee|intern|client|pm|tl|roommate|flatmate)|[Oo]ur\s+[a-z]+|"
    r"[Tt]he\s+(?:whole\s+team|entire\s+team|[a-z]+\s+team|[a-z]+)|"
    r"[Ee]veryone|[Ee]verybody|[Nn]obody|[Nn]o\s+one|[Ss]omebody|[Ss]omeone|"
    r"[Hh]alf\s+(?:of\s+)?the\s+team)"
    r"(?:'s|\s+(?:is|are|was|were|will|would|has|have|had|won't|wont|isn't|isnt|wasn't|can't|"
    r"cannot|might|may|took|takes|applied|needs|wants|called|'ll|also|too|got|gets|going|"
    r"must|should))\b"
)
_THIRD_POSSESSIVE = re.compile(
    r"\b(?:his|her|their)\s+(?:leave|leaves|pto|vacation|sick|half|day off|time off)\b|"
    r"\bon behalf of\b|\bleave (?:for|of) (?:@|[A-Z][a-z]+\b(?<!\bI))|"
    r"\b[A-Z][a-z]+'s\s+(?:leave|pto|vacation|half|sick|day off)\b|"
    r"\b(?:[Hh]e|[Ss]he|[Tt]hey)\s+(?:is|are|was|will|'s|'ll)\b"
)
_NON_NAMES = frozenset(
    set(MONTHS)
    | set(WEEKDAYS)
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
_POLITE_REQUEST = re.compile(
    r"^\s*" + _GREET + r"(?:can|could|would|will)\s+(?:you|u|someone|somebody|anyone)\s+"
    r"(?:please\s+|pls\s+|plz\s+|kindly\s+)?(?:mark|record|log|add|apply|update|put|approve|"
    r"note|register|enter|book|cancel|remove|revoke|delete|withdraw)\b"
)
_OWN_QUESTION = re.compile(
    r"\b(?:can|could|may|should|shall)\s+i\b|\bam\s+i\s+(?:allowed|able)\b|"
    r"\bis\s+it\s+(?:ok|okay|fine|possible)\b|\bwould\s+it\s+be\b|\bcan\s+i\s+take\b"
)
_WFH = re.compile(
    r"\b(?:wfh|wfo|wfa|work(?:ing)?\s+(?:from|frm)\s+(?:home|office|anywhere|hometown)|"
    r"work(?:ing)?\s+remotely|remote(?:ly)?\s+work(?:ing)?|working\s+from\s+\w+|remote\s+today|"
    r"remote\s+tomorrow)\b"
)
_ANNOUNCE = re.compile(
    r"\b(?:polic(?:y|ies)|holiday\s+(?:list|calendar|schedule)|list\s+of\s+holidays|"
    r"(?:public|national|bank|company|declared|festival|optional|restricted|mandatory)\s+holidays?|"
    r"office\s+(?:is\s+|will\s+be\s+)?(?:closed|shut)|(?:is|are|will\s+be)\s+(?:a\s+)?"
    r"(?:public\s+|national\s+|company\s+|bank\s+|an\s+office\s+)?holidays?\b|reminder|"
    r"all\s+employees|leave\s+balance|leaves?\s+(?:left|remaining|balance|quota|tracker|portal|"
    r"calendar|sheet|system|process|application\s+process)|hr\s+portal|"
    r"please\s+(?:apply|update|submit|mark|add|plan|inform)\s+(?:your|their|all|leaves?\b)|"
    r"(?:apply|update|submit)\s+your\s+leaves?|make\s+sure|do\s+not\s+forget|don't\s+forget|"
    r"team\s+outing|offsite|happy\s+holidays?|happy\s+(?:diwali|new\s+year|holi|christmas|"
    r"thanksgiving|weekend|friday)|enjoy\s+(?:the|your)\s+(?:holiday|weekend|vacation|break)|"
    r"carry\s+forward|encash\w*|accrue\w*|accrual)"
)
_CANCEL = re.compile(
    r"\b(?:cancel\w*|revok\w*|withdraw\w*|retract\w*|rescind\w*|undo|scrap\w*|"
    r"call(?:ing|ed)?\s+off|disregard|ignore\s+(?:my|the)\s+(?:previous|earlier|last|above)|"
    r"no\s+longer|not\s+taking\b.{0,40}?\b(?:off|leave|pto|holiday|vacation)\s+any\s?more|"
    r"not\s+(?:taking|going\s+on|on)\s+(?:a\s+|the\s+|my\s+)?(?:leave|pto|off|vacation)\b"
    r"(?:.{0,30}any\s?more)?|won'?t\s+be\s+taking|will\s+not\s+be\s+taking|"
    r"not\s+going\s+to\s+take|don'?t\s+need\s+(?:the\s+|my\s+|that\s+)?(?:leave|day\s+off|"
    r"time\s+off|pto|off)|(?:leave|off|pto)\s+(?:is\s+|has\s+been\s+)?cancel\w*|"
    r"any\s?more|after\s+all)\b"
)
_LEAVE_ISH = re.compile(
    r"\b(?:leaves?|lv|pto|off|ooo|vacation|holiday|half\s*-?\s*day|hd|sick|request|absence|"
    r"it|that|sl|cl)\b"
)
_RESCHEDULE = re.compile(
    r"\b(?:instead|reschedul\w*|postpon\w*|prepon\w*|shift(?:ing|ed)?|mov(?:e|ing|ed)|"
    r"chang(?:e|ing)\s+(?:my\s+|the\s+)?(?:leave|pto|dates?|it|day)|swap\w*|extend\w*|"
    r"extension|rather)\b"
)
_SICK = re.compile(
    r"\b(?:sick|sickness|unwell|ill|illness|not\s+(?:feeling\s+|keeping\s+)?(?:well|good|ok|okay|"
    r"great|fine|100%)|under\s+the\s+weather|fever|feverish|flu|cold|cough|coughing|migraine|"
    r"headache|head\s*ache|doctor|doctors|doc's|dr|hospital|hospitali[sz]ed|medical|medicine|"
    r"medication|injury|injured|food\s+poisoning|dentist|dental|toothache|clinic|surgery|"
    r"operation|check-?up|health|vomit\w*|nausea|diarrh\w*|stomach|covid|corona|viral|"
    r"infection|sprain\w*|fracture\w*|pain|ache|aching|allerg\w*|throat|dengue|malaria|typhoid|"
    r"chickenpox|chicken\s+pox|jaundice|physio\w*|therapy|blood\s+test|mri|x-?ray|vaccin\w*|"
    r"cramps|admitted|bed\s*rest|recover\w*|sinus|asthma|stitches|sl|ent|eye\s+(?:checkup|"
    r"check-?up|infection|test)|loose\s+motions?|gastro\w*|body\s+ache|backache|burn\w*)\b"
)
_PAST = re.compile(
    r"\b(?:was|were|had|took|went|missed|couldn't|could\s+not|didn't|did\s+not|stayed|fell|"
    r"forgot|skipped)\b"
)
_FUTURE = re.compile(
    r"\b(?:will|'ll|shall|going\s+to|gonna|next|coming|upcoming|till|until|upto|from|"
    r"tomorrow|tmrw|tmr|planning|plan|onwards|need|want)\b"
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
    r"feeling|not\s+well|unwell|sick)\b"
)
_BACK_WORDS = frozenset(
    {
        "back",
        "return",
        "returning",
        "returns",
        "rejoin",
        "rejoining",
        "resume",
        "resuming",
        "since",
        "reachable",
        "see",
        "until",
    }
)
_BACK_SKIP = frozenset({"on", "by", "from", "in", "to", "office", "work", "the", "at", "you", "be"})
_ELLIPTIC_START = frozenset(
    {
        "will",
        "won't",
        "wont",
        "not",
        "can't",
        "cant",
        "cannot",
        "unable",
        "shall",
        "would",
        "might",
        "down",
        "feeling",
        "have",
        "having",
        "got",
        "need",
        "taking",
        "away",
        "absent",
        "unavailable",
        "off",
        "out",
    }
)
_LEAVE_NOUNS = frozenset({"leave", "leaves", "leav", "lv", "lve", "lvs", "leavs", "leavee"})
_LEAVE_VERB_NEXT = frozenset(
    {
        "it",
        "this",
        "that",
        "them",
        "him",
        "her",
        "us",
        "you",
        "a",
        "an",
        "now",
        "early",
        "soon",
        "behind",
        "alone",
        "office",
        "work",
        "home",
        "feedback",
        "comment",
        "comments",
        "note",
        "notes",
        "message",
        "messages",
        "at",
        "by",
        "right",
        "asap",
        "immediately",
        "shortly",
    }
)
_LEAVE_A_OK = frozenset(
    {
        "day",
        "week",
        "request",
        "application",
        "fortnight",
        "few",
        "couple",
        "half",
        "full",
        "long",
        "short",
        "sick",
        "personal",
        "casual",
        "month",
        "weeks",
        "days",
    }
)
_LEAVE_THE_OBJ = frozenset(
    {
        "office",
        "keys",
        "key",
        "room",
        "meeting",
        "call",
        "building",
        "house",
        "laptop",
        "door",
        "company",
        "team",
        "project",
        "car",
        "bike",
        "desk",
        "channel",
        "group",
        "country",
        "city",
        "org",
        "organisation",
        "organization",
        "job",
        "documents",
        "doc",
        "file",
        "parcel",
        "package",
    }
)
_LEAVE_FOR_PLACE = frozenset(
    {
        "lunch",
        "home",
        "office",
        "work",
        "now",
        "airport",
        "dinner",
        "the",
        "a",
        "an",
        "my",
        "station",
        "school",
        "hometown",
        "native",
        "breakfast",
        "tea",
        "coffee",
    }
)
_LEAVE_FOR_THE_OK = frozenset({"next", "rest", "whole", "entire", "week", "weekend", "day"})
_OUT_BAD_PREV = frozenset(
    {
        "figure",
        "find",
        "found",
        "check",
        "checked",
        "checking",
        "reach",
        "reached",
        "work",
        "worked",
        "sort",
        "sorted",
        "point",
        "pointed",
        "carry",
        "roll",
        "rolled",
        "rolling",
        "log",
        "logged",
        "look",
        "watch",
        "freak",
        "hang",
        "hanging",
        "chill",
        "opt",
        "opted",
        "rule",
        "ruled",
        "print",
        "printed",
        "zone",
        "spread",
        "stick",
        "head",
        "heading",
        "headed",
        "step",
        "stepping",
        "stepped",
        "pop",
        "popping",
        "go",
        "going",
        "went",
        "gone",
        "leaving",
        "left",
        "came",
        "come",
        "coming",
        "stand",
        "branch",
        "fill",
        "filled",
        "send",
        "sent",
        "sold",
        "run",
        "ran",
        "running",
        "blow",
        "burn",
        "burnt",
        "burned",
        "phase",
        "phased",
        "lay",
        "laid",
        "kick",
        "kicked",
        "cross",
        "crossed",
        "walk",
        "walked",
        "walking",
        "move",
        "moved",
        "moving",
        "type",
        "write",
        "wrote",
        "call",
        "called",
        "hear",
        "speak",
        "try",
        "tried",
        "test",
        "set",
        "sit",
        "sitting",
        "miss",
        "missing",
        "turn",
        "turned",
        "shout",
        "stay",
        "stayed",
        "eat",
        "eating",
        "dine",
        "dining",
        "ate",
        "day",
        "night",
        "way",
        "inside",
        "clock",
        "clocked",
        "clocking",
        "pull",
        "pulled",
        "drop",
        "dropped",
        "pass",
        "passed",
        "knock",
        "knocked",
        "pick",
        "picked",
        "help",
        "helped",
        "bail",
        "bailed",
        "sign",
        "signed",
        "time",
        "ship",
        "shipped",
        "release",
        "roll-out",
        "hand",
        "handed",
        "give",
        "gave",
        "giving",
        "put",
        "get",
        "got",
        "getting",
        "break",
        "broke",
        "stretched",
        "reaching",
        "fade",
        "wipe",
        "wiped",
        "max",
        "maxed",
        "turns",
        "figured",
    }
)
_OFF_BAD_PREV = frozenset(
    {
        "turn",
        "turned",
        "turning",
        "switch",
        "switched",
        "log",
        "logged",
        "logging",
        "sign",
        "signed",
        "signing",
        "kick",
        "kicked",
        "kicking",
        "kicks",
        "drop",
        "dropped",
        "dropping",
        "show",
        "showing",
        "cut",
        "pay",
        "paid",
        "hands",
        "laid",
        "lay",
        "far",
        "better",
        "badly",
        "dozed",
        "nodded",
        "shut",
        "cool",
        "cooling",
        "ward",
        "fend",
        "tip",
        "tipped",
        "tick",
        "ticked",
        "hold",
        "holding",
        "held",
        "put",
        "putting",
        "wear",
        "wore",
        "worn",
        "peel",
        "brush",
        "brushed",
        "shake",
        "shook",
        "round",
        "rounded",
        "start",
        "started",
        "trail",
        "level",
        "sell",
        "sold",
        "finish",
        "finished",
        "wrap",
        "wrapped",
        "pull",
        "pulled",
        "pulling",
        "write",
        "written",
        "wrote",
        "fall",
        "fell",
        "falling",
        "goof",
        "goofing",
        "bounce",
        "hop",
        "run",
        "rip",
        "ripped",
        "pop",
        "popped",
        "pass",
        "passed",
        "knock",
        "knocked",
        "go",
        "goes",
        "went",
        "gone",
        "hand",
        "handed",
        "send",
        "sent",
        "sending",
        "see",
        "seeing",
        "saw",
        "cross",
        "crossed",
        "tear",
        "clock",
        "clocked",
        "clocking",
        "seal",
        "sealed",
        "right",
        "straight",
        "kickoff",
        "sign-off",
        "signoff",
        "call",
        "called",
        "calling",
        "times",
        "rounding",
        "write-off",
        "bite",
        "spin",
        "spun",
        "back",
        "well",
        "head",
        "cordon",
        "ease",
        "eased",
        "easing",
        "hit",
        "set",
    }
)
_OFF_BAD_NEXT = frozenset(
    {
        "topic",
        "track",
        "shore",
        "guard",
        "limits",
        "line",
        "early",
        "balance",
        "white",
        "chance",
        "putting",
        "season",
        "peak",
        "campus",
        "site",
        "screen",
        "camera",
        "mute",
    }
)
_OFF_TO_NOT_LEAVE = frozenset(
    {"a", "the", "lunch", "bed", "sleep", "meeting", "work", "office", "school", "gym", "class"}
    | {"call", "my", "an", "get", "grab", "pick", "see", "do", "attend", "dinner", "breakfast"}
)
_WEAK = re.compile(
    r"\b(?:absent|unavailable|not\s+available|won'?t\s+be\s+(?:available|in|coming|working|"
    r"able|around|online|reachable)|will\s+not\s+be\s+(?:available|in|coming|working|able|"
    r"around|online|reachable)|not\s+(?:be\s+)?(?:coming|joining|working)|can'?t\s+(?:come|"
    r"make\s+it|join|work)|cannot\s+(?:come|make\s+it|join|work)|unable\s+to\s+(?:come|attend|"
    r"join|work|make)|not\s+(?:able\s+to|gonna)\s+(?:come|make|join|work)|skip(?:ping)?\s+work|"
    r"off\s+work|away|not\s+(?:in|reachable|online)\s+(?:today|tomorrow|tmrw|on|from|next|"
    r"this)|break|day\s+off|unwell|not\s+(?:feeling\s+)?well|under\s+the\s+weather|time\s+off|personal\s+day|mental\s+health\s+day|rest\s+day)\b"
)


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

    @property
    def excluded(self) -> bool:
        return self.third or self.question or self.wfh or self.announce


def _none(*reasons: str, sure: bool = True) -> Parsed:
    return Parsed(request=LeaveRequest.none(), sure=sure, source="rules", reasons=reasons)


def parse_rules(text: str, now: dt.datetime, calendar: WorkCalendar) -> Parsed:
    """Read one message posted at ``now``; never raises."""
    try:
        return _parse(text, now, calendar)
    except Exception as exc:  # the parser must answer whatever it is given
        return _none(f"internal_error: {type(exc).__name__}", sure=False)


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
            return " "

        plain = _SHORTCODE.sub(code, plain)
    if "http" in plain or "www" in plain or "HTTP" in plain or "WWW" in plain:
        plain = _URL.sub(" ", plain)
    plain = plain.translate(_PUNCT_MAP)
    if "2m" in plain or "2M" in plain:
        plain = _TWO_WORDS.sub("tomorrow", plain)
    return plain, sick, truncated


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


def _has_trigger(ws: list[str]) -> bool:
    n = len(ws)
    for k, w in enumerate(ws):
        prev = ws[k - 1] if k > 0 else ""
        nxt = ws[k + 1] if k + 1 < n else ""
        nxt2 = ws[k + 2] if k + 2 < n else ""
        if w in _LEAVE_NOUNS:
            if (
                w.startswith("leave")
                and nxt in _LEAVE_VERB_NEXT
                and not (nxt in ("a", "an") and nxt2 in _LEAVE_A_OK)
                and not (nxt in ("this", "that", "at", "by") and _dateish(nxt2))
            ):
                continue
            if w.startswith("leave") and nxt == "the" and nxt2 in _LEAVE_THE_OBJ:
                continue
            if (
                w.startswith("leave")
                and nxt in ("for", "to")
                and nxt2 in _LEAVE_FOR_PLACE
                and not (nxt2 in ("a", "an") and k + 3 < n and ws[k + 3] in _LEAVE_A_OK)
                and not (nxt2 == "the" and k + 3 < n and ws[k + 3] in _LEAVE_FOR_THE_OK)
            ):
                continue
            return True
        if w in ("pto", "ooo", "vacation", "vacations", "vacay", "hols", "sabbatical"):
            return True
        if w in ("bereavement", "maternity", "paternity", "furlough", "compoff"):
            return True
        if w in ("holiday", "holidays") and prev in ("on", "a", "taking", "take", "took", "my"):
            return True
        if w == "out":
            if nxt == "of" and (
                nxt2 in ("office", "station", "town")
                or (k + 3 < n and ws[k + 3] in ("office", "station"))
            ):
                return True
            if prev in _OUT_BAD_PREV:
                continue
            if nxt in ("sick", "today", "tomorrow", "on", "from", "for", "till", "until", "rest"):
                return True
            if nxt in RELATIVE_DAYS or nxt in WEEKDAYS or nxt in MONTHS or nxt in ("next", "this"):
                return True
            if prev in ("i'm", "im", "am", "be", "is", "i", "", "will", "been", "currently"):
                return True
            continue
        if w == "off":
            if prev in _OFF_BAD_PREV or nxt in _OFF_BAD_NEXT:
                continue
            if nxt == "to" and nxt2 in _OFF_TO_NOT_LEAVE:
                continue
            return True
        if w == "sick" and nxt != "of":
            return True
        if w in ("hd", "halfday") or (w == "half" and nxt in ("day", "leave", "off", "a")):
            return True
        if w in ("cl", "sl") and (
            prev in ("taking", "take", "on", "a", "apply", "applying", "applied", "avail")
            or nxt in RELATIVE_DAYS
            or nxt in WEEKDAYS
            or nxt in ("on", "for", "from")
        ):
            return True
        if w in ("comp", "comp-off") and nxt in ("off", ""):
            return True
    return False


def _dateish(word: str) -> bool:
    return (
        word in WEEKDAYS
        or word in MONTHS
        or word in RELATIVE_DAYS
        or word
        in ("week", "weekend", "month", "morning", "afternoon", "evening", "coming", "upcoming")
    )


def _classify(c: _Clause, low: str) -> None:
    ws = _words(low)
    c.trigger = _has_trigger(ws)
    c.weak = bool(_WEAK.search(low))
    c.first_person = bool(re.search(r"\b(?:i|i'm|im|i've|i'd|i'll|me|my|myself|mine)\b", low))
    m = _THIRD_SUBJECT.match(c.text)
    if m:
        subj = m.group("subj")
        first = subj.split()[0].lower().strip("@")
        if subj.lower().startswith(("my ", "our ", "the ", "he", "she", "they", "we", "@")) or (
            first not in _NON_NAMES and subj[:1].isupper()
        ):
            c.third = True
    if not c.third and _THIRD_POSSESSIVE.search(c.text):
        c.third = True
    if c.text.rstrip().endswith("?") or (
        _QUESTION_START.match(low) and not _POLITE_REQUEST.match(low)
    ):
        c.question = True
        c.own_question = bool(_OWN_QUESTION.search(low))
    c.wfh = bool(_WFH.search(low))
    c.announce = bool(_ANNOUNCE.search(low))
    c.cancel = bool(_CANCEL.search(low))


def _weak_ok(c: _Clause, low: str) -> bool:
    if c.first_person:
        return True
    ws = _words(low)
    skip = {"hi", "hey", "hello", "team", "all", "guys", "folks", "just", "fyi", "sorry"}
    for w in ws:
        if w in skip:
            continue
        return w in _ELLIPTIC_START or w in RELATIVE_DAYS or bool(_SICK.search(low))
    return False


def _clause_of(pos: int, clauses: list[_Clause]) -> int:
    for k, c in enumerate(clauses):
        if c.start <= pos < c.end:
            return k
    return len(clauses) - 1


def _is_back_context(ex: Extraction, item: DateItem) -> bool:
    k = item.start - 1
    steps = 0
    while k >= 0 and steps < 3 and ex.tokens[k].text in _BACK_SKIP:
        k -= 1
        steps += 1
    if k < 0:
        return False
    word = ex.tokens[k].text
    if word == "available":
        return not (k > 0 and ex.tokens[k - 1].text in ("not", "un", "be"))
    if word == "until" or word == "see":
        return word == "see"
    return word in _BACK_WORDS


def _portions(
    ex: Extraction, items: list[DateItem], today: dt.date
) -> list[tuple[dt.date, Portion]]:
    per_item: list[set[str]] = [set() for _ in items]
    implicit: set[str] = set()
    for mark in ex.marks:
        if not items:
            implicit.add(mark.side)
            continue
        seg = ex.segments[mark.start]
        best = _nearest(mark, items, ex, seg)
        if best is None:
            best = _nearest(mark, items, ex, None)
        if best is not None:
            per_item[best].add(mark.side)
    out: list[tuple[dt.date, Portion]] = []
    for k, item in enumerate(items):
        portion = _portion_of(per_item[k])
        out.extend((d, portion) for d in item.dates)
    if not items and implicit:
        out.append((today, _portion_of(implicit)))
    return out


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


def _portion_of(sides: set[str]) -> Portion:
    if "am" in sides and "pm" in sides:
        return "full"
    if "am" in sides:
        return "am"
    if "pm" in sides:
        return "pm"
    if "half" in sides:
        return "am"
    return "full"


def _parse(text: str, now: dt.datetime, calendar: WorkCalendar) -> Parsed:
    today = calendar.local_date(now)
    norm, sick_emoji, truncated = normalize_text(text)
    low = norm.translate(_ASCII_LOWER)
    if not low.strip():
        return _none()
    clauses = _clauses(norm, low)
    for c in clauses:
        _classify(c, low[c.start : c.end])
    tokens = tokenize(norm, low)
    # A past-tense message reads bare weekdays and dates backwards, except in
    # the clauses that speak of the future.
    past = [False] * len(tokens)
    if _PAST.search(low):
        future = [c for c in clauses if _FUTURE.search(low[c.start : c.end])]
        past = [not any(c.start <= t.pos < c.end for c in future) for t in tokens]
    ex = extract(tokens, today, calendar, past)

    own = [
        c
        for c in clauses
        if not c.excluded and (c.trigger or (c.weak and _weak_ok(c, low[c.start : c.end])))
    ]
    cancel_clauses = [c for c in clauses if c.cancel and not c.third and not c.question]
    is_cancel = bool(cancel_clauses) and bool(_LEAVE_ISH.search(low))
    reasons: list[str] = []
    if truncated:
        reasons.append("truncated")

    if not own and not is_cancel:
        if any(c.own_question and (c.trigger or c.weak) for c in clauses):
            return _none("question", sure=False)
        return _none()

    # Which date items count: not in a clause about someone else, WFH, a question...
    items: list[DateItem] = []
    notes: list[str] = []
    for item in ex.items:
        clause = clauses[_clause_of(tokens[item.start].pos, clauses)]
        if clause.excluded and not clause.cancel:
            continue
        if _is_back_context(ex, item):
            continue
        if item.contributes:
            items.append(item)
        notes.extend(item.notes)
    notes.extend(n for n in ex.notes if n in ("invalid_date", "weekday_mismatch"))
    if ex.unplaced:
        notes.append("unplaced: " + " ".join(dict.fromkeys(ex.unplaced)))

    intent: Intent = "cancel" if is_cancel else "leave"
    category: Category | None = None
    if intent == "leave":
        sick = sick_emoji or bool(_SICK.search(low))
        category = "sick" if sick else "vacation"
        if is_cancel:
            reasons.append("mixed_intent")
    elif any(c.trigger and not c.cancel and not c.excluded for c in clauses) and (
        _RESCHEDULE.search(low)
    ):
        reasons.append("mixed_intent")
    if _RESCHEDULE.search(low) and "mixed_intent" not in reasons:
        reasons.append("reschedule")
    if any(c.third and (c.trigger or c.weak) for c in clauses) and intent == "leave":
        reasons.append("others_mentioned")

    raw_days = _portions(ex, items, today)
    if not items and not ex.marks:
        if intent == "cancel":
            return Parsed(
                request=LeaveRequest(intent="cancel"),
                sure=not (set(reasons) - {"no_dates"}),
                source="rules",
                reasons=(*reasons, "no_dates"),
            )
        pending = [n for n in notes if n != "ambiguous_count"]
        wish = bool(_WISH.search(low))
        sick_state = category == "sick" and not re.search(r"\b(?:need|want|planning)\b", low)
        if (wish and not sick_state) or pending:
            return _none(*reasons, *pending, "no_dates", sure=not pending and not reasons)
        raw_days = [(today, "full")]
        if not (_PRESENT.search(low) or sick_state):
            reasons.append("assumed_today")

    days = normalize_days(raw_days, calendar)
    if raw_days and not days:
        reasons.append("non_working_days")
    dropped = _dropped(items, raw_days, calendar)
    if ex.past_used:
        reasons.append("past_tense")
    reasons.extend(dict.fromkeys(notes))
    limit = check_limits(days, today)
    if limit:
        reasons.append("limits: " + limit)
    doubts = [r for r in reasons if r not in ("non_working_days", "no_dates")]
    request = LeaveRequest(intent=intent, category=category, days=days)
    return Parsed(
        request=request,
        sure=not doubts,
        source="rules",
        reasons=tuple(reasons),
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
            named.update(d for d in item.dates if d in calendar.holidays)
    if not items:
        named.update(d for d, _ in raw_days)
    return dropped_days(named, calendar)
