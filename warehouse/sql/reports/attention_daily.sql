-- Attention per day: for each Casablanca day of [$start_day, $end_day), the articles in
-- `matches` (one row per article: day, article, story, outlet, topic; built by
-- warehouse/attention.py from the matching_articles macro) and the distinct stories among
-- them. Grain: day; every day of the range, 0 when nothing matched.
-- Columns: day (DATE, Casablanca), articles (BIGINT), stories (BIGINT).
SELECT days.day::DATE AS day,
       count(matches.article) AS articles,
       count(DISTINCT matches.story) AS stories
FROM range($start_day::DATE, $end_day::DATE, INTERVAL 1 DAY) AS days(day)
LEFT JOIN matches ON matches.day = days.day::DATE
GROUP BY days.day
ORDER BY days.day
