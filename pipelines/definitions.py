"""The Dagster code location: `dg dev`, `dg check defs` and workspace.yaml load this."""

from __future__ import annotations

import os

import dagster as dg

from pipelines.deployment import executor_from_environment
from pipelines.graph import DAILY_ASSETS, DAILY_CHECKS, ON_DEMAND_ASSETS, daily_news_job
from pipelines.resources import deployed_resources
from pipelines.schedules import daily_news_schedule, freshness_sensor
from quality.freshness import FRESHNESS_CHECKS

defs = dg.Definitions(
    assets=[*DAILY_ASSETS, *ON_DEMAND_ASSETS],
    asset_checks=[*DAILY_CHECKS, *FRESHNESS_CHECKS],
    jobs=[daily_news_job],
    schedules=[daily_news_schedule],
    sensors=[freshness_sensor],
    resources=deployed_resources(),
    executor=executor_from_environment(os.environ),
)
