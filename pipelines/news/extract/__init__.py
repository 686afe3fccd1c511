"""Extraction: from a fetched page's bytes to what it says (``parse_page``), and from a
window's fetched pages to ``staging.parsed_pages`` rows with a status each (``classify_pages``).

``parser`` runs the field extractors, one module per field: titles, publication_times (with
``pipelines.news.dates``), bylines, sections, body (with boilerplate), tickers, republication,
language; ``verdict`` decides whether the page is an article at all. Pages parsed together
lose their outlet's recurring notices (``recurring_text.without_outlet_boilerplate``).
"""

from pipelines.news.extract.outcomes import PageOutcomes, classify_pages
from pipelines.news.extract.parser import parse_page
from pipelines.news.extract.recurring_text import without_outlet_boilerplate

__all__ = ["PageOutcomes", "classify_pages", "parse_page", "without_outlet_boilerplate"]
