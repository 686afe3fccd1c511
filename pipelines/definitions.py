"""The Dagster code location: `dg dev`, `dg check defs` and workspace.yaml load this."""

from __future__ import annotations

import dagster as dg

from assets.articles import parsed_pages
from assets.crawl import discovered_urls, raw_pages
from assets.evaluation import topic_model_on_datasets
from assets.marts import daily_topic_counts, publication_trends
from assets.stories import article_stories, daily_ticker_stories, stories
from assets.topics import article_topics, topic_model
from pipelines.resources import default_resources
from pipelines.schedules import daily_news_job, daily_news_schedule
from quality.checks import parsed_pages_expectations
from quality.mart_checks import MART_CHECKS

ALL_ASSETS = [
    discovered_urls,
    raw_pages,
    parsed_pages,
    topic_model,
    article_topics,
    article_stories,
    daily_topic_counts,
    publication_trends,
    stories,
    daily_ticker_stories,
]

defs = dg.Definitions(
    assets=[*ALL_ASSETS, topic_model_on_datasets],
    asset_checks=[parsed_pages_expectations, *MART_CHECKS],
    jobs=[daily_news_job],
    schedules=[daily_news_schedule],
    resources=default_resources(),
)
