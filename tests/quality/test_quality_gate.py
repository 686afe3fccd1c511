"""A failing expectation must stop topics and marts from being materialized."""

from datetime import date
from pathlib import Path

import dagster as dg
import duckdb

from pipelines.news.sources import DEFAULT_REGISTRY
from pipelines.resources import pipeline_resources
from pipelines.runs import materialize_range
from tests.support import DemoSite, downstream_of_the_gate

GHOST_OUTLET = """
  - key: ghost
    name: موقع مغلق
    base_url: o/ghost/
    language: ar
    local: true
    sitemap: sitemap.xml
"""


def test_an_outlet_that_went_dark_fails_the_suite_and_blocks_the_marts(
    demo_site: DemoSite, tmp_path: Path
) -> None:
    # A registered outlet whose sitemap now answers 404: its pages silently vanish from the
    # counts unless the quality gate stops the run.
    registry = tmp_path / "sources.yaml"
    registry.write_text(
        DEFAULT_REGISTRY.read_text(encoding="utf-8") + GHOST_OUTLET, encoding="utf-8"
    )
    database = tmp_path / "news.duckdb"
    day = date(2026, 2, 10)

    with dg.DagsterInstance.ephemeral() as instance:
        outcome = materialize_range(
            day,
            day,
            pipeline_resources(site_url=demo_site.url, database=database, registry=registry),
            instance=instance,
        )
        materialized = {
            key.to_user_string()
            for key in instance.get_asset_keys()
            if instance.get_latest_materialization_event(key) is not None
        }

    assert not outcome.success
    assert outcome.failed_checks == ("every_outlet_has_articles",)
    assert "staging/parsed_pages" in materialized
    assert materialized.isdisjoint(downstream_of_the_gate())
    with duckdb.connect(str(database), read_only=True) as connection:
        marts_rows = connection.sql("SELECT count(*) FROM marts.daily_topic_counts").fetchall()[0][
            0
        ]
        failed_sitemap = connection.sql(
            "SELECT count(*) FROM raw.fetch_log WHERE url LIKE '%/o/ghost/sitemap.xml' "
            "AND error = 'HTTP 404'"
        ).fetchall()[0][0]
    assert marts_rows == 0
    assert failed_sitemap == 1  # the cause is on record in the fetch log
