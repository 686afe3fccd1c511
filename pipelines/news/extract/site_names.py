"""The names a site goes by, so that neither a title suffix nor a byline is mistaken for them."""

from __future__ import annotations

from urllib.parse import urlsplit

from pipelines.news.extract.page_metadata import PageMetadata
from pipelines.news.sources import Registry, name_key


def find_site_names(
    metadata: PageMetadata, registry: Registry, outlet: str | None, url: str
) -> set[str]:
    """Names the site goes by: never a title suffix we keep, never an author."""
    names = {
        metadata.meta.get("og:site_name", ""),
        metadata.meta.get("application-name", ""),
        metadata.meta.get("publisher", ""),
        urlsplit(url).hostname or "",
    }
    if outlet is not None:
        try:
            known = registry.by_key(outlet)
            names.update((known.name, *known.aliases))
        except KeyError:
            pass
    return {name_key(name) for name in names if name}


def is_site_name(text: str, site_names: set[str]) -> bool:
    key = name_key(text)
    return bool(key) and any(key == name or key in name or name in key for name in site_names)
