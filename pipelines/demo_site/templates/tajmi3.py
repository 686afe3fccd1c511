"""tajmi3 (تجميع): an aggregator that republishes other outlets' articles, date only,
under a ticker of recent headlines in which some headlines repeat."""

from __future__ import annotations

import random
from datetime import datetime

from pipelines.demo_site.corpus import DemoArticle
from pipelines.demo_site.outlets import TAJMI3
from pipelines.demo_site.templates.layout import (
    PageContext,
    comments,
    document,
    paragraphs_html,
    related_list,
    section_path,
    share_buttons,
    text,
)

TICKER_HEADLINES = 32
TICKER_REPEATS = 8


def written_date(moment: datetime) -> str:
    """``17 - 02 - 2026``: the aggregator never shows a time of day."""
    return f"{moment:%d - %m - %Y}"


def ticker(ctx: PageContext, before: DemoArticle | None) -> str:
    """About 40 recent headlines, newest first, some shown twice as on the real page.

    ``before`` is the article the page shows (its own headline is left out); for home and
    section pages it is None and the ticker shows the latest headlines of the whole history.
    """
    copies = ctx.corpus.by_outlet[TAJMI3.key]
    end = ctx.corpus.position[before.id] if before else len(copies)
    recent = list(reversed(copies[max(0, end - TICKER_HEADLINES) : end]))
    # The earliest pages have little history; borrow the next headlines instead.
    shortfall = TICKER_HEADLINES - len(recent)
    recent += copies[end + 1 : end + 1 + shortfall]
    rng = random.Random(f"{ctx.corpus.seed}:ticker:{before.id if before else 0}")
    headlines = list(recent)
    for repeated in rng.sample(recent, min(TICKER_REPEATS, len(recent))):
        headlines.insert(rng.randint(0, len(headlines)), repeated)
    items = " ".join(
        f'<a class="ticker-item" href="{ctx.url(a.path)}">{text(a.title)}</a>' for a in headlines
    )
    return f'<div class="ticker"><span class="ticker-label">آخر الأخبار</span> {items}</div>\n'


def render_article(article: DemoArticle, ctx: PageContext) -> str:
    if article.original_outlet is None or article.original_path is None:
        raise ValueError(f"tajmi3 article {article.id} has no original")
    url = ctx.url(article.path)
    original_name = ctx.outlet(article.original_outlet).name
    head = f'<meta property="og:title" content="{text(article.title)}">\n'
    main = (
        f'<div class="breadcrumb"><a href="{ctx.url(TAJMI3.base_path)}">الرئيسية</a> » '
        f'<a href="{ctx.url(section_path(TAJMI3, article.section))}">{text(article.section)}</a>'
        "</div>\n"
        '<div class="news-single">\n'
        f"<h1>{text(article.title)}</h1>\n"
        f'<div class="source-line">نشر في {text(original_name)} يوم '
        f"{written_date(article.published_local)}</div>\n"
        f'<div class="post-content">\n{paragraphs_html(article)}</div>\n'
        f'<a class="source-link" href="{ctx.url(article.original_path)}">'
        "انقر هنا لقراءة الخبر من مصدره</a>\n"
        f"{share_buttons(url)}"
        "</div>\n"
        f"{related_list(article, ctx)}"
        f"{comments(article, ctx, written_date)}"
    )
    return document(
        TAJMI3,
        ctx,
        title=f"{article.title} - {TAJMI3.name}",
        main=main,
        head=head,
        banner=ticker(ctx, article),
    )
