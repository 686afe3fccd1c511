"""Parsed pages: every fetched URL with a status, and the articles' fields."""

import dagster as dg
import polars as pl

from assets.crawl import raw_pages
from assets.metadata import preview
from pipelines.news.extract.outcomes import classify_pages
from pipelines.partitions import daily_asset, day_window
from pipelines.resources import NewsSources, NewsWarehouse


@daily_asset(
    key=["staging", "parsed_pages"],
    deps=[raw_pages],
    kinds={"python", "polars", "duckdb"},
    group_name="parse",
)
def parsed_pages(
    context: dg.AssetExecutionContext, sources: NewsSources, warehouse: NewsWarehouse
) -> dg.MaterializeResult:
    """One row per discovered URL with its `status`: 'article', 'non_article',
    'quarantined' (e.g. no date, or published outside the days it was listed for),
    'fetch_failed' (after retries), 'robots_disallowed' or 'duplicate' (another spelling of a
    listed page), with a `reason` whenever it is not an article. Articles carry title,
    author, section (the outlet's own label), language, body, the original outlet of
    republished pages, and `published_at` (UTC; NULL when the page gives only a date) with
    `published_day` (Casablanca local day).
    Aggregator tickers go to `staging.ticker_headlines`, one row per headline shown."""
    window = day_window(context)
    store = warehouse.store()
    pages = store.read_window("raw.pages", window.first, window.end)
    discovered = store.read_window("raw.discovered_urls", window.first, window.end)
    outcomes = classify_pages(pages, discovered, warehouse.archive(), sources.load())
    with store.writing() as connection:
        written = store.replace_window(
            connection, "staging.parsed_pages", outcomes.parsed_pages, window.first, window.end
        )
        store.replace_window(
            connection,
            "staging.ticker_headlines",
            outcomes.ticker_headlines,
            window.first,
            window.end,
        )
    statuses = outcomes.parsed_pages.group_by("status").len().sort("status")
    return dg.MaterializeResult(
        metadata={
            "dagster/row_count": written,
            **{f"pages_{s}": n for s, n in statuses.iter_rows()},
            "ticker_headlines": outcomes.ticker_headlines.height,
            "preview": preview(
                outcomes.parsed_pages.filter(pl.col("status") == "article").select(
                    "published_day", "outlet", "section", "title", "author", "original_outlet"
                )
            ),
            "not_articles": preview(
                outcomes.parsed_pages.filter(pl.col("status") != "article").select(
                    "url", "status", "reason"
                )
            ),
        }
    )
