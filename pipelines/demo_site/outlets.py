"""The fictional outlets of the demo site: keys, names, section labels, URL schemes.

The bundled site has four (``OUTLETS``); their names, aliases and section labels repeat
``pipelines/sources/demo.yaml`` (the site must stay standard-library only, so it cannot read
YAML); ``tests/demo_site`` checks the two agree. A scaled site (``lineup``) adds outlets that
reuse the three original templates in turn, each with its own key, name and ``o/<key>/``.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import datetime
from functools import cached_property
from typing import ClassVar

TOPICS: tuple[str, ...] = (
    "politics",
    "economy",
    "society",
    "crime",
    "regions",
    "sport",
    "culture",
    "world",
    "health",
    "tech",
)


@dataclass(frozen=True)
class OutletSpec:
    key: str
    name: str
    # The outlet's own section label for each topic, in the registry's order.
    sections: tuple[tuple[str, str], ...]
    # The template its pages are drawn with (``templates.TEMPLATES``): atlas, rabat, souss
    # or tajmi3. It also decides the URL scheme, the feed, the labels and the charset.
    template: str
    # Other names it goes by (how an aggregator may write it), as in the registry.
    aliases: tuple[str, ...] = ()
    # The outlet's RSS feed, relative to ``o/<key>/``; None when it has none.
    feed: str | None = None
    # How its HTML pages are encoded (as declared in the page and understood by Python).
    charset: str = "utf-8"

    @property
    def base_path(self) -> str:
        return f"o/{self.key}/"

    def label_for(self, topic: str) -> str:
        for label, label_topic in self.sections:
            if label_topic == topic:
                return label
        raise KeyError(f"{self.key} has no section for topic {topic!r}")

    def topic_for(self, label: str) -> str | None:
        return dict(self.sections).get(label)

    def article_path(self, article_id: int, published_local: datetime) -> str:
        """Site-relative path of an article, in its template's URL scheme; the atlas
        template puts the local publish date in it."""
        if self.template == "atlas":
            return f"{self.base_path}{published_local:%Y/%m/%d}/{article_id}.html"
        if self.template == "rabat":
            return f"{self.base_path}news/{article_id}"
        if self.template == "souss":
            return f"{self.base_path}?p={article_id}"
        return f"{self.base_path}news/{article_id}.html"


def _sections(*labels: str) -> tuple[tuple[str, str], ...]:
    return tuple(zip(labels, TOPICS, strict=True))


ATLAS = OutletSpec(
    key="atlas",
    name="أطلس 24",
    template="atlas",
    aliases=("أطلس24", "atlas24", "atlas24.ma"),
    sections=_sections(
        "politique",
        "economie",
        "societe",
        "faits-divers",
        "regions",
        "sport",
        "art-et-culture",
        "international",
        "sante",
        "tech",
    ),
    feed="rss.xml",
)
RABAT = OutletSpec(
    key="rabat",
    name="صدى الرباط",
    template="rabat",
    aliases=("sada-rabat", "sadarabat.ma"),
    sections=_sections(
        "سياسة", "اقتصاد", "مجتمع", "حوادث", "جهات", "رياضة", "ثقافة", "دولي", "صحة", "تكنولوجيا"
    ),
    # Declared only in <meta http-equiv>; the HTTP header names no charset.
    charset="windows-1256",
)
SOUSS = OutletSpec(
    key="souss",
    name="سوس بريس",
    template="souss",
    aliases=("souss-press", "soussplus.ma"),
    sections=_sections(
        "أخبار سياسية",
        "مال وأعمال",
        "مجتمع",
        "حوادث وجرائم",
        "جهات",
        "رياضة",
        "ثقافة وفنون",
        "دوليات",
        "صحة",
        "تقنية",
    ),
    feed="feed.xml",
)
TAJMI3 = OutletSpec(
    key="tajmi3",
    name="تجميع",
    template="tajmi3",
    aliases=("tajmi3.ma",),
    sections=_sections(
        "سياسة",
        "اقتصاد",
        "مجتمع",
        "حوادث",
        "جهات",
        "رياضة",
        "فن وثقافة",
        "العالم",
        "صحة",
        "علوم وتكنولوجيا",
    ),
)

OUTLETS: dict[str, OutletSpec] = {o.key: o for o in (ATLAS, RABAT, SOUSS, TAJMI3)}
# Outlets that write their own articles; tajmi3 only republishes theirs.
ORIGINAL_OUTLETS: tuple[str, ...] = ("atlas", "rabat", "souss")
AGGREGATOR = "tajmi3"


@dataclass(frozen=True)
class Lineup:
    """The outlets of one demo site: its original outlets in order, then the aggregator."""

    originals: tuple[OutletSpec, ...]
    # Every demo site has the one aggregator; the corpus gives its copies this key.
    aggregator: ClassVar[OutletSpec] = TAJMI3

    @cached_property
    def outlets(self) -> dict[str, OutletSpec]:
        """Every outlet by key: the originals in order, the aggregator last."""
        return {o.key: o for o in (*self.originals, self.aggregator)}

    @property
    def original_keys(self) -> tuple[str, ...]:
        return tuple(o.key for o in self.originals)

    def __iter__(self) -> Iterator[OutletSpec]:
        return iter(self.outlets.values())


# The bundled site: atlas, rabat, souss and tajmi3.
DEFAULT_LINEUP = Lineup((ATLAS, RABAT, SOUSS))
# The templates extra outlets reuse, in turn: the 4th outlet is drawn like atlas, the 5th
# like rabat, the 6th like souss, the 7th like atlas again...
ORIGINAL_TEMPLATES: tuple[OutletSpec, ...] = (ATLAS, RABAT, SOUSS)
# Keys and names of the outlets a scaled site adds, in order. Past the end of the list they
# come round again with a number: "fes2" / "فاس بريس 2".
EXTRA_OUTLETS: tuple[tuple[str, str], ...] = (
    ("fes", "فاس بريس"),
    ("tanja", "طنجة 24"),
    ("marrakech", "مراكش الآن"),
    ("oujda", "وجدة سيتي"),
    ("meknes", "مكناس نيوز"),
    ("agadir", "أكادير أنفو"),
    ("tetouan", "صوت تطوان"),
    ("rif", "الريف ميديا"),
    ("draa", "درعة 24"),
)


def lineup(originals: int) -> Lineup:
    """``originals`` original outlets and the aggregator.

    Up to three: the first of atlas, rabat and souss (three is the bundled site). Each
    further outlet copies the template it reuses (section labels, feed, charset, URL
    scheme) under its own key, name and ``o/<key>/``.
    """
    if originals < 1:
        raise ValueError(f"a demo site needs at least one original outlet, not {originals}")
    specs = list(ORIGINAL_TEMPLATES[:originals])
    for index in range(len(ORIGINAL_TEMPLATES), originals):
        extra = index - len(ORIGINAL_TEMPLATES)
        key, name = EXTRA_OUTLETS[extra % len(EXTRA_OUTLETS)]
        lap = extra // len(EXTRA_OUTLETS) + 1
        if lap > 1:
            key, name = f"{key}{lap}", f"{name} {lap}"
        template = ORIGINAL_TEMPLATES[index % len(ORIGINAL_TEMPLATES)]
        specs.append(replace(template, key=key, name=name, aliases=(f"{key}.ma",)))
    return Lineup(tuple(specs))
