"""The crawl of a partition window as tables: discovered URLs, fetched pages, the fetch log."""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from pipelines.news import tables
from pipelines.news.archive import RawArchive
from pipelines.news.discovery import discover
from pipelines.news.fetch import FetchResult, PageFetcher
from pipelines.news.models import DayWindow
from pipelines.news.sources import Registry


@dataclass(frozen=True)
class CrawlStep:
    """A table for the step's own asset plus the fetch-log rows of the requests it made."""

    rows: pl.DataFrame
    fetch_log: pl.DataFrame
    undated_urls: int = 0


def discover_window(
    registry: Registry, fetcher: PageFetcher, archive: RawArchive, window: DayWindow, run_id: str
) -> CrawlStep:
    """URLs every registered outlet lists for the local days of ``window``."""
    rows: list[dict[str, object]] = []
    requests: list[FetchResult] = []
    undated = 0
    for outlet in registry.outlets:
        found = discover(outlet, window.first, window.last, fetcher.fetch)
        requests.extend(found.requests)
        undated += found.undated
        rows.extend(
            {
                "day": u.local_day,
                "url": u.url,
                "outlet": u.outlet,
                "via": u.via,
                "listed_in": u.listed_in,
            }
            for u in found.urls
        )
    discovered = tables.frame(rows, tables.DISCOVERED_URLS).unique("url", keep="first")
    return CrawlStep(discovered, fetch_log_rows(requests, archive, run_id, "discovery"), undated)


def fetch_discovered(
    discovered: pl.DataFrame, fetcher: PageFetcher, archive: RawArchive, run_id: str
) -> CrawlStep:
    """Fetch every discovered URL once; bodies go to the archive, outcomes to ``raw.pages``."""
    listed = discovered.sort("day", "url").to_dicts()
    results = fetcher.fetch_many(str(row["url"]) for row in listed)
    log = fetch_log_rows(results, archive, run_id, "page")
    pages = [
        {
            "day": row["day"],
            "url": row["url"],
            "outlet": row["outlet"],
            "final_url": result.final_url,
            "status": result.status,
            "content_type": result.content_type,
            "sha256": sha,
            "error": result.error,
            "fetched_at": result.fetched_at,
        }
        for row, result, sha in zip(listed, results, log["sha256"].to_list(), strict=True)
    ]
    return CrawlStep(tables.frame(pages, tables.PAGES), log)


def fetch_log_rows(
    results: list[FetchResult], archive: RawArchive, run_id: str, purpose: str
) -> pl.DataFrame:
    """One fetch-log row per request; non-empty bodies are archived by content hash."""
    rows = [
        {
            "run_id": run_id,
            "purpose": purpose,
            "url": r.url,
            "final_url": r.final_url,
            "status": r.status,
            "content_type": r.content_type,
            "bytes": len(r.body),
            "sha256": archive.put(r.body) if r.body else None,
            "attempt": 1,
            "error": r.error,
            "fetched_at": r.fetched_at,
        }
        for r in results
    ]
    return tables.frame(rows, tables.FETCH_LOG)
