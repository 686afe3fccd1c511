-- marts.stories: a view over staging.article_stories and staging.article_topics, so a story
-- re-clustering dissolved or merged is never left behind. Over the whole lake for analysts;
-- over just the days a run reads inside the pipeline (warehouse/store.py, query_window).
-- Articles of outlet-days quarantined by marts.outlet_day_quality (status 'error') are left out.
-- Grain: one row per story_id.
--   first_published_day  Casablanca day of the story's first article
--   first_published_at   instant of the first article (NULL when that page gives only a date)
--   first_outlet         outlet of the first article (earliest day, then time, then URL)
--   outlets              every outlet that published it, sorted
--   articles             its distinct article URLs
--   topic                the topic most of its articles got (ties: alphabetical)
--   last_published_day   Casablanca day of the story's latest article
WITH members AS (
    SELECT s.*, t.topic
    FROM staging.article_stories AS s
    LEFT JOIN staging.article_topics AS t ON t.url = s.url AND t.day = s.day
    WHERE NOT EXISTS (
        SELECT 1 FROM marts.outlet_day_quality AS q
        WHERE q.day = s.day AND q.outlet = s.outlet AND q.status = 'error'
    )
),
topic_votes AS (
    SELECT story_id, topic,
           row_number() OVER (PARTITION BY story_id ORDER BY count(*) DESC, topic) AS rank
    FROM members
    GROUP BY story_id, topic
)
SELECT
    m.story_id,
    min(m.day) AS first_published_day,
    arg_min(m.published_at, (m.day, m.published_at, m.url)) AS first_published_at,
    arg_min(m.outlet, (m.day, m.published_at, m.url)) AS first_outlet,
    list_sort(list(DISTINCT m.outlet)) AS outlets,
    count(DISTINCT m.url) AS articles,
    coalesce(any_value(v.topic), 'unclassified') AS topic,
    max(m.day) AS last_published_day
FROM members AS m
LEFT JOIN topic_votes AS v ON v.story_id = m.story_id AND v.rank = 1
GROUP BY m.story_id;
