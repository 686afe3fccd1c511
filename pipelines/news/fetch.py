"""Fetch pages over HTTP and keep exactly what came back.

Bodies stay raw bytes (decoding is the parser's job: Moroccan sites still serve windows-1256
and httpx's ``Response.text`` ignores ``<meta charset>``). A failure is a result with a reason,
never an exception, so every URL ends up in the fetch log.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime

import httpx

DEFAULT_USER_AGENT = "AkhbarBot/0.1 (+https://github.com/akhbar-news/akhbar; news analytics)"


@dataclass(frozen=True)
class FetchResult:
    """One HTTP request and what it produced. ``fetched_at`` is UTC."""

    url: str
    final_url: str
    status: int | None
    content_type: str | None
    body: bytes
    fetched_at: datetime
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None and self.status is not None and 200 <= self.status < 300


@dataclass(frozen=True)
class FetchSettings:
    user_agent: str = DEFAULT_USER_AGENT
    timeout_seconds: float = 10.0
    max_concurrency: int = 8
    max_redirects: int = 5


class PageFetcher:
    """A small pool of HTTP connections. Use as a context manager."""

    def __init__(self, settings: FetchSettings | None = None) -> None:
        self.settings = settings or FetchSettings()
        self._client = httpx.Client(
            headers={"User-Agent": self.settings.user_agent},
            timeout=self.settings.timeout_seconds,
            follow_redirects=True,
            max_redirects=self.settings.max_redirects,
            limits=httpx.Limits(max_connections=self.settings.max_concurrency),
        )

    def __enter__(self) -> PageFetcher:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._client.close()

    def fetch(self, url: str) -> FetchResult:
        fetched_at = datetime.now(UTC)
        try:
            response = self._client.get(url)
        except httpx.HTTPError as error:
            return FetchResult(
                url=url,
                final_url=url,
                status=None,
                content_type=None,
                body=b"",
                fetched_at=fetched_at,
                error=f"{type(error).__name__}: {error}",
            )
        error_text = None if response.is_success else f"HTTP {response.status_code}"
        return FetchResult(
            url=url,
            final_url=str(response.url),
            status=response.status_code,
            content_type=response.headers.get("content-type"),
            body=response.content,
            fetched_at=fetched_at,
            error=error_text,
        )

    def fetch_many(self, urls: Iterable[str]) -> list[FetchResult]:
        """Fetch concurrently; results come back in the order of ``urls``."""
        url_list: Sequence[str] = list(urls)
        if not url_list:
            return []
        with ThreadPoolExecutor(max_workers=self.settings.max_concurrency) as pool:
            return list(pool.map(self.fetch, url_list))
