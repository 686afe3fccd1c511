"""Dagster resources: thin configurable wrappers around the domain objects, and the one
place that says which resources a run gets (``pipeline_resources``/``deployed_resources``)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

import dagster as dg

from pipelines.news.crawl import (
    DEFAULT_CONTACT_URL,
    FetchSettings,
    PageFetcher,
    RawArchive,
    fetcher_for,
)
from pipelines.news.crawl.politeness import RobotsFiles, RobotsMemo
from pipelines.news.crawl.shared_gate import PostgresHostGate
from pipelines.news.sources import DEFAULT_REGISTRY, DEFAULT_SITE_URL, Registry, load_registry
from pipelines.news.storage import Storage
from pipelines.news.topics import TopicModel
from warehouse.store import DEFAULT_DATABASE, Warehouse

PROJECT_ROOT = Path(__file__).resolve().parent.parent


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
    # A PostgreSQL URL where every worker books each host's request slots, so a host's
    # interval holds across a cluster; empty: each process paces its own requests. Give it
    # as {"env": "AKHBAR_HOST_GATE_URL"} (run config) or dg.EnvVar, never as a literal: it
    # holds a password.
    host_gate_url: str = ""

    def settings(self) -> FetchSettings:
        return FetchSettings(
            contact_url=self.contact_url,
            timeout_seconds=self.timeout_seconds,
            max_concurrency=self.max_concurrency,
            min_interval_seconds=self.min_interval_seconds,
            max_attempts=self.max_attempts,
            max_body_bytes=self.max_body_bytes,
        )

    def open(self, registry: Registry, robots_memo: RobotsMemo | None = None) -> PageFetcher:
        gate = _shared_gate(self.host_gate_url) if self.host_gate_url else None
        return fetcher_for(registry, self.settings(), robots_memo, gate)


# One connection per process and URL, shared by the steps and threads of the process.
_SHARED_GATES: dict[str, PostgresHostGate] = {}


def _shared_gate(url: str) -> PostgresHostGate:
    if url not in _SHARED_GATES:
        _SHARED_GATES[url] = PostgresHostGate(url)
    return _SHARED_GATES[url]


class NewsWarehouse(dg.ConfigurableResource):  # type: ignore[type-arg]
    """The analysts' DuckDB file, and where the pipeline's own files live (``storage_url``):
    the lake (``lake/``), the raw-page archive (``raw/``) and the fitted topic models
    (``models/``). By default they sit beside the database; a deployment may put them on
    S3-compatible storage (``s3://bucket/prefix``, credentials from the AWS_* environment)."""

    database: str = str(DEFAULT_DATABASE)
    storage_url: str = ""

    def store(self) -> Warehouse:
        return Warehouse(self.database, self._storage_root())

    def archive(self) -> RawArchive:
        return RawArchive(f"{self._storage_root()}/raw")

    def _storage_root(self) -> str:
        return (self.storage_url or str(Path(self.database).parent)).rstrip("/")

    def _models(self) -> Storage:
        return Storage.at(f"{self._storage_root()}/models")

    def robots_memo(self, run_id: str) -> RobotsFiles:
        """Where the run's steps share robots.txt answers: each host is asked once a run."""
        return RobotsFiles(Path(self.database).parent / "runs" / run_id)

    def save_model(self, model: TopicModel) -> None:
        """Keep a fitted model under its version (once: a version names its content)."""
        models = self._models()
        if not models.exists(f"{model.version}.pkl"):
            models.write_bytes(f"{model.version}.pkl", model.to_bytes())

    def load_model(self, version: str) -> TopicModel | None:
        """The fitted model of ``version``, or None when it was never saved here."""
        models = self._models()
        if not models.exists(f"{version}.pkl"):
            return None
        return TopicModel.from_bytes(models.read_bytes(f"{version}.pkl"))


# Settings a deployment may give through its environment, and the resource field each sets.
ENVIRONMENT = {
    "AKHBAR_REGISTRY": ("sources", "registry_path"),
    "AKHBAR_SITE_URL": ("sources", "site_url"),
    "AKHBAR_WAREHOUSE": ("warehouse", "database"),
    "AKHBAR_HOST_GATE_URL": ("http", "host_gate_url"),
    "AKHBAR_STORAGE_URL": ("warehouse", "storage_url"),
}
# Fields that may hold a password: only ever read from the environment, never written to a
# run's config.
SECRET_FIELDS = frozenset({("http", "host_gate_url")})


def pipeline_resources(
    *,
    site_url: str = DEFAULT_SITE_URL,
    registry: str | Path = DEFAULT_REGISTRY,
    database: str | Path = DEFAULT_DATABASE,
    http: HttpFetcher | None = None,
) -> dict[str, dg.ConfigurableResource]:  # type: ignore[type-arg]
    """The resources of a run started from Python (the CLI, tests, benchmarks)."""
    return {
        "sources": NewsSources(registry_path=str(registry), site_url=site_url),
        "http": http or HttpFetcher(),
        "warehouse": NewsWarehouse(database=str(Path(database).resolve())),
    }


def deployed_resources(
    environ: Mapping[str, str] = os.environ,
) -> dict[str, dg.ConfigurableResource]:  # type: ignore[type-arg]
    """The resources of the code location (UI, schedule, ``dg launch``): each setting of
    ENVIRONMENT that the code location's environment names is a ``dg.EnvVar``, resolved by
    Dagster when a run starts; the others keep the embedded defaults (the demo site)."""
    config: dict[str, dict[str, object]] = {"sources": {}, "http": {}, "warehouse": {}}
    for variable, (resource, field) in ENVIRONMENT.items():
        if variable in environ:
            config[resource][field] = dg.EnvVar(variable)
    return {
        "sources": NewsSources(**config["sources"]),  # type: ignore[arg-type]
        "http": HttpFetcher(**config["http"]),  # type: ignore[arg-type]
        "warehouse": NewsWarehouse(**config["warehouse"]),  # type: ignore[arg-type]
    }
