"""Publication dates as Arabic, French and English news pages write them.

Strategy: find a date *span* with a regex (month-name forms, day-first numeric forms, ISO-8601,
relative "منذ 3 ساعات"), then build the value. Times written without a zone are
Africa/Casablanca local time, resolved with the time-zone database (Morocco is UTC+1 except
during Ramadan, when it is UTC+0), never with a fixed offset.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta, timezone

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

# Hamza-carrying alefs and alef maqsura are spelled loosely ("ابريل", "اكتوبر"); fold them
# one character for one character so match offsets stay valid in the original text.
_FOLD = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ى": "ي"})
# Eastern Arabic (U+0660..) and Persian (U+06F0..) digits to ASCII, also one for one.
_DIGITS = str.maketrans(
    {**{chr(0x0660 + i): str(i) for i in range(10)}, **{chr(0x06F0 + i): str(i) for i in range(10)}}
)


def _fold(text: str) -> str:
    return text.translate(_DIGITS).translate(_FOLD).lower()


_MONTH_BY_NAME = {_fold(name): number for number, names in _MONTHS.items() for name in names}
# Longest first, so "كانون الثاني" wins over a shorter prefix and "sept" over "sep".
_MONTH_ALTERNATION = "|".join(
    re.escape(name).replace(r"\ ", r"\s+") for name in sorted(_MONTH_BY_NAME, key=len, reverse=True)
)

# Matched against folded text: "على الساعة" ("at the hour") is spelled "علي الساعة" here.
_TIME = (
    r"(?:\s*(?:[-–|,،]|\bà\b|\bat\b)?\s*(?:(?:علي\s*)?الساعة\s*)?"
    r"(?P<hour>\d{1,2})[:h](?P<minute>\d{2})(?::(?P<second>\d{2}))?"
    r"(?:\s*(?P<meridiem>ص|م|صباحا|مساء|مساءً|am|pm|a\.m\.|p\.m\.)(?![\w]))?)?"
)
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
    r"(?:[.,]\d+)?\s*(?P<zone>Z|GMT|UTC|[+-]\d{2}(?::?\d{2})?)?(?!\d))?",
    re.IGNORECASE,
)
_RELATIVE = re.compile(
    r"منذ\s*(?:(?P<count>\d+)\s*)?(?P<unit>دقيقتين|دقيقتان|دقائق|دقيقة|ساعتين|ساعتان|ساعات|ساعة"
    r"|يومين|يومان|ايام|يوم)"
    r"|(?P<yesterday>(?<!\w)(?:ال)?امس(?!\w))",
)
_UNIT_SECONDS = {"دقيقة": 60, "دقائق": 60, "ساعة": 3600, "ساعات": 3600, "يوم": 86400, "ايام": 86400}
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


def parse_date_text(text: str, fetched_at: datetime | None = None) -> PublishedTime | None:
    """The first date written in ``text`` (visible text or a meta/JSON-LD value).

    Times without a zone are Africa/Casablanca local. Relative forms ("منذ 3 ساعات", "أمس")
    need ``fetched_at`` (timezone-aware; naive is taken as UTC). A bare year, such as a
    copyright line, is never a date.
    """
    folded = _fold(text)
    best: tuple[int, PublishedTime] | None = None
    for pattern in (_YEAR_FIRST, _DAY_MONTH_YEAR, _NUMERIC_DAY_FIRST, _MONTH_DAY_YEAR):
        for match in pattern.finditer(folded):
            if best is not None and match.start() >= best[0]:
                break
            value = _from_match(match)
            if value is not None:
                best = (match.start(), value)
                break
    if fetched_at is not None:
        relative = _RELATIVE.search(folded)
        if relative is not None and (best is None or relative.start() < best[0]):
            return _from_relative(relative, fetched_at)
    return best[1] if best else None


def parse_iso(value: str) -> PublishedTime | None:
    """A machine-readable timestamp (meta tag, JSON-LD, ``<time datetime>``), else any date."""
    return parse_date_text(value.strip())


def find_date_span(text: str) -> tuple[int, int] | None:
    """Start/end offsets of the first absolute date in ``text`` (for cutting it out of bylines)."""
    folded = _fold(text)
    spans = [
        match.span()
        for pattern in (_YEAR_FIRST, _DAY_MONTH_YEAR, _NUMERIC_DAY_FIRST, _MONTH_DAY_YEAR)
        for match in pattern.finditer(folded)
        if _from_match(match) is not None
    ]
    return min(spans) if spans else None


def _from_match(match: re.Match[str]) -> PublishedTime | None:
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
    if groups.get("hour") is None:
        return PublishedTime(local_day=day_value)
    clock = _clock(groups)
    if clock is None:
        return PublishedTime(local_day=day_value)
    zone = groups.get("zone")
    written = datetime.combine(day_value, clock)
    if zone:
        moment = written.replace(tzinfo=_offset(zone)).astimezone(UTC)
    else:
        moment = written.replace(tzinfo=CASABLANCA).astimezone(UTC)
    return at_moment(moment)


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


def _offset(zone: str) -> timezone:
    zone = zone.upper()
    if zone in ("Z", "GMT", "UTC"):
        return UTC
    sign = -1 if zone[0] == "-" else 1
    digits = zone[1:].replace(":", "")
    hours, minutes = int(digits[:2]), int(digits[2:4] or 0)
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
