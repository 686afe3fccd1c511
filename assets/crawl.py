"""Crawl assets: which URLs each outlet listed for a day, and the raw pages behind them."""

from collections import Counter
from datetime import timedelta

import dagster as dg
import polars as pl

from assets.metadata import PREVIEW_ROWS, preview
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
    window, run_id = day_window(context), context.run.run_id
    registry, store = sources.load(), warehouse.store()
    with http.open(registry, warehouse.robots_memo(run_id)) as fetcher:
        step = discover_window(registry, fetcher, warehouse.archive(), window, run_id)
    written = store.stage_window(run_id, "raw.discovered_urls", step.rows, window.first, window.end)
    store.stage_append(run_id, "raw.fetch_log", step.fetch_log)
    store.publish(run_id, ["raw.discovered_urls", "raw.fetch_log"])
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
    conditional GET (ETag / Last-Modified). Every attempt is a row of `raw.fetch_log`.
    Fetched a day at a time, each day's bodies archived and its rows staged before the next:
    memory holds one day, whatever the range."""
    window, run_id = day_window(context), context.run.run_id
    store = warehouse.store()
    discovered = store.read_window("raw.discovered_urls", window.first, window.end, run_id=run_id)
    earlier = validators_from(store.read_window("raw.pages", window.first, window.end))
    totals: Counter[str] = Counter()
    shown: list[pl.DataFrame] = []
    with http.open(sources.load(), warehouse.robots_memo(run_id)) as fetcher:
        for day in window.days():
            step = fetch_discovered(
                discovered.filter(pl.col("day") == day),
                fetcher,
                warehouse.archive(),
                run_id,
                earlier,
            )
            totals["rows"] += store.stage_window(
                run_id, "raw.pages", step.rows, day, day + timedelta(days=1)
            )
            store.stage_append(run_id, "raw.fetch_log", step.fetch_log)
            # Every key once, zero or not, so the UI shows the same metadata each run.
            totals["failed_fetches"] += step.rows.filter(pl.col("error").is_not_null()).height
            totals["failed_attempts"] += _failures(step)
            totals["not_modified"] += step.fetch_log.filter(pl.col("status") == 304).height
            totals["bytes_fetched"] += int(step.fetch_log["bytes"].sum() or 0)
            if sum(frame.height for frame in shown) < PREVIEW_ROWS:
                shown.append(step.rows.drop("sha256").head(PREVIEW_ROWS))
    store.publish(run_id, ["raw.pages", "raw.fetch_log"])
    return dg.MaterializeResult(
        metadata={
            "dagster/row_count": totals.pop("rows"),
            **dict(totals),
            "preview": preview(pl.concat(shown) if shown else pl.DataFrame()),
        }
    )


def _failures(step: CrawlStep) -> int:
    return step.fetch_log.filter(pl.col("error").is_not_null()).height
