"""Aggregator pages that republish another outlet's article.

They say so in a line "نشر في <outlet name> يوم DD - MM - YYYY" and link to the original with
a line like "انقر هنا لقراءة الخبر من مصدره".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from selectolax.lexbor import LexborHTMLParser

from pipelines.news.dates import parse_date_text
from pipelines.news.models import PublishedTime
from pipelines.news.sources import Registry

# The outlet name is a few words; the date follows "يوم" (day).
_PUBLISHED_IN = re.compile(r"نشر\s+في\s+(?P<name>\S+(?:\s+\S+){0,5}?)\s+يوم\s+(?P<rest>.{6,40})")
_SOURCE_LINK_TEXT = re.compile(r"(?:لقراءة|قراءة|لمتابعة)\s+(?:الخبر|المقال|الموضوع)\s+من\s+مصدره")
_SOURCE_LINK_SELECTOR = 'a[href]:lexbor-contains("مصدره")'


@dataclass(frozen=True)
class Republication:
    outlet_name: str | None
    """The name as written on the page."""
    published: PublishedTime | None
    source_url: str | None


def find_republication(tree: LexborHTMLParser, page_text: str, url: str) -> Republication | None:
    """The republication line and source link, if the page has either."""
    line = _PUBLISHED_IN.search(page_text)
    source_url = None
    for link in tree.css(_SOURCE_LINK_SELECTOR):
        href = (link.attributes.get("href") or "").strip()
        if href and _SOURCE_LINK_TEXT.search(link.text()):
            source_url = urljoin(url, href)
            break
    if line is None and source_url is None:
        return None
    if line is None:
        return Republication(outlet_name=None, published=None, source_url=source_url)
    published = parse_date_text(line.group("rest"))
    return Republication(
        outlet_name=line.group("name").strip(), published=published, source_url=source_url
    )


def original_outlet(republication: Republication, registry: Registry) -> str | None:
    """Registry key of the original outlet: by the written name, else by the link's host."""
    if republication.outlet_name:
        key = registry.resolve_name(republication.outlet_name)
        if key is not None:
            return key
    if republication.source_url:
        by_url = registry.outlet_for_url(republication.source_url)
        if by_url is not None:
            return by_url.key
        host = urlsplit(republication.source_url).hostname
        if host:
            key = registry.resolve_name(host)
            if key is not None:
                return key
    if republication.outlet_name:
        return republication.outlet_name
    host = urlsplit(republication.source_url or "").hostname
    return host.removeprefix("www.") if host else None


def is_republication_furniture(text: str) -> bool:
    """True for the "نشر في ... يوم" line and the source-link line (not article text)."""
    return bool(_SOURCE_LINK_TEXT.search(text)) or (
        len(text) < 120 and _PUBLISHED_IN.search(text) is not None
    )
