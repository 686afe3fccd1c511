"""atlas (أطلس 24): a modern UTF-8 site with JSON-LD NewsArticle metadata in UTC.

The extra outlets of a scaled site that reuse this template are drawn the same way.
"""

from __future__ import annotations

import json
import random
from datetime import UTC, datetime, timedelta

from pipelines.demo_site.corpus import DemoArticle
from pipelines.demo_site.templates.layout import (
    Notices,
    PageContext,
    comments,
    document,
    later_local,
    paragraphs_html,
    related_list,
    section_path,
    share_buttons,
    text,
)


def written_date(moment: datetime) -> str:
    return f'<time datetime="{moment.isoformat()}">{moment:%d/%m/%Y %H:%M}</time>'


def _utc(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _json_ld(article: DemoArticle, ctx: PageContext) -> str:
    rng = random.Random(f"{ctx.corpus.seed}:modified:{article.id}")
    modified = later_local(article.published_local, timedelta(minutes=rng.randint(5, 240)))
    document_ld = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "mainEntityOfPage": ctx.url(article.path),
        "headline": article.title,
        "datePublished": _utc(article.published_local),
        "dateModified": _utc(modified),
        "author": {"@type": "Person", "name": article.author},
        "publisher": {"@type": "Organization", "name": ctx.outlet(article.outlet).name},
        "articleSection": article.section,
        "inLanguage": "ar",
    }
    # "</" inside a <script> would end it early; JSON allows the escaped form.
    payload = json.dumps(document_ld, ensure_ascii=False, indent=1).replace("</", "<\\/")
    return f'<script type="application/ld+json">\n{payload}\n</script>\n'


def render_article(article: DemoArticle, ctx: PageContext) -> str:
    outlet = ctx.outlet(article.outlet)
    notices = Notices(before=(f"صورة تعبيرية من أرشيف {outlet.name}.",))
    url = ctx.url(article.path)
    head = (
        f'<link rel="canonical" href="{url}">\n'
        f'<meta property="og:title" content="{text(article.title)}">\n'
        '<meta property="og:type" content="article">\n'
        f'<meta property="og:url" content="{url}">\n'
        f'<meta property="og:site_name" content="{text(outlet.name)}">\n'
        f"{_json_ld(article, ctx)}"
    )
    section_url = ctx.url(section_path(outlet, article.section))
    main = (
        '<article class="post">\n'
        f'<h1 class="post-title">{text(article.title)}</h1>\n'
        f'<div class="byline">بقلم <span class="author-name">{text(article.author or "")}</span>'
        f" | {written_date(article.published_local)}"
        f' | <a class="post-section" href="{section_url}">{text(article.section)}</a></div>\n'
        f"{share_buttons(url)}"
        f'<div class="article-body">\n{paragraphs_html(article, notices)}</div>\n'
        "</article>\n"
        f"{related_list(article, ctx)}"
        f"{comments(article, ctx, written_date)}"
    )
    return document(outlet, ctx, title=f"{article.title} - {outlet.name}", main=main, head=head)
