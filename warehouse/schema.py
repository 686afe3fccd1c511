"""The warehouse DDL, generated from the table specs of ``pipelines.news.tables``.

``ensure_schema`` runs on every connection that writes: it creates the schemas and tables
that are missing and sets the table and column comments (``COMMENT ON``) that differ from the
specs, so analysts read each table's grain and each column's meaning in ``duckdb_tables()``
and ``duckdb_columns()``. A warehouse already up to date costs two catalog queries and no
write. ``ddl()`` is the whole script, for reading or for a fresh database.

Identifiers come only from the specs (which accept plain lowercase identifiers) and are quoted
anyway. Values are bound as parameters where DuckDB allows it; ``COMMENT ON`` accepts only a
string literal, so comments (again only from the specs) are written as escaped literals.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import duckdb

from pipelines.news.tables import TABLES, TableSpec


def quote_identifier(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def qualified_name(spec: TableSpec) -> str:
    """``"schema"."table"``, for splicing into SQL."""
    return f"{quote_identifier(spec.schema)}.{quote_identifier(spec.table)}"


def string_literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def create_schema(name: str) -> str:
    return f"CREATE SCHEMA IF NOT EXISTS {quote_identifier(name)};"


def create_table(spec: TableSpec) -> str:
    columns = ",\n".join(
        f"    {quote_identifier(c.name)} {c.sql_type}{' NOT NULL' if c.not_null else ''}"
        for c in spec.columns
    )
    return f"CREATE TABLE IF NOT EXISTS {qualified_name(spec)} (\n{columns}\n);"


class SchemaMigrationError(RuntimeError):
    """A warehouse table cannot be brought to its spec in place; the message says why."""


def add_column(spec: TableSpec, name: str) -> str:
    column = spec.column(name)
    if column.not_null:
        raise SchemaMigrationError(
            f"{spec.name} lacks the NOT NULL column {name!r} its description now has; existing "
            f"rows cannot get it in place: drop {spec.name} (or the whole warehouse file) and "
            "re-run the days it should hold"
        )
    return (
        f"ALTER TABLE {qualified_name(spec)} ADD COLUMN {quote_identifier(name)} {column.sql_type};"
    )


def comment_on_table(spec: TableSpec) -> str:
    return f"COMMENT ON TABLE {qualified_name(spec)} IS {_comment(spec.comment)};"


def comment_on_column(spec: TableSpec, column: str) -> str:
    comment = spec.column(column).comment
    target = f"{qualified_name(spec)}.{quote_identifier(column)}"
    return f"COMMENT ON COLUMN {target} IS {_comment(comment)};"


def _comment(text: str) -> str:
    return string_literal(text) if text else "NULL"


def ddl(specs: Sequence[TableSpec] = TABLES) -> str:
    """The full script: schemas, tables and comments. Idempotent."""
    statements = [create_schema(s) for s in _schemas(specs)]
    for spec in specs:
        statements.append(create_table(spec))
        statements.append(comment_on_table(spec))
        statements.extend(comment_on_column(spec, c.name) for c in spec.columns if c.comment)
    return "\n".join(statements) + "\n"


def schema_changes(
    connection: duckdb.DuckDBPyConnection, specs: Sequence[TableSpec] = TABLES
) -> list[str]:
    """The statements that bring the connection's database in line with ``specs``: schemas and
    tables that are missing, nullable columns a newer spec added to an existing table
    (``ALTER TABLE ... ADD COLUMN``: old rows read NULL there until their days are re-run),
    comments that differ. A missing NOT NULL column cannot be added to rows that lack it:
    that raises ``SchemaMigrationError`` saying how to rebuild the table."""
    schemas = _schemas(specs)
    present_schemas = {
        name
        for (name,) in connection.execute(
            "SELECT schema_name FROM duckdb_schemas() "
            "WHERE database_name = current_database() AND list_contains($schemas, schema_name)",
            {"schemas": schemas},
        ).fetchall()
    }
    table_comments: dict[str, str | None] = {
        f"{schema}.{table}": comment
        for schema, table, comment in connection.execute(
            "SELECT schema_name, table_name, comment FROM duckdb_tables() "
            "WHERE database_name = current_database() AND list_contains($schemas, schema_name)",
            {"schemas": schemas},
        ).fetchall()
    }
    column_comments: dict[tuple[str, str], str | None] = {
        (f"{schema}.{table}", column): comment
        for schema, table, column, comment in connection.execute(
            "SELECT schema_name, table_name, column_name, comment FROM duckdb_columns() "
            "WHERE database_name = current_database() AND list_contains($schemas, schema_name)",
            {"schemas": schemas},
        ).fetchall()
    }
    statements = [create_schema(s) for s in schemas if s not in present_schemas]
    for spec in specs:
        created = spec.name not in table_comments
        if created:
            statements.append(create_table(spec))
        if _differs(spec.comment, table_comments.get(spec.name)):
            statements.append(comment_on_table(spec))
        for column in spec.columns:
            key = (spec.name, column.name)
            if not created and key not in column_comments:
                statements.append(add_column(spec, column.name))
            if _differs(column.comment, column_comments.get(key)):
                statements.append(comment_on_column(spec, column.name))
    return statements


def ensure_schema(
    connection: duckdb.DuckDBPyConnection, specs: Sequence[TableSpec] = TABLES
) -> int:
    """Apply ``schema_changes`` in one transaction; returns how many statements ran."""
    statements = schema_changes(connection, specs)
    if statements:
        connection.execute("BEGIN TRANSACTION")
        try:
            for statement in statements:
                connection.execute(statement)
            connection.execute("COMMIT")
        except BaseException:
            connection.execute("ROLLBACK")
            raise
    return len(statements)


def _schemas(specs: Iterable[TableSpec]) -> list[str]:
    return list(dict.fromkeys(spec.schema for spec in specs))


def _differs(wanted: str, present: str | None) -> bool:
    return wanted != (present or "")
