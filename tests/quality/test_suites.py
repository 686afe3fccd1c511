"""The parsed-pages suite on small frames: good rows pass every expectation, and a broken
row fails the expectation that names it (and only that one)."""

from datetime import date

import pytest

from pipelines.news import tables
from pipelines.news.models import DayWindow
from quality.suites import MIN_ARTICLE_BODY_CHARS, PARSED_PAGES_SUITE, validate_parsed_pages

DAY = date(2026, 3, 1)
WINDOW = DayWindow(DAY, DAY)
OUTLETS = ("atlas", "rabat")


def _article(url: str, outlet: str) -> dict[str, object]:
    return {
        "day": DAY,
        "url": url,
        "outlet": outlet,
        "status": "article",
        "title": "عنوان",
        "published_day": DAY,
        "language": "ar",
        "body": "ب" * MIN_ARTICLE_BODY_CHARS,
    }


def _good() -> list[dict[str, object]]:
    return [
        _article("http://a.test/1", "atlas"),
        _article("http://r.test/1", "rabat"),
        {
            "day": DAY,
            "url": "http://r.test/tag",
            "outlet": "rabat",
            "status": "non_article",
            "reason": "listing page",
        },
    ]


def _failed(rows: list[dict[str, object]]) -> set[str]:
    outcomes = validate_parsed_pages(tables.frame(rows, tables.PARSED_PAGES), WINDOW, OUTLETS)
    assert {o.name for o in outcomes} == {e.name for e in PARSED_PAGES_SUITE}
    return {o.name for o in outcomes if not o.success}


@pytest.fixture(scope="module")
def good_failures() -> set[str]:
    return _failed(_good())


def test_good_rows_pass_every_expectation(good_failures: set[str]) -> None:
    assert good_failures == set()


@pytest.mark.parametrize(
    ("row", "breakage", "expectation"),
    [
        (0, {"url": "http://r.test/1"}, "url_listed_once"),
        (0, {"title": None}, "title_present"),
        (0, {"language": "de"}, "language_expected"),
        (0, {"body": "قصير"}, "body_long_enough"),
        (0, {"published_day": date(2026, 3, 5)}, "published_day_in_window"),
        (2, {"status": "maybe"}, "status_is_known"),
        (0, {"outlet": "rabat"}, "every_outlet_has_articles"),
    ],
)
def test_a_broken_row_fails_its_expectation(
    row: int, breakage: dict[str, object], expectation: str
) -> None:
    rows = _good()
    rows[row] = {**rows[row], **breakage}
    assert _failed(rows) == {expectation}
