-- marts.stories, added up from the marts.story_days the query is given (warehouse/story_mart.py
-- gives it every day of the stories it rebuilds). Grain: one row per story_id.
--   first_published_day  Casablanca day of the story's first article
--   first_published_at   instant of the first article (NULL when that page gives only a date)
--   first_outlet         outlet of the first article (earliest day, then time, then URL)
--   outlets              every outlet that published it, sorted
--   articles             its distinct article URLs (a URL belongs to one day)
--   topic                the topic most of its articles got (ties: alphabetical)
--   last_published_day   Casablanca day of the story's latest article
WITH topic_votes AS (
    SELECT story_id, topic,
           row_number() OVER (PARTITION BY story_id ORDER BY sum(articles) DESC, topic) AS rank
    FROM marts.story_days
    GROUP BY story_id, topic
)
SELECT
    d.story_id,
    min(d.day) AS first_published_day,
    arg_min(d.first_published_at, (d.day, d.first_published_at, d.first_url))
        AS first_published_at,
    arg_min(d.first_outlet, (d.day, d.first_published_at, d.first_url)) AS first_outlet,
    list_sort(list_distinct(flatten(list(d.outlets)))) AS outlets,
    sum(d.articles)::BIGINT AS articles,
    coalesce(any_value(v.topic), 'unclassified') AS topic,
    max(d.day) AS last_published_day
FROM marts.story_days AS d
LEFT JOIN topic_votes AS v ON v.story_id = d.story_id AND v.rank = 1
GROUP BY d.story_id;
