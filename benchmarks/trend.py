"""What `akhbar trend` costs on the synthetic 10-million-article history: a one-term query over
a year (the issue's bound: under 2 s), an OR, a NOT and a phrase.

Usage (from the repository root):

    .venv/bin/python benchmarks/trend.py --workdir DIR [--articles 10000000]
        [--history-days 730] [--template-days 14] [--repeats 5] [--day 2026-11-25]

The history is the one ``benchmarks/scale.py --part synthetic`` draws (its ``TextPools`` and
``history_day``: bodies of 3-6 sentences cut to 300-600 characters, the demo banks), but only
its term index is written: ``staging.article_terms``, the one table `akhbar trend` reads, for
``--history-days`` days ending the day before ``--day``, ``--articles`` / ``--history-days``
articles a day. Tokenising 10 million bodies in Python takes hours on this 2-core machine, so
``--template-days`` days are drawn and indexed with the pipeline's own
``article_term_rows``, and every day of the history is one of them with its ``day`` set to
that day: each day file has a real day's rows, terms, sizes and row groups. Then
``publish_database`` writes the analysts' database (views and macros), and each query runs
``--repeats`` times as the command a user types (``python -m pipelines.cli trend ...``, a new
process each time: start-up, opening the database, the query) and as the SQL alone on a fresh
read-only connection.
"""

# ruff: noqa: E402 (the repository root goes on sys.path first)
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import polars as pl

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

from scale import TextPools, history_day

from pipelines.demo_site.generator import Scale
from pipelines.news.attention import parse_query
from pipelines.news.terms import article_term_rows
from warehouse.attention import trend_sql
from warehouse.store import Warehouse

# A term of a few articles in ten, a rare one, the commonest word (nearly every article),
# then OR, NOT and a phrase.
QUERIES = ["مليون", "الجفاف", "في", "مليون OR الجفاف", "مليون NOT درهم", '"مليون درهم"']
DAYS_PER_WRITE = 7


def build(args: argparse.Namespace, database: Path) -> dict[str, float]:
    """Index ``--template-days`` synthetic days, then write the history from them."""
    pools = TextPools.draw(args.seed + 1, Scale(outlets=args.outlets).lineup)
    rng = np.random.default_rng(args.seed)
    spec = {"sentences": (3, 6), "chars": (300, 600), "site_url": "http://127.0.0.1:8765/",
            "section_map_version": "synthetic"}  # fmt: skip
    per_day = args.articles // args.history_days
    first = args.day - timedelta(days=args.history_days)
    started = time.perf_counter()
    templates = []
    for k in range(args.template_days):
        day = history_day(first + timedelta(days=k), per_day, pools, rng, spec)
        templates.append(
            article_term_rows(
                day["staging.parsed_pages"],
                day["staging.article_stories"],
                day["staging.article_topics"],
            )
        )
    indexed = time.perf_counter() - started
    store = Warehouse(database)
    started = time.perf_counter()
    for offset in range(0, args.history_days, DAYS_PER_WRITE):
        days = range(offset, min(args.history_days, offset + DAYS_PER_WRITE))
        rows = pl.concat(
            templates[k % len(templates)].with_columns(day=pl.lit(first + timedelta(days=k)))
            for k in days
        )
        store.write_window(
            "history", "staging.article_terms", rows,
            first + timedelta(days=days[0]), first + timedelta(days=days[-1] + 1),
        )  # fmt: skip
    written = time.perf_counter() - started
    started = time.perf_counter()
    store.publish_database()
    published = time.perf_counter() - started
    files = list((store.lake.root / "staging" / "article_terms").rglob("*.parquet"))
    return {
        "per_day": per_day,
        "rows_per_day": statistics.mean(t.height for t in templates),
        "index_s_per_day": indexed / args.template_days,
        "write_s": written,
        "publish_s": published,
        "files": len(files),
        "gb": sum(f.stat().st_size for f in files) / 1e9,
    }


def time_cli(database: Path, query: str, first: date, last: date) -> tuple[float, str]:
    command = [sys.executable, "-m", "pipelines.cli", "trend", query, "--from", str(first),
               "--to", str(last), "--warehouse", str(database), "--format", "csv"]  # fmt: skip
    started = time.perf_counter()
    done = subprocess.run(command, cwd=REPO, capture_output=True, text=True, check=True)
    return time.perf_counter() - started, done.stdout


def time_startup() -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", "import pipelines.cli"], cwd=REPO, check=True)
    return time.perf_counter() - started


def time_sql(database: Path, query: str, first: date, last: date) -> tuple[float, int]:
    import duckdb

    trend = trend_sql(parse_query(query), first, last + timedelta(days=1))
    started = time.perf_counter()
    with duckdb.connect(str(database), read_only=True) as connection:
        rows = connection.sql(trend.sql, params=trend.params).fetchall()
    return time.perf_counter() - started, sum(r[1] for r in rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workdir", type=Path, required=True)
    parser.add_argument("--articles", type=int, default=10_000_000)
    parser.add_argument("--history-days", type=int, default=730)
    parser.add_argument("--template-days", type=int, default=14)
    parser.add_argument("--outlets", type=int, default=10)
    parser.add_argument("--day", type=date.fromisoformat, default=date(2026, 11, 25))
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument(
        "--skip-build", action="store_true", help="reuse --workdir's history (republished)"
    )
    args = parser.parse_args()
    git = ["git", "rev-parse", "--short", "HEAD"]
    commit = subprocess.run(git, cwd=REPO, capture_output=True, text=True).stdout.strip()
    print(f"commit {commit}: benchmarks/trend.py {' '.join(sys.argv[1:])}")
    print(f"load average {' '.join(f'{n:.1f}' for n in os.getloadavg())}")
    database = args.workdir / "news.duckdb"
    if args.skip_build:  # the history stays; the database gets the current views and macros
        Warehouse(database).publish_database()
    else:
        made = build(args, database)
        print(
            f"history: {args.articles:,} articles over {args.history_days} days "
            f"({made['per_day']:,} a day), {made['rows_per_day']:,.0f} index rows a day; "
            f"indexing {made['index_s_per_day']:.1f} s a day; writing {made['files']} day files "
            f"{made['write_s']:.0f} s, {made['gb']:.2f} GB; publish_database "
            f"{made['publish_s']:.1f} s"
        )
    last = args.day - timedelta(days=1)
    first = last - timedelta(days=364)
    print(f"\nqueries over {first}..{last} (365 days), {args.repeats} runs each\n")
    print("| query | articles matched | `akhbar trend` wall s: median (min-max) | SQL alone s |")
    print("|---|---|---|---|")
    for query in QUERIES:
        cli = [time_cli(database, query, first, last) for _ in range(args.repeats)]
        sql = [time_sql(database, query, first, last) for _ in range(args.repeats)]
        cli_s = [s for s, _ in cli]
        sql_s = [s for s, _ in sql]
        print(
            f"| `{query}` | {sql[0][1]:,} | {statistics.median(cli_s):.2f} "
            f"({min(cli_s):.2f}-{max(cli_s):.2f}) | {statistics.median(sql_s):.2f} "
            f"({min(sql_s):.2f}-{max(sql_s):.2f}) |"
        )
    startup = [time_startup() for _ in range(args.repeats)]
    print(
        f"\nof which starting Python and importing pipelines.cli (Dagster included): median "
        f"{statistics.median(startup):.2f} s ({min(startup):.2f}-{max(startup):.2f})"
    )
    print(f"\nload average at the end {' '.join(f'{n:.1f}' for n in os.getloadavg())}")


if __name__ == "__main__":
    main()
