"""The article's author: structured data, then byline markup, then "بقلم: …" near the title."""

from __future__ import annotations

import re

from selectolax.lexbor import LexborHTMLParser, LexborNode

from pipelines.news.extract.body import clean_text
from pipelines.news.extract.boilerplate import NOISE_ONLY, Ancestry
from pipelines.news.extract.meta_tags import meta_values
from pipelines.news.extract.page_metadata import AUTHOR_META_KEYS, PageMetadata
from pipelines.news.extract.site_names import is_site_name
from pipelines.news.extract.titles import SHORT_TEXT_CHARS, title_scopes

_BYLINE_SELECTOR = (
    '[rel="author"], [itemprop="author"], [class*="author" i], [class*="byline" i],'
    ' [class*="writer" i]'
)
_TAXONOMY_LINK = 'a[rel~="category"], a[rel~="tag"], a[href*="category"], a[href*="/section"]'
_BYLINE_PREFIX = re.compile(r"^\s*(?:بقلم|كتب|كتبت|بواسطة|إعداد|تحرير|by|par)\s*[:：]?\s*", re.I)
_BYLINE_IN_TEXT = re.compile(r"(?:بقلم|بواسطة|كتب|كتبت|إعداد)\s*[:：]\s*(?P<name>[^|،,\n:]{2,50})")


def find_author(
    metadata: PageMetadata,
    tree: LexborHTMLParser,
    ancestry: Ancestry,
    heading: LexborNode | None,
    site_names: set[str],
) -> str | None:
    structured = (metadata.author, *meta_values(metadata, AUTHOR_META_KEYS))
    for value in structured:
        name = person_name(value, site_names)
        if name:
            return name
    for node in tree.css(_BYLINE_SELECTOR):
        if ancestry.within(node, NOISE_ONLY) or node.css_first(_TAXONOMY_LINK) is not None:
            continue  # "author" boxes that hold the category link are not bylines
        name = person_name(node.text(), site_names)
        if name:
            return name
    for scope in title_scopes(heading):
        for child in scope.iter():
            match = _BYLINE_IN_TEXT.search(child.text()[:SHORT_TEXT_CHARS])
            if match and not ancestry.within(child, NOISE_ONLY):
                name = person_name(match.group("name"), site_names)
                if name:
                    return name
    return None


def person_name(value: str | None, site_names: set[str]) -> str | None:
    if not value:
        return None
    text = clean_text(_BYLINE_PREFIX.sub("", clean_text(value)))
    text = re.split(r"\s+[|•·]\s+|\s+-\s+\d|\s*\d", text, maxsplit=1)[0].strip(" :-|،,")
    if not text or len(text) > 60 or "://" in text or "@" in text or is_site_name(text, site_names):
        return None
    return text
