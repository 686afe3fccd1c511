-- Days in [$start, $end) where marts.daily_topic_counts does not add up to the articles of
-- staging.article_topics (a partial or doubled write). No rows: the mart is whole.
WITH staged AS (
    SELECT day, count(DISTINCT url) AS articles
    FROM staging.article_topics WHERE day >= $start AND day < $end GROUP BY day
),
counted AS (
    SELECT day, sum(articles) AS articles
    FROM marts.daily_topic_counts WHERE day >= $start AND day < $end GROUP BY day
)
SELECT coalesce(s.day, c.day) AS day, s.articles AS staged, c.articles AS counted
FROM staged AS s FULL JOIN counted AS c ON s.day = c.day
WHERE s.articles IS DISTINCT FROM c.articles
ORDER BY day;
