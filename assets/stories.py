"""Stories: one story republished or rewritten by several outlets is counted once."""

import dagster as dg
import polars as pl

from assets.articles import published_pages
from assets.metadata import per_partition, preview
from pipelines.news.models import DayWindow
from pipelines.news.stories.clustering import DEFAULT_STORY_PARAMS
from pipelines.news.stories.window import lookback_start, window_story_rows, window_ticker_rows
from pipelines.partitions import daily_asset, day_window
from pipelines.resources import NewsWarehouse
from warehouse.store import Warehouse
from warehouse.story_mart import rebuild_stories


@daily_asset(
    key=["staging", "article_stories"],
    deps=[published_pages],
    kinds={"python", "parquet"},
    group_name="stories",
)
def article_stories(
    context: dg.AssetExecutionContext, warehouse: NewsWarehouse
) -> dg.MaterializeResult:
    """The story of each article. Exact duplicates (same canonical URL or body) collapse first;
    near-duplicates (MinHash over normalised shingles, verified) join across outlets and days:
    an aggregator copy, a syndicated copy, a light rewrite and the original share a story_id.
    Each day is compared with itself and the few days before it, never the whole history."""
    window, run_id = day_window(context), context.run.run_id
    store = warehouse.store()
    per_day = []
    for day in window.days():
        one_day = DayWindow(day, day)
        since = lookback_start(one_day)
        rows = window_story_rows(
            store.read_window("staging.parsed_pages", since, one_day.end),
            # Days this run already clustered read as it staged them.
            store.read_window("staging.article_stories", since, day, run_id=run_id),
            one_day,
        )
        store.stage_window(run_id, "staging.article_stories", rows, day, one_day.end)
        per_day.append(rows.select("day", "story_id"))
    store.publish(run_id, ["staging.article_stories"])
    story_ids = pl.concat(per_day)
    sizes = story_ids.group_by("story_id").len()
    counts = story_ids.group_by("day").agg(
        pl.len().alias("dagster/row_count"), pl.col("story_id").n_unique().alias("stories")
    )
    return dg.MaterializeResult(
        metadata={
            "per_day": per_partition(context, window.days(), counts),
            "stories_in_window": sizes.height,
            "stories_with_several_articles": sizes.filter(pl.col("len") > 1).height,
        }
    )


@daily_asset(
    key=["marts", "stories"],
    deps=[article_stories, ["staging", "article_topics"], ["marts", "outlet_day_quality"]],
    kinds={"duckdb", "sql", "parquet"},
    group_name="marts",
)
def stories(context: dg.AssetExecutionContext, warehouse: NewsWarehouse) -> dg.MaterializeResult:
    """One row per story: when and where it first appeared, every outlet that carried it, its
    article count and its topic. Grain: story_id, stored under its first day. Built from each
    day's parts (`marts.story_days`, `warehouse/sql/marts/story_days.sql`); a day rewrites
    only the stories it touches, wherever they started (`warehouse/story_mart.py`), so a
    re-clustering leaves no stale story and a day's cost does not grow with the history."""
    window, run_id = day_window(context), context.run.run_id
    store = warehouse.store()
    rewritten = rebuild_stories(
        store, run_id, window.first, window.end, DEFAULT_STORY_PARAMS.lookback_days
    )
    store.publish(run_id, ["marts.story_days", "marts.stories"])
    widest = store.query_window("reports/most_republished_stories.sql", window.first, window.end)
    return dg.MaterializeResult(
        metadata={
            "per_day": per_partition(context, window.days(), _stories_per_day(store, window)),
            "stories_rewritten": rewritten,
            "most_republished": preview(widest),
        }
    )


def _stories_per_day(store: Warehouse, window: DayWindow) -> pl.DataFrame:
    """Per day: the stories with articles that day and those articles, the stories first seen
    that day, how many of those several outlets carried, and the largest share of them one
    outlet published first (who breaks the news). As of this run: a later day can still add
    articles and outlets to a story first seen here."""
    parts = store.read_window("marts.story_days", window.first, window.end)
    first_seen = store.read_window("marts.stories", window.first, window.end).rename(
        {"first_published_day": "day"}
    )
    active = parts.group_by("day").agg(
        pl.col("story_id").n_unique().alias("stories"), pl.col("articles").sum()
    )
    new = first_seen.group_by("day").agg(
        pl.len().alias("stories_first_seen"),
        (pl.col("outlets").list.len() > 1).sum().cast(pl.Int64).alias("stories_across_outlets"),
        (pl.col("first_outlet").value_counts().struct.field("count").max() / pl.len()).alias(
            "biggest_first_outlet_share"
        ),
    )
    return active.join(new, on="day", how="full", coalesce=True)


@daily_asset(
    key=["marts", "daily_ticker_stories"],
    deps=[article_stories],
    kinds={"python", "parquet"},
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
        store.read_window("staging.parsed_pages", since, window.end, columns=["url", "title"]),
        store.read_window("staging.article_stories", since, window.end),
        window,
    )
    store.write_window(
        context.run.run_id, "marts.daily_ticker_stories", rows, window.first, window.end
    )
    per_day = (
        rows.group_by("day")
        .agg(
            pl.len().alias("dagster/row_count"),
            pl.col("story_id").is_not_null().sum().cast(pl.Int64).alias("stories_shown"),
            pl.col("story_id").is_null().sum().cast(pl.Int64).alias("unmatched_headlines"),
        )
        .join(
            ticker.group_by("day").agg(pl.len().alias("ticker_rows")),
            on="day",
            how="full",
            coalesce=True,
        )
    )
    return dg.MaterializeResult(
        metadata={"per_day": per_partition(context, window.days(), per_day)}
    )
