"""Crawl assets: which URLs each outlet listed for a day, and the raw pages behind them."""

from datetime import date

import dagster as dg
import polars as pl

from assets.metadata import preview
from pipelines.news.crawl.steps import CrawlStep, discover_window, fetch_discovered, validators_from
from pipelines.partitions import daily_asset, day_window
from pipelines.resources import HttpFetcher, NewsSources, NewsWarehouse


@daily_asset(
    key=["raw", "discovered_urls"],
    kinds={"python", "duckdb"},
    group_name="crawl",
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
    registry = sources.load()
    with http.open(registry) as fetcher:
        step = discover_window(registry, fetcher, warehouse.archive(), window, context.run.run_id)
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


@daily_asset(
    key=["raw", "pages"],
    deps=[discovered_urls],
    kinds={"python", "duckdb"},
    group_name="crawl",
)
def raw_pages(
    context: dg.AssetExecutionContext,
    sources: NewsSources,
    http: HttpFetcher,
    warehouse: NewsWarehouse,
) -> dg.MaterializeResult:
    """The latest fetch of every discovered URL that is not a duplicate listing: HTTP status,
    content type, error (with its kind) after retries, and the sha256 key of its raw bytes in
    the content-addressed archive `warehouse/raw/`. A page fetched before is asked for with a
    conditional GET (ETag / Last-Modified). Every attempt is a row of `raw.fetch_log`."""
    window = day_window(context)
    store = warehouse.store()
    discovered = store.read_window("raw.discovered_urls", window.first, window.end)
    earlier = validators_from(store.read_window("raw.pages", window.first, window.end))
    with http.open(sources.load()) as fetcher:
        step = fetch_discovered(
            discovered, fetcher, warehouse.archive(), context.run.run_id, earlier
        )
    written = _write(warehouse, "raw.pages", step, window.first, window.end)
    return dg.MaterializeResult(
        metadata={
            "dagster/row_count": written,
            "failed_fetches": step.rows.filter(pl.col("error").is_not_null()).height,
            "failed_attempts": _failures(step),
            "not_modified": step.fetch_log.filter(pl.col("status") == 304).height,
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
