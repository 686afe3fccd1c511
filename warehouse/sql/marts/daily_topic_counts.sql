-- marts.daily_topic_counts for the local days [$start, $end).
-- Grain: one row per (day, topic, outlet) with at least one article.
--   day       Africa/Casablanca local day of publication
--   topic     taxonomy key from staging.article_topics ('unclassified' if none)
--   outlet    registry key of the site that published the page
--   articles  number of distinct article URLs
INSERT INTO marts.daily_topic_counts
SELECT day, topic, outlet, count(DISTINCT url) AS articles
FROM staging.article_topics
WHERE day >= $start AND day < $end
GROUP BY day, topic, outlet;
