"""A query's rows written for people (an aligned table) or for programs (CSV, JSON lines).

Programs get every row and plain values: dates and timestamps in ISO 8601 (a timestamp with a
zone keeps its offset, e.g. ``2026-03-20T09:15:00+00:00``), lists as JSON arrays (in CSV, a
JSON array in the cell), Arabic text as UTF-8, never ``\\u`` escapes; NULL is ``null`` in
JSON and an empty cell in CSV. The table is for reading and shows ``max_rows`` rows at most.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Mapping, Sequence
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import TextIO

import polars as pl

FORMATS = ("table", "csv", "json")


def write_rows(rows: pl.DataFrame, format: str, out: TextIO, max_rows: int = 50) -> None:
    """Write ``rows`` to ``out`` as ``format`` (one of FORMATS); ``max_rows`` bounds the table
    only: CSV and JSON lines are read by programs, which want the whole result."""
    if format == "table":
        _write_table(rows, out, max_rows)
    elif format == "csv":
        _write_csv(rows, out)
    elif format == "json":
        _write_json_lines(rows, out)
    else:
        raise ValueError(f"unknown output format {format!r}; expected one of {', '.join(FORMATS)}")


def _write_table(rows: pl.DataFrame, out: TextIO, max_rows: int) -> None:
    with pl.Config(
        tbl_rows=max_rows,
        tbl_cols=-1,
        fmt_str_lengths=80,
        tbl_width_chars=200,
        tbl_hide_column_data_types=True,
    ):
        print(rows, file=out)


def _write_csv(rows: pl.DataFrame, out: TextIO) -> None:
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(rows.columns)
    for row in rows.iter_rows():
        writer.writerow([_csv_cell(value) for value in row])


def _write_json_lines(rows: pl.DataFrame, out: TextIO) -> None:
    for row in rows.iter_rows(named=True):
        out.write(json.dumps(row, ensure_ascii=False, default=_json_scalar) + "\n")


def _csv_cell(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, Sequence | Mapping) and not isinstance(value, str | bytes):
        return json.dumps(value, ensure_ascii=False, default=_json_scalar)
    if isinstance(value, date | time | timedelta | Decimal | bytes):
        return _json_scalar(value)
    return value


def _json_scalar(value: object) -> object:
    """What ``json`` cannot write by itself, as a plain value."""
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, timedelta):
        return value.total_seconds()
    if isinstance(value, Decimal):
        # A JSON number, to double precision (a SQL literal like 1.5 is a DECIMAL).
        return float(value)
    if isinstance(value, bytes):
        return value.hex()
    raise TypeError(f"cannot write a {type(value).__name__} as JSON")
