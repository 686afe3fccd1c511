-- marts.first_movers
-- Grain: (story_id, outlet) for every story carried by two outlets or more: when each
-- outlet first published it, its rank and its lag behind the first. Outlets rank by the day
-- of their first article, then its instant; an outlet whose first article gives only a date
-- ranks after the outlets with a time that day, and outlets tied share a rank. Outlet-days
-- quarantined by marts.outlet_day_quality (status 'error') are left out. Aggregators rank
-- like any outlet: join marts.outlets to leave them out.
--
-- Columns:
--   story_id            the story
--   story_outlets       how many outlets carried it
--   outlet              one outlet that carried it
--   first_day           Casablanca day of the outlet's first article of the story
--   first_published_at  instant of that article (NULL: the page gives only a date)
--   first_url           URL of that article
--   rank                1 for the first outlet(s), 2 for the next, ...
--   lag_hours           hours between the first outlet's first article and this outlet's
--                       (0 for the first); NULL when either gives only a date
--   lag_days            Casablanca days between the two first days (always known)
WITH articles AS (
    SELECT s.story_id, s.outlet, s.day, s.published_at, s.url
    FROM staging.article_stories AS s
    ANTI JOIN (
        SELECT day, outlet FROM marts.outlet_day_quality WHERE status = 'error'
    ) AS q ON q.day = s.day AND q.outlet = s.outlet
),
firsts AS (
    SELECT
        story_id,
        outlet,
        min(day) AS first_day,
        arg_min(published_at, (day, published_at, url)) AS first_published_at,
        arg_min(url, (day, published_at, url)) AS first_url
    FROM articles
    GROUP BY story_id, outlet
),
ranked AS (
    SELECT
        *,
        count(*) OVER story AS story_outlets,
        rank() OVER (story ORDER BY first_day, first_published_at NULLS LAST) AS rank,
        first_value(first_day) OVER (story ORDER BY first_day, first_published_at NULLS LAST)
            AS leader_day,
        first_value(first_published_at) OVER (
            story ORDER BY first_day, first_published_at NULLS LAST
        ) AS leader_published_at
    FROM firsts
    WINDOW story AS (PARTITION BY story_id)
)
SELECT
    story_id,
    story_outlets,
    outlet,
    first_day,
    first_published_at,
    first_url,
    rank,
    epoch(first_published_at - leader_published_at) / 3600.0 AS lag_hours,
    (first_day - leader_day)::BIGINT AS lag_days
FROM ranked
WHERE story_outlets >= 2;
