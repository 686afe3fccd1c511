"""The analysts' marts, rebuilt a partition window at a time from `staging.article_topics`."""

import dagster as dg
import polars as pl

from assets.metadata import preview, sparkline
from assets.stories import article_stories
from assets.topics import article_topics
from pipelines.news.models import DayWindow
from pipelines.partitions import daily_asset, day_window
from pipelines.resources import NewsWarehouse


@daily_asset(
    key=["marts", "daily_topic_counts"],
    deps=[article_topics, article_stories],
    kinds={"duckdb", "sql"},
    group_name="marts",
)
def daily_topic_counts(
    context: dg.AssetExecutionContext, warehouse: NewsWarehouse
) -> dg.MaterializeResult:
    """Articles per Casablanca local day, topic and outlet (the outlet whose site published the
    page: an aggregator's copy counts for the aggregator). Grain: (day, topic, outlet)."""
    window = day_window(context)
    rows = _rebuild(warehouse, "marts.daily_topic_counts", "marts/daily_topic_counts.sql", window)
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
    deps=[article_topics],
    kinds={"duckdb", "sql"},
    group_name="marts",
)
def publication_trends(
    context: dg.AssetExecutionContext, warehouse: NewsWarehouse
) -> dg.MaterializeResult:
    """Per Casablanca local day and outlet: articles, their 7-day average and the outlet's
    share of the day's articles. Grain: (day, outlet). Reads the 6 days before the window
    for the average, so backfill older days first when extending history."""
    window = day_window(context)
    rows = _rebuild(warehouse, "marts.publication_trends", "marts/publication_trends.sql", window)
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
    warehouse: NewsWarehouse, table: str, sql_name: str, window: DayWindow
) -> pl.DataFrame:
    """Delete the window's rows, run the mart's SQL for it, publish a snapshot for readers."""
    store = warehouse.store()
    with store.writing() as connection:
        store.delete_window(connection, table, window.first, window.end)
        store.run_file(connection, sql_name, window.first, window.end)
    store.publish_snapshot()
    return store.read_window(table, window.first, window.end)
