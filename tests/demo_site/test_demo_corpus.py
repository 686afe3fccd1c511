"""The demo site's articles and ground truth, without HTTP."""

import io
import json
from collections import Counter
from datetime import UTC, date, timedelta

import pytest

from pipelines.demo_site.corpus import (
    DEMO_FIRST_DAY,
    DEMO_LAST_DAY,
    ORIGINAL,
    Corpus,
)
from pipelines.demo_site.generator import build_corpus
from pipelines.demo_site.outlets import OUTLETS, TOPICS
from pipelines.demo_site.truth import export_truth, truth_records
from pipelines.news.sources import load_registry

SITE = "http://127.0.0.1:8765/"
TRUTH_KEYS = {
    "url", "outlet", "original_outlet", "original_url", "title", "published", "local_day",
    "section", "topic", "author", "body", "story_id",
}  # fmt: skip


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    return build_corpus()


def test_same_seed_builds_the_same_corpus_and_another_seed_does_not(corpus: Corpus) -> None:
    assert build_corpus(7) == corpus
    other = build_corpus(8)
    assert {a.title for a in other.articles} != {a.title for a in corpus.articles}


def test_history_is_60_local_days_of_about_50_articles(corpus: Corpus) -> None:
    per_day = Counter(a.local_day for a in corpus.articles)
    assert sorted(per_day) == [DEMO_FIRST_DAY + timedelta(days=i) for i in range(60)]
    assert DEMO_LAST_DAY == date(2026, 4, 1)
    assert 40 <= len(corpus.articles) / 60 <= 60
    assert len(set(per_day.values())) > 3  # daily volume varies a little
    per_outlet = Counter(a.outlet for a in corpus.articles)
    assert per_outlet["atlas"] > per_outlet["rabat"] > per_outlet["souss"] > 0
    assert per_outlet["tajmi3"] > 0


def test_every_outlet_covers_every_topic(corpus: Corpus) -> None:
    covered = {(a.outlet, a.topic) for a in corpus.articles}
    assert covered == {(outlet, topic) for outlet in OUTLETS for topic in TOPICS}


def test_every_day_has_articles_in_its_first_and_last_local_hour(corpus: Corpus) -> None:
    for day in corpus.local_days:
        hours = Counter(a.published_local.hour for a in corpus.articles if a.local_day == day)
        assert hours[0] >= 2 and hours[23] >= 2, day
    # So the Casablanca day and the UTC day disagree for some articles.
    assert any(a.published_local.astimezone(UTC).date() != a.local_day for a in corpus.articles)


def test_offsets_follow_the_2026_casablanca_clock_changes(corpus: Corpus) -> None:
    offsets = {a.local_day: a.published_local.utcoffset() for a in corpus.articles}
    assert offsets[date(2026, 2, 14)] == timedelta(hours=1)
    assert offsets[date(2026, 2, 20)] == timedelta(0)
    assert offsets[date(2026, 3, 20)] == timedelta(0)
    assert offsets[date(2026, 3, 25)] == timedelta(hours=1)


def test_original_titles_are_unique_and_bodies_are_3_to_7_paragraphs(corpus: Corpus) -> None:
    # Syndicated copies repeat their original's title and add a credit paragraph.
    originals = [a for a in corpus.articles if a.role == ORIGINAL]
    assert len({a.title for a in originals}) >= 0.99 * len(originals)
    for article in originals:
        assert 3 <= len(article.paragraphs) <= 7
        assert article.author


def test_republished_copies_are_verbatim_same_day_and_date_only(corpus: Corpus) -> None:
    copies = [a for a in corpus.articles if a.outlet == "tajmi3"]
    assert copies
    for copy in copies:
        assert copy.original_path is not None
        original = corpus.by_path[copy.original_path]
        assert original.outlet == copy.original_outlet != "tajmi3"
        assert (copy.title, copy.paragraphs, copy.topic) == (
            original.title,
            original.paragraphs,
            original.topic,
        )
        assert copy.local_day == original.local_day
        assert copy.published_local >= original.published_local
        assert copy.date_only and copy.author is None
        assert copy.section == OUTLETS["tajmi3"].label_for(copy.topic)


def test_outlets_agree_with_the_source_registry(corpus: Corpus) -> None:
    registry = load_registry(site_url=SITE)
    # The demo covers 10 of the taxonomy's topics (no religion or diaspora desk).
    assert set(TOPICS) <= set(registry.topics)
    for outlet in registry.outlets:
        spec = OUTLETS[outlet.key]
        assert spec.name == outlet.name
        assert dict(spec.sections) == dict(outlet.sections)
    for article in corpus.articles:
        assert registry.topic_for_section(article.outlet, article.section) == article.topic


def test_all_text_fits_windows_1256(corpus: Corpus) -> None:
    for article in corpus.by_outlet["rabat"]:
        (article.title + article.body + (article.author or "")).encode("cp1256")


def test_truth_records_carry_exactly_the_spec_keys(corpus: Corpus) -> None:
    records = truth_records(corpus, SITE)
    assert len(records) == len(corpus.articles)
    assert all(set(r) == TRUTH_KEYS for r in records)
    original = next(r for r in records if r["outlet"] == "atlas" and r["local_day"] == "2026-03-01")
    assert str(original["published"]).endswith("+00:00")
    assert str(original["url"]).startswith(SITE + "o/atlas/2026/03/01/")
    assert original["original_outlet"] is None and original["original_url"] is None
    copy = next(r for r in records if r["outlet"] == "tajmi3")
    assert copy["published"] == copy["local_day"]
    assert str(copy["original_url"]).startswith(SITE + "o/")
    assert copy["author"] is None


def test_export_truth_writes_one_readable_json_line_per_article(corpus: Corpus) -> None:
    out = io.StringIO()
    count = export_truth(SITE, out)
    lines = out.getvalue().splitlines()
    assert count == len(lines) == len(corpus.articles)
    assert json.loads(lines[0]) == truth_records(corpus, SITE)[0]
    assert "\\u" not in lines[0]  # Arabic is written as is
