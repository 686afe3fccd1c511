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
def _writer_process(database: Path) -> Iterator[None]:
    """Another process with ``database`` open read-write until the block ends."""
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import duckdb, sys; c = duckdb.connect(sys.argv[1]); print('open', flush=True); "
            "sys.stdin.read()",
            str(database),
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
