"""Freshness checks: is the newest published Casablanca day the one the clock says it should be?

A scheduled run that was missed (daemon down, schedule off) or failed leaves no error of its
own; it shows up here, as a failing check naming the newest published day and how late the
next one is. The sensor that evaluates these checks is in ``pipelines/schedules.py``.
"""

from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, time
from typing import Any

import dagster as dg

from assets.articles import published_pages
from assets.marts import daily_topic_counts, publication_trends
from assets.outlet_quality import outlet_day_quality
from assets.stories import daily_ticker_stories, stories
from pipelines.news.freshness import Freshness

# THE deadline: a Casablanca day must be published by 03:00 Casablanca time the next morning.
# Why 03:00: the daily schedule (pipelines/schedules.py) starts at 00:30 for the day that just
# ended; one daily run takes under a minute on the demo site (benchmarks/RESULTS.md), and real
# outlets add a polite crawl (a few hundred pages at their Crawl-delay), so 2.5 hours leave
# room for retries and one manual re-run before the morning's readers. Past it, the run was
# missed or failed. Move it with the schedule.
PUBLISHED_BY = time(3, 0)

# The published tables whose newest day analysts read.
PUBLISHED_ASSETS: list[dg.AssetsDefinition] = [
    published_pages,
    outlet_day_quality,
    daily_topic_counts,
    publication_trends,
    stories,
    daily_ticker_stories,
]

CHECK_NAME = "newest_day_published_on_time"


def _utc_now() -> datetime:
    return datetime.now(UTC)


def build_freshness_checks(
    clock: Callable[[], datetime] = _utc_now,
) -> list[dg.AssetChecksDefinition]:
    """One freshness check per published table, judged at ``clock()`` (an aware instant; tests
    pass a fixed one)."""
    keys = [asset.key for asset in PUBLISHED_ASSETS]

    @dg.multi_asset_check(
        name="freshness",
        specs=[
            dg.AssetCheckSpec(
                CHECK_NAME,
                asset=key,
                description=(
                    "Passes when yesterday (Casablanca) is published; before "
                    f"{PUBLISHED_BY:%H:%M} Casablanca time, the day before yesterday is enough. "
                    "A failure means a scheduled run was missed or failed: the metadata names "
                    "the newest published day and how late the next one is."
                ),
            )
            for key in keys
        ],
        can_subset=True,
    )
    def freshness(context: dg.AssetCheckExecutionContext) -> Iterator[dg.AssetCheckResult]:
        now = clock()
        for check_key in sorted(context.selected_asset_check_keys, key=str):
            published = context.instance.get_materialized_partitions(check_key.asset_key)
            newest = date.fromisoformat(max(published)) if published else None
            judged = Freshness(newest_day=newest, now=now, published_by=PUBLISHED_BY)
            yield dg.AssetCheckResult(
                asset_key=check_key.asset_key,
                check_name=check_key.name,
                passed=judged.fresh,
                severity=dg.AssetCheckSeverity.ERROR,
                description=judged.summary(),
                metadata=_metadata(judged),
            )

    return [freshness]


def _metadata(judged: Freshness) -> dict[str, Any]:
    metadata: dict[str, Any] = {
        "newest_published_day": str(judged.newest_day) if judged.newest_day else None,
        "expected_day": str(judged.expected_day),
        "days_missing": judged.days_missing,
        "published_by": f"{PUBLISHED_BY:%H:%M} Africa/Casablanca, the next day",
        "evaluated_at": dg.MetadataValue.timestamp(judged.now),
    }
    if judged.overdue is not None and judged.overdue_since is not None:
        metadata["overdue_since"] = dg.MetadataValue.timestamp(judged.overdue_since)
        metadata["overdue_hours"] = round(judged.overdue.total_seconds() / 3600, 1)
    if judged.fresh:
        # Dagster's freshness sensor reads this key: it re-runs a passing check only once the
        # next deadline has gone by.
        metadata["dagster/fresh_until_timestamp"] = dg.MetadataValue.timestamp(judged.fresh_until)
    return metadata


FRESHNESS_CHECKS = build_freshness_checks()
