"""Routing of the demo site and a quiet stdlib HTTP server bound to loopback only.

``DemoSite.render`` is a pure function of (seed, site URL, path, query); the HTTP layer
only picks the site URL from the request's Host header so that absolute links are right
on whatever port the site listens.
"""

from __future__ import annotations

import ipaddress
import re
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from math import ceil
from urllib.parse import parse_qs, unquote, urlsplit

from pipelines.demo_site.corpus import (
    DEMO_FIRST_DAY,
    DEMO_LAST_DAY,
    Corpus,
    DemoArticle,
    build_corpus,
)
from pipelines.demo_site.feeds import daily_sitemap, robots_txt, rss, sitemap_index
from pipelines.demo_site.outlets import OUTLETS, OutletSpec
from pipelines.demo_site.templates import TEMPLATES
from pipelines.demo_site.templates.layout import (
    LISTING_PAGE_SIZE,
    PageContext,
    listing,
    pagination,
    section_path,
    text,
)
from pipelines.demo_site.truth import export_truth, truth_jsonl

# The CLI's entry points, re-exported so that it needs one import.
__all__ = [
    "DEMO_FIRST_DAY",
    "DEMO_LAST_DAY",
    "DemoSite",
    "RunningSite",
    "export_truth",
    "running_site",
    "serve",
]

DEFAULT_SITE_URL = "http://127.0.0.1:8765/"
HOME_PAGE_SIZE = 20

Response = tuple[int, dict[str, str], bytes]

_UTF8_HTML = "text/html; charset=utf-8"
_XML = "application/xml; charset=utf-8"
_DAILY_SITEMAP = re.compile(r"sitemap-(\d{4}-\d{2}-\d{2})\.xml")
# A Host header we are willing to echo into links: a host name or IP, optional port.
_HOST = re.compile(r"[A-Za-z0-9.\-]+(:\d{1,5})?|\[[0-9A-Fa-f:.]+\](:\d{1,5})?")


class DemoSite:
    """All pages of the demo site for one seed; the corpus is built on first use."""

    def __init__(self, seed: int = 7, site_url: str = DEFAULT_SITE_URL) -> None:
        self.seed = seed
        self.site_url = site_url if site_url.endswith("/") else site_url + "/"
        self._corpus: Corpus | None = None
        self._lock = threading.Lock()

    @property
    def corpus(self) -> Corpus:
        with self._lock:
            if self._corpus is None:
                self._corpus = build_corpus(self.seed)
            return self._corpus

    def render(self, path: str, query: str, site_url: str | None = None) -> Response:
        """(status, headers, body) for a request path (leading "/" optional) and raw query."""
        root = site_url or self.site_url
        ctx = PageContext(site_url=root if root.endswith("/") else root + "/", corpus=self.corpus)
        relative = unquote(path).lstrip("/")
        params = parse_qs(query)
        if relative == "":
            return _html(_site_index(ctx))
        if relative == "robots.txt":
            return 200, {"Content-Type": "text/plain; charset=utf-8"}, robots_txt(ctx).encode()
        if relative == "_truth.jsonl":
            body = truth_jsonl(ctx.corpus, ctx.site_url).encode()
            return 200, {"Content-Type": "application/x-ndjson; charset=utf-8"}, body
        parts = relative.split("/")
        if len(parts) < 3 or parts[0] != "o" or parts[1] not in OUTLETS:
            return _not_found()
        return self._outlet_page(OUTLETS[parts[1]], ctx, relative, parts[2:], params)

    def _outlet_page(
        self,
        outlet: OutletSpec,
        ctx: PageContext,
        relative: str,
        rest: list[str],
        params: dict[str, list[str]],
    ) -> Response:
        if rest == [""]:
            if outlet.key == "souss" and "p" in params:
                # WordPress-style article URL: o/souss/?p=<id>
                relative = f"o/souss/?p={params['p'][0]}"
            else:
                return _outlet_html(outlet, _home(outlet, ctx))
        if rest == ["sitemap.xml"]:
            return _xml(sitemap_index(outlet, ctx))
        if len(rest) == 1 and (match := _DAILY_SITEMAP.fullmatch(rest[0])):
            day = _day(match.group(1))
            if day is None or day not in ctx.corpus.local_days:
                return _not_found()
            return _xml(daily_sitemap(outlet, day, ctx))
        if outlet.feed is not None and rest == [outlet.feed]:
            return _xml(rss(outlet, ctx))
        if len(rest) == 2 and rest[0] == "section":
            return self._section(outlet, ctx, rest[1], params)
        if rest == ["search"]:
            # Disallowed by robots.txt; served so politeness tests can see who comes.
            return _outlet_html(outlet, _listing(outlet, ctx, "نتائج البحث", []))
        if rest[0] == "admin":
            return 403, {"Content-Type": _UTF8_HTML}, b"<h1>403 Forbidden</h1>\n"
        article = ctx.corpus.by_path.get(relative)
        if article is None or article.outlet != outlet.key:
            return _not_found()
        return _outlet_html(outlet, TEMPLATES[outlet.key].render_article(article, ctx))

    def _section(
        self, outlet: OutletSpec, ctx: PageContext, label: str, params: dict[str, list[str]]
    ) -> Response:
        topic = outlet.topic_for(label)
        page_text = params.get("page", ["1"])[0]
        if topic is None or not page_text.isdigit():
            return _not_found()
        newest_first = list(reversed(ctx.corpus.by_outlet_topic.get((outlet.key, topic), ())))
        pages = max(1, ceil(len(newest_first) / LISTING_PAGE_SIZE))
        page = int(page_text)
        if not 1 <= page <= pages:
            return _not_found()
        shown = newest_first[(page - 1) * LISTING_PAGE_SIZE : page * LISTING_PAGE_SIZE]
        links = pagination(ctx, section_path(outlet, label), page, pages)
        return _outlet_html(outlet, _listing(outlet, ctx, label, shown, links))


def _home(outlet: OutletSpec, ctx: PageContext) -> str:
    latest = list(reversed(ctx.corpus.by_outlet[outlet.key][-HOME_PAGE_SIZE:]))
    return _listing(outlet, ctx, "آخر الأخبار", latest)


def _listing(
    outlet: OutletSpec,
    ctx: PageContext,
    heading: str,
    articles: Sequence[DemoArticle],
    links: str = "",
) -> str:
    template = TEMPLATES[outlet.key]
    return listing(
        outlet,
        ctx,
        heading=heading,
        articles=articles,
        written_date=template.written_date,
        banner=template.banner(ctx, None),
        pagination=links,
    )


def _site_index(ctx: PageContext) -> str:
    """The site root: links to the four outlets (not part of any outlet)."""
    items = "".join(
        f'<li><a href="{ctx.url(o.base_path)}">{text(o.name)}</a></li>' for o in OUTLETS.values()
    )
    return (
        '<!DOCTYPE html>\n<html lang="ar" dir="rtl">\n<head><meta charset="utf-8">'
        "<title>موقع تجريبي</title></head>\n"
        f"<body><h1>موقع الأخبار التجريبي</h1><ul>{items}</ul></body>\n</html>\n"
    )


def _day(value: str) -> date | None:
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def _html(page: str) -> Response:
    return 200, {"Content-Type": _UTF8_HTML}, page.encode()


def _outlet_html(outlet: OutletSpec, page: str) -> Response:
    """Encode in the outlet's charset; a non-UTF-8 outlet declares it only inside the page."""
    content_type = _UTF8_HTML if outlet.charset == "utf-8" else "text/html"
    return 200, {"Content-Type": content_type}, page.encode(outlet.charset)


def _xml(document: str) -> Response:
    return 200, {"Content-Type": _XML}, document.encode()


def _not_found() -> Response:
    page = (
        '<!DOCTYPE html>\n<html lang="ar" dir="rtl"><body><h1>404</h1>'
        "<p>الصفحة غير موجودة</p></body></html>\n"
    )
    return 404, {"Content-Type": _UTF8_HTML}, page.encode()


class _DemoHTTPServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, address: tuple[str, int], seed: int) -> None:
        super().__init__(address, _Handler)
        host, port = self.server_address[:2]
        # Known only after binding when the port asked for was 0.
        self.own_url = f"http://{host!s}:{port}/"
        self.site = DemoSite(seed, self.own_url)
        self.requests: list[tuple[str, str]] = []
        self.requests_lock = threading.Lock()


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
        with self.server.requests_lock:
            self.server.requests.append((self.command, self.path))
        target = urlsplit(self.path)
        host = self.headers.get("Host", "")
        site_url = f"http://{host}/" if _HOST.fullmatch(host) else self.server.own_url
        status, headers, body = self.server.site.render(target.path, target.query, site_url)
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if send_body:
            self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        """Silent: a crawl of thousands of pages must not flood stderr."""


def serve(port: int = 8765, seed: int = 7, host: str = "127.0.0.1") -> ThreadingHTTPServer:
    """A bound (not yet serving) server for the site of ``seed``; call ``serve_forever()``.

    Only loopback addresses are accepted: the demo site is never exposed to a network.
    """
    return _bind(port, seed, host)


def _bind(port: int, seed: int, host: str = "127.0.0.1") -> _DemoHTTPServer:
    if host != "localhost" and not ipaddress.IPv4Address(host).is_loopback:
        raise ValueError(f"the demo site binds to loopback only, not {host!r}")
    return _DemoHTTPServer((host, port), seed)


@dataclass
class RunningSite:
    url: str  # "http://127.0.0.1:PORT/"
    site: DemoSite
    # (method, request target) of every request served, appended under a lock.
    requests: list[tuple[str, str]] = field(default_factory=list)


@contextmanager
def running_site(port: int = 0, seed: int = 7) -> Iterator[RunningSite]:
    """Serve the site on 127.0.0.1 in a daemon thread; ``port=0`` picks a free port."""
    server = _bind(port, seed)
    # A short poll interval makes shutdown (and so each test using the site) quick.
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, name="demo-site", daemon=True
    )
    thread.start()
    try:
        yield RunningSite(url=server.own_url, site=server.site, requests=server.requests)
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
