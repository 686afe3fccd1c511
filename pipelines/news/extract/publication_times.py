"""When the page was published, and when it says it was last modified."""

from __future__ import annotations

import re
from datetime import datetime

from selectolax.lexbor import LexborHTMLParser, LexborNode

from pipelines.news.dates import find_date_span, parse_date_text, parse_iso
from pipelines.news.extract.boilerplate import NOISE_ONLY, Ancestry, attribute_words
from pipelines.news.extract.meta_tags import meta_values
from pipelines.news.extract.page_metadata import (
    MODIFIED_META_KEYS,
    PUBLISHED_META_KEYS,
    PageMetadata,
)
from pipelines.news.extract.republication import Republication
from pipelines.news.extract.titles import SHORT_TEXT_CHARS, title_scopes
from pipelines.news.models import PublishedTime

_DATE_SELECTOR = (
    'time, [itemprop*="date" i], [class*="date" i], [class*="time" i], [class*="publish" i],'
    ' [class*="meta" i], [class*="byline" i], [id*="date" i]'
)
# Elements holding the last-modified time: never the publication date when a better one exists.
_UPDATE_WORDS = frozenset({"updated", "update", "modified", "lastmod", "revised"})
_MAX_UPDATE_LABELS = 3
_UPDATE_LABEL = re.compile(r"(?:آخر\s+)?تحديث|تم\s+التحديث|updated|modifié|mis\s+à\s+jour", re.I)


def find_published(
    metadata: PageMetadata,
    tree: LexborHTMLParser,
    ancestry: Ancestry,
    heading: LexborNode | None,
    republication: Republication | None,
    fetched_at: datetime | None,
) -> PublishedTime | None:
    for value in (metadata.date_published, *meta_values(metadata, PUBLISHED_META_KEYS)):
        if value:
            parsed = parse_iso(value)
            if parsed is not None:
                return parsed
    for node in tree.css('[itemprop="datePublished"], time[datetime]'):
        value = node.attributes.get("datetime") or node.attributes.get("content")
        if value and not ancestry.within(node, NOISE_ONLY) and not _marks_update(node):
            parsed = parse_iso(value)
            if parsed is not None:
                return parsed
    if republication is not None and republication.published is not None:
        return republication.published
    for scope in title_scopes(heading):
        parsed = _visible_date(scope, ancestry, fetched_at)
        if parsed is not None:
            return parsed
    return _visible_date(tree.body, ancestry, fetched_at) if tree.body is not None else None


def find_modified(metadata: PageMetadata, tree: LexborHTMLParser) -> PublishedTime | None:
    """The last-modified time the page declares (structured data only: text is too ambiguous)."""
    values = [metadata.date_modified, *meta_values(metadata, MODIFIED_META_KEYS)]
    values += [
        node.attributes.get("datetime") or node.attributes.get("content")
        for node in tree.css('[itemprop="dateModified"]')
    ]
    for value in values:
        if value:
            parsed = parse_iso(value)
            if parsed is not None:
                return parsed
    return None


def _marks_update(node: LexborNode) -> bool:
    itemprop = (node.attributes.get("itemprop") or "").lower()
    return itemprop == "datemodified" or bool(attribute_words(node) & _UPDATE_WORDS)


def _visible_date(
    scope: LexborNode, ancestry: Ancestry, fetched_at: datetime | None
) -> PublishedTime | None:
    candidates = list(scope.css(_DATE_SELECTOR))
    candidates += [child for child in scope.iter() if child.tag in ("p", "span", "div", "small")]
    for node in candidates:
        text = node.text()
        if len(text) > SHORT_TEXT_CHARS or ancestry.within(node, NOISE_ONLY):
            continue
        if _marks_update(node):
            continue
        parsed = parse_date_text(_without_update_dates(text), fetched_at)
        if parsed is not None:
            return parsed
    return None


def _without_update_dates(text: str) -> str:
    """``text`` without "آخر تحديث: <date>" parts: that is the modified date, not the published."""
    for _ in range(_MAX_UPDATE_LABELS):
        label = _UPDATE_LABEL.search(text)
        if label is None:
            break
        span = find_date_span(text[label.end() :])
        if span is None:
            return text[: label.start()]
        text = f"{text[: label.start()]} {text[label.end() + span[1] :]}"
    return text
