"""A quiet stdlib HTTP server for the demo site, bound to loopback only.

Pages come from ``routes.DemoSite``; this layer picks the site URL from the request's Host
header so that absolute links are right on whatever port the site listens, logs every
request (for politeness checks), and in fault mode counts requests per URL to act out the
transient faults: the first request(s) fail, stall, reset or are cut short, later ones
succeed. A scaled site's ``_truth.jsonl`` is sent in chunks (``Transfer-Encoding:
chunked``) as it is written, so that hundreds of MB are never held at once.
"""

from __future__ import annotations

import ipaddress
import re
import socket
import struct
import sys
import threading
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

from pipelines.demo_site.corpus import DEMO_DAYS, DEMO_FIRST_DAY, DEMO_LAST_DAY, DEMO_OUTLETS
from pipelines.demo_site.fault_pages import failure, gzip_bomb
from pipelines.demo_site.faults import (
    DEFAULT_RATE,
    FaultKind,
    FaultPlan,
    fault_records,
    plan_faults,
    request_key,
)
from pipelines.demo_site.generator import Scale
from pipelines.demo_site.http_caching import gzipped, with_validators
from pipelines.demo_site.outlets import DEFAULT_LINEUP
from pipelines.demo_site.responses import Response
from pipelines.demo_site.routes import DemoSite
from pipelines.demo_site.templates.redesign import Redesign, redesign
from pipelines.demo_site.truth import export_truth
from pipelines.news.sources import DEFAULT_SITE_PORT

# The CLI's entry points, re-exported so that it needs one import.
__all__ = [
    "DEFAULT_LINEUP",
    "DEMO_DAYS",
    "DEMO_FIRST_DAY",
    "DEMO_LAST_DAY",
    "DEMO_OUTLETS",
    "DemoSite",
    "RequestRecord",
    "RunningSite",
    "Scale",
    "export_truth",
    "fault_records",
    "redesign",
    "running_site",
    "serve",
]

# How long a ``slow`` fault keeps its first request waiting: past a crawler's timeout.
DEFAULT_SLOW_SECONDS = 3.0
# A Host header we are willing to echo into links: a host name or IP, optional port.
_HOST = re.compile(r"[A-Za-z0-9.\-]+(:\d{1,5})?|\[[0-9A-Fa-f:.]+\](:\d{1,5})?")


@dataclass(frozen=True)
class RequestRecord:
    """One request as the server saw it, for politeness checks (intervals, user agent)."""

    method: str
    path: str  # the request target as sent, query included
    host: str | None  # the Host header
    user_agent: str | None
    started_at: float  # time.monotonic() seconds, once the request line and headers were read
    client: tuple[str, int]  # the peer's (address, port)


@dataclass(frozen=True)
class SiteOptions:
    """How a demo site behaves besides its seed (see ``serve`` for each field)."""

    faults: bool = False
    fault_rate: float = DEFAULT_RATE
    slow_seconds: float = DEFAULT_SLOW_SECONDS
    crawl_delay: float | None = None
    scale: Scale | None = None
    # The template-change drill: this original outlet's articles of local day broken_from
    # (Africa/Casablanca) and later are drawn with ``templates.redesign``; both or neither.
    broken_outlet: str | None = None
    broken_from: date | None = None

    def __post_init__(self) -> None:
        self.redesign()  # a bad drill is refused before a port is bound

    def redesign(self) -> Redesign | None:
        """The drill asked for, checked against the site's shape (``ValueError`` if wrong)."""
        return redesign(self.broken_outlet, self.broken_from, self.scale)


class _DemoHTTPServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, address: tuple[str, int], seed: int, options: SiteOptions) -> None:
        super().__init__(address, _Handler)
        faults, scale = options.faults, options.scale
        host, port = self.server_address[:2]
        # Known only after binding when the port asked for was 0.
        self.own_url = f"http://{host!s}:{port}/"
        self.site = DemoSite(seed, self.own_url, options.crawl_delay, scale, options.redesign())
        if scale is not None:
            # Built now, not on the first request: a large site takes seconds.
            _ = self.site.corpus
        self.plan = plan_faults(self.site.corpus, seed, options.fault_rate) if faults else None
        if faults:
            # Built once per process (~0.2 s): the bomb's first request must not be slow too.
            gzip_bomb()
        self.faults_enabled = faults
        self._cleared_plan = self.plan.cleared() if self.plan is not None else None
        self.slow_seconds = options.slow_seconds
        # Every page's Last-Modified: when this server started (a page's content never changes
        # while it runs; its ETag, a hash of the bytes, tells versions apart anyway).
        self.last_modified = float(int(time.time()))
        # Wakes slow answers when the server shuts down.
        self.stopping = threading.Event()
        self.requests: list[tuple[str, str]] = []
        self.request_log: list[RequestRecord] = []
        self.requests_lock = threading.Lock()
        # Requests seen per request key (tracking parameters dropped), for transient faults.
        self.hits: dict[str, int] = {}

    def active_plan(self) -> FaultPlan | None:
        """The plan to serve: None without fault mode, an empty one while switched off."""
        if self.plan is None or self.faults_enabled:
            return self.plan
        return self._cleared_plan

    def count(self, handler: BaseHTTPRequestHandler, key: str) -> int:
        """Log a request and return how many times ``key`` has been asked for, this one
        included."""
        record = RequestRecord(
            method=handler.command,
            path=handler.path,
            host=handler.headers.get("Host"),
            user_agent=handler.headers.get("User-Agent"),
            started_at=time.monotonic(),
            client=(str(handler.client_address[0]), int(handler.client_address[1])),
        )
        with self.requests_lock:
            self.requests.append((handler.command, handler.path))
            self.request_log.append(record)
            self.hits[key] = self.hits.get(key, 0) + 1
            return self.hits[key]

    def shutdown(self) -> None:
        self.stopping.set()
        super().shutdown()

    def handle_error(
        self, request: socket.socket | tuple[bytes, socket.socket], client_address: object
    ) -> None:
        """Quiet when a client hangs up (a crawler giving up on a slow or huge page)."""
        error = sys.exc_info()[1]
        if not isinstance(error, ConnectionError):
            super().handle_error(request, client_address)


class _Handler(BaseHTTPRequestHandler):
    # Keep-alive, so a crawler's connection pool is exercised as on a real site.
    protocol_version = "HTTP/1.1"
    # Headers and body leave in separate writes; with Nagle's algorithm on, the second
    # waits for the client's delayed ACK (~40 ms a page on Linux).
    disable_nagle_algorithm = True
    server: _DemoHTTPServer

    def do_GET(self) -> None:
        self._respond(send_body=True)

    def do_HEAD(self) -> None:
        self._respond(send_body=False)

    def _respond(self, send_body: bool) -> None:
        key = request_key(self.path)
        nth = self.server.count(self, key)
        plan = self.server.active_plan()
        fault = plan.fault_at(key) if plan is not None else None
        truncate = False
        if fault is not None and fault.misbehaves(nth):
            if fault.kind is FaultKind.CONNECTION_RESET:
                self._reset()
                return
            if fault.kind is FaultKind.SLOW:
                self.server.stopping.wait(self.server.slow_seconds)
            elif fault.kind is FaultKind.TRUNCATED_BODY:
                truncate = True
            else:
                self._send(failure(fault), send_body)
                return
        target = urlsplit(self.path)
        host = self.headers.get("Host", "")
        site_url = f"http://{host}/" if _HOST.fullmatch(host) else self.server.own_url
        site = self.server.site
        if site.scale is not None and target.path == "/_truth.jsonl":
            self._send_chunked(*site.streamed_truth(site_url), send_body)
            return
        page = site.render(target.path, target.query, site_url, plan)
        if fault is None:  # a fault page goes out exactly as the fault says
            page = with_validators(page, self.headers, self.server.last_modified)
            page = gzipped(page, self.headers.get("Accept-Encoding"))
        self._send(page, send_body, truncate)

    def _send(self, response: Response, send_body: bool, truncate: bool = False) -> None:
        status, headers, body = response
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if not send_body:
            return
        if truncate:
            # Promise the whole body, send half, hang up.
            self.wfile.write(body[: len(body) // 2])
            self.close_connection = True
            return
        self.wfile.write(body)

    def _send_chunked(
        self, headers: dict[str, str], pieces: Iterable[bytes], send_body: bool
    ) -> None:
        """A 200 whose body goes out piece by piece (HTTP/1.1 chunked transfer coding)."""
        self.send_response(200)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        if not send_body:
            return
        for piece in pieces:
            if piece:
                self.wfile.write(b"%X\r\n%s\r\n" % (len(piece), piece))
        self.wfile.write(b"0\r\n\r\n")

    def _reset(self) -> None:
        """Drop the connection with a TCP RST and no response at all.

        With SO_LINGER on and a zero timeout, close() resets instead of the orderly FIN.
        Closing here, before socketserver's own shutdown(SHUT_WR), keeps that FIN from
        going out first; the descriptor is really closed once the handler's files are.
        """
        self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.connection.close()
        self.close_connection = True

    def log_message(self, format: str, *args: object) -> None:
        """Silent: a crawl of thousands of pages must not flood stderr."""


def serve(
    port: int = DEFAULT_SITE_PORT,
    seed: int = 7,
    host: str = "127.0.0.1",
    faults: bool = False,
    slow_seconds: float = DEFAULT_SLOW_SECONDS,
    crawl_delay: float | None = None,
    fault_rate: float = DEFAULT_RATE,
    scale: Scale | None = None,
    broken_outlet: str | None = None,
    broken_from: date | None = None,
) -> ThreadingHTTPServer:
    """A bound (not yet serving) server for the site of ``seed``; call ``serve_forever()``.

    Only loopback addresses are accepted: the demo site is never exposed to a network.
    ``faults`` turns on fault mode (docs/demo-site.md); ``slow_seconds`` is how long a
    ``slow`` fault stalls; ``crawl_delay`` (seconds) is announced in robots.txt. ``scale``
    serves a site of that many outlets and days (built before this returns) instead of the
    bundled one. ``broken_outlet`` and ``broken_from`` (a Casablanca local day) start the
    template-change drill (``templates.redesign``); a bad drill raises ``ValueError``.
    """
    options = SiteOptions(
        faults, fault_rate, slow_seconds, crawl_delay, scale, broken_outlet, broken_from
    )
    return _bind(port, seed, host, options)


def _bind(port: int, seed: int, host: str, options: SiteOptions) -> _DemoHTTPServer:
    if host != "localhost" and not ipaddress.IPv4Address(host).is_loopback:
        raise ValueError(f"the demo site binds to loopback only, not {host!r}")
    return _DemoHTTPServer((host, port), seed, options)


@dataclass
class RunningSite:
    url: str  # "http://127.0.0.1:PORT/"
    site: DemoSite
    # (method, request target) of every request served, appended under a lock.
    requests: list[tuple[str, str]] = field(default_factory=list)
    # The same requests with host, user agent, monotonic start time and client address.
    request_log: list[RequestRecord] = field(default_factory=list)
    _server: _DemoHTTPServer | None = field(default=None, repr=False)

    @property
    def fault_plan(self) -> FaultPlan | None:
        """The site's fault plan; None when it was started without faults."""
        return self._server.plan if self._server is not None else None

    def set_faults(self, enabled: bool) -> None:
        """Switch fault mode off (the site serves as without it, ``_faults.jsonl`` is
        empty) or back on. Request counts carry on: spent transient faults stay spent."""
        if self._server is None or self._server.plan is None:
            if enabled:
                raise ValueError("the site was started without faults")
            return
        self._server.faults_enabled = enabled

    def fault_records(self) -> list[dict[str, object]]:
        """What ``/_faults.jsonl`` serves now, without going over HTTP."""
        plan = self._server.active_plan() if self._server is not None else None
        return plan.records(self.url) if plan is not None else []


@contextmanager
def running_site(
    port: int = 0,
    seed: int = 7,
    faults: bool = False,
    slow_seconds: float = DEFAULT_SLOW_SECONDS,
    crawl_delay: float | None = None,
    fault_rate: float = DEFAULT_RATE,
    scale: Scale | None = None,
    broken_outlet: str | None = None,
    broken_from: date | None = None,
) -> Iterator[RunningSite]:
    """Serve the site on 127.0.0.1 in a daemon thread; ``port=0`` picks a free port.

    See ``serve`` for the fault-mode parameters, ``scale`` and the template-change drill.
    """
    options = SiteOptions(
        faults, fault_rate, slow_seconds, crawl_delay, scale, broken_outlet, broken_from
    )
    server = _bind(port, seed, "127.0.0.1", options)
    # A short poll interval makes shutdown (and so each test using the site) quick.
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, name="demo-site", daemon=True
    )
    thread.start()
    try:
        yield RunningSite(
            url=server.own_url,
            site=server.site,
            requests=server.requests,
            request_log=server.request_log,
            _server=server,
        )
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
