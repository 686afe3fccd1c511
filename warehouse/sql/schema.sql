-- Warehouse schema. Idempotent: run on every connection that writes.
-- Time zone convention: every `day` / `*_day` column is an Africa/Casablanca local calendar
-- day; every TIMESTAMPTZ is an instant (DuckDB shows it in the session time zone).
CREATE SCHEMA IF NOT EXISTS raw;
CREATE SCHEMA IF NOT EXISTS staging;
CREATE SCHEMA IF NOT EXISTS marts;

-- Every HTTP request the pipeline made, appended, never rewritten (an audit trail).
CREATE TABLE IF NOT EXISTS raw.fetch_log (
    run_id        VARCHAR NOT NULL,
    purpose       VARCHAR NOT NULL,      -- 'discovery' (sitemap/feed) or 'page'
    url           VARCHAR NOT NULL,
    final_url     VARCHAR NOT NULL,      -- after redirects
    status        INTEGER,               -- NULL when no HTTP response arrived
    content_type  VARCHAR,
    charset       VARCHAR,               -- as declared by the Content-Type header, if at all
    bytes         BIGINT NOT NULL,       -- decompressed body bytes read
    sha256        VARCHAR,               -- key of the body in warehouse/raw/ (a 304 names the
                                         -- earlier body it confirmed), NULL if none
    attempt       INTEGER NOT NULL,      -- 1 for the first try of a URL, 2.. for retries
    error         VARCHAR,               -- NULL on success
    error_kind    VARCHAR,               -- http, network, robots, address, redirect, size, content_type
    etag          VARCHAR,
    last_modified VARCHAR,
    fetched_at    TIMESTAMPTZ NOT NULL
);

-- Grain: one row per (day, url): the URLs an outlet listed for that local day, as listed.
CREATE TABLE IF NOT EXISTS raw.discovered_urls (
    day            DATE NOT NULL,
    url            VARCHAR NOT NULL,     -- as listed; this is what is fetched
    canonical_url  VARCHAR NOT NULL,     -- no tracking parameters, www., fragment, trailing /
    outlet         VARCHAR NOT NULL,
    via            VARCHAR NOT NULL,     -- 'sitemap', 'rss' or 'listing'
    listed_in      VARCHAR NOT NULL,
    duplicate_of   VARCHAR               -- the url kept for the same canonical page, if not this
);

-- Grain: one row per (day, url): the latest fetch of each discovered URL.
CREATE TABLE IF NOT EXISTS raw.pages (
    day           DATE NOT NULL,
    url           VARCHAR NOT NULL,
    outlet        VARCHAR NOT NULL,
    final_url     VARCHAR NOT NULL,
    status        INTEGER,
    content_type  VARCHAR,
    sha256        VARCHAR,
    error         VARCHAR,
    error_kind    VARCHAR,
    etag          VARCHAR,               -- validators for the next conditional GET
    last_modified VARCHAR,
    attempts      INTEGER NOT NULL,
    fetched_at    TIMESTAMPTZ NOT NULL
);

-- Grain: one row per (day, url). Every discovered URL ends here with a status:
-- 'article', 'non_article', 'quarantined', 'fetch_failed', 'robots_disallowed' or
-- 'duplicate', with a reason whenever it is not 'article'.
CREATE TABLE IF NOT EXISTS staging.parsed_pages (
    day              DATE NOT NULL,      -- the partition day the URL was listed under
    url              VARCHAR NOT NULL,
    outlet           VARCHAR NOT NULL,
    status           VARCHAR NOT NULL,
    reason           VARCHAR,
    original_outlet  VARCHAR,            -- for republished (aggregator) pages
    original_url     VARCHAR,
    title            VARCHAR,
    published_at     TIMESTAMPTZ,        -- NULL when the page gives only a date
    published_day    DATE,               -- Casablanca local day of publication
    modified_at      TIMESTAMPTZ,        -- last update the page states, if any
    author           VARCHAR,
    section          VARCHAR,            -- the outlet's own label, as shown
    language         VARCHAR,
    body             VARCHAR,
    charset          VARCHAR,
    charset_rule     VARCHAR
);

-- Grain: one row per (day, url, position): an aggregator's headline ticker, as shown.
CREATE TABLE IF NOT EXISTS staging.ticker_headlines (
    day       DATE NOT NULL,
    url       VARCHAR NOT NULL,
    position  INTEGER NOT NULL,
    headline  VARCHAR NOT NULL
);

-- Grain: one row per article: its topic and how it was decided.
CREATE TABLE IF NOT EXISTS staging.article_topics (
    day            DATE NOT NULL,        -- published_day
    url            VARCHAR NOT NULL,
    outlet         VARCHAR NOT NULL,
    topic          VARCHAR NOT NULL,     -- taxonomy key, or 'unclassified'
    method         VARCHAR NOT NULL,     -- 'section_map', 'classifier' or 'none'
    model_version  VARCHAR NOT NULL,     -- the mapping's or the model's version
    confidence     DOUBLE                -- 1.0 for a mapped section; the model's probability
);

-- Grain: one row per partition day: the topic model in force for that day's articles.
CREATE TABLE IF NOT EXISTS staging.topic_models (
    day                DATE NOT NULL,
    model_version      VARCHAR,          -- NULL when there was too little data to train
    training_examples  BIGINT NOT NULL,
    trained_until      DATE NOT NULL     -- the model saw articles published up to this day
);

-- Grain: one row per article: the story it belongs to (near-duplicates across outlets and
-- days share one story: the original, aggregator copies, syndicated copies, light rewrites).
CREATE TABLE IF NOT EXISTS staging.article_stories (
    day           DATE NOT NULL,         -- published_day
    url           VARCHAR NOT NULL,
    outlet        VARCHAR NOT NULL,
    published_at  TIMESTAMPTZ,
    story_id      VARCHAR NOT NULL
);

-- Grain: one row per story.
CREATE TABLE IF NOT EXISTS marts.stories (
    story_id             VARCHAR NOT NULL,
    first_published_day  DATE NOT NULL,  -- Casablanca local day of its first article
    first_published_at   TIMESTAMPTZ,    -- NULL when its first article states only a date
    first_outlet         VARCHAR NOT NULL,
    outlets              VARCHAR[] NOT NULL,
    articles             BIGINT NOT NULL,
    topic                VARCHAR NOT NULL  -- the topic most of its articles got
);

-- Grain: (day, story_id) for headlines matched to a story, (day, headline) for the others.
-- Aggregator tickers repeat headlines on every page: each story shown counts once a day.
CREATE TABLE IF NOT EXISTS marts.daily_ticker_stories (
    day          DATE NOT NULL,          -- the day the tickers were fetched for
    story_id     VARCHAR,                -- NULL: the headline matches no article we have
    headline     VARCHAR,                -- only for unmatched headlines
    times_shown  BIGINT NOT NULL         -- ticker rows showing it that day, over all pages
);

-- Grain: (day, topic, outlet). Articles published that Casablanca day, by the outlet that
-- published the page (an aggregator's copy counts for the aggregator).
CREATE TABLE IF NOT EXISTS marts.daily_topic_counts (
    day       DATE NOT NULL,
    topic     VARCHAR NOT NULL,
    outlet    VARCHAR NOT NULL,
    articles  BIGINT NOT NULL,
    stories   BIGINT NOT NULL,           -- distinct stories among those articles
    counted_by VARCHAR NOT NULL          -- the mapping/model versions that decided the topics
);

-- Grain: (day, outlet). See marts/publication_trends.sql for the definitions.
CREATE TABLE IF NOT EXISTS marts.publication_trends (
    day              DATE NOT NULL,
    outlet           VARCHAR NOT NULL,
    articles         BIGINT NOT NULL,
    articles_7d_avg  DOUBLE NOT NULL,
    share_of_day     DOUBLE NOT NULL
);
