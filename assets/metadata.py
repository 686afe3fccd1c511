"""Asset metadata shown in the Dagster UI: row counts, table previews, and each partition's
numbers (the series the asset's Plots tab charts, one point per Casablanca day)."""

from __future__ import annotations

from datetime import date, datetime

import dagster as dg
import polars as pl

from pipelines.news.topics import TopicEvaluation

_CELL_CHARS = 60
PREVIEW_ROWS = 10

# How a Polars column is described in the UI's table schema.
_TYPE_NAMES = {
    pl.String: "string",
    pl.Int32: "int",
    pl.Int64: "int",
    pl.UInt32: "int",
    pl.Float64: "float",
    pl.Boolean: "bool",
    pl.Date: "date",
}


def preview(rows: pl.DataFrame, limit: int = PREVIEW_ROWS) -> dg.MetadataValue:
    """The first rows as a table the UI renders (long text cut so it stays readable)."""
    schema = dg.TableSchema(
        columns=[
            dg.TableColumn(name, _TYPE_NAMES.get(type(dtype), str(dtype)))
            for name, dtype in rows.schema.items()
        ]
    )
    records = [
        dg.TableRecord({name: _cell(value) for name, value in row.items()})
        for row in rows.head(limit).iter_rows(named=True)
    ]
    return dg.MetadataValue.table(records=records, schema=schema)


def _cell(value: object) -> str | int | float | bool | None:
    if value is None or isinstance(value, bool | int | float):
        return value
    if isinstance(value, date | datetime):
        return value.isoformat()
    text = str(value)
    return text if len(text) <= _CELL_CHARS else text[: _CELL_CHARS - 1] + "…"


def per_partition(
    context: dg.AssetExecutionContext, days: list[date], per_day: pl.DataFrame
) -> dg.MetadataValue:
    """Attach each day's numbers (``per_day``: a ``day`` column, then int or float columns) to
    that day's materialization, and return them as a table for the run.

    A range run materializes several partitions in one step, and ``MaterializeResult``
    metadata would repeat the window's totals on each: scoped to a partition key, each
    partition carries its own values, so the Plots tab shows one point per day. A day of the
    window without rows gets 0 counts (and no shares, which are undefined there)."""
    filled = pl.DataFrame({"day": days}, schema={"day": pl.Date}).join(
        per_day, on="day", how="left"
    )
    counts = [name for name, dtype in per_day.schema.items() if dtype.is_integer()]
    filled = filled.with_columns(pl.col(counts).fill_null(0)).sort("day")
    for row in filled.iter_rows(named=True):
        day = row.pop("day")
        context.add_asset_metadata(
            {name: _number(value) for name, value in row.items() if value is not None},
            partition_key=day.isoformat(),
        )
    return preview(filled, limit=len(days))


def _number(value: int | float) -> dg.MetadataValue:
    if isinstance(value, int):
        return dg.MetadataValue.int(value)
    return dg.MetadataValue.float(round(float(value), 4))


def biggest_share(rows: pl.DataFrame, by: str) -> pl.DataFrame:
    """Per day, the largest share of the day's ``articles`` that one ``by`` value holds (the
    biggest outlet's, or topic's, share of voice)."""
    return (
        rows.group_by("day", by)
        .agg(pl.col("articles").sum())
        .group_by("day")
        .agg((pl.col("articles").max() / pl.col("articles").sum()).alias(f"biggest_{by}_share"))
    )


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
