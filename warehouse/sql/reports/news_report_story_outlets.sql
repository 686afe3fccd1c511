-- The report's biggest stories, who followed whom: for the stories in $stories (a list of
-- story ids), each outlet that carried one, in the order it came, from marts.first_movers
-- (stories carried by one outlet have no row there).
-- Grain: (story_id, outlet). Columns: story_id, outlet, rank (1: first), lag_hours (behind the
-- first outlet; NULL when either page gives only a date), lag_days (Casablanca days behind).
SELECT story_id, outlet, rank, lag_hours, lag_days
FROM marts.first_movers
WHERE list_contains($stories, story_id)
ORDER BY story_id, rank, outlet;
