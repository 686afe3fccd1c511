"""``marts.stories`` kept as stored files, a day's run rewriting only the stories it touches.

A story's articles span days, so a story row cannot be rebuilt from one day alone, and a view
adding up every story at each query costs the whole history (45 s and 10 GB at 10 M articles,
benchmarks/RESULTS.md). Instead:

* ``marts.story_days`` holds each day's part of every story (``sql/marts/story_days.sql``):
  rebuilding a day rewrites that day's parts only.
* ``marts.stories`` holds each story once, in the file of its ``first_published_day`` (its
  *home* day). After a day's parts change, the stories touched are those with a part on that
  day before or after; their parts are gathered from the days around it and added up
  (``sql/marts/stories.sql``), and every home day they leave or join is rewritten.

Where a story's parts can be: clustering joins an article only to a story with an article in
the ``chain_gap_days`` days before it, so the days of a story's parts are never further apart
than that. Gathering therefore widens the span read around the day until no touched story
has a part within ``chain_gap_days`` of its edges: the cost is the stories' span, never the
history's.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date, timedelta
from typing import cast

import polars as pl

from warehouse.store import Warehouse

ONE_DAY = timedelta(days=1)


def rebuild_story_day(store: Warehouse, run_id: str, day: date, chain_gap_days: int) -> int:
    """Stage ``day``'s story parts and the stories they touch for ``run_id`` (reads see the
    run's staged days, so a window's days are rebuilt in order before publishing). Returns
    the number of stories rewritten."""
    end = day + ONE_DAY
    before = store.read_window("marts.story_days", day, end, columns=["story_id"], run_id=run_id)
    parts = store.query_window("marts/story_days.sql", day, end, run_id=run_id)
    store.stage_window(run_id, "marts.story_days", parts, day, end)
    touched = sorted(set(before["story_id"]) | set(parts["story_id"]))
    if not touched:
        return 0
    first, last = _span_of(store, run_id, touched, day, chain_gap_days)
    rebuilt = store.query_window("marts/stories.sql", first, last + ONE_DAY, run_id=run_id).filter(
        pl.col("story_id").is_in(touched)
    )
    # Home days the touched stories had (a story may move, or be dissolved) and now have.
    previous = store.read_window(
        "marts.stories",
        first,
        last + ONE_DAY,
        columns=["story_id", "first_published_day"],
        run_id=run_id,
    ).filter(pl.col("story_id").is_in(touched))
    homes = set(previous["first_published_day"]) | set(rebuilt["first_published_day"])
    for home in sorted(homes):
        kept = store.read_window("marts.stories", home, home + ONE_DAY, run_id=run_id).filter(
            ~pl.col("story_id").is_in(touched)
        )
        moved_in = rebuilt.filter(pl.col("first_published_day") == home)
        rows = pl.concat([kept, moved_in.select(kept.columns).cast(kept.schema)]).sort("story_id")
        store.stage_window(run_id, "marts.stories", rows, home, home + ONE_DAY)
    return rebuilt.height


def _span_of(
    store: Warehouse, run_id: str, stories: Collection[str], day: date, gap: int
) -> tuple[date, date]:
    """The first and last day holding a part of any of ``stories``, found around ``day``."""
    margin = timedelta(days=gap)
    first, last = day - margin, day + margin
    while True:
        days = (
            store.read_window(
                "marts.story_days",
                first,
                last + ONE_DAY,
                columns=["day", "story_id"],
                run_id=run_id,
            )
            .filter(pl.col("story_id").is_in(list(stories)))
            .get_column("day")
        )
        if days.is_empty():
            return first, last
        wider = (
            min(first, cast(date, days.min()) - margin),
            max(last, cast(date, days.max()) + margin),
        )
        if wider == (first, last):
            return first, last
        first, last = wider
