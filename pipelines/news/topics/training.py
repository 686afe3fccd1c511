"""When and on what the topic model is trained: the policy behind ``staging/topic_model``.

The classifier learns from the articles whose section label reliably names a topic (weak
supervision). Its training never grows with history, and never looks ahead:

* **Cadence: weekly.** The model in force for a Casablanca day is the one trained at the
  start of that day's ISO week (its *cut-off*, a Monday), on articles published strictly
  before the cut-off. A day is never classified with knowledge of itself or of later days,
  so a range backfill and the same days run one by one give the same model for each day.
* **Bounded, stratified sample.** Only the ``TRAINING_WINDOW_DAYS`` before the cut-off are
  read, and at most ``MAX_EXAMPLES_PER_TOPIC_OUTLET`` (the most recent) per (topic, outlet),
  so one outlet or one busy topic cannot swamp the rest and the cost is capped.
* **Trained once, and only when needed.** The version is a hash of the sample and the
  parameters; a version already on disk is loaded, not trained again. A day whose articles all
  have a section that names a topic needs no model and gets none (``days_needing_a_model``).

Too little labelled data and no model is trained: articles the section map cannot place then
stay 'unclassified' rather than get a guess.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta

import polars as pl

from pipelines.news import tables
from pipelines.news.sources import Registry
from pipelines.news.topics.assignment import training_examples
from pipelines.news.topics.corpora import split_within_label
from pipelines.news.topics.model import (
    TopicEvaluation,
    TopicExample,
    TopicModel,
    evaluate,
    train_topic_model,
)

# Fewer labelled articles than this, or a single topic, and no model is trained; topics with
# fewer examples than MIN_EXAMPLES_PER_TOPIC are left out of training (too few to learn or to
# calibrate probabilities on).
MIN_TRAINING_EXAMPLES = 30
MIN_EXAMPLES_PER_TOPIC = 5
# The sample: the days before the cut-off that are read, and the cap per (topic, outlet).
TRAINING_WINDOW_DAYS = 56
MAX_EXAMPLES_PER_TOPIC_OUTLET = 150


@dataclass(frozen=True)
class TrainingOutcome:
    """What one training decision gave: the examples used, and a model (None when there
    was too little labelled data) with its holdout evaluation (None when not measured)."""

    examples: int
    labels: tuple[str, ...]
    model: TopicModel | None
    holdout: TopicEvaluation | None


def cutoff_for(day: date) -> date:
    """The first day the model in force on ``day`` has not seen: the Monday of its ISO week."""
    return day - timedelta(days=day.weekday())


def sample_window(cutoff: date) -> tuple[date, date]:
    """The local days [start, end) whose articles the model of ``cutoff`` learns from."""
    return cutoff - timedelta(days=TRAINING_WINDOW_DAYS), cutoff


def sample_urls(article_keys: pl.DataFrame, registry: Registry) -> list[str]:
    """The URLs of the training sample among ``staging.parsed_pages`` key columns (url, outlet,
    status, section, published_day) of the sample window: labelled articles only, the most
    recent MAX_EXAMPLES_PER_TOPIC_OUTLET per (topic, outlet), ties broken by URL."""
    articles = article_keys.filter(pl.col("status") == "article")
    labelled = articles.with_columns(
        pl.Series(
            "topic",
            [
                registry.topic_for_section(outlet, section)
                for outlet, section in zip(articles["outlet"], articles["section"], strict=True)
            ],
            dtype=pl.String,
        )
    ).filter(pl.col("topic").is_not_null())
    sampled = (
        labelled.sort(["published_day", "url"], descending=[True, False])
        .group_by("topic", "outlet", maintain_order=True)
        .head(MAX_EXAMPLES_PER_TOPIC_OUTLET)
    )
    return sorted(sampled["url"].to_list())


def days_needing_a_model(article_keys: pl.DataFrame, registry: Registry) -> set[date]:
    """The local days among ``staging.parsed_pages`` key columns (day, outlet, status, section)
    with at least one article whose section names no topic: only those need the classifier."""
    articles = article_keys.filter(pl.col("status") == "article")
    return {
        day
        for day, outlet, section in articles.select("day", "outlet", "section").iter_rows()
        if registry.topic_for_section(outlet, section) is None
    }


NOT_NEEDED = TrainingOutcome(0, (), None, None)


def learnable(examples: list[TopicExample]) -> list[TopicExample]:
    """The examples of topics with at least MIN_EXAMPLES_PER_TOPIC of them, order kept."""
    counts = Counter(e.label for e in examples)
    return [e for e in examples if counts[e.label] >= MIN_EXAMPLES_PER_TOPIC]


def training_set(sample_pages: pl.DataFrame, registry: Registry) -> list[TopicExample]:
    """The learnable examples of the sample's ``staging.parsed_pages`` rows, in a stable order
    (published day, then URL), so the same sample always gives the same model version."""
    return learnable(training_examples(sample_pages, registry))


def train(examples: list[TopicExample], known: TopicModel | None = None) -> TrainingOutcome:
    """Train on ``examples`` if there are enough of them, and measure the recipe on a holdout.
    ``known``: a model of the same version found on disk, used instead of training again."""
    labels = tuple(sorted({e.label for e in examples if e.label}))
    if len(examples) < MIN_TRAINING_EXAMPLES or len(labels) < 2:
        return TrainingOutcome(len(examples), labels, None, None)
    if known is not None:
        return TrainingOutcome(len(examples), labels, known, None)
    return TrainingOutcome(
        len(examples), labels, train_topic_model(examples), holdout_evaluation(examples)
    )


def holdout_evaluation(examples: list[TopicExample]) -> TopicEvaluation | None:
    """The same recipe on this data: train on each topic's oldest 70%, test on its newest 30%
    (the examples come in publication order). None when the split leaves too little."""
    train_part, test = split_within_label(examples, lambda e: e.label or "")
    train_part = learnable(train_part)
    if len({e.label for e in train_part}) < 2 or not test:
        return None
    return evaluate(train_topic_model(train_part), test)


def topic_model_rows(days: list[date], cutoff: date, outcome: TrainingOutcome) -> pl.DataFrame:
    """``staging.topic_models`` rows: the model in force for each of ``days`` (all of whose
    cut-off is ``cutoff``), trained on articles published before ``cutoff``."""
    version = outcome.model.version if outcome.model else None
    return tables.frame(
        [
            {
                "day": day,
                "model_version": version,
                "training_examples": outcome.examples,
                "trained_until": cutoff - timedelta(days=1),
            }
            for day in days
        ],
        tables.TOPIC_MODELS,
    )
