"""Topics of articles: the outlet's section label where it says enough, else the classifier.

The section label, mapped by the source registry and the taxonomy, is trusted when it names
a topic; those articles are also the classifier's (weak) supervision. Articles without a
section, or with one too broad to say ("أخبار", a home page), get the classifier's topic and
confidence. Every row says which method and which version decided it.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from collections.abc import Mapping, Sequence
from datetime import date

import polars as pl

from pipelines.news import tables
from pipelines.news.sources import Registry
from pipelines.news.topics.model import TopicExample, TopicModel

UNCLASSIFIED = "unclassified"
SECTION_MAP_METHOD = "section_map"
CLASSIFIER_METHOD = "classifier"
NO_METHOD = "none"


def section_map_version(registry: Registry) -> str:
    """A short hash of the label -> topic mappings (registry and taxonomy)."""
    mapping = {
        "outlets": {o.key: dict(sorted(o.sections.items())) for o in registry.outlets},
        "taxonomy": dict(sorted(registry.taxonomy.labels.items())),
        "broad": sorted(registry.taxonomy.broad),
    }
    digest = hashlib.sha256(json.dumps(mapping, sort_keys=True, ensure_ascii=False).encode())
    return f"{SECTION_MAP_METHOD}-{digest.hexdigest()[:12]}"


def _articles(parsed_pages: pl.DataFrame) -> pl.DataFrame:
    return parsed_pages.filter(pl.col("status") == "article")


def training_examples(parsed_pages: pl.DataFrame, registry: Registry) -> list[TopicExample]:
    """Articles whose section label reliably names a topic, as labelled examples, in a stable
    order (published day, then URL) so that the same data gives the same model version."""
    examples = []
    for row in _articles(parsed_pages).sort("published_day", "url").iter_rows(named=True):
        topic = registry.topic_for_section(row["outlet"], row["section"])
        if topic is not None:
            examples.append(TopicExample(row["title"] or "", row["body"] or "", topic))
    return examples


def assign_topics(
    parsed_pages: pl.DataFrame,
    registry: Registry,
    models: Mapping[date, TopicModel | None],
) -> pl.DataFrame:
    """``staging.article_topics`` rows for the articles among ``parsed_pages`` rows.

    The row's day is the article's Casablanca publication day; ``models`` gives the model in
    force for each such day (None, or a day missing: no model, the article stays
    'unclassified' unless its section names a topic).
    """
    articles = _articles(parsed_pages).sort("published_day", "url")
    mapped_version = section_map_version(registry)
    rows: list[dict[str, object]] = []
    unmapped: dict[date, list[dict[str, object]]] = defaultdict(list)
    for row in articles.iter_rows(named=True):
        topic = registry.topic_for_section(row["outlet"], row["section"])
        base = {"day": row["published_day"], "url": row["url"], "outlet": row["outlet"]}
        if topic is None:
            unmapped[row["published_day"]].append(
                {**base, "title": row["title"], "body": row["body"]}
            )
        else:
            rows.append(
                {
                    **base,
                    "topic": topic,
                    "method": SECTION_MAP_METHOD,
                    "model_version": mapped_version,
                    "confidence": 1.0,
                }
            )
    for day in sorted(unmapped):
        rows.extend(_classified(unmapped[day], models.get(day)))
    return tables.frame(rows, tables.ARTICLE_TOPICS)


def _classified(
    unmapped: Sequence[dict[str, object]], model: TopicModel | None
) -> list[dict[str, object]]:
    """Classifier rows for articles their section could not place; without a model they stay
    'unclassified' (kept and counted, never dropped)."""
    if not unmapped:
        return []
    if model is None:
        return [
            {
                **_key(a),
                "topic": UNCLASSIFIED,
                "method": NO_METHOD,
                "model_version": NO_METHOD,
                "confidence": None,
            }
            for a in unmapped
        ]
    predictions = model.predict(
        [TopicExample(str(a["title"] or ""), str(a["body"] or ""), None) for a in unmapped]
    )
    return [
        {
            **_key(a),
            "topic": p.topic,
            "method": CLASSIFIER_METHOD,
            "model_version": model.version,
            "confidence": p.confidence,
        }
        for a, p in zip(unmapped, predictions, strict=True)
    ]


def _key(article: dict[str, object]) -> dict[str, object]:
    return {"day": article["day"], "url": article["url"], "outlet": article["outlet"]}
