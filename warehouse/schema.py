"""The warehouse's SQL surface, generated from the table specs of ``pipelines.news.tables``.

Every table is a DuckDB *view* over the Parquet files the lake publishes for it: the same
``schema.table`` names analysts have always queried, with the table's grain and each column's
meaning attached (``COMMENT ON``, visible in ``duckdb_views()`` and ``duckdb_columns()``).

Schema changes: a file keeps the columns it was written with. A view reads each group of
files with the same columns and gives a column that group lacks as NULL, so a nullable column
added to a spec reaches every existing warehouse at its next publish (older days read NULL
until they are re-run); pipeline reads refuse a missing NOT NULL column and say which days to
re-run (``SchemaMigrationError``).

Identifiers come only from the specs (plain lowercase identifiers) and are quoted anyway;
``COMMENT ON`` and file lists accept only literals, so those are escaped literals.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from pathlib import Path

import duckdb

from pipelines.news.tables import TABLES, TableSpec
from warehouse.lake import group_by_columns

SQL_DIR = Path(__file__).resolve().parent / "sql"


class SchemaMigrationError(RuntimeError):
    """Stored files cannot be read as their spec now says; the message says what to re-run."""


def quote_identifier(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def qualified_name(spec: TableSpec) -> str:
    """``"schema"."table"``, for splicing into SQL."""
    return f"{quote_identifier(spec.schema)}.{quote_identifier(spec.table)}"


def string_literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def sql_file(name: str) -> str:
    return (SQL_DIR / name).read_text(encoding="utf-8")


def tables_read_by(sql: str, specs: Sequence[TableSpec] = TABLES) -> list[TableSpec]:
    """The tables a query names in its code (not in its comments)."""
    code = re.sub(r"--[^\n]*", "", sql)
    return [spec for spec in specs if re.search(rf"(?<![\w.]){re.escape(spec.name)}(?!\w)", code)]


def view_query(spec: TableSpec, files: Sequence[tuple[str, str]]) -> str:
    """A SELECT giving ``spec``'s columns, in order and type, from ``files`` ((path, the
    comma-joined columns it holds)); no rows when there are no files."""
    if not files:
        nulls = ", ".join(
            f"CAST(NULL AS {c.sql_type}) AS {quote_identifier(c.name)}" for c in spec.columns
        )
        return f"SELECT {nulls} WHERE false"
    parts = []
    for columns, paths in group_by_columns(files).items():
        present = set(columns.split(","))
        selected = ", ".join(
            f"CAST({quote_identifier(c.name) if c.name in present else 'NULL'} AS {c.sql_type})"
            f" AS {quote_identifier(c.name)}"
            for c in spec.columns
        )
        listed = ", ".join(string_literal(str(path)) for path in paths)
        parts.append(f"SELECT {selected} FROM read_parquet([{listed}])")
    return "\nUNION ALL\n".join(parts)


def create_views(
    connection: duckdb.DuckDBPyConnection,
    files_by_table: Mapping[str, Sequence[tuple[str, str]]],
    *,
    comments: bool = False,
    specs: Sequence[TableSpec] = TABLES,
    copies: bool = False,
) -> None:
    """Create every table of ``specs`` as a view over its files, with their comments when
    ``comments``; with ``copies``, as a table holding the files' rows instead (for a database
    that must be read where the files cannot, e.g. when they are on object storage)."""
    kind = "TABLE" if copies else "VIEW"
    for schema in dict.fromkeys(spec.schema for spec in specs):
        connection.execute(f"CREATE SCHEMA IF NOT EXISTS {quote_identifier(schema)}")
    for spec in specs:
        query = view_query(spec, files_by_table.get(spec.name, ()))
        connection.execute(f"CREATE OR REPLACE {kind} {qualified_name(spec)} AS {query}")
        if comments:
            for statement in comment_statements(spec, kind):
                connection.execute(statement)


def comment_statements(spec: TableSpec, kind: str = "VIEW") -> list[str]:
    statements = [f"COMMENT ON {kind} {qualified_name(spec)} IS {_comment(spec.comment)}"]
    for column in spec.columns:
        if column.comment:
            target = f"{qualified_name(spec)}.{quote_identifier(column.name)}"
            statements.append(f"COMMENT ON COLUMN {target} IS {_comment(column.comment)}")
    return statements


def _comment(text: str) -> str:
    return string_literal(text) if text else "NULL"
