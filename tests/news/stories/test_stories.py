"""Story clustering on the demo corpus (its truth story ids) and on small built cases."""

import random
from collections import defaultdict
from datetime import date, timedelta

import pytest

from pipelines.demo_site.banks import GENERIC_SENTENCES
from pipelines.demo_site.corpus import (
    AGGREGATOR_COPY,
    ORIGINAL,
    REWRITE,
    Corpus,
    DemoArticle,
)
from pipelines.demo_site.generator import build_corpus
from pipelines.demo_site.truth import story_article
from pipelines.news.stories.clustering import (
    DEFAULT_STORY_PARAMS,
    StoryArticle,
    assign_stories,
    cluster_day,
    pair_scores,
)
from pipelines.news.stories.ticker_matching import ticker_story_counts
from pipelines.news.stories.window import stories_for_days

DAYS = 10


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    return build_corpus(days=DAYS)


def _by_day(corpus: Corpus) -> dict[date, list[StoryArticle]]:
    grouped: dict[date, list[StoryArticle]] = defaultdict(list)
    for article in corpus.articles:
        grouped[article.local_day].append(story_article(article))
    return grouped


@pytest.fixture(scope="module")
def predicted(corpus: Corpus) -> dict[str, str]:
    return stories_for_days(_by_day(corpus))


def _lookback(
    corpus: Corpus, day: date, predicted: dict[str, str]
) -> list[tuple[StoryArticle, str]]:
    return [
        (story_article(a), predicted[a.path])
        for a in corpus.articles
        if day - timedelta(days=DEFAULT_STORY_PARAMS.lookback_days) <= a.local_day < day
    ]


def test_pair_precision_and_recall_meet_the_issue_targets(
    corpus: Corpus, predicted: dict[str, str]
) -> None:
    truth = {a.path: a.story_id for a in corpus.articles}
    scores = pair_scores(predicted, truth)
    assert scores.true_pairs > 100  # copies, syndicated copies and rewrites are there
    assert scores.precision >= 0.98
    assert scores.recall >= 0.95


def test_unrelated_same_topic_articles_sharing_filler_stay_apart(
    corpus: Corpus, predicted: dict[str, str]
) -> None:
    originals = [a for a in corpus.articles if a.role == ORIGINAL]
    sharing = [
        (first, second)
        for i, first in enumerate(originals)
        for second in originals[i + 1 : i + 40]
        if first.topic == second.topic
        and len(_filler(first) & _filler(second)) >= 2
        and first.local_day == second.local_day
    ]
    assert len(sharing) > 20
    for first, second in sharing:
        assert predicted[first.path] != predicted[second.path], (first.title, second.title)


def _filler(article: DemoArticle) -> set[str]:
    return {s for s in GENERIC_SENTENCES if "{" not in s and s in article.body}


def test_an_aggregator_copy_a_rewrite_and_the_original_form_one_story(
    corpus: Corpus, predicted: dict[str, str]
) -> None:
    roles: dict[str, dict[str, list[DemoArticle]]] = defaultdict(lambda: defaultdict(list))
    for article in corpus.articles:
        roles[article.story_id][article.role].append(article)
    full = [
        story
        for story in roles.values()
        if story[ORIGINAL] and story[AGGREGATOR_COPY] and story[REWRITE]
    ]
    assert full
    for story in full:
        members = [a for group in story.values() for a in group]
        assert len({predicted[a.path] for a in members}) == 1, [a.title for a in members]


def test_a_day_article_joins_a_story_started_two_days_before(
    corpus: Corpus, predicted: dict[str, str]
) -> None:
    by_id = {a.id: a for a in corpus.articles}
    late = next(
        a
        for a in corpus.articles
        if a.role == REWRITE
        and a.story_of is not None
        and a.local_day - by_id[a.story_of].local_day == timedelta(days=2)
    )
    original = by_id[late.story_of or 0]
    day = [story_article(a) for a in corpus.articles if a.local_day == late.local_day]
    lookback = _lookback(corpus, late.local_day, predicted)
    # The lookback's ids are given: a day article that joins one takes it as it is.
    given = [(article, f"given-{story}") for article, story in lookback]
    assigned = assign_stories(day, given)
    assert assigned[late.path] == f"given-{predicted[original.path]}"


def test_shuffled_input_gives_the_same_story_ids(corpus: Corpus, predicted: dict[str, str]) -> None:
    day = DEMO_DAY = corpus.start + timedelta(days=5)
    articles = [story_article(a) for a in corpus.articles if a.local_day == DEMO_DAY]
    lookback = _lookback(corpus, day, predicted)
    expected = assign_stories(articles, lookback)
    rng = random.Random(3)
    for _ in range(3):
        shuffled_day, shuffled_lookback = articles[:], lookback[:]
        rng.shuffle(shuffled_day)
        rng.shuffle(shuffled_lookback)
        assert assign_stories(shuffled_day, shuffled_lookback) == expected


def test_a_day_costs_its_articles_and_its_lookback_not_the_history(
    corpus: Corpus, predicted: dict[str, str]
) -> None:
    day = corpus.start + timedelta(days=DAYS - 1)
    articles = [story_article(a) for a in corpus.articles if a.local_day == day]
    lookback = _lookback(corpus, day, predicted)
    result = cluster_day(articles, lookback)
    assert result.window_articles == len(articles) + len(lookback) < len(corpus.articles) / 2
    # Exact copies are hashed once: fewer signatures than articles.
    assert 0 < result.hashed_texts < result.window_articles
    assert result.candidate_pairs < result.hashed_texts**2 / 20


def test_exact_duplicates_collapse_by_canonical_url_or_body(corpus: Corpus) -> None:
    base = story_article(corpus.articles[0])
    tracked = StoryArticle(**{**base.__dict__, "url": base.url + "?utm_source=x", "body": "."})
    reposted = StoryArticle(**{**base.__dict__, "url": "elsewhere/1", "canonical_url": "x/1"})
    assigned = assign_stories([reposted, tracked, base], [])
    assert len(set(assigned.values())) == 1
    # The earliest article (here all equal in time, so the smallest URL) names the story.
    assert assigned[base.url].startswith("st-")


def test_pair_scores_count_pairs_from_cluster_sizes() -> None:
    truth = {"a": "1", "b": "1", "c": "1", "d": "2", "e": "3"}
    predicted = {"a": "x", "b": "x", "c": "y", "d": "y", "e": "z"}
    scores = pair_scores(predicted, truth)
    assert (scores.true_pairs, scores.predicted_pairs, scores.correct_pairs) == (3, 2, 1)
    assert scores.precision == 0.5 and scores.recall == pytest.approx(1 / 3)


def test_ticker_counts_each_story_once_and_keeps_unknown_headlines() -> None:
    titles = {
        "تفكيك شبكة إجرامية تنشط في السرقة بين فاس ومكناس": "s-1",
        "عاجل: تفكيك شبكة إجرامية تنشط في السرقة بين فاس ومكناس": "s-1",
        "افتتاح دار للطالبة في تازة بطاقة استيعابية تبلغ 120 سريرا": "s-2",
    }
    headlines = [
        "تفكيك شبكة إجرامية تنشط في السرقة بين فاس ومكناس",
        "افتتاح دار للطالبة في تازة بطاقة استيعابية تبلغ 120 سريرا",
        "تفكيك شبكة إجرامية تنشط في السرقة بين فاس ومكناس",
        "بالصور.. افتتاح دار للطالبة في تازة بطاقة استيعابية تبلغ 120 سريرا",  # fuzzy
        "أمطار رعدية مرتقبة بعدد من مناطق المملكة",
        "أمطار رعدية مرتقبة بعدد من مناطق المملكة",
    ]
    counts = ticker_story_counts(headlines, titles)
    assert counts.shown == {"s-1": 2, "s-2": 2}
    assert counts.unmatched == ("أمطار رعدية مرتقبة بعدد من مناطق المملكة",)
    assert counts.distinct_stories == 3
