"""The warehouse on S3-compatible object storage (a real moto server on loopback, reached over
HTTP by s3fs, Polars and DuckDB): the same contract as on disk, with commits by conditional
PUT instead of a lock and a rename."""

import os
import threading
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import duckdb
import polars as pl
import pytest

from pipelines.demo_cluster import environment, throwaway_s3
from pipelines.news import tables
from pipelines.news.crawl.archive import RawArchive
from pipelines.news.storage import Storage
from warehouse.store import Warehouse

DAY1, DAY2, DAY3 = date(2026, 3, 1), date(2026, 3, 2), date(2026, 3, 3)
BUCKET = "lake-tests"


@pytest.fixture(scope="module")
def s3() -> Iterator[dict[str, str]]:
    with throwaway_s3(BUCKET) as settings, environment(settings):
        yield settings


@pytest.fixture
def prefix(s3: dict[str, str], request: pytest.FixtureRequest) -> str:
    return f"s3://{BUCKET}/{request.node.name}"


def _topics(day: date, urls: list[str]) -> pl.DataFrame:
    rows = [
        {"day": day, "url": u, "outlet": "atlas", "topic": "sport", "method": "m"} for u in urls
    ]
    return tables.frame(rows, tables.ARTICLE_TOPICS)


def _urls(store: Warehouse) -> list[str]:
    return sorted(store.read_window("staging.article_topics", DAY1, DAY3)["url"].to_list())


def test_nothing_is_visible_before_publish_and_the_run_reads_its_own_writes(
    prefix: str, tmp_path: Path
) -> None:
    store = Warehouse(tmp_path / "news.duckdb", prefix)
    store.write_window("r1", "staging.article_topics", _topics(DAY1, ["old"]), DAY1, DAY2)
    store.stage_window("r2", "staging.article_topics", _topics(DAY1, ["new"]), DAY1, DAY2)
    assert _urls(store) == ["old"]
    staged = store.read_window("staging.article_topics", DAY1, DAY2, run_id="r2")
    assert staged["url"].to_list() == ["new"]
    assert store.pending_location("r2").startswith(f"{prefix}/lake/_pending/r2")
    store.publish("r2", ["staging.article_topics"])
    assert _urls(store) == ["new"]
    assert not Storage.at(prefix).files("lake/_pending/r2")
    # Nothing of the lake was written to the local disk.
    assert not (tmp_path / "lake").exists()


def test_the_analysts_database_holds_copies_and_is_uploaded_beside_the_lake(
    prefix: str, tmp_path: Path
) -> None:
    store = Warehouse(tmp_path / "news.duckdb", prefix)
    store.write_window("r1", "staging.article_topics", _topics(DAY1, ["a", "b"]), DAY1, DAY2)
    store.publish_database()
    # A plain DuckDB session, with no S3 access at all, reads it.
    with duckdb.connect(
        str(store.database),
        read_only=True,
        config={"autoinstall_known_extensions": False, "autoload_known_extensions": False},
    ) as session:
        rows = session.sql("SELECT url FROM staging.article_topics ORDER BY url").fetchall()
        comment = session.sql(
            "SELECT comment FROM duckdb_tables() WHERE table_name = 'article_topics'"
        ).fetchall()
    assert rows == [("a",), ("b",)]
    assert comment and comment[0][0]
    uploaded = Storage.at(prefix).read_bytes("published/news.duckdb")
    assert uploaded == store.database.read_bytes()


def test_racing_publishers_each_land_their_days_in_their_own_version(
    prefix: str, tmp_path: Path
) -> None:
    """Eight processes' worth of publishers (threads here, each with its own Warehouse) on one
    lake with no lock: every publish must land, each in a version of its own."""
    days = [date(2026, 3, d) for d in range(1, 9)]
    errors: list[BaseException] = []

    def publish(day: date) -> None:
        try:
            store = Warehouse(tmp_path / "news.duckdb", prefix)
            run = f"run-{day.day}"
            end = date.fromordinal(day.toordinal() + 1)
            store.stage_window(run, "staging.article_topics", _topics(day, [run]), day, end)
            store.publish(run, ["staging.article_topics"])
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=publish, args=(day,)) for day in days]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    store = Warehouse(tmp_path / "news.duckdb", prefix)
    rows = store.read_window("staging.article_topics", days[0], date(2026, 3, 9))
    assert sorted(rows["url"].to_list()) == sorted(f"run-{d.day}" for d in days)
    manifest = store.lake.manifest()
    assert manifest.version == len(days)
    versions = Storage.at(prefix).files("lake/_manifests", ".json")
    assert len(versions) == len(days)


def test_a_stale_pointer_is_passed_by_readers(prefix: str, tmp_path: Path) -> None:
    """A publisher that dies between creating its version and moving the pointer (or a slow
    one that moves it back) leaves manifest.json behind: readers still find the newest."""
    store = Warehouse(tmp_path / "news.duckdb", prefix)
    store.write_window("r1", "staging.article_topics", _topics(DAY1, ["one"]), DAY1, DAY2)
    storage = Storage.at(f"{prefix}/lake")
    first_pointer = storage.read_bytes("manifest.json")
    store.write_window("r2", "staging.article_topics", _topics(DAY2, ["two"]), DAY2, DAY3)
    storage.write_bytes("manifest.json", first_pointer)  # the pointer moves back
    assert _urls(Warehouse(tmp_path / "news.duckdb", prefix)) == ["one", "two"]
    store.write_window("r3", "staging.article_topics", _topics(DAY1, ["three"]), DAY1, DAY2)
    assert _urls(store) == ["three", "two"]
    assert store.lake.manifest().version == 3


def test_the_raw_archive_on_object_storage_keeps_bodies_by_content(prefix: str) -> None:
    archive = RawArchive(f"{prefix}/raw")
    body = "<html>خبر</html>".encode()
    key = archive.put(body)
    assert archive.put(body) == key
    assert archive.get(key) == body
    assert Storage.at(f"{prefix}/raw").files("", ".gz") == [archive.key_for(key)]


def test_credentials_come_from_the_environment_never_from_addresses(
    s3: dict[str, str], prefix: str, tmp_path: Path
) -> None:
    store = Warehouse(tmp_path / "news.duckdb", prefix)
    store.write_window("r1", "staging.article_topics", _topics(DAY1, ["a"]), DAY1, DAY2)
    store.publish_database()
    secret = os.environ["AWS_SECRET_ACCESS_KEY"]
    assert secret == s3["AWS_SECRET_ACCESS_KEY"] and len(secret) >= 16
    addresses = [url for url, _ in store.lake.day_files("staging.article_topics", DAY1, DAY2)]
    assert addresses and all(url.startswith("s3://") for url in addresses)
    assert not any(secret in url for url in addresses)
    assert secret.encode() not in store.database.read_bytes()
    assert secret not in store.lake.manifest().text()
