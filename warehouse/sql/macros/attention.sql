-- Attention macros: the articles, and the daily counts, that speak of a phrase. Created in
-- the analysts' database (warehouse/news.duckdb) by Warehouse.publish_database(); what
-- `akhbar trend` runs (warehouse/attention.py combines them for OR / NOT / AND).
--
-- phrase: a VARCHAR[] of match keys, folded as pipelines/news/arabic.py arabic_tokens folds
--   them (from Python: pipelines.news.attention.parse_query); ['مغرب'] is one term,
--   ['كاس', 'العالم'] the two words one after the other (title or body).
-- start_day, end_day: Casablanca local days [start_day, end_day).
-- Reads staging.article_terms only (one file per day, sorted by term_key: the range filter
-- on term_key lets a lookup skip the row groups of other terms).

-- Grain: one row per article containing the phrase. Columns: day (its Casablanca
-- publication day), article and story (the url and story_id as 64-bit numbers; the text
-- ones are in staging.article_terms beside them), outlet, topic.
CREATE OR REPLACE MACRO matching_articles(phrase, start_day, end_day) AS TABLE
-- one word: its rows are the articles (the branch a one-term lookup runs; the other folds
-- away, as len(phrase) is a constant)
SELECT day, article, story, outlet, topic
FROM staging.article_terms
WHERE len(phrase) = 1 AND term_key = phrase[1] AND day >= start_day AND day < end_day
UNION ALL
-- several words: each row of word i at position p says "the phrase may start at p - i + 1";
-- it does where all its words say so (a word twice in the phrase says it for each place)
SELECT DISTINCT day, article, story, outlet, topic
FROM (
    SELECT day, article, story, outlet, topic,
           unnest(flatten(list_transform(
               list_filter(range(1, len(phrase) + 1), lambda i: phrase[i] = term_key),
               lambda i: list_transform(positions, lambda p: p - i + 1)
           ))) AS phrase_start
    FROM staging.article_terms
    WHERE len(phrase) > 1 AND day >= start_day AND day < end_day
      AND term_key >= list_min(phrase) AND term_key <= list_max(phrase)
      AND list_contains(phrase, term_key)
)
GROUP BY day, article, story, outlet, topic, phrase_start
HAVING count(*) = len(phrase);

-- Grain: Casablanca day of [start_day, end_day), every one (0 when nothing matched).
-- Columns: day, articles (containing the phrase), stories (distinct stories among them: a
-- story carried by three outlets counts once).
CREATE OR REPLACE MACRO phrase_trend(phrase, start_day, end_day) AS TABLE
SELECT days.day::DATE AS day,
       count(matches.article) AS articles,
       count(DISTINCT matches.story) AS stories
FROM range(start_day::DATE, end_day::DATE, INTERVAL 1 DAY) AS days(day)
LEFT JOIN matching_articles(phrase, start_day, end_day) AS matches
    ON matches.day = days.day::DATE
GROUP BY days.day
ORDER BY days.day;
