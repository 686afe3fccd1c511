"""The expectation suites as Dagster asset checks: one check per expectation, with its
severity, all of a suite's computed by one Great Expectations checkpoint run on the rows the
run wrote for its window. The parsed-pages suite gates publication (blocking checks); the
others report after their table is written. Each result links the run's Data Docs page."""

from collections.abc import Iterable
from typing import Any

import dagster as dg

from assets.articles import parsed_pages
from assets.marts import daily_topic_counts, publication_trends
from assets.outlet_quality import outlet_day_quality
from assets.stories import article_stories, daily_ticker_stories, stories
from assets.topics import article_topics
from pipelines.news.models import DayWindow
from pipelines.partitions import daily_partitions, day_window
from pipelines.resources import NewsSources, NewsWarehouse
from quality.expectations import Suite, run_parameters
from quality.mart_suites import (
    DAILY_TICKER_STORIES,
    DAILY_TOPIC_COUNTS,
    OUTLET_DAY_QUALITY,
    PUBLICATION_TRENDS,
    STORIES,
)
from quality.suites import ARTICLE_STORIES, ARTICLE_TOPICS, PARSED_PAGES, TOPICS_BESIDES_TAXONOMY
from quality.validation import QualityFolder, validate


def expectation_checks(suite: Suite, asset: dg.AssetsDefinition) -> dg.AssetChecksDefinition:
    """One asset check of ``asset`` (the asset writing ``suite``'s table) per expectation,
    computed together by ``<table>_expectations``."""
    if asset.key.to_user_string() != suite.table.replace(".", "/"):
        raise ValueError(f"{asset.key.to_user_string()} does not write {suite.table}")

    @dg.multi_asset_check(
        name=f"{suite.table.split('.')[1]}_expectations",
        description=f"The `{suite.table}` expectation suite (Great Expectations), run on the "
        "rows the run wrote for its window.",
        specs=[
            dg.AssetCheckSpec(
                e.name,
                asset=asset,
                blocking=suite.blocking(e),
                description=f"{e.description} ({e.severity.value})",
                partitions_def=daily_partitions,
            )
            for e in suite.expectations
        ],
    )
    def _check(
        context: dg.AssetCheckExecutionContext, sources: NewsSources, warehouse: NewsWarehouse
    ) -> Iterable[dg.AssetCheckResult]:
        window, run_id = day_window(context), context.run.run_id
        store, registry = warehouse.store(), sources.load()
        # With run_id: the rows this run wrote, staged (parsed pages await the gate) or
        # already published (the other tables publish as they are written).
        rows = store.read_window(
            suite.table, window.first, window.end, columns=suite.columns, run_id=run_id
        )
        docs = QualityFolder.beside(warehouse.database)
        validation = validate(
            suite,
            rows,
            run_parameters(
                window,
                [o.key for o in registry.outlets],
                [*registry.topics, *TOPICS_BESIDES_TAXONOMY],
            ),
            docs=docs,
            run_name=_run_name(window, run_id),
        )
        context.log.info(
            f"{suite.table}: {len(validation.failed)} of {len(validation.outcomes)} "
            f"expectations failed on {rows.height} rows in {validation.seconds:.2f} s; "
            f"Data Docs: {validation.data_docs_page or docs.index}"
        )
        shared: dict[str, Any] = {
            "rows": rows.height,
            "data_docs": dg.MetadataValue.url(validation.data_docs_page or docs.index.as_uri()),
            "validation_seconds": round(validation.seconds, 2),
        }
        rejected = {"rejected_rows_at": dg.MetadataValue.path(str(store.pending_location(run_id)))}
        for outcome in validation.outcomes:
            yield dg.AssetCheckResult(
                asset_key=asset.key,
                check_name=outcome.name,
                passed=outcome.success,
                severity=dg.AssetCheckSeverity[outcome.severity.value],
                metadata={
                    "expectation": outcome.description,
                    **({} if outcome.success or not suite.gate else rejected),
                    **shared,
                    **_as_metadata(outcome.observed),
                },
            )

    return _check


def _run_name(window: DayWindow, run_id: str) -> str:
    """The validation's name in Data Docs: the partition (or range) and the Dagster run."""
    days = str(window.first) if window.first == window.last else f"{window.first}_{window.last}"
    return f"{days}_run-{run_id[:8]}"


def _as_metadata(observed: dict[str, Any]) -> dict[str, Any]:
    return {
        key: dg.MetadataValue.json(value) if isinstance(value, list | dict) else value
        for key, value in observed.items()
    }


# Each suite beside the asset that writes its table.
_SUITES = (
    (PARSED_PAGES, parsed_pages),
    (ARTICLE_TOPICS, article_topics),
    (ARTICLE_STORIES, article_stories),
    (DAILY_TOPIC_COUNTS, daily_topic_counts),
    (PUBLICATION_TRENDS, publication_trends),
    (STORIES, stories),
    (DAILY_TICKER_STORIES, daily_ticker_stories),
    (OUTLET_DAY_QUALITY, outlet_day_quality),
)

# `parsed_pages_expectations` (blocking) gates `staging/published_pages`; the rest report.
EXPECTATION_CHECKS = [expectation_checks(suite, asset) for suite, asset in _SUITES]
