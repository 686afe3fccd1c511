"""Crawl assets: which URLs each outlet listed for a day, and the raw pages behind them.

Each is a graph of one step per crawl shard (``CRAWL_SHARDS`` of them, the registry's outlets
dealt out among them) and one step that joins the shards' rows and publishes them. Shards run
on different workers (the Dask executor's, in the cluster profile); a failed shard is retried
alone (``SHARD_RETRY`` where the executor retries, or a re-execution from failure), and with
at least as many shards as outlets, each outlet has a step of its own."""

from collections import Counter
from collections.abc import Callable
from datetime import date, timedelta

import dagster as dg
import polars as pl

from assets.metadata import PREVIEW_ROWS, preview
from pipelines.news.crawl.shards import (
    join_discovered,
    join_pages,
    only_outlets,
    shard_outlets,
    shard_run_id,
)
from pipelines.news.crawl.steps import CrawlStep, discover_window, fetch_discovered, validators_from
from pipelines.partitions import CRAWL_SHARDS, WAREHOUSE_POOL, daily_graph_asset, day_window
from pipelines.resources import HttpFetcher, NewsSources, NewsWarehouse
from warehouse.store import Warehouse

# A shard's step that raised (a worker lost, a full disk) is tried once more, alone.
SHARD_RETRY = dg.RetryPolicy(max_retries=1, delay=1.0)


def shard_ops(
    name: str, body: Callable[..., dict[str, int]], nothing_input: bool
) -> list[dg.OpDefinition]:
    """One op per crawl shard running ``body(context, shard, ...resources)``, named
    ``<name>_<shard>``; with ``nothing_input``, each waits on an upstream asset."""

    def make(shard: int) -> dg.OpDefinition:
        @dg.op(
            name=f"{name}_{shard}",
            ins={"after": dg.In(dg.Nothing)} if nothing_input else None,
            retry_policy=SHARD_RETRY,
            description=body.__doc__,
        )
        def shard_op(
            context: dg.AssetExecutionContext,
            sources: NewsSources,
            http: HttpFetcher,
            warehouse: NewsWarehouse,
        ) -> dict[str, int]:
            return body(context, shard, sources, http, warehouse)

        return shard_op

    return [make(shard) for shard in range(CRAWL_SHARDS)]


def discover_shard(
    context: dg.AssetExecutionContext,
    shard: int,
    sources: NewsSources,
    http: HttpFetcher,
    warehouse: NewsWarehouse,
) -> dict[str, int]:
    """The shard's outlets' listings for the window, staged as its part of
    `raw.discovered_urls`; its requests are published to `raw.fetch_log` at once."""
    window, run_id = day_window(context), context.run.run_id
    registry, store = sources.load(), warehouse.store()
    outlets = shard_outlets(registry, shard, CRAWL_SHARDS)
    if not outlets:
        return {}
    with http.open(registry, warehouse.robots_memo(run_id)) as fetcher:
        step = discover_window(
            only_outlets(registry, outlets), fetcher, warehouse.archive(), window, run_id
        )
    part = shard_run_id(run_id, shard)
    store.stage_window(part, "raw.discovered_urls", step.rows, window.first, window.end)
    store.stage_append(part, "raw.fetch_log", step.fetch_log)
    store.publish(part, ["raw.fetch_log"])
    return {
        "discovery_requests": step.fetch_log.height,
        "failed_discovery_requests": _failures(step),
        "undated_urls_skipped": step.undated_urls,
    }


@dg.op(pool=WAREHOUSE_POOL)
def join_discovered_urls(
    context: dg.AssetExecutionContext,
    shards_done: list[dict[str, int]],
    sources: NewsSources,
    warehouse: NewsWarehouse,
) -> dg.Output[None]:
    """The shards' parts joined (in registry order) into the window's `raw.discovered_urls`."""
    window, run_id, store = day_window(context), context.run.run_id, warehouse.store()
    parts = shard_parts(store, "raw.discovered_urls", run_id, window.first, window.end)
    rows = join_discovered(parts, sources.load())
    written = store.stage_window(run_id, "raw.discovered_urls", rows, window.first, window.end)
    store.publish(run_id, ["raw.discovered_urls"])
    discard_shard_parts(store, run_id)
    totals = sum((Counter(counts) for counts in shards_done), Counter[str]())
    return dg.Output(
        None,
        metadata={
            "dagster/row_count": written,
            **{name: totals[name] for name in _DISCOVERY_COUNTS},
            "urls_per_outlet": preview(rows.group_by("outlet").len().sort("outlet")),
            "preview": preview(rows),
        },
    )


_DISCOVER_OPS = shard_ops("discover_shard", discover_shard, nothing_input=False)
_DISCOVERY_COUNTS = ("discovery_requests", "failed_discovery_requests", "undated_urls_skipped")


@daily_graph_asset(key=["raw", "discovered_urls"], kinds={"python", "parquet"}, group_name="crawl")
def discovered_urls() -> None:
    """URLs each registered outlet lists (sitemaps, RSS) for the partition's Casablanca days.

    One row per URL; `via` says how it was found. Sitemap and feed requests are rows of
    `raw.fetch_log` with purpose 'discovery'. One step per crawl shard, then one that joins
    them."""
    return join_discovered_urls([op() for op in _DISCOVER_OPS])  # type: ignore[no-any-return]


def fetch_shard(
    context: dg.AssetExecutionContext,
    shard: int,
    sources: NewsSources,
    http: HttpFetcher,
    warehouse: NewsWarehouse,
) -> dict[str, int]:
    """Fetch the shard's outlets' discovered URLs a day at a time: bodies to the archive, each
    day's rows staged as the shard's part of `raw.pages` before the next (memory holds one
    day)."""
    window, run_id = day_window(context), context.run.run_id
    registry, store = sources.load(), warehouse.store()
    keys = shard_outlets(registry, shard, CRAWL_SHARDS)
    if not keys:
        return {}
    outlets = pl.col("outlet").is_in(keys)
    part = shard_run_id(run_id, shard)
    listed = store.read_window(
        "raw.discovered_urls", window.first, window.end, run_id=run_id
    ).filter(outlets)
    earlier = validators_from(
        store.read_window("raw.pages", window.first, window.end).filter(outlets)
    )
    totals: Counter[str] = Counter()
    with http.open(registry, warehouse.robots_memo(run_id)) as fetcher:
        for day in window.days():
            step = fetch_discovered(
                listed.filter(pl.col("day") == day), fetcher, warehouse.archive(), run_id, earlier
            )
            store.stage_window(part, "raw.pages", step.rows, day, day + timedelta(days=1))
            store.stage_append(part, "raw.fetch_log", step.fetch_log)
            # Every key once, zero or not, so the UI shows the same metadata each run.
            totals["failed_fetches"] += step.rows.filter(pl.col("error").is_not_null()).height
            totals["failed_attempts"] += _failures(step)
            totals["not_modified"] += step.fetch_log.filter(pl.col("status") == 304).height
            totals["bytes_fetched"] += int(step.fetch_log["bytes"].sum() or 0)
    store.publish(part, ["raw.fetch_log"])
    return dict(totals)


@dg.op(pool=WAREHOUSE_POOL)
def join_raw_pages(
    context: dg.AssetExecutionContext,
    shards_done: list[dict[str, int]],
    sources: NewsSources,
    warehouse: NewsWarehouse,
) -> dg.Output[None]:
    """The shards' parts joined, a day at a time, into the window's `raw.pages`."""
    window, run_id, store = day_window(context), context.run.run_id, warehouse.store()
    written = 0
    shown: list[pl.DataFrame] = []
    for day in window.days():
        end = day + timedelta(days=1)
        rows = join_pages(shard_parts(store, "raw.pages", run_id, day, end))
        written += store.stage_window(run_id, "raw.pages", rows, day, end)
        if sum(frame.height for frame in shown) < PREVIEW_ROWS:
            shown.append(rows.drop("sha256").head(PREVIEW_ROWS))
    store.publish(run_id, ["raw.pages"])
    discard_shard_parts(store, run_id)
    totals = sum((Counter(counts) for counts in shards_done), Counter[str]())
    return dg.Output(
        None,
        metadata={
            "dagster/row_count": written,
            **{name: totals[name] for name in _FETCH_COUNTS},
            "preview": preview(pl.concat(shown) if shown else pl.DataFrame()),
        },
    )


_FETCH_OPS = shard_ops("fetch_shard", fetch_shard, nothing_input=True)
_FETCH_COUNTS = ("failed_fetches", "failed_attempts", "not_modified", "bytes_fetched")


@daily_graph_asset(
    key=["raw", "pages"],
    ins={"discovered": dg.AssetIn(key=discovered_urls.key, dagster_type=dg.Nothing)},
    kinds={"python", "parquet"},
    group_name="crawl",
)
def raw_pages(discovered: None) -> None:
    """The latest fetch of every discovered URL that is not a duplicate listing: HTTP status,
    content type, error (with its kind) after retries, and the sha256 key of its raw bytes in
    the content-addressed archive `warehouse/raw/`. A page fetched before is asked for with a
    conditional GET (ETag / Last-Modified). Every attempt is a row of `raw.fetch_log`.
    One step per crawl shard, each fetching a day at a time (memory holds one day, whatever
    the range), then one that joins them."""
    return join_raw_pages([op(after=discovered) for op in _FETCH_OPS])  # type: ignore[no-any-return]


def shard_parts(
    store: Warehouse, table: str, run_id: str, start: date, end: date
) -> list[pl.DataFrame]:
    """Every crawl shard's staged rows of ``table`` for the days [start, end), shard by
    shard (a shard with no outlets staged nothing, and reads empty)."""
    return [
        store.read_window(table, start, end, run_id=shard_run_id(run_id, shard), staged_only=True)
        for shard in range(CRAWL_SHARDS)
    ]


def discard_shard_parts(store: Warehouse, run_id: str) -> None:
    """Drop the shards' staged rows once the join has staged or published them."""
    for shard in range(CRAWL_SHARDS):
        store.discard_staged(shard_run_id(run_id, shard))


def _failures(step: CrawlStep) -> int:
    return step.fetch_log.filter(pl.col("error").is_not_null()).height
