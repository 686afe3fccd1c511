"""Which resources a run gets: one builder for in-process runs, environment variables
(as dg.EnvVar, resolved when a run starts) for deployed runs."""

from pathlib import Path

import dagster as dg

from pipelines.news.sources import DEFAULT_REGISTRY, DEFAULT_SITE_URL
from pipelines.resources import (
    DEFAULT_DATABASE,
    HttpFetcher,
    NewsSources,
    NewsWarehouse,
    deployed_resources,
    pipeline_resources,
)


def test_deployed_resources_without_environment_are_the_embedded_defaults() -> None:
    resources = deployed_resources({})
    sources, warehouse = resources["sources"], resources["warehouse"]
    assert isinstance(sources, NewsSources) and isinstance(warehouse, NewsWarehouse)
    assert (sources.registry_path, sources.site_url) == (str(DEFAULT_REGISTRY), DEFAULT_SITE_URL)
    assert warehouse.database == str(DEFAULT_DATABASE)


def test_deployed_resources_name_the_environment_variables_they_read() -> None:
    resources = deployed_resources({"AKHBAR_WAREHOUSE": "/elsewhere/news.duckdb"})
    warehouse, sources = resources["warehouse"], resources["sources"]
    assert isinstance(warehouse, NewsWarehouse) and isinstance(sources, NewsSources)
    # Dagster resolves the variable when a run starts, not when the code location loads.
    assert isinstance(warehouse.database, dg.EnvVar)
    assert warehouse.database.env_var_name == "AKHBAR_WAREHOUSE"
    assert sources.site_url == DEFAULT_SITE_URL


def test_pipeline_resources_resolve_the_database_and_keep_a_given_fetcher(tmp_path: Path) -> None:
    fetcher = HttpFetcher(timeout_seconds=1.0)
    resources = pipeline_resources(
        site_url="http://127.0.0.1:9/", database=tmp_path / "w" / "news.duckdb", http=fetcher
    )
    warehouse = resources["warehouse"]
    assert isinstance(warehouse, NewsWarehouse)
    assert Path(warehouse.database).is_absolute()
    assert resources["http"] is fetcher
    assert isinstance(resources["sources"], NewsSources)
    assert resources["sources"].site_url == "http://127.0.0.1:9/"
