"""marts.stories stays right when articles are re-clustered: a day's run rewrites every story
it touches, in whichever day's file the story lives (real lake, real analysts' database)."""

from datetime import date, timedelta
from pathlib import Path

import polars as pl

from pipelines.news import tables
from warehouse.store import Warehouse
from warehouse.story_mart import rebuild_stories

DAY1, DAY2, DAY3 = date(2026, 3, 1), date(2026, 3, 2), date(2026, 3, 3)
GAP = 3


def _stories(rows: list[tuple[date, str, str, str]]) -> pl.DataFrame:
    return tables.frame(
        [{"day": d, "url": u, "outlet": o, "story_id": s} for d, u, o, s in rows],
        tables.ARTICLE_STORIES,
    )


def _rebuild(
    store: Warehouse, assigned: pl.DataFrame, first: date, end: date, day_by_day: bool = False
) -> pl.DataFrame:
    """What the pipeline does for a window: publish its stories, rebuild the story mart (the
    window at once, or its days one run after the other), publish it; then what analysts
    see."""
    store.write_window("run", "staging.article_stories", assigned, first, end)
    if day_by_day:
        day = first
        while day < end:
            rebuild_stories(store, "run", day, day + timedelta(days=1), GAP)
            store.publish("run", ["marts.story_days", "marts.stories"])
            day += timedelta(days=1)
    else:
        rebuild_stories(store, "run", first, end, GAP)
    store.publish("run", ["marts.story_days", "marts.stories"])
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


def test_a_story_whose_first_day_is_reclustered_moves_to_its_new_first_day(
    tmp_path: Path,
) -> None:
    store = Warehouse(tmp_path / "news.duckdb")
    _rebuild(
        store,
        _stories([(DAY1, "u1", "atlas", "st-a"), (DAY2, "u2", "rabat", "st-a")]),
        DAY1,
        DAY3,
    )
    assert store.query("SELECT first_published_day FROM marts.stories").item() == DAY1
    # Day 1 again: u1 now tells another story; st-a starts on day 2.
    mart = _rebuild(store, _stories([(DAY1, "u1", "atlas", "st-z")]), DAY1, DAY2)
    by_id = {row["story_id"]: row for row in mart.iter_rows(named=True)}
    assert set(by_id) == {"st-a", "st-z"}
    assert (by_id["st-a"]["first_published_day"], by_id["st-a"]["articles"]) == (DAY2, 1)
    # Stored once, in its new first day's file, not left behind in day 1's.
    day1 = store.read_window("marts.stories", DAY1, DAY2)
    assert day1["story_id"].to_list() == ["st-z"]


def test_a_story_chained_over_many_days_is_added_up_from_all_of_them(tmp_path: Path) -> None:
    """Parts GAP days apart, each joined to the one before: rebuilding the last day reaches
    back through the chain, further than GAP days."""
    store = Warehouse(tmp_path / "news.duckdb")
    days = [DAY1 + timedelta(days=GAP * k) for k in range(4)]
    chain = [(day, f"u{k}", "atlas" if k % 2 else "rabat", "st-a") for k, day in enumerate(days)]
    _rebuild(store, _stories(chain[:-1]), DAY1, days[-2] + timedelta(days=1))
    mart = _rebuild(store, _stories(chain[-1:]), days[-1], days[-1] + timedelta(days=1))
    assert mart.select(
        "story_id", "first_published_day", "articles", "last_published_day"
    ).rows() == [("st-a", DAY1, 4, days[-1])]
    assert mart["outlets"].to_list() == [["atlas", "rabat"]]


def test_rebuilding_the_same_window_twice_changes_nothing(tmp_path: Path) -> None:
    store = Warehouse(tmp_path / "news.duckdb")
    assigned = _stories([(DAY1, "u1", "atlas", "st-a"), (DAY2, "u2", "rabat", "st-a")])
    first = _rebuild(store, assigned, DAY1, DAY3)
    assert _rebuild(store, assigned, DAY1, DAY3).equals(first)
    assert first["articles"].to_list() == [2]


def test_a_window_at_once_equals_its_days_one_by_one(tmp_path: Path) -> None:
    days = [DAY1 + timedelta(days=k) for k in range(6)]
    assigned = _stories(
        [
            (days[0], "u0", "atlas", "st-a"),
            (days[1], "u1", "rabat", "st-a"),
            (days[1], "u2", "souss", "st-b"),
            (days[3], "u3", "atlas", "st-b"),
            (days[5], "u4", "rabat", "st-c"),
        ]
    )
    end = days[-1] + timedelta(days=1)
    at_once = _rebuild(Warehouse(tmp_path / "a" / "news.duckdb"), assigned, DAY1, end)
    one_by_one = _rebuild(
        Warehouse(tmp_path / "b" / "news.duckdb"), assigned, DAY1, end, day_by_day=True
    )
    assert at_once.equals(one_by_one)
    assert at_once.select("story_id", "articles").rows() == [("st-a", 2), ("st-b", 2), ("st-c", 1)]
