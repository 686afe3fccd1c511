"""The analysts' database: republished once a run's marts are written, so analysts see a run's
days all at once, never some tables before others."""

import dagster as dg

from assets.attention import article_terms
from assets.marts import daily_topic_counts, publication_trends
from assets.outlets import outlet_registry
from assets.stories import daily_ticker_stories, stories
from pipelines.partitions import daily_asset
from pipelines.resources import NewsWarehouse


@daily_asset(
    key=["warehouse", "analysts_database"],
    deps=[
        daily_topic_counts,
        publication_trends,
        stories,
        daily_ticker_stories,
        outlet_registry,
        article_terms,
    ],
    kinds={"duckdb"},
    group_name="marts",
)
def analysts_database(warehouse: NewsWarehouse) -> dg.MaterializeResult:
    """`warehouse/news.duckdb`, what analysts and `akhbar sql` query: views named like the
    tables (`raw.pages`, `staging.parsed_pages`, `marts.daily_topic_counts`, ...) over the
    Parquet files the lake has published. Written beside its path and renamed into place: the
    pipeline never opens the file analysts hold, and an open session keeps its version."""
    store = warehouse.store()
    manifest = store.publish_database()
    return dg.MaterializeResult(
        metadata={
            "path": dg.MetadataValue.path(str(store.database)),
            "lake_version": manifest.version,
            "retired_files_in_grace": len(manifest.retired),
        }
    )
