"""Runs whose steps execute in other processes (the Dask executor's workers): each process
rebuilds the code location's job (``daily_news_job``), so a run is described by run config
and tags only, never by Python objects.

Resource settings given on the command line become run config; secrets stay in the
environment and are named there (``{"env": ...}``), so no password reaches the run's stored
config, its logs or its metadata (tests/cluster/test_cluster_profile.py checks it).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

import dagster as dg

from pipelines.definitions import defs
from pipelines.resources import SECRET_FIELDS
from pipelines.runs import RunOutcome, outcome_of, range_tags, release_dead_runs


def daily_news_job() -> dg.JobDefinition:
    """The code location's daily job, as every worker process rebuilds it."""
    return defs.get_job_def("daily_news")


def launch_range(
    first: date,
    last: date,
    resources: dict[str, object],
    instance: dg.DagsterInstance | None = None,
    log_level: str = "DEBUG",
) -> RunOutcome:
    """Run every asset for the local days [first, last] as one run of the code location's
    job, with its executor (Dask's in the cluster profile), on a persistent instance."""
    active = instance or dg.DagsterInstance.get()
    release_dead_runs(active)
    result = dg.execute_job(
        dg.reconstructable(daily_news_job),
        instance=active,
        run_config={
            "loggers": {"console": {"config": {"log_level": log_level}}},
            **resources_run_config(resources),
        },
        tags=range_tags(first, last),
        raise_on_error=False,
    )
    return outcome_of(result)


def resources_run_config(resources: Mapping[str, object]) -> dict[str, object]:
    """The settings of ``resources`` that differ from their defaults, as run config: the
    code location's own resources (dg.EnvVar) hold everything else, secrets included."""
    config: dict[str, object] = {}
    for name, resource in resources.items():
        if not isinstance(resource, dg.ConfigurableResource):
            continue
        fields = type(resource).model_fields
        changed = {
            field: getattr(resource, field)
            for field, info in fields.items()
            if (name, field) not in SECRET_FIELDS and getattr(resource, field) != info.default
        }
        if changed:
            config[name] = {"config": changed}
    return {"resources": config} if config else {}
