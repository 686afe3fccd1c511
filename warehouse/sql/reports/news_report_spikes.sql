-- The report's spikes: the outlet-days marts.outlet_trends flags as a spike (its robust
-- z-score against the outlet's trailing 28 days; the statistic and its cut-off are that
-- view's), for the Casablanca local days [$start, $end).
-- Grain: (day, outlet). Columns: day, outlet, articles, avg_7d, z_28d.
SELECT day, outlet, articles, avg_7d, z_28d
FROM marts.outlet_trends
WHERE spike AND day >= $start AND day < $end
ORDER BY day, outlet;
