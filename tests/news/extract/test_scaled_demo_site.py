"""Every article page of one day of a scaled demo site parses to exactly its ground truth.

The site has six original outlets (fes, tanja and marrakech reuse the atlas, rabat and
souss templates) plus tajmi3; the pipeline reads it through the registry the site exports,
as ``akhbar backfill --registry FILE --site-url URL`` would.
"""

import json

import httpx
import pytest

from pipelines.demo_site.registry import registry_yaml
from pipelines.demo_site.server import RunningSite
from pipelines.news.extract.parser import parse_page
from pipelines.news.sources import Registry, load_registry
from tests.demo_pages import TRUTH_FIELDS, extraction_mismatches
from tests.support import SCALED_SITE

SCALE = SCALED_SITE
DAY = "2026-06-02"


@pytest.fixture(scope="module")
def site(scaled_site: RunningSite) -> RunningSite:
    return scaled_site


@pytest.fixture(scope="module")
def registry(site: RunningSite, tmp_path_factory: pytest.TempPathFactory) -> Registry:
    path = tmp_path_factory.mktemp("registry") / "scaled.yaml"
    path.write_text(registry_yaml(SCALE.lineup), encoding="utf-8")
    return load_registry(path, site_url=site.url)


def test_one_day_of_every_outlet_parses_to_its_truth(site: RunningSite, registry: Registry) -> None:
    with httpx.Client() as client:
        lines = client.get(site.url + "_truth.jsonl").text.splitlines()
        rows = [row for row in map(json.loads, lines) if row["local_day"] == DAY]
        mismatches, outlets = extraction_mismatches(
            client, rows, registry, fields=("outlet", *TRUTH_FIELDS)
        )
    assert len(rows) > 100
    assert not mismatches, "\n".join(mismatches[:20])
    assert set(outlets) == set(SCALE.lineup.outlets)


@pytest.mark.parametrize("key", ["fes", "tanja", "marrakech", "tajmi3"])
def test_home_pages_of_the_scaled_site_are_listings(
    site: RunningSite, registry: Registry, key: str
) -> None:
    response = httpx.get(f"{site.url}o/{key}/")
    parsed = parse_page(response.content, str(response.url), registry)
    assert not parsed.is_article
    assert parsed.reason == "listing page"
    assert parsed.outlet == key


def test_the_registry_names_the_extra_outlets_as_the_aggregator_writes_them(
    site: RunningSite, registry: Registry
) -> None:
    assert [outlet.key for outlet in registry.outlets] == list(SCALE.lineup.outlets)
    assert registry.by_key("fes").base_url == f"{site.url}o/fes/"
    assert registry.resolve_name("مراكش الآن") == "marrakech"
    assert registry.topic_for_section("tanja", "رياضة") == "sport"
