"""What the Dagster UI charts: each partition's materialization carries that day's numbers
(plain ints and floats, so the Plots tab draws them), also when one run materializes a range
of days, and they equal the marts' rows for the day."""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import dagster as dg
import duckdb
import pytest

from pipelines.resources import pipeline_resources
from pipelines.runs import materialize_range
from tests.support import DemoSite

# Two Casablanca days in one run (a single-run backfill), across the 2026-03-22 clock change.
FIRST, LAST = date(2026, 3, 21), date(2026, 3, 22)
DAYS = [FIRST, LAST]


@dataclass(frozen=True)
class MetadataRun:
    database: Path
    # asset key -> partition key -> that partition's materialization metadata
    metadata: dict[str, dict[str, dict[str, dg.MetadataValue]]]


@pytest.fixture(scope="module")
def metadata_run(
    demo_site: DemoSite, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[MetadataRun]:
    database = tmp_path_factory.mktemp("ui_metadata") / "news.duckdb"
    resources: dict[str, object] = dict(
        pipeline_resources(site_url=demo_site.url, database=database)
    )
    with dg.DagsterInstance.ephemeral() as instance:
        outcome = materialize_range(FIRST, LAST, resources, instance)
        assert outcome.success, outcome
        metadata: dict[str, dict[str, dict[str, dg.MetadataValue]]] = {}
        for key in (
            ["marts", "daily_topic_counts"],
            ["marts", "publication_trends"],
            ["marts", "stories"],
            ["marts", "outlet_day_quality"],
            ["marts", "daily_ticker_stories"],
            ["staging", "parsed_pages"],
            ["staging", "article_stories"],
        ):
            records = instance.fetch_materializations(dg.AssetKey(key), limit=10).records
            events = [r.asset_materialization for r in records if r.asset_materialization]
            metadata["/".join(key)] = {e.partition: dict(e.metadata) for e in events if e.partition}
        yield MetadataRun(database, metadata)


def _value(run: MetadataRun, asset: str, day: date, name: str) -> object:
    entry = run.metadata[asset][day.isoformat()][name]
    assert isinstance(entry, dg.IntMetadataValue | dg.FloatMetadataValue), (asset, name, entry)
    return entry.value


def _one(database: Path, sql: str, day: date) -> tuple[object, ...]:
    with duckdb.connect(str(database), read_only=True) as connection:
        row = connection.execute(sql, {"day": day}).fetchone()
    assert row is not None
    return tuple(row)


def test_each_partition_of_a_range_run_gets_its_own_materialization(
    metadata_run: MetadataRun,
) -> None:
    for asset, partitions in metadata_run.metadata.items():
        assert sorted(partitions) == [d.isoformat() for d in DAYS], asset


@pytest.mark.parametrize("day", DAYS, ids=str)
def test_daily_topic_counts_numbers_equal_the_marts_rows_of_the_day(
    metadata_run: MetadataRun, day: date
) -> None:
    rows, articles, outlets, topics = _one(
        metadata_run.database,
        "SELECT count(*), sum(articles), count(DISTINCT outlet), count(DISTINCT topic) "
        "FROM marts.daily_topic_counts WHERE day = $day",
        day,
    )
    (biggest_outlet,) = _one(
        metadata_run.database,
        "SELECT max(n) / sum(n) FROM (SELECT sum(articles) AS n FROM marts.daily_topic_counts "
        "WHERE day = $day GROUP BY outlet)",
        day,
    )
    (biggest_topic,) = _one(
        metadata_run.database,
        "SELECT max(n) / sum(n) FROM (SELECT sum(articles) AS n FROM marts.daily_topic_counts "
        "WHERE day = $day GROUP BY topic)",
        day,
    )
    asset = "marts/daily_topic_counts"
    assert isinstance(articles, int | float) and articles > 20
    assert _value(metadata_run, asset, day, "articles") == articles
    assert _value(metadata_run, asset, day, "dagster/row_count") == rows
    assert _value(metadata_run, asset, day, "outlets") == outlets
    assert _value(metadata_run, asset, day, "topics") == topics
    assert _value(metadata_run, asset, day, "biggest_outlet_share") == pytest.approx(
        biggest_outlet, abs=1e-4
    )
    assert _value(metadata_run, asset, day, "biggest_topic_share") == pytest.approx(
        biggest_topic, abs=1e-4
    )


@pytest.mark.parametrize("day", DAYS, ids=str)
def test_publication_trends_numbers_equal_the_marts_rows_of_the_day(
    metadata_run: MetadataRun, day: date
) -> None:
    rows, articles, biggest = _one(
        metadata_run.database,
        "SELECT count(*), sum(articles), max(share_of_day) FROM marts.publication_trends "
        "WHERE day = $day",
        day,
    )
    asset = "marts/publication_trends"
    assert _value(metadata_run, asset, day, "dagster/row_count") == rows
    assert _value(metadata_run, asset, day, "articles") == articles
    assert _value(metadata_run, asset, day, "biggest_outlet_share") == pytest.approx(
        biggest, abs=1e-4
    )


@pytest.mark.parametrize("day", DAYS, ids=str)
def test_stories_numbers_equal_the_marts_rows_of_the_day(
    metadata_run: MetadataRun, day: date
) -> None:
    stories, articles = _one(
        metadata_run.database,
        "SELECT count(DISTINCT story_id), sum(articles) FROM marts.story_days WHERE day = $day",
        day,
    )
    first_seen, across = _one(
        metadata_run.database,
        "SELECT count(*), count(*) FILTER (WHERE len(outlets) > 1) FROM marts.stories "
        "WHERE first_published_day = $day",
        day,
    )
    asset = "marts/stories"
    assert isinstance(stories, int) and stories > 10
    assert _value(metadata_run, asset, day, "stories") == stories
    assert _value(metadata_run, asset, day, "articles") == articles
    assert _value(metadata_run, asset, day, "stories_first_seen") == first_seen
    assert _value(metadata_run, asset, day, "stories_across_outlets") == across
    share = _value(metadata_run, asset, day, "biggest_first_outlet_share")
    assert isinstance(share, float) and 0 < share <= 1


@pytest.mark.parametrize("day", DAYS, ids=str)
def test_staging_and_quality_numbers_count_the_days_rows(
    metadata_run: MetadataRun, day: date
) -> None:
    (pages,) = _one(
        metadata_run.database, "SELECT count(*) FROM staging.parsed_pages WHERE day = $day", day
    )
    (articles,) = _one(
        metadata_run.database,
        "SELECT count(*) FROM staging.parsed_pages WHERE day = $day AND status = 'article'",
        day,
    )
    assert _value(metadata_run, "staging/parsed_pages", day, "dagster/row_count") == pages
    assert _value(metadata_run, "staging/parsed_pages", day, "pages_article") == articles
    ok, warn, error = _one(
        metadata_run.database,
        "SELECT count(*) FILTER (status = 'ok'), count(*) FILTER (status = 'warn'), "
        "count(*) FILTER (status = 'error') FROM marts.outlet_day_quality WHERE day = $day",
        day,
    )
    asset = "marts/outlet_day_quality"
    assert _value(metadata_run, asset, day, "outlet_days_ok") == ok
    assert _value(metadata_run, asset, day, "outlet_days_warn") == warn
    assert _value(metadata_run, asset, day, "outlet_days_error") == error
    (shown,) = _one(
        metadata_run.database,
        "SELECT count(*) FROM marts.daily_ticker_stories WHERE day = $day AND story_id IS NOT NULL",
        day,
    )
    assert _value(metadata_run, "marts/daily_ticker_stories", day, "stories_shown") == shown


def test_the_per_day_table_has_a_schema_and_no_text_chart(metadata_run: MetadataRun) -> None:
    for asset, partitions in metadata_run.metadata.items():
        for metadata in partitions.values():
            table = metadata["per_day"]
            assert isinstance(table, dg.TableMetadataValue), asset
            assert table.schema.columns[0].name == "day"
            assert [r.data["day"] for r in table.records] == [d.isoformat() for d in DAYS]
            texts = [str(v.value) for v in metadata.values() if isinstance(v, dg.TextMetadataValue)]
            assert not any(set(text) & set("▁▂▃▄▅▆▇█") for text in texts), asset
