"""rabat (صدى الرباط): an old windows-1256 site that writes dates in Moroccan Arabic.

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

WEEKDAYS = ("الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت", "الأحد")
# Morocco's own month names (from the French), not the Mashriq ones.
MONTHS = (
    "يناير", "فبراير", "مارس", "أبريل", "ماي", "يونيو", "يوليوز", "غشت", "شتنبر", "أكتوبر",
    "نونبر", "دجنبر",
)  # fmt: skip


def written_date(moment: datetime) -> str:
    """``الأحد 1 فبراير 2026 - 00:30``: local wall-clock time, no zone."""
    weekday = WEEKDAYS[moment.weekday()]
    return f"{weekday} {moment.day} {MONTHS[moment.month - 1]} {moment.year} - {moment:%H:%M}"


def render_article(article: DemoArticle, ctx: PageContext) -> str:
    outlet = ctx.outlet(article.outlet)
    notices = Notices(
        after=(
            "المقالات المنشورة في هذا الركن تعبر عن آراء أصحابها، "
            f"ولا تعبر بالضرورة عن رأي {outlet.name}.",
        )
    )
    url = ctx.url(article.path)
    head = f'<meta property="og:title" content="{text(article.title)}">\n'
    main = (
        f'<div class="breadcrumb"><a href="{ctx.url(outlet.base_path)}">الرئيسية</a> » '
        f'<a href="{ctx.url(section_path(outlet, article.section))}">{text(article.section)}</a>'
        "</div>\n"
        '<div class="news-item">\n'
        f'<h1 class="news-title">{text(article.title)}</h1>\n'
        f'<div class="news-meta"><span class="news-date">{written_date(article.published_local)}'
        f'</span> <span class="news-author">بقلم: {text(article.author or "")}</span></div>\n'
        f'<div class="article-text">\n{paragraphs_html(article, notices)}</div>\n'
        f"{share_buttons(url)}"
        "</div>\n"
        f"{related_list(article, ctx)}"
        f"{comments(article, ctx, written_date)}"
    )
    return document(outlet, ctx, title=f"{article.title} | {outlet.name}", main=main, head=head)
