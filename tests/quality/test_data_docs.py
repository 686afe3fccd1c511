"""Data Docs: every validation writes its page into one site beside the warehouse, and a later
validation (another check, another process) leaves the earlier pages and the index whole."""

import os
import time
from datetime import date
from pathlib import Path
from urllib.parse import unquote, urlparse

from pipelines.news import tables
from pipelines.news.models import DayWindow
from quality.expectations import run_parameters
from quality.suites import ARTICLE_TOPICS, PARSED_PAGES
from quality.validation import RETENTION, QualityFolder, validate

DAY = date(2026, 3, 1)
PARAMETERS = run_parameters(DayWindow(DAY, DAY), ["atlas"], ["politics", "unclassified"])
# An article whose body is a line: the gate's body_long_enough rejects it.
_SHORT_ARTICLE = {
    "day": DAY,
    "url": "http://a.test/1",
    "outlet": "atlas",
    "status": "article",
    "title": "عنوان",
    "published_day": DAY,
    "language": "ar",
    "body": "سطر واحد.",
}


def _page(url: str | None) -> Path:
    assert url is not None and url.startswith("file://")
    return Path(unquote(urlparse(url).path))


def test_each_validation_has_its_page_and_the_index_lists_them_all(tmp_path: Path) -> None:
    docs = QualityFolder.beside(tmp_path / "news.duckdb")
    gate = validate(
        PARSED_PAGES,
        tables.frame([_SHORT_ARTICLE], tables.PARSED_PAGES),  # fails body_long_enough
        PARAMETERS,
        docs=docs,
        run_name="2026-03-01_run-aaaa",
    )
    topics = validate(
        ARTICLE_TOPICS,
        tables.frame([], tables.ARTICLE_TOPICS),
        PARAMETERS,
        docs=docs,
        run_name="2026-03-01_run-aaaa",
    )

    assert docs.data_docs == tmp_path / "quality" / "data_docs"
    gate_page, topics_page = _page(gate.data_docs_page), _page(topics.data_docs_page)
    for page in (gate_page, topics_page):
        assert page.is_file() and docs.data_docs in page.parents
        assert "2026-03-01_run-aaaa" in page.parts
    assert gate.failed == ("body_long_enough",)
    assert "Failed" in gate_page.read_text(encoding="utf-8")
    index = docs.index.read_text(encoding="utf-8")
    for page in (gate_page, topics_page):
        assert page.relative_to(docs.data_docs).as_posix() in index
    # The suites themselves are documented: each expectation's check name, severity and
    # description are its notes.
    suite_page = docs.data_docs / "expectations" / "staging" / "parsed_pages.html"
    notes = "<strong>body_long_enough</strong> (ERROR): every article body has at least"
    assert notes in suite_page.read_text(encoding="utf-8")


def test_validations_older_than_the_retention_leave_the_site(tmp_path: Path) -> None:
    docs = QualityFolder.beside(tmp_path / "news.duckdb")
    rows = tables.frame([], tables.ARTICLE_TOPICS)
    old = validate(ARTICLE_TOPICS, rows, PARAMETERS, docs=docs, run_name="old")
    old_page = _page(old.data_docs_page)
    old_result = next((docs.root / "validations").rglob("*.json"))
    long_ago = time.time() - RETENTION.total_seconds() - 60
    for path in (old_page, old_result):
        os.utime(path, (long_ago, long_ago))

    new = validate(ARTICLE_TOPICS, rows, PARAMETERS, docs=docs, run_name="new")

    assert _page(new.data_docs_page).is_file()
    assert not old_page.exists() and not old_result.exists()
    assert not (docs.data_docs / "validations" / "staging" / "article_topics" / "old").exists()
    assert "/old/" not in docs.index.read_text(encoding="utf-8")
