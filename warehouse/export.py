"""`akhbar export`: the marts and the articles (without bodies) of a range of Casablanca days,
as hive-partitioned Parquet that Polars, pandas (pyarrow), DuckDB, Spark and Trino read.

Layout: ``OUT/<schema>.<table>/<day column>=YYYY-MM-DD/data_0.parquet``, plus
``OUT/_manifest.json`` (range, tables, their grain, columns and row counts) and
``OUT/README.txt``. The day is in the folder name only, as Hive lays partitions out.

It reads the analysts' database read-only, as any analyst does, so it can run while the
pipeline publishes. It writes a hidden folder beside OUT and renames it into place: a failed
export leaves no half-written OUT, and a replaced export is swapped whole.
"""

from __future__ import annotations

import json
import os
import shutil
import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

import duckdb

from pipelines.news import tables
from warehouse.schema import quote_identifier, sql_file, string_literal

MANIFEST = "_manifest.json"
README = "README.txt"


@dataclass(frozen=True)
class ExportedTable:
    name: str  # schema.table in the analysts' database; also its folder
    partition_column: str  # the Casablanca local day it is partitioned by
    description: str


def _mart(spec: tables.TableSpec) -> ExportedTable:
    assert spec.day_column is not None
    return ExportedTable(spec.name, spec.day_column, spec.comment)


ARTICLES = ExportedTable(
    "marts.articles",
    "day",
    "Grain: one row per article (day = Casablanca local day of publication): url, outlet, "
    "title, published_at (UTC), section, story_id, topic, confidence, original_outlet, "
    "language. No bodies.",
)

EXPORTED_TABLES: tuple[ExportedTable, ...] = (
    _mart(tables.MARTS_DAILY_TOPIC_COUNTS),
    _mart(tables.MARTS_PUBLICATION_TRENDS),
    _mart(tables.MARTS_DAILY_TICKER_STORIES),
    _mart(tables.MARTS_OUTLET_DAY_QUALITY),
    _mart(tables.MARTS_STORIES),
    _mart(tables.MARTS_STORY_DAYS),
    ARTICLES,
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
        rows = _write_tables(database, first, last, partial)
        _write_manifest(partial, database, first, last, rows)
        _swap_into_place(partial, out)
    finally:
        shutil.rmtree(partial, ignore_errors=True)
    return {name: count for name, (count, _) in rows.items()}


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


def _write_tables(
    database: Path, first: date, last: date, folder: Path
) -> dict[str, tuple[int, list[tuple[str, str]]]]:
    """Each table's rows in [first, last] and its columns (name, type), written to folder."""
    written = {}
    params = {"first": first, "last": last}
    with duckdb.connect(str(database), read_only=True) as connection:
        views = {
            f"{schema}.{name}"
            for schema, name in connection.sql(
                "SELECT schema_name, view_name FROM duckdb_views() WHERE NOT internal"
            ).fetchall()
        }
        for table in EXPORTED_TABLES:
            select = _select(table, views)
            described = connection.execute(f"SELECT * FROM ({select}) LIMIT 0", params)
            columns = [(str(c[0]), str(c[1])) for c in described.description or []]
            target = string_literal(str(folder / table.name))
            partition = quote_identifier(table.partition_column)
            # COPY takes its path as a literal only (escaped); the range stays a parameter.
            copied = connection.execute(
                f"COPY ({select}) TO {target} (FORMAT parquet, PARTITION_BY ({partition}))",
                params,
            ).fetchall()
            written[table.name] = (int(copied[0][0]), columns)
    return written


def _select(table: ExportedTable, views: set[str]) -> str:
    """The SELECT of a table's rows in [$first, $last]."""
    if table.name not in views:
        if table is ARTICLES:
            # A database published before marts.articles existed: the same columns, built here.
            return sql_file("exports/articles.sql").rstrip().rstrip(";")
        raise ExportError(
            f"the warehouse has no {table.name}: run a day with `akhbar backfill` to republish "
            "it with the current tables"
        )
    schema, name = table.name.split(".")
    day = quote_identifier(table.partition_column)
    return (
        f"SELECT * FROM {quote_identifier(schema)}.{quote_identifier(name)} "
        f"WHERE {day} BETWEEN $first AND $last"
    )


def _write_manifest(
    folder: Path,
    database: Path,
    first: date,
    last: date,
    rows: dict[str, tuple[int, list[tuple[str, str]]]],
) -> None:
    described = {
        table.name: {
            "folder": table.name,
            "partitioned_by": table.partition_column,
            "rows": rows[table.name][0],
            "description": table.description,
            "columns": [{"name": n, "type": t} for n, t in rows[table.name][1]],
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
        lines += [
            f"{name}/  partitioned by {table['partitioned_by']}, {table['rows']} rows",
            f"    {table['description']}",
        ]
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
