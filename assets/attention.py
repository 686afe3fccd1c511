"""The term index behind `akhbar trend` and the attention macros."""

import dagster as dg

from assets.stories import article_stories
from assets.topics import article_topics
from pipelines.news.models import DayWindow
from pipelines.news.stories.window import lookback_start
from pipelines.news.terms import article_term_rows
from pipelines.partitions import daily_asset, day_window
from pipelines.resources import NewsWarehouse


@daily_asset(
    key=["staging", "article_terms"],
    deps=[article_stories, article_topics],
    kinds={"python", "parquet"},
    group_name="stories",
)
def article_terms(
    context: dg.AssetExecutionContext, warehouse: NewsWarehouse
) -> dg.MaterializeResult:
    """Each word of each article (title and body) as an Arabic match key, with its positions,
    outlet, topic and story: what `akhbar trend QUERY` and the SQL macros
    `matching_articles(phrase, start_day, end_day)` / `phrase_trend(...)` search. One file per
    Casablanca publication day, sorted by term, so looking up one term over a year reads
    little more than that term's rows."""
    window, run_id = day_window(context), context.run.run_id
    store = warehouse.store()
    written = 0
    for day in window.days():
        one_day = DayWindow(day, day)
        rows = article_term_rows(
            # An article's page may be listed on a day before its publication day.
            store.read_window(
                "staging.parsed_pages",
                lookback_start(one_day),
                one_day.end,
                columns=["day", "url", "status", "title", "body"],
            ),
            store.read_window("staging.article_stories", day, one_day.end),
            store.read_window("staging.article_topics", day, one_day.end),
        )
        written += store.stage_window(run_id, "staging.article_terms", rows, day, one_day.end)
    store.publish(run_id, ["staging.article_terms"])
    return dg.MaterializeResult(metadata={"dagster/row_count": written})
