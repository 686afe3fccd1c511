"""Publication dates as Arabic, French and English news pages write them.

Strategy: find a date *span* with a regex (month-name forms, day-first numeric forms, ISO-8601,
relative "منذ 3 ساعات"), then build the value. A time may follow the date or come just before
it ("19:05 - الأربعاء 17 يونيو 2020"). A time labelled with a zone ("19:05 GMT", "بتوقيت
غرينتش", "GMT+1", "+01:00", "بتوقيت مكة") is read in that zone; times written without one are
Africa/Casablanca local time, resolved with the time-zone database (Morocco is UTC+1 except
during Ramadan, when it is UTC+0), never with a fixed offset.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo

from pipelines.news.models import CASABLANCA, PublishedTime

_MONTHS: dict[int, tuple[str, ...]] = {
    1: ("يناير", "جانفي", "كانون الثاني", "كانون ثاني", "janvier", "january", "jan"),
    2: ("فبراير", "فيفري", "شباط", "février", "fevrier", "february", "feb"),
    3: ("مارس", "آذار", "mars", "march", "mar"),
    4: ("أبريل", "إبريل", "أفريل", "نيسان", "avril", "april", "apr"),
    5: ("ماي", "مايو", "أيار", "mai", "may"),
    6: ("يونيو", "يونيه", "جوان", "حزيران", "juin", "june", "jun"),
    7: ("يوليوز", "يوليو", "يوليه", "جويلية", "تموز", "juillet", "july", "jul"),
    8: ("غشت", "أغسطس", "أوت", "آب", "août", "aout", "august", "aug"),
    9: ("شتنبر", "سبتمبر", "أيلول", "septembre", "september", "sept", "sep"),
    10: ("أكتوبر", "تشرين الأول", "تشرين أول", "octobre", "october", "oct"),
    11: ("نونبر", "نوفمبر", "تشرين الثاني", "تشرين ثاني", "novembre", "november", "nov"),
    12: ("دجنبر", "ديسمبر", "كانون الأول", "كانون أول", "décembre", "decembre", "december", "dec"),
}

# Hamza-carrying alefs, alef maqsura and ta marbuta are spelled loosely ("ابريل", "اكتوبر",
# "الساعه"), and keys folded with ``pipelines.news.arabic.normalize_key`` write ة as ه; fold
# them one character for one character so match offsets stay valid in the original text.
_FOLD = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ى": "ي", "ة": "ه"})
# Eastern Arabic (U+0660..) and Persian (U+06F0..) digits to ASCII, also one for one; the
# minus sign of "UTC−1" to a hyphen.
_DIGITS = str.maketrans(
    {
        **{chr(0x0660 + i): str(i) for i in range(10)},
        **{chr(0x06F0 + i): str(i) for i in range(10)},
        "\u2212": "-",
    }
)


def _fold(text: str) -> str:
    return text.translate(_DIGITS).translate(_FOLD).lower()


_MONTH_BY_NAME = {_fold(name): number for number, names in _MONTHS.items() for name in names}
# Longest first, so "كانون الثاني" wins over a shorter prefix and "sept" over "sep".
_MONTH_ALTERNATION = "|".join(
    re.escape(name).replace(r"\ ", r"\s+") for name in sorted(_MONTH_BY_NAME, key=len, reverse=True)
)

# Zones a page writes after a time, as folded text. Greenwich is spelled many ways in Arabic;
# "ت.غ" abbreviates "توقيت غرينتش". Places name the zone of "بتوقيت مكة", "heure de Paris".
_GREENWICH = r"(?:غرينتش|غرينيتش|جرينتش|جرينيتش|كرينتش|كرينيتش|قرينتش|greenwich)"
_PLACE_ZONES = {
    "المغرب": "Africa/Casablanca",
    "الرباط": "Africa/Casablanca",
    "الدار البيضاء": "Africa/Casablanca",
    "maroc": "Africa/Casablanca",
    "marocaine": "Africa/Casablanca",
    "rabat": "Africa/Casablanca",
    "morocco": "Africa/Casablanca",
    "مكة المكرمة": "Asia/Riyadh",
    "مكة": "Asia/Riyadh",
    "السعودية": "Asia/Riyadh",
    "الرياض": "Asia/Riyadh",
    "القاهرة": "Africa/Cairo",
    "مصر": "Africa/Cairo",
    "الجزائر": "Africa/Algiers",
    "تونس": "Africa/Tunis",
    "باريس": "Europe/Paris",
    "فرنسا": "Europe/Paris",
    "paris": "Europe/Paris",
    "مدريد": "Europe/Madrid",
    "لندن": "Europe/London",
    "الامارات": "Asia/Dubai",
    "ابوظبي": "Asia/Dubai",
    "دبي": "Asia/Dubai",
    "الدوحة": "Asia/Qatar",
    "قطر": "Asia/Qatar",
    "بيروت": "Asia/Beirut",
    "القدس": "Asia/Jerusalem",
}
# Abbreviations with a fixed offset (hours). Except GMT/UTC they are ordinary words in
# lower case ("est", "west"), so they count only when written in capitals.
_ABBREVIATIONS = {
    "gmt": 0,
    "utc": 0,
    "wet": 0,
    "west": 1,
    "cet": 1,
    "cest": 2,
    "est": -5,
    "edt": -4,
    "pst": -8,
    "pdt": -7,
}
_ZONE_BY_PLACE = {_fold(place): zone for place, zone in _PLACE_ZONES.items()}
_PLACES = "|".join(
    re.escape(place).replace(r"\ ", r"\s+")
    for place in sorted(_ZONE_BY_PLACE, key=len, reverse=True)
)
_ZONE_WORDS = (
    rf"(?:بال|ب|ال)?توقيت\s+(?:{_GREENWICH}|العالمي(?:\s+الموحد)?|{_PLACES})"
    rf"|{_GREENWICH}|ت\s?\.?\s?غ(?![\w.])"
    rf"|heure\s+(?:de\s+|du\s+|d'|d’)?(?:{_PLACES})|(?:{_PLACES})\s+time"
    r"|" + "|".join(sorted(_ABBREVIATIONS, key=len, reverse=True))
)
_OFFSET = r"[+-]\s*\d{1,2}(?::?\d{2})?"
# After a time: a zone word with an optional offset ("GMT+1"), or a bare "+01:00".
_ZONE = (
    rf"(?:\s*[(\[]?\s*(?P<zone>(?:{_ZONE_WORDS})(?:\s*{_OFFSET})?"
    r"|[+-](?:0\d|1[0-4]):?[0-5]\d)(?![\w])\s*[)\]]?)?"
)

# Matched against folded text: "على الساعة" ("at the hour") is spelled "علي الساعه" here.
_CLOCK = (
    r"(?P<hour>\d{1,2})[:h](?P<minute>\d{2})(?::(?P<second>\d{2}))?"
    r"(?:\s*(?P<meridiem>ص|م|صباحا|مساء|مساءً|am|pm|a\.m\.|p\.m\.)(?![\w]))?"
)
_TIME = r"(?:\s*(?:[-–|,،]|\bà\b|\bat\b)?\s*(?:(?:علي\s*)?الساعه\s*)?" + _CLOCK + _ZONE + r")?"
_WEEKDAYS = (
    "الاثنين|الثلاثاء|الاربعاء|الخميس|الجمعه|السبت|الاحد|اثنين|ثلاثاء|اربعاء|خميس|جمعه|سبت|احد"
    "|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche"
    "|monday|tuesday|wednesday|thursday|friday|saturday|sunday"
)
# A time written just before its date ("GMT 17:27 17.03.2020", "19h05, mardi 17 juin 2020"):
# only separators, a weekday or "يوم"/"le"/"on" may stand between them.
_TIME_BEFORE = re.compile(
    r"(?<![\d:])(?:(?P<zone_first>gmt|utc)\s*)?(?:(?:علي\s*)?الساعه\s*)?"
    + _CLOCK
    + _ZONE
    + rf"(?:[\s,،|/\-–—]|(?<!\w)(?:من|يوم|le|on|{_WEEKDAYS})(?!\w))*\Z"
)
_TIME_BEFORE_CHARS = 60
_NOT_DIGIT_BEFORE = r"(?<![\d/.-])"
_NOT_DIGIT_AFTER = r"(?![\d/])"

_DAY_MONTH_YEAR = re.compile(
    _NOT_DIGIT_BEFORE + r"(?P<day>\d{1,2})(?:er)?\s*(?:[-ـ]\s*)?"
    rf"(?P<month>{_MONTH_ALTERNATION})(?:\s*/\s*(?:{_MONTH_ALTERNATION}))?(?!\w)[\s,،.-]*"
    r"(?P<year>\d{4})" + _NOT_DIGIT_AFTER + _TIME,
    re.IGNORECASE,
)
_MONTH_DAY_YEAR = re.compile(  # English: "June 17, 2020"
    rf"(?<!\w)(?P<month>{_MONTH_ALTERNATION})\.?\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s+"
    r"(?P<year>\d{4})" + _NOT_DIGIT_AFTER + _TIME,
    re.IGNORECASE,
)
# "17 - 06 - 2020", "17/06/2020", "17.03.2020": always day first in this part of the world.
_NUMERIC_DAY_FIRST = re.compile(
    _NOT_DIGIT_BEFORE + r"(?P<day>\d{1,2})\s*(?P<sep>[-/.])\s*(?P<month>\d{1,2})\s*(?P=sep)\s*"
    r"(?P<year>\d{4})" + _NOT_DIGIT_AFTER + _TIME,
)
# ISO-8601 and its relatives ("2020-12-01 02:00:00", "2017-01-22T185600", "2020/05/10").
_YEAR_FIRST = re.compile(
    _NOT_DIGIT_BEFORE + r"(?P<year>\d{4})(?P<sep>[-/.])(?P<month>\d{1,2})(?P=sep)(?P<day>\d{1,2})"
    r"(?!\d)(?:(?:\s*T\s*|\s+-?\s*(?=\d{1,2}:))(?P<hour>\d{1,2}):?(?P<minute>\d{2})"
    r"(?::?(?P<second>\d{2}))?"
    rf"(?:[.,]\d+)?\s*(?P<zone>z(?![a-z])|(?:{_ZONE_WORDS})(?:\s*{_OFFSET})?|[+-]\d{{2}}(?::?\d{{2}})?)?"
    r"(?!\d))?",
    re.IGNORECASE,
)
_RELATIVE = re.compile(
    r"منذ\s*(?:(?P<count>\d+)\s*)?(?P<unit>دقيقتين|دقيقتان|دقائق|دقيقه|ساعتين|ساعتان|ساعات|ساعه"
    r"|يومين|يومان|ايام|يوم)"
    r"|(?P<yesterday>(?<!\w)(?:ال)?امس(?!\w))",
)
# Tried in this order; the earliest date in the text wins.
_ABSOLUTE_PATTERNS = (_YEAR_FIRST, _DAY_MONTH_YEAR, _NUMERIC_DAY_FIRST, _MONTH_DAY_YEAR)
_UNIT_SECONDS = {"دقيقه": 60, "دقائق": 60, "ساعه": 3600, "ساعات": 3600, "يوم": 86400, "ايام": 86400}
_DUAL_SECONDS = {
    "دقيقتين": 120,
    "دقيقتان": 120,
    "ساعتين": 7200,
    "ساعتان": 7200,
    "يومين": 172800,
    "يومان": 172800,
}

_EARLIEST_YEAR = 1990
_LATEST_YEAR = 2100
# Solar Hijri (Iranian) years appear in Persian digits on Persian pages ("۱۳۹۹/۰۲/۲۱").
_SOLAR_HIJRI_YEARS = range(1300, 1500)


@dataclass(frozen=True)
class DateReading:
    """A date found in a text, with what the text said about its time zone.

    ``start``/``end`` are offsets in the text read. ``zone_stated`` is True when the time came
    with a zone or offset (or is relative to the fetch), False when it was read as Casablanca
    local time or there is no time. ``wall_clock`` is the date and time as written, without a
    zone (None without a time of day): two readings with the same digits are one clock shown
    in two zones.
    """

    value: PublishedTime
    start: int
    end: int
    zone_stated: bool = False
    wall_clock: datetime | None = None


def parse_date_text(text: str, fetched_at: datetime | None = None) -> PublishedTime | None:
    """The first date written in ``text`` (visible text or a meta/JSON-LD value).

    Times labelled with a zone are read in it; times without one are Africa/Casablanca
    local. Relative forms ("منذ 3 ساعات", "أمس") need ``fetched_at`` (timezone-aware; naive
    is taken as UTC). A bare year, such as a copyright line, is never a date.
    """
    reading = read_date(text, fetched_at)
    return reading.value if reading is not None else None


def read_date(text: str, fetched_at: datetime | None = None) -> DateReading | None:
    """Like ``parse_date_text``, with where the date is and whether its zone was written."""
    folded = _fold(text)
    best: DateReading | None = None
    for pattern in _ABSOLUTE_PATTERNS:
        for match in pattern.finditer(folded):
            if best is not None and match.start() >= best.start:
                break
            reading = _from_match(match, text, folded)
            if reading is not None:
                best = reading
                break
    if fetched_at is not None:
        relative = _RELATIVE.search(folded)
        if relative is not None and (best is None or relative.start() < best.start):
            value = _from_relative(relative, fetched_at)
            return DateReading(value, relative.start(), relative.end(), value.moment is not None)
    return best


def parse_iso(value: str) -> PublishedTime | None:
    """A machine-readable timestamp (meta tag, JSON-LD, ``<time datetime>``), else any date."""
    return parse_date_text(value.strip())


def find_date_span(text: str) -> tuple[int, int] | None:
    """Start/end offsets of the first absolute date in ``text`` (for cutting it out of bylines)."""
    folded = _fold(text)
    spans = [
        (reading.start, reading.end)
        for pattern in _ABSOLUTE_PATTERNS
        for match in pattern.finditer(folded)
        if (reading := _from_match(match, text, folded)) is not None
    ]
    return min(spans) if spans else None


def _from_match(match: re.Match[str], text: str, folded: str) -> DateReading | None:
    groups = match.groupdict()
    year, day = int(groups["year"]), int(groups["day"])
    month_text = groups["month"]
    month = int(month_text) if month_text.isdigit() else _MONTH_BY_NAME.get(_month_key(month_text))
    if month is None:
        return None
    if year in _SOLAR_HIJRI_YEARS and month_text.isdigit():
        try:
            year, month, day = _solar_hijri_to_gregorian(year, month, day)
        except ValueError:
            return None
    if not _EARLIEST_YEAR <= year <= _LATEST_YEAR:
        return None
    try:
        day_value = date(year, month, day)
    except ValueError:
        return None
    start, clock_match = match.start(), match
    if groups.get("hour") is None:
        before = _TIME_BEFORE.search(folded, max(0, start - _TIME_BEFORE_CHARS), start)
        if before is None:
            return DateReading(PublishedTime(local_day=day_value), start, match.end())
        start, clock_match = before.start(), before
    clock = _clock(clock_match.groupdict())
    if clock is None:
        return DateReading(PublishedTime(local_day=day_value), match.start(), match.end())
    written = datetime.combine(day_value, clock)
    zone = _written_zone(clock_match, text)
    moment = written.replace(tzinfo=zone or CASABLANCA).astimezone(UTC)
    return DateReading(at_moment(moment), start, match.end(), zone is not None, written)


def at_moment(moment: datetime) -> PublishedTime:
    """A published time for an instant; ``local_day`` is its Casablanca calendar day."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    moment = moment.astimezone(UTC)
    return PublishedTime(local_day=moment.astimezone(CASABLANCA).date(), moment=moment)


def _month_key(month_text: str) -> str:
    return " ".join(month_text.split())


def _clock(groups: dict[str, str | None]) -> time | None:
    hour, minute = int(groups["hour"] or 0), int(groups["minute"] or 0)
    second = int(groups.get("second") or 0)
    meridiem = (groups.get("meridiem") or "").lower()
    if meridiem:
        if not 1 <= hour <= 12:
            return None
        afternoon = meridiem.startswith(("م", "p"))
        hour = hour % 12 + (12 if afternoon else 0)
    if hour > 23 or minute > 59 or second > 59:
        return None
    return time(hour, minute, second)


def _written_zone(match: re.Match[str], text: str) -> tzinfo | None:
    """The zone written with a time ("GMT+1", "بتوقيت مكة", "+01:00"), None when there is none."""
    groups = match.groupdict()
    for name in ("zone", "zone_first"):
        written = groups.get(name)
        if not written:
            continue
        zone = _zone(written)
        if zone is None:
            continue
        letters = written.strip(" ()[]").lower()
        if letters in _ABBREVIATIONS and letters not in ("gmt", "utc"):
            original = text[match.start(name) : match.end(name)].strip(" ()[]")
            if not original.isupper():
                continue  # "est", "west": words, not zones
        return zone
    return None


def _zone(written: str) -> tzinfo | None:
    """A zone as folded page text writes it: a name, a name with an offset, or an offset."""
    text = " ".join(written.strip(" ()[]").split())
    offset = re.search(r"([+-])\s*(\d{1,2})(?::?(\d{2}))?$", text)
    name = text[: offset.start()].strip() if offset else text
    base: tzinfo | None
    if not name or name == "z" or name in _ABBREVIATIONS:
        base = timezone(timedelta(hours=_ABBREVIATIONS.get(name, 0)))
    elif re.search(_GREENWICH + r"|العالمي|^ت\s?\.?\s?غ$", name):
        base = UTC
    else:
        place = next((p for p in _ZONE_BY_PLACE if p in " ".join(name.split())), None)
        base = ZoneInfo(_ZONE_BY_PLACE[place]) if place is not None else None
    if offset is None:
        return UTC if base == UTC else base
    if base is None or base.utcoffset(None) != timedelta(0):
        return None  # "بتوقيت مكة +1" means nothing we can trust
    sign = -1 if offset.group(1) == "-" else 1
    hours, minutes = int(offset.group(2)), int(offset.group(3) or 0)
    if hours > 14 or minutes > 59:
        return None
    return timezone(sign * timedelta(hours=hours, minutes=minutes))


def _from_relative(match: re.Match[str], fetched_at: datetime) -> PublishedTime:
    if fetched_at.tzinfo is None:
        fetched_at = fetched_at.replace(tzinfo=UTC)
    if match.group("yesterday"):
        local_today = fetched_at.astimezone(CASABLANCA).date()
        return PublishedTime(local_day=local_today - timedelta(days=1))
    unit = match.group("unit")
    count = match.group("count")
    if unit in _DUAL_SECONDS:
        seconds = _DUAL_SECONDS[unit]
    else:
        seconds = (int(count) if count else 1) * _UNIT_SECONDS[unit]
    return at_moment(fetched_at - timedelta(seconds=seconds))


def _solar_hijri_to_gregorian(year: int, month: int, day: int) -> tuple[int, int, int]:
    """Iranian calendar to Gregorian (33-year leap cycle, right for 1300..1499 SH)."""
    if not (1 <= month <= 12 and 1 <= day <= 31):
        raise ValueError("not a solar Hijri date")
    days_before_month = (month - 1) * 31 if month <= 7 else 186 + (month - 7) * 30
    # 1 Farvardin 1300 SH = 21 March 1921; leap years follow the 33-year cycle.
    elapsed = sum(366 if _is_solar_hijri_leap(y) else 365 for y in range(1300, year))
    start = date(1921, 3, 21) + timedelta(days=elapsed + days_before_month + day - 1)
    return start.year, start.month, start.day


def _is_solar_hijri_leap(year: int) -> bool:
    # The 33-year cycle: right for every year of the 14th and 15th centuries SH.
    return year % 33 in (1, 5, 9, 13, 17, 22, 26, 30)
