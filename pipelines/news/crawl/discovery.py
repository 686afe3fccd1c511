"""Find the URLs an outlet published on given Casablanca local days, for any day in the past.

Sources: the sitemap index (child sitemaps whose ``lastmod`` can cover the window, then their
``<url>`` entries by ``lastmod``), the RSS feed (``pubDate``), and paginated section listings
walked back page by page until they pass the window's first day. A URL listed several ways is
kept once per canonical form; a *different* spelling of an already-listed page (tracking
parameters, ``www.``, a trailing slash) is kept as a duplicate so it can be accounted for.
Every request made here is returned, so it lands in the fetch log like any page request.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from email.utils import parsedate_to_datetime
from urllib.parse import quote, urljoin

from selectolax.lexbor import LexborHTMLParser

from pipelines.news.crawl.canonical import canonical_url
from pipelines.news.crawl.fetch import FetchOutcome, FetchResult
from pipelines.news.models import CASABLANCA
from pipelines.news.sources import Outlet

Fetch = Callable[[str], FetchOutcome]

# A listing that never gets past the window (a broken "next page") stops here.
MAX_LISTING_PAGES = 200


@dataclass(frozen=True)
class DiscoveredUrl:
    url: str  # as listed: this is what gets fetched
    canonical_url: str
    outlet: str
    local_day: date
    via: str  # "sitemap", "rss" or "listing"
    listed_in: str  # the sitemap, feed or listing page that listed it
    duplicate_of: str | None = None  # the listed URL kept for the same canonical page


@dataclass
class Discovery:
    urls: list[DiscoveredUrl] = field(default_factory=list)
    requests: list[FetchResult] = field(default_factory=list)
    # URLs listed without a usable date cannot be placed in a day; counted, not guessed.
    undated: int = 0
    _kept: dict[str, str] = field(default_factory=dict)  # canonical -> listed URL kept
    _seen_listed: set[str] = field(default_factory=set)

    def keep(
        self,
        outlet: str,
        url: str,
        day: date | None,
        window: tuple[date, date],
        via: str,
        listed_in: str,
    ) -> None:
        if day is None:
            self.undated += 1
            return
        if not window[0] <= day <= window[1] or url in self._seen_listed:
            return
        self._seen_listed.add(url)
        canonical = canonical_url(url)
        first = self._kept.setdefault(canonical, url)
        duplicate_of = None if first == url else first
        self.urls.append(DiscoveredUrl(url, canonical, outlet, day, via, listed_in, duplicate_of))

    def fetch(self, url: str, fetch: Fetch) -> FetchResult:
        outcome = fetch(url)
        self.requests.extend(outcome.attempts)
        return outcome.final


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


def discover(
    outlet: Outlet, first_day: date, last_day: date, fetch: Fetch, found: Discovery | None = None
) -> Discovery:
    """URLs of ``outlet`` whose listed date is a local day in [first_day, last_day]."""
    found = found if found is not None else Discovery()
    window = (first_day, last_day)
    if outlet.sitemap:
        for sitemap_url in _sitemaps_for_window(outlet, first_day, fetch, found):
            root = _xml(found.fetch(sitemap_url, fetch))
            if root is None:
                continue
            for entry in root.iterfind("{*}url"):
                loc = entry.findtext("{*}loc")
                if loc:
                    day = local_day_of(entry.findtext("{*}lastmod") or "")
                    found.keep(
                        outlet.key,
                        urljoin(sitemap_url, loc.strip()),
                        day,
                        window,
                        "sitemap",
                        sitemap_url,
                    )
    if outlet.rss:
        feed_url = outlet.endpoint(outlet.rss)
        root = _xml(found.fetch(feed_url, fetch))
        if root is not None:
            for item in root.iter("item"):
                link = item.findtext("link")
                if link:
                    day = local_day_of(item.findtext("pubDate") or "")
                    found.keep(
                        outlet.key, urljoin(feed_url, link.strip()), day, window, "rss", feed_url
                    )
    if outlet.listing:
        for section in outlet.sections:
            for page_url, link, day in _walk_listing(outlet, section, first_day, fetch, found):
                found.keep(outlet.key, link, day, window, "listing", page_url)
    return found


def _sitemaps_for_window(
    outlet: Outlet, first_day: date, fetch: Fetch, found: Discovery
) -> list[str]:
    """Child sitemaps that may hold the window's URLs (or the sitemap itself if not an index).

    A child's ``lastmod`` is its last change, so children changed after the window may still
    list the window's pages; only those changed before it are skipped.
    """
    index_url = outlet.endpoint(outlet.sitemap or "")
    root = _xml(found.fetch(index_url, fetch))
    if root is None:
        return []
    if not root.tag.endswith("sitemapindex"):
        return [index_url]
    children = []
    # One day of slack covers lastmod values written in another time zone.
    earliest = first_day - timedelta(days=1)
    for child in root.iterfind("{*}sitemap"):
        loc = child.findtext("{*}loc")
        if not loc:
            continue
        lastmod = local_day_of(child.findtext("{*}lastmod") or "")
        if lastmod is None or lastmod >= earliest:
            children.append(urljoin(index_url, loc.strip()))
    return children


def _walk_listing(
    outlet: Outlet, section: str, first_day: date, fetch: Fetch, found: Discovery
) -> Iterator[tuple[str, str, date | None]]:
    """(listing page, article URL, local day) from newest to oldest, until past the window."""
    template = outlet.listing or ""
    for page in range(1, MAX_LISTING_PAGES + 1):
        page_url = outlet.endpoint(template.format(section=quote(section, safe=""), page=page))
        result = found.fetch(page_url, fetch)
        if not result.ok or not result.body:
            return
        items = list(_listing_items(result.body, page_url))
        if not items:
            return
        yield from ((page_url, link, day) for link, day in items)
        dated = [day for _, day in items if day is not None]
        if dated and max(dated) < first_day:
            return  # the whole page is older than the window: so is every later page


def _listing_items(body: bytes, page_url: str) -> Iterator[tuple[str, date | None]]:
    """Links of a listing page that carry a machine-readable date (``<time datetime>``) in
    the same list item; navigation links have none and are ignored."""
    tree = LexborHTMLParser(body)
    for time_node in tree.css("time[datetime]"):
        item = time_node.parent
        while item is not None and item.tag not in ("li", "article", "body"):
            item = item.parent
        if item is None or item.tag == "body":
            continue
        link = item.css_first("a[href]")
        href = link.attributes.get("href") if link is not None else None
        if href:
            day = local_day_of(time_node.attributes.get("datetime") or "")
            yield urljoin(page_url, href), day


def _xml(result: FetchResult) -> ET.Element | None:
    if not result.ok or not result.body:
        return None
    try:
        return ET.fromstring(result.body)
    except ET.ParseError:
        return None
