-- The report's outlet names: each outlet's display name from marts.outlets (the latest
-- registry's). Grain: one row per outlet. Columns: outlet (registry key), name.
SELECT outlet, name
FROM marts.outlets
WHERE name IS NOT NULL
ORDER BY outlet;
