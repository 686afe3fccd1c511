"""`akhbar parse --batch`: one process, one JSON line per input line, in order."""

import json
import subprocess
import sys
from pathlib import Path
from typing import Protocol

import httpx

AKHBAR = (sys.executable, "-m", "pipelines.cli")


class DemoSite(Protocol):
    """What the session ``demo_site`` fixture (tests/conftest.py) provides."""

    url: str
    truth: list[dict[str, object]]


def test_batch_parses_pages_in_input_order_and_reports_bad_lines(
    demo_site: DemoSite, tmp_path: Path
) -> None:
    rows = [
        next(r for r in demo_site.truth if r["outlet"] == outlet)
        for outlet in ("rabat", "tajmi3", "atlas")
    ]
    lines = []
    for index, row in enumerate(rows):
        page = tmp_path / f"page-{index}.html"
        page.write_bytes(httpx.get(str(row["url"])).content)
        lines.append(json.dumps({"file": str(page), "url": row["url"]}))
    missing = str(tmp_path / "missing.html")
    lines.insert(1, json.dumps({"file": missing, "url": "http://x.test/a"}))
    lines.insert(3, "{not json")
    batch = tmp_path / "batch.jsonl"
    batch.write_text("\n".join(lines) + "\n", encoding="utf-8")

    done = subprocess.run(
        [*AKHBAR, "parse", "--batch", str(batch), "--site-url", demo_site.url],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    assert done.returncode == 0, done.stderr
    out = [json.loads(line) for line in done.stdout.splitlines()]
    assert len(out) == 5
    assert out[1] == {"file": missing, "url": "http://x.test/a", "error": out[1]["error"]}
    assert "cannot read" in out[1]["error"]
    assert out[3]["line"] == 4 and "not JSON" in out[3]["error"]
    parsed = [out[0], out[2], out[4]]
    assert [p["file"] for p in parsed] == [str(tmp_path / f"page-{i}.html") for i in range(3)]
    for got, row in zip(parsed, rows, strict=True):
        assert got["title"] == row["title"]
        assert got["published_at"] == row["published"]
        assert got["outlet"] == row["outlet"]
        assert got["original_outlet"] == row["original_outlet"]
    assert parsed[1]["ticker"]  # the aggregator's headline strip, as its own list
    assert parsed[2]["modified_at"] is not None  # atlas declares dateModified


def test_parse_without_file_or_batch_is_a_usage_error() -> None:
    done = subprocess.run(
        [*AKHBAR, "parse"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr
