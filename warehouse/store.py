"""The DuckDB warehouse: one writer at a time, readers on a published snapshot.

DuckDB lets a single process hold a database file for writing, and while it does no other
process can open it, not even read-only. So:

* writers take an exclusive file lock (``news.duckdb.lock``) for the few seconds of their
  write, which serialises Dagster steps, backfills and CLI runs across processes;
* after marts change, the writer copies the database to ``snapshots/news.duckdb`` (written
  beside it, then renamed, so a reader never sees half a file); analysts and ``akhbar sql``
  read the live file when it is free and that snapshot when a run holds it.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import duckdb
import polars as pl
from filelock import FileLock

SQL_DIR = Path(__file__).resolve().parent / "sql"

# Tables written a partition window at a time, and the column holding their local day.
# Table names cannot be SQL parameters, so only these names are ever spliced into SQL.
WINDOWED_TABLES: dict[str, str] = {
    "raw.discovered_urls": "day",
    "raw.pages": "day",
    "staging.parsed_pages": "day",
    "staging.ticker_headlines": "day",
    "staging.article_topics": "day",
    "staging.topic_models": "day",
    "staging.article_stories": "day",
    "marts.daily_topic_counts": "day",
    "marts.publication_trends": "day",
    "marts.daily_ticker_stories": "day",
}


def sql_file(name: str) -> str:
    return (SQL_DIR / name).read_text(encoding="utf-8")


class WarehouseBusy(RuntimeError):
    """The live database is held by a writer and no snapshot exists yet."""


class Warehouse:
    def __init__(self, database: str | Path, lock_timeout_seconds: float = 600.0) -> None:
        self.database = Path(database)
        self.snapshot = self.database.parent / "snapshots" / self.database.name
        self._lock = FileLock(str(self.database) + ".lock", timeout=lock_timeout_seconds)

    @contextmanager
    def writing(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """An exclusive connection with the schema in place; commits on success."""
        self.database.parent.mkdir(parents=True, exist_ok=True)
        with self._lock:
            connection = duckdb.connect(str(self.database))
            try:
                connection.execute(sql_file("schema.sql"))
                connection.execute("BEGIN TRANSACTION")
                yield connection
                connection.execute("COMMIT")
            except BaseException:
                connection.execute("ROLLBACK")
                raise
            finally:
                connection.close()

    def replace_window(
        self,
        connection: duckdb.DuckDBPyConnection,
        table: str,
        rows: pl.DataFrame,
        start: date,
        end: date,
    ) -> int:
        """Delete ``table``'s rows for local days [start, end), then insert ``rows``."""
        self.delete_window(connection, table, start, end)
        return self.append(connection, table, rows)

    def delete_window(
        self, connection: duckdb.DuckDBPyConnection, table: str, start: date, end: date
    ) -> None:
        day_column = WINDOWED_TABLES[table]
        connection.execute(
            f"DELETE FROM {table} WHERE {day_column} >= $start AND {day_column} < $end",
            {"start": start, "end": end},
        )

    def append(self, connection: duckdb.DuckDBPyConnection, table: str, rows: pl.DataFrame) -> int:
        if rows.is_empty():
            return 0
        if table not in WINDOWED_TABLES and table != "raw.fetch_log":
            raise ValueError(f"unknown warehouse table {table!r}")
        connection.register("incoming_rows", rows)
        try:
            connection.execute(f"INSERT INTO {table} BY NAME SELECT * FROM incoming_rows")
        finally:
            connection.unregister("incoming_rows")
        return rows.height

    def read_window(self, table: str, start: date, end: date) -> pl.DataFrame:
        """``table``'s rows for local days [start, end), read under the writer lock."""
        day_column = WINDOWED_TABLES[table]
        with self.writing() as connection:
            rows: pl.DataFrame = connection.sql(
                f"SELECT * FROM {table} WHERE {day_column} >= $start AND {day_column} < $end",
                params={"start": start, "end": end},
            ).pl()
        return rows

    def read_file(self, name: str, start: date, end: date) -> pl.DataFrame:
        """The rows of a SELECT in ``warehouse/sql`` for the window, read under the lock."""
        with self.writing() as connection:
            rows: pl.DataFrame = connection.sql(
                sql_file(name), params={"start": start, "end": end}
            ).pl()
        return rows

    def run_file(
        self, connection: duckdb.DuckDBPyConnection, name: str, start: date, end: date
    ) -> None:
        """Run one SQL file of ``warehouse/sql`` with the window as ``$start``/``$end``."""
        connection.execute(sql_file(name), {"start": start, "end": end})

    def publish_snapshot(self) -> Path:
        """Copy the database for readers. Call outside ``writing()``; takes the lock itself."""
        with self._lock:
            self.snapshot.parent.mkdir(parents=True, exist_ok=True)
            partial = self.snapshot.with_suffix(".partial")
            shutil.copyfile(self.database, partial)
            partial.replace(self.snapshot)
        return self.snapshot

    def query(self, sql: str, params: dict[str, object] | None = None) -> tuple[pl.DataFrame, bool]:
        """Run a read-only query; returns the rows and whether they came from the snapshot."""
        try:
            connection = duckdb.connect(str(self.database), read_only=True)
            from_snapshot = False
        except (duckdb.IOException, duckdb.ConnectionException):
            if not self.snapshot.exists():
                raise WarehouseBusy(
                    f"{self.database} is being written and no snapshot exists yet; "
                    "try again when the run finishes"
                ) from None
            connection = duckdb.connect(str(self.snapshot), read_only=True)
            from_snapshot = True
        try:
            relation = connection.sql(sql, params=params)
            rows: pl.DataFrame = relation.pl() if relation is not None else pl.DataFrame()
            return rows, from_snapshot
        finally:
            connection.close()
