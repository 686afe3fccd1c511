"""Aggregator headline tickers, counted by story: a headline shown five times is one story.

A ticker headline is matched to a story by its title: exactly after Arabic normalisation,
else the most similar title (Jaccard of character shingles, candidates from MinHash LSH)
above a threshold. Headlines that match no title are kept, each as a story of its own.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from datasketch import MinHash, MinHashLSH

from pipelines.news.arabic import arabic_tokens


@dataclass(frozen=True)
class TickerParams:
    char_shingle_size: int = 3
    min_jaccard: float = 0.6
    """Least Jaccard similarity of character shingles for a fuzzy title match."""
    num_perm: int = 64
    lsh_threshold: float = 0.4
    seed: int = 1


DEFAULT_TICKER_PARAMS = TickerParams()


@dataclass(frozen=True)
class TickerStoryCounts:
    shown: dict[str, int]
    """story id -> how many times the ticker showed one of its headlines."""
    unmatched: tuple[str, ...]
    """Headlines that match no title, each once (first spelling), in order of appearance."""

    @property
    def distinct_stories(self) -> int:
        """Stories shown: matched stories once each, plus each distinct unmatched headline."""
        return len(self.shown) + len(self.unmatched)


def ticker_story_counts(
    headlines: Sequence[str],
    titles_to_story: Mapping[str, str],
    params: TickerParams = DEFAULT_TICKER_PARAMS,
) -> TickerStoryCounts:
    """Count ticker ``headlines`` per story, given the titles of known articles."""
    exact: dict[str, str] = {}
    for title, title_story in sorted(titles_to_story.items()):
        exact.setdefault(title_key(title), title_story)
    keys = sorted(exact)
    grams = {key: _char_shingles(key, params.char_shingle_size) for key in keys}
    signatures = MinHash.bulk(
        ([g.encode() for g in sorted(grams[key])] for key in keys),
        num_perm=params.num_perm,
        seed=params.seed,
    )
    lsh = MinHashLSH(threshold=params.lsh_threshold, num_perm=params.num_perm)
    for key, signature in zip(keys, signatures, strict=True):
        lsh.insert(key, signature)

    shown: Counter[str] = Counter()
    unmatched: dict[str, str] = {}
    resolved: dict[str, str | None] = {}
    for headline in headlines:
        key = title_key(headline)
        if key not in resolved:
            known = exact.get(key)
            resolved[key] = known if known is not None else _fuzzy(key, grams, lsh, exact, params)
        story = resolved[key]
        if story is not None:
            shown[story] += 1
        elif key:
            unmatched.setdefault(key, headline)
    return TickerStoryCounts(shown=dict(shown), unmatched=tuple(unmatched.values()))


def title_key(title: str) -> str:
    """A title as a match key: normalised Arabic words, punctuation dropped."""
    return " ".join(arabic_tokens(title))


def _fuzzy(
    key: str,
    grams: Mapping[str, set[str]],
    lsh: MinHashLSH,
    exact: Mapping[str, str],
    params: TickerParams,
) -> str | None:
    mine = _char_shingles(key, params.char_shingle_size)
    if not mine:
        return None
    signature = MinHash(num_perm=params.num_perm, seed=params.seed)
    signature.update_batch([g.encode() for g in sorted(mine)])
    best: tuple[float, str] | None = None
    for candidate in sorted(lsh.query(signature)):
        theirs = grams[candidate]
        score = len(mine & theirs) / len(mine | theirs)
        if score >= params.min_jaccard and (best is None or score > best[0]):
            best = (score, candidate)
    return exact[best[1]] if best else None


def _char_shingles(key: str, size: int) -> set[str]:
    if len(key) <= size:
        return {key} if key else set()
    return {key[i : i + size] for i in range(len(key) - size + 1)}
