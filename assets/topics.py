"""Article topics."""

import dagster as dg

from assets.articles import parsed_pages
from assets.metadata import preview
from pipelines.news.topics import assign_topics
from pipelines.partitions import WAREHOUSE_POOL, daily_partitions, day_window, single_run
from pipelines.resources import NewsSources, NewsWarehouse


@dg.asset(
    key=["staging", "article_topics"],
    deps=[parsed_pages],
    partitions_def=daily_partitions,
    backfill_policy=single_run,
    kinds={"python", "duckdb"},
    group_name="topics",
    pool=WAREHOUSE_POOL,
)
def article_topics(
    context: dg.AssetExecutionContext, sources: NewsSources, warehouse: NewsWarehouse
) -> dg.MaterializeResult:
    """The topic of each article, by publication day. For now each outlet's own section label
    is mapped to the taxonomy by the source registry (`method` = 'section_map'); articles whose
    label is not mapped get 'unclassified' rather than being dropped. `model_version` names the
    mapping that decided, so changing it and backfilling reclassifies history."""
    window = day_window(context)
    store = warehouse.store()
    articles = store.read_window("staging.parsed_pages", window.first, window.end)
    topics = assign_topics(articles, sources.load())
    with store.writing() as connection:
        written = store.replace_window(
            connection, "staging.article_topics", topics, window.first, window.end
        )
    return dg.MaterializeResult(
        metadata={
            "dagster/row_count": written,
            "unclassified": topics.filter(topics["topic"] == "unclassified").height,
            "articles_per_topic": preview(topics.group_by("topic").len().sort("topic"), limit=20),
        }
    )
