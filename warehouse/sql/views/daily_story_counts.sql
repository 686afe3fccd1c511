-- marts.daily_story_counts
-- Grain: (day, topic). Distinct stories per Casablanca day and topic ACROSS outlets: a story
-- three outlets carried counts once (marts.daily_topic_counts.stories counts it once per
-- outlet, so summing that over outlets over-counts). A story counts on a day when it has an
-- article published that day, in each topic its articles of that day got (summing stories
-- over topics can count a story twice; for a day's distinct stories use count(DISTINCT
-- story_id) over marts.story_days). Outlet-days quarantined by marts.outlet_day_quality
-- (status 'error') are left out, as in every mart.
--
-- Columns:
--   day      Africa/Casablanca local day of publication
--   topic    taxonomy key the articles got ('unclassified' when none)
--   stories  distinct stories with an article of this topic published this day
--   articles distinct article URLs of this topic published this day (equals the sum of
--            marts.daily_topic_counts.articles over outlets)
--   outlets  distinct outlets that published them
SELECT
    day,
    coalesce(topic, 'unclassified') AS topic,
    count(DISTINCT story_id) AS stories,
    sum(articles)::BIGINT AS articles,
    len(list_distinct(flatten(list(outlets))))::BIGINT AS outlets
FROM marts.story_days
GROUP BY day, coalesce(topic, 'unclassified');
