-- The report's share of voice: each outlet's articles over the Casablanca local days
-- [$start, $end) and its share of all outlets' articles in that range.
-- Grain: one row per outlet. Columns: outlet (registry key), articles (sum of
-- marts.publication_trends.articles), share (articles / all outlets' articles, 0..1).
SELECT
    outlet,
    sum(articles)::BIGINT AS articles,
    sum(articles) / sum(sum(articles)) OVER () AS share
FROM marts.publication_trends
WHERE day >= $start AND day < $end
GROUP BY outlet
ORDER BY articles DESC, outlet;
