"""The warehouse: the pipeline's lake, and the analysts' database published over it.

* The pipeline reads and writes only the lake (``warehouse/lake/``, see ``lake.py``): a run
  stages each day it computes as a Parquet file of its own, then publishes them (write, audit,
  publish: a gated table is published only after its blocking checks pass).
* Analysts read ``warehouse/news.duckdb``: a small DuckDB file holding only views over the
  published Parquet files, under the same ``schema.table`` names. At the end of a run
  (``publish_database``) a new one is written beside it and renamed into place, so the
  pipeline never opens the analysts' file, a reader holding the old one keeps a consistent
  old version (the files it names outlive it by ``RETIRED_GRACE_SECONDS``), and the next
  reader gets the whole run at once.
* Marts and checks are SQL files (``warehouse/sql``) run by an in-memory DuckDB over views of
  just the days they need (``query_window``): a day's cost does not grow with the history.
"""

from __future__ import annotations

import os
import re
import uuid
from collections.abc import Sequence
from datetime import date, timedelta
from pathlib import Path

import duckdb
import polars as pl

from pipelines.news import tables
from pipelines.news.storage import Storage
from warehouse.analyst_views import create_analyst_views
from warehouse.attention import create_attention_macros
from warehouse.lake import Lake, Manifest, group_by_columns
from warehouse.schema import (
    SchemaMigrationError,
    create_views,
    quote_identifier,
    sql_file,
    tables_read_by,
)

# The analysts' database of this checkout (the lake and the raw archive live beside it).
DEFAULT_DATABASE = Path(__file__).resolve().parent / "news.duckdb"

# Tables written a partition window at a time, and the column holding their local day.
WINDOWED_TABLES: dict[str, str] = {
    spec.name: spec.day_column for spec in tables.TABLES if spec.day_column is not None
}
APPENDED_TABLES = frozenset(spec.name for spec in tables.TABLES if spec.day_column is None)


def window_params(sql: str, start: date, end: date) -> dict[str, date]:
    """``$start``/``$end`` for the statement, those its code names only (DuckDB refuses
    extras; the header comments of our SQL files mention them either way)."""
    code = re.sub(r"--[^\n]*", "", sql)
    return {name: day for name, day in (("start", start), ("end", end)) if f"${name}" in code}


class WarehouseMissing(RuntimeError):
    """No run has published the analysts' database yet."""


class Warehouse:
    def __init__(self, database: str | Path, storage_url: str | None = None) -> None:
        """``database``: the analysts' file. ``storage_url``: where the pipeline's files live
        (the lake under ``lake/``), a folder or an object-storage prefix; default: the
        database's folder."""
        self.database = Path(database)
        root = (storage_url or str(self.database.parent)).rstrip("/")
        self.files = Storage.at(root)
        self.lake = Lake(f"{root}/lake")

    # -- the pipeline's reads --------------------------------------------------------------

    def read_window(
        self,
        table: str,
        start: date,
        end: date,
        columns: Sequence[str] | None = None,
        urls: Sequence[str] | None = None,
        run_id: str | None = None,
        staged_only: bool = False,
    ) -> pl.DataFrame:
        """``table``'s rows for local days [start, end): all columns or ``columns``, all rows
        or those whose ``url`` is in ``urls``. With ``run_id``, the days that run has staged
        read as staged (a run sees its own writes), and with ``staged_only`` nothing else.
        Empty, with the columns, when nothing was written."""
        spec = _windowed(table)
        wanted = list(columns) if columns is not None else [c.name for c in spec.columns]
        unknown = sorted(set(wanted) - set(spec.polars_schema))
        if unknown:
            raise ValueError(f"{table} has no column(s) {', '.join(unknown)}")
        empty = tables.frame([], spec).select(wanted)
        files = self.lake.day_files(table, start, end, run_id, staged_only)
        if not files or (urls is not None and len(urls) == 0):
            return empty
        parts = []
        for columns_held, paths in group_by_columns(files).items():
            present = set(columns_held.split(","))
            missing = [name for name in wanted if name not in present]
            required = [name for name in missing if spec.column(name).not_null]
            if required:
                raise SchemaMigrationError(
                    f"{table}: files written before column(s) {', '.join(required)} existed "
                    f"({len(paths)} day(s) in {start}..{end - timedelta(days=1)}); re-run those "
                    "days to rewrite them"
                )
            frame = pl.scan_parquet(paths).select([name for name in wanted if name in present])
            if urls is not None:
                frame = frame.filter(pl.col("url").is_in(list(urls)))
            frame = frame.with_columns(
                pl.lit(None, dtype=spec.polars_schema[name]).alias(name) for name in missing
            )
            parts.append(frame.select(wanted).collect())
        return pl.concat([empty, *parts], how="vertical_relaxed").cast(
            {name: spec.polars_schema[name] for name in wanted}
        )

    def query_window(
        self,
        name: str,
        start: date,
        end: date,
        *,
        since: date | None = None,
        run_id: str | None = None,
    ) -> pl.DataFrame:
        """The rows of the SELECT in ``warehouse/sql/<name>`` for the window, run by an
        in-memory DuckDB whose tables hold only the days [since (default start), end)."""
        sql = sql_file(name)
        first = since or start
        used = tables_read_by(sql)
        appended = [spec.name for spec in used if spec.name in APPENDED_TABLES]
        if appended:
            raise ValueError(f"{name} reads {', '.join(appended)}, which has no days to window")
        files = {
            spec.name: self.lake.day_files(spec.name, first, end, run_id)
            for spec in used
            if spec.name in WINDOWED_TABLES
        }
        with duckdb.connect() as connection:
            self.lake.storage.register(connection)
            create_views(connection, files)
            rows: pl.DataFrame = connection.sql(sql, params=window_params(sql, start, end)).pl()
        return rows

    # -- the pipeline's writes -------------------------------------------------------------

    def stage_window(
        self, run_id: str, table: str, rows: pl.DataFrame, start: date, end: date
    ) -> int:
        """Stage ``rows`` as ``table``'s days [start, end) for the run: one file per day,
        a day without rows too (so publishing it replaces what that day held)."""
        spec = _windowed(table)
        day_column = WINDOWED_TABLES[table]
        rows = rows.select(list(spec.polars_schema)).cast(pl.Schema(spec.polars_schema))
        outside = rows.filter((pl.col(day_column) < start) | (pl.col(day_column) >= end))
        if not outside.is_empty():
            raise ValueError(f"{table}: {outside.height} row(s) outside {start}..{end}")
        by_day = {key[0]: part for key, part in rows.partition_by(day_column, as_dict=True).items()}
        day = start
        while day < end:
            self.lake.stage_day(run_id, table, day, by_day.get(day, rows.clear()))
            day += timedelta(days=1)
        return rows.height

    def stage_append(self, run_id: str, table: str, rows: pl.DataFrame) -> int:
        if table not in APPENDED_TABLES:
            raise ValueError(f"{table} is not an append-only table")
        if not rows.is_empty():
            self.lake.stage_append(run_id, table, rows)
        return rows.height

    def publish(self, run_id: str, table_names: Sequence[str]) -> Manifest:
        """Publish the run's staged files of ``table_names`` to the pipeline (the lake's
        manifest); analysts see them at the next ``publish_database``."""
        return self.lake.publish(run_id, table_names)

    def publish_database(self) -> Manifest:
        """Give analysts what the lake has published: a new ``news.duckdb``, renamed into
        place. Called once at the end of a run, so analysts see a run's days whole."""
        return self.lake.publish_derived(self._write_database)

    def write_window(
        self, run_id: str, table: str, rows: pl.DataFrame, start: date, end: date
    ) -> int:
        """Stage and publish at once: for tables no blocking check gates."""
        written = self.stage_window(run_id, table, rows, start, end)
        self.publish(run_id, [table])
        return written

    def discard_staged(self, run_id: str) -> None:
        """Drop what the run staged and did not publish."""
        self.lake.discard_pending(run_id)

    def pending_location(self, run_id: str) -> str:
        """Where the run's unpublished rows are: a folder, or an object-storage address."""
        return self.lake.pending_root(run_id)

    def _write_database(self, manifest: Manifest) -> None:
        """Write the analysts' database beside its path, then rename it into place: views
        over the lake's files when they are on this machine's disk; when they are on object
        storage (which a plain DuckDB session cannot read), tables holding their rows, and a
        copy of the file uploaded beside the lake (``published/news.duckdb``)."""
        self.database.parent.mkdir(parents=True, exist_ok=True)
        files = {
            table: [(self.lake.url(e["file"]), e["columns"]) for e in manifest.files(table)]
            for table in tables.BY_NAME
        }
        storage = self.lake.storage
        if storage.local:
            self._keep_a_database_from_before_the_lake()
        partial = self.database.with_name(f".{self.database.name}.{uuid.uuid4().hex}.partial")
        try:
            with duckdb.connect(str(partial)) as connection:
                storage.register(connection)
                create_views(connection, files, comments=True, copies=not storage.local)
                create_attention_macros(connection)
                create_analyst_views(connection)
                connection.execute("CHECKPOINT")
            if not storage.local:
                self.files.write_bytes("published/news.duckdb", partial.read_bytes())
            os.replace(partial, self.database)
        finally:
            partial.unlink(missing_ok=True)
            Path(f"{partial}.wal").unlink(missing_ok=True)

    def _keep_a_database_from_before_the_lake(self) -> None:
        """A ``news.duckdb`` holding tables (written before the lake existed) is history the
        lake lacks: move it aside rather than replace it."""
        if not self.database.exists():
            return
        with duckdb.connect(str(self.database), read_only=True) as connection:
            stored = connection.sql(
                "SELECT count(*) FROM duckdb_tables() WHERE database_name = current_database()"
            ).fetchall()[0][0]
        if stored:
            os.replace(self.database, self.database.with_name(self.database.name + ".pre-lake"))

    # -- the analysts' reads ---------------------------------------------------------------

    def query(self, sql: str, params: dict[str, object] | None = None) -> pl.DataFrame:
        """Run a query on the published analysts' database, read-only."""
        if not self.database.exists():
            raise WarehouseMissing(
                f"no warehouse at {self.database}; run `make demo` or `akhbar backfill` first"
            )
        with duckdb.connect(str(self.database), read_only=True) as connection:
            relation = connection.sql(sql, params=params)
            if relation is None:
                return pl.DataFrame()
            rows: pl.DataFrame = _as_polars_types(relation).pl()
        return rows


def _as_polars_types(relation: duckdb.DuckDBPyRelation) -> duckdb.DuckDBPyRelation:
    """``relation`` with the columns Polars cannot import (INTERVAL: `age(...)`, a difference
    of timestamps) given as their text, e.g. '1 day 02:00:00'."""
    interval = [str(t).startswith("INTERVAL") for t in relation.types]
    if not any(interval):
        return relation
    columns = [
        f"CAST({quote_identifier(name)} AS VARCHAR) AS {quote_identifier(name)}"
        if as_text
        else quote_identifier(name)
        for name, as_text in zip(relation.columns, interval, strict=True)
    ]
    return relation.project(", ".join(columns))


def _windowed(table: str) -> tables.TableSpec:
    if table not in tables.BY_NAME:
        raise ValueError(f"unknown warehouse table {table!r}")
    if table not in WINDOWED_TABLES:
        raise ValueError(f"{table} is not written a partition window at a time")
    return tables.BY_NAME[table]
