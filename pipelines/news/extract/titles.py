"""The headline: the page's ``h1``, structured data or ``<title>``, without site decorations.

Also the area around the heading, where pages write their date and byline.
"""

from __future__ import annotations

import re

from selectolax.lexbor import LexborHTMLParser, LexborNode

from pipelines.news.extract.body import clean_text
from pipelines.news.extract.boilerplate import NOISE_ONLY, Ancestry
from pipelines.news.extract.page_metadata import PageMetadata
from pipelines.news.extract.site_names import is_site_name

_TITLE_SEPARATORS = re.compile(r"\s+(?:\||-|–|—|::|»|·)\s+")
# Longer than this, an element near the title is prose, not a date or byline line.
SHORT_TEXT_CHARS = 160
_TITLE_LEVELS = 4


def find_title_heading(tree: LexborHTMLParser, ancestry: Ancestry) -> LexborNode | None:
    """The article's ``h1``: inside article/main if there is one there, else the first."""
    headings = [
        h for h in tree.css("h1") if not ancestry.within(h, NOISE_ONLY) and h.text().strip()
    ]
    for heading in headings:
        parent = heading.parent
        while parent is not None:
            if parent.tag in ("article", "main"):
                return heading
            parent = parent.parent
    return headings[0] if headings else None


def find_title(
    metadata: PageMetadata,
    tree: LexborHTMLParser,
    heading: LexborNode | None,
    site_names: set[str],
) -> str | None:
    heading_text = clean_text(heading.text()) if heading is not None else ""
    candidates = (metadata.meta.get("og:title"), metadata.headline, heading_text)
    for candidate in candidates:
        if candidate and candidate.strip():
            return _without_site_suffix(candidate.strip(), heading_text, site_names)
    title_node = tree.css_first("title")
    if title_node is None:
        return None
    return (
        _without_site_suffix(clean_text(title_node.text()), heading_text, site_names, True) or None
    )


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
