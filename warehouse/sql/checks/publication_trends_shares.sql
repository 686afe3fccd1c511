-- Days in [$start, $end) whose outlets' shares of the day's articles do not sum to 1.
SELECT day, sum(share_of_day) AS total_share
FROM marts.publication_trends
WHERE day >= $start AND day < $end
GROUP BY day
HAVING abs(sum(share_of_day) - 1) > 1e-9
ORDER BY day;
