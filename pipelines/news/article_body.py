"""The article's own text: find its container, keep its paragraphs, drop everything else."""

from __future__ import annotations

import re
from collections.abc import Callable

from selectolax.lexbor import LexborHTMLParser, LexborNode

from pipelines.news.boilerplate import NOISE_ONLY, NOT_BODY, Ancestry
from pipelines.news.dates import find_date_span

# Containers that CMSs use for the article text, most specific first.
_CONTENT_SELECTORS = (
    '[itemprop="articleBody"]',
    ".article-body", ".article-content", ".article-text", ".articleBody", ".article__body",
    ".post-content", ".entry-content", ".story-body", ".story-content", ".news-content",
    ".news-text", ".news-body", ".content-article", ".td-post-content", ".single-content",
    "#article-body", "#articleBody", "#article-content", ".post-body", ".text-content",
)
_MIN_CONTAINER_CHARS = 150
_BYLINE_PREFIX = re.compile(r"^\s*(?:بقلم|كتب|كتبت|بواسطة|إعداد|by)\s*[:：]?\s", re.IGNORECASE)
_SHORT_LINE_CHARS = 80

ParagraphFilter = Callable[[str], bool]


def clean_text(text: str) -> str:
    return " ".join(text.split())


def find_content_container(tree: LexborHTMLParser, ancestry: Ancestry) -> LexborNode | None:
    """Known CMS containers, then the richest ``<article>``, then the densest paragraph parent."""
    for selector in _CONTENT_SELECTORS:
        for node in tree.css(selector):
            if not ancestry.within(node, NOISE_ONLY) and _paragraph_chars(node) >= _MIN_CONTAINER_CHARS:
                return node
    articles = [node for node in tree.css("article") if not ancestry.within(node, NOISE_ONLY)]
    if articles:
        richest = max(articles, key=_paragraph_chars)
        if _paragraph_chars(richest) >= _MIN_CONTAINER_CHARS:
            return richest
    return _densest_paragraph_parent(tree, ancestry)


def _paragraph_chars(node: LexborNode) -> int:
    paragraphs = node.css("p")
    if paragraphs:
        return sum(len(p.text(strip=True)) for p in paragraphs)
    return len(node.text(strip=True)) // 2  # text without <p>: count it, but less


def _densest_paragraph_parent(tree: LexborHTMLParser, ancestry: Ancestry) -> LexborNode | None:
    scores: dict[int, int] = {}
    parents: dict[int, LexborNode] = {}
    for paragraph in tree.css("p"):
        parent = paragraph.parent
        if parent is None or ancestry.within(paragraph, NOISE_ONLY):
            continue
        length = len(paragraph.text(strip=True))
        if length < 30:
            continue  # captions, labels and "read more" lines say nothing about density
        key = parent.mem_id
        scores[key] = scores.get(key, 0) + length
        parents[key] = parent
    if not scores:
        return None
    best = max(scores, key=lambda key: scores[key])
    return parents[best]


def body_paragraphs(
    container: LexborNode, ancestry: Ancestry, is_page_furniture: ParagraphFilter
) -> list[str]:
    """Paragraph texts of ``container``, without bylines, dates and other furniture."""
    paragraphs = [
        clean_text(node.text())
        for node in container.css("p")
        if not ancestry.within(node, NOT_BODY, stop=container)
    ]
    if not paragraphs:
        paragraphs = _lines_without_paragraph_tags(container)
    return [
        text
        for text in paragraphs
        if text and not is_page_furniture(text) and not _is_byline_or_date(text)
    ]


def _lines_without_paragraph_tags(container: LexborNode) -> list[str]:
    """Some pages separate paragraphs with ``<br>`` only: split the text between nodes.

    Inline tags split a line too; that is the price of pages without ``<p>``.
    """
    text = container.text(separator="\n", skip_empty=True)
    return [line for line in (clean_text(raw) for raw in text.split("\n")) if len(line) >= 2]


def _is_byline_or_date(text: str) -> bool:
    if len(text) > _SHORT_LINE_CHARS:
        return False
    if _BYLINE_PREFIX.match(text):
        return True
    span = find_date_span(text)
    return span is not None and (span[1] - span[0]) * 2 >= len(text)
