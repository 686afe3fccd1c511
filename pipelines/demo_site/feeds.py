"""Machine-readable pages: robots.txt, sitemaps and RSS feeds.

Sitemap ``<lastmod>`` values are Casablanca local times with their offset (the daily
index uses the bare local day); RSS ``pubDate`` is RFC 822 with the local offset.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from email.utils import format_datetime
from xml.sax.saxutils import escape

from pipelines.demo_site.corpus import DemoArticle
from pipelines.demo_site.outlets import OutletSpec
from pipelines.demo_site.templates.layout import PageContext

RSS_ITEMS = 30
_XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n'
_SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"


def robots_txt(ctx: PageContext, crawl_delay: float | None = None) -> str:
    """One group for every user agent; ``Crawl-delay`` (seconds) only when asked for."""
    sitemaps = "".join(
        f"Sitemap: {ctx.url(o.base_path + 'sitemap.xml')}\n" for o in ctx.corpus.lineup
    )
    delay = "" if crawl_delay is None else f"Crawl-delay: {crawl_delay:g}\n"
    return f"User-agent: *\n{delay}Disallow: /o/*/admin/\nDisallow: /o/*/search\n\n" + sitemaps


def sitemap_path(outlet: OutletSpec, day: date) -> str:
    return f"{outlet.base_path}sitemap-{day.isoformat()}.xml"


def sitemap_index(outlet: OutletSpec, ctx: PageContext) -> str:
    """One child sitemap per local day of the history, ``<lastmod>`` = that day."""
    entries = "".join(
        f"<sitemap><loc>{escape(ctx.url(sitemap_path(outlet, day)))}</loc>"
        f"<lastmod>{day.isoformat()}</lastmod></sitemap>\n"
        for day in ctx.corpus.local_days
    )
    return f'{_XML_DECLARATION}<sitemapindex xmlns="{_SITEMAP_NS}">\n{entries}</sitemapindex>\n'


def daily_sitemap(
    outlet: OutletSpec,
    day: date,
    ctx: PageContext,
    listed: Callable[[DemoArticle], Sequence[str]] | None = None,
) -> str:
    """The outlet's articles of one Casablanca local day.

    Date-only (republished) pages get a date-only ``<lastmod>``: the site claims no
    more precision there than the page itself does. ``listed`` gives the paths listed for
    an article (fault mode adds aliases and extra URLs); by default its own path.
    """
    entries = "".join(
        f"<url><loc>{escape(ctx.url(path))}</loc><lastmod>{_lastmod(a)}</lastmod></url>\n"
        for a in ctx.corpus.by_outlet_day.get((outlet.key, day), ())
        for path in (listed(a) if listed else (a.path,))
    )
    return f'{_XML_DECLARATION}<urlset xmlns="{_SITEMAP_NS}">\n{entries}</urlset>\n'


def _lastmod(article: DemoArticle) -> str:
    if article.date_only:
        return article.local_day.isoformat()
    return article.published_local.isoformat()


def rss(outlet: OutletSpec, ctx: PageContext) -> str:
    """RSS 2.0 with the latest ``RSS_ITEMS`` articles, newest first."""
    latest = list(reversed(ctx.corpus.by_outlet[outlet.key][-RSS_ITEMS:]))
    items = "".join(
        "<item>"
        f"<title>{escape(a.title)}</title>"
        f"<link>{escape(ctx.url(a.path))}</link>"
        f'<guid isPermaLink="true">{escape(ctx.url(a.path))}</guid>'
        f"<pubDate>{format_datetime(a.published_local)}</pubDate>"
        f"<category>{escape(a.section)}</category>"
        f"<description>{escape(a.paragraphs[0])}</description>"
        "</item>\n"
        for a in latest
    )
    # The build date is the newest item's, never the wall clock: pages are pure functions.
    built = format_datetime(latest[0].published_local) if latest else ""
    return (
        f'{_XML_DECLARATION}<rss version="2.0">\n<channel>\n'
        f"<title>{escape(outlet.name)}</title>\n"
        f"<link>{escape(ctx.url(outlet.base_path))}</link>\n"
        f"<description>{escape(outlet.name)} - آخر الأخبار</description>\n"
        "<language>ar</language>\n"
        f"<lastBuildDate>{built}</lastBuildDate>\n"
        f"{items}</channel>\n</rss>\n"
    )
