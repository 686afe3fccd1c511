-- Attention per day and outlet (or topic): the articles in `matches` (one row per article:
-- day, article, story, outlet, topic; built by warehouse/attention.py from the
-- matching_articles macro) and the distinct stories among them, per Casablanca day and value
-- of $by ('outlet' or 'topic'). Grain: (day, value); only what matched (no rows of 0).
-- Columns: day (DATE, Casablanca), value (the outlet or topic; NULL: an article without a
-- topic), articles (BIGINT), stories (BIGINT).
SELECT day,
       CASE $by WHEN 'outlet' THEN outlet WHEN 'topic' THEN topic END AS value,
       count(*) AS articles,
       count(DISTINCT story) AS stories
FROM matches
GROUP BY ALL
ORDER BY day, articles DESC, value
