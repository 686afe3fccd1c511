-- The stories the local days [$start, $end) touch, which marts/stories_delete.sql removes and
-- marts/stories.sql rebuilds whole (a story may span days outside the window):
--   * the stories of the window's articles as staging.article_stories holds them now, and
--   * the stories the mart says had an article in the window: after a re-clustering their
--     ids may no longer be given to any window article. Those still holding articles on
--     other days are rebuilt from them; the others are gone for good (no stale rows).
-- Run after staging.article_stories was rewritten for the window, on the same connection.
-- Grain of the temp table `touched_stories`: one row per story_id.
CREATE OR REPLACE TEMP TABLE touched_stories AS
SELECT story_id FROM staging.article_stories WHERE day >= $start AND day < $end
UNION
SELECT story_id FROM marts.stories
WHERE first_published_day < $end AND coalesce(last_published_day, first_published_day) >= $start;
