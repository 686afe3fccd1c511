-- The report's topic trends: articles per Casablanca local day and topic, all outlets
-- together, for the days [$start, $end).
-- Grain: (day, topic). Columns: day, topic (taxonomy key), articles (the sum of
-- marts.daily_topic_counts.articles over outlets; quarantined outlet-days are not in it).
SELECT day, topic, sum(articles)::BIGINT AS articles
FROM marts.daily_topic_counts
WHERE day >= $start AND day < $end
GROUP BY day, topic
ORDER BY topic, day;
