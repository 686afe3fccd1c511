"""The news report in a real browser: Debian's chromium, driven by Playwright (no browser
download), offline. Every chart holds the marts' numbers, nothing fails in the console or on
the network, Arabic reads right to left and every numeral is a Western digit."""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

import duckdb
import polars as pl
import pytest

from pipelines.news.taxonomy import load_taxonomy
from tests.support import E2E_FIRST_DAY, E2E_LAST_DAY, E2ERun
from warehouse.report import read_report_data
from warehouse.report.page import render_report
from warehouse.store import Warehouse

CHROMIUM = shutil.which("chromium")
pytestmark = pytest.mark.skipif(
    CHROMIUM is None,
    reason="Debian's chromium is not installed (`make chromium` installs it as root with "
    "apt-get): the report's browser test needs a real browser",
)

# Known to work on a 2-core machine without a display or a GPU, and quiet on the network.
_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
_EASTERN_DIGITS = re.compile("[\u0660-\u0669\u06f0-\u06f9]")
_ARABIC_LETTER = re.compile("[\u0621-\u064a]")

# Every chart's data as the page holds it (Plotly keeps it on the element), every SVG text,
# and, for each Arabic chart label, where its first and last letters are drawn.
_CHARTS_JS = """() => Array.from(document.querySelectorAll('.js-plotly-plot')).map(el => ({
    id: el.id,
    traces: el.data.map(t => ({type: t.type, name: t.name ?? null, x: t.x ?? null,
                               y: t.y ?? null, z: t.z ?? null})),
}))"""
_SVG_TEXT_JS = """() => Array.from(document.querySelectorAll('.js-plotly-plot svg text')).map(t => {
    const n = t.getNumberOfChars();
    return {
        text: t.textContent,
        cls: t.getAttribute('class') || t.parentNode.getAttribute('class') || '',
        first: n > 1 ? t.getStartPositionOfChar(0).x : null,
        last: n > 1 ? t.getStartPositionOfChar(n - 1).x : null,
    };
})"""
_DIRECTIONS_JS = """() => Array.from(document.querySelectorAll('h1, h2, section > p, th, td'))
    .map(el => ({tag: el.tagName, text: el.textContent,
                 direction: getComputedStyle(el).direction, lang: el.closest('[lang]').lang}))"""


@dataclass
class RenderedReport:
    charts: dict[str, list[dict[str, Any]]]
    svg_texts: list[dict[str, Any]]
    directions: list[dict[str, str]]
    story_rows: int
    spike_rows: int
    body_text: str
    console_errors: list[str] = field(default_factory=list)
    network_requests: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)


@pytest.fixture(scope="module")
def rendered(e2e_run: E2ERun, tmp_path_factory: pytest.TempPathFactory) -> RenderedReport:
    """The report the daily run wrote, as chromium shows it (a screenshot is kept beside)."""
    path = e2e_run.database.parent / "reports" / f"news_{E2E_FIRST_DAY}_{E2E_LAST_DAY}.html"
    assert path.is_file(), "the daily run wrote no report"
    return _render(path, tmp_path_factory.mktemp("report") / "report.png")


def _render(path: Path, screenshot: Path) -> RenderedReport:
    from playwright.sync_api import Route, sync_playwright

    errors: list[str] = []
    requests: list[str] = []
    failed: list[str] = []

    def offline(route: Route) -> None:
        # The page must need nothing but itself: any other request is recorded and refused.
        if route.request.url.startswith("file:"):
            route.continue_()
        else:
            requests.append(route.request.url)
            route.abort()

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=_FLAGS)
        try:
            context = browser.new_context(viewport={"width": 1200, "height": 900})
            context.route("**/*", offline)
            page = context.new_page()
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda error: errors.append(str(error)))
            page.on("requestfailed", lambda request: failed.append(request.url))
            page.goto(path.resolve().as_uri(), wait_until="load")
            page.wait_for_function(
                "() => Array.from(document.querySelectorAll('.plotly-graph-div'))"
                ".every(el => el.classList.contains('js-plotly-plot') && el._fullLayout)"
            )
            page.screenshot(path=str(screenshot), full_page=True)
            return RenderedReport(
                charts={chart["id"]: chart["traces"] for chart in page.evaluate(_CHARTS_JS)},
                svg_texts=page.evaluate(_SVG_TEXT_JS),
                directions=page.evaluate(_DIRECTIONS_JS),
                story_rows=page.locator("#biggest-stories-table tbody tr").count(),
                spike_rows=page.locator("#spikes table tbody tr").count(),
                body_text=page.inner_text("body"),
                console_errors=errors,
                network_requests=requests,
                failed_requests=failed,
            )
        finally:
            browser.close()


def _rows(e2e_run: E2ERun, query: str) -> list[tuple[Any, ...]]:
    """The rows of ``query`` on the run's database, its $first/$last the report's days."""
    window = {"first": E2E_FIRST_DAY, "last": E2E_LAST_DAY}
    with duckdb.connect(str(e2e_run.database), read_only=True) as connection:
        return connection.execute(query, window if "$first" in query else {}).fetchall()


def _outlet_names(e2e_run: E2ERun) -> dict[str, str]:
    return dict(_rows(e2e_run, "SELECT outlet, coalesce(name, outlet) FROM marts.outlets"))


def test_the_page_renders_offline_without_a_console_error(rendered: RenderedReport) -> None:
    assert rendered.console_errors == []
    assert rendered.network_requests == []
    assert rendered.failed_requests == []
    assert set(rendered.charts) == {
        "topic-trends-chart",
        "outlet-days-chart",
        "share-of-voice-chart",
    }


def test_topic_trends_hold_each_topic_s_daily_articles(
    rendered: RenderedReport, e2e_run: E2ERun
) -> None:
    names = {topic: names["ar"] for topic, names in load_taxonomy().names.items()}
    expected: dict[str, set[tuple[str, int]]] = {}
    for day, topic, articles in _rows(
        e2e_run,
        "SELECT day, topic, sum(articles) FROM marts.daily_topic_counts "
        "WHERE day BETWEEN $first AND $last GROUP BY ALL",
    ):
        expected.setdefault(names.get(topic, topic), set()).add((day.isoformat(), articles))
    traces = rendered.charts["topic-trends-chart"]
    shown = {trace["name"]: set(zip(trace["x"], trace["y"], strict=True)) for trace in traces}
    # Topics outside the taxonomy (unclassified) have Arabic names of the report's own.
    assert {k: v for k, v in shown.items() if k in expected} == expected
    assert sum(len(points) for points in shown.values()) == sum(map(len, expected.values()))


def test_the_heatmap_has_a_cell_per_outlet_day_of_the_marts(
    rendered: RenderedReport, e2e_run: E2ERun
) -> None:
    names = _outlet_names(e2e_run)
    [heatmap] = rendered.charts["outlet-days-chart"]
    shown = {
        (outlet, day): articles
        for outlet, row in zip(heatmap["y"], heatmap["z"], strict=True)
        for day, articles in zip(heatmap["x"], row, strict=True)
        if articles is not None
    }
    expected = {
        (names.get(outlet, outlet), day.isoformat()): articles
        for day, outlet, articles in _rows(
            e2e_run,
            "SELECT day, outlet, articles FROM marts.publication_trends "
            "WHERE day BETWEEN $first AND $last",
        )
    }
    assert shown == expected and len(expected) > 4


def test_share_of_voice_shows_each_outlet_s_total_from_publication_trends(
    rendered: RenderedReport, e2e_run: E2ERun
) -> None:
    names = _outlet_names(e2e_run)
    [bars] = rendered.charts["share-of-voice-chart"]
    totals = _rows(
        e2e_run,
        "SELECT outlet, sum(articles) FROM marts.publication_trends "
        "WHERE day BETWEEN $first AND $last GROUP BY outlet",
    )
    assert dict(zip(bars["y"], bars["x"], strict=True)) == {
        names.get(outlet, outlet): total for outlet, total in totals
    }
    assert bars["x"] == sorted(bars["x"], reverse=True)  # the biggest first


def test_biggest_stories_and_spikes_have_their_rows(
    rendered: RenderedReport, e2e_run: E2ERun
) -> None:
    [(stories,)] = _rows(
        e2e_run,
        "SELECT count(*) FROM marts.stories WHERE first_published_day BETWEEN $first AND $last",
    )
    assert rendered.story_rows == min(10, stories) == 10
    [(spikes,)] = _rows(
        e2e_run,
        "SELECT count(*) FROM marts.outlet_trends WHERE spike AND day BETWEEN $first AND $last",
    )
    if spikes:
        [markers] = rendered.charts["spikes-chart"]
        assert len(markers["x"]) == spikes
    else:
        assert "spikes-chart" not in rendered.charts
        assert "لا ارتفاع مفاجئا" in rendered.body_text


def test_arabic_text_runs_right_to_left(rendered: RenderedReport) -> None:
    # HTML: headings, paragraphs and table cells are Arabic and right to left.
    assert rendered.directions and {d["lang"] for d in rendered.directions} == {"ar"}
    wrong = [d for d in rendered.directions if d["direction"] != "rtl"]
    assert wrong == []
    # Charts (laid out left to right by Plotly): each Arabic label is drawn with its first
    # letter to the right of its last, i.e. read right to left, not mirrored.
    labels = [
        t
        for t in rendered.svg_texts
        if t["first"] is not None
        and _ARABIC_LETTER.search(t["text"])
        and not re.search(r"\d", t["text"])
    ]
    assert len(labels) >= 5, rendered.svg_texts
    assert [t["text"] for t in labels if not t["first"] > t["last"]] == []


def test_every_numeral_is_a_western_digit(rendered: RenderedReport) -> None:
    texts = [t["text"] for t in rendered.svg_texts]
    assert not _EASTERN_DIGITS.search(rendered.body_text)
    assert [text for text in texts if _EASTERN_DIGITS.search(text)] == []
    # Date ticks are day/month, count ticks plain digits: both are on the charts.
    ticks = [t["text"] for t in rendered.svg_texts if "tick" in t["cls"]]
    assert any(re.fullmatch(r"\d{2}/\d{2}", tick) for tick in ticks), ticks
    assert any(re.fullmatch(r"\d+", tick) for tick in ticks), ticks


def test_the_spikes_chart_has_a_marker_and_a_row_per_flagged_outlet_day(
    e2e_run: E2ERun, tmp_path: Path
) -> None:
    # The demo's outlets publish too evenly for marts.outlet_trends to flag a spike (and four
    # days are too few history): the section is drawn from two flagged rows given to it.
    flagged = pl.DataFrame(
        {
            "day": [date(2026, 3, 22), date(2026, 3, 23)],
            "outlet": ["atlas", "sada"],
            "articles": [41, 37],
            "avg_7d": [15.2, 14.0],
            "z_28d": [6.3, 4.1],
        }
    )
    data = read_report_data(Warehouse(e2e_run.database), E2E_FIRST_DAY, E2E_LAST_DAY)
    page = tmp_path / "report.html"
    page.write_text(render_report(replace(data, spikes=flagged)), encoding="utf-8")
    shown = _render(page, tmp_path / "report.png")
    assert shown.console_errors == [] and shown.network_requests == []
    [markers] = shown.charts["spikes-chart"]
    assert markers["x"] == ["2026-03-22", "2026-03-23"] and shown.spike_rows == 2
    assert "41" in shown.body_text and "6.3" in shown.body_text
