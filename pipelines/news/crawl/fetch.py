"""Fetch pages over HTTP politely, survive hostile servers, and keep exactly what came back.

* Politeness: robots.txt (with Crawl-delay) per host, a minimum interval per host, a global
  concurrency limit, an identifying User-Agent with a contact URL.
* Resilience: timeouts; retries with exponential backoff and jitter on connection errors, 5xx
  and 429, honouring Retry-After; a cap on attempts; conditional GET; redirects followed by
  hand so each hop is checked (limit, loops, robots, address guard).
* Safety: caps on declared and decompressed body size; only HTML/XML bodies are read; private,
  loopback and link-local addresses refused unless the source is marked local.

Bodies stay raw bytes (decoding is the parser's job: Moroccan sites still serve windows-1256
and httpx's ``Response.text`` ignores ``<meta charset>``). Failures are results with a reason,
never exceptions, so every URL ends up in the fetch log; every attempt is one ``FetchResult``.
"""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from email.message import Message
from email.utils import parsedate_to_datetime
from urllib.parse import urljoin, urlsplit

import httpx

from pipelines.news.crawl.address_guard import AddressGuard
from pipelines.news.crawl.politeness import (
    ROBOTS_MAX_BYTES,
    ROBOTS_MAX_REDIRECTS,
    HostGate,
    HostPacing,
    RobotsAnswer,
    RobotsMemo,
    RobotsRules,
)

DEFAULT_CONTACT_URL = "https://github.com/akhbar-news/akhbar"
READABLE_CONTENT_TYPES = (
    "text/html",
    "application/xhtml+xml",
    "application/xml",
    "text/xml",
    "application/rss+xml",
    "application/atom+xml",
)
_RETRIED_STATUSES = frozenset({429, 500, 502, 503, 504})
_PROCESS_GATE = HostGate()
_REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})


@dataclass(frozen=True)
class FetchSettings:
    contact_url: str = DEFAULT_CONTACT_URL
    timeout_seconds: float = 10.0
    max_concurrency: int = 8
    # Default spacing of requests to one host; a source may override it, Crawl-delay raises it.
    min_interval_seconds: float = 1.0
    max_attempts: int = 4
    backoff_base_seconds: float = 0.5
    backoff_max_seconds: float = 30.0
    # A Retry-After longer than this is not waited for: the URL fails with that reason.
    max_retry_after_seconds: float = 120.0
    max_redirects: int = 5
    # Applies to the declared Content-Length and to the decompressed body (gzip bombs).
    max_body_bytes: int = 5_000_000

    @property
    def user_agent(self) -> str:
        return f"AkhbarBot/0.1 (+{self.contact_url}; news analytics)"


@dataclass(frozen=True)
class Validators:
    """What we kept of an earlier fetch of a URL, for a conditional GET, and what a 304
    answer then stands for: that body, its content type, when it was downloaded."""

    sha256: str
    etag: str | None = None
    last_modified: str | None = None
    content_type: str | None = None
    body_fetched_at: datetime | None = None


@dataclass(frozen=True)
class FetchResult:
    """One HTTP attempt and what it produced. ``fetched_at`` is UTC.

    ``body`` is empty for a 304: the content is the archived body ``reused_sha256``.
    """

    url: str
    final_url: str
    status: int | None
    content_type: str | None
    body: bytes
    fetched_at: datetime
    error: str | None = None
    attempt: int = 1
    etag: str | None = None
    last_modified: str | None = None
    reused_sha256: str | None = None
    # When the body was downloaded: ``fetched_at``, or earlier for a 304's reused body.
    body_fetched_at: datetime | None = None
    # Why it failed, for accounting: 'http', 'network', 'robots', 'address', 'redirect',
    # 'size' or 'content_type'.
    error_kind: str | None = None
    # Worth another attempt: no answer (reset, timeout, truncated body), a 5xx or a 429.
    retryable: bool = False

    @property
    def ok(self) -> bool:
        return self.error is None and self.status is not None and 200 <= self.status < 400

    @property
    def declared_charset(self) -> str | None:
        if not self.content_type:
            return None
        message = Message()
        message["content-type"] = self.content_type
        charset = message.get_param("charset")
        return str(charset).lower() if isinstance(charset, str) else None


@dataclass(frozen=True)
class FetchOutcome:
    """Every attempt made for one URL; the last one is what the URL ended as."""

    attempts: tuple[FetchResult, ...]

    @property
    def final(self) -> FetchResult:
        return self.attempts[-1]


@dataclass
class PageFetcher:
    """A polite, bounded HTTP client. Use as a context manager."""

    settings: FetchSettings = field(default_factory=FetchSettings)
    # Per-host overrides, keyed by netloc (host[:port]).
    host_intervals: Mapping[str, float] = field(default_factory=dict)
    robots_exempt: frozenset[str] = frozenset()
    guard: AddressGuard = field(default_factory=AddressGuard)
    # robots.txt answers shared by the fetchers of one run (steps, processes); None: per fetcher.
    robots_memo: RobotsMemo | None = None
    sleep: Callable[[float], None] = time.sleep
    jitter: random.Random = field(default_factory=random.Random)
    # Per-host pacing shared beyond this process (a cluster's workers); None: the process's.
    gate: HostPacing | None = None

    def __post_init__(self) -> None:
        self._client = httpx.Client(
            headers={"User-Agent": self.settings.user_agent},
            timeout=self.settings.timeout_seconds,
            follow_redirects=False,
            limits=httpx.Limits(max_connections=self.settings.max_concurrency),
        )
        # Fetchers of one process share the per-host schedule, so consecutive steps of a run
        # (discovery, then pages) keep their spacing too. A test's fake sleep gets its own.
        self._gate: HostPacing = self.gate or (
            _PROCESS_GATE if self.sleep is time.sleep else HostGate(sleep=self.sleep)
        )
        self._robots: dict[str, RobotsRules] = {}
        self._robots_answers: dict[str, RobotsAnswer] = {}
        self._robots_lock = threading.Lock()
        self._host_locks: dict[str, threading.Lock] = {}
        # robots.txt requests, for the fetch log (purpose 'robots').
        self.robots_requests: list[FetchResult] = []

    def __enter__(self) -> PageFetcher:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._client.close()

    # -- public -------------------------------------------------------------------------

    def fetch(self, url: str, validators: Validators | None = None) -> FetchOutcome:
        """Fetch ``url`` with retries; never raises."""
        attempts: list[FetchResult] = []
        for attempt in range(1, self.settings.max_attempts + 1):
            result, retry_after = self._attempt(url, validators, attempt)
            attempts.append(result)
            if not result.retryable or attempt == self.settings.max_attempts:
                break
            if retry_after is not None and retry_after > self.settings.max_retry_after_seconds:
                attempts[-1] = replace(
                    result,
                    error=f"{result.error}; Retry-After {retry_after:.0f} s exceeds the "
                    f"{self.settings.max_retry_after_seconds:.0f} s cap",
                )
                break
            delay = self._backoff(attempt)
            if retry_after is not None:
                delay = max(delay, retry_after)
                # The whole host asked us to slow down, not just this URL.
                self._gate.hold_off(urlsplit(result.final_url).netloc, retry_after)
            self.sleep(delay)
        return FetchOutcome(tuple(attempts))

    def fetch_many(
        self, urls: Iterable[str], validators: Mapping[str, Validators] | None = None
    ) -> list[FetchOutcome]:
        """Fetch concurrently (at most ``max_concurrency`` at once); results in input order."""
        url_list: Sequence[str] = list(urls)
        known = validators or {}
        if not url_list:
            return []
        with ThreadPoolExecutor(max_workers=self.settings.max_concurrency) as pool:
            return list(pool.map(lambda u: self.fetch(u, known.get(u)), url_list))

    def robots_rules(self, url: str) -> tuple[RobotsRules, RobotsAnswer | None]:
        """The rules of ``url``'s host and the answer they came from (None: exempt)."""
        parts = urlsplit(url)
        if parts.netloc in self.robots_exempt:
            return RobotsRules(parser=None), None
        rules = self._robots_for(parts.scheme, parts.netloc)
        return rules, self._robots_answers.get(parts.netloc)

    def interval_for(self, url: str) -> float:
        """Seconds between two requests to ``url``'s host: the setting, or Crawl-delay."""
        return self._interval(urlsplit(url).netloc)

    # -- one attempt ----------------------------------------------------------------------

    def _attempt(
        self, url: str, validators: Validators | None, attempt: int
    ) -> tuple[FetchResult, float | None]:
        fetched_at = datetime.now(UTC)
        current = url
        seen = [url]
        headers = _conditional_headers(validators)
        while True:
            refusal = self._refusal(current)
            if refusal:
                kind, reason = refusal
                return self._failed(url, current, fetched_at, kind, reason, attempt), None
            host = urlsplit(current).netloc
            self._gate.wait_turn(host, self._interval(host))
            try:
                result, retry_after, location = self._request(
                    url, current, headers, fetched_at, attempt, validators
                )
            except httpx.HTTPError as error:
                reason = f"{type(error).__name__}: {error}" if str(error) else type(error).__name__
                failed = self._failed(url, current, fetched_at, "network", reason, attempt)
                return replace(failed, retryable=True), None
            if location is None:
                return result, retry_after
            target = urljoin(current, location)
            if target in seen:
                loop = " -> ".join([*seen, target])
                reason = f"redirect loop: {loop}"
                return self._failed(url, current, fetched_at, "redirect", reason, attempt), None
            if len(seen) > self.settings.max_redirects:
                reason = f"more than {self.settings.max_redirects} redirects"
                return self._failed(url, current, fetched_at, "redirect", reason, attempt), None
            seen.append(target)
            current = target

    def _request(
        self,
        url: str,
        current: str,
        headers: dict[str, str],
        fetched_at: datetime,
        attempt: int,
        validators: Validators | None,
    ) -> tuple[FetchResult, float | None, str | None]:
        """One HTTP exchange: (result, Retry-After seconds, redirect Location)."""
        with self._client.stream("GET", current, headers=headers) as response:
            status = response.status_code
            answer = FetchResult(
                url=url,
                final_url=current,
                status=status,
                content_type=response.headers.get("content-type"),
                body=b"",
                fetched_at=fetched_at,
                attempt=attempt,
                etag=response.headers.get("etag"),
                last_modified=response.headers.get("last-modified"),
            )
            if status in _REDIRECT_STATUSES and response.headers.get("location"):
                return answer, None, response.headers["location"]
            if status == 304 and validators is not None:
                # The earlier body stands: its type, and validators a 304 need not repeat.
                confirmed = replace(
                    answer,
                    reused_sha256=validators.sha256,
                    content_type=answer.content_type or validators.content_type,
                    etag=answer.etag or validators.etag,
                    last_modified=answer.last_modified or validators.last_modified,
                    body_fetched_at=validators.body_fetched_at,
                )
                return confirmed, None, None
            if status >= 400:
                retry_after = _retry_after_seconds(response.headers.get("retry-after"))
                failed = replace(
                    answer,
                    error=f"HTTP {status}",
                    error_kind="http",
                    retryable=status in _RETRIED_STATUSES,
                )
                return failed, retry_after, None
            unreadable = self._unreadable(
                answer.content_type, response.headers.get("content-length")
            )
            if unreadable:
                kind, reason = unreadable
                return replace(answer, error=reason, error_kind=kind), None, None
            body, too_big = self._read_capped(response)
            if too_big:
                return replace(answer, error=too_big, error_kind="size"), None, None
            return replace(answer, body=body, body_fetched_at=fetched_at), None, None

    def _read_capped(self, response: httpx.Response) -> tuple[bytes, str | None]:
        """The decompressed body, or a reason once it passes the size cap."""
        limit = self.settings.max_body_bytes
        chunks: list[bytes] = []
        size = 0
        for chunk in response.iter_bytes():
            size += len(chunk)
            if size > limit:
                return b"", f"body exceeds the {limit:,} byte limit after decompression"
            chunks.append(chunk)
        return b"".join(chunks), None

    def _unreadable(
        self, content_type: str | None, content_length: str | None
    ) -> tuple[str, str] | None:
        """(error kind, reason) when the body is not worth reading."""
        if content_type and not content_type.lower().lstrip().startswith(READABLE_CONTENT_TYPES):
            kind = content_type.split(";")[0].strip()
            return "content_type", f"content type {kind} is not HTML or XML"
        if content_length and content_length.isdigit():
            if int(content_length) > self.settings.max_body_bytes:
                return "size", (
                    f"declared body of {int(content_length):,} bytes exceeds the "
                    f"{self.settings.max_body_bytes:,} byte limit"
                )
        return None

    # -- policies -------------------------------------------------------------------------

    def _refusal(self, url: str) -> tuple[str, str] | None:
        """(error kind, reason) when ``url`` must not be requested at all."""
        refusal = self.guard.refusal(url)
        if refusal:
            return "address", refusal
        parts = urlsplit(url)
        if parts.netloc in self.robots_exempt:
            return None
        rules = self._robots_for(parts.scheme, parts.netloc)
        if not rules.allows(url, self.settings.user_agent):
            return "robots", "disallowed by robots.txt"
        return None

    def _robots_for(self, scheme: str, netloc: str) -> RobotsRules:
        with self._robots_lock:
            lock = self._host_locks.setdefault(netloc, threading.Lock())
        with lock:  # one robots.txt request per host, even with many threads
            if netloc not in self._robots:
                remembered = self.robots_memo.load(netloc) if self.robots_memo else None
                if remembered is None:
                    remembered = self._fetch_robots(f"{scheme}://{netloc}/robots.txt")
                    if self.robots_memo is not None:
                        self.robots_memo.save(netloc, remembered)
                rules = RobotsRules.from_response(remembered.status, remembered.body)
                self._robots[netloc] = rules
                self._robots_answers[netloc] = remembered
                delay = rules.crawl_delay(self.settings.user_agent)
                if delay:
                    # The robots.txt request counts: the next one to the host waits the delay.
                    self._gate.hold_off(netloc, delay)
            return self._robots[netloc]

    def _fetch_robots(self, robots_url: str) -> RobotsAnswer:
        """robots.txt as RFC 9309 asks: up to 5 redirects followed (more, or a loop, is
        "unavailable", as a 4xx is), at most ``ROBOTS_MAX_BYTES`` read (the rest ignored),
        each hop paced like any request to its host and checked by the address guard. No
        answer or a 5xx is tried again as a page would be (backoff, ``max_attempts``): only
        then does it mean "disallow everything" for the run (RFC 9309 2.3.1.3)."""
        for attempt in range(1, self.settings.max_attempts + 1):
            answer, retryable = self._fetch_robots_once(robots_url)
            if not retryable or attempt == self.settings.max_attempts:
                break
            self.sleep(self._backoff(attempt))
        return answer

    def _fetch_robots_once(self, robots_url: str) -> tuple[RobotsAnswer, bool]:
        """One try: the answer, and whether it is worth another (no answer, or a 5xx)."""
        current, seen = robots_url, [robots_url]
        while True:
            host = urlsplit(current).netloc
            fetched_at = datetime.now(UTC)
            refusal = self.guard.refusal(current)
            if refusal:
                answer = self._robots_answer(robots_url, current, None, b"", fetched_at, refusal)
                return answer, False
            self._gate.wait_turn(host, self._interval(host))
            try:
                with self._client.stream("GET", current) as response:
                    status = response.status_code
                    location = response.headers.get("location")
                    body = b"" if location else _read_prefix(response, ROBOTS_MAX_BYTES)
            except httpx.HTTPError as exc:
                reason = f"{type(exc).__name__}: {exc}"
                return self._robots_answer(robots_url, current, None, b"", fetched_at, reason), True
            if status not in _REDIRECT_STATUSES or not location:
                error = None if 200 <= status < 300 else f"HTTP {status}"
                answer = self._robots_answer(robots_url, current, status, body, fetched_at, error)
                return answer, status >= 500
            self._robots_answer(robots_url, current, status, b"", fetched_at, None)
            target = urljoin(current, location)
            if target in seen or len(seen) > ROBOTS_MAX_REDIRECTS:
                why = "redirect loop" if target in seen else "too many redirects"
                self._robots_answer(
                    robots_url, target, None, b"", fetched_at, f"{why}: treated as unavailable"
                )
                # RFC 9309 2.3.1.2: robots.txt is then unavailable, which means what a 4xx does.
                return RobotsAnswer(404, b""), False
            seen.append(target)
            current = target

    def _robots_answer(
        self,
        robots_url: str,
        final_url: str,
        status: int | None,
        body: bytes,
        fetched_at: datetime,
        error: str | None,
    ) -> RobotsAnswer:
        """Log one robots.txt request (for the fetch log) and return what it answered."""
        self.robots_requests.append(
            FetchResult(robots_url, final_url, status, None, body, fetched_at, error)
        )
        return RobotsAnswer(status, body)

    def _interval(self, netloc: str) -> float:
        interval = self.host_intervals.get(netloc, self.settings.min_interval_seconds)
        rules = self._robots.get(netloc)
        delay = rules.crawl_delay(self.settings.user_agent) if rules else None
        return max(interval, delay or 0.0)

    def _backoff(self, attempt: int) -> float:
        ceiling = min(
            self.settings.backoff_max_seconds,
            self.settings.backoff_base_seconds * 2 ** (attempt - 1),
        )
        return self.jitter.uniform(ceiling / 2, ceiling)

    def _failed(
        self, url: str, current: str, fetched_at: datetime, kind: str, reason: str, attempt: int
    ) -> FetchResult:
        return FetchResult(
            url=url,
            final_url=current,
            status=None,
            content_type=None,
            body=b"",
            fetched_at=fetched_at,
            error=reason,
            error_kind=kind,
            attempt=attempt,
        )


def _read_prefix(response: httpx.Response, limit: int) -> bytes:
    """The first ``limit`` decompressed bytes of the body; the rest is never read."""
    chunks: list[bytes] = []
    size = 0
    for chunk in response.iter_bytes():
        chunks.append(chunk[: limit - size])
        size += len(chunks[-1])
        if size >= limit:
            break
    return b"".join(chunks)


def _conditional_headers(validators: Validators | None) -> dict[str, str]:
    headers: dict[str, str] = {}
    if validators is not None:
        if validators.etag:
            headers["If-None-Match"] = validators.etag
        if validators.last_modified:
            headers["If-Modified-Since"] = validators.last_modified
    return headers


def _retry_after_seconds(value: str | None) -> float | None:
    """Retry-After as seconds from now: either delta-seconds or an HTTP date."""
    if not value:
        return None
    text = value.strip()
    if text.isdigit():
        return float(text)
    try:
        moment = parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return max(0.0, (moment - datetime.now(UTC)).total_seconds())
