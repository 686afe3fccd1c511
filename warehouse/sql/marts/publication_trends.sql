-- marts.publication_trends for the local days [$start, $end).
-- Grain: one row per (day, outlet) for every outlet that ever published, every day that has
-- any article (an outlet silent on such a day gets articles = 0).
--   day              Africa/Casablanca local day
--   articles         articles the outlet published that day
--   articles_7d_avg  mean daily articles over the 7 days ending on `day`, counting only days
--                    the warehouse holds any article for (so history's first week is not
--                    dragged down by days never fetched)
--   share_of_day     articles / all outlets' articles that day
INSERT INTO marts.publication_trends
WITH per_day AS (
    SELECT day, outlet, count(DISTINCT url) AS articles
    FROM staging.article_topics
    WHERE day >= $start - INTERVAL 6 DAY AND day < $end
    GROUP BY day, outlet
),
days AS (SELECT DISTINCT day FROM per_day),
outlets AS (SELECT DISTINCT outlet FROM staging.article_topics),
grid AS (
    SELECT days.day, outlets.outlet, coalesce(per_day.articles, 0) AS articles
    FROM days CROSS JOIN outlets
    LEFT JOIN per_day ON per_day.day = days.day AND per_day.outlet = outlets.outlet
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
WHERE day >= $start AND day < $end;
