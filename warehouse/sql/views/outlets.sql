-- marts.outlets
-- Grain: one row per outlet: every outlet the registry has named (staging.outlet_registry,
-- written each run from pipelines/sources/*.yaml) or that has articles in the marts. The
-- description is the registry's latest; the activity counts what the marts count
-- (quarantined outlet-days left out).
--
-- Columns:
--   outlet         registry key, used in every table
--   name           display name (the latest registry's; NULL if never registered)
--   site_url       base URL of the site, resolved against the run's site URL
--   language       language the registry declares for the outlet ('ar', 'fr', ...); the
--                  registry has no country: every outlet it lists is Moroccan
--   aggregator     true: republishes other outlets' articles; false: an original outlet
--   registered     true when the newest registry written to the warehouse lists it
--   first_day      first Casablanca day with an article in the marts (NULL: none yet)
--   last_day       last Casablanca day with an article in the marts
--   articles       its articles in the marts, all days
--   days_active    days with at least one article
WITH registry AS (
    SELECT
        outlet,
        arg_max(name, day) AS name,
        arg_max(site_url, day) AS site_url,
        arg_max(language, day) AS language,
        arg_max(aggregator, day) AS aggregator,
        max(day) AS last_registered_day
    FROM staging.outlet_registry
    GROUP BY outlet
),
activity AS (
    SELECT
        outlet,
        min(day) AS first_day,
        max(day) AS last_day,
        sum(articles)::BIGINT AS articles,
        count(*) AS days_active
    FROM marts.publication_trends
    WHERE articles > 0
    GROUP BY outlet
)
SELECT
    coalesce(r.outlet, a.outlet) AS outlet,
    r.name,
    r.site_url,
    r.language,
    r.aggregator,
    coalesce(
        r.last_registered_day = (SELECT max(day) FROM staging.outlet_registry), false
    ) AS registered,
    a.first_day,
    a.last_day,
    coalesce(a.articles, 0)::BIGINT AS articles,
    coalesce(a.days_active, 0)::BIGINT AS days_active
FROM registry AS r
FULL OUTER JOIN activity AS a ON a.outlet = r.outlet;
