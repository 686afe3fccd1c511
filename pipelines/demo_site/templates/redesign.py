"""The template-change drill: one outlet's article pages redrawn from a local day on
(``akhbar demo-site --break OUTLET --from DAY``).

News sites change their markup without notice. From ``Redesign.first_day`` on (an
Africa/Casablanca day, as the articles have), the broken outlet's article pages are drawn
with this template instead of their own; earlier pages, other outlets, listings, sitemaps,
feeds and the truth stay as they were: the articles are the same, only the markup changed.

What changes:

* no JSON-LD and no ``article:*`` meta: only ``og:title`` and the canonical link are kept;
* the article sits in ``div#story-wrap.story-v2`` (no ``<article>``), the headline is an
  ``h2.story-headline`` (the page has no ``<h1>``), the section a link in
  ``div.story-kicker`` above it, the byline and date items of a ``ul.story-facts``, the text
  in ``div#story-text.rich-text`` with a rights notice after it;
* dates are written ``21.03.2026 على الساعة 14h05`` (dots, "at the hour", a French-style
  ``14h05``; Casablanca wall-clock time, no zone), comments' dates too.

Why that date format: a hint's element is read with the general date parser
(``pipelines.news.dates.parse_date_text``), so the format must be one it reads once pointed
at the right element. ``2026/03/21 على 14h05`` is not: "على" without "الساعة" leaves the
time unread and only the day comes out. What the generic extractor misses is *where* the
date is: no structured data, no "نشر في" label, and the date sits in an ``<em>`` inside a
list item whose classes name no date, where its visible-date search does not look. With
the site's own registry a redrawn page so loses its date, author and section (the title
still comes from ``og:title``) and, dateless, is not taken for an article at all;
``redesign_hints`` points the registry at each field and every field comes back.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from pipelines.demo_site.corpus import DemoArticle
from pipelines.demo_site.generator import Scale
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


@dataclass(frozen=True)
class Redesign:
    """Which pages the drill redraws: ``outlet``'s articles of local ``first_day`` and later."""

    outlet: str
    first_day: date  # Africa/Casablanca

    def applies_to(self, article: DemoArticle) -> bool:
        return article.outlet == self.outlet and article.local_day >= self.first_day


def redesign(outlet: str | None, first_day: date | None, scale: Scale | None) -> Redesign | None:
    """The drill asked for (None when neither is given), checked against the site's shape
    (``scale``; None is the bundled site). Raises ``ValueError`` with a one-line reason.

    Only an original outlet can be redesigned: the aggregator's republication line (its
    source and date) has no hint field, so no registry could read a redesign of it."""
    if outlet is None and first_day is None:
        return None
    if outlet is None or first_day is None:
        raise ValueError("a redesign needs both the outlet and its first day")
    shape = scale or Scale()
    originals = shape.lineup.original_keys
    if outlet not in originals:
        what = "is the aggregator" if outlet == shape.lineup.aggregator.key else "is not an outlet"
        raise ValueError(
            f"{outlet!r} {what} of this site; an original outlet can be redesigned: "
            f"{', '.join(originals)}"
        )
    if not shape.start <= first_day <= shape.last_day:
        raise ValueError(
            f"{first_day} is not a day of this site ({shape.start} to {shape.last_day})"
        )
    return Redesign(outlet, first_day)


def written_date(moment: datetime) -> str:
    """``21.03.2026 على الساعة 14h05``: local wall-clock time, no zone."""
    return f"{moment:%d.%m.%Y} على الساعة {moment:%H}h{moment:%M}"


def redesign_hints() -> dict[str, str]:
    """The registry ``hints:`` (field -> CSS selector, fields as ``HINT_FIELDS``) that read
    this template's pages."""
    return {
        "title": "h2.story-headline",
        "body": "#story-text",
        "published": "ul.story-facts li.when em",
        "author": "ul.story-facts li.by strong",
        "section": "div.story-kicker a",
    }


def render_article(article: DemoArticle, ctx: PageContext) -> str:
    outlet = ctx.outlet(article.outlet)
    notices = Notices(after=(f"جميع الحقوق محفوظة لـ {outlet.name}، ويمنع النقل دون ذكر المصدر.",))
    url = ctx.url(article.path)
    head = (
        f'<link rel="canonical" href="{url}">\n'
        f'<meta property="og:title" content="{text(article.title)}">\n'
    )
    by = (
        f'<li class="by">إعداد: <strong>{text(article.author)}</strong></li>'
        if article.author
        else ""
    )
    main = (
        '<div id="story-wrap" class="story-v2">\n'
        f'<div class="story-kicker"><a href="{ctx.url(section_path(outlet, article.section))}">'
        f"{text(article.section)}</a></div>\n"
        f'<h2 class="story-headline">{text(article.title)}</h2>\n'
        f'<ul class="story-facts">{by}'
        f'<li class="when"><em>{written_date(article.published_local)}</em></li></ul>\n'
        f"{share_buttons(url)}"
        f'<div id="story-text" class="rich-text">\n{paragraphs_html(article, notices)}</div>\n'
        "</div>\n"
        f"{related_list(article, ctx)}"
        f"{comments(article, ctx, written_date)}"
    )
    return document(outlet, ctx, title=f"{article.title} — {outlet.name}", main=main, head=head)
