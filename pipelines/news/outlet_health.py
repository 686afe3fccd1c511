"""Per-outlet health, measured every day (``marts.outlet_day_quality``): is each registered
outlet publishing as usual, and do its pages still extract?

News sites change their markup without notice. Such an outlet still yields pages, but they
lose their dates, titles or bodies, turn into "not an article", or stop being listed. Each
outlet-day gets measures, compared with the outlet's thresholds (``HealthThresholds``, set in
the registry's ``quality:`` block, with defaults):

* volume: articles against the outlet's own trailing history, as a robust z-score (median and
  MAD; the same weekday of the last 8 weeks when there are 4 of them, else the last 28 days);
  only drops count, and no verdict is given on fewer than ``MIN_HISTORY_DAYS`` days;
* extraction yield: the shares of fetched pages with a title, a publication day, a body of the
  minimum length, and a section;
* the share of fetched pages that were not articles or were quarantined;
* the fetch error rate.

An outlet-day crossing an error threshold is 'error': quarantined from the marts for that day
(its rows stay in staging). One crossing only a warning threshold is 'warn'.
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from datetime import date, timedelta

import polars as pl

from pipelines.news import tables
from pipelines.news.sources import HealthThresholds, Registry

MIN_BODY_CHARS = 200  # as the parsed-pages suite's body expectation
MIN_HISTORY_DAYS = 7
HISTORY_DAYS = 56  # how far back the volume baseline may look
_SAME_WEEKDAY_MIN = 4
_MAD_TO_SIGMA = 1.4826

OK, WARN, ERROR = "ok", "warn", "error"


def history_start(day: date) -> date:
    """The first day of the history ``outlet_day_rows`` needs for ``day``."""
    return day - timedelta(days=HISTORY_DAYS)


def outlet_day_rows(
    day: date, pages: pl.DataFrame, history: pl.DataFrame, registry: Registry
) -> pl.DataFrame:
    """``marts.outlet_day_quality`` rows of ``day`` for every registered outlet.

    ``pages``: the day's ``staging.parsed_pages`` rows; ``history``: the outlet-day rows of
    the days before it (see ``history_start``)."""
    rows = []
    for outlet in registry.outlets:
        own = pages.filter(pl.col("outlet") == outlet.key)
        past = history.filter((pl.col("outlet") == outlet.key) & (pl.col("status") != ERROR))
        rows.append(_measure(day, outlet.key, own, past, outlet.health))
    return tables.frame(rows, tables.OUTLET_DAY_QUALITY)


def _measure(
    day: date, outlet: str, pages: pl.DataFrame, past: pl.DataFrame, limits: HealthThresholds
) -> dict[str, object]:
    fetched = pages.filter(~pl.col("status").is_in(["duplicate", "robots_disallowed"]))
    failed = fetched.filter(pl.col("status") == "fetch_failed").height
    answered = fetched.filter(pl.col("status") != "fetch_failed")
    articles = answered.filter(pl.col("status") == "article").height
    shares = _shares(answered)
    expected, z = _volume(day, articles, past)
    row: dict[str, object] = {
        "day": day,
        "outlet": outlet,
        "listed": pages.height,
        "fetched": fetched.height,
        "articles": articles,
        "fetch_error_rate": failed / fetched.height if fetched.height else None,
        "rejected_share": (answered.height - articles) / answered.height
        if answered.height
        else None,
        **shares,
        "expected_articles": expected,
        "volume_z": z,
    }
    status, reasons = _verdict(row, limits)
    return {**row, "status": status, "reasons": reasons}


def _shares(answered: pl.DataFrame) -> dict[str, float | None]:
    if answered.is_empty():
        return {"title_share": None, "date_share": None, "body_share": None, "section_share": None}
    counts = answered.select(
        pl.col("title").is_not_null().mean().alias("title_share"),
        pl.col("published_day").is_not_null().mean().alias("date_share"),
        (pl.col("body").str.len_chars().fill_null(0) >= MIN_BODY_CHARS).mean().alias("body_share"),
        pl.col("section").is_not_null().mean().alias("section_share"),
    )
    return {name: float(value) for name, value in counts.row(0, named=True).items()}


def _volume(day: date, articles: int, past: pl.DataFrame) -> tuple[float | None, float | None]:
    """(expected articles, robust z) against the outlet's history; (None, None) if too short."""
    history = past.filter(pl.col("day") >= day - timedelta(days=HISTORY_DAYS))
    same_weekday = [
        int(n)
        for d, n in history.select("day", "articles").iter_rows()
        if d.weekday() == day.weekday()
    ]
    recent = history.filter(pl.col("day") >= day - timedelta(days=28))["articles"].to_list()
    baseline: Sequence[int] = (
        same_weekday if len(same_weekday) >= _SAME_WEEKDAY_MIN else [int(n) for n in recent]
    )
    if len(recent) < MIN_HISTORY_DAYS and len(same_weekday) < _SAME_WEEKDAY_MIN:
        return None, None
    median = float(statistics.median(baseline))
    mad = float(statistics.median(abs(n - median) for n in baseline))
    # A steady outlet has a MAD near 0: a floor keeps one article less from looking huge.
    scale = max(_MAD_TO_SIGMA * mad, 0.1 * median, 1.0)
    return median, (articles - median) / scale


def _verdict(row: dict[str, object], limits: HealthThresholds) -> tuple[str, list[str]]:
    errors: list[str] = []
    warnings: list[str] = []

    def above(name: str, value: object, warn: float, error: float) -> None:
        if isinstance(value, float) and value > error:
            errors.append(f"{name} {value:.2f} > {error:g}")
        elif isinstance(value, float) and value > warn:
            warnings.append(f"{name} {value:.2f} > {warn:g}")

    def below(name: str, value: object, warn: float, error: float | None) -> None:
        if isinstance(value, float) and error is not None and value < error:
            errors.append(f"{name} {value:.2f} < {error:g}")
        elif isinstance(value, float) and value < warn:
            warnings.append(f"{name} {value:.2f} < {warn:g}")

    if row["listed"] == 0:
        errors.append("no URL listed")
    elif row["articles"] == 0:
        errors.append("no article")
    above(
        "fetch_error_rate",
        row["fetch_error_rate"],
        limits.max_fetch_error_rate_warn,
        limits.max_fetch_error_rate_error,
    )
    above(
        "rejected_share",
        row["rejected_share"],
        limits.max_rejected_share_warn,
        limits.max_rejected_share_error,
    )
    for name in ("title_share", "date_share", "body_share"):
        below(name, row[name], limits.min_yield_warn, limits.min_yield_error)
    below("section_share", row["section_share"], limits.min_section_share_warn, None)
    below("volume_z", row["volume_z"], limits.min_volume_z_warn, limits.min_volume_z_error)
    status = ERROR if errors else WARN if warnings else OK
    return status, errors + warnings
