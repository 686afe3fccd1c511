"""The template-change drill through the real pipeline: one outlet redesigns its article pages
from DAY on (``running_site(broken_outlet=..., broken_from=...)``, what
``akhbar demo-site --break OUTLET --from DAY`` serves). The pipeline must quarantine that
outlet on those days and publish the other outlets exactly; once the registry has hints for
the new template, a re-run of those days must be exact for every outlet.

No trailing history is needed to flag the break: the redrawn pages lose their dates, so they
are not articles, and the share of rejected pages (not the volume z-score, which needs 7 days
of history) puts the outlet-day in 'error'. So the window is small: one day before DAY, and
two from it.
"""

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import httpx
import polars as pl
import pytest

from pipelines.demo_site.outlets import DEFAULT_LINEUP
from pipelines.demo_site.registry import registry_yaml
from pipelines.demo_site.server import RunningSite, running_site
from pipelines.demo_site.templates.redesign import redesign_hints
from pipelines.resources import pipeline_resources
from pipelines.runs import RunOutcome, materialize_range
from tests.demo_pages import site_truth
from warehouse.store import Warehouse

OUTLET = "atlas"
# The day Casablanca's clocks go from UTC+0 to UTC+1 (the drill's dates carry no zone).
DAY = date(2026, 3, 22)
FIRST, LAST = DAY - timedelta(days=1), DAY + timedelta(days=1)
BROKEN_DAYS = [DAY, LAST]

Truth = list[dict[str, object]]
OutletDay = tuple[date, str]


@dataclass(frozen=True)
class Marts:
    """What analysts read after a run: the window's marts and outlet health."""

    topic_counts: pl.DataFrame
    trends: pl.DataFrame
    health: pl.DataFrame

    @classmethod
    def read(cls, database: Path) -> "Marts":
        store = Warehouse(database)
        end = LAST + timedelta(days=1)
        return cls(
            *(
                store.read_window(table, FIRST, end)
                for table in (
                    "marts.daily_topic_counts",
                    "marts.publication_trends",
                    "marts.outlet_day_quality",
                )
            )
        )


@dataclass(frozen=True)
class Drill:
    site: RunningSite
    truth: Truth
    database: Path
    broken: RunOutcome
    before_hints: Marts
    hinted: RunOutcome
    after_hints: Marts


@pytest.fixture(scope="module")
def drill(http_client: httpx.Client, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Drill]:
    tmp = tmp_path_factory.mktemp("drill")
    database = tmp / "news.duckdb"
    with running_site(port=0, broken_outlet=OUTLET, broken_from=DAY) as site:
        truth = site_truth(http_client, site.url)
        # The site's own registry: it cannot read the redrawn pages.
        broken = materialize_range(
            FIRST, LAST, pipeline_resources(site_url=site.url, database=database)
        )
        before_hints = Marts.read(database)
        # The operator adds hints for the new template and re-runs the broken days.
        registry = tmp / "hinted.yaml"
        registry.write_text(
            registry_yaml(DEFAULT_LINEUP, hints={OUTLET: redesign_hints()}), encoding="utf-8"
        )
        hinted = materialize_range(
            DAY,
            LAST,
            pipeline_resources(site_url=site.url, database=database, registry=registry),
        )
        yield Drill(site, truth, database, broken, before_hints, hinted, Marts.read(database))


def _window(truth: Truth, quarantined: set[OutletDay]) -> list[tuple[date, str, str]]:
    """(day, topic, outlet) of each true article of the window, but the quarantined ones."""
    rows = [
        (date.fromisoformat(str(t["local_day"])), str(t["topic"]), str(t["outlet"])) for t in truth
    ]
    return [r for r in rows if FIRST <= r[0] <= LAST and (r[0], r[2]) not in quarantined]


def _expected_topic_counts(truth: Truth, quarantined: set[OutletDay]) -> dict[tuple, int]:
    return dict(Counter(_window(truth, quarantined)))


def _expected_trends(truth: Truth, quarantined: set[OutletDay]) -> dict[OutletDay, tuple]:
    """(articles, 7-day average, share of day) per (day, outlet), as the mart defines them over
    a warehouse holding only the window: a quarantined outlet-day has no row, counts in no
    average and in no day's total."""
    per_day = Counter((day, outlet) for day, _, outlet in _window(truth, quarantined))
    days = sorted({d for d, _ in per_day})
    outlets = sorted({o for _, o in per_day})
    expected = {}
    for day in days:
        total = sum(per_day[(day, o)] for o in outlets)
        for outlet in outlets:
            if (day, outlet) in quarantined:
                continue
            held = [
                d
                for d in days
                if day - timedelta(days=6) <= d <= day and (d, outlet) not in quarantined
            ]
            average = sum(per_day[(d, outlet)] for d in held) / len(held)
            if average > 0:
                expected[(day, outlet)] = (
                    per_day[(day, outlet)],
                    average,
                    per_day[(day, outlet)] / total,
                )
    return expected


def _assert_marts_equal_the_truth(marts: Marts, truth: Truth, quarantined: set[OutletDay]) -> None:
    topic_counts = {
        (r["day"], r["topic"], r["outlet"]): r["articles"]
        for r in marts.topic_counts.iter_rows(named=True)
    }
    expected_counts = _expected_topic_counts(truth, quarantined)
    assert len(expected_counts) > 50
    assert topic_counts == expected_counts
    trends = {
        (r["day"], r["outlet"]): (r["articles"], r["articles_7d_avg"], r["share_of_day"])
        for r in marts.trends.iter_rows(named=True)
    }
    expected_trends = _expected_trends(truth, quarantined)
    assert trends.keys() == expected_trends.keys()
    for key, (articles, average, share) in expected_trends.items():
        assert trends[key] == (articles, pytest.approx(average), pytest.approx(share)), key


def _status(health: pl.DataFrame) -> dict[OutletDay, str]:
    return {(r["day"], r["outlet"]): r["status"] for r in health.iter_rows(named=True)}


def test_the_broken_outlet_is_quarantined_on_the_broken_days_with_reasons(drill: Drill) -> None:
    assert drill.broken.success, drill.broken
    # The per-outlet check flags it; nothing else fails, and nothing blocks.
    assert drill.broken.failed_checks == ("outlets_healthy",)
    status = _status(drill.before_hints.health)
    assert {key for key, value in status.items() if value == "error"} == {
        (day, OUTLET) for day in BROKEN_DAYS
    }
    assert status[(FIRST, OUTLET)] != "error"
    broken = drill.before_hints.health.filter(
        (pl.col("outlet") == OUTLET) & pl.col("day").is_in(BROKEN_DAYS)
    )
    for row in broken.iter_rows(named=True):
        # Its pages are still listed and fetched, but none reads as an article any more.
        assert row["fetched"] > 10 and row["articles"] == 0 and row["date_share"] == 0
        assert "no article" in row["reasons"]
        assert any(reason.startswith("rejected_share 1.00 > ") for reason in row["reasons"])


def test_the_broken_outlet_is_absent_from_the_marts_on_those_days(drill: Drill) -> None:
    for frame in (drill.before_hints.topic_counts, drill.before_hints.trends):
        days = frame.filter(pl.col("outlet") == OUTLET)["day"].to_list()
        assert days and set(days) == {FIRST}


def test_the_other_outlets_marts_equal_the_truth_meanwhile(drill: Drill) -> None:
    quarantined = {(day, OUTLET) for day in BROKEN_DAYS}
    _assert_marts_equal_the_truth(drill.before_hints, drill.truth, quarantined)


def test_with_the_redesign_hints_a_rerun_of_the_broken_days_is_exact(drill: Drill) -> None:
    assert drill.hinted.success and drill.hinted.failed_checks == (), drill.hinted
    status = _status(drill.after_hints.health)
    assert len(status) == 3 * len(DEFAULT_LINEUP.outlets)
    assert {key: value for key, value in status.items() if value == "error"} == {}
    assert all(status[(day, OUTLET)] == "ok" for day in BROKEN_DAYS)
    _assert_marts_equal_the_truth(drill.after_hints, drill.truth, quarantined=set())
