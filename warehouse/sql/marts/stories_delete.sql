-- Remove from marts.stories every story that has an article in the local days [$start, $end):
-- they are rebuilt whole by marts/stories.sql (a story may span days outside the window).
DELETE FROM marts.stories
WHERE story_id IN (
    SELECT story_id FROM staging.article_stories WHERE day >= $start AND day < $end
);
