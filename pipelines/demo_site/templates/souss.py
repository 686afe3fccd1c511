"""souss (سوس بريس): a WordPress-like theme with ``?p=<id>`` article URLs.

The extra outlets of a scaled site that reuse this template are drawn the same way.
"""

from __future__ import annotations

from datetime import datetime

from pipelines.demo_site.corpus import DemoArticle
from pipelines.demo_site.templates.layout import (
    Notices,
    PageContext,
    comments,
    document,
    paragraphs_html,
    related_list,
    section_path,
    share_buttons,
    text,
)


def written_date(moment: datetime) -> str:
    """``17 - 02 - 2026 - 10:30``: local wall-clock time, no zone."""
    return f"{moment:%d - %m - %Y - %H:%M}"


def render_article(article: DemoArticle, ctx: PageContext) -> str:
    outlet = ctx.outlet(article.outlet)
    notices = Notices(last_sentence=f"تابعوا آخر أخبار {outlet.name} على تطبيقنا للهواتف الذكية.")
    url = ctx.url(article.path)
    feed = ctx.url(f"{outlet.base_path}{outlet.feed}")
    head = (
        f'<link rel="canonical" href="{url}">\n'
        f'<meta property="og:title" content="{text(article.title)}">\n'
        '<meta property="og:type" content="article">\n'
        f'<link rel="alternate" type="application/rss+xml" href="{feed}">\n'
    )
    section_url = ctx.url(section_path(outlet, article.section))
    main = (
        f'<article id="post-{article.id}" class="post type-post status-publish">\n'
        '<header class="entry-header">\n'
        f'<h1 class="entry-title">{text(article.title)}</h1>\n'
        '<div class="entry-meta">'
        f'<span class="posted-on"><span class="entry-date">'
        f"{written_date(article.published_local)}</span></span> "
        f'<span class="byline"><span class="author vcard"><span class="fn">'
        f"{text(article.author or '')}</span></span></span> "
        f'<span class="cat-links"><a href="{section_url}" rel="category tag">'
        f"{text(article.section)}</a></span></div>\n"
        "</header>\n"
        f'<div class="entry-content">\n{paragraphs_html(article, notices)}</div>\n'
        f'<footer class="entry-footer">{share_buttons(url)}</footer>\n'
        "</article>\n"
        f"{related_list(article, ctx)}"
        f"{comments(article, ctx, written_date)}"
    )
    return document(outlet, ctx, title=f"{article.title} – {outlet.name}", main=main, head=head)
