"""The article's own text: find its container, keep its paragraphs, drop everything else."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from selectolax.lexbor import LexborHTMLParser, LexborNode

from pipelines.news.dates import find_date_span
from pipelines.news.extract.boilerplate import NOISE_ONLY, NOT_BODY, Ancestry

# Containers that CMSs use for the article text, most specific first.
_CONTENT_SELECTORS = (
    '[itemprop="articleBody"]',
    ".article-body",
    ".article-content",
    ".article-text",
    ".articleBody",
    ".article__body",
    ".post-content",
    ".entry-content",
    ".story-body",
    ".story-content",
    ".news-content",
    ".news-text",
    ".news-body",
    ".content-article",
    ".td-post-content",
    ".single-content",
    "#article-body",
    "#articleBody",
    "#article-content",
    ".post-body",
    ".text-content",
)
_MIN_CONTAINER_CHARS = 150
# A container a CMS names as the article text is trusted with less text (short news items).
_MIN_KNOWN_CONTAINER_CHARS = 60
_INLINE_TAGS = frozenset(
    {
        "a",
        "span",
        "b",
        "strong",
        "i",
        "em",
        "u",
        "font",
        "small",
        "sub",
        "sup",
        "mark",
        "abbr",
        "cite",
        "q",
        "code",
        "time",
        "label",
        "bdi",
        "bdo",
        "s",
        "del",
        "ins",
        "big",
        "tt",
        "-text",
    }
)
# Text in these blocks belongs to the element around them (a paragraph is part of a body).
_PARAGRAPH_TAGS = frozenset({"p", "li", "blockquote", "h2", "h3", "h4", "pre", "td"})
_BYLINE_PREFIX = re.compile(r"^\s*(?:بقلم|كتب|كتبت|بواسطة|إعداد|by)\s*[:：]?\s", re.IGNORECASE)
_SHORT_LINE_CHARS = 80
# Lines that introduce lists of other articles or social links, whatever the site.
_FURNITURE_LINES = frozenset(
    {
        "الموضوعات المتعلقة",
        "مواضيع ذات صلة",
        "مقالات ذات صلة",
        "أخبار ذات صلة",
        "اقرأ أيضا",
        "اقرأ أيضاً",
        "إقرأ أيضا",
        "اقرأ المزيد",
        "شاهد أيضا",
        "شارك",
        "شارك الخبر",
        "المصدر",
        "related articles",
        "read more",
        "share",
        "advertisement",
    }
)
_TEASER_LINK_SHARE = 0.6
# A paragraph linking to the site's legal pages is the comment policy or the footer's small
# print, never article text (an article about a privacy policy links elsewhere).
_POLICY_HREF = re.compile(
    r"privacy|terms|guidelines|policy|conditions|cgu|mentions-legales|الخصوصية|الاستخدام",
    re.IGNORECASE,
)
# The disclaimer sites put above reader comments ("the opinions below do not reflect ...").
_COMMENT_DISCLAIMER = re.compile(
    r"(?:الآراء|التعليقات)\s+(?:الواردة|المنشورة)[^.]{0,60}(?:لا\s+تعبر|تعبر\s+عن)"
    r"|comments?\s+(?:below|are)\s[^.]{0,60}(?:do\s+not|don't)\s+(?:reflect|represent)",
    re.IGNORECASE,
)
_DISCLAIMER_CHARS = 300

ParagraphFilter = Callable[[str], bool]


def clean_text(text: str) -> str:
    return " ".join(text.split())


@dataclass(frozen=True)
class _Block:
    text: str
    link_chars: int
    links_to_policy: bool = False


def find_content_container(tree: LexborHTMLParser, ancestry: Ancestry) -> LexborNode | None:
    """Known CMS containers, then the richest ``<article>``, then the densest text block."""
    for selector in _CONTENT_SELECTORS:
        for node in tree.css(selector):
            if (
                not (node.parent is not None and ancestry.within(node.parent, NOISE_ONLY))
                and _paragraph_chars(node) >= _MIN_KNOWN_CONTAINER_CHARS
            ):
                return node
    articles = [node for node in tree.css("article") if not ancestry.within(node, NOISE_ONLY)]
    if articles:
        richest = max(articles, key=_paragraph_chars)
        if _paragraph_chars(richest) >= _MIN_CONTAINER_CHARS:
            return richest
    return _densest_block(tree, ancestry)


def _paragraph_chars(node: LexborNode) -> int:
    paragraphs = node.css("p")
    chars = sum(len(p.text(strip=True)) for p in paragraphs)
    if chars >= _MIN_KNOWN_CONTAINER_CHARS:
        return chars
    return len(node.text(strip=True)) // 2  # text outside <p>: count it, but less


def _densest_block(tree: LexborHTMLParser, ancestry: Ancestry) -> LexborNode | None:
    """The element holding the most non-link text, paragraphs counting for their parent."""
    if tree.body is None:
        return None
    scores: dict[int, int] = {}
    elements: dict[int, LexborNode] = {}
    for node in tree.body.traverse(include_text=True):
        if node.tag != "-text":
            continue
        length = len(node.text(deep=False).strip())
        if length < 2:
            continue
        block, in_link = _enclosing_block(node)
        if block is None or in_link or ancestry.within(node.parent or block, NOISE_ONLY):
            continue
        target = block.parent if block.tag in _PARAGRAPH_TAGS and block.parent else block
        key = target.mem_id
        scores[key] = scores.get(key, 0) + length
        elements[key] = target
    if not scores:
        return None
    best = max(scores, key=lambda key: scores[key])
    return elements[best] if scores[best] >= _MIN_CONTAINER_CHARS else None


def _enclosing_block(node: LexborNode) -> tuple[LexborNode | None, bool]:
    """The nearest non-inline ancestor, and whether the text sits inside a link on the way."""
    in_link = False
    current = node.parent
    while current is not None and current.tag in _INLINE_TAGS:
        in_link = in_link or current.tag == "a"
        current = current.parent
    return current, in_link


def body_paragraphs(
    container: LexborNode,
    ancestry: Ancestry,
    is_page_furniture: ParagraphFilter,
    title: str | None,
) -> list[str]:
    """Paragraph texts of ``container``, without bylines, dates, teasers and other furniture."""
    # Headings inside the text are kept too: subheadings, and the lede some CMSs set as <h2>.
    nodes = [
        node
        for node in container.css("p, h2, h3, h4")
        if not ancestry.within(node, NOT_BODY, stop=container)
    ]
    blocks = [_paragraph_block(node) for node in nodes]
    minimum_words = 1
    paragraph_chars = sum(
        len(block.text) for node, block in zip(nodes, blocks, strict=True) if node.tag == "p"
    )
    if paragraph_chars < _MIN_CONTAINER_CHARS:
        blocks = _text_blocks(container, ancestry)
        minimum_words = 2  # loose text is full of labels ("min", "التالي"); keep sentences
    title_key = _comparable(title or "")
    return [
        block.text
        for block in blocks
        if block.text
        and len(block.text.split()) >= minimum_words
        and block.link_chars < _TEASER_LINK_SHARE * len(block.text)
        and not block.links_to_policy
        and not _is_comment_disclaimer(block.text)
        and block.text.strip(" :.-").lower() not in _FURNITURE_LINES
        and not _repeats_title(block.text, title_key)
        and not is_page_furniture(block.text)
        and not _is_byline_or_date(block.text)
    ]


def _paragraph_block(node: LexborNode) -> _Block:
    links = node.css("a[href]")
    return _Block(
        clean_text(node.text()),
        sum(len(a.text(strip=True)) for a in links),
        any(_POLICY_HREF.search(a.attributes.get("href") or "") for a in links),
    )


def _is_comment_disclaimer(text: str) -> bool:
    return len(text) < _DISCLAIMER_CHARS and _COMMENT_DISCLAIMER.search(text) is not None


def _text_blocks(container: LexborNode, ancestry: Ancestry) -> list[_Block]:
    """Paragraphs of a container without ``<p>``: text runs split at blocks and ``<br>``."""
    blocks: list[_Block] = []
    parts: list[str] = []
    link_chars = 0
    current_block: int | None = None

    def flush() -> None:
        nonlocal parts, link_chars
        text = clean_text("".join(parts))
        if text:
            blocks.append(_Block(text, link_chars))
        parts, link_chars = [], 0

    for node in container.traverse(include_text=True):
        if node.tag == "br":
            flush()
            continue
        if node.tag != "-text":
            continue
        block, in_link = _enclosing_block(node)
        if block is None or ancestry.within(node.parent or block, NOT_BODY, stop=container):
            continue
        if block.mem_id != current_block:
            flush()
            current_block = block.mem_id
        text = node.text(deep=False)
        parts.append(text)
        if in_link:
            link_chars += len(text.strip())
    flush()
    return blocks


def _repeats_title(text: str, title_key: str) -> bool:
    # Cheap length test first: this runs for every paragraph of every page.
    return len(text) <= 2 * len(title_key) + 20 and _comparable(text) == title_key


def _comparable(text: str) -> str:
    return "".join(char for char in text if char.isalnum())


def _is_byline_or_date(text: str) -> bool:
    if len(text) > _SHORT_LINE_CHARS:
        return False
    if _BYLINE_PREFIX.match(text):
        return True
    span = find_date_span(text)
    return span is not None and (span[1] - span[0]) * 2 >= len(text)
