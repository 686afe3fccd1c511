"""Being a good citizen: robots.txt (with Crawl-delay) and a minimum interval per host."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from protego import Protego

Clock = Callable[[], float]


@dataclass(frozen=True)
class RobotsRules:
    """What one host's robots.txt allows our user agent. ``None`` parser = allow everything."""

    parser: Protego | None
    disallow_all: bool = False

    def allows(self, url: str, user_agent: str) -> bool:
        if self.disallow_all:
            return False
        return self.parser is None or bool(self.parser.can_fetch(url, user_agent))

    def crawl_delay(self, user_agent: str) -> float | None:
        if self.parser is None:
            return None
        delay = self.parser.crawl_delay(user_agent)
        return float(delay) if delay is not None else None

    @classmethod
    def from_response(cls, status: int | None, body: bytes) -> RobotsRules:
        """RFC 9309: a 4xx means no rules; a 5xx or no answer means "disallow everything"
        until robots.txt can be read."""
        if status is None or status >= 500:
            return cls(parser=None, disallow_all=True)
        if status >= 400:
            return cls(parser=None)
        return cls(parser=Protego.parse(body.decode("utf-8", errors="replace")))


class HostGate:
    """Spaces requests to each host by at least its interval, across threads."""

    def __init__(self, clock: Clock = time.monotonic, sleep: Callable[[float], None] = time.sleep):
        self._clock = clock
        self._sleep = sleep
        self._lock = threading.Lock()
        self._next_allowed: dict[str, float] = {}

    def wait_turn(self, host: str, interval_seconds: float) -> None:
        """Block until ``host`` may be requested, and book the slot after this request."""
        with self._lock:
            now = self._clock()
            start = max(now, self._next_allowed.get(host, now))
            self._next_allowed[host] = start + interval_seconds
        if start > now:
            self._sleep(start - now)

    def hold_off(self, host: str, seconds: float) -> None:
        """After a 429 or 503: no request to ``host`` for ``seconds`` from now."""
        with self._lock:
            until = self._clock() + seconds
            self._next_allowed[host] = max(self._next_allowed.get(host, until), until)
