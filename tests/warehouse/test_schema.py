from functools import cache
from pathlib import Path

import duckdb
import polars as pl
import pytest

from pipelines.news import tables
from warehouse.schema import (
    SchemaMigrationError,
    comment_on_column,
    create_schema,
    create_table,
    ddl,
    ensure_schema,
    schema_changes,
)
from warehouse.store import WINDOWED_TABLES, Warehouse

COLUMNS = """
SELECT column_name, data_type, is_nullable, comment
FROM duckdb_columns()
WHERE database_name = current_database() AND schema_name = $schema AND table_name = $table
ORDER BY column_index
"""

TABLE_COMMENT = """
SELECT comment FROM duckdb_tables()
WHERE database_name = current_database() AND schema_name = $schema AND table_name = $table
"""


def _catalog(connection: duckdb.DuckDBPyConnection, spec: tables.TableSpec) -> list[tuple]:
    return connection.execute(COLUMNS, {"schema": spec.schema, "table": spec.table}).fetchall()


@cache
def _catalog_type(sql_type: str) -> str:
    """How DuckDB's catalog spells a type (TIMESTAMPTZ is 'TIMESTAMP WITH TIME ZONE')."""
    with duckdb.connect() as memory:
        return str(memory.sql(f"SELECT typeof(CAST(NULL AS {sql_type}))").fetchall()[0][0])


def _expected(spec: tables.TableSpec) -> list[tuple]:
    return [
        (c.name, _catalog_type(c.sql_type), not c.not_null, c.comment or None) for c in spec.columns
    ]


def _table_comment(connection: duckdb.DuckDBPyConnection, spec: tables.TableSpec) -> object:
    rows = connection.execute(TABLE_COMMENT, {"schema": spec.schema, "table": spec.table})
    return rows.fetchall()


def _assert_matches_specs(connection: duckdb.DuckDBPyConnection) -> None:
    for spec in tables.TABLES:
        assert _catalog(connection, spec) == _expected(spec), spec.name
        assert _table_comment(connection, spec) == [(spec.comment,)], spec.name
    user_tables = connection.execute(
        "SELECT schema_name || '.' || table_name FROM duckdb_tables() "
        "WHERE database_name = current_database() ORDER BY ALL"
    ).fetchall()
    assert [name for (name,) in user_tables] == sorted(tables.BY_NAME)


@pytest.mark.parametrize("spec", tables.TABLES, ids=lambda s: s.name)
def test_the_writer_creates_each_table_as_its_spec_says(tmp_path: Path, spec) -> None:
    store = Warehouse(tmp_path / "news.duckdb")
    with store.writing():
        pass
    with duckdb.connect(str(store.database), read_only=True) as connection:
        # Order, SQL type, NOT NULL and comment of every column; the table's comment.
        assert _catalog(connection, spec) == _expected(spec)
        assert _table_comment(connection, spec) == [(spec.comment,)]
        # What DuckDB hands Polars is the spec's Polars schema (instants in any zone).
        got = connection.sql(f"SELECT * FROM {spec.name} LIMIT 0").pl().schema
    assert list(got) == list(spec.polars_schema)
    for name, dtype in spec.polars_schema.items():
        if isinstance(dtype, pl.Datetime):
            assert isinstance(got[name], pl.Datetime) and got[name].time_zone is not None
            assert got[name].time_unit == dtype.time_unit
        else:
            assert got[name] == dtype, name


def test_the_ddl_script_creates_the_same_tables(tmp_path: Path) -> None:
    with duckdb.connect(str(tmp_path / "script.duckdb")) as connection:
        connection.execute(ddl())
        connection.execute(ddl())  # idempotent
        _assert_matches_specs(connection)
        assert schema_changes(connection) == []


def test_comments_are_set_once_and_repaired_when_they_drift(tmp_path: Path) -> None:
    with duckdb.connect(str(tmp_path / "news.duckdb")) as connection:
        # A warehouse created before comments were generated: the tables, no comments.
        schemas = dict.fromkeys(t.schema for t in tables.TABLES)
        connection.execute("\n".join(create_schema(s) for s in schemas))
        connection.execute("\n".join(create_table(t) for t in tables.TABLES))
        commented = sum(1 + sum(bool(c.comment) for c in t.columns) for t in tables.TABLES)
        assert ensure_schema(connection) == commented
        _assert_matches_specs(connection)
        assert ensure_schema(connection) == 0  # nothing to do on the next write

        pages = tables.RAW_PAGES
        connection.execute("COMMENT ON COLUMN raw.pages.etag IS 'stale'")
        assert schema_changes(connection) == [comment_on_column(pages, "etag")]
        assert ensure_schema(connection) == 1
        _assert_matches_specs(connection)


def test_a_missing_table_is_created_and_existing_ones_are_left_alone(tmp_path: Path) -> None:
    with duckdb.connect(str(tmp_path / "news.duckdb")) as connection:
        connection.execute(ddl())
        connection.execute("INSERT INTO raw.fetch_log (run_id) SELECT 'r' WHERE false")
        connection.execute("DROP TABLE marts.stories")
        changes = schema_changes(connection)
        assert changes[0].startswith('CREATE TABLE IF NOT EXISTS "marts"."stories" (')
        assert all('"marts"."stories"' in statement for statement in changes)
        ensure_schema(connection)
        _assert_matches_specs(connection)


def test_comments_with_quotes_are_literals_not_sql(tmp_path: Path) -> None:
    spec = tables.TableSpec(
        "raw.quoted",
        "Grain: it's one row'; DROP TABLE raw.quoted; --",
        (tables.Column("day", tables.DATE, True, "a 'quoted' -- comment"),),
    )
    with duckdb.connect(str(tmp_path / "q.duckdb")) as connection:
        assert ensure_schema(connection, [spec]) == 4  # schema, table, 2 comments
        assert _table_comment(connection, spec) == [(spec.comment,)]
        assert _catalog(connection, spec) == [("day", "DATE", False, "a 'quoted' -- comment")]


def test_windowed_tables_come_from_the_specs() -> None:
    assert WINDOWED_TABLES == {t.name: "day" for t in tables.TABLES if t.day_column == "day"}
    assert "raw.pages" in WINDOWED_TABLES
    assert "raw.fetch_log" not in WINDOWED_TABLES
    assert "marts.stories" not in WINDOWED_TABLES


def test_a_nullable_column_added_to_a_spec_reaches_an_existing_warehouse(tmp_path: Path) -> None:
    database = tmp_path / "old.duckdb"
    with duckdb.connect(str(database)) as connection:
        connection.execute("CREATE SCHEMA marts")
        # marts.stories as a warehouse written before `last_published_day` existed.
        connection.execute(
            "CREATE TABLE marts.stories (story_id VARCHAR NOT NULL, first_published_day DATE "
            "NOT NULL, first_published_at TIMESTAMPTZ, first_outlet VARCHAR NOT NULL, outlets "
            "VARCHAR[] NOT NULL, articles BIGINT NOT NULL, topic VARCHAR NOT NULL)"
        )
        connection.execute(
            "INSERT INTO marts.stories VALUES ('st-1', DATE '2026-03-01', NULL, 'atlas', "
            "['atlas'], 1, 'sport')"
        )
        ensure_schema(connection)
        columns = connection.sql(
            "SELECT column_name FROM duckdb_columns() WHERE table_name = 'stories'"
        ).fetchall()
        kept = connection.sql("SELECT story_id, last_published_day FROM marts.stories").fetchall()
    assert ("last_published_day",) in columns
    assert kept == [("st-1", None)]


def test_a_missing_not_null_column_says_how_to_rebuild(tmp_path: Path) -> None:
    with duckdb.connect(str(tmp_path / "old.duckdb")) as connection:
        connection.execute("CREATE SCHEMA staging")
        connection.execute("CREATE TABLE staging.ticker_headlines (day DATE NOT NULL)")
        with pytest.raises(SchemaMigrationError, match="re-run the days"):
            ensure_schema(connection)
