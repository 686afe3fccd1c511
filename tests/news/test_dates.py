from datetime import UTC, date, datetime

import pytest

from pipelines.news.dates import CASABLANCA, parse_date_text, parse_iso


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("السبت 03 أكتوبر 2020", date(2020, 10, 3)),  # Moroccan table
        ("15 غشت 2020", date(2020, 8, 15)),
        ("1 ماي 2021", date(2021, 5, 1)),
        ("20 يوليوز 2019", date(2019, 7, 20)),
        ("9 شتنبر 2020", date(2020, 9, 9)),
        ("30 نونبر 2020", date(2020, 11, 30)),
        ("31 دجنبر 2020", date(2020, 12, 31)),
        ("12 مايو 2020", date(2020, 5, 12)),  # Egyptian/Gulf table
        ("5 أغسطس 2015", date(2015, 8, 5)),
        ("7 ديسمبر 2020", date(2020, 12, 7)),
        ("24 نيسان / أبريل 2020", date(2020, 4, 24)),  # Levantine, with the standard name
        ("3 تشرين الثاني 2019", date(2019, 11, 3)),
        ("3 تشرين الأول 2019", date(2019, 10, 3)),
        ("1 كانون الثاني 2020", date(2020, 1, 1)),
        ("10 آب 2020", date(2020, 8, 10)),
        ("4 جانفي 2017", date(2017, 1, 4)),  # Tunisian / Algerian table
        ("14 فيفري 2017", date(2017, 2, 14)),
        ("2 جويلية 2017", date(2017, 7, 2)),
        ("15 أوت 2017", date(2017, 8, 15)),
        ("1er février 2026", date(2026, 2, 1)),  # French
        ("13 août 2025", date(2025, 8, 13)),
        ("17 - 06 - 2020", date(2020, 6, 17)),  # aggregator form, day first
        ("17/06/2020", date(2020, 6, 17)),
        ("١٧ يونيو ٢٠٢٠", date(2020, 6, 17)),  # Eastern Arabic digits
        ("۱۳۹۹/۰۲/۲۱", date(2020, 5, 10)),  # Persian digits, solar Hijri year
    ],
)
def test_written_dates_give_their_calendar_day_and_no_moment(text: str, day: date) -> None:
    published = parse_date_text(text)
    assert published is not None
    assert published.local_day == day
    assert published.moment is None


def test_the_aggregator_line_gives_its_date() -> None:
    published = parse_date_text("نشر في هسبريس يوم 17 - 06 - 2020")
    assert published is not None and published.iso() == "2020-06-17"


def test_local_time_with_weekday_is_casablanca_time() -> None:
    published = parse_date_text("الأحد 1 فبراير 2026 - 00:30")
    assert published is not None
    # 2026-02-01 is before the Ramadan change: Casablanca is UTC+1, so 00:30 is 23:30 UTC.
    assert published.moment == datetime(2026, 1, 31, 23, 30, tzinfo=UTC)
    assert published.local_day == date(2026, 2, 1)
    assert published.iso() == "2026-02-01T00:30:00+01:00"


@pytest.mark.parametrize(
    ("text", "utc"),
    [
        ("الأربعاء، 07 أكتوبر 2020 - 12:09 م", datetime(2020, 10, 7, 11, 9, tzinfo=UTC)),
        ("١٧ يونيو ٢٠٢٠ ١٠:٣٠ ص", datetime(2020, 6, 17, 9, 30, tzinfo=UTC)),
        ("17 يونيو 2020 12:15 ص", datetime(2020, 6, 16, 23, 15, tzinfo=UTC)),
        ("17 يونيو 2020 09:05 م", datetime(2020, 6, 17, 20, 5, tzinfo=UTC)),
    ],
)
def test_twelve_hour_clock_with_arabic_am_pm(text: str, utc: datetime) -> None:
    published = parse_date_text(text)
    assert published is not None and published.moment == utc


@pytest.mark.parametrize(
    ("text", "utc", "day"),
    [
        # Ramadan 2026: Casablanca is UTC+0 from 2026-02-15 to 2026-03-22.
        ("2026-03-01 00:30", datetime(2026, 3, 1, 0, 30, tzinfo=UTC), date(2026, 3, 1)),
        ("1 مارس 2026 - 00:30", datetime(2026, 3, 1, 0, 30, tzinfo=UTC), date(2026, 3, 1)),
        # Back to UTC+1: the local 00:30 is the previous UTC day.
        ("2026-04-01T00:30", datetime(2026, 3, 31, 23, 30, tzinfo=UTC), date(2026, 4, 1)),
        ("01 - 04 - 2026 - 00:30", datetime(2026, 3, 31, 23, 30, tzinfo=UTC), date(2026, 4, 1)),
    ],
)
def test_zoneless_times_follow_the_casablanca_clock_changes(
    text: str, utc: datetime, day: date
) -> None:
    published = parse_date_text(text)
    assert published is not None
    assert published.moment == utc
    assert published.local_day == day


def test_iso_with_a_zone_keeps_the_instant_and_takes_the_casablanca_day() -> None:
    published = parse_iso("2020-12-24T23:59:50+00:00")
    assert published is not None
    assert published.moment == datetime(2020, 12, 24, 23, 59, 50, tzinfo=UTC)
    assert published.local_day == date(2020, 12, 25)  # UTC+1 in December 2020
    offset = parse_iso("2020-06-03T03:01+0400")
    assert offset is not None and offset.moment == datetime(2020, 6, 2, 23, 1, tzinfo=UTC)
    assert parse_iso("2026-03-01T12:00:00Z") is not None


def test_times_are_zoneinfo_not_a_fixed_offset() -> None:
    assert CASABLANCA.key == "Africa/Casablanca"
    winter = parse_date_text("2026-02-01 12:00")
    ramadan = parse_date_text("2026-03-01 12:00")
    assert winter is not None and ramadan is not None
    assert winter.iso().endswith("+01:00")
    assert ramadan.iso().endswith("+00:00")


@pytest.mark.parametrize(
    ("text", "moment", "day"),
    [
        ("منذ 3 ساعات", datetime(2026, 3, 22, 9, 0, tzinfo=UTC), date(2026, 3, 22)),
        ("منذ ساعتين", datetime(2026, 3, 22, 10, 0, tzinfo=UTC), date(2026, 3, 22)),
        ("منذ دقيقتين", datetime(2026, 3, 22, 11, 58, tzinfo=UTC), date(2026, 3, 22)),
        ("منذ ٥ دقائق", datetime(2026, 3, 22, 11, 55, tzinfo=UTC), date(2026, 3, 22)),
        ("منذ 13 ساعة", datetime(2026, 3, 21, 23, 0, tzinfo=UTC), date(2026, 3, 21)),
    ],
)
def test_relative_times_count_back_from_the_fetch(text: str, moment: datetime, day: date) -> None:
    fetched_at = datetime(2026, 3, 22, 12, 0, tzinfo=UTC)
    published = parse_date_text(text, fetched_at)
    assert published is not None
    assert published.moment == moment
    assert published.local_day == day


def test_yesterday_is_a_local_day_without_a_moment() -> None:
    # 23:30 UTC on 2026-03-31 is already 2026-04-01 in Casablanca (UTC+1).
    fetched_at = datetime(2026, 3, 31, 23, 30, tzinfo=UTC).astimezone(CASABLANCA)
    published = parse_date_text("أمس", fetched_at)
    assert published is not None
    assert published.local_day == date(2026, 3, 31)
    assert published.moment is None


def test_relative_text_without_a_fetch_time_is_no_date() -> None:
    assert parse_date_text("منذ 3 ساعات") is None


@pytest.mark.parametrize(
    "text",
    [
        "© 2024 صدى الرباط - جميع الحقوق محفوظة",
        "Copyright 2024",
        "في سنة 2020 ارتفع عدد",
        "2020",
        "31 فبراير 2020",  # no such day
        "17 - 13 - 2020",  # no such month
        "الخامس من الشهر",  # "أمس" hides inside "الخامس"
        "",
    ],
)
def test_bare_years_copyright_lines_and_impossible_dates_are_not_dates(text: str) -> None:
    assert parse_date_text(text, datetime(2026, 3, 1, tzinfo=UTC)) is None


def test_copyright_line_before_a_date_is_skipped() -> None:
    published = parse_date_text("© 2024 أطلس 24 — آخر تحديث 5 مارس 2026")
    assert published is not None and published.local_day == date(2026, 3, 5)


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("3 تشرين أول 2020", date(2020, 10, 3)),  # Levantine names written without "ال"
        ("12 كانون ثاني 2021", date(2021, 1, 12)),
        ("7 تشرين ثاني 2019", date(2019, 11, 7)),
        ("25 كانون أول 2019", date(2019, 12, 25)),
    ],
)
def test_levantine_month_names_without_the_article(text: str, day: date) -> None:
    published = parse_date_text(text)
    assert published is not None and published.local_day == day


def test_time_after_ala_al_saa_is_read() -> None:
    published = parse_date_text("الخميس 5 غشت 2021 على الساعة 10:30")
    assert published is not None
    # August 2021, outside Ramadan: Casablanca is UTC+1.
    assert published.moment == datetime(2021, 8, 5, 9, 30, tzinfo=UTC)
