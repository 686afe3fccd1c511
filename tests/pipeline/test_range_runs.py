"""A range backfill and the same days run one by one give the same warehouse: no step may
look ahead of the day it computes (topic model, quarantine, stories, trends)."""

from datetime import date
from pathlib import Path

import duckdb
import pytest

from pipelines.resources import pipeline_resources
from pipelines.runs import RangeError, materialize_days, run_windows
from tests.support import (
    COMPARED,
    E2E_FIRST_DAY,
    E2E_LAST_DAY,
    DemoSite,
    E2ERun,
    compared_tables,
)


def test_a_range_run_equals_the_same_days_run_one_by_one(
    e2e_run: E2ERun, demo_site: DemoSite, tmp_path: Path
) -> None:
    database = tmp_path / "day_by_day" / "news.duckdb"
    resources = pipeline_resources(site_url=demo_site.url, database=database)
    outcomes = materialize_days(E2E_FIRST_DAY, E2E_LAST_DAY, dict(resources), days_per_run=1)
    assert len(outcomes) == (E2E_LAST_DAY - E2E_FIRST_DAY).days + 1
    assert all(outcome.success for outcome in outcomes)
    by_range, by_day = compared_tables(e2e_run.database), compared_tables(database)
    for name in COMPARED:
        assert by_day[name].height > 0, name
        assert by_day[name].equals(by_range[name]), name


def test_no_day_uses_a_model_trained_on_itself_or_later(e2e_run: E2ERun) -> None:
    with duckdb.connect(str(e2e_run.database), read_only=True) as connection:
        models = connection.sql("SELECT day, trained_until FROM staging.topic_models").pl()
    assert models.height == (E2E_LAST_DAY - E2E_FIRST_DAY).days + 1
    assert (models["trained_until"] < models["day"]).all()


def test_a_long_range_is_cut_into_consecutive_runs_oldest_first() -> None:
    windows = run_windows(date(2026, 1, 30), date(2026, 3, 2), days_per_run=31)
    assert windows == [
        (date(2026, 1, 30), date(2026, 3, 1)),
        (date(2026, 3, 2), date(2026, 3, 2)),
    ]
    assert run_windows(date(2026, 3, 1), date(2026, 3, 1), days_per_run=5) == [
        (date(2026, 3, 1), date(2026, 3, 1))
    ]
    with pytest.raises(RangeError):
        run_windows(date(2026, 3, 1), date(2026, 3, 2), days_per_run=0)
