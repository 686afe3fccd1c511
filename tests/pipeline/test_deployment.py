"""The deployment is chosen by configuration only: the executor by AKHBAR_DASK_SCHEDULER, the
resources of a launched run by run config that names secrets and never holds them, and each
host's pacing shared through PostgreSQL (a real throwaway server)."""

import json
import threading
import time
from collections.abc import Iterator
from itertools import pairwise
from pathlib import Path

import pytest

from pipelines.demo_cluster import throwaway_postgres
from pipelines.deployment import DASK_SCHEDULER, executor_from_environment
from pipelines.launch import resources_run_config
from pipelines.news.crawl.shared_gate import PostgresHostGate
from pipelines.resources import HttpFetcher, pipeline_resources

PASSWORD = "not-in-any-config-0123456789"


def test_the_executor_is_dasks_only_when_a_scheduler_is_named() -> None:
    assert executor_from_environment({}) is None
    assert executor_from_environment({DASK_SCHEDULER: "  "}) is None
    executor = executor_from_environment({DASK_SCHEDULER: "tcp://10.0.0.5:8786"})
    assert executor is not None and executor.name == "dask"


def test_a_launched_runs_config_names_the_environment_and_never_holds_a_secret(
    tmp_path: Path,
) -> None:
    gate_url = f"postgresql://akhbar:{PASSWORD}@db.example/akhbar"
    resources = pipeline_resources(
        site_url="http://127.0.0.1:9999/",
        database=tmp_path / "news.duckdb",
        http=HttpFetcher(host_gate_url=gate_url, timeout_seconds=3.0),
    )
    environ = {
        "AKHBAR_HOST_GATE_URL": gate_url,
        "AKHBAR_STORAGE_URL": "s3://bucket/prefix",
        "AWS_SECRET_ACCESS_KEY": PASSWORD,
    }
    config = resources_run_config(dict(resources), environ)
    assert PASSWORD not in json.dumps(config)
    by_resource = {name: entry["config"] for name, entry in config["resources"].items()}  # type: ignore[attr-defined]
    assert by_resource["http"]["host_gate_url"] == {"env": "AKHBAR_HOST_GATE_URL"}
    assert by_resource["http"]["timeout_seconds"] == 3.0
    assert by_resource["warehouse"]["storage_url"] == {"env": "AKHBAR_STORAGE_URL"}
    assert by_resource["warehouse"]["database"] == str((tmp_path / "news.duckdb").resolve())
    assert by_resource["sources"]["site_url"] == "http://127.0.0.1:9999/"
    # Without the variable, the gate is not configured at all (never copied from the object).
    bare = resources_run_config(dict(resources), {})
    assert "host_gate_url" not in bare["resources"]["http"]["config"]  # type: ignore[index]


@pytest.fixture(scope="module")
def postgres_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with throwaway_postgres(tmp_path_factory.mktemp("postgres")) as url:
        yield url


def test_workers_with_their_own_connections_keep_a_hosts_interval_between_them(
    postgres_url: str,
) -> None:
    interval, per_worker, workers = 0.05, 6, 3
    turns: list[float] = []
    lock = threading.Lock()

    def crawl(gate: PostgresHostGate) -> None:
        for _ in range(per_worker):
            gate.wait_turn("news.example", interval)
            with lock:
                turns.append(time.monotonic())
        gate.close()

    gates = [PostgresHostGate(postgres_url) for _ in range(workers)]
    threads = [threading.Thread(target=crawl, args=(gate,)) for gate in gates]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    turns.sort()
    assert len(turns) == per_worker * workers
    gaps = [b - a for a, b in pairwise(turns)]
    # The slots are booked on the server's clock; a thread may wake a little late (never
    # early), which shortens the next gap by as much and lengthens this one.
    late = 0.02
    assert min(gaps) >= interval - late, gaps
    assert turns[-1] - turns[0] >= (len(turns) - 1) * interval - late


def test_a_hold_off_from_one_worker_delays_the_others(postgres_url: str) -> None:
    first, second = PostgresHostGate(postgres_url), PostgresHostGate(postgres_url)
    first.hold_off("busy.example", 0.3)
    started = time.monotonic()
    second.wait_turn("busy.example", 0.0)
    assert time.monotonic() - started >= 0.25
    # Another host is not held.
    started = time.monotonic()
    second.wait_turn("other.example", 0.0)
    assert time.monotonic() - started < 0.25
    first.close()
    second.close()


def test_workers_starting_together_all_get_a_gate(postgres_url: str) -> None:
    """Every worker's first gate creates the table if it is missing; six at once once
    collided in PostgreSQL's catalog (a unique violation on the table's type)."""
    import psycopg2

    errors: list[BaseException] = []
    for _ in range(3):
        connection = psycopg2.connect(postgres_url)
        connection.autocommit = True
        connection.cursor().execute("DROP TABLE IF EXISTS akhbar_host_turns")
        connection.close()
        together = threading.Barrier(6)

        def start(together: threading.Barrier) -> None:
            together.wait()
            try:
                PostgresHostGate(postgres_url).close()
            except BaseException as error:
                errors.append(error)

        threads = [threading.Thread(target=start, args=(together,)) for _ in range(6)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert errors == []


def test_a_worker_that_wakes_late_pushes_the_next_one_back(postgres_url: str) -> None:
    """A booked slot is not a send: a worker with no free core wakes late and sends late. The
    next worker, on time for its own slot, must still leave the interval after that send."""
    interval, oversleep, host = 0.2, 0.15, "late.example"
    first = PostgresHostGate(postgres_url)
    late = PostgresHostGate(postgres_url, sleep=lambda seconds: time.sleep(seconds + oversleep))
    third = PostgresHostGate(postgres_url)
    sent: dict[str, float] = {}

    def send_late() -> None:
        late.wait_turn(host, interval)
        sent["late"] = time.monotonic()

    first.wait_turn(host, interval)
    sent["first"] = time.monotonic()
    worker = threading.Thread(target=send_late)
    worker.start()
    time.sleep(0.05)  # the late worker has booked the next slot and is (over)sleeping
    third.wait_turn(host, interval)
    sent["third"] = time.monotonic()
    worker.join()
    assert sent["late"] - sent["first"] >= interval + oversleep - 0.02  # it did wake late
    assert sent["third"] - sent["late"] >= interval - 0.02, sent
    for gate in (first, late, third):
        gate.close()
