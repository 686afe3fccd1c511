-- marts.story_days: the parts marts.stories is added up from, one Casablanca day at a time.
-- Grain: (day, story_id, topic) for the local days [$start, $end). Articles of outlet-days
-- quarantined by marts.outlet_day_quality (status 'error') are left out. "First" is the
-- earliest by publication instant, then URL (a page giving only a date sorts last).
SELECT
    s.day,
    s.story_id,
    t.topic,
    count(DISTINCT s.url) AS articles,
    list_sort(list(DISTINCT s.outlet)) AS outlets,
    arg_min(s.published_at, (s.published_at, s.url)) AS first_published_at,
    arg_min(s.outlet, (s.published_at, s.url)) AS first_outlet,
    arg_min(s.url, (s.published_at, s.url)) AS first_url
FROM staging.article_stories AS s
LEFT JOIN staging.article_topics AS t ON t.url = s.url AND t.day = s.day
WHERE s.day >= $start AND s.day < $end
  AND NOT EXISTS (
      SELECT 1 FROM marts.outlet_day_quality AS q
      WHERE q.day = s.day AND q.outlet = s.outlet AND q.status = 'error'
  )
GROUP BY s.day, s.story_id, t.topic;
