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
# "جريدة هسبريس", "موقع هسبريس": the kind of outlet is not part of its name.
_NAME_PREFIX = re.compile(r"^(?:موقع|جريدة|صحيفة|يومية|أسبوعية|مجلة|قناة|بوابة|إذاعة)\s+")
# Spellings aggregators vary: hamza on alef, ta marbuta, alef maqsura, tatweel, diacritics.
_NAME_FOLD = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ة": "ه", "ى": "ي", "ـ": None})
_DIACRITICS = re.compile("[\u064b-\u0652\u0670]")


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
        key = resolve_outlet_name(republication.outlet_name, registry)
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


def resolve_outlet_name(name: str, registry: Registry) -> str | None:
    """Registry key for an outlet name as an aggregator writes it, else None.

    Exact name/alias/host first, then without a "جريدة"/"موقع" prefix, then with Arabic
    spelling variants folded ("أطلس" = "اطلس", "ة" = "ه").
    """
    bare = _NAME_PREFIX.sub("", name.strip())
    for candidate in (name, bare):
        key = registry.resolve_name(candidate)
        if key is not None:
            return key
    wanted = _folded_name(bare)
    for outlet in registry.outlets:
        if any(
            _folded_name(known) == wanted for known in (outlet.key, outlet.name, *outlet.aliases)
        ):
            return outlet.key
    return None


def _folded_name(name: str) -> str:
    text = _DIACRITICS.sub("", name.lower().translate(_NAME_FOLD))
    return "".join(text.removeprefix("www.").split()).strip(".,:؛،")


def is_republication_furniture(text: str) -> bool:
    """True for the "نشر في ... يوم" line and the source-link line (not article text)."""
    return bool(_SOURCE_LINK_TEXT.search(text)) or (
        len(text) < 120 and _PUBLISHED_IN.search(text) is not None
    )
