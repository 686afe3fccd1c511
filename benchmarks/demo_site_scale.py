"""How long a scaled demo site takes to draw, how much memory it holds, how fast it serves.

Usage (from the repository root):

    .venv/bin/python benchmarks/demo_site_scale.py [--outlets 10] [--days 730]
        [--start 2026-02-01] [--seed 7] [--pages 2000] [--workers 8]

1. ``build_scaled_corpus``: wall time and the process's peak RSS (the script's own
   imports are reported separately, so the corpus's share can be read off).
2. The site on 127.0.0.1 (``running_site``, the corpus built once more inside it): ``--pages``
   GETs over keep-alive connections from ``--workers`` threads, mixing article pages of
   every outlet, daily sitemaps, section listings, home pages, feeds and the ticker; pages
   per second, and the median and 95th-percentile latency of each kind of page.
3. ``akhbar demo-site --export-truth`` in a child process (drawn and written day by day):
   wall time, its peak RSS and the size of the file.
"""

from __future__ import annotations

import argparse
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from math import ceil
from pathlib import Path
from urllib.parse import quote

import httpx

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from pipelines.demo_site.corpus import Corpus  # noqa: E402
from pipelines.demo_site.generator import Scale, build_scaled_corpus  # noqa: E402
from pipelines.demo_site.server import running_site  # noqa: E402
from pipelines.demo_site.templates.layout import LISTING_PAGE_SIZE  # noqa: E402


def peak_rss_mb(who: int = resource.RUSAGE_SELF) -> float:
    return resource.getrusage(who).ru_maxrss / 1024  # Linux reports KiB


def sample_paths(corpus: Corpus, count: int, seed: int = 1) -> list[tuple[str, str]]:
    """(kind, site-relative path) of ``count`` requests: mostly articles, as a crawl is."""
    rng = random.Random(seed)
    kinds: list[tuple[str, str]] = []
    outlets = list(corpus.lineup)
    for _ in range(count):
        roll = rng.random()
        outlet = rng.choice(outlets)
        if roll < 0.80:
            article = rng.choice(corpus.articles)
            kind = "ticker page" if article.outlet == corpus.lineup.aggregator.key else "article"
            kinds.append((kind, article.path))
        elif roll < 0.90:
            day = rng.choice(corpus.local_days)
            kinds.append(("daily sitemap", f"{outlet.base_path}sitemap-{day}.xml"))
        elif roll < 0.95:
            label, topic = rng.choice(outlet.sections)
            listed = len(corpus.by_outlet_topic.get((outlet.key, topic), ()))
            page = rng.randint(1, max(1, min(5, ceil(listed / LISTING_PAGE_SIZE))))
            kinds.append(("listing", f"{outlet.base_path}section/{quote(label)}?page={page}"))
        elif roll < 0.98:
            kinds.append(("home", outlet.base_path))
        else:
            feed = outlet.feed or "sitemap.xml"
            kinds.append(("feed or index", outlet.base_path + feed))
    return kinds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--outlets", type=int, default=10)
    parser.add_argument("--days", type=int, default=730)
    parser.add_argument("--start", type=date.fromisoformat, default=date(2026, 2, 1))
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--pages", type=int, default=2000)
    parser.add_argument("--workers", type=int, default=8)
    args = parser.parse_args()
    scale = Scale(outlets=args.outlets, days=args.days, start=args.start)

    before = peak_rss_mb()
    started = time.perf_counter()
    corpus = build_scaled_corpus(args.seed, scale)
    seconds = time.perf_counter() - started
    print(
        f"build_scaled_corpus: {args.outlets} outlets + tajmi3, {args.days} days: "
        f"{len(corpus.articles):,} articles ({len(corpus.articles) / args.days:.0f}/day) "
        f"in {seconds:.1f} s; peak RSS {peak_rss_mb():.0f} MB ({before:.0f} MB before)"
    )
    requests = sample_paths(corpus, args.pages)
    del corpus

    started = time.perf_counter()
    with running_site(port=0, seed=args.seed, scale=scale) as site:
        print(f"site up in {time.perf_counter() - started:.1f} s")
        latencies: dict[str, list[float]] = defaultdict(list)
        lock = threading.Lock()
        local = threading.local()

        def fetch(request: tuple[str, str]) -> int:
            if not hasattr(local, "client"):
                local.client = httpx.Client(timeout=30)
            kind, path = request
            began = time.perf_counter()
            response = local.client.get(site.url + path)
            elapsed = time.perf_counter() - began
            with lock:
                latencies[kind].append(elapsed)
            return response.status_code

        # Warm the site's indexes (by path, outlet, topic, day) before timing.
        for request in requests[:20]:
            fetch(request)
        latencies.clear()
        started = time.perf_counter()
        with ThreadPoolExecutor(max_workers=args.workers) as pool:
            statuses = list(pool.map(fetch, requests))
        seconds = time.perf_counter() - started
        bad = [s for s in statuses if s != 200]
        print(
            f"served {len(requests)} pages with {args.workers} clients in {seconds:.1f} s: "
            f"{len(requests) / seconds:.0f} pages/s; non-200: {len(bad)}; "
            f"peak RSS {peak_rss_mb():.0f} MB"
        )
        for kind, values in sorted(latencies.items()):
            values.sort()
            median = statistics.median(values) * 1000
            p95 = values[int(0.95 * (len(values) - 1))] * 1000
            print(
                f"  {kind:14} {len(values):5} requests  median {median:6.1f} ms  p95 {p95:6.1f} ms"
            )

    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "truth.jsonl"
        flags = [
            "demo-site", "--seed", str(args.seed), "--outlets", str(args.outlets),
            "--days", str(args.days), "--start", str(args.start), "--export-truth", str(out),
        ]  # fmt: skip
        # The child reports its own peak RSS from /proc (VmHWM starts afresh at exec; its
        # ru_maxrss, like RUSAGE_CHILDREN, would count what this process held when it forked).
        child = (
            "import re, sys\n"
            "from pathlib import Path\n"
            "from pipelines.cli import main\n"
            f"status = main({flags!r})\n"
            "status_file = Path('/proc/self/status').read_text()\n"
            "print(int(re.search(r'VmHWM:\\s+(\\d+)', status_file).group(1)) // 1024)\n"
            "sys.exit(status)\n"
        )
        started = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-c", child], check=True, cwd=REPO, capture_output=True, text=True
        )
        print(
            f"akhbar demo-site --export-truth (child process, CLI imports included): "
            f"{time.perf_counter() - started:.1f} s, peak RSS {done.stdout.strip()} MB, "
            f"{out.stat().st_size / 1e6:.0f} MB written"
        )


if __name__ == "__main__":
    main()
