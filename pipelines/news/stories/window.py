"""Stories as tables: assign the window's articles to stories, day by day, with a lookback."""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date, timedelta

import polars as pl

from pipelines.news import tables
from pipelines.news.crawl.canonical import canonical_url
from pipelines.news.models import DayWindow
from pipelines.news.stories.clustering import (
    DEFAULT_STORY_PARAMS,
    StoryArticle,
    StoryParams,
    assign_stories,
)
from pipelines.news.stories.ticker_matching import ticker_story_counts, title_key


def story_articles(parsed_pages: pl.DataFrame) -> list[StoryArticle]:
    """The articles among ``staging.parsed_pages`` rows, as clustering input."""
    return [
        StoryArticle(
            url=row["url"],
            canonical_url=canonical_url(row["url"]),
            outlet=row["outlet"],
            published_day=row["published_day"],
            published_at=row["published_at"],
            title=row["title"] or "",
            body=row["body"] or "",
        )
        for row in parsed_pages.filter(pl.col("status") == "article").iter_rows(named=True)
    ]


def assign_window_stories(
    window_articles: list[StoryArticle],
    earlier: list[tuple[StoryArticle, str]],
    window: DayWindow,
    params: StoryParams = DEFAULT_STORY_PARAMS,
) -> pl.DataFrame:
    """``staging.article_stories`` rows for the window, one day after the other: each day is
    compared with itself and the ``lookback_days`` before it (``earlier`` holds those that
    precede the window), never with the whole history."""
    known: dict[date, list[tuple[StoryArticle, str]]] = defaultdict(list)
    for article, story in earlier:
        known[article.published_day].append((article, story))
    by_day: dict[date, list[StoryArticle]] = defaultdict(list)
    for article in window_articles:
        by_day[article.published_day].append(article)
    rows: list[dict[str, object]] = []
    for day in window.days():
        lookback = [
            pair
            for offset in range(1, params.lookback_days + 1)
            for pair in known.get(day - timedelta(days=offset), [])
        ]
        assigned = assign_stories(by_day.get(day, []), lookback, params)
        for article in by_day.get(day, []):
            story = assigned[article.url]
            known[day].append((article, story))
            rows.append(
                {
                    "day": day,
                    "url": article.url,
                    "outlet": article.outlet,
                    "published_at": article.published_at,
                    "story_id": story,
                }
            )
    return tables.frame(rows, tables.ARTICLE_STORIES)


def ticker_story_rows(
    ticker_headlines: pl.DataFrame,
    titled_stories: pl.DataFrame,
    window: DayWindow,
    params: StoryParams = DEFAULT_STORY_PARAMS,
) -> pl.DataFrame:
    """``marts.daily_ticker_stories`` rows: per day, each story the tickers showed, once, with
    how many times it was shown. Headlines are matched to the titles of articles published that
    day or in the lookback before it (``titled_stories``: day, title, story_id); a headline
    matching no article is kept as its own row with story_id NULL."""
    rows: list[dict[str, object]] = []
    for day in window.days():
        headlines = ticker_headlines.filter(pl.col("day") == day).sort("url", "position")
        if headlines.is_empty():
            continue
        recent = titled_stories.filter(
            pl.col("day").is_between(day - timedelta(days=params.lookback_days), day)
            & pl.col("title").is_not_null()
        )
        counts = ticker_story_counts(
            headlines["headline"].to_list(),
            dict(zip(recent["title"], recent["story_id"], strict=True)),
        )
        rows.extend(
            {"day": day, "story_id": story, "headline": None, "times_shown": shown}
            for story, shown in sorted(counts.shown.items())
        )
        unmatched_shown = Counter(title_key(h) for h in headlines["headline"].to_list())
        rows.extend(
            {
                "day": day,
                "story_id": None,
                "headline": headline,
                "times_shown": unmatched_shown[title_key(headline)],
            }
            for headline in counts.unmatched
        )
    return tables.frame(rows, tables.DAILY_TICKER_STORIES)
