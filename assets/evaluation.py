"""On-demand evaluation of the topic-model recipe on labelled news datasets (not in the daily
job: materialize it from the UI when the model or its parameters change)."""

from typing import Any

import dagster as dg
import polars as pl

from assets.metadata import preview
from pipelines.news.topic_corpora import (
    ANT_FILE,
    HESPRESS_FILE,
    ant_outlet_split,
    datasets_dir,
    hespress_time_split,
    load_ant,
    load_hespress,
)
from pipelines.news.topic_model import TopicEvaluation, evaluate, train_topic_model

EVALUATION_GROUP = "evaluation"
ANT_HELD_OUT = "CNN"


@dg.asset(
    key=["evaluation", "topic_model_on_datasets"],
    kinds={"scikitlearn"},
    group_name=EVALUATION_GROUP,
)
def topic_model_on_datasets(context: dg.AssetExecutionContext) -> dg.MaterializeResult:
    """The topic model's recipe (DEFAULT_PARAMS) trained and scored on third-party labelled
    news: Hespress split by time within each topic (oldest 70% train, newest 30% test) and ANT
    with one outlet held out. Macro-F1 counts the classifier's 'general' (abstain) answers as
    misses; '_labelled_only' scores the articles it did label. Benchmarks against a baseline:
    `benchmarks/topics.py`."""
    datasets = datasets_dir()
    metadata: dict[str, Any] = {}
    hespress = datasets / HESPRESS_FILE
    if hespress.exists():
        metadata |= _scores("hespress", *hespress_time_split(load_hespress(hespress)))
    ant = datasets / ANT_FILE
    if ant.exists():
        metadata |= _scores(f"ant_{ANT_HELD_OUT}", *ant_outlet_split(load_ant(ant), ANT_HELD_OUT))
    if not metadata:
        context.log.warning(f"no labelled datasets in {datasets}; set AKHBAR_SHARED_DATA")
    return dg.MaterializeResult(metadata=metadata)


def _scores(name: str, train: list[Any], test: list[Any]) -> dict[str, Any]:
    scores: TopicEvaluation = evaluate(train_topic_model(train), test)
    per_class = pl.DataFrame(
        {"topic": list(scores.per_class_f1), "f1": list(scores.per_class_f1.values())}
    ).sort("f1")
    return {
        f"{name}_macro_f1": round(scores.macro_f1, 4),
        f"{name}_macro_f1_labelled_only": round(scores.covered_macro_f1, 4),
        f"{name}_coverage": round(scores.coverage, 4),
        f"{name}_per_class_f1": preview(per_class, limit=20),
        f"{name}_confusion": dg.MetadataValue.md(scores.confusion_markdown()),
    }
