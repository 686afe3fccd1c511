"""A partition's crawl split by outlet: each shard of outlets is discovered, fetched and parsed
on its own (a step of its own, on any worker), then the shards' rows are joined in registry
order so the joined tables equal those of a crawl of every outlet at once
(tests/pipeline/test_fan_out.py).

Outlets that share a host still share its politeness budget: that is the host gate's job
(``politeness.HostGate`` and its cluster-wide stores), not the split's.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence

import polars as pl

from pipelines.news.sources import Registry

# How many crawl shards a partition is split into, unless the deployment says otherwise: the
# steps are fixed when the code location loads (an executor such as Dask's plans every step
# before the run starts), and each outlet goes to one of them.
DEFAULT_SHARDS = 8


def shard_count(environ: Mapping[str, str]) -> int:
    """The number of crawl shards a deployment asks for (``AKHBAR_CRAWL_SHARDS``)."""
    text = environ.get("AKHBAR_CRAWL_SHARDS", "").strip()
    if not text:
        return DEFAULT_SHARDS
    if not text.isdigit() or not 1 <= int(text) <= 256:
        raise ValueError(f"AKHBAR_CRAWL_SHARDS must be a whole number from 1 to 256, got {text!r}")
    return int(text)


def shard_outlets(registry: Registry, shard: int, shards: int) -> tuple[str, ...]:
    """The outlet keys of ``shard`` (0-based) of ``shards``: the registry's outlets dealt out
    in order, so with at least as many shards as outlets each outlet has a step of its own."""
    if not 0 <= shard < shards:
        raise ValueError(f"shard {shard} is not one of 0..{shards - 1}")
    return tuple(outlet.key for outlet in registry.outlets[shard::shards])


def only_outlets(registry: Registry, outlet_keys: Sequence[str]) -> Registry:
    """The registry narrowed to some outlets (for discovery; fetchers keep the whole registry,
    whose hosts' intervals they need)."""
    return dataclasses.replace(registry, outlets=tuple(registry.by_key(k) for k in outlet_keys))


def shard_run_id(run_id: str, shard: int) -> str:
    """Where a shard's step stages its rows before they are joined: beside the run's own
    pending area, never inside it (that one holds only joined, whole-window tables)."""
    return f"{run_id}~shard{shard}"


def join_discovered(parts: Sequence[pl.DataFrame], registry: Registry) -> pl.DataFrame:
    """The shards' ``raw.discovered_urls`` (each outlet's rows in its discovery order) as one
    crawl of all outlets in registry order would list them: a URL an earlier outlet listed is
    dropped, and every listing of a canonical URL but the first is its duplicate."""
    joined = _in_registry_order(pl.concat(parts, how="vertical"), registry).unique(
        subset="url", keep="first", maintain_order=True
    )
    first_listing = joined.group_by("canonical_url", maintain_order=True).agg(
        pl.col("url").first().alias("first_listed")
    )
    return (
        joined.join(first_listing, on="canonical_url", how="left", maintain_order="left")
        .with_columns(
            duplicate_of=pl.when(pl.col("first_listed") != pl.col("url")).then("first_listed")
        )
        .drop("first_listed")
        .select(joined.columns)
    )


def join_pages(parts: Sequence[pl.DataFrame]) -> pl.DataFrame:
    """The shards' ``raw.pages`` rows in the crawl's order: by day, then URL."""
    return pl.concat(parts, how="vertical").sort("day", "url", maintain_order=True)


def join_parsed(parts: Sequence[pl.DataFrame], registry: Registry) -> pl.DataFrame:
    """The shards' ``staging.parsed_pages`` in the order a parse of all gives: the duplicate
    listings first (in registry and listing order), then the parsed pages by day and URL."""
    joined = pl.concat(parts, how="vertical")
    duplicate = pl.col("status") == "duplicate"
    return pl.concat(
        [
            _in_registry_order(joined.filter(duplicate), registry),
            joined.filter(~duplicate).sort("day", "url", maintain_order=True),
        ]
    )


def join_ticker_headlines(parts: Sequence[pl.DataFrame]) -> pl.DataFrame:
    """The shards' ``staging.ticker_headlines``: by day, page URL, then position."""
    return pl.concat(parts, how="vertical").sort("day", "url", "position", maintain_order=True)


def _in_registry_order(rows: pl.DataFrame, registry: Registry) -> pl.DataFrame:
    """``rows`` stably sorted by their outlet's place in the registry."""
    position = {outlet.key: index for index, outlet in enumerate(registry.outlets)}
    return rows.sort(
        pl.col("outlet").replace_strict(position, default=len(position), return_dtype=pl.Int64),
        maintain_order=True,
    )
