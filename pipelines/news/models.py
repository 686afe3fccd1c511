"""Records that cross module boundaries, and the time zone every local day is counted in."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

# Moroccan local time: UTC+1, except UTC+0 during Ramadan. Every `day` in the pipeline is a
# calendar day here, resolved with the time-zone database, never with a fixed offset.
CASABLANCA = ZoneInfo("Africa/Casablanca")


@dataclass(frozen=True)
class PublishedTime:
    """When a page says it was published.

    ``moment`` is timezone-aware (UTC) when the page gives a time of day; ``None`` when it
    gives only a date. ``local_day`` is always the Africa/Casablanca calendar day.
    """

    local_day: date
    moment: datetime | None = None

    def iso(self) -> str:
        """ISO-8601 in Casablanca local time with its offset, or just the date."""
        if self.moment is None:
            return self.local_day.isoformat()
        return self.moment.astimezone(CASABLANCA).isoformat()


@dataclass(frozen=True)
class ParsedPage:
    """Everything the extractor could say about one fetched page.

    ``outlet``/``original_outlet`` are registry keys when known, else the URL host.
    ``reason`` explains why ``is_article`` is False (e.g. "listing page", "no title").
    """

    url: str
    is_article: bool
    outlet: str | None
    original_outlet: str | None = None
    original_url: str | None = None
    title: str | None = None
    published: PublishedTime | None = None
    author: str | None = None
    section: str | None = None
    language: str | None = None
    body: str | None = None
    ticker: tuple[str, ...] = field(default_factory=tuple)
    reason: str | None = None
    # Which charset decoded the bytes and which rule chose it (header, bom, meta, detected...).
    charset: str | None = None
    charset_rule: str | None = None
    # When the page says it was last changed (JSON-LD dateModified, article:modified_time...).
    modified_at: PublishedTime | None = None


@dataclass(frozen=True)
class DayWindow:
    """Africa/Casablanca local days ``first`` .. ``last``, both included."""

    first: date
    last: date

    @property
    def end(self) -> date:
        """The day after ``last``: the exclusive bound SQL filters use."""
        return self.last + timedelta(days=1)

    def days(self) -> list[date]:
        return [self.first + timedelta(days=i) for i in range((self.last - self.first).days + 1)]

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.first <= day <= self.last

    def __str__(self) -> str:
        return f"{self.first.isoformat()}..{self.last.isoformat()}"
