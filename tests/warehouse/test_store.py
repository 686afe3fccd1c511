"""The warehouse's storage contract, on real Parquet files and real DuckDB databases: a write
touches only its days, nothing is visible before it is published, the analysts' file is
replaced whole and never opened for writing, and readers keep the version they opened."""

import os
import subprocess
import sys
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import duckdb
import polars as pl
import pytest

from pipelines.news import tables
from warehouse import lake as lake_module
from warehouse.store import Warehouse, WarehouseMissing

DAY1, DAY2, DAY3 = date(2026, 3, 1), date(2026, 3, 2), date(2026, 3, 3)


def _topics(day: date, urls: list[str], topic: str = "sport") -> pl.DataFrame:
    return tables.frame(
        [
            {
                "day": day,
                "url": u,
                "outlet": "atlas",
                "topic": topic,
                "method": "m",
                "model_version": "v",
            }
            for u in urls
        ],
        tables.ARTICLE_TOPICS,
    )


def _urls(store: Warehouse, start: date = DAY1, end: date = DAY3) -> list[str]:
    rows = store.read_window("staging.article_topics", start, end)
    return sorted(rows["url"].to_list())


def _analyst_urls(database: Path) -> list[str]:
    Warehouse(database).publish_database()
    with duckdb.connect(str(database), read_only=True) as connection:
        rows = connection.sql("SELECT url FROM staging.article_topics ORDER BY url").fetchall()
    return [url for (url,) in rows]


def test_a_window_write_replaces_exactly_its_days(tmp_path: Path) -> None:
    store = Warehouse(tmp_path / "news.duckdb")
    both = pl.concat([_topics(DAY1, ["a", "b"]), _topics(DAY2, ["c"])])
    store.write_window("r1", "staging.article_topics", both, DAY1, DAY3)
    # Day 2 again, now with no rows at all: day 1 keeps its rows, day 2 is emptied.
    store.write_window("r2", "staging.article_topics", _topics(DAY2, []), DAY2, DAY3)
    assert _urls(store) == ["a", "b"]
    assert _analyst_urls(store.database) == ["a", "b"]


def test_staged_rows_are_seen_by_their_run_only_until_published(tmp_path: Path) -> None:
    store = Warehouse(tmp_path / "news.duckdb")
    store.write_window("r1", "staging.article_topics", _topics(DAY1, ["old"]), DAY1, DAY2)
    store.stage_window("r2", "staging.article_topics", _topics(DAY1, ["new"]), DAY1, DAY2)
    assert _urls(store) == ["old"]
    assert _analyst_urls(store.database) == ["old"]
    assert store.read_window("staging.article_topics", DAY1, DAY2, run_id="r2")[
        "url"
    ].to_list() == ["new"]
    store.publish("r2", ["staging.article_topics"])
    assert _urls(store) == ["new"]
    assert _analyst_urls(store.database) == ["new"]
    assert not Path(store.pending_location("r2")).exists()  # nothing left pending


def test_reading_before_anything_is_written_creates_nothing(tmp_path: Path) -> None:
    store = Warehouse(tmp_path / "warehouse" / "news.duckdb")
    rows = store.read_window("staging.parsed_pages", DAY1, DAY3, columns=["url", "status"])
    assert rows.is_empty() and rows.columns == ["url", "status"]
    assert store.query_window("marts/daily_topic_counts.sql", DAY1, DAY3).is_empty()
    assert not (tmp_path / "warehouse").exists()
    with pytest.raises(WarehouseMissing, match="make demo"):
        store.query("SELECT 1")


def test_only_known_windowed_tables_and_rows_inside_the_window(tmp_path: Path) -> None:
    store = Warehouse(tmp_path / "news.duckdb")
    with pytest.raises(ValueError, match="unknown warehouse table"):
        store.read_window("staging.nope", DAY1, DAY2)
    with pytest.raises(ValueError, match="not written a partition window"):
        store.read_window("raw.fetch_log", DAY1, DAY2)
    with pytest.raises(ValueError, match="outside"):
        store.stage_window("r", "staging.article_topics", _topics(DAY2, ["x"]), DAY1, DAY2)
    with pytest.raises(ValueError, match="no column"):
        store.read_window("staging.article_topics", DAY1, DAY2, columns=["nope"])


def test_reads_select_urls_and_columns(tmp_path: Path) -> None:
    store = Warehouse(tmp_path / "news.duckdb")
    store.write_window("r", "staging.article_topics", _topics(DAY1, ["a", "b", "c"]), DAY1, DAY2)
    rows = store.read_window(
        "staging.article_topics", DAY1, DAY2, columns=["url", "topic"], urls=["c", "a", "zz"]
    )
    assert rows.sort("url").rows() == [("a", "sport"), ("c", "sport")]
    assert store.read_window("staging.article_topics", DAY1, DAY2, urls=[]).is_empty()


def test_an_open_analyst_session_keeps_its_version_while_runs_publish(tmp_path: Path) -> None:
    store = Warehouse(tmp_path / "news.duckdb")
    store.write_window("r1", "staging.article_topics", _topics(DAY1, ["old"]), DAY1, DAY2)
    store.publish_database()
    inode_before = os.stat(store.database).st_ino
    with duckdb.connect(str(store.database), read_only=True) as session:
        store.write_window("r2", "staging.article_topics", _topics(DAY1, ["new"]), DAY1, DAY2)
        store.publish_database()
        # The writer never opened the analysts' file: it wrote a new one and renamed it.
        assert os.stat(store.database).st_ino != inode_before
        # The open session still reads the old version, whole (its files are retired, not
        # deleted, for RETIRED_GRACE_SECONDS).
        assert session.sql("SELECT url FROM staging.article_topics").fetchall() == [("old",)]
    assert _analyst_urls(store.database) == ["new"]


def test_retired_files_are_deleted_once_their_grace_period_is_over(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = Warehouse(tmp_path / "news.duckdb")
    store.write_window("r1", "staging.article_topics", _topics(DAY1, ["a"]), DAY1, DAY2)
    store.publish_database()
    first_file = Path(store.lake.day_files("staging.article_topics", DAY1, DAY2)[0][0])
    store.write_window("r2", "staging.article_topics", _topics(DAY1, ["b"]), DAY1, DAY2)
    monkeypatch.setattr(lake_module, "RETIRED_GRACE_SECONDS", 0)
    store.write_window("r3", "staging.article_topics", _topics(DAY2, ["c"]), DAY2, DAY3)
    assert first_file.exists()  # the analysts' database still names it
    store.publish_database()
    store.write_window("r4", "staging.article_topics", _topics(DAY2, ["d"]), DAY2, DAY3)
    assert not first_file.exists()
    parquet_files = sorted((Path(store.lake.storage.root) / "staging").rglob("*.parquet"))
    # Day 1's current file, day 2's, and day 2's previous one (the database still names it).
    assert len(parquet_files) == 3


def test_the_fetch_log_is_appended_and_read_by_analysts(tmp_path: Path) -> None:
    store = Warehouse(tmp_path / "news.duckdb")
    log = tables.frame(
        [
            {
                "run_id": run,
                "purpose": "page",
                "url": "https://x.test/a",
                "final_url": "https://x.test/a",
                "bytes": 10,
                "attempt": 1,
                "fetched_at": datetime(2026, 3, 1, 10, tzinfo=UTC),
            }
            for run in ("r1", "r2")
        ],
        tables.FETCH_LOG,
    )
    for run in ("r1", "r2"):
        store.stage_append(run, "raw.fetch_log", log.filter(pl.col("run_id") == run))
        store.publish(run, ["raw.fetch_log"])
    store.publish_database()
    assert store.query("SELECT run_id FROM raw.fetch_log ORDER BY run_id")["run_id"].to_list() == [
        "r1",
        "r2",
    ]
    with pytest.raises(ValueError, match="append-only"):
        store.stage_append("r", "staging.article_topics", _topics(DAY1, ["a"]))


def test_a_broken_query_is_an_error_not_an_empty_answer(tmp_path: Path) -> None:
    store = Warehouse(tmp_path / "news.duckdb")
    store.write_window("r", "staging.article_topics", _topics(DAY1, ["a"]), DAY1, DAY2)
    store.publish_database()
    with pytest.raises(duckdb.Error):
        store.query("SELECT no_such_column FROM staging.article_topics")


def test_an_interval_is_answered_as_text_not_a_crash(tmp_path: Path) -> None:
    store = Warehouse(tmp_path / "news.duckdb")
    store.write_window("r", "staging.article_topics", _topics(DAY1, ["a"]), DAY1, DAY2)
    store.publish_database()
    rows = store.query(
        "SELECT age(max(day)::TIMESTAMP + INTERVAL 2 HOUR, min(day)) AS span, count(*) AS n "
        "FROM staging.article_topics"
    )
    assert rows.rows() == [("02:00:00", 1)]


# A publisher that swaps day files between two versions forever: version k writes, for each
# of DAYS days, ROWS rows whose topic is "v<k>". Killed at random moments by the test.
_PUBLISHER = """
import sys
from datetime import UTC, date, datetime, timedelta
import polars as pl
from pipelines.news import tables
from warehouse.store import Warehouse

store, days, rows = Warehouse(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
first = date(2026, 3, 1)
version = 0
print("ready", flush=True)
while True:
    version += 1
    frame = tables.frame(
        [
            {"day": first + timedelta(days=d), "url": f"u{d}-{r}", "outlet": "atlas",
             "topic": f"v{version}", "method": "m", "model_version": "v"}
            for d in range(days) for r in range(rows)
        ],
        tables.ARTICLE_TOPICS,
    )
    store.write_window(f"run{version}", "staging.article_topics", frame, first,
                       first + timedelta(days=days))
    store.publish_database()
"""


def test_killing_a_publisher_never_leaves_readers_a_mixed_version(tmp_path: Path) -> None:
    days, rows = 20, 5
    database = tmp_path / "news.duckdb"
    root = Path(__file__).resolve().parents[2]
    for delay in (0.3, 0.45, 0.6, 0.8, 1.0, 1.3):
        publisher = subprocess.Popen(
            [sys.executable, "-c", _PUBLISHER, str(database), str(days), str(rows)],
            cwd=root,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert publisher.stdout is not None and publisher.stdout.readline().strip() == "ready"
        try:
            publisher.wait(timeout=delay)
        except subprocess.TimeoutExpired:
            publisher.kill()  # SIGKILL, wherever it is: writing files, the manifest, the db
        publisher.wait(timeout=30)
        publisher.stdout.close()
        if not database.exists():
            continue
        # Analysts and the pipeline each see exactly one whole version: every day, every row.
        with duckdb.connect(str(database), read_only=True) as session:
            versions = session.sql(
                "SELECT topic, count(*), count(DISTINCT day) FROM staging.article_topics "
                "GROUP BY topic"
            ).fetchall()
        assert len(versions) == 1 and versions[0][1:] == (days * rows, days), versions
        lake_rows = Warehouse(database).read_window(
            "staging.article_topics", date(2026, 3, 1), date(2026, 3, 1) + timedelta(days=days)
        )
        assert lake_rows["topic"].n_unique() == 1 and lake_rows.height == days * rows


def test_a_database_from_before_the_lake_is_moved_aside_not_overwritten(tmp_path: Path) -> None:
    store = Warehouse(tmp_path / "news.duckdb")
    with duckdb.connect(str(store.database)) as legacy:
        legacy.execute("CREATE SCHEMA marts")
        legacy.execute("CREATE TABLE marts.daily_topic_counts AS SELECT 42 AS articles")
    store.write_window("r", "staging.article_topics", _topics(DAY1, ["a"]), DAY1, DAY2)
    store.publish_database()
    with duckdb.connect(str(tmp_path / "news.duckdb.pre-lake"), read_only=True) as kept:
        assert kept.sql("SELECT articles FROM marts.daily_topic_counts").fetchall() == [(42,)]
    assert _analyst_urls(store.database) == ["a"]
