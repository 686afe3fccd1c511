"""The starter registry of real Moroccan outlets (pipelines/sources/morocco.yaml) is well formed.

It cannot say whether the endpoints answer (this machine does not reach those sites): that is
`akhbar sources check`'s job. It checks what the file promises: real remote outlets, each with a
way to discover articles and a section map into the taxonomy.
"""

from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml

from pipelines.news.sources import DEFAULT_REGISTRY, Registry, load_registry

MOROCCO_REGISTRY = DEFAULT_REGISTRY.parent / "morocco.yaml"
# A site URL the real outlets must ignore: only relative base URLs are joined to it.
ELSEWHERE = "http://127.0.0.1:9999/site/"


@pytest.fixture(scope="module")
def registry() -> Registry:
    return load_registry(MOROCCO_REGISTRY, ELSEWHERE)


def test_it_lists_the_starter_outlets_with_one_aggregator(registry: Registry) -> None:
    keys = [outlet.key for outlet in registry.outlets]
    assert len(keys) >= 11
    assert len(set(keys)) == len(keys)
    assert [o.key for o in registry.outlets if o.aggregator] == ["maghress"]
    for wanted in ("hespress", "hespress_fr", "le360_ar", "le360_fr", "alyaoum24", "goud"):
        assert wanted in keys


def test_keys_are_unique_in_the_file_itself() -> None:
    document = yaml.safe_load(Path(MOROCCO_REGISTRY).read_text(encoding="utf-8"))
    keys = [entry["key"] for entry in document["outlets"]]
    assert len(set(keys)) == len(keys)


def test_outlets_are_real_remote_https_sites(registry: Registry) -> None:
    for outlet in registry.outlets:
        assert not outlet.local, outlet.key
        parts = urlsplit(outlet.base_url)
        assert parts.scheme == "https", outlet.key
        assert parts.hostname and not outlet.base_url.startswith(ELSEWHERE), outlet.key
        # Default politeness: never the demo site's "no wait".
        assert outlet.min_interval_seconds is None or outlet.min_interval_seconds > 0
        assert outlet.respect_robots


def test_every_outlet_can_be_discovered_and_maps_its_sections(registry: Registry) -> None:
    for outlet in registry.outlets:
        assert outlet.sitemap or outlet.rss or outlet.listing, outlet.key
        assert outlet.sections, outlet.key
        for endpoint in (outlet.sitemap, outlet.rss):
            if endpoint:
                assert outlet.endpoint(endpoint).startswith(outlet.base_url), endpoint


def test_every_mapped_topic_is_in_the_taxonomy(registry: Registry) -> None:
    topics = set(registry.taxonomy.topics)
    for outlet in registry.outlets:
        assert set(outlet.sections.values()) <= topics, outlet.key


def test_aggregators_credit_lines_resolve_to_the_original_outlet(registry: Registry) -> None:
    assert registry.resolve_name("هسبريس") == "hespress"
    assert registry.resolve_name("https://www.hespress.com/politique") == "hespress"
    assert registry.resolve_name("https://fr.hespress.com/x.html") == "hespress_fr"
    ar_page = registry.outlet_for_url("https://ar.le360.ma/societe/X/")
    fr_page = registry.outlet_for_url("https://le360.ma/societe/X/")
    assert ar_page is not None and ar_page.key == "le360_ar"
    assert fr_page is not None and fr_page.key == "le360_fr"
