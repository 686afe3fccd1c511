from datetime import date

import polars as pl
import pytest

from pipelines.news import tables
from pipelines.news.tables import DATE, VARCHAR, Column, TableSpec


def test_every_table_is_described_once() -> None:
    names = [t.name for t in tables.TABLES]
    assert len(names) == len(set(names)) == len(tables.BY_NAME) == 16
    assert {t.schema for t in tables.TABLES} == {"raw", "staging", "marts"}
    assert {"marts.stories", "marts.daily_topic_counts", "marts.publication_trends"} <= set(names)


def test_windowed_tables_are_written_by_day_except_the_log() -> None:
    windowed = {t.name: t.day_column for t in tables.TABLES if t.windowed}
    assert set(windowed.values()) == {"day", "first_published_day"}
    assert windowed["marts.stories"] == "first_published_day"  # a story lives on its first day
    assert set(tables.BY_NAME) - set(windowed) == {"raw.fetch_log"}


def test_every_table_and_column_says_what_it_holds() -> None:
    assert all(t.comment.startswith("Grain:") for t in tables.TABLES)
    fetch_log = tables.BY_NAME["raw.fetch_log"]
    assert fetch_log.column("purpose").comment == "'discovery' (sitemap/feed) or 'page'"
    assert fetch_log.column("sha256").comment == (
        "key of the body in warehouse/raw/ (a 304 names the earlier body it confirmed), "
        "NULL if none"
    )
    parsed = tables.BY_NAME["staging.parsed_pages"]
    assert all(f"'{status}'" in parsed.comment for status in tables.PAGE_STATUSES)


def test_the_public_schemas_are_the_specs_polars_schemas() -> None:
    assert tables.PAGES == tables.RAW_PAGES.polars_schema
    assert list(tables.FETCH_LOG)[:3] == ["run_id", "purpose", "url"]
    assert tables.FETCH_LOG["fetched_at"] == tables.UTC_TIME
    assert tables.STORIES["outlets"] == pl.List(pl.String())
    assert tables.DAILY_TICKER_STORIES == tables.BY_NAME["marts.daily_ticker_stories"].polars_schema


def test_frame_takes_a_schema_or_a_spec() -> None:
    rows = [{"day": date(2026, 3, 20), "url": "u", "position": 1, "headline": "h"}]
    by_schema = tables.frame(rows, tables.TICKER_HEADLINES)
    by_spec = tables.frame(rows, tables.STAGING_TICKER_HEADLINES)
    assert by_schema.equals(by_spec)
    assert by_spec.schema == pl.Schema(
        {"day": pl.Date(), "url": pl.String(), "position": pl.Int32(), "headline": pl.String()}
    )
    empty = tables.frame([], tables.MARTS_PUBLICATION_TRENDS)
    assert empty.is_empty()
    assert empty.columns == ["day", "outlet", "articles", "articles_7d_avg", "share_of_day"]


@pytest.mark.parametrize(
    "name", ["pages", "raw.pages; DROP TABLE raw.pages", "raw.Pages", 'raw."pages"', "a.b.c"]
)
def test_table_names_are_plain_schema_dot_table(name: str) -> None:
    with pytest.raises(ValueError, match=r"not schema\.table"):
        TableSpec(name, "Grain: x.", (Column("day", DATE, not_null=True),))


def test_column_names_are_plain_identifiers() -> None:
    with pytest.raises(ValueError, match="not a plain lowercase identifier"):
        Column("day; --", DATE)


def test_a_window_column_is_a_non_null_date() -> None:
    with pytest.raises(ValueError, match="not DATE NOT NULL"):
        TableSpec("raw.x", "Grain: x.", (Column("day", DATE),), day_column="day")
    with pytest.raises(ValueError, match="not DATE NOT NULL"):
        TableSpec("raw.x", "Grain: x.", (Column("day", VARCHAR, True),), day_column="day")
    with pytest.raises(KeyError, match="no column 'day'"):
        TableSpec("raw.x", "Grain: x.", (Column("d", DATE, True),), day_column="day")


def test_a_column_is_named_once() -> None:
    with pytest.raises(ValueError, match="named twice"):
        TableSpec("raw.x", "Grain: x.", (Column("a", DATE), Column("a", VARCHAR)))
