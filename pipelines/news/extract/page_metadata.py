"""What a page declares about itself: ``<meta>`` tags and schema.org JSON-LD."""

from __future__ import annotations

import html
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from selectolax.lexbor import LexborHTMLParser

_ARTICLE_TYPES = frozenset(
    {
        "article",
        "newsarticle",
        "reportagenewsarticle",
        "blogposting",
        "analysisnewsarticle",
        "opinionnewsarticle",
        "backgroundnewsarticle",
        "report",
        "liveblogposting",
        "posting",
    }
)
# Keys are lower-cased ``property``/``name``/``itemprop`` values, best first.
PUBLISHED_META_KEYS = (
    "article:published_time",
    "og:published_time",
    "article:published",
    "datepublished",
    "pubdate",
    "publishdate",
    "publish-date",
    "publish_date",
    "published_time",
    "parsely-pub-date",
    "sailthru.date",
    "dc.date.issued",
    "dcterms.issued",
    "dc.date",
    "dcterms.date",
    "date",
)
MODIFIED_META_KEYS = (
    "article:modified_time",
    "og:updated_time",
    "article:modified",
    "datemodified",
    "last-modified",
    "dcterms.modified",
    "parsely-updated",
)
AUTHOR_META_KEYS = ("author", "article:author", "dc.creator", "parsely-author", "byl")
SECTION_META_KEYS = ("article:section", "articlesection", "parsely-section", "section")


@dataclass(frozen=True)
class PageMetadata:
    meta: dict[str, str]
    """Lower-cased meta key -> content of its first non-empty occurrence."""
    headline: str | None = None
    date_published: str | None = None
    date_modified: str | None = None
    author: str | None = None
    author_organization: str | None = None
    """An organisation named as author (a newsroom or a news agency): never a person."""
    section: str | None = None
    is_article_type: bool = False
    """JSON-LD or og:type says the page is an article."""


def read_metadata(tree: LexborHTMLParser) -> PageMetadata:
    meta: dict[str, str] = {}
    for node in tree.css("meta[content]"):
        attributes = node.attributes
        key = attributes.get("property") or attributes.get("name") or attributes.get("itemprop")
        content = (attributes.get("content") or "").strip()
        if key and content:
            meta.setdefault(key.strip().lower(), content)
    article = _json_ld_article(tree)
    og_type = meta.get("og:type", "").lower()
    if article is None:
        return PageMetadata(meta=meta, is_article_type=og_type == "article")
    return PageMetadata(
        meta=meta,
        headline=_text_value(article.get("headline") or article.get("headLine")),
        date_published=_text_value(article.get("datePublished")),
        date_modified=_text_value(article.get("dateModified")),
        author=_author_name(article.get("author")),
        author_organization=_organization_name(article.get("author")),
        section=_text_value(article.get("articleSection")),
        is_article_type=True,
    )


def _json_ld_article(tree: LexborHTMLParser) -> dict[str, Any] | None:
    for script in tree.css('script[type="application/ld+json"]'):
        try:
            document = json.loads(script.text(), strict=False)
        except (ValueError, RecursionError):
            continue  # broken JSON-LD is common; the other signals still work
        for item in _json_ld_items(document):
            if _is_article(item):
                return item
    return None


def _json_ld_items(document: Any) -> Iterator[dict[str, Any]]:
    if isinstance(document, list):
        for element in document:
            yield from _json_ld_items(element)
    elif isinstance(document, dict):
        yield document
        graph = document.get("@graph")
        if graph is not None:
            yield from _json_ld_items(graph)


def _is_article(item: dict[str, Any]) -> bool:
    kinds = item.get("@type")
    names = kinds if isinstance(kinds, list) else [kinds]
    return any(isinstance(name, str) and name.lower() in _ARTICLE_TYPES for name in names)


def _text_value(value: Any) -> str | None:
    if isinstance(value, list):
        value = next((v for v in value if isinstance(v, str) and v.strip()), None)
    if isinstance(value, str) and value.strip():
        # JSON-LD is often written with HTML escaping ("&quot;") that no parser undoes.
        return " ".join(html.unescape(value).split())
    return None


def _author_name(value: Any) -> str | None:
    """A person's name from JSON-LD ``author`` (string, object or list); organisations skipped."""
    candidates = value if isinstance(value, list) else [value]
    for candidate in candidates:
        if isinstance(candidate, str) and candidate.strip():
            return _text_value(candidate)
        if isinstance(candidate, dict) and candidate.get("@type") != "Organization":
            name = _text_value(candidate.get("name"))
            if name:
                return name
    return None


def _organization_name(value: Any) -> str | None:
    """The name of an organisation given as JSON-LD ``author`` (a newsroom, a news agency)."""
    candidates = value if isinstance(value, list) else [value]
    for candidate in candidates:
        if isinstance(candidate, dict) and candidate.get("@type") == "Organization":
            name = _text_value(candidate.get("name"))
            if name:
                return name
    return None
