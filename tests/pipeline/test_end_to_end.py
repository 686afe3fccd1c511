"""A real Dagster run over the demo site, checked against the site's own ground truth."""

import shutil
from collections import Counter, defaultdict
from datetime import date, timedelta
from pathlib import Path

import duckdb
import polars as pl
import pytest

from pipelines.news.stories.clustering import pair_scores
from pipelines.runs import materialize_range
from tests.support import E2E_FIRST_DAY, E2E_LAST_DAY, DemoSite, E2ERun
from warehouse.store import Warehouse


def _window_truth(demo_site: DemoSite) -> list[dict[str, object]]:
    return [
        t
        for t in demo_site.truth
        if E2E_FIRST_DAY <= date.fromisoformat(str(t["local_day"])) <= E2E_LAST_DAY
    ]


def _marts(database: object) -> dict[str, pl.DataFrame]:
    with duckdb.connect(str(database), read_only=True) as connection:
        return {
            name: connection.sql(f"SELECT * FROM marts.{name} ORDER BY ALL").pl()
            for name in ("daily_topic_counts", "publication_trends")
        }


def test_range_run_succeeds_with_every_check_passing(e2e_run: E2ERun) -> None:
    assert e2e_run.outcome.success, e2e_run.outcome
    assert e2e_run.outcome.failed_checks == ()


def test_daily_topic_counts_equal_the_ground_truth(e2e_run: E2ERun, demo_site: DemoSite) -> None:
    expected = Counter(
        (date.fromisoformat(str(t["local_day"])), str(t["topic"]), str(t["outlet"]))
        for t in _window_truth(demo_site)
    )
    rows = _marts(e2e_run.database)["daily_topic_counts"]
    actual = {
        (r["day"], r["topic"], r["outlet"]): r["articles"] for r in rows.iter_rows(named=True)
    }
    assert len(expected) > 100  # the window really holds many (day, topic, outlet) cells
    assert actual == dict(expected)


def test_publication_trends_follow_from_the_ground_truth(
    e2e_run: E2ERun, demo_site: DemoSite
) -> None:
    per_day = Counter(
        (date.fromisoformat(str(t["local_day"])), str(t["outlet"]))
        for t in _window_truth(demo_site)
    )
    days = sorted({d for d, _ in per_day})
    outlets = sorted({o for _, o in per_day})
    rows = _marts(e2e_run.database)["publication_trends"]
    assert rows.height == len(days) * len(outlets)
    by_key = {(r["day"], r["outlet"]): r for r in rows.iter_rows(named=True)}
    for day in days:
        total = sum(per_day[(day, o)] for o in outlets)
        for outlet in outlets:
            row = by_key[(day, outlet)]
            assert row["articles"] == per_day[(day, outlet)]
            assert row["share_of_day"] == pytest.approx(per_day[(day, outlet)] / total)
            # The warehouse holds only the window: the average runs over the days it has.
            held = [d for d in days if day - timedelta(days=6) <= d <= day]
            assert row["articles_7d_avg"] == pytest.approx(
                sum(per_day[(d, outlet)] for d in held) / len(held)
            )


def test_every_discovered_url_ends_with_a_status(e2e_run: E2ERun) -> None:
    with duckdb.connect(str(e2e_run.database), read_only=True) as connection:
        discovered = connection.sql("SELECT count(*) FROM raw.discovered_urls").fetchall()[0][0]
        statuses = dict(
            connection.sql(
                "SELECT status, count(*) FROM staging.parsed_pages GROUP BY 1"
            ).fetchall()
        )
        unexplained = connection.sql(
            "SELECT count(*) FROM staging.parsed_pages WHERE status <> 'article' AND reason IS NULL"
        ).fetchall()[0][0]
    assert discovered > 0 and sum(statuses.values()) == discovered
    assert unexplained == 0


def test_aggregator_ticker_is_kept_as_rows(e2e_run: E2ERun) -> None:
    with duckdb.connect(str(e2e_run.database), read_only=True) as connection:
        per_page = connection.sql(
            "SELECT url, count(*) AS shown, count(DISTINCT headline) AS distinct_headlines "
            "FROM staging.ticker_headlines GROUP BY url"
        ).pl()
    assert per_page.height > 0
    assert per_page["url"].str.contains("/o/tajmi3/").all()
    # The ticker repeats headlines, as on the real aggregator page.
    assert (per_page["shown"] > per_page["distinct_headlines"]).any()


def test_rerunning_the_range_leaves_the_marts_identical(e2e_run: E2ERun) -> None:
    before = _marts(e2e_run.database)
    outcome = materialize_range(E2E_FIRST_DAY, E2E_LAST_DAY, e2e_run.resources)
    assert outcome.success
    after = _marts(e2e_run.database)
    for name, frame in before.items():
        assert after[name].equals(frame), name


def test_article_topics_name_the_mapping_that_decided(e2e_run: E2ERun) -> None:
    # Every demo section label names a topic, so the section mapping decides them all.
    with duckdb.connect(str(e2e_run.database), read_only=True) as connection:
        versions = connection.sql(
            "SELECT DISTINCT method, model_version FROM staging.article_topics"
        ).fetchall()
        counted_by = connection.sql(
            "SELECT DISTINCT counted_by FROM marts.daily_topic_counts"
        ).fetchall()
        unclassified = connection.sql(
            "SELECT count(*) FROM staging.article_topics WHERE topic = 'unclassified'"
        ).fetchall()[0][0]
    assert len(versions) == 1 and versions[0][0] == "section_map"
    assert versions[0][1].startswith("section_map-")
    assert counted_by == [(versions[0][1],)]
    assert unclassified == 0


def test_republished_pages_name_their_original_outlet(e2e_run: E2ERun, demo_site: DemoSite) -> None:
    truth = {str(t["url"]): t for t in _window_truth(demo_site) if t["original_outlet"]}
    with duckdb.connect(str(e2e_run.database), read_only=True) as connection:
        rows = connection.sql(
            "SELECT url, original_outlet, original_url FROM staging.parsed_pages "
            "WHERE status = 'article' AND original_outlet IS NOT NULL"
        ).fetchall()
    found = defaultdict(tuple, {url: (o, u) for url, o, u in rows})
    assert truth, "the demo window should contain republished pages"
    for url, record in truth.items():
        assert found[url] == (record["original_outlet"], record["original_url"])


def test_staged_bodies_are_the_articles_without_the_outlets_notices(
    e2e_run: E2ERun, demo_site: DemoSite
) -> None:
    # The demo templates put per-outlet notices inside the article container (before the
    # text, after it, closing its last paragraph); each day's pages teach the pipeline them.
    truth = {str(t["url"]): t["body"] for t in _window_truth(demo_site)}
    with duckdb.connect(str(e2e_run.database), read_only=True) as connection:
        staged = dict(
            connection.sql(
                "SELECT url, body FROM staging.parsed_pages WHERE status = 'article'"
            ).fetchall()
        )
    assert set(staged) == set(truth)
    differing = [url for url, body in staged.items() if body != truth[url]]
    assert differing == []


def test_stories_group_republished_articles_as_the_site_says(
    e2e_run: E2ERun, demo_site: DemoSite
) -> None:
    truth = {str(t["url"]): str(t["story_id"]) for t in _window_truth(demo_site)}
    with duckdb.connect(str(e2e_run.database), read_only=True) as connection:
        found = dict(connection.sql("SELECT url, story_id FROM staging.article_stories").fetchall())
        counts = connection.sql(
            "SELECT sum(articles), sum(stories) FROM marts.daily_topic_counts"
        ).fetchall()[0]
        story_rows = connection.sql("SELECT * FROM marts.stories").pl()
    assert set(found) == set(truth)
    scores = pair_scores(found, truth)
    assert scores.true_pairs > 0
    assert scores.precision >= 0.98 and scores.recall >= 0.95, scores
    # Republished copies make fewer stories than articles; the stories mart covers them all.
    assert len(set(found.values())) < len(found)
    assert counts[1] <= counts[0] == len(found)
    assert story_rows["articles"].sum() == len(found)
    assert set(story_rows["story_id"]) == set(found.values())
    several = story_rows.filter(pl.col("articles") > 1)
    assert several.height > 0 and (several["outlets"].list.len() >= 1).all()


def test_ticker_headlines_count_once_per_story_and_none_is_lost(e2e_run: E2ERun) -> None:
    with duckdb.connect(str(e2e_run.database), read_only=True) as connection:
        shown = connection.sql(
            "SELECT day, count(*) AS rows FROM staging.ticker_headlines GROUP BY day"
        ).fetchall()
        per_story = connection.sql("SELECT * FROM marts.daily_ticker_stories").pl()
    matched = per_story.filter(pl.col("story_id").is_not_null())
    # Every headline shown is accounted for, matched to a story or kept as its own row...
    assert dict(shown) == dict(
        per_story.group_by("day").agg(pl.col("times_shown").sum()).iter_rows()
    )
    # ...each story once a day, though the tickers repeat it on every page.
    assert matched.select("day", "story_id").is_unique().all()
    assert (matched["times_shown"] > 1).any()
    last_day = per_story.filter(pl.col("day") == per_story["day"].max())
    assert last_day["story_id"].is_not_null().mean() > 0.5  # type: ignore[operator]


def test_mart_checks_find_a_doubled_write(e2e_run: E2ERun, tmp_path: Path) -> None:
    shutil.copytree(e2e_run.database.parent / "lake", tmp_path / "lake")
    store = Warehouse(tmp_path / "news.duckdb")
    window = (E2E_FIRST_DAY, E2E_LAST_DAY + timedelta(days=1))
    assert store.query_window("checks/daily_topic_counts_match_staging.sql", *window).is_empty()
    assert store.query_window("checks/publication_trends_shares.sql", *window).is_empty()
    last = (E2E_LAST_DAY, E2E_LAST_DAY + timedelta(days=1))
    counts = store.read_window("marts.daily_topic_counts", *last)
    store.write_window(
        "corrupt", "marts.daily_topic_counts", pl.concat([counts, counts.head(1)]), *last
    )
    first = (E2E_FIRST_DAY, E2E_FIRST_DAY + timedelta(days=1))
    trends = store.read_window("marts.publication_trends", *first)
    doubled_shares = trends.with_columns(pl.col("share_of_day") * 2)
    store.write_window("corrupt", "marts.publication_trends", doubled_shares, *first)
    doubled = store.query_window("checks/daily_topic_counts_match_staging.sql", *window)
    shares = store.query_window("checks/publication_trends_shares.sql", *window)
    assert doubled["day"].to_list() == [E2E_LAST_DAY]
    assert shares["day"].to_list() == [E2E_FIRST_DAY]
