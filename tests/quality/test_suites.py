"""Every expectation of every suite, on small frames: good rows pass the whole suite, and each
breakage fails exactly the expectations it names. An expectation without a breakage that
fails it is caught by `test_every_expectation_has_a_failing_case`."""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date

import pytest

from pipelines.news import tables
from pipelines.news.models import DayWindow
from quality.expectations import Suite, run_parameters
from quality.mart_suites import (
    DAILY_TICKER_STORIES,
    DAILY_TOPIC_COUNTS,
    OUTLET_DAY_QUALITY,
    OUTLET_DAY_SHARES,
    PUBLICATION_TRENDS,
    STORIES,
)
from quality.suites import (
    ARTICLE_STORIES,
    ARTICLE_TOPICS,
    MIN_ARTICLE_BODY_CHARS,
    PARSED_PAGES,
    TOPICS_BESIDES_TAXONOMY,
)
from quality.validation import validate

DAY = date(2026, 3, 1)
WINDOW = DayWindow(DAY, DAY)
PARAMETERS = run_parameters(
    WINDOW, ["atlas", "rabat"], ["politics", "economy", "sport", *TOPICS_BESIDES_TAXONOMY]
)
SUITES = (
    PARSED_PAGES,
    ARTICLE_TOPICS,
    ARTICLE_STORIES,
    DAILY_TOPIC_COUNTS,
    PUBLICATION_TRENDS,
    STORIES,
    DAILY_TICKER_STORIES,
    OUTLET_DAY_QUALITY,
)

Rows = list[dict[str, object]]


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


def _topic(url: str, outlet: str, topic: str, method: str, confidence: float | None) -> dict:
    version = {"section_map": "section_map-1a2b", "classifier": "model-9f8e", "none": "none"}
    return {
        "day": DAY,
        "url": url,
        "outlet": outlet,
        "topic": topic,
        "method": method,
        "model_version": version[method],
        "confidence": confidence,
    }


def _outlet_day(outlet: str, status: str, reasons: list[str], **measures: object) -> dict:
    return {
        "day": DAY,
        "outlet": outlet,
        "status": status,
        "reasons": reasons,
        "listed": 12,
        "fetched": 10,
        "articles": 9,
        "fetch_error_rate": 0.0,
        "rejected_share": 0.1,
        "title_share": 1.0,
        "date_share": 1.0,
        "body_share": 1.0,
        "section_share": 0.9,
        "expected_articles": 10.0,
        "volume_z": -0.5,
        **measures,
    }


def _story(
    story_id: str,
    *,
    articles: int = 1,
    outlets: list[str] | None = None,
    topic: str = "politics",
    last: date | None = DAY,
) -> dict[str, object]:
    return {
        "story_id": story_id,
        "first_published_day": DAY,
        "first_outlet": "atlas",
        "outlets": outlets or ["atlas"],
        "articles": articles,
        "topic": topic,
        "last_published_day": last,
    }


# Rows every expectation of the table's suite accepts; the breakages below start from them.
GOOD: dict[str, Rows] = {
    "staging.parsed_pages": [
        _article("http://a.test/1", "atlas"),
        _article("http://r.test/1", "rabat"),
        {
            "day": DAY,
            "url": "http://r.test/tag",
            "outlet": "rabat",
            "status": "non_article",
            "reason": "listing page",
        },
    ],
    "staging.article_topics": [
        _topic("http://a.test/1", "atlas", "politics", "section_map", 1.0),
        _topic("http://a.test/2", "atlas", "economy", "classifier", 0.8),
        _topic("http://r.test/1", "rabat", "sport", "section_map", 1.0),
        _topic("http://r.test/2", "rabat", "unclassified", "none", None),
    ],
    "staging.article_stories": [
        {"day": DAY, "url": "http://a.test/1", "outlet": "atlas", "story_id": "st-1"},
        {"day": DAY, "url": "http://t.test/1", "outlet": "tajmi3", "story_id": "st-1"},
        {"day": DAY, "url": "http://a.test/2", "outlet": "atlas", "story_id": "st-2"},
        {"day": DAY, "url": "http://r.test/1", "outlet": "rabat", "story_id": "st-3"},
    ],
    "marts.daily_topic_counts": [
        {
            "day": DAY,
            "topic": "politics",
            "outlet": "atlas",
            "articles": 2,
            "stories": 2,
            "counted_by": "section_map-1a2b",
        },
        {
            "day": DAY,
            "topic": "sport",
            "outlet": "atlas",
            "articles": 1,
            "stories": 1,
            "counted_by": "section_map-1a2b",
        },
        {
            "day": DAY,
            "topic": "politics",
            "outlet": "rabat",
            "articles": 3,
            "stories": 2,
            "counted_by": "model-9f8e, section_map-1a2b",
        },
    ],
    "marts.publication_trends": [
        {"day": DAY, "outlet": "atlas", "articles": 3, "articles_7d_avg": 2.5, "share_of_day": 0.6},
        {"day": DAY, "outlet": "rabat", "articles": 2, "articles_7d_avg": 1.5, "share_of_day": 0.4},
        {
            "day": DAY,
            "outlet": "tajmi3",
            "articles": 0,
            "articles_7d_avg": 1.0,
            "share_of_day": 0.0,
        },
    ],
    "marts.stories": [
        _story("st-1", articles=2, outlets=["atlas", "tajmi3"], last=date(2026, 3, 3)),
        _story("st-2"),
        # Written before last_published_day existed: NULL passes.
        _story("st-3", topic="unclassified", last=None),
    ],
    "marts.daily_ticker_stories": [
        {"day": DAY, "story_id": "st-1", "headline": None, "times_shown": 3},
        {"day": DAY, "story_id": "st-2", "headline": None, "times_shown": 1},
        {"day": DAY, "story_id": "st-3", "headline": None, "times_shown": 2},
        {"day": DAY, "story_id": None, "headline": "خبر لا نملك مقاله", "times_shown": 1},
    ],
    "marts.outlet_day_quality": [
        _outlet_day("atlas", "ok", []),
        # Too short a history for a volume verdict: NULLs pass.
        _outlet_day(
            "rabat",
            "warn",
            ["section_share 0.40 < 0.5"],
            section_share=0.4,
            expected_articles=None,
            volume_z=None,
        ),
    ],
}


def change(*indexes: int, **values: object) -> Callable[[Rows], Rows]:
    """The rows with ``values`` set on the rows at ``indexes``."""
    return lambda rows: [{**row, **values} if i in indexes else row for i, row in enumerate(rows)]


def changes(values_by_index: Mapping[int, Mapping[str, object]]) -> Callable[[Rows], Rows]:
    """The rows with each row's own changes."""
    return lambda rows: [{**row, **values_by_index.get(i, {})} for i, row in enumerate(rows)]


def append(row: Mapping[str, object]) -> Callable[[Rows], Rows]:
    return lambda rows: [*rows, dict(row)]


@dataclass(frozen=True)
class Breakage:
    """Rows that must fail ``expectation`` of ``table``'s suite; ``also`` names what else
    they fail, when no row can break the one without the other."""

    table: str
    expectation: str
    broken: Callable[[Rows], Rows]
    also: frozenset[str] = field(default_factory=frozenset)

    @property
    def id(self) -> str:
        return f"{self.table}.{self.expectation}"


BREAKAGES = [
    # staging.parsed_pages (rows 0, 1: articles of atlas and rabat; row 2: a listing page)
    Breakage("staging.parsed_pages", "status_is_known", change(2, status="maybe")),
    Breakage("staging.parsed_pages", "url_listed_once", change(0, url="http://r.test/1")),
    Breakage("staging.parsed_pages", "title_present", change(0, title=None)),
    Breakage(
        "staging.parsed_pages", "published_day_in_window", change(0, published_day=date(2026, 3, 5))
    ),
    Breakage("staging.parsed_pages", "language_expected", change(0, language="de")),
    Breakage("staging.parsed_pages", "body_long_enough", change(0, body="قصير")),
    # staging.article_topics (mapped, classified, mapped, unclassified)
    Breakage("staging.article_topics", "article_classified_once", change(1, url="http://a.test/1")),
    Breakage("staging.article_topics", "topic_in_taxonomy", change(0, topic="weather")),
    Breakage("staging.article_topics", "method_is_known", change(0, method="guess")),
    Breakage("staging.article_topics", "model_version_present", change(0, model_version=None)),
    Breakage("staging.article_topics", "confidence_is_a_probability", change(1, confidence=1.5)),
    Breakage("staging.article_topics", "classifier_gives_confidence", change(1, confidence=None)),
    Breakage("staging.article_topics", "unclassified_means_no_model", change(3, topic="politics")),
    Breakage(
        "staging.article_topics",
        "mostly_classified",
        change(0, 1, 2, topic="general", method="classifier", confidence=0.3),
    ),
    # staging.article_stories (st-1 carried by two outlets, st-2, st-3)
    Breakage("staging.article_stories", "story_id_present", change(0, story_id=None)),
    Breakage("staging.article_stories", "article_in_one_story", change(1, url="http://a.test/1")),
    Breakage(
        "staging.article_stories",
        "stories_not_merged_wholesale",
        change(0, 1, 2, 3, story_id="st-1"),
    ),
    # marts.daily_topic_counts
    Breakage(
        "marts.daily_topic_counts", "one_row_per_day_topic_outlet", change(1, topic="politics")
    ),
    Breakage("marts.daily_topic_counts", "topic_in_taxonomy", change(0, topic="weather")),
    Breakage(
        "marts.daily_topic_counts",
        "articles_at_least_one",
        change(1, articles=0, stories=0),
        # A row without articles has no stories either.
        also=frozenset({"stories_at_least_one"}),
    ),
    Breakage("marts.daily_topic_counts", "stories_at_least_one", change(0, stories=0)),
    Breakage("marts.daily_topic_counts", "stories_at_most_articles", change(0, stories=3)),
    Breakage("marts.daily_topic_counts", "counted_by_present", change(0, counted_by=None)),
    # marts.publication_trends (atlas, rabat, and tajmi3 silent that day)
    Breakage("marts.publication_trends", "one_row_per_day_outlet", change(1, outlet="atlas")),
    Breakage("marts.publication_trends", "articles_not_negative", change(2, articles=-1)),
    Breakage("marts.publication_trends", "average_positive", change(2, articles_7d_avg=0.0)),
    Breakage("marts.publication_trends", "share_is_a_fraction", change(0, share_of_day=1.2)),
    # marts.stories (st-1 over three days and two outlets, st-2, st-3 without a last day)
    Breakage("marts.stories", "one_row_per_story", change(1, story_id="st-1")),
    Breakage("marts.stories", "story_has_articles", change(1, articles=0)),
    Breakage(
        "marts.stories",
        "last_day_not_before_first",
        change(0, last_published_day=date(2026, 2, 28)),
    ),
    Breakage("marts.stories", "topic_in_taxonomy", change(0, topic="weather")),
    # marts.daily_ticker_stories (three matched stories, one unmatched headline)
    Breakage("marts.daily_ticker_stories", "times_shown_at_least_one", change(0, times_shown=0)),
    Breakage("marts.daily_ticker_stories", "story_counted_once_a_day", change(1, story_id="st-1")),
    Breakage(
        "marts.daily_ticker_stories",
        "headline_counted_once_a_day",
        append({"day": DAY, "story_id": None, "headline": "خبر لا نملك مقاله", "times_shown": 2}),
    ),
    Breakage(
        "marts.daily_ticker_stories", "headline_kept_when_unmatched", change(3, headline=None)
    ),
    Breakage("marts.daily_ticker_stories", "no_headline_when_matched", change(0, headline="خبر")),
    Breakage(
        "marts.daily_ticker_stories",
        "headlines_match_stories",
        changes(
            {
                0: {"story_id": None, "headline": "عنوان أول"},
                1: {"story_id": None, "headline": "عنوان ثان"},
                2: {"story_id": None, "headline": "عنوان ثالث"},
            }
        ),
    ),
    # marts.outlet_day_quality (atlas ok, rabat warn; the window is one day of two outlets)
    Breakage("marts.outlet_day_quality", "one_row_per_day_outlet", change(1, outlet="atlas")),
    Breakage("marts.outlet_day_quality", "outlet_registered", change(1, outlet="ghost")),
    Breakage("marts.outlet_day_quality", "every_outlet_every_day", lambda rows: rows[:1]),
    Breakage("marts.outlet_day_quality", "status_is_known", change(0, status="fine")),
    Breakage(
        "marts.outlet_day_quality", "error_has_reasons", change(1, status="error", reasons=[])
    ),
    Breakage("marts.outlet_day_quality", "warn_has_reasons", change(1, reasons=[])),
    Breakage("marts.outlet_day_quality", "ok_has_no_reasons", change(0, reasons=["volume_z"])),
    Breakage("marts.outlet_day_quality", "fetched_at_most_listed", change(0, fetched=13)),
    Breakage("marts.outlet_day_quality", "articles_at_most_fetched", change(0, articles=11)),
    *(
        Breakage("marts.outlet_day_quality", f"{share}_is_a_fraction", change(0, **{share: 1.5}))
        for share in OUTLET_DAY_SHARES
    ),
    Breakage(
        "marts.outlet_day_quality",
        "few_outlet_days_quarantined",
        change(0, 1, status="error", reasons=["no article"]),
    ),
]

_SUITE_OF = {suite.table: suite for suite in SUITES}


def _failed(suite: Suite, rows: Rows) -> set[str]:
    validation = validate(suite, tables.frame(rows, tables.BY_NAME[suite.table]), PARAMETERS)
    assert [o.name for o in validation.outcomes] == list(suite.names)
    return set(validation.failed)


def test_every_expectation_has_a_failing_case() -> None:
    broken = [(b.table, b.expectation) for b in BREAKAGES]
    assert len(broken) == len(set(broken))
    assert set(broken) == {(s.table, name) for s in SUITES for name in s.names}


def test_every_table_with_a_suite_has_good_rows() -> None:
    assert set(GOOD) == set(_SUITE_OF)


@pytest.mark.parametrize("suite", SUITES, ids=lambda s: s.table)
def test_good_rows_pass_every_expectation(suite: Suite) -> None:
    assert _failed(suite, GOOD[suite.table]) == set()


@pytest.mark.parametrize("breakage", BREAKAGES, ids=lambda b: b.id)
def test_a_breakage_fails_exactly_its_expectation(breakage: Breakage) -> None:
    suite = _SUITE_OF[breakage.table]
    assert _failed(suite, breakage.broken(GOOD[breakage.table])) == {
        breakage.expectation,
        *breakage.also,
    }


# What a window without rows fails: in stories, there is no article to judge clustering by;
# in outlet health, no outlet was measured (a silent one gets its row too). Elsewhere an
# empty window is no error: at the gate in particular, outlets gone dark are per-outlet
# health's to flag (each is an 'error' outlet-day), not a reason to block the rest.
FAILED_WHEN_EMPTY = {
    "staging.article_stories": {"stories_not_merged_wholesale"},
    "marts.outlet_day_quality": {"every_outlet_every_day"},
}


@pytest.mark.parametrize("suite", SUITES, ids=lambda s: s.table)
def test_an_empty_window_fails_only_what_needs_rows(suite: Suite) -> None:
    assert _failed(suite, []) == FAILED_WHEN_EMPTY.get(suite.table, set())
