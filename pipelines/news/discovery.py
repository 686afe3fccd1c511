"""Find the URLs an outlet published on given Casablanca local days.

Sources, in order: the sitemap index (child sitemaps whose ``lastmod`` can cover the window,
then their ``<url>`` entries by ``lastmod``), and the RSS feed (``pubDate``). Each URL is kept
once per outlet, tagged with how it was found. Every request made here is returned so that it
lands in the fetch log like any page request.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from email.utils import parsedate_to_datetime
from urllib.parse import urljoin, urlsplit, urlunsplit

from pipelines.news.dates import CASABLANCA
from pipelines.news.fetch import FetchResult
from pipelines.news.sources import Outlet

Fetch = Callable[[str], FetchResult]


@dataclass(frozen=True)
class DiscoveredUrl:
    url: str
    outlet: str
    local_day: date
    via: str  # "sitemap" or "rss"
    listed_in: str  # the sitemap or feed URL that listed it


@dataclass
class Discovery:
    urls: list[DiscoveredUrl] = field(default_factory=list)
    requests: list[FetchResult] = field(default_factory=list)
    # URLs listed without a usable date cannot be placed in a day; counted, not guessed.
    undated: int = 0


def canonical_url(url: str) -> str:
    """Drop the fragment so the same page is counted once."""
    parts = urlsplit(url.strip())
    return urlunsplit((parts.scheme, parts.netloc, parts.path or "/", parts.query, ""))


def local_day_of(timestamp: str) -> date | None:
    """The Casablanca local day of an ISO-8601 or RFC-822 timestamp (date-only taken as is)."""
    text = timestamp.strip()
    if not text:
        return None
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        try:
            moment = parsedate_to_datetime(text)
        except (TypeError, ValueError):
            return None
    if len(text) == 10:  # a bare YYYY-MM-DD is already a local day
        return moment.date()
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=CASABLANCA)
    return moment.astimezone(CASABLANCA).date()


def discover(outlet: Outlet, first_day: date, last_day: date, fetch: Fetch) -> Discovery:
    """URLs of ``outlet`` whose listed date is a local day in [first_day, last_day]."""
    found = Discovery()
    seen: set[str] = set()

    def keep(url: str, day: date | None, via: str, listed_in: str) -> None:
        if day is None:
            found.undated += 1
            return
        canonical = canonical_url(url)
        if first_day <= day <= last_day and canonical not in seen:
            seen.add(canonical)
            found.urls.append(DiscoveredUrl(canonical, outlet.key, day, via, listed_in))

    if outlet.sitemap:
        for sitemap_url in _sitemaps_for_window(outlet, first_day, fetch, found):
            root = _fetch_xml(sitemap_url, fetch, found)
            if root is None:
                continue
            for entry in root.iterfind("{*}url"):
                loc = entry.findtext("{*}loc")
                if loc:
                    lastmod = local_day_of(entry.findtext("{*}lastmod") or "")
                    keep(urljoin(sitemap_url, loc), lastmod, "sitemap", sitemap_url)
    if outlet.rss:
        feed_url = outlet.endpoint(outlet.rss)
        root = _fetch_xml(feed_url, fetch, found)
        if root is not None:
            for item in root.iter("item"):
                link = item.findtext("link")
                if link:
                    day = local_day_of(item.findtext("pubDate") or "")
                    keep(urljoin(feed_url, link), day, "rss", feed_url)
    return found


def _sitemaps_for_window(
    outlet: Outlet, first_day: date, fetch: Fetch, found: Discovery
) -> Iterable[str]:
    """Child sitemaps that may hold the window's URLs (or the sitemap itself if not an index).

    A child's ``lastmod`` is its last change, so children changed after the window may still
    list the window's pages; only those changed before it are skipped.
    """
    index_url = outlet.endpoint(outlet.sitemap or "")
    root = _fetch_xml(index_url, fetch, found)
    if root is None:
        return []
    if not root.tag.endswith("sitemapindex"):
        return [index_url]
    children = []
    # A child last modified before the window started cannot list pages of the window; one
    # day of slack covers lastmod values written in another time zone.
    earliest = first_day - timedelta(days=1)
    for child in root.iterfind("{*}sitemap"):
        loc = child.findtext("{*}loc")
        if not loc:
            continue
        lastmod = local_day_of(child.findtext("{*}lastmod") or "")
        if lastmod is None or lastmod >= earliest:
            children.append(urljoin(index_url, loc))
    return children


def _fetch_xml(url: str, fetch: Fetch, found: Discovery) -> ET.Element | None:
    result = fetch(url)
    found.requests.append(result)
    if not result.ok:
        return None
    try:
        return ET.fromstring(result.body)
    except ET.ParseError:
        return None
