"""On-demand evaluation of the topic-model recipe on labelled news datasets (not in the daily
job: materialize it from the UI when the model or its parameters change)."""

from typing import Any

import dagster as dg

from assets.metadata import evaluation_metadata
from pipelines.news.topics import corpora
from pipelines.news.topics.model import evaluate, train_topic_model

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
    datasets = corpora.datasets_dir()
    metadata: dict[str, Any] = {}
    hespress = datasets / corpora.HESPRESS_FILE
    if hespress.exists():
        metadata |= _scores(
            "hespress", *corpora.hespress_time_split(corpora.load_hespress(hespress))
        )
    ant = datasets / corpora.ANT_FILE
    if ant.exists():
        metadata |= _scores(
            f"ant_{ANT_HELD_OUT}", *corpora.ant_outlet_split(corpora.load_ant(ant), ANT_HELD_OUT)
        )
    if not metadata:
        context.log.warning(f"no labelled datasets in {datasets}; set AKHBAR_SHARED_DATA")
    return dg.MaterializeResult(metadata=metadata)


def _scores(name: str, train: list[Any], test: list[Any]) -> dict[str, Any]:
    return evaluation_metadata(name, evaluate(train_topic_model(train), test))
