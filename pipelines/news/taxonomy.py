"""The topic taxonomy (``taxonomy.yaml``): topic keys, their names, generic section labels."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import yaml

from pipelines.news.arabic import normalize_key

DEFAULT_TAXONOMY = Path(__file__).resolve().parent / "taxonomy.yaml"


class TaxonomyError(ValueError):
    """The taxonomy file is malformed; the message names the file and the entry."""


@dataclass(frozen=True)
class Taxonomy:
    topics: tuple[str, ...]
    names: Mapping[str, Mapping[str, str]]
    # normalised section label -> topic key
    labels: Mapping[str, str]
    broad: frozenset[str]

    def topic_for_label(self, label: str | None) -> str | None:
        """The topic a generic section label means, or None (unknown or too broad)."""
        if not label:
            return None
        return self.labels.get(normalize_key(label))


def load_taxonomy(path: str | Path = DEFAULT_TAXONOMY) -> Taxonomy:
    path = Path(path)
    try:
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise TaxonomyError(f"{path}: cannot read the taxonomy ({error})") from None
    if not isinstance(document, dict) or not isinstance(document.get("topics"), dict):
        raise TaxonomyError(f"{path}: expected a 'topics' mapping")
    topics = tuple(str(t) for t in document["topics"])
    labels: dict[str, str] = {}
    for topic, topic_labels in (document.get("labels") or {}).items():
        if topic not in topics:
            raise TaxonomyError(f"{path}: labels given for unknown topic {topic!r}")
        for label in topic_labels or []:
            key = normalize_key(str(label))
            if labels.setdefault(key, topic) != topic:
                raise TaxonomyError(
                    f"{path}: label {label!r} is listed under {labels[key]!r} and {topic!r}"
                )
    broad_labels = [str(b) for b in document.get("broad") or []]
    for label in broad_labels:
        topic = labels.get(normalize_key(label))
        if topic is not None:
            raise TaxonomyError(
                f"{path}: label {label!r} is listed under 'broad' and under topic {topic!r}; "
                "a broad label names no topic, keep it in one place"
            )
    broad = frozenset(normalize_key(b) for b in broad_labels)
    names = {
        str(t): {str(k): str(v) for k, v in (n or {}).items()}
        for t, n in document["topics"].items()
    }
    return Taxonomy(topics=topics, names=names, labels=labels, broad=broad)
