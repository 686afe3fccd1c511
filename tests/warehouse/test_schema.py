"""The analysts' database is generated from the table specs (names, columns, types, comments),
and a spec's new column reaches a warehouse whose files were written before it existed."""

from datetime import date
from functools import cache
from pathlib import Path

import duckdb
import polars as pl
import pytest

from pipelines.news import tables
from warehouse.analyst_views import ANALYST_VIEWS
from warehouse.schema import SchemaMigrationError, create_views, sql_file, tables_read_by
from warehouse.store import WINDOWED_TABLES, Warehouse

DAY1, DAY2 = date(2026, 3, 1), date(2026, 3, 2)

COLUMNS = """
SELECT column_name, data_type, is_nullable, comment
FROM duckdb_columns()
WHERE database_name = current_database() AND schema_name = $schema AND table_name = $table
ORDER BY column_index
"""


@cache
def _catalog_type(sql_type: str) -> str:
    """How DuckDB's catalog spells a type (TIMESTAMPTZ is 'TIMESTAMP WITH TIME ZONE')."""
    with duckdb.connect() as memory:
        return str(memory.sql(f"SELECT typeof(CAST(NULL AS {sql_type}))").fetchall()[0][0])


def _topics(urls: list[str]) -> pl.DataFrame:
    return tables.frame(
        [
            {
                "day": DAY1,
                "url": u,
                "outlet": "atlas",
                "topic": "sport",
                "method": "m",
                "model_version": "v",
                "confidence": 0.5,
            }
            for u in urls
        ],
        tables.ARTICLE_TOPICS,
    )


@pytest.fixture(scope="module")
def analysts_database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    store = Warehouse(tmp_path_factory.mktemp("warehouse") / "news.duckdb")
    store.write_window("r", "staging.article_topics", _topics(["a"]), DAY1, DAY2)
    store.publish_database()
    return store.database


@pytest.mark.parametrize("spec", tables.TABLES, ids=lambda s: s.name)
def test_each_table_is_a_view_as_its_spec_says(analysts_database: Path, spec) -> None:
    with duckdb.connect(str(analysts_database), read_only=True) as connection:
        columns = connection.execute(COLUMNS, {"schema": spec.schema, "table": spec.table})
        # Column order, SQL type and comment; the view's comment says the grain.
        assert [(n, t, c) for n, t, _, c in columns.fetchall()] == [
            (c.name, _catalog_type(c.sql_type), c.comment or None) for c in spec.columns
        ]
        comment = connection.execute(
            "SELECT comment FROM duckdb_views() WHERE schema_name = $s AND view_name = $t",
            {"s": spec.schema, "t": spec.table},
        ).fetchall()
        assert comment == [(spec.comment,)]
        got = connection.sql(f"SELECT * FROM {spec.name} LIMIT 0").pl().schema
    # What DuckDB hands Polars is the spec's Polars schema (instants in any zone).
    assert list(got) == list(spec.polars_schema)
    for name, dtype in spec.polars_schema.items():
        if isinstance(dtype, pl.Datetime):
            assert isinstance(got[name], pl.Datetime) and got[name].time_zone is not None
        else:
            assert got[name] == dtype, name


def test_the_analysts_database_has_views_only(analysts_database: Path) -> None:
    with duckdb.connect(str(analysts_database), read_only=True) as connection:
        stored = connection.sql(
            "SELECT count(*) FROM duckdb_tables() WHERE database_name = current_database()"
        ).fetchall()
        views = connection.sql(
            "SELECT schema_name || '.' || view_name FROM duckdb_views() WHERE NOT internal "
            "AND database_name = current_database() ORDER BY ALL"
        ).fetchall()
    assert stored == [(0,)]
    assert [name for (name,) in views] == sorted([*tables.BY_NAME, *ANALYST_VIEWS])


def test_comments_with_quotes_are_literals_not_sql() -> None:
    spec = tables.TableSpec(
        "raw.quoted",
        "Grain: it's one row'; DROP VIEW raw.quoted; --",
        (tables.Column("day", tables.DATE, True, "a 'quoted' -- comment"),),
        day_column="day",
    )
    with duckdb.connect() as connection:
        create_views(connection, {}, comments=True, specs=[spec])
        assert connection.sql(
            "SELECT comment FROM duckdb_views() WHERE view_name = 'quoted'"
        ).fetchall() == [(spec.comment,)]
        assert connection.execute(COLUMNS, {"schema": "raw", "table": "quoted"}).fetchall() == [
            ("day", "DATE", True, "a 'quoted' -- comment")
        ]


def test_windowed_tables_come_from_the_specs() -> None:
    assert WINDOWED_TABLES == {t.name: t.day_column for t in tables.TABLES if t.day_column}
    assert WINDOWED_TABLES["raw.pages"] == "day"
    assert WINDOWED_TABLES["marts.stories"] == "first_published_day"
    assert "raw.fetch_log" not in WINDOWED_TABLES


def test_a_query_reads_the_tables_it_names() -> None:
    read = {spec.name for spec in tables_read_by(sql_file("marts/story_days.sql"))}
    assert read == {"staging.article_stories", "staging.article_topics", "marts.outlet_day_quality"}
    assert [spec.name for spec in tables_read_by(sql_file("marts/stories.sql"))] == [
        "marts.story_days"
    ]


def test_a_nullable_column_added_to_a_spec_reaches_files_written_before_it(tmp_path: Path) -> None:
    store = Warehouse(tmp_path / "news.duckdb")
    # A day written before `confidence` existed, then a day written with it.
    store.lake.stage_day("old", "staging.article_topics", DAY1, _topics(["a"]).drop("confidence"))
    store.publish("old", ["staging.article_topics"])
    day2 = _topics(["b"]).with_columns(pl.lit(DAY2).alias("day"))
    store.write_window("new", "staging.article_topics", day2, DAY2, date(2026, 3, 3))
    store.publish_database()
    rows = store.read_window("staging.article_topics", DAY1, date(2026, 3, 3)).sort("url")
    assert rows["confidence"].to_list() == [None, 0.5]
    assert rows.schema == pl.Schema(tables.ARTICLE_TOPICS)
    seen = store.query("SELECT url, confidence FROM staging.article_topics ORDER BY url")
    assert seen.rows() == [("a", None), ("b", 0.5)]


def test_a_missing_not_null_column_says_which_days_to_rerun(tmp_path: Path) -> None:
    store = Warehouse(tmp_path / "news.duckdb")
    store.lake.stage_day("old", "staging.article_topics", DAY1, _topics(["a"]).drop("topic"))
    store.publish("old", ["staging.article_topics"])
    with pytest.raises(SchemaMigrationError, match="re-run those days"):
        store.read_window("staging.article_topics", DAY1, DAY2)
    # Reading only the columns the old files have still works.
    assert store.read_window("staging.article_topics", DAY1, DAY2, columns=["url"]).height == 1
