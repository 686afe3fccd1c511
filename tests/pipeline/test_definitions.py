"""The code location loads, and the schedule asks for the right Casablanca day."""

import os
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import dagster as dg
import duckdb
import pytest

from pipelines.definitions import defs
from pipelines.news.models import CASABLANCA
from tests.support import DemoSite

PROJECT_ROOT = Path(__file__).resolve().parents[2]


def test_definitions_load_with_every_asset_check_and_schedule() -> None:
    dg.Definitions.validate_loadable(defs)
    graph = defs.resolve_asset_graph()
    keys = {k.to_user_string() for k in graph.get_all_asset_keys()}
    assert keys == {
        "raw/discovered_urls",
        "raw/pages",
        "staging/parsed_pages",
        "staging/published_pages",
        "evaluation/topic_model_on_datasets",
        "staging/topic_model",
        "staging/article_topics",
        "staging/article_stories",
        "staging/article_terms",
        "marts/daily_topic_counts",
        "marts/publication_trends",
        "marts/stories",
        "marts/daily_ticker_stories",
        "marts/outlet_day_quality",
        "staging/outlet_registry",
        "warehouse/analysts_database",
        "reports/news_report",
    }
    daily = defs.resolve_job_def("daily_news")
    assert "evaluation/topic_model_on_datasets" not in {
        k.to_user_string() for k in daily.asset_layer.executable_asset_keys
    }
    checks = {k.name for k in graph.asset_check_keys}
    assert "every_outlet_has_articles" not in checks and len(checks) == 53
    assert "newest_day_published_on_time" in checks  # one per published table
    assert {"daily_topic_counts_match_staging", "publication_trends_shares_sum_to_one"} <= checks
    assert defs.resolve_schedule_def("daily_news_schedule").job_name == "daily_news"
    assert defs.resolve_sensor_def("freshness_checks_sensor")
    # Write-audit-publish: nothing reads the gated pages but the step that publishes them.
    readers = {
        k.to_user_string() for k in graph.get(dg.AssetKey(["staging", "parsed_pages"])).child_keys
    }
    assert readers == {"staging/published_pages"}


def test_dg_check_defs_accepts_the_project() -> None:
    dg_cli = Path(sys.executable).with_name("dg")
    if not dg_cli.exists():
        pytest.skip("dg is not installed beside this Python")
    env = {**os.environ, "GX_ANALYTICS_ENABLED": "false"}
    done = subprocess.run(
        [str(dg_cli), "check", "defs"],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.parametrize(
    ("local_tick", "expected_partition"),
    [
        # 00:30 on 1 April in Casablanca is still 31 March in UTC (23:30, UTC+1): a schedule
        # reasoning in UTC would ask for 30 March.
        (datetime(2026, 4, 1, 0, 30, tzinfo=CASABLANCA), "2026-03-31"),
        # During Ramadan Casablanca is UTC+0.
        (datetime(2026, 3, 1, 0, 30, tzinfo=CASABLANCA), "2026-02-28"),
    ],
)
def test_schedule_tick_asks_for_the_casablanca_day_that_just_ended(
    local_tick: datetime, expected_partition: str
) -> None:
    schedule = defs.resolve_schedule_def("daily_news_schedule")
    context = dg.build_schedule_context(scheduled_execution_time=local_tick)
    result = schedule.evaluate_tick(context)
    assert [r.partition_key for r in result.run_requests or []] == [expected_partition]


def test_dg_launch_runs_a_partition_range_as_one_multiprocess_run(
    demo_site: DemoSite, tmp_path: Path
) -> None:
    """What operators run: the deployed job, Dagster's default (multi-process) executor and
    IO manager, resources from the environment, a partition range as one run."""
    dg_cli = Path(sys.executable).with_name("dg")
    if not dg_cli.exists():
        pytest.skip("dg is not installed beside this Python")
    database = tmp_path / "warehouse" / "news.duckdb"
    env = {
        **os.environ,
        "DAGSTER_HOME": str(tmp_path / "home"),
        "AKHBAR_SITE_URL": demo_site.url,
        "AKHBAR_WAREHOUSE": str(database),
        "GX_ANALYTICS_ENABLED": "false",
    }
    (tmp_path / "home").mkdir()
    done = subprocess.run(
        [
            str(dg_cli),
            "launch",
            "--job",
            "daily_news",
            "--partition-range",
            "2026-03-21...2026-03-22",
        ],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    with duckdb.connect(str(database), read_only=True) as connection:
        days = connection.sql("SELECT DISTINCT day FROM marts.daily_topic_counts ORDER BY day")
        assert [str(d) for (d,) in days.fetchall()] == ["2026-03-21", "2026-03-22"]
