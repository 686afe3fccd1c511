"""Every article page of two demo days parses to exactly its ground truth.

The days straddle the 2026-03-22 clock change (UTC+0 -> UTC+1), so a fixed offset would
give wrong ``published`` values on one of them.
"""

import re
from datetime import datetime
from typing import Protocol

import httpx
import pytest

from pipelines.news.extract.parser import parse_page
from pipelines.news.sources import load_registry
from tests.demo_pages import extraction_mismatches


class DemoSite(Protocol):
    """What the session ``demo_site`` fixture (tests/conftest.py) provides."""

    url: str
    truth: list[dict[str, object]]


DAYS = ("2026-03-21", "2026-03-22")


def test_demo_articles_of_two_days_match_the_truth_exactly(demo_site: DemoSite) -> None:
    registry = load_registry(site_url=demo_site.url)
    rows = [row for row in demo_site.truth if row["local_day"] in DAYS]
    assert len(rows) > 50
    with httpx.Client() as client:
        mismatches, outlets = extraction_mismatches(client, rows, registry)
    assert not mismatches, "\n".join(mismatches[:20])
    assert set(outlets) == {"atlas", "rabat", "souss", "tajmi3"}


def test_demo_ticker_keeps_order_and_repeats(demo_site: DemoSite) -> None:
    registry = load_registry(site_url=demo_site.url)
    row = next(r for r in demo_site.truth if r["outlet"] == "tajmi3" and r["local_day"] in DAYS)
    response = httpx.get(str(row["url"]))
    parsed = parse_page(response.content, str(response.url), registry)
    assert len(parsed.ticker) >= 32
    assert len(set(parsed.ticker)) < len(parsed.ticker)  # repeated headlines are kept
    assert "آخر الأخبار" not in parsed.ticker  # the strip's label is not a headline
    assert row["title"] not in parsed.ticker


@pytest.mark.parametrize("path", ["o/rabat/", "o/atlas/", "o/tajmi3/", "o/souss/"])
def test_demo_home_pages_are_listings_not_articles(demo_site: DemoSite, path: str) -> None:
    registry = load_registry(site_url=demo_site.url)
    response = httpx.get(demo_site.url + path)
    parsed = parse_page(response.content, str(response.url), registry)
    assert not parsed.is_article
    assert parsed.reason == "listing page"


def test_atlas_modified_at_is_the_json_ld_date_modified(demo_site: DemoSite) -> None:
    registry = load_registry(site_url=demo_site.url)
    row = next(r for r in demo_site.truth if r["outlet"] == "atlas" and r["local_day"] in DAYS)
    response = httpx.get(str(row["url"]))
    json_ld = re.search(r'"dateModified":\s*"([^"]+)"', response.text)
    assert json_ld is not None
    parsed = parse_page(response.content, str(response.url), registry)
    assert parsed.modified_at is not None and parsed.modified_at.moment is not None
    declared = datetime.fromisoformat(json_ld.group(1).replace("Z", "+00:00"))
    assert parsed.modified_at.moment == declared
    assert parsed.published is not None and parsed.published.moment is not None
    assert parsed.published.moment < parsed.modified_at.moment  # published is not the update
