"""The expectation suites of the marts, one per mart, run after the mart is written. None of
them gates: a mart is rebuilt from staging on the next run of its days, so a failure is
reported (ERROR: the mart is wrong; WARN: worth a look) and stops nothing. The SQL checks in
``mart_checks.py`` compare a mart with staging; these look at the mart's own rows."""

from __future__ import annotations

from pipelines.news import outlet_health
from quality.expectations import (
    OUTLET_DAYS,
    OUTLETS,
    TOPICS,
    Expectation,
    Severity,
    Suite,
    parameter,
    when_equal,
    when_not_null,
    when_null,
)

# Below this share of ticker rows matched to an article we hold, the title matcher or the crawl
# of the outlets the aggregator shows broke (the demo: 95% over its history; about a third on
# the first day of a history, whose tickers still show stories from the days before it).
MIN_MATCHED_TICKER_SHARE = 0.25
# Above this share of outlet-days quarantined, the fault is ours (the crawler, the parser)
# rather than the outlets': one outlet redesigning is news, all of them at once is not.
MAX_QUARANTINED_SHARE = 0.5
OUTLET_STATUSES = (outlet_health.OK, outlet_health.WARN, outlet_health.ERROR)
# The measures of marts.outlet_day_quality that are shares of an outlet-day's pages.
OUTLET_DAY_SHARES = (
    "fetch_error_rate",
    "rejected_share",
    "title_share",
    "date_share",
    "body_share",
    "section_share",
)

DAILY_TOPIC_COUNTS = Suite(
    "marts.daily_topic_counts",
    expectations=(
        Expectation(
            "one_row_per_day_topic_outlet",
            Severity.ERROR,
            "the grain holds: one row per (day, topic, outlet)",
            "ExpectCompoundColumnsToBeUnique",
            {"column_list": ["day", "topic", "outlet"]},
        ),
        Expectation(
            "topic_in_taxonomy",
            Severity.ERROR,
            "every topic is a taxonomy key, 'general' or 'unclassified'",
            "ExpectColumnValuesToBeInSet",
            {"column": "topic", "value_set": parameter(TOPICS)},
        ),
        Expectation(
            "articles_at_least_one",
            Severity.ERROR,
            "a row exists only for a (day, topic, outlet) with articles",
            "ExpectColumnValuesToBeBetween",
            {"column": "articles", "min_value": 1},
        ),
        Expectation(
            "stories_at_least_one",
            Severity.ERROR,
            "the articles counted belong to stories (staging.article_stories holds them)",
            "ExpectColumnValuesToBeBetween",
            {"column": "stories", "min_value": 1},
        ),
        Expectation(
            "stories_at_most_articles",
            Severity.ERROR,
            "a row never has more stories than articles",
            "ExpectColumnPairValuesAToBeGreaterThanB",
            {"column_A": "articles", "column_B": "stories", "or_equal": True},
        ),
        Expectation(
            "counted_by_present",
            Severity.ERROR,
            "every row names the mapping/model versions that decided its topics",
            "ExpectColumnValuesToNotBeNull",
            {"column": "counted_by"},
        ),
    ),
)

PUBLICATION_TRENDS = Suite(
    "marts.publication_trends",
    expectations=(
        Expectation(
            "one_row_per_day_outlet",
            Severity.ERROR,
            "the grain holds: one row per (day, outlet)",
            "ExpectCompoundColumnsToBeUnique",
            {"column_list": ["day", "outlet"]},
        ),
        Expectation(
            "articles_not_negative",
            Severity.ERROR,
            "articles is a count (0 for an outlet silent that day)",
            "ExpectColumnValuesToBeBetween",
            {"column": "articles", "min_value": 0},
        ),
        Expectation(
            "average_positive",
            Severity.ERROR,
            "the 7-day average is above 0 (an outlet silent all week has no row)",
            "ExpectColumnValuesToBeBetween",
            {"column": "articles_7d_avg", "min_value": 0, "strict_min": True},
        ),
        Expectation(
            "share_is_a_fraction",
            Severity.ERROR,
            "an outlet's share of the day lies in [0, 1]",
            "ExpectColumnValuesToBeBetween",
            {"column": "share_of_day", "min_value": 0, "max_value": 1},
        ),
    ),
)

DAILY_TICKER_STORIES = Suite(
    "marts.daily_ticker_stories",
    expectations=(
        Expectation(
            "times_shown_at_least_one",
            Severity.ERROR,
            "a row exists only for something the tickers showed",
            "ExpectColumnValuesToBeBetween",
            {"column": "times_shown", "min_value": 1},
        ),
        Expectation(
            "story_counted_once_a_day",
            Severity.ERROR,
            "a matched story has one row a day",
            "ExpectCompoundColumnsToBeUnique",
            {"column_list": ["day", "story_id"], "ignore_row_if": "any_value_is_missing"},
        ),
        Expectation(
            "headline_counted_once_a_day",
            Severity.ERROR,
            "an unmatched headline has one row a day",
            "ExpectCompoundColumnsToBeUnique",
            {"column_list": ["day", "headline"], "ignore_row_if": "any_value_is_missing"},
        ),
        Expectation(
            "headline_kept_when_unmatched",
            Severity.ERROR,
            "a headline matching no story keeps its text (story_id NULL, headline present)",
            "ExpectColumnValuesToNotBeNull",
            {"column": "headline"},
            when_null("story_id"),
        ),
        Expectation(
            "no_headline_when_matched",
            Severity.ERROR,
            "a row with a story_id has no headline (the story stands for it)",
            "ExpectColumnValuesToBeNull",
            {"column": "headline"},
            when_not_null("story_id"),
        ),
        Expectation(
            "headlines_match_stories",
            Severity.WARN,
            f"at least {MIN_MATCHED_TICKER_SHARE:.0%} of the rows match a story we hold: "
            "fewer means the title matcher, or the crawl of the outlets the aggregator shows, "
            "broke",
            "ExpectColumnValuesToNotBeNull",
            {"column": "story_id", "mostly": MIN_MATCHED_TICKER_SHARE},
        ),
    ),
)

STORIES = Suite(
    "marts.stories",
    expectations=(
        Expectation(
            "one_row_per_story",
            Severity.ERROR,
            "a story is stored once (a re-clustering moved or removed it whole)",
            "ExpectColumnValuesToBeUnique",
            {"column": "story_id"},
        ),
        Expectation(
            "story_has_articles",
            Severity.ERROR,
            "a story row exists only for a story with articles",
            "ExpectColumnValuesToBeBetween",
            {"column": "articles", "min_value": 1},
        ),
        Expectation(
            "last_day_not_before_first",
            Severity.ERROR,
            "a story's last day is not before its first",
            "ExpectColumnPairValuesAToBeGreaterThanB",
            {
                "column_A": "last_published_day",
                "column_B": "first_published_day",
                "or_equal": True,
                "ignore_row_if": "either_value_is_missing",
            },
        ),
        Expectation(
            "topic_in_taxonomy",
            Severity.ERROR,
            "every story's topic is a taxonomy key, 'general' or 'unclassified'",
            "ExpectColumnValuesToBeInSet",
            {"column": "topic", "value_set": parameter(TOPICS)},
        ),
    ),
)

OUTLET_DAY_QUALITY = Suite(
    "marts.outlet_day_quality",
    expectations=(
        Expectation(
            "one_row_per_day_outlet",
            Severity.ERROR,
            "the grain holds: one row per (day, outlet)",
            "ExpectCompoundColumnsToBeUnique",
            {"column_list": ["day", "outlet"]},
        ),
        Expectation(
            "outlet_registered",
            Severity.ERROR,
            "every row is a registered outlet's",
            "ExpectColumnValuesToBeInSet",
            {"column": "outlet", "value_set": parameter(OUTLETS)},
        ),
        Expectation(
            "every_outlet_every_day",
            Severity.ERROR,
            "every registered outlet is measured every day of the window, silent ones too "
            "(with the two above: exactly one row per registered outlet and day)",
            "ExpectTableRowCountToEqual",
            {"value": parameter(OUTLET_DAYS)},
        ),
        Expectation(
            "status_is_known",
            Severity.ERROR,
            f"status is one of {OUTLET_STATUSES}",
            "ExpectColumnValuesToBeInSet",
            {"column": "status", "value_set": list(OUTLET_STATUSES)},
        ),
        Expectation(
            "error_has_reasons",
            Severity.ERROR,
            "a quarantined outlet-day says why (the thresholds it crossed)",
            "ExpectColumnValueLengthsToBeBetween",
            {"column": "reasons", "min_value": 1},
            when_equal("status", outlet_health.ERROR),
        ),
        Expectation(
            "warn_has_reasons",
            Severity.ERROR,
            "an outlet-day flagged 'warn' says why",
            "ExpectColumnValueLengthsToBeBetween",
            {"column": "reasons", "min_value": 1},
            when_equal("status", outlet_health.WARN),
        ),
        Expectation(
            "ok_has_no_reasons",
            Severity.ERROR,
            "an 'ok' outlet-day crossed no threshold (no reasons)",
            "ExpectColumnValueLengthsToEqual",
            {"column": "reasons", "value": 0},
            when_equal("status", outlet_health.OK),
        ),
        Expectation(
            "fetched_at_most_listed",
            Severity.ERROR,
            "the pages fetched are among the URLs listed",
            "ExpectColumnPairValuesAToBeGreaterThanB",
            {"column_A": "listed", "column_B": "fetched", "or_equal": True},
        ),
        Expectation(
            "articles_at_most_fetched",
            Severity.ERROR,
            "the articles are among the pages fetched",
            "ExpectColumnPairValuesAToBeGreaterThanB",
            {"column_A": "fetched", "column_B": "articles", "or_equal": True},
        ),
        *(
            Expectation(
                f"{share}_is_a_fraction",
                Severity.ERROR,
                f"{share} lies in [0, 1] (NULL when nothing was fetched)",
                "ExpectColumnValuesToBeBetween",
                {"column": share, "min_value": 0, "max_value": 1},
            )
            for share in OUTLET_DAY_SHARES
        ),
        Expectation(
            "few_outlet_days_quarantined",
            Severity.WARN,
            f"at most {MAX_QUARANTINED_SHARE:.0%} of the window's outlet-days are quarantined: "
            "more means the crawler or the parser broke, not the outlets (the marts then hold "
            "little but are not wrong)",
            "ExpectColumnValuesToNotBeInSet",
            {
                "column": "status",
                "value_set": [outlet_health.ERROR],
                "mostly": 1 - MAX_QUARANTINED_SHARE,
            },
        ),
    ),
)

MART_SUITES = (
    DAILY_TOPIC_COUNTS,
    PUBLICATION_TRENDS,
    STORIES,
    DAILY_TICKER_STORIES,
    OUTLET_DAY_QUALITY,
)
