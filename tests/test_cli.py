"""The `akhbar` command as users run it: real processes, clear errors, no tracebacks."""

import json
import subprocess
import sys
from pathlib import Path

import duckdb
import httpx
import pytest

from pipelines.resources import NewsWarehouse
from tests.support import DemoSite, E2ERun

AKHBAR = [sys.executable, "-m", "pipelines.cli"]


def _akhbar(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*AKHBAR, *args], capture_output=True, text=True, timeout=300, cwd=cwd)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["backfill", "--from", "2026-13-01", "--to", "2026-02-01"], "is not a date"),
        (["backfill", "--from", "2026-02-05", "--to", "2026-02-01"], "is before --from"),
        (["backfill", "--from", "2019-01-01", "--to", "2019-01-02"], "days must lie between"),
        (
            ["backfill", "--from", "2026-02-01", "--to", "2026-02-02", "--days-per-run", "0"],
            "must be at least 1",
        ),
        (["parse", "/nonexistent/page.html", "--url", "http://x.test/a"], "cannot read"),
    ],
)
def test_user_mistakes_get_a_message_not_a_traceback(args: list[str], message: str) -> None:
    done = _akhbar(*args)
    assert done.returncode == 2
    assert message in done.stderr
    assert "Traceback" not in done.stderr


def test_a_typo_in_a_custom_registry_is_reported_with_file_outlet_and_field(tmp_path: Path) -> None:
    registry = tmp_path / "mine.yaml"
    registry.write_text(
        "topics: [sport]\noutlets:\n  - key: mysite\n    name: X\n    base_url: http://x.test/\n"
        "    language: ar\n    sitemapp: sitemap.xml\n",
        encoding="utf-8",
    )
    done = _akhbar(
        "backfill",
        "--from",
        "2026-02-01",
        "--to",
        "2026-02-01",
        "--registry",
        str(registry),
        "--warehouse",
        str(tmp_path / "w.duckdb"),
    )
    assert done.returncode == 2, done.stderr
    assert str(registry) in done.stderr and "'mysite'" in done.stderr and "sitemapp" in done.stderr
    assert "Traceback" not in done.stderr


def test_sql_is_read_only_and_errors_are_one_line(tmp_path: Path) -> None:
    missing = _akhbar("sql", "SELECT 1", "--warehouse", str(tmp_path / "absent.duckdb"))
    assert missing.returncode == 2 and "no warehouse at" in missing.stderr

    database = tmp_path / "w.duckdb"
    import duckdb

    with duckdb.connect(str(database)) as connection:
        connection.execute("CREATE TABLE t AS SELECT 42 AS answer")
    shown = _akhbar("sql", "SELECT answer FROM t", "--warehouse", str(database))
    assert shown.returncode == 0 and "42" in shown.stdout
    write = _akhbar("sql", "DELETE FROM t", "--warehouse", str(database))
    assert write.returncode == 2 and "query failed" in write.stderr
    assert "Traceback" not in write.stderr
    typo = _akhbar("sql", "SELEC 1", "--warehouse", str(database))
    assert typo.returncode == 2 and "query failed" in typo.stderr


def test_parse_prints_a_demo_article_as_its_ground_truth(
    demo_site: DemoSite, tmp_path: Path
) -> None:
    # One day's pages parsed as a batch, as a user would: each outlet's notices are learned
    # from its pages in the batch (a page parsed alone keeps them).
    day = demo_site.truth[0]["local_day"]
    records = [t for t in demo_site.truth if t["local_day"] == day]
    listing = tmp_path / "pages.jsonl"
    with listing.open("w", encoding="utf-8") as out:
        for i, record in enumerate(records):
            page = tmp_path / f"{i}.html"
            page.write_bytes(httpx.get(str(record["url"])).content)
            out.write(json.dumps({"file": str(page), "url": record["url"]}) + "\n")
    done = _akhbar("parse", "--batch", str(listing), "--site-url", demo_site.url)
    assert done.returncode == 0, done.stderr
    parsed_pages = [json.loads(line) for line in done.stdout.splitlines()]
    assert len(parsed_pages) == len(records)
    for record, parsed in zip(records, parsed_pages, strict=True):
        assert set(parsed) >= {
            "is_article",
            "outlet",
            "original_outlet",
            "title",
            "published_at",
            "author",
            "section",
            "language",
            "body",
        }
        assert parsed["is_article"] is True
        assert parsed["outlet"] == record["outlet"]
        assert parsed["original_outlet"] == record["original_outlet"]
        assert parsed["title"] == record["title"]
        assert parsed["published_at"] == record["published"]
        assert parsed["author"] == record["author"]
        assert parsed["section"] == record["section"]
        assert parsed["language"] == "ar"
        assert " ".join(parsed["body"].split()) == " ".join(str(record["body"]).split())
    assert {p["outlet"] for p in parsed_pages} == {"atlas", "rabat", "souss", "tajmi3"}


def test_export_warc_writes_every_fetched_page_of_the_day(e2e_run: E2ERun, tmp_path: Path) -> None:
    from warcio.archiveiterator import ArchiveIterator

    out = tmp_path / "day.warc.gz"
    done = _akhbar(
        "export-warc",
        "--day",
        "2026-03-21",
        "--out",
        str(out),
        "--warehouse",
        str(e2e_run.database),
    )
    assert done.returncode == 0, done.stderr
    with duckdb.connect(str(e2e_run.database), read_only=True) as connection:
        expected = dict(
            connection.sql(
                "SELECT final_url, sha256 FROM raw.pages WHERE day = DATE '2026-03-21' "
                "AND sha256 IS NOT NULL"
            ).fetchall()
        )
    archive = NewsWarehouse(database=str(e2e_run.database)).archive()
    seen = {}
    with out.open("rb") as stream:
        for record in ArchiveIterator(stream):
            assert record.rec_type == "response"
            url = record.rec_headers.get_header("WARC-Target-URI")
            seen[url] = record.content_stream().read()
    assert len(expected) > 20 and set(seen) == set(expected)
    for url, sha256 in expected.items():
        assert seen[url] == archive.get(sha256)
    missing = _akhbar(
        "export-warc",
        "--day",
        "2019-01-01",
        "--out",
        str(out),
        "--warehouse",
        str(e2e_run.database),
    )
    assert missing.returncode == 2 and "no fetched pages" in missing.stderr
