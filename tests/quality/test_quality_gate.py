"""A failing expectation stops topics and marts, and publishes nothing the gate rejected."""

from datetime import date, timedelta
from pathlib import Path

import dagster as dg
import polars as pl

from assets.articles import GATED_TABLES
from pipelines.news.sources import DEFAULT_REGISTRY
from pipelines.resources import pipeline_resources
from pipelines.runs import materialize_range
from quality.suites import MIN_ARTICLE_BODY_CHARS
from tests.loopback import Reply, Route, serving
from tests.support import DemoSite, downstream_of_the_gate
from warehouse.store import Warehouse

# An outlet that took to publishing one-line briefs: its pages are articles (a title, a
# date, two paragraphs) with bodies too short to count, which the gate's body_long_enough
# rejects. Served from a loopback server beside the demo site.
BRIEFS_OUTLET = """
  - key: mouja
    name: موجز
    base_url: {url}
    language: ar
    local: true
    sitemap: sitemap.xml
"""
BRIEF = """<!DOCTYPE html>
<html lang="ar" dir="rtl"><head><meta charset="utf-8"><title>{title}</title>
<meta property="og:type" content="article">
<script type="application/ld+json">
{{"@type": "NewsArticle", "headline": "{title}", "datePublished": "{day}T10:00:00+01:00"}}
</script></head>
<body><article><h1>{title}</h1><div class="article-body">
<p>افتتحت السلطات المحلية صباح اليوم سوقا أسبوعيا جديدا بمدينة تازة.</p>
<p>ويضم السوق أكثر من مائة محل تجاري.</p>
</div></article></body></html>
"""


def _briefs_site(day: date) -> dict[str, Route]:
    """The routes of an outlet whose only page of ``day`` is a brief."""
    title = "افتتاح سوق أسبوعي جديد بمدينة تازة"
    html = {"Content-Type": "text/html; charset=utf-8"}
    xml = {"Content-Type": "application/xml"}
    page = BRIEF.format(title=title, day=day).encode()
    path = f"/{day:%Y/%m/%d}/1.html"

    def sitemap(_count: int, headers: dict[str, str]) -> Reply:
        # The port is known only once the server runs: the sitemap names the page relative
        # to the Host it was asked on.
        host = headers["host"]
        return Reply(
            body=(
                '<?xml version="1.0" encoding="UTF-8"?>'
                '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
                f"<url><loc>http://{host}{path}</loc><lastmod>{day}T10:00:00+01:00</lastmod>"
                "</url></urlset>"
            ).encode(),
            headers=xml,
        )

    return {
        "/sitemap.xml": sitemap,
        path: lambda _count, _headers: Reply(body=page, headers=html),
    }


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

        # The same day again, now with an outlet whose articles are one-line briefs: a
        # blocking check fails, so nothing of the run may reach readers.
        with serving(_briefs_site(day)) as briefs:
            registry = tmp_path / "sources.yaml"
            registry.write_text(
                DEFAULT_REGISTRY.read_text(encoding="utf-8") + BRIEFS_OUTLET.format(url=briefs.url),
                encoding="utf-8",
            )
            resources = pipeline_resources(
                site_url=demo_site.url, database=database, registry=registry
            )
            outcome = materialize_range(day, day, resources, instance=instance)
            materialized = _materialized(instance, outcome.run_id)

    assert not outcome.success
    assert outcome.failed_checks == ("body_long_enough",)
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
    assert Path(location) == Path(store.pending_location(outcome.run_id))
    # Among them, the brief that failed the check.
    brief = rejected.filter(pl.col("outlet") == "mouja")
    assert brief["status"].to_list() == ["article"]
    assert brief["body"].str.len_chars().to_list()[0] < MIN_ARTICLE_BODY_CHARS
