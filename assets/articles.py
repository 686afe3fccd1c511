"""Parsed pages: every fetched URL with a status, and the articles' fields; written, audited by
the blocking quality gate, then published (write-audit-publish)."""

from collections import Counter
from datetime import timedelta

import dagster as dg
import polars as pl

from assets.crawl import discard_shard_parts, raw_pages, shard_ops, shard_parts
from assets.metadata import PREVIEW_ROWS, per_partition, preview
from pipelines.news.crawl.shards import (
    join_parsed,
    join_ticker_headlines,
    shard_outlets,
    shard_run_id,
)
from pipelines.news.extract.outcomes import classify_pages
from pipelines.news.tables import PAGE_STATUSES
from pipelines.partitions import (
    CRAWL_SHARDS,
    WAREHOUSE_POOL,
    daily_asset,
    daily_graph_asset,
    day_window,
)
from pipelines.resources import HttpFetcher, NewsSources, NewsWarehouse

# The tables parsed_pages writes; published together once the gate passes.
GATED_TABLES = ["staging.parsed_pages", "staging.ticker_headlines"]


def parse_shard(
    context: dg.AssetExecutionContext,
    shard: int,
    sources: NewsSources,
    http: HttpFetcher,
    warehouse: NewsWarehouse,
) -> dict[str, int]:
    """Classify the shard's outlets' fetched pages a day at a time, staged as its part of
    `staging.parsed_pages` and `staging.ticker_headlines` (each outlet's boilerplate is
    learned from its own pages of the day, as in a parse of all outlets at once)."""
    window, run_id = day_window(context), context.run.run_id
    store, registry, archive = warehouse.store(), sources.load(), warehouse.archive()
    keys = shard_outlets(registry, shard, CRAWL_SHARDS)
    if not keys:
        return {}
    outlets = pl.col("outlet").is_in(keys)
    part, parsed = shard_run_id(run_id, shard), 0
    for day in window.days():
        end = day + timedelta(days=1)
        outcomes = classify_pages(
            store.read_window("raw.pages", day, end, run_id=run_id).filter(outlets),
            store.read_window("raw.discovered_urls", day, end, run_id=run_id).filter(outlets),
            archive,
            registry,
        )
        store.stage_window(part, "staging.parsed_pages", outcomes.parsed_pages, day, end)
        store.stage_window(part, "staging.ticker_headlines", outcomes.ticker_headlines, day, end)
        parsed += outcomes.parsed_pages.height
    return {"pages_parsed": parsed}


_PARSE_OPS = shard_ops("parse_shard", parse_shard, nothing_input=True)


@dg.op(pool=WAREHOUSE_POOL)
def join_parsed_pages(
    context: dg.AssetExecutionContext,
    shards_done: list[dict[str, int]],
    sources: NewsSources,
    warehouse: NewsWarehouse,
) -> dg.Output[None]:
    """The outlets' parts joined, a day at a time, into the run's pending
    `staging.parsed_pages` and `staging.ticker_headlines` (published after the gate)."""
    window, run_id = day_window(context), context.run.run_id
    store, registry = warehouse.store(), sources.load()
    articles, others, per_day = [], [], []
    for day in window.days():
        end = day + timedelta(days=1)
        pages = join_parsed(shard_parts(store, "staging.parsed_pages", run_id, day, end), registry)
        ticker = join_ticker_headlines(
            shard_parts(store, "staging.ticker_headlines", run_id, day, end)
        )
        store.stage_window(run_id, "staging.parsed_pages", pages, day, end)
        store.stage_window(run_id, "staging.ticker_headlines", ticker, day, end)
        statuses = Counter(pages["status"].to_list())
        per_day.append(
            {
                "day": day,
                "dagster/row_count": pages.height,
                **{f"pages_{status}": statuses[status] for status in PAGE_STATUSES},
                "ticker_headlines": ticker.height,
            }
        )
        articles.append(
            pages.filter(pl.col("status") == "article")
            .select("published_day", "outlet", "section", "title", "author", "original_outlet")
            .head(PREVIEW_ROWS)
        )
        others.append(
            pages.filter(pl.col("status") != "article")
            .select("url", "status", "reason")
            .head(PREVIEW_ROWS)
        )
    discard_shard_parts(store, run_id)
    return dg.Output(
        None,
        metadata={
            "per_day": per_partition(context, window.days(), pl.DataFrame(per_day)),
            "pending_rows_at": dg.MetadataValue.path(str(store.pending_location(run_id))),
            "preview": preview(pl.concat(articles)),
            "not_articles": preview(pl.concat(others)),
        },
    )


@daily_graph_asset(
    key=["staging", "parsed_pages"],
    ins={"fetched": dg.AssetIn(key=raw_pages.key, dagster_type=dg.Nothing)},
    kinds={"python", "polars", "parquet"},
    group_name="parse",
)
def parsed_pages(fetched: None) -> None:
    """One row per discovered URL with its `status`: 'article', 'non_article',
    'quarantined' (e.g. no date, or published outside the days it was listed for),
    'fetch_failed' (after retries), 'robots_disallowed' or 'duplicate' (another spelling of a
    listed page), with a `reason` whenever it is not an article. Articles carry title,
    author, section (the outlet's own label), language, body, the original outlet of
    republished pages, and `published_at` (UTC; NULL when the page gives only a date) with
    `published_day` (Casablanca local day).
    Aggregator tickers go to `staging.ticker_headlines`, one row per headline shown.
    Written to the run's pending area only (`pending_rows_at`): `staging/published_pages`
    publishes them once the blocking checks pass. One step per crawl shard, each parsing a day
    at a time, then one that joins them."""
    return join_parsed_pages([op(after=fetched) for op in _PARSE_OPS])  # type: ignore[no-any-return]


@daily_asset(
    key=["staging", "published_pages"],
    deps=[parsed_pages],
    kinds={"parquet"},
    group_name="parse",
)
def published_pages(
    context: dg.AssetExecutionContext, warehouse: NewsWarehouse
) -> dg.MaterializeResult:
    """The window's `staging.parsed_pages` and `staging.ticker_headlines` as the quality gate
    passed them, made visible to the steps after it and to analysts in one atomic publish.
    Runs only when every blocking check of `staging/parsed_pages` passed; when one fails, the
    previously published days stay as they were and the rejected rows stay where
    `pending_rows_at` says."""
    window, run_id = day_window(context), context.run.run_id
    store = warehouse.store()
    staged = store.lake.pending_tables(run_id)
    missing = [table for table in GATED_TABLES if table not in staged]
    if missing:
        raise dg.Failure(
            f"run {run_id} staged no {', '.join(missing)} for {window}: materialize "
            "staging/parsed_pages in the same run as staging/published_pages"
        )
    manifest = store.publish(run_id, GATED_TABLES)
    return dg.MaterializeResult(
        metadata={"days": len(window.days()), "lake_version": manifest.version}
    )
