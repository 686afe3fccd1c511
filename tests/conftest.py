"""Shared fixtures: the demo site on loopback, and one real Dagster run over a few days."""

import os
from collections.abc import Iterator

import httpx
import pytest

from pipelines.demo_site.server import RunningSite, running_site
from pipelines.resources import pipeline_resources
from pipelines.runs import materialize_range
from tests.demo_pages import site_truth
from tests.support import E2E_FIRST_DAY, E2E_LAST_DAY, SCALED_SITE, DemoSite, E2ERun

os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")


@pytest.fixture(scope="session")
def demo_site(http_client: httpx.Client) -> Iterator[DemoSite]:
    with running_site(port=0) as site:
        yield DemoSite(site.url, site_truth(http_client, site.url))


@pytest.fixture(scope="session")
def http_client() -> Iterator[httpx.Client]:
    """One HTTP client for the tests that read the demo sites' pages."""
    with httpx.Client(timeout=10) as client:
        yield client


@pytest.fixture(scope="session")
def scaled_site() -> Iterator[RunningSite]:
    """The scaled demo site (SCALED_SITE), served once for the session."""
    with running_site(port=0, scale=SCALED_SITE) as site:
        yield site


@pytest.fixture(scope="session")
def e2e_run(demo_site: DemoSite, tmp_path_factory: pytest.TempPathFactory) -> E2ERun:
    database = tmp_path_factory.mktemp("warehouse") / "news.duckdb"
    resources = pipeline_resources(site_url=demo_site.url, database=database)
    outcome = materialize_range(E2E_FIRST_DAY, E2E_LAST_DAY, resources)
    return E2ERun(database, outcome, resources)
