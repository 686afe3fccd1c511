"""The daily schedule."""

from __future__ import annotations

import dagster as dg

from pipelines.graph import daily_news_job

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
