"""`akhbar sql --format`: what programs read back from csv and JSON lines output."""

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

AKHBAR = [sys.executable, "-m", "pipelines.cli"]

TITLE = "شركة سهول سوس تعلن عن 746 منصب شغل"


@pytest.fixture(scope="module")
def database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("sql_output") / "w.duckdb"
    with duckdb.connect(str(path)) as connection:
        connection.execute(
            "CREATE TABLE articles AS SELECT "
            "DATE '2026-03-21' + (i % 3)::INTEGER AS day, i AS n, "
            f"'{TITLE}' AS title, "
            "TIMESTAMPTZ '2026-03-21 09:15:00+00' AS published_at, "
            "['atlas', 'تجميع'] AS outlets, "
            "CASE WHEN i = 0 THEN NULL ELSE i / 4 END AS share "
            "FROM range(120) AS r(i)"
        )
    return path


def _sql(database: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*AKHBAR, "sql", "SELECT * FROM articles ORDER BY n", "--warehouse", str(database), *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
    )


def test_json_lines_give_one_object_per_row_with_iso_dates_arrays_and_plain_arabic(
    database: Path,
) -> None:
    done = _sql(database, "--format", "json", "--max-rows", "5")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert len(lines) == 120  # every row: --max-rows bounds the table only
    first, second = json.loads(lines[0]), json.loads(lines[1])
    assert first == {
        "day": "2026-03-21",
        "n": 0,
        "title": TITLE,
        "published_at": "2026-03-21T09:15:00+00:00",
        "outlets": ["atlas", "تجميع"],
        "share": None,
    }
    assert second["day"] == "2026-03-22" and second["share"] == 0.25
    assert TITLE in lines[0] and "\\u" not in done.stdout  # UTF-8, not escapes


def test_csv_has_a_header_every_row_and_lists_as_json_arrays(database: Path) -> None:
    done = _sql(database, "--format", "csv", "--max-rows", "5")
    assert done.returncode == 0, done.stderr
    rows = list(csv.DictReader(io.StringIO(done.stdout)))
    assert len(rows) == 120
    assert rows[0] == {
        "day": "2026-03-21",
        "n": "0",
        "title": TITLE,
        "published_at": "2026-03-21T09:15:00+00:00",
        "outlets": '["atlas", "تجميع"]',
        "share": "",
    }
    assert json.loads(rows[1]["outlets"]) == ["atlas", "تجميع"]


def test_the_table_stays_the_default_and_shows_max_rows(database: Path) -> None:
    done = _sql(database, "--max-rows", "5")
    assert done.returncode == 0, done.stderr
    assert "shape: (120, 6)" in done.stdout and "…" in done.stdout
    assert 0 < done.stdout.count(TITLE) <= 5  # a few rows shown, not 120


def test_an_unknown_format_is_a_usage_error(database: Path) -> None:
    done = _sql(database, "--format", "xml")
    assert done.returncode == 2 and "invalid choice" in done.stderr
