"""The cluster profile, run for real: `akhbar backfill` with its steps on Dask workers, its
Dagster instance in PostgreSQL, its lake, raw archive and models on S3-compatible storage, and
each host's pacing shared through PostgreSQL.

Real services this module starts once for all its tests (``pipelines.demo_cluster
.cluster_profile``), and stops after the last:

* a throwaway PostgreSQL server (pgserver) on a Unix socket under pytest's temporary folder,
  with a user ``akhbar`` whose password is random: the Dagster instance (runs, event logs) and
  the shared host gate (``akhbar_host_turns``);
* a throwaway S3-compatible server (moto, in a thread of this process) on 127.0.0.1 with a
  random secret key: the storage prefix (AKHBAR_STORAGE_URL) every backfill writes to;
* a Dask LocalCluster on 127.0.0.1: its scheduler in this process, and two worker processes
  (one thread each) under nannies, which restart a worker that dies.

Every run is `python -m pipelines.cli backfill` in a subprocess started inside the profile's
environment, which it and the Dask workers inherit: the code location reads that environment
when it is imported, and this process imported it long before (``tests/conftest.py``). The
workers take the storage prefix from their own environment, so all backfills share it: each
backfill that must start fresh first sets aside what the one before it left there. The demo
site is served from this process on 127.0.0.1: the session's site, or a fresh one whose
request log holds one run's requests only. The embedded run whose tables the cluster's must
equal is the session's ``e2e_run``.
"""

import contextlib
import gc
import gzip
import os
import signal
import subprocess
import sys
import time
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from itertools import pairwise
from pathlib import Path
from urllib.parse import urlsplit

import dagster as dg
import duckdb
import polars as pl
import psycopg2
import pytest
import yaml
from dagster_postgres import PostgresRunStorage
from distributed import Client

from pipelines.demo_cluster import cluster_profile
from pipelines.demo_site.server import running_site
from pipelines.deployment import DASK_SCHEDULER
from pipelines.news.sources import DEFAULT_REGISTRY
from pipelines.news.storage import Storage
from pipelines.resources import PROJECT_ROOT
from pipelines.runs import PID_TAG
from tests.support import (
    COMPARED,
    E2E_FIRST_DAY,
    E2E_LAST_DAY,
    DemoSite,
    E2ERun,
    compared_tables,
)

WORKERS = 2
# Step keys of the crawl's shard steps: one step per shard and stage.
SHARD_STEPS = (".discover_shard_", ".fetch_shard_", ".parse_shard_")
FETCH_STEPS = (".fetch_shard_",)
# A backfill of a few days takes 20-60 s here; one still going after this is stuck.
RUN_TIMEOUT_SECONDS = 300

# The paced run: every outlet of the demo registry is on the demo server's host, so with this
# interval every request of the run waits for that one host's turn, whichever worker sends it.
PACED_DAY = date(2026, 3, 20)
INTERVAL_SECONDS = 0.2
# How much a request may seem early, at most: see test_requests_to_a_host_respect_its_crawl_delay
# (tests/pipeline/test_faulty_site.py) for the absolute allowance and the 3-gap spans. Here the
# server stamps requests in a process that also runs the Dask scheduler and the S3 server, and
# each request leaves its own worker when that worker gets a core again (two workers, a CLI,
# PostgreSQL and S3 share two cores, and in CI the rest of the suite): the gate books slots,
# so a sender woken late shortens the next gap by its delay (0.052 s seen at a 0.1 s interval
# under a parallel test run). Workers pacing themselves without the shared gate send requests
# 1 ms apart, so an allowance of 40% of the interval still tells the two apart.
JITTER_SECONDS = 0.08


@dataclass(frozen=True)
class Backfill:
    """One finished `akhbar backfill` subprocess, and the runs it made in the instance: one,
    or two when the first failed and its failed steps were re-executed (launch.py)."""

    warehouse: Path  # its news.duckdb
    pid: int  # the CLI's process
    workers: frozenset[int]  # the Dask workers' processes when it started
    returncode: int
    stdout: str
    stderr: str
    runs: tuple[dg.DagsterRun, ...]  # oldest first

    @property
    def run(self) -> dg.DagsterRun:
        """The last run: the backfill's outcome."""
        return self.runs[-1]

    def failure(self, what: str) -> str:
        return f"{what} (exit {self.returncode}); its stderr ends:\n{_tail(self.stderr)}"

    def run_ids(self) -> list[str]:
        return [run.run_id for run in self.runs]


@dataclass(frozen=True)
class PacedBackfill:
    backfill: Backfill
    site_url: str  # the fresh demo site it crawled
    request_starts: list[float]  # the demo server's time.monotonic() stamps, sorted


@dataclass(frozen=True)
class KilledWorkerBackfill:
    killed: Backfill  # the backfill during which a worker was killed
    killed_pid: int
    lost_steps: tuple[str, ...]  # the Dask tasks the killed worker held
    # The COMPARED tables the killed backfill left, when it said it succeeded.
    tables_after_kill: dict[str, pl.DataFrame] | None
    rerun: Backfill  # the same backfill again, once the nanny had replaced the worker


# --- the services, and the runs the tests read ------------------------------------------------


@pytest.fixture(scope="module")
def cluster(e2e_run: E2ERun, tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """The cluster profile's services and environment, for the module. The embedded run is
    made first: it must not see the profile's environment."""
    with contextlib.ExitStack() as stack:
        with warnings.catch_warnings():
            # pgserver asks platformdirs for a runtime folder when imported; with no
            # XDG_RUNTIME_DIR (containers, CI) platformdirs warns and falls back to
            # /tmp/runtime-<uid>, which serves.
            warnings.filterwarnings("ignore", "XDG_RUNTIME_DIR is not set")
            # The Dask scheduler's HTTP server (health and metrics routes) binds port 8787 even
            # with dashboard_address=None. When something else holds 8787 it warns, leaks the
            # socket of the failed bind, and listens on a free port instead.
            warnings.filterwarnings("ignore", "Port 8787 is already in use", UserWarning)
            warnings.filterwarnings("ignore", "unclosed <socket.socket", ResourceWarning)
            settings = stack.enter_context(
                cluster_profile(tmp_path_factory.mktemp("cluster"), workers=WORKERS)
            )
            gc.collect()  # that socket is closed under these filters, not in a later test
        yield settings


@pytest.fixture(scope="module")
def instance(cluster: dict[str, str]) -> Iterator[dg.DagsterInstance]:
    """The profile's Dagster instance, as $DAGSTER_HOME/dagster.yaml describes it."""
    with dg.DagsterInstance.get() as instance:
        yield instance


@pytest.fixture(scope="module")
def storage_copies(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where each backfill's objects are kept once set aside (the credentials test reads
    them)."""
    return tmp_path_factory.mktemp("storage_copies")


@pytest.fixture(scope="module")
def e2e_backfill(
    cluster: dict[str, str],
    instance: dg.DagsterInstance,
    storage_copies: Path,
    demo_site: DemoSite,
    tmp_path_factory: pytest.TempPathFactory,
) -> Backfill:
    """The E2E days on the cluster, against the session's demo site."""
    _set_storage_aside(cluster, storage_copies / "before_e2e")
    warehouse = tmp_path_factory.mktemp("cluster_e2e") / "news.duckdb"
    return _backfill(cluster, instance, E2E_FIRST_DAY, E2E_LAST_DAY, demo_site.url, warehouse)


@pytest.fixture(scope="module")
def paced_backfill(
    cluster: dict[str, str],
    instance: dg.DagsterInstance,
    storage_copies: Path,
    tmp_path_factory: pytest.TempPathFactory,
) -> PacedBackfill:
    """One day on the cluster against a fresh demo site, with a registry that gives every
    outlet (so the site's one host) an interval of INTERVAL_SECONDS."""
    _set_storage_aside(cluster, storage_copies / "before_paced")
    folder = tmp_path_factory.mktemp("cluster_paced")
    registry = _registry_with_interval(folder / "registry.yaml", INTERVAL_SECONDS)
    # The server stamps requests in this process: no garbage collection while it does.
    gc.collect()
    gc.disable()
    try:
        with running_site(port=0) as site:
            backfill = _backfill(
                cluster,
                instance,
                PACED_DAY,
                PACED_DAY,
                site.url,
                folder / "news.duckdb",
                registry,
            )
            starts = sorted(record.started_at for record in site.request_log)
    finally:
        gc.enable()
    return PacedBackfill(backfill, site.url, starts)


@pytest.fixture(scope="module")
def killed_worker_backfill(
    cluster: dict[str, str],
    instance: dg.DagsterInstance,
    storage_copies: Path,
    demo_site: DemoSite,
    tmp_path_factory: pytest.TempPathFactory,
) -> KilledWorkerBackfill:
    """The E2E days on the cluster from an empty warehouse and storage; while pages are being
    fetched, the worker running a fetch step gets SIGKILL. When that backfill has ended (either
    way) and the nanny has replaced the worker, the same backfill runs again on what it left."""
    _set_storage_aside(cluster, storage_copies / "before_killed")
    warehouse = tmp_path_factory.mktemp("cluster_killed") / "news.duckdb"
    with Client(cluster[DASK_SCHEDULER]) as client:
        workers = dict(client.run(os.getpid))
        process = _start_backfill(E2E_FIRST_DAY, E2E_LAST_DAY, demo_site.url, warehouse)
        victim = _wait_for_a_fetch_step(process, instance)
        if victim not in workers.values():
            _stop(process)
            pytest.fail(
                f"a fetch step ran in {victim}, not in a Dask worker {sorted(workers.values())}"
            )
        held = client.processing()  # the Dask tasks lost with the worker
        lost_steps = next(held.get(a, ()) for a, pid in workers.items() if pid == victim)
        os.kill(victim, signal.SIGKILL)
        killed = _finish(process, warehouse, frozenset(workers.values()), instance)
        _wait_for_a_new_worker(client, victim)
    tables = compared_tables(warehouse) if killed.returncode == 0 else None
    rerun = _backfill(cluster, instance, E2E_FIRST_DAY, E2E_LAST_DAY, demo_site.url, warehouse)
    return KilledWorkerBackfill(killed, victim, tuple(lost_steps), tables, rerun)


# --- the tests --------------------------------------------------------------------------------


def test_a_cluster_backfill_gives_the_tables_of_the_embedded_run(
    e2e_backfill: Backfill, e2e_run: E2ERun, instance: dg.DagsterInstance
) -> None:
    assert e2e_backfill.returncode == 0, e2e_backfill.failure("the cluster backfill failed")
    assert isinstance(instance.run_storage, PostgresRunStorage), type(instance.run_storage)
    assert e2e_backfill.run.status == dg.DagsterRunStatus.SUCCESS, e2e_backfill.run.status
    # Nothing failed on the way: no step needed the launcher's re-execution.
    assert len(e2e_backfill.runs) == 1, e2e_backfill.failure("a step of the first run failed")
    embedded, on_cluster = (
        compared_tables(e2e_run.database),
        compared_tables(e2e_backfill.warehouse),
    )
    for name in COMPARED:
        assert on_cluster[name].height > 0, name
        assert on_cluster[name].equals(embedded[name]), name


def test_crawl_shards_run_in_several_worker_processes(
    e2e_backfill: Backfill, instance: dg.DagsterInstance
) -> None:
    assert e2e_backfill.returncode == 0, e2e_backfill.failure("the cluster backfill failed")
    pids = _step_pids(instance, e2e_backfill, SHARD_STEPS)
    assert pids, "the run's event log has no shard step starting"
    assert e2e_backfill.pid not in pids.values(), f"shard steps ran in the CLI's process: {pids}"
    assert set(pids.values()) <= e2e_backfill.workers, (
        f"shard steps ran outside the Dask workers {sorted(e2e_backfill.workers)}: {pids}"
    )
    assert len(set(pids.values())) >= 2, f"all shard steps ran in one process: {pids}"


def test_a_hosts_interval_holds_across_workers(
    paced_backfill: PacedBackfill, cluster: dict[str, str], instance: dg.DagsterInstance
) -> None:
    backfill, starts = paced_backfill.backfill, paced_backfill.request_starts
    assert backfill.returncode == 0, backfill.failure("the paced cluster backfill failed")
    assert len(backfill.runs) == 1, backfill.failure("a step of the first run failed")
    assert len(starts) > 30, f"only {len(starts)} requests reached the site"
    gaps = [b - a for a, b in pairwise(starts)]
    assert min(gaps) >= INTERVAL_SECONDS - JITTER_SECONDS, (
        f"two requests {min(gaps):.3f} s apart; the host's interval is {INTERVAL_SECONDS} s "
        f"(the smallest gaps: {_smallest(gaps)})"
    )
    spans = [sum(gaps[i : i + 3]) for i in range(len(gaps) - 2)]
    assert min(spans) >= 3 * INTERVAL_SECONDS - JITTER_SECONDS, (
        f"four requests within {min(spans):.3f} s; the host's interval is {INTERVAL_SECONDS} s "
        f"(the smallest spans: {_smallest(spans)})"
    )
    # The workers booked the host's turns in PostgreSQL, not each in its own memory.
    host = urlsplit(paced_backfill.site_url).netloc
    assert host in _booked_hosts(cluster), f"no turn of {host} was booked in PostgreSQL"
    # The server knows its clients only as 127.0.0.1 and a port: the event log says which
    # processes sent the requests.
    fetchers = _step_pids(instance, backfill, FETCH_STEPS)
    assert set(fetchers.values()) <= backfill.workers, f"fetches outside the workers: {fetchers}"
    assert len(set(fetchers.values())) >= 2, f"the fetch steps all ran in one process: {fetchers}"


def test_a_rerun_after_a_worker_is_killed_gives_the_tables_of_the_embedded_run(
    killed_worker_backfill: KilledWorkerBackfill, e2e_run: E2ERun, request: pytest.FixtureRequest
) -> None:
    killed, rerun = killed_worker_backfill.killed, killed_worker_backfill.rerun
    # Either ending of the killed backfill is accepted here (Dask may run the lost steps again
    # on the other worker, the launcher may re-execute them, or the run may fail); it is
    # recorded, and the next test holds a claimed success to its tables.
    ending = (
        f"killed worker {killed_worker_backfill.killed_pid} held "
        f"{', '.join(killed_worker_backfill.lost_steps)}; the backfill exited "
        f"{killed.returncode} after runs "
        + ", ".join(f"{run.run_id} {run.status.value}" for run in killed.runs)
    )
    request.node.user_properties.append(("killed_backfill", ending))
    print(ending)
    assert rerun.returncode == 0, rerun.failure("the backfill after the killed one failed")
    assert rerun.run.status == dg.DagsterRunStatus.SUCCESS, rerun.run.status
    assert killed_worker_backfill.killed_pid not in rerun.workers
    embedded, recovered = compared_tables(e2e_run.database), compared_tables(rerun.warehouse)
    for name in COMPARED:
        assert recovered[name].height > 0, name
        assert recovered[name].equals(embedded[name]), name


def test_a_backfill_that_loses_a_worker_and_succeeds_has_the_tables_of_the_embedded_run(
    killed_worker_backfill: KilledWorkerBackfill, e2e_run: E2ERun
) -> None:
    after_kill = killed_worker_backfill.tables_after_kill
    if after_kill is None:
        pytest.skip("the backfill that lost a worker failed: it claimed no tables")
    embedded = compared_tables(e2e_run.database)
    differing = {
        name: f"{after_kill[name].height} rows, not {embedded[name].height}"
        for name in COMPARED
        if not after_kill[name].equals(embedded[name])
    }
    assert not differing, (
        f"the backfill that lost worker {killed_worker_backfill.killed_pid} (holding "
        f"{', '.join(killed_worker_backfill.lost_steps)}) said it succeeded, but these tables "
        f"differ from the embedded run's: {differing}"
    )


def test_no_secret_reaches_output_runs_events_logs_or_files(
    cluster: dict[str, str],
    instance: dg.DagsterInstance,
    storage_copies: Path,
    e2e_backfill: Backfill,
    paced_backfill: PacedBackfill,
    killed_worker_backfill: KilledWorkerBackfill,
    tmp_path: Path,
) -> None:
    secrets = {
        "the PostgreSQL password": urlsplit(cluster["AKHBAR_DAGSTER_PG_URL"]).password or "",
        "the S3 secret key": cluster["AWS_SECRET_ACCESS_KEY"],
    }
    # A short secret could turn up in any text by chance; these are long and random.
    for name, secret in secrets.items():
        assert len(secret) >= 16, f"{name} is only {len(secret)} characters"
    assert urlsplit(cluster["AKHBAR_HOST_GATE_URL"]).password == secrets["the PostgreSQL password"]

    backfills = [
        e2e_backfill,
        paced_backfill.backfill,
        killed_worker_backfill.killed,
        killed_worker_backfill.rerun,
    ]
    texts: dict[str, str] = {}
    for backfill in backfills:
        texts[f"stdout of backfill {backfill.pid}"] = backfill.stdout
        texts[f"stderr of backfill {backfill.pid}"] = backfill.stderr
    runs = instance.get_runs()
    assert {i for b in backfills for i in b.run_ids()} <= {run.run_id for run in runs}
    for run in runs:
        texts[f"run {run.run_id}: config and tags"] = repr((run.run_config, run.tags))
        texts[f"run {run.run_id}: stored record"] = dg.serialize_value(run)
        for number, event in enumerate(instance.all_logs(run.run_id)):
            where = f"run {run.run_id}: event {number} ({event.dagster_event_type})"
            texts[where] = event.message + dg.serialize_value(event)
    with Client(cluster[DASK_SCHEDULER]) as client:
        texts["the Dask scheduler's log"] = repr(client.get_scheduler_logs())
        texts["the Dask workers' logs"] = repr(client.get_worker_logs())
    _copy_storage(cluster, storage_copies / "last")
    folders = {Path(cluster["DAGSTER_HOME"]), storage_copies}
    folders |= {backfill.warehouse.parent for backfill in backfills}
    for folder in sorted(folders):
        texts.update(_file_texts(folder))
    assert len(texts) > 1000, f"only {len(texts)} places searched"
    for name, secret in secrets.items():
        leaks = sorted(where for where, text in texts.items() if secret in text)
        assert not leaks, f"{name} appears in {len(leaks)} places, among them {leaks[:10]}"

    # The same search finds a secret wherever a file's format could hide it.
    planted, secret = tmp_path / "planted", secrets["the PostgreSQL password"]
    planted.mkdir()
    (planted / "plain.log").write_text(f"connecting with {secret}")
    (planted / "page.gz").write_bytes(gzip.compress(secret.encode()))
    pl.DataFrame({"value": [secret] * 100}).write_parquet(planted / "table.parquet")
    with duckdb.connect(str(planted / "news.duckdb")) as connection:
        connection.execute("CREATE TABLE t AS SELECT $value AS value", {"value": secret})
    found = {Path(where).name for where, text in _file_texts(planted).items() if secret in text}
    assert found == {"plain.log", "page.gz", "table.parquet", "news.duckdb"}, found


# --- running a backfill -----------------------------------------------------------------------


def _backfill(
    cluster: dict[str, str],
    instance: dg.DagsterInstance,
    first: date,
    last: date,
    site_url: str,
    warehouse: Path,
    registry: Path | None = None,
) -> Backfill:
    with Client(cluster[DASK_SCHEDULER]) as client:
        workers = frozenset(client.run(os.getpid).values())
    process = _start_backfill(first, last, site_url, warehouse, registry)
    return _finish(process, warehouse, workers, instance)


def _start_backfill(
    first: date, last: date, site_url: str, warehouse: Path, registry: Path | None = None
) -> subprocess.Popen[str]:
    """`akhbar backfill` in a subprocess with this process's environment: the profile's."""
    command = [
        sys.executable,
        "-m",
        "pipelines.cli",
        "backfill",
        "--from",
        first.isoformat(),
        "--to",
        last.isoformat(),
        "--site-url",
        site_url,
        "--warehouse",
        str(warehouse),
    ]
    if registry is not None:
        command += ["--registry", str(registry)]
    return subprocess.Popen(
        command,
        cwd=PROJECT_ROOT,
        env={**os.environ, "GX_ANALYTICS_ENABLED": "false"},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )


def _finish(
    process: subprocess.Popen[str],
    warehouse: Path,
    workers: frozenset[int],
    instance: dg.DagsterInstance,
) -> Backfill:
    """Wait for the backfill to end, and find its runs: those tagged with its pid."""
    try:
        stdout, stderr = process.communicate(timeout=RUN_TIMEOUT_SECONDS)
    except subprocess.TimeoutExpired:
        pytest.fail(
            f"`akhbar backfill` still going after {RUN_TIMEOUT_SECONDS} s; its stderr ends:\n"
            f"{_tail(_stop(process))}"
        )
    runs = instance.get_runs(filters=dg.RunsFilter(tags={PID_TAG: str(process.pid)}))
    if not runs:
        pytest.fail(
            f"no run tagged {PID_TAG}={process.pid} in the instance; the backfill's stderr "
            f"ends:\n{_tail(stderr)}"
        )
    runs_oldest_first = tuple(reversed(runs))  # get_runs gives the newest first
    return Backfill(
        warehouse, process.pid, workers, process.returncode, stdout, stderr, runs_oldest_first
    )


def _stop(process: subprocess.Popen[str]) -> str:
    """Kill a backfill (and what it started) if it still runs; its stderr."""
    if process.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
    return process.communicate()[1]


def _wait_for_a_fetch_step(process: subprocess.Popen[str], instance: dg.DagsterInstance) -> int:
    """The process of a fetch step under way in the backfill's run (started, not ended)."""
    ends = {dg.DagsterEventType.STEP_SUCCESS, dg.DagsterEventType.STEP_FAILURE}
    deadline = time.monotonic() + RUN_TIMEOUT_SECONDS
    while time.monotonic() < deadline and process.poll() is None:
        for run in instance.get_runs(filters=dg.RunsFilter(tags={PID_TAG: str(process.pid)})):
            events = [
                event.dagster_event
                for event in instance.all_logs(
                    run.run_id, of_type={dg.DagsterEventType.STEP_START, *ends}
                )
                if event.dagster_event is not None and event.dagster_event.step_key is not None
            ]
            ended = {event.step_key for event in events if event.event_type in ends}
            running = sorted(
                (event.step_key, event.pid)
                for event in events
                if event.event_type == dg.DagsterEventType.STEP_START
                and event.step_key not in ended
                and any(marker in str(event.step_key) for marker in FETCH_STEPS)
            )
            if running and running[0][1] is not None:
                return int(running[0][1])
        time.sleep(0.05)
    ended = process.poll() is not None
    stderr = _stop(process)
    pytest.fail(
        f"the backfill {'ended' if ended else 'was still running'} before a fetch step was seen "
        f"under way; its stderr ends:\n{_tail(stderr)}"
    )


def _wait_for_a_new_worker(client: Client, killed_pid: int) -> None:
    """Wait until the nanny has replaced the killed worker: WORKERS workers, none of them it."""
    client.wait_for_workers(WORKERS, timeout=60)
    deadline = time.monotonic() + 60
    while True:
        pids = set(client.run(os.getpid).values())
        if len(pids) >= WORKERS and killed_pid not in pids:
            return
        if time.monotonic() > deadline:
            pytest.fail(f"the Dask workers are {sorted(pids)} a minute after {killed_pid} died")
        time.sleep(0.5)


def _registry_with_interval(path: Path, seconds: float) -> Path:
    """The demo registry with every outlet's min_interval_seconds set to ``seconds``; its
    base URLs stay relative (to --site-url)."""
    registry = yaml.safe_load(DEFAULT_REGISTRY.read_text(encoding="utf-8"))
    for outlet in registry["outlets"]:
        outlet["politeness"]["min_interval_seconds"] = seconds
    path.write_text(yaml.safe_dump(registry, allow_unicode=True, sort_keys=False), "utf-8")
    return path


def _set_storage_aside(cluster: dict[str, str], keep_in: Path) -> None:
    """Empty the profile's storage prefix (lake, raw archive, models, published database),
    keeping a copy of what was there in ``keep_in``."""
    _copy_storage(cluster, keep_in)
    Storage.at(cluster["AKHBAR_STORAGE_URL"]).delete_tree("")


def _copy_storage(cluster: dict[str, str], folder: Path) -> None:
    storage = Storage.at(cluster["AKHBAR_STORAGE_URL"])
    folder.mkdir(parents=True)
    if storage.fs.find(storage.root):
        storage.fs.get(f"{storage.root}/", f"{folder}/", recursive=True)


# --- reading what a run left ------------------------------------------------------------------


def _step_pids(
    instance: dg.DagsterInstance, backfill: Backfill, markers: tuple[str, ...]
) -> dict[str, int]:
    """The process each step of the backfill whose key holds one of ``markers`` started in
    (its last start, for a step started twice)."""
    starts = [
        event
        for run_id in backfill.run_ids()
        for event in instance.all_logs(run_id, of_type=dg.DagsterEventType.STEP_START)
    ]
    return {
        event.dagster_event.step_key: event.dagster_event.pid
        for event in starts
        if event.dagster_event is not None
        and event.dagster_event.step_key is not None
        and event.dagster_event.pid is not None
        and any(marker in event.dagster_event.step_key for marker in markers)
    }


def _booked_hosts(cluster: dict[str, str]) -> set[str]:
    """The hosts whose turns the shared gate holds (pipelines/news/crawl/shared_gate.py)."""
    with (
        contextlib.closing(psycopg2.connect(cluster["AKHBAR_HOST_GATE_URL"])) as connection,
        connection.cursor() as cursor,
    ):
        cursor.execute("SELECT host FROM akhbar_host_turns")
        return {str(host) for (host,) in cursor.fetchall()}


def _file_texts(folder: Path) -> dict[str, str]:
    """Every file under ``folder`` as text to search (bytes as Latin-1), plus what its format
    would hide from a byte search: gzip decompressed, Parquet and DuckDB read as rows."""
    texts = {}
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        data = path.read_bytes()
        text = data.decode("latin-1")
        if path.suffix == ".gz":
            text += gzip.decompress(data).decode("latin-1")
        elif path.suffix == ".parquet":
            text += repr(pl.read_parquet(path).rows())
        elif path.suffix == ".duckdb":
            text += _database_text(path)
        texts[str(path)] = text
    return texts


def _database_text(path: Path) -> str:
    with duckdb.connect(str(path), read_only=True) as connection:
        tables = connection.sql("SELECT schema_name, table_name FROM duckdb_tables()").fetchall()
        return repr(
            [
                connection.sql(f'SELECT * FROM "{schema}"."{table}"').fetchall()
                for schema, table in tables
            ]
        )


def _smallest(values: list[float], count: int = 5) -> str:
    return ", ".join(f"{value:.3f}" for value in sorted(values)[:count])


def _tail(text: str, lines: int = 40) -> str:
    return "\n".join(text.splitlines()[-lines:])
