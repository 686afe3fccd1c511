"""The one generator of the demo site's articles: a deterministic function of the seed and
the site's shape (``Scale``: M original outlets, N Casablanca local days from a start day).

- ``build_corpus(seed, start, days)``: the bundled site (atlas, rabat, souss and tajmi3;
  by default 60 days from 2026-02-01), which is ``build_scaled_corpus`` with three outlets;
- ``build_scaled_corpus(seed, Scale(...))``: a site of any size
  (``akhbar demo-site --outlets M --days N --start DAY``);
- ``iter_days(seed, Scale(...))``: the same articles one local day at a time.

What it draws:

- each outlet writes its template's daily volume (atlas 16, rabat 12, souss 10, +-2), so
  articles per day grow with the outlets; tajmi3 copies ~10 a day per three outlets, and
  the first and last hour of the day get 4-6 articles per three outlets;
- rewrites and syndicated copies go to another original outlet of the lineup (none when
  there is only one outlet), drawn from their own ``random.Random(f"{seed}:stories")`` so
  that adding them left every other article as it was;
- a day is complete once it has been drawn (a rewrite lands at most two days after its
  original, never before it), so ``iter_days`` hands each day over and keeps only the
  generators, the titles used so far and the rewrites still to come.

Publish times are Africa/Casablanca wall-clock times built through ``zoneinfo``; the bundled
range 2026-02-01 .. 2026-04-01 crosses both 2026 clock changes (UTC+1 -> UTC+0 on
2026-02-15, back on 2026-03-22), so a fixed offset would put articles on the wrong day.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import cached_property
from math import ceil

from pipelines.demo_site.banks import GENERIC_SENTENCES, SENTENCES, TITLES
from pipelines.demo_site.corpus import (
    AGGREGATOR_COPY,
    DEMO_DAYS,
    DEMO_FIRST_DAY,
    DEMO_OUTLETS,
    ORIGINAL,
    REWRITE,
    SYNDICATED_COPY,
    Corpus,
    DemoArticle,
)
from pipelines.demo_site.outlets import AGGREGATOR, Lineup, lineup
from pipelines.demo_site.rewrites import reword_title, rewrite_paragraphs
from pipelines.demo_site.slots import draw_slots, person_name
from pipelines.news.models import CASABLANCA

# Originals per outlet per local day by template, before a small random wobble (+-2).
DAILY_ORIGINALS = {"atlas": 16, "rabat": 12, "souss": 10}
# tajmi3's copies a day per three original outlets, before the wobble.
DAILY_REPUBLISHED = 10
# Share of originals another original outlet rewrites (same day .. 2 days later), and
# share it republishes verbatim with a credit line (same day).
REWRITE_RATE = 0.12
SYNDICATION_RATE = 0.025
REWRITE_DELAY_DAYS = (0, 0, 1, 2)
# Relative topic frequencies: news sites carry more politics and sport than tech.
TOPIC_WEIGHTS = {
    "politics": 14,
    "economy": 12,
    "society": 12,
    "crime": 10,
    "regions": 8,
    "sport": 14,
    "culture": 7,
    "world": 9,
    "health": 7,
    "tech": 7,
}
FIRST_ARTICLE_ID = 1001
_LAST_MINUTE = 23 * 60 + 59
# Rewrites and syndicated copies appear in working hours only (never before 06:00).
_FIRST_WORKING_MINUTE = 6 * 60
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


def build_corpus(seed: int = 7, start: date = DEMO_FIRST_DAY, days: int = DEMO_DAYS) -> Corpus:
    """The bundled site's articles (atlas, rabat, souss and tajmi3) for ``days`` Casablanca
    local days from ``start``: the site of three original outlets, oldest first."""
    return build_scaled_corpus(seed, Scale(outlets=DEMO_OUTLETS, days=days, start=start))


def build_scaled_corpus(seed: int = 7, scale: Scale | None = None) -> Corpus:
    """Every article of the site of ``scale`` (default: the bundled shape), oldest first."""
    scale = scale or Scale()
    articles = tuple(article for _, day in iter_days(seed, scale) for article in day)
    return Corpus(
        seed=seed, start=scale.start, days=scale.days, articles=articles, lineup=scale.lineup
    )


@dataclass
class _Draft:
    outlet: str
    published_local: datetime
    topic: str
    title: str
    paragraphs: tuple[str, ...]
    author: str | None
    original: _Draft | None = None
    article_id: int = 0
    slots: dict[str, str] | None = None
    role: str = ORIGINAL
    story_root: _Draft | None = None
    # The outlet a syndicated copy credits in its last line.
    credited: _Draft | None = None


def iter_days(seed: int, scale: Scale) -> Iterator[tuple[date, tuple[DemoArticle, ...]]]:
    """(local day, its articles oldest first) for each day of the site, in order.

    Deterministic: only ``random.Random(seed)`` (and, for rewrites and syndicated copies,
    ``random.Random(f"{seed}:stories")``) is consulted, never the clock or ``hash()``.
    Article ids run on from day to day.
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
        # Ids follow (time, outlet, the order the articles were drawn in: originals and
        # copies day by day, then rewrites and copies of originals in order). A day's
        # articles all come before the next day's, so each day is numbered in turn.
        drafts = [*originals, *copies, *pending.pop(day, [])]
        order = sorted(
            range(len(drafts)),
            key=lambda i: (drafts[i].published_local, outlet_order[drafts[i].outlet], i),
        )
        for rank, index in enumerate(order):
            drafts[index].article_id = next_id + rank
        next_id += len(drafts)
        yield day, tuple(_article(drafts[i], outlets) for i in order)


def _wobble(rng: random.Random, centre: int) -> int:
    return centre + rng.randint(-2, 2)


def _original_slots(rng: random.Random, outlets: Lineup) -> list[tuple[str, int]]:
    """(outlet, minute of the local day) for one day's originals.

    Mostly 06:00-23:59, but 4-6 of them per three outlets land in 00:00-00:59 and
    23:00-23:59 so that the Casablanca day and the UTC day disagree for them.
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


def _local(day: date, minute: int) -> datetime:
    # Minutes stay outside 02:00-03:00, where the spring gap / autumn fold would make a
    # wall-clock time nonexistent or ambiguous.
    return datetime.combine(day, time(minute // 60, minute % 60), tzinfo=CASABLANCA)


def _draft_original(
    rng: random.Random,
    outlet: str,
    day: date,
    minute: int,
    authors: tuple[str, ...],
    used_titles: set[str],
) -> _Draft:
    topics = list(TOPIC_WEIGHTS)
    topic = rng.choices(topics, weights=[TOPIC_WEIGHTS[t] for t in topics])[0]
    # Redraw the cast until the title is new; a handful of tries is nearly always enough.
    for _ in range(100):
        slots = draw_slots(rng)
        title = rng.choice(TITLES[topic]).format_map(slots)
        if title not in used_titles:
            break
    used_titles.add(title)
    return _Draft(
        outlet=outlet,
        published_local=_local(day, minute),
        topic=topic,
        title=title,
        paragraphs=_paragraphs(rng, topic, slots),
        author=rng.choice(authors),
        slots=slots,
    )


def _paragraphs(rng: random.Random, topic: str, slots: dict[str, str]) -> tuple[str, ...]:
    """3-7 paragraphs of 2-4 sentences, no sentence used twice in one article."""
    sizes = [rng.randint(2, 4) for _ in range(rng.randint(3, 7))]
    # A lead sentence does not open with the conjunction "و" (and).
    leads = [s for s in SENTENCES[topic] if not s.startswith("و")]
    lead = rng.choice(leads)
    # About two thirds topical, the rest topic-free filler, shuffled together.
    topical = [s for s in SENTENCES[topic] if s != lead]
    wanted = sum(sizes) - 1
    topical_count = min(len(topical), round(wanted * 0.65))
    rest = rng.sample(topical, topical_count)
    rest += rng.sample(GENERIC_SENTENCES, wanted - topical_count)
    rng.shuffle(rest)
    sentences = [lead, *rest]
    paragraphs = []
    for size in sizes:
        chosen, sentences = sentences[:size], sentences[size:]
        paragraphs.append(" ".join(s.format_map(slots) for s in chosen))
    return tuple(paragraphs)


def _draft_copy(rng: random.Random, original: _Draft) -> _Draft:
    """tajmi3 republishes an original verbatim a little later the same local day."""
    original_minute = original.published_local.hour * 60 + original.published_local.minute
    # Copies of just-after-midnight originals stay before 02:00 (see ``_local``).
    latest = 119 if original_minute < 120 else _LAST_MINUTE
    minute = min(original_minute + rng.randint(5, 90), latest)
    return _Draft(
        outlet=AGGREGATOR,
        published_local=_local(original.published_local.date(), minute),
        topic=original.topic,
        title=original.title,
        paragraphs=original.paragraphs,
        author=None,
        original=original,
        role=AGGREGATOR_COPY,
        story_root=original,
    )


def _story_drafts(
    rng: random.Random,
    originals: list[_Draft],
    authors: dict[str, tuple[str, ...]],
    outlets: Lineup,
    last_day: date,
) -> list[_Draft]:
    """Rewrites and syndicated copies of one day's originals by other original outlets.

    A rewrite may land up to two days after its original; one that would fall after the
    last day of the site is not written.
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
            title = original.title
            paragraphs = original.paragraphs
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
                credited=original if syndicated else None,
                story_root=original,
            )
        )
    return extra


def _minute_of(moment: datetime) -> int:
    return moment.hour * 60 + moment.minute


def _later_minute(rng: random.Random, original: datetime, delay_days: int) -> int:
    if delay_days > 0:
        return rng.randint(_FIRST_WORKING_MINUTE, _LAST_MINUTE)
    earliest = max(_minute_of(original) + 20, _FIRST_WORKING_MINUTE)
    return min(rng.randint(earliest, earliest + 300), _LAST_MINUTE)


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
        original_outlet=original.outlet
        if original
        else draft.credited.outlet
        if draft.credited
        else None,
        original_path=(
            outlets.outlets[original.outlet].article_path(
                original.article_id, original.published_local
            )
            if original
            else None
        ),
        credit=f"المصدر: {outlets.outlets[draft.credited.outlet].name}" if draft.credited else None,
        role=draft.role,
        story_of=draft.story_root.article_id if draft.story_root else None,
    )
