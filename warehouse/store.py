"""The DuckDB warehouse: one writer at a time, readers on a published snapshot.

DuckDB lets a single process hold a database file for writing, and while it does no other
process can open it, not even read-only. So:

* writers take an exclusive file lock (``news.duckdb.lock``) for the few seconds of their
  write, which serialises Dagster steps, backfills and CLI runs across processes; each write
  connection first brings the schema in line with the table specs (``warehouse/schema.py``);
* the pipeline's reads (``read_window``, ``read_file``) take the same lock only to wait out a
  writer, then open the file read-only: no DDL, no transaction, nothing created;
* after marts change, the writer copies the database to ``snapshots/news.duckdb`` (written
  beside it, then renamed, so a reader never sees half a file); analysts and ``akhbar sql``
  read the live file when it is free and that snapshot when a run holds it.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import duckdb
import polars as pl
from filelock import FileLock

from pipelines.news import tables
from warehouse.schema import ensure_schema, qualified_name, quote_identifier

SQL_DIR = Path(__file__).resolve().parent / "sql"

# Tables written a partition window at a time, and the column holding their local day, from
# the table specs. Table names cannot be SQL parameters, so only spec names are spliced into SQL.
WINDOWED_TABLES: dict[str, str] = {
    spec.name: spec.day_column for spec in tables.TABLES if spec.day_column is not None
}


def sql_file(name: str) -> str:
    return (SQL_DIR / name).read_text(encoding="utf-8")


def window_params(sql: str, start: date, end: date) -> dict[str, date]:
    """``$start``/``$end`` for the statement, those its code names only (DuckDB refuses
    extras; the header comments of our SQL files mention them either way)."""
    code = re.sub(r"--[^\n]*", "", sql)
    return {name: day for name, day in (("start", start), ("end", end)) if f"${name}" in code}


class WarehouseBusy(RuntimeError):
    """The live database is held by a writer and no snapshot exists yet."""


class Warehouse:
    def __init__(self, database: str | Path, lock_timeout_seconds: float = 600.0) -> None:
        self.database = Path(database)
        self.snapshot = self.database.parent / "snapshots" / self.database.name
        self._lock = FileLock(str(self.database) + ".lock", timeout=lock_timeout_seconds)

    @contextmanager
    def writing(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """An exclusive connection with the schema in place; commits on success.

        Do not call ``read_window``/``read_file`` inside it: DuckDB refuses a read-only
        connection to a file this process holds open for writing."""
        self.database.parent.mkdir(parents=True, exist_ok=True)
        with self._lock:
            connection = duckdb.connect(str(self.database))
            try:
                ensure_schema(connection)
                connection.execute("BEGIN TRANSACTION")
                yield connection
                connection.execute("COMMIT")
            except BaseException:
                connection.execute("ROLLBACK")
                raise
            finally:
                connection.close()

    @contextmanager
    def _reading(self) -> Iterator[duckdb.DuckDBPyConnection | None]:
        """A read-only connection, or None while the database does not exist. Runs no DDL and
        creates nothing; holds the lock only so as not to meet a writer (DuckDB cannot open a
        file another process holds for writing)."""
        if not self.database.exists():
            yield None
            return
        with self._lock:
            connection = duckdb.connect(str(self.database), read_only=True)
            try:
                yield connection
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
        connection.execute(f"DELETE FROM {_window_condition(table)}", {"start": start, "end": end})

    def append(self, connection: duckdb.DuckDBPyConnection, table: str, rows: pl.DataFrame) -> int:
        if rows.is_empty():
            return 0
        spec = _spec(table)
        connection.register("incoming_rows", rows)
        try:
            connection.execute(
                f"INSERT INTO {qualified_name(spec)} BY NAME SELECT * FROM incoming_rows"
            )
        finally:
            connection.unregister("incoming_rows")
        return rows.height

    def read_window(
        self,
        table: str,
        start: date,
        end: date,
        columns: Sequence[str] | None = None,
        urls: Sequence[str] | None = None,
    ) -> pl.DataFrame:
        """``table``'s rows for local days [start, end), read-only: all columns or ``columns``,
        all rows or those whose ``url`` is in ``urls``. Empty, with the columns, while the
        database or the table does not exist yet."""
        condition = _window_condition(table)
        spec = _spec(table)
        names = [c.name for c in spec.columns]
        wanted = list(columns) if columns is not None else names
        unknown = sorted(set(wanted) - set(names))
        if unknown:
            raise ValueError(f"{table} has no column(s) {', '.join(unknown)}")
        with self._reading() as connection:
            no_rows = urls is not None and len(urls) == 0
            if connection is None or no_rows or not _table_exists(connection, spec):
                return tables.frame([], spec).select(wanted)
            selected = ", ".join(quote_identifier(name) for name in wanted)
            query = f"SELECT {selected} FROM {condition}"
            params: dict[str, object] = {"start": start, "end": end}
            if urls is not None:
                # A semi-join on the unnested list: hashed, not a scan of the list per row.
                query += " AND url IN (SELECT unnest($urls::VARCHAR[]))"
                params["urls"] = list(urls)
            rows: pl.DataFrame = connection.sql(query, params=params).pl()
        return rows

    def read_file(self, name: str, start: date, end: date) -> pl.DataFrame:
        """The rows of a SELECT in ``warehouse/sql`` for the window, read-only. Empty while
        the database, or a warehouse table the query reads, does not exist yet."""
        sql = sql_file(name)
        with self._reading() as connection:
            if connection is None:
                return pl.DataFrame()
            try:
                rows: pl.DataFrame = connection.sql(sql, params=window_params(sql, start, end)).pl()
            except duckdb.CatalogException:
                # A table not written yet has no rows; any other catalog error is a bug.
                if all(_table_exists(connection, spec) for spec in tables.TABLES):
                    raise
                return pl.DataFrame()
        return rows

    def run_file(
        self, connection: duckdb.DuckDBPyConnection, name: str, start: date, end: date
    ) -> None:
        """Run one SQL file of ``warehouse/sql`` with the window as ``$start``/``$end``."""
        sql = sql_file(name)
        connection.execute(sql, window_params(sql, start, end))

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


def _spec(table: str) -> tables.TableSpec:
    try:
        return tables.BY_NAME[table]
    except KeyError:
        raise ValueError(f"unknown warehouse table {table!r}") from None


def _window_condition(table: str) -> str:
    """``<table> WHERE <day> >= $start AND <day> < $end`` for a windowed table."""
    spec = _spec(table)
    if table not in WINDOWED_TABLES:
        raise ValueError(f"{table} is not written a partition window at a time")
    day = quote_identifier(WINDOWED_TABLES[table])
    return f"{qualified_name(spec)} WHERE {day} >= $start AND {day} < $end"


def _table_exists(connection: duckdb.DuckDBPyConnection, spec: tables.TableSpec) -> bool:
    found = connection.execute(
        "SELECT count(*) FROM duckdb_tables() WHERE database_name = current_database() "
        "AND schema_name = $schema AND table_name = $table",
        {"schema": spec.schema, "table": spec.table},
    ).fetchall()
    return bool(found[0][0])
