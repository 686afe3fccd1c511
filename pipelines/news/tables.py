"""The warehouse tables, described once: the Polars schemas, the SQL DDL (``warehouse/schema.py``)
and the list of tables written a partition window at a time are all generated from ``TABLES``.

Each ``TableSpec`` names its table (``raw.pages``), says its grain and what it holds, whether
it is written a partition window at a time (and by which day column), and lists its columns in
table order: name, type (SQL and Polars), NOT NULL or not, and a comment. The comments reach
DuckDB's catalog (``COMMENT ON``), where analysts see them in ``duckdb_tables()`` and
``duckdb_columns()``.

Time zone convention: every ``day`` / ``*_day`` column is an Africa/Casablanca local calendar
day; every TIMESTAMPTZ is an instant (DuckDB shows it in the session time zone).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType

import polars as pl

UTC_TIME = pl.Datetime("us", "UTC")

# Table, schema and column names are spliced into SQL (they cannot be parameters), so the specs
# accept only plain lowercase identifiers.
_IDENTIFIER = re.compile(r"[a-z_][a-z0-9_]*")


@dataclass(frozen=True)
class SqlType:
    """A DuckDB column type and the Polars dtype its values have in a frame."""

    sql: str
    dtype: pl.DataType


VARCHAR = SqlType("VARCHAR", pl.String())
INTEGER = SqlType("INTEGER", pl.Int32())
BIGINT = SqlType("BIGINT", pl.Int64())
DOUBLE = SqlType("DOUBLE", pl.Float64())
BOOLEAN = SqlType("BOOLEAN", pl.Boolean())
DATE = SqlType("DATE", pl.Date())
TIMESTAMPTZ = SqlType("TIMESTAMPTZ", UTC_TIME)
VARCHAR_LIST = SqlType("VARCHAR[]", pl.List(pl.String()))
INTEGER_LIST = SqlType("INTEGER[]", pl.List(pl.Int32()))


@dataclass(frozen=True)
class Column:
    name: str
    type: SqlType
    not_null: bool = False
    comment: str = ""

    def __post_init__(self) -> None:
        if not _IDENTIFIER.fullmatch(self.name):
            raise ValueError(f"column name {self.name!r} is not a plain lowercase identifier")

    @property
    def dtype(self) -> pl.DataType:
        return self.type.dtype

    @property
    def sql_type(self) -> str:
        return self.type.sql


@dataclass(frozen=True)
class TableSpec:
    """One warehouse table. ``day_column`` is set for tables written a partition window at a
    time: their rows for local days [start, end) are deleted and rewritten together."""

    name: str
    comment: str
    columns: tuple[Column, ...]
    day_column: str | None = None

    def __post_init__(self) -> None:
        parts = self.name.split(".")
        if len(parts) != 2 or not all(_IDENTIFIER.fullmatch(p) for p in parts):
            raise ValueError(f"table name {self.name!r} is not schema.table")
        names = [c.name for c in self.columns]
        if not names or len(set(names)) != len(names):
            raise ValueError(f"{self.name}: no columns, or a column named twice")
        if self.day_column is not None:
            day = self.column(self.day_column)
            if day.type != DATE or not day.not_null:
                raise ValueError(f"{self.name}: window column {day.name!r} is not DATE NOT NULL")

    @property
    def schema(self) -> str:
        return self.name.split(".")[0]

    @property
    def table(self) -> str:
        return self.name.split(".")[1]

    @property
    def windowed(self) -> bool:
        return self.day_column is not None

    @property
    def polars_schema(self) -> Mapping[str, pl.DataType]:
        return MappingProxyType({c.name: c.dtype for c in self.columns})

    def column(self, name: str) -> Column:
        for column in self.columns:
            if column.name == name:
                return column
        raise KeyError(f"{self.name} has no column {name!r}")


def _c(name: str, type_: SqlType, comment: str = "") -> Column:
    """A nullable column."""
    return Column(name, type_, not_null=False, comment=comment)


def _nn(name: str, type_: SqlType, comment: str = "") -> Column:
    """A NOT NULL column."""
    return Column(name, type_, not_null=True, comment=comment)


def _page_key(day_comment: str = "") -> tuple[Column, Column, Column]:
    """(day, url, outlet): the key the per-page tables start with."""
    return _nn("day", DATE, day_comment), _nn("url", VARCHAR), _nn("outlet", VARCHAR)


RAW_FETCH_LOG = TableSpec(
    "raw.fetch_log",
    "Grain: one row per HTTP attempt. Every HTTP request the pipeline made, appended, "
    "never rewritten (an audit trail).",
    (
        _nn("run_id", VARCHAR),
        _nn("purpose", VARCHAR, "'discovery' (sitemap/feed) or 'page'"),
        _nn("url", VARCHAR),
        _nn("final_url", VARCHAR, "after redirects"),
        _c("status", INTEGER, "NULL when no HTTP response arrived"),
        _c("content_type", VARCHAR),
        _c("charset", VARCHAR, "as declared by the Content-Type header, if at all"),
        _nn("bytes", BIGINT, "decompressed body bytes read"),
        _c(
            "sha256",
            VARCHAR,
            "key of the body in warehouse/raw/ (a 304 names the earlier body it confirmed), "
            "NULL if none",
        ),
        _nn("attempt", INTEGER, "1 for the first try of a URL, 2.. for retries"),
        _c("error", VARCHAR, "NULL on success"),
        _c(
            "error_kind",
            VARCHAR,
            "http, network, robots, address, redirect, size, content_type",
        ),
        _c("etag", VARCHAR),
        _c("last_modified", VARCHAR),
        _nn("fetched_at", TIMESTAMPTZ),
    ),
)

RAW_DISCOVERED_URLS = TableSpec(
    "raw.discovered_urls",
    "Grain: one row per (day, url): the URLs an outlet listed for that local day, as listed.",
    (
        _nn("day", DATE),
        _nn("url", VARCHAR, "as listed; this is what is fetched"),
        _nn("canonical_url", VARCHAR, "no tracking parameters, www., fragment, trailing /"),
        _nn("outlet", VARCHAR),
        _nn("via", VARCHAR, "'sitemap', 'rss' or 'listing'"),
        _nn("listed_in", VARCHAR),
        _c("duplicate_of", VARCHAR, "the url kept for the same canonical page, if not this"),
    ),
    day_column="day",
)

RAW_PAGES = TableSpec(
    "raw.pages",
    "Grain: one row per (day, url): the latest fetch of each discovered URL.",
    (
        *_page_key(),
        _nn("final_url", VARCHAR),
        _c("status", INTEGER, "304: the archived body `sha256` was confirmed unchanged"),
        _c("content_type", VARCHAR, "of the body (after a 304, as first served)"),
        _c("sha256", VARCHAR),
        _c("error", VARCHAR),
        _c("error_kind", VARCHAR),
        _c("etag", VARCHAR, "validators for the next conditional GET"),
        _c("last_modified", VARCHAR),
        _nn("attempts", INTEGER),
        _nn("fetched_at", TIMESTAMPTZ),
        _c(
            "body_fetched_at",
            TIMESTAMPTZ,
            "when the body was downloaded: before fetched_at after a 304 (relative dates such as "
            "'3 hours ago' count from it)",
        ),
    ),
    day_column="day",
)

# Statuses a discovered URL can end with in staging.parsed_pages.
PAGE_STATUSES = (
    "article",
    "non_article",
    "quarantined",
    "fetch_failed",
    "robots_disallowed",
    "duplicate",
)

STAGING_PARSED_PAGES = TableSpec(
    "staging.parsed_pages",
    "Grain: one row per (day, url). Every discovered URL ends here with a status: "
    + ", ".join(f"'{s}'" for s in PAGE_STATUSES[:-1])
    + f" or '{PAGE_STATUSES[-1]}', with a reason whenever it is not 'article'.",
    (
        *_page_key("the partition day the URL was listed under"),
        _nn("status", VARCHAR),
        _c("reason", VARCHAR),
        _c("original_outlet", VARCHAR, "for republished (aggregator) pages"),
        _c("original_url", VARCHAR),
        _c("title", VARCHAR),
        _c("published_at", TIMESTAMPTZ, "NULL when the page gives only a date"),
        _c("published_day", DATE, "Casablanca local day of publication"),
        _c("modified_at", TIMESTAMPTZ, "last update the page states, if any"),
        _c("author", VARCHAR),
        _c("section", VARCHAR, "the outlet's own label, as shown"),
        _c("language", VARCHAR),
        _c("body", VARCHAR),
        _c("charset", VARCHAR),
        _c("charset_rule", VARCHAR),
    ),
    day_column="day",
)

STAGING_TICKER_HEADLINES = TableSpec(
    "staging.ticker_headlines",
    "Grain: one row per (day, url, position): an aggregator's headline ticker, as shown.",
    (
        _nn("day", DATE),
        _nn("url", VARCHAR),
        _nn("position", INTEGER),
        _nn("headline", VARCHAR),
    ),
    day_column="day",
)

STAGING_ARTICLE_TOPICS = TableSpec(
    "staging.article_topics",
    "Grain: one row per article: its topic and how it was decided.",
    (
        *_page_key("published_day"),
        _nn("topic", VARCHAR, "taxonomy key, or 'unclassified'"),
        _nn("method", VARCHAR, "'section_map', 'classifier' or 'none'"),
        _nn("model_version", VARCHAR, "the mapping's or the model's version"),
        _c("confidence", DOUBLE, "1.0 for a mapped section; the model's probability"),
    ),
    day_column="day",
)

# What `akhbar trend` and the attention macros (warehouse/sql/macros/attention.sql) read: a
# day's file is sorted by term_key, so a one-term lookup skips most row groups by their min/max.
STAGING_ARTICLE_TERMS = TableSpec(
    "staging.article_terms",
    "Grain: (url, term_key). Each word of an article's title and body as a match key (Arabic "
    "folded as in pipelines/news/arabic.py: alef forms, ى→ي, ة→ه, no diacritics or tatweel), "
    "with its positions and what a count needs: the term index behind akhbar trend.",
    (
        _nn("day", DATE, "published_day"),
        _nn("term_key", VARCHAR, "a word as a match key (arabic_tokens)"),
        _nn("article", BIGINT, "the url as a number (a stable 64-bit hash): cheap to compare"),
        _nn("story", BIGINT, "the story_id as a number (a stable 64-bit hash)"),
        _nn("outlet", VARCHAR),
        _c("topic", VARCHAR, "as in staging.article_topics"),
        _nn("positions", INTEGER_LIST, "word numbers where it occurs (title first, then body)"),
        _nn("url", VARCHAR),
        _nn("story_id", VARCHAR, "as in staging.article_stories"),
    ),
    day_column="day",
)

STAGING_TOPIC_MODELS = TableSpec(
    "staging.topic_models",
    "Grain: one row per partition day: the topic model in force for that day's articles.",
    (
        _nn("day", DATE),
        _c("model_version", VARCHAR, "NULL when there was too little data to train"),
        _nn("training_examples", BIGINT),
        _nn("trained_until", DATE, "the model saw articles published up to this day"),
    ),
    day_column="day",
)

STAGING_ARTICLE_STORIES = TableSpec(
    "staging.article_stories",
    "Grain: one row per article: the story it belongs to (near-duplicates across outlets and "
    "days share one story: the original, aggregator copies, syndicated copies, light "
    "rewrites).",
    (
        *_page_key("published_day"),
        _c("published_at", TIMESTAMPTZ),
        _nn("story_id", VARCHAR),
    ),
    day_column="day",
)

STAGING_OUTLET_REGISTRY = TableSpec(
    "staging.outlet_registry",
    "Grain: (day, outlet). The source registry (configuration, pipelines/sources/*.yaml) as it "
    "stood when that Casablanca day was run: one row per registered outlet. marts.outlets "
    "reads each outlet's latest row.",
    (
        _nn("day", DATE, "the partition day the run wrote this row for"),
        _nn("outlet", VARCHAR, "registry key"),
        _nn("name", VARCHAR, "display name"),
        _nn("site_url", VARCHAR, "base URL, resolved against the run's site URL"),
        _nn("language", VARCHAR, "the language the registry declares (e.g. 'ar', 'fr')"),
        _nn("aggregator", BOOLEAN, "true: republishes other outlets' articles"),
    ),
    day_column="day",
)

# A story's articles may span days, so the story mart is built from per-day parts (grain
# day, story, topic) and stored under the day its first article was published: see
# warehouse/story_mart.py for how a day's run finds and rewrites the stories it touches.
MARTS_STORY_DAYS = TableSpec(
    "marts.story_days",
    "Grain: (day, story_id, topic). A story's articles published that Casablanca day (outlet-"
    "days quarantined by marts.outlet_day_quality left out), per topic they got: the parts "
    "marts.stories is added up from.",
    (
        _nn("day", DATE),
        _nn("story_id", VARCHAR),
        _c("topic", VARCHAR, "NULL: those articles have no topic row"),
        _nn("articles", BIGINT, "distinct article URLs"),
        _nn("outlets", VARCHAR_LIST, "the outlets that published them, sorted"),
        _c("first_published_at", TIMESTAMPTZ, "of the first of them (NULL: date only)"),
        _nn("first_outlet", VARCHAR, "outlet of the first of them (time, then URL)"),
        _nn("first_url", VARCHAR, "URL of the first of them"),
    ),
    day_column="day",
)

MARTS_STORIES = TableSpec(
    "marts.stories",
    "Grain: one row per story, stored under its first_published_day.",
    (
        _nn("story_id", VARCHAR),
        _nn("first_published_day", DATE, "Casablanca local day of its first article"),
        _c("first_published_at", TIMESTAMPTZ, "NULL when its first article states only a date"),
        _nn("first_outlet", VARCHAR),
        _nn("outlets", VARCHAR_LIST),
        _nn("articles", BIGINT),
        _nn("topic", VARCHAR, "the topic most of its articles got"),
        _c(
            "last_published_day",
            DATE,
            "Casablanca local day of its latest article (NULL on rows written before this "
            "column existed, until their days are re-run)",
        ),
    ),
    day_column="first_published_day",
)

MARTS_DAILY_TICKER_STORIES = TableSpec(
    "marts.daily_ticker_stories",
    "Grain: (day, story_id) for headlines matched to a story, (day, headline) for the others. "
    "Aggregator tickers repeat headlines on every page: each story shown counts once a day.",
    (
        _nn("day", DATE, "the day the tickers were fetched for"),
        _c("story_id", VARCHAR, "NULL: the headline matches no article we have"),
        _c("headline", VARCHAR, "only for unmatched headlines"),
        _nn("times_shown", BIGINT, "ticker rows showing it that day, over all pages"),
    ),
    day_column="day",
)

MARTS_DAILY_TOPIC_COUNTS = TableSpec(
    "marts.daily_topic_counts",
    "Grain: (day, topic, outlet). Articles published that Casablanca day, by the outlet that "
    "published the page (an aggregator's copy counts for the aggregator).",
    (
        _nn("day", DATE),
        _nn("topic", VARCHAR),
        _nn("outlet", VARCHAR),
        _nn("articles", BIGINT),
        _nn("stories", BIGINT, "distinct stories among those articles"),
        _nn("counted_by", VARCHAR, "the mapping/model versions that decided the topics"),
    ),
    day_column="day",
)

MARTS_PUBLICATION_TRENDS = TableSpec(
    "marts.publication_trends",
    "Grain: (day, outlet). See marts/publication_trends.sql for the definitions.",
    (
        _nn("day", DATE),
        _nn("outlet", VARCHAR),
        _nn("articles", BIGINT),
        _nn("articles_7d_avg", DOUBLE),
        _nn("share_of_day", DOUBLE),
    ),
    day_column="day",
)

MARTS_OUTLET_DAY_QUALITY = TableSpec(
    "marts.outlet_day_quality",
    "Grain: (day, outlet). How each registered outlet fared that Casablanca day: volume against "
    "its own history, extraction yield, rejected pages, fetch errors. An outlet-day with status "
    "'error' is quarantined: its articles are kept out of the other marts (they stay in "
    "staging); the other outlets publish as usual.",
    (
        _nn("day", DATE),
        _nn("outlet", VARCHAR),
        _nn("status", VARCHAR, "'ok', 'warn' or 'error' (quarantined from the marts)"),
        _nn("reasons", VARCHAR_LIST, "why it is not 'ok', one entry per threshold crossed"),
        _nn("listed", BIGINT, "URLs discovered for the day"),
        _nn("fetched", BIGINT, "of those, fetched (not duplicates or robots-disallowed)"),
        _nn("articles", BIGINT),
        _c("fetch_error_rate", DOUBLE, "fetch_failed / fetched"),
        _c("rejected_share", DOUBLE, "non-articles and quarantined / pages fetched"),
        _c("title_share", DOUBLE, "pages fetched with a title"),
        _c("date_share", DOUBLE, "pages fetched with a publication day"),
        _c("body_share", DOUBLE, "pages fetched with a body of the minimum length"),
        _c("section_share", DOUBLE, "pages fetched with a section"),
        _c("expected_articles", DOUBLE, "median of its trailing history (same weekday if enough)"),
        _c(
            "volume_z", DOUBLE, "robust z-score of articles against that history; NULL if too short"
        ),
    ),
    day_column="day",
)

# Every warehouse table, in the order the DDL creates them.
TABLES: tuple[TableSpec, ...] = (
    RAW_FETCH_LOG,
    RAW_DISCOVERED_URLS,
    RAW_PAGES,
    STAGING_PARSED_PAGES,
    STAGING_TICKER_HEADLINES,
    STAGING_ARTICLE_TOPICS,
    STAGING_TOPIC_MODELS,
    STAGING_ARTICLE_STORIES,
    STAGING_ARTICLE_TERMS,
    STAGING_OUTLET_REGISTRY,
    MARTS_STORY_DAYS,
    MARTS_STORIES,
    MARTS_DAILY_TICKER_STORIES,
    MARTS_DAILY_TOPIC_COUNTS,
    MARTS_PUBLICATION_TRENDS,
    MARTS_OUTLET_DAY_QUALITY,
)

BY_NAME: Mapping[str, TableSpec] = MappingProxyType({t.name: t for t in TABLES})
if len(BY_NAME) != len(TABLES):
    raise ValueError("two table specs share a name")

# The Polars schema of each table the domain code builds frames for.
FETCH_LOG = RAW_FETCH_LOG.polars_schema
DISCOVERED_URLS = RAW_DISCOVERED_URLS.polars_schema
PAGES = RAW_PAGES.polars_schema
PARSED_PAGES = STAGING_PARSED_PAGES.polars_schema
TICKER_HEADLINES = STAGING_TICKER_HEADLINES.polars_schema
ARTICLE_TOPICS = STAGING_ARTICLE_TOPICS.polars_schema
TOPIC_MODELS = STAGING_TOPIC_MODELS.polars_schema
ARTICLE_STORIES = STAGING_ARTICLE_STORIES.polars_schema
ARTICLE_TERMS = STAGING_ARTICLE_TERMS.polars_schema
OUTLET_REGISTRY = STAGING_OUTLET_REGISTRY.polars_schema
STORIES = MARTS_STORIES.polars_schema
DAILY_TICKER_STORIES = MARTS_DAILY_TICKER_STORIES.polars_schema
DAILY_TOPIC_COUNTS = MARTS_DAILY_TOPIC_COUNTS.polars_schema
PUBLICATION_TRENDS = MARTS_PUBLICATION_TRENDS.polars_schema
OUTLET_DAY_QUALITY = MARTS_OUTLET_DAY_QUALITY.polars_schema


def frame(
    rows: Sequence[Mapping[str, object]], schema: Mapping[str, pl.DataType] | TableSpec
) -> pl.DataFrame:
    """Rows as a frame with exactly ``schema``'s columns and types (also when empty)."""
    columns = schema.polars_schema if isinstance(schema, TableSpec) else schema
    return pl.DataFrame(list(rows), schema=dict(columns))
