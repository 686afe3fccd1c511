"""Which parts of a page are not the article: navigation, comments, related lists, tickers...

Two kinds, because they matter differently:

* ``NOISE`` never carries the article's own facts (comments have their own dates and
  authors, related lists their own titles), so date/author/body search skips it.
* ``METADATA`` (bylines, dates, breadcrumbs, the article header) carries facts about the
  article but is not body text.

Classification reads tag names and the words of ``class``/``id``/``role`` attributes
("comment-list" -> {"comment", "list"}), so "contentbox" never matches "content".
"""

from __future__ import annotations

import re
from collections.abc import Callable
from enum import Enum

from selectolax.lexbor import LexborNode


class Kind(Enum):
    ARTICLE = "article"
    NOISE = "noise"
    METADATA = "metadata"


_NOISE_TAGS = frozenset(
    {
        "nav",
        "footer",
        "aside",
        "script",
        "style",
        "noscript",
        "template",
        "iframe",
        "button",
        "select",
        "svg",
        "marquee",
        "textarea",
        "dialog",
    }
)
_METADATA_TAGS = frozenset({"header", "time", "figcaption", "h1"})
_NOISE_WORDS = frozenset(
    {
        "comment",
        "comments",
        "commentlist",
        "related",
        "ticker",
        "newsticker",
        "marquee",
        "breaking",
        "urgent",
        "footer",
        "sidebar",
        "widget",
        "nav",
        "navbar",
        "navigation",
        "menu",
        "share",
        "sharing",
        "social",
        "sharebar",
        "newsletter",
        "subscribe",
        "paywall",
        "restricted",
        "advert",
        "advertisement",
        "ads",
        "ad",
        "promo",
        "recommended",
        "trending",
        "popular",
        "mostread",
        "cookie",
        "popup",
        "modal",
        "reply",
        "respond",
        "more",
        "readmore",
        "topbar",
        "masthead",
        "pagination",
        "pager",
        "banner",
        "complementary",
        "contentinfo",
    }
)
_METADATA_WORDS = frozenset(
    {
        "byline",
        "author",
        "authors",
        "writer",
        "meta",
        "date",
        "time",
        "published",
        "dateline",
        "breadcrumb",
        "breadcrumbs",
        "tags",
        "tag",
        "category",
        "categories",
        "source",
        "caption",
        "header",
        "title",
        "headline",
        "timestamp",
    }
)
_WORD = re.compile(r"[a-z]+")
_STATE_PREFIXES = ("no-", "no_", "has-", "has_", "with-", "without-", "is-", "hide-")
# A site header (logo, menu, today's date) is noise; an article's own header is metadata.
_ARTICLE_SCOPES = frozenset({"article", "main"})


def attribute_words(node: LexborNode) -> set[str]:
    attributes = node.attributes
    text = " ".join(
        value for name in ("class", "id", "role") if (value := attributes.get(name)) is not None
    )
    if not text:
        return set()
    # "no-share", "has-sidebar", "with-comments" describe the element, they do not name it.
    tokens = [t for t in text.lower().split() if not t.startswith(_STATE_PREFIXES)]
    return set(_WORD.findall(" ".join(tokens)))


def kind_of(node: LexborNode) -> Kind:
    tag = node.tag or ""
    if tag in _NOISE_TAGS:
        return Kind.NOISE
    if tag in ("html", "body", "article", "main"):
        return Kind.ARTICLE  # WordPress puts "tag-x category-y" classes on these; ignore them
    words = attribute_words(node)
    if words & _NOISE_WORDS:
        return Kind.NOISE
    if tag == "header" and not _inside(node, _ARTICLE_SCOPES):
        return Kind.NOISE
    if tag in _METADATA_TAGS or words & _METADATA_WORDS:
        return Kind.METADATA
    return Kind.ARTICLE


def _inside(node: LexborNode, tags: frozenset[str]) -> bool:
    return has_ancestor(node, lambda parent: parent.tag in tags)


def has_ancestor(node: LexborNode, matches: Callable[[LexborNode], bool]) -> bool:
    """Whether any element enclosing ``node`` satisfies ``matches``."""
    parent = node.parent
    while parent is not None:
        if matches(parent):
            return True
        parent = parent.parent
    return False


class Ancestry:
    """Answers "is this node inside noise/metadata?" with a per-page cache of node kinds."""

    def __init__(self) -> None:
        self._kinds: dict[int, Kind] = {}

    def kind(self, node: LexborNode) -> Kind:
        key = node.mem_id
        kind = self._kinds.get(key)
        if kind is None:
            kind = kind_of(node)
            self._kinds[key] = kind
        return kind

    def within(
        self, node: LexborNode, kinds: frozenset[Kind], stop: LexborNode | None = None
    ) -> bool:
        """True if ``node`` or an ancestor (below ``stop``) is of one of ``kinds``."""
        stop_id = stop.mem_id if stop is not None else None
        current: LexborNode | None = node
        while current is not None and current.mem_id != stop_id:
            if current.tag in ("html", "-document", "#document"):
                return False
            if self.kind(current) in kinds:
                return True
            current = current.parent
        return False


NOISE_ONLY = frozenset({Kind.NOISE})
NOT_BODY = frozenset({Kind.NOISE, Kind.METADATA})
