"""Asset metadata shown in the Dagster UI: row counts, previews, small text charts."""

from __future__ import annotations

import dagster as dg
import polars as pl

from pipelines.news.topics.model import TopicEvaluation

_BARS = "▁▂▃▄▅▆▇█"


def preview(rows: pl.DataFrame, limit: int = 10) -> dg.MetadataValue:
    """The first rows as a Markdown table (long text cut so the table stays readable)."""
    shown = rows.head(limit).with_columns(pl.col(pl.String).str.slice(0, 60))
    with pl.Config(
        tbl_formatting="MARKDOWN",
        tbl_hide_column_data_types=True,
        tbl_hide_dataframe_shape=True,
        tbl_rows=limit,
        tbl_cols=-1,
        fmt_str_lengths=60,
    ):
        return dg.MetadataValue.md(str(shown))


def sparkline(values: list[int]) -> str:
    """A one-line chart of a series, e.g. daily article counts."""
    if not values:
        return ""
    top = max(values) or 1
    return "".join(_BARS[min(len(_BARS) - 1, v * (len(_BARS) - 1) // top)] for v in values)


def evaluation_metadata(prefix: str, scores: TopicEvaluation) -> dict[str, dg.MetadataValue]:
    """A topic-model evaluation for the UI: macro-F1 counting abstentions as misses and on the
    labelled articles only, coverage, per-class F1 and the confusion matrix."""
    per_class = pl.DataFrame(
        {"topic": list(scores.per_class_f1), "f1": list(scores.per_class_f1.values())}
    ).sort("f1")
    return {
        f"{prefix}_macro_f1": dg.MetadataValue.float(round(scores.macro_f1, 4)),
        f"{prefix}_macro_f1_labelled_only": dg.MetadataValue.float(
            round(scores.covered_macro_f1, 4)
        ),
        f"{prefix}_coverage": dg.MetadataValue.float(round(scores.coverage, 4)),
        f"{prefix}_per_class_f1": preview(per_class, limit=20),
        f"{prefix}_confusion": dg.MetadataValue.md(scores.confusion_markdown()),
    }
