-- The articles of the Casablanca local days [$first, $last] for `akhbar export`, without
-- their bodies: what an analyst joins the marts with. Used when the analysts' database has
-- no marts.articles view (that view, where present, gives the same columns).
-- Grain: one row per article URL.
--   day              Africa/Casablanca local day of publication
--   url, outlet      the page and the registry key of the site that published it
--   title, published_at (UTC; NULL when the page gives only a date), section (as shown)
--   story_id         its story (staging.article_stories)
--   topic            its topic and the confidence of that decision (staging.article_topics)
--   confidence       1.0 for a mapped section, else the model's probability
--   original_outlet  for republished pages, the outlet that first published it
--   language         as detected on the page
-- Every article is kept, also those of outlet-days the marts quarantined.
SELECT
    t.day,
    p.url,
    p.outlet,
    p.title,
    p.published_at,
    p.section,
    s.story_id,
    t.topic,
    t.confidence,
    p.original_outlet,
    p.language
FROM staging.article_topics AS t
JOIN staging.parsed_pages AS p ON p.url = t.url AND p.status = 'article'
LEFT JOIN staging.article_stories AS s ON s.url = t.url AND s.day = t.day
WHERE t.day BETWEEN $first AND $last
-- A URL listed on several days is parsed once per listing day: keep the latest parse.
QUALIFY row_number() OVER (PARTITION BY t.url ORDER BY p.day DESC) = 1;
