"""The source registry as a warehouse table, so the analysts' `marts.outlets` can name and
describe each outlet (the registry is configuration: it lives in YAML, not in the lake)."""

import dagster as dg

from pipelines.news.sources import registry_rows
from pipelines.partitions import daily_asset, day_window
from pipelines.resources import NewsSources, NewsWarehouse


@daily_asset(
    key=["staging", "outlet_registry"],
    kinds={"python", "parquet"},
    group_name="crawl",
)
def outlet_registry(
    context: dg.AssetExecutionContext, sources: NewsSources, warehouse: NewsWarehouse
) -> dg.MaterializeResult:
    """The registered outlets (key, display name, site URL, language, aggregator or not) as
    the registry stood when each Casablanca day of the window was run. Grain: (day, outlet).
    `marts.outlets` shows each outlet's latest row."""
    window = day_window(context)
    rows = registry_rows(sources.load(), window.days())
    written = warehouse.store().write_window(
        context.run.run_id, "staging.outlet_registry", rows, window.first, window.end
    )
    return dg.MaterializeResult(
        metadata={"dagster/row_count": written, "outlets": rows["outlet"].n_unique()}
    )
