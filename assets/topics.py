"""Article topics: the topic model in force for each day, and each article's topic."""

from collections import defaultdict
from datetime import date, timedelta
from typing import Any

import dagster as dg
import polars as pl

from assets.articles import published_pages
from assets.metadata import evaluation_metadata, preview
from pipelines.news.topics import TopicModel, assign_topics
from pipelines.news.topics.model import DEFAULT_PARAMS, model_version
from pipelines.news.topics.training import (
    NOT_NEEDED,
    cutoff_for,
    days_needing_a_model,
    sample_urls,
    sample_window,
    topic_model_rows,
    train,
    training_set,
)
from pipelines.partitions import daily_asset, day_window
from pipelines.resources import NewsSources, NewsWarehouse

# What the training sample needs to be chosen, before any body is read.
_SAMPLE_KEYS = ["url", "outlet", "status", "section", "published_day"]
# What deciding which days need a model at all reads.
_DAY_KEYS = ["day", "outlet", "status", "section"]


@daily_asset(
    key=["staging", "topic_model"],
    deps=[published_pages],
    kinds={"scikitlearn", "parquet"},
    group_name="topics",
)
def topic_model(
    context: dg.AssetExecutionContext, sources: NewsSources, warehouse: NewsWarehouse
) -> dg.MaterializeResult:
    """The topic classifier in force for each day of the window: the one trained at the start
    of the day's week (Monday, Casablanca) on a bounded, stratified sample of the labelled
    articles published in the 8 weeks before it (at most 150 per topic and outlet). A day is
    never classified with a model that saw that day or a later one. The version is a hash of
    the sample and the parameters; a version already in `warehouse/models/` is reused, so a
    model is trained about once a week, at a cost that does not grow with history.
    A day whose articles all have a section naming their topic needs no model and gets none.
    `staging.topic_models` says which version each day used and when its data ends."""
    window = day_window(context)
    store, registry = warehouse.store(), sources.load()
    needing = days_needing_a_model(
        store.read_window("staging.parsed_pages", window.first, window.end, columns=_DAY_KEYS),
        registry,
    )
    days_by_cutoff: dict[date, list[date]] = defaultdict(list)
    for day in window.days():
        days_by_cutoff[cutoff_for(day)].append(day)
    metadata: dict[str, Any] = {"days_needing_a_model": len(needing)}
    rows = []
    for cutoff, days in sorted(days_by_cutoff.items()):
        needed = [day for day in days if day in needing]
        rows.append(topic_model_rows([d for d in days if d not in needing], cutoff, NOT_NEEDED))
        if not needed:
            continue  # every article of these days has a section naming its topic
        start, end = sample_window(cutoff)
        keys = store.read_window("staging.parsed_pages", start, end, columns=_SAMPLE_KEYS)
        sample = store.read_window(
            "staging.parsed_pages", start, end, urls=sample_urls(keys, registry)
        )
        examples = training_set(sample, registry)
        outcome = train(examples, warehouse.load_model(model_version(examples, DEFAULT_PARAMS)))
        if outcome.model is None:
            context.log.warning(
                f"model for the week of {cutoff}: only {outcome.examples} labelled articles in "
                f"{len(outcome.labels)} topic(s) before it; articles without a usable section "
                "stay 'unclassified'"
            )
        else:
            warehouse.save_model(outcome.model)
        if outcome.holdout is not None:
            metadata.update(evaluation_metadata("holdout", outcome.holdout))
        rows.append(topic_model_rows(needed, cutoff, outcome))
    models = pl.concat(rows).sort("day")
    store.write_window(context.run.run_id, "staging.topic_models", models, window.first, window.end)
    return dg.MaterializeResult(
        metadata={
            **metadata,
            "models_in_force": preview(
                models.group_by("model_version", "trained_until", "training_examples")
                .agg(pl.col("day").min().alias("from_day"), pl.col("day").max().alias("to_day"))
                .sort("from_day")
            ),
        }
    )


@daily_asset(
    key=["staging", "article_topics"],
    deps=[published_pages, topic_model],
    kinds={"python", "parquet"},
    group_name="topics",
)
def article_topics(
    context: dg.AssetExecutionContext, sources: NewsSources, warehouse: NewsWarehouse
) -> dg.MaterializeResult:
    """The topic of each article, by publication day. The outlet's section label, mapped by the
    source registry and the taxonomy, decides when it names a topic (`method` 'section_map',
    confidence 1); otherwise the day's topic model decides (`method` 'classifier', with its
    probability). `model_version` names what decided, so a new mapping or model followed by a
    backfill reclassifies history. Nothing is dropped: without a model, 'unclassified'.
    Classified a day at a time (one day's bodies in memory)."""
    window, run_id = day_window(context), context.run.run_id
    store, registry = warehouse.store(), sources.load()
    in_force = store.read_window("staging.topic_models", window.first, window.end)
    loaded: dict[str, TopicModel | None] = {}
    models_by_day: dict[date, TopicModel | None] = {}
    for day, version in in_force.select("day", "model_version").iter_rows():
        if version is not None and version not in loaded:
            loaded[version] = warehouse.load_model(version)
            if loaded[version] is None:
                # Never classify silently as 'unclassified' what a model should decide.
                raise dg.Failure(
                    f"topic model {version}, in force on {day}, is not in the warehouse's "
                    "models/ folder: re-materialize staging/topic_model for these days"
                )
        models_by_day[day] = loaded.get(version) if version else None
    per_day = []
    for day in window.days():
        end = day + timedelta(days=1)
        articles = store.read_window("staging.parsed_pages", day, end)
        day_topics = assign_topics(articles, registry, {day: models_by_day.get(day)})
        store.stage_window(run_id, "staging.article_topics", day_topics, day, end)
        per_day.append(day_topics.drop("url"))
    store.publish(run_id, ["staging.article_topics"])
    topics = pl.concat(per_day)
    written = topics.height
    by_method = topics.group_by("method").len().sort("method")
    return dg.MaterializeResult(
        metadata={
            "dagster/row_count": written,
            **{f"decided_by_{m}": n for m, n in by_method.iter_rows()},
            "unclassified": topics.filter(pl.col("topic") == "unclassified").height,
            "articles_per_topic": preview(topics.group_by("topic").len().sort("topic"), limit=20),
        }
    )
