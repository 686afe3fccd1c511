-- marts.publication_trends for the local days [$start, $end).
-- Grain: one row per (day, outlet) for every day that has any article and every outlet that
-- published in the 7 days ending that day (an outlet silent on the day gets articles = 0).
-- Reads only those 7 days, so a day costs the same however long the history.
--   day              Africa/Casablanca local day
--   articles         articles the outlet published that day
--   articles_7d_avg  mean daily articles over the 7 days ending on `day`, counting only days
--                    the warehouse holds any article for (so history's first week is not
--                    dragged down by days never fetched) and not the outlet's quarantined days
--   share_of_day     articles / all outlets' articles that day
-- Outlet-days quarantined by marts.outlet_day_quality (status 'error') are left out: no row
-- (not a row of 0 articles: their count is unknown, not zero), in no average, in no day's total.
WITH quarantined AS (
    SELECT day, outlet FROM marts.outlet_day_quality
    WHERE day >= $start - INTERVAL 6 DAY AND day < $end AND status = 'error'
),
per_day AS (
    SELECT t.day, t.outlet, count(DISTINCT t.url) AS articles
    FROM staging.article_topics AS t
    WHERE t.day >= $start - INTERVAL 6 DAY AND t.day < $end
        AND NOT EXISTS (
            SELECT 1 FROM quarantined AS q WHERE q.day = t.day AND q.outlet = t.outlet
        )
    GROUP BY t.day, t.outlet
),
days AS (SELECT DISTINCT day FROM per_day),
outlets AS (SELECT DISTINCT outlet FROM per_day),
grid AS (
    SELECT days.day, outlets.outlet, coalesce(per_day.articles, 0) AS articles
    FROM days CROSS JOIN outlets
    LEFT JOIN per_day ON per_day.day = days.day AND per_day.outlet = outlets.outlet
    WHERE NOT EXISTS (
        SELECT 1 FROM quarantined AS q WHERE q.day = days.day AND q.outlet = outlets.outlet
    )
),
trends AS (
    SELECT
        day,
        outlet,
        articles,
        avg(articles) OVER (
            PARTITION BY outlet ORDER BY day
            RANGE BETWEEN INTERVAL 6 DAY PRECEDING AND CURRENT ROW
        ) AS articles_7d_avg,
        articles / sum(articles) OVER (PARTITION BY day) AS share_of_day
    FROM grid
)
SELECT day, outlet, articles, articles_7d_avg, share_of_day
FROM trends
WHERE day >= $start AND day < $end AND articles_7d_avg > 0;
