"""Stories: one story republished or rewritten by several outlets is counted once."""

import dagster as dg
import polars as pl

from assets.articles import parsed_pages
from assets.metadata import preview
from pipelines.news.stories.window import lookback_start, window_story_rows, window_ticker_rows
from pipelines.partitions import daily_asset, day_window
from pipelines.resources import NewsWarehouse


@daily_asset(
    key=["staging", "article_stories"],
    deps=[parsed_pages],
    kinds={"python", "duckdb"},
    group_name="stories",
)
def article_stories(
    context: dg.AssetExecutionContext, warehouse: NewsWarehouse
) -> dg.MaterializeResult:
    """The story of each article. Exact duplicates (same canonical URL or body) collapse first;
    near-duplicates (MinHash over normalised shingles, verified) join across outlets and days:
    an aggregator copy, a syndicated copy, a light rewrite and the original share a story_id.
    Each day is compared with itself and the few days before it, never the whole history."""
    window = day_window(context)
    store = warehouse.store()
    since = lookback_start(window)
    rows = window_story_rows(
        store.read_window("staging.parsed_pages", since, window.end),
        store.read_window("staging.article_stories", since, window.first),
        window,
    )
    with store.writing() as connection:
        written = store.replace_window(
            connection, "staging.article_stories", rows, window.first, window.end
        )
    sizes = rows.group_by("story_id").len()
    return dg.MaterializeResult(
        metadata={
            "dagster/row_count": written,
            "stories": sizes.height,
            "stories_with_several_articles": sizes.filter(pl.col("len") > 1).height,
        }
    )


@daily_asset(
    key=["marts", "stories"],
    deps=[article_stories, ["staging", "article_topics"]],
    kinds={"duckdb", "sql"},
    group_name="marts",
)
def stories(context: dg.AssetExecutionContext, warehouse: NewsWarehouse) -> dg.MaterializeResult:
    """One row per story with an article in the window: when and where it first appeared,
    every outlet that carried it, its article count and its topic. Grain: story_id."""
    window = day_window(context)
    store = warehouse.store()
    with store.writing() as connection:
        store.run_file(connection, "marts/stories_touched.sql", window.first, window.end)
        store.run_file(connection, "marts/stories_delete.sql", window.first, window.end)
        store.run_file(connection, "marts/stories.sql", window.first, window.end)
    store.publish_snapshot()
    widest = store.read_file("reports/most_republished_stories.sql", window.first, window.end)
    return dg.MaterializeResult(metadata={"most_republished": preview(widest)})


@daily_asset(
    key=["marts", "daily_ticker_stories"],
    deps=[article_stories],
    kinds={"python", "duckdb"},
    group_name="marts",
)
def daily_ticker_stories(
    context: dg.AssetExecutionContext, warehouse: NewsWarehouse
) -> dg.MaterializeResult:
    """What the aggregators' headline tickers showed each day, counted once per story (a
    ticker repeats its headlines on every page, and often within one page). Grain: (day,
    story_id); a headline matching no article we hold keeps its own row, story_id NULL."""
    window = day_window(context)
    store = warehouse.store()
    since = lookback_start(window)
    ticker = store.read_window("staging.ticker_headlines", window.first, window.end)
    rows = window_ticker_rows(
        ticker,
        store.read_window("staging.parsed_pages", since, window.end),
        store.read_window("staging.article_stories", since, window.end),
        window,
    )
    with store.writing() as connection:
        written = store.replace_window(
            connection, "marts.daily_ticker_stories", rows, window.first, window.end
        )
    return dg.MaterializeResult(
        metadata={
            "dagster/row_count": written,
            "ticker_rows": ticker.height,
            "stories_shown": rows.filter(pl.col("story_id").is_not_null()).height,
            "unmatched_headlines": rows.filter(pl.col("story_id").is_null()).height,
        }
    )
