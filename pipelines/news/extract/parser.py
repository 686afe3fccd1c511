"""Generic news-page extractor: bytes in, ``ParsedPage`` out, never an exception.

One selectolax (lexbor) parse per page, read-only. Each field is a chain of signals, most
reliable first: structured data (JSON-LD, meta tags), then markup conventions (``<time>``,
bylines, breadcrumbs), then visible text near the title. Nothing here is keyed on a
particular outlet: an unknown site gets the same rules.

This module wires the fields together; each field's chain lives in its own module
(``titles``, ``publication_times``, ``bylines``, ``sections``, ``tickers``,
``article_verdict``).
"""

from __future__ import annotations

from datetime import datetime
from urllib.parse import urlsplit

from selectolax.lexbor import LexborHTMLParser

from pipelines.news.extract.body import body_paragraphs, clean_text, find_content_container
from pipelines.news.extract.boilerplate import Ancestry
from pipelines.news.extract.bylines import find_byline
from pipelines.news.extract.decoding import decode_html
from pipelines.news.extract.language import detect_language
from pipelines.news.extract.layout_hints import NO_HINTS, read_hints
from pipelines.news.extract.page_metadata import read_metadata
from pipelines.news.extract.publication_times import find_publication_times
from pipelines.news.extract.republication import (
    CreditLines,
    SourceCredit,
    credited_outlet,
    dispatch_agency,
    find_republication,
    find_source_credit,
    original_outlet,
)
from pipelines.news.extract.sections import find_section
from pipelines.news.extract.site_names import find_site_names
from pipelines.news.extract.tickers import ticker_headlines
from pipelines.news.extract.titles import find_title, find_title_heading, title_scopes
from pipelines.news.extract.verdict import not_article_reason
from pipelines.news.models import ParsedPage
from pipelines.news.sources import Outlet, Registry

# Bounded time on pathological input: nobody publishes a 4 MB article.
_MAX_HTML_CHARS = 4_000_000


def parse_page(
    raw: bytes,
    url: str,
    registry: Registry,
    *,
    content_type: str | None = None,
    fetched_at: datetime | None = None,
) -> ParsedPage:
    """Extract an article from a fetched page.

    ``fetched_at`` (timezone-aware) anchors relative dates such as "منذ 3 ساعات".
    Published times are reported in UTC with their Africa/Casablanca local day.
    """
    known = registry.outlet_for_url(url)
    outlet = known.key if known is not None else _host_key(url, registry)
    try:
        return _parse(raw, url, registry, known, outlet, content_type, fetched_at)
    except Exception as error:  # a page must never stop a run; say why it failed instead
        return ParsedPage(
            url=url, is_article=False, outlet=outlet, reason=f"unparseable page: {error!r}"[:200]
        )


def _host_key(url: str, registry: Registry) -> str | None:
    """An outlet registered under another base URL but named by its host, else the host."""
    host = urlsplit(url).hostname
    if not host:
        return None
    return registry.resolve_name(host) or host.removeprefix("www.")


def _parse(
    raw: bytes,
    url: str,
    registry: Registry,
    known: Outlet | None,
    outlet: str | None,
    content_type: str | None,
    fetched_at: datetime | None,
) -> ParsedPage:
    if not raw.strip():
        return ParsedPage(url=url, is_article=False, outlet=outlet, reason="empty page")
    decoded = decode_html(raw, content_type)
    text = decoded.text[:_MAX_HTML_CHARS]
    if "<" not in text[:2000]:
        return ParsedPage(
            url=url,
            is_article=False,
            outlet=outlet,
            reason="not html",
            charset=decoded.charset,
            charset_rule=decoded.rule,
        )
    tree = LexborHTMLParser(text)
    ancestry = Ancestry()
    metadata = read_metadata(tree)
    site_names = find_site_names(metadata, registry, outlet, url)
    hinted = read_hints(tree, known.hints) if known is not None else NO_HINTS

    heading = find_title_heading(tree, ancestry)
    title = hinted.title or find_title(metadata, tree, heading, site_names)
    page_text = clean_text(tree.body.text(separator=" ")) if tree.body is not None else ""
    republication = find_republication(tree, page_text, url)
    container = hinted.body or find_content_container(tree, ancestry)
    times = find_publication_times(
        metadata, tree, ancestry, heading, container, republication, fetched_at
    )
    published = hinted.published or times.published
    credit_lines = CreditLines()  # drops credit lines from the body, keeping the credits
    paragraphs = (
        body_paragraphs(container, ancestry, credit_lines, title) if container is not None else []
    )
    byline = find_byline(metadata, tree, ancestry, heading, site_names, hinted.author)
    if republication is None:
        # No aggregator line: a credit line, an agency's dispatch mark or an agency byline.
        scopes = title_scopes(heading)
        credit = find_source_credit(credit_lines.credits, container, scopes, ancestry, url)
        agency = dispatch_agency(paragraphs) or byline.agency
        if credit is None and agency is not None:
            credit = SourceCredit(agency, agency=True)
        original = credited_outlet(credit, registry, outlet, site_names) if credit else None
        source_url = credit.source_url if credit is not None and original else None
    else:
        original = original_outlet(republication, registry)
        source_url = republication.source_url
    body = "\n\n".join(paragraphs) or None
    html_node = tree.css_first("html")
    html_lang = html_node.attributes.get("lang") if html_node is not None else None
    language = detect_language(f"{title or ''}\n{body or page_text[:3000]}", html_lang)

    reason = not_article_reason(title, published, metadata, paragraphs, tree, ancestry)
    return ParsedPage(
        url=url,
        is_article=reason is None,
        outlet=outlet,
        original_outlet=original,
        original_url=source_url,
        title=title,
        published=published,
        author=byline.author,
        section=hinted.section or find_section(metadata, tree, ancestry, title),
        language=language,
        body=body,
        ticker=ticker_headlines(tree),
        reason=reason,
        charset=decoded.charset,
        charset_rule=decoded.rule,
        modified_at=times.modified,
    )
