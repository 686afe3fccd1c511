"""The topic model: deterministic, versioned, round-trips, and good enough on real Hespress text.

The Hespress slice is read from the shared datasets (third-party, not in the repo); those tests
are skipped when the file is absent.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

import pytest

from pipelines.news.topics import corpora
from pipelines.news.topics.model import (
    DEFAULT_PARAMS,
    GENERAL,
    TopicExample,
    TopicModel,
    evaluate,
    model_version,
    train_topic_model,
)
from pipelines.news.topics.places import place_tokens

REPO = Path(__file__).resolve().parents[2]
DATASETS = corpora.datasets_dir()

# Tiny hand-written corpus (our own sentences): enough for the mechanics, not for quality.
_TOY = {
    "sport": ["فاز الوداد على الرجاء في مباراة الدوري", "المنتخب الوطني لكرة القدم يتأهل"],
    "economy": ["ارتفاع أسعار النفط في السوق", "البنك المركزي يخفض سعر الفائدة"],
    "crime": ["الشرطة توقف لصا سرق هاتفا", "المحكمة تدين متهما بالسرقة والنصب"],
}
TOY = [
    TopicExample(title=text.split()[0], body=f"{text} {text}", label=label)
    for label, texts in _TOY.items()
    for text in texts * 3
]


def test_training_is_deterministic() -> None:
    first, second = train_topic_model(TOY), train_topic_model(TOY)
    assert first.version == second.version
    assert (
        first.version.startswith("tfidf-linear-")
        and len(first.version) == len("tfidf-linear-") + 12
    )
    assert first.predict(TOY) == second.predict(TOY)


def test_version_changes_with_data_and_with_params() -> None:
    base = model_version(TOY, DEFAULT_PARAMS)
    relabelled = [replace(TOY[0], label="economy"), *TOY[1:]]
    assert model_version(relabelled, DEFAULT_PARAMS) != base
    assert model_version(list(reversed(TOY)), DEFAULT_PARAMS) != base
    assert model_version(TOY, replace(DEFAULT_PARAMS, svm_c=2.0)) != base
    assert model_version(TOY, replace(DEFAULT_PARAMS, abstain_below=0.5)) != base


def test_bytes_round_trip_predicts_the_same() -> None:
    model = train_topic_model(TOY)
    loaded = TopicModel.from_bytes(model.to_bytes())
    assert (loaded.version, loaded.labels, loaded.params) == (
        model.version,
        model.labels,
        model.params,
    )
    assert loaded.predict(TOY) == model.predict(TOY)


def test_from_bytes_refuses_a_foreign_pickle() -> None:
    import pickle

    with pytest.raises(ValueError, match="not a topic model"):
        TopicModel.from_bytes(pickle.dumps({"format": 0}))


def test_confidences_are_probabilities_and_low_ones_abstain() -> None:
    model = train_topic_model(TOY, replace(DEFAULT_PARAMS, abstain_below=0.99))
    predictions = model.predict([*TOY, TopicExample("", "كلام لا علاقة له بشيء", None)])
    assert all(0.0 <= p.confidence <= 1.0 for p in predictions)
    assert all((p.topic == GENERAL) == (p.confidence < 0.99) for p in predictions)
    assert predictions[-1].topic == GENERAL


def test_confusion_matrix_sums_to_n_and_abstentions_are_counted() -> None:
    evaluation = evaluate(train_topic_model(TOY, replace(DEFAULT_PARAMS, abstain_below=0.7)), TOY)
    assert sum(map(sum, evaluation.confusion)) == evaluation.n == len(TOY)
    assert sum(row[-1] for row in evaluation.confusion) == evaluation.abstained
    assert evaluation.labels == ("crime", "economy", "sport")
    assert evaluation.confusion_markdown().count("\n") == 2 + len(evaluation.labels) - 1


def test_gazetteer_finds_places_with_glued_prepositions() -> None:
    assert place_tokens("حادث بالدار البيضاء ووقفة بمراكش") == ["دار_بيضاء", "مراكش"]


def _needs(name: str) -> Path:
    path = DATASETS / name
    if not path.exists():
        pytest.skip(
            f"{path} not found (third-party dataset, not in the repo; set AKHBAR_SHARED_DATA)"
        )
    return path


def _per_topic(rows: Sequence[TopicExample], n: int, *, newest: bool) -> list[TopicExample]:
    by_label: dict[str | None, list[TopicExample]] = defaultdict(list)
    for row in rows:
        by_label[row.label].append(row)
    return [r for rs in by_label.values() for r in (rs[-n:] if newest else rs[:n])]


def test_hespress_split_is_by_time_within_each_topic() -> None:
    rows = corpora.load_hespress(_needs(corpora.HESPRESS_FILE))
    train, test = corpora.hespress_time_split(rows)
    assert (len(train), len(test)) == (4200, 1800)
    for label in {r.label for r in rows}:
        dated = sorted((r for r in rows if r.label == label), key=lambda r: (r.published, r.id))
        assert [r.example for r in dated[700:]] == [e for e in test if e.label == label]


def test_on_a_slice_of_hespress_ours_clears_measured_floors() -> None:
    # 150 newest train / 60 oldest test stories per topic. Measured (sklearn 1.9.1): without
    # abstention 0.860 (baseline word TF-IDF + LinearSVC: 0.848); with it, 0.927 on the 84%
    # covered. Floors sit a little under, so a real regression fails.
    train, test = corpora.hespress_time_split(corpora.load_hespress(_needs(corpora.HESPRESS_FILE)))
    train, test = _per_topic(train, 150, newest=True), _per_topic(test, 60, newest=False)
    abstaining = evaluate(train_topic_model(train), test)
    assert abstaining.coverage >= 0.80
    assert abstaining.covered_macro_f1 >= 0.90
    assert min(abstaining.covered_per_class_f1.values()) >= 0.85
    assert abstaining.macro_f1 <= abstaining.covered_macro_f1
    always = evaluate(train_topic_model(train, replace(DEFAULT_PARAMS, abstain_below=0.0)), test)
    assert always.abstained == 0
    assert always.macro_f1 >= 0.85


def test_ant_outlet_split_holds_one_outlet_out() -> None:
    rows = corpora.load_ant(_needs(corpora.ANT_FILE))
    train, test = corpora.ant_outlet_split(rows, "CNN")
    assert len(test) == sum(r.outlet == "CNN" for r in rows)
    assert len(train) + len(test) == len(rows)
    assert {e.label for e in test} <= {"world", "sport", "economy", "tech", "culture"}
    with pytest.raises(ValueError):
        corpora.ant_outlet_split(rows, "hespress")
