-- The ten stories first published in the local days [$start, $end) that the most articles
-- carry: shown on the marts.stories materialization in the Dagster UI.
-- Grain: one row per story_id; `outlets` counts the outlets that carried it.
SELECT story_id, first_published_day, first_outlet, len(outlets) AS outlets, articles, topic
FROM marts.stories
WHERE first_published_day >= $start AND first_published_day < $end
ORDER BY articles DESC, story_id
LIMIT 10;
