"""A day's crawl fans out one step per crawl shard; a shard that fails is retried alone, and
the joined tables equal those of a run where nothing failed."""

from collections import Counter
from pathlib import Path
from typing import Any

import dagster as dg
import pytest

import assets.crawl
from pipelines.news.crawl.shards import shard_outlets
from pipelines.news.sources import Registry, load_registry
from pipelines.partitions import CRAWL_SHARDS
from pipelines.resources import pipeline_resources
from pipelines.runs import materialize_range
from tests.support import (
    COMPARED,
    E2E_FIRST_DAY,
    E2E_LAST_DAY,
    DemoSite,
    E2ERun,
    compared_tables,
)


def _steps(instance: dg.DagsterInstance, run_id: str, kind: dg.DagsterEventType) -> Counter[str]:
    return Counter(str(event.step_key) for event in instance.all_logs(run_id, of_type=kind))


def test_each_crawl_stage_runs_one_step_per_shard_and_a_failed_shard_alone_again(
    e2e_run: E2ERun, demo_site: DemoSite, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    registry = load_registry(site_url=demo_site.url)
    victim = 1  # the shard whose discovery fails once, as when its worker is lost
    victim_outlets = shard_outlets(registry, victim, CRAWL_SHARDS)
    assert victim_outlets
    real_discover = assets.crawl.discover_window
    failures: list[tuple[str, ...]] = []

    def discover_failing_once(shard_registry: Registry, *args: Any, **kwargs: Any) -> Any:
        outlets = tuple(outlet.key for outlet in shard_registry.outlets)
        if outlets == victim_outlets and not failures:
            failures.append(outlets)
            raise ConnectionResetError("the worker lost its connection (injected)")
        return real_discover(shard_registry, *args, **kwargs)

    monkeypatch.setattr(assets.crawl, "discover_window", discover_failing_once)
    database = tmp_path / "news.duckdb"
    with dg.DagsterInstance.ephemeral() as instance:
        outcome = materialize_range(
            E2E_FIRST_DAY,
            E2E_LAST_DAY,
            pipeline_resources(site_url=demo_site.url, database=database),
            instance=instance,
        )
        starts = _steps(instance, outcome.run_id, dg.DagsterEventType.STEP_START)
        retried = _steps(instance, outcome.run_id, dg.DagsterEventType.STEP_UP_FOR_RETRY)
        restarted = _steps(instance, outcome.run_id, dg.DagsterEventType.STEP_RESTARTED)
    assert outcome.success, outcome
    assert failures == [victim_outlets]

    for stage in ("discover_shard", "fetch_shard", "parse_shard"):
        shard_steps = {key: n for key, n in starts.items() if f".{stage}_" in key}
        assert len(shard_steps) == CRAWL_SHARDS, (stage, sorted(shard_steps))
    victim_step = f"raw__discovered_urls.discover_shard_{victim}"
    assert retried == restarted == Counter({victim_step: 1})

    joined, clean = compared_tables(database), compared_tables(e2e_run.database)
    for name in COMPARED:
        assert joined[name].height > 0, name
        assert joined[name].equals(clean[name]), name
