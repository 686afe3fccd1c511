"""Re-running days against a site that sends validators: the pages come back `304 Not
Modified`, their archived bodies are parsed again, and every table equals the first run's."""

import shutil
from pathlib import Path

import duckdb
import polars as pl

from pipelines.resources import pipeline_resources
from pipelines.runs import materialize_range
from tests.support import COMPARED, E2E_FIRST_DAY, E2E_LAST_DAY, DemoSite, E2ERun

# What raw.pages says of each URL's content, whether downloaded or confirmed by a 304.
PAGE_CONTENT = "SELECT day, url, final_url, content_type, sha256, error FROM raw.pages ORDER BY ALL"


def _read(database: Path, sql: str) -> pl.DataFrame:
    with duckdb.connect(str(database), read_only=True) as connection:
        return connection.sql(sql).pl()


def test_a_rerun_is_answered_304_and_changes_no_row(
    e2e_run: E2ERun, demo_site: DemoSite, tmp_path: Path
) -> None:
    shutil.copytree(e2e_run.database.parent, tmp_path / "warehouse")
    database = tmp_path / "warehouse" / "news.duckdb"
    resources = pipeline_resources(site_url=demo_site.url, database=database)
    rerun = materialize_range(E2E_FIRST_DAY, E2E_LAST_DAY, resources)
    assert rerun.success, rerun

    page_requests = _read(
        database,
        f"SELECT status FROM raw.fetch_log WHERE run_id = '{rerun.run_id}' AND purpose = 'page'",
    )
    assert page_requests.height > 0
    not_modified = page_requests.filter(pl.col("status") == 304).height / page_requests.height
    assert not_modified >= 0.9, not_modified

    for name in COMPARED:
        first = _read(e2e_run.database, f"SELECT * FROM {name} ORDER BY ALL")
        assert first.height > 0, name
        assert _read(database, f"SELECT * FROM {name} ORDER BY ALL").equals(first), name
    assert _read(database, PAGE_CONTENT).equals(_read(e2e_run.database, PAGE_CONTENT))
    # A 304 row keeps when its body was downloaded: the first run's fetch time.
    confirmed = _read(
        database, "SELECT fetched_at, body_fetched_at FROM raw.pages WHERE status = 304"
    )
    assert confirmed.height > 0
    assert (confirmed["body_fetched_at"] < confirmed["fetched_at"]).all()
