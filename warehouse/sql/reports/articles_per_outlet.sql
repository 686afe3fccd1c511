-- Articles per outlet over the whole warehouse, with the days covered.
SELECT outlet,
       sum(articles)          AS articles,
       count(DISTINCT day)    AS days,
       min(day)               AS first_day,
       max(day)               AS last_day
FROM marts.daily_topic_counts
GROUP BY outlet
ORDER BY articles DESC, outlet;
