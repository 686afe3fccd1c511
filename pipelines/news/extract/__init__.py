"""Extraction: from a fetched page's bytes to what it says (``parse_page``), and from a
window's fetched pages to ``staging.parsed_pages`` rows with a status each (``classify_pages``).

``parser`` runs the field extractors, one module per field: titles, publication_times (with
``pipelines.news.dates``), bylines, sections, body (with boilerplate), tickers, republication,
language; ``verdict`` decides whether the page is an article at all.
"""

from pipelines.news.extract.outcomes import PageOutcomes, classify_pages
from pipelines.news.extract.parser import parse_page

__all__ = ["PageOutcomes", "classify_pages", "parse_page"]
