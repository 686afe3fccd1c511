"""The news report: a self-contained HTML page of the marts, written once the analysts'
database of a run is published."""

import dagster as dg

from assets.analysts import analysts_database
from pipelines.partitions import daily_asset, day_window
from pipelines.resources import NewsWarehouse
from warehouse.report import prune_reports, report_path, run_range, write_report


@daily_asset(
    key=["reports", "news_report"],
    deps=[analysts_database],
    kinds={"html", "plotly"},
    group_name="reports",
)
def news_report(
    context: dg.AssetExecutionContext, warehouse: NewsWarehouse
) -> dg.MaterializeResult:
    """The news report for the run's days, as one HTML file that opens offline (Arabic, right
    to left): topic trends, outlets by day, share of voice, the last week's biggest stories
    (who came first, who followed) and the spikes of `marts.outlet_trends`. It covers the
    window, or the 28 days ending on its last day when the window is shorter (a daily run
    still shows four weeks). Read from `warehouse/news.duckdb`, as an analyst would; kept in
    `warehouse/reports/news_<first>_<last>.html` (open `path`), the newest
    30 of them (`KEPT_REPORTS`)."""
    window = day_window(context)
    store = warehouse.store()
    first, last = run_range(store, window.first, window.last)
    path = report_path(store, first, last)
    shown = write_report(store, first, last, path)
    pruned = prune_reports(path.parent)
    metadata: dict[str, dg.RawMetadataValue] = {
        "path": dg.MetadataValue.path(str(path)),
        "url": dg.MetadataValue.url(path.resolve().as_uri()),
        "first_day": first.isoformat(),
        "last_day": last.isoformat(),
        "articles": int(shown.share_of_voice["articles"].sum() or 0),
        "outlets": shown.share_of_voice.height,
        "biggest_stories": shown.biggest_stories.height,
        "older_reports_deleted": len(pruned),
    }
    if shown.spikes is not None:
        metadata["spikes"] = shown.spikes.height
    return dg.MaterializeResult(metadata=metadata)
