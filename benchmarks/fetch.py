"""Fetch throughput: our polite fetcher (politeness off) vs a plain httpx.AsyncClient loop.

Both fetch the same article URLs from the demo site, served by a separate process on
127.0.0.1, in the same run, alternating, several rounds. Reports pages/s (wall) and CPU ms per
page of this (client) process, and the ratio ours / baseline.

    .venv/bin/python benchmarks/fetch.py [--days 10] [--rounds 3] [--concurrency 8]
"""

import argparse
import asyncio
import json
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import date, timedelta

import httpx

from pipelines.news.crawl.fetch import FetchSettings
from pipelines.news.crawl.steps import fetcher_for
from pipelines.news.sources import load_registry


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _wait_until_up(url: str, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            httpx.get(url + "robots.txt", timeout=1.0)
            return
        except httpx.HTTPError:
            time.sleep(0.1)
    raise SystemExit(f"demo site did not start at {url}")


def _ours(urls: list[str], site_url: str, concurrency: int) -> int:
    registry = load_registry(site_url=site_url)
    settings = FetchSettings(max_concurrency=concurrency, min_interval_seconds=0.0)
    with fetcher_for(registry, settings) as fetcher:
        outcomes = fetcher.fetch_many(urls)
    return sum(1 for o in outcomes if o.final.ok)


def _baseline(urls: list[str], concurrency: int) -> int:
    async def run() -> int:
        limit = asyncio.Semaphore(concurrency)
        async with httpx.AsyncClient(limits=httpx.Limits(max_connections=concurrency)) as client:

            async def one(url: str) -> bool:
                async with limit:
                    response = await client.get(url)
                    return response.status_code == 200 and bool(response.content)

            return sum(await asyncio.gather(*(one(u) for u in urls)))

    return asyncio.run(run())


def _measure(fetch: Callable[[], int], pages: int) -> tuple[float, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    fetched = fetch()
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    if fetched != pages:
        raise SystemExit(f"fetched {fetched} of {pages} pages")
    return pages / wall, cpu / pages * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--days", type=int, default=10)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--concurrency", type=int, default=8)
    args = parser.parse_args()

    port = _free_port()
    site_url = f"http://127.0.0.1:{port}/"
    server = subprocess.Popen(
        [sys.executable, "-m", "pipelines.cli", "demo-site", "--port", str(port)],
        stderr=subprocess.DEVNULL,
    )
    try:
        _wait_until_up(site_url)
        last = date(2026, 2, 1) + timedelta(days=args.days - 1)
        truth = [
            json.loads(line) for line in httpx.get(site_url + "_truth.jsonl").text.splitlines()
        ]
        urls = [t["url"] for t in truth if t["local_day"] <= last.isoformat()]
        results: dict[str, list[tuple[float, float]]] = {"ours": [], "baseline": []}
        for _ in range(args.rounds):
            results["ours"].append(
                _measure(lambda: _ours(urls, site_url, args.concurrency), len(urls))
            )
            results["baseline"].append(
                _measure(lambda: _baseline(urls, args.concurrency), len(urls))
            )
    finally:
        server.terminate()
        server.wait(timeout=10)

    ours_rate = statistics.median(r for r, _ in results["ours"])
    base_rate = statistics.median(r for r, _ in results["baseline"])
    ours_cpu = statistics.median(c for _, c in results["ours"])
    base_cpu = statistics.median(c for _, c in results["baseline"])
    print(f"{len(urls)} pages, {args.rounds} rounds, concurrency {args.concurrency} (medians)")
    print("| fetcher | pages/s | CPU ms/page |")
    print("|---|---|---|")
    print(
        "| ours (robots, address guard, retries, size caps; interval 0) "
        f"| {ours_rate:.0f} | {ours_cpu:.2f} |"
    )
    print(f"| plain httpx.AsyncClient loop | {base_rate:.0f} | {base_cpu:.2f} |")
    print(f"| ratio ours / baseline | {ours_rate / base_rate:.2f} | {ours_cpu / base_cpu:.2f} |")


if __name__ == "__main__":
    main()
