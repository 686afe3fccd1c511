"""Daily partitions in Moroccan local time: a partition is one Africa/Casablanca calendar day."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import dagster as dg

from pipelines.news.models import CASABLANCA, DayWindow

daily_partitions = dg.DailyPartitionsDefinition(start_date="2026-01-01", timezone=CASABLANCA.key)

# A backfill of any range is one run (`dg launch --partition-range` requires it); every step
# works through the window a day at a time, so the run's memory does not grow with it.
single_run = dg.BackfillPolicy.single_run()

# Every asset that writes the DuckDB file runs in this pool (limit 1): DuckDB has one writer.
WAREHOUSE_POOL = "duckdb_warehouse"


def day_window(context: dg.AssetExecutionContext | dg.AssetCheckExecutionContext) -> DayWindow:
    """The run's partition window as Casablanca local days (one day, or a backfill's range)."""
    window = context.partition_time_window
    return DayWindow(window.start.date(), (window.end - timedelta(days=1)).date())


def daily_asset(**asset_args: Any) -> Callable[[Callable[..., Any]], dg.AssetsDefinition]:
    """``dg.asset`` for a table of the pipeline: Casablanca daily partitions, any range
    backfilled as one run, and warehouse writes serialised in the DuckDB pool."""
    decorator: Callable[[Callable[..., Any]], dg.AssetsDefinition] = dg.asset(
        partitions_def=daily_partitions,
        backfill_policy=single_run,
        pool=WAREHOUSE_POOL,
        **asset_args,
    )
    return decorator
