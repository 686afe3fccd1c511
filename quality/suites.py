"""Great Expectations suites for ``staging.parsed_pages``, run on in-memory frames.

GX is imported lazily (it costs seconds) and only through this module. We validate the
window's DataFrame through GX's pandas datasource: GX's SQL datasource returns empty results
on DuckDB. Each expectation has a stable name that becomes one Dagster asset check.
"""

from __future__ import annotations

import os
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

import polars as pl

from pipelines.news.models import DayWindow
from pipelines.news.tables import PAGE_STATUSES

ARTICLE_LANGUAGES = ("ar", "fr", "en")
MIN_ARTICLE_BODY_CHARS = 200


@dataclass(frozen=True)
class ExpectationOutcome:
    name: str
    success: bool
    description: str
    observed: dict[str, Any]


@dataclass(frozen=True)
class _Expectation:
    name: str
    rows: str  # "pages" (every URL) or "articles" (status == 'article')
    description: str
    build: Callable[[Any, DayWindow, tuple[str, ...]], Any]  # (gx, window, outlets) -> Expectation


PARSED_PAGES_SUITE: tuple[_Expectation, ...] = (
    _Expectation(
        "status_is_known",
        "pages",
        f"every URL has a status in {PAGE_STATUSES}",
        lambda gx, w, o: gx.expectations.ExpectColumnValuesToBeInSet(
            column="status", value_set=list(PAGE_STATUSES)
        ),
    ),
    _Expectation(
        "url_listed_once",
        "pages",
        "no URL appears twice in the window",
        lambda gx, w, o: gx.expectations.ExpectColumnValuesToBeUnique(column="url"),
    ),
    _Expectation(
        "title_present",
        "articles",
        "every article has a title",
        lambda gx, w, o: gx.expectations.ExpectColumnValuesToNotBeNull(column="title"),
    ),
    _Expectation(
        "published_day_in_window",
        "articles",
        "every article's Casablanca publication day lies in the partition window",
        lambda gx, w, o: gx.expectations.ExpectColumnValuesToBeBetween(
            column="published_day",
            min_value=_midnight(w.first),
            max_value=_midnight(w.last),
        ),
    ),
    _Expectation(
        "language_expected",
        "articles",
        f"article language is one of {ARTICLE_LANGUAGES}",
        lambda gx, w, o: gx.expectations.ExpectColumnValuesToBeInSet(
            column="language", value_set=list(ARTICLE_LANGUAGES)
        ),
    ),
    _Expectation(
        "body_long_enough",
        "articles",
        f"every article body has at least {MIN_ARTICLE_BODY_CHARS} characters",
        lambda gx, w, o: gx.expectations.ExpectColumnValueLengthsToBeBetween(
            column="body", min_value=MIN_ARTICLE_BODY_CHARS
        ),
    ),
    _Expectation(
        "every_outlet_has_articles",
        "articles",
        "every registered outlet yields at least one article in the window "
        "(a site that changed its layout or went dark shows up here)",
        lambda gx, w, o: gx.expectations.ExpectColumnDistinctValuesToContainSet(
            column="outlet", value_set=list(o)
        ),
    ),
)


def validate_parsed_pages(
    pages: pl.DataFrame, window: DayWindow, outlets: tuple[str, ...]
) -> list[ExpectationOutcome]:
    """Run the suite on the window's ``staging.parsed_pages`` rows."""
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
    with warnings.catch_warnings():
        # GX's own imports use deprecated stdlib/third-party modules; not ours to fix.
        warnings.simplefilter("ignore", DeprecationWarning)
        import great_expectations as gx
        from great_expectations.data_context.types.base import ProgressBarsConfig

    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = ProgressBarsConfig(globally=False)
    source = context.data_sources.add_pandas("parsed_pages")
    # GX's pandas engine compares datetime64 columns, not Python dates: widen them.
    widened = pages.with_columns(pl.col(pl.Date).cast(pl.Datetime("us")))
    frames = {
        "pages": widened,
        "articles": widened.filter(pl.col("status") == "article"),
    }
    outcomes = []
    for rows_name, rows in frames.items():
        batch = (
            source.add_dataframe_asset(rows_name)
            .add_batch_definition_whole_dataframe("window")
            .get_batch(batch_parameters={"dataframe": rows.to_pandas()})
        )
        for expectation in PARSED_PAGES_SUITE:
            if expectation.rows != rows_name:
                continue
            result = batch.validate(expectation.build(gx, window, outlets))
            outcomes.append(
                ExpectationOutcome(
                    expectation.name,
                    bool(result.success),
                    expectation.description,
                    _observed(result.result, result.exception_info),
                )
            )
    return outcomes


def _midnight(day: date) -> datetime:
    return datetime.combine(day, time())


def _observed(result: dict[str, Any], exception_info: dict[str, Any] | None) -> dict[str, Any]:
    """The parts of a GX result worth showing in the UI, JSON-safe. An expectation that could
    not be computed fails, and says why."""
    keep = (
        "element_count",
        "unexpected_count",
        "unexpected_percent",
        "observed_value",
        "partial_unexpected_list",
        "partial_missing_list",
    )
    observed = {k: _json_safe(result[k]) for k in keep if k in result}
    messages = [
        str(info["exception_message"])
        for info in (exception_info or {}).values()
        if isinstance(info, dict) and info.get("exception_message")
    ]
    if messages:
        observed["exception"] = "; ".join(messages)[:500]
    return observed


def _json_safe(value: Any) -> Any:
    if isinstance(value, list):
        return [_json_safe(v) for v in value[:10]]
    if isinstance(value, str | int | bool) or value is None:
        return value
    if isinstance(value, float):
        return None if value != value else value  # NaN -> None
    return str(value)
