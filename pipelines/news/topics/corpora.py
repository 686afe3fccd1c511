"""Labelled third-party news corpora for training and evaluating the topic model, and their splits.

The files live outside the repository (``<repo>/../shared/data/datasets`` or
``$AKHBAR_SHARED_DATA/datasets``); their text is third-party and never copied into the repo.
Labels are mapped onto our taxonomy; categories with no faithful mapping are dropped.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TypeVar

from pipelines.news.dates import parse_date_text
from pipelines.news.shared_data import shared_data_dir
from pipelines.news.topics.model import TopicExample

T = TypeVar("T")

HESPRESS_FILE = "hespress_stories.csv.gz"
ANT_FILE = "ant_multisource_2018_05.jsonl.gz"

# Hespress section slug -> our taxonomy.
HESPRESS_TOPICS: dict[str, str] = {
    "economie": "economy",
    "faits-divers": "crime",
    "politique": "politics",
    "regions": "regions",
    "societe": "society",
    "sport": "sport",
}
# ANT category -> our taxonomy. "middleEast" is foreign news seen from the Gulf/Levant: for a
# Moroccan reader it is world news, like "internationalNews".
ANT_TOPICS: dict[str, str] = {
    "internationalNews": "world",
    "middleEast": "world",
    "sport": "sport",
    "economy": "economy",
    "technology": "tech",
    "culture": "culture",
}
ANT_OUTLETS = ("alarabia", "BBC", "CNN", "france24", "skynews")


@dataclass(frozen=True)
class CorpusArticle:
    """One labelled article of a corpus.

    ``published`` is timezone-aware (UTC); ``outlet`` is spelled as the file spells it.
    """

    id: str
    title: str
    body: str
    label: str
    published: datetime
    outlet: str

    @property
    def example(self) -> TopicExample:
        """The article as the topic model sees it."""
        return TopicExample(title=self.title, body=self.body, label=self.label)


def datasets_dir() -> Path:
    """The labelled news datasets (third-party, outside the repository)."""
    return shared_data_dir() / "datasets"


def load_hespress(path: Path) -> list[CorpusArticle]:
    """Hespress stories (CSV, gzip) with their section mapped to our topics, in file order.

    The ``date`` column is Morocco local time with Moroccan month names ("السبت 03 أكتوبر 2020 -
    07:50"); it is parsed with :func:`pipelines.news.dates.parse_date_text` into UTC.
    """
    with gzip.open(path, "rt", encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(io.StringIO(handle.read()))
        rows = []
        for record in reader:
            published = parse_date_text(record["date"])
            if published is None or published.moment is None:
                raise ValueError(f"unparsable Hespress date {record['date']!r} ({record['id']})")
            rows.append(
                CorpusArticle(
                    id=record["id"],
                    title=record["title"],
                    body=record["story"],
                    label=HESPRESS_TOPICS[record["topic"]],
                    published=published.moment,
                    outlet="hespress",
                )
            )
    return rows


def hespress_time_split(
    rows: Sequence[CorpusArticle], train_share: float = 0.7
) -> tuple[list[TopicExample], list[TopicExample]]:
    """(train, test) examples: each topic's oldest ``train_share`` by time, then the rest.

    Within each topic, not one date cut: the topics cover different months (each holds its
    latest 1,000 stories), so a global cut would leave whole classes out of train or test.
    Ties are broken by id so the split is deterministic.
    """
    ordered = sorted(rows, key=lambda r: (r.published, r.id))
    train, test = split_within_label(ordered, lambda r: r.label, train_share)
    return [r.example for r in train], [r.example for r in test]


def split_within_label(
    rows_in_time_order: Sequence[T], label_of: Callable[[T], str], train_share: float = 0.7
) -> tuple[list[T], list[T]]:
    """(train, test): for each label, its oldest ``train_share`` of rows, then the newest rest.
    A random split would hide drift; one date cut for all labels would drop whole classes."""
    by_label: dict[str, list[T]] = defaultdict(list)
    for row in rows_in_time_order:
        by_label[label_of(row)].append(row)
    train: list[T] = []
    test: list[T] = []
    for label in sorted(by_label):
        cut = round(len(by_label[label]) * train_share)
        train.extend(by_label[label][:cut])
        test.extend(by_label[label][cut:])
    return train, test


def load_ant(path: Path) -> list[CorpusArticle]:
    """ANT multi-source articles (JSON lines, gzip) whose category maps to our taxonomy.

    The body is the abstract's text when ``text`` is empty; ``published`` comes from the
    RFC-822 ``time`` at its own stated offset, converted to UTC.
    """
    from email.utils import parsedate_to_datetime

    rows = []
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            label = ANT_TOPICS.get(record["category"] or "")
            if label is None:
                continue
            rows.append(
                CorpusArticle(
                    id=record["docno"],
                    title=record["title"] or "",
                    body=record["text"] or record["abstract"] or "",
                    label=label,
                    published=parsedate_to_datetime(record["time"]),
                    outlet=record["source"],
                )
            )
    return rows


def ant_outlet_split(
    rows: Sequence[CorpusArticle], test_outlet: str
) -> tuple[list[TopicExample], list[TopicExample]]:
    """(train, test) examples: the other outlets' articles, then ``test_outlet``'s (file order)."""
    if not any(r.outlet == test_outlet for r in rows):
        raise ValueError(f"no articles from outlet {test_outlet!r}")
    train = [r.example for r in rows if r.outlet != test_outlet]
    test = [r.example for r in rows if r.outlet == test_outlet]
    return train, test
