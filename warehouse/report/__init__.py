"""The news report: one self-contained HTML page (Arabic, right to left, charts included)
read from the analysts' database. ``write_report`` is what the asset, ``akhbar report`` and
``akhbar demo`` call."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from pipelines.news.storage import write_atomically
from warehouse.report.data import (
    DEFAULT_REPORT_DAYS,
    ReportData,
    ReportRangeError,
    default_range,
    published_days,
    read_report_data,
    run_range,
)
from warehouse.report.page import render_report
from warehouse.store import Warehouse

__all__ = [
    "DEFAULT_REPORT_DAYS",
    "KEPT_REPORTS",
    "ReportData",
    "ReportRangeError",
    "default_range",
    "prune_reports",
    "published_days",
    "read_report_data",
    "report_path",
    "run_range",
    "write_report",
]


# The pipeline's reports kept beside the database (each ~5 MB, one per run): a month of daily
# runs. Older ones are deleted; `akhbar report` rebuilds any range from the warehouse.
KEPT_REPORTS = 30


def write_report(store: Warehouse, first: date, last: date, out: Path) -> ReportData:
    """Write the report of the Casablanca local days [first, last] to ``out``: written beside
    it and renamed, so a reader never opens half a page. Returns the rows it shows."""
    data = read_report_data(store, first, last)
    write_atomically(out, render_report(data).encode("utf-8"))
    out.chmod(0o644)  # a page to share: readable by all (the temporary file was private)
    return data


def report_path(store: Warehouse, first: date, last: date) -> Path:
    """Where the pipeline keeps the report of [first, last]: ``reports/`` beside the
    analysts' database."""
    return store.database.parent / "reports" / f"news_{first}_{last}.html"


def prune_reports(folder: Path, keep: int = KEPT_REPORTS) -> list[Path]:
    """Delete all but the ``keep`` newest pipeline reports in ``folder`` (by modification
    time); returns the deleted paths."""
    reports = sorted(folder.glob("news_*.html"), key=lambda path: path.stat().st_mtime_ns)
    deleted = reports[: max(0, len(reports) - keep)]
    for path in deleted:
        path.unlink(missing_ok=True)
    return deleted
