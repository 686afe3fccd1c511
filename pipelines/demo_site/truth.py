"""Ground truth: what a perfect pipeline should extract from each article page."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from itertools import islice
from typing import TextIO

from pipelines.demo_site.corpus import Corpus, DemoArticle
from pipelines.demo_site.generator import Scale, build_corpus, iter_days
from pipelines.news.stories.clustering import StoryArticle

# Records per piece when the truth is streamed (a scaled site's runs to hundreds of MB).
STREAM_RECORDS = 500


def truth_records(corpus: Corpus, site_url: str) -> list[dict[str, object]]:
    """One record per article, oldest first; URLs are absolute under ``site_url``.

    ``published`` is Africa/Casablanca local time with its offset, or just ``YYYY-MM-DD``
    for date-only (republished) pages; ``local_day`` is always the Casablanca day.
    ``story_id`` is shared by an original, its aggregator and syndicated copies and its
    rewrites ("s-<id of the original>"); every other article is its own story.
    """
    root = _root(site_url)
    return [truth_record(article, root) for article in corpus.articles]


def truth_record(article: DemoArticle, root: str) -> dict[str, object]:
    """The record of one article; ``root`` is the site URL, ending with "/"."""
    return {
        "url": root + article.path,
        "outlet": article.outlet,
        "original_outlet": article.original_outlet,
        "original_url": root + article.original_path if article.original_path else None,
        "title": article.title,
        "published": (
            article.local_day.isoformat()
            if article.date_only
            else article.published_local.isoformat()
        ),
        "local_day": article.local_day.isoformat(),
        "section": article.section,
        "topic": article.topic,
        "author": article.author,
        "body": article.body,
        "story_id": article.story_id,
    }


def truth_jsonl(corpus: Corpus, site_url: str) -> str:
    """The records as JSON Lines, Arabic left readable (not ``\\u`` escaped)."""
    return "".join(
        json.dumps(record, ensure_ascii=False) + "\n" for record in truth_records(corpus, site_url)
    )


def truth_pieces(articles: Iterable[DemoArticle], site_url: str) -> Iterator[str]:
    """``truth_jsonl`` of ``articles`` in pieces of ``STREAM_RECORDS`` lines, for streaming."""
    root = _root(site_url)
    remaining = iter(articles)
    while chunk := list(islice(remaining, STREAM_RECORDS)):
        yield "".join(
            json.dumps(truth_record(article, root), ensure_ascii=False) + "\n" for article in chunk
        )


def export_truth(site_url: str, out: TextIO, seed: int = 7, scale: Scale | None = None) -> int:
    """Write the ground truth of the site built from ``seed`` to ``out``; return the count.

    Without ``scale``, the bundled site. With it, the scaled site, drawn and written one
    day at a time, so the whole corpus is never held in memory.
    """
    if scale is None:
        corpus = build_corpus(seed)
        out.write(truth_jsonl(corpus, site_url))
        return len(corpus.articles)
    count = 0
    for _, articles in iter_days(seed, scale):
        for piece in truth_pieces(articles, site_url):
            out.write(piece)
        count += len(articles)
    return count


def story_article(article: DemoArticle) -> StoryArticle:
    """A demo article as story-clustering input, keyed by its site path (no HTTP needed)."""
    return StoryArticle(
        url=article.path,
        canonical_url=article.path,
        outlet=article.outlet,
        published_day=article.local_day,
        published_at=None if article.date_only else article.published_local,
        title=article.title,
        body=article.body,
    )


def _root(site_url: str) -> str:
    return site_url if site_url.endswith("/") else site_url + "/"
