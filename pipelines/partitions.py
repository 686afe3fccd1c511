"""Daily partitions in Moroccan local time: a partition is one Africa/Casablanca calendar day."""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import dagster as dg

from pipelines.news.crawl.shards import shard_count
from pipelines.news.models import CASABLANCA, DayWindow

daily_partitions = dg.DailyPartitionsDefinition(start_date="2026-01-01", timezone=CASABLANCA.key)

# A backfill of any range is one run (`dg launch --partition-range` requires it); every step
# works through the window a day at a time, so the run's memory does not grow with it.
single_run = dg.BackfillPolicy.single_run()

# How many steps each crawl stage (discover, fetch, parse) fans out to: fixed when the code
# location loads, from its environment (AKHBAR_CRAWL_SHARDS) or the default.
CRAWL_SHARDS = shard_count(os.environ)

# Every step that publishes to the warehouse runs in this pool (limit 1 in dagster.yaml), so
# runs launched side by side from the UI take turns. A deployment may name another pool, or
# none (AKHBAR_WAREHOUSE_POOL=""): the cluster profile's Dask executor does not claim pool
# slots (and cannot ship a run that names pools to its workers), and the lake's publish
# (one manifest swap under its lock) keeps concurrent publishers consistent without them.
WAREHOUSE_POOL: str | None = os.environ.get("AKHBAR_WAREHOUSE_POOL", "duckdb_warehouse") or None


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


def daily_graph_asset(**asset_args: Any) -> Callable[[Callable[..., Any]], dg.AssetsDefinition]:
    """``dg.graph_asset`` on the same partitions and backfill policy as ``daily_asset``: for a
    table computed by several steps (one per outlet, then a join). Its ops say which of them
    write the warehouse (``pool=WAREHOUSE_POOL``); the per-outlet ones stage only their own
    part, so they run side by side."""
    decorator: Callable[[Callable[..., Any]], dg.AssetsDefinition] = dg.graph_asset(
        partitions_def=daily_partitions, backfill_policy=single_run, **asset_args
    )
    return decorator
