"""The patterns and word lists the rules parser reads a message with.

``leavebot.parsing.rules`` owns the reading (intent, category, which dates count,
whether it is sure); the regular expressions and word sets it tests clauses and
tokens against live here, each with a comment on what it finds. They are one
table of the words people write in a leave channel: the senses of leave, off
and out, subjects that make a leave someone else's, absences said without a
leave word, announcements, invitations, cancels and what a cancel keeps, hours
and the words of other languages. It is long (past 800 lines) because it is
that table; it holds no logic but the building of its patterns.
"""

from __future__ import annotations

import re

from leavebot.parsing.lexicon import (
    AMBIGUOUS_MONTHS,
    CJK_LEAVE,
    CJK_SICK_LEAVE,
    EMOJI,
    EMOJI_TAIL,
    FOREIGN_LEAVE,
    MONTHS,
    RELATIVE_DAYS,
    SICK_CARE,
    SICK_CONDITIONS,
    SICK_WEAK,
    WEEKDAYS,
    WORKPLACES,
)
from leavebot.parsing.tries import trie_compile
from leavebot.parsing.vocabulary import phrases_regex

_WORD = trie_compile(r"[a-z0-9]+(?:'[a-z]+)?|[?]")

_CLAUSE_SPLIT = trie_compile(
    # "Since the 3rd is the company holiday I'm taking 6/29 thru 7/2": a run-on sentence
    r"(?<=[a-z])(?<!\bif)(?<!whether)(?<!\bwhen)(?<!unless)(?<!\bonce)(?<!\bthat)"
    r"\s+(?=i'm\s+(?:taking|off|out|booking|on\s+(?:leave|vacation|holiday))\b)|"
    # an emoji (a flag too) between words ends a clause
    rf"[!?;]+|(?<=\S)\s+[{EMOJI}][{EMOJI_TAIL}]*(?=\s+[a-z@])|(?<!\d)\.(?!\d)|"
    # "cancel my PTO for 7/2. Keeping the 1st": a full stop after a date, not "2. März" or
    # the one that ends "22.3."
    r"(?<=\d)(?<!\.\d)(?<!\.\d\d)\.(?=\s+[a-z])(?!\s+(?:(?:jan|feb|mar|apr|mai|may|jun|jul|aug|sep|okt|oct|nov|dez|dec)"
    r"\w*|und|bis|and|to|till|until|til|et|y|e|en|og|tot|au|al|i|a)\b)|,|\b(?:but|pero|however|although|though|because|coz|cuz|and(?<!sick\sand)|nd|then|"
    # "not counted as leave", "no need to book it as leave": one clause
    r"so|as(?!\s+(?:leave|pto|holiday|vacation|annual\s+leave|a\s+day\s+off|is|it\s+is|they\s+are)\b)|"
    r"since|also|"
    r"plus(?!\s+besoin))\b|(?<![a-z])&(?![a-z])|"  # not inside "D&V", "A&E"; French "plus besoin"
    # " - " before words that start no date: "7/12 for 3 days - family reunion", "- keeping 3/29"
    r"\s-\s(?=[a-z])(?!the\s+(?:\d|[a-z]+(?:st|nd|rd|th)\b|next|first|last|week|weekend|end|rest|"
    r"whole|day|morning|afternoon))"
    r"(?!(?:mon|tue|wed|thu|fri|sat|sun|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|"
    r"dec|next|this|end|mid|early|late|today|tomorrow|tmrw|noon|lunch|who|what|when|where|why|"
    r"how|can(?!c)|could|does|do|is|are|anyone|any|pr)\w*)"
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

_THIRD_SUBJECT = trie_compile(
    r"^\s*" + _GREET + r"(?P<subj>@(?!here\b|channel\b|everyone\b)[\w.-]+(?:\s+from\s+[a-z&]+)?|"
    r"@[\w.-]+[\s,:]+[A-Z][a-z]+|"  # "@Priya Montse is sick today": the one named after
    r"[A-Z][a-z]+(?:-(?:san|kun|chan|sama|ji|da|sir|madam|bhai|[a-z]{2,4}))?(?:\s+[A-Z][a-z]+)?"
    r"(?:\s+(?:ji|da|dai|didi|bhai|bhaiya|sahab|saab|anna|akka|san|garu|gaaru|sir|madam|bey|hanim))?"
    r"(?:\s*\([^)]{0,40}\))?"
    r"(?:\s+from\s+(?:the\s+)?(?:[A-Z][A-Za-z&]+|[a-z]+)(?:\s+(?:team|office))?)?|"
    r"[Hh]e|[Ss]he|[Tt]hey|"
    r"[Ww]e|[Mm]y\s+(?:[\w-]+\s+){0,2}?(?:manager|lead|boss|colleague|teammate|team\s?mate|friend|"
    r"wife|husband|mom|mother|mum|dad|father|son|daughter|kid|kids|child|children|brother|"
    r"sister|parents?|team|teammates|cousin|uncle|aunt|grandma|grandmother|grandfather|grandpa|"
    r"abuela|abuelo|nonna|nonno|oma|opa|guy|"
    r"spouse|partner|baby|reportee|intern|client|pm|tl|roommate|flatmate|students?|reports|"
    r"staff|colleagues|coworkers|co-workers|juniors|trainees|engineers|devs|developers|"
    r"interns|reportees|assistant|nurses|employees|clients)(?:\s+[A-Z][a-z]+)?|"
    r"[Oo]ur\s+[a-z]+(?:\s+[A-Z][a-z]+)?|"
    r"(?:[Mm]y\s+|[Tt]he\s+|[Oo]ur\s+)?[Kk]ids'?\s+school|"
    r"[Tt]he\s+(?:whole\s+team|entire\s+team|[a-z]+\s+team|(?:[\w-]+\s+){0,6}[\w-]+)|"
    r"(?:[Tt]his|[Tt]hat(?!\s+(?:i|we|i'll|i'm)\b)|[Tt]hese|[Tt]hose|[Oo]ur|[Yy]our)\s+(?:[\w<>@-]+\s+){0,6}?[\w-]+|"
    r"[Bb]oth\s+(?:of\s+)?(?:our|the|my)\s+[\w-]+|"
    r"[Ee]veryone|[Ee]verybody|[Nn]obody|[Nn]o\s+one|[Ss]omebody|[Ss]omeone|"
    r"[Hh]alf\s+(?:of\s+)?the\s+team|"
    r"[A-Z][a-z]+\s+(?:rep|reps|guy|guys|driver|courier|contractor|contractors|tech|techs|crew|"
    r"folks|people|team|office|staff|support)|"
    # not "Heads up that I will be out 4/13-4/17": the author
    r"(?P<np>(?!that\s+(?:i|we)\b)(?!(?:i|we)\b)[a-z][\w-]*(?:\s+[a-z0-9][\w-]*){0,2})(?<!\bi)(?<!\bwe)"
    r"(?=\s+(?:is|are|was|were|has\s+been|will\s+be)"
    r"\s+(?:off|out|cancel+ed|closed|down|postponed|over|on\s+hold|on\s+(?i:pto|leave|holiday|"
    r"vacation|annual\s+leave|sick\s+leave))\b))"
    r"(?:'s|'ll|'d|'re|'ve|\s+(?:is|are|was|were|will|would|has|have|had|won't|wont|isn't|isnt|est|"
    r"wasn't|can't|"
    r"cannot|might|may|took|takes|applied|needs|wants|called|'ll|also|too|got|gets|going|"
    r"starts|started|goes|went|left\s+for|begins|began|came|arrived|fixed|fly|flies|flew|arrive|arrives|"
    r"phoned|texted|messaged|"  # "Mandla phoned in sick, so I'm running his line"
    r"se\s+fue|foi|est[aá]|"
    r"land|lands|travel|travels|off\s+to|"
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
_NAMED_ABSENT = trie_compile(
    r"(?:^|[:•*>|-]\s)\s*" + _GREET + r"(?P<name>@(?!here\b|channel\b|everyone\b)[\w.-]+|"
    r"[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?|"
    # "Ricardo and Shelly-Ann both on vacation next week" (the list is split at "and")
    r"[A-Z][a-z]+(?:-[A-Z][a-z]+)?(?:\s+(?:and|&)\s+[A-Z][a-z]+(?:-[A-Z][a-z]+)?)?\s+both)"
    r"\s*[:-]?\s+(?=(?:OOO|ooo|off|out|away|on\s+(?:leave|pto|PTO|"
    r"vacation|holiday|annual\s+leave|sick\s+leave|AL|a\s+trip|a\s+break|MC)|PTO|pto|half[\s-]?day|HD|"
    r"sick|WFH|wfh|AL|A/L|annual\s+leave|sick\s+leave)(?![\w/]))"
)

_THIRD_POSSESSIVE = trie_compile(
    r"\b(?:his|her|their)\s+(?:(?:paternity|maternity|parental|annual|study|long\s+service)\s+)?"
    r"(?:leave|leaves|pto|vacation|sick|half|day off|time off)\b|"
    # "Morning tea Friday for Tash before she heads off on mat leave"
    r"\b(?:she|he|they)\s+(?:heads|head|goes|go|leaves|is\s+going|are\s+going|'s\s+going)\s+"
    r"(?:off\s+)?on\s+(?:[a-z]+\s+){0,2}leave\b|"
    r"\b(?=[A-Z][a-z]+\s+who\b)(?!"
    + _NOT_A_PERSON
    + r")[A-Z][a-z]+\s+who(?:'s|\s+is|\s+was|\s+will\s+be)\s+(?:off|out|away|"
    r"on\s+(?:leave|paternity|maternity|pto|vacation|holiday))\b|"
    r"\b(?:[Ll]es|[Cc]eux|[Cc]elles)\b[^.!?]{0,40}?\bsont\s+en\s+cong[eé]|"  # French: they are away
    r"^\W*[Ii]s\s+(?!" + _NOT_A_PERSON + r")[A-Z][a-z]+\s+(?:off|out|away|on\s+leave|ooo|OOO)\b|"
    r"\bon behalf of\b|\bleave (?:for|of) (?:@|(?!" + _NOT_A_PERSON + r")[A-Z][a-z]+\b(?<!\bI))|"
    r"\b(?=[A-Z][a-z]+'s\s)(?!"
    + _NOT_A_PERSON
    + r")[A-Z][a-z]+'s\s+(?:leave|pto|vacation|half|sick|"
    r"day off)\b|"
    r"\b(?:[Hh]e|[Ss]he|[Tt]hey)(?:\s+(?:is|are|was|will|would|has|had)\b|'(?:s|ll|d|re|ve)\b|"
    r"\s+asked\s+me\b)|"
    # "Loadshedding schedule says we're off from 4": everyone, not the author's leave
    r"\b[Ww]e(?:'re|\s+are|\s+will\s+be|'ll\s+be)\s+(?:all\s+)?(?:off|out|closed|closing)\b"
)

# A name inside the clause: "heads up that Rhys is off sick", "Sharon from payroll is off".
# Found from the verb back (cheap), then the words before it checked.
_AWAY_VERB = trie_compile(
    r"(?:\s+is|\s+was|\s+will\s+be|\s+has\s+been|'s)\s+(?:off|out|sick|away|unwell|ill|not\s+well|"
    r"on\s+(?i:leave|pto|holiday|vacation|annual\s+leave|sick\s+leave))\b"
)

_NAME_BEFORE = trie_compile(
    r"(?:(?<=\w\s)(?!" + _NOT_A_PERSON + r")[A-Z][a-z]+(?:\s+(?:from|in|on)\s+(?:the\s+)?[a-z]+)?|"
    r"^\s*(?!" + _NOT_A_PERSON + r")[A-Z][a-z]+\s+(?:from|in|on)\s+(?:the\s+)?[a-z]+)$"
)

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
    | {
        "im",
        "ive",
        "ill",
        "id",
        "gonna",
        "gotta",
        "wanna",
        "arvo",
        "takin",  # "Takin half day tmr, afternoon"
        "takng",
        "tkaing",
    }  # "Gonna have to bin off my leave"
    | set(WEEKDAYS)
    # holidays, not people: "Since Juneteenth is Friday I'm taking Thursday"
    | {"juneteenth", "thanksgiving", "christmas", "easter", "diwali", "holi", "eid", "pentecost"}
    | {"whitsun", "ascension", "midsummer", "midsommar", "hanukkah", "passover", "ramadan"}
    | {"pesach", "sukkot", "shavuot", "purim", "songkran", "chuseok", "tet", "onam", "pongal"}
    # "Mornings off on Tue and Thu", "Ducking out at 2:30": no one's name
    | {"mornings", "afternoons", "evenings", "ducking", "nipping", "popping", "dashing", "sneaking"}
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
    # the author's body, not a person: "Knee is acting up again, off today"
    | {"knee", "knees", "neck", "back", "ankle", "wrist", "shoulder", "hip", "foot", "feet", "arm"}
    | {"hand", "chest", "ear", "ears", "nose", "teeth", "eyes", "skin", "elbow", "finger", "toe"}
    | {"spine", "jaw", "gums", "tummy", "belly", "gut", "heart", "lungs", "legs", "voice"}
)

_QUESTION_START = trie_compile(
    r"^\s*" + _GREET + r"(?:(?:who|what|when|where|why|how|which|whom|whose|anyone|any\s?one|"
    r"anybody|wondering)\b|(?:is|are|was|were|does|do|did|can|could|should|shall|would|has|have|"
    r"will|may|am|r)\s+(?:i|you|u|he|she|it|there|anyone|anybody|someone|somebody|we|they|the|"
    r"this|that|tomorrow|today|monday|tuesday|wednesday|thursday|friday|my|our|your|his|her|"
    r"their|everyone|everybody|[a-z]+'s)\b)"
)

# Telling others to take time off, or inviting the team: not the author's leave.
_INVITE = trie_compile(
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
    r"please\s+)?(?:take|apply|book|plan|go|schedule)\b|"
    r"\bhave\s+(?:fun|a\s+(?:great|good|nice|safe|wonderful|lovely|relaxing)|an?\s+amazing)\b|"
    r"\benjoy\b|\bsafe\s+travels?\b|\b(?:your|ur)\s+(?:trip|vacation|leave|holiday|holidays|"
    r"break|time\s+off|day\s+off|pto|weekend)\b"
)

# A clause that starts with a bare verb tells someone else what to do.
_IMPERATIVE = trie_compile(
    r"^\s*(?:<?@[\w.-]+>?[\s,:]*)*"
    + _GREET
    + r"(?:please\s+|pls\s+|do\s+)?(?:take|enjoy|rest|relax|go|"
    r"feel|stay|don'?t|have(?=\s+(?:a|the)\s+(?:day|few\s+days|couple\s+of\s+days)\s+off\b))\s+"
    r"(?!leave\b|lv\b|sick\b|of\b|a\s+(?:sick|half|leave)\b)"
)

# "@priya please take leave tomorrow and rest": told to the one mentioned
_MENTION_IMPERATIVE = trie_compile(
    r"^\s*(?:<?@(?!here\b|channel\b|everyone\b)[\w.-]+>?[\s,:]*)+"
    # "<@U04QZ7H1B> dai please take Monday off": a word of respect for the one mentioned first
    r"(?:(?:dai|didi|bhai|bhaiya|ji|sir|ma'?am|bro|mate|boss|anna|akka)\s*,?\s+)?"
    r"(?:please\s+|pls\s+|do\s+)?(?:take|tek|enjoy|rest|go|get|stay)\b"
)

_SECOND_PERSON = trie_compile(
    r"\b(?:you|your|u|ur|yourself|everyone|everybody|y'all|guys|folks|team|deserve|congrats|"
    r"congratulations|well\s+done|great\s+job|good\s+job|nice\s+work|great\s+work)\b"
)

# "you" as the subject of the leave: someone else's (you are off Friday, you go on leave)
_YOU_SUBJECT = trie_compile(
    r"\b(?:you|u|y'all|you\s+guys)\s*(?:'re|are|r|were|will|'ll|go|take|took|get|had|have|'ve|leave)\b"
)

_I_SUBJECT = trie_compile(r"\b(?:i|i'm|im|i'll|i've|i'd)\b")

_POLITE_REQUEST = trie_compile(
    r"^\s*(?:<?@[\w.-]+>?[\s,:]*)?(?:actually\s*,?\s*)?"
    + _GREET
    + r"(?:<?@[\w.-]+>?[\s,:]*)?"  # "Hey @Priya could you cancel ..."
    r"(?:(?:can|could|would|will)\s+(?:(?:you|u|ye|yous|youse|someone|somebody|anyone|hr|y'all|yall|"
    r"you\s+guys)\s+)?"
    r"(?:please\s+|pls\s+|plz\s+|kindly\s+)?(?:mark|record|log|add|apply|update|put|approve|pull|"
    r"note|register|enter|book|cancel|remove|revoke|delete|withdraw|scrap|drop|scratch|take|bin|"
    r"knock|kill|wipe|clear|erase|undo)|"
    # "Can I drop Friday 20th from my leave?"
    r"(?:can|could|may)\s+i\s+(?:please\s+|pls\s+)?(?:cancel|remove|drop|withdraw|revoke|delete|"
    r"scrap|pull)\b|"
    # "Please could my annual leave for 20/3 be cancelled?"
    # "can tomorrow's leave be cancelled please?"
    r"(?:please\s+)?(?:can|could|would)\s+(?:(?:my|the)\s+|(?=\d)|(?=(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\s+\d)|"
    r"(?=(?:today|tomorrow|tmrw|(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*)'s\s))"
    r"[\w\s/.'-]{0,40}?\b(?:be\s+(?:cancel+ed|"
    r"withdrawn|revoked|removed|taken\s+off)|come\s+off|come\s+out\s+of)|"
    # "Those 3 days I booked, 24-26 June, can they be cancelled?"
    r"(?:can|could)\s+(?:they|these|those|it|that|this)\s+(?:days?\s+)?(?:please\s+)?be\s+"
    r"(?:cancel+ed|removed|withdrawn|taken\s+off)|"
    # "Can I cancel the leave I booked for the 30th?": asking is how the cancel is said
    # "Can I drop 3/22 from my spring break leave?"
    r"(?:can|could|may)\s+i\s+(?:please\s+)?(?:drop|remove|take)\s+(?:the\s+)?\d[\w/.-]*"
    r"(?:\s+[\w/.-]+){0,3}?\s+(?:from|off|out\s+of)\s+my\b|"
    # "can we cancel my leave request?": the author's, asked with "we"
    r"(?:can|could|may)\s+(?:i|we)\s+(?:please\s+)?(?:cancel|withdraw|revoke|drop|remove|scrap)\s+(?:my|the)\s+"
    r"(?:[\w/-]+\s+){0,4}?(?:leave|pto|holiday|vacation|booking|request|time\s+off|day\s+off|"
    r"off)|(?:can|could|may)\s+i\s+(?:please\s+)?cancel\s+(?:(?:mon|tue|wed|thu|fri)[a-z]*\s+)?"
    r"(?:the\s+)?\d{1,2}(?:st|nd|rd|th)?(?!\s*(?:am|pm|:|h\b))|"
    r"(?:can|could|may)\s+i\s+(?:please\s+)?cancel\s+(?:my|the)\s+(?:[\w/]+\s+){1,3}?i\s+"
    r"(?:booked|requested|applied\s+for|took|put\s+in))\b"
)

# "Half the maintenance crew are off next week", "since half the office is on ferie": a group
# "Harvest crew at Blok C will be off on Saturday", "Estate workers get the day off": a group
_GROUP_OFF = trie_compile(
    r"^\s*(?:the\s+|our\s+|all\s+)?(?:[@\w-]+\s+){0,4}(?:crew|crews|workers|staff|drivers|operators|"
    r"technicians|pickers|packers|labourers|laborers|students|kids|schools|team|department|dept|shift)"
    r"\b.{0,40}?\b(?:will\s+be|are|is|get|gets|have|has)\s+(?:(?:the|a)\s+day\s+)?off\b|"
    # "Line 4 supervisor on leave today, please refer to Ah Seng"
    r"^\s*(?:the\s+|our\s+)?(?:[\w-]+\s+){0,3}(?:supervisor|manager|lead|foreman|operator|"
    r"coordinator|clerk|officer|receptionist|technician)\s+(?:is\s+)?(?:on\s+leave|off|out|away)\b|"
    # "3 guys off sick today", "two people out sick": a count of others
    r"^\s*(?:\d+|two|three|four|five|six|several|a\s+few|a\s+couple\s+of)\s+(?:more\s+)?"
    r"(?:guys|people|folks|colleagues|staff|workers|drivers|techs|of\s+the\s+team|of\s+them)\s+"
    r"(?:are\s+|were\s+)?(?:off|out|away)\b"
)

# "Sure hope we get the 24th off", "Congrats to Aoife who's off on maternity leave": others'
_OTHERS_OFF = trie_compile(
    r"\bhope\s+we\s+(?:all\s+)?(?:get|have)\b|\b(?:congrat\w*|best\s+wishes|good\s+luck)\s+to\s+"
    r"(?:@|[a-z]+\s+(?:who|as|on|for)\b)|"
    # "Great to have Sophie back off maternity leave", "while Julia is on ferias next week",
    # "the company is giving everyone Dec 24 off"
    r"\bwelcome\s+back\b|\bto\s+have\s+[a-z]+\s+back\b|\bwhile\s+[a-z]+\s+is\s+(?:on|off|out|away)\b|"
    # "Thank you all for the flowers while I was on sick leave": a past absence thanked for
    r"\bwhile\s+i\s+was\s+(?:on|off|out|away|sick|in\s+hospital)\b|"
    # "Wishing Shurandy a speedy recovery after the surgery": someone else's illness
    r"\bwish(?:ing|es)?\s+[a-z]+\s+(?:a\s+)?(?:speedy|quick|fast|full|swift)\s+recovery\b|"
    # "Sorry, I'm off the call, my laptop died": off a call, not away
    r"\b(?:i'?m|i\s+am|dropping|dropped)\s+off\s+(?:the\s+|this\s+)?(?:call|meeting|zoom|teams|"
    r"meet|huddle|bridge|standup)\b|"
    # "I'll hold the fort Mon/Tue while the Brabanders are off"
    r"\bwhile\s+(?:the|our|my|all\s+the)\s+(?:[\w-]+\s+){0,2}?[a-z]+s\s+are\s+(?:on|off|out|away)\b|"
    r"\b(?:giving|gives|give)\s+(?:everyone|everybody|all\s+staff|us\s+all|the\s+(?:whole\s+)?team)\b|"
    # "half the town's on holiday", "half of the office is off that week"
    r"\bhalf\s+(?:of\s+)?the\s+[a-z]+(?:'s|\s+is|\s+are|\s+will\s+be)\s+(?:on\s+(?:holiday|leave|"
    r"vacation)|off|away|out)\b|"
    # "Halloween costume contest on Friday, winner gets a half day off!"
    r"\b(?:the\s+)?(?:winners?|everyone|everybody|all\s+staff)\s+gets?\s+(?:a\s+)?(?:half\s+)?day\s+off\b|"
    # "Half the team filed leave for the long weekend", "6 agents today, 4 are on leave"
    r"\bhalf\s+(?:of\s+)?the\s+[a-z]+\s+(?:filed|took|booked|applied\s+for|requested)\s+(?:leave|pto|"
    r"holidays?|vacation|days?\s+off)\b|"
    r"(?:^\s*|[,.;]\s*)(?:\d+|two|three|four|five|six|several|a\s+few)\s+(?:of\s+(?:them|us|the\s+team)\s+)?"
    r"(?:are|were|will\s+be)\s+(?:on\s+leave|off|out|away)\b"
)

# "make sure the heating's off": a thing switched off
_MAKE_SURE_OFF = trie_compile(
    r"\b(?:make\s+sure|check|ensure)\s+(?:that\s+)?(?:the|all\s+the|your)\s+[\w-]+'s\s+off\b"
)

# "Our summer students leave on Aug 21": others who leave (go), not a leave word
_OTHERS_LEAVE = trie_compile(
    # "The 09:00 Catania-Valletta sailing will leave 40 minutes late", "Our new deckhands leave"
    r"\s*(?:(?:our|the|my|your|their)\s+)?(?:[\w:-]+\s+){0,3}?(?:students|interns|trainees|guests|"
    r"sailings?|flights?|planes?|deckhands|recruits|apprentices|graduates|new\s+hires|"
    r"visitors|clients|customers|kids|children|parents|in-laws|relatives|auditors|contractors|"
    r"consultants|delegates|family|cousins|friends|crew|crews|workers|contractors|team|teams|supplier|"
    r"suppliers|vendor|vendors|guys|folks|lads|colleagues|engineers|reps|group|groups|tourists|"
    r"passengers|delegation|delegates|buyers|carpool|carpools|bus|buses|shuttle|shuttles|coach|"
    r"distributors|partners|investors|people|tenants?|parts|goods|cargo|containers?|pallets|"
    r"orders|consignments?|rellies|ships?|boats?|trainers|instructors|samples|documents|parcels|"
    r"van|vans|train|ferry|convoy|trucks?|shipment|vessel)"
    r"(?:\s+(?:from|of|at|in|for|to)\s+(?:the\s+)?[\w-]+"
    r"(?:\s+[\w-]+)?)?(?:\s+all|\s+who)?\s+(?:(?:must|should|need\s+to|have\s+to)\s+)?"
    r"(?:leave|leaves|left|are\s+leaving|will\s+leave|(?:are\s+)?flying\s+out|fly\s+out)\b|"
    # "Rahul's farewell is Friday, he leaves for Bangalore on Monday", "before everyone leaves"
    r".*?\b(?:he|she|they|everyone|everybody|who)\s+(?:leaves|left|is\s+leaving|are\s+leaving|"
    r"will\s+leave|take\s+off|takes\s+off|are\s+taking\s+off)\b|"
    # "Yiannis leaves for Athens on Monday", "the rafting group leaves Sunday 6am": goes
    r".*?\b(?!(?:my|sick|annual|casual|earned|privilege|pending|remaining|the|two|three|four|five|"
    r"all|these|those|your|our|his|her|their|of|more|extra|no|any|some|taken|took|take|applied|"
    r"apply|approved|planned|few|many|several|half|full|medical|paid|unpaid)\b)[a-z]+\s+leaves\s+"
    r"(?:for|from|at|port|tomorrow|tonight|today|this|next|on\s+(?:mon|tue|wed|thu|fri|sat|sun)|"
    r"on\s+(?:the\s+)?\d|mon|tue|wed|thu|fri|sat|sun)|"
    r".*?\b(?:ship|vessel|boat|truck|bus|train|flight|plane|shipment|container)\s+leaves\s+[a-z]+\s+"
    r"(?:on|this|next|tomorrow)\b|"
    # "Rellies up from Adelaide and they leave Sunday"
    r".*?\bthey\s+leave\s+(?:on\s+)?(?:mon|tue|wed|thu|fri|sat|sun|tomorrow|for|this|next)"
)

# "Frohe Weihnachten to everyone already on holiday": a wish to others who are away
_TO_THOSE_AWAY = trie_compile(
    r"\b(?:to|for)\s+(?:everyone|everybody|all|those|anyone|the\s+ones?)\s+"
    r"(?:who(?:'s|\s+is|\s+are)\s+)?(?:already\s+)?(?:going\s+)?(?:on|off|out)\b|"
    # "Merry Christmas to our Lebanese and Jordanian colleagues who are off tomorrow!"
    r"\b(?:to|for)\s+(?:our|the|all\s+(?:our|the))\s+(?:[\w-]+\s+){0,4}?(?:colleagues|friends|"
    r"teammates|team|folks|people|staff|crew)\s+who(?:'re|\s+are|'ll\s+be|\s+will\s+be)\s+"
    r"(?:already\s+)?(?:on|off|out|away)\b|"
    r"\b(?:those|anyone|everyone|people)\s+(?:of\s+(?:you|us)\s+)?(?:who\s+(?:are|aren'?t|are\s+not)\s+)?"
    r"(?:not\s+)?on\s+(?:leave|holiday|pto|"
    r"vacation)\b|"
    # "whoever's off over Christmas", "los que esten de vacaciones", "ceux qui sont en vacances"
    r"\bwhoever(?:'s|\s+is|\s+will\s+be)\s+(?:off|out|away|on)\b|"
    # "those off that day can still join"
    r"\bthose\s+(?:who(?:'re|\s+are|\s+will\s+be)\s+)?(?:off|out|away)\b|"
    r"\blos\s+que\s+(?:esten|estan|esta|van)\s+(?:de|en)\s+vacaciones\b|"
    r"\bceux\s+qui\s+(?:sont|seront)\s+en\s+(?:vacances|conge)\b"
)

_GROUP_AWAY = trie_compile(
    r"\b(?:half|most|some)\s+(?:of\s+)?(?:the|our|my)\s+(?:[\w-]+\s+){0,3}?(?:team|office|crew|"
    r"staff|department|dept|company|floor|people|folks|devs|engineers|squad|org|site|shift|"
    r"class|group|desk|unit|lab|faculty|branch)s?\s+(?:is|are|was|were|will\s+be|'s|'re|"
    r"sounds?|seems?|looks?|feels?)\b|"  # "Half the team sounds sick today"
    # "Half of Credit on leave this week", "Half of logistics is on ferie next week"
    r"\b(?:half|most)\s+(?:of\s+(?:the\s+)?(?!(?:day|morning|afternoon|week|shift|today|tonight|tomorrow|"
    r"tmrw|tmr|tomo|2mo|mon|tue|wed|thu|fri|sat|sun)[a-z]*\b)[a-z&]+\s+"
    r"(?:(?:is|are|was|were)\s+)?|(?:of\s+)?(?:the\s+)?[a-z]+\s+(?:is|are|was|were)\s+)(?:out|off|away|sick|"
    r"on\s+(?:leave|pto|holiday|vacation|ferie|vacaciones|cong[eé]s?|urlaub|verlof))\b|"
    # "too many folks out with that cold going around"
    r"\b(?:too\s+many|so\s+many|many|lots\s+of|loads\s+of|a\s+lot\s+of|several|heaps\s+of|"
    r"a\s+bunch\s+of|plenty\s+of)\s+(?:\w+\s+)?(?:folks|people|"
    r"of\s+us|devs|engineers|staff|colleagues)\s+(?:are\s+|were\s+)?(?:out|off|sick|away|ill)\b|"
    r"\b\d+\s+(?:people|folks|staff|colleagues|of\s+us|members)\s+(?:are\s+|were\s+)?(?:out|off|away)\b"
)

_OUT_AT = trie_compile(
    r"\bout\s+(?:at|on|in)\s+(?:the\s+|a\s+)?(?!(?:mon|tue|wed|thu|fri)\w*\b)[a-z]|"
    # "at the forum on Thursday, so I'll be out of office but working": away, at work
    r"\bout\s+of\s+(?:the\s+)?office(?=\s+but\b)"
)

_BUT_WORKING = trie_compile(
    r"\W*(?:i'm\s+|im\s+|i\s+am\s+)?(?:still\s+)?(?:working|at\s+work|online|logged\s+in|"
    r"all\s+good|fine|(?<=i'm\s)in(?:\s+the\s+office)?|(?<=i'm\s)here)(?:\s+(?:normally|as\s+usual|as\s+normal))?(?:\W*$|\s*[,;]\s+(?:ping|call|"
    r"message|dm|reach|find|text)\b.*$)"
)

# "..., working as usual, just slow on Slack": away at a place, but at work
_WORKING_AS_USUAL = trie_compile(
    r"\W*(?:but\s+)?(?:i'm\s+|im\s+|i\s+am\s+|i'll\s+be\s+)?(?:still\s+)?working\s+"
    r"(?:as\s+(?:usual|normal|always)|normally)\b(?!\s+(?:from|after|once|when|by|till|until)\b)"
)

_TAGALOG_NAMED = trie_compile(
    r"\b(?:[Ss]i|[Nn]i|[Kk]ay)\s+[A-Z][a-z]+"
)  # "Si Ramil naka-sick leave"

_DROP_FROM_LEAVE = trie_compile(
    r"\b(?:remov\w*|drop\w*|tak(?:e|ing)|scratch\w*|strike|scrap\w*|delet\w*)\s+.{1,60}?\s+"
    # "Drop 1 and 2 April from my påsk leave please": a word for the occasion before it too
    r"(?:from|off|out\s+of)\s+my\s+(?:[a-z]+\s+)?(?:leave|pto|booking|request|holiday|vacation|al|annual\s+leave|"
    r"urlaub|ferie|vacaciones|vacances|conge|verlof|vakantie|time\s+off)\b"
)

# Asking for days: "Can I have Fri 27th off", "Could I please book annual leave for ...".
_ASKING_FOR_DAYS = trie_compile(
    r"^\s*(?:<?@[\w.-]+>?[\s,:]*)?"
    + _GREET
    + r"(?:(?:please|pls|kindly)\s+)?(?:can|could|may)\s+i\s+"
    r"(?:please\s+|pls\s+)?"
    r"(?:take|have|book|get|grab|put\s+in\s+for|request|apply(?:\s+for)?)\b"  # "may I apply leave"
)

# ... but asking whether one may, or about the rules: "Can I still book days for next week or
# is it too late?", "can I take leave during probation?"
_ASKING_WHETHER = trie_compile(
    r"\b(?:still|or|allowed|possible|during|while|probation|carry|move|transfer|left|"
    r"remaining|how|unpaid|advance|negative)\b"
)

_PLEASE = trie_compile(r"\b(?:please|pls|plz|kindly)\b")

# "Working today but taking tmrw off", "still working today": today is worked
_WORKING_TODAY = trie_compile(
    r"(?:^\s*|\bi'm\s+|\bim\s+|\bi\s+am\s+|\bstill\s+)working\s+(?:today|tomorrow)\b(?!\s+(?:till|until|only))|"
    r"\bcoming\s+in\s+today\s+but\b"  # "coming in today but taking Monday off"
)

_OWN_QUESTION = trie_compile(
    r"\b(?:can|could|may|should|shall)\s+i\b|\bam\s+i\s+(?:allowed|able)\b|"
    r"\bis\s+it\s+(?:ok|okay|fine|possible)\b|\bwould\s+it\s+be\b|\bcan\s+i\s+take\b"
)

_WFH = trie_compile(
    r"\b(?:wfh|wfo|wfa|homeoffice|work(?:ing|ed)?\s+(?:from|frm)\s+(?:home|office|anywhere|hometown)|"
    r"(?:wrkin|wrking|workin)\s+(?:from|frm)\s+\w+|"
    r"(?:i'll|i\s+will|will)\s+work\s+in\s+the\s+(?:morning|afternoon)|"
    # not "then working from the afternoon": when, not where
    r"work(?:ing)?\s+remotely|remote(?:ly)?\s+work(?:ing)?|working\s+from\s+(?!the\s+afternoon|noon|lunch|\d)\w+|"
    r"remote\s+today|"
    r"remote\s+tomorrow|still\s+in\s+(?:the\s+)?office|worked\s+(?:in\s+)?the\s+(?:afternoon|morning)|"
    # "feeling off today, will push through": ill, but working
    r"(?:will|i'll|gonna|going\s+to|i'm|im)\s+(?:push|pushing|power|powering|soldier|soldiering)\s+"
    r"(?:through|on)|"
    # "sore throat but I'm fine to work", "took panadol and worked through": ill, and working
    r"(?:i'm|im|i\s+am)\s+(?:still\s+)?(?:fine|ok|okay|good|well\s+enough|able)\s+to\s+work\b|"
    r"work(?:ing|ed)?\s+through\s+it\b|worked\s+through(?=\s*(?:[.,!;]|$))|"
    # "Still coughing but I'm online today", "... but I'm at my desk as usual": ill, and working
    r"(?:i'm|im|i\s+am)\s+(?:still\s+)?(?:online|on\s+slack|at\s+my\s+desk)"
    r"\s+(?:today|as\s+usual|all\s+day))\b"
)

# Rarer announcements and remarks (compiled as a trie, it costs less than the list of its
# words that used to be tested before it).
_ANNOUNCE_MORE = trie_compile(
    r"\b(?:"
    # "please nobody off that day", "no annual leave approvals for 29/6-3/7", "Not a day off,
    # just for fun", "whoever has leave approved", "the holiday party", "compulsory leave days"
    r"(?:nobody|no\s+one|noone)(?:\s+from\s+[\w-]+)?\s+(?:off|out|on\s+leave)\b|"
    # "Winter holidays for the kids start on the 13th here": the schools' holidays
    r"(?:school\s+(?:winter\s+|summer\s+|spring\s+|easter\s+)?(?:holidays?|break|vacation)|"
    r"(?:winter|summer|spring|easter|mid-?term|term)\s+(?:holidays?|break|vacation)\s+for\s+the\s+"
    r"(?:kids|children|schools?))\s+(?:start|starts|begin|begins|end|ends)\b|"
    # "unused annual leave doesn't carry over past 31 Dec", "sick leave certificates go to
    # Sónia": how leave works, for everyone
    r"(?:leave|pto|vacation|holidays?|days)\s+(?:from\s+last\s+year\s+|left\s+over\s+)?(?:expires?|lapses?|"
    r"will\s+(?:expire|lapse))\b|"
    r"(?:leave|pto|vacation|holidays?|days)\s+(?:doesn'?t|does\s+not|don'?t|do\s+not|won'?t|"
    r"will\s+not|can'?t|cannot)\s+(?:carry|roll)\s+over\b|"
    r"(?:certificates?|notes?|forms?|slips?)\s+(?:\w+\s+){0,5}?(?:go|goes|should\s+go|must\s+go|"
    r"need\s+to\s+go)\s+to\b|"
    # "please nobody in operations books holidays between 1 and 16 August", "so no days off on
    # the 23rd please": a rule for everyone
    r"(?:nobody|no\s+one|noone)(?:\s+(?:from|in|on)\s+(?:the\s+)?[\w-]+)?\s+(?:books?|takes?|"
    r"requests?|plans?|schedules?)\s+(?:any\s+)?(?:leave|holidays?|pto|vacations?|time\s+off|"
    r"days\s+off)\b|"
    r"\bno\s+(?:days\s+off|leave|holidays|pto|time\s+off)\s+(?:on|between|during|from|in)\s+"
    r"(?:the\s+)?(?=\d|(?:mon|tue|wed|thu|fri|sat|sun|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|"
    r"dec|this|next|that)[a-z]*\b)|"
    r"no\s+(?:annual\s+)?(?:leave|pto|vacation|holiday)\s+approvals?\b|\bnot\s+a\s+day\s+off\b|"
    r"\bno\s+day\s+off\b|\bwhoever\s+(?:has|is|takes|took)\b|"
    r"holiday\s+(?:party|parties|lunch|dinner|drinks|raffle|market|menu|decorations?|treat|packages?|"
    r"deals?|offers?|specials?|rates?|sale|"
    r"celebration|bash|social|do|sweaters?|jumpers?)\b|"
    # "I'm so ready for a vacation lol": a wish; "my leave request ... is still pending": its state
    r"\bready\s+for\s+(?:a|some)\s+(?:vacation|holiday|break|time\s+off)\b|"
    r"\b(?:leave|pto|vacation)\s+request\b.{0,40}?\bpending\b|"
    r"^\W*(?:whoever|anyone\s+who)\s+(?:hasn'?t|has\s+not|haven'?t|have\s+not)\b|"
    r"\bnot\s+counted\s+as\s+(?:leave|pto|a\s+day\s+off|annual\s+leave)\b|"
    r"\b(?:won'?t|will\s+not|can'?t|cannot)\s+approve\s+(?:any\s+)?(?:vl|leave|pto|vacation|time\s+off)\b|"
    r"\b(?:has|have|needs?)\s+to\s+be\s+in\s+(?:the\s+)?(?:hr\s+)?(?:portal|system)\s+by\b|"
    # "Free flu jabs at the clinic all next week": an offer to all
    r"^\W*free\s+(?:flu\s+)?(?:shots?|jabs?|vaccines?|vaccinations?|check-?ups?|screenings?)\b|"
    r"^\W*(?:flu|covid)\s+(?:shots?|jabs?|vaccines?|vaccinations?)\s+(?:at|in|on|this|next|available)\b|"
    # "Nov 17 is off in Prague but not in Bratislava": a day off for a place
    r"^\W*(?:(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2}(?:st|nd|rd|th)?|"
    r"\d{1,2}(?:st|nd|rd|th)?\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*|"
    r"\d{1,2}[./]\d{1,2}\.?)\s+is\s+(?:off|a\s+(?:public\s+|bank\s+)?holiday)\s+(?:in|for|at)\b|"
    r"compulsory\s+(?:leave|holidays?)\b|deducted\s+automatically|"
    r"\brequests?\s+(?:for\s+[\w\s]{1,30}?\s+)?(?:close|closes|are\s+due|is\s+due)\b|"
    r"school\s+(?:holidays?|hols)\s+(?:start|starts|begin|begins|end|ends)\b|"
    r"\bstay\s+home\s+if\s+you|\bif\s+you'?re\s+(?:sick|ill|unwell)\b|"
    r"\bthank\w*\b.{0,80}?\b(?:while|when)\s+i\s+was\b|"
    r"\b(?:keep|avoid|no)\s+(?:pto|leave|time\s+off|vacation)\s+requests?\b|"
    r"\bthe\s+(?:[\w-]+\s+)?away\s+day\b|"
    # "Eid holiday dates are out", "office reopens Tuesday 24th", "cuti bersama" (a day off
    # for all), "hope everyone enjoyed the holiday", "remind everyone", "is a Penang-only holiday"
    r"holiday\s+dates\b|\boffice\s+reopens\b|\bcuti\s+bersama\b|"
    r"\bhope\s+(?:everyone|you\s+all|y'all|all\s+of\s+you)\s+(?:enjoyed|had)\b|"
    r"\bremind\s+(?:everyone|you\s+all|all)\b|(?:is|are)\s+(?:a|an)\s+[\w-]+-only\s+holiday\b|"
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

_ANNOUNCE = trie_compile(
    # "PTO 12/28-12/31 needs VP sign-off", "all leave for 31 Dec - 2 Jan must go through the GM":
    # a rule about leave, not a leave
    r"\b(?:pto|leave|vacation|holidays?|time\s+off)\b(?:\s+\S+){0,6}?\s+(?:needs?|requires?|"
    r"must\s+(?:go\s+through|be\s+approved\s+by|be\s+signed\s+off\s+by|get|have))\s+(?:the\s+|a\s+)?"
    # "leave that week needs Samer's approval"
    r"(?:[\w']+\s+)?(?:sign-?\s?off|approval|gm|manager|vp|director|hod|hr|md|ceo)\b|"
    # "For those asking: sick notes go to HR within 48h": how leave is handled, for everyone
    r"\b(?:sick|medical|doctor'?s?)\s+(?:leave\s+)?(?:notes?|certs?|certificates?)\s+(?:go|goes|must|should|"
    r"need|needs|have\s+to|has\s+to|are\s+to|is\s+to)\b|\bfor\s+(?:those|anyone|everyone)\s+asking\b|"
    # "the Kaamatan replacement holiday for Sabah is on 2 June": the company's day, announced
    r"\bthe\s+(?:[\w-]+\s+)?(?:replacement|substitute)\s+(?:public\s+)?holiday\b|"
    # "Regional government gave the afternoon off on Carnival Tuesday": everyone's, given
    r"\b(?:gave|gives|giving|given|granted|grants|declared)\s+(?:us\s+|everyone\s+|all\s+staff\s+|"
    r"the\s+(?:whole\s+)?(?:team|staff|office)\s+)?(?:the|a|an)\s+(?:extra\s+)?"
    r"(?:afternoon|morning|day|half[-\s]day)\s+off\b|"
    # "team leads please hold any new leave approvals for this week"
    r"\bhold\s+(?:off\s+)?(?:on\s+)?(?:any|all)\s+(?:new\s+)?(?:leave|pto|vacation|holiday)\s+"
    r"(?:approvals?|requests?)\b|"
    # "the 24th is NOT a holiday, only the 23rd": the calendar, not a leave
    r"\b(?:is|are|'s)\s+not\s+(?:a\s+)?(?:public\s+|bank\s+)?holiday\b|"
    r"\b(?:polic(?:y|ies)|"
    r"holiday\s+(?:list|calendar|schedule|roster|rota|tracker|planner)|list\s+of\s+holidays|"
    # "off Tuesday and Wednesday after the bank holiday": the reason, not an announcement
    r"(?<!after\sthe\s)(?<!before\sthe\s)(?<!with\sthe\s)(?<!\bmy\s)(?<!around\sthe\s)"
    r"(?<!either\sside\sof\sthe\s)(?<!\bof\sthe\s)(?<!over\sthe\s)(?<!into\sthe\s)(?<!round\sthe\s)"
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
    r"plan\s+your\s+(?:leaves?|holidays?|pto|time\s+off)\b|"
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
    # not "off for All Souls": a day named
    r"for\s+(?:anyone|everyone|all)\b(?!\s+(?:souls|saints|hallows))|"
    r"no\s+(?:leaves?|pto|time\s+off|vacations?|holidays?)\s+"
    r"(?:please|pls|plz|allowed|approved|permitted|unless|filing|applications?)\b|"
    r"no\s+(?:annual\s+|casual\s+)?(?:leaves?|pto|time\s+off|vacations?)\s+"
    r"(?:this|next|during|for|on|in|will|is|are|till|until|that)|"
    # "leave requests for December must be in by Friday", not "Leave request for 19-23 October"
    r"(?<!my\s)leave\s+(?:requests\s+(?:for|need|must|should|are|will)|request\s+(?:need|must|should|"
    r"will))|(?:need|needs|require|requires|required)\s+(?:\w+\s+)?approval|"
    r"(?:everyone|everybody|all|team|folks|guys)\s+(?:please\s+|pls\s+|to\s+|must\s+|should\s+|"
    r"needs?\s+to\s+)?(?:apply|update|submit|mark|add|plan|log|enter|put|book|record|fill)\s+"
    r"(?:in\s+)?(?:your|their)\b|"
    # "asked me to remind everyone to book PTO early": advice to all
    r"(?:remind\w*|ask\w*|tell\w*|encourag\w*|urg(?:e|ing))\s+(?:everyone|everybody|all|"
    r"the\s+team|folks|people|you\s+all|y'all|all\s+of\s+you)\s+to\b|"
    r"(?:avoid|refrain\s+from|try\s+not\s+to)\s+(?:taking|take|booking|book|applying|apply|filing|file|"
    r"planning|plan|scheduling|leaves?\b|pto\b|time\s+off|cong[eé]s?\b|vacations?\b|holidays\b)\b|"
    r"hold\s+off\s+(?:on\s+)?approving\b|(?:don'?t|do\s+not)\s+(?:take|book|"
    r"plan|apply\s+for|schedule|approve)\s+(?:any\s+)?(?:leaves?|time\s+off|pto|holidays?|vacations?|"
    r"days?\s+off)|"
    r"blackout|freeze|embargo|leave\s+applications?(?![^?]{0,60}\bdates?\s*:)(?!\s*[:-]\s*(?:for\s+|from\s+|on\s+)?(?:\d|"
    r"mon|tue|wed|thu|fri|sat|sun|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|today|"
    r"tomorrow|tmrw|next))|must\s+be\s+(?:submitted|applied|approved|taken)|"
    r"(?:got|just|am|i'm|came|coming)\s+back\s+from|returned\s+from|welcome\s+back|"
    r"^\W*back\s+from\s+(?!(?:mon|tue|wed|thu|fri|sat|sun|the\s+\d|\d|tomorrow|next))\w+|"
    r"^\s*(?:(?:it's|its)\s+)?(?:my\s+)?first\s+day\s+back\s+(?:after|from)\b|"
    r"while\s+i\s+was\s+(?:away|out|off|on\s+leave|on\s+holiday|on\s+vacation|sick)|"
    r"(?:pendant|durant)\s+mes\s+(?:vacances|conges)|durante\s+mis\s+vacaciones|"
    r"catching\s+up\s+on|(?:even\s+though|now\s+that|since)\s+(?:i'm|im|i\s+am)\s+back\b|"
    r"(?:pto|leaves?|vacation|holidays?)\s+(?:days\s+)?left\b|"
    # "guess I'm not taking leave any time soon": a remark, no leave
    r"not\s+(?:taking|getting|having)\s+(?:any\s+)?(?:\w+\s+)?(?:leave|pto|time\s+off|holidays?|"
    r"vacation|break)\s+"
    r"(?:any\s*time\s+soon|for\s+a\s+while|this\s+year|soon)|"
    # "nope, not taking any leave over the holidays": none taken, unless it is taken back
    r"not\s+taking\s+any\s+(?:\w+\s+)?(?:leave|pto|time\s+off|holidays?|vacation|days?\s+off)\b"
    r"(?!.{0,40}\b(?:after\s+all|any\s?more|cancel))|"
    # "back at my desk after two weeks off", "back on deck after a week off": a return, past
    r"\bback\b(?!\s+(?:on|by|from|next|in\s+the\s+new|(?:mon|tue|wed|thu|fri)[a-z]*)\b)"
    r".{0,40}?\bafter\s+(?:a|an|one|two|three|four|five|six|\d+|a\s+couple\s+of|a\s+few|"
    r"the|my|our)\s+(?:\w+\s+)?(?:days?|weeks?|months?|fortnight)\s+(?:off|away|of\s+leave|"
    r"on\s+leave|of\s+pto|of\s+holidays?)\b|"
    # "can't take any time off till July realistically": none can be taken
    r"\b(?:can'?t|cannot|can\s+not|won'?t\s+be\s+able\s+to)\s+take\s+any\s+(?:\w+\s+)?(?:leave|pto|"
    r"time\s+off|holidays?|vacation|days?\s+off)\b(?!.{0,40}\b(?:after\s+all|any\s?more|cancel))|"
    # an event for all: "Flu shot clinic in the boardroom Thursday 10-2, no appointment needed"
    r"(?:flu\s+shot|flu\s+jab|vaccination|vaccine|booster|covid|(?<!mental\s)health|wellness|"
    r"blood\s+donation|"
    r"blood|eye\s+test|screening)\s+(?:clinic|drive|camp|fair|day|session)s?\b|"
    r"no\s+appointment\s+needed|don'?t\s+miss\s+it|book\s+(?:a|your)\s+slot|"
    r"(?:flu|covid)\s+(?:shots?|jabs?|vaccines?)\s+(?:are|is|will\s+be|for\s+(?:all\s+)?(?:staff|everyone|all))\b|"
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
_ANYMORE_OF_LEAVE = trie_compile(
    r"\b(?:going|taking|travell?ing|leave|off|need|needed|coming|trip|happening|on|flying|visiting|"
    r"pto|holiday|vacation)\b"
)

_YOU_NEED_NOT = trie_compile(
    r"\b(?:you|u|y'all|we|they|no\s+one)\s+(?:don'?t|do\s+not|won'?t)\s+need\b"
)

_CANCEL = trie_compile(
    r"\b(?=\w)(?:(?:paki-?)?cancel\w*|cancl\w*|cancle\w*|canel(?:l?(?:ed|ing)|s)?\b|cacel\w*|cncl|revok\w*|withdraw\w*|"
    r"annul\w*|"
    r"ne\s+(?:prends|prendrai)\s+plus|"  # French "je ne prends plus le 16 octobre"
    # "Forget my ferie for next week please": called off
    r"forget\s+(?:about\s+)?(?:my|the)\s+(?:[\w-]+\s+)?(?:leave|pto|vacation|holiday|holidays|ferie|"
    r"time\s+off|days?\s+off|request)\b|"
    # "Tomorrow's leave is off, they need me at the shutdown meeting": called off
    r"(?:my|the|today's|tomorrow's|(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*'s)\s+(?:leave|pto|day\s+off|"
    r"holiday|booking)\s+is\s+off\b(?!\s+(?:to|for|from|on|until|till))|"
    # "Forget the Friday 12th bit of my leave": that part of it called off
    r"forget\s+(?:about\s+)?the\s+(?:[\w-]+\s+){0,3}(?:bit|part|day|days|half)\s+of\s+my\s+"
    r"(?:[\w-]+\s+)?(?:leave|pto|vacation|holidays?|booking|time\s+off|al)\b|"
    r"bin\s+off\s+my\b|pull(?:ing)?\s+out\s+of\s+(?:my\s+|the\s+)?(?:leave|pto|vacation|holiday)\b|kill\s+(?:my|the)\s+(?:[\w-]+\s+)?(?:pto|leave|vacation|holiday|request|booking)\b|(?:drop|remove|scratch|strike)\s+(?:the\s+)?(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\s+)?"
    r"\d{1,2}(?:st|nd|rd|th|[/.]\d{1,2})\b(?!\s+(?:floor|row|item|point|place))|"
    r"retract\w*|rescind\w*|undo|scrap\w*|"
    # Taglish "Pa-remove po ng May 6 and 7 sa leave ko": please remove
    r"pa-?(?:remove|cancel|delete|drop)\b|"
    # "No more leave Thursday 8th for me, I'm needed on the dock"
    r"no\s+more\s+(?:leave|pto|holiday|vacation|day\s+off)\s+(?=\d|(?:on|the)\s+\d|(?:mon|tue|wed|"
    r"thu|fri|sat|sun)[a-z]*\b)|"
    r"tak(?:e|ing)\s+(?:my\s+|the\s+)?.{0,40}?\boff\s+(?:the\s+)?"
    r"(?:leave\s+|pto\s+|holiday\s+|vacation\s+|ooo\s+)?(?:system|calendar|tracker|"
    r"sheet|records?|books?|list|portal|planner|rota|roster|schedule)|"
    r"call(?:ing|ed)?\s+off(?=\s+(?:my|the|it|that|this|our)\b)|disregard|ignore\s+(?:my|the)\s+"
    r"(?:previous|earlier|last|above|"
    r"(?:leave\s+|pto\s+|holiday\s+|vacation\s+)?(?:request|application|booking))|"
    r"never\s*mind\s+(?:my|the|about|that|on|\w+day'?s)|nvm\s+(?:my|the|about|that|on)|"
    r"(?:remov\w*|drop\w*|tak(?:e|ing)|scratch\w*|strike|scrap\w*|pull\w*|knock\w*|wip(?:e|ing)|"
    r"cross(?:ing)?|delet\w*|clear\w*)\s+(?:the\s+)?\S+"
    r"(?:\s+\S+){0,5}?\s+(?:from|off|out\s+of)\s+(?:my\s+)?(?:(?:christmas|xmas|summer|easter|winter|"
    r"annual|holy\s+week|diwali|puja|pujo|eid|ski|carnaval|carnival|spring\s+break|[a-z]+'s)\s+)?(?:leave|pto|booking|request|holidays?|vacation|al|"
    r"annual\s+leave|urlaub|ferien|ferias|ferie|vacaciones|vacances|conges?|verlof|vakantie|time\s+off)\b|"
    # "Can the 31st of December come off my leave please?"
    r"(?:leave|pto|holiday|booking)\s+(?:can|could|should)\s+come\s+off\b|"
    r"(?:come|comes|be\s+taken|taken)\s+(?:off|out\s+of)\s+my\s+(?:[\w-]+\s+){0,3}?"
    r"(?:leave|pto|booking|holidays?|vacation|al|"
    r"annual\s+leave)\b|"
    # "Please cancel Jul 16 from my Stampede week", "so Oct 15 can be cancelled"
    r"\bcancel\s+(?:[\w/.-]+\s+){1,4}?from\s+my\s+(?:[\w-]+\s+)?(?:week|trip|break|holidays?)\b|"
    r"\b\d{1,2}(?:st|nd|rd|th)?\s+can\s+be\s+cancel+ed\b|"
    # "take 7.10 and 8.10 off my hostferie please"
    # "can you remove 24 Dec from my year end leave?", "take 7.10 off my høstferie"
    r"\b(?:take|remove)\s+(?:[\w/.-]+\s+){1,6}?(?:off|out\s+of|from)\s+my\s+(?:[\w-]+\s+){0,2}"
    r"(?:leave|pto|booking|"
    r"holidays?|vacation|al|" + phrases_regex(FOREIGN_LEAVE) + r")\b|"
    r"remov\w*\s+(?:those|these|both|the)\s+(?:\w+\s+)?days\b|"
    r"(?:scratch|cancel|ignore|disregard|forget)\s+(?:that|it|this)\b(?!\s+if\b)|forget\s+(?:about\s+)?(?:my|the)\s+"
    # "Forget my Friday afternoon off, the shipment needs me"
    r"(?:[\w-]+\s+){0,3}?(?:leave|pto|vacation|holiday|time\s+off|off)\b|"
    # "Forget the férias I asked for, the release slipped"
    r"forget\s+(?:about\s+)?the\s+(?:[\w-]+\s+){0,2}?(?:leave|pto|vacation|holidays?|time\s+off|days?\s+off|"
    r"ferias|conges?|urlaub|ferie|vacaciones)\s+i\s+(?:asked|applied|put\s+in|requested|booked)\b|"
    # French "Plus besoin de mon congé du mardi 18": no longer needed
    r"plus\s+besoin\s+d[eu]\s+(?:mon|ma|mes|ce|cette|ces)\s+(?:conge|conges|jour|rtt|vacances)|"
    r"no\s+longer|not\s+taking\b.{0,40}?\b(?:off|leave|pto|holiday|vacation)\s+any\s?more|"
    r"(?<!those\s)(?<!who\s)(?<!who're\s)(?<!anyone\s)(?<!you're\s)(?<!youre\s)(?<!you\sare\s)"
    r"not\s+(?:taking|going\s+on|on)\s+(?:a\s+|the\s+|my\s+)?(?:leave|pto|off|vacation)\b"
    r"(?!\s*,?\s+(?:any\s*time\s+soon|for\s+a\s+while|this\s+year|soon|until|till|just))"
    r"(?:.{0,30}any\s?more)?|won'?t\s+be\s+taking|will\s+not\s+be\s+taking|"
    # "Change of plan, I'm not taking the 16th off. Only the 15th"
    r"not\s+taking\s+(?:the\s+)?(?:\d|mon|tue|wed|thu|fri|sat|sun)[\w/.-]*(?:\s+[\w/.-]+)?\s+"
    r"(?:off\b|any\s?more\b)|"
    r"not\s+going\s+to\s+take|don'?t\s+need\s+(?:the\s+|my\s+|that\s+)?(?:leave|day\s+off|"
    r"time\s+off|pto|off)|(?:leave|off|pto)\s+(?:is\s+|has\s+been\s+)?cancel\w*|"
    # "after all", not "after all the holiday shifts"
    r"any\s?more|after\s+all(?!\s+(?:the|these|those|my|our|this|that|your|his|her|their)\b)|"
    r"(?:not|no\s+longer)\s+(?:required|needed)\b|"
    r"pull(?:ing)?\s+the\s+pin\s+on|"
    r"(?:drop\w*|remov\w*|delet\w*|scrat?ch\w*|strike|eras\w*|clear|bin(?!\s+(?:im|in|ich|ab)\b)|"
    r"tak(?:e|ing)\s+back|"
    r"pull(?:ing)?|nix|kill|axe|void|reverse)\s+(?!off\b|out\b|your\b|their\b|his\b|her\b)"
    # "dropping my son off at camp": someone or something dropped somewhere
    r"(?!(?:(?:my|the|our|a)\s+)?(?:kids?|son|sons|daughters?|children|child|wife|husband|"
    r"partner|mum|mom|dad|mother|father|parents|car|dog|cat|bags?|laptop|keys|package|parcel|"
    r"samples?|little\s+ones?|baby|kiddos?|twins|girls|boys|nephew|niece)\b)"
    r"(?:(?:my|the|that|this|those|these|[a-z]+'s)\s+)?"
    r"(?:[\w/.-]+\s+){0,4}?(?:leaves?|lv|pto|vacation|holidays?|off|half[\s-]?day|hd|sick\s+(?:leave|day)|"
    r"days?\s+off|time\s+off|request|booking|entry|ooo|out\s+of\s+office|absence|cl|sl|el|al|"
    r"a/l|toil|loa|pl|vl|lop|rh|" + phrases_regex(FOREIGN_LEAVE) + r")|"
    r"(?:leave|pto|holiday|vacation|booking|request|time\s+off|day\s+off)\b.{0,30}?\bbe\s+"
    r"(?:cancel+ed|withdrawn|revoked|removed)|"
    # "my leave that day needs to go"
    r"\bmy\s+(?:leave|pto|holiday|vacation|booking|day\s+off)\b.{0,20}?\b(?:needs?|has)\s+to\s+go\b|"
    r"(?:won'?t|will\s+not|don'?t|do\s+not|no\s+longer)\s+(?:be\s+)?need(?:ing)?\b.{0,30}?"
    r"\b(?:off|leave|pto|vacation|holiday|day\s+off|time\s+off))\b"
)

# Leave abbreviations written in capitals: annual leave (AL, A/L), time off in lieu
# (TOIL), leave of absence (LOA). In lower case "al" is a name ("Al from sales").
# Rostered day off (RDO), long service leave (LSL), loss of pay and leave without pay
# (LOP, LWP), a restricted holiday (RH), off in lieu (OIL).
_LEAVE_ABBREVIATION = trie_compile(
    r"(?<![\w/])(?:AL|A/L|TOIL|LOA|RDO|RDOs|LSL|LOP|LWP|RH|OIL|CL|EL|PL|VL)(?![\w/])"
)

# A cancel of something in capitals the rules do not know (``cancel my PH on the 3rd``):
# maybe a leave under a name of the company's own, maybe not.
_UNKNOWN_ABBREVIATION = trie_compile(
    r"\b(?i:cancel\w*|revok\w*|withdraw\w*|drop|remove|delete|scrap)\s+(?i:my|the|our)\s+"
    r"(?P<abbr>[A-Z]{2,5})\b"
)

# French "je garde seulement le 25": the day kept
_KEEPING_FR = trie_compile(r"\W*(?:(?:finalement|en\s+fait)\s+)?je\s+(?:garde|conserve)\b")

# In a cancel, a clause of what stays booked: "keeping the half day on Wed", "still off Fri".
_KEEPING = trie_compile(
    r"\s*(?:(?:change\s+of\s+plans?|plans?\s+changed(?:\s+a\s+(?:bit|little))?|(?:[\w-]+\s+)?update(?:\s+on\s+my\s+[\w-]+)?|edit|"
    # "Small change: I'm keeping 25 Feb but ..."
    r"(?:small\s+|quick\s+|slight\s+|minor\s+)?change|"
    r"my\s+[\w' ]{1,30}?)\s*[:,-]\s*)?"
    # "Kyokka I'm keeping Monday": a word of another language before the author
    r"(?:(?!not\b|no\b|never\b)[a-z]+\s+(?=(?:i'm|im|i\s+am|i'll|i\s+will)\s+(?:still\s+|only\s+|just\s+)?keep))?"
    r"(?:but\s+)?(?:i'm\s+|im\s+|i\s+am\s+|i'll\s+|i\s+will\s+|will\s+|i\s+|mi\s+)?"
    r"(?:going\s+to\s+|gonna\s+|want\s+to\s+|wanna\s+|'d\s+like\s+to\s+)?"
    r"(?:still\s+|only\s+|just\s+)?(?:keep(?:ing|in)?|retain(?:ing)?|"
    # "cancel the Saturday (27th) but leave Friday as is"
    r"leave\s+(?=(?:[\w/.()-]+\s+){1,4}?as\s+(?:it\s+|they\s+)?(?:is|are)\b)|"
    r"still\s+(?:be\s+)?(?:taking|take|have|on|off|"
    r"out|away|want|need|go|"
    r"going|travel|travelling|leave|leaving)|"
    r"(?:be\s+)?(?:(?:going|staying|away|off|out|travelling|traveling|on\s+leave)\s+)?"
    r"only\s+(?:till|until|til|up\s+to)|"  # "cancel the 23rd, will be going only till 22nd"
    r"going\s+only\s+on\b|"  # "pls cancel my leave on 9th April, going only on the 8th now"
    # "cancel the afternoon of the 25th, only the morning off now"
    r"only\s+(?:be|going\s+to\s+be|gonna\s+be)\s+(?:away|off|out|gone|on\s+leave)|"
    r"(?:just|only)\s+(?:do|doing|take|taking)|"
    r"(?:take|taking|keep|keeping)\s+only|"
    r"(?:now\s+)?only\s+(?:taking\s+|need\s+|want\s+)?(?:the\s+)?(?:morning|afternoon|am|pm|"
    r"first\s+half|second\s+half)|"
    # "the morning I still need for the bank": the half that stays
    r"(?:the\s+)?(?:morning|afternoon|am|pm)\s+i\s+(?:still\s+)?(?:need|keep|take|want)|"
    # "not taking the 22nd anymore, just the 26th": the day that stays
    r"(?:now\s+)?(?:only|just)\s+(?:need\s+|needing\s+|want\s+|taking\s+|going\s+(?:to\s+\w+\s+)?for\s+|"
    r"going\s+|out\s+|"
    r"off\s+|away\s+|go\s+)?"
    r"(?:on\s+)?(?:the\s+)?(?=\d|(?:mon|tue|wed|thu|fri)[a-z]*\b|"
    r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d)|"
    r"only\s+(?:going|go|staying|away|off|out|travelling|traveling)\s+(?:till|until|til|up\s+to))\b"
)

# In a cancel, what the author still goes on, said with "only" after the days, over the
# clauses of its sentence: "Please cancel the 10th, I'll go Wed and Thu only"
_GOING_ONLY = trie_compile(
    r"\s*(?:i'll\s+|i\s+will\s+|will\s+)?(?:go|travel|take)\s+(?:on\s+)?(?:the\s+)?"
    r"(?=\d|(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\b)[^.;!?]{0,30}?\bonly\b"
)

# "Need to shorten my long weekend to just Thursday, please cancel Fri 3/26": what stays
_SHORTEN_TO = trie_compile(
    r"\b(?:shorten\w*|cut\w*)\b.{0,40}?\bto\s+(?:just|only)\b|"
    # "I booked 17-21 May but only need up to the 19th now, please cancel the 20th and 21st"
    r"\bonly\s+need\s+(?:it\s+)?(?:up\s+to|till|until|through|thru)\b"
)

# A message headed as an announcement: every clause of it is the announcement's.
_HEADED_ANNOUNCEMENT = trie_compile(
    r"\s*(?:\W\s*)?(?:just\s+a\s+|a\s+|quick\s+|small\s+|gentle\s+|kind\s+)?(?:reminder|friendly\s+reminder|"
    r"announcement|psa|notice|attention\s+all|rappel|recordatorio)\s*[:!-]"
)

# "no longer taking 21-25 Sept": days taken (convention 18), so the cancel is of leave.
_TAKING_DAYS = trie_compile(
    r"\b(?:tak(?:e|ing)|took|grabbing|tacking\s+on|ne\s+prends\s+plus|(?:don'?t|do\s+not)\s+need)\s+"
    r"(?:the\s+|this\s+|next\s+|coming\s+|"
    r"le\s+)?(?:\d|tomorrow|tmrw|"
    r"today|monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tues?|wed|thu|thurs?|"
    r"fri|sat|sun|day|week|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\s+\d)"
)

# Sick leave in short: "SL tomorrow", "on MC today" (a medical certificate, SG and MY).
# The emergency room in capitals ("ER last night with my back"); in lower case "er" is a
# hesitation ("er, off Friday?").
_EMERGENCY_ROOM = trie_compile(r"(?<![\w&])ER(?![\w&])")

_SICK_LEAVE_ABBREVIATION = trie_compile(
    r"(?<![\w/])(?:sl|on\s+mc|days?\s+mc|mc\s+(?:from|for|today|tomorrow)|l4)(?![\w/])"
)

_LEAVE_ISH = trie_compile(
    r"\b(?:leaves?|lv|pto|off|ooo|out|away|vacation|holiday|half\s*-?\s*day|hd|sick|request|"
    r"absence|it|that|sl|cl|vl|pl|r&r|booking|days?|after\s+all|system|"
    + phrases_regex(FOREIGN_LEAVE)
    + r")\b"
)

_RESCHEDULE = trie_compile(
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
    r"calf|muscles?|gums?|nose|skin|ribs?|thumb|hip|sinus|sinuses|kidneys?|bladder|lungs?|bowel|gut|"
    r"tonsils?|urinary\s+tract)"
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
    r"feeling\s+(?:ill|sick|poorly|awful|terrible|rough|off|lousy|wretched|rotten|dreadful)|"
    r"(?:threw|thrown|put|tweaked|hurt|pulled|injured|strained|did)\s+my\s+(?:back|neck|knee|ankle|"
    r"shoulder|wrist|hamstring)\b|my\s+back\s+(?:went|has\s+gone|is\s+gone|gave\s+out)\b|"
    r"(?:i|i'm|im)\s+(?:feel|am|'m)?\s*(?:so\s+|really\s+|pretty\s+)?(?:awful|wretched|rotten|"
    r"dreadful|terrible|lousy|poorly|rubbish|horrible|grim)\b|"
    r"(?:a|bad|nasty|terrible|heavy|severe|mild|slight|caught|got|with|have|fighting\s+this)\s+(?:\w+\s+)?"
    r"(?:cold|cough|temp|infection)|(?:doc|dr|doctor|dentist|gp|medical|hospital|clinic)'?s?\s+"
    r"(?:appt|appointment|visit)"
)

# Any word of illness or medical care: the leave is sick (convention 11).
_SICK = trie_compile(
    r"(?<![\w-])(?:" + _NOT_WELL + "|" + phrases_regex(SICK_CONDITIONS + SICK_CARE) + r")(?![\w-])"
)

# The ones that say so on their own: with a date they are a sick leave (convention 18).
_SICK_CUE = trie_compile(
    r"(?<![\w-])(?:"
    + _NOT_WELL
    + "|"
    + phrases_regex(tuple(w for w in SICK_CONDITIONS + SICK_CARE if w not in SICK_WEAK))
    + r")(?![\w-])"
)

_PAST = trie_compile(
    r"\b(?=\w)(?:was|were|wasn'?t|weren'?t|had|took|went|missed|couldn't|could\s+not|didn't|did\s+not|"
    r"stayed|fell|"
    r"forgot|skipped|called\s+in|called\s+out|ended\s+up|estuve|estaba|"
    # "Off sick Mon 12th & Tue 13th, flu, sorry for the late post": logged afterwards
    r"late\s+(?:post|posting|update)|posting\s+(?:this\s+)?late|"
    r"left\s+(?:early|at|work|the\s+office|before)|knocked\s+me\s+out\s+(?:on|yesterday|last|(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*)|never\s+got\s+to|"
    r"wiped\s+me\s+out\s+(?:on|yesterday|last))\b"  # "Migraine wiped me out on Thursday"
)

_NOW_LEAVING = trie_compile(r"\W*(?:leaving|log(?:ging)?\s+off|signing\s+off)(?:\s+early)?\s+now\b")

_SIGN_OFF = trie_compile(
    r"\b(?:see\s+(?:you|ya|y'all|u|unu)|have\s+a\s+(?:good|great|nice|lovely)|good\s?night|bye|cya|ttyl)\b"
)

_NOT_BACK_TODAY = trie_compile(
    r"\b(?:won'?t\s+be|will\s+not\s+be|not\s+coming|not)\s+back(?:\s+in)?\s+today\b"
)

_THOSE = trie_compile(
    r"\b(?:those|these|them|both)\b(?:\s+(?:two|three|days?|dates))?"
    r"|\bthat\s+(?:day|date|one)\b|\b(?:remove|drop|cancel|take|strike)\s+it\b"
)

_I_BOOKED = trie_compile(
    r"\bi(?:'ve|'d|\s+have|\s+had)?\s+(?:already\s+)?(?:booked|applied\s+for|requested|put\s+in)\b"
    # "I had 26-29 May booked", "from my leave 18-22 May I only keep 18-20"
    r"|\bi(?:'ve|\s+have|\s+had)\s+(?:[\w/.-]+\s+){1,4}?(?:booked|requested|approved)\b"
    r"|\bfrom\s+my\s+(?:leave|vacation|holiday|pto|al|annual\s+leave)\s+(?=\d)"
    # "I had 10/1 and 10/2 off but please cancel 10/1": the days the author has
    r"|\bi(?:'ve|\s+have|\s+had)\s+(?:got\s+)?(?=\d|(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\b)"
)

_BOOKED = trie_compile(
    r"\b(?:applied|booked|requested|put\s+in|submitted|filed|raised|marked|entered|added)\b"
)

_FUTURE = trie_compile(
    r"\b(?:will|'ll|shall|going\s+to|gonna|next|coming|upcoming|till|until|upto|from|"
    r"tomorrow|tmrw|tmr|tommorow|tomorow|planning|plan|onwards|need|want|taking)\b"
)

_WISH = trie_compile(
    r"\b(?:need|needs|needed|want|wanted|wanna|would\s+like|'d\s+like|i'd\s+like|wish|"
    r"planning|plan|plans|planned|thinking|think|considering|hoping|hope|going\s+to|gonna|"
    r"will|i'll|we'll|shall|may|might|could|should|can|apply|applying|application|"
    r"request|requesting|approve|approval|grant|sanction|some\s*time|soon|later|upcoming|"
    r"future|someday|at\s+some\s+point|pfa|attached|how|when)\b"
)

_PRESENT = trie_compile(
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
        "regreso",  # Spanish "regreso el 6"
        "vuelvo",
        "reviens",  # French "je reviens le 26"
        "retour",  # French "de retour le 26"
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
    | {"ya", "u", "all", "everyone", "guys", "folks", "again", "desk", "my", "online", "le"}
    | {"yous", "youse", "ye", "el", "la", "le"}  # "see yous on the 29th", "back el lunes 17"
    | {"unu"}  # Belizean Kriol: "see unu tomorrow"
    | {"it"}  # "off sick yesterday, back at it today"
    | {"site", "camp"}  # "back on site 13th"
    # "back at the depot Monday"
    | {"depot", "plant", "mill", "yard", "factory", "workshop", "line"}
    | {"board", "onboard", "shift", "deck", "duty"}  # "back on board Monday 5th", "on shift"
    | {"rotation", "rota", "rig", "roster"}  # "back on rotation 1 December"
    # "back in the lab on the 7th", "I'm back only on 14th", "back in the new year on 3.1."
    | {"lab", "studio", "shop", "store", "plant", "warehouse", "yard", "only", "new", "year"}
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
        "room", "space", "your", "their", "his", "our", "under", "beside", "inside", "outside"
    }
)  # fmt: skip

_LEAVE_A_OK = frozenset(
    {
        "day", "week", "request", "application", "fortnight", "few", "couple", "half", "full",
        "long", "short", "sick", "personal", "casual", "month", "weeks", "days"
    }
)  # fmt: skip

_TREE_LEAVES_NEXT = frozenset({"on", "are", "were", "have", "fall", "falling", "turning", "in"})

_PLACED_AT = frozenset(
    {"at", "in", "with", "by", "on", "outside", "here", "there", "behind", "under", "beside"}
)

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
    # a team or a place as a heading ("Warehouse: off Sat 29th and Mon 31st")
    | {"warehouse", "office", "admin", "accounts", "finance", "sales", "support", "ops", "it"}
    | {"operations", "dispatch", "reception", "lab", "plant", "factory", "site", "store", "shop"}
    | {"workshop", "kitchen", "front", "desk", "hr", "payroll", "logistics", "billing", "team"}
    | {"call", "calling", "called", "switch", "turn", "kick", "log", "sign", "drop", "booking"}
    | {"knocking", "finishing", "leaving", "clocking", "taking", "booked", "booking"}
    | {"mi"}  # Jamaican "I": "Mi sick bad wid di flu"
    | {"christmas", "xmas", "diwali", "holi", "eid", "easter", "thanksgiving", "pongal", "onam"}
    | {"pfingsten", "ostern", "weihnachten", "karneval", "fasching", "silvester", "koningsdag"}
    | {"sinterklaas", "midsommar", "juhannus", "pinksteren", "pasen", "kerst", "carnaval"}
    | {"semana", "santa", "midsommarafton", "julafton", "nyarsafton", "paskafton"}
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

_FESTIVAL_HOLIDAY = trie_compile(
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
        "giving", "given", "put", "get", "got", "getting", "break", "broke", "stretched",
        "reaching", "fade", "wipe", "wiped", "max", "maxed", "turns", "figured",
        "flat",  # "I'm flat out till then": as busy as can be
        "cleaned", "cleaning", "cleared", "emptied", "clean",  # "the fridge gets cleaned out"
        # someone else's doing: "Room 214 checks out Thursday", "the order ships out Monday"
        "checks", "sends", "ships", "rolls", "sorts", "runs", "moves", "finds", "figures",
        "goes",  # "so payroll goes out on Thursday"
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
        "bit", "little", "slightly", "feel", "feeling", "felt", "feels", "seems", "seem", "tastes",
        "bake", "cook", "face", "play", "tee", "blast", "dance", "sing", "stand", "lift",
        "ac", "aircon", "lights", "light", "fan", "heater", "no",
        "notifications", "s", "secs", "seconds", "mins", "minutes", "ms", "percent", "%",
        "hour", "hours", "hr", "hrs", "shave", "shaved", "shaving",
        # someone else's doing: "the crew switches off the evaporators Monday", "stepping off
        # the boats", "shout if yours looks off"
        "switches", "turns", "stepping", "step", "stepped", "looks", "look", "looked",
    }
)  # fmt: skip

_OFF_BAD_NEXT = frozenset(
    {
        "topic", "track", "shore", "guard", "limits", "line", "early", "balance", "white", "chance",
        "form",  # "I've been off form all week"
        "putting", "season", "peak", "campus", "site", "screen", "camera", "mute", "slack",
        "teams", "email", "emails", "zoom", "grid", "comms", "calls", "call", "meetings", "video",
        "mic", "phone", "vpn", "signers", "signer", "notifications", "notifs", "alerts"
    }
)  # fmt: skip

_AN_AMOUNT = trie_compile(r"\d+(?:s|secs?|mins?|ms|%|k|x|px|kg|mb|gb)")

# "Sick kid at home": the one who is sick, not the author
_CARED_FOR = frozenset(
    {"kid", "kids", "child", "children", "baby", "son", "daughter", "toddler", "wife"}
    | {"husband", "partner", "mum", "mom", "dad", "mother", "father", "dog", "cat", "pet"}
)

_OFF_TO_NOT_LEAVE = frozenset(
    {"a", "the", "lunch", "bed", "sleep", "meeting", "work", "office", "school", "gym", "class"}
    | {"call", "my", "an", "get", "grab", "pick", "see", "do", "attend", "dinner", "breakfast"}
)

# "car service tomorrow, in by 11:30": a clause beside an errand that says the author is in
# later than a usual start (``classify`` reads it only beside another clause)
_IN_BY_LATER = trie_compile(
    r"\s*(?:so\s+)?(?:(?:i'll|i\s+will|will|(?:i\s+)?should)\s+be\s+|expect\s+me\s+)?"
    # "in by 11", "I'll be in around 10", "should make it to the office by 11h",
    # "back at the line by 11h"
    # "I should be at my desk around 10"
    r"(?:(?:in|online|back)(?:\s+at\s+(?:the|my)\s+[a-z]+)?|at\s+my\s+desk|"
    r"(?:should\s+|will\s+|i'll\s+)?make\s+it\s+to\s+"
    r"(?:the\s+)?(?:office|work|desk|site|plant))\s+(?:by|around|about)\s+(?:about\s+|around\s+)?"
    r"(?:10(?:h|[:.][0-5]\d)?\b(?![/.-]?\d)|11h?\b(?![/.-]?\d)|11[:.h]\d\d\b|half\s+(?:ten|eleven|twelve)\b)"
)
_WEAK = trie_compile(
    r"\b(?=[\w'])(?:"
    # "family reunion 7/12-7/16", "wedding on Friday": an occasion and its days, as a heading
    r"put(?:ting)?\s+in\s+for\s+(?:the\s+)?(?=\d|tomorrow|(?:mon|tue|wed|thu|fri)[a-z]*\b)|"
    # "Taking the afternoon of the 23rd", "taking Friday morning"
    r"(?:take|taking|took|need|needing)\s+(?:the\s+)?(?:morning|afternoon)s?\s+(?:of|on)\s+(?:the\s+)?"
    r"(?=\d|tomorrow|(?:mon|tue|wed|thu|fri)[a-z]*\b)|"
    r"(?:wedding|reunion|funeral|graduation|convocation|honeymoon)\s+(?:on\s+|from\s+|this\s+|"
    r"next\s+)?(?=\d|tomorrow|tmrw|today|(?:mon|tue|wed|thu|fri)[a-z]*\b|(?:jan|feb|mar|apr|"
    r"may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\s+\d)|"
    # "I'll be gone the 22nd, 23rd and 24th", "Labor Day weekend I'm gone"
    r"(?<!while\s)(?<!when\s)(?:i'll|i\s+will|i'm|im|i\s+am)\s+(?:be\s+)?gone\b|"
    r"absente?|unavailable|not\s+available|won'?t\s+be\s+(?:available|in|coming|working|"
    r"able|around|online|reachable|at\s+work)|will\s+not\s+be\s+(?:available|in|coming|working|able|"
    r"around|online|reachable|at\s+work)|not\s+(?:be\s+)?(?:coming|joining|working)|"
    r"(?:will\s+not|won'?t)\s+come\b(?!\s+(?:to|for|and|along|over|back|with))|"
    # "Tomorrow I will not come to office"
    r"(?:will\s+not|won'?t)\s+come\s+to\s+(?:the\s+)?(?:office|work)\b|"
    # "I take free on Friday" (Dutch, German English): a day off
    r"(?:take|taking|took)\s+(?:a\s+)?free(?:\s+days?)?\b(?!\s+(?:lunch|coffee|trial|seat|course|"
    r"ticket|pass|sample))|can'?t\s+(?:come|"
    r"make\s+it|join|work)|cannot\s+(?:come|make\s+it|join|work)|unable\s+to\s+(?:come|attend|"
    r"join|work|make)|not\s+(?:able\s+to|gonna)\s+(?:come|make|join|work)|skip(?:ping)?\s+work|"
    r"(?:won'?t|will\s+not|not\s+going\s+to|couldn'?t|could\s+not)\s+(?:be\s+able\s+to\s+)?"
    r"make\s+it|"
    r"off\s+work|away|afk|not\s+(?:in|reachable|online)\s+(?:today|tomorrow|tmrw|on|from|next|"
    r"this)|break|days?\s+off|unwell|not\s+(?:feeling\s+)?well|under\s+the\s+weather|"
    r"time\s+off|personal\s+days?|mental\s+health\s+day|rest\s+day|duvet\s+day|unreachable|offline|"
    r"(?:take|taking|took|takin|takng|tkaing|grabbing|requesting|tacking\s+on|je\s+prends|prendrai|tomo|"
    r"tomare)\s+"
    r"(?:off\s+)?(?:all\s+of\s+)?"  # "Taking all of next week apart from the Friday"
    r"(?:the\s+|this\s+|next\s+|coming\s+|that\s+|le\s+|el\s+)?"
    r"(?:(?:easter|whit|boxing|labou?r|memorial|victoria|family|civic|heritage)\s+(?=mon|tue|fri))?"
    r"(?:(?:first|second|third|fourth|last)\s+(?=week))?"
    r"(?:w/[cb]|day|lundi|mardi|mercredi|jeudi|"
    r"vendredi|lunes|martes|miercoles|jueves|viernes|"
    r"week|rest\s+of|whole|entire|tomorrow|tmrw|today|monday|tuesday|wednesday|thursday|friday|"
    r"mon|tue|tues|wed|weds|thu|thur|thurs|fri|sat|sun|saturday|sunday|\d+(?:st|nd|rd|th)?|"
    r"(?:jan|feb|mar|apr|may|jun|jul|aug|"
    r"sep|sept|oct|nov|dec)[a-z]*\s+\d{1,2}(?:st|nd|rd|th)?)\b(?!')|"
    r"(?:take|taking|took|takin)\s+(?:off\s+)?(?:the|this|that|tomorrow'?s?|tmrw)\s+(?:afternoons?|"
    r"mornings?|arvo|evening|(?:first|second|1st|2nd)\s+half)(?=\s*(?:$|[^\w\s]|off\b|today\b|of\b|"
    r"tomorrow\b|tmrw\b|on\b|for\b|to\b|as\b|mon|tue|wed|thu|fri))|"
    # "in by 12", "in the office by 12"
    r"(?<![a-z]\s)(?<![a-z])(?:in(?:\s+the\s+office)?|online|back)\s+by\s+(?:12(?::\d\d)?\b|1(?::\d\d)?\s*pm|"
    r"1\b(?![/.:-]?\d)|noon|lunch|midday)|"
    # "Scan at St. Olavs tomorrow morning, in after lunch"
    r"(?<![a-z]\s)(?<![a-z])in\s+after\s+(?:lunch|noon|midday)\b|"
    r"(?:back|(?<![a-z]\s)(?<![a-z])in\s+the\s+office)\s+(?:online\s+|in\s+|at\s+my\s+desk\s+)?"
    r"(?:by|around|about|for|at|after)\s+(?:1[0-2](?::\d\d)?"
    r"(?:h\b|\b)|1(?::\d\d)?\s*pm\b|lunch|noon|midday|half\s+(?:ten|eleven|twelve|10|11|12)\b|"
    r"the\s+afternoon\b)|"  # "Visa interview Thursday morning, back online by 1pm"
    # "Solicitor's appointment tomorrow at 9, in for 11"; "won't reach office before 12"
    r"\bin\s+for\s+(?:1[0-2]|1|2)(?::\d\d)?\b(?!\s*(?:days?|weeks?|hours?|hrs?|mins?))|"
    r"(?:won'?t|will\s+not|can'?t)\s+(?:reach|get\s+to|make\s+it\s+to)\s+(?:the\s+)?(?:office|work|"
    r"site|plant)\s+(?:before|till|until|by)\b|"
    r"fishin\b|make\s+it\s+(?:to|into)\s+(?:the\s+)?(?:office|work)\s+(?:after|by|around|before)\b|"
    r"(?:come\s+)?back\s+(?:after|around)\s+(?:lunch|noon)\b|reach\s+(?:the\s+)?office\s+by\s+1[0-2]\b|"
    # "Driving test 9-11am tomorrow, after that online"
    r"(?:after\s+that|depois|despues|danach|ensuite)\s+(?:i'?m\s+|i'll\s+be\s+)?(?:online|back|in)\b|"
    # "Kinder transition visit Thursday 9-11am, I'll be in after that"
    r"(?:i'll|i\s+will|will)\s+be\s+(?:in|online|back)\s+after\s+(?:that|it)\b|"
    r"(?:will|i'll|ill|gonna|going\s+to|should|shd|hope\s+to|hoping\s+to|expect\s+to|i)\s+"
    r"(?:only\s+)?(?:be\s+)?(?:log(?:ging)?\s*in|login|in|online|come|come\s+in|"
    r"back|join|joining|at\s+my\s+desk)\s+(?:only\s+)?(?:after|post|by|around|from|at|for)\s+"
    r"(?:about\s+|around\s+)?(?:lunch(?:time)?|noon|midday|1[12](?::\d\d)?\b|10[:.][1-5]\d\b|"
    r"1(?::\d\d)?\s*pm|2(?::\d\d)?\s*pm|1[34][:.]\d\d\b|half\s+(?:ten|eleven|twelve|one)\b|"
    # "I'll be online from 13:00", "I'll be in for about 1"
    r"1\b(?![/.:-]?\d|\s*(?:days?|weeks?|hours?|hrs?|mins?|month)\b))|"
    # "GP at 9", "dentist at 8:30 tomorrow": an appointment at an hour
    r"(?:gp|doctor|doc|dr|dentist|physio|optician|specialist|hospital|clinic|vet)\s+"
    r"(?:appt\s+|appointment\s+|visit\s+)?(?:(?:today|tomorrow|tmrw|(?:on\s+)?(?:mon|tues?|wed|thu|"
    r"thurs|fri)[a-z]*)\s+)?(?:at\s+)\d{1,2}(?::\d\d)?\b|"
    r"(?:won'?t|will\s+not)\s+be\s+(?:in|online|around|at\s+my\s+desk)\s+(?:till|until|til|before)\b|"
    # "Tmrw I'll be at the traffic directorate till 11 then back online"
    r"(?:till|until|til)\s+(?:about\s+|around\s+)?(?:8|9|10|11|12)(?:[:.]\d\d)?(?:\s*am)?\s*,?\s+"
    # the clause may end at "then"
    r"(?:and\s+)?then(?:\s+(?:i'?ll\s+be\s+)?(?:back|online|in)\b|\s*$)|"
    r"leaving\s+(?:now\s+)?for\s+the\s+(?:afternoon|rest\s+of\s+the\s+day)\b|"
    r"(?:going|heading)\s+home\s+early\s+today\b|"  # "Going home early today, the school play"
    r"coming\s+in\s+(?:after|around|about|at)\s+(?:lunch|noon|midday)\b|"
    r"heading\s+out\s+for\s+the\s+rest\s+of\s+the\s+(?:afternoon|day)\b|"
    r"using\s+up\s+(?:my\s+)?(?:last|remaining|leftover|spare)\s+(?:\d+\s+|few\s+)?(?:days?|leave|pto)\b|"
    # "have to leave now", "Leaving now, the school called", "logging off early now", "I go home
    # now" (a sign-off, "leaving now, see you tomorrow", is no leave: see _SIGN_OFF)
    r"(?:(?:have|need|got)\s+to|must|gotta)\s+leave\s+now\b|^\W*leaving\s+now\b|"
    r"log(?:ging)?\s+off\s+(?:early\s+)?now\b|\bi\s+go\s+home\s+now\b|"
    r"(?:heading|going|headed)\s+(?:home|out)\s+now\b|"
    r"leaving\s+for\s+(?:the\s+)?(?:physio\w*|doctor|dentist|clinic|hospital|gp|chiro|er)\s+now\b|"
    # "I'm gone Tuesday and Wednesday this week", "Gone Mon + Tue next week": gone, then when
    r"(?:(?:i'm|im|i\s+am|i'll\s+be|i\s+will\s+be)\s+|^\W*)gone\s+(?=(?:mon|tue|wed|thu|fri|today|"
    r"tomorrow|tmrw|next|this|from|on|till|until|\d))|"
    # "Have to see my GP tomorrow first thing": care
    r"(?:see|seeing|visit|visiting)\s+(?:my|the|a)\s+(?:gp|doctor|doc|dentist|physio|specialist|"
    r"consultant|optician|surgeon|cardiologist|dermatologist)\b|"
    # "Eh sorry, no can come in Monday": Hawaiian Pidgin
    r"\bno\s+can\s+(?:come|make|work)\b|"
    # "I'll not be in Wednesday"
    r"\b(?:i'll|i\s+will|ill)\s+not\s+be\s+(?:in|available|around|online|coming\s+in)\b|"
    r"(?:gotta|have\s+to|need\s+to|must)\s+bolt\b|"  # "Gotta bolt at 2 today"
    # "Booking the kids' winter break, Mon 1st - Fri 5th March"
    r"\bbook(?:ing|ed)?\s+(?:the\s+|my\s+)?(?:[\w'-]+\s+){0,2}(?:week|fortnight|break)"
    r"(?=\s*[:,-]|\s+in\s+[a-z]+\s*[:,-])|"
    # "Knee physio tomorrow first thing, then working from about 10"
    r"(?:gp|doctor|doc|dentist|physio|optician|specialist|hospital|clinic|vet)\s+(?:appt\s+|appointment\s+)?"
    r"(?:today|tomorrow|tmrw|(?:on\s+)?(?:mon|tues?|wed|thu|thurs|fri)[a-z]*)\s+first\s+thing\b|"
    # "Closing on the house Monday at 1:30, gone that afternoon"
    r"\bgone\s+(?:that|the|this)\s+(?:afternoon|morning)\b|"
    # "so I'll be gone after lunch", "I'm gone at 3:30"
    r"(?:i'll\s+be|i'm|im|i\s+am|i\s+will\s+be)\s+gone\s+(?:after\s+lunch|at\s+\d|from\s+\d|by\s+\d)|"
    # "Giorgoba Monday, I add Tuesday 24th": days added to a leave
    r"\b(?:i(?:'ll|\s+will)?\s+(?:also\s+)?add|(?:i'm|im|i\s+am)\s+(?:also\s+)?adding)\s+(?:on\s+)?"
    r"(?=(?:mon|tue|wed|thu|fri)[a-z]*\b|\d|the\s+\d)|"
    # "Will be in Lahore from Sunday 6th Dec, back in office Thursday 10th"
    r"(?:i'll|i\s+will|will)\s+be\s+(?:in|at)\s+(?!(?:the\s+)?office\b)[a-z]+\s+from\s+(?=(?:mon|tue|wed|"
    r"thu|fri|sat|sun)[a-z]*\b|\d|the\s+\d|tomorrow|next)|"
    # "Please book me Monday to Wednesday next week": days asked for
    r"(?:please|pls|plz|kindly|can\s+you|could\s+you)\s+book\s+me\s+(?:off\s+|out\s+)?"
    r"(?=(?:mon|tue|wed|thu|fri)[a-z]*\b|\d|next\b|tomorrow\b|the\s+\d)|"
    # "Not going to be in tomorrow, school Christmas show"
    r"\bnot\s+going\s+to\s+be\s+in\s+(?=today|tomorrow|tmrw|on\b|(?:mon|tue|wed|thu|fri)[a-z]*\b|"
    r"next\b|this\b|\d)|"
    # "Please approve 5/4-9/4": a request for days
    r"(?:please|pls|plz|kindly)\s+approve\s+(?=\d|(?:mon|tue|wed|thu|fri)[a-z]*\b|next\b|tomorrow\b)|"
    # "logging off for the rest of the day" (not "for the day": the end of a working day)
    r"(?:log(?:ging)?|sign(?:ing)?|clock(?:ing)?|knock(?:ing)?)\s+off\s+for\s+the\s+"
    r"(?:rest\s+of\s+the\s+day|afternoon)\b|"
    r"(?:leaving|log(?:ging)?\s+off|sign(?:ing)?\s+off|heading\s+(?:out|home|off)|going\s+home|"
    # "ducking out at 3:30", "I'll head off about 2 tomorrow"
    r"duck(?:ing)?\s+out|(?:(?:have|need|got)\s+to|must|gotta|will|i'll|i|gonna)\s+"
    r"(?:leave|head\s+(?:out|off|home)|duck\s+out|dash(?:\s+off)?|shoot\s+off|nip\s+out|pop\s+out)|"
    r"finish(?:ing)?(?:\s+up)?|clock(?:ing)?\s+off|knock(?:ing)?\s+off|call(?:ing)?\s+it\s+a\s+day)\s+"
    # "leaving the lab at 14:00 today"
    r"(?:(?:the\s+|my\s+|our\s+)?(?:[a-z]+\s+)?(?:" + "|".join(sorted(WORKPLACES)) + r")\s+)?"
    # "leaving early on Friday, from 3pm", "leaving early today ~3pm"
    r"(?:early\s+(?:today|tomorrow|tmrw|on\s+[a-z]+day)\s*,?\s+)?"
    r"(?:early\s*,?\s+)?(?:(?:after|post|at|around|about|by|from)\s+|~\s*)(?:lunch(?:time)?|noon|"
    # "Leaving at half 2 today": half past two
    r"half\s+(?:past\s+)?(?:1[1-6]|[1-4]|one|two|three|four)\b|"
    r"(?:1[1-7]|[1-5])(?![\d:.]*\s*(?:am|a\.m))(?:[:.]\d\d)?(?:\s*pm|h)?)|"
    r"(?:only\s+)?work(?:ing)?\s+(?:only\s+)?(?:until|till|til)\s+(?:\d{1,2}(?::\d\d)?\s*(?:h|pm)?|noon|"
    r"midday|lunch)|"
    # "booked my Feb half term: 15/02-19/02", "putting in for April 13-17"
    # "Putting in 20-24 Dec for Christmas shopping"
    r"\bput(?:ting)?\s+in\s+(?=\d{1,2}(?:st|nd|rd|th)?\s*(?:-|to|till|until)\s*\d)|"
    r"(?:\bbook(?:ing|ed)?|\bput(?:ting)?\s+in\s+for)\s*:?\s+(?:in\s+|off\s+)?(?:the\s+|my\s+)?"
    r"(?:(?:(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\s+)?(?:half[\s-]?term|easter|christmas|"
    r"summer|spring\s+break|the\s+holidays)(?:\s+week)?\s*:?\s+(?=\d|(?:mon|tue|wed|thu|fri)[a-z]*\b|"
    r"the\s+\d)|"
    r"week\s+(?:of|commencing|starting|"
    r"beginning)\b|w/?[cb]\b|\d{1,2}(?:st|nd|rd|th)?\b|"
    r"(?:mon|tue|wed|thu|fri)[a-z]*|next\s+\w+|tomorrow|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)\w*\s+\d{1,2})|"
    r"(?:take|taking|takin|took)\s+(?:a\s+|one\s+more\s+|another\s+)?long\s+weekend|flex\s+day|"
    # "Moving house so I need Thu 4th + Fri 5th Feb"
    r"\bi\s+(?:will\s+|'ll\s+)?need\s+(?=(?:mon|tue|wed|thu|fri)[a-z]*\s+\d|\d{1,2}(?:st|nd|rd|th)\b|the\s+\d)|"
    # and as what the author will need, with more ways of dating: "I'll need Wed 20th and
    # Thu 21st plz, moving flat", "I'll need Mon 10 May for 3 days"
    r"(?:i'll|i\s+will)\s+need\s+(?:the\s+|this\s+|next\s+)?(?=\d{1,2}(?:st|nd|rd|th)\b|\d{1,2}[/.-]\d|"
    r"\d{1,2}\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)|tomorrow\b|tmrw\b|"
    r"(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\s+\d|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\s+\d)|"
    # "Taking Hanukkah week with the kids, 26/12-30/12": an occasion's week taken
    r"(?:take|taking|took)\s+(?:the\s+)?(?!(?:a|an|one|two|this|that|next|whole|full|entire|last|"
    r"every|each|my|our|the|same|other|following)\b)[a-z]+\s+week\b(?!\s+(?:to|before|after|of)\b)|"
    # "Please put me down for the rest of the week"; "tomorrow I need the second half of the day"
    r"put\s+me\s+down\s+for\b|need\s+(?:the\s+)?(?:(?:first|second|1st|2nd)\s+half|morning|afternoon)\b|"
    # "Shifting house, need 3 days starting Monday"
    r"need\s+(?:\d|two|three|four|five|a\s+couple\s+of|a\s+few)\s*(?:more\s+)?days?\s+(?:off\s+)?(?:from|starting)\b|"
    # "so I'm bridging with Friday 26 June": a day taken to join a holiday to the weekend
    r"(?:i'm|im|i\s+am|i'll|i\s+will)\s+(?:be\s+)?bridging\s+(?:it\s+)?with\b|"
    # "I'd like to book Friday 13 and Monday 16 Feb please": days asked for
    r"(?:i'?d\s+like(?:\s+to)?|i\s+would\s+like(?:\s+to)?|i\s+want\s+to|"
    r"(?:can|could|may)\s+i(?:\s+also)?(?:\s+have)?|"
    r"(?:please|pls|kindly|can\s+you|could\s+you)\s+book(?:\s+me)?)\s+(?:book\s+|request\s+)?"
    r"(?=(?:mon|tue|wed|thu|fri)[a-z]*\s+\d|\d{1,2}(?:st|nd|rd|th)?\b(?!\s*(?:am|pm|:))|the\s+\d|"
    # "I'd like to book Thursday and Friday this week"
    r"(?:mon|tue|wed|thu|fri)[a-z]*\s+(?:and|&|to|through|thru|-)(?:\s+(?:mon|tue|wed|thu|fri)|\s*$)|"
    r"(?:mon|tue|wed|thu|fri)[a-z]*\s+(?:this|next)\s+week|tomorrow\b|next\s+(?:mon|tue|wed|thu|fri))|"
    r"(?:gone|went|heading|off)\s+to\s+(?:the\s+|my\s+)?(?:gp|doctor'?s?|dentist'?s?|hospital|chiro|"
    r"clinic|physio|a&e|er|vet)\b|"
    # "Taking the next two days to drive my mum to Udon"
    r"(?:take|taking|took)\s+(?:a\s+|the\s+next\s+)?(?:few|couple\s+of|couple|some|\d+|two|three|"
    r"four|five)\s+(?:days?|weeks?|fortnights?)\b|"
    # "Taking a fortnight from Mon 3 Aug, back Mon 17th"
    r"(?:take|taking|took)\s+(?:a|the)\s+(?:week|fortnight)\s+(?=(?:from|starting|beginning|of)\s|"
    r"\d|(?:mon|tue|wed|thu|fri)[a-z]*\b)|"
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
    r"honeymoon|pilgrimage|break)"
    # not "Bins for the holiday food drive": a thing of the holidays
    r"(?!\s+(?:food|drive|party|card|cards|raffle|potluck|market|sale|rush|shipment|menu|lights|"
    r"decorations?|concert|bonus|gift|gifts|collection|appeal|lunch|dinner))|(?<!business\s)(?<!work\s)(?<!client\s)(?<!sales\s)"
    r"(?:trip|trek|travel|flight|flying)\s+to|trekking|"
    r"(?:ski|skiing|snowboard|beach|road|family|fishing|hunting|camping|hiking|golf|surf|boat|girls'?|easter|"
    r"christmas|xmas|summer|spring|winter|autumn|fall|holiday|weekend|"
    r"boys'?|bachelor(?:ette)?|bucket\s+list|birthday)\s+trip|(?:deer|hunting|fishing)\s+camp|r&r|ski\s+(?:week|holiday|hols)|"
    # "Taking the bridge day Friday 15 May after Ascension": the day between a holiday and a weekend
    r"(?:tak(?:e|ing)|took|book(?:ing)?)\s+(?:the\s+|a\s+|my\s+)?bridge\s+day|"
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
_UPDATE_LATER = trie_compile(
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
    r"(?:will\s+|i'll\s+)?try\s+(?:to\s+)?(?:come\s+in|make\s+it|be\s+in|log\s+in|join|"
    # "Will try to log on tomorrow", "will test again tomorrow": what the day may bring
    r"log\s+(?:back\s+)?on|sign\s+(?:back\s+)?(?:in|on))\b|"
    r"(?:will|i'll|'ll|going\s+to|gonna)\s+(?:re-?test|test\s+again|do\s+another\s+test)\b|"
    r"make\s+up\s+(?:the|my|for\s+the|for\s+my)?\s*(?:hours|time)\b|"
    r"hand(?:ing)?\s+over\b)\b"  # "handing over the escalations to <@U06> on Wednesday": work
)

# "I was planning to take leave on 2nd Sept but now not sure": the plan in doubt
_NOW_UNSURE = trie_compile(r"\W*(?:but\s+)?(?:now\s+)?(?:i'm\s+|im\s+|i\s+am\s+)?not\s+sure\W*$")

# "might", "thinking of": not yet decided.
_TENTATIVE = trie_compile(
    r"\b(?:thinking\s+(?:of|about|to)|considering|might|maybe|may\s+be|baka|hindi\s+pa\s+sure|"
    r"probably(?!\s+(?:the|a|an|just|some|food|flu|covid|something)\b)|possibly|perhaps|"
    r"may\s+(?:need|have\s+to|take|want|ask\s+for|request)|"
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

_BEFORE_A_NAME = trie_compile(
    r"(?i:\b(?:the\s+)?(?:day|week|mon|tue|wed|thu|fri|sat|sun)\w*\s+(?:before|after|of)\s+)"
    r"(?!" + _DATE_NAMES + r"|I\b|Lunch|Noon|Work|Office|My|The|Our|Next|Last)[A-Z][a-z]+"
)

# "my flight got cancelled": something else called off, not the author's leave.
_OTHER_CANCELLED = trie_compile(
    # "Eye clinic had a cancellation, so my pre-op check is today": someone else's slot freed
    r"\b(?:had|got|has)\s+a\s+cancellation\b|"
    # "Hospital rang with a cancellation for my knee op": a slot freed, not a leave cancelled
    r"\b(?:with|offered|offering)\s+(?:me\s+)?a\s+cancellation\b|"
    # "Jess is off sick today so her 2pm is cancelled": someone else's thing
    r"\b(?:his|her|their)\s+(?:[\w:]+\s+){0,2}(?:is|was|has\s+been|got)\s+cancel+ed\b|"
    # "cancel the 3pm sync on Friday", "cancel the supplier call on Monday"
    r"\b(?:cancel\w*|scrap|drop|call\s+off|move|reschedule)\s+(?:the|my|our|this|that|today'?s|"
    r"tomorrow'?s|\w+day'?s)\s+(?:\d{1,2}(?::\d\d)?\s*(?:am|pm)?\s+|"
    # "cancel the Aug 7 safety meeting"
    r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\s+\d{1,2}(?:st|nd|rd|th)?\s+|[\w-]+\s+){0,3}?"
    r"(?:sync|meeting|call|standup|stand-up|demo|1:1|one-on-one|review|session|retro|"
    r"workshop|interview|presentation|catch-?up|huddle|check-?in|training|webinar|lunch|"
    r"dinner|offsite|appointment|order|subscription|delivery|invite)s?\b"
    r"(?!\s+(?:half|leave|off|pto|holiday))|"
    r"\b(?:flights?|trips?|trains?|meetings?|events?|plans?|bookings?|tickets?|class(?:es)?|"
    r"sessions?|appointments?|surgery|calls?|standups?|demo|party|wedding|program(?:me)?|"
    r"function|visit|holiday\s+plans?|concert|match|game|show)(?:\s+(?!leave\b)[\w']+){0,3}?\s+"
    r"(?:got\s+|was\s+|is\s+|has\s+"
    r"been\s+|have\s+been\s+|were\s+|are\s+)?(?:cancel+ed|called\s+off|scrapped|postponed)\b|"
    # "SATA cancelled the Horta flight again": a carrier's, not a leave cancelled
    r"\b(?:cancel+ed|scrapped)\s+(?:the|our|my|a|its|their|today'?s|tomorrow'?s)\s+"
    r"(?:[\w-]+\s+){0,2}?(?:flights?|ferr(?:y|ies)|sailings?|trains?|bus(?:es)?|crossings?)\b"
)

# "Ill be on leave": "I'll" without its apostrophe, not illness. Only at the start of a
# sentence (after a greeting at most) and before a verb: "feeling ill" stays ill.
_ILL_AS_I_WILL = trie_compile(
    r"(?:^|(?<=[.!?;:(,\n]))\s*(?:(?:hi|hey|hello|ok|okay|so|and|but|also|btw|fyi|guys|team|"
    r"all|folks|update)[\s,!:-]+)*ill\s+(?=(?:be|b|not|take|taking|need|have|log|work|miss|try|"
    r"come|join|update|let|ping|check|send|share|apply|inform|leave|head|go|skip|stay|probably|"
    r"prob|just|only|definitely|def|still|do|make|get|put|keep|reach|respond|reply|see|sign|book|"
    r"mark|cancel|drop|also|likely|return|rejoin|resume|start|finish|call|post|confirm|block|use|"
    r"wfh|mostly|most|catch|pick|hand|ask)\b)"
)

# "sick of waiting": not illness; "a doctor's call": not a visit.
_SICK_IDIOM = trie_compile(
    r"\bsick\s+(?:of|and\s+tired|to\s+(?:my|the)\s+stomach|as\s+a\s+parrot)\b|"
    # "Flu's going around the office": an illness about, no one's absence
    r"\b(?:flu|covid|cold|colds|bug|virus|norovirus|stomach\s+bug|tummy\s+bug|something)"
    r"(?:'s|\s+is|\s+has\s+been)\s+going\s+(?:a)?round\b|"
    r"\bmak(?:es|ing)\s+me\s+sick\b|\b(?:i'?m|i\s+am)\s+not\s+sick\b|"
    r"\bnot\s+because\s+(?:i'?m|i\s+am)\s+sick\b|"
    r"\bby\s+accident\b|"  # "my OOO got turned on by accident": not on purpose
    # "stuck behind an accident on the M1": the traffic's, not the author's
    r"\b(?:behind|past|around|because\s+of|due\s+to)\s+(?:an?|the)\s+(?:\w+\s+)?accident\b|"
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
    r"photos?|pics?|shots|footage|drone|exploit|hack|bags?|dunk|costumes?|outfit|assist|catch|"
    r"garments|clothes|jackets?|uniforms?)\b|"
    # "Yesterday's sprint demo was sick 🔥": slang for great, said of a thing
    r"\b(?:demo|build|release|deploy|launch|feature|design|dashboard|deck|slides?|goal|save|shot|"
    r"trick|track|song|drop|pr|game|match|gig|concert|show|party|talk|keynote|pitch|ui|animation|"
    r"trailer|level|map|art|render|fit|outfit|view|ride|beat|set|do|model|bbq|dinner|drinks|"
    r"playlists?|music|tunes|mix|lobby|decor|menu|"
    r"offsite|event|session|workshop|app|tool|code|script|food|feed|night|gig|walkthrough|"
    r"presentation|onboarding|webinar|course|training|episode|movie|film|video|demo|carts?|"
    r"laptops?|builds?|setups?|machines?|bikes?|cars?|trainers|sneakers|exploit|hack|bug|photos?|"
    r"deals?|prices?|sales|discounts?|offers?|specs|graphics|views|waves|snow|powder|prototypes?|"
    r"results|numbers|figures|stats|data|loads|graphs?|charts?|garments|clothes|jackets?|"
    r"concepts?|mock-?ups?|samples?|renders?)"
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
_SICK_IDIOM_HINT = trie_compile(
    r"sick|dr|doc|gp|dent|hospital|clinic|pharm|medic|flu|accident|round"
)

# "for a couple of hours": away part of a day, not a half or a whole one
_HOURS = trie_compile(
    r"\bfor\s+(?:an?|one|two|three|\d+(?:\.\d)?|a\s+couple\s+of|couple\s+of|a\s+few|few)\s+"
    r"(?:hours?|hrs?|mins?|minutes)\b|"
    r"\b(?:afk|brb|away|back\s+in|gone)\s+(?:for\s+)?(?:\d+|a\s+few|few|five|ten|fifteen|twenty)\s*"
    r"(?:mins?|minutes|m|hrs?|hours?)\b"
)

_GRAMMAR_DOUBTS = frozenset(
    {"invalid_date", "weekday_mismatch", "ambiguous_weekday", "date_order_swapped", "vague_half"}
)

_PLAN_NOTES = frozenset({"vague_count", "count_without_start", "vague_date"})

# Doubts about whose leave it is or whether it is one at all (the others are about
# its days): with them the message is not clearly the author's own leave.
_INTENT_DOUBTS = frozenset({"mixed_intent", "reschedule", "others_mentioned"})

_STRUCK = trie_compile(r"~([^~\n]{2,200})~")

_THAT_ONE = trie_compile(
    r"(?i)\b(?:cancel\w*|drop\w*|remov\w*|scrap\w*)\s+(?:that|it|this|those|these)\b|"
    r"~\s*never\s*mind\b|~\s*nvm\b|"
    r"\bthat'?s\s+cancel|"
    # "~AL Fri 9th~ not happening now", "~Off Wed 24/3~ change of plans, I'll be in": what is
    # struck through is called off, said right after it
    r"~\s*[,.:;!-]*\s*(?:not\s+happening|change\s+of\s+plans?|plans?\s+changed|no\s+longer|"
    r"scratch\s+that|not\s+(?:going|needed|off)\b)"
)

# "Get well soon Maddie!", "feeling much better": a wish to someone ill, or illness over
_WELL_AGAIN = trie_compile(
    r"\b(?:get\s+well|feel\s+better|speedy\s+recovery|(?:fully\s+)?recovered|pole\s+sana|beterschap|"
    # "Hope the recovery from the surgery went well"
    r"gute\s+besserung|hope\s+(?:the|your)\s+(?:\w+\s+){1,5}?(?:went\s+well|is\s+gone|clears)|"
    r"back\s+(?:at\s+work|on\s+deck|in\s+action)\s+(?:now|after|today)|"
    r"back\s+to\s+(?:100|normal|full\s+(?:health|strength))|"  # "Back to 100% after the flu"
    # "Back at my desk after the surgery - thank you all for the calls"
    r"back\s+at\s+my\s+desk\s+after\s+(?:the|my)\b|"
    r"(?:feeling|feel|i'm|im|i\s+am)\s+(?:much\s+|a\s+lot\s+|way\s+|loads\s+|so\s+much\s+)?better|"
    # "feeling human again"
    r"(?:feeling|feel|i'm|im|i\s+am)\s+(?:human|like\s+myself|normal)\s+again|"
    # "feeling off after lunch yesterday but I'm fine now"
    r"(?:but|and)\s+(?:i'm|im|i\s+am)\s+(?:totally\s+|all\s+)?(?:fine|ok|okay|good)\s+now)\b"
)

_NOT_TAKING = trie_compile(
    r"\b(?:not|no\s+longer|won'?t|will\s+not)\s+(?:be\s+)?(?:taking|take|going|off|on)\b"
)

# "are we off on 3 April too, or only the German sites?": one question in several clauses
_AUX_FIRST = trie_compile(r"\s*(?:is|are|do|does|did)\s+(?!i\b)")

_OR_ASKING = trie_compile(
    r"\bor\s+(?:does|do|is|are|should|would|will|can|could|only|just|not|is\s+it|would\s+it)\b"
)

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
_OCCASION_AFTER = trie_compile(
    r"\s+(?:[\w-]+\s+)?(?:wedding|reunion|funeral|graduation|convocation|engagement|appointment|"
    r"appt|visit)\b|"
    r"\s+(?:day|weekend|week|eve)\b"  # "St Andrew's weekend: taking Friday 27th"
)

# Words of illness written first and capitalised ("Gastro's going round", "Norovirus has hit
# our house"): no one's name.
_ILLNESS = frozenset(SICK_CONDITIONS) | frozenset(SICK_CARE)

_DEVICES = frozenset(
    {"phone", "laptop", "mobile", "hotspot", "charger", "battery", "wifi", "data", "router"}
)

_PREPOSITIONS = frozenset({"with", "for", "to", "from", "of", "and", "by", "about", "at", "on"})

# "my OOO auto-reply": a thing named after leave, not a leave.
# "Taking Tuesday's retro offline": a meeting held without a call, not the author away
_TAKEN_OFFLINE = trie_compile(
    r"\b(?:take|taking|took|move|moving|moved)\s+(?:(?!(?:today|tomorrow|tmrw|me|myself)\b)"
    r"[\w']+\s+){1,3}offline\b"
)

# "My out-of-office is on by mistake, ignore it": the auto-reply, no absence
_OOO_BY_MISTAKE = trie_compile(
    r"\b(?:ooo|out[\s-]of[\s-](?:the\s+)?office|auto-?\s*repl(?:y|ies)|autorepl(?:y|ies)|"
    r"(?:slack\s+|teams\s+)?status)\b"
    r".{0,80}?\b(?:by\s+mistake|by\s+accident|accidentally|mistakenly|in\s+error|wrongly|bug|glitch|"
    # not "OOO today, stuck in Hubli": the author, stuck somewhere
    r"stuck(?!\s+(?:in|at|on\s+(?:the|a|my)\s+(?:train|bus|road|highway|motorway)))|ignore\s+(?:it|that|them))\b"
)

_LEAVE_AS_THING = trie_compile(
    r"\b(?:ooo|out\s+of\s+(?:the\s+)?office)\s+(?:auto-?\s*repl(?:y|ies)|autorepl(?:y|ies)|"
    r"auto-?\s*responders?|repl(?:y|ies)|messages?|msgs?|emails?|mails?|templates?|notices?)\b|"
    # "my OOO got switched on by mistake": the auto-reply, not an absence
    r"\bmy\s+ooo\s+(?:got\s+|was\s+|is\s+)?(?:switched|turned|set)\s+on\b|"
    # "forgot to switch my OOO off": the auto-reply again
    r"\b(?:switch|switched|turn|turned|set)\s+(?:my|the)\s+ooo\s+(?:off|on)\b|"
    r"\b(?:ooo|out\s+of\s+office)\s+(?:is\s+)?(?:still\s+)?(?:says?|saying|reads?|shows?)\b|"
    r"\b(?:(?:sick|annual|casual)\s+)?leave['\"]?\s+(?:field|column|tab|option|button|type|category|code|"
    r"dropdown)\b|"
    # "New leave cycle started on the 1st": the leave year, a thing
    r"\bleave\s+(?:cycle|year|balances?|policy|portal)\b|"
    # "the winner gets an extra hour of leave": a prize, not a leave taken
    r"\bextra\s+(?:hours?|days?)\s+of\s+(?:leave|pto)\b|"
    # "My leave request is stuck at L2 approval": the request, a thing
    r"\b(?:sick\s+|annual\s+|casual\s+)?leave\s+(?:request|application)\s+(?:is|was|has\s+been|got)\s+"
    r"(?:stuck|pending|rejected|"
    r"still|not)\b|"
    # "My sick leave from last week still isn't showing in 1C": the record, a thing
    r"\bmy\s+(?:sick\s+|annual\s+|casual\s+)?leave\b.{0,30}?\b(?:still\s+)?(?:isn't|is\s+not|hasn't|has\s+not|"
    r"not)\s+(?:been\s+)?(?:showing|shown|reflect(?:ed|ing)?|updated|visible|appearing|recorded|approved\s+yet)\b"
)

# "Site visit to Beatrice on Thursday is off", "the Independence Day reception on the 18th is
# cancelled": an event called off, no one's leave
_EVENT_OFF = trie_compile(
    r"^\W*(?:the\s+|our\s+|this\s+|that\s+)?(?:[\w'-]+\s+){0,3}?(?:visit|trip|meeting|call|workshop|"
    r"reception|party|event|dinner|lunch|drinks|offsite|off-site|session|training|demo|review|"
    r"standup|stand-up|town\s*hall|webinar|match|game|outing|tour|inspection|audit|talk|briefing|"
    r"drill|stand-?down|lift|rehearsal|huddle|catch-?up)\b(?!\s+(?:leave|pto|"
    r"off))(?:\s+(?!i\b|i'm\b|my\b)[\w'-]+){0,6}?\s+(?:is|are|'s|has\s+been|have\s+been|got|was)\s+"
    r"(?:now\s+|also\s+)?(?:off|cancel+ed|postponed|called\s+off|scrapped)\b(?!\s+(?:sick|work))"
)

# "Black Friday week: no vacations 23-29 Nov", "no leave needed for that", "leave over Easter
# has to be approved by Friday": a rule or a remark about leave, not a leave
_NO_LEAVE_SAID = trie_compile(
    r"\bno\s+(?:new\s+|more\s+)?(?:annual\s+|casual\s+)?(?:vacations?|leaves?|pto|holidays|time\s+off)"
    r"(?:\s+requests?)?\s+"
    r"(?=\d|on\b|during\b|between\b|from\b|for\s+\d|"
    # "no vacation Sept 30 - Oct 1 for finance"
    r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d|"
    r"for\s+(?:the|anyone|everyone)\b|in\b|this\b|next\b|over\b|around\b)|"
    r"\bno\s+(?:leave|pto|time\s+off)\s+(?:is\s+)?(?:needed|required|necessary)\b|"
    # "Please can we not all take leave the week of the 14th"
    r"\b(?:can|could)\s+we\s+not\s+(?:all\s+)?(?:take|book|go\s+on)\s+(?:leave|pto|holiday|time\s+off)\b|"
    # "no Monday off for us"
    r"\bno\s+(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri)(?:day)?\s+off\s+for\b|"
    r"\bno\s+need\s+to\s+(?:apply|take|book|block|request|put\s+in)\s+(?:for\s+)?(?:it\s+as\s+|as\s+)?"
    r"(?:leave|pto|time\s+off)\b|"
    r"\b(?:has|have|needs?)\s+to\s+be\s+(?:approved|submitted|requested|booked|applied\s+for|in)\s+by\b"
)

# "(not on leave)" said beside work elsewhere
_NOT_ON_LEAVE_ASIDE = trie_compile(
    r"\(\s*(?:(?:work|business)(?:\s+trip)?\s*,?\s*)?not\s+(?:on\s+)?(?:annual\s+|a\s+)?"
    r"(?:leave|pto|vacation|holiday|a\s+holiday|al)\s*!*\s*\)"
)  # "(not on leave)", "(work trip, not annual leave)", "(work, not PTO)", "(work, not AL)"

# "except the 14th which is a holiday": an aside about a day, no announcement
_WHICH_IS_A_HOLIDAY = trie_compile(
    r"\bwhich\s+(?:is|'s|will\s+be)\s+(?:a\s+|the\s+)?(?:public\s+|bank\s+|national\s+)?holiday\b"
)

# "I don't need the 27th and 30th November anymore": days given back
_NOT_NEEDED_DAYS = trie_compile(
    r"\b(?:don'?t|do\s+not|no\s+longer)\s+need\s+(?:the\s+)?\d|"
    # "4/6 no longer needed, cancel pls": a date, then that it is not needed
    r"(?:^|[\s,;:])\d{1,2}(?:[/.-]\d{1,2}\.?|st|nd|rd|th)?\s+(?:is\s+)?(?:no\s+longer|not)\s+needed\b"
)

# Someone else away, said in Spanish or French: the verb's person says whose
_THIRD_ON_LEAVE_ABROAD = trie_compile(
    r"\b(?:sale|saldra|estara|esta|se\s+va|se\s+fue|anda|va\s+a\s+estar|regresa|vuelve)\s+(?:de|en)\s+"
    r"(?:vacaciones|licencia|incapacidad|permiso)\b|"
    r"\b(?:est|sera|part|partira|revient)\s+en\s+(?:vacances|conge)\b"
)

_THING_OFF = trie_compile(
    r"^\s*"
    + _GREET
    + r"(?:(?:please\s+)?(?:make\s+sure|check|ensure)\s+(?:that\s+)?|that'?s\s+why\s+)?"
    + r"(?:[a-z]+(?:\s[a-z]+)?:\s*)?"
    r"(?:(?:the|our|this|that(?!\s+(?:i|we)\b)|these|those|my)\s+(?!\d)"
    r"(?!(?:leave|pto|holiday|vacation)\b)(?:[\w'-]+\s+){0,6}?|"
    # "Warehouse forklift #3", "Brno office heating", "Zilina press shop", "Aircon on 12/F"
    r"(?:(?!(?:i|i'm|im|leave|pto|sick|off|out)\b)[\w-]+\s+){0,3}?"
    r"(?:(?:(?:water|power|gas)\s+supply|"
    r"power|electricity|water|wifi|internet|ac|aircon|heating|plant|factory|warehouse|shop|"
    r"lift|elevator|server|network|vpn|email|site|gas|(?:[\w-]+\s+){0,2}(?:line|machine|kiln|press|oven|"
    r"unit|boiler|furnace|conveyor|class|lesson|practice|rehearsal|session|training|match|game|"
    r"counter|module|system|portal|terminal|kiosk|scanner|printer|dashboard|database|combine|tractor|"
    r"harvester|forklift|pump|generator|crane|excavator|loader|rig))"
    r"(?:\s+#?\d+|\s+on\s+[\w/]+)?)\s*)(?:is|are|was|were|has\s+been|have\s+been|"
    r"will\s+be|'s|goes|going|will\s+go)\s+(?:\w+\s+)?(?:off|out|down|broken|closed|dead)\b"
)
# "third time today it's off the network": a thing said to be off, whatever it is
_IT_OFF = trie_compile(
    r"\bit(?:'s|\s+is|\s+was|\s+will\s+be|'ll\s+be|\s+goes)\s+(?:\w+\s+)?(?:off|down|broken|dead)\b"
    r"(?!\s+(?:for\s+(?:me|us)|sick|work))"
)
# What every _THING_OFF ends with, looked for first: the whole pattern, anchored at the
# start with its greetings and lazy subjects, costs more to fail than this to find.
_THING_OFF_TAIL = trie_compile(
    r"(?:is|are|was|were|be|been|'s|goes|going|go)\s+(?:\w+\s+)?"
    r"(?:off|out|down|broken|closed|dead)\b"
)

# "Redwoods treewalk is off for maintenance on the 3rd", "Lahore schools off due to smog":
# a place or a thing closed for works or a cause, not a person away
_OFF_FOR_WORKS = trie_compile(
    # "Sending the survey drone off for repairs"
    r"^\W*(?:sending|sent|taking|took)\s+(?:the|our|my)\s+(?:[\w'-]+\s+){0,3}off\s+for\s+"
    r"(?:repairs?|servicing|maintenance|calibration)\b|"
    # "Kitchen 2 will be off tomorrow for the deep clean"
    r"^\W*(?:the\s+|our\s+)?(?:[\w'-]+\s+){1,3}(?:is|are|will\s+(?:be|stay|remain)|stays?|remains?)?\s*"
    r"(?:off|closed|shut)\s+(?:(?:today|tomorrow|tmrw|(?:from\s+|on\s+)?(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*)\s+)?"
    r"for\s+(?:a\s+|the\s+)?(?:deep\s+|full\s+|annual\s+|routine\s+|motor\s+)?"
    r"(?:maintenance|repairs?|servicing|clean(?:ing)?|upgrades?|renovations?|inspection|rewinding|"
    r"descaling|overhaul)\b|"
    r"^\W*(?:[\w'-]+\s+)?(?:schools?|colleges?|universit(?:y|ies)|roads?|flights?|trains?|buses|"
    r"ferries|offices?)\s+(?:(?:are|is|will\s+be)\s+)?(?:off|closed|shut)\s+due\s+to\b"
)

_JOINED = frozenset({"and", "n", "&", "plus", "also", "+", ","})

# Verbs that go on with the subject before "and": "... and won't make it today".
_SUBJECTLESS_VERBS = frozenset(
    {"won't", "wont", "will", "can't", "cant", "cannot", "isn't", "is", "has", "had", "was"}
    | {"would", "may", "might", "should", "needs", "wants", "took", "taking", "going", "be"}
    | {"called", "couldn't", "didn't", "doesn't", "hasn't", "needed", "asked"}
)

# How a piece with no subject of its own starts: "..., the 4th", "and next week", "off too".
_SUBJECTLESS_START = frozenset({"the", "next", "this", "on", "off", "too", "back"})

_WHOLE = frozenset({"all", "whole"})

_KEPT_LEAVE_WORDS = frozenset({"off", "leave", "out", "away", "pto", "ooo"})

_KEPT_FILLER = frozenset({"now", "too", "only", "please", "pls", "then", "instead"})

# Words before an absence that make it someone else's or no absence at all.
_NOT_A_QUALIFIER = frozenset(
    {"he", "she", "they", "we", "you", "his", "her", "their", "our", "your", "team", "everyone"}
    | {"no", "not", "any", "cancel", "cancelled", "canceled", "who", "what", "when", "is", "are"}
    | {"all", "staff", "people", "employees", "everybody", "teams", "office", "company", "whole"}
)

# Coming in late, then when: the morning away.
_LATE_THEN_IN = trie_compile(
    r"\b(?:(?:be|come|coming|get|getting|join|joining|reach|log\s+in|start|starting)\s+(?:in\s+)?|"
    r"(?:plus|and)\s+in\s+)"
    r"late\b.{0,80}?"
    r"\b(?:(?:in|back|online)\s+by|around|at|about|by)\s+(?:\d|noon|lunch|midday)"
)

_FORM_FROM_TO = trie_compile(
    # ... and the same fields in the languages people mix in: Italian "dal: ... al:", Spanish
    # "desde: ... hasta:", French "du: ... au:", German "von: ... bis:"
    r"\b(?i:from|start(?:ing)?(?:\s+date)?|dal|desde|du|von)\s*:\s*([^;:]{1,40}?)\s*(?:;|\s[—–-]|,)?\s*"
    r"(?i:to|until|till|end(?:ing)?(?:\s+date)?|through|al|hasta|au|bis)\s*:\s*"
)

# A leave form pasted in: a heading, then fields, one of them the dates.
_LEAVE_FORM = trie_compile(
    r"^\s*(?:\W\s*)?(?:leave|pto|vacation|holiday)\s+(?:application|request|form)\s*(?:[:-]?\s*;|[—–:|-])"
    r".{0,200}?\b(?:(?:dates?|from|period|duration|start(?:ing)?\s+date)\s*:|from\s+\d)",
    re.DOTALL,
)

_LEAVE_FORM_HEAD = trie_compile(
    r"\s*(?:\W\s*)?(?:leave|pto|vacation|holiday)\s+(?:application|request|form)\s*[:-]?\s*;?\s*$"
)

# "Leave on 15/9 and 17/9 so I get the whole week": what the days add up to, no more days.
_CONSEQUENCE = trie_compile(
    r"\s*(?:i|we)\s+(?:get|have|can\s+have|end\s+up\s+with|make|turn\s+it\s+into|will\s+have)\b(?!\s+to\b)"
    r"|\s*(?:i|we)'ll\s+have\b"
)

_N_DAYS = trie_compile(
    r"\b(\d{1,2}|two|three|four|five|six|seven|eight|nine|ten)\s+(?:working\s+)?days\b"
)

# "physio moved to next week": when something else now is, no day taken
_MOVED_ELSEWHERE = trie_compile(
    r"\b(?:got\s+|was\s+|has\s+been\s+|is\s+)?(?:moved|rescheduled|postponed|pushed|shifted|"
    r"bumped|changed|switched|brought\s+forward|moves)\s+(?:back\s+)?(?:to|till|until)\b"
)

_STAYS = trie_compile(
    r"\b(?:remains?|stays?|stands?|is\s+still\s+on)\s+(?:as\s+(?:it\s+)?is|as\s+they\s+are|unchanged|the\s+same|"
    r"booked|as\s+booked|as\s+planned|as\s+before|as\s+(?:a\s+)?(?:vacation|leave|pto|holiday|al))\b"
)

# "Thursday stays", "Jun 7-16 still on"
_ASIDE_STAYS = trie_compile(
    r"\([^()]*?\b(?:stays?|remains?|still\s+(?:on|off|out|away|taking)|is\s+fine|keeping)\b[^()]*\)"
)

_STAYS_BARE = trie_compile(
    r"\b(?:stays?|remains?|stands?|continues?|still\s+on|i\s+(?:still\s+)?(?:take|keep|need|want)|"
    r"i'll\s+still\s+(?:have|take|keep)|"  # "I'll still have the 30th and 31st"
    r"i'm\s+still\s+taking|"
    # "7th and 8th still off", "24th I'm still off", "28th to 30th unchanged"
    r"(?:i'?m\s+|i\s+am\s+)?still\s+(?:off|away|out|on\s+leave)|unchanged|(?:is|are)\s+enough|"
    r"as\s+it\s+is|(?:is\s+|are\s+)?still\s+(?:valid|good|fine|stands|booked(?:\s+(?:off|in))?)|"
    r"i\s+am\s+still\s+taking|still\s+taking(?:\s+(?:it|that|them))?|tuloy\s+pa(?:\s+rin)?|"
    r"(?:don'?t|do\s+not|won'?t|will\s+not)\s+change)"  # "The 8th and 9th don't change"
    # "The 21st still stands though", "8-9 Mar still on ya"
    r"(?:\s+(?:though|tho|thanks|thx|pls|please|ya|yeah|lah|ok))?\W*$"
)

# A day said in passing to be a holiday anyway: an aside, not an announcement.
_HOLIDAY_ANYWAY = trie_compile(r"\b(?:is|'s|are)\s+(?:[\w'-]+\s+){0,4}?anyway\b")

_ASIDE = trie_compile(r"\([^()]{1,80}\)?")

_ASKED_THINGS = frozenset({"request", "requests", "application", "email", "message", "form"})

# "not taking a sick day, I promise", "not taking leave but ...": no leave said, no cancel
_NOT_TAKING_ANY = trie_compile(
    r"\b(?:not|never|won'?t\s+be|am\s+not|i'?m\s+not)\s+(?:taking|calling\s+in)\s+(?:a\s+|any\s+)?"
    r"(?:sick\s+days?|sick|leave|pto|vacation|holiday|time\s+off|days?\s+off)\b"
    r"(?!\s+(?:on|for|from|this|next|after|anymore|any\s+more)\b)"
)

# "if I'm sick on a day before a holiday, ...?": a case put in a question, not news
_IF_I = trie_compile(
    r"\W*(?:(?:quick\s+)?(?:q|qn|question|query)\s*[-:,]?\s*)?(?:so\s+|and\s+|but\s+)?if\s+"
    r"(?:i'?m|i\s+am|i\s+get|i\s+fall|i\s+call|i\s+take|i\s+need|i\s+have|i\s+was|i\s+were)\b"
)

# "sick" and the word after it: "Sick party last night", "sick new test bench" say a thing is
# great (slang), "sick today", "off sick Monday", "sick leave" say an illness
# Praise beside "sick": "the lo hei lunch yesterday was sick 🔥🔥", "sick turnaround 💯"
_HYPE = trie_compile("[\U0001f525\U0001f4af\U0001f918]|\\b(?:well\\s+done|nailed\\s+it)\\b")
_FELT_SICK = trie_compile(
    r"\b(?:feel|feeling|felt|off|out|call|calling|called|home|still)\s+sick\b"
)
# "sick" and the word after it; not "out sick", "off sick", "called in sick": an illness
_SICK_THEN = trie_compile(
    r"(?<!\bout\s)(?<!\boff\s)(?<!\bhome\s)(?<!\bin\s)(?<!\bcalled\s)(?<!\bcalling\s)"
    r"\bsick\b[ \t]*([a-z']+)?"
)
_SICK_THEN_ILL = frozenset(
    {"today", "tomorrow", "tmrw", "tmr", "leave", "day", "days", "note", "notes", "since", "with"}
    | {"again", "and", "all", "as", "on", "for", "from", "this", "last", "yesterday", "in", "at"}
    | {"but", "so", "of", "or", "the", "a", "my", "to", "till", "until", "i", "i'm", "im", "off"}
    | {"bay", "pay", "sorry", "twice", "too", "please", "pls", "bad", "now", "still", "call"}
    | {"next", "after", "before", "between", "tonight", "that", "lv", "time", "me", "again"}
    | {"rest", "through", "thru", "whole", "entire"}  # "out sick rest of the week"
    | {"kid", "kids", "kiddo", "kiddos", "child", "baby", "son", "daughter", "wife", "husband"}
    | {"mum", "mom", "dad", "mother", "father", "family", "parent", "parents", "partner", "dog"}
)

_NOT_TAKING_JUST = trie_compile(
    r"\bnot\s+(?:(?:taking|on)\s+(?:any\s+)?)?(?:leave|pto|ooo|off|time\s+off|verlof|urlaub|conge|"
    r"vacation|holiday|ferie)\s*,?\s+just\b"
)

# A last clause that only says the author is not on leave: a remark, not a cancel.
_NOT_ON_LEAVE_ALONE = trie_compile(
    r"\W*(?:but\s+)?(?:(?:that'?s\s+|it'?s\s+)?(?:a\s+)?(?:work|working|business\s+trip|work\s+trip)\s*,?\s+)?"
    r"(?:i'm\s+|im\s+|i\s+am\s+)?not\s+(?:(?:on|taking)\s+(?:any\s+)?(?:leave|pto|vacation|holiday)|"
    r"off|ooo|away|time\s+off|(?:a\s+)?(?:vacation|holiday|leave|pto)|(?:on\s+)?(?:ferie|ferien|urlaub|conge|"
    # "it's work, not a vacation day"
    r"vacaciones|vakantie|verlof))(?:\s+days?)?(?:\s+though)?\W*$"
)

_NOT_AWAY_JUST = trie_compile(
    r"\bnot\s+(?:taking|on|pto|ooo|leave|off|time\s+off|(?:a\s+)?vacation|(?:a\s+)?holiday|verlof|"
    r"urlaub)\b"
)

# "(long weekend for the 4th)", "(bank hol on the 2nd)": why, not a day taken
_ASIDE_REASON = trie_compile(
    r"\b(?:long\s+weekend|bank\s+hol\w*|holiday|anyway|for\s+the\s+\d|juneteenth|thanksgiving|"
    r"christmas|easter|diwali|eid|holi|memorial\s+day|labou?r\s+day|independence\s+day)"
)

# A day in brackets the author works: "(25th I have the customs call)", "(Wed I'm in)"
_ASIDE_AT_WORK = trie_compile(
    r"\b(?:i\s+have|i've\s+got|i\s+got)\s+(?:the\s+|a\s+|an\s+|my\s+)?(?:[\w-]+\s+){0,3}?"
    r"(?:call|meeting|review|audit|visit|inspection|training|presentation|demo|deadline|shift|"
    r"workshop|interview)\b|\bi(?:'m|\s+am|'ll\s+be|\s+will\s+be)\s+(?:in|working)\b"
)

_EARLY_THEN_AT = trie_compile(
    r"\b(?:leave|leaving|log(?:ging)?\s+off|head(?:ing)?\s+out)\s+(?:a\s+(?:bit|little)\s+)?early\b"
    # "... at 3", "... from 2pm", "Leaving a bit early today, 4:30, ..."
    r"(?:.{0,40}?\b(?:at|around|about|by|from)\s+|\s+(?:today|tomorrow|tmrw)\s*,\s*)"
    r"(?:1[1-6]|[1-4])(?:h\d\d|[:.]\d\d)?(?:\s*pm)?\b"
)

# "not OOO just slow to respond": says the author is working
_NOT_AWAY = trie_compile(
    r"\bnot\s+(?:ooo|out\s+of\s+(?:the\s+)?office|on\s+(?:pto|leave)\s+just|taking\s+(?:any\s+)?"
    r"(?:leave|pto|time\s+off)\s*,?\s+just)\b"
)

_CJK_LEAVE = trie_compile("|".join(CJK_LEAVE + CJK_SICK_LEAVE))

_CJK_SICK = trie_compile("|".join(CJK_SICK_LEAVE))

# "between Feb 1 and Feb 5 I'm in Mexico": away somewhere named
_IN_A_PLACE = trie_compile(
    r"\b(?i:i'm|im|i\s+am|i'll\s+be|i\s+will\s+be)\s+(?:in|at)\s+(?!(?:Office|Meetings?|Work|The|"
    r"A|An|My|Our|Slack|Teams|Zoom|Jira)\b)[A-Z][a-z]+|"
    # "Going to Cancún Feb 1st thru the 5th": a trip to a place, with its days
    r"^\W*(?i:going|flying|heading|travell?ing|driving)\s+(?:up\s+|down\s+|back\s+)?to\s+"
    r"(?!(?:Office|Work|The|A|An|My|Our|Slack|Teams|Zoom|Jira)\b)[A-Z][\w'-]+"
)

# "Children's Day is Tuesday", "sports day is Friday": an event's day, no one's leave
_EVENT_DAY = trie_compile(
    r"\s*(?:[\w']+\s+){0,3}day\s+is\s+(?:on\s+)?(?:this\s+|next\s+)?(?:mon|tue|wed|thu|fri|sat|"
    r"sun|\d|tomorrow|today)"
)

# ... and "je", "ich", "ik" of the languages people mix in ("Je serai absente jeudi")
# "Eid al-Fitr holiday 8-11 March", "Golden Week holidays", "Tet break": a public holiday
# by its name (not a season people take their own holidays in)
_NAMED_HOLIDAY = trie_compile(
    r"\b(?!(?:Christmas|Xmas|Easter|Summer|Winter|Spring|Autumn|Fall|Festive|School|Half|"
    r"Mid|My|Our|The|Your|His|Her|Their|Thanks|Happy|Monday|Tuesday|Wednesday|Thursday|Friday|"
    r"Saturday|Sunday)\b)[A-Z][\w'-]*(?:\s(?:[A-Z][\w'-]*|al-[A-Z][\w'-]*)){0,2}\s+"
    r"(?:holidays?|break|closure|long\s+weekend)\b"
)

_HOLIDAY_NEWS = trie_compile(
    r"\b(?:fyi|announced|announce|announcement|reminder|remember|reopen\w*|closed|closes|"
    r"offices?|private\s+sector|public\s+sector|everyone|all\s+staff|team)\b"
)

# "mi": Jamaican "I", "me" and "my", Spanish "my", Italian "me"
_FIRST_PERSON = trie_compile(r"\b(?:i|i'm|im|i've|i'd|i'll|me|my|myself|mine|je|ich|ik|mi)\b")

# A leave read from a message with no first person that opens to a group or asks something
# ("Heads up: the fair has a congress 14-18 Sept, so no holidays that week please",
# "Happy Independence! Those of you on leave this week, enjoy"): maybe nobody's own leave.
_SAID_BY_ME = trie_compile(r"\b(?:i|i'm|im|i'll|ill|i've|i'd|my|me|mine|myself|mi)\b")
# The author without a pronoun, at the start of a clause: "Was off sick yesterday, can someone
# log it?", "Happy new year! Booking PTO Jan 20-23", "FYI off tmrw", "Hi all, urlop 16-20.02"
_SAID_WITHOUT_I = trie_compile(
    r"(?:^|[.!?;:,\u2014\u2013-]\s*|\band\s+|"
    # "Raksha Bandhan is off anyway, so taking 27th and 29th also"
    r"\b(?:so|then)\s+(?=(?:taking|booking|heading|going|off|out)\b))\W*"
    r"(?:(?:fyi|heads\s+up|reminder|hi\s+all|hello\s+all|hi\s+team|hello\s+team|team|all)\W+)?"
    r"(?:was|went|had|took|got|came|felt|feeling|been|"
    r"booking|booked|putting|taking|getting|heading|going|leaving|left|stayed|woke|forgot|need|"
    r"gonna|will\s+be|won't|can't|cannot|not\s+going|not\s+feeling|down\s+with|logging|"
    r"off|out|sick|ooo|pto|al|sl|vl|lv|half(?![\s-]?(?:year|term|time))|leave|on\s+(?:sick\s+|annual\s+)?leave|"
    r"on\s+(?:holiday|vacation|pto)|away|back|"
    r"not\s+available|applying|dentist|doctor|gp|physio|dermatologist|optician|"
    r"annual\s+leave|vacation|holiday|urlop|ferie|cong[eé]|wfh)\b"
)
# A message that opens with something else as its subject: "Kitchen 2 will be off tomorrow
# for the deep clean", "Container MSKU 448213 is off the vessel", "Holiday novena starts on
# the 16th"
_OPENS_WITH_A_SUBJECT = trie_compile(
    r"^\W*(?P<subj>(?:the\s+|our\s+|this\s+|that\s+|these\s+|those\s+|all\s+)?"
    r"(?:[\w'&-]+\s+){1,6}?)(?:is|are|was|were|will\s+(?:be|stay|remain)|got|has\s+been|"
    r"have\s+been|starts?|closes?|needs?|means|stays?|remains?)\s"
)
# A mention or a heading before the opening subject: "<@U03KERNOW> need to leave at 2"
# (normalised "@user"), "Boiler inspection: steam will be off Monday morning"
_MENTION_FIRST = trie_compile(r"^\s*@[\w.-]+[,:]?\s+")
_HEADING_FIRST = trie_compile(r"^\W*(?:[\w'&-]+\s+){0,3}[\w'&-]+\s*:\s+")
# Others who leave a place, said with no first person: "The Danube barges leave Izmail on
# Tuesday", "Walkers from the Kiwi group leave on Tuesday's flight", "the vessel will leave
# Chattogram port on Friday", "Welding inspectors arrive Monday and leave Thursday"
_OTHERS_DEPART = trie_compile(
    r"\b(?:they|he|she)\s+(?:will\s+|all\s+)?(?:leaves?|depart|departs|flies\s+out|fly\s+out)\b|"
    # "RSVP to Awa before she goes on holiday Wednesday"
    r"\b(?:they|he|she)\s+(?:goes|go|is\s+going|are\s+going|'s\s+going)\s+(?:on\s+)?(?:holiday|leave|"
    r"vacation|pto|off)\b|"
    r"(?:\bwho|\b(?!christmas\b|xmas\b|days\b|weeks\b|hours\b|months\b)"
    r"[a-z][\w-]*[a-rt-z]s|\bthe\s+(?:[\w'-]+\s+){0,3}?(?!for\b|as\b|of\b|annual\b|sick\b)[\w-]+|"
    # "Truck LT 4521 leaves for Bafoussam at 10"
    r"\b(?:truck|lorry|van|bus|coach|ship|vessel|boat|ferry|train|flight|plane|container|"
    r"shipment|convoy)(?:\s+[\w-]+){0,2}|"
    r"\b(?:arrive|arrives|come|comes|land|lands)\s+(?:[\w']+\s+){1,3}?and)\s+"
    # "the Luang Prabang team sets off Monday at 6am", "the tankers go out Friday at 6"
    r"(?:will\s+|all\s+|also\s+|then\s+)?(?:leaves?|depart|departs|flies\s+out|fly\s+out|"
    r"sets?\s+(?:off|out)|go(?:es)?\s+out|ships?\s+out|sails?)\s+"
    r"(?:on|at|in|by|for\s+(?:the|their|his|her)|for\s+[a-z]+\s+(?=at\b|on\b|\w+day\b|tomorrow\b)|the|"
    r"\w+day|tomorrow|today|tonight|this|next|"
    r"from\s+the|(?!left|now|module|forms?|request|balance|policy|application|portal|days?)"
    r"[a-z]+\s+(?:port|airport|harbou?r|on|at|in|by|this|next|\w+day))\b"
)
# Where the opening clause ends, and the words of leave, absence or illness it may hold
_OPENING_ENDS = trie_compile(
    rf"[,.;:!?()\u2014\u2013{EMOJI}]|\s-\s|"
    r"\b(?:so|and|but|then|now)\b"
)
_OPENING_CUE = trie_compile(
    r"\b(?:off|out|leaves?|holidays?|sick|pto|vacation|away|ooo|absent|closed|shut)\b"
)
# Words that make an opening subject the author's own matter, or no subject at all
_OWN_SUBJECT_WORDS = frozenset(
    {"was", "were", "need", "needs", "got", "have", "had", "has", "no", "not", "will", "won't"}
    | {"wont", "don't", "dont", "only", "getting", "going", "been", "am", "is", "are", "off"}
    | {"out", "sick", "leave", "pto", "ooo", "al", "sl", "vl", "taking", "take", "booked"}
    | {"booking", "can", "could", "please", "pls", "kindly", "cancel", "vacation", "holidays"}
    | {"ugh", "oh", "uff", "argh", "sigh", "so", "well", "ok", "okay", "hmm", "yikes", "welp"}
    # "Just need Saturday the 19th off": an adverb, no subject
    | {"just", "really", "actually", "also", "still", "probably", "definitely", "maybe"}
    | {"eyes", "eye", "wrist", "face", "bp", "back", "head", "tooth", "teeth", "stomach"}
    | {"tummy", "throat", "knee", "ankle", "neck", "chest", "ear", "ears", "nose", "leg", "arm"}
    | {"foot", "hand", "skin", "voice", "blood", "sugar", "pressure", "temperature", "temp"}
    | {"kid", "kids", "son", "daughter", "baby", "wife", "husband", "mum", "mom", "dad"}
    | {"sir", "madam", "ma'am", "maam", "boss", "hi", "hello", "hey", "dear", "guys"}
    | {"here", "channel", "everyone", "mi", "ek", "absence", "yesterday's", "today's"}
)

# A greeting or a call to the channel before the author's first words: "hi was sick yesterday",
# "@here off on the 25th", "Hi team, not taking May 1st off anymore"
_GREETING = trie_compile(
    r"^\W*(?:hi|hey|hello|hiya|dear\s+all|good\s+morning|morning|@here|@channel|@everyone)\b"
    r"[\s,!:.-]*(?:(?:all|team|everyone|guys|folks|@user)\b[\s,!:.-]*)?"
)

_HALF_SAID = trie_compile(
    r"\b(?:1st|2nd|first|second)\s+half\b|\bhd\b|\bhalf[\s-]?day\b|\bbefore\s+lunch\b"
)

# Said to the channel's readers, or a rule set for them: "sign up if you're not on leave",
# "Those of you taking leave ...", "leaves for that day won't be approved", "no half days"
_TO_READERS = trie_compile(
    r"\b(?:if\s+(?:you(?:'re|\s+are)?|u\s+r|anyone|someone)|those\s+of\s+you|whoever|"
    r"any\s+of\s+you|you're|youre|you\s+are|you\s+guys|your\s+(?:leave|pto|holiday|vacation|day)s?)\b|"
    r"\b(?:won't|will\s+not)\s+be\s+approved\b|"
    r"\b(?:no|nobody|no\s+one)\s+(?:leaves?|half\s+days?|holidays?|pto|time\s+off|r&r|"
    r"vacations?|days\s+off|annual\s+leave)\b"
    r"(?!\s+(?:anymore|any\s+more|needed|for\s+me))|"
    # "nobody on the packing floor gets leave 13-18 Dec": a rule for everyone
    r"\b(?:nobody|no\s+one)\s+(?:[\w-]+\s+){0,4}?(?:gets|takes|can\s+take|may\s+take)\s+"
    r"(?:leave|pto|time\s+off|holidays?|days\s+off)\b|"
    # "nobody start out for the Guwahati sale tomorrow": a rule for everyone
    r"\b(?:nobody|no\s+one)\s+(?:start|leave|go|come|take|book|head|travel|drive)\b|"
    r"\b(?:please|pls|kindly)\s+(?:don't|do\s+not)\s+(?!need|call|ping|contact)|"
    # "To those taking leave next week, pls update the board", "bring your ID", "Please
    # approve leave requests in the portal before Friday"
    r"\b(?:to|for)\s+(?:those|everyone|anyone|whoever)\s+(?:who(?:'s|\s+are|\s+is|\s+will\s+be)?\s+)?"
    r"(?:taking|on|going|off|away|travell?ing|heading|leaving|flying|driving)\b|"
    r"\b(?:bring|update|submit|send|check|wear|collect|return|renew|fill\s+(?:in|out))\s+your\b|"
    # "those still on leave can pick up their vouchers later"
    r"\bthose\s+(?:still|already|currently)\s+(?:on|away|off|out)\b|"
    r"\b(?:approve|review|submit|file|enter)\s+(?:(?:all|the|any|pending|outstanding)\s+)*"
    r"(?:leave|pto|holiday|vacation|time[\s-]off)\s+(?:requests|applications|forms)\b|"
    # "anyone wanting Easter off, talk to Morag", "everyone knocks off at 2 that day", "try
    # not to be off sick Monday": said to all of them
    r"\b(?:anyone|everyone|anybody|those)\s+(?:wanting|who\s+wants?|needing|planning\s+on|hoping\s+for)\b|"
    r"\b(?:everyone|everybody|we\s+all)\s+(?:knocks?|finish(?:es)?|clocks?|leaves?|heads?)\s+"
    r"(?:off|out|early|at)\b|"
    r"\btry\s+not\s+to\s+be\s+(?:off|out|sick|late)\b|"
    # "check the board before you leave"
    r"\bbefore\s+(?:you|u|y'all|everyone)\s+(?:leave|go|head\s+off|log\s+off)\b|"
    # "so the night shift is an hour longer, don't leave early", "those who take it off"
    r"(?:^|[,.;!]\s*)(?:and\s+|so\s+)?(?:don'?t|do\s+not)\s+(?:leave|head\s+off|log\s+off|go\s+home)\s+"
    r"early\b|\bthose\s+who\s+(?:take|took|want|need|will\s+be|are)\b"
)

# Said to everyone even where a clause opens with a leave word ("holiday lime on Friday
# 18th at the poolside, partners welcome", "leave in that week needs Lisette's OK"): an
# invitation, a rule for everyone's leave
_TO_ALL_READERS = trie_compile(
    r"\b(?:partners|families|family|kids|children|plus[\s-]ones?|everyone|everybody|all)\s+"
    r"(?:are\s+|is\s+)?(?:very\s+|most\s+|more\s+than\s+)?welcome\b|"
    r"\bneeds?\s+(?:[\w']+'s\s+)?(?:ok|okay|go-ahead|blessing|sign[\s-]?off)\b"
)

_TO_A_GROUP = trie_compile(
    r"^\W*(?:heads\s+up|team|all\s+staff|everyone|reminder|fyi|for\s+those|happy|hi\s+all|"
    r"hello\s+all|folks|guys)\b"
)

_TAG_QUESTION = trie_compile(
    r"\s*(?:right|yeah|yes|no|correct|ok|okay|innit|isn't\s+it|is\s+it|don't\s+they|do\s+they|"
    r"aren't\s+they|isn't\s+that\s+right|am\s+i\s+right|yeah\s+no)\s*\?+\s*$"
)

_THAT_DAY = trie_compile(
    r"\b(?:the|that)\s+(?:day|whole\s+day|full\s+day)\b|\b(?:taking|take)\s+a\s+(?:personal\s+)?day\b|"
    # "Mum's 70th on Friday in Santana, I'm taking it off"
    r"\b(?:i'm|im|i\s+am|i'll)\s+(?:taking|take)\s+it\s+off\b|"
    r"\b(?:that|those)\s+(?:whole\s+|entire\s+|full\s+)?(?:week|days|dates)\b"
)

_ABSENCE_SAID = frozenset(
    {"off", "out", "away", "leave", "sick", "taking", "take", "i'm", "im", "i", "on", "ooo", "pto"}
)

_GOT_A_JAB = frozenset(
    {"jab", "shot", "booster", "vaccine", "vaccination", "surgery", "procedure", "extraction"}
    | {"sprained", "twisted", "fell", "fall", "hurt", "injured", "broke", "tooth", "teeth"}
    | {"accident", "crashed", "pulled", "bitten", "stung", "dislocated", "fractured", "slipped"}
    | {"tripped", "rolled", "fainted", "collapsed", "heatstroke", "crushed"}
)

_ADDS_UP = frozenset({"so", "into", "gives", "give", "makes", "make", "making"})

_BRIDGE = trie_compile(r"\b(?:puente|ponte|bridg|join|combin|brucke|brugdag)\w*")

_FESTIVAL_NAME = trie_compile(_FESTIVALS + r"$")

_OCCASIONS = frozenset({"bank", "public", "long", "holiday", "holidays", "break", "eid", "easter"})

_WEEKDAY_LIST = frozenset({"and", "&", "+", ",", "the"})

_EXCEPT = frozenset({"except", "excluding", "minus", "bar", "sauf", "excepto", "menos", "ausser"})

_EXCEPT_HINTS = (
    "except",
    "excluding",
    "minus",
    "bar ",
    "apart from",
    "other than",
    "sauf",
    "excepto",
    "ausser",
)

# "Last day before Christmas is Wednesday"
_LAST_DAY_BEFORE = trie_compile(
    r"\blast\s+(?:working\s+)?day\b(?:\s+[\w']+){0,3}\s+(?:is|will\s+be)$|"
    r"\blast\s+(?:working\s+)?day\s+(?:in\s+(?:the\s+)?office|at\s+work|at\s+my\s+desk|in)$|"
    # "with Isra Mi'raj tomorrow I'm only working today this week": a day worked
    r"\b(?:i'm|im|i\s+am)\s+only\s+working$|"
    # "Wrapping up tomorrow, then on leave 21-24 Dec", "Im around on the 31st for the checks"
    r"^(?:\W*|.*[,.;!]\s*)wrapping\s+(?:things\s+)?up$|\b(?:i'm|im|i\s+am|i'll\s+be)\s+around(?:\s+on)?(?:\s+the)?$"
)

# "Taking 28-30 Dec off, then I'm in on the 31st for the inventory count": a day worked
_IN_ON_THE = trie_compile(r"\b(?:i'm|im|i\s+am)\s+in(?:\s+(?:the\s+)?office)?\s+on(?:\s+the)?$")

_LAST_DAY_AFTER = trie_compile(
    # "Wednesday I'll be in but slow" (not "I'll be in Sardinia")
    r"i'?ll\s+be\s+in\b(?=\s*(?:$|[,.;!]|but\b|and\b|though\b|as\s+usual\b))|"
    # "I'm out Mon-Thu, Friday I'll be online"
    r"i'?ll\s+be\s+(?:online|around)\b(?=\s*(?:$|[,.;!]|but\b|and\b|though\b|as\s+usual\b))|"
    r"(?:is|will\s+be|'s)\s+(?:my\s+)?last\s+(?:working\s+)?day\b|"
    r"(?:is|will\s+be)\s+(?:a\s+)?working(?:\s+day)?\b"  # "21st is working as per the HR list"
)

_DONE = frozenset(
    {"done", "finished", "completed", "sorted", "fixed", "resolved", "over", "better", "fine"}
)

# Leaving now: the rest of today is away ("Feeling feverish since lunch, logging off now").
# "Yesterday I was sick ... Please log SL 26/6": a day past, asked to be logged
_LOG_REQUEST = trie_compile(
    r"\W*(?:(?:please|pls|plz|kindly|can\s+you|could\s+you)\s+)?(?:log|record|mark|enter|put)\s+"
    r"(?:it\s+|me\s+|that\s+)?(?:as\s+|down\s+(?:as\s+)?)?(?:an?\s+|half\s+day\s+)?"
    r"(?:sl|mc|sick|sick\s+leave|sick\s+day|leave)\b"
)

# An hour of the afternoon: "at 2pm", "14:00", "at 3"
_PM_HOUR = trie_compile(
    r"\b(?:1[2-7][:.h]\d\d|(?:1[0-2]|[1-9])(?:[:.]\d\d)?\s*pm|(?:at|@)\s+(?:1[2-7]|[1-5])(?:[:.]\d\d)?)\b"
)

_LEAVING_NOW = trie_compile(
    r"\b(?:logging|signing|clocking|knocking)\s+off\s+at\s+(?:[1-5]|1[2-7])(?::\d\d)?\s*(?:pm)?\s+"
    r"(?:and|then|\+)\b|"  # "logging off at 4 and SL tomorrow": this afternoon, then tomorrow
    r"\b(?:(?:log|logging|loggin|signing|clocking|knocking|heading)\s+off(?:\s+early)?|going\s+home|"
    # "have to leave now", not "Booking my Christmas leave now": the leave, booked now
    r"go\s+home|(?:(?<=\bto\s)|(?<=\bi'll\s)|(?<=\bill\s)|(?<=\bwill\s)|(?<=\bi\s)|(?<=\bcan\s)|"
    r"(?<=\bmust\s)|(?<=\bgonna\s)|(?<=\bshall\s)|(?<![\s\S])|(?<=[.,!:;]\s))leave(?=\s+now)|"
    r"heading\s+(?:home|out)|headed\s+home|going\s+back\s+home|heading\s+to\s+(?:the\s+)?\w+|"
    # "Dentist at 3:15 today so I'm heading out in a bit", "Leaving office now",
    # "leaving for home now"
    r"leaving(?:\s+office|\s+for\s+home)?)\s+(?:now\b|in\s+a\s+(?:bit|few|sec|minute|moment)\b|shortly\b|"
    # "Dentist at 16:00 today, heading out in half an hour": within the hour, so now
    r"in\s+(?:half\s+an\s+hour|an\s+hour|(?:\d{1,2}\s*|(?:ten|fifteen|twenty|thirty)\s+)"
    r"(?:min|mins|minutes))\b|(?:post|after)\s+lunch\b|"
    r"for\s+(?:today|the\s+"
    r"(?:rest\s+of\s+the\s+)?(?:afternoon|day))\b)|"
    # "leaving early, running a fever", "out the rest of the day": from now on
    r"\b(?:leaving|heading\s+off|heading\s+out|logging\s+off)\s+early\b(?!\s+(?:on|tomorrow|tmrw|next|"
    r"this|mon|tue|wed|thu|fri|at|by|around|from))|"
    # "Doctor sent me home, bronchitis. Out rest of today and tomorrow", "SL for the rest of today"
    r"\b(?:out|off|offline|gone|away|sl|mc|pto|ooo|leave|sick\s+leave)\s+(?:sick\s+|home\s+)?(?:for\s+)?"
    r"(?:the\s+|my\s+)?rest\s+of\s+(?:the\s+day|today|my\s+shift|the\s+shift)\b|"
    r"\btak(?:e|ing)\s+the\s+rest\s+of\s+(?:the\s+day|today)\b|"
    # "log the rest of today as sick pls"
    r"\b(?:log|mark|put)\s+(?:me\s+(?:down\s+)?(?:for\s+)?)?the\s+rest\s+of\s+(?:the\s+day|today)\b|"
    r"\bgoin\s+home\b|"  # "Goin home, fever is back"
    # "Rest of today off"
    r"^\W*(?:the\s+)?rest\s+of\s+(?:the\s+day|today)\s+(?:off|out|sick|away)\b|"
    r"\bat\s+the\s+(?:doctor'?s?|gp|clinic|hospital|dentist'?s?|er|a&e|physio)\s+now\b|"
    # "Dentist at 14:00 today, then straight home", "clinic at 2pm and go home after"
    r"\bthen\s+(?:straight\s+)?home\b|"
    r"\boff\s+home\s+now\b|"  # "Shivery, I'm off home now"
    r"\b(?:go|going|head|heading)\s+(?:straight\s+)?home\s+after(?:wards)?(?=\s*(?:$|[.,!;]))|"
    # "Been sent home with a temperature, so that's me for the rest of the day"
    r"\bthat'?s\s+me\s+(?:done\s+|out\s+|off\s+)?for\s+(?:the\s+rest\s+of\s+the\s+day|today)\b|"
    r"\b(?:been|was|got|being)\s+sent\s+home\b|"
    # "Feeling crook, heading home with a fever": said alone, home now
    r"\baway\s+(?:home|hame)\s+now\b|"  # Scots "away hame now"
    r"\b(?:i'm|im|i\s+am)\s+away\s+(?:home|hame)\b(?!\s+now)|"  # "Feeling rotten, I'm away home"
    r"\b(?:going|heading|head|go)\s+home\s+early(?:\s+today)?\b(?!\s+(?:on|tomorrow|tmrw|next|this\s+week))|"
    r"\bhead\s+home\s+now\b|"  # "fixin' to head home now"
    r"\b(?:gonna|going\s+to|gotta)\s+head\s+home\b(?!\s+(?:at|by|around|tomorrow|tmrw|on|after))|"
    r"(?<!then\s)\b(?:going|heading|headed|gone|went)\s+home\b(?!\s+(?:at|by|around|early|tomorrow|tmrw|on|"
    r"for|to(?!\s+(?:rest|recover|sleep|lie\s+down))|this|next|after|from|\d))|"
    # "Stomach cramps, heading back to staff quarters to lie down", "going to lie down"
    r"\b(?:going|heading|headed|gone|went|off)\s+(?:back\s+)?(?:to\s+(?:the\s+|my\s+|our\s+)?"
    r"(?:[a-z]+\s+)?(?:room|quarters|bed|hotel|lodge|dorm|hostel|flat|apartment|cabin|tent)\s+"
    r"to\s+(?:rest|recover|sleep|lie\s+down|lay\s+down)|to\s+(?:lie|lay)\s+down)\b|"
    # "Heading to the doctor, my back is killing me": on the way now
    r"\b(?:heading|headed|off)\s+to\s+(?:the\s+|my\s+)?(?:doctor'?s?|gp|clinic|hospital|dentist'?s?|er|"
    r"a&e|urgent\s+care)(?=\s*(?:[,.;!]|$))|"
    # "going to the klinik now": care, now
    r"\b(?:going|heading|headed|off)\s+to\s+(?:the\s+|my\s+)?(?:[a-z]+\s+)?(?:clinic|klinik|doctor'?s?|gp|"
    r"hospital|er|"
    r"a&e|dentist'?s?|urgent\s+care|chiro|physio|walk-?in(?:\s+(?:centre|center|clinic))?)"
    r"(?:\s+for\s+(?:an?\s+|some\s+)?[a-z]+(?:\s+[a-z]+)?)?\s+now\b|"  # "... for stitches now"
    r"\bleaving\s+for\s+(?:the\s+)?(?:physio\w*|doctor|dentist|clinic|hospital|gp|chiro|er)\s+now\b"
)

# Words a message of dates alone may still hold.
_DATES_ONLY_FILLER = frozenset(
    _WEAK_SKIP
    | {"thanks", "thank", "you", "thx", "ty", "regards", "cheers", "pls", "plz", "me"}
    # "Christmas: 20th Dec to 31st": the occasion, then the days
    | {"christmas", "xmas", "easter", "diwali", "eid", "thanksgiving", "summer", "winter", "hols"}
    | {"then", "please", "merry", "happy", "all", "too", "also"}  # "24th and 29th-31st Dec please"
    | {"need"}  # "Need Wed 2nd and Thu 3rd June please": asked for, in the leave channel
)

_FOR_WHOSE = frozenset({"my", "a", "an", "the", "our", "family", "personal", "some"})

# "For 3rd Dec I need just the morning now, so please cancel the post-lunch half": a half
# day's cancel, said with no leave word
_CANCEL_A_HALF = trie_compile(
    r"\bcancel\w*\s+(?:the\s+|my\s+)?(?:(?:post[\s-]?lunch|afternoon|morning|first|second|1st|2nd)"
    r"\s+half|afternoon|morning)(?:\s+(?:bit|part|half|portion))?"
    r"(?=\s*(?:$|[,.!;)?]|on\b|of\b|for\b|please\b|pls\b))"
)

_BARE_CANCEL_VERB = trie_compile(
    r"(?:cancel\w*|cancl\w*|cancle\w*|canel\w*|cncl|revok\w*|withdraw\w*)$"
)

_BARE_CANCEL_FILLER = frozenset(
    _DATES_ONLY_FILLER
    | {"the", "on", "for", "my", "of", "morning", "afternoon", "half"}
    | {"need", "to", "have", "got", "ach", "och", "so", "i"}  # "Ach, need to cancel Friday 5th Nov"
    | {"can", "could", "be"}  # "so the 1st and 2nd of December can be cancelled please"
)

_ASKED_POLITELY = frozenset(
    {"can", "could", "would", "you", "u", "user", "someone", "hi", "hey", "i", "booked"}
    | {"requested", "applied", "took", "put", "in", "for", "please", "pls"}
)

_SOME_DAYS = trie_compile(
    r"\b(?=\w)(?:\d{1,2}|a|one|two|three|four|five|six|seven|(?:a\s+)?couple(?:\s+of)?|(?:a\s+)?few|"
    r"several|some)\s+(?:more\s+)?(?:working\s+|business\s+)?days?\b(?!\s+(?:from|starting|after|"
    r"beginning|of\b))"
    # "... and then a few days in Madrid": a stay somewhere, not days of a week to pick
    r"(?!\s+in\s+(?!(?:the\s+|a\s+)?(?:week|month|fortnight|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|"
    r"nov|dec|\d))[a-z])"
)

_ABOUT = frozenset({"about", "abt", "regarding", "re", "on"})

_UPDATE_WORDS = frozenset(
    {"update", "updates", "know", "sure", "confirm", "inform", "posted", "decide", "idea", "tbd"}
)

_MARK_JOINERS = frozenset({"and", "&", ",", "+", "plus", "n"})

# "Out on the platform 25 May - 5 June for my hitch, work not leave": away at work
_WORK_NOT_LEAVE = trie_compile(r"\b(?:work|working|business\s+trip|work\s+trip)\s*,?\s+not\s+\w")

_LEAVE_NAMED = trie_compile(r"\b(?:leave|pto|vacation|holiday|sick|ooo|off)\b")
