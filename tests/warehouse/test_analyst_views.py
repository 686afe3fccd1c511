"""The analysts' views (warehouse/sql/views) give the answers hand-built data is known to
have, every view and column says what it holds, and every SQL block of
docs/analyst-guide.md runs on a real published warehouse."""

import re
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import duckdb
import polars as pl
import pytest

from pipelines.news import tables
from pipelines.news.sources import load_registry, registry_rows
from warehouse.analyst_views import ANALYST_VIEWS, VIEWS_DIR, load_view
from warehouse.store import Warehouse

GUIDE = Path(__file__).resolve().parents[2] / "docs" / "analyst-guide.md"
DAY1, DAY2, DAY3 = date(2026, 3, 1), date(2026, 3, 2), date(2026, 3, 3)


def _at(day: date, hour: float) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=UTC) + timedelta(hours=hour)


# (day, url, outlet, published_at, story, topic). st-a: three outlets the same day (an
# aggregator copy giving only a date) plus one quarantined outlet-day; st-b: one outlet;
# st-c: two outlets a day apart.
ARTICLES = [
    (DAY1, "a1", "atlas", _at(DAY1, 8), "st-a", "politics"),
    (DAY1, "a2", "rabat", _at(DAY1, 10.5), "st-a", "politics"),
    (DAY1, "a3", "tajmi3", None, "st-a", "politics"),
    (DAY1, "a4", "souss", _at(DAY1, 7), "st-a", "politics"),  # souss is quarantined on DAY1
    (DAY1, "b1", "atlas", _at(DAY1, 9), "st-b", "politics"),
    (DAY1, "c1", "rabat", _at(DAY1, 20), "st-c", "sport"),
    (DAY2, "c2", "atlas", _at(DAY2, 22), "st-c", "sport"),
]


def _write_story_warehouse(store: Warehouse, since: date = DAY1) -> None:
    """The articles above as the pipeline would leave them, with the marts the views read
    computed by their own SQL over [since, DAY3) (earlier days as already written)."""
    rows = [
        dict(zip(("day", "url", "outlet", "at", "story", "topic"), a, strict=True))
        for a in ARTICLES
    ]
    topics = tables.frame(
        [
            {
                "day": r["day"],
                "url": r["url"],
                "outlet": r["outlet"],
                "topic": r["topic"],
                "method": "section_map",
                "model_version": "map-1",
                "confidence": 1.0,
            }
            for r in rows
        ],
        tables.ARTICLE_TOPICS,
    )
    stories = tables.frame(
        [
            {
                "day": r["day"],
                "url": r["url"],
                "outlet": r["outlet"],
                "published_at": r["at"],
                "story_id": r["story"],
            }
            for r in rows
        ],
        tables.ARTICLE_STORIES,
    )
    # a1 was listed on both days: its latest parse is the one analysts see, once.
    pages = tables.frame(
        [
            {
                "day": r["day"],
                "url": r["url"],
                "outlet": r["outlet"],
                "status": "article",
                "title": f"title {r['url']}",
                "published_at": r["at"],
                "published_day": r["day"],
                "author": "Salma" if r["url"] == "a1" else None,
                "original_outlet": "atlas" if r["outlet"] == "tajmi3" else None,
                "language": "ar",
                "body": "a body analysts never see",
            }
            for r in rows
        ]
        + [
            {
                "day": DAY2,
                "url": "a1",
                "outlet": "atlas",
                "status": "article",
                "title": "title a1, corrected",
                "published_at": _at(DAY1, 8),
                "published_day": DAY1,
                "language": "ar",
            }
        ],
        tables.PARSED_PAGES,
    )
    quality = tables.frame(
        [
            {
                "day": DAY1,
                "outlet": "souss",
                "status": "error",
                "reasons": ["volume"],
                "listed": 1,
                "fetched": 1,
                "articles": 1,
            }
        ],
        tables.OUTLET_DAY_QUALITY,
    )
    store.write_window("r", "staging.article_topics", topics, DAY1, DAY3)
    store.write_window("r", "staging.article_stories", stories, DAY1, DAY3)
    store.write_window("r", "staging.parsed_pages", pages, DAY1, DAY3)
    store.write_window("r", "marts.outlet_day_quality", quality, DAY1, DAY3)
    store.write_window(
        "r", "staging.outlet_registry", registry_rows(load_registry(), [DAY2]), DAY2, DAY3
    )
    for mart in ("story_days", "daily_topic_counts", "publication_trends"):
        rows_of_mart = store.query_window(f"marts/{mart}.sql", since, DAY3)
        store.write_window("r", f"marts.{mart}", rows_of_mart, since, DAY3)
    story_rows = store.query_window("marts/stories.sql", DAY1, DAY3)
    store.write_window("r", "marts.stories", story_rows, DAY1, DAY3)
    store.publish_database()


@pytest.fixture(scope="module")
def story_warehouse(tmp_path_factory: pytest.TempPathFactory) -> Warehouse:
    store = Warehouse(tmp_path_factory.mktemp("views") / "news.duckdb")
    _write_story_warehouse(store)
    return store


def test_a_story_three_outlets_carried_counts_once_a_day(story_warehouse: Warehouse) -> None:
    counts = story_warehouse.query(
        "SELECT day, topic, stories, articles, outlets FROM marts.daily_story_counts "
        "ORDER BY day, topic"
    )
    assert counts.rows() == [
        (DAY1, "politics", 2, 4, 3),  # st-a (atlas, rabat, tajmi3; souss quarantined), st-b
        (DAY1, "sport", 1, 1, 1),
        (DAY2, "sport", 1, 1, 1),  # st-c counts on each day it has an article
    ]
    # What summing the per-outlet mart gives instead: st-a once per outlet.
    summed = story_warehouse.query(
        "SELECT sum(stories) FROM marts.daily_topic_counts WHERE day = $d AND topic = 'politics'",
        {"d": DAY1},
    ).item()
    assert summed == 4


def test_first_movers_rank_outlets_and_measure_their_lag_in_hours(
    story_warehouse: Warehouse,
) -> None:
    movers = story_warehouse.query(
        "SELECT story_id, outlet, story_outlets, rank, lag_hours, lag_days, first_url "
        "FROM marts.first_movers ORDER BY story_id, rank"
    )
    assert movers.rows() == [
        ("st-a", "atlas", 3, 1, 0.0, 0, "a1"),
        ("st-a", "rabat", 3, 2, 2.5, 0, "a2"),
        ("st-a", "tajmi3", 3, 3, None, 0, "a3"),  # a date only: no lag in hours
        ("st-c", "rabat", 2, 1, 0.0, 0, "c1"),
        ("st-c", "atlas", 2, 2, 26.0, 1, "c2"),
    ]  # st-b had one outlet; souss's quarantined day is not a first move


def test_articles_have_one_row_each_with_story_topic_and_source_but_no_body(
    story_warehouse: Warehouse,
) -> None:
    articles = story_warehouse.query("SELECT * FROM marts.articles ORDER BY url")
    assert "body" not in articles.columns
    assert articles["url"].to_list() == ["a1", "a2", "a3", "b1", "c1", "c2"]  # no a4 (souss)
    a1 = articles.row(0, named=True)
    assert (a1["title"], a1["author"], a1["story_id"], a1["topic"]) == (
        "title a1, corrected",
        None,
        "st-a",
        "politics",
    )
    a3 = articles.row(2, named=True)
    assert (a3["original_outlet"], a3["published_at"], a3["confidence"]) == ("atlas", None, 1.0)


def test_outlets_describe_the_registry_and_count_what_the_marts_count(
    story_warehouse: Warehouse,
) -> None:
    outlets = story_warehouse.query(
        "SELECT outlet, name, aggregator, registered, first_day, last_day, articles "
        "FROM marts.outlets ORDER BY outlet"
    )
    assert outlets.rows() == [
        ("atlas", "أطلس 24", False, True, DAY1, DAY2, 3),
        ("rabat", "صدى الرباط", False, True, DAY1, DAY1, 2),
        ("souss", "سوس بريس", False, True, None, None, 0),  # its only day was quarantined
        ("tajmi3", "تجميع", True, True, DAY1, DAY1, 1),
    ]
    assert (
        story_warehouse.query("SELECT site_url FROM marts.outlets WHERE outlet = 'atlas'")
        .item()
        .endswith("/o/atlas/")
    )


def _daily_topics(articles_per_day: dict[str, list[int]], first: date) -> pl.DataFrame:
    return tables.frame(
        [
            {
                "day": first + timedelta(days=offset),
                "url": f"{outlet}-{offset}-{n}",
                "outlet": outlet,
                "topic": "society",
                "method": "section_map",
                "model_version": "map-1",
            }
            for outlet, counts in articles_per_day.items()
            for offset, count in enumerate(counts)
            for n in range(count)
        ],
        tables.ARTICLE_TOPICS,
    )


def test_a_day_ten_times_the_trailing_median_is_a_spike_and_a_normal_day_is_not(
    tmp_path: Path,
) -> None:
    store = Warehouse(tmp_path / "news.duckdb")
    first, days = date(2026, 2, 1), 40
    busy = [10 + (d % 3) - 1 for d in range(days)]  # 9, 10, 11, ...: MAD 1
    busy[35] = 100
    steady = [10] * days  # MAD 0: the floor sqrt(median) decides
    steady[30], steady[35] = 12, 100
    # Two weeks at 10 then 15 a day: +50% week over week.
    growing = [10] * 7 + [15] * 7
    topics = _daily_topics({"atlas": busy, "rabat": steady, "souss": growing}, first)
    end = first + timedelta(days=days)
    store.write_window("r", "staging.article_topics", topics, first, end)
    trends = store.query_window("marts/publication_trends.sql", first, end)
    store.write_window("r", "marts.publication_trends", trends, first, end)
    store.publish_database()
    rows = store.query("SELECT * FROM marts.outlet_trends ORDER BY outlet, day")

    def on(outlet: str, offset: int) -> dict[str, object]:
        wanted = (pl.col("outlet") == outlet) & (pl.col("day") == first + timedelta(days=offset))
        return rows.filter(wanted).row(0, named=True)

    assert on("atlas", 35)["spike"] is True and on("atlas", 35)["z_28d"] > 20
    assert on("atlas", 36)["spike"] is False  # the day after, back to normal
    assert on("atlas", 13)["z_28d"] is None  # fewer than 14 days of history
    assert on("rabat", 30)["spike"] is False and on("rabat", 30)["z_28d"] == pytest.approx(
        2 / 10**0.5
    )
    assert on("rabat", 35)["spike"] is True
    assert rows.filter(pl.col("spike"))["outlet"].to_list() == ["atlas", "rabat"]
    assert on("souss", 13)["wow_change"] == pytest.approx(0.5)
    assert on("souss", 6)["wow_change"] is None  # no week before it
    assert on("souss", 13)["avg_7d"] == 15 and on("atlas", 0)["share"] == pytest.approx(9 / 29)


def test_every_view_and_column_has_a_comment(story_warehouse: Warehouse) -> None:
    assert sorted(p.stem for p in VIEWS_DIR.glob("*.sql")) == sorted(
        name.split(".")[1] for name in ANALYST_VIEWS
    )
    for name in ANALYST_VIEWS:
        schema, view = name.split(".")
        comment = story_warehouse.query(
            "SELECT comment FROM duckdb_views() WHERE schema_name = $s AND view_name = $v",
            {"s": schema, "v": view},
        )
        assert comment.height == 1 and comment.item().startswith("Grain:"), name
        columns = story_warehouse.query(
            "SELECT column_name, comment FROM duckdb_columns() "
            "WHERE schema_name = $s AND table_name = $v ORDER BY column_index",
            {"s": schema, "v": view},
        )
        assert columns["column_name"].to_list() == list(load_view(name).column_comments), name
        assert columns["comment"].null_count() == 0, name


def _guide_sql_blocks() -> list[str]:
    return re.findall(r"```sql\n(.*?)```", GUIDE.read_text(encoding="utf-8"), flags=re.DOTALL)


def test_the_guide_has_questions_for_every_view() -> None:
    blocks = _guide_sql_blocks()
    for name in ANALYST_VIEWS:
        assert sum(name in block for block in blocks) >= 2, name


@pytest.fixture(scope="module")
def guide_warehouse(tmp_path_factory: pytest.TempPathFactory) -> Warehouse:
    """The stories above, after 40 days of two other outlets, one of them with a burst."""
    store = Warehouse(tmp_path_factory.mktemp("guide") / "news.duckdb")
    first = DAY1 - timedelta(days=40)
    busy = [10 + (d % 3) - 1 for d in range(40)]
    busy[-3] = 80
    history = _daily_topics({"noon": busy, "meem": [6] * 40}, first)
    store.write_window("r", "staging.article_topics", history, first, DAY1)
    _write_story_warehouse(store, since=first)
    return store


@pytest.mark.parametrize("index", range(len(_guide_sql_blocks())))
def test_each_sql_block_of_the_guide_runs_and_answers(
    guide_warehouse: Warehouse, index: int
) -> None:
    sql = _guide_sql_blocks()[index]
    with duckdb.connect(str(guide_warehouse.database), read_only=True) as connection:
        answer = connection.sql(sql).fetchall()
    assert answer, f"guide block {index + 1} answers nothing on the test warehouse:\n{sql}"
