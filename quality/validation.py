"""Running a suite with Great Expectations: one ephemeral Data Context per validation, the
window's rows as a batch of GX's pandas datasource, the suite through a ValidationDefinition
and a Checkpoint, and (when asked) the result rendered as Data Docs.

GX is imported here only, inside :func:`validate` (it costs seconds): code that does not
validate never pays for it. We validate in-memory frames because GX's SQL datasource returns
empty results on DuckDB.

Data Docs are a static site beside the warehouse (:class:`QualityFolder`). The site's index
lists what the context's validation-results store holds and deletes the pages of results it
does not hold, so the expectation suites and validation results are kept on disk there too
(a context's in-memory stores would make each validation wipe the pages of the others).
"""

from __future__ import annotations

import os
import time
import warnings
from collections.abc import Iterator, Mapping
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import polars as pl
from filelock import FileLock

from quality.expectations import Expectation, Severity, Suite, When

DATA_DOCS_SITE = "akhbar"
# How long validation results and their Data Docs pages are kept (older checks in Dagster
# keep their observed values in their metadata; their page link goes stale).
RETENTION = timedelta(days=30)
# The index page lists the newest validations only (ten daily runs of six suites): rendering
# it is most of a validation's cost, and grows with what it lists. Older pages stay on disk,
# linked from their Dagster checks.
INDEX_VALIDATIONS = 60
_GX_SEVERITY = {Severity.ERROR: "critical", Severity.WARN: "warning"}
# The parts of a GX result worth showing in the Dagster UI.
_OBSERVED = (
    "element_count",
    "unexpected_count",
    "unexpected_percent",
    "observed_value",
    "partial_unexpected_list",
    "partial_missing_list",
)


@dataclass(frozen=True)
class QualityFolder:
    """``<warehouse dir>/quality/``: ``data_docs/`` (the site: open ``index.html``), and the
    GX stores it is rendered from, ``expectations/`` (the suites, JSON) and ``validations/``
    (the validation results, JSON). A lock serialises the processes writing them.
    Validations are kept ``RETENTION`` (their results and pages): GX lists every stored
    result each time it renders the site, so an unbounded history would slow every check."""

    root: Path

    @classmethod
    def beside(cls, database: str | Path) -> QualityFolder:
        return cls(Path(database).parent / "quality")

    @property
    def data_docs(self) -> Path:
        return self.root / "data_docs"

    @property
    def index(self) -> Path:
        return self.data_docs / "index.html"

    @contextmanager
    def locked(self) -> Iterator[None]:
        self.root.mkdir(parents=True, exist_ok=True)
        with FileLock(str(self.root / ".lock"), timeout=600):
            yield

    def prune(self, now: float, keep: timedelta = RETENTION) -> int:
        """Delete the validation results and pages written before ``now - keep`` (``now``
        in seconds since the epoch); returns how many files went. Call it holding the lock."""
        cutoff = now - keep.total_seconds()
        removed = 0
        for folder in (self.root / "validations", self.data_docs / "validations"):
            if not folder.is_dir():
                continue
            for path in folder.rglob("*"):
                if path.suffix in (".json", ".html") and path.stat().st_mtime < cutoff:
                    path.unlink()
                    removed += 1
            for path in sorted(folder.rglob("*"), key=lambda p: len(p.parts), reverse=True):
                if path.is_dir() and not any(path.iterdir()):
                    path.rmdir()
        return removed


@dataclass(frozen=True)
class ExpectationOutcome:
    name: str
    severity: Severity
    success: bool
    description: str
    observed: dict[str, Any]


@dataclass(frozen=True)
class SuiteValidation:
    """A suite's result on one batch: an outcome per expectation, in suite order."""

    table: str
    outcomes: tuple[ExpectationOutcome, ...]
    seconds: float
    data_docs_page: str | None = None  # file:// URL of this validation's page

    @property
    def failed(self) -> tuple[str, ...]:
        return tuple(o.name for o in self.outcomes if not o.success)


def validate(
    suite: Suite,
    rows: pl.DataFrame,
    parameters: Mapping[str, object],
    *,
    docs: QualityFolder | None = None,
    run_name: str = "ad hoc",
) -> SuiteValidation:
    """Validate ``rows`` (the table's rows for a window) against ``suite``, filling its
    ``$PARAMETER`` values from ``parameters`` (``expectations.run_parameters``). With
    ``docs``, the result is stored there under ``run_name`` and its Data Docs page written."""
    started = time.perf_counter()
    gx = _import_gx()
    with docs.locked() if docs else nullcontext():
        if docs is not None:
            docs.prune(time.time())
        context = _context(gx, docs)
        batch_definition = (
            context.data_sources.add_pandas("warehouse")
            .add_dataframe_asset(suite.table)
            .add_batch_definition_whole_dataframe("window")
        )
        gx_suite = context.suites.add_or_update(
            gx.ExpectationSuite(
                name=suite.table,
                expectations=[_gx_expectation(gx, e) for e in suite.expectations],
                notes=_suite_notes(suite),
            )
        )
        definition = context.validation_definitions.add(
            gx.ValidationDefinition(name=suite.table, data=batch_definition, suite=gx_suite)
        )
        actions = [] if docs is None else [gx.checkpoint.UpdateDataDocsAction(name="data_docs")]
        checkpoint = context.checkpoints.add(
            gx.Checkpoint(name=suite.table, validation_definitions=[definition], actions=actions)
        )
        result = checkpoint.run(
            batch_parameters={"dataframe": _as_pandas(rows)},
            expectation_parameters=dict(parameters),
            run_id=_run_identifier(run_name),
        )
        ((key, suite_result),) = result.run_results.items()
        page = None
        if docs is not None:
            (site,) = context.get_docs_sites_urls(resource_identifier=key)
            page = site["site_url"]
    by_name = {r.expectation_config.meta["check"]: r for r in suite_result.results}
    outcomes = tuple(
        ExpectationOutcome(
            e.name,
            e.severity,
            bool(by_name[e.name].success),
            e.description,
            _observed(by_name[e.name].result, by_name[e.name].exception_info),
        )
        for e in suite.expectations
    )
    return SuiteValidation(suite.table, outcomes, time.perf_counter() - started, page)


def _import_gx() -> Any:
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
    with warnings.catch_warnings():
        # GX's own imports use deprecated stdlib/third-party modules; not ours to fix.
        warnings.simplefilter("ignore", DeprecationWarning)
        import great_expectations as gx
        import great_expectations.checkpoint
    return gx


def _context(gx: Any, docs: QualityFolder | None) -> Any:
    """An ephemeral Data Context (no project on disk, no analytics, no progress bars); with
    ``docs``, its suites and results are stored in that folder and it has the Data Docs site."""
    from great_expectations.data_context.types.base import (
        DataContextConfig,
        InMemoryStoreBackendDefaults,
        ProgressBarsConfig,
    )

    config = DataContextConfig(
        analytics_enabled=False,
        progress_bars=ProgressBarsConfig(globally=False),
        store_backend_defaults=InMemoryStoreBackendDefaults(),
        **({} if docs is None else _stores_in(docs.root)),
    )
    context = gx.get_context(mode="ephemeral", project_config=config)
    if docs is not None:
        context.add_data_docs_site(
            DATA_DOCS_SITE,
            {
                "class_name": "SiteBuilder",
                "show_how_to_buttons": False,
                "store_backend": _files(docs.data_docs),
                "site_index_builder": {
                    "class_name": "DefaultSiteIndexBuilder",
                    "validation_results_limit": INDEX_VALIDATIONS,
                },
            },
        )
    return context


def _stores_in(root: Path) -> dict[str, Any]:
    in_memory = {"class_name": "InMemoryStoreBackend"}
    return {
        "stores": {
            "expectations": {
                "class_name": "ExpectationsStore",
                "store_backend": _files(root / "expectations"),
            },
            "validations": {
                "class_name": "ValidationResultsStore",
                "store_backend": _files(root / "validations"),
            },
            "checkpoints": {"class_name": "CheckpointStore", "store_backend": in_memory},
        },
        "expectations_store_name": "expectations",
        "validation_results_store_name": "validations",
        "checkpoint_store_name": "checkpoints",
    }


def _files(folder: Path) -> dict[str, str]:
    return {"class_name": "TupleFilesystemStoreBackend", "base_directory": str(folder)}


def _gx_expectation(gx: Any, expectation: Expectation) -> Any:
    kind = getattr(gx.expectations, expectation.gx)
    extra: dict[str, Any] = {}
    if expectation.when is not None:
        extra["row_condition"] = _row_condition(expectation.when)
    return kind(
        **expectation.args,
        **extra,
        severity=_GX_SEVERITY[expectation.severity],
        meta={"check": expectation.name, "severity": expectation.severity.value},
        notes=f"**{expectation.name}** ({expectation.severity.value}): {expectation.description}",
        # An expectation that cannot be computed fails (and says why) instead of stopping
        # the others.
        catch_exceptions=True,
    )


def _row_condition(when: When) -> Any:
    from great_expectations.expectations.row_conditions import Column

    column = Column(when.column)
    if when.test == "null":
        return column.is_null()
    if when.test == "not_null":
        return column.is_not_null()
    return column == when.value


def _suite_notes(suite: Suite) -> str:
    gate = (
        "ERROR expectations gate publication (blocking checks)."
        if suite.gate
        else "Reported after the table is written; a failure stops nothing."
    )
    return f"`{suite.table}`, one Dagster asset check per expectation. {gate}"


def _as_pandas(rows: pl.DataFrame) -> Any:
    # GX's pandas engine compares datetime64 columns, not Python dates: widen them. It has no
    # list type either: a list column is validated as its items joined by "; ", so a length
    # of 0 means an empty list.
    return rows.with_columns(
        pl.col(pl.Date).cast(pl.Datetime("us")),
        pl.col(pl.List(pl.String)).list.join("; "),
    ).to_pandas()


def _run_identifier(run_name: str) -> Any:
    from great_expectations.core.run_identifier import RunIdentifier

    return RunIdentifier(run_name=run_name, run_time=datetime.now(UTC))


def _observed(result: dict[str, Any], exception_info: dict[str, Any] | None) -> dict[str, Any]:
    """The parts of a GX result worth showing in the UI, JSON-safe. An expectation that could
    not be computed fails, and says why."""
    observed = {k: _json_safe(result[k]) for k in _OBSERVED if k in result}
    messages = [
        str(info["exception_message"])
        for info in _exception_infos(exception_info)
        if info.get("exception_message")
    ]
    if messages:
        observed["exception"] = "; ".join(messages)[:500]
    return observed


def _exception_infos(exception_info: dict[str, Any] | None) -> list[dict[str, Any]]:
    """GX gives one exception record, or one per metric that failed."""
    if not exception_info:
        return []
    if "exception_message" in exception_info:
        return [exception_info]
    return [info for info in exception_info.values() if isinstance(info, dict)]


def _json_safe(value: Any) -> Any:
    if isinstance(value, list):
        return [_json_safe(v) for v in value[:10]]
    if isinstance(value, str | int | bool) or value is None:
        return value
    if isinstance(value, float):
        return None if value != value else value  # NaN -> None
    return str(value)
