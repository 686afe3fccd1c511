"""Per-outlet health: each registered outlet's day measured against its own history and its
thresholds; an outlet that breaks is quarantined from the marts for that day."""

from datetime import timedelta

import dagster as dg
import polars as pl

from assets.articles import published_pages
from assets.metadata import per_partition, preview
from pipelines.news.outlet_health import ERROR, OK, WARN, history_start, outlet_day_rows
from pipelines.partitions import daily_asset, daily_partitions, day_window
from pipelines.resources import NewsSources, NewsWarehouse

_MEASURED = ["outlet", "status", "title", "published_day", "body", "section"]
_STATUSES = (OK, WARN, ERROR)


@daily_asset(
    key=["marts", "outlet_day_quality"],
    deps=[published_pages],
    kinds={"python", "parquet"},
    group_name="marts",
)
def outlet_day_quality(
    context: dg.AssetExecutionContext, sources: NewsSources, warehouse: NewsWarehouse
) -> dg.MaterializeResult:
    """Per Casablanca day and registered outlet: volume against its own history (robust
    z-score, weekday-aware), extraction yield (title, date, body, section shares), rejected
    pages and fetch errors, with a status. Grain: (day, outlet). An 'error' outlet-day is kept
    out of the other marts (quarantined); the other outlets publish as usual. Thresholds: the
    registry's `quality:` block, else the defaults (`pipelines/news/sources.py`)."""
    window, run_id = day_window(context), context.run.run_id
    store, registry = warehouse.store(), sources.load()
    flagged, per_day = [], []
    for day in window.days():
        end = day + timedelta(days=1)
        rows = outlet_day_rows(
            day,
            store.read_window("staging.parsed_pages", day, end, columns=_MEASURED),
            # Days this run already measured read as it staged them.
            store.read_window("marts.outlet_day_quality", history_start(day), day, run_id=run_id),
            registry,
        )
        store.stage_window(run_id, "marts.outlet_day_quality", rows, day, end)
        per_day.append(
            {"day": day, **{f"outlet_days_{s}": rows["status"].eq(s).sum() for s in _STATUSES}}
        )
        flagged.append(
            rows.filter(pl.col("status") != OK).select("day", "outlet", "status", "reasons")
        )
    store.publish(run_id, ["marts.outlet_day_quality"])
    shown = pl.concat(flagged).with_columns(pl.col("reasons").list.join("; "))
    counts = pl.DataFrame(
        per_day, schema={"day": pl.Date, **{f"outlet_days_{s}": pl.Int64 for s in _STATUSES}}
    )
    return dg.MaterializeResult(
        metadata={
            "per_day": per_partition(context, window.days(), counts),
            "not_ok": preview(shown, limit=20),
        }
    )


@dg.asset_check(
    asset=outlet_day_quality,
    partitions_def=daily_partitions,
    description="No registered outlet was quarantined (status 'error') in the window.",
)
def outlets_healthy(
    context: dg.AssetCheckExecutionContext, warehouse: NewsWarehouse
) -> dg.AssetCheckResult:
    window = day_window(context)
    rows = warehouse.store().read_window("marts.outlet_day_quality", window.first, window.end)
    quarantined = rows.filter(pl.col("status") == ERROR)
    return dg.AssetCheckResult(
        passed=quarantined.is_empty(),
        severity=dg.AssetCheckSeverity.WARN,
        metadata={
            "quarantined_outlet_days": quarantined.height,
            "outlet_days_warn": rows.filter(pl.col("status") == "warn").height,
            "quarantined": preview(
                quarantined.select("day", "outlet", pl.col("reasons").list.join("; ")), limit=20
            ),
        },
    )
