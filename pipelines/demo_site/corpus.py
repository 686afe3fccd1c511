"""The demo site's articles: a deterministic function of (seed, start, days).

Publish times are Africa/Casablanca wall-clock times built through ``zoneinfo``; the range
2026-02-01 .. 2026-04-01 crosses both 2026 clock changes (UTC+1 -> UTC+0 on 2026-02-15,
back on 2026-03-22), so a fixed offset would put articles on the wrong day.
"""

from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import cached_property

from pipelines.demo_site.banks import GENERIC_SENTENCES, SENTENCES, TITLES
from pipelines.demo_site.outlets import (
    AGGREGATOR,
    DEFAULT_LINEUP,
    ORIGINAL_OUTLETS,
    OUTLETS,
    Lineup,
)
from pipelines.demo_site.rewrites import reword_title, rewrite_paragraphs
from pipelines.demo_site.slots import draw_slots, person_name
from pipelines.news.models import CASABLANCA

# The bundled history: 60 Casablanca local days, both ends inclusive.
DEMO_FIRST_DAY = date(2026, 2, 1)
DEMO_DAYS = 60
DEMO_LAST_DAY = DEMO_FIRST_DAY + timedelta(days=DEMO_DAYS - 1)

# Originals per outlet per local day, before a small random wobble (+-2).
DAILY_ORIGINALS = {"atlas": 16, "rabat": 12, "souss": 10}
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

# What an article is to its story (``DemoArticle.role``).
ORIGINAL = "original"
AGGREGATOR_COPY = "aggregator_copy"
SYNDICATED_COPY = "syndicated_copy"
REWRITE = "rewrite"


@dataclass(frozen=True)
class DemoArticle:
    """One page of the demo site.

    ``published_local`` is aware, in Africa/Casablanca. For tajmi3 copies it is the
    aggregator's own (hidden) time; the page shows only the date, hence ``date_only``.
    """

    id: int
    outlet: str
    path: str  # relative to the site root, no leading slash
    title: str
    published_local: datetime
    date_only: bool
    section: str  # the outlet's own label
    topic: str
    author: str | None
    paragraphs: tuple[str, ...]
    original_outlet: str | None = None
    original_path: str | None = None
    role: str = ORIGINAL
    # Id of the article that started this one's story (None: it started it itself).
    story_of: int | None = None

    @property
    def local_day(self) -> date:
        return self.published_local.date()

    @property
    def story_id(self) -> str:
        """Shared by an original, its aggregator and syndicated copies and its rewrites."""
        return f"s-{self.story_of if self.story_of is not None else self.id}"

    @property
    def body(self) -> str:
        return "\n\n".join(self.paragraphs)


@dataclass(frozen=True)
class Corpus:
    seed: int
    start: date
    days: int
    articles: tuple[DemoArticle, ...]  # oldest first
    # The outlets the articles belong to (a scaled site has more than the bundled four).
    lineup: Lineup = DEFAULT_LINEUP

    @property
    def local_days(self) -> tuple[date, ...]:
        return tuple(self.start + timedelta(days=i) for i in range(self.days))

    @cached_property
    def by_path(self) -> dict[str, DemoArticle]:
        return {a.path: a for a in self.articles}

    @cached_property
    def by_outlet(self) -> dict[str, tuple[DemoArticle, ...]]:
        grouped: dict[str, list[DemoArticle]] = defaultdict(list)
        for article in self.articles:
            grouped[article.outlet].append(article)
        return {key: tuple(grouped[key]) for key in self.lineup.outlets}

    @cached_property
    def by_outlet_topic(self) -> dict[tuple[str, str], tuple[DemoArticle, ...]]:
        grouped: dict[tuple[str, str], list[DemoArticle]] = defaultdict(list)
        for article in self.articles:
            grouped[(article.outlet, article.topic)].append(article)
        return {key: tuple(group) for key, group in grouped.items()}

    @cached_property
    def by_outlet_day(self) -> dict[tuple[str, date], tuple[DemoArticle, ...]]:
        grouped: dict[tuple[str, date], list[DemoArticle]] = defaultdict(list)
        for article in self.articles:
            grouped[(article.outlet, article.local_day)].append(article)
        return {key: tuple(group) for key, group in grouped.items()}

    @cached_property
    def position(self) -> dict[int, int]:
        """Article id -> index within its outlet's oldest-first list."""
        return {a.id: i for group in self.by_outlet.values() for i, a in enumerate(group)}


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


def build_corpus(seed: int = 7, start: date = DEMO_FIRST_DAY, days: int = DEMO_DAYS) -> Corpus:
    """All articles of all outlets for ``days`` Casablanca local days from ``start``.

    Deterministic: only ``random.Random(seed)`` (and, for rewrites and syndicated copies,
    ``random.Random(f"{seed}:stories")``) is consulted, never the clock or ``hash()``.
    """
    rng = random.Random(seed)
    authors = {
        key: tuple(person_name(rng, female=rng.random() < 0.4) for _ in range(6))
        for key in ORIGINAL_OUTLETS
    }
    used_titles: set[str] = set()
    drafts: list[_Draft] = []
    for offset in range(days):
        day = start + timedelta(days=offset)
        originals = [
            _draft_original(rng, outlet, day, minute, authors[outlet], used_titles)
            for outlet, minute in _original_slots(rng)
        ]
        copies = [
            _draft_copy(rng, original)
            for original in rng.sample(
                originals, min(len(originals), _wobble(rng, DAILY_REPUBLISHED))
            )
        ]
        drafts.extend(originals)
        drafts.extend(copies)
    # Drawn from their own generator so that adding them left every other article as it was.
    drafts.extend(_story_drafts(random.Random(f"{seed}:stories"), drafts, authors, start, days))

    outlet_order = {key: i for i, key in enumerate(OUTLETS)}
    order = sorted(
        range(len(drafts)),
        key=lambda i: (drafts[i].published_local, outlet_order[drafts[i].outlet], i),
    )
    for rank, index in enumerate(order):
        drafts[index].article_id = FIRST_ARTICLE_ID + rank
    articles = tuple(_article(drafts[i]) for i in order)
    return Corpus(seed=seed, start=start, days=days, articles=articles)


def _wobble(rng: random.Random, centre: int) -> int:
    return centre + rng.randint(-2, 2)


def _original_slots(rng: random.Random) -> list[tuple[str, int]]:
    """(outlet, minute of the local day) for one day's originals.

    Mostly 06:00-23:59, but a few land in 00:00-00:59 and 23:00-23:59 so that the
    Casablanca day and the UTC day disagree for them.
    """
    outlets = [key for key in ORIGINAL_OUTLETS for _ in range(_wobble(rng, DAILY_ORIGINALS[key]))]
    minutes = [rng.randint(6 * 60, _LAST_MINUTE) for _ in outlets]
    boundary = rng.sample(range(len(outlets)), rng.randint(2, 3) + rng.randint(2, 3))
    for count, index in enumerate(boundary):
        minutes[index] = (
            rng.randint(0, 59) if count % 2 == 0 else rng.randint(23 * 60, _LAST_MINUTE)
        )
    return list(zip(outlets, minutes, strict=True))


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
    drafts: list[_Draft],
    authors: dict[str, tuple[str, ...]],
    start: date,
    days: int,
) -> list[_Draft]:
    """Rewrites and syndicated copies of some originals by another original outlet.

    A rewrite may land up to two days after its original; one that would fall after the
    bundled history is not written.
    """
    last_day = start + timedelta(days=days - 1)
    extra: list[_Draft] = []
    for original in [d for d in drafts if d.role == ORIGINAL]:
        draw = rng.random()
        if draw >= REWRITE_RATE + SYNDICATION_RATE:
            continue
        outlet = rng.choice([key for key in ORIGINAL_OUTLETS if key != original.outlet])
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
            name = OUTLETS[original.outlet].name
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


def _minute_of(moment: datetime) -> int:
    return moment.hour * 60 + moment.minute


def _later_minute(rng: random.Random, original: datetime, delay_days: int) -> int:
    if delay_days > 0:
        return rng.randint(_FIRST_WORKING_MINUTE, _LAST_MINUTE)
    earliest = max(_minute_of(original) + 20, _FIRST_WORKING_MINUTE)
    return min(rng.randint(earliest, earliest + 300), _LAST_MINUTE)


def _article(draft: _Draft) -> DemoArticle:
    outlet = OUTLETS[draft.outlet]
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
            OUTLETS[original.outlet].article_path(original.article_id, original.published_local)
            if original
            else None
        ),
        role=draft.role,
        story_of=draft.story_root.article_id if draft.story_root else None,
    )
