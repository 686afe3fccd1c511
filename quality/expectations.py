"""The records our suites are written in: an expectation with a stable name, a severity and a
description, stated as the Great Expectations class and arguments it stands for.

Plain Python: importing a suite does not import Great Expectations (seconds), so the code
location loads fast; ``quality/validation.py`` builds the GX objects when a suite runs.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from enum import StrEnum
from typing import Any, Literal

from pipelines.news import tables
from pipelines.news.models import DayWindow

# Values an expectation can take from the run it validates ({"$PARAMETER": name}): GX fills
# them in at validation time, so one suite serves every window and registry.
WINDOW_FIRST = "window_first"  # midnight of the window's first Casablanca day
WINDOW_LAST = "window_last"  # midnight of its last day
OUTLETS = "outlets"  # the registry's outlet keys
TOPICS = "topics"  # every value a topic column may hold: the taxonomy, 'general', 'unclassified'
OUTLET_DAYS = "outlet_days"  # registered outlets x the window's days


def parameter(name: str) -> dict[str, str]:
    """A suite parameter, in GX's spelling."""
    return {"$PARAMETER": name}


def run_parameters(
    window: DayWindow, outlets: Sequence[str], topics: Sequence[str]
) -> dict[str, object]:
    """The values of the parameters above for one validation run. Days become datetimes:
    GX's pandas engine compares datetime64 columns, so date columns are widened too."""
    return {
        WINDOW_FIRST: midnight(window.first),
        WINDOW_LAST: midnight(window.last),
        OUTLETS: list(outlets),
        TOPICS: list(topics),
        OUTLET_DAYS: len(outlets) * len(window.days()),
    }


def midnight(day: date) -> datetime:
    return datetime.combine(day, time())


class Severity(StrEnum):
    """How bad a failure is; the names are Dagster's ``AssetCheckSeverity`` members."""

    ERROR = "ERROR"  # the table is wrong; where the suite gates publication, nothing publishes
    WARN = "WARN"  # the table is suspicious and worth a look; never blocks


@dataclass(frozen=True)
class When:
    """Only the rows where ``column`` equals ``value`` (``test`` 'equal'), is NULL ('null') or
    is not NULL ('not_null'): a GX row condition."""

    column: str
    test: Literal["equal", "null", "not_null"]
    value: str | None = None


def when_equal(column: str, value: str) -> When:
    return When(column, "equal", value)


def when_null(column: str) -> When:
    return When(column, "null")


def when_not_null(column: str) -> When:
    return When(column, "not_null")


# Arguments of GX expectations that name columns (checked against the table's columns).
_COLUMN_ARGS = ("column", "column_A", "column_B")
_COLUMN_LIST_ARGS = ("column_list",)


@dataclass(frozen=True)
class Expectation:
    """One rule about a table. ``name`` is stable: it is the Dagster asset check's name and
    what tests and alerts refer to. ``gx`` is the Great Expectations class (e.g.
    ``ExpectColumnValuesToBeInSet``) and ``args`` its arguments, which may hold
    :func:`parameter` values; ``when`` narrows the rows it looks at."""

    name: str
    severity: Severity
    description: str
    gx: str
    args: Mapping[str, Any] = field(default_factory=dict)
    when: When | None = None

    @property
    def columns(self) -> tuple[str, ...]:
        named = [self.args[k] for k in _COLUMN_ARGS if k in self.args]
        named += [c for k in _COLUMN_LIST_ARGS for c in self.args.get(k, ())]
        if self.when is not None:
            named.append(self.when.column)
        return tuple(dict.fromkeys(named))


@dataclass(frozen=True)
class Suite:
    """The expectations of one warehouse table, validated together on a window's rows.
    ``gate``: the table is published only when every ERROR expectation passes (its checks
    are blocking); otherwise failures are reported and nothing stops."""

    table: str
    expectations: tuple[Expectation, ...]
    gate: bool = False

    def __post_init__(self) -> None:
        spec = tables.BY_NAME.get(self.table)
        if spec is None:
            raise ValueError(f"suite for unknown table {self.table!r}")
        names = [e.name for e in self.expectations]
        if len(set(names)) != len(names):
            raise ValueError(f"{self.table}: two expectations share a name")
        for expectation in self.expectations:
            unknown = set(expectation.columns) - set(spec.polars_schema)
            if unknown:
                raise ValueError(
                    f"{self.table}.{expectation.name}: no column(s) {', '.join(sorted(unknown))}"
                )

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(e.name for e in self.expectations)

    @property
    def columns(self) -> tuple[str, ...]:
        """The table's columns the suite reads, in table order (the rest need not be loaded)."""
        used = {c for e in self.expectations for c in e.columns}
        return tuple(c for c in tables.BY_NAME[self.table].polars_schema if c in used)

    def blocking(self, expectation: Expectation) -> bool:
        return self.gate and expectation.severity is Severity.ERROR
