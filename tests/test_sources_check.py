"""`akhbar sources check` on the demo site over loopback: healthy outlets pass, an outlet the
faulty site has taken down fails with its reason, and the exit status says so."""

from pathlib import Path

from pipelines.cli import main
from pipelines.demo_site.faults import BROKEN_OUTLET
from pipelines.demo_site.server import running_site
from pipelines.news.sources import DEFAULT_REGISTRY

AS_OF = "2026-03-15"  # a day of the demo site's history

BROKEN = f"""
  - key: {BROKEN_OUTLET}
    name: موقع خامد
    base_url: o/{BROKEN_OUTLET}/
    language: ar
    local: true
    politeness: {{min_interval_seconds: 0}}
    sitemap: sitemap.xml
"""


def _lines(output: str) -> dict[str, str]:
    return {line.split()[1].rstrip(":"): line for line in output.splitlines() if line.strip()}


def test_every_bundled_outlet_passes_on_the_demo_site(demo_site, capsys) -> None:
    status = main(["sources", "check", "--site-url", demo_site.url, "--as-of", AS_OF])
    lines = _lines(capsys.readouterr().out)
    assert status == 0
    assert set(lines) == {"atlas", "rabat", "souss", "tajmi3"}
    for line in lines.values():
        assert line.split()[0] in ("OK", "WARN"), line
        assert "robots.txt HTTP 200" in line and f"newest {AS_OF}" in line, line
        assert f"published {AS_OF}" in line, line  # a recent article fetched and extracted
        assert "politeness: 0 s" in line, line


def test_an_outlet_broken_by_faults_fails_with_its_reason(tmp_path: Path, capsys) -> None:
    registry = tmp_path / "sources.yaml"
    registry.write_text(DEFAULT_REGISTRY.read_text(encoding="utf-8") + BROKEN, encoding="utf-8")
    with running_site(port=0, faults=True) as site:
        status = main(
            [
                "sources",
                "check",
                "--registry",
                str(registry),
                "--site-url",
                site.url,
                "--as-of",
                AS_OF,
                "--days",
                "2",
            ]
        )
    captured = capsys.readouterr()
    lines = _lines(captured.out)
    assert status == 1 and "1 of 5 outlets fail" in captured.err
    broken = lines[BROKEN_OUTLET]
    assert broken.startswith("FAIL") and "no endpoint lists any URL" in broken
    assert "HTTP 500" in broken  # the failed sitemap request says why
    assert all(not lines[o].startswith("FAIL") for o in ("atlas", "rabat", "souss", "tajmi3"))
