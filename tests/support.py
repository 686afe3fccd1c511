"""Helpers shared by the tests: the end-to-end window, fixture records, and the graph's
tables downstream of the quality gate (read off the asset graph, not listed again)."""

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import dagster as dg

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


def downstream_of_the_gate() -> frozenset[str]:
    """The tables a failing parsed-pages expectation must stop: everything downstream of it."""
    graph = defs.resolve_asset_graph()
    selected = dg.AssetSelection.assets(parsed_pages).downstream(include_self=False)
    return frozenset(key.to_user_string() for key in selected.resolve(graph))
