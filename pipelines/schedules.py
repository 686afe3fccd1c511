"""The daily schedule, and the sensor that notices when its run was missed."""

from __future__ import annotations

import warnings

import dagster as dg

from pipelines.graph import daily_news_job
from quality.freshness import FRESHNESS_CHECKS

# Shortly after Moroccan midnight, materialize the Casablanca day that just ended. The cron
# runs in the partitions' time zone (Africa/Casablanca), so DST and Ramadan are handled.
daily_news_schedule = dg.build_schedule_from_partitioned_job(
    daily_news_job,
    hour_of_day=0,
    minute_of_hour=30,
    # Off until an operator turns it on: the bundled registry points at the demo site, which
    # has no articles for recent days.
    default_status=dg.DefaultScheduleStatus.STOPPED,
)

# Evaluates the freshness checks (quality/freshness.py) once a deadline has gone by, and again
# after a late run publishes; a failing check is not re-run until then, so it stays red in the
# UI (Assets > the mart > Checks) without launching a run every tick. Dagster marks this
# builder superseded by FreshnessPolicy, which judges when an asset was last materialized,
# not which day it holds: a backfill of old days would pass it. Off by default like the
# schedule: on the bundled demo registry, with no articles for recent days, it would only fail.
with warnings.catch_warnings():
    warnings.filterwarnings(
        "ignore", "Function `build_sensor_for_freshness_checks` is superseded", FutureWarning
    )
    freshness_sensor = dg.build_sensor_for_freshness_checks(
        freshness_checks=FRESHNESS_CHECKS,
        minimum_interval_seconds=300,
        default_status=dg.DefaultSensorStatus.STOPPED,
    )
