-- The report's outlet x day heatmap: each outlet's articles per Casablanca local day for the
-- days [$start, $end), as marts.publication_trends has them (an outlet-day quarantined by
-- marts.outlet_day_quality has no row: the heatmap leaves its cell empty).
-- Grain: (day, outlet). Columns: day, outlet (registry key), articles.
SELECT day, outlet, articles
FROM marts.publication_trends
WHERE day >= $start AND day < $end
ORDER BY outlet, day;
