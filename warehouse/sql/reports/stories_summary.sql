-- Per outlet: its articles, the distinct stories they tell, and how many carry a story another
-- outlet published first (copies, syndication, rewrites). The last row is all outlets together.
SELECT
    coalesce(a.outlet, 'all outlets') AS outlet,
    count(*) AS articles,
    count(DISTINCT a.story_id) AS stories,
    count(*) FILTER (WHERE s.first_outlet <> a.outlet) AS first_published_elsewhere
FROM staging.article_stories AS a
JOIN marts.stories AS s USING (story_id)
GROUP BY ROLLUP (a.outlet)
ORDER BY a.outlet NULLS LAST;
