"""The term index behind ``akhbar trend``: each article's match keys and where they occur.

One row per (article, term key), carrying what a count needs (outlet, topic, story) so that a
one-term lookup reads this table alone. Keys are :func:`pipelines.news.arabic.arabic_tokens`
of the title, then of the body: the same folding the query uses (``pipelines.news.attention``).
Positions count words from the title's first; the body starts one position after the title's
last word, so a phrase never spans the two.
"""

from __future__ import annotations

import hashlib

import polars as pl
import pyarrow as pa

from pipelines.news import tables
from pipelines.news.arabic import arabic_tokens


def term_positions(title: str | None, body: str | None) -> dict[str, list[int]]:
    """Each match key of an article and the word numbers where it occurs (title, then body)."""
    found: dict[str, list[int]] = {}
    words = arabic_tokens(title or "")
    for position, key in enumerate(words):
        found.setdefault(key, []).append(position)
    for position, key in enumerate(arabic_tokens(body or ""), start=len(words) + 1):
        found.setdefault(key, []).append(position)
    return found


def stable_key(text: str) -> int:
    """``text`` as a signed 64-bit number that never changes between runs or versions."""
    return int.from_bytes(hashlib.blake2b(text.encode(), digest_size=8).digest(), signed=True)


def article_term_rows(
    parsed_pages: pl.DataFrame, article_stories: pl.DataFrame, article_topics: pl.DataFrame
) -> pl.DataFrame:
    """``staging.article_terms`` rows for the articles of ``article_stories`` (one Casablanca
    day or more), sorted by (day, term_key, article) so a day's file keeps a term's rows
    together.

    ``parsed_pages``: ``staging.parsed_pages`` rows holding those articles' title and body (a
    URL listed on several days: its latest row); ``article_topics``: their topics (an article
    without one gets NULL)."""
    texts = (
        parsed_pages.filter(pl.col("status") == "article")
        .sort("day")
        .unique("url", keep="last")
        .select("url", "title", "body")
    )
    articles = (
        article_stories.select("day", "url", "outlet", "story_id")
        .join(texts, on="url", how="inner")
        .join(article_topics.select("url", "topic").unique("url"), on="url", how="left")
    )
    numbers: list[int] = []
    keys: list[str] = []
    # The positions lists as one flat list and offsets: Polars builds a list column from
    # Python lists of lists a hundred times slower than Arrow does from these.
    flat: list[int] = []
    offsets = [0]
    titles, bodies = articles["title"], articles["body"]
    for number, (title, body) in enumerate(zip(titles, bodies, strict=True)):
        for key, where in term_positions(title, body).items():
            numbers.append(number)
            keys.append(key)
            flat.extend(where)
            offsets.append(len(flat))
    positions = pa.ListArray.from_arrays(pa.array(offsets, pa.int32()), pa.array(flat, pa.int32()))
    terms = pl.DataFrame(
        {
            "number": pl.Series(numbers, dtype=pl.Int64()),
            "term_key": pl.Series(keys, dtype=pl.String()),
            "positions": pl.Series(positions),
        }
    )
    described = articles.drop("title", "body").with_columns(
        number=pl.int_range(pl.len(), dtype=pl.Int64()),
        article=pl.Series([stable_key(u) for u in articles["url"]], dtype=pl.Int64()),
        story=pl.Series([stable_key(s) for s in articles["story_id"]], dtype=pl.Int64()),
    )
    rows = terms.join(described, on="number", how="left").sort("day", "term_key", "article")
    return rows.select(list(tables.ARTICLE_TERMS))
