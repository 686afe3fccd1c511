"""The analysts' marts, rebuilt a partition window at a time from `staging.article_topics`."""

from datetime import timedelta

import dagster as dg
import polars as pl

from assets.metadata import preview, sparkline
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
    per_day = rows.group_by("day").agg(pl.col("articles").sum()).sort("day")
    return dg.MaterializeResult(
        metadata={
            "dagster/row_count": rows.height,
            "articles": int(rows["articles"].sum() or 0),
            "articles_per_day": sparkline(per_day["articles"].to_list()),
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
    chart = pl.DataFrame(
        [
            {"outlet": outlet, "articles": sum(daily), "per_day": sparkline(daily)}
            for (outlet,), daily in (
                (key, group.sort("day")["articles"].to_list())
                for key, group in rows.group_by("outlet")
            )
        ],
        schema={"outlet": pl.String, "articles": pl.Int64, "per_day": pl.String},
    ).sort("outlet")
    return dg.MaterializeResult(
        metadata={"dagster/row_count": rows.height, "articles_per_outlet": preview(chart)}
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
