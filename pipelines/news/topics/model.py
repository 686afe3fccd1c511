"""A topic classifier for articles whose section is missing or too broad, with a confidence.

Features (each a TF-IDF block over normalised Arabic words, see :mod:`pipelines.news.arabic`):
the whole text; the title again and the lead (first characters of the body) again, so that
where an editor puts the words counts; and the Moroccan places the title and lead name
(:mod:`pipelines.news.topics.places`), which separates local ("regions") from national
("society") stories. A linear SVM is calibrated into probabilities (Platt sigmoid, k folds);
below ``abstain_below`` the model answers ``GENERAL`` rather than guess.

scikit-learn is untyped: its objects are ``Any`` at the boundary of this module.
"""

from __future__ import annotations

import hashlib
import json
import pickle
from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np
import scipy.sparse as sp
from sklearn.calibration import CalibratedClassifierCV
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics import f1_score
from sklearn.svm import LinearSVC

from pipelines.news.arabic import arabic_tokens
from pipelines.news.topics.places import place_tokens

GENERAL = "general"
METHOD = "tfidf-linear"
_FORMAT = 1  # bump when the pickled layout changes


@dataclass(frozen=True)
class TopicExample:
    """An article as the topic model sees it; ``label`` is a taxonomy topic, or None if unknown."""

    title: str
    body: str
    label: str | None


@dataclass(frozen=True)
class TopicPrediction:
    """``topic`` from the taxonomy, or ``GENERAL`` when unsure; ``confidence`` in [0, 1]."""

    topic: str
    confidence: float


@dataclass(frozen=True)
class TopicModelParams:
    """Hyper-parameters. Part of the model version: change one, get a new version.

    Block weights multiply each TF-IDF block (L2-normalised rows) before the linear model.
    ``abstain_below`` is a calibrated probability; 0 turns abstention off.
    """

    lead_chars: int = 400
    title_weight: float = 0.5
    lead_weight: float = 0.5
    place_weight: float = 0.5
    svm_c: float = 1.0
    max_iter: int = 10_000
    calibration_folds: int = 5
    abstain_below: float = 0.6
    random_state: int = 0


DEFAULT_PARAMS = TopicModelParams()


def _word_vectorizer(*, sublinear: bool) -> Any:
    return TfidfVectorizer(
        analyzer=arabic_tokens, sublinear_tf=sublinear, dtype=np.float32, lowercase=False
    )


NO_PLACE = "<no-place>"


def _places_or_none(text: str) -> list[str]:
    # "Names no place" is itself a clue (national news), and keeps the vocabulary non-empty
    # for corpora with no Moroccan place at all.
    return place_tokens(text) or [NO_PLACE]


def _place_vectorizer() -> Any:
    return TfidfVectorizer(analyzer=_places_or_none, dtype=np.float32, lowercase=False)


@dataclass(frozen=True)
class _Features:
    """The fitted vectorizers, one per text block, and their weights."""

    params: TopicModelParams
    text: Any
    title: Any
    lead: Any
    places: Any

    @classmethod
    def fit(cls, examples: Sequence[TopicExample], params: TopicModelParams) -> _Features:
        features = cls(
            params, _word_vectorizer(sublinear=False), _word_vectorizer(sublinear=True),
            _word_vectorizer(sublinear=True), _place_vectorizer(),
        )  # fmt: skip
        for vectorizer, texts in zip(
            features._vectorizers(), features._blocks(examples), strict=True
        ):
            vectorizer.fit(texts)
        return features

    def transform(self, examples: Sequence[TopicExample]) -> Any:
        p = self.params
        weights = (1.0, p.title_weight, p.lead_weight, p.place_weight)
        blocks = [
            vectorizer.transform(texts) * weight
            for vectorizer, texts, weight in zip(
                self._vectorizers(), self._blocks(examples), weights, strict=True
            )
        ]
        return sp.hstack(blocks, format="csr")

    def _vectorizers(self) -> tuple[Any, Any, Any, Any]:
        return self.text, self.title, self.lead, self.places

    def _blocks(self, examples: Sequence[TopicExample]) -> list[list[str]]:
        leads = [e.body[: self.params.lead_chars] for e in examples]
        return [
            [f"{e.title}\n{e.body}" for e in examples],
            [e.title for e in examples],
            leads,
            [f"{e.title}\n{lead}" for e, lead in zip(examples, leads, strict=True)],
        ]


@dataclass(frozen=True)
class TopicModel:
    """A fitted topic classifier. ``version`` names the training data and parameters."""

    version: str
    labels: tuple[str, ...]
    params: TopicModelParams
    _features: _Features
    _classifier: Any

    def predict(self, examples: Sequence[TopicExample]) -> list[TopicPrediction]:
        """One prediction per example, in order (labels of the examples are ignored)."""
        if not examples:
            return []
        probabilities = self._classifier.predict_proba(self._features.transform(examples))
        classes = [str(c) for c in self._classifier.classes_]
        predictions = []
        for row in probabilities:
            best = int(np.argmax(row))
            confidence = float(row[best])
            topic = classes[best] if confidence >= self.params.abstain_below else GENERAL
            predictions.append(TopicPrediction(topic, confidence))
        return predictions

    def to_bytes(self) -> bytes:
        """The model as a pickle. Load it only with :meth:`from_bytes`, and only our own files:
        unpickling runs code chosen by whoever wrote the bytes."""
        payload = {
            "format": _FORMAT,
            "version": self.version,
            "labels": self.labels,
            "params": asdict(self.params),
            "features": self._features,
            "classifier": self._classifier,
        }
        return pickle.dumps(payload, protocol=pickle.HIGHEST_PROTOCOL)

    @classmethod
    def from_bytes(cls, data: bytes) -> TopicModel:
        """A model written by :meth:`to_bytes` (trusted input only, see there)."""
        payload = pickle.loads(data)  # our own artefacts only
        if not isinstance(payload, dict) or payload.get("format") != _FORMAT:
            raise ValueError("not a topic model written by this version of TopicModel.to_bytes")
        return cls(
            version=payload["version"],
            labels=tuple(payload["labels"]),
            params=TopicModelParams(**payload["params"]),
            _features=payload["features"],
            _classifier=payload["classifier"],
        )


def model_version(examples: Sequence[TopicExample], params: TopicModelParams) -> str:
    """``tfidf-linear-<12 hex>``: sha256 of the examples' (title, body, label) in order + params."""
    digest = hashlib.sha256()
    digest.update(json.dumps(asdict(params), sort_keys=True).encode())
    for e in examples:
        digest.update(json.dumps([e.title, e.body, e.label], ensure_ascii=False).encode())
        digest.update(b"\n")
    return f"{METHOD}-{digest.hexdigest()[:12]}"


def train_topic_model(
    examples: Sequence[TopicExample], params: TopicModelParams = DEFAULT_PARAMS
) -> TopicModel:
    """Fit on the labelled ``examples`` (unlabelled ones are skipped). Deterministic.

    Each topic needs at least 2 examples (calibration folds are capped by the rarest topic).
    """
    labelled = [e for e in examples if e.label is not None]
    counts = Counter(e.label for e in labelled)
    if len(counts) < 2 or min(counts.values()) < 2:
        raise ValueError(f"need 2+ topics with 2+ examples each, got {dict(counts)}")
    features = _Features.fit(labelled, params)
    svm = LinearSVC(C=params.svm_c, max_iter=params.max_iter, random_state=params.random_state)
    folds = min(params.calibration_folds, min(counts.values()))
    classifier = CalibratedClassifierCV(svm, method="sigmoid", cv=folds)
    classifier.fit(features.transform(labelled), [e.label for e in labelled])
    return TopicModel(
        version=model_version(examples, params),
        labels=tuple(str(c) for c in classifier.classes_),
        params=params,
        _features=features,
        _classifier=classifier,
    )


@dataclass(frozen=True)
class TopicEvaluation:
    """Scores of a model on labelled examples.

    ``macro_f1``/``per_class_f1`` count an abstention (``GENERAL``) as a miss: the strict score.
    ``covered_*`` score only the examples the model did not abstain on. ``confusion[i][j]``
    counts true ``labels[i]`` predicted ``columns[j]``; the last column is ``GENERAL``.
    Macro-F1 averages the topics present in the examples.
    """

    macro_f1: float
    per_class_f1: dict[str, float]
    labels: tuple[str, ...]
    confusion: list[list[int]]
    abstained: int
    n: int
    covered_macro_f1: float
    covered_per_class_f1: dict[str, float]

    @property
    def columns(self) -> tuple[str, ...]:
        return (*self.labels, GENERAL)

    @property
    def coverage(self) -> float:
        """Share of examples given a topic rather than ``GENERAL``."""
        return (self.n - self.abstained) / self.n if self.n else 0.0

    def confusion_markdown(self) -> str:
        """The confusion matrix as a Markdown table (rows: true topic, columns: predicted)."""
        lines = [
            "| true \\ predicted | " + " | ".join(self.columns) + " |",
            "|---" * (len(self.columns) + 1) + "|",
        ]
        for label, row in zip(self.labels, self.confusion, strict=True):
            lines.append(f"| {label} | " + " | ".join(str(v) for v in row) + " |")
        return "\n".join(lines)


def evaluate(model: TopicModel, examples: Sequence[TopicExample]) -> TopicEvaluation:
    """Score ``model`` on labelled ``examples`` (every example needs a label)."""
    truth = [e.label for e in examples]
    if any(t is None for t in truth):
        raise ValueError("evaluate() needs labelled examples")
    true = [str(t) for t in truth]
    predicted = [p.topic for p in model.predict(examples)]
    present = sorted(set(true))
    labels = tuple(sorted(set(present) | set(model.labels)))
    columns = (*labels, GENERAL)
    index = {c: i for i, c in enumerate(columns)}
    confusion = [[0] * len(columns) for _ in labels]
    for t, p in zip(true, predicted, strict=True):
        confusion[index[t]][index[p]] += 1
    covered = [(t, p) for t, p in zip(true, predicted, strict=True) if p != GENERAL]
    strict = _f1(true, predicted, present)
    kept = _f1([t for t, _ in covered], [p for _, p in covered], present)
    return TopicEvaluation(
        macro_f1=_mean(strict),
        per_class_f1=strict,
        labels=labels,
        confusion=confusion,
        abstained=len(true) - len(covered),
        n=len(true),
        covered_macro_f1=_mean(kept),
        covered_per_class_f1=kept,
    )


def _f1(true: Sequence[str], predicted: Sequence[str], labels: Sequence[str]) -> dict[str, float]:
    if not true:
        return {label: 0.0 for label in labels}
    scores: Any = f1_score(true, predicted, labels=list(labels), average=None, zero_division=0)
    return {label: float(s) for label, s in zip(labels, scores, strict=True)}


def _mean(scores: dict[str, float]) -> float:
    return sum(scores.values()) / len(scores) if scores else 0.0
