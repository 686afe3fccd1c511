"""A crawl split into shards joins back into the tables of a crawl of every outlet at once."""

import dataclasses
from datetime import date

import polars as pl
import pytest

from pipelines.news import tables
from pipelines.news.crawl.discovery import Discovery
from pipelines.news.crawl.shards import (
    DEFAULT_SHARDS,
    join_discovered,
    join_parsed,
    shard_count,
    shard_outlets,
)
from pipelines.news.crawl.steps import discovered_rows
from pipelines.news.sources import Registry, load_registry

DAY = date(2026, 3, 2)
WINDOW = (DAY, DAY)


@pytest.fixture(scope="module")
def registry() -> Registry:
    return load_registry()


def test_every_outlet_is_in_exactly_one_shard_dealt_in_registry_order(registry: Registry) -> None:
    keys = [outlet.key for outlet in registry.outlets]
    for shards in (1, 2, 3, len(keys), DEFAULT_SHARDS):
        dealt = [shard_outlets(registry, shard, shards) for shard in range(shards)]
        assert sorted(key for part in dealt for key in part) == sorted(keys)
        assert dealt[0][0] == keys[0]
    assert all(len(shard_outlets(registry, s, len(keys))) == 1 for s in range(len(keys)))
    with pytest.raises(ValueError, match="not one of"):
        shard_outlets(registry, 3, 3)


def test_the_shard_count_comes_from_the_environment_or_the_default() -> None:
    assert shard_count({}) == DEFAULT_SHARDS
    assert shard_count({"AKHBAR_CRAWL_SHARDS": " 3 "}) == 3
    for wrong in ("0", "-1", "two", "1000"):
        with pytest.raises(ValueError, match="AKHBAR_CRAWL_SHARDS"):
            shard_count({"AKHBAR_CRAWL_SHARDS": wrong})


def test_joined_discoveries_equal_one_discovery_of_all_outlets(registry: Registry) -> None:
    """Listings that cross outlets: the same URL listed by two outlets, and two spellings of
    one page in two outlets. Shards discover each outlet alone, out of registry order."""
    first, second, third = (outlet.key for outlet in registry.outlets[:3])
    listings = [
        (first, "https://a.example/news/1?utm_source=x"),
        (first, "https://a.example/news/2"),
        (second, "https://a.example/news/2"),  # listed by `first` already: dropped
        (second, "https://a.example/news/1"),  # same page as first's 1st listing
        (second, "https://b.example/news/9"),
        (third, "https://b.example/news/9?utm_medium=y"),
        (third, "https://c.example/news/3"),
    ]
    everything = Discovery()
    alone = {key: Discovery() for key in (first, second, third)}
    for outlet, url in listings:
        everything.keep(outlet, url, DAY, WINDOW, "sitemap", "sitemap.xml")
        alone[outlet].keep(outlet, url, DAY, WINDOW, "sitemap", "sitemap.xml")
    # Shard parts arrive grouped by shard, not in registry order.
    parts = [
        discovered_rows(alone[third]),
        discovered_rows(alone[first]),
        discovered_rows(alone[second]),
    ]
    joined = join_discovered(parts, registry)
    expected = discovered_rows(everything)
    assert expected.filter(pl.col("duplicate_of").is_not_null()).height == 2
    assert joined.equals(expected)


def test_joined_parsed_pages_put_duplicates_first_in_registry_order(registry: Registry) -> None:
    first, second = (outlet.key for outlet in registry.outlets[:2])

    def page(outlet: str, url: str, status: str) -> dict[str, object]:
        return {"day": DAY, "url": url, "outlet": outlet, "status": status, "reason": None}

    shard_a = tables.frame(
        [page(second, "https://b/2", "duplicate"), page(second, "https://b/1", "article")],
        tables.PARSED_PAGES,
    )
    shard_b = tables.frame(
        [page(first, "https://a/9", "duplicate"), page(first, "https://a/3", "article")],
        tables.PARSED_PAGES,
    )
    joined = join_parsed([shard_a, shard_b], registry)
    assert joined["url"].to_list() == ["https://a/9", "https://b/2", "https://a/3", "https://b/1"]
    reordered = dataclasses.replace(registry, outlets=registry.outlets[1::-1])
    assert join_parsed([shard_a, shard_b], reordered)["url"].to_list()[:2] == [
        "https://b/2",
        "https://a/9",
    ]
