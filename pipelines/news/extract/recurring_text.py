"""Outlet boilerplate, learned from recurrence: a sentence that many of one outlet's pages
carry at the edge of their body (an image placeholder before the text, an opinion-column
disclaimer after it, "follow us on our app" closing it) is the outlet's furniture, not the
article's text.

Learned per outlet from a set of its pages parsed together (a day's pages in the pipeline, the
pages of one ``akhbar parse --batch``), never from a single page. Two kinds of evidence, both
needed: recurrence (at least ``MIN_PAGES`` of the outlet's pages and ``MIN_SHARE`` of them
carry the sentence) and place (where it occurs, it opens or closes the body in at least
``MIN_EDGE_SHARE`` of those pages: templates put notices around the text, not inside it).
Stacked notices are peeled a layer per round. An article's own sentences that happen to repeat
stay: a quote several articles share or a stock phrase sits inside the text, and a dateline
opens a sentence that differs page to page ("الرباط - أعلن ...").
Sentences are compared as match keys (``arabic.normalize_key``, digits folded to 0, so a
notice stamped with a time or a count is still one notice); the stored text is never changed
except by dropping whole sentences.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from pipelines.news.arabic import normalize_key
from pipelines.news.models import ParsedPage

MIN_PAGES = 4
MIN_SHARE = 0.3
MIN_EDGE_SHARE = 0.9
# Notices stacked at one edge (two blocks before the text) come off one per round.
MAX_ROUNDS = 3
# An outlet needs at least this many pages with a body before anything is learned from them.
MIN_SAMPLE = 5
# Shorter sentences ("نعم.", "Voilà.") repeat by chance; they are never called boilerplate.
MIN_WORDS = 3

# A sentence ends at . ! ? ؟ … (with closing quotes/brackets), before white space.
_SENTENCE_END = re.compile(r"(?<=[.!?؟…])\s+|(?<=[.!?؟…][»\"')\]])\s+")
_DIGITS = re.compile(r"\d+")


@dataclass(frozen=True)
class RecurringText:
    """What one outlet repeats: sentence keys, and how many pages they were learned from."""

    sentences: frozenset[str] = frozenset()
    pages: int = 0


NOTHING_LEARNED = RecurringText()


def sentences_of(paragraph: str) -> list[str]:
    return [part for part in _SENTENCE_END.split(paragraph) if part.strip()]


def sentence_key(sentence: str) -> str:
    return _DIGITS.sub("0", normalize_key(sentence))


def learn_recurring(bodies: Iterable[str | None]) -> RecurringText:
    """The sentences one outlet's bodies repeat at their edges (see the module's rules)."""
    pages = 0
    seen_in: Counter[str] = Counter()
    at_edge: Counter[str] = Counter()
    for body in bodies:
        if not body:
            continue
        pages += 1
        sentences = [s for p in body.split("\n\n") for s in sentences_of(p)]
        keys = {sentence_key(s) for s in sentences if len(s.split()) >= MIN_WORDS}
        seen_in.update(keys)
        at_edge.update({sentence_key(sentences[0]), sentence_key(sentences[-1])} & keys)
    if pages < MIN_SAMPLE:
        return RecurringText(pages=pages)
    threshold = max(MIN_PAGES, MIN_SHARE * pages)
    recurring = frozenset(
        key
        for key, count in seen_in.items()
        if count >= threshold and at_edge[key] >= MIN_EDGE_SHARE * count
    )
    return RecurringText(recurring, pages)


def strip_recurring(body: str | None, recurring: RecurringText) -> str | None:
    """``body`` without the outlet's recurring sentences, whether a sentence of its own or
    run into the start or end of a paragraph without punctuation between (a paragraph left
    empty goes too)."""
    if not body or not recurring.sentences:
        return body
    lengths = {len(key.split()) for key in recurring.sentences}
    kept_paragraphs = []
    for paragraph in body.split("\n\n"):
        sentences = sentences_of(paragraph)
        kept = [s for s in sentences if sentence_key(s) not in recurring.sentences]
        text = paragraph if len(kept) == len(sentences) else " ".join(kept)
        text = _without_run_in(text, recurring.sentences, lengths)
        if text:
            kept_paragraphs.append(text)
    return "\n\n".join(kept_paragraphs) or None


def _without_run_in(paragraph: str, keys: frozenset[str], lengths: set[int]) -> str:
    """``paragraph`` without a recurring sentence its first or last words spell."""
    words = paragraph.split()
    for n in sorted(lengths, reverse=True):
        if len(words) > n and sentence_key(" ".join(words[-n:])) in keys:
            return " ".join(words[:-n])
        if len(words) > n and sentence_key(" ".join(words[:n])) in keys:
            return " ".join(words[n:])
    return paragraph


def without_outlet_boilerplate(pages: Sequence[ParsedPage]) -> list[ParsedPage]:
    """``pages`` (parsed together) with each outlet's recurring notices out of the bodies."""
    cleaned = list(pages)
    for _ in range(MAX_ROUNDS):
        by_outlet: dict[str | None, list[str | None]] = {}
        for page in cleaned:
            if page.is_article:
                by_outlet.setdefault(page.outlet, []).append(page.body)
        learned = {outlet: learn_recurring(bodies) for outlet, bodies in by_outlet.items()}
        if not any(found.sentences for found in learned.values()):
            break
        cleaned = [
            replace(
                page, body=strip_recurring(page.body, learned.get(page.outlet, NOTHING_LEARNED))
            )
            for page in cleaned
        ]
    return cleaned
