"""The analysts' views (``warehouse/sql/views/<name>.sql``): SQL over the table views, created
in ``news.duckdb`` after them (``create_analyst_views``), each with its comments.

A view's file says what it holds in its header, which is also where its ``COMMENT ON`` text
comes from, so the documentation analysts read in the catalog and the SQL cannot drift apart::

    -- marts.<name>
    -- The view's comment (grain and meaning), over as many lines as it needs.
    --
    -- Columns:
    --   column   its comment, continued on lines
    --            indented deeper
    SELECT ...

The pipeline never reads these views (its marts are SQL over windows of days); they are
for analysts and read all of history, so they are kept to joins and aggregations.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import duckdb

from warehouse.schema import SQL_DIR, quote_identifier, sql_file, string_literal

VIEWS_DIR = SQL_DIR / "views"

# Created in this order: a view may read the ones before it.
ANALYST_VIEWS: tuple[str, ...] = (
    "marts.daily_story_counts",
    "marts.outlet_trends",
    "marts.outlets",
    "marts.articles",
    "marts.first_movers",
)

_COLUMN = re.compile(r"--   (\w+)\s+(\S.*)")  # a column's first line
_CONTINUED = re.compile(r"--    +(\S.*)")  # indented deeper: the column's comment goes on


@dataclass(frozen=True)
class AnalystView:
    name: str
    comment: str
    column_comments: dict[str, str]
    sql: str

    @property
    def qualified_name(self) -> str:
        schema, table = self.name.split(".")
        return f"{quote_identifier(schema)}.{quote_identifier(table)}"

    def comment_statements(self) -> list[str]:
        statements = [f"COMMENT ON VIEW {self.qualified_name} IS {string_literal(self.comment)}"]
        for column, comment in self.column_comments.items():
            target = f"{self.qualified_name}.{quote_identifier(column)}"
            statements.append(f"COMMENT ON COLUMN {target} IS {string_literal(comment)}")
        return statements


def load_view(name: str) -> AnalystView:
    """The view ``name`` (``schema.view``) from its file, its header parsed into comments."""
    file = f"views/{name.split('.')[1]}.sql"
    sql = sql_file(file)
    header = [line.rstrip() for line in sql.splitlines()]
    header = header[: next(i for i, line in enumerate(header) if not line.startswith("--"))]
    if not header or header[0] != f"-- {name}" or "-- Columns:" not in header:
        raise ValueError(f"{file}: the header must start with '-- {name}' and list its Columns:")
    columns_at = header.index("-- Columns:")
    comment = " ".join(line.removeprefix("--").strip() for line in header[1:columns_at])
    column_comments: dict[str, str] = {}
    for line in header[columns_at + 1 :]:
        if first := _COLUMN.fullmatch(line):
            column_comments[first[1]] = first[2].strip()
        elif (more := _CONTINUED.fullmatch(line)) and column_comments:
            last = next(reversed(column_comments))
            column_comments[last] += " " + more[1].strip()
        else:
            raise ValueError(f"{file}: cannot read the column line {line!r}")
    return AnalystView(name, comment.strip(), column_comments, sql)


def create_analyst_views(connection: duckdb.DuckDBPyConnection) -> None:
    """Create every analyst view, with its comments, over the table views ``connection``
    already holds."""
    for name in ANALYST_VIEWS:
        view = load_view(name)
        body = view.sql.strip().removesuffix(";")
        connection.execute(f"CREATE OR REPLACE VIEW {view.qualified_name} AS {body}")
        for statement in view.comment_statements():
            connection.execute(statement)
