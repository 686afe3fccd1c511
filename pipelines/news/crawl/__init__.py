"""Crawling: which URLs an outlet lists for a day, and fetching them politely.

Discovery (sitemaps, RSS, listings) and canonical URLs, the fetcher (robots.txt, per-host
pacing, retries, conditional GETs, size caps, the address guard), the content-addressed archive
of raw bodies, and WARC export. ``steps`` turns a partition window's crawl into table rows.
"""

from pipelines.news.crawl.archive import RawArchive
from pipelines.news.crawl.fetch import DEFAULT_CONTACT_URL, FetchSettings, PageFetcher
from pipelines.news.crawl.steps import (
    CrawlStep,
    discover_window,
    fetch_discovered,
    fetcher_for,
    validators_from,
)
from pipelines.news.crawl.warc import export_day

__all__ = [
    "DEFAULT_CONTACT_URL",
    "CrawlStep",
    "FetchSettings",
    "PageFetcher",
    "RawArchive",
    "discover_window",
    "export_day",
    "fetch_discovered",
    "fetcher_for",
    "validators_from",
]
