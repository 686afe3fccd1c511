"""Asset metadata shown in the Dagster UI: row counts, previews, small text charts."""

from __future__ import annotations

import dagster as dg
import polars as pl

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
