"""A run against the demo site in fault mode: every URL accounted for, politeness kept, and
once the faults clear, a rerun gives the marts of a clean run."""

import gc
from collections.abc import Iterator
from datetime import date
from itertools import pairwise
from pathlib import Path

import duckdb
import polars as pl
import pytest
from protego import Protego

from pipelines.demo_site.server import RunningSite, running_site
from pipelines.resources import HttpFetcher, pipeline_resources
from pipelines.runs import materialize_range
from warehouse.store import Warehouse

FIRST = LAST = date(2026, 2, 1)  # every fault kind is planted on the site's first day

# Our status for each outcome the site's fault truth expects.
EXPECTED_STATUS = {
    "article": "article",
    "fetch_failed": "fetch_failed",
    "non_article": "non_article",
    "duplicate_of": "duplicate",
    "robots_disallowed": "robots_disallowed",
}


def _resources(site_url: str, database: Path) -> dict[str, object]:
    # A timeout shorter than the site's slow pages.
    return dict(
        pipeline_resources(
            site_url=site_url, database=database, http=HttpFetcher(timeout_seconds=1.0)
        )
    )


def _marts(database: Path) -> dict[str, pl.DataFrame]:
    with duckdb.connect(str(database), read_only=True) as connection:
        return {
            name: connection.sql(f"SELECT * FROM marts.{name} ORDER BY ALL").pl()
            for name in ("daily_topic_counts", "publication_trends")
        }


@pytest.fixture(scope="module")
def faulty_site() -> Iterator[RunningSite]:
    with running_site(port=0, faults=True, slow_seconds=2.0) as site:
        yield site


@pytest.fixture(scope="module")
def faulty_run(faulty_site: RunningSite, tmp_path_factory: pytest.TempPathFactory) -> Path:
    database = tmp_path_factory.mktemp("faulty") / "news.duckdb"
    materialize_range(FIRST, LAST, _resources(faulty_site.url, database))
    return database


def test_every_discovered_url_is_accounted_for(faulty_run: Path) -> None:
    with duckdb.connect(str(faulty_run), read_only=True) as connection:
        discovered = connection.sql("SELECT url FROM raw.discovered_urls").pl()
        outcomes = connection.sql("SELECT url, status, reason FROM staging.parsed_pages").pl()
    assert sorted(discovered["url"]) == sorted(outcomes["url"])
    assert outcomes.filter((pl.col("status") != "article") & pl.col("reason").is_null()).is_empty()


def test_each_fault_ends_with_the_status_the_site_expects(
    faulty_site: RunningSite, faulty_run: Path
) -> None:
    faults = [f for f in faulty_site.fault_records() if f["day"] == FIRST.isoformat()]
    kinds = {f["fault"] for f in faults}
    assert len(kinds) >= 15  # the first day carries every kind of fault
    with duckdb.connect(str(faulty_run), read_only=True) as connection:
        status = dict(connection.sql("SELECT url, status FROM staging.parsed_pages").fetchall())
    wrong = [
        (f["fault"], f["url"], status.get(f["url"]))
        for f in faults
        if status.get(f["url"]) != EXPECTED_STATUS[f["expected_outcome"]]
    ]
    assert wrong == []


def test_the_crawler_never_asked_for_a_disallowed_path(
    faulty_site: RunningSite, faulty_run: Path
) -> None:
    robots = Protego.parse(faulty_site.site.render("robots.txt", "")[2].decode())
    asked = [r.path for r in faulty_site.request_log]
    assert asked, "the run made no request"
    forbidden = [
        p for p in asked if not robots.can_fetch(faulty_site.url + p.lstrip("/"), "AkhbarBot")
    ]
    assert forbidden == []
    agents = {r.user_agent for r in faulty_site.request_log}
    assert len(agents) == 1 and next(iter(agents)).startswith("AkhbarBot/")  # type: ignore[union-attr]


def test_after_the_faults_clear_a_rerun_equals_a_clean_run(
    faulty_site: RunningSite, faulty_run: Path, tmp_path: Path
) -> None:
    faulty_site.set_faults(False)
    try:
        assert materialize_range(FIRST, LAST, _resources(faulty_site.url, faulty_run)).success
    finally:
        faulty_site.set_faults(True)
    with running_site(port=0) as clean_site:
        clean_db = tmp_path / "clean.duckdb"
        clean_run = materialize_range(FIRST, LAST, _resources(clean_site.url, clean_db))
        assert clean_run.success, _failed_requests(clean_db)
    rerun, clean = _marts(faulty_run), _marts(clean_db)
    for name, rows in clean.items():
        assert rows.height > 0 and rerun[name].equals(rows), name


def _failed_requests(database: Path) -> list[tuple[str, str, str]]:
    """(purpose, url, error) of the failed requests in a warehouse's lake: why a run failed."""
    files = [path for path, _ in Warehouse(database).lake.appended_files("raw.fetch_log")]
    if not files:
        return []
    log = pl.read_parquet(files).filter(pl.col("error").is_not_null())
    return list(log.select("purpose", "url", "error").head(10).iter_rows())


def test_requests_to_a_host_respect_its_crawl_delay(tmp_path: Path) -> None:
    crawl_delay = 0.1
    # The server's clock, not the crawler's, is the observer. It runs in this process, so a
    # collector pause or another thread holding the GIL can stamp one request late (10-16 ms
    # seen in full-suite runs on a loaded 2-core machine): no collection during the crawl, and
    # the bound is checked on each gap and on each three consecutive gaps with an absolute
    # allowance for that stamp error, so a late stamp (which shortens one gap and lengthens
    # the next) cannot pass for a request sent early, while any request sent without waiting
    # (a gap near 0) still fails. The delay is large against the allowance, so a crawler that
    # waited only part of it fails too.
    gc.collect()
    gc.disable()
    try:
        with running_site(port=0, crawl_delay=crawl_delay) as site:
            newest = date(2026, 4, 1)  # short listings: the walk-back stops on the first page
            assert materialize_range(
                newest, newest, _resources(site.url, tmp_path / "n.duckdb")
            ).success
            starts = sorted(r.started_at for r in site.request_log)
    finally:
        gc.enable()
    assert len(starts) > 50
    gaps = [b - a for a, b in pairwise(starts)]
    late_stamp = 0.03  # the observer's own error, at most
    assert min(gaps) >= crawl_delay - late_stamp
    spans = [sum(gaps[i : i + 3]) for i in range(len(gaps) - 2)]
    assert min(spans) >= 3 * crawl_delay - late_stamp
