"""Turn fetched pages into ``staging.parsed_pages`` rows: every URL gets a status and a reason."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import polars as pl

from pipelines.news import tables
from pipelines.news.crawl.archive import RawArchive
from pipelines.news.extract.parser import parse_page
from pipelines.news.extract.recurring_text import without_outlet_boilerplate
from pipelines.news.models import ParsedPage
from pipelines.news.sources import Registry

_PARSEABLE_TYPES = ("text/html", "application/xhtml+xml")


@dataclass(frozen=True)
class PageOutcomes:
    parsed_pages: pl.DataFrame
    ticker_headlines: pl.DataFrame


def classify_pages(
    pages: pl.DataFrame,
    discovered: pl.DataFrame,
    archive: RawArchive,
    registry: Registry,
) -> PageOutcomes:
    """Parse each row of ``raw.pages`` and decide its status; URLs of ``raw.discovered_urls``
    that were not fetched because they duplicate another listing get the status 'duplicate'.

    A row's status depends on that row alone (never on the run's window), so a range run and
    the same days run one by one stage the same rows. Call it with one day's pages at a time
    (as the pipeline does): outlet boilerplate is learned from the pages of the call."""
    parsed_rows: list[dict[str, object]] = [
        {
            "day": row["day"],
            "url": row["url"],
            "outlet": row["outlet"],
            "status": "duplicate",
            "reason": f"same page as {row['duplicate_of']}",
        }
        for row in discovered.filter(pl.col("duplicate_of").is_not_null()).iter_rows(named=True)
    ]
    ticker_rows: list[dict[str, object]] = []
    rows = pages.sort("day", "url").to_dicts()
    early = [_before_parsing(page) for page in rows]
    # Each outlet's boilerplate is learned from all its pages parsed here together (a day's,
    # in the pipeline): per day, so a range run and single days still give the same rows.
    parsed = without_outlet_boilerplate(
        [_parse(page, archive, registry) for page, row in zip(rows, early, strict=True) if not row]
    )
    parsed_in_order = iter(parsed)
    for page, row in zip(rows, early, strict=True):
        outcome = row or _outcome(page, next(parsed_in_order))
        parsed_rows.append(outcome.fields)
        ticker_rows.extend(
            {"day": page["day"], "url": page["url"], "position": i, "headline": headline}
            for i, headline in enumerate(outcome.ticker)
        )
    return PageOutcomes(
        tables.frame(parsed_rows, tables.PARSED_PAGES),
        tables.frame(ticker_rows, tables.TICKER_HEADLINES),
    )


@dataclass(frozen=True)
class _Outcome:
    fields: dict[str, object]
    ticker: tuple[str, ...] = ()


def _before_parsing(page: dict[str, object]) -> _Outcome | None:
    """The outcome of a page that is not parsed at all (not fetched, not HTML), else None."""
    base = {"day": page["day"], "url": page["url"], "outlet": page["outlet"]}
    if page["error_kind"] == "robots":
        return _Outcome({**base, "status": "robots_disallowed", "reason": page["error"]})
    if page["error"] is not None or page["sha256"] is None:
        reason = page["error"] or "empty body"
        attempts = page["attempts"]
        if isinstance(attempts, int) and attempts > 1:
            reason = f"{reason} (after {attempts} attempts)"
        return _Outcome({**base, "status": "fetch_failed", "reason": reason})
    content_type = str(page["content_type"] or "")
    if not content_type.lower().startswith(_PARSEABLE_TYPES):
        return _Outcome(
            {**base, "status": "non_article", "reason": f"content type {content_type or 'missing'}"}
        )
    return None


def _parse(page: dict[str, object], archive: RawArchive, registry: Registry) -> ParsedPage:
    # Relative dates ("3 hours ago") count from when the body was downloaded.
    fetched_at = page.get("body_fetched_at") or page["fetched_at"]
    return parse_page(
        archive.get(str(page["sha256"])),
        str(page["final_url"]),
        registry,
        content_type=str(page["content_type"]),
        fetched_at=fetched_at if isinstance(fetched_at, datetime) else None,
    )


def _outcome(page: dict[str, object], parsed: ParsedPage) -> _Outcome:
    base = {"day": page["day"], "url": page["url"], "outlet": page["outlet"]}
    status, reason = _status(parsed, page["day"])
    published = parsed.published
    return _Outcome(
        {
            **base,
            "status": status,
            "reason": reason,
            "original_outlet": parsed.original_outlet,
            "original_url": parsed.original_url,
            "title": parsed.title,
            "published_at": published.moment if published else None,
            "published_day": published.local_day if published else None,
            # Like published_at: an instant only when the page states a time of day.
            "modified_at": parsed.modified_at.moment if parsed.modified_at else None,
            "author": parsed.author,
            "section": parsed.section,
            "language": parsed.language,
            "body": parsed.body,
            "charset": parsed.charset,
            "charset_rule": parsed.charset_rule,
        },
        parsed.ticker,
    )


def _status(parsed: ParsedPage, listed_day: object) -> tuple[str, str | None]:
    """An article counts on the Casablanca day it was listed for; one published on another day
    (an old article re-listed after an update, a republished archive piece) is quarantined
    there, so no article is counted twice and no day borrows another's."""
    if not parsed.is_article:
        return "non_article", parsed.reason or "not an article"
    if parsed.published is None:
        return "quarantined", "article without a publication date"
    day = parsed.published.local_day
    if day != listed_day:
        return "quarantined", f"published on {day.isoformat()}, not on the day it was listed for"
    return "article", None
