-- Days in [$start, $end) where marts.daily_topic_counts does not add up to the articles of
-- staging.article_topics, quarantined outlet-days aside (a partial or doubled write). No rows:
-- the mart is whole.
WITH staged AS (
    SELECT t.day, count(DISTINCT t.url) AS articles
    FROM staging.article_topics AS t
    WHERE t.day >= $start AND t.day < $end
        AND NOT EXISTS (
            SELECT 1 FROM marts.outlet_day_quality AS q
            WHERE q.day = t.day AND q.outlet = t.outlet AND q.status = 'error'
        )
    GROUP BY t.day
),
counted AS (
    SELECT day, sum(articles) AS articles
    FROM marts.daily_topic_counts WHERE day >= $start AND day < $end GROUP BY day
)
SELECT coalesce(s.day, c.day) AS day, s.articles AS staged, c.articles AS counted
FROM staged AS s FULL JOIN counted AS c ON s.day = c.day
WHERE s.articles IS DISTINCT FROM c.articles
ORDER BY day;
