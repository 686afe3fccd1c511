"""Ground truth: what a perfect pipeline should extract from each article page."""

from __future__ import annotations

import json
from typing import TextIO

from pipelines.demo_site.corpus import Corpus, DemoArticle, build_corpus
from pipelines.news.stories.clustering import StoryArticle


def truth_records(corpus: Corpus, site_url: str) -> list[dict[str, object]]:
    """One record per article, oldest first; URLs are absolute under ``site_url``.

    ``published`` is Africa/Casablanca local time with its offset, or just ``YYYY-MM-DD``
    for date-only (republished) pages; ``local_day`` is always the Casablanca day.
    ``story_id`` is shared by an original, its aggregator and syndicated copies and its
    rewrites ("s-<id of the original>"); every other article is its own story.
    """
    root = site_url if site_url.endswith("/") else site_url + "/"
    return [
        {
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
        for article in corpus.articles
    ]


def truth_jsonl(corpus: Corpus, site_url: str) -> str:
    """The records as JSON Lines, Arabic left readable (not ``\\u`` escaped)."""
    return "".join(
        json.dumps(record, ensure_ascii=False) + "\n" for record in truth_records(corpus, site_url)
    )


def export_truth(site_url: str, out: TextIO, seed: int = 7) -> int:
    """Write the ground truth of the site built from ``seed`` to ``out``; return the count."""
    corpus = build_corpus(seed)
    out.write(truth_jsonl(corpus, site_url))
    return len(corpus.articles)


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
