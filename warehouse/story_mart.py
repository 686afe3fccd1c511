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


def rebuild_stories(
    store: Warehouse, run_id: str, first: date, end: date, chain_gap_days: int
) -> int:
    """Stage the story parts of the local days [first, end) and every story they touch, for
    ``run_id`` (publish both tables after). The whole window at once: the parts of a day
    depend only on that day's articles, so this equals rebuilding its days one by one, in a
    few reads instead of a few per day. Returns the number of stories rewritten."""
    before = store.read_window("marts.story_days", first, end, columns=["story_id"], run_id=run_id)
    parts = store.query_window("marts/story_days.sql", first, end, run_id=run_id)
    store.stage_window(run_id, "marts.story_days", parts, first, end)
    touched = sorted(set(before["story_id"]) | set(parts["story_id"]))
    if not touched:
        return 0
    span_first, span_last = _span_of(store, run_id, touched, first, end - ONE_DAY, chain_gap_days)
    span_end = span_last + ONE_DAY
    rebuilt = store.query_window("marts/stories.sql", span_first, span_end, run_id=run_id).filter(
        pl.col("story_id").is_in(touched)
    )
    stored = store.read_window("marts.stories", span_first, span_end, run_id=run_id)
    is_touched = pl.col("story_id").is_in(touched)
    # Home days the touched stories had (a story may move, or be dissolved) and now have.
    homes = set(stored.filter(is_touched)["first_published_day"]) | set(
        rebuilt["first_published_day"]
    )
    kept = stored.filter(~is_touched)
    rebuilt = rebuilt.select(kept.columns).cast(kept.schema)
    for home in sorted(homes):
        on_home = pl.col("first_published_day") == home
        rows = pl.concat([kept.filter(on_home), rebuilt.filter(on_home)]).sort("story_id")
        store.stage_window(run_id, "marts.stories", rows, home, home + ONE_DAY)
    return rebuilt.height


def _span_of(
    store: Warehouse, run_id: str, stories: Collection[str], start: date, last_day: date, gap: int
) -> tuple[date, date]:
    """A span of days holding every part of ``stories``, found around [start, last_day]."""
    margin = timedelta(days=gap)
    first, last = start - margin, last_day + margin
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
