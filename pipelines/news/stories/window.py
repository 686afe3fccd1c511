"""Stories over a partition window: the day-by-day lookback loop, and the story tables.

Every caller that clusters more than one day (the assets, the demo truth check, the
benchmark) goes through :func:`stories_day_by_day`, so there is one definition of which
earlier articles a day is compared with.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
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


def lookback_start(window: DayWindow, params: StoryParams = DEFAULT_STORY_PARAMS) -> date:
    """The first local day whose articles the window's first day may join."""
    return window.first - timedelta(days=params.lookback_days)


def stories_day_by_day(
    days: Iterable[date],
    articles_by_day: Mapping[date, Sequence[StoryArticle]],
    earlier: Iterable[tuple[StoryArticle, str]] = (),
    params: StoryParams = DEFAULT_STORY_PARAMS,
) -> Iterator[tuple[date, dict[str, str]]]:
    """The lookback loop: the local ``days`` in order, each clustered with itself and the
    ``lookback_days`` before it, never with the whole history. ``earlier`` holds the stories
    already assigned to articles before the first day. Yields (day, url -> story id of that
    day's articles) as each day is done."""
    known: dict[date, list[tuple[StoryArticle, str]]] = defaultdict(list)
    for article, story in earlier:
        known[article.published_day].append((article, story))
    for day in days:
        lookback = [
            pair
            for offset in range(1, params.lookback_days + 1)
            for pair in known.get(day - timedelta(days=offset), [])
        ]
        day_articles = list(articles_by_day.get(day, []))
        assigned = assign_stories(day_articles, lookback, params)
        known[day].extend((article, assigned[article.url]) for article in day_articles)
        yield day, assigned


def stories_for_days(
    articles_by_day: Mapping[date, Sequence[StoryArticle]],
    params: StoryParams = DEFAULT_STORY_PARAMS,
) -> dict[str, str]:
    """url -> story id for a whole history, every day against its lookback days."""
    result: dict[str, str] = {}
    for _, assigned in stories_day_by_day(sorted(articles_by_day), articles_by_day, (), params):
        result.update(assigned)
    return result


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


def window_story_rows(
    parsed_pages: pl.DataFrame,
    known_stories: pl.DataFrame,
    window: DayWindow,
    params: StoryParams = DEFAULT_STORY_PARAMS,
) -> pl.DataFrame:
    """``staging.article_stories`` rows for the articles published in ``window``.

    ``parsed_pages``: ``staging.parsed_pages`` rows from :func:`lookback_start` to the
    window's end; ``known_stories``: ``staging.article_stories`` rows of the lookback days
    before the window (their stories are kept, so a story id never changes once given)."""
    story_of = dict(zip(known_stories["url"], known_stories["story_id"], strict=True))
    articles = story_articles(parsed_pages)
    earlier = [(a, story_of[a.url]) for a in articles if a.url in story_of]
    in_window = [a for a in articles if a.published_day in window]
    return assign_window_stories(in_window, earlier, window, params)


def assign_window_stories(
    window_articles: list[StoryArticle],
    earlier: list[tuple[StoryArticle, str]],
    window: DayWindow,
    params: StoryParams = DEFAULT_STORY_PARAMS,
) -> pl.DataFrame:
    """``staging.article_stories`` rows for the window's articles, one day after the other
    (``earlier`` holds the lookback days' articles that precede the window)."""
    by_day: dict[date, list[StoryArticle]] = defaultdict(list)
    for article in window_articles:
        by_day[article.published_day].append(article)
    rows: list[dict[str, object]] = []
    for day, assigned in stories_day_by_day(window.days(), by_day, earlier, params):
        rows.extend(
            {
                "day": day,
                "url": article.url,
                "outlet": article.outlet,
                "published_at": article.published_at,
                "story_id": assigned[article.url],
            }
            for article in by_day.get(day, [])
        )
    return tables.frame(rows, tables.ARTICLE_STORIES)


def window_ticker_rows(
    ticker_headlines: pl.DataFrame,
    parsed_pages: pl.DataFrame,
    article_stories: pl.DataFrame,
    window: DayWindow,
    params: StoryParams = DEFAULT_STORY_PARAMS,
) -> pl.DataFrame:
    """``marts.daily_ticker_stories`` rows for ``window`` from the window's ticker headlines,
    and the ``staging.parsed_pages`` / ``staging.article_stories`` rows from
    :func:`lookback_start` to the window's end (headlines are matched to their titles)."""
    titled = article_stories.join(parsed_pages.select("url", "title"), on="url", how="left").select(
        "day", "title", "story_id"
    )
    return ticker_story_rows(ticker_headlines, titled, window, params)


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
