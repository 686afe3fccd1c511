"""Attention over time in SQL: a parsed query (``pipelines.news.attention``) as one DuckDB
query over the analysts' database, built from the macros of ``sql/macros/attention.sql``.

Each phrase becomes a call ``matching_articles($phrase_N, $start_day, $end_day)`` whose rows
are whole articles (day, article, story, outlet, topic), so the query's logic is set algebra
on them: AND is INTERSECT, OR is UNION, NOT is EXCEPT. Only those fixed keywords and the
macro call are written here; every word is a parameter. ``trend_sql`` gives the text and
parameters, which ``akhbar trend --show-sql`` prints so a notebook runs exactly what the
command ran.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

import duckdb
import polars as pl

from pipelines.news.attention import AllOf, AnyOf, Phrase, Query, phrases
from warehouse.schema import sql_file

BREAKDOWNS = ("outlet", "topic")
MACROS_FILE = "macros/attention.sql"


@dataclass(frozen=True)
class TrendQuery:
    """A query's SQL and its parameters (``$start_day``, ``$end_day``, ``$phrase_N``...)."""

    sql: str
    params: dict[str, object]


def create_attention_macros(connection: duckdb.DuckDBPyConnection) -> None:
    """The attention macros, in the database ``connection`` writes (after its views)."""
    connection.execute(sql_file(MACROS_FILE))


def trend_sql(query: Query, start: date, end: date, by: str | None = None) -> TrendQuery:
    """Daily counts of the articles matching ``query`` on Casablanca days [start, end), and
    of the distinct stories among them: every day of the range (0 when nothing matched), or
    with ``by`` ('outlet' or 'topic') one row per day and value that matched, its column
    named ``value``."""
    if by is not None and by not in BREAKDOWNS:
        raise ValueError(f"by must be one of {', '.join(BREAKDOWNS)}, not {by!r}")
    names = {phrase: f"phrase_{n}" for n, phrase in enumerate(phrases(query))}
    matches = _set_expression(query, names)
    counts = sql_file("reports/attention_by.sql" if by else "reports/attention_daily.sql")
    params: dict[str, object] = {"start_day": start, "end_day": end}
    params.update({name: list(phrase.keys) for phrase, name in names.items()})
    if by:
        params["by"] = by
    return TrendQuery(f"WITH matches AS (\n{matches}\n)\n{counts}", params)


def _set_expression(query: Query, names: dict[Phrase, str]) -> str:
    if isinstance(query, Phrase):
        return (
            "SELECT day, article, story, outlet, topic "
            f"FROM matching_articles(${names[query]}, $start_day, $end_day)"
        )
    if isinstance(query, AnyOf):
        return "\nUNION\n".join(f"({_set_expression(q, names)})" for q in query.options)
    assert isinstance(query, AllOf)
    both = "\nINTERSECT\n".join(f"({_set_expression(q, names)})" for q in query.include)
    if not query.exclude:
        return both
    excluded = "\nUNION\n".join(f"({_set_expression(q, names)})" for q in query.exclude)
    return f"({both})\nEXCEPT\n({excluded})"


# Runs SQL on the analysts' database: ``Warehouse.query`` (passed in, as the store imports
# this module for its macros).
RunQuery = Callable[[str, dict[str, object]], pl.DataFrame]


def attention_trend(
    run: RunQuery, query: Query, first: date | None, last: date | None, by: str | None = None
) -> tuple[TrendQuery, pl.DataFrame]:
    """``query``'s daily counts over Casablanca days ``first`` .. ``last`` (both included;
    either left out: the first or last day the term index holds), and the SQL that gave them.
    With ``by``, the ``value`` column is named after it (``outlet`` or ``topic``)."""
    if first is None or last is None:
        span = run("SELECT min(day) AS first, max(day) AS last FROM staging.article_terms", {})
        if span["first"][0] is None and first is None:
            raise ValueError("no article is indexed yet (staging.article_terms is empty)")
        first = first or span["first"][0]
        last = last or span["last"][0] or first
    if last < first:
        raise ValueError(f"the range ends ({last}) before it starts ({first})")
    trend = trend_sql(query, first, last + timedelta(days=1), by)
    rows = run(trend.sql, trend.params)
    return trend, rows.rename({"value": by}) if by else rows
