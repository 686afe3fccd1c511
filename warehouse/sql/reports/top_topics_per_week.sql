-- The three most-covered topics of each ISO week (weeks start on Monday), all outlets.
WITH weekly AS (
    SELECT date_trunc('week', day)::DATE AS week, topic, sum(articles) AS articles
    FROM marts.daily_topic_counts
    GROUP BY ALL
),
ranked AS (
    SELECT *, row_number() OVER (PARTITION BY week ORDER BY articles DESC, topic) AS rank
    FROM weekly
)
SELECT week, string_agg(topic || ' (' || articles || ')', ', ' ORDER BY rank) AS top_topics
FROM ranked
WHERE rank <= 3
GROUP BY week
ORDER BY week;
