"""The topic model's training policy, on small frames."""

from datetime import date, timedelta

import polars as pl

from pipelines.news import tables
from pipelines.news.models import DayWindow
from pipelines.news.sources import load_registry
from pipelines.news.topics import TopicExample
from pipelines.news.topics.training import (
    MIN_EXAMPLES_PER_TOPIC,
    MIN_TRAINING_EXAMPLES,
    learnable,
    topic_model_rows,
    train_on_history,
    version_in_force,
)

REGISTRY = load_registry()
FIRST = date(2026, 3, 1)
WORDS = {
    "sport": "مباراة فريق هدف البطولة المدرب الملعب اللاعب الدوري الجمهور الفوز",
    "economy": "الأسعار السوق البنك الاستثمار التضخم الميزانية الشركات الصادرات النمو",
}
SECTION = {"sport": "رياضة", "economy": "اقتصاد"}


def _history(per_topic: int) -> pl.DataFrame:
    rows = []
    for topic, words in WORDS.items():
        vocabulary = words.split()
        for i in range(per_topic):
            body = " ".join(vocabulary[(i + j) % len(vocabulary)] for j in range(60))
            rows.append(
                {
                    "day": FIRST + timedelta(days=i % 5),
                    "url": f"http://a.test/{topic}/{i}",
                    "outlet": "rabat",
                    "status": "article",
                    "title": f"{vocabulary[i % len(vocabulary)]} {i}",
                    "published_day": FIRST + timedelta(days=i % 5),
                    "section": SECTION[topic],
                    "body": body,
                }
            )
    return tables.frame(rows, tables.PARSED_PAGES)


def test_too_little_labelled_data_trains_no_model() -> None:
    outcome = train_on_history(_history(per_topic=MIN_TRAINING_EXAMPLES // 2 - 1), REGISTRY)
    assert outcome.model is None and outcome.holdout is None
    rows = topic_model_rows(DayWindow(FIRST, FIRST + timedelta(days=1)), outcome)
    assert rows["model_version"].to_list() == [None, None]
    assert version_in_force(rows) is None


def test_enough_labelled_data_trains_a_versioned_model_in_force_for_each_day() -> None:
    outcome = train_on_history(_history(per_topic=20), REGISTRY)
    assert outcome.model is not None
    assert outcome.labels == ("economy", "sport")
    assert outcome.holdout is not None and 0.0 <= outcome.holdout.macro_f1 <= 1.0
    window = DayWindow(FIRST, FIRST + timedelta(days=2))
    rows = topic_model_rows(window, outcome)
    assert rows["day"].to_list() == window.days()
    assert set(rows["trained_until"].to_list()) == {window.last}
    assert version_in_force(rows) == outcome.model.version
    # Same data, same version: the version names the training set and parameters.
    again = train_on_history(_history(per_topic=20), REGISTRY).model
    assert again is not None and again.version == outcome.model.version


def test_topics_with_too_few_examples_are_left_out_of_training() -> None:
    examples = [TopicExample("t", "b", "sport")] * MIN_EXAMPLES_PER_TOPIC + [
        TopicExample("t", "b", "health")
    ] * (MIN_EXAMPLES_PER_TOPIC - 1)
    assert {e.label for e in learnable(examples)} == {"sport"}
