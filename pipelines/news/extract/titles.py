"""The headline: the page's visible heading, else structured data or ``<title>``, without site
decorations.

The visible headline is what readers see; ``og:title`` and ``<title>`` are written for search
engines and social cards, often with the site's name appended or reworded. So the heading
wins when the page shows that it is the headline (it sits in the article, is marked as the
headline, or says what the declared titles say); the declared title wins only over a heading
that is not the headline (a logo, a section name) or is cut short.

Also the area around the heading, where pages write their date and byline.
"""

from __future__ import annotations

import re

from selectolax.lexbor import LexborHTMLParser, LexborNode

from pipelines.news.extract.body import clean_text
from pipelines.news.extract.boilerplate import NOISE_ONLY, Ancestry, attribute_words, has_ancestor
from pipelines.news.extract.page_metadata import PageMetadata
from pipelines.news.extract.site_names import is_site_name
from pipelines.news.sources import name_key

_TITLE_SEPARATORS = re.compile(r"\s+(?:\||-|–|—|::|»|·)\s+")
# Longer than this, an element near the title is prose, not a date or byline line.
SHORT_TEXT_CHARS = 160
_TITLE_LEVELS = 4
# Without an h1, the element a template marks as the article's headline.
_HEADLINE_SELECTOR = (
    '[itemprop="headline"], article h2[class*="title" i], article h2[class*="headline" i]'
)
_HEADLINE_WORDS = frozenset({"title", "headline", "heading"})
# A heading this close to the declared titles' words says the same thing, reworded or not.
_SHARED_WORDS = 0.5
# Without shared words, markup alone makes a heading the headline only if it is a phrase.
_MIN_HEADLINE_WORDS = 3
_ELLIPSES = ("…", "...")


def find_title_heading(tree: LexborHTMLParser, ancestry: Ancestry) -> LexborNode | None:
    """The article's ``h1``: inside article/main if there is one there, else the first; without
    any ``h1``, the element marked as the headline."""
    headings = [
        h for h in tree.css("h1") if not ancestry.within(h, NOISE_ONLY) and h.text().strip()
    ]
    for heading in headings:
        if _in_article(heading):
            return heading
    if headings:
        return headings[0]
    marked = (
        node
        for node in tree.css(_HEADLINE_SELECTOR)
        if node.tag != "meta" and not ancestry.within(node, NOISE_ONLY) and node.text().strip()
    )
    return next(marked, None)


def _in_article(node: LexborNode) -> bool:
    return has_ancestor(node, lambda parent: parent.tag in ("article", "main"))


def find_title(
    metadata: PageMetadata,
    tree: LexborHTMLParser,
    heading: LexborNode | None,
    site_names: set[str],
) -> str | None:
    heading_text = clean_text(heading.text()) if heading is not None else ""
    title_node = tree.css_first("title")
    title_tag = clean_text(title_node.text()) if title_node is not None else ""
    declared = [
        (value.strip(), False)
        for value in (metadata.meta.get("og:title"), metadata.headline)
        if value and value.strip()
    ]
    if title_tag:
        declared.append((title_tag, True))
    visible = _visible_headline(tree, heading, declared, site_names)
    if visible:
        # Same words, same spelling: the declared string, free of markup artefacts (inner
        # badges, lost spaces between inline elements, decorative quotes).
        for value, is_title_tag in declared:
            bare = _without_site_suffix(value, visible, site_names, is_title_tag)
            if _words(bare) == _words(visible):
                return bare
        return visible
    candidates = (metadata.meta.get("og:title"), metadata.headline, heading_text)
    for candidate in candidates:
        if candidate and candidate.strip():
            return _without_site_suffix(candidate.strip(), heading_text, site_names)
    if title_node is None:
        return None
    return _without_site_suffix(title_tag, heading_text, site_names, True) or None


def _visible_headline(
    tree: LexborHTMLParser,
    heading: LexborNode | None,
    declared: list[tuple[str, bool]],
    site_names: set[str],
) -> str | None:
    """The headline as the page shows it: the article's heading when the page shows it is the
    headline, else an ``h1`` that the furniture rules set aside (an article header taken for
    the site's) but that says what the declared titles say."""
    if heading is not None:
        text = clean_text(heading.text())
        if _is_headline(heading, text, declared, site_names):
            return text
    if not declared:
        return None
    for node in tree.css("h1"):
        if heading is not None and node.mem_id == heading.mem_id:
            continue
        text = clean_text(node.text())
        if _shares_words(text, declared) and _is_headline(node, text, declared, site_names):
            return text
    return None


def _is_headline(
    heading: LexborNode, text: str, declared: list[tuple[str, bool]], site_names: set[str]
) -> bool:
    """Whether the page's heading is its headline, on the evidence of the page."""
    if not text or _names_site(text, site_names):
        return False
    if text.endswith(_ELLIPSES):
        cut = text.rstrip(".… ")
        if any(value.startswith(cut) and len(value) > len(cut) + 1 for value, _ in declared):
            return False  # a heading cut short for the layout
    if not declared or _shares_words(text, declared):
        return True
    if heading.tag != "h1":
        return False  # a marked element that says something else may be any box's title
    marked = heading.attributes.get("itemprop") == "headline" or bool(
        attribute_words(heading) & _HEADLINE_WORDS
    )
    return (marked or _in_article(heading)) and len(text.split()) >= _MIN_HEADLINE_WORDS


def _shares_words(text: str, declared: list[tuple[str, bool]]) -> bool:
    words = _folded_words(text)
    if not words:
        return False
    shared = max(len(words & _folded_words(value)) for value, _ in declared)
    return shared / len(words) >= _SHARED_WORDS


def _names_site(text: str, site_names: set[str]) -> bool:
    """The logo or the site's name (a headline may mention the site: "مصادر لهسبريس")."""
    key = name_key(text)
    return not key or any(key in name for name in site_names)


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text)


def _folded_words(text: str) -> set[str]:
    return {word.casefold() for word in _words(text)}


def _without_site_suffix(
    title: str, heading_text: str, site_names: set[str], is_title_tag: bool = False
) -> str:
    """Drop " | Site" / "Site - " decorations; the heading, if it is the remainder, wins."""
    title = title.strip()
    parts = _TITLE_SEPARATORS.split(title)
    if len(parts) == 1:
        return title
    if heading_text and heading_text != title and heading_text in title:
        # "Site - Headline" or "Headline | Site": the page's own heading is the headline.
        before, _, after = title.partition(heading_text)
        if _is_decoration(before, at_end=True) and _is_decoration(after, at_end=False):
            return heading_text
    while len(parts) > 1 and is_site_name(parts[-1], site_names):
        parts.pop()
    while len(parts) > 1 and is_site_name(parts[0], site_names):
        parts.pop(0)
    if is_title_tag:
        # A <title> is "headline - section - site" far more often than a headline with " - ".
        while len(parts) > 1 and len(parts[-1].split()) <= 4:
            parts.pop()
    return _rejoin(title, parts)


def _is_decoration(text: str, at_end: bool) -> bool:
    """Empty, or a separator on the side touching the heading (then anything, e.g. a name)."""
    if not text.strip():
        return True
    padded = f"{text} " if at_end else f" {text}"
    match = _TITLE_SEPARATORS.search(padded)
    if match is None:
        return False
    return match.end() == len(padded) if at_end else match.start() == 0


def _rejoin(title: str, parts: list[str]) -> str:
    """The original text from the first kept part to the end of the last one."""
    start = title.find(parts[0])
    end = title.rfind(parts[-1]) + len(parts[-1])
    return title[start:end].strip() if start >= 0 and end > start else " ".join(parts)


def title_scopes(heading: LexborNode | None) -> list[LexborNode]:
    """The heading's ancestors, nearest first: where a page writes its date and byline."""
    scopes: list[LexborNode] = []
    node = heading.parent if heading is not None else None
    while node is not None and len(scopes) < _TITLE_LEVELS and node.tag not in ("body", "html"):
        scopes.append(node)
        node = node.parent
    return scopes
