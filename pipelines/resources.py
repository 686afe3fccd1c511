"""Dagster resources: thin configurable wrappers around the domain objects."""

from __future__ import annotations

import os
from pathlib import Path

import dagster as dg

from pipelines.news.crawl.archive import RawArchive
from pipelines.news.crawl.fetch import DEFAULT_CONTACT_URL, FetchSettings, PageFetcher
from pipelines.news.crawl.steps import fetcher_for
from pipelines.news.sources import DEFAULT_REGISTRY, DEFAULT_SITE_URL, Registry, load_registry
from warehouse.store import Warehouse

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATABASE = PROJECT_ROOT / "warehouse" / "news.duckdb"


class NewsSources(dg.ConfigurableResource):  # type: ignore[type-arg]
    """Which outlets to read: a registry file, and the URL relative base URLs are joined to."""

    registry_path: str = str(DEFAULT_REGISTRY)
    site_url: str = DEFAULT_SITE_URL

    def load(self) -> Registry:
        return load_registry(self.registry_path, self.site_url)


class HttpFetcher(dg.ConfigurableResource):  # type: ignore[type-arg]
    """How we fetch: identity, timeouts, retries, limits. Per-source politeness overrides
    (e.g. the demo site's zero interval) come from the source registry."""

    contact_url: str = DEFAULT_CONTACT_URL
    timeout_seconds: float = 10.0
    max_concurrency: int = 8
    min_interval_seconds: float = 1.0
    max_attempts: int = 4
    max_body_bytes: int = 5_000_000

    def settings(self) -> FetchSettings:
        return FetchSettings(
            contact_url=self.contact_url,
            timeout_seconds=self.timeout_seconds,
            max_concurrency=self.max_concurrency,
            min_interval_seconds=self.min_interval_seconds,
            max_attempts=self.max_attempts,
            max_body_bytes=self.max_body_bytes,
        )

    def open(self, registry: Registry) -> PageFetcher:
        return fetcher_for(registry, self.settings())


class NewsWarehouse(dg.ConfigurableResource):  # type: ignore[type-arg]
    """The DuckDB file and the raw-page archive beside it."""

    database: str = str(DEFAULT_DATABASE)
    raw_dir: str = ""  # default: raw/ next to the database

    def store(self) -> Warehouse:
        return Warehouse(self.database)

    def archive(self) -> RawArchive:
        return RawArchive(self.raw_dir or Path(self.database).parent / "raw")


# Assets hand data over through the warehouse (explicit SQL), never through Dagster outputs.
# For in-process runs (CLI, tests) an in-memory IO manager avoids a temporary directory per
# run; deployed runs (UI, schedule, `dg launch`) keep Dagster's default, which the
# multi-process executor needs.
PIPELINE_IO: dict[str, object] = {"io_manager": dg.mem_io_manager}


def default_resources() -> dict[str, object]:
    """Resources from the environment (AKHBAR_SITE_URL, AKHBAR_REGISTRY, AKHBAR_WAREHOUSE)."""
    return {
        "sources": NewsSources(
            registry_path=os.environ.get("AKHBAR_REGISTRY", str(DEFAULT_REGISTRY)),
            site_url=os.environ.get("AKHBAR_SITE_URL", DEFAULT_SITE_URL),
        ),
        "http": HttpFetcher(),
        "warehouse": NewsWarehouse(
            database=os.environ.get("AKHBAR_WAREHOUSE", str(DEFAULT_DATABASE))
        ),
    }
