"""Blocking Dagster asset checks: the parsed-pages suite gates topics and marts."""

from collections.abc import Iterable
from typing import Any

import dagster as dg

from assets.articles import parsed_pages
from pipelines.partitions import daily_partitions, day_window
from pipelines.resources import NewsSources, NewsWarehouse
from quality.suites import PARSED_PAGES_SUITE, validate_parsed_pages


@dg.multi_asset_check(
    specs=[
        dg.AssetCheckSpec(
            e.name,
            asset=parsed_pages,
            blocking=True,
            description=e.description,
            partitions_def=daily_partitions,
        )
        for e in PARSED_PAGES_SUITE
    ],
)
def parsed_pages_expectations(
    context: dg.AssetCheckExecutionContext, sources: NewsSources, warehouse: NewsWarehouse
) -> Iterable[dg.AssetCheckResult]:
    """Great Expectations suite on the rows the run staged for the window (not yet published):
    a failure stops `staging/published_pages` and everything after it, so the previously
    published days stay as they were; `rejected_rows_at` says where the failing rows are."""
    window, run_id = day_window(context), context.run.run_id
    store = warehouse.store()
    rows = store.read_window("staging.parsed_pages", window.first, window.end, run_id=run_id)
    outlets = tuple(o.key for o in sources.load().outlets)
    location = dg.MetadataValue.path(str(store.pending_location(run_id)))
    for outcome in validate_parsed_pages(rows, window, outlets):
        where = {} if outcome.success else {"rejected_rows_at": location}
        yield dg.AssetCheckResult(
            asset_key=parsed_pages.key,
            check_name=outcome.name,
            passed=outcome.success,
            severity=dg.AssetCheckSeverity.ERROR,
            metadata={
                "expectation": outcome.description,
                **where,
                **_as_metadata(outcome.observed),
            },
        )


def _as_metadata(observed: dict[str, Any]) -> dict[str, Any]:
    return {
        key: dg.MetadataValue.json(value) if isinstance(value, list | dict) else value
        for key, value in observed.items()
    }
