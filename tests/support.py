"""Helpers shared by the tests: the end-to-end window, fixture records, and the graph's
tables downstream of the quality gate (read off the asset graph, not listed again)."""

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import dagster as dg
import duckdb
import polars as pl

from assets.articles import parsed_pages
from pipelines.definitions import defs
from pipelines.demo_site.generator import Scale
from pipelines.runs import RunOutcome

# Four Casablanca days around the 2026-03-22 clock change (UTC+0 -> UTC+1): a day boundary
# computed in UTC, or with a fixed offset, moves articles between days and breaks the marts.
E2E_FIRST_DAY = date(2026, 3, 20)
E2E_LAST_DAY = date(2026, 3, 23)


# The scaled demo site the tests read: six originals, so each template serves two outlets.
SCALED_SITE = Scale(outlets=6, days=3, start=date(2026, 6, 1))


@dataclass(frozen=True)
class DemoSite:
    url: str
    truth: list[dict[str, object]]


@dataclass(frozen=True)
class E2ERun:
    database: Path
    outcome: RunOutcome
    resources: dict[str, object]


# Every table a day's numbers come from; raw tables hold fetch times and are left out.
COMPARED = (
    "marts.daily_topic_counts",
    "marts.publication_trends",
    "marts.stories",
    "marts.daily_ticker_stories",
    "staging.parsed_pages",
    "staging.article_topics",
    "staging.article_stories",
    "staging.topic_models",
)


def compared_tables(database: Path) -> dict[str, pl.DataFrame]:
    """The COMPARED tables of an analysts' database, each in a fixed order."""
    with duckdb.connect(str(database), read_only=True) as connection:
        return {
            name: connection.sql(f"SELECT * FROM {name} ORDER BY ALL").pl() for name in COMPARED
        }


def downstream_of_the_gate() -> frozenset[str]:
    """The tables a failing parsed-pages expectation must stop: everything downstream of it."""
    graph = defs.resolve_asset_graph()
    selected = dg.AssetSelection.assets(parsed_pages).downstream(include_self=False)
    return frozenset(key.to_user_string() for key in selected.resolve(graph))
