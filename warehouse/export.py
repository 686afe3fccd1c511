"""`akhbar export`: the marts and the articles (without bodies) of a range of Casablanca days,
as hive-partitioned Parquet that Polars, pandas (pyarrow), DuckDB, Spark and Trino read.

Layout: ``OUT/<schema>.<table>/<day column>=YYYY-MM-DD/data_0.parquet`` (the outlets
dimension, which has no day, is one ``OUT/marts.outlets/data_0.parquet``), plus
``OUT/_manifest.json`` (range, tables, their grain, columns and row counts) and
``OUT/README.txt``. The day is in the folder name only, as Hive lays partitions out. Each
table's description is its comment in the analysts' database.

It reads the analysts' database read-only, as any analyst does, so it can run while the
pipeline publishes. It writes a hidden folder beside OUT and renames it into place: a failed
export leaves no half-written OUT, and a replaced export is swapped whole.
"""

from __future__ import annotations

import json
import os
import shutil
import textwrap
import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

import duckdb

from pipelines.news import tables
from warehouse.schema import quote_identifier, string_literal

MANIFEST = "_manifest.json"
README = "README.txt"


@dataclass(frozen=True)
class ExportedTable:
    name: str  # schema.table in the analysts' database; also its folder
    # The Casablanca local day it is partitioned by; None: a dimension, exported whole.
    partition_column: str | None


def _mart(spec: tables.TableSpec) -> ExportedTable:
    return ExportedTable(spec.name, spec.day_column)


EXPORTED_TABLES: tuple[ExportedTable, ...] = (
    _mart(tables.MARTS_DAILY_TOPIC_COUNTS),
    _mart(tables.MARTS_PUBLICATION_TRENDS),
    _mart(tables.MARTS_DAILY_TICKER_STORIES),
    _mart(tables.MARTS_OUTLET_DAY_QUALITY),
    _mart(tables.MARTS_STORIES),
    _mart(tables.MARTS_STORY_DAYS),
    # The analysts' views (warehouse/sql/views): the articles without their bodies, stories
    # across outlets, trends with spikes, and the outlets to join names and kinds from.
    ExportedTable("marts.articles", "day"),
    ExportedTable("marts.daily_story_counts", "day"),
    ExportedTable("marts.outlet_trends", "day"),
    ExportedTable("marts.outlets", None),
)


class ExportError(ValueError):
    """An export that cannot be made as asked; the message says why and what to do."""


def export_range(
    database: Path, first: date, last: date, out: Path, overwrite: bool = False
) -> dict[str, int]:
    """Write the exported tables' rows of the local days [first, last] under ``out``; return
    the rows written per table. ``out`` must be absent or empty, or (``overwrite``) hold an
    earlier export."""
    if last < first:
        raise ExportError(f"--to {last} is before --from {first}")
    if not database.exists():
        raise ExportError(f"no warehouse at {database}; run `make demo` or `akhbar backfill` first")
    _check_destination(out, overwrite)
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_name(f".{out.name}.{uuid.uuid4().hex}.partial")
    try:
        partial.mkdir()
        written = _write_tables(database, first, last, partial)
        _write_manifest(partial, database, first, last, written)
        _swap_into_place(partial, out)
    finally:
        shutil.rmtree(partial, ignore_errors=True)
    return {name: table.rows for name, table in written.items()}


def _check_destination(out: Path, overwrite: bool) -> None:
    if out.exists() and not out.is_dir():
        raise ExportError(f"{out} exists and is not a folder")
    if not out.exists() or not any(out.iterdir()):
        return
    if not overwrite:
        raise ExportError(f"{out} is not empty; pass --overwrite to replace an earlier export")
    if not (out / MANIFEST).is_file():
        # --overwrite replaces an export, never a folder of something else.
        raise ExportError(
            f"{out} holds no {MANIFEST}: it is not an earlier export, not replacing it"
        )


@dataclass(frozen=True)
class _Written:
    rows: int
    columns: list[tuple[str, str]]  # (name, DuckDB type)
    description: str


def _write_tables(database: Path, first: date, last: date, folder: Path) -> dict[str, _Written]:
    """Write each table's rows in [first, last] (a dimension whole) under ``folder``."""
    written = {}
    with duckdb.connect(str(database), read_only=True) as connection:
        comments = {
            f"{schema}.{name}": comment or ""
            for schema, name, comment in connection.sql(
                "SELECT schema_name, view_name, comment FROM duckdb_views() WHERE NOT internal"
            ).fetchall()
        }
        for table in EXPORTED_TABLES:
            if table.name not in comments:
                raise ExportError(
                    f"the warehouse has no {table.name}: run a day with `akhbar backfill` to "
                    "republish it with the current tables and views"
                )
            select, params = _select(table, first, last)
            described = connection.execute(f"SELECT * FROM ({select}) LIMIT 0", params)
            columns = [(str(c[0]), str(c[1])) for c in described.description or []]
            # COPY takes its path as a literal only (escaped); the range stays a parameter.
            if table.partition_column is None:
                target = string_literal(str(folder / table.name / "data_0.parquet"))
                (folder / table.name).mkdir()
                options = "FORMAT parquet"
            else:
                target = string_literal(str(folder / table.name))
                partition = quote_identifier(table.partition_column)
                options = f"FORMAT parquet, PARTITION_BY ({partition})"
            copied = connection.execute(f"COPY ({select}) TO {target} ({options})", params)
            count = copied.fetchall()[0][0]
            written[table.name] = _Written(int(count), columns, comments[table.name])
    return written


def _select(table: ExportedTable, first: date, last: date) -> tuple[str, dict[str, object]]:
    """The SELECT of a table's rows in [$first, $last] (all of a dimension's), and its
    parameters."""
    schema, name = table.name.split(".")
    select = f"SELECT * FROM {quote_identifier(schema)}.{quote_identifier(name)}"
    if table.partition_column is None:
        return select, {}
    day = quote_identifier(table.partition_column)
    return f"{select} WHERE {day} BETWEEN $first AND $last", {"first": first, "last": last}


def _write_manifest(
    folder: Path,
    database: Path,
    first: date,
    last: date,
    written: dict[str, _Written],
) -> None:
    described: dict[str, dict[str, object]] = {
        table.name: {
            "folder": table.name,
            "partitioned_by": table.partition_column,
            "rows": written[table.name].rows,
            "description": written[table.name].description,
            "columns": [{"name": n, "type": t} for n, t in written[table.name].columns],
        }
        for table in EXPORTED_TABLES
    }
    manifest = {
        "from": first.isoformat(),
        "to": last.isoformat(),
        "days": "Africa/Casablanca local days, both ends included",
        "exported_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "warehouse": str(database.resolve()),
        "layout": "hive-partitioned Parquet: <folder>/<partitioned_by>=YYYY-MM-DD/*.parquet",
        "tables": described,
    }
    (folder / MANIFEST).write_text(
        json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    (folder / README).write_text(_readme(first, last, described), encoding="utf-8")


def _readme(first: date, last: date, described: dict[str, dict[str, object]]) -> str:
    lines = [
        f"Akhbar export: Africa/Casablanca local days {first} to {last} (both included).",
        "",
        "Each folder is one table as hive-partitioned Parquet, one sub-folder per local day",
        "(<column>=YYYY-MM-DD; the day is in the folder name only, as Hive, Spark and Trino",
        "lay partitions out). A table with no rows in the range has an empty folder.",
        "Timestamps are UTC instants; lists are Parquet lists; text is UTF-8. Columns and row",
        f"counts: {MANIFEST}.",
        "",
    ]
    for name, table in described.items():
        layout = (
            f"partitioned by {table['partitioned_by']}"
            if table["partitioned_by"]
            else "one file, all of it (no day)"
        )
        lines += [f"{name}/  {layout}, {table['rows']} rows"]
        lines += textwrap.wrap(
            str(table["description"]), width=88, initial_indent="    ", subsequent_indent="    "
        )
    lines += [
        "",
        "Reading it back:",
        '  Polars:  pl.scan_parquet("marts.daily_topic_counts/**/*.parquet",',
        "                           hive_partitioning=True)",
        "  DuckDB:  SELECT * FROM read_parquet('marts.daily_topic_counts/**/*.parquet',",
        "                                      hive_partitioning = true)",
        '  pandas:  pd.read_parquet("marts.daily_topic_counts")  (pyarrow; the day comes back',
        "           as a category of strings unless you pass",
        '           partitioning=pyarrow.dataset.partitioning(pa.schema([("day", pa.date32())]),',
        '           flavor="hive"))',
        '  Spark:   spark.read.parquet("marts.daily_topic_counts")  (discovers day=... folders)',
        '  The outlets: pl.read_parquet("marts.outlets/data_0.parquet"), joined on `outlet`.',
        "  Trino:   a Hive-connector table over the folder, partitioned_by = ARRAY['day']",
        "",
    ]
    return "\n".join(lines)


def _swap_into_place(partial: Path, out: Path) -> None:
    """Rename the finished export to ``out``; an earlier export there is moved aside first
    and removed once the new one is in place."""
    if out.exists() and any(out.iterdir()):
        retired = out.with_name(f".{out.name}.{uuid.uuid4().hex}.replaced")
        os.replace(out, retired)
        os.replace(partial, out)
        shutil.rmtree(retired, ignore_errors=True)
    else:
        os.replace(partial, out)  # over an empty folder too
