"""The crawl of a partition window as tables: discovered URLs, fetched pages, the fetch log."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit

import polars as pl

from pipelines.news import tables
from pipelines.news.crawl.address_guard import AddressGuard
from pipelines.news.crawl.archive import RawArchive
from pipelines.news.crawl.discovery import Discovery, discover
from pipelines.news.crawl.fetch import FetchResult, FetchSettings, PageFetcher, Validators
from pipelines.news.crawl.politeness import HostPacing, RobotsMemo
from pipelines.news.models import DayWindow
from pipelines.news.sources import Registry


@dataclass(frozen=True)
class CrawlStep:
    """A table for the step's own asset plus the fetch-log rows of the requests it made."""

    rows: pl.DataFrame
    fetch_log: pl.DataFrame
    undated_urls: int = 0


def fetcher_for(
    registry: Registry,
    settings: FetchSettings,
    robots_memo: RobotsMemo | None = None,
    gate: HostPacing | None = None,
) -> PageFetcher:
    """A fetcher with the registry's per-source politeness and address exemptions; with
    ``robots_memo``, robots.txt answers shared with the run's other fetchers; with ``gate``,
    per-host pacing shared beyond this process."""
    intervals: dict[str, float] = {}
    local: set[str] = set()
    robots_exempt: set[str] = set()
    for outlet in registry.outlets:
        netloc = urlsplit(outlet.base_url).netloc
        if outlet.min_interval_seconds is not None:
            # Outlets sharing a host share its budget: the most careful setting wins.
            intervals[netloc] = max(intervals.get(netloc, 0.0), outlet.min_interval_seconds)
        if outlet.local:
            local.add(netloc)
        if not outlet.respect_robots:
            robots_exempt.add(netloc)
    return PageFetcher(
        settings,
        host_intervals=intervals,
        robots_exempt=frozenset(robots_exempt),
        guard=AddressGuard(local),
        robots_memo=robots_memo,
        gate=gate,
    )


def discover_window(
    registry: Registry, fetcher: PageFetcher, archive: RawArchive, window: DayWindow, run_id: str
) -> CrawlStep:
    """URLs every registered outlet lists for the local days of ``window``."""
    found = Discovery()
    for outlet in registry.outlets:
        discover(outlet, window.first, window.last, fetcher.fetch, found)
    log = fetch_log_rows(found.requests, archive, run_id, "discovery")
    log = pl.concat([_robots_log(fetcher, archive, run_id), log])
    return CrawlStep(discovered_rows(found), log, found.undated)


def discovered_rows(found: Discovery) -> pl.DataFrame:
    """``raw.discovered_urls`` rows of what a discovery kept, in the order it listed them."""
    rows = [
        {
            "day": u.local_day,
            "url": u.url,
            "canonical_url": u.canonical_url,
            "outlet": u.outlet,
            "via": u.via,
            "listed_in": u.listed_in,
            "duplicate_of": u.duplicate_of,
        }
        for u in found.urls
    ]
    return tables.frame(rows, tables.DISCOVERED_URLS)


def fetch_discovered(
    discovered: pl.DataFrame,
    fetcher: PageFetcher,
    archive: RawArchive,
    run_id: str,
    validators: Mapping[str, Validators] | None = None,
) -> CrawlStep:
    """Fetch every discovered URL that is not a duplicate; bodies go to the archive, the
    outcome of each URL to ``raw.pages`` and every attempt to the fetch log."""
    listed = discovered.filter(pl.col("duplicate_of").is_null()).sort("day", "url").to_dicts()
    outcomes = fetcher.fetch_many((str(row["url"]) for row in listed), validators)
    attempts = [attempt for outcome in outcomes for attempt in outcome.attempts]
    log = fetch_log_rows(attempts, archive, run_id, "page")
    pages = []
    for row, outcome in zip(listed, outcomes, strict=True):
        final = outcome.final
        pages.append(
            {
                "day": row["day"],
                "url": row["url"],
                "outlet": row["outlet"],
                "final_url": final.final_url,
                "status": final.status,
                "content_type": final.content_type,
                "sha256": _body_key(final, archive),
                "error": final.error,
                "error_kind": final.error_kind,
                "etag": final.etag,
                "last_modified": final.last_modified,
                "attempts": len(outcome.attempts),
                "fetched_at": final.fetched_at,
                "body_fetched_at": final.body_fetched_at,
            }
        )
    log = pl.concat([_robots_log(fetcher, archive, run_id), log])
    return CrawlStep(tables.frame(pages, tables.PAGES), log)


def validators_from(previous_pages: pl.DataFrame) -> dict[str, Validators]:
    """Conditional-GET validators from an earlier fetch of the same URLs (``raw.pages``)."""
    usable = previous_pages.filter(
        pl.col("sha256").is_not_null()
        & (pl.col("etag").is_not_null() | pl.col("last_modified").is_not_null())
    )
    return {
        row["url"]: Validators(
            row["sha256"],
            row["etag"],
            row["last_modified"],
            row["content_type"],
            row["body_fetched_at"] or row["fetched_at"],
        )
        for row in usable.iter_rows(named=True)
    }


def fetch_log_rows(
    results: Iterable[FetchResult], archive: RawArchive, run_id: str, purpose: str
) -> pl.DataFrame:
    """One fetch-log row per attempt; non-empty bodies are archived by content hash."""
    rows = [
        {
            "run_id": run_id,
            "purpose": purpose,
            "url": r.url,
            "final_url": r.final_url,
            "status": r.status,
            "content_type": r.content_type,
            "charset": r.declared_charset,
            "bytes": len(r.body),
            "sha256": _body_key(r, archive),
            "attempt": r.attempt,
            "error": r.error,
            "error_kind": r.error_kind,
            "etag": r.etag,
            "last_modified": r.last_modified,
            "fetched_at": r.fetched_at,
        }
        for r in results
    ]
    return tables.frame(rows, tables.FETCH_LOG)


def _body_key(result: FetchResult, archive: RawArchive) -> str | None:
    """The archive key of the body: stored now, or the earlier body a 304 confirmed."""
    if result.body and result.error is None:
        return archive.put(result.body)
    return result.reused_sha256


def _robots_log(fetcher: PageFetcher, archive: RawArchive, run_id: str) -> pl.DataFrame:
    requests, fetcher.robots_requests = fetcher.robots_requests, []
    return fetch_log_rows(requests, archive, run_id, "robots")
