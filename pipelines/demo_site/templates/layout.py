"""Page chrome shared by every outlet: the noise a naive extractor would keep.

Navigation, share buttons, related articles, reader comments (with their own, later
dates) and the footer surround every article body; listings are plain lists of links.
"""

from __future__ import annotations

import random
from bisect import bisect_left
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from html import escape
from urllib.parse import quote

from pipelines.demo_site.banks import COMMENTER_NAMES, READER_COMMENTS
from pipelines.demo_site.corpus import Corpus, DemoArticle
from pipelines.demo_site.outlets import OutletSpec
from pipelines.news.models import CASABLANCA

# How an outlet writes a moment on its pages (HTML, already escaped).
DateWriter = Callable[[datetime], str]

LISTING_PAGE_SIZE = 20


@dataclass(frozen=True)
class PageContext:
    """What a page needs besides its own article: where the site lives and the rest of it."""

    site_url: str  # absolute, ends with "/"
    corpus: Corpus

    def url(self, path: str) -> str:
        return self.site_url + path

    def outlet(self, key: str) -> OutletSpec:
        """The spec of one of the site's outlets."""
        return self.corpus.lineup.outlets[key]


def text(value: str) -> str:
    """Escape text for an HTML element or attribute."""
    return escape(value, quote=True)


def section_path(outlet: OutletSpec, label: str) -> str:
    return f"{outlet.base_path}section/{quote(label, safe='')}"


def later_local(moment: datetime, delta: timedelta) -> datetime:
    """``moment + delta`` in Casablanca time; the sum is done in UTC so a clock change
    in between shifts the wall clock as it should."""
    return (moment.astimezone(UTC) + delta).astimezone(CASABLANCA)


def document(
    outlet: OutletSpec,
    ctx: PageContext,
    *,
    title: str,
    main: str,
    head: str = "",
    banner: str = "",
) -> str:
    """A whole page: head, header with navigation, ``banner`` (tajmi3's ticker), main, footer."""
    charset = (
        f'<meta http-equiv="Content-Type" content="text/html; charset={outlet.charset}">'
        if outlet.charset != "utf-8"
        else '<meta charset="utf-8">'
    )
    return (
        '<!DOCTYPE html>\n<html lang="ar" dir="rtl">\n<head>\n'
        f"{charset}\n<title>{text(title)}</title>\n"
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"{head}</head>\n<body>\n{_header(outlet, ctx)}{banner}"
        f"<main>\n{main}</main>\n{_footer(outlet, ctx)}</body>\n</html>\n"
    )


def _header(outlet: OutletSpec, ctx: PageContext) -> str:
    links = "".join(
        f'<li><a href="{ctx.url(section_path(outlet, label))}">{text(label)}</a></li>'
        for label, _ in outlet.sections
    )
    return (
        f'<header class="site-header">\n<a class="logo" href="{ctx.url(outlet.base_path)}">'
        f"{text(outlet.name)}</a>\n"
        f'<nav class="main-menu"><ul><li><a href="{ctx.url(outlet.base_path)}">الرئيسية</a></li>'
        f"{links}</ul></nav>\n"
        f'<form class="search" action="{ctx.url(outlet.base_path + "search")}" method="get">'
        '<input type="text" name="q" placeholder="بحث"><button>بحث</button></form>\n'
        "</header>\n"
    )


def _footer(outlet: OutletSpec, ctx: PageContext) -> str:
    return (
        '<footer class="site-footer">\n<ul class="footer-links">'
        f'<li><a href="{ctx.url(outlet.base_path)}">الرئيسية</a></li>'
        f'<li><a href="{ctx.url(outlet.base_path + "admin/")}">دخول المحررين</a></li></ul>\n'
        '<div class="social">تابعونا على فيسبوك وتويتر وإنستغرام</div>\n'
        f'<p class="copyright">© 2024 {text(outlet.name)} - جميع الحقوق محفوظة</p>\n'
        "</footer>\n"
    )


def share_buttons(url: str) -> str:
    target = quote(url, safe="")
    return (
        '<div class="share-buttons"><span>شارك:</span> '
        f'<a class="share-facebook" href="https://www.facebook.com/sharer/sharer.php?u={target}">'
        "فيسبوك</a> "
        f'<a class="share-twitter" href="https://twitter.com/intent/tweet?url={target}">تويتر</a> '
        f'<a class="share-whatsapp" href="https://wa.me/?text={target}">واتساب</a></div>\n'
    )


@dataclass(frozen=True)
class Notices:
    """An outlet's fixed notices inside its article container, on every article page, as
    real outlets have them: blocks before or after the text, or a sentence added to its last
    paragraph. They are not the article (the truth's body leaves them out); the extractor
    learns them from their recurrence across the outlet's pages."""

    before: tuple[str, ...] = ()
    after: tuple[str, ...] = ()
    last_sentence: str | None = None


NO_NOTICES = Notices()


def paragraphs_html(article: DemoArticle, notices: Notices = NO_NOTICES) -> str:
    paragraphs = list(article.paragraphs)
    if notices.last_sentence and paragraphs:
        paragraphs[-1] = f"{paragraphs[-1]} {notices.last_sentence}"
    credit = [article.credit] if article.credit else []
    blocks = [*notices.before, *paragraphs, *credit, *notices.after]
    return "".join(f"<p>{text(p)}</p>\n" for p in blocks)


def related(article: DemoArticle, ctx: PageContext, count: int = 4) -> list[DemoArticle]:
    """The same outlet's nearest earlier articles on the topic (later ones if too few)."""
    group = ctx.corpus.by_outlet_topic[(article.outlet, article.topic)]
    index = bisect_left(group, article.id, key=lambda a: a.id)
    earlier = list(reversed(group[max(0, index - count) : index]))
    later = list(group[index + 1 : index + 1 + count - len(earlier)])
    return earlier + later


def related_list(article: DemoArticle, ctx: PageContext) -> str:
    items = "".join(
        f'<li><a href="{ctx.url(other.path)}">{text(other.title)}</a></li>'
        for other in related(article, ctx)
    )
    return (
        f'<aside class="related-articles">\n<h3>مقالات ذات صلة</h3>\n<ul>{items}</ul>\n</aside>\n'
    )


def comments(article: DemoArticle, ctx: PageContext, written_date: DateWriter) -> str:
    """0-3 reader comments, each dated after the article and written the outlet's way."""
    # A string seed is hashed with SHA-512 by ``random``, so this is stable across runs.
    rng = random.Random(f"{ctx.corpus.seed}:comments:{article.id}")
    count = rng.randint(0, 3)
    moments = sorted(
        later_local(article.published_local, timedelta(minutes=rng.randint(20, 3 * 24 * 60)))
        for _ in range(count)
    )
    items = "".join(
        '<li class="comment">'
        f'<span class="comment-author">{text(rng.choice(COMMENTER_NAMES))}</span> '
        f'<span class="comment-date">{written_date(moment)}</span>'
        f'<p class="comment-text">{text(rng.choice(READER_COMMENTS))}</p></li>\n'
        for moment in moments
    )
    return (
        f'<section class="comments">\n<h3>تعليقات الزوار ({count})</h3>\n'
        f'<ol class="comment-list">\n{items}</ol>\n</section>\n'
    )


def listing(
    outlet: OutletSpec,
    ctx: PageContext,
    *,
    heading: str,
    articles: Sequence[DemoArticle],
    written_date: DateWriter,
    banner: str = "",
    pagination: str = "",
) -> str:
    """A home or section page: a heading and a list of links, nothing article-like."""
    items = "".join(
        f'<li><a href="{ctx.url(a.path)}">{text(a.title)}</a> '
        f'<span class="list-date">{written_date(a.published_local)}</span></li>\n'
        for a in articles
    )
    main = (
        f'<section class="listing">\n<h1 class="listing-title">{text(heading)}</h1>\n'
        f'<ul class="article-list">\n{items}</ul>\n{pagination}</section>\n'
    )
    head = (
        f'<meta property="og:type" content="website">\n'
        f'<meta property="og:site_name" content="{text(outlet.name)}">\n'
    )
    return document(
        outlet, ctx, title=f"{heading} - {outlet.name}", main=main, head=head, banner=banner
    )


def pagination(ctx: PageContext, path: str, page: int, pages: int) -> str:
    links = []
    if page > 1:
        links.append(f'<a rel="prev" href="{ctx.url(path)}?page={page - 1}">السابق</a>')
    links.append(f'<span class="current">صفحة {page} من {pages}</span>')
    if page < pages:
        links.append(f'<a rel="next" href="{ctx.url(path)}?page={page + 1}">التالي</a>')
    return f'<nav class="pagination">{" ".join(links)}</nav>\n'
