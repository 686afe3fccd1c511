"""Checks on the marts, written in SQL (``warehouse/sql/checks``): each query lists the days
that break its rule, so no rows means the check passes."""

import dagster as dg

from assets.marts import daily_topic_counts, publication_trends
from pipelines.partitions import daily_partitions, day_window
from pipelines.resources import NewsWarehouse


def _failing_days(
    context: dg.AssetCheckExecutionContext, warehouse: NewsWarehouse, name: str
) -> dg.AssetCheckResult:
    window = day_window(context)
    rows = warehouse.store().query_window(f"checks/{name}.sql", window.first, window.end)
    return dg.AssetCheckResult(
        passed=rows.is_empty(),
        metadata={"failing_days": rows.height, "window": str(window)},
    )


@dg.asset_check(asset=daily_topic_counts, partitions_def=daily_partitions)
def daily_topic_counts_match_staging(
    context: dg.AssetCheckExecutionContext, warehouse: NewsWarehouse
) -> dg.AssetCheckResult:
    """Every article of `staging.article_topics` is counted once in the mart, day by day."""
    return _failing_days(context, warehouse, "daily_topic_counts_match_staging")


@dg.asset_check(asset=publication_trends, partitions_def=daily_partitions)
def publication_trends_shares_sum_to_one(
    context: dg.AssetCheckExecutionContext, warehouse: NewsWarehouse
) -> dg.AssetCheckResult:
    """Each day's outlet shares add up to 1."""
    return _failing_days(context, warehouse, "publication_trends_shares")


MART_CHECKS = [daily_topic_counts_match_staging, publication_trends_shares_sum_to_one]
