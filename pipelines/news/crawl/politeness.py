"""Being a good citizen: robots.txt (with Crawl-delay) and a minimum interval per host."""

from __future__ import annotations

import base64
import json
import os
import shutil
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from protego import Protego

Clock = Callable[[], float]

# RFC 9309 2.3.1.2 and 2.5: follow at least five redirects; parse at least 500 KiB.
ROBOTS_MAX_REDIRECTS = 5
ROBOTS_MAX_BYTES = 500 * 1024
# How long a finished run's robots.txt answers are kept on disk.
_MEMO_KEEP_SECONDS = 7 * 24 * 3600


@dataclass(frozen=True)
class RobotsAnswer:
    """What a host's robots.txt request came to: the status (None: no answer) and body."""

    status: int | None
    body: bytes


class RobotsMemo(Protocol):
    """Where the fetchers of one run share robots.txt answers, so a host is asked once."""

    def load(self, netloc: str) -> RobotsAnswer | None: ...

    def save(self, netloc: str, answer: RobotsAnswer) -> None: ...


class RobotsFiles:
    """A ``RobotsMemo`` in a run's own folder (one per run, side by side): one small JSON
    file per host, written atomically, readable by every step of the run, in this process or
    another. Creating one removes the folders of runs older than a week beside it."""

    def __init__(self, folder: str | Path) -> None:
        self.folder = Path(folder)
        cutoff = time.time() - _MEMO_KEEP_SECONDS
        if self.folder.parent.exists():
            for other in self.folder.parent.iterdir():
                if other != self.folder and other.is_dir() and other.stat().st_mtime < cutoff:
                    shutil.rmtree(other, ignore_errors=True)

    def load(self, netloc: str) -> RobotsAnswer | None:
        path = self._path(netloc)
        if not path.exists():
            return None
        data = json.loads(path.read_text(encoding="utf-8"))
        return RobotsAnswer(data["status"], base64.b64decode(data["body"]))

    def save(self, netloc: str, answer: RobotsAnswer) -> None:
        path = self._path(netloc)
        path.parent.mkdir(parents=True, exist_ok=True)
        text = json.dumps(
            {"status": answer.status, "body": base64.b64encode(answer.body).decode("ascii")}
        )
        temporary = path.with_name(f".{path.name}.{uuid.uuid4().hex}.tmp")
        temporary.write_text(text, encoding="utf-8")
        os.replace(temporary, path)

    def _path(self, netloc: str) -> Path:
        # A netloc is host[:port]; ':' is fine in a file name on POSIX, '/' cannot occur.
        return self.folder / f"robots.{netloc}.json"


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


class HostPacing(Protocol):
    """Who decides when a host may be requested next: ``HostGate`` within a process, or a
    store every worker of a cluster shares (``shared_gate.PostgresHostGate``)."""

    def wait_turn(self, host: str, interval_seconds: float) -> None: ...

    def hold_off(self, host: str, seconds: float) -> None: ...


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
