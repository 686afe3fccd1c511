"""Analysts never block a run and never see half of one: a separate process holds the
analysts' database open and queries it in a loop while a real Dagster run writes."""

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import dagster as dg

from pipelines.resources import pipeline_resources
from pipelines.runs import materialize_range
from tests.support import DemoSite

# Holds one read-only session open for the whole run, and opens a fresh one per query too.
# Each answer: days in the mart, articles staged, articles the mart counts (equal in any one
# whole version). Stops when stdin closes; prints every answer as JSON.
_READER = """
import json, sys, threading, duckdb
database = sys.argv[1]
QUERY = '''SELECT (SELECT count(DISTINCT day) FROM marts.daily_topic_counts),
                  (SELECT count(DISTINCT url) FROM staging.article_topics),
                  (SELECT sum(articles) FROM marts.daily_topic_counts)'''
held = duckdb.connect(database, read_only=True)
done = threading.Event()
threading.Thread(target=lambda: (sys.stdin.read(), done.set()), daemon=True).start()
answers, errors = {"held": [], "fresh": []}, []
print("ready", flush=True)
while not done.is_set():
    try:
        answers["held"].append(held.sql(QUERY).fetchall()[0])
        with duckdb.connect(database, read_only=True) as fresh:
            answers["fresh"].append(fresh.sql(QUERY).fetchall()[0])
    except Exception as error:
        errors.append(repr(error))
print(json.dumps({"answers": answers, "errors": errors}, default=str))
"""


def test_a_reader_holding_the_database_never_blocks_a_run_nor_sees_a_mix(
    demo_site: DemoSite, tmp_path: Path
) -> None:
    database = tmp_path / "news.duckdb"
    resources = pipeline_resources(site_url=demo_site.url, database=database)
    first, second = date(2026, 2, 10), date(2026, 2, 11)
    with dg.DagsterInstance.ephemeral() as instance:
        assert materialize_range(first, first, resources, instance=instance).success
        reader = subprocess.Popen(
            [sys.executable, "-c", _READER, str(database)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert reader.stdout is not None and reader.stdout.readline().strip() == "ready"
        try:
            outcome = materialize_range(second, second, resources, instance=instance)
        finally:
            report, _ = reader.communicate("", timeout=120)
    assert outcome.success, outcome
    seen = json.loads(report)
    assert seen["errors"] == []
    held, fresh = seen["answers"]["held"], seen["answers"]["fresh"]
    assert held and fresh
    # The session opened before the run keeps the one-day version throughout.
    assert {tuple(answer) for answer in held} == {tuple(held[0])} and held[0][0] == 1
    # Fresh sessions see the old version or the new one, each whole: staged == counted.
    assert all(staged == counted for _, staged, counted in fresh), fresh
    assert {days for days, _, _ in fresh} <= {1, 2}
    final = subprocess.run(
        [
            sys.executable,
            "-c",
            "import duckdb, sys; print(duckdb.connect(sys.argv[1], read_only=True).sql("
            "'SELECT count(DISTINCT day) FROM marts.daily_topic_counts').fetchall()[0][0])",
            str(database),
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    assert final.stdout.strip() == "2"
