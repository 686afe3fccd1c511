"""Routing of the demo site: which page answers a path.

``DemoSite.render`` is a pure function of (seed, scale, redesign drill, site URL, path, query,
fault plan);
the HTTP layer (``server``) picks the site URL from the request's Host header and acts out
the transient faults.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator, Sequence
from datetime import date
from math import ceil
from urllib.parse import parse_qs, unquote

from pipelines.demo_site.corpus import Corpus, DemoArticle
from pipelines.demo_site.fault_pages import (
    failure,
    gzip_bomb,
    outage,
    oversized,
    recharset,
    redirect,
)
from pipelines.demo_site.faults import BROKEN_OUTLET, FaultKind, FaultPlan, request_key
from pipelines.demo_site.feeds import daily_sitemap, robots_txt, rss, sitemap_index
from pipelines.demo_site.generator import Scale, build_scaled_corpus
from pipelines.demo_site.outlets import OutletSpec
from pipelines.demo_site.responses import UTF8_HTML, Response
from pipelines.demo_site.templates import REDESIGN, TEMPLATES
from pipelines.demo_site.templates.layout import (
    LISTING_PAGE_SIZE,
    PageContext,
    listing,
    pagination,
    related,
    section_path,
    text,
)
from pipelines.demo_site.templates.redesign import Redesign
from pipelines.demo_site.truth import truth_jsonl, truth_pieces
from pipelines.news.sources import DEFAULT_SITE_URL

HOME_PAGE_SIZE = 20
TAG_PAGE_SIZE = 10

_XML = "application/xml; charset=utf-8"
_JSONL = "application/x-ndjson; charset=utf-8"
_DAILY_SITEMAP = re.compile(r"sitemap-(\d{4}-\d{2}-\d{2})\.xml")


class DemoSite:
    """All pages of the demo site for one seed; the corpus is built on first use.

    Without ``scale``, the bundled site; with it, a site of that many outlets and days
    (both drawn by ``generator.build_scaled_corpus``). With ``redesign`` (checked by
    ``templates.redesign.redesign``), that outlet's articles from that day on are drawn with
    the drill's template.
    """

    def __init__(
        self,
        seed: int = 7,
        site_url: str = DEFAULT_SITE_URL,
        crawl_delay: float | None = None,
        scale: Scale | None = None,
        redesign: Redesign | None = None,
    ) -> None:
        self.seed = seed
        self.site_url = site_url if site_url.endswith("/") else site_url + "/"
        self.crawl_delay = crawl_delay  # seconds, announced in robots.txt when set
        self.scale = scale
        self.redesign = redesign
        self._corpus: Corpus | None = None
        self._lock = threading.Lock()

    @property
    def corpus(self) -> Corpus:
        with self._lock:
            if self._corpus is None:
                self._corpus = build_scaled_corpus(self.seed, self.scale)
            return self._corpus

    def streamed_truth(self, site_url: str | None = None) -> tuple[dict[str, str], Iterator[bytes]]:
        """``_truth.jsonl`` as (headers, body in pieces), for a scaled site's HTTP layer:
        the same bytes as ``render("_truth.jsonl", "")`` without holding them all at once."""
        root = site_url or self.site_url
        pieces = truth_pieces(self.corpus.articles, root)
        return {"Content-Type": _JSONL}, (piece.encode() for piece in pieces)

    def render(
        self,
        path: str,
        query: str,
        site_url: str | None = None,
        faults: FaultPlan | None = None,
    ) -> Response:
        """(status, headers, body) for a request path (leading "/" optional) and raw query.

        With a fault plan, its permanent faults are served, its extra URLs listed in the
        daily sitemaps and its truth at ``_faults.jsonl``; the transient faults, which
        depend on how often a URL was asked for, are the HTTP layer's.
        """
        root = site_url or self.site_url
        ctx = PageContext(site_url=root if root.endswith("/") else root + "/", corpus=self.corpus)
        if faults is not None:
            key = request_key(f"{path}?{query}")
            faulted = _fault_page(faults, ctx, key, self.redesign)
            if faulted is not None:
                return faulted
        relative = unquote(path).lstrip("/")
        if faults is not None and faults.faults and relative.startswith(f"o/{BROKEN_OUTLET}/"):
            return outage()
        params = parse_qs(query)
        if relative == "":
            return _html(_site_index(ctx))
        if relative == "robots.txt":
            robots = robots_txt(ctx, self.crawl_delay)
            return 200, {"Content-Type": "text/plain; charset=utf-8"}, robots.encode()
        if relative == "_truth.jsonl":
            return _jsonl(truth_jsonl(ctx.corpus, ctx.site_url))
        parts = relative.split("/")
        outlets = ctx.corpus.lineup.outlets
        if len(parts) < 3 or parts[0] != "o" or parts[1] not in outlets:
            return _not_found()
        outlet = outlets[parts[1]]
        return self._outlet_page(outlet, ctx, relative, parts[2:], params, faults)

    def _outlet_page(
        self,
        outlet: OutletSpec,
        ctx: PageContext,
        relative: str,
        rest: list[str],
        params: dict[str, list[str]],
        faults: FaultPlan | None,
    ) -> Response:
        if rest == [""]:
            if outlet.template == "souss" and "p" in params:
                # WordPress-style article URL: o/souss/?p=<id>
                relative = f"{outlet.base_path}?p={params['p'][0]}"
            else:
                return _outlet_html(outlet, _home(outlet, ctx))
        if rest == ["sitemap.xml"]:
            return _xml(sitemap_index(outlet, ctx))
        if len(rest) == 1 and (match := _DAILY_SITEMAP.fullmatch(rest[0])):
            day = _day(match.group(1))
            if day is None or day not in ctx.corpus.local_days:
                return _not_found()
            listed = faults.listed if faults is not None else None
            return _xml(daily_sitemap(outlet, day, ctx, listed))
        if outlet.feed is not None and rest == [outlet.feed]:
            return _xml(rss(outlet, ctx))
        if len(rest) == 2 and rest[0] == "section":
            return self._section(outlet, ctx, rest[1], params)
        if rest == ["search"]:
            # Disallowed by robots.txt; served so politeness tests can see who comes.
            return _outlet_html(outlet, _listing(outlet, ctx, "نتائج البحث", []))
        if rest[0] == "admin":
            return 403, {"Content-Type": UTF8_HTML}, b"<h1>403 Forbidden</h1>\n"
        article = ctx.corpus.by_path.get(relative)
        if article is None or article.outlet != outlet.key:
            return _not_found()
        return _article_page(article, ctx, self.redesign)

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


def _fault_page(
    plan: FaultPlan, ctx: PageContext, key: str, redesign: Redesign | None
) -> Response | None:
    """What the plan serves at request ``key`` instead of the normal page, if anything."""
    if key == "_faults.jsonl":
        return _jsonl(plan.jsonl(ctx.site_url))
    fault = plan.fault_at(key)
    if fault is None:
        return None
    article = ctx.corpus.by_path[fault.article_path]
    outlet = ctx.outlet(article.outlet)
    kind = fault.kind
    if kind is FaultKind.REDIRECT_LOOP:
        target = fault.loop_path if key == fault.article_path else fault.article_path
        return redirect(302, ctx.url(target))
    if kind is FaultKind.REDIRECT_OK:
        return redirect(301, ctx.url(fault.article_path))
    if kind is FaultKind.NON_ARTICLE:
        tagged = related(article, ctx, TAG_PAGE_SIZE)
        return _outlet_html(outlet, _listing(outlet, ctx, f"وسم: {article.section}", tagged))
    if kind is FaultKind.TRACKING_DUPLICATE:
        # Query and fragment variants reach the article anyway; the trailing slash does not.
        return _article_page(article, ctx, redesign)
    if kind is FaultKind.PERSISTENT_500:
        return failure(fault)
    if kind in (FaultKind.WRONG_CHARSET, FaultKind.MISSING_CHARSET):
        return recharset(_article_page(article, ctx, redesign), outlet.charset, kind)
    if kind is FaultKind.OVERSIZED:
        return oversized(_article_page(article, ctx, redesign))
    if kind is FaultKind.GZIP_BOMB:
        return gzip_bomb()
    # Transient kinds are acted out by the HTTP layer; robots_disallowed is the admin 403.
    return None


def _article_page(article: DemoArticle, ctx: PageContext, redesign: Redesign | None) -> Response:
    outlet = ctx.outlet(article.outlet)
    redrawn = redesign is not None and redesign.applies_to(article)
    template = REDESIGN if redrawn else TEMPLATES[outlet.template]
    return _outlet_html(outlet, template.render_article(article, ctx))


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
    template = TEMPLATES[outlet.template]
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
    """The site root: links to every outlet (not part of any outlet)."""
    items = "".join(
        f'<li><a href="{ctx.url(o.base_path)}">{text(o.name)}</a></li>' for o in ctx.corpus.lineup
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
    return 200, {"Content-Type": UTF8_HTML}, page.encode()


def _outlet_html(outlet: OutletSpec, page: str) -> Response:
    """Encode in the outlet's charset; a non-UTF-8 outlet declares it only inside the page."""
    content_type = UTF8_HTML if outlet.charset == "utf-8" else "text/html"
    return 200, {"Content-Type": content_type}, page.encode(outlet.charset)


def _xml(document: str) -> Response:
    return 200, {"Content-Type": _XML}, document.encode()


def _jsonl(lines: str) -> Response:
    return 200, {"Content-Type": _JSONL}, lines.encode()


def _not_found() -> Response:
    page = (
        '<!DOCTYPE html>\n<html lang="ar" dir="rtl"><body><h1>404</h1>'
        "<p>الصفحة غير موجودة</p></body></html>\n"
    )
    return 404, {"Content-Type": UTF8_HTML}, page.encode()
