"""Topics of articles. For now: each outlet's own section label, mapped by the registry."""

from __future__ import annotations

import hashlib
import json

import polars as pl

from pipelines.news import tables
from pipelines.news.sources import Registry

UNCLASSIFIED = "unclassified"
SECTION_MAP_METHOD = "section_map"


def section_map_version(registry: Registry) -> str:
    """A short hash of the label -> topic mapping, so each mart row knows what counted it."""
    mapping = {o.key: dict(sorted(o.sections.items())) for o in registry.outlets}
    digest = hashlib.sha256(json.dumps(mapping, sort_keys=True, ensure_ascii=False).encode())
    return f"{SECTION_MAP_METHOD}-{digest.hexdigest()[:12]}"


def assign_topics(articles: pl.DataFrame, registry: Registry) -> pl.DataFrame:
    """``staging.article_topics`` rows for rows of ``staging.parsed_pages`` with status article.

    The row's day is the article's Casablanca publication day.
    """
    version = section_map_version(registry)
    rows = [
        {
            "day": row["published_day"],
            "url": row["url"],
            "outlet": row["outlet"],
            "topic": registry.topic_for_section(row["outlet"], row["section"]) or UNCLASSIFIED,
            "method": SECTION_MAP_METHOD,
            "model_version": version,
        }
        for row in articles.filter(pl.col("status") == "article").iter_rows(named=True)
    ]
    return tables.frame(rows, tables.ARTICLE_TOPICS)
