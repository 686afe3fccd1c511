-- marts.daily_topic_counts for the local days [$start, $end).
-- Grain: one row per (day, topic, outlet) with at least one article.
--   day         Africa/Casablanca local day of publication
--   topic       taxonomy key from staging.article_topics ('unclassified' if none)
--   outlet      registry key of the site that published the page
--   articles    number of distinct article URLs
--   stories     number of distinct stories among them (staging.article_stories): one story
--               republished by several outlets counts once per outlet row, and once overall
--               when summed with count(DISTINCT) over the stories table
--   counted_by  the section-mapping / model versions that decided these topics
-- An outlet-day quarantined by marts.outlet_day_quality (status 'error') is left out.
SELECT
    t.day,
    t.topic,
    t.outlet,
    count(DISTINCT t.url) AS articles,
    count(DISTINCT s.story_id) AS stories,
    string_agg(DISTINCT t.model_version, ', ' ORDER BY t.model_version) AS counted_by
FROM staging.article_topics AS t
LEFT JOIN staging.article_stories AS s ON s.url = t.url AND s.day = t.day
WHERE t.day >= $start AND t.day < $end
    AND NOT EXISTS (
        SELECT 1 FROM marts.outlet_day_quality AS q
        WHERE q.day = t.day AND q.outlet = t.outlet AND q.status = 'error'
    )
GROUP BY t.day, t.topic, t.outlet;
