"""The demo site's stories: rewrites and syndicated copies, and the story id of every article."""

import re
from collections import Counter, defaultdict
from datetime import timedelta
from itertools import pairwise

import pytest

from pipelines.demo_site.corpus import (
    AGGREGATOR_COPY,
    ORIGINAL,
    REWRITE,
    SYNDICATED_COPY,
    Corpus,
    DemoArticle,
)
from pipelines.demo_site.generator import build_corpus
from pipelines.demo_site.outlets import ORIGINAL_OUTLETS, OUTLETS
from pipelines.demo_site.truth import truth_records

SITE = "http://127.0.0.1:8765/"
_SENTENCE_END = re.compile(r"(?<=[.!؟?])\s+")


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    return build_corpus()


def _original(corpus: Corpus, article: DemoArticle) -> DemoArticle:
    by_id = {a.id: a for a in corpus.articles}
    assert article.story_of is not None
    return by_id[article.story_of]


def _sentences(article: DemoArticle) -> list[str]:
    return [s for p in article.paragraphs for s in _SENTENCE_END.split(p)]


def test_every_truth_record_names_its_story(corpus: Corpus) -> None:
    records = truth_records(corpus, SITE)
    assert all(str(r["story_id"]).startswith("s-") for r in records)
    ids = {a.path: a.story_id for a in corpus.articles}
    for record, article in zip(records, corpus.articles, strict=True):
        assert record["story_id"] == ids[article.path]
    # An original names its own story; each copy or rewrite names its original's.
    for article in corpus.articles:
        if article.role == ORIGINAL:
            assert article.story_id == f"s-{article.id}"
        else:
            original = _original(corpus, article)
            assert original.role == ORIGINAL and article.story_id == original.story_id


def test_about_one_original_in_eight_is_rewritten_by_another_outlet(corpus: Corpus) -> None:
    roles = Counter(a.role for a in corpus.articles)
    assert 0.10 <= roles[REWRITE] / roles[ORIGINAL] <= 0.15
    assert roles[SYNDICATED_COPY] >= 20 and roles[AGGREGATOR_COPY] > 0


def test_rewrites_reword_the_title_and_keep_most_of_the_body(corpus: Corpus) -> None:
    delays: Counter[int] = Counter()
    for rewrite in (a for a in corpus.articles if a.role == REWRITE):
        original = _original(corpus, rewrite)
        assert rewrite.outlet in ORIGINAL_OUTLETS and rewrite.outlet != original.outlet
        assert rewrite.title != original.title and rewrite.author != original.author
        assert rewrite.topic == original.topic
        assert rewrite.section == OUTLETS[rewrite.outlet].label_for(rewrite.topic)
        assert rewrite.published_local > original.published_local
        delays[(rewrite.local_day - original.local_day).days] += 1
        assert len(rewrite.paragraphs) == len(original.paragraphs)
        kept = set(_sentences(original)) & set(_sentences(rewrite))
        assert len(kept) >= 0.5 * len(_sentences(original))
        assert set(_sentences(rewrite)) - set(_sentences(original))  # reworded or added
    assert set(delays) == {0, 1, 2}


def test_syndicated_copies_are_verbatim_with_a_credit_line(corpus: Corpus) -> None:
    for copy in (a for a in corpus.articles if a.role == SYNDICATED_COPY):
        original = _original(corpus, copy)
        assert copy.outlet in ORIGINAL_OUTLETS and copy.outlet != original.outlet
        assert copy.title == original.title and copy.local_day == original.local_day
        assert copy.paragraphs == original.paragraphs
        assert copy.credit == f"المصدر: {OUTLETS[original.outlet].name}"
        assert copy.section == OUTLETS[copy.outlet].label_for(copy.topic)
        # The credit names the original outlet; only the aggregator's pages link to it.
        assert copy.original_outlet == original.outlet and copy.original_path is None


def test_same_topic_articles_share_filler_yet_are_separate_stories(corpus: Corpus) -> None:
    by_day_topic: dict[tuple[object, str], list[DemoArticle]] = defaultdict(list)
    for article in corpus.articles:
        if article.role == ORIGINAL:
            by_day_topic[(article.local_day, article.topic)].append(article)
    shared = 0
    for group in by_day_topic.values():
        for first, second in pairwise(group):
            if set(_sentences(first)) & set(_sentences(second)):
                shared += 1
                assert first.story_id != second.story_id
    assert shared > 100


def test_rewrites_and_copies_stay_inside_the_history(corpus: Corpus) -> None:
    last = corpus.start + timedelta(days=corpus.days - 1)
    assert all(corpus.start <= a.local_day <= last for a in corpus.articles)
    assert [a.published_local for a in corpus.articles] == sorted(
        a.published_local for a in corpus.articles
    )
