"""The news report: written by the daily run beside the analysts' database and linked from
its asset, by `akhbar report`, and its numbers are the marts' numbers."""

import subprocess
import sys
from datetime import date
from pathlib import Path

import dagster as dg
import duckdb
import polars as pl
import pytest

from assets.report import news_report
from pipelines.cli import main
from tests.support import E2E_FIRST_DAY, E2E_LAST_DAY, E2ERun
from warehouse.report import read_report_data, report_path
from warehouse.store import Warehouse

_NAME = f"news_{E2E_FIRST_DAY}_{E2E_LAST_DAY}.html"


def _sql(database: Path, query: str, params: dict[str, object]) -> list[tuple[object, ...]]:
    with duckdb.connect(str(database), read_only=True) as connection:
        return connection.execute(query, params).fetchall()


def test_the_daily_run_writes_the_report_beside_the_database(e2e_run: E2ERun) -> None:
    assert e2e_run.outcome.success, e2e_run.outcome
    page = (e2e_run.database.parent / "reports" / _NAME).read_text(encoding="utf-8")
    assert page.startswith('<!DOCTYPE html>\n<html lang="ar" dir="rtl">')
    # plotly.js is in the page, not fetched: no <script src=...>.
    assert "<script src" not in page and "Plotly.newPlot" in page
    assert f"من {E2E_FIRST_DAY:%d/%m/%Y} إلى {E2E_LAST_DAY:%d/%m/%Y}" in page


def test_the_asset_links_its_report_and_covers_four_weeks_or_what_is_published(
    e2e_run: E2ERun,
) -> None:
    # One day's run: its report reaches back 28 days, but not before the first published day.
    with dg.DagsterInstance.ephemeral() as instance:
        result = dg.materialize(
            [news_report],
            partition_key=E2E_LAST_DAY.isoformat(),
            resources={"warehouse": e2e_run.resources["warehouse"]},
            instance=instance,
        )
    assert result.success
    [materialization] = result.asset_materializations_for_node("reports__news_report")
    metadata = materialization.metadata
    path = Path(str(metadata["path"].value))
    assert path == e2e_run.database.parent / "reports" / _NAME and path.is_file()
    assert metadata["url"].value == path.resolve().as_uri()
    assert metadata["first_day"].value == E2E_FIRST_DAY.isoformat()
    (articles,) = _sql(
        e2e_run.database,
        "SELECT sum(articles) FROM marts.publication_trends WHERE day BETWEEN $first AND $last",
        {"first": E2E_FIRST_DAY, "last": E2E_LAST_DAY},
    )[0]
    assert metadata["articles"].value == articles > 0


def test_the_report_rows_are_the_marts_rows(e2e_run: E2ERun) -> None:
    database = e2e_run.database
    window = {"first": E2E_FIRST_DAY, "last": E2E_LAST_DAY}
    data = read_report_data(Warehouse(database), E2E_FIRST_DAY, E2E_LAST_DAY)

    per_outlet = _sql(
        database,
        "SELECT outlet, sum(articles) FROM marts.publication_trends "
        "WHERE day BETWEEN $first AND $last GROUP BY outlet",
        window,
    )
    assert dict(data.share_of_voice.select("outlet", "articles").iter_rows()) == dict(per_outlet)
    assert data.share_of_voice["share"].sum() == pytest.approx(1.0)

    per_day_topic = _sql(
        database,
        "SELECT day, topic, sum(articles) FROM marts.daily_topic_counts "
        "WHERE day BETWEEN $first AND $last GROUP BY ALL",
        window,
    )
    assert sorted(data.topic_trends.iter_rows()) == sorted(per_day_topic)
    assert (
        data.outlet_days.height
        == _sql(
            database,
            "SELECT count(*) FROM marts.publication_trends WHERE day BETWEEN $first AND $last",
            window,
        )[0][0]
    )

    # The biggest stories: those first published in the report's last seven days (here all
    # four), most outlets first, each with its first article's headline and first outlet.
    started = _sql(
        database,
        "SELECT story_id, len(outlets), articles FROM marts.stories "
        "WHERE first_published_day BETWEEN $first AND $last",
        window,
    )
    expected = sorted(started, key=lambda row: (-row[1], -row[2], row[0]))[:10]  # type: ignore[operator]
    assert data.biggest_stories["story_id"].to_list() == [row[0] for row in expected]
    assert len(expected) == 10 and expected[0][1] > 1  # type: ignore[operator]
    assert data.story_outlets is not None
    for story in data.biggest_stories.iter_rows(named=True):
        assert story["first_outlet"] in story["outlets"]
        assert story["headline"]
        # Every outlet that carried it, in the order they came (marts.first_movers).
        followers = data.story_outlets.filter(pl.col("story_id") == story["story_id"])
        assert sorted(followers["outlet"]) == sorted(story["outlets"])
        assert followers["rank"].to_list() == sorted(followers["rank"])
        first = followers.filter(pl.col("outlet") == story["first_outlet"])
        assert first["rank"].to_list() == [1]
    # The spikes are marts.outlet_trends' flags (none on four days: it needs 14 of history).
    assert data.spikes is not None
    assert (
        data.spikes.height
        == _sql(
            database,
            "SELECT count(*) FROM marts.outlet_trends WHERE spike AND day BETWEEN $first AND $last",
            window,
        )[0][0]
    )


def test_akhbar_report_writes_the_newest_days_by_default(e2e_run: E2ERun, tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    status = main(["report", "--out", str(out), "--warehouse", str(e2e_run.database)])
    assert status == 0
    page = out.read_text(encoding="utf-8")
    assert f"من {E2E_FIRST_DAY:%d/%m/%Y} إلى {E2E_LAST_DAY:%d/%m/%Y}" in page
    assert not [p for p in tmp_path.iterdir() if p != out]  # nothing left beside it


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--from", "2026-03-23", "--to", "2026-03-20"], "--to 2026-03-20 is before --from"),
        (["--from", "2026-02-30"], "is not a date"),
        (["--warehouse", "/nonexistent/news.duckdb"], "no warehouse at /nonexistent"),
    ],
)
def test_akhbar_report_mistakes_get_one_line(
    e2e_run: E2ERun, tmp_path: Path, args: list[str], message: str
) -> None:
    out = tmp_path / "report.html"
    command = ["report", "--out", str(out), "--warehouse", str(e2e_run.database), *args]
    done = subprocess.run(
        [sys.executable, "-m", "pipelines.cli", *command],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 2
    assert message in done.stderr and "Traceback" not in done.stderr
    assert not out.exists()


def test_report_path_is_beside_the_database(tmp_path: Path) -> None:
    store = Warehouse(tmp_path / "news.duckdb")
    assert report_path(store, date(2026, 3, 1), date(2026, 3, 28)) == (
        tmp_path / "reports" / "news_2026-03-01_2026-03-28.html"
    )


def test_only_the_newest_reports_are_kept(tmp_path: Path) -> None:
    import os

    from warehouse.report import prune_reports

    reports = [tmp_path / f"news_2026-03-{day:02d}_2026-03-{day:02d}.html" for day in range(1, 6)]
    for age, path in enumerate(reversed(reports)):
        path.write_text("<html></html>", encoding="utf-8")
        os.utime(path, ns=(10**18 - age * 10**9, 10**18 - age * 10**9))
    other = tmp_path / "notes.html"
    other.write_text("kept", encoding="utf-8")
    deleted = prune_reports(tmp_path, keep=2)
    assert sorted(deleted) == reports[:3]
    assert sorted(tmp_path.iterdir()) == sorted([*reports[3:], other])
