"""marts.stories stays right when articles are re-clustered: it is a view over the staging
stories, so ids no article carries any more leave it (real lake, real analysts' database)."""

from datetime import date
from pathlib import Path

import polars as pl

from pipelines.news import tables
from warehouse.store import Warehouse

DAY1, DAY2, DAY3 = date(2026, 3, 1), date(2026, 3, 2), date(2026, 3, 3)


def _stories(rows: list[tuple[date, str, str, str]]) -> pl.DataFrame:
    return tables.frame(
        [{"day": d, "url": u, "outlet": o, "story_id": s} for d, u, o, s in rows],
        tables.ARTICLE_STORIES,
    )


def _rebuild(store: Warehouse, assigned: pl.DataFrame, first: date, end: date) -> pl.DataFrame:
    """What the pipeline does for a window: publish its stories; then what analysts see."""
    store.write_window("run", "staging.article_stories", assigned, first, end)
    store.publish_database()
    return store.query("SELECT * FROM marts.stories ORDER BY story_id")


def test_reclustering_a_day_rebuilds_old_stories_and_drops_orphans(tmp_path: Path) -> None:
    store = Warehouse(tmp_path / "news.duckdb")
    _rebuild(
        store,
        _stories(
            [
                (DAY1, "u1", "atlas", "st-a"),
                (DAY2, "u2", "rabat", "st-a"),
                (DAY2, "u3", "souss", "st-b"),
            ]
        ),
        DAY1,
        DAY3,
    )
    # Day 2 is clustered again: u2 leaves story a for a new story c, u3 joins it too.
    mart = _rebuild(
        store, _stories([(DAY2, "u2", "rabat", "st-c"), (DAY2, "u3", "souss", "st-c")]), DAY2, DAY3
    )
    assert mart["story_id"].to_list() == ["st-a", "st-c"]  # st-b has no article left
    by_id = {row["story_id"]: row for row in mart.iter_rows(named=True)}
    assert (by_id["st-a"]["articles"], by_id["st-a"]["outlets"]) == (1, ["atlas"])
    assert by_id["st-a"]["last_published_day"] == DAY1
    assert (by_id["st-c"]["articles"], by_id["st-c"]["first_outlet"]) == (2, "rabat")


def test_rebuilding_the_same_window_twice_changes_nothing(tmp_path: Path) -> None:
    store = Warehouse(tmp_path / "news.duckdb")
    assigned = _stories([(DAY1, "u1", "atlas", "st-a"), (DAY2, "u2", "rabat", "st-a")])
    first = _rebuild(store, assigned, DAY1, DAY3)
    assert _rebuild(store, assigned, DAY1, DAY3).equals(first)
    assert first["articles"].to_list() == [2]
