"""What training the topic model costs one daily run, as history grows: the weekly, sampled
policy (pipelines/news/topics/training.py) against the previous policy, "train on every
labelled article up to the day, plus a holdout evaluation", in the same process.

Usage (from the repository root):

    .venv/bin/python benchmarks/topic_training.py [--histories 60,365,730]

A synthetic ``staging.parsed_pages`` is written to a real DuckDB file under a temporary
directory: the 60-day demo corpus (its titles, bodies and section labels, no HTTP), repeated
with its days shifted until the history is long enough. For each history length, both
policies run for the day after the history ends: the cost of the day's ``staging/topic_model``
step, reads included. "new (cached)" is a day of the same week, whose model is on disk.
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import polars as pl

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pipelines.demo_site.corpus import DEMO_DAYS, DEMO_FIRST_DAY
from pipelines.demo_site.generator import build_corpus
from pipelines.news import tables
from pipelines.news.sources import Registry, load_registry
from pipelines.news.topics.assignment import training_examples
from pipelines.news.topics.model import (
    DEFAULT_PARAMS,
    model_version,
    train_topic_model,
)
from pipelines.news.topics.training import (
    cutoff_for,
    holdout_evaluation,
    learnable,
    sample_urls,
    sample_window,
    train,
    training_set,
)
from pipelines.resources import NewsWarehouse

KEYS = ["url", "outlet", "status", "section", "published_day"]


def demo_pages(days: int) -> pl.DataFrame:
    """``days`` of parsed pages ending the day before a Monday, from the demo corpus."""
    corpus = build_corpus(days=DEMO_DAYS)
    base = [
        {
            "url": a.path,
            "outlet": a.outlet,
            "status": "article",
            "title": a.title,
            "body": a.body,
            "section": a.section,
            "offset": (a.local_day - DEMO_FIRST_DAY).days,
        }
        for a in corpus.articles
    ]
    end = date(2028, 3, 6)  # a Monday: the history is the `days` before it
    rows = []
    for copy in range(-(-days // DEMO_DAYS)):
        for article in base:
            back = copy * DEMO_DAYS + (DEMO_DAYS - 1 - article["offset"])
            if back >= days:
                continue
            day = end - timedelta(days=1 + back)
            rows.append(
                {
                    "day": day,
                    "url": f"{article['url']}#{copy}",
                    "outlet": article["outlet"],
                    "status": "article",
                    "title": article["title"],
                    "body": article["body"],
                    "section": article["section"],
                    "published_day": day,
                }
            )
    return tables.frame(rows, tables.PARSED_PAGES)


def previous_policy(warehouse: NewsWarehouse, registry: Registry, run_day: date) -> int:
    """Every labelled article up to the day, then a holdout evaluation (trains twice)."""
    history = warehouse.store().read_window("staging.parsed_pages", date(1970, 1, 1), run_day)
    examples = learnable(training_examples(history, registry))
    train_topic_model(examples)
    holdout_evaluation(examples)
    return len(examples)


def new_policy(warehouse: NewsWarehouse, registry: Registry, run_day: date) -> int:
    """What staging/topic_model does for one day (assets/topics.py)."""
    store = warehouse.store()
    start, end = sample_window(cutoff_for(run_day))
    keys = store.read_window("staging.parsed_pages", start, end, columns=KEYS)
    sample = store.read_window("staging.parsed_pages", start, end, urls=sample_urls(keys, registry))
    examples = training_set(sample, registry)
    outcome = train(examples, warehouse.load_model(model_version(examples, DEFAULT_PARAMS)))
    if outcome.model is not None:
        warehouse.save_model(outcome.model)
    return outcome.examples


def timed(policy: Callable[[NewsWarehouse, Registry, date], int], *args: Any) -> tuple[int, float]:
    started = time.perf_counter()
    value = policy(*args)
    return value, time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--histories", default="60,365,730")
    args = parser.parse_args()
    registry = load_registry()
    print(
        "| history (days) | articles | previous policy s | new s | new (cached) s "
        "| examples old/new |"
    )
    print("|---|---|---|---|---|---|")
    for days in (int(d) for d in args.histories.split(",")):
        pages = demo_pages(days)
        run_day = pages["day"].max() + timedelta(days=1)  # type: ignore[operator]
        with tempfile.TemporaryDirectory() as directory:
            warehouse = NewsWarehouse(database=str(Path(directory) / "news.duckdb"))
            store = warehouse.store()
            first_day = pages["day"].min()
            store.write_window("bench", "staging.parsed_pages", pages, first_day, run_day)  # type: ignore[arg-type]

            old_examples, old_seconds = timed(previous_policy, warehouse, registry, run_day)
            new_examples, new_seconds = timed(new_policy, warehouse, registry, run_day)
            _, cached_seconds = timed(new_policy, warehouse, registry, run_day)
        print(
            f"| {days} | {pages.height} | {old_seconds:.1f} | {new_seconds:.1f} | "
            f"{cached_seconds:.1f} | {old_examples} / {new_examples} |"
        )
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"\npeak RSS of the process: {peak:.0f} MB")


if __name__ == "__main__":
    main()
