"""Every article page of one day of a scaled demo site parses to exactly its ground truth.

The site has six original outlets (fes, tanja and marrakech reuse the atlas, rabat and
souss templates) plus tajmi3; the pipeline reads it through the registry the site exports,
as ``akhbar backfill --registry FILE --site-url URL`` would.
"""

import json
from collections import Counter
from collections.abc import Iterator
from datetime import date

import httpx
import pytest

from pipelines.demo_site.generator import Scale
from pipelines.demo_site.registry import registry_yaml
from pipelines.demo_site.server import RunningSite, running_site
from pipelines.news.extract.parser import parse_page
from pipelines.news.sources import Registry, load_registry

SCALE = Scale(outlets=6, days=3, start=date(2026, 6, 1))
DAY = "2026-06-02"
FIELDS = ("title", "published", "local_day", "author", "section", "original_outlet", "original_url")


@pytest.fixture(scope="module")
def site() -> Iterator[RunningSite]:
    with running_site(port=0, scale=SCALE) as running:
        yield running


@pytest.fixture(scope="module")
def registry(site: RunningSite, tmp_path_factory: pytest.TempPathFactory) -> Registry:
    path = tmp_path_factory.mktemp("registry") / "scaled.yaml"
    path.write_text(registry_yaml(SCALE.lineup), encoding="utf-8")
    return load_registry(path, site_url=site.url)


def _squash(text: object) -> str:
    return " ".join(str(text or "").split())


def test_one_day_of_every_outlet_parses_to_its_truth(site: RunningSite, registry: Registry) -> None:
    with httpx.Client() as client:
        lines = client.get(site.url + "_truth.jsonl").text.splitlines()
        rows = [row for row in map(json.loads, lines) if row["local_day"] == DAY]
        mismatches: list[str] = []
        outlets: Counter[str] = Counter()
        for row in rows:
            response = client.get(str(row["url"]))
            parsed = parse_page(
                response.content,
                str(response.url),
                registry,
                content_type=response.headers.get("content-type"),
            )
            outlets[str(parsed.outlet)] += 1
            published = parsed.published
            got = {
                "outlet": parsed.outlet,
                "title": parsed.title,
                "published": published.iso() if published else None,
                "local_day": published.local_day.isoformat() if published else None,
                "author": parsed.author,
                "section": parsed.section,
                "original_outlet": parsed.original_outlet,
                "original_url": parsed.original_url,
            }
            for field in ("outlet", *FIELDS):
                if got[field] != row[field]:
                    mismatches.append(f"{row['url']} {field}: {got[field]!r} != {row[field]!r}")
            if _squash(parsed.body) != _squash(row["body"]):
                mismatches.append(f"{row['url']} body differs")
            if not parsed.is_article or parsed.language != "ar":
                mismatches.append(f"{row['url']} is_article={parsed.is_article} {parsed.reason}")
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
