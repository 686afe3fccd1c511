"""The analysts' marts, rebuilt a partition window at a time from `staging.article_topics`."""

from datetime import timedelta

import dagster as dg
import polars as pl

from assets.metadata import biggest_share, per_partition, preview
from assets.outlet_quality import outlet_day_quality
from assets.stories import article_stories
from assets.topics import article_topics
from pipelines.news.models import DayWindow
from pipelines.partitions import daily_asset, day_window
from pipelines.resources import NewsWarehouse


@daily_asset(
    key=["marts", "daily_topic_counts"],
    deps=[article_topics, article_stories, outlet_day_quality],
    kinds={"duckdb", "sql", "parquet"},
    group_name="marts",
)
def daily_topic_counts(
    context: dg.AssetExecutionContext, warehouse: NewsWarehouse
) -> dg.MaterializeResult:
    """Articles per Casablanca local day, topic and outlet (the outlet whose site published the
    page: an aggregator's copy counts for the aggregator). Grain: (day, topic, outlet).
    Outlet-days quarantined by `marts/outlet_day_quality` are left out."""
    window = day_window(context)
    rows = _rebuild(context, warehouse, "marts.daily_topic_counts", window)
    per_topic = (
        rows.group_by("topic").agg(pl.col("articles").sum()).sort("articles", descending=True)
    )
    # Each day's numbers on its own partition (the Plots tab's series).
    per_day = (
        rows.group_by("day")
        .agg(
            pl.len().alias("dagster/row_count"),
            pl.col("articles").sum(),
            pl.col("topic").n_unique().alias("topics"),
            pl.col("outlet").n_unique().alias("outlets"),
        )
        .join(biggest_share(rows, "outlet"), on="day")
        .join(biggest_share(rows, "topic"), on="day")
    )
    return dg.MaterializeResult(
        metadata={
            "per_day": per_partition(context, window.days(), per_day),
            "articles_per_topic": preview(per_topic, limit=20),
        }
    )


@daily_asset(
    key=["marts", "publication_trends"],
    deps=[article_topics, outlet_day_quality],
    kinds={"duckdb", "sql", "parquet"},
    group_name="marts",
)
def publication_trends(
    context: dg.AssetExecutionContext, warehouse: NewsWarehouse
) -> dg.MaterializeResult:
    """Per Casablanca local day and outlet: articles, their 7-day average and the outlet's
    share of the day's articles. Grain: (day, outlet). Reads the 6 days before the window
    for the average, so backfill older days first when extending history."""
    window = day_window(context)
    rows = _rebuild(context, warehouse, "marts.publication_trends", window, lookback_days=6)
    per_outlet = (
        rows.group_by("outlet")
        .agg(
            pl.col("articles").sum(),
            pl.col("day").n_unique().alias("days"),
            pl.col("articles").mean().round(1).alias("articles_per_day"),
            pl.col("share_of_day").mean().round(4).alias("mean_share_of_day"),
        )
        .sort("outlet")
    )
    # Each day's numbers on its own partition (the Plots tab's series).
    per_day = rows.group_by("day").agg(
        pl.len().alias("dagster/row_count"),
        pl.col("articles").sum(),
        (pl.col("articles") > 0).sum().cast(pl.Int64).alias("outlets"),
        pl.col("share_of_day").max().alias("biggest_outlet_share"),
    )
    return dg.MaterializeResult(
        metadata={
            "per_day": per_partition(context, window.days(), per_day),
            "articles_per_outlet": preview(per_outlet, limit=50),
        }
    )


def _rebuild(
    context: dg.AssetExecutionContext,
    warehouse: NewsWarehouse,
    table: str,
    window: DayWindow,
    lookback_days: int = 0,
) -> pl.DataFrame:
    """Run the mart's SQL (`warehouse/sql/marts/<table>.sql`) over the window and the
    ``lookback_days`` before it, and publish the result as the window's days of the mart."""
    store = warehouse.store()
    rows = store.query_window(
        f"marts/{table.split('.')[1]}.sql",
        window.first,
        window.end,
        since=window.first - timedelta(days=lookback_days),
    )
    store.write_window(context.run.run_id, table, rows, window.first, window.end)
    return rows
