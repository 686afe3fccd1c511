"""A demo site of any size: ``akhbar demo-site --outlets M --days N --start DAY``.

The generator of ``corpus.build_corpus`` (left as it is: it makes the bundled site),
generalised to a lineup of M original outlets (``outlets.lineup``) and run one Casablanca
local day at a time:

- each outlet writes its template's daily volume (atlas 16, rabat 12, souss 10, +-2), so
  articles per day grow with the outlets; tajmi3 copies ~10 a day per three outlets, and
  the first and last hour of the day get 4-6 articles per three outlets;
- rewrites and syndicated copies go to another original outlet of the lineup, exactly as
  in the bundled site (none when there is only one outlet);
- a day is complete once it has been drawn (a rewrite lands at most two days after its
  original, never before it), so ``iter_days`` hands each day over and keeps only the
  generators, the titles used so far and the rewrites still to come.

Same random streams, same draws in the same order: with three outlets it draws exactly what
``build_corpus`` draws, for any seed, start and number of days, so the scaled site with the
default shape is the bundled site byte for byte (``tests/demo_site/test_scaled_site.py``
holds the two to that).
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cached_property
from math import ceil

# The bundled generator's own steps are reused as they are; only what depends on the
# outlets (who writes how much, who retells whom) is generalised here.
from pipelines.demo_site.corpus import (
    _LAST_MINUTE,
    DAILY_ORIGINALS,
    DAILY_REPUBLISHED,
    DEMO_DAYS,
    DEMO_FIRST_DAY,
    FIRST_ARTICLE_ID,
    REWRITE,
    REWRITE_DELAY_DAYS,
    REWRITE_RATE,
    SYNDICATED_COPY,
    SYNDICATION_RATE,
    Corpus,
    DemoArticle,
    _Draft,
    _draft_copy,
    _draft_original,
    _later_minute,
    _local,
    _minute_of,
    _wobble,
)
from pipelines.demo_site.outlets import ORIGINAL_TEMPLATES, Lineup, lineup
from pipelines.demo_site.rewrites import reword_title, rewrite_paragraphs
from pipelines.demo_site.slots import person_name

# Original outlets of the bundled site; daily volumes scale from its.
DEMO_OUTLETS = len(ORIGINAL_TEMPLATES)
# Where a site's days may lie: the time-zone database is only reliable from 1970, and
# rewrites and reader comments land a few days after the last day.
FIRST_START = date(1970, 1, 1)
LAST_DAY = date(9999, 12, 24)


@dataclass(frozen=True)
class Scale:
    """How big a demo site is: ``outlets`` original outlets (besides the aggregator), for
    ``days`` Casablanca local days from ``start``. ``Scale()`` is the bundled site's shape."""

    outlets: int = DEMO_OUTLETS
    days: int = DEMO_DAYS
    start: date = DEMO_FIRST_DAY

    def __post_init__(self) -> None:
        if self.outlets < 1:
            raise ValueError(f"a demo site needs at least 1 original outlet, not {self.outlets}")
        if self.days < 1:
            raise ValueError(f"a demo site needs at least 1 day, not {self.days}")
        if self.start < FIRST_START:
            raise ValueError(f"the first day must be {FIRST_START} or later, not {self.start}")
        if self.days - 1 > (LAST_DAY - self.start).days:
            raise ValueError(f"{self.days} days from {self.start} run past {LAST_DAY}")

    @property
    def last_day(self) -> date:
        return self.start + timedelta(days=self.days - 1)

    @cached_property
    def lineup(self) -> Lineup:
        return lineup(self.outlets)


def daily_republished(outlets: Lineup) -> int:
    """tajmi3's copies a day (before the +-2 wobble): 10 per three original outlets."""
    return round(DAILY_REPUBLISHED * len(outlets.originals) / DEMO_OUTLETS)


def build_scaled_corpus(seed: int = 7, scale: Scale | None = None) -> Corpus:
    """Every article of the site of ``scale`` (default: the bundled shape), oldest first."""
    scale = scale or Scale()
    articles = tuple(article for _, day in iter_days(seed, scale) for article in day)
    return Corpus(
        seed=seed, start=scale.start, days=scale.days, articles=articles, lineup=scale.lineup
    )


def iter_days(seed: int, scale: Scale) -> Iterator[tuple[date, tuple[DemoArticle, ...]]]:
    """(local day, its articles oldest first) for each day of the site, in order.

    Deterministic: only ``random.Random(seed)`` and ``random.Random(f"{seed}:stories")`` are
    consulted, as in ``corpus.build_corpus``. Article ids run on from day to day.
    """
    outlets = scale.lineup
    rng = random.Random(seed)
    stories_rng = random.Random(f"{seed}:stories")
    authors = {
        key: tuple(person_name(rng, female=rng.random() < 0.4) for _ in range(6))
        for key in outlets.original_keys
    }
    republished = daily_republished(outlets)
    outlet_order = {key: i for i, key in enumerate(outlets.outlets)}
    used_titles: set[str] = set()
    # Rewrites and syndicated copies drawn on an earlier day that land on a later one.
    pending: dict[date, list[_Draft]] = {}
    next_id = FIRST_ARTICLE_ID
    for offset in range(scale.days):
        day = scale.start + timedelta(days=offset)
        originals = [
            _draft_original(rng, outlet, day, minute, authors[outlet], used_titles)
            for outlet, minute in _original_slots(rng, outlets)
        ]
        copies = [
            _draft_copy(rng, original)
            for original in rng.sample(originals, min(len(originals), _wobble(rng, republished)))
        ]
        for extra in _story_drafts(stories_rng, originals, authors, outlets, scale.last_day):
            pending.setdefault(extra.published_local.date(), []).append(extra)
        for original in originals:
            original.slots = None  # only rewrites needed the cast; they are drawn
        # The bundled generator numbers all articles at once, by (time, outlet, the order
        # they were drawn in: originals and copies day by day, then rewrites and copies of
        # originals in order). A day's articles all come before the next day's, so
        # numbering each day in turn gives the same ids.
        drafts = [*originals, *copies, *pending.pop(day, [])]
        order = sorted(
            range(len(drafts)),
            key=lambda i: (drafts[i].published_local, outlet_order[drafts[i].outlet], i),
        )
        for rank, index in enumerate(order):
            drafts[index].article_id = next_id + rank
        next_id += len(drafts)
        yield day, tuple(_article(drafts[i], outlets) for i in order)


def _original_slots(rng: random.Random, outlets: Lineup) -> list[tuple[str, int]]:
    """(outlet, minute of the local day) for one day's originals; see ``corpus``.

    4-6 of them per three outlets move to 00:00-00:59 or 23:00-23:59.
    """
    keys = [
        spec.key
        for spec in outlets.originals
        for _ in range(_wobble(rng, DAILY_ORIGINALS[spec.template]))
    ]
    minutes = [rng.randint(6 * 60, _LAST_MINUTE) for _ in keys]
    groups = ceil(len(outlets.originals) / DEMO_OUTLETS)
    boundary_count = sum(rng.randint(2, 3) for _ in range(2 * groups))
    boundary = rng.sample(range(len(keys)), boundary_count)
    for count, index in enumerate(boundary):
        minutes[index] = (
            rng.randint(0, 59) if count % 2 == 0 else rng.randint(23 * 60, _LAST_MINUTE)
        )
    return list(zip(keys, minutes, strict=True))


def _story_drafts(
    rng: random.Random,
    originals: list[_Draft],
    authors: dict[str, tuple[str, ...]],
    outlets: Lineup,
    last_day: date,
) -> list[_Draft]:
    """Rewrites and syndicated copies of one day's originals by other original outlets.

    Draw for draw ``corpus._story_drafts``; one that would land after the last day of the
    site is not written.
    """
    extra: list[_Draft] = []
    for original in originals:
        draw = rng.random()
        if draw >= REWRITE_RATE + SYNDICATION_RATE:
            continue
        others = [key for key in outlets.original_keys if key != original.outlet]
        if not others:
            continue  # a one-outlet site: nobody else to retell it
        outlet = rng.choice(others)
        syndicated = draw >= REWRITE_RATE
        delay = 0 if syndicated else rng.choice(REWRITE_DELAY_DAYS)
        if delay == 0 and _minute_of(original.published_local) + 20 > _LAST_MINUTE:
            # No room left that day: a rewrite waits for the next, a copy is not made.
            if syndicated:
                continue
            delay = 1
        day = original.published_local.date() + timedelta(days=delay)
        if day > last_day:
            continue
        minute = _later_minute(rng, original.published_local, delay)
        if syndicated:
            name = outlets.outlets[original.outlet].name
            title = original.title
            paragraphs = (*original.paragraphs, f"المصدر: {name}")
            author = original.author
        else:
            title = reword_title(rng, original.title)
            paragraphs = rewrite_paragraphs(
                rng, original.paragraphs, original.topic, original.slots or {}
            )
            author = rng.choice(authors[outlet])
        extra.append(
            _Draft(
                outlet=outlet,
                published_local=_local(day, minute),
                topic=original.topic,
                title=title,
                paragraphs=paragraphs,
                author=author,
                role=SYNDICATED_COPY if syndicated else REWRITE,
                story_root=original,
            )
        )
    return extra


def _article(draft: _Draft, outlets: Lineup) -> DemoArticle:
    outlet = outlets.outlets[draft.outlet]
    original = draft.original
    return DemoArticle(
        id=draft.article_id,
        outlet=draft.outlet,
        path=outlet.article_path(draft.article_id, draft.published_local),
        title=draft.title,
        published_local=draft.published_local,
        date_only=original is not None,
        section=outlet.label_for(draft.topic),
        topic=draft.topic,
        author=draft.author,
        paragraphs=draft.paragraphs,
        original_outlet=original.outlet if original else None,
        original_path=(
            outlets.outlets[original.outlet].article_path(
                original.article_id, original.published_local
            )
            if original
            else None
        ),
        role=draft.role,
        story_of=draft.story_root.article_id if draft.story_root else None,
    )
