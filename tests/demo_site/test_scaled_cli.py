"""`akhbar demo-site --outlets M --days N --start DAY --export-registry FILE`, as users run it."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from pipelines.cli import main
from pipelines.news.sources import DEFAULT_REGISTRY, load_registry

AKHBAR = [sys.executable, "-m", "pipelines.cli", "demo-site"]


def _akhbar(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*AKHBAR, *args], capture_output=True, text=True, timeout=300)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--outlets", "0"], "akhbar: --outlets must be a whole number of at least 1, not '0'"),
        (["--days", "-1"], "akhbar: --days must be a whole number of at least 1, not '-1'"),
        (["--start", "2026-02-30"], "akhbar: --start: '2026-02-30' is not a date like 2026-02-01"),
    ],
)
def test_mistakes_get_one_line_and_exit_2(args: list[str], message: str) -> None:
    done = _akhbar(*args, "--export-truth", "-")
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.startswith(message) and len(done.stderr.splitlines()) == 1, done.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--outlets", "2.5"], "akhbar: --outlets must be a whole number of at least 1, not '2.5'"),
        (["--days", "ten"], "akhbar: --days must be a whole number of at least 1, not 'ten'"),
        (["--start", "1969-01-01"], "akhbar: demo-site: the first day must be 1970-01-01 or"),
        (["--start", "9999-12-01"], "akhbar: demo-site: 60 days from 9999-12-01 run past"),
        (["--export-registry", "/nonexistent/dir/r.yaml"], "akhbar: cannot write /nonexistent"),
    ],
)
def test_more_mistakes_in_process(
    args: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["demo-site", *args, "--export-truth", "-"]) == 2
    out, err = capsys.readouterr()
    assert out == "" and err.startswith(message) and len(err.splitlines()) == 1, err


def test_explicit_default_flags_export_the_bundled_truth_and_registry(tmp_path: Path) -> None:
    default = _akhbar("--export-truth", str(tmp_path / "default.jsonl"))
    explicit = _akhbar(
        "--outlets", "3", "--days", "60", "--start", "2026-02-01",
        "--export-truth", str(tmp_path / "explicit.jsonl"),
        "--export-registry", str(tmp_path / "explicit.yaml"),
    )  # fmt: skip
    assert default.returncode == explicit.returncode == 0, (default.stderr, explicit.stderr)
    truth = (tmp_path / "default.jsonl").read_bytes()
    assert truth.count(b"\n") > 3000
    assert (tmp_path / "explicit.jsonl").read_bytes() == truth
    written = load_registry(tmp_path / "explicit.yaml")
    assert written.outlets == load_registry(DEFAULT_REGISTRY).outlets


def test_a_scaled_site_exports_its_registry_and_truth_and_exits(tmp_path: Path) -> None:
    registry_file, truth_file = tmp_path / "scaled.yaml", tmp_path / "truth.jsonl"
    done = _akhbar(
        "--outlets", "5", "--days", "3", "--start", "2026-06-01", "--port", "9999",
        "--export-registry", str(registry_file), "--export-truth", str(truth_file),
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "wrote the registry of 6 outlets" in done.stderr
    assert "--outlets 5 --days 3 --start 2026-06-01" in registry_file.read_text("utf-8")
    truth = [json.loads(line) for line in truth_file.read_text("utf-8").splitlines()]
    assert f"wrote {len(truth)} ground-truth records" in done.stderr
    registry = load_registry(registry_file, site_url="http://127.0.0.1:9999/")
    outlets = [outlet.key for outlet in registry.outlets]
    assert outlets == ["atlas", "rabat", "souss", "fes", "tanja", "tajmi3"]
    assert {r["outlet"] for r in truth} == set(outlets)
    assert {r["local_day"] for r in truth} == {"2026-06-01", "2026-06-02", "2026-06-03"}
    for record in truth:
        owner = registry.outlet_for_url(record["url"])
        assert owner is not None and owner.key == record["outlet"]
