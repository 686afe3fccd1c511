"""Article topics: the topic model, and each article's topic."""

from datetime import date
from typing import Any

import dagster as dg
import polars as pl

from assets.articles import parsed_pages
from assets.metadata import evaluation_metadata, preview
from pipelines.news.topics import assign_topics
from pipelines.news.topics.training import topic_model_rows, train_on_history, version_in_force
from pipelines.partitions import daily_asset, day_window
from pipelines.resources import NewsSources, NewsWarehouse

HISTORY_START = date(1970, 1, 1)


@daily_asset(
    key=["staging", "topic_model"],
    deps=[parsed_pages],
    kinds={"scikitlearn", "duckdb"},
    group_name="topics",
)
def topic_model(
    context: dg.AssetExecutionContext, sources: NewsSources, warehouse: NewsWarehouse
) -> dg.MaterializeResult:
    """The topic classifier in force for the window's days: trained on every article published
    up to the window's last day whose section label reliably names a topic (weak supervision).
    Its version is a hash of the training data and parameters; the fitted model is kept in
    `warehouse/models/<version>.pkl`, and `staging.topic_models` says which version each day
    used. Articles without a usable section get this model's topic and confidence."""
    window = day_window(context)
    store = warehouse.store()
    history = store.read_window("staging.parsed_pages", HISTORY_START, window.end)
    outcome = train_on_history(history, sources.load())
    metadata: dict[str, Any] = {
        "training_examples": outcome.examples,
        "labels": ", ".join(outcome.labels),
    }
    if outcome.model is None:
        context.log.warning(
            f"only {outcome.examples} labelled articles in {len(outcome.labels)} topic(s): "
            "no model trained; articles without a usable section stay 'unclassified'"
        )
    else:
        warehouse.save_model(outcome.model)
        metadata["model_version"] = outcome.model.version
    if outcome.holdout is not None:
        metadata.update(evaluation_metadata("holdout", outcome.holdout))
    with store.writing() as connection:
        store.replace_window(
            connection,
            "staging.topic_models",
            topic_model_rows(window, outcome),
            window.first,
            window.end,
        )
    return dg.MaterializeResult(metadata=metadata)


@daily_asset(
    key=["staging", "article_topics"],
    deps=[parsed_pages, topic_model],
    kinds={"python", "duckdb"},
    group_name="topics",
)
def article_topics(
    context: dg.AssetExecutionContext, sources: NewsSources, warehouse: NewsWarehouse
) -> dg.MaterializeResult:
    """The topic of each article, by publication day. The outlet's section label, mapped by the
    source registry and the taxonomy, decides when it names a topic (`method` 'section_map',
    confidence 1); otherwise the topic model decides (`method` 'classifier', with its
    probability). `model_version` names what decided, so a new mapping or model followed by a
    backfill reclassifies history. Nothing is dropped: without a model, 'unclassified'."""
    window = day_window(context)
    store = warehouse.store()
    articles = store.read_window("staging.parsed_pages", window.first, window.end)
    version = version_in_force(store.read_window("staging.topic_models", window.first, window.end))
    model = warehouse.load_model(version) if version else None
    topics = assign_topics(articles, sources.load(), model)
    with store.writing() as connection:
        written = store.replace_window(
            connection, "staging.article_topics", topics, window.first, window.end
        )
    by_method = topics.group_by("method").len().sort("method")
    return dg.MaterializeResult(
        metadata={
            "dagster/row_count": written,
            **{f"decided_by_{m}": n for m, n in by_method.iter_rows()},
            "unclassified": topics.filter(pl.col("topic") == "unclassified").height,
            "articles_per_topic": preview(topics.group_by("topic").len().sort("topic"), limit=20),
        }
    )
