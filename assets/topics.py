"""Article topics: the topic model, and each article's topic."""

from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

import dagster as dg
import polars as pl

from assets.articles import parsed_pages
from assets.metadata import evaluation_metadata, preview
from pipelines.news import tables
from pipelines.news.crawl.archive import write_atomically
from pipelines.news.topics.assignment import assign_topics, training_examples
from pipelines.news.topics.corpora import split_within_label
from pipelines.news.topics.model import TopicExample, TopicModel, evaluate, train_topic_model
from pipelines.partitions import daily_asset, day_window
from pipelines.resources import NewsSources, NewsWarehouse

# Fewer labelled articles than this, or a single topic, and no model is trained; topics with
# fewer examples than MIN_EXAMPLES_PER_TOPIC are left out of training (too few to learn or to
# calibrate probabilities on).
MIN_TRAINING_EXAMPLES = 30
MIN_EXAMPLES_PER_TOPIC = 5
HISTORY_START = date(1970, 1, 1)


def _model_path(warehouse: NewsWarehouse, version: str) -> Path:
    return Path(warehouse.database).parent / "models" / f"{version}.pkl"


def _learnable(examples: list[TopicExample]) -> list[TopicExample]:
    """The examples of topics with at least MIN_EXAMPLES_PER_TOPIC of them, order kept."""
    counts = Counter(e.label for e in examples)
    return [e for e in examples if counts[e.label] >= MIN_EXAMPLES_PER_TOPIC]


def _holdout_metadata(examples: list[TopicExample]) -> dict[str, Any]:
    """Quality of the same recipe on this data: train on each topic's oldest 70%, test on its
    newest 30% (the examples come in publication order)."""
    train, test = split_within_label(examples, lambda e: e.label or "")
    train = _learnable(train)
    if len({e.label for e in train}) < 2 or not test:
        return {}
    return evaluation_metadata("holdout", evaluate(train_topic_model(train), test))


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
    examples = _learnable(training_examples(history, sources.load()))
    labels = sorted({e.label for e in examples if e.label})
    version = None
    metadata: dict[str, Any] = {"training_examples": len(examples), "labels": ", ".join(labels)}
    if len(examples) >= MIN_TRAINING_EXAMPLES and len(labels) >= 2:
        model = train_topic_model(examples)
        version = model.version
        path = _model_path(warehouse, version)
        if not path.exists():
            write_atomically(path, model.to_bytes())
        metadata["model_version"] = version
        metadata.update(_holdout_metadata(examples))
    else:
        context.log.warning(
            f"only {len(examples)} labelled articles in {len(labels)} topic(s): no model trained; "
            "articles without a usable section stay 'unclassified'"
        )
    rows = tables.frame(
        [
            {
                "day": day,
                "model_version": version,
                "training_examples": len(examples),
                "trained_until": window.last,
            }
            for day in window.days()
        ],
        tables.TOPIC_MODELS,
    )
    with store.writing() as connection:
        store.replace_window(connection, "staging.topic_models", rows, window.first, window.end)
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
    models = store.read_window("staging.topic_models", window.first, window.end)
    version = models["model_version"].drop_nulls().max() if models.height else None
    model = (
        TopicModel.from_bytes(_model_path(warehouse, str(version)).read_bytes())
        if version
        else None
    )
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
