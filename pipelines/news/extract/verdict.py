"""Is a parsed page an article? If not, say why: no title, a listing, no body, no date."""

from __future__ import annotations

from selectolax.lexbor import LexborHTMLParser

from pipelines.news.extract.body import clean_text
from pipelines.news.extract.boilerplate import NOISE_ONLY, Ancestry
from pipelines.news.extract.page_metadata import PageMetadata
from pipelines.news.models import PublishedTime

_MIN_BODY_CHARS = 300
_MIN_BODY_PARAGRAPHS = 2
_LISTING_TEASERS = 6
_TEASER_WORDS = 4


def not_article_reason(
    title: str | None,
    published: PublishedTime | None,
    metadata: PageMetadata,
    paragraphs: list[str],
    tree: LexborHTMLParser,
    ancestry: Ancestry,
) -> str | None:
    """None for an article, else why not."""
    if not title:
        return "no title"
    body_chars = sum(len(p) for p in paragraphs)
    if not metadata.is_article_type and _teaser_chars(tree, ancestry) > body_chars:
        return "listing page"
    if len(paragraphs) < _MIN_BODY_PARAGRAPHS and body_chars < _MIN_BODY_CHARS:
        return "no body"
    if published is None and not metadata.is_article_type:
        return "no publication date"
    return None


def _teaser_chars(tree: LexborHTMLParser, ancestry: Ancestry) -> int:
    """Text of headline links outside noise: a home, section or search page is made of them.

    Zero unless there are enough of them to be a list rather than a few inline links.
    """
    teasers = [
        len(text)
        for node in tree.css("h2 a, h3 a, h4 a, li a")
        if len((text := clean_text(node.text())).split()) >= _TEASER_WORDS
        and not ancestry.within(node, NOISE_ONLY)
    ]
    return sum(teasers) if len(teasers) >= _LISTING_TEASERS else 0
