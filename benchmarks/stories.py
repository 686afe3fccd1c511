"""Story clustering on the whole demo history against its truth story ids, with a baseline.

Usage (from the repository root):

    .venv/bin/python benchmarks/stories.py [--seed 7] [--days 60]

Every local day is clustered in order against its lookback days (``stories_for_days``),
from the corpus the site serves (the truth's titles and bodies, no HTTP). Scores are pair
precision/recall/F1 over all articles. The baseline puts articles with the same normalised
title in one story; it is what counting distinct headlines would give.
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
import time
from collections import defaultdict
from datetime import date
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from pipelines.demo_site.corpus import DEMO_DAYS  # noqa: E402
from pipelines.demo_site.generator import build_corpus  # noqa: E402
from pipelines.demo_site.truth import story_article  # noqa: E402
from pipelines.news.stories.clustering import (  # noqa: E402
    DEFAULT_STORY_PARAMS,
    PairScores,
    StoryArticle,
    StoryParams,
    pair_scores,
)
from pipelines.news.stories.ticker_matching import title_key  # noqa: E402
from pipelines.news.stories.window import stories_day_by_day  # noqa: E402


def run(
    by_day: dict[date, list[StoryArticle]], params: StoryParams
) -> tuple[dict[str, str], list[float]]:
    """``stories_for_days``, timing each day (the pipeline's own lookback loop)."""
    result: dict[str, str] = {}
    seconds: list[float] = []
    started = time.perf_counter()
    for _, stories in stories_day_by_day(sorted(by_day), by_day, (), params):
        seconds.append(time.perf_counter() - started)
        result.update(stories)
        started = time.perf_counter()
    return result, seconds


def row(name: str, scores: PairScores, stories: int, ms_per_day: str) -> str:
    return (
        f"| {name} | {scores.precision:.3f} | {scores.recall:.3f} | {scores.f1:.3f} | "
        f"{scores.true_pairs} | {scores.predicted_pairs} | {stories} | {ms_per_day} |"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--days", type=int, default=DEMO_DAYS)
    args = parser.parse_args()

    corpus = build_corpus(args.seed, days=args.days)
    truth = {a.path: a.story_id for a in corpus.articles}
    by_day: dict[date, list[StoryArticle]] = defaultdict(list)
    for article in corpus.articles:
        by_day[article.local_day].append(story_article(article))

    print(
        f"seed {args.seed}, {args.days} days, {len(corpus.articles)} articles, "
        f"{len(set(truth.values()))} true stories"
    )
    print("| method | pair P | pair R | F1 | true pairs | predicted pairs | stories | ms/day |")
    print("|---|---|---|---|---|---|---|---|")
    variants = {
        "MinHash LSH + verification (default)": DEFAULT_STORY_PARAMS,
        "same, no boilerplate filter": dataclasses.replace(
            DEFAULT_STORY_PARAMS, max_shingle_docs=10**9, max_shingle_share=1.0
        ),
    }
    for name, params in variants.items():
        predicted, seconds = run(by_day, params)
        ms = f"{1000 * sum(seconds) / len(seconds):.0f} (max {1000 * max(seconds):.0f})"
        print(row(name, pair_scores(predicted, truth), len(set(predicted.values())), ms))
    baseline = {a.path: title_key(a.title) for a in corpus.articles}
    print(
        row(
            "baseline: same normalised title",
            pair_scores(baseline, truth),
            len(set(baseline.values())),
            "n/a",
        )
    )


if __name__ == "__main__":
    main()
