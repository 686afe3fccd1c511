"""Where steps run, chosen by configuration only: the same asset graph runs in-process (the
embedded default: `make demo`, `make test`) or on a Dask cluster (the cluster profile).

A deployment says so through its environment, the way Dagster deployments are configured:

* ``AKHBAR_DASK_SCHEDULER`` (e.g. ``tcp://10.0.0.5:8786``): steps go to that Dask scheduler
  through Dagster's Dask executor; unset, the code location keeps Dagster's default executor
  and the CLI runs steps in its own process.
* The Dagster instance (runs, events, schedules) is whatever ``$DAGSTER_HOME/dagster.yaml``
  says: SQLite files by default, PostgreSQL in the cluster profile (deploy/cluster/).
* Resource settings (the registry, the warehouse, the shared host gate) are the environment
  variables of ``resources.ENVIRONMENT``; secrets are passed by name, never by value.
"""

from __future__ import annotations

from collections.abc import Mapping

import dagster as dg

DASK_SCHEDULER = "AKHBAR_DASK_SCHEDULER"


def executor_from_environment(environ: Mapping[str, str]) -> dg.ExecutorDefinition | None:
    """Dagster's Dask executor at the configured scheduler, or None for Dagster's default."""
    if not environ.get(DASK_SCHEDULER, "").strip():
        return None
    from pipelines.dask_steps import dask_executor  # only the cluster profile needs Dask

    executor: dg.ExecutorDefinition = dask_executor.configured(
        {"cluster": {"existing": {"address": {"env": DASK_SCHEDULER}}}}
    )
    return executor
