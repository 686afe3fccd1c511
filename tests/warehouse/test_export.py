"""`akhbar export`: hive-partitioned Parquet that Polars, pandas and DuckDB read back equal to
the warehouse, written whole or not at all."""

import json
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import duckdb
import pandas as pd
import polars as pl
import pyarrow as pa
import pyarrow.dataset as ds
import pytest

from tests.support import E2E_FIRST_DAY, E2E_LAST_DAY, E2ERun
from warehouse.export import EXPORTED_TABLES, MANIFEST, ExportedTable, ExportError, export_range

AKHBAR = [sys.executable, "-m", "pipelines.cli"]

# A range strictly inside the e2e window, so the export must leave days out.
FIRST, LAST = E2E_FIRST_DAY + timedelta(days=1), E2E_LAST_DAY - timedelta(days=1)


@pytest.fixture(scope="module")
def exported(e2e_run: E2ERun, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("export") / "news-export"
    done = subprocess.run(
        [
            *AKHBAR,
            "export",
            "--from",
            FIRST.isoformat(),
            "--to",
            LAST.isoformat(),
            "--out",
            str(out),
            "--warehouse",
            str(e2e_run.database),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    return out


def _in_warehouse(database: Path, table: ExportedTable) -> pl.DataFrame:
    """The table's rows the export should hold: those of the range (a dimension's all)."""
    query, params = f"SELECT * FROM {table.name}", {}
    if table.partition_column is not None:
        query += f" WHERE {table.partition_column} BETWEEN $first AND $last"
        params = {"first": FIRST, "last": LAST}
    with duckdb.connect(str(database), read_only=True) as connection:
        rows: pl.DataFrame = connection.sql(query, params=params).pl()
    return rows


def _same_rows(actual: pl.DataFrame, expected: pl.DataFrame) -> None:
    # DuckDB names UTC 'Etc/UTC', Parquet readers 'UTC': the same instants.
    actual, expected = (
        frame.select(expected.columns).with_columns(
            pl.col(pl.Datetime(time_zone="*")).dt.convert_time_zone("UTC")
        )
        for frame in (actual, expected)
    )
    assert actual.schema == expected.schema
    assert actual.sort(pl.all()).equals(expected.sort(pl.all()))


@pytest.mark.parametrize("table", EXPORTED_TABLES, ids=lambda t: t.name)
def test_polars_and_duckdb_read_back_the_warehouse_rows_of_the_range(
    exported: Path, e2e_run: E2ERun, table: ExportedTable
) -> None:
    name, day_column = table.name, table.partition_column
    expected = _in_warehouse(e2e_run.database, table)
    assert expected.height > 0, name  # the range holds rows of every table
    folders = sorted(p.name for p in (exported / name).iterdir())
    if day_column is None:
        assert folders == ["data_0.parquet"]
    else:
        assert folders and all(f.startswith(f"{day_column}=") for f in folders)
        assert {date.fromisoformat(f.split("=")[1]) for f in folders} <= {FIRST, LAST}

    files = str(exported / name / "**" / "*.parquet")
    _same_rows(pl.scan_parquet(files, hive_partitioning=True).collect(), expected)
    with duckdb.connect() as connection:
        read = connection.sql(
            "SELECT * FROM read_parquet($files, hive_partitioning = true)",
            params={"files": files},
        ).pl()
    _same_rows(read, expected)


def test_pandas_reads_the_marts_and_the_articles(exported: Path, e2e_run: E2ERun) -> None:
    by_name = {table.name: table for table in EXPORTED_TABLES}
    for table in (by_name["marts.daily_topic_counts"], by_name["marts.articles"]):
        expected = _in_warehouse(e2e_run.database, table)
        partitioning = ds.partitioning(pa.schema([("day", pa.date32())]), flavor="hive")
        frame = pd.read_parquet(exported / table.name, engine="pyarrow", partitioning=partitioning)
        _same_rows(pl.from_pandas(frame), expected)


def test_articles_carry_no_bodies_and_arabic_titles_survive(exported: Path) -> None:
    articles = pl.scan_parquet(exported / "marts.articles" / "**" / "*.parquet").collect()
    assert "body" not in articles.columns and "raw" not in " ".join(articles.columns)
    assert {"url", "outlet", "title", "story_id", "topic", "confidence"} <= set(articles.columns)
    assert articles["title"].str.contains(r"[\u0600-\u06FF]").all()


def test_manifest_and_readme_say_what_each_folder_holds(exported: Path, e2e_run: E2ERun) -> None:
    manifest = json.loads((exported / MANIFEST).read_text(encoding="utf-8"))
    assert (manifest["from"], manifest["to"]) == (FIRST.isoformat(), LAST.isoformat())
    assert set(manifest["tables"]) == {t.name for t in EXPORTED_TABLES}
    for table in EXPORTED_TABLES:
        described = manifest["tables"][table.name]
        expected = _in_warehouse(e2e_run.database, table)
        assert described["rows"] == expected.height
        assert [c["name"] for c in described["columns"]] == expected.columns
    readme = (exported / "README.txt").read_text(encoding="utf-8")
    assert f"{FIRST} to {LAST}" in readme and "Spark" in readme and "Trino" in readme


def test_a_non_empty_folder_is_refused_and_an_export_replaced_only_with_overwrite(
    e2e_run: E2ERun, tmp_path: Path
) -> None:
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "notes.txt").write_text("keep me", encoding="utf-8")
    with pytest.raises(ExportError, match="not empty"):
        export_range(e2e_run.database, FIRST, FIRST, mine)
    with pytest.raises(ExportError, match="not an earlier export"):
        export_range(e2e_run.database, FIRST, FIRST, mine, overwrite=True)
    assert (mine / "notes.txt").read_text(encoding="utf-8") == "keep me"

    out = tmp_path / "export"
    first = export_range(e2e_run.database, FIRST, LAST, out)
    second = export_range(e2e_run.database, FIRST, FIRST, out, overwrite=True)
    assert second["marts.daily_topic_counts"] < first["marts.daily_topic_counts"]
    days = {p.name for p in (out / "marts.daily_topic_counts").iterdir()}
    assert days == {f"day={FIRST}"}  # replaced whole: no day of the earlier export is left
    assert sorted(p.name for p in tmp_path.iterdir()) == ["export", "mine"]


def test_a_failed_export_leaves_no_folder_behind(e2e_run: E2ERun, tmp_path: Path) -> None:
    broken = tmp_path / "broken.duckdb"
    with duckdb.connect(str(broken)) as connection:
        connection.execute("CREATE SCHEMA marts")
        connection.execute(
            "CREATE VIEW marts.daily_topic_counts AS SELECT DATE '2026-03-21' AS day, 1 AS n"
        )
    with pytest.raises(ExportError, match=r"has no marts\.publication_trends"):
        export_range(broken, FIRST, LAST, tmp_path / "out")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["broken.duckdb"]
