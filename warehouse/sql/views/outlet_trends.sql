-- marts.outlet_trends
-- Grain: (day, outlet), the rows of marts.publication_trends (quarantined outlet-days have
-- none), extended with the week-over-week change and a spike flag. The spike test is a robust
-- z-score (median and MAD, which one earlier burst cannot inflate as it would a mean and a
-- standard deviation) of the day's articles against the outlet's trailing 28 days.
--
-- Columns:
--   day         Africa/Casablanca local day
--   outlet      registry key
--   articles    articles the outlet published that day
--   avg_7d      mean daily articles over the 7 days ending on day (publication_trends)
--   share       the outlet's share of all outlets' articles that day (publication_trends)
--   wow_change  relative week-over-week change: mean daily articles over the 7 days ending on
--               day divided by the mean over the 7 days before them, minus 1 (0.25 = +25%;
--               means over the days held, so a quarantined day is not read as a quiet one);
--               NULL when the week before holds no day or no article
--   z_28d       (articles - median) / scale over the outlet's trailing 28 days (not the day
--               itself), scale = max(1.4826 * MAD, sqrt(median), 1): 1.4826 * MAD estimates
--               the standard deviation; when MAD is 0 (a steady outlet) the floor sqrt(median),
--               the noise of a Poisson count, keeps one extra article from looking like a
--               burst. NULL with fewer than 14 trailing days held
--   spike       z_28d >= 3.5 (Iglewicz and Hoaglin's cut-off for outliers on this modified
--               z-score); false when z_28d is NULL
WITH constants AS (
    SELECT
        1.4826 AS mad_to_sd,         -- MAD * 1.4826 = standard deviation for normal data
        14 AS min_history_days,      -- half the trailing window: fewer is too little history
        3.5 AS spike_z               -- Iglewicz & Hoaglin (1993) outlier cut-off
),
windows AS (
    SELECT
        day,
        outlet,
        articles,
        articles_7d_avg,
        share_of_day,
        avg(articles) OVER (
            PARTITION BY outlet ORDER BY day
            RANGE BETWEEN INTERVAL 13 DAY PRECEDING AND INTERVAL 7 DAY PRECEDING
        ) AS previous_7d_avg,
        median(articles) OVER trailing_28 AS median_28d,
        mad(articles) OVER trailing_28 AS mad_28d,
        count(*) OVER trailing_28 AS days_28d
    FROM marts.publication_trends
    WINDOW trailing_28 AS (
        PARTITION BY outlet ORDER BY day
        RANGE BETWEEN INTERVAL 28 DAY PRECEDING AND INTERVAL 1 DAY PRECEDING
    )
),
scored AS (
    SELECT
        w.*,
        CASE WHEN w.days_28d >= c.min_history_days THEN
            (w.articles - w.median_28d)
            / greatest(c.mad_to_sd * w.mad_28d, sqrt(w.median_28d), 1.0)
        END AS z_28d,
        c.spike_z
    FROM windows AS w CROSS JOIN constants AS c
)
SELECT
    day,
    outlet,
    articles,
    articles_7d_avg AS avg_7d,
    share_of_day AS share,
    CASE WHEN previous_7d_avg > 0 THEN articles_7d_avg / previous_7d_avg - 1 END AS wow_change,
    z_28d,
    coalesce(z_28d >= spike_z, false) AS spike
FROM scored;
