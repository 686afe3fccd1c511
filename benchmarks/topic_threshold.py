"""Choose the topic model's abstention threshold without looking at the test split.

The Hespress training split (each topic's oldest 70%) is split again by time within each
topic: its oldest 80% fits the model, its newest 20% validates. Prints, per threshold, the
validation macro-F1 counting abstentions as misses, on the labelled articles only, the weakest
class on those, and the coverage.

    .venv/bin/python benchmarks/topic_threshold.py
"""

import dataclasses
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pipelines.news.topics.corpora import (
    HESPRESS_FILE,
    datasets_dir,
    load_hespress,
    split_within_label,
)
from pipelines.news.topics.model import DEFAULT_PARAMS, evaluate, train_topic_model

THRESHOLDS = (0.4, 0.5, 0.55, 0.6, 0.65, 0.7)


def main() -> None:
    path = datasets_dir() / HESPRESS_FILE
    if not path.exists():
        raise SystemExit(f"skipping: {path} not found (set AKHBAR_SHARED_DATA)")
    ordered = sorted(load_hespress(path), key=lambda r: (r.published, r.id))
    train, _test = split_within_label(ordered, lambda r: r.label, 0.7)
    fit, validation = split_within_label(train, lambda r: r.label, 0.8)
    model = train_topic_model([r.example for r in fit], DEFAULT_PARAMS)
    print(f"fit {len(fit)}, validation {len(validation)} (the test split is not read)")
    print("| abstain below | macro-F1 strict | macro-F1 labelled only | weakest class | coverage |")
    print("|---|---|---|---|---|")
    for threshold in THRESHOLDS:
        params = dataclasses.replace(model.params, abstain_below=threshold)
        scores = evaluate(
            dataclasses.replace(model, params=params), [r.example for r in validation]
        )
        weakest = min(scores.covered_per_class_f1.values())
        print(
            f"| {threshold} | {scores.macro_f1:.3f} | {scores.covered_macro_f1:.3f} "
            f"| {weakest:.3f} | {scores.coverage:.1%} |"
        )


if __name__ == "__main__":
    main()
