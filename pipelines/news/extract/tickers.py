"""Breaking-news tickers: the headline strips a page runs beside its article."""

from __future__ import annotations

from selectolax.lexbor import LexborHTMLParser

from pipelines.news.extract.body import clean_text
from pipelines.news.extract.boilerplate import attribute_words, has_ancestor

_TICKER_SELECTOR = (
    'marquee, [class*="ticker" i], [id*="ticker" i], [class*="marquee" i],'
    ' [class*="breaking" i], [id*="breaking" i], [class*="urgent" i]'
)
_TICKER_WORDS = frozenset({"ticker", "newsticker", "marquee", "breaking", "urgent"})


def ticker_headlines(tree: LexborHTMLParser) -> tuple[str, ...]:
    """Headlines of ticker/marquee/breaking-news strips, in page order, duplicates kept."""
    containers = [
        node
        for node in tree.css(_TICKER_SELECTOR)
        if node.tag == "marquee" or attribute_words(node) & _TICKER_WORDS
    ]
    chosen_ids = {node.mem_id for node in containers}
    headlines: list[str] = []
    for node in containers:
        if has_ancestor(node, lambda parent: parent.mem_id in chosen_ids):
            continue  # the outer strip already covers it
        items = node.css("li") or node.css("a")
        texts = [clean_text(item.text()) for item in items] if items else [clean_text(node.text())]
        headlines.extend(text for text in texts if text)
    return tuple(headlines)
