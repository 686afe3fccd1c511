"""Dagster's Dask executor (dagster-dask), with one fix so that it runs partitioned jobs on
current Dask.

dagster-dask 0.29 submits each step as ``client.submit(query_on_dask_worker, deps, recon_job,
dagster_run, run_config, step_keys, instance_ref, known_state)``. Dask 2025+ walks every
list/tuple argument of a task looking for futures, and a ``DagsterRun`` is a named tuple
holding Dagster records (its partitions definition, its pools) that refuse iteration, so every
partitioned run fails before a step starts ("Iteration is not allowed on `@record`"). Here the
step's arguments travel in one opaque object; the dependencies stay a plain list of futures, so
Dask still orders the steps. Everything else is dagster-dask's own code.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from typing import Any

import dagster as dg
import dask.distributed
from dagster._core.errors import raise_execution_interrupts
from dagster._core.execution.context.system import PlanOrchestrationContext
from dagster._core.execution.plan.plan import ExecutionPlan
from dagster._utils import iterate_with_context
from dagster_dask.executor import (
    DaskExecutor,
    get_dask_resource_requirements,
    query_on_dask_worker,
)
from dagster_dask.executor import (
    dask_executor as upstream_dask_executor,
)


class Opaque:
    """Values passed to or from Dask whole: Dask does not look inside other objects (its
    size estimate of a list of events would walk the same records, and warn)."""

    def __init__(self, *values: Any) -> None:
        self.values = values


def run_step(dependencies: list[Any], arguments: Opaque) -> Opaque:
    """Run on a worker once ``dependencies`` (the steps before it) are done; its events.

    When a worker dies, Dask recomputes every result it held that a waiting task still needs,
    which would run again Dagster steps that already succeeded (a join step run twice would
    find its shards' parts gone and publish nothing). A step this run already finished is
    therefore not run again: its events are in the instance, and it has none to add."""
    # The worker loads the code location here: the beta/preview APIs it uses knowingly (see
    # pyproject's pytest filters) would otherwise warn once per worker, at length.
    warnings.filterwarnings("ignore", category=dg.BetaWarning)
    warnings.filterwarnings("ignore", category=dg.PreviewWarning)
    _, dagster_run, _, step_keys, instance_ref, _ = arguments.values
    with dg.DagsterInstance.from_ref(instance_ref) as instance:
        succeeded = {
            event.step_key
            for event in instance.all_logs(
                dagster_run.run_id, of_type=dg.DagsterEventType.STEP_SUCCESS
            )
        }
    if set(step_keys) <= succeeded:
        return Opaque()
    return Opaque(*query_on_dask_worker(dependencies, *arguments.values))


class OpaqueArgumentsDaskExecutor(DaskExecutor):
    def execute(
        self, plan_context: PlanOrchestrationContext, execution_plan: ExecutionPlan
    ) -> Iterator[dg.DagsterEvent]:
        if not plan_context.instance.is_persistent:
            raise dg.DagsterInvariantViolationError(
                "Dask execution requires a persistent DagsterInstance"
            )
        if self.cluster_type != "existing":
            # Other cluster kinds start a cluster of their own: use upstream as it is.
            yield from super().execute(plan_context, execution_plan)
            return
        instance_ref = plan_context.instance.get_ref()
        futures: dict[str, Any] = {}
        with dask.distributed.Client(  # type: ignore[no-untyped-call]
            self.cluster_configuration["address"]
        ) as client:
            for level in execution_plan.get_steps_to_execute_by_level():
                for step in level:
                    # A step re-executed from failure depends on steps its parent run
                    # finished: they are not submitted again, and their outputs are known.
                    dependencies = [
                        futures[key]
                        for step_input in step.step_inputs
                        for key in step_input.dependency_keys
                        if key in futures
                    ]
                    futures[step.key] = client.submit(
                        run_step,
                        dependencies,
                        Opaque(
                            plan_context.reconstructable_job,
                            plan_context.dagster_run,
                            plan_context.run_config,
                            [step.key],
                            instance_ref,
                            execution_plan.known_state,
                        ),
                        # Dask treats tasks of the same key as one: runs side by side
                        # must not share any (upstream names them by job and step only).
                        key=f"{plan_context.dagster_run.run_id}.{step.key}",
                        resources=get_dask_resource_requirements(step.tags),
                    )
            finished = dask.distributed.as_completed(  # type: ignore[no-untyped-call]
                list(futures.values()), with_results=True
            )
            for _, events in iterate_with_context(raise_execution_interrupts, finished):
                yield from events.values


@dg.executor(  # type: ignore[call-overload,untyped-decorator]
    name="dask",
    config_schema=upstream_dask_executor.config_schema,
    requirements=dg.multiple_process_executor_requirements(),
)
def dask_executor(init_context: dg.InitExecutorContext) -> OpaqueArgumentsDaskExecutor:
    """dagster-dask's executor, configured the same way (see the module docstring)."""
    cluster: dict[str, Any] = init_context.executor_config["cluster"]  # type: ignore[assignment]
    ((cluster_type, cluster_configuration),) = cluster.items()
    return OpaqueArgumentsDaskExecutor(cluster_type, cluster_configuration)  # type: ignore[no-untyped-call]
