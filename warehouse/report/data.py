"""What the news report shows, read from the analysts' database (``news.duckdb``, read-only)
with the SQL files ``warehouse/sql/reports/news_report_*.sql``: each section is the rows of
one file, so a test can hold the page's numbers against the marts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import polars as pl

from warehouse.schema import sql_file
from warehouse.store import Warehouse, window_params

# A report read by someone once a week: four weeks of trends unless told otherwise, and the
# biggest stories of its last seven days.
DEFAULT_REPORT_DAYS = 28
STORY_WEEK_DAYS = 7


@dataclass(frozen=True)
class ReportData:
    """The rows behind each section, for the Casablanca local days [first, last]."""

    first: date
    last: date
    topic_trends: pl.DataFrame  # day, topic, articles
    outlet_days: pl.DataFrame  # day, outlet, articles
    share_of_voice: pl.DataFrame  # outlet, articles, share
    biggest_stories: pl.DataFrame  # story_id, first_..., outlets, articles, topic, headline
    story_week_first: date  # the first day of the biggest stories' week
    # Who followed whom on those stories: story_id, outlet, rank, lag_hours, lag_days (None:
    # no marts.first_movers in this database).
    story_outlets: pl.DataFrame | None
    # None: this database has no marts.outlet_trends (published before the view existed).
    spikes: pl.DataFrame | None  # day, outlet, articles, avg_7d, z_28d
    outlet_names: dict[str, str]  # registry key -> display name, where marts.outlets says


class ReportRangeError(ValueError):
    """The asked range cannot make a report (reversed, or no day published)."""


def read_report_data(store: Warehouse, first: date, last: date) -> ReportData:
    """Every section's rows for the local days [first, last], from the published database."""
    if last < first:
        raise ReportRangeError(f"--to {last} is before --from {first}")
    end = last + timedelta(days=1)
    week_first = max(first, end - timedelta(days=STORY_WEEK_DAYS))
    views = _views(store)
    names = (
        _rows(store, "news_report_outlet_names", first, end)
        if "marts.outlets" in views
        else pl.DataFrame(schema={"outlet": pl.String, "name": pl.String})
    )
    biggest = _rows(store, "news_report_biggest_stories", week_first, end)
    return ReportData(
        first=first,
        last=last,
        topic_trends=_rows(store, "news_report_topic_trends", first, end),
        outlet_days=_rows(store, "news_report_outlet_days", first, end),
        share_of_voice=_rows(store, "news_report_share_of_voice", first, end),
        biggest_stories=biggest,
        story_week_first=week_first,
        story_outlets=(
            store.query(
                sql_file("reports/news_report_story_outlets.sql"),
                {"stories": biggest["story_id"].to_list()},
            )
            if "marts.first_movers" in views
            else None
        ),
        spikes=(
            _rows(store, "news_report_spikes", first, end)
            if "marts.outlet_trends" in views
            else None
        ),
        outlet_names=dict(names.select("outlet", "name").iter_rows()),
    )


def published_days(store: Warehouse) -> tuple[date, date] | None:
    """The first and last local day marts.publication_trends holds, or None when empty."""
    first, last = store.query("SELECT min(day), max(day) FROM marts.publication_trends").row(0)
    return None if last is None else (first, last)


def default_range(store: Warehouse, first: date | None, last: date | None) -> tuple[date, date]:
    """The report's days when --from/--to are left out: up to the newest published day, and
    DEFAULT_REPORT_DAYS back from the end (never before the first published day)."""
    held = published_days(store)
    if held is None:
        raise ReportRangeError("the warehouse has no published day yet: run a backfill first")
    last = last or held[1]
    first = first or max(held[0], last - timedelta(days=DEFAULT_REPORT_DAYS - 1))
    return first, last


def run_range(store: Warehouse, first: date, last: date) -> tuple[date, date]:
    """The days a pipeline run's report covers: its window, or the DEFAULT_REPORT_DAYS ending
    on its last day when the window is shorter (a daily run still shows four weeks), never
    before the first published day."""
    held = published_days(store)
    start = min(first, last - timedelta(days=DEFAULT_REPORT_DAYS - 1))
    return (start if held is None else max(start, min(held[0], first))), last


def _rows(store: Warehouse, name: str, start: date, end: date) -> pl.DataFrame:
    sql = sql_file(f"reports/{name}.sql")
    return store.query(sql, dict(window_params(sql, start, end)))


def _views(store: Warehouse) -> set[str]:
    found = store.query("SELECT schema_name || '.' || view_name AS name FROM duckdb_views()")
    return set(found["name"].to_list())
