"""The cluster profile against the embedded one, and how a crawl fans out over Dask workers.

Usage (from the repository root):

    .venv/bin/python benchmarks/cluster.py --part profiles [--from 2026-03-01 --to 2026-03-07]
    .venv/bin/python benchmarks/cluster.py --part fan-out [--outlets 20] [--interval 1.0]
        [--workers 1,2,4] [--day 2026-06-01]

* profiles: the demo site's days [--from, --to] backfilled by `akhbar backfill` twice, in
  alternation: embedded (steps in the CLI process, SQLite instance, lake on disk) and the
  cluster profile (`pipelines.demo_cluster.cluster_profile`: PostgreSQL from pgserver, S3 from
  moto, 2 Dask worker processes). Each backfill is a child process; wall time is measured
  around it, so the cluster's service start-up (~3 s) is outside, the workers' imports inside.
* fan-out: the scaled demo site with --outlets originals, each outlet served by a server of its
  own (a host of its own for politeness: host:port), every outlet asking --interval seconds
  between requests; one day crawled on the cluster profile with 1, 2 and 4 workers (each a
  fresh warehouse). The per-host interval is a floor: the busiest host's requests times the
  interval.

Results go to stdout as JSON lines and a Markdown table; RESULTS.md keeps the figures.
"""

# ruff: noqa: E402 (the repository root goes on sys.path first)
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from contextlib import ExitStack
from datetime import date
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from pipelines.demo_cluster import cluster_profile
from pipelines.demo_site.generator import Scale
from pipelines.demo_site.registry import registry_yaml
from pipelines.demo_site.server import running_site
from pipelines.news.sources import DEFAULT_REGISTRY


def backfill(first: date, last: date, site_url: str, registry: Path, database: Path) -> float:
    """Wall seconds of one `akhbar backfill` child process; raises with its stderr if it fails."""
    started = time.perf_counter()
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pipelines.cli",
            "backfill",
            "--from",
            first.isoformat(),
            "--to",
            last.isoformat(),
            "--site-url",
            site_url,
            "--registry",
            str(registry),
            "--warehouse",
            str(database),
        ],
        env={**os.environ, "GX_ANALYTICS_ENABLED": "false"},
        capture_output=True,
        text=True,
        check=False,
    )
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        raise RuntimeError(f"backfill failed ({done.returncode}):\n{done.stderr[-3000:]}")
    return elapsed


def profiles(first: date, last: date, repeats: int) -> list[dict[str, object]]:
    results = []
    with tempfile.TemporaryDirectory(prefix="bench-profiles-") as work, running_site() as site:
        for repeat in range(repeats):
            for profile in ("embedded", "cluster"):
                folder = Path(work) / f"{profile}-{repeat}"
                database = folder / "warehouse" / "news.duckdb"
                with ExitStack() as stack:
                    if profile == "cluster":
                        stack.enter_context(cluster_profile(folder, workers=2))
                    else:
                        os.environ["DAGSTER_HOME"] = str(folder / "dagster_home")
                    seconds = backfill(first, last, site.url, DEFAULT_REGISTRY, database)
                row = {"part": "profiles", "profile": profile, "repeat": repeat, "seconds": seconds}
                print(json.dumps(row), flush=True)
                results.append(row)
    return results


def fan_out(
    outlets: int, interval: float, workers: list[int], day: date
) -> list[dict[str, object]]:
    scale = Scale(outlets=outlets, days=7, start=day)
    lineup = scale.lineup
    results = []
    with tempfile.TemporaryDirectory(prefix="bench-fanout-") as work, ExitStack() as servers:
        sites = [servers.enter_context(running_site(scale=scale)) for _ in lineup.outlets]
        document = yaml.safe_load(registry_yaml(lineup))
        for entry, site in zip(document["outlets"], sites, strict=True):
            entry["base_url"] = site.url.rstrip("/") + "/" + entry["base_url"]
            entry["politeness"] = {"min_interval_seconds": interval}
        registry = Path(work) / "registry.yaml"
        registry.write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
        for count in workers:
            folder = Path(work) / f"workers-{count}"
            for site in sites:
                site.request_log.clear()
            with cluster_profile(folder, workers=count):
                seconds = backfill(day, day, sites[0].url, registry, folder / "wh" / "news.duckdb")
                crawl = crawl_seconds()
            busiest = max(len(site.request_log) for site in sites)
            row = {
                "part": "fan-out",
                "outlets": outlets,
                "interval": interval,
                "workers": count,
                "seconds": seconds,
                "crawl_seconds": crawl,
                "requests": sum(len(site.request_log) for site in sites),
                "busiest_host_requests": busiest,
                "interval_floor_seconds": busiest * interval,
            }
            print(json.dumps(row), flush=True)
            results.append(row)
    return results


def crawl_seconds() -> float:
    """From the first crawl step's start to the end of `raw/pages` (the join of the fetch
    shards), in the newest run of the profile's instance (PostgreSQL)."""
    import dagster as dg

    with dg.DagsterInstance.get() as instance:
        run = instance.get_runs(limit=1)[0]
        events = instance.all_logs(run.run_id)
    starts = [
        e.timestamp
        for e in events
        if e.dagster_event_type == dg.DagsterEventType.STEP_START
        and "_shard_" in str(e.step_key)
        and not str(e.step_key).startswith("staging")
    ]
    ends = [
        e.timestamp
        for e in events
        if e.dagster_event_type == dg.DagsterEventType.STEP_SUCCESS
        and str(e.step_key) == "raw__pages.join_raw_pages"
    ]
    return max(ends) - min(starts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--part", choices=("profiles", "fan-out"), required=True)
    parser.add_argument("--from", dest="first", type=date.fromisoformat, default="2026-03-01")
    parser.add_argument("--to", dest="last", type=date.fromisoformat, default="2026-03-07")
    parser.add_argument("--repeats", type=int, default=2)
    parser.add_argument("--outlets", type=int, default=20)
    parser.add_argument("--interval", type=float, default=1.0)
    parser.add_argument("--workers", default="1,2,4")
    parser.add_argument("--day", type=date.fromisoformat, default="2026-06-01")
    args = parser.parse_args()
    if args.part == "profiles":
        rows = profiles(args.first, args.last, args.repeats)
        print("\n| profile | repeat | wall s |\n|---|---|---|")
        for row in rows:
            print(f"| {row['profile']} | {row['repeat']} | {row['seconds']:.1f} |")
    else:
        counts = [int(n) for n in args.workers.split(",")]
        rows = fan_out(args.outlets, args.interval, counts, args.day)
        print(
            "\n| workers | wall s | crawl s (discover + fetch) | requests | busiest host "
            "| interval floor s |"
        )
        print("|---|---|---|---|---|---|")
        for row in rows:
            print(
                f"| {row['workers']} | {row['seconds']:.1f} | {row['crawl_seconds']:.1f} "
                f"| {row['requests']} | {row['busiest_host_requests']} "
                f"| {row['interval_floor_seconds']:.0f} |"
            )


if __name__ == "__main__":
    main()
