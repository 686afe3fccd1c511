import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import duckdb
import polars as pl
import pytest

from pipelines.news import tables
from warehouse.store import Warehouse, WarehouseBusy


@contextmanager
def _writer_process(database: Path, read_only: bool = False) -> Iterator[None]:
    """Another process with ``database`` open (read-write unless ``read_only``) until the
    block ends."""
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import duckdb, sys; c = duckdb.connect(sys.argv[1], read_only=sys.argv[2] == 'ro'); "
            "print('open', flush=True); sys.stdin.read()",
            str(database),
            "ro" if read_only else "rw",
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "open"
        yield
    finally:
        holder.communicate("", timeout=30)


def _topics(day: date, urls: list[str]) -> pl.DataFrame:
    return tables.frame(
        [
            {
                "day": day,
                "url": u,
                "outlet": "atlas",
                "topic": "sport",
                "method": "m",
                "model_version": "v",
            }
            for u in urls
        ],
        tables.ARTICLE_TOPICS,
    )


def test_replace_window_touches_only_its_days(tmp_path: Path) -> None:
    store = Warehouse(tmp_path / "news.duckdb")
    with store.writing() as connection:
        store.replace_window(
            connection,
            "staging.article_topics",
            _topics(date(2026, 2, 1), ["a", "b"]),
            date(2026, 2, 1),
            date(2026, 2, 2),
        )
        store.replace_window(
            connection,
            "staging.article_topics",
            _topics(date(2026, 2, 2), ["c"]),
            date(2026, 2, 2),
            date(2026, 2, 3),
        )
    with store.writing() as connection:
        store.replace_window(
            connection,
            "staging.article_topics",
            _topics(date(2026, 2, 1), ["a"]),
            date(2026, 2, 1),
            date(2026, 2, 2),
        )
    rows = store.read_window("staging.article_topics", date(2026, 1, 1), date(2027, 1, 1))
    assert sorted(rows["url"].to_list()) == ["a", "c"]


def test_a_failed_write_rolls_back(tmp_path: Path) -> None:
    store = Warehouse(tmp_path / "news.duckdb")
    with store.writing() as connection:
        store.append(connection, "staging.article_topics", _topics(date(2026, 2, 1), ["a"]))
    with pytest.raises(RuntimeError), store.writing() as connection:
        store.delete_window(
            connection, "staging.article_topics", date(2026, 2, 1), date(2026, 2, 2)
        )
        raise RuntimeError("killed mid-write")
    rows = store.read_window("staging.article_topics", date(2026, 2, 1), date(2026, 2, 2))
    assert rows["url"].to_list() == ["a"]


def test_readers_fall_back_to_the_snapshot_while_a_writer_holds_the_file(tmp_path: Path) -> None:
    store = Warehouse(tmp_path / "news.duckdb")
    with store.writing() as connection:
        store.append(connection, "staging.article_topics", _topics(date(2026, 2, 1), ["a"]))
    store.publish_snapshot()
    rows, from_snapshot = store.query("SELECT count(*) AS n FROM staging.article_topics")
    assert (rows["n"][0], from_snapshot) == (1, False)

    # What analysts meet during a run: another process holds the file for writing.
    with _writer_process(store.database):
        with pytest.raises(duckdb.IOException):
            duckdb.connect(str(store.database), read_only=True)
        rows, from_snapshot = store.query("SELECT count(*) AS n FROM staging.article_topics")
        assert (rows["n"][0], from_snapshot) == (1, True)


def test_busy_without_a_snapshot_is_a_clear_error(tmp_path: Path) -> None:
    store = Warehouse(tmp_path / "news.duckdb")
    with store.writing():
        pass
    with _writer_process(store.database), pytest.raises(WarehouseBusy, match="no snapshot"):
        store.query("SELECT 1")


def test_only_known_tables_can_be_written(tmp_path: Path) -> None:
    store = Warehouse(tmp_path / "news.duckdb")
    with store.writing() as connection, pytest.raises(ValueError, match="unknown warehouse table"):
        store.append(connection, "main.x; DROP TABLE raw.pages", _topics(date(2026, 2, 1), ["a"]))


def test_reading_a_warehouse_that_does_not_exist_creates_nothing(tmp_path: Path) -> None:
    store = Warehouse(tmp_path / "warehouse" / "news.duckdb")
    rows = store.read_window("raw.pages", date(2026, 2, 1), date(2026, 2, 2))
    checks = store.read_file(
        "checks/daily_topic_counts_match_staging.sql", date(2026, 2, 1), date(2026, 2, 2)
    )
    assert not store.database.exists()
    assert list(tmp_path.iterdir()) == []  # not even the directory or the lock
    assert rows.is_empty()
    assert rows.schema == pl.Schema(tables.PAGES)  # callers select columns by name
    assert checks.is_empty()


def test_reading_a_table_not_written_yet_runs_no_ddl(tmp_path: Path) -> None:
    store = Warehouse(tmp_path / "news.duckdb")
    with duckdb.connect(str(store.database)) as connection:
        connection.execute("CREATE SCHEMA staging")
        connection.execute("CREATE TABLE staging.other (x INTEGER)")
    before = store.database.stat().st_mtime_ns, store.database.read_bytes()

    rows = store.read_window("staging.parsed_pages", date(2026, 2, 1), date(2026, 2, 2))
    # A check over tables that do not exist yet has nothing to report.
    checks = store.read_file(
        "checks/publication_trends_shares.sql", date(2026, 2, 1), date(2026, 2, 2)
    )

    with duckdb.connect(str(store.database), read_only=True) as connection:
        names = connection.sql(
            "SELECT schema_name || '.' || table_name FROM duckdb_tables() ORDER BY ALL"
        ).fetchall()
    assert names == [("staging.other",)]
    assert (store.database.stat().st_mtime_ns, store.database.read_bytes()) == before
    assert rows.is_empty()
    assert rows.schema == pl.Schema(tables.PARSED_PAGES)
    assert checks.is_empty()


def test_reads_share_the_file_with_other_readers(tmp_path: Path) -> None:
    store = Warehouse(tmp_path / "news.duckdb")
    with store.writing() as connection:
        store.append(connection, "staging.article_topics", _topics(date(2026, 2, 1), ["a"]))
    # An analyst has the live file open read-only: a writer could not open it now.
    with _writer_process(store.database, read_only=True):
        with pytest.raises(duckdb.IOException):
            duckdb.connect(str(store.database))
        rows = store.read_window("staging.article_topics", date(2026, 2, 1), date(2026, 2, 2))
        checks = store.read_file(
            "checks/daily_topic_counts_match_staging.sql", date(2026, 2, 1), date(2026, 2, 2)
        )
    assert rows["url"].to_list() == ["a"]
    assert checks["day"].to_list() == [date(2026, 2, 1)]  # the mart has not counted it yet


def test_reads_leave_the_file_as_it_was(tmp_path: Path) -> None:
    store = Warehouse(tmp_path / "news.duckdb")
    with store.writing() as connection:
        store.append(connection, "staging.article_topics", _topics(date(2026, 2, 1), ["a"]))
    before = store.database.stat().st_mtime_ns, store.database.read_bytes()

    rows = store.read_window("staging.article_topics", date(2026, 2, 1), date(2026, 2, 2))
    assert rows["url"].to_list() == ["a"]
    assert rows.columns == list(tables.ARTICLE_TOPICS)
    checks = store.read_file(
        "checks/daily_topic_counts_match_staging.sql", date(2026, 2, 1), date(2026, 2, 2)
    )
    assert checks["day"].to_list() == [date(2026, 2, 1)]  # the mart has not counted it yet

    assert (store.database.stat().st_mtime_ns, store.database.read_bytes()) == before


def test_a_broken_query_is_not_mistaken_for_a_table_not_written_yet(tmp_path: Path) -> None:
    store = Warehouse(tmp_path / "news.duckdb")
    with store.writing():
        pass  # every warehouse table exists
    query = tmp_path / "typo.sql"  # an absolute name, outside warehouse/sql
    query.write_text("SELECT * FROM staging.artcle_topics WHERE day >= $start AND day < $end")
    with pytest.raises(duckdb.CatalogException, match="artcle_topics"):
        store.read_file(str(query), date(2026, 2, 1), date(2026, 2, 2))


def test_only_windowed_tables_are_read_by_window(tmp_path: Path) -> None:
    store = Warehouse(tmp_path / "news.duckdb")
    with pytest.raises(ValueError, match="not written a partition window"):
        store.read_window("raw.fetch_log", date(2026, 2, 1), date(2026, 2, 2))
    with pytest.raises(ValueError, match="unknown warehouse table"):
        store.read_window("raw.pages; DROP TABLE raw.pages", date(2026, 2, 1), date(2026, 2, 2))
