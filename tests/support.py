"""Helpers shared by the tests: the end-to-end window, resources, and fixture records."""

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from pipelines.resources import HttpFetcher, NewsSources, NewsWarehouse
from pipelines.runs import RunOutcome

# Four Casablanca days around the 2026-03-22 clock change (UTC+0 -> UTC+1): a day boundary
# computed in UTC, or with a fixed offset, moves articles between days and breaks the marts.
E2E_FIRST_DAY = date(2026, 3, 20)
E2E_LAST_DAY = date(2026, 3, 23)


@dataclass(frozen=True)
class DemoSite:
    url: str
    truth: list[dict[str, object]]


def pipeline_resources(
    site_url: str, database: Path, registry: Path | None = None
) -> dict[str, object]:
    sources = NewsSources(site_url=site_url)
    if registry is not None:
        sources = NewsSources(site_url=site_url, registry_path=str(registry))
    return {
        "sources": sources,
        "http": HttpFetcher(),
        "warehouse": NewsWarehouse(database=str(database)),
    }


@dataclass(frozen=True)
class E2ERun:
    database: Path
    outcome: RunOutcome
    resources: dict[str, object]


# The tables downstream of the parsed-pages quality gate: a failing expectation stops them all.
DOWNSTREAM_OF_THE_GATE = frozenset(
    {
        "staging/topic_model",
        "staging/article_topics",
        "staging/article_stories",
        "marts/daily_topic_counts",
        "marts/publication_trends",
        "marts/stories",
        "marts/daily_ticker_stories",
    }
)
