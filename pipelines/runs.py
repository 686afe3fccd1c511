"""Launching the asset graph for a range of days, from the CLI and from tests."""

import os
from collections.abc import Callable, Sequence
from contextlib import nullcontext
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Protocol

import dagster as dg

from pipelines.graph import DAILY_ASSETS, DAILY_CHECKS
from pipelines.partitions import daily_partitions
from pipelines.resources import PROJECT_ROOT

DAGSTER_HOME = PROJECT_ROOT / ".dagster_home"
_INSTANCE_TEMPLATE = Path(__file__).resolve().parent / "dagster.yaml"


class RangeError(ValueError):
    """A date range the pipeline cannot run; the message says why."""


@dataclass(frozen=True)
class RunOutcome:
    run_id: str
    success: bool
    failed_steps: tuple[str, ...]
    failed_checks: tuple[str, ...]
    # Where the rows a failed blocking check rejected were left (not published).
    rejected_rows_at: tuple[str, ...] = ()


# Days per run when the CLI materializes a range. Each step works a day at a time, so memory
# does not grow with a run's window; runs are still capped so that a failure late in a long
# backfill loses one month, not the whole range. (Dagster's BackfillPolicy.multi_run would do
# the same for UI backfills, but `dg launch --partition-range` accepts only single_run.)
# Consecutive runs go oldest first (each reads the lookback days the runs before it wrote).
# Splitting changes no row: tests/pipeline/test_range_runs.py runs a range and its days one by
# one and compares.
DAYS_PER_RUN = 31

# Tag of runs started from this package, naming the process that executes them in-process.
PID_TAG = "akhbar/pid"


class FinishedRun(Protocol):
    """What ``dg.materialize`` and ``dg.execute_job`` both return."""

    @property
    def run_id(self) -> str: ...

    @property
    def success(self) -> bool: ...

    def get_asset_check_evaluations(self) -> Sequence[dg.AssetCheckEvaluation]: ...

    def get_step_failure_events(self) -> Sequence[dg.DagsterEvent]: ...


class RangeRunner(Protocol):
    """Runs the local days [first, last] as one run: ``materialize_range`` or, where steps
    execute on other processes, ``launch.launch_range``."""

    def __call__(
        self,
        first: date,
        last: date,
        resources: dict[str, object],
        instance: dg.DagsterInstance | None = ...,
        log_level: str = ...,
    ) -> RunOutcome: ...


def partition_range(first: date, last: date) -> dg.PartitionKeyRange:
    """Check [first, last] against the partitions and return it as a key range."""
    if last < first:
        raise RangeError(f"--to {last} is before --from {first}")
    keys = daily_partitions.get_partition_keys()
    if not keys:
        raise RangeError("no daily partition has completed yet")
    earliest, latest = date.fromisoformat(keys[0]), date.fromisoformat(keys[-1])
    if first < earliest or last > latest:
        raise RangeError(
            f"days must lie between {earliest} and {latest} (the last complete Casablanca day); "
            f"got {first}..{last}"
        )
    return dg.PartitionKeyRange(first.isoformat(), last.isoformat())


def run_windows(
    first: date, last: date, days_per_run: int = DAYS_PER_RUN
) -> list[tuple[date, date]]:
    """[first, last] cut into consecutive windows of at most ``days_per_run`` days."""
    if days_per_run < 1:
        raise RangeError(f"days per run must be at least 1, got {days_per_run}")
    windows = []
    start = first
    while start <= last:
        end = min(last, start + timedelta(days=days_per_run - 1))
        windows.append((start, end))
        start = end + timedelta(days=1)
    return windows


def materialize_days(
    first: date,
    last: date,
    resources: dict[str, object],
    instance: dg.DagsterInstance | None = None,
    days_per_run: int = DAYS_PER_RUN,
    log_level: str = "DEBUG",
    on_run: Callable[[date, date], None] | None = None,
    run_range: RangeRunner | None = None,
) -> list[RunOutcome]:
    """Materialize the local days [first, last] as consecutive runs of at most
    ``days_per_run`` days, oldest first, stopping after the first run that fails (later days
    would read its missing lookback). ``on_run`` hears of each window before it starts;
    ``run_range`` runs each (default: ``materialize_range``, steps in this process)."""
    partition_range(first, last)  # the whole range is checked before anything runs
    outcomes: list[RunOutcome] = []
    for start, end in run_windows(first, last, days_per_run):
        if on_run is not None:
            on_run(start, end)
        outcomes.append(
            (run_range or materialize_range)(start, end, resources, instance, log_level)
        )
        if not outcomes[-1].success:
            break
    return outcomes


def local_instance() -> dg.DagsterInstance:
    """The project's persistent Dagster instance (runs show up in `make ui`)."""
    home = Path(os.environ.setdefault("DAGSTER_HOME", str(DAGSTER_HOME)))
    home.mkdir(parents=True, exist_ok=True)
    config = home / "dagster.yaml"
    if not config.exists():
        config.write_text(_INSTANCE_TEMPLATE.read_text(encoding="utf-8"), encoding="utf-8")
    return dg.DagsterInstance.get()


def materialize_range(
    first: date,
    last: date,
    resources: dict[str, object],
    instance: dg.DagsterInstance | None = None,
    log_level: str = "DEBUG",
) -> RunOutcome:
    """Materialize every asset for the local days [first, last] in one run (a single-run
    backfill), checks included. Does not raise on failure: see ``RunOutcome``."""
    tags = range_tags(first, last)
    # An instance made here is ours to dispose of (its temporary directory goes with it) once
    # the result is read: the result itself only keeps a weakref to it.
    with nullcontext(instance) if instance else dg.DagsterInstance.ephemeral() as active:
        release_dead_runs(active)
        result = dg.materialize(
            [*DAILY_ASSETS, *DAILY_CHECKS],
            resources=resources,
            instance=active,
            raise_on_error=False,
            run_config={"loggers": {"console": {"config": {"log_level": log_level}}}},
            tags=tags,
        )
        return outcome_of(result)


def range_tags(first: date, last: date) -> dict[str, str]:
    """The tags of a single-run backfill of the local days [first, last]."""
    key_range = partition_range(first, last)
    return {
        PID_TAG: str(os.getpid()),
        "dagster/asset_partition_range_start": key_range.start,
        "dagster/asset_partition_range_end": key_range.end,
    }


def outcome_of(result: FinishedRun) -> RunOutcome:
    """What a finished run came to: failed steps, failed checks and their rejected rows."""
    failed = [e for e in result.get_asset_check_evaluations() if not e.passed]
    failed_checks = tuple(e.check_name for e in failed)
    rejected = dict.fromkeys(
        str(e.metadata["rejected_rows_at"].value)
        for e in failed
        if "rejected_rows_at" in e.metadata
    )
    failed_steps = tuple(
        e.step_key for e in result.get_step_failure_events() if e.step_key is not None
    )
    return RunOutcome(result.run_id, result.success, failed_steps, failed_checks, tuple(rejected))


def release_dead_runs(instance: dg.DagsterInstance) -> list[str]:
    """Mark failed the in-process runs whose process died (e.g. SIGKILL) and free the
    concurrency-pool slots they held; otherwise the next run waits for them forever."""
    released = []
    for run in instance.get_runs(
        filters=dg.RunsFilter(statuses=[dg.DagsterRunStatus.STARTED, dg.DagsterRunStatus.STARTING])
    ):
        pid = run.tags.get(PID_TAG, "")
        if pid.isdigit() and not _process_alive(int(pid)):
            instance.report_run_failed(run, message=f"the process running it ({pid}) is gone")
            instance.event_log_storage.free_concurrency_slots_for_run(run.run_id)
            released.append(run.run_id)
    return released


def _process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
