-- Remove from marts.stories the stories of `touched_stories` (marts/stories_touched.sql);
-- marts/stories.sql then rebuilds those that still have articles.
DELETE FROM marts.stories WHERE story_id IN (SELECT story_id FROM touched_stories);
