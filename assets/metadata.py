"""Asset metadata shown in the Dagster UI: row counts, table previews, small text charts."""

from __future__ import annotations

from datetime import date, datetime

import dagster as dg
import polars as pl

from pipelines.news.topics import TopicEvaluation

_BARS = "▁▂▃▄▅▆▇█"
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
