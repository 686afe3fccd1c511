"""The source registry: which outlets we read, where, and how their labels map to topics.

A registry is a YAML file (the bundled one is ``pipelines/sources/demo.yaml``). Relative
``base_url`` values are resolved against a *site URL* given at load time, so the same file
describes the demo site wherever it happens to listen.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import yaml

from pipelines.news.taxonomy import Taxonomy, load_taxonomy

DEFAULT_REGISTRY = Path(__file__).resolve().parent.parent / "sources" / "demo.yaml"
DEFAULT_SITE_URL = "http://127.0.0.1:8765/"

_OUTLET_FIELDS = {
    "key",
    "name",
    "aliases",
    "base_url",
    "language",
    "aggregator",
    "local",
    "sitemap",
    "rss",
    "sections",
    "listing",
    "hints",
    "politeness",
}

# Fields an outlet may give a CSS selector for, to help the generic extractor on its pages.
HINT_FIELDS = frozenset({"title", "body", "published", "author", "section"})
_POLITENESS_FIELDS = frozenset({"min_interval_seconds", "respect_robots"})


class RegistryError(ValueError):
    """A registry file is unreadable or malformed; the message names file, outlet and field."""


@dataclass(frozen=True)
class Outlet:
    key: str
    name: str
    base_url: str
    language: str
    aggregator: bool = False
    # Loopback/private addresses are refused unless the source says it is local (the demo site).
    local: bool = False
    aliases: tuple[str, ...] = ()
    sitemap: str | None = None
    rss: str | None = None
    # The outlet's own section label (slug or Arabic word) -> taxonomy topic key.
    sections: Mapping[str, str] = field(default_factory=dict)
    # Paginated section listing, relative to base_url, with {section} and {page} placeholders.
    listing: str | None = None
    # Optional CSS selectors per field (see HINT_FIELDS) for the extractor.
    hints: Mapping[str, str] = field(default_factory=dict)
    # Seconds between two requests to this outlet's host; None: the crawler's default.
    min_interval_seconds: float | None = None
    respect_robots: bool = True

    def owns(self, url: str) -> bool:
        return url.startswith(self.base_url)

    def endpoint(self, relative: str) -> str:
        return urljoin(self.base_url, relative)


@dataclass(frozen=True)
class Registry:
    path: Path
    outlets: tuple[Outlet, ...]
    taxonomy: Taxonomy

    @property
    def topics(self) -> tuple[str, ...]:
        return self.taxonomy.topics

    def by_key(self, key: str) -> Outlet:
        for outlet in self.outlets:
            if outlet.key == key:
                return outlet
        raise KeyError(key)

    def outlet_for_url(self, url: str) -> Outlet | None:
        """The registered outlet whose base URL is the longest prefix of ``url``."""
        owners = [o for o in self.outlets if o.owns(url)]
        return max(owners, key=lambda o: len(o.base_url)) if owners else None

    def resolve_name(self, name_or_host: str) -> str | None:
        """Map an outlet's display name, alias or host to its registry key."""
        wanted = name_key(name_or_host)
        for outlet in self.outlets:
            names = (outlet.key, outlet.name, *outlet.aliases)
            if any(name_key(n) == wanted for n in names):
                return outlet.key
        return None

    def topic_for_section(self, outlet_key: str, section: str | None) -> str | None:
        """The topic an outlet's section label means: the outlet's own mapping first, then the
        taxonomy's generic labels. None when unknown or too broad to say (e.g. "أخبار")."""
        if section is None:
            return None
        try:
            own = self.by_key(outlet_key).sections.get(section.strip())
        except KeyError:
            own = None
        return own or self.taxonomy.topic_for_label(section)


def name_key(name: str) -> str:
    """A site or outlet name, alias or URL as a comparison key (host, no www., no spaces)."""
    text = name.strip().lower()
    if "//" in text:
        text = urlsplit(text).hostname or text
    text = text.removeprefix("www.")
    return "".join(text.split())


def load_registry(
    path: str | Path = DEFAULT_REGISTRY,
    site_url: str = DEFAULT_SITE_URL,
    taxonomy: Taxonomy | None = None,
) -> Registry:
    """Read and validate a registry file; relative base URLs are joined to ``site_url``."""
    path = Path(path)
    try:
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise RegistryError(f"{path}: registry file not found") from None
    except yaml.YAMLError as error:
        raise RegistryError(f"{path}: not valid YAML ({error})") from None
    if not isinstance(document, dict) or not isinstance(document.get("outlets"), list):
        raise RegistryError(f"{path}: expected a mapping with an 'outlets' list")
    taxonomy = taxonomy or load_taxonomy()
    topics = document.get("topics", list(taxonomy.topics))
    if not isinstance(topics, list) or not all(isinstance(t, str) for t in topics):
        raise RegistryError(f"{path}: expected 'topics' to be a list of topic keys")
    unknown_topics = sorted(set(topics) - set(taxonomy.topics))
    if unknown_topics:
        raise RegistryError(
            f"{path}: topic(s) {', '.join(unknown_topics)} are not in the taxonomy "
            f"({', '.join(taxonomy.topics)})"
        )
    if not site_url.endswith("/"):
        site_url += "/"
    outlets = [
        _outlet(path, i, raw, site_url, set(topics)) for i, raw in enumerate(document["outlets"])
    ]
    keys = [o.key for o in outlets]
    duplicated = sorted({k for k in keys if keys.count(k) > 1})
    if duplicated:
        raise RegistryError(f"{path}: outlet key(s) listed twice: {', '.join(duplicated)}")
    return Registry(path=path, outlets=tuple(outlets), taxonomy=taxonomy)


def _outlet(path: Path, index: int, raw: Any, site_url: str, topics: set[str]) -> Outlet:
    where = f"{path}: outlet #{index + 1}"
    if not isinstance(raw, dict):
        raise RegistryError(f"{where}: expected a mapping of fields")
    if isinstance(raw.get("key"), str):
        where = f"{path}: outlet '{raw['key']}'"
    unknown = sorted(set(raw) - _OUTLET_FIELDS)
    if unknown:
        raise RegistryError(
            f"{where}: unknown field(s) {', '.join(unknown)}; "
            f"allowed: {', '.join(sorted(_OUTLET_FIELDS))}"
        )

    def text(name: str, required: bool = True) -> str | None:
        value = raw.get(name)
        if value is None and not required:
            return None
        if not isinstance(value, str) or not value.strip():
            raise RegistryError(f"{where}: field '{name}' must be a non-empty string")
        return value

    def flag(name: str) -> bool:
        value = raw.get(name, False)
        if not isinstance(value, bool):
            raise RegistryError(f"{where}: field '{name}' must be true or false")
        return value

    base_url = urljoin(site_url, text("base_url") or "")
    if not base_url.endswith("/"):
        base_url += "/"
    if urlsplit(base_url).scheme not in ("http", "https"):
        raise RegistryError(f"{where}: field 'base_url' must be an http(s) URL, got {base_url!r}")
    aliases = raw.get("aliases", [])
    if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
        raise RegistryError(f"{where}: field 'aliases' must be a list of strings")
    sections = raw.get("sections", {})
    if not isinstance(sections, dict):
        raise RegistryError(f"{where}: field 'sections' must map section labels to topics")
    for label, topic in sections.items():
        if topic not in topics:
            raise RegistryError(
                f"{where}: field 'sections' maps {label!r} to unknown topic {topic!r}; "
                f"known topics: {', '.join(sorted(topics))}"
            )
    hints = raw.get("hints", {})
    if not isinstance(hints, dict) or not all(isinstance(v, str) for v in hints.values()):
        raise RegistryError(f"{where}: field 'hints' must map field names to CSS selectors")
    unknown_hints = sorted(set(hints) - HINT_FIELDS)
    if unknown_hints:
        raise RegistryError(
            f"{where}: field 'hints' has unknown field(s) {', '.join(unknown_hints)}; "
            f"allowed: {', '.join(sorted(HINT_FIELDS))}"
        )
    politeness = raw.get("politeness", {})
    if not isinstance(politeness, dict) or set(politeness) - _POLITENESS_FIELDS:
        raise RegistryError(
            f"{where}: field 'politeness' may only set {', '.join(sorted(_POLITENESS_FIELDS))}"
        )
    interval = politeness.get("min_interval_seconds")
    if interval is not None and (
        isinstance(interval, bool) or not isinstance(interval, int | float) or interval < 0
    ):
        raise RegistryError(
            f"{where}: field 'politeness.min_interval_seconds' must be a number >= 0"
        )
    respect_robots = politeness.get("respect_robots", True)
    if not isinstance(respect_robots, bool):
        raise RegistryError(f"{where}: field 'politeness.respect_robots' must be true or false")
    listing = text("listing", required=False)
    if listing is not None and "{page}" not in listing:
        raise RegistryError(f"{where}: field 'listing' must contain a {{page}} placeholder")
    return Outlet(
        key=text("key") or "",
        name=text("name") or "",
        base_url=base_url,
        language=text("language") or "",
        aggregator=flag("aggregator"),
        local=flag("local"),
        aliases=tuple(aliases),
        sitemap=text("sitemap", required=False),
        rss=text("rss", required=False),
        sections={str(k): str(v) for k, v in sections.items()},
        listing=listing,
        hints={str(k): str(v) for k, v in hints.items()},
        min_interval_seconds=None if interval is None else float(interval),
        respect_robots=respect_robots,
    )
