"""Our topic model against a plain baseline, in the same run, on the same splits.

Usage (from the repository root):

    .venv/bin/python benchmarks/topics.py [--outlets alarabia,BBC] [--no-ablations]

Data: ``<shared>/datasets`` (third-party, never copied into the repo), where ``<shared>`` is
``$AKHBAR_SHARED_DATA`` or ``../shared/data`` beside the repository.

* Hespress: each topic's oldest 70% trains, its newest 30% tests (``hespress_time_split``).
* ANT multi-source (May 2018): train on four outlets, test on the held-out fifth.

Baseline: word-unigram TF-IDF (scikit-learn defaults) over ``title + " " + body`` and a LinearSVC.
Ours: ``train_topic_model`` with ``DEFAULT_PARAMS``, scored strictly (abstentions count as
misses), on the covered part only, and with abstention off. Ablations turn one idea off at a time.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any, TypeVar

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from sklearn.feature_extraction.text import TfidfVectorizer  # noqa: E402
from sklearn.metrics import f1_score  # noqa: E402
from sklearn.svm import LinearSVC  # noqa: E402

from pipelines.news.topics import corpora  # noqa: E402
from pipelines.news.topics.model import (  # noqa: E402
    DEFAULT_PARAMS,
    TopicEvaluation,
    TopicExample,
    TopicModelParams,
    evaluate,
    train_topic_model,
)

ABLATIONS: dict[str, TopicModelParams] = {
    "ours, no abstention": replace(DEFAULT_PARAMS, abstain_below=0.0),
    "  - title/lead blocks": replace(
        DEFAULT_PARAMS, abstain_below=0.0, title_weight=0.0, lead_weight=0.0
    ),
    "  - place gazetteer": replace(DEFAULT_PARAMS, abstain_below=0.0, place_weight=0.0),
}


def baseline(train: Sequence[TopicExample], test: Sequence[TopicExample]) -> dict[str, float]:
    """Per-class F1 of word-unigram TF-IDF + LinearSVC (the issue's reference)."""
    vectorizer: Any = TfidfVectorizer()
    x = vectorizer.fit_transform([f"{e.title} {e.body}" for e in train])
    model: Any = LinearSVC(max_iter=10_000, random_state=0).fit(x, [e.label for e in train])
    predicted = model.predict(vectorizer.transform([f"{e.title} {e.body}" for e in test]))
    labels = sorted({str(e.label) for e in test})
    scores = f1_score([e.label for e in test], predicted, labels=labels, average=None)
    return {label: float(s) for label, s in zip(labels, scores, strict=True)}


T = TypeVar("T")


def timed(run: Callable[[], T]) -> tuple[T, float]:
    start = time.perf_counter()
    result = run()
    return result, time.perf_counter() - start


def report(
    name: str,
    train: Sequence[TopicExample],
    test: Sequence[TopicExample],
    ablations: bool,
) -> None:
    print(f"\n### {name}: {len(train)} train, {len(test)} test\n")
    labels = sorted({str(e.label) for e in test})
    print("| model | macro-F1 | min class | " + " | ".join(labels) + " | coverage | seconds |")
    print("|---" * (len(labels) + 5) + "|")

    def row(model: str, scores: dict[str, float], coverage: float, seconds: float) -> None:
        macro = sum(scores.values()) / len(scores)
        cells = " | ".join(f"{scores[label]:.3f}" for label in labels)
        print(
            f"| {model} | {macro:.3f} | {min(scores.values()):.3f} | {cells} "
            f"| {coverage:.1%} | {seconds:.1f} |"
        )

    scores, seconds = timed(lambda: baseline(train, test))
    row("baseline: word TF-IDF + LinearSVC", scores, 1.0, seconds)

    def ours(params: TopicModelParams) -> tuple[TopicEvaluation, float]:
        return timed(lambda: evaluate(train_topic_model(train, params), test))

    evaluation, seconds = ours(DEFAULT_PARAMS)
    threshold = DEFAULT_PARAMS.abstain_below
    row(f"ours, abstain < {threshold} (strict)", evaluation.per_class_f1, 1.0, seconds)
    row(
        f"ours, abstain < {threshold} (covered only)",
        evaluation.covered_per_class_f1,
        evaluation.coverage,
        seconds,
    )
    for model, params in ABLATIONS.items() if ablations else list(ABLATIONS.items())[:1]:
        other, seconds = ours(params)
        row(model, other.per_class_f1, other.coverage, seconds)
    print(f"\nConfusion, ours (abstain < {threshold}):\n")
    print(evaluation.confusion_markdown())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--outlets", default=",".join(corpora.ANT_OUTLETS), help="ANT outlets to hold out"
    )
    parser.add_argument("--no-ablations", action="store_true", help="skip the ablation rows")
    args = parser.parse_args()
    datasets = corpora.datasets_dir()
    if (
        not (datasets / corpora.HESPRESS_FILE).exists()
        or not (datasets / corpora.ANT_FILE).exists()
    ):
        print(
            f"skipping: datasets not found in {datasets} (set AKHBAR_SHARED_DATA)", file=sys.stderr
        )
        return 0
    hespress, seconds = timed(lambda: corpora.load_hespress(datasets / corpora.HESPRESS_FILE))
    print(f"loaded Hespress in {seconds:.1f} s")
    train, test = corpora.hespress_time_split(hespress)
    report("Hespress, time split within each topic (70/30)", train, test, not args.no_ablations)
    ant = corpora.load_ant(datasets / corpora.ANT_FILE)
    for outlet in args.outlets.split(","):
        train, test = corpora.ant_outlet_split(ant, outlet)
        report(f"ANT May 2018, held-out outlet {outlet}", train, test, ablations=False)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
