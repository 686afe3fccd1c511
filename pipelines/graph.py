"""The asset graph, listed once: what the daily job materializes, the checks that gate it, and
the on-demand assets outside it (the freshness checks, judged against the clock, are in
quality/freshness.py). The code location, the CLI and the tests all read it here."""

from __future__ import annotations

import dagster as dg

from assets.analysts import analysts_database
from assets.articles import parsed_pages, published_pages
from assets.attention import article_terms
from assets.crawl import discovered_urls, raw_pages
from assets.evaluation import topic_model_on_datasets
from assets.marts import daily_topic_counts, publication_trends
from assets.outlet_quality import outlet_day_quality, outlets_healthy
from assets.outlets import outlet_registry
from assets.report import news_report
from assets.stories import article_stories, daily_ticker_stories, stories
from assets.topics import article_topics, topic_model
from quality.checks import EXPECTATION_CHECKS
from quality.freshness import FRESHNESS_CHECKS
from quality.mart_checks import MART_CHECKS

# crawl -> parse -> (quality gate) -> publish -> topics, stories -> marts -> analysts' file
# -> the HTML report read from it.
DAILY_ASSETS: list[dg.AssetsDefinition] = [
    discovered_urls,
    raw_pages,
    parsed_pages,
    published_pages,
    topic_model,
    article_topics,
    article_stories,
    article_terms,
    outlet_day_quality,
    outlet_registry,
    daily_topic_counts,
    publication_trends,
    stories,
    daily_ticker_stories,
    analysts_database,
    news_report,
]
DAILY_CHECKS: list[dg.AssetChecksDefinition] = [
    *EXPECTATION_CHECKS,
    outlets_healthy,
    *MART_CHECKS,
]

# Materialized from the UI when wanted, never by the schedule.
ON_DEMAND_ASSETS: list[dg.AssetsDefinition] = [topic_model_on_datasets]

# The freshness checks (FRESHNESS_CHECKS) are judged against the clock by their sensor
# (pipelines/schedules.py), never inside the daily job: a backfill of February says nothing
# about whether yesterday was published.
daily_news_job = dg.define_asset_job(
    "daily_news",
    selection=dg.AssetSelection.assets(*DAILY_ASSETS) - dg.AssetSelection.checks(*FRESHNESS_CHECKS),
)
