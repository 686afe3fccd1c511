"""Runs whose steps execute in other processes (the Dask executor's workers): each process
rebuilds the code location's job (``daily_news_job``), so a run is described by run config
and tags only, never by Python objects.

Resource settings given on the command line become run config; secrets stay in the
environment and are named there (``{"env": ...}``), so no password reaches the run's stored
config, its logs or its metadata (tests/cluster/test_cluster_profile.py checks it).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from datetime import date

import dagster as dg

from pipelines.definitions import defs
from pipelines.resources import ENVIRONMENT, SECRET_FIELDS
from pipelines.runs import RunOutcome, outcome_of, range_tags, release_dead_runs


def daily_news_job() -> dg.JobDefinition:
    """The code location's daily job, as every worker process rebuilds it."""
    return defs.resolve_job_def("daily_news")


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
    job = dg.reconstructable(daily_news_job)
    run_config = {
        "loggers": {"console": {"config": {"log_level": log_level}}},
        **resources_run_config(resources),
    }
    tags = range_tags(first, last)
    outcome = outcome_of(
        dg.execute_job(job, instance=active, run_config=run_config, tags=tags, raise_on_error=False)
    )
    if outcome.success or not outcome.failed_steps:
        return outcome
    # Dask's executor does not honour retry policies: the failed steps (a crawl shard whose
    # worker was lost, say) run once more, alone, with what they stopped, and nothing else.
    retry = dg.ReexecutionOptions.from_failure(outcome.run_id, active)
    return outcome_of(
        dg.execute_job(
            job,
            instance=active,
            run_config=run_config,
            tags=tags,
            raise_on_error=False,
            reexecution_options=retry,
        )
    )


def resources_run_config(
    resources: Mapping[str, object], environ: Mapping[str, str] = os.environ
) -> dict[str, object]:
    """The settings of ``resources`` that differ from their defaults, as run config, over the
    settings the environment gives (``ENVIRONMENT``, by variable name: a resource given any
    run config takes nothing else from the code location's own definition)."""
    config: dict[str, dict[str, object]] = {}
    for variable, (name, field) in ENVIRONMENT.items():
        if variable in environ:
            config.setdefault(name, {})[field] = {"env": variable}
    for name, resource in resources.items():
        if not isinstance(resource, dg.ConfigurableResource):
            continue
        for field, info in type(resource).model_fields.items():
            value = getattr(resource, field)
            if (name, field) not in SECRET_FIELDS and value != info.default:
                config.setdefault(name, {})[field] = value
    if not config:
        return {}
    return {"resources": {name: {"config": fields} for name, fields in config.items()}}
