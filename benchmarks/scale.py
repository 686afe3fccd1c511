"""What the Parquet lake costs at scale: a daily run against a short and a long history, a
history of millions of articles, a year's backfill, and an analyst reading during it.

Usage (from the repository root):

    .venv/bin/python benchmarks/scale.py --part unit [--histories 30,730] [--repeats 2]
    .venv/bin/python benchmarks/scale.py --part synthetic [--articles 10000000]
        [--history-days 730]
    .venv/bin/python benchmarks/scale.py --part backfill [--backfill-days 330]
        [--reader-pause 0.2]
    common flags: [--outlets 10] [--day 2026-11-25] [--seed 7] [--workdir DIR]

* unit: the scaled demo site (``--outlets``, the week ending ``--day``) serves one daily run
  (``materialize_days(day, day)``, i.e. one ``materialize_range`` run of every daily asset and
  check) on a warehouse holding each of ``--histories`` days of synthetic history ending the
  day before, as many articles a day as the site has. Runs alternate between the histories,
  ``--repeats`` times, each on a fresh hard-linked copy of its history.
* synthetic: ``--articles`` over ``--history-days`` (bodies cut to 300-600 characters), then
  one daily run on top, then each mart's refresh for the day, two analyst queries and
  ``publish_database``.
* backfill: the scaled site's first ``--backfill-days`` days from 2026-01-01 with
  ``materialize_days`` (31-day runs), while another process opens ``news.duckdb`` read-only
  in a loop (once it exists) and runs three analyst queries, pausing ``--reader-pause`` s.

Synthetic history is written straight into the lake (``Warehouse.write_window``, a chunk of
days per call) for every windowed table: the raw, staging and mart tables are drawn with
vectorised Polars/NumPy per day from the demo site's title and sentence banks and its
outlets' section labels; the two SQL marts are computed by their own SQL files. Every
measurement runs in a child process of its own (this script with ``--child``) that reports
its wall time and its own peak RSS (VmHWM, which starts afresh at exec).
"""

# ruff: noqa: E402 (the repository root goes on sys.path first)
from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock
from functools import partial
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")

from pipelines.demo_site.banks import GENERIC_SENTENCES, SENTENCES, TITLES
from pipelines.demo_site.generator import DAILY_ORIGINALS, TOPIC_WEIGHTS, Scale, daily_republished
from pipelines.demo_site.outlets import Lineup
from pipelines.demo_site.registry import registry_yaml
from pipelines.demo_site.slots import draw_slots, person_name
from pipelines.news import tables
from pipelines.news.models import CASABLANCA
from pipelines.news.stories.clustering import DEFAULT_STORY_PARAMS
from pipelines.news.topics.training import cutoff_for
from warehouse.store import Warehouse
from warehouse.story_mart import rebuild_stories

Spec = dict[str, Any]
FIRST_PARTITION = date(2026, 1, 1)
TOPICS = list(TOPIC_WEIGHTS)
TOPIC_P = np.array([TOPIC_WEIGHTS[t] for t in TOPICS], dtype=float) / sum(TOPIC_WEIGHTS.values())
POOL = 400  # formatted titles and sentences per topic (and generic sentences)
TICKER_POSITIONS = 6  # headlines an aggregator page's ticker shows
# The marts computed by their SQL (warehouse/sql/marts), in order, with the days each reads
# before. Synthetic stories never leave their day, so a chunk's stories add up from its days.
SQL_MARTS = {"daily_topic_counts": 0, "publication_trends": 6, "story_days": 0, "stories": 0}
STORIES = "SELECT count(*) FROM marts.stories"
READER_QUERIES = [
    "SELECT topic, sum(articles) AS n FROM marts.daily_topic_counts GROUP BY topic ORDER BY n",
    "SELECT day, count(*) FROM staging.article_topics WHERE day >= "
    "(SELECT max(day) - 7 FROM staging.article_topics) GROUP BY day",
    STORIES,
]
ONE_DAY = timedelta(days=1)
# Values every synthetic row shares: of parsed and classified pages; of fetched pages.
PAGE_VALUES = {"status": "article", "language": "ar", "charset": "utf-8",
               "charset_rule": "header", "method": "section_map", "confidence": 1.0}  # fmt: skip
FETCH_VALUES = {"via": "sitemap", "status": 200, "attempts": 1,
                "content_type": "text/html; charset=utf-8"}  # fmt: skip


# -- synthetic history ----------------------------------------------------------------------


@dataclass(frozen=True)
class TextPools:
    """What a synthetic article is drawn from: formatted titles and sentences per topic,
    authors, the outlets (weighted by their daily volume) and their section labels."""

    titles: pl.Series  # POOL per topic, in TOPICS order
    sentences: pl.Series  # POOL per topic, then POOL topic-free ones
    authors: pl.Series
    outlets: pl.Series
    outlet_p: np.ndarray
    aggregator: str
    sections: pl.DataFrame  # outlet, topic, section

    @classmethod
    def draw(cls, seed: int, outlets: Lineup) -> TextPools:
        rng = random.Random(seed)
        titles, sentences = [], []
        for topic in [*TOPICS, None]:
            for _ in range(POOL):
                cast = draw_slots(rng)
                if topic is None:
                    sentences.append(rng.choice(GENERIC_SENTENCES).format_map(cast))
                else:
                    titles.append(rng.choice(TITLES[topic]).format_map(cast))
                    sentences.append(rng.choice(SENTENCES[topic]).format_map(cast))
        volume = {s.key: DAILY_ORIGINALS[s.template] for s in outlets.originals}
        volume[outlets.aggregator.key] = daily_republished(outlets)
        sections = [(o.key, t, o.label_for(t)) for o in outlets for t in TOPICS]
        return cls(
            titles=pl.Series(titles),
            sentences=pl.Series(sentences),
            authors=pl.Series([person_name(rng, rng.random() < 0.4) for _ in range(200)]),
            outlets=pl.Series(list(volume)),
            outlet_p=np.array(list(volume.values()), dtype=float) / sum(volume.values()),
            aggregator=outlets.aggregator.key,
            sections=pl.DataFrame(sections, ["outlet", "topic", "section"], orient="row"),
        )


def conform(rows: pl.DataFrame, spec: tables.TableSpec) -> pl.DataFrame:
    """``rows`` as ``spec``'s columns and types; the columns it lacks are NULL."""
    return rows.select(
        pl.col(c.name) if c.name in rows.columns else pl.lit(None).alias(c.name)
        for c in spec.columns
    ).cast(pl.Schema(spec.polars_schema))


def history_day(
    day: date, n: int, pools: TextPools, rng: np.random.Generator, spec: Spec
) -> dict[str, pl.DataFrame]:
    """One day's rows of every windowed table but the SQL marts: ``n`` articles, each row
    drawn by NumPy/Polars a column at a time."""
    topic = rng.choice(len(TOPICS), n, p=TOPIC_P)
    fewest, most = spec["sentences"]
    shortest, longest = spec["chars"] or (0, 1)
    # Sentence j of every body: two thirds topical, the rest topic-free.
    picks = {
        f"s{j}": pools.sentences.gather(
            np.where(rng.random(n) < 0.65, topic * POOL, len(TOPICS) * POOL)
            + rng.integers(0, POOL, n)
        )
        for j in range(most)
    }
    sentences = [pl.when(pl.col("count") > j).then(pl.col(f"s{j}")) for j in range(most)]
    body = pl.concat_str(sentences, separator=" ", ignore_nulls=True)
    if spec["chars"]:
        body = body.str.slice(0, pl.col("clip"))
    iso, site = pl.lit(day.isoformat()), pl.lit(spec["site_url"])
    midnight = datetime.combine(day, clock(), CASABLANCA).astimezone(UTC)
    outlet = pools.outlets.gather(rng.choice(len(pools.outlets), n, p=pools.outlet_p))
    columns = {
        "i": np.arange(n),
        "topic": pl.Series(TOPICS).gather(topic),
        "outlet": outlet,
        "title": pools.titles.gather(topic * POOL + rng.integers(0, POOL, n)),
        "author": pools.authors.gather(rng.integers(0, len(pools.authors), n)),
        "minute": rng.integers(6 * 60, 24 * 60, n),
        # About one article in seven joins another's story (copies, rewrites).
        "story": np.where(rng.random(n) < 0.15, rng.integers(0, n, n), np.arange(n)),
        "count": rng.integers(fewest, most + 1, n),
        "clip": rng.integers(shortest, longest + 1, n),
    }
    articles = (
        pl.DataFrame({**columns, **picks})
        .join(pools.sections, on=["outlet", "topic"], how="left")
        .with_columns(
            day=pl.lit(day),
            published_day=pl.lit(day),
            url=pl.format("{}o/{}/archive/{}/{}.html", site, "outlet", iso, "i"),
            body=body,
            published_at=pl.lit(midnight) + pl.duration(minutes="minute"),
            story_id=pl.format("h-{}-{}", iso, "story"),
            original_outlet=pl.when(pl.col("outlet") == pools.aggregator).then(pl.lit("atlas")),
            model_version=pl.lit(spec["section_map_version"]),
            **{name: pl.lit(value) for name, value in PAGE_VALUES.items()},
        )
    )
    fetched = articles.with_columns(
        canonical_url=pl.col("url"),
        final_url=pl.col("url"),
        listed_in=pl.format("{}o/{}/sitemap-{}.xml", site, "outlet", iso),
        sha256=pl.concat_str([pl.col("url").hash(k).cast(pl.String) for k in range(3)]),
        fetched_at=pl.lit(midnight) + pl.duration(days=1, minutes="minute"),
        **{name: pl.lit(value) for name, value in FETCH_VALUES.items()},
    )
    # The aggregator's pages each show a ticker of the day's headlines.
    ticker = (
        articles.filter(pl.col("outlet") == pools.aggregator)
        .select("day", "url")
        .join(pl.DataFrame({"position": range(TICKER_POSITIONS)}), how="cross")
    )
    shown = rng.integers(0, n, ticker.height)
    ticker = ticker.with_columns(
        headline=articles["title"].gather(shown), story_id=articles["story_id"].gather(shown)
    )
    model = {"day": [day], "training_examples": [0], "trained_until": [cutoff_for(day) - ONE_DAY]}
    return {
        "raw.discovered_urls": conform(fetched, tables.RAW_DISCOVERED_URLS),
        "raw.pages": conform(fetched, tables.RAW_PAGES),
        "staging.parsed_pages": conform(articles, tables.STAGING_PARSED_PAGES),
        "staging.ticker_headlines": conform(ticker, tables.STAGING_TICKER_HEADLINES),
        "staging.article_topics": conform(articles, tables.STAGING_ARTICLE_TOPICS),
        "staging.article_stories": conform(articles, tables.STAGING_ARTICLE_STORIES),
        "staging.topic_models": conform(pl.DataFrame(model), tables.STAGING_TOPIC_MODELS),
        "marts.daily_ticker_stories": conform(
            ticker.group_by("day", "story_id").agg(times_shown=pl.len()),
            tables.MARTS_DAILY_TICKER_STORIES,
        ),
    }


def write_history(spec: Spec) -> Spec:
    """Child: ``spec['articles']`` synthetic articles over ``spec['days']`` days from
    ``spec['first']``, written a chunk of days per ``write_window``, then
    ``publish_database``."""
    from pipelines.news.sources import load_registry
    from pipelines.news.topics.assignment import section_map_version

    store = Warehouse(spec["database"])
    first, days = date.fromisoformat(spec["first"]), spec["days"]
    registry = load_registry(spec["registry"], spec["site_url"])
    spec = {**spec, "section_map_version": section_map_version(registry)}
    pools = TextPools.draw(spec["seed"] + 1, Scale(outlets=spec["outlets"]).lineup)
    rng = np.random.default_rng(spec["seed"])
    per_day, extra = divmod(spec["articles"], days)
    chunk = max(1, min(31, 200_000 // max(per_day, 1)))
    started, written = time.perf_counter(), 0
    for offset in range(0, days, chunk):
        start = first + timedelta(days=offset)
        end = first + timedelta(days=min(days, offset + chunk))
        parts = [
            history_day(start + timedelta(k), per_day + (offset + k < extra), pools, rng, spec)
            for k in range((end - start).days)
        ]
        for table in parts[0]:
            store.write_window("history", table, pl.concat(p[table] for p in parts), start, end)
        written += sum(p["staging.parsed_pages"].height for p in parts)
        for mart, lookback in SQL_MARTS.items():
            since = start - timedelta(days=lookback)
            rows = store.query_window(f"marts/{mart}.sql", start, end, since=since)
            store.write_window("history", f"marts.{mart}", rows, start, end)
    generated = time.perf_counter() - started
    published = timed(store.publish_database)
    files = [p for p in store.lake.root.rglob("*") if p.is_file()]
    size = sum(p.stat().st_size for p in files) / 1e9
    return {"articles": written, "seconds": generated, "publish_database_s": published,
            "lake_gb": size, "files": len(files)}  # fmt: skip


# -- children: a pipeline run, the marts, an analyst ----------------------------------------


def run_days(spec: Spec) -> Spec:
    """Child: ``materialize_days(first, last)`` against the site; wall time and per-step
    seconds (summed over the runs) from the runs' STEP_SUCCESS events."""
    import dagster as dg

    from pipelines.resources import pipeline_resources
    from pipelines.runs import materialize_days, run_windows

    instance = dg.DagsterInstance.ephemeral()
    resources = pipeline_resources(
        site_url=spec["site_url"], registry=spec["registry"], database=spec["database"]
    )
    first, last = date.fromisoformat(spec["first"]), date.fromisoformat(spec["last"])
    started = time.perf_counter()
    outcomes = materialize_days(first, last, dict(resources), instance, log_level="WARNING")
    seconds = time.perf_counter() - started
    steps: Counter[str] = Counter()  # milliseconds
    for outcome in outcomes:
        success = dg.DagsterEventType.STEP_SUCCESS
        for record in instance.get_records_for_run(outcome.run_id, of_type=success).records:
            event = record.event_log_entry.dagster_event
            if event is not None and event.step_key is not None:
                steps[event.step_key] += getattr(event.event_specific_data, "duration_ms", 0)
    failed = [s for o in outcomes for s in (*o.failed_steps, *o.failed_checks)]
    windows = run_windows(first, last)[: len(outcomes)]
    days = sum((end - start).days + 1 for start, end in windows)
    seconds_by_step = {step: ms / 1000 for step, ms in steps.items()}
    return {"seconds": seconds, "runs": len(outcomes), "days": days, "steps": seconds_by_step,
            "success": all(o.success for o in outcomes), "failed": failed}  # fmt: skip


def refresh_marts(spec: Spec) -> Spec:
    """Child: a day's refresh of each SQL mart, two analyst queries and publish_database,
    each twice (the first in a fresh process)."""
    store, day = Warehouse(spec["database"]), date.fromisoformat(spec["day"])
    end, week = day + ONE_DAY, day - timedelta(days=6)
    counts = "SELECT * FROM marts.daily_topic_counts WHERE day = $day"
    day_stories = "SELECT * FROM marts.stories WHERE first_published_day = $day"
    jobs: dict[str, Callable[[], object]] = {
        "query_window daily_topic_counts.sql, 1 day": partial(
            store.query_window, "marts/daily_topic_counts.sql", day, end
        ),
        "query_window publication_trends.sql, 1 day + 6": partial(
            store.query_window, "marts/publication_trends.sql", day, end, since=week
        ),
        "rebuild_stories (marts.story_days + marts.stories), 1 day": partial(
            rebuild_stories, store, "benchmark", day, end, DEFAULT_STORY_PARAMS.lookback_days
        ),
        "query `SELECT count(*) FROM marts.stories`": partial(store.query, STORIES),
        f"query `{day_stories}`": partial(store.query, day_stories, {"day": day}),
        f"query `{counts}`": partial(store.query, counts, {"day": day}),
        "publish_database()": store.publish_database,
    }
    return {name: [timed(job), timed(job)] for name, job in jobs.items()}


def read_loop(spec: Spec) -> Spec:
    """Child: open the analysts' database read-only, run READER_QUERIES, pause; again until
    the stop file appears. Waits for the database (the first run publishes it). A query's
    time includes opening the file for the first of each iteration."""
    import duckdb

    database, stop = Path(spec["database"]), Path(spec["stop"])
    while not database.exists() and not stop.exists():
        time.sleep(0.1)
    durations: list[float] = []
    errors: list[str] = []
    while not stop.exists():
        began = time.perf_counter()
        try:
            with duckdb.connect(str(database), read_only=True) as connection:
                for sql in READER_QUERIES:
                    connection.sql(sql).fetchall()
                    durations.append(time.perf_counter() - began)
                    began = time.perf_counter()
        except (duckdb.Error, OSError) as error:
            errors.append(f"{type(error).__name__}: {error}"[:300])
        time.sleep(spec["pause"])
    return {"queries": len(durations), "errors": len(errors), "first_errors": errors[:3],
            "longest_ms": max(durations, default=0) * 1000,
            "median_ms": statistics.median(durations or [0]) * 1000}  # fmt: skip


CHILDREN = {"history": write_history, "run": run_days, "marts": refresh_marts, "reader": read_loop}


# -- the parent -----------------------------------------------------------------------------


def timed(job: Callable[[], object]) -> float:
    started = time.perf_counter()
    job()
    return time.perf_counter() - started


def peak_rss_mb() -> float:
    match = re.search(r"VmHWM:\s+(\d+)", Path("/proc/self/status").read_text(encoding="utf-8"))
    return int(match.group(1)) / 1024 if match else float("nan")


def command(task: str, **spec: Any) -> list[str]:
    return [sys.executable, __file__, "--child", task, json.dumps(spec, default=str)]


def child(task: str, **spec: Any) -> Spec:
    done = subprocess.run(command(task, **spec), cwd=REPO, capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"child {task} failed:\n{done.stderr[-4000:]}")
    result: Spec = json.loads(done.stdout.splitlines()[-1])
    return result


def markdown(header: list[str], rows: list[list[Any]]) -> None:
    print(f"\n| {' | '.join(header)} |\n|{'---|' * len(header)}")
    for row in rows:
        print(f"| {' | '.join(str(cell) for cell in row)} |")


def print_steps(columns: dict[str, list[Spec]], top: int = 12) -> None:
    """Mean seconds of each step over each column's runs: the ``top`` costliest steps."""
    means = [
        {
            step: statistics.mean(r["steps"].get(step, 0.0) for r in runs)
            for step in runs[0]["steps"]
        }
        for runs in columns.values()
    ]
    steps = sorted({s for m in means for s in m}, key=lambda s: -max(m.get(s, 0) for m in means))
    rows = [[step, *(f"{m.get(step, 0.0):.1f}" for m in means)] for step in steps[:top]]
    markdown(["step: mean s", *columns], rows)


@contextmanager
def site_for(args: argparse.Namespace, scale: Scale, work: Path) -> Iterator[Spec]:
    """The scaled demo site on 127.0.0.1 (a thread of this process) and its registry file."""
    from pipelines.demo_site.server import running_site

    registry = work / f"registry-{scale.outlets}.yaml"
    registry.write_text(registry_yaml(scale.lineup), encoding="utf-8")
    with running_site(port=0, seed=args.seed, scale=scale) as site:
        corpus = site.site.corpus  # drawn now, not during the first measured run
        on_day = sum(a.local_day == args.day for a in corpus.articles)
        per_day = round(len(corpus.articles) / scale.days)
        yield {"site_url": site.url, "registry": str(registry), "outlets": scale.outlets,
               "seed": args.seed, "per_day": per_day, "on_day": on_day}  # fmt: skip


def unit(args: argparse.Namespace, work: Path) -> None:
    scale = Scale(outlets=args.outlets, days=7, start=args.day - timedelta(days=6))
    runs: dict[tuple[int, int], Spec] = {}
    with site_for(args, scale, work) as site:
        print(f"site: {site['on_day']} articles on {args.day}, {site['per_day']}/day on average")
        for days in args.histories:
            made = child(
                "history", **site, database=work / f"history-{days}" / "news.duckdb", days=days,
                first=args.day - timedelta(days=days), articles=site["per_day"] * days,
                sentences=(6, 28), chars=None,
            )  # fmt: skip
            print(f"history {days} d: {made['articles']:,} articles, {made['seconds']:.1f} s")
        for repeat in range(args.repeats):
            for days in args.histories:
                copy = work / f"run-{days}-{repeat}"  # a fresh copy: the run adds its day
                shutil.copytree(work / f"history-{days}", copy, copy_function=os.link)
                runs[days, repeat] = child(
                    "run", **site, database=copy / "news.duckdb", first=args.day, last=args.day
                )
                shutil.rmtree(copy)
    short, long = args.histories[0], args.histories[-1]
    rows = [
        [f"{days} days", repeat + 1, f"{run['success']} {' '.join(run['failed'])}".strip(),
         f"{run['seconds']:.1f}", f"{run['peak_rss_mb']:.0f}"]
        for (days, repeat), run in sorted(runs.items(), key=lambda item: item[0][::-1])
    ]  # fmt: skip
    markdown(["history", "run", "success", "wall s", "peak RSS MB"], rows)
    for repeat in range(args.repeats):
        a, b = runs[short, repeat], runs[long, repeat]
        print(
            f"run {repeat + 1}: {long} d / {short} d: wall {b['seconds'] / a['seconds']:.2f}, "
            f"peak RSS {b['peak_rss_mb'] / a['peak_rss_mb']:.2f}"
        )
    print_steps({f"{d} d": [runs[d, r] for r in range(args.repeats)] for d in args.histories})


def synthetic(args: argparse.Namespace, work: Path) -> None:
    scale = Scale(outlets=args.outlets, days=7, start=args.day - timedelta(days=6))
    database = work / "synthetic" / "news.duckdb"
    with site_for(args, scale, work) as site:
        made = child(
            "history", **site, database=database, days=args.history_days, articles=args.articles,
            first=args.day - timedelta(days=args.history_days), sentences=(3, 6),
            chars=(300, 600),
        )  # fmt: skip
        run = child("run", **site, database=database, first=args.day, last=args.day)
    marts = child("marts", database=database, day=args.day)
    outcome = f"success {run['success']} {' '.join(run['failed'])}".strip()
    rows = [
        ["synthetic history", f"{made['articles']:,} articles over {args.history_days} days, "
         "bodies 300-600 characters"],
        ["generation, SQL marts included", f"{made['seconds']:.0f} s, peak RSS "
         f"{made['peak_rss_mb']:.0f} MB"],
        ["lake on disk", f"{made['lake_gb'] * 1000:,.0f} MB in {made['files']:,} files"],
        ["publish_database() after generation", f"{made['publish_database_s']:.1f} s"],
        [f"daily run on top ({site['on_day']} articles)", f"{run['seconds']:.1f} s, peak RSS "
         f"{run['peak_rss_mb']:.0f} MB, {outcome}"],
        *([name, f"{times[0]:.2f} s, again {times[1]:.2f} s"]
          for name, times in marts.items() if name != "peak_rss_mb"),
        ["peak RSS of the process running the lines above", f"{marts['peak_rss_mb']:.0f} MB"],
    ]  # fmt: skip
    markdown(["what", "figure"], rows)
    print_steps({"daily run": [run]})


def backfill(args: argparse.Namespace, work: Path) -> None:
    scale = Scale(outlets=args.outlets, days=args.backfill_days, start=FIRST_PARTITION)
    database, stop = work / "backfill" / "news.duckdb", work / "backfill.stop"
    with site_for(args, scale, work) as site:
        reader = subprocess.Popen(
            command("reader", database=database, stop=stop, pause=args.reader_pause),
            cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )  # fmt: skip
        run = child("run", **site, database=database, first=scale.start, last=scale.last_day)
        stop.touch()
        out, err = reader.communicate()
    if reader.returncode != 0:
        sys.exit(f"reader failed:\n{err[-4000:]}")
    read = json.loads(out.splitlines()[-1])
    outcome = f"success {run['success']} {' '.join(run['failed'])}".strip()
    rows = [
        ["backfill", f"{scale.start}..{scale.last_day}: {scale.days} days, "
         f"{site['per_day']} articles a day; {run['days']} days done in {run['runs']} runs, "
         f"{outcome}"],
        ["wall time", f"{run['seconds'] / 60:.1f} min, {run['seconds'] / run['days']:.1f} s a day"],
        ["peak RSS", f"{run['peak_rss_mb']:.0f} MB"],
        ["reader: queries, errors", f"{read['queries']:,}, {read['errors']}"],
        ["reader: longest, median", f"{read['longest_ms']:.0f} ms, {read['median_ms']:.0f} ms"],
    ]  # fmt: skip
    markdown(["what", "figure"], rows)
    for error in read["first_errors"]:
        print(f"reader error: {error}")
    print_steps({"backfill": [run]})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--part", choices=["unit", "synthetic", "backfill"], default="unit")
    parser.add_argument("--outlets", type=int, default=10)
    parser.add_argument("--day", type=date.fromisoformat, default=date(2026, 11, 25))
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--histories", default="30,730")
    parser.add_argument("--repeats", type=int, default=2)
    parser.add_argument("--articles", type=int, default=10_000_000)
    parser.add_argument("--history-days", type=int, default=730)
    parser.add_argument("--backfill-days", type=int, default=330)
    parser.add_argument("--reader-pause", type=float, default=0.2)
    parser.add_argument("--workdir", type=Path, help="kept afterwards (default: a temp dir)")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("spec", nargs="?", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        result = CHILDREN[args.child](json.loads(args.spec))
        print(json.dumps({**result, "peak_rss_mb": peak_rss_mb()}))
        return
    args.histories = sorted(int(days) for days in args.histories.split(","))
    git = ["git", "rev-parse", "--short", "HEAD"]
    commit = subprocess.run(git, cwd=REPO, capture_output=True, text=True).stdout.strip()
    print(f"commit {commit}: benchmarks/scale.py {' '.join(sys.argv[1:])}")
    print(f"load average {' '.join(f'{n:.1f}' for n in os.getloadavg())}")
    part = {"unit": unit, "synthetic": synthetic, "backfill": backfill}[args.part]
    if args.workdir:
        args.workdir.mkdir(parents=True, exist_ok=True)
        part(args, args.workdir)
    else:
        with tempfile.TemporaryDirectory(prefix="akhbar-scale-") as folder:
            part(args, Path(folder))
    print(f"\nload average at the end {' '.join(f'{n:.1f}' for n in os.getloadavg())}")


if __name__ == "__main__":
    main()
