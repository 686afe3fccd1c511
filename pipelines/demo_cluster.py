"""The cluster profile on one machine, with throwaway services (`make demo-cluster` and the
cluster tests): a PostgreSQL server (pgserver) for the Dagster instance and the shared host
gate, an S3-compatible server (moto) for the lake, the raw archive and the models, and a local
Dask cluster of worker processes for the steps.

Each service is a context manager that stops what it started, even when the body fails.
``cluster_profile`` starts them and sets the profile's environment (the same variables a real
deployment sets, see deploy/cluster/) for its duration; Dask's workers inherit it.
"""

from __future__ import annotations

import logging
import os
import secrets
import shutil
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from pipelines.deployment import DASK_SCHEDULER

DEMO_BUCKET = "akhbar-demo"
CLUSTER_INSTANCE_CONFIG = (
    Path(__file__).resolve().parent.parent / "deploy" / "cluster" / "dagster.yaml"
)


@contextmanager
def throwaway_postgres(folder: Path) -> Iterator[str]:
    """A PostgreSQL server of its own in ``folder`` with a database ``akhbar`` owned by a
    user of that name with a random password; yields the URL (over its Unix socket)."""
    import pgserver

    server = pgserver.get_server(folder, cleanup_mode="stop")  # type: ignore[attr-defined]
    try:
        password = secrets.token_urlsafe(18)
        server.psql(
            f"CREATE ROLE akhbar LOGIN PASSWORD '{password}'; CREATE DATABASE akhbar OWNER akhbar;"
        )
        socket_folder = parse_qs(urlsplit(server.get_uri()).query)["host"][0]
        yield f"postgresql://akhbar:{password}@/akhbar?host={socket_folder}"
    finally:
        server.cleanup()


@contextmanager
def throwaway_s3(bucket: str) -> Iterator[dict[str, str]]:
    """An S3-compatible server of its own (moto in server mode) on loopback, with ``bucket``
    made; yields the standard AWS_* variables that point every client at it (a random
    secret key, so tests can tell whether it leaks)."""
    import boto3
    from moto.server import ThreadedMotoServer

    logging.getLogger("werkzeug").setLevel(logging.ERROR)  # one line per request otherwise
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    try:
        host, port = server.get_host_and_port()
        settings = {
            "AWS_ENDPOINT_URL": f"http://{host}:{port}",
            "AWS_ACCESS_KEY_ID": "akhbar-demo",
            "AWS_SECRET_ACCESS_KEY": secrets.token_urlsafe(24),
            "AWS_REGION": "us-east-1",
            "AWS_DEFAULT_REGION": "us-east-1",
            "AWS_ALLOW_HTTP": "true",  # Polars' client refuses plain HTTP otherwise
        }
        boto3.client(
            "s3",
            endpoint_url=settings["AWS_ENDPOINT_URL"],
            aws_access_key_id=settings["AWS_ACCESS_KEY_ID"],
            aws_secret_access_key=settings["AWS_SECRET_ACCESS_KEY"],
            region_name=settings["AWS_REGION"],
        ).create_bucket(Bucket=bucket)
        yield settings
    finally:
        server.stop()


@contextmanager
def local_dask_cluster(workers: int) -> Iterator[str]:
    """A Dask cluster of ``workers`` processes (one thread each) on loopback; yields the
    scheduler's address. Workers start with this process's environment."""
    from distributed import LocalCluster

    with LocalCluster(  # type: ignore[no-untyped-call]
        n_workers=workers,
        threads_per_worker=1,
        processes=True,
        host="127.0.0.1",
        # No dashboard: and on a free port, since the scheduler binds its HTTP server anyway.
        dashboard_address=":0",
    ) as cluster:
        yield str(cluster.scheduler_address)


@contextmanager
def environment(values: dict[str, str]) -> Iterator[None]:
    """``os.environ`` with ``values`` set, restored afterwards."""
    saved = {name: os.environ.get(name) for name in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


@contextmanager
def cluster_profile(folder: Path, workers: int = 2) -> Iterator[dict[str, str]]:
    """Start the throwaway services under ``folder`` and set the cluster profile's
    environment; yields it. Everything started is stopped on the way out."""
    home = folder / "dagster_home"
    home.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(CLUSTER_INSTANCE_CONFIG, home / "dagster.yaml")
    with ExitStack() as stack:
        postgres_url = stack.enter_context(throwaway_postgres(folder / "postgres"))
        s3 = stack.enter_context(throwaway_s3(DEMO_BUCKET))
        settings = {
            **s3,
            # The lake, the raw archive and the topic models.
            "AKHBAR_STORAGE_URL": f"s3://{DEMO_BUCKET}/warehouse",
            "DAGSTER_HOME": str(home),
            # SQLAlchemy (Dagster's storage) names its driver; libpq (the gate) takes the URL.
            "AKHBAR_DAGSTER_PG_URL": postgres_url.replace(
                "postgresql://", "postgresql+psycopg2://"
            ),
            "AKHBAR_HOST_GATE_URL": postgres_url,
            # Dask's executor claims no pool slots (see pipelines/partitions.py).
            "AKHBAR_WAREHOUSE_POOL": "",
        }
        stack.enter_context(environment(settings))
        # The workers start after the environment is set: they inherit it.
        scheduler = stack.enter_context(local_dask_cluster(workers))
        settings[DASK_SCHEDULER] = scheduler
        stack.enter_context(environment({DASK_SCHEDULER: scheduler}))
        yield settings
