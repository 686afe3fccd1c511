"""The four fictional outlets of the demo site: keys, names, section labels, URL schemes.

The names and section labels repeat ``pipelines/sources/demo.yaml`` (the site must stay
standard-library only, so it cannot read YAML); ``tests/demo_site`` checks the two agree.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

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
        """Site-relative path of an article; atlas puts the local publish date in it."""
        if self.key == "atlas":
            return f"o/atlas/{published_local:%Y/%m/%d}/{article_id}.html"
        if self.key == "rabat":
            return f"o/rabat/news/{article_id}"
        if self.key == "souss":
            return f"o/souss/?p={article_id}"
        return f"o/{self.key}/news/{article_id}.html"


def _sections(*labels: str) -> tuple[tuple[str, str], ...]:
    return tuple(zip(labels, TOPICS, strict=True))


ATLAS = OutletSpec(
    key="atlas",
    name="أطلس 24",
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
    sections=_sections(
        "سياسة", "اقتصاد", "مجتمع", "حوادث", "جهات", "رياضة", "ثقافة", "دولي", "صحة", "تكنولوجيا"
    ),
    # Declared only in <meta http-equiv>; the HTTP header names no charset.
    charset="windows-1256",
)
SOUSS = OutletSpec(
    key="souss",
    name="سوس بريس",
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
