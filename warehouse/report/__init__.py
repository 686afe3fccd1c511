"""The news report: one self-contained HTML page (Arabic, right to left, charts included)
read from the analysts' database. ``write_report`` is what the asset, ``akhbar report`` and
``akhbar demo`` call."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from pipelines.news.crawl.archive import write_atomically
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
    "ReportData",
    "ReportRangeError",
    "default_range",
    "published_days",
    "read_report_data",
    "report_path",
    "run_range",
    "write_report",
]


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
