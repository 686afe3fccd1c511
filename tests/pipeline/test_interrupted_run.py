"""A run killed with SIGKILL mid-way, then run again, ends as if never interrupted."""

import gzip
import hashlib
import os
import signal
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import duckdb
import polars as pl

from pipelines.resources import pipeline_resources
from pipelines.runs import materialize_range
from tests.support import DemoSite

FIRST, LAST = date(2026, 2, 10), date(2026, 2, 19)


def _backfill(site_url: str, database: Path, home: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "pipelines.cli",
            "backfill",
            "--from",
            FIRST.isoformat(),
            "--to",
            LAST.isoformat(),
            "--site-url",
            site_url,
            "--warehouse",
            str(database),
        ],
        env={**os.environ, "DAGSTER_HOME": str(home), "GX_ANALYTICS_ENABLED": "false"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )


def _tables(database: Path) -> dict[str, pl.DataFrame]:
    with duckdb.connect(str(database), read_only=True) as connection:
        return {
            name: connection.sql(f"SELECT * FROM {name} ORDER BY ALL").pl()
            for name in ("marts.daily_topic_counts", "marts.publication_trends")
        } | {
            name: connection.sql(f"SELECT {cols} FROM {name} ORDER BY ALL").pl()
            for name, cols in (
                ("staging.parsed_pages", "day, url, status, title, published_day, body"),
                ("raw.discovered_urls", "day, url, duplicate_of"),
            )
        }


def test_sigkill_mid_run_then_rerun_matches_an_uninterrupted_run(
    demo_site: DemoSite, tmp_path: Path
) -> None:
    clean_db = tmp_path / "clean" / "news.duckdb"
    assert materialize_range(
        FIRST, LAST, pipeline_resources(site_url=demo_site.url, database=clean_db)
    ).success

    killed_db = tmp_path / "killed" / "news.duckdb"
    archive = killed_db.parent / "raw"
    run = _backfill(demo_site.url, killed_db, tmp_path / "home")
    deadline = time.monotonic() + 120
    # Kill once pages are being archived: the crawl is under way, nothing is complete.
    while time.monotonic() < deadline and run.poll() is None:
        if archive.exists() and sum(1 for _ in archive.rglob("*.gz")) >= 60:
            break
        time.sleep(0.01)
    assert run.poll() is None, "the run finished before it could be killed"
    os.killpg(run.pid, signal.SIGKILL)
    run.communicate(timeout=30)
    assert run.returncode == -signal.SIGKILL

    rerun = _backfill(demo_site.url, killed_db, tmp_path / "home")
    _, stderr = rerun.communicate(timeout=300)
    assert rerun.returncode == 0, stderr.decode()

    clean, recovered = _tables(clean_db), _tables(killed_db)
    for name, rows in clean.items():
        assert recovered[name].equals(rows), name
    with duckdb.connect(str(killed_db), read_only=True) as connection:
        duplicated = connection.sql(
            "SELECT count(*) FROM (SELECT day, url FROM staging.parsed_pages "
            "GROUP BY ALL HAVING count(*) > 1)"
        ).fetchall()[0][0]
    assert duplicated == 0
    # Every archive entry is whole: its content hashes to its name.
    entries = list(archive.rglob("*.gz"))
    assert entries
    for entry in entries:
        assert hashlib.sha256(gzip.decompress(entry.read_bytes())).hexdigest() == entry.stem
