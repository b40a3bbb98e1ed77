"""The words the rules parser knows: dates, numbers, portions, leave and sickness.

Owns the vocabulary only (plain dicts and sets, spelling variants and the
typos people really write); the grammar that combines the words lives in
``leavebot.parsing.dates`` and the intent rules in ``leavebot.parsing.rules``.
Everything here is lower case.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Final


def _expand(table: dict[int, tuple[str, ...]]) -> dict[str, int]:
    return {word: value for value, words in table.items() for word in words}


MONTHS: Final[dict[str, int]] = _expand(
    {
        1: ("january", "jan", "janurary", "januray", "janaury"),
        2: ("february", "feb", "febuary", "feburary", "febr"),
        3: ("march", "mar", "mrch"),
        4: ("april", "apr", "aprl"),
        5: ("may",),
        6: ("june", "jun"),
        7: ("july", "jul"),
        8: ("august", "aug", "agust"),
        9: ("september", "sep", "sept", "septmber", "setember"),
        10: ("october", "oct", "octobr"),
        11: ("november", "nov", "novmber"),
        12: ("december", "dec", "decmber", "decemeber"),
    }
) | _expand(
    {  # the months of the languages people mix in (German, Dutch, French, Spanish,
        # Portuguese, Italian, Polish, Turkish, Romanian, Indonesian), written without accents
        # (read folded)
        1: ("januar", "januari", "janvier", "enero", "janeiro", "gennaio", "ocak", "ianuarie"),
        2: (
            "februar",
            "februari",
            "fevrier",
            "febrero",
            "fevereiro",
            "febbraio",
            "subat",
            "februarie",
        ),
        3: ("marz", "maart", "mrt", "marzo", "mars", "marco", "mart", "martie", "maret"),
        4: ("avril", "abril", "aprile", "nisan", "aprilie"),
        5: ("mai", "mei", "mayo", "maio", "maj", "maggio", "mayis"),
        6: ("juni", "juin", "junio", "junho", "giugno", "haziran", "iunie"),
        7: ("juli", "juillet", "julio", "julho", "luglio", "temmuz", "iulie"),
        8: ("aout", "agosto", "augustus", "augusti", "agustos", "agustus"),
        9: ("septembre", "septiembre", "setembro", "settembre", "eylul", "septembrie"),
        10: (
            "oktober",
            "okt",
            "octobre",
            "octubre",
            "outubro",
            "ottobre",
            "pazdziernika",
            "ekim",
            "octombrie",
        ),
        11: ("novembre", "noviembre", "novembro", "listopada", "kasim", "noiembrie"),
        12: (
            "dezember",
            "decembre",
            "diciembre",
            "dezembro",
            "dicembre",
            "grudnia",
            "aralik",
            "decembrie",
            "desember",
        ),
    }
)
# Month words that are also ordinary English words (or names): months only next to a day
# number.
AMBIGUOUS_MONTHS: Final[frozenset[str]] = frozenset(
    {"may", "mar", "march", "jan", "sep", "mai", "mayo", "mei", "juni", "julio", "avril", "mars"}
    | {"marco", "maj", "mart", "nisan", "ekim", "kasim", "ocak"}
)

WEEKDAYS: Final[dict[str, int]] = _expand(
    {
        0: ("monday", "mon", "mondays", "munday", "monady", "mondy"),
        1: ("tuesday", "tue", "tues", "tuesdays", "tuesady", "tusday", "teusday", "tuseday"),
        2: (
            "wednesday",
            "wed",
            "weds",
            "wednesdays",
            "wednesay",
            "wendesday",
            "wensday",
            "wednessday",
            "wedensday",
            "wednes",
        ),
        3: (
            "thursday",
            "thu",
            "thur",
            "thurs",
            "thrs",
            "thursdays",
            "thrusday",
            "thrus",
            "thurday",
            "thursay",
        ),
        4: ("friday", "fri", "fridays", "firday", "fryday", "friady", "frday"),
        5: ("saturday", "sat", "saturdays", "saterday", "satuday", "satarday"),
        6: ("sunday", "sun", "sundays", "sundya"),
    }
) | _expand(
    {  # the weekdays of the languages people mix in (French, Spanish, German, Dutch, Danish,
        # Norwegian, Swedish), written without accents (the text is read folded)
        0: ("lundi", "lunes", "montag", "maandag", "mandag"),
        1: ("mardi", "martes", "dienstag", "dinsdag", "tirsdag", "tisdag"),
        2: ("mercredi", "miercoles", "mittwoch", "woensdag", "onsdag"),
        3: ("jeudi", "jueves", "donnerstag", "donderdag", "torsdag"),
        4: ("vendredi", "viernes", "freitag", "vrijdag", "fredag"),
        5: ("samedi", "sabado", "samstag", "zaterdag", "lordag"),
        6: ("dimanche", "domingo", "sonntag", "zondag", "sondag"),
    }
)
_FULL_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
# Real words a letter or two from a weekday name.
_NOT_WEEKDAY_TYPOS = frozenset({"sundae", "sundry", "sundays", "mundane", "sunray", "funday"})


def _distance(a: str, b: str, limit: int) -> int:
    """Damerau-Levenshtein distance (adjacent swaps count one), capped at ``limit + 1``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        row = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            row[j] = min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                row[j] = min(row[j], prev2[j - 2] + 1)
        prev2, prev = prev, row
    return prev[-1]


@lru_cache(maxsize=4096)
def weekday_typo(word: str) -> str | None:
    """The weekday a misspelt word stands for (``fridya``, ``wendsday``), or None.

    Same first letter and at most one slip (two for names of seven letters or
    more): a swap, a missing, extra or wrong letter.
    """
    if word in _NOT_WEEKDAY_TYPOS:
        return None
    for name in _FULL_WEEKDAYS:
        if name[0] == word[0]:
            limit = 2 if len(name) >= 7 and len(word) >= 6 else 1
            if _distance(word, name, limit) <= limit:
                return name
    return None


# Real words a letter from a word for leave.
_NOT_LEAVE_TYPOS = frozenset(
    {"lease", "leaf", "lead", "lean", "leap", "leaves", "leaved", "leavers", "leaver", "vocation"}
    | {"vacations", "vacated", "vacating", "holidays", "holiday's", "heave", "weave", "least"}
    | {"leafy", "leads", "leans", "leaps", "learn", "leash", "level", "lever", "lave", "love"}
)


@lru_cache(maxsize=4096)
def leave_typo(word: str) -> str | None:
    """``vacation``, ``holiday`` or ``leave`` for a misspelling of one (``vacaton``, ``leav``,
    ``holdiay``): the same first letter and one slip."""
    if word in _NOT_LEAVE_TYPOS or len(word) < 4:
        return None
    for name in ("vacation", "holiday", "leave"):
        if name[0] == word[0] and word != name and _distance(word, name, 1) <= 1:
            return name
    return None


# Real words a letter from a half day's name.
_NOT_PORTION_TYPOS = frozenset({"mourning", "mooring", "mornings", "afternoons", "morningy"})


@lru_cache(maxsize=4096)
def portion_typo(word: str) -> str | None:
    """``morning`` or ``afternoon`` for a misspelling of one (``afternon``, ``mornign``)."""
    if word in _NOT_PORTION_TYPOS:
        return None
    for name in ("morning", "afternoon"):
        if name[0] == word[0] and _distance(word, name, 1) <= 1:
            return name
    return None


# Where the author works: "leaving the lab at 14:00", "in the office at 12", "back at my desk"
WORKPLACES: Final[frozenset[str]] = frozenset(
    {"office", "work", "desk", "site", "plant", "studio", "floor", "lab", "shop", "store"}
    | {"warehouse", "depot", "yard", "mill", "factory"}
)

# Weekday words that are also ordinary English words.
AMBIGUOUS_WEEKDAYS: Final[frozenset[str]] = frozenset({"sat", "sun", "wed", "mon"})
# The characters of an emoji, for a regular expression's character class: its first (a flag
# is two regional indicators) and the ones that may follow it (variation, joiner, skin tone).
# Between words an emoji ends a clause (``patterns._CLAUSE_SPLIT``, ``tokens.tokenize``).
EMOJI: Final = "\u2600-\u27bf\U0001f1e6-\U0001f1ff\U0001f300-\U0001faff"
# the tag characters of a region's flag (Scotland's, Wales') too
EMOJI_TAIL: Final = "\ufe0f\u200d\U0001f3fb-\U0001f3ff\U000e0020-\U000e007f" + EMOJI

# Relative day words and their offset from today.
RELATIVE_DAYS: Final[dict[str, int]] = {
    "today": 0,
    "tdy": 0,
    "2day": 0,
    "tomorrow": 1,
    "tomorrows": 1,
    "tomorows": 1,
    "bukas": 1,  # Tagalog
    "kahapon": -1,
    "tmrw": 1,
    "tmr": 1,
    "tmrow": 1,
    "tmro": 1,
    "tmw": 1,
    "tom": 1,
    "tomo": 1,
    "tomm": 1,
    "tommorow": 1,
    "tommorrow": 1,
    "tomorow": 1,
    "tomorrrow": 1,
    "tomrw": 1,
    "tomrrow": 1,
    "tomorro": 1,
    "tmorow": 1,  # "gonna be off tmorow"
    "tmorrow": 1,
    "2moro": 1,
    "2morrow": 1,
    "2mrw": 1,
    "2mrrw": 1,
    "yesterday": -1,
    "yday": -1,
    "yest": -1,
    "ystrdy": -1,
    "yesterdy": -1,
    "yesturday": -1,
    "yesteday": -1,
    "tomoz": 1,
    "2moz": 1,
    # in the languages people mix in: French, Spanish, German, Dutch, Hindi
    "demain": 1,
    "manana": 1,
    "morgen": 1,
    "aujourd'hui": 0,
    "aujourdhui": 0,
    "hoy": 0,
    "heute": 0,
    "vandaag": 0,
    "aaj": 0,
    "ayer": -1,
    "gestern": -1,
    "gisteren": -1,
}

NUMBER_WORDS: Final[dict[str, int]] = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "twenty": 20,
    "thirty": 30,
    "couple": 2,
}

ORDINAL_WORDS: Final[dict[str, int]] = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "sixth": 6,
    "seventh": 7,
    "eighth": 8,
    "ninth": 9,
    "tenth": 10,
    "eleventh": 11,
    "twelfth": 12,
    "thirteenth": 13,
    "fourteenth": 14,
    "fifteenth": 15,
    "sixteenth": 16,
    "seventeenth": 17,
    "eighteenth": 18,
    "nineteenth": 19,
    "twentieth": 20,
    "thirtieth": 30,
}
# "twenty first", "thirty-first": a tens word followed by a unit ordinal.
TENS_WORDS: Final[dict[str, int]] = {"twenty": 20, "thirty": 30}

# Words that join the two ends of a range.
RANGE_WORDS: Final[frozenset[str]] = frozenset(
    {"to", "till", "til", "until", "untill", "through", "thru", "upto", "uptil", "-", "~"}
)
DAY_UNITS: Final[frozenset[str]] = frozenset({"day", "days", "dys", "working", "business"})
WEEK_UNITS: Final[frozenset[str]] = frozenset({"week", "weeks", "wk", "wks", "wek"})
MONTH_UNITS: Final[frozenset[str]] = frozenset({"month", "months"})
FORTNIGHT_UNITS: Final[frozenset[str]] = frozenset({"fortnight", "fortnights"})

# Emoji (and Slack shortcodes) that speak of being ill.
SICK_EMOJI: Final[tuple[str, ...]] = (
    "🤒",
    "🤧",
    "🤢",
    "🤮",
    "😷",
    "🤕",
    "🏥",
    "💊",
    "🌡",
    "🩺",
    "💉",
    "🦷",
    "🥴",
)
SICK_SHORTCODES: Final[frozenset[str]] = frozenset(
    {
        "face_with_thermometer",
        "sneezing_face",
        "nauseated_face",
        "face_vomiting",
        "mask",
        "face_with_head_bandage",
        "hospital",
        "pill",
        "thermometer",
        "syringe",
        "stethoscope",
        "tooth",
        "woozy_face",
        "sick",
    }
)

# Illness and medical care (convention 11): any of these makes a leave ``sick``,
# and one of them with a date is a sick leave even without a leave word
# (convention 18). Conditions and symptoms:
# The word for leave or holidays in the other languages people mix in
# ("Urlaub 15.06-19.06", "Vacaciones 11-15 Oct", "férias"): vacation. Written without
# accents: the text is read with its Latin accents folded (``markup.fold_accents``).
FOREIGN_LEAVE: Final[tuple[str, ...]] = (
    "urlaub", "ferien", "vacaciones", "vacances", "vakantie", "verlof", "ferie", "vacanze",
    "ferias", "urlop", "urlopie", "urlopu", "conge", "conges", "cuti", "folga", "folgas", "wolne",
    "gwyliau", "nghi phep", "phep", "nghi om", "ijaza", "ijazah", "chutti", "chhutti", "chuti",
    # the seasons' holidays, written as one word in German and Dutch
    "sommerferien", "herbstferien", "winterferien", "osterferien", "pfingstferien", "sportferien",
    "skiferien", "fasnachtsferien", "saoire",  # Irish "Lá saoire": a holiday day
    "weihnachtsferien", "sommerurlaub", "winterurlaub", "jahresurlaub", "resturlaub",
    "kurzurlaub", "skiurlaub", "zomervakantie", "herfstvakantie", "kerstvakantie",
    "wintervakantie", "voorjaarsvakantie", "meivakantie", "sommerferie", "vinterferie",
    "paskeferie", "juleferie", "efterarsferie", "brugdag", "bruckentag", "fenstertag",
    "weihnachtsurlaub",
    "pfingsturlaub", "osterurlaub", "herbsturlaub", "fruhlingsurlaub", "familienurlaub",
    "bildungsurlaub", "sonderurlaub", "erholungsurlaub", "heimaturlaub",
    # Czech, Slovak, Romanian, Hungarian; Slovenian, Croatian, Serbian and Bosnian "dopust"
    "dovolena", "dovolenou", "dovolene", "dovolenka", "concediu", "concediul", "szabadsag",
    "dopust", "dopusta", "dopustu", "dopustom",
    "szabi",  # Hungarian, short for szabadsag
    # Estonian, Latvian, Lithuanian
    "puhkus", "puhkusel", "puhkusele", "atvalinajums", "atvalinajuma", "atvalinajumu",
    "atostogos", "atostogose", "atostogas", "atostogu",
    # Swedish, Norwegian, Danish, Finnish
    "sportlov", "hostlov", "jullov", "sommarlov", "semesterdagar", "hostferie", "hostferien",
    "ledig", "fridag", "feriedag", "feriedage", "loma", "lomalla", "lomaa", "lomat", "lomani",
    "syysloma", "talviloma", "kesaloma", "hiihtoloma", "joululoma", "vuosiloma", "fellesferie",
    # Serbian, Croatian, Bosnian ("godisnji odmor"), Bulgarian and Turkish
    "godisnji odmor", "godisnji", "odmor", "otpust", "izin", "yillik izin",
    # Dutch and Flemish, Swahili
    "kerstverlof", "zomerverlof", "paasverlof", "verlofdag", "verlofdagen", "vakantiedag",
    "vakantiedagen", "snipperdag", "vrij",
    "paasvakantie", "krokusvakantie", "likizo",
    "skiferie", "paskeferie", "juleferie", "efterarsferie", "pinseferie", "vinterferien",
)  # fmt: skip
# The words for leave in Chinese, Japanese and Korean, which are written without spaces
# between words (so they are found inside other text): leave, sick leave, half a day; and in
# the Cyrillic of Ukrainian, Russian and Bulgarian, which the Latin word lists cannot hold.
CJK_LEAVE: Final[tuple[str, ...]] = (
    "请假", "請假", "休假", "年假", "事假", "调休", "有給", "有休", "休暇", "年休", "特休",
    "연차", "휴가", "반차", "월차",
    # Ukrainian, Russian, Bulgarian (Cyrillic, read as written): leave, holiday
    "відпустка", "відпустку", "відпустці", "відпустки", "отпуск", "отпуска", "отпуске", "отпуску",
)  # fmt: skip
CJK_SICK_LEAVE: Final[tuple[str, ...]] = ("病假", "病休", "病欠", "병가")
SICK_CONDITIONS: Final[tuple[str, ...]] = (
    "sick", "sik", "sickness", "krank", "ill", "illness", "unwell", "unwel", "fever", "feverish",
    "fiebre", "febbre", "fièvre", "fievre", "head hurting", "my body hot",
    "syg", "sjuk", "sjukskriven", "sairas", "sairaana", "forkyld", "forkylning", "forkjolet",
    "flunssa", "abscess", "vomitting", "vommiting", "vomitted", "throwing up",
    "temperature", "temprature", "tempreture", "temperture", "high temp", "flu", "influenza",
    "cough", "coughing", "sore throat", "strep",
    "tonsillitis", "migraine", "headache", "head ache", "vertigo", "dizzy", "dizziness",
    "nausea", "nauseous", "vomiting", "vomited", "vomit", "throwing up", "threw up", "puking",
    "diarrhea", "diarrhoea", "loose motion", "loose motions", "food poisoning", "stomach bug",
    "stomach flu", "stomach ache", "stomachache", "stomach upset", "upset stomach",
    "stomach infection", "gastro", "gastroenteritis", "infection", "covid", "covid-19",
    "corona", "coronavirus", "dengue", "malaria", "typhoid", "jaundice", "hepatitis",
    "chickenpox", "chicken pox", "measles", "mumps", "pneumonia", "bronchitis", "asthma",
    "allergy", "allergies", "allergic", "hives", "sunburn", "heatstroke", "heat stroke",
    "sunstroke", "dehydration", "dehydrated", "injury", "injured", "injuries", "sprain",
    "sprained", "fracture", "fractured", "broke my", "broken arm", "broken leg", "broken wrist",
    "heat exhaustion", "migraines", "crushed my",
    "broken ankle", "twisted my", "pulled a muscle", "back pain", "backache", "back ache",
    "neck pain", "knee pain", "toothache", "tooth ache", "tooth pain", "wisdom tooth",
    "kidney stone", "appendicitis", "conjunctivitis", "pink eye", "pinkeye", "eye infection",
    "sinusitis", "sinus", "ear infection", "uti", "cramps", "period pain", "menstrual",
    "morning sickness", "concussion", "stitches", "bed rest", "bedrest", "bedridden",
    "under the weather", "came down with", "coming down with",
    "down with", "caught a bug", "a bug", "caught a cold", "a cold", "bad cold",
    "head cold", "chest cold", "cold on the chest", "cold's", "my cold", "this cold", "burning up",
    "cold and cough",
    "viral", "body ache", "body aches", "body pain", "chills", "mental health", "burnout",
    "anxiety", "panic attack", "sick day", "unwellness", "poorly", "laryngitis", "shingles",
    "gout", "sciatica", "slipped disc", "whiplash", "bp", "blood pressure", "diabetes",
    "disease", "diagnosed", "virus", "hand foot mouth", "tonsils", "fainted", "stomach cramps",
    "period cramps", "cramping", "spasm", "hernia", "ulcer", "fracture", "cast", "plaster",
    "swollen", "swelling", "bleeding", "stye", "boil", "piles", "kidney infection",
    "chest infection", "chest pain", "palpitations", "low bp", "high bp", "high blood pressure",
    "low blood pressure", "low sugar", "sugar levels", "pregnancy", "pregnant", "miscarriage",
    "maternity checkup", "prenatal", "antenatal", "scan appointment", "tooth", "teeth",
    "wisdom teeth", "cavity", "filling", "braces", "accident", "had a fall", "fell down",
    "fell off", "slipped", "sickie", "crook", "d&v", "indisposed", "dodgy tummy", "tummy bug",
    "tummy ache", "upset tummy", "dodgy stomach", "gippy tummy", "tummy trouble", "poorly tummy",
    "ziek", "malade", "maladie", "grippe", "enfermo", "enferma", "kidney stones", "gallstones",
    "doente", "chory", "chora", "l4", "de baja",
    "zwolnienie", "krankgeschrieben", "norovirus", "rotavirus", "stomach virus", "tummy virus",
)  # fmt: skip
# Medical care: who, where and what.
SICK_CARE: Final[tuple[str, ...]] = (
    "doctor", "doctors", "doctor's", "doc's", "dr", "gp", "arzt", "arzttermin", "physician",
    "skadestuen", "legevakt", "akuten", "vardcentralen", "laakari", "klinik",
    "dentist", "dentist's", "dental", "dermatologist", "cardiologist", "orthopedic",
    "orthopaedic", "ortho",
    "orthopedist", "podiatrist", "podiatry", "chiropodist", "audiologist",
    "ent", "ophthalmologist", "optometrist", "optician", "eye doctor",
    "eye test", "eye exam", "eye checkup", "eye check-up", "gynecologist", "gynaecologist",
    "gyno", "obgyn", "ob-gyn", "pediatrician", "paediatrician", "psychiatrist", "therapist",
    "physio", "physiotherapy", "physiotherapist", "physical therapy", "chiropractor",
    "neurologist", "oncologist", "urologist", "endocrinologist", "allergist", "surgeon",
    "hospital", "hospitalised", "hospitalized", "clinic", "the er", "er visit", "a&e",
    "emergency room",
    "urgent care", "icu", "admitted", "medical", "medicine", "medication", "meds", "surgery",
    "operation", "root canal", "tooth extraction", "extraction", "extracted", "dental cleaning",
    "checkup", "check-up", "check up", "health check", "health checkup", "physical exam",
    "annual physical", "yearly physical", "my physical", "physical checkup",
    "biopsy", "mri", "ct scan", "cat scan", "x-ray", "xray", "x ray", "ultrasound", "sonography",
    "ecg", "ekg", "endoscopy", "colonoscopy", "coloscopie", "cardiologue", "medecin", "dentiste",
    "blood test", "blood tests", "blood work",
    "bloodwork", "lab test", "lab tests", "hearing test", "sugar test", "vaccination",
    "vaccine", "vaccinated", "booster", "flu shot", "jab", "dialysis", "chemo", "chemotherapy",
    "radiotherapy", "rehab", "counselling", "counseling", "therapy", "scan", "post-op",
    "follow-up appointment", "medical appointment", "prescription", "pharmacy", "ambulance",
    "polyclinic", "polyclinics", "fisio", "fisioterapia", "huisarts", "medico", "medica",
    "dentiste", "medecin", "docteur", "specialist",
)  # fmt: skip
# Sick words that also have an everyday meaning: they set the category but are not,
# alone, a leave ("the cold storage job", "security scan on Friday").
SICK_WEAK: Final[frozenset[str]] = frozenset(
    {"scan", "operation", "infection", "extraction", "extracted", "dr", "doc", "ent"}
    | {
        "sinus",
        "viral",
        "therapy",
        "admitted",
        "medicine",
        "meds",
        "chills",
        "bp",
        "jab",
        "slipped",
    }
    | {"booster", "a bug", "gp", "icu", "uti", "anxiety", "burnout", "medical", "pharmacy"}
    | {"prescription", "rehab", "cast", "plaster", "virus", "boil", "swelling", "bleeding"}
    | {"filling", "braces", "crook"}
    | {"pregnancy", "pregnant", "diagnosed", "disease"}
)
