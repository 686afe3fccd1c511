"""The day-by-day lookback loop and the story tables, on small frames."""

from datetime import UTC, date, datetime, timedelta

import polars as pl

from pipelines.news import tables
from pipelines.news.models import DayWindow
from pipelines.news.stories import DEFAULT_STORY_PARAMS
from pipelines.news.stories.window import (
    lookback_start,
    window_story_rows,
    window_ticker_rows,
)

FIRST = date(2026, 3, 1)
BODY = (
    "أعلنت وزارة الفلاحة عن برنامج جديد لدعم الفلاحين الصغار في جهة سوس ماسة بعد موسم جاف. "
    "ويشمل البرنامج توزيع البذور المختارة وتمويل مشاريع الري بالتنقيط في القرى المتضررة. "
    "وقال مسؤول في الوزارة إن الدعم سيصل إلى أكثر من عشرة آلاف أسرة قبل نهاية السنة الجارية."
)
OTHER = (
    "فاز فريق الرجاء الرياضي على ضيفه في مباراة مثيرة ضمن الدورة العشرين من البطولة الوطنية. "
    "وسجل المهاجم هدفين في الشوط الثاني بعد تمريرات حاسمة من لاعبي خط الوسط الشباب. "
    "وبهذا الفوز يعزز الفريق موقعه في صدارة الترتيب قبل مواجهة الجولة المقبلة خارج ملعبه."
)


def _page(url: str, outlet: str, day: date, title: str, body: str) -> dict[str, object]:
    return {
        "day": day,
        "url": url,
        "outlet": outlet,
        "status": "article",
        "title": title,
        "published_at": datetime.combine(day, datetime.min.time(), UTC) + timedelta(hours=9),
        "published_day": day,
        "body": body,
    }


def _pages() -> pl.DataFrame:
    """One story told on day 1 and copied on day 3 by another outlet; another on day 2."""
    day2, day3 = FIRST + timedelta(days=1), FIRST + timedelta(days=2)
    return tables.frame(
        [
            _page("http://a.test/1", "atlas", FIRST, "دعم الفلاحين الصغار", BODY),
            _page("http://b.test/2", "rabat", day2, "فوز الرجاء", OTHER),
            _page("http://c.test/3", "tajmi3", day3, "دعم الفلاحين الصغار", BODY),
        ],
        tables.PARSED_PAGES,
    )


def test_lookback_start_is_lookback_days_before_the_window() -> None:
    window = DayWindow(FIRST, FIRST + timedelta(days=5))
    assert lookback_start(window) == FIRST - timedelta(days=DEFAULT_STORY_PARAMS.lookback_days)


def test_a_copy_within_the_lookback_joins_the_story_of_the_original() -> None:
    pages = _pages()
    rows = window_story_rows(pages, _no_stories(), DayWindow(FIRST, FIRST + timedelta(days=2)))
    story = dict(zip(rows["url"], rows["story_id"], strict=True))
    assert story["http://a.test/1"] == story["http://c.test/3"]
    assert story["http://b.test/2"] != story["http://a.test/1"]


def test_a_range_gives_the_rows_of_its_days_run_one_by_one() -> None:
    pages = _pages()
    whole = window_story_rows(pages, _no_stories(), DayWindow(FIRST, FIRST + timedelta(days=2)))
    known = tables.frame([], tables.ARTICLE_STORIES)
    for offset in range(3):
        day = FIRST + timedelta(days=offset)
        known = pl.concat([known, window_story_rows(pages, known, DayWindow(day, day))])
    assert known.sort("url").equals(whole.sort("url"))


def test_known_stories_of_the_lookback_keep_their_ids() -> None:
    pages = _pages()
    day3 = FIRST + timedelta(days=2)
    known = tables.frame(
        [{"day": FIRST, "url": "http://a.test/1", "outlet": "atlas", "story_id": "st-given"}],
        tables.ARTICLE_STORIES,
    )
    rows = window_story_rows(pages, known, DayWindow(day3, day3))
    assert rows["url"].to_list() == ["http://c.test/3"]
    assert rows["story_id"].to_list() == ["st-given"]


def test_ticker_headlines_count_once_per_story_and_keep_the_unmatched() -> None:
    pages = _pages()
    window = DayWindow(FIRST, FIRST + timedelta(days=2))
    stories = window_story_rows(pages, _no_stories(), window)
    ticker = tables.frame(
        [
            {
                "day": FIRST,
                "url": "http://t.test/x",
                "position": 1,
                "headline": "دعم الفلاحين الصغار",
            },
            {
                "day": FIRST,
                "url": "http://t.test/y",
                "position": 1,
                "headline": "دعم الفلاحين الصغار",
            },
            {"day": FIRST, "url": "http://t.test/y", "position": 2, "headline": "خبر لا نعرفه"},
        ],
        tables.TICKER_HEADLINES,
    )
    rows = window_ticker_rows(ticker, pages, stories, window)
    matched = rows.filter(pl.col("story_id").is_not_null())
    assert matched["times_shown"].to_list() == [2]
    assert matched["story_id"].to_list() == [
        stories.filter(pl.col("url") == "http://a.test/1")["story_id"].item()
    ]
    assert rows.filter(pl.col("story_id").is_null())["headline"].to_list() == ["خبر لا نعرفه"]


def _no_stories() -> pl.DataFrame:
    return tables.frame([], tables.ARTICLE_STORIES)
