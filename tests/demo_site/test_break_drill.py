"""The template-change drill (``akhbar demo-site --break OUTLET --from DAY``), over real HTTP
on 127.0.0.1.

From DAY on the outlet's article pages are redrawn (``templates.redesign``); everything else,
and the truth, stays byte for byte. The registry of the site cannot read the new pages; the
same registry with ``redesign_hints`` for the outlet reads them exactly.
"""

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import date, timedelta
from pathlib import Path

import httpx
import pytest

from pipelines.cli import main
from pipelines.demo_site.corpus import DEMO_LAST_DAY
from pipelines.demo_site.outlets import DEFAULT_LINEUP, Lineup
from pipelines.demo_site.registry import registry_yaml
from pipelines.demo_site.server import RunningSite, running_site
from pipelines.demo_site.templates.redesign import redesign_hints
from pipelines.news.extract import parse_page
from pipelines.news.sources import Registry, load_registry
from tests.demo_pages import extraction_mismatches, site_truth
from tests.support import SCALED_SITE, DemoSite

OUTLET = "atlas"
# The day Casablanca's clocks go from UTC+0 to UTC+1: the new dates carry no zone, so the
# day's pages are read right only with the zone database.
DAY = date(2026, 3, 22)
# A scaled site's extra outlet drawn like rabat: the new template in windows-1256.
SCALED_OUTLET = "tanja"
SCALED_DAY = date(2026, 6, 2)
# What the drill must lose without hints and restore with them (the body is compared apart).
FIELDS = ("title", "published", "local_day", "author", "section")
# Links on the pages are absolute, built from the Host header: ask both sites for one host.
HOST = {"Host": "127.0.0.1:8765"}
Truth = list[dict[str, object]]


@pytest.fixture(scope="module")
def broken() -> Iterator[RunningSite]:
    with running_site(port=0, broken_outlet=OUTLET, broken_from=DAY) as site:
        yield site


@pytest.fixture(scope="module")
def broken_scaled() -> Iterator[RunningSite]:
    with running_site(
        port=0, scale=SCALED_SITE, broken_outlet=SCALED_OUTLET, broken_from=SCALED_DAY
    ) as site:
        yield site


def _relative(url: object, site_url: str) -> str:
    return str(url).removeprefix(site_url)


def _differing(client: httpx.Client, first: str, second: str, paths: list[str]) -> set[str]:
    """The paths two sites answer differently (status or bytes), both asked with one Host."""

    def differs(path: str) -> bool:
        a, b = (client.get(root + path, headers=HOST) for root in (first, second))
        return (a.status_code, a.content) != (b.status_code, b.content)

    with ThreadPoolExecutor(max_workers=4) as pool:
        return {path for path, bad in zip(paths, pool.map(differs, paths), strict=True) if bad}


def _hinted_registry(tmp_path: Path, lineup: Lineup, outlet: str, site_url: str) -> Registry:
    path = tmp_path / "hinted.yaml"
    path.write_text(registry_yaml(lineup, hints={outlet: redesign_hints()}), encoding="utf-8")
    return load_registry(path, site_url=site_url)


def _pages_of(truth: Truth, outlet: str, day: date) -> Truth:
    return [r for r in truth if r["outlet"] == outlet and r["local_day"] == day.isoformat()]


def test_only_the_outlets_pages_from_the_day_on_change(
    broken: RunningSite, demo_site: DemoSite, http_client: httpx.Client
) -> None:
    truth = demo_site.truth
    # Every page of the broken outlet, and every other outlet's pages of the days around DAY.
    mine = [r for r in truth if r["outlet"] == OUTLET]
    days = {(DAY - timedelta(days=1)).isoformat(), DAY.isoformat(), DEMO_LAST_DAY.isoformat()}
    others = [r for r in truth if r["outlet"] != OUTLET and r["local_day"] in days]
    before = [_relative(r["url"], demo_site.url) for r in mine if str(r["local_day"]) < str(DAY)]
    after = [_relative(r["url"], demo_site.url) for r in mine if str(r["local_day"]) >= str(DAY)]
    around = [_relative(r["url"], demo_site.url) for r in others]
    # Listings, sitemaps and the feed of the broken outlet stay as they were.
    base = f"o/{OUTLET}/"
    furniture = [
        base,
        f"{base}sitemap.xml",
        f"{base}sitemap-{DAY}.xml",
        f"{base}rss.xml",
        f"{base}section/sport?page=1",
    ]
    assert len(before) > 500 and len(after) > 150 and len(around) > 100
    changed = _differing(http_client, demo_site.url, broken.url, before + after + around)
    assert changed == set(after)
    assert not _differing(http_client, demo_site.url, broken.url, furniture)


def test_the_truth_does_not_change(
    broken: RunningSite, demo_site: DemoSite, http_client: httpx.Client
) -> None:
    assert not _differing(http_client, demo_site.url, broken.url, ["_truth.jsonl"])


def test_the_sites_registry_loses_the_date_author_and_section_of_redrawn_pages(
    broken: RunningSite, http_client: httpx.Client
) -> None:
    rows = _pages_of(site_truth(http_client, broken.url), OUTLET, DAY)
    registry = load_registry(site_url=broken.url)
    assert rows
    for row in rows:
        response = http_client.get(str(row["url"]))
        parsed = parse_page(response.content, str(response.url), registry)
        # og:title still names the article; the rest is gone, and without a date the page
        # is not taken for an article at all.
        assert parsed.title == row["title"]
        assert (parsed.published, parsed.author, parsed.section) == (None, None, None), row["url"]
        assert not parsed.is_article and parsed.reason == "no publication date"


def test_the_redesign_hints_read_every_redrawn_page_as_its_truth(
    broken: RunningSite, http_client: httpx.Client, tmp_path: Path
) -> None:
    rows = _pages_of(site_truth(http_client, broken.url), OUTLET, DAY)
    registry = _hinted_registry(tmp_path, DEFAULT_LINEUP, OUTLET, broken.url)
    mismatches, outlets = extraction_mismatches(http_client, rows, registry, FIELDS)
    assert not mismatches, "\n".join(mismatches[:20])
    assert outlets == {OUTLET: len(rows)} and len(rows) > 10


def test_a_scaled_sites_extra_outlet_can_be_broken_and_read_back(
    broken_scaled: RunningSite, scaled_site: RunningSite, http_client: httpx.Client, tmp_path: Path
) -> None:
    truth = site_truth(http_client, broken_scaled.url)
    paths = {
        day: [_relative(r["url"], broken_scaled.url) for r in _pages_of(truth, SCALED_OUTLET, day)]
        for day in (SCALED_DAY - timedelta(days=1), SCALED_DAY)
    }
    everything = [path for day_paths in paths.values() for path in day_paths]
    changed = _differing(http_client, scaled_site.url, broken_scaled.url, everything)
    assert changed == set(paths[SCALED_DAY])
    registry = _hinted_registry(tmp_path, SCALED_SITE.lineup, SCALED_OUTLET, broken_scaled.url)
    rows = _pages_of(truth, SCALED_OUTLET, SCALED_DAY)
    mismatches, _ = extraction_mismatches(http_client, rows, registry, FIELDS)
    assert not mismatches, "\n".join(mismatches[:20])


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--break", "nope", "--from", "2026-03-01"],
            "akhbar: --break: 'nope' is not an outlet of this site; an original outlet can be "
            "redesigned: atlas, rabat, souss",
        ),
        (["--break", "tajmi3", "--from", "2026-03-01", "--export-truth", "-"], "'tajmi3' is the"),
        (["--break", "tanja", "--from", "2026-03-01", "--export-truth", "-"], "'tanja' is not"),
        (
            ["--break", "atlas", "--from", "2026-04-02", "--export-truth", "-"],
            "akhbar: --break: 2026-04-02 is not a day of this site (2026-02-01 to 2026-04-01)",
        ),
        (["--from", "2026-03-01", "--export-truth", "-"], "akhbar: --from needs --break OUTLET"),
        (["--break", "atlas", "--export-truth", "-"], "akhbar: --break needs --from"),
        (["--break", "atlas", "--from", "22/03/2026"], "akhbar: --from: '22/03/2026' is not a"),
    ],
)
def test_a_bad_drill_gets_one_line_and_exit_2(
    args: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["demo-site", *args]) == 2
    out, err = capsys.readouterr()
    assert out == "" and message in err and len(err.splitlines()) == 1, err


def test_the_exported_truth_is_the_same_with_the_drill(tmp_path: Path) -> None:
    shape = ["--outlets", "5", "--days", "2", "--start", "2026-06-01"]
    plain, drilled = tmp_path / "plain.jsonl", tmp_path / "drilled.jsonl"
    assert main(["demo-site", *shape, "--export-truth", str(plain)]) == 0
    drill = ["--break", SCALED_OUTLET, "--from", "2026-06-02"]
    assert main(["demo-site", *shape, *drill, "--export-truth", str(drilled)]) == 0
    assert drilled.read_bytes() == plain.read_bytes() and plain.stat().st_size > 0
