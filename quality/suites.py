"""The expectation suites of the staging tables, one per table (marts: ``mart_suites.py``).

Each expectation is one Dagster asset check of the table's asset (``quality/checks.py``),
under its stable name, with its severity. ``staging.parsed_pages`` is the write-audit-publish
gate: its ERROR expectations are blocking, so a failure keeps the window unpublished and stops
everything downstream. They hold of every row, whatever the outlet: a rule about one outlet
(it went dark, its template changed) belongs to per-outlet health
(``marts.outlet_day_quality``), which quarantines that outlet-day and lets the others publish.
The others report; a failure stops nothing.
"""

from __future__ import annotations

from pipelines.news.tables import PAGE_STATUSES
from pipelines.news.topics.assignment import (
    CLASSIFIER_METHOD,
    NO_METHOD,
    SECTION_MAP_METHOD,
    UNCLASSIFIED,
)
from pipelines.news.topics.model import GENERAL
from quality.expectations import (
    TOPICS,
    WINDOW_FIRST,
    WINDOW_LAST,
    Expectation,
    Severity,
    Suite,
    parameter,
    when_equal,
)

ARTICLE_LANGUAGES = ("ar", "fr", "en")
MIN_ARTICLE_BODY_CHARS = 200
# Topic values besides the taxonomy's keys: the classifier abstained, or there was no model.
TOPICS_BESIDES_TAXONOMY = (GENERAL, UNCLASSIFIED)
TOPIC_METHODS = (SECTION_MAP_METHOD, CLASSIFIER_METHOD, NO_METHOD)
# Below this share of articles with a real topic, sections stopped mapping and the model is
# missing or unsure (the demo: every article has one).
MIN_CLASSIFIED_SHARE = 0.5
# Below this ratio of distinct stories to articles, clustering merged unrelated articles
# (the demo: 0.67 to 0.84 a day; an aggregator copy or rewrite joins its original).
MIN_STORIES_PER_ARTICLE = 0.3

_ARTICLE = when_equal("status", "article")

PARSED_PAGES = Suite(
    "staging.parsed_pages",
    gate=True,
    expectations=(
        Expectation(
            "status_is_known",
            Severity.ERROR,
            f"every URL has a status in {PAGE_STATUSES}",
            "ExpectColumnValuesToBeInSet",
            {"column": "status", "value_set": list(PAGE_STATUSES)},
        ),
        Expectation(
            "url_listed_once",
            Severity.ERROR,
            "no URL appears twice in the window",
            "ExpectColumnValuesToBeUnique",
            {"column": "url"},
        ),
        Expectation(
            "title_present",
            Severity.ERROR,
            "every article has a title",
            "ExpectColumnValuesToNotBeNull",
            {"column": "title"},
            _ARTICLE,
        ),
        Expectation(
            "published_day_in_window",
            Severity.ERROR,
            "every article's Casablanca publication day lies in the partition window",
            "ExpectColumnValuesToBeBetween",
            {
                "column": "published_day",
                "min_value": parameter(WINDOW_FIRST),
                "max_value": parameter(WINDOW_LAST),
            },
            _ARTICLE,
        ),
        Expectation(
            "language_expected",
            Severity.ERROR,
            f"article language is one of {ARTICLE_LANGUAGES}",
            "ExpectColumnValuesToBeInSet",
            {"column": "language", "value_set": list(ARTICLE_LANGUAGES)},
            _ARTICLE,
        ),
        Expectation(
            "body_long_enough",
            Severity.ERROR,
            f"every article body has at least {MIN_ARTICLE_BODY_CHARS} characters",
            "ExpectColumnValueLengthsToBeBetween",
            {"column": "body", "min_value": MIN_ARTICLE_BODY_CHARS},
            _ARTICLE,
        ),
    ),
)

ARTICLE_TOPICS = Suite(
    "staging.article_topics",
    expectations=(
        Expectation(
            "article_classified_once",
            Severity.ERROR,
            "each article has one topic row (no URL twice)",
            "ExpectColumnValuesToBeUnique",
            {"column": "url"},
        ),
        Expectation(
            "topic_in_taxonomy",
            Severity.ERROR,
            f"every topic is a taxonomy key, or {' / '.join(TOPICS_BESIDES_TAXONOMY)}",
            "ExpectColumnValuesToBeInSet",
            {"column": "topic", "value_set": parameter(TOPICS)},
        ),
        Expectation(
            "method_is_known",
            Severity.ERROR,
            f"what decided the topic is one of {TOPIC_METHODS}",
            "ExpectColumnValuesToBeInSet",
            {"column": "method", "value_set": list(TOPIC_METHODS)},
        ),
        Expectation(
            "model_version_present",
            Severity.ERROR,
            "every row names the mapping or model version that decided it (what a "
            "reclassification backfill keys on)",
            "ExpectColumnValuesToNotBeNull",
            {"column": "model_version"},
        ),
        Expectation(
            "confidence_is_a_probability",
            Severity.ERROR,
            "confidence lies in [0, 1]",
            "ExpectColumnValuesToBeBetween",
            {"column": "confidence", "min_value": 0, "max_value": 1},
        ),
        Expectation(
            "classifier_gives_confidence",
            Severity.ERROR,
            "a topic the classifier chose carries its probability",
            "ExpectColumnValuesToNotBeNull",
            {"column": "confidence"},
            when_equal("method", CLASSIFIER_METHOD),
        ),
        Expectation(
            "unclassified_means_no_model",
            Severity.ERROR,
            f"an article nothing classified (method '{NO_METHOD}') is '{UNCLASSIFIED}', "
            "never a guessed topic",
            "ExpectColumnValuesToBeInSet",
            {"column": "topic", "value_set": [UNCLASSIFIED]},
            when_equal("method", NO_METHOD),
        ),
        Expectation(
            "mostly_classified",
            Severity.WARN,
            f"at least {MIN_CLASSIFIED_SHARE:.0%} of the window's articles get a real topic "
            f"(not {' / '.join(TOPICS_BESIDES_TAXONOMY)}): fewer means sections stopped "
            "mapping (a site redesign?) and the model is missing or unsure",
            "ExpectColumnValuesToNotBeInSet",
            {
                "column": "topic",
                "value_set": list(TOPICS_BESIDES_TAXONOMY),
                "mostly": MIN_CLASSIFIED_SHARE,
            },
        ),
    ),
)

ARTICLE_STORIES = Suite(
    "staging.article_stories",
    expectations=(
        Expectation(
            "story_id_present",
            Severity.ERROR,
            "every article belongs to a story",
            "ExpectColumnValuesToNotBeNull",
            {"column": "story_id"},
        ),
        Expectation(
            "article_in_one_story",
            Severity.ERROR,
            "each article appears once (one story, no URL twice)",
            "ExpectColumnValuesToBeUnique",
            {"column": "url"},
        ),
        Expectation(
            "stories_not_merged_wholesale",
            Severity.WARN,
            f"distinct stories number at least {MIN_STORIES_PER_ARTICLE:.0%} of the window's "
            "articles: fewer means clustering merged unrelated articles (a window without "
            "articles fails too: there is nothing to publish)",
            "ExpectColumnProportionOfUniqueValuesToBeBetween",
            {"column": "story_id", "min_value": MIN_STORIES_PER_ARTICLE},
        ),
    ),
)

STAGING_SUITES = (PARSED_PAGES, ARTICLE_TOPICS, ARTICLE_STORIES)
