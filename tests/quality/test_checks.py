"""The suites as Dagster asset checks: one check per expectation on the asset writing the
table, blocking only at the gate, and a real run that evaluates them all and links Data Docs."""

import subprocess
import sys
from datetime import date
from pathlib import Path
from urllib.parse import unquote, urlparse

import dagster as dg

from pipelines.graph import DAILY_CHECKS
from pipelines.resources import pipeline_resources
from pipelines.runs import materialize_range
from quality.checks import EXPECTATION_CHECKS
from quality.expectations import Severity
from quality.mart_suites import MART_SUITES
from quality.suites import PARSED_PAGES, STAGING_SUITES
from quality.validation import QualityFolder
from tests.support import DemoSite

SUITES = (*STAGING_SUITES, *MART_SUITES)
PROJECT_ROOT = Path(__file__).resolve().parents[2]


def _specs() -> dict[tuple[str, str], dg.AssetCheckSpec]:
    return {
        (spec.asset_key.to_user_string(), spec.name): spec
        for checks in EXPECTATION_CHECKS
        for spec in checks.check_specs
    }


def test_each_expectation_is_one_check_of_the_asset_writing_its_table() -> None:
    expected = {(s.table.replace(".", "/"), name) for s in SUITES for name in s.names}
    assert set(_specs()) == expected
    assert len(EXPECTATION_CHECKS) == len(SUITES)
    assert {c.node_def.name for c in EXPECTATION_CHECKS} >= {"parsed_pages_expectations"}
    assert all(checks in DAILY_CHECKS for checks in EXPECTATION_CHECKS)


def test_only_the_gates_error_expectations_block() -> None:
    blocking = {key for key, spec in _specs().items() if spec.blocking}
    assert blocking == {
        ("staging/parsed_pages", e.name)
        for e in PARSED_PAGES.expectations
        if e.severity is Severity.ERROR
    }
    assert len(blocking) == 6


def test_loading_the_code_location_does_not_import_great_expectations() -> None:
    code = (
        "import sys, warnings; warnings.simplefilter('ignore'); import pipelines.definitions; "
        "sys.exit('great_expectations' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=PROJECT_ROOT, check=False)
    assert done.returncode == 0


def test_a_run_evaluates_every_expectation_and_links_its_data_docs(
    demo_site: DemoSite, tmp_path: Path
) -> None:
    day = date(2026, 2, 10)
    database = tmp_path / "news.duckdb"
    with dg.DagsterInstance.ephemeral() as instance:
        outcome = materialize_range(
            day, day, pipeline_resources(site_url=demo_site.url, database=database), instance
        )
        records = instance.get_records_for_run(
            outcome.run_id, of_type=dg.DagsterEventType.ASSET_CHECK_EVALUATION
        ).records
    assert outcome.success, outcome
    evaluations = {
        (e.asset_key.to_user_string(), e.check_name): e
        for e in (r.event_log_entry.dagster_event.asset_check_evaluation_data for r in records)
        if e is not None
    }
    ours = {key: evaluations[key] for key in _specs()}
    assert [key for key, e in ours.items() if not e.passed] == []
    severities = {e.severity for e in ours.values()}
    assert severities == {dg.AssetCheckSeverity.ERROR, dg.AssetCheckSeverity.WARN}
    docs = QualityFolder.beside(database)
    pages = {str(e.metadata["data_docs"].value) for e in ours.values()}
    assert len(pages) == len(SUITES)  # one validation page per suite and run
    for page in pages:
        path = Path(unquote(urlparse(page).path))
        assert path.is_file() and docs.data_docs in path.parents
        assert f"{day}_run-{outcome.run_id[:8]}" in path.parts
    assert docs.index.is_file()
