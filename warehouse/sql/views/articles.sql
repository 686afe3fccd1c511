-- marts.articles
-- Grain: one row per article (url), with no body: its outlet, what the page says about
-- itself, its story and topic. The articles the marts count: outlet-days quarantined by
-- marts.outlet_day_quality (status 'error') are left out. Bodies stay in
-- staging.parsed_pages.
--
-- Columns:
--   day              Africa/Casablanca local day of publication
--   url              the article's URL, as fetched
--   outlet           registry key of the site that published the page (an aggregator's copy
--                    is the aggregator's)
--   title            headline as shown on the page
--   published_at     publication instant (UTC); NULL when the page gives only a date
--   section          the outlet's own section label, as shown
--   author           byline, when the page names one
--   story_id         the story it belongs to (near-duplicates across outlets share one)
--   topic            taxonomy key ('unclassified' when undecided)
--   confidence       1.0 for a mapped section, else the topic model's probability
--   original_outlet  for a republished page, the outlet it credits as the source
--   language         language of the page as extracted
WITH quarantined AS (
    SELECT day, outlet FROM marts.outlet_day_quality WHERE status = 'error'
),
pages AS (
    -- The parsed page each article came from; a URL listed on several partition days keeps
    -- its latest parse.
    SELECT url, published_day, title, published_at, section, author, original_outlet, language
    FROM staging.parsed_pages
    WHERE status = 'article'
    QUALIFY row_number() OVER (PARTITION BY url, published_day ORDER BY day DESC) = 1
)
SELECT
    t.day,
    t.url,
    t.outlet,
    p.title,
    coalesce(p.published_at, s.published_at) AS published_at,
    p.section,
    p.author,
    s.story_id,
    t.topic,
    t.confidence,
    p.original_outlet,
    p.language
FROM staging.article_topics AS t
LEFT JOIN staging.article_stories AS s ON s.url = t.url AND s.day = t.day
LEFT JOIN pages AS p ON p.url = t.url AND p.published_day = t.day
ANTI JOIN quarantined AS q ON q.day = t.day AND q.outlet = t.outlet;
