-- The report's biggest stories: the ten stories first published in the Casablanca local days
-- [$start, $end) (the report's last week) carried by the most outlets, then articles, with
-- the headline of their first article.
-- Grain: one row per story. Columns: story_id, first_published_day, first_published_at
-- (instant, NULL when the first article gives only a date), first_outlet (who came first),
-- outlets (every outlet that carried it, sorted), articles, topic, headline (title of the
-- first article as the page gave it; NULL if it had none).
WITH biggest AS (
    SELECT story_id, first_published_day, first_published_at, first_outlet, outlets, articles,
           topic
    FROM marts.stories
    WHERE first_published_day >= $start AND first_published_day < $end
    ORDER BY len(outlets) DESC, articles DESC, story_id
    LIMIT 10
),
first_articles AS (
    -- A story's parts of its first day (one per topic): the first outlet's first URL.
    SELECT d.story_id, arg_min(d.first_url, (d.first_published_at, d.first_url)) AS url
    FROM marts.story_days AS d
    JOIN biggest AS b
        ON b.story_id = d.story_id AND b.first_published_day = d.day
       AND b.first_outlet = d.first_outlet
    GROUP BY d.story_id
),
headlines AS (
    -- A page is listed under a day near its publication; the bounds let DuckDB skip the
    -- other days' files.
    SELECT p.url, arg_min(p.title, p.day) AS headline
    FROM staging.parsed_pages AS p
    WHERE p.day >= $start - INTERVAL 7 DAY AND p.day < $end + INTERVAL 7 DAY
      AND p.url IN (SELECT url FROM first_articles)
    GROUP BY p.url
)
SELECT b.*, h.headline
FROM biggest AS b
LEFT JOIN first_articles AS f USING (story_id)
LEFT JOIN headlines AS h ON h.url = f.url
ORDER BY len(b.outlets) DESC, b.articles DESC, b.story_id;
