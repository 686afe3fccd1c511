"""The source registry: which outlets we read, where, and how their labels map to topics.

A registry is a YAML file (the bundled one is ``pipelines/sources/demo.yaml``). Relative
``base_url`` values are resolved against a *site URL* given at load time, so the same file
describes the demo site wherever it happens to listen.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urljoin, urlsplit

import polars as pl
import yaml
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    field_validator,
)
from pydantic_core import ErrorDetails

from pipelines.news import tables
from pipelines.news.arabic import normalize_key
from pipelines.news.taxonomy import Taxonomy, load_taxonomy

DEFAULT_REGISTRY = Path(__file__).resolve().parent.parent / "sources" / "demo.yaml"
# The bundled demo site listens here by default (`akhbar demo-site`, `make demo`).
DEFAULT_SITE_PORT = 8765
DEFAULT_SITE_URL = f"http://127.0.0.1:{DEFAULT_SITE_PORT}/"


class RegistryError(ValueError):
    """A registry file is unreadable or malformed; the message names file, outlet and field."""


@dataclass(frozen=True)
class HealthThresholds:
    """When an outlet's day is 'warn' or 'error' (quarantined from the marts): the defaults,
    or the outlet's ``quality:`` block in the registry. Shares are 0..1; volume is a robust
    z-score against the outlet's own history (only drops count: a busy day is news)."""

    max_fetch_error_rate_warn: float = 0.10
    max_fetch_error_rate_error: float = 0.50
    max_rejected_share_warn: float = 0.25
    max_rejected_share_error: float = 0.50
    # The least of the title, date and body shares among pages fetched.
    min_yield_warn: float = 0.90
    min_yield_error: float = 0.60
    min_section_share_warn: float = 0.50
    min_volume_z_warn: float = -3.5
    min_volume_z_error: float = -8.0


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
    health: HealthThresholds = field(default_factory=HealthThresholds)

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


def registry_rows(registry: Registry, days: Sequence[date]) -> pl.DataFrame:
    """``staging.outlet_registry``: each registered outlet once per Casablanca day in ``days``,
    as the registry describes it now (so the warehouse keeps what the configuration said)."""
    return tables.frame(
        [
            {
                "day": day,
                "outlet": outlet.key,
                "name": outlet.name,
                "site_url": outlet.base_url,
                "language": outlet.language,
                "aggregator": outlet.aggregator,
            }
            for day in days
            for outlet in registry.outlets
        ],
        tables.OUTLET_REGISTRY,
    )


def name_key(name: str) -> str:
    """A site or outlet name, alias or URL as a comparison key (host, no www., no spaces)."""
    text = name.strip().lower()
    if "//" in text:
        text = urlsplit(text).hostname or text
    text = text.removeprefix("www.")
    return "".join(text.split())


# The registry file as pydantic models: they check each field's type and shape; load_registry
# then checks what needs the taxonomy or the site URL, and builds the records above.


_Text = Annotated[str, StringConstraints(pattern=r"\S")]  # not empty, not only blanks


class _Entry(BaseModel):
    """A mapping of the registry file: exact YAML types, no unknown fields."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class _HintsEntry(_Entry):
    """CSS selectors that help the generic extractor on an outlet's pages."""

    title: _Text | None = None
    body: _Text | None = None
    published: _Text | None = None
    author: _Text | None = None
    section: _Text | None = None


# Fields an outlet may give a CSS selector for, to help the generic extractor on its pages.
HINT_FIELDS = frozenset(_HintsEntry.model_fields)


class _PolitenessEntry(_Entry):
    min_interval_seconds: Annotated[float, Field(ge=0)] | None = None
    respect_robots: bool = True


class _QualityEntry(_Entry):
    """Per-outlet health thresholds (``marts.outlet_day_quality``); unset: the defaults."""

    max_fetch_error_rate_warn: Annotated[float, Field(ge=0, le=1)] | None = None
    max_fetch_error_rate_error: Annotated[float, Field(ge=0, le=1)] | None = None
    max_rejected_share_warn: Annotated[float, Field(ge=0, le=1)] | None = None
    max_rejected_share_error: Annotated[float, Field(ge=0, le=1)] | None = None
    min_yield_warn: Annotated[float, Field(ge=0, le=1)] | None = None
    min_yield_error: Annotated[float, Field(ge=0, le=1)] | None = None
    min_section_share_warn: Annotated[float, Field(ge=0, le=1)] | None = None
    min_volume_z_warn: float | None = None
    min_volume_z_error: float | None = None


class _OutletEntry(_Entry):
    key: _Text
    name: _Text
    aliases: list[_Text] = Field(default_factory=list)
    base_url: _Text
    language: _Text
    aggregator: bool = False
    local: bool = False
    sitemap: _Text | None = None
    rss: _Text | None = None
    sections: dict[_Text, _Text] = Field(default_factory=dict)
    listing: _Text | None = None
    hints: _HintsEntry = _HintsEntry()
    politeness: _PolitenessEntry = _PolitenessEntry()
    quality: _QualityEntry = _QualityEntry()

    @field_validator("listing")
    @classmethod
    def _paginated(cls, listing: str | None) -> str | None:
        if listing is not None and "{page}" not in listing:
            raise ValueError("must contain a {page} placeholder")
        return listing


class _RegistryDocument(BaseModel):
    # Other top-level keys (e.g. a holder for YAML anchors) are ignored.
    model_config = ConfigDict(strict=True, frozen=True)

    topics: list[_Text] | None = None  # None: all the taxonomy's topics
    outlets: list[_OutletEntry]


# How pydantic's error types read after "field 'x'" (value errors carry their own words).
_REASONS = {
    "missing": "is required",
    "string_type": "must be a non-empty string",
    "string_pattern_mismatch": "must be a non-empty string",
    "bool_type": "must be true or false",
    "float_type": "must be a number",
    "greater_than_equal": "must be a number >= {ge:g}",
    "less_than_equal": "must be a number <= {le:g}",
    "list_type": "must be a list",
    "dict_type": "must be a mapping",
    "model_type": "must be a mapping of fields",
    "extra_forbidden": "is not a known field",
}


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
    try:
        parsed = _RegistryDocument.model_validate(document)
    except ValidationError as error:
        raise RegistryError(_explain(path, document["outlets"], error.errors()[0])) from None
    taxonomy = taxonomy or load_taxonomy()
    topics = taxonomy.topics if parsed.topics is None else tuple(parsed.topics)
    unknown_topics = sorted(set(topics) - set(taxonomy.topics))
    if unknown_topics:
        raise RegistryError(
            f"{path}: field 'topics' has topic(s) {', '.join(unknown_topics)} that are not in "
            f"the taxonomy ({', '.join(taxonomy.topics)})"
        )
    site_url = site_url if site_url.endswith("/") else site_url + "/"
    outlets = tuple(_outlet(path, entry, site_url, topics, taxonomy) for entry in parsed.outlets)
    keys = [o.key for o in outlets]
    for index, key in enumerate(keys):
        if key in keys[:index]:
            raise RegistryError(
                f"{path}: outlet '{key}': field 'key' is listed twice "
                f"(outlets #{keys.index(key) + 1} and #{index + 1})"
            )
    return Registry(path=path, outlets=outlets, taxonomy=taxonomy)


def _outlet(
    path: Path, entry: _OutletEntry, site_url: str, topics: tuple[str, ...], taxonomy: Taxonomy
) -> Outlet:
    where = f"{path}: outlet '{entry.key}'"
    base_url = urljoin(site_url, entry.base_url)
    base_url = base_url if base_url.endswith("/") else base_url + "/"
    if urlsplit(base_url).scheme not in ("http", "https"):
        raise RegistryError(f"{where}: field 'base_url' must be an http(s) URL, got {base_url!r}")
    for label, topic in entry.sections.items():
        if normalize_key(label) in taxonomy.broad:
            raise RegistryError(
                f"{where}: field 'sections' maps {label!r}, a label too broad to name a topic "
                "(the taxonomy lists it under 'broad'); leave it to the classifier"
            )
        if topic not in topics:
            raise RegistryError(
                f"{where}: field 'sections' maps {label!r} to unknown topic {topic!r}; "
                f"known topics: {', '.join(sorted(topics))}"
            )
    return Outlet(
        **entry.model_dump(exclude={"base_url", "aliases", "hints", "politeness", "quality"}),
        base_url=base_url,
        aliases=tuple(entry.aliases),
        hints=entry.hints.model_dump(exclude_none=True),
        health=replace(HealthThresholds(), **entry.quality.model_dump(exclude_none=True)),
        **entry.politeness.model_dump(),  # min_interval_seconds, respect_robots
    )


def _explain(path: Path, outlets: list[Any], error: ErrorDetails) -> str:
    """One line for a pydantic error: file, outlet (key, else number), dotted field, reason."""
    where, loc = str(path), list(error["loc"])
    if len(loc) > 1 and loc[0] == "outlets" and isinstance(loc[1], int):
        raw = outlets[loc[1]]
        key = raw.get("key") if isinstance(raw, dict) else None
        named = isinstance(key, str) and key.strip()
        where += f": outlet '{key}'" if named else f": outlet #{loc[1] + 1}"
        loc = loc[2:]
    if loc:
        where += ": field '" + ".".join(str(part) for part in loc if part != "[key]") + "'"
    if error["type"] == "value_error":
        reason = str(error.get("ctx", {})["error"])
    elif error["type"] in _REASONS:
        reason = _REASONS[error["type"]].format(**error.get("ctx", {}))
    else:
        reason = f"is invalid ({error['msg']})"
    return f"{where} {reason}"
