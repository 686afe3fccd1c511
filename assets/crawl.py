"""Crawl assets: which URLs each outlet listed for a day, and the raw pages behind them."""

from datetime import date

import dagster as dg
import polars as pl

from assets.metadata import preview
from pipelines.news.crawl import CrawlStep, discover_window, fetch_discovered
from pipelines.partitions import WAREHOUSE_POOL, daily_partitions, day_window, single_run
from pipelines.resources import HttpFetcher, NewsSources, NewsWarehouse


@dg.asset(
    key=["raw", "discovered_urls"],
    partitions_def=daily_partitions,
    backfill_policy=single_run,
    kinds={"python", "duckdb"},
    group_name="crawl",
    pool=WAREHOUSE_POOL,
)
def discovered_urls(
    context: dg.AssetExecutionContext,
    sources: NewsSources,
    http: HttpFetcher,
    warehouse: NewsWarehouse,
) -> dg.MaterializeResult:
    """URLs each registered outlet lists (sitemaps, RSS) for the partition's Casablanca days.

    One row per URL; `via` says how it was found. Sitemap and feed requests are rows of
    `raw.fetch_log` with purpose 'discovery'.
    """
    window = day_window(context)
    with http.open() as fetcher:
        step = discover_window(
            sources.load(), fetcher, warehouse.archive(), window, context.run.run_id
        )
    written = _write(warehouse, "raw.discovered_urls", step, window.first, window.end)
    return dg.MaterializeResult(
        metadata={
            "dagster/row_count": written,
            "discovery_requests": step.fetch_log.height,
            "failed_discovery_requests": _failures(step),
            "undated_urls_skipped": step.undated_urls,
            "urls_per_outlet": preview(step.rows.group_by("outlet").len().sort("outlet")),
            "preview": preview(step.rows),
        }
    )


@dg.asset(
    key=["raw", "pages"],
    deps=[discovered_urls],
    partitions_def=daily_partitions,
    backfill_policy=single_run,
    kinds={"python", "duckdb"},
    group_name="crawl",
    pool=WAREHOUSE_POOL,
)
def raw_pages(
    context: dg.AssetExecutionContext, http: HttpFetcher, warehouse: NewsWarehouse
) -> dg.MaterializeResult:
    """The latest fetch of every discovered URL: HTTP status, content type, and the sha256 key
    of its raw bytes in the content-addressed archive `warehouse/raw/`. Every request is also
    a row of `raw.fetch_log`."""
    window = day_window(context)
    discovered = warehouse.store().read_window("raw.discovered_urls", window.first, window.end)
    with http.open() as fetcher:
        step = fetch_discovered(discovered, fetcher, warehouse.archive(), context.run.run_id)
    written = _write(warehouse, "raw.pages", step, window.first, window.end)
    return dg.MaterializeResult(
        metadata={
            "dagster/row_count": written,
            "failed_fetches": _failures(step),
            "bytes_fetched": int(step.fetch_log["bytes"].sum() or 0),
            "preview": preview(step.rows.drop("sha256")),
        }
    )


def _write(warehouse: NewsWarehouse, table: str, step: CrawlStep, start: date, end: date) -> int:
    store = warehouse.store()
    with store.writing() as connection:
        store.append(connection, "raw.fetch_log", step.fetch_log)
        return store.replace_window(connection, table, step.rows, start, end)


def _failures(step: CrawlStep) -> int:
    return step.fetch_log.filter(pl.col("error").is_not_null()).height
