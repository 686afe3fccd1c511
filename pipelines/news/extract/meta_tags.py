"""Reading several ``<meta>`` keys at once, best first."""

from __future__ import annotations

from pipelines.news.extract.page_metadata import PageMetadata


def meta_values(metadata: PageMetadata, keys: tuple[str, ...]) -> list[str]:
    """The non-empty values of ``keys`` among the page's ``<meta>`` tags, in ``keys`` order."""
    return [value for key in keys if (value := metadata.meta.get(key))]
