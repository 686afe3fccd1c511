"""The demo site's articles as records: ``DemoArticle``, ``Corpus``, and the bundled shape.

The articles themselves are drawn by ``generator`` (``build_corpus`` for the bundled site,
``build_scaled_corpus`` / ``iter_days`` for a site of any size).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cached_property

from pipelines.demo_site.outlets import DEFAULT_LINEUP, ORIGINAL_TEMPLATES, Lineup

# The bundled site: its three original outlets (atlas, rabat, souss; tajmi3 besides) over
# 60 Casablanca local days, both ends inclusive.
DEMO_OUTLETS = len(ORIGINAL_TEMPLATES)
DEMO_FIRST_DAY = date(2026, 2, 1)
DEMO_DAYS = 60
DEMO_LAST_DAY = DEMO_FIRST_DAY + timedelta(days=DEMO_DAYS - 1)

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
    # A syndicated copy's source credit ("المصدر: <outlet>"), shown after the text; not body.
    credit: str | None = None
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
