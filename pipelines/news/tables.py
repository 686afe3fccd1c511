"""One Polars schema per warehouse table, in the column order of ``warehouse/sql/schema.sql``."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import polars as pl

UTC_TIME = pl.Datetime("us", "UTC")

FETCH_LOG: Mapping[str, pl.DataType] = {
    "run_id": pl.String(),
    "purpose": pl.String(),
    "url": pl.String(),
    "final_url": pl.String(),
    "status": pl.Int32(),
    "content_type": pl.String(),
    "charset": pl.String(),
    "bytes": pl.Int64(),
    "sha256": pl.String(),
    "attempt": pl.Int32(),
    "error": pl.String(),
    "error_kind": pl.String(),
    "etag": pl.String(),
    "last_modified": pl.String(),
    "fetched_at": UTC_TIME,
}

DISCOVERED_URLS: Mapping[str, pl.DataType] = {
    "day": pl.Date(),
    "url": pl.String(),
    "canonical_url": pl.String(),
    "outlet": pl.String(),
    "via": pl.String(),
    "listed_in": pl.String(),
    "duplicate_of": pl.String(),
}

PAGES: Mapping[str, pl.DataType] = {
    "day": pl.Date(),
    "url": pl.String(),
    "outlet": pl.String(),
    "final_url": pl.String(),
    "status": pl.Int32(),
    "content_type": pl.String(),
    "sha256": pl.String(),
    "error": pl.String(),
    "error_kind": pl.String(),
    "etag": pl.String(),
    "last_modified": pl.String(),
    "attempts": pl.Int32(),
    "fetched_at": UTC_TIME,
}

PARSED_PAGES: Mapping[str, pl.DataType] = {
    "day": pl.Date(),
    "url": pl.String(),
    "outlet": pl.String(),
    "status": pl.String(),
    "reason": pl.String(),
    "original_outlet": pl.String(),
    "original_url": pl.String(),
    "title": pl.String(),
    "published_at": UTC_TIME,
    "published_day": pl.Date(),
    "modified_at": UTC_TIME,
    "author": pl.String(),
    "section": pl.String(),
    "language": pl.String(),
    "body": pl.String(),
    "charset": pl.String(),
    "charset_rule": pl.String(),
}

TICKER_HEADLINES: Mapping[str, pl.DataType] = {
    "day": pl.Date(),
    "url": pl.String(),
    "position": pl.Int32(),
    "headline": pl.String(),
}

ARTICLE_TOPICS: Mapping[str, pl.DataType] = {
    "day": pl.Date(),
    "url": pl.String(),
    "outlet": pl.String(),
    "topic": pl.String(),
    "method": pl.String(),
    "model_version": pl.String(),
    "confidence": pl.Float64(),
}

ARTICLE_STORIES: Mapping[str, pl.DataType] = {
    "day": pl.Date(),
    "url": pl.String(),
    "outlet": pl.String(),
    "published_at": UTC_TIME,
    "story_id": pl.String(),
}

DAILY_TICKER_STORIES: Mapping[str, pl.DataType] = {
    "day": pl.Date(),
    "story_id": pl.String(),
    "headline": pl.String(),
    "times_shown": pl.Int64(),
}

TOPIC_MODELS: Mapping[str, pl.DataType] = {
    "day": pl.Date(),
    "model_version": pl.String(),
    "training_examples": pl.Int64(),
    "trained_until": pl.Date(),
}

# Statuses a discovered URL can end with in staging.parsed_pages.
PAGE_STATUSES = (
    "article",
    "non_article",
    "quarantined",
    "fetch_failed",
    "robots_disallowed",
    "duplicate",
)


def frame(rows: Sequence[Mapping[str, object]], schema: Mapping[str, pl.DataType]) -> pl.DataFrame:
    """Rows as a frame with exactly ``schema``'s columns and types (also when empty)."""
    return pl.DataFrame(list(rows), schema=dict(schema))
