"""Stories: one piece of news, however many outlets republish or retell it.

An aggregator copy, a syndicated copy (an outlet republishing another's article with a credit
line), a light rewrite and the original share a story; two unrelated articles of one topic do
not, even though news prose repeats itself (stock sentences, a third of a body can be filler).

One day is clustered against itself and a short lookback window, never against the whole
history, so a day costs O(day + lookback):

1. exact duplicates collapse first: same canonical URL, or same normalised body;
2. each remaining text becomes a set of word shingles (within sentences), minus the
   shingles found in more than ``max_shingle_docs`` texts of the window (boilerplate,
   filler, template phrasing);
3. MinHash LSH over those sets proposes candidate pairs; each candidate is verified on the
   exact containment of the two sets (LSH only proposes, it never decides);
4. union-find; a cluster reaching a lookback article takes that article's story id, else its
   id derives from its earliest article.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime

from datasketch import MinHash, MinHashLSH

from pipelines.news.arabic import arabic_tokens

# Shingles stay inside a sentence: a shingle across a boundary records only which stock
# sentences followed each other, which a rewrite reorders and unrelated articles share.
_SENTENCE_BREAK = re.compile(r"[.!?\u061f\n]+")


@dataclass(frozen=True)
class StoryArticle:
    """An article as clustering sees it.

    ``published_day`` is the Africa/Casablanca local day; ``published_at`` is aware (any zone)
    or None for date-only pages.
    """

    url: str
    canonical_url: str
    outlet: str
    published_day: date
    published_at: datetime | None
    title: str
    body: str


@dataclass(frozen=True)
class StoryParams:
    shingle_size: int = 4
    """Words per shingle."""
    num_perm: int = 128
    """MinHash permutations."""
    lsh_threshold: float = 0.2
    """Jaccard estimate at which LSH proposes a pair; low, since verification decides."""
    min_containment: float = 0.6
    """A candidate pair joins when this share of the smaller text's distinctive shingles is
    in the other's..."""
    min_raw_containment: float = 0.8
    """...and this share of all its shingles. The second test matters when the window is
    young (the first days of a history): too few texts to tell boilerplate by frequency."""
    max_shingle_docs: int = 5
    """A shingle in more texts of the window than this is boilerplate and is not compared.

    A story rarely has more distinct texts in a window (exact copies count once)."""
    max_shingle_share: float = 0.03
    """...nor in more than this share of the window's texts (but at least 2): a young window
    (the first days of a history) is too small for ``max_shingle_docs`` to tell
    boilerplate from a story."""
    min_shingles: int = 8
    """Texts with fewer distinctive shingles are left alone: too little to compare."""
    lookback_days: int = 3
    """Days before the clustered day whose articles it may join (rewrites come late)."""
    seed: int = 1
    """MinHash seed; fixed so that runs agree."""


DEFAULT_STORY_PARAMS = StoryParams()


@dataclass(frozen=True)
class DayClustering:
    """The stories of one day's articles and what computing them cost."""

    stories: dict[str, str]
    """url of each day article -> story id."""
    window_articles: int
    """Articles compared: the day's plus the lookback's."""
    hashed_texts: int
    """MinHash signatures computed (distinct texts with enough distinctive shingles)."""
    candidate_pairs: int
    verified_pairs: int


def assign_stories(
    day_articles: Sequence[StoryArticle],
    lookback: Sequence[tuple[StoryArticle, str]],
    params: StoryParams = DEFAULT_STORY_PARAMS,
) -> dict[str, str]:
    """url of each article of ``day_articles`` -> its story id.

    ``lookback`` holds the articles of the ``params.lookback_days`` days before, with the story
    ids already given to them; a day article that joins one of them takes its id. Otherwise
    the id is ``"st-" + sha1(canonical URL of the cluster's earliest article)[:16]`` (earliest
    by ``published_at`` in UTC, date-only pages after timed ones of their day, then URL), so
    the result does not depend on the order of the input.
    """
    return cluster_day(day_articles, lookback, params).stories


def cluster_day(
    day_articles: Sequence[StoryArticle],
    lookback: Sequence[tuple[StoryArticle, str]],
    params: StoryParams = DEFAULT_STORY_PARAMS,
) -> DayClustering:
    """:func:`assign_stories` with its cost: everything is built over day + lookback only."""
    known = {article.url: story for article, story in lookback}
    nodes = sorted(
        {a.url: a for a in (*(a for a, _ in lookback), *day_articles)}.values(), key=_earliest
    )
    is_day = [n.url not in known for n in nodes]
    parent = list(range(len(nodes)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(i: int, j: int) -> None:
        ri, rj = find(i), find(j)
        if ri != rj:
            parent[max(ri, rj)] = min(ri, rj)  # the earlier node stays the root

    # 1. Exact duplicates: same canonical URL, or same normalised body.
    first_with: dict[tuple[str, str], int] = {}
    for i, node in enumerate(nodes):
        body_key = " ".join(arabic_tokens(node.body))
        keys = [("url", node.canonical_url)]
        if body_key:
            keys.append(("body", hashlib.sha1(body_key.encode()).hexdigest()))
        for key in keys:
            union(i, first_with.setdefault(key, i))

    # 2. One text per exact group, its shingles minus the window's boilerplate.
    groups: dict[int, list[int]] = {}
    for i in range(len(nodes)):
        groups.setdefault(find(i), []).append(i)
    tokens = {root: sentence_tokens(nodes[root].title + "\n" + nodes[root].body) for root in groups}
    every = {
        root: {s for sentence in tokens[root] for s in shingles(sentence, params.shingle_size)}
        for root in groups
    }
    distinctive = distinctive_shingles(every, params)
    comparable = sorted(r for r, text in distinctive.items() if len(text) >= params.min_shingles)
    touches_day = {root: any(is_day[i] for i in members) for root, members in groups.items()}

    # 3. Candidates from LSH, verified on the exact sets.
    signatures = MinHash.bulk(
        ([s.encode() for s in sorted(distinctive[r])] for r in comparable),
        num_perm=params.num_perm,
        seed=params.seed,
    )
    lsh = MinHashLSH(threshold=params.lsh_threshold, num_perm=params.num_perm)
    for root, signature in zip(comparable, signatures, strict=True):
        lsh.insert(root, signature)
    candidates = 0
    verified = 0
    for root, signature in zip(comparable, signatures, strict=True):
        for other in lsh.query(signature):
            # Each pair once; lookback texts among themselves were settled on their own day.
            if other <= root or not (touches_day[root] or touches_day[other]):
                continue
            candidates += 1
            if (
                containment(distinctive[root], distinctive[other]) >= params.min_containment
                and containment(every[root], every[other]) >= params.min_raw_containment
            ):
                verified += 1
                union(root, other)

    # 4. Story ids per cluster.
    clusters: dict[int, list[int]] = {}
    for i in range(len(nodes)):
        clusters.setdefault(find(i), []).append(i)
    stories: dict[str, str] = {}
    for members in clusters.values():
        if not any(is_day[i] for i in members):
            continue
        earlier = [i for i in members if not is_day[i]]
        story = (
            known[nodes[earlier[0]].url]  # members are in earliest-first order
            if earlier
            else story_id_for(nodes[members[0]])
        )
        stories.update((nodes[i].url, story) for i in members if is_day[i])
    return DayClustering(
        stories={a.url: stories[a.url] for a in day_articles},
        window_articles=len(nodes),
        hashed_texts=len(comparable),
        candidate_pairs=candidates,
        verified_pairs=verified,
    )


def story_id_for(first: StoryArticle) -> str:
    """The id of a story that starts with ``first``: stable across runs and machines."""
    return "st-" + hashlib.sha1(first.canonical_url.encode()).hexdigest()[:16]


def sentence_tokens(text: str) -> list[list[str]]:
    """The normalised words of each sentence (or title, or line) of ``text``."""
    return [words for part in _SENTENCE_BREAK.split(text) if (words := arabic_tokens(part))]


def distinctive_shingles(
    sets: Mapping[int, set[str]], params: StoryParams = DEFAULT_STORY_PARAMS
) -> dict[int, set[str]]:
    """Each text's shingles without those found in more than ``max_shingle_docs`` texts.

    ``sets`` (key -> shingles) is the whole window, with exact duplicates already collapsed.
    """
    doc_freq = Counter(s for text in sets.values() for s in text)
    limit = max(2.0, min(params.max_shingle_docs, params.max_shingle_share * len(sets)))
    return {key: {s for s in text if doc_freq[s] <= limit} for key, text in sets.items()}


def shingles(tokens: Sequence[str], size: int) -> set[str]:
    """Word ``size``-grams of ``tokens``; fewer tokens than ``size`` make one shingle."""
    if len(tokens) < size:
        return {" ".join(tokens)} if tokens else set()
    return {" ".join(tokens[i : i + size]) for i in range(len(tokens) - size + 1)}


def containment(first: set[str], second: set[str]) -> float:
    """|first ∩ second| / the smaller set's size (0.0 when either is empty)."""
    smaller = min(len(first), len(second))
    return len(first & second) / smaller if smaller else 0.0


def _earliest(article: StoryArticle) -> tuple[date, int, datetime, str]:
    # Date-only pages sort after the timed pages of their day: their time is unknown.
    if article.published_at is None:
        return (article.published_day, 1, datetime.min.replace(tzinfo=UTC), article.url)
    return (article.published_day, 0, article.published_at.astimezone(UTC), article.url)


@dataclass(frozen=True)
class PairScores:
    """Pairwise clustering scores: a pair is two urls put in one story."""

    precision: float
    recall: float
    f1: float
    true_pairs: int
    predicted_pairs: int
    correct_pairs: int


def pair_scores(predicted: Mapping[str, str], truth: Mapping[str, str]) -> PairScores:
    """Pair precision/recall of ``predicted`` (url -> story) against ``truth``.

    Over the urls both mappings hold, counted from cluster sizes (n choose 2), not by
    enumerating pairs. With no predicted (or true) pair, precision (or recall) is 1.0.
    """
    urls = [u for u in predicted if u in truth]
    true_pairs = _pairs(Counter(truth[u] for u in urls).values())
    predicted_pairs = _pairs(Counter(predicted[u] for u in urls).values())
    correct = _pairs(Counter((predicted[u], truth[u]) for u in urls).values())
    precision = correct / predicted_pairs if predicted_pairs else 1.0
    recall = correct / true_pairs if true_pairs else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return PairScores(precision, recall, f1, true_pairs, predicted_pairs, correct)


def _pairs(sizes: Iterable[int]) -> int:
    return sum(n * (n - 1) // 2 for n in sizes)
