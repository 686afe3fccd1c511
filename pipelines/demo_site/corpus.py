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
from zoneinfo import ZoneInfo

from pipelines.demo_site.banks import GENERIC_SENTENCES, SENTENCES, TITLES
from pipelines.demo_site.outlets import AGGREGATOR, ORIGINAL_OUTLETS, OUTLETS
from pipelines.demo_site.slots import draw_slots, person_name

CASABLANCA = ZoneInfo("Africa/Casablanca")

# The bundled history: 60 Casablanca local days, both ends inclusive.
DEMO_FIRST_DAY = date(2026, 2, 1)
DEMO_DAYS = 60
DEMO_LAST_DAY = DEMO_FIRST_DAY + timedelta(days=DEMO_DAYS - 1)

# Originals per outlet per local day, before a small random wobble (+-2).
DAILY_ORIGINALS = {"atlas": 16, "rabat": 12, "souss": 10}
DAILY_REPUBLISHED = 10
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

    @property
    def local_day(self) -> date:
        return self.published_local.date()

    @property
    def body(self) -> str:
        return "\n\n".join(self.paragraphs)


@dataclass(frozen=True)
class Corpus:
    seed: int
    start: date
    days: int
    articles: tuple[DemoArticle, ...]  # oldest first

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
        return {key: tuple(grouped[key]) for key in OUTLETS}

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


def build_corpus(seed: int = 7, start: date = DEMO_FIRST_DAY, days: int = DEMO_DAYS) -> Corpus:
    """All articles of all outlets for ``days`` Casablanca local days from ``start``.

    Deterministic: only ``random.Random(seed)`` is consulted, never the clock or ``hash()``.
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
    )


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
    )
