"""Per-outlet layout hints: CSS selectors from the source registry, tried before generic rules.

A hint is an outlet's promise about its template ("the headline is ``h1.post-title``"). It
wins over the generic signals when it matches, and is ignored when it does not (a redesign
must degrade to generic extraction, not to an empty field). A selector the parser cannot
read is ignored the same way: the registry may be older than the parser.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from selectolax.lexbor import LexborHTMLParser, LexborNode, SelectolaxError

from pipelines.news.dates import parse_date_text
from pipelines.news.extract.body import clean_text
from pipelines.news.models import PublishedTime


@dataclass(frozen=True)
class HintedFields:
    """What the hints found; ``None`` where a field has no hint or its selector matched nothing."""

    title: str | None = None
    body: LexborNode | None = None
    published: PublishedTime | None = None
    author: str | None = None
    section: str | None = None


NO_HINTS = HintedFields()


def read_hints(tree: LexborHTMLParser, hints: Mapping[str, str]) -> HintedFields:
    """Apply an outlet's selectors (field -> CSS selector) to a parsed page."""
    if not hints:
        return NO_HINTS
    title = _text(_first(tree, hints.get("title")))
    published_node = _first(tree, hints.get("published"))
    return HintedFields(
        title=title,
        body=_first(tree, hints.get("body")),
        published=_date(published_node),
        author=_text(_first(tree, hints.get("author"))),
        section=_text(_first(tree, hints.get("section"))),
    )


def _first(tree: LexborHTMLParser, selector: str | None) -> LexborNode | None:
    if not selector:
        return None
    try:
        return tree.css_first(selector)
    except SelectolaxError:
        return None


def _text(node: LexborNode | None) -> str | None:
    if node is None:
        return None
    return clean_text(node.text()) or None


def _date(node: LexborNode | None) -> PublishedTime | None:
    """A machine-readable attribute first (``datetime``, ``content``), then the visible text."""
    if node is None:
        return None
    for value in (node.attributes.get("datetime"), node.attributes.get("content"), node.text()):
        if value:
            parsed = parse_date_text(value)
            if parsed is not None:
                return parsed
    return None
