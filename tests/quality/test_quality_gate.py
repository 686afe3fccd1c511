"""A failing expectation stops topics and marts, and publishes nothing the gate rejected."""

from datetime import date, timedelta
from pathlib import Path

import dagster as dg
import polars as pl

from assets.articles import GATED_TABLES
from pipelines.news.sources import DEFAULT_REGISTRY
from pipelines.resources import pipeline_resources
from pipelines.runs import materialize_range
from tests.support import DemoSite, downstream_of_the_gate
from warehouse.store import Warehouse

GHOST_OUTLET = """
  - key: ghost
    name: موقع مغلق
    base_url: o/ghost/
    language: ar
    local: true
    sitemap: sitemap.xml
"""


def _materialized(instance: dg.DagsterInstance, run_id: str) -> set[str]:
    return {
        record.asset_key.to_user_string()
        for record in instance.get_records_for_run(
            run_id, of_type=dg.DagsterEventType.ASSET_MATERIALIZATION
        ).records
        if record.asset_key is not None
    }


def test_a_failing_gate_keeps_the_published_day_and_says_where_the_rejected_rows_are(
    demo_site: DemoSite, tmp_path: Path
) -> None:
    database = tmp_path / "news.duckdb"
    day = date(2026, 2, 10)
    window = (day, day + timedelta(days=1))
    store = Warehouse(database)
    with dg.DagsterInstance.ephemeral() as instance:
        good = materialize_range(
            day,
            day,
            pipeline_resources(site_url=demo_site.url, database=database),
            instance=instance,
        )
        assert good.success
        published = {t: store.read_window(t, *window) for t in GATED_TABLES}
        marts = store.query("SELECT * FROM marts.daily_topic_counts ORDER BY ALL")
        assert published["staging.parsed_pages"].height > 0 and marts.height > 0

        # The same day again, now with an outlet that went dark: its sitemap answers 404, so
        # its pages would silently vanish from the counts unless the gate stops the run.
        registry = tmp_path / "sources.yaml"
        registry.write_text(
            DEFAULT_REGISTRY.read_text(encoding="utf-8") + GHOST_OUTLET, encoding="utf-8"
        )
        resources = pipeline_resources(site_url=demo_site.url, database=database, registry=registry)
        outcome = materialize_range(day, day, resources, instance=instance)
        materialized = _materialized(instance, outcome.run_id)

    assert not outcome.success
    assert outcome.failed_checks == ("every_outlet_has_articles",)
    assert "staging/parsed_pages" in materialized
    assert materialized.isdisjoint(downstream_of_the_gate())
    # What the last good run published is still what readers get, row for row.
    for table, rows in published.items():
        assert store.read_window(table, *window).equals(rows), table
    assert store.query("SELECT * FROM marts.daily_topic_counts ORDER BY ALL").equals(marts)
    # The rejected rows are where the check's metadata says, and nowhere else.
    (location,) = outcome.rejected_rows_at
    rejected = pl.read_parquet(Path(location) / "staging" / "parsed_pages" / f"{day}.parquet")
    assert rejected.height > 0 and set(rejected["day"]) == {day}
    assert Path(location) == store.pending_location(outcome.run_id)
    # The cause is on record in the lake's fetch log (raw tables are not gated; analysts get
    # them with the next run that completes).
    log = pl.read_parquet([path for path, _ in store.lake.appended_files("raw.fetch_log")])
    ghost = log.filter(pl.col("url").str.ends_with("/o/ghost/sitemap.xml"))
    assert ghost.filter(pl.col("run_id") == outcome.run_id)["error"].to_list() == ["HTTP 404"]
