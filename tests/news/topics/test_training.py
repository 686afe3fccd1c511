"""The topic model's training policy, on small frames: weekly cut-offs (no look-ahead), a
bounded stratified sample, and no model without enough labelled data."""

from datetime import date, timedelta

import polars as pl

from pipelines.news import tables
from pipelines.news.sources import load_registry
from pipelines.news.topics import TopicExample
from pipelines.news.topics.model import DEFAULT_PARAMS, model_version
from pipelines.news.topics.training import (
    MAX_EXAMPLES_PER_TOPIC_OUTLET,
    MIN_EXAMPLES_PER_TOPIC,
    MIN_TRAINING_EXAMPLES,
    cutoff_for,
    days_needing_a_model,
    learnable,
    sample_urls,
    sample_window,
    topic_model_rows,
    train,
    training_set,
)

REGISTRY = load_registry()
MONDAY = date(2026, 3, 2)
WORDS = {
    "sport": "مباراة فريق هدف البطولة المدرب الملعب اللاعب الدوري الجمهور الفوز",
    "economy": "الأسعار السوق البنك الاستثمار التضخم الميزانية الشركات الصادرات النمو",
}
SECTION = {"sport": "رياضة", "economy": "اقتصاد"}


def _history(per_topic: int, outlet: str = "rabat", last_day: date = MONDAY) -> pl.DataFrame:
    """``per_topic`` labelled articles per topic, on the days before ``last_day``."""
    rows = []
    for topic, words in WORDS.items():
        vocabulary = words.split()
        for i in range(per_topic):
            day = last_day - timedelta(days=1 + i % 20)
            rows.append(
                {
                    "day": day,
                    "url": f"http://{outlet}.test/{topic}/{i}",
                    "outlet": outlet,
                    "status": "article",
                    "title": f"{vocabulary[i % len(vocabulary)]} {i}",
                    "published_day": day,
                    "section": SECTION[topic],
                    "body": " ".join(vocabulary[(i + j) % len(vocabulary)] for j in range(60)),
                }
            )
    return tables.frame(rows, tables.PARSED_PAGES)


def test_the_model_of_a_day_is_cut_off_at_the_monday_of_its_week() -> None:
    week = [MONDAY + timedelta(days=i) for i in range(7)]
    assert {cutoff_for(day) for day in week} == {MONDAY}
    assert cutoff_for(MONDAY - timedelta(days=1)) == MONDAY - timedelta(days=7)
    start, end = sample_window(MONDAY)
    # Strictly before the cut-off: no day ever learns from itself or a later day.
    assert end == MONDAY and start < end


def test_the_sample_caps_each_topic_and_outlet_and_keeps_the_most_recent() -> None:
    pages = pl.concat(
        [
            _history(MAX_EXAMPLES_PER_TOPIC_OUTLET + 40, outlet="rabat"),
            _history(10, outlet="atlas"),
        ]
    )
    urls = sample_urls(pages, REGISTRY)
    sampled = pages.filter(pl.col("url").is_in(urls))
    per_stratum = sampled.group_by("outlet", "section").len()
    assert (
        per_stratum.filter(pl.col("outlet") == "rabat")["len"].to_list()
        == [MAX_EXAMPLES_PER_TOPIC_OUTLET] * 2
    )
    assert sorted(per_stratum.filter(pl.col("outlet") == "atlas")["len"].to_list()) == [10, 10]
    dropped = pages.filter(~pl.col("url").is_in(urls))
    assert dropped["published_day"].max() <= sampled["published_day"].min()  # type: ignore[operator]


def test_unlabelled_and_non_article_rows_are_never_sampled() -> None:
    pages = _history(5).with_columns(
        pl.when(pl.col("url").str.ends_with("/0"))
        .then(pl.lit("non_article"))
        .otherwise(pl.col("status"))
        .alias("status"),
        pl.when(pl.col("url").str.ends_with("/1"))
        .then(pl.lit("أخبار"))
        .otherwise(pl.col("section"))
        .alias("section"),
    )
    urls = sample_urls(pages, REGISTRY)
    assert not any(url.endswith(("/0", "/1")) for url in urls)
    assert len(urls) == 2 * (5 - 2)


def test_too_little_labelled_data_trains_no_model() -> None:
    examples = training_set(_history(per_topic=MIN_TRAINING_EXAMPLES // 2 - 1), REGISTRY)
    outcome = train(examples)
    assert outcome.model is None and outcome.holdout is None
    rows = topic_model_rows([MONDAY, MONDAY + timedelta(days=1)], MONDAY, outcome)
    assert rows["model_version"].to_list() == [None, None]


def test_enough_labelled_data_trains_a_versioned_model_in_force_for_its_days() -> None:
    examples = training_set(_history(per_topic=20), REGISTRY)
    outcome = train(examples)
    assert outcome.model is not None
    assert outcome.labels == ("economy", "sport")
    assert outcome.holdout is not None and 0.0 <= outcome.holdout.macro_f1 <= 1.0
    # The version names the sample and the parameters, so it is known before training.
    assert outcome.model.version == model_version(examples, DEFAULT_PARAMS)
    days = [MONDAY, MONDAY + timedelta(days=3)]
    rows = topic_model_rows(days, MONDAY, outcome)
    assert rows["day"].to_list() == days
    assert set(rows["model_version"].to_list()) == {outcome.model.version}
    assert set(rows["trained_until"].to_list()) == {MONDAY - timedelta(days=1)}


def test_a_model_already_saved_is_reused_not_trained_again() -> None:
    examples = training_set(_history(per_topic=20), REGISTRY)
    first = train(examples)
    assert first.model is not None
    again = train(examples, known=first.model)
    assert again.model is first.model and again.holdout is None


def test_topics_with_too_few_examples_are_left_out_of_training() -> None:
    examples = [TopicExample("t", "b", "sport")] * MIN_EXAMPLES_PER_TOPIC + [
        TopicExample("t", "b", "health")
    ] * (MIN_EXAMPLES_PER_TOPIC - 1)
    assert {e.label for e in learnable(examples)} == {"sport"}


def test_only_days_with_an_article_its_section_cannot_place_need_a_model() -> None:
    pages = _history(3).with_columns(
        pl.when(pl.col("url") == "http://rabat.test/sport/1")
        .then(pl.lit("أخبار"))  # too broad to name a topic: the classifier must decide
        .otherwise(pl.col("section"))
        .alias("section")
    )
    broad_day = pages.filter(pl.col("url") == "http://rabat.test/sport/1")["day"].item()
    assert days_needing_a_model(pages, REGISTRY) == {broad_day}
    not_articles = pages.with_columns(pl.lit("non_article").alias("status"))
    assert days_needing_a_model(not_articles, REGISTRY) == set()
