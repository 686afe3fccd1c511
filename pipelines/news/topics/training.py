"""When and on what the topic model is trained: the policy behind ``staging/topic_model``.

The classifier learns from the articles whose section label reliably names a topic (weak
supervision). Too little of that data and no model is trained at all: articles the section
map cannot place then stay 'unclassified' rather than get a guess.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import polars as pl

from pipelines.news import tables
from pipelines.news.models import DayWindow
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


@dataclass(frozen=True)
class TrainingOutcome:
    """What one training decision gave: the examples used, and a model (None when there
    was too little labelled data) with its holdout evaluation (None when not measurable)."""

    examples: int
    labels: tuple[str, ...]
    model: TopicModel | None
    holdout: TopicEvaluation | None


def learnable(examples: list[TopicExample]) -> list[TopicExample]:
    """The examples of topics with at least MIN_EXAMPLES_PER_TOPIC of them, order kept."""
    counts = Counter(e.label for e in examples)
    return [e for e in examples if counts[e.label] >= MIN_EXAMPLES_PER_TOPIC]


def train_on_history(parsed_pages: pl.DataFrame, registry: Registry) -> TrainingOutcome:
    """Train on the labelled articles among ``staging.parsed_pages`` rows (the history up to
    the window's last day), if there are enough of them; measure the recipe on a holdout."""
    examples = learnable(training_examples(parsed_pages, registry))
    labels = tuple(sorted({e.label for e in examples if e.label}))
    if len(examples) < MIN_TRAINING_EXAMPLES or len(labels) < 2:
        return TrainingOutcome(len(examples), labels, None, None)
    return TrainingOutcome(
        len(examples), labels, train_topic_model(examples), holdout_evaluation(examples)
    )


def holdout_evaluation(examples: list[TopicExample]) -> TopicEvaluation | None:
    """The same recipe on this data: train on each topic's oldest 70%, test on its newest 30%
    (the examples come in publication order). None when the split leaves too little."""
    train, test = split_within_label(examples, lambda e: e.label or "")
    train = learnable(train)
    if len({e.label for e in train}) < 2 or not test:
        return None
    return evaluate(train_topic_model(train), test)


def topic_model_rows(window: DayWindow, outcome: TrainingOutcome) -> pl.DataFrame:
    """``staging.topic_models`` rows: the model in force for each day of ``window``."""
    version = outcome.model.version if outcome.model else None
    return tables.frame(
        [
            {
                "day": day,
                "model_version": version,
                "training_examples": outcome.examples,
                "trained_until": window.last,
            }
            for day in window.days()
        ],
        tables.TOPIC_MODELS,
    )


def version_in_force(topic_models: pl.DataFrame) -> str | None:
    """The model version the window's ``staging.topic_models`` rows name, if any."""
    versions = topic_models["model_version"].drop_nulls()
    return str(versions.max()) if versions.len() else None
